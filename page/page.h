// Page: the model of one HTML page, built once from the Gumbo tree and shared
// by link discovery and every page rule.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"

namespace govaudit {

struct PageLink {
  std::string url;          // absolute, normalised (NormalizeUrl); empty if unusable
  std::string href;         // as written in the page
  std::string anchor_text;  // visible text, whitespace collapsed; alt text of an <img> inside
  std::string tag;          // "a", "area", "iframe", "frame"
  std::string title_attr;   // the title="" attribute, if any
  // Text of the nearest enclosing list row (<li>, <tr>, <dd>, <dt> or <p>), whitespace
  // collapsed, at most 300 bytes; outside such a row, the text of the largest <div> around the
  // link that holds at most 300 bytes (lists built of <div>s); else empty. List pages put an
  // item's date here, beside its link.
  std::string context;
  // Why a visitor cannot see the link, empty if they can: "display:none（行内样式）",
  // "text-indent:-9999px（<style> 规则 .hd）", "文字颜色与背景色相同（#ffffff）", a tiny
  // <marquee>, HTML that a hidden script or encoded strings wrote, a place after </html>.
  // Inline styles and the class/id rules of the page's <style> blocks are read; external style
  // sheets are not, and rules under @media or for states (:hover) do not count.
  std::string hidden_by;
};

// What a page loads to show itself: images, stylesheets, scripts, media. A missing one is a
// broken link to a visitor (a blank logo, an unstyled page) and counts as one in 19号.
struct PageResource {
  std::string url;   // absolute, normalised; empty if unusable
  std::string kind;  // "img", "css", "js", "media"
};

// A table after colspan/rowspan expansion: every row has the same number of cells.
struct PageTable {
  std::vector<std::vector<std::string>> rows;  // cell text, whitespace collapsed
  // Index of the row holding column names, -1 if the table has no rows: among the first 5
  // rows, the first made only of <th> cells, else the first with two or more non-empty cells
  // (skipping title rows that span the table), else 0.
  int header_row = -1;
  // <caption>, else the nearest preceding short heading or bold line (at most ~300 bytes of
  // text before the table), else a one-cell title row above the header row.
  std::string caption;
};

// Disclosure metadata (政务公开 metadata block), from label/value cells, label spans,
// inline "标签：值" text and the standard meta tags. Empty string = not found.
struct DisclosureMeta {
  std::string index_no;       // 索引号
  std::string issuer;         // 发布机构 / 发文机关 / 发文单位
  std::string written_date_text;  // 成文日期, as written
  std::optional<Date> written_date;
  std::string publish_date_text;  // 发布日期 / 发布时间 / PubDate
  std::optional<Date> publish_date;
  std::string doc_number;     // 文号 / 发文字号
  std::string topic;          // 主题分类
  bool has_validity_label = false;  // a 有效性 label was present (even if its value is empty)
  std::string validity;       // value of 有效性 / 时效性 (有效, 失效, 废止 ...)
  std::string expiry_date_text;   // 失效日期 / 有效期至, or the 有效期 it was computed from
  std::optional<Date> expiry_date;
  std::string validity_period;    // 有效期 as written: a range or a length ("5年")
  // From the body when no label says it (ReadBodyFacts): the signature's body and date, and a
  // 废止 / 失效 / 已修订 notice (which also sets `validity` and, with a date, `expiry_date`).
  std::string signer;
  std::optional<Date> signed_date;
  std::string status_notice;
  std::string source;         // 来源 / ContentSource
  std::string column_name;    // <meta name="ColumnName">
  std::string site_id_code;   // <meta name="SiteIDCode">
};

struct Page {
  std::string url;
  // <h1> if present, else ArticleTitle meta, else <title>. When ArticleTitle exists, an <h1>
  // matching neither it nor <title> (the site's logo text) is passed over.
  std::string title;
  std::string html_title;  // the <title> element text
  std::string lang;        // <html lang>
  // Visible text (no script/style), inline elements joined, block elements separated by
  // '\n', table cells by '\t'; whitespace runs (also &nbsp;, &ensp;, U+3000) collapsed to one
  // space; lines trimmed; empty cells and lines do not add separators.
  std::string text;
  std::vector<PageLink> links;
  std::vector<PageTable> tables;
  std::map<std::string, std::string> meta_tags;  // <meta name=...> (names as written) -> content
  // src of every <script src>, resolved and normalised (党政机关标识 / 找错 badges are scripts).
  std::vector<std::string> script_srcs;
  // sitecode="" of the 找错 (error report) script, <script id="_jiucuo_" sitecode=...>.
  std::string jiucuo_site_code;
  // HTML that inline scripts write with document.write/writeln (string literals and variables
  // holding them, unescape() decoded, `if (a == b) … else …` on such values decided) and the
  // records of Hanweb <script type="text/xml"> datastores. What they write in the body is read
  // in place, as a browser shows it: its text is part of `text`, its links of `links`. What
  // they write from <head> is kept apart in script_written_text (with its links added).
  // The first data call of an inline script ("$.ajax /list.json", "fetch /data.json"): the
  // page fills itself from an interface the crawler does not run, so an empty list on it says
  // nothing about the column. Empty when no inline script loads data.
  std::string script_data_call;
  // The page's number in its list as its createPageHTML pager says (1 for the first page, 0
  // when no pager says): a column's later pages are not judged, whatever their names.
  int pager_page = 0;
  std::string script_written_html;
  std::string script_written_text;
  // The code of inline JavaScript <script> elements, each at most 64 KB, 256 KB in all.
  std::vector<std::string> inline_scripts;
  DisclosureMeta meta;
  // Simple structure counts the accessibility rules need.
  std::vector<PageResource> resources;  // each URL once, in document order
  int images = 0;  // visible <img>
  int videos = 0;  // <video>, or <embed>/<object>/<source> of a video file
  int audios = 0;  // <audio>
  int images_without_alt = 0;
  int form_fields_without_label = 0;
  int links_without_text = 0;

  // BreadcrumbStepsOf(page) reads the breadcrumb once per text: several classifiers ask for it.
  struct BreadcrumbCache {
    const char* text_data = nullptr;
    size_t text_size = 0;
    std::vector<std::string> steps;
  };
  mutable std::optional<BreadcrumbCache> breadcrumb_cache;
};

// Parses UTF-8 HTML into a Page. Never fails: broken HTML yields what Gumbo recovers.
Page ParsePage(std::string_view url, std::string_view html_utf8);

}  // namespace govaudit
