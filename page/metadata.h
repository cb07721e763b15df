// Disclosure metadata (索引号, 发布机构, 成文日期, 发布日期, 文号, 主题分类, 有效性, 失效日期, 来源)
// from the text of a page, whatever the layout that produced it:
//   label/value cells     <td>索引号：</td><td>value</td>      -> "索引号：\tvalue"
//   label and value       <td>索引号：value</td>, <span>发布日期：</span><span>2022-05-24</span>
//   bare label elements   <b>文号</b>value, <th>发布日期</th><td>...</td> (no colon: the page
//                         model reports where such an element ends)
//   inline text           "发布时间：2024-12-10 来源：平潭综合实验区 字号：[大 中 小]"
// plus the standard meta tags (PubDate, ContentSource, ColumnName, SiteIDCode).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "page/page.h"

namespace govaudit {

enum class MetaField {
  kIndexNo,      // 索引号
  kIssuer,       // 发布机构 / 发文机关 / 发文单位 / 发布单位
  kWrittenDate,  // 成文日期 / 成文时间
  kPublishDate,  // 发布日期 / 发布时间 / 公开日期 / 发文日期
  kDocNumber,    // 文号 / 发文字号
  kTopic,        // 主题分类 / 主题词 / 分类
  kValidity,     // 有效性 / 时效性 / 效力状态
  kExpiryDate,   // 失效日期 / 有效期至 / 废止日期
  kValidityPeriod,  // 有效期 / 有效期限: a range ("…至…") or a length ("5年")
  kSource,       // 来源 / 信息来源
  kLooseDate,    // 时间 / 日期: a publish date only when nothing better exists
  kOther,        // 标题, 作者, 编辑 ...: not extracted, but a value stops there
};

struct LabelMatch {
  MetaField field;
  size_t end;  // offset just past the label's last character
};

// Matches the longest known label starting at text[pos]. Spaces (ASCII, U+00A0, U+2002/U+2003,
// U+3000) may separate the label's characters ("索 引 号"). No colon is required here.
std::optional<LabelMatch> MatchLabelAt(std::string_view text, size_t pos);

// True if text, trimmed of whitespace, is exactly one label with no colon ("文号", "发 布 日 期").
// An element whose whole text is such a label is followed by its value.
bool IsBareLabel(std::string_view text);

// One text to search: visible text ('\n' between blocks, '\t' between table cells, whitespace
// collapsed) and the sorted offsets where a bare-label element ends in it.
struct MetaTextSource {
  std::string_view text;
  std::span<const size_t> bare_label_ends;
  // Text far from any colon, closing bracket or bare-label end holds no label use, and is
  // stepped over unscanned. Tests turn it off to check that the answer is the same.
  bool skip_far_from_anchors = true;
};

// Sources are searched in priority order (the page's visible text, then text written by its
// scripts); within a source the first non-empty value of a field wins (for dates, the first
// value holding a date). Meta tags fill what the text left empty; 时间/日期 labels come last.
// The last day of validity a 有效期 states: the end of a range ("2023年5月10日至2026年5月9日"),
// or a length in years ("5年", "五年") counted from a date in the same text or from `start`
// (the day before the anniversary). nullopt when it states neither.
std::optional<Date> EndOfValidity(std::string_view period, std::optional<Date> start);

// Fills what the labels left empty from the body of a document titled `title`: the 文号 line
// and the date line or 题注 under the title, the signature at its end, a 废止 / 失效 / 已修订
// notice, "自…起施行，有效期N年" and "有效期至…".
void ReadBodyFacts(std::string_view text, std::string_view title, DisclosureMeta* meta);

DisclosureMeta ExtractDisclosureMeta(std::span<const MetaTextSource> sources,
                                     const std::map<std::string, std::string>& meta_tags);

}  // namespace govaudit
