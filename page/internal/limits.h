// Caps and thresholds of the page model: hostile or degenerate pages stay cheap.
#pragma once

#include <cstddef>

namespace govaudit::internal {

constexpr int kMaxSpan = 100;                  // colspan / rowspan
constexpr size_t kMaxTableCells = 200000;      // per table, after span expansion
constexpr size_t kMaxTableColumns = 1000;
constexpr size_t kMaxCellBytes = 8192;         // layout cells can hold a whole page
constexpr size_t kMaxAnchorBytes = 2048;
// PageLink::context: a list row with its item's whole metadata (nx.gov.cn shows 索引号 …
// 发文字号 … 有效性 under each title) fits.
constexpr size_t kMaxLinkContextBytes = 640;
// A block of <div>s longer than this is no list row.
constexpr size_t kMaxDivRowBytes = 300;
constexpr size_t kMaxScriptWritten = 64 * 1024;
constexpr size_t kMaxInlineScriptBytes = 256 * 1024;  // Page::inline_scripts, in all
constexpr size_t kMaxInlineScriptEach = 64 * 1024;    // of one inline script
// A heading or bold line becomes a table's caption only if at most this much text lies
// between them, and only if it is short.
constexpr size_t kCaptionMaxDistance = 300;
constexpr size_t kCaptionMaxCodePoints = 80;
constexpr size_t kCaptionMaxBytes = 400;
// Elements this short are tested for being a bare label ("文号", "发布日期").
constexpr size_t kBareLabelMaxBytes = 64;
// Rows searched for the header.
constexpr int kHeaderSearchRows = 5;
constexpr size_t kMaxH1 = 8;
constexpr size_t kMaxResources = 2000;  // images, stylesheets, scripts of one page
// A listed document's title is at least this long (5 CJK characters); shorter links are menus.
constexpr size_t kMinListedTitleBytes = 15;

}  // namespace govaudit::internal
