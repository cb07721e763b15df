#include "common/utf8.h"
#include "page/metadata.h"

#include <vector>
#include <algorithm>
#include <iterator>
#include <array>
#include <cstdint>

#include "common/date.h"
#include "common/strings.h"

namespace govaudit {
namespace {

struct LabelDef {
  std::string_view text;
  MetaField field;
};

// Longest match wins, so "发文字号" beats "文号" and "信息来源" beats "来源".
constexpr LabelDef kLabels[] = {
    {"索引号", MetaField::kIndexNo},
    {"信息索引号", MetaField::kIndexNo},
    {"发布机构", MetaField::kIssuer},
    {"发文机关", MetaField::kIssuer},
    {"发布机关", MetaField::kIssuer},
    {"发文单位", MetaField::kIssuer},
    {"发布单位", MetaField::kIssuer},
    {"成文日期", MetaField::kWrittenDate},
    {"成文时间", MetaField::kWrittenDate},
    {"发布日期", MetaField::kPublishDate},
    {"发布时间", MetaField::kPublishDate},
    {"公开日期", MetaField::kPublishDate},
    {"信息提供日期", MetaField::kPublishDate},  // sz.gov.cn's articles
    {"发文日期", MetaField::kWrittenDate},      // the day it was issued, as its signature
    {"印发日期", MetaField::kWrittenDate},
    {"文号", MetaField::kDocNumber},
    {"发文字号", MetaField::kDocNumber},
    {"主题分类", MetaField::kTopic},
    {"主题词", MetaField::kTopic},
    {"分类", MetaField::kTopic},
    {"有效性", MetaField::kValidity},
    {"时效性", MetaField::kValidity},
    {"效力状态", MetaField::kValidity},
    {"效力状况", MetaField::kValidity},
    {"是否有效", MetaField::kValidity},
    {"失效日期", MetaField::kExpiryDate},
    {"有效期至", MetaField::kExpiryDate},
    {"废止日期", MetaField::kExpiryDate},
    {"失效时间", MetaField::kExpiryDate},
    {"有效期", MetaField::kValidityPeriod},
    {"有效期限", MetaField::kValidityPeriod},
    {"发文机构", MetaField::kIssuer},
    {"发布部门", MetaField::kIssuer},
    {"制发机关", MetaField::kIssuer},
    {"发文部门", MetaField::kIssuer},
    {"信息分类", MetaField::kTopic},
    {"文件编号", MetaField::kDocNumber},
    {"来源", MetaField::kSource},
    {"信息来源", MetaField::kSource},
    {"时间", MetaField::kLooseDate},
    {"日期", MetaField::kLooseDate},
    {"标题", MetaField::kOther},
    {"作者", MetaField::kOther},
    {"编辑", MetaField::kOther},
    {"责任编辑", MetaField::kOther},
    {"字号", MetaField::kOther},
    {"登记号", MetaField::kOther},  // a 规范性文件's registration code
    {"登记编号", MetaField::kOther},
    {"公文种类", MetaField::kOther},
    {"浏览次数", MetaField::kOther},
    {"点击数", MetaField::kOther},
    {"访问次数", MetaField::kOther},
};

constexpr size_t kFieldCount = static_cast<size_t>(MetaField::kOther) + 1;
// A longer "value" is prose that happens to follow a label-like word, not metadata.
constexpr size_t kMaxValueCodePoints = 200;
// The next line is taken as a date field's value only when it is this short.
constexpr size_t kMaxNextLineCodePoints = 40;
// …and as another field's value (<dt>发布机构：</dt><dd>…</dd>) when it is this short.
constexpr size_t kMaxNextLineValueCodePoints = 60;

// Start of the code point that ends just before pos.
size_t PrevStart(std::string_view text, size_t pos) {
  size_t p = pos - 1;
  while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80 && pos - p < 4) --p;
  return p;
}


bool IsSpaceCp(uint32_t cp) {
  return cp == ' ' || cp == 0xA0 || cp == 0x2002 || cp == 0x2003 || cp == 0x3000;
}

// Skips spaces (not tabs or newlines) from pos.
size_t SkipSpaces(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    size_t len;
    if (!IsSpaceCp(DecodeUtf8At(text, pos, &len))) break;
    pos += len;
  }
  return pos;
}

// If a colon (':' or '：') follows at pos (after spaces), returns the offset past it.
std::optional<size_t> ColonAfter(std::string_view text, size_t pos) {
  pos = SkipSpaces(text, pos);
  if (pos < text.size() && text[pos] == ':') return pos + 1;
  if (text.substr(pos, 3) == "\xEF\xBC\x9A") return pos + 3;
  return std::nullopt;
}

// A label starts a new word: not directly after another CJK character ("资金来源" is prose).
bool AtWordStart(std::string_view text, size_t pos) {
  if (pos == 0) return true;
  size_t len;
  return !IsCjk(DecodeUtf8At(text, PrevStart(text, pos), &len));
}

bool IsBareEnd(std::span<const size_t> ends, size_t offset) {
  return std::binary_search(ends.begin(), ends.end(), offset);
}

// The labels' first two characters: scanning asks at every character whether a label can start
// there, so it must be cheap.
const Utf8StartFilter& LabelFirsts() {
  static const Utf8StartFilter firsts = [] {
    Utf8StartFilter f;
    for (const LabelDef& def : kLabels) f.AddWord(def.text);
    return f;
  }();
  return firsts;
}

// True if a known label can start at text[pos].
bool MayStartLabel(std::string_view text, size_t pos) { return LabelFirsts().MayStartAt(text, pos); }

// A label used as one here: at a word start (or `glued` to the value before it, which it
// ended), followed by a colon or ending a bare-label element. Returns the offset where its value
// may start.
std::optional<size_t> LabelUseAt(std::string_view text, size_t pos, std::span<const size_t> ends, LabelMatch* match,
                                 bool glued = false) {
  if (!MayStartLabel(text, pos) || (!glued && !AtWordStart(text, pos))) return std::nullopt;
  std::optional<LabelMatch> m = MatchLabelAt(text, pos);
  if (!m) return std::nullopt;
  *match = *m;
  if (std::optional<size_t> after = ColonAfter(text, m->end)) return after;
  if (IsBareEnd(ends, m->end)) return m->end;
  // A label in brackets stands for "label：": "[发文机构] 某某局", "【成文日期】2026-11-18".
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"[", "]"},
                             {"\xE3\x80\x90" /*【*/, "\xE3\x80\x91" /*】*/}}) {
    if (pos >= open.size() && text.substr(pos - open.size(), open.size()) == open &&
        text.substr(m->end, close.size()) == close) {
      return m->end + close.size();
    }
  }
  return std::nullopt;
}

// An unknown label also ends a value: 2-6 CJK then a colon, after a space ("编辑：",
// "浏览量：") or in brackets anywhere: the font-size widget many templates put on the dateline
// ("来源：某某局 【字体：大 中 小】 打印", gov.cn's pages-date) is no part of the source.
bool GenericLabelAt(std::string_view text, size_t pos) {
  if (pos == 0) return false;
  if (text.substr(pos, 3) == "\xE3\x80\x90" /*【*/) {
    pos += 3;
  } else if (text[pos - 1] != ' ') {
    return false;
  }
  size_t count = 0;
  while (pos < text.size() && count <= 6) {
    size_t len;
    uint32_t cp = DecodeUtf8At(text, pos, &len);
    if (!IsCjk(cp)) break;
    ++count;
    pos += len;
  }
  return count >= 2 && count <= 6 && ColonAfter(text, pos).has_value();
}

// The font-size widget written without brackets or colon after a value ("有效性：有效 字号 大 中
// 小", Shanghai's PBtime line): "字号" or "字体" after a space, then 大.
bool FontSizeWidgetAt(std::string_view text, size_t pos) {
  if (pos == 0 || text[pos - 1] != ' ') return false;
  const std::string_view rest = text.substr(pos);
  if (!rest.starts_with("字号") && !rest.starts_with("字体")) return false;
  const std::string_view after = TrimSpaces(rest.substr(std::string_view("字号").size()));
  return after.starts_with("大");
}

// Inline spans often run together ("来源：某某局字号：大 中 小"): inside a value, a known
// label with its colon ends it even where it does not start a word.
bool GluedLabelAt(std::string_view text, size_t pos) {
  if (!MayStartLabel(text, pos)) return false;
  std::optional<LabelMatch> m = MatchLabelAt(text, pos);
  return m && ColonAfter(text, m->end).has_value();
}

std::string_view TrimValue(std::string_view v) {
  bool changed = true;
  while (changed && !v.empty()) {
    changed = false;
    for (std::string_view junk : {" ", "|", "\xEF\xBD\x9C" /*｜*/, "\xE4\xB8\xA8" /*丨*/}) {
      while (v.size() >= junk.size() && v.substr(0, junk.size()) == junk) {
        v.remove_prefix(junk.size());
        changed = true;
      }
      while (v.size() >= junk.size() && v.substr(v.size() - junk.size()) == junk) {
        v.remove_suffix(junk.size());
        changed = true;
      }
    }
  }
  // A closing bracket left over from "【发布时间：2024-01-01】".
  for (std::string_view open_close : {"\xE3\x80\x90\xE3\x80\x91" /*【】*/, "[]"}) {
    std::string_view open = open_close.substr(0, open_close.size() / 2);
    std::string_view close = open_close.substr(open_close.size() / 2);
    if (v.size() >= close.size() && v.substr(v.size() - close.size()) == close &&
        v.find(open) == std::string_view::npos) {
      v.remove_suffix(close.size());
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    }
  }
  return v;
}

bool IsDateField(MetaField f) {
  return f == MetaField::kWrittenDate || f == MetaField::kPublishDate ||
         f == MetaField::kExpiryDate || f == MetaField::kLooseDate;
}

struct Found {
  bool set = false;
  std::string value;
  std::optional<Date> date;
};

struct ScanResult {
  std::array<Found, kFieldCount> fields;
  bool validity_label = false;
};

void Offer(Found& slot, MetaField field, std::string_view value) {
  if (value.empty()) return;
  if (IsDateField(field)) {
    if (slot.date) return;
    std::optional<Date> date = FindDateInText(value);
    if (date) {
      slot = Found{true, std::string(value), date};
    } else if (!slot.set && field != MetaField::kLooseDate) {
      slot = Found{true, std::string(value), std::nullopt};
    }
    return;
  }
  if (!slot.set) slot = Found{true, std::string(value), std::nullopt};
}

// Scans a value from value_start to the end of its cell or line, or the next label.
// Returns its end; *too_long when it ran past kMaxValueCodePoints.
size_t ValueEnd(std::string_view text, size_t value_start, std::span<const size_t> ends,
                bool* too_long) {
  size_t pos = value_start, count = 0;
  *too_long = false;
  while (pos < text.size()) {
    char c = text[pos];
    if (c == '\n' || c == '\t') break;
    LabelMatch ignored;
    if (LabelUseAt(text, pos, ends, &ignored) || GenericLabelAt(text, pos) || GluedLabelAt(text, pos) ||
        FontSizeWidgetAt(text, pos)) {
      break;
    }
    if (++count > kMaxValueCodePoints) {
      *too_long = true;
      break;
    }
    size_t len;
    DecodeUtf8At(text, pos, &len);
    pos += len;
  }
  return pos;
}

bool IsNoneValue(std::string_view v);
size_t CodePointCount(std::string_view s);

// A line under a label is its value only if it looks like one: a validity is a word, a 文号 has
// its 号, a date is a date (else the label's value was left empty and the next line is content).
bool PlausibleValue(MetaField field, std::string_view line) {
  switch (field) {
    case MetaField::kValidity:
      return CodePointCount(line) <= 8;
    case MetaField::kDocNumber:
      return line.find("号") != std::string_view::npos || IsNoneValue(line);
    case MetaField::kIndexNo:
      return line.find_first_of("0123456789") != std::string_view::npos;
    case MetaField::kIssuer:
    case MetaField::kSource:
    case MetaField::kTopic:
      return CodePointCount(line) <= 30 && line.find("。") == std::string_view::npos;
    case MetaField::kValidityPeriod:
      return FindDateInText(line).has_value() || line.find("年") != std::string_view::npos;
    default:
      return !IsDateField(field) || FindDateInText(line).has_value();
  }
}

// A library's filter row offers every state as a choice ("有 效 性：有效 失效 废止", each a
// link): two or more state words and nothing else is no state of the page.
bool IsValidityChoiceRow(std::string_view v) {
  // Longer words first: "现行有效" before "有效".
  constexpr std::string_view kChoices[] = {"现行有效", "部分失效", "尚未生效", "已失效", "已废止", "已修订",
                                           "有效",     "失效",     "废止",     "修订",   "全部"};
  int choices = 0;
  while (!v.empty()) {
    if (v.front() == ' ' || v.front() == '|' || v.front() == '/') {
      v.remove_prefix(1);
      continue;
    }
    bool matched = false;
    for (std::string_view choice : kChoices) {
      if (v.starts_with(choice)) {
        v.remove_prefix(choice.size());
        ++choices;
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return choices >= 2;
}

// Digits, full-width digits or Chinese numerals (国发〔二〇〇七〕十二号).
bool HoldsNumeral(std::string_view v) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] >= '0' && v[i] <= '9') return true;
  }
  for (std::string_view numeral : {"０", "１", "２", "３", "４", "５", "６", "７", "８", "９", "〇",
                                   "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}) {
    if (v.find(numeral) != std::string_view::npos) return true;
  }
  return false;
}

// Values a page writes when it has none.
bool IsNoneValue(std::string_view v) {
  for (std::string_view none : {"无", "暂无", "/", "空", "无。"}) {
    if (v == none) return true;
  }
  return IsDashPlaceholder(v);  // "—", "--", "—  —"
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// True if only spaces stand between the start of pos's line (or cell) and pos.
bool StartsLine(std::string_view text, size_t pos) {
  size_t p = pos;
  while (p > 0) {
    const char c = text[p - 1];
    if (c == '\n' || c == '\t') return true;
    if (c != ' ') return false;
    --p;
  }
  return true;
}

bool EndsWithColon(std::string_view s) { return s.ends_with(":") || s.ends_with("：") || s.ends_with("】"); }

// The date a line (or cell) opens with, when nothing but spaces separates it from pos.
std::optional<Date> DateOpeningLine(std::string_view text, size_t pos) {
  size_t start = pos == 0 ? std::string_view::npos : text.find_last_of("\n\t", pos - 1);
  start = start == std::string_view::npos ? 0 : start + 1;
  if (pos <= start || pos - start > 40) return std::nullopt;
  std::string_view before = text.substr(start, pos - start);
  std::optional<DateMatch> m = FindDateMatch(before);
  if (!m || m->begin != 0) return std::nullopt;
  for (size_t i = m->end; i < before.size();) {
    size_t len;
    const uint32_t cp = DecodeUtf8At(before, i, &len);
    // Spaces, or a time of day ("10:22:13").
    if (!IsSpaceCp(cp) && cp != '\t' && !(cp >= '0' && cp <= '9') && cp != ':') return std::nullopt;
    i += len;
  }
  return m->date;
}

// Most characters of a page's text are far from any place a label can be used: a label use
// ends before a colon (spaces between allowed), at a closing bracket, or at the end of a
// bare-label element. The scan looks for labels only within a label's length (kMaxLabelChars
// characters and the spaces a match skips) before the next such anchor.
constexpr size_t kMaxLabelChars = [] {
  size_t most = 0;
  for (const LabelDef& def : kLabels) most = std::max(most, def.text.size() / 3);
  return most;
}();

// The anchors of `text` after a position: each kind is searched for once over the text while
// the positions asked about increase (as the scan's do).
class LabelAnchors {
 public:
  LabelAnchors(std::string_view text, std::span<const size_t> bare_ends) : text_(text), bare_ends_(bare_ends) {}

  // The first anchor after `pos`; npos if there is none.
  size_t After(size_t pos) {
    if (pos < last_) {  // asked about an earlier place: search again
      std::fill(std::begin(next_), std::end(next_), 0);
      bare_ = 0;
    }
    last_ = pos;
    size_t first = std::string_view::npos;
    for (size_t k = 0; k < std::size(kMarks); ++k) {
      if (next_[k] != std::string_view::npos && next_[k] <= pos) next_[k] = text_.find(kMarks[k], pos + 1);
      first = std::min(first, next_[k]);
    }
    while (bare_ < bare_ends_.size() && bare_ends_[bare_] <= pos) ++bare_;
    if (bare_ < bare_ends_.size()) first = std::min(first, bare_ends_[bare_]);
    return first;
  }

 private:
  // What ColonAfter and LabelUseAt's brackets look for.
  static constexpr std::string_view kMarks[] = {":", "\xEF\xBC\x9A" /*：*/, "]", "\xE3\x80\x91" /*】*/};
  std::string_view text_;
  std::span<const size_t> bare_ends_;
  size_t next_[std::size(kMarks)] = {};  // the next of each mark (0: not searched yet)
  size_t bare_ = 0;                      // the next bare end's index
  size_t last_ = 0;
};

// The earliest position a label use ending by `anchor` can start at: kMaxLabelChars
// characters back, with the spaces between them (and before `anchor`) that a match skips.
size_t EarliestLabelStart(std::string_view text, size_t anchor) {
  size_t p = anchor;
  size_t chars = 0;
  while (p > 0 && chars < kMaxLabelChars) {
    const size_t start = PrevStart(text, p);
    size_t len;
    if (!IsSpaceCp(DecodeUtf8At(text, start, &len))) ++chars;
    p = start;
  }
  return p;
}

ScanResult ScanSource(const MetaTextSource& source) {
  ScanResult result;
  std::string_view text = source.text;
  const Utf8StartFilter& firsts = LabelFirsts();
  LabelAnchors anchors(text, source.bare_label_ends);
  size_t pos = 0;
  // Where the last value ended at a label glued to it ("公文种类：通知发文日期：…"): that label
  // is read too, though it does not start a word.
  size_t glued_label = std::string_view::npos;
  while (pos < text.size()) {
    // Every label starts with a CJK ideograph: the filter steps over the characters no label
    // starts with (a byte it stops at that is no character's start is stepped over below).
    pos = firsts.NextCandidate(text, pos);
    if (pos >= text.size()) break;
    if (source.skip_far_from_anchors) {
      const size_t anchor = anchors.After(pos);
      if (anchor == std::string_view::npos) break;
      if (const size_t earliest = EarliestLabelStart(text, anchor); earliest > pos) {
        pos = earliest;
        continue;
      }
    }
    LabelMatch m;
    std::optional<size_t> after = LabelUseAt(text, pos, source.bare_label_ends, &m, pos == glued_label);
    if (!after) {
      pos += Utf8StepAt(text, pos);
      continue;
    }
    size_t value_start = *after;
    while (value_start < text.size() && (text[value_start] == ' ' || text[value_start] == '\t')) {
      ++value_start;
    }
    bool too_long;
    size_t value_end = ValueEnd(text, value_start, source.bare_label_ends, &too_long);
    std::string_view value =
        too_long ? std::string_view() : TrimValue(text.substr(value_start, value_end - value_start));
    // A value in its own block under a label that ends its line: <dt>索引号：</dt><dd>…</dd>,
    // <div>发布日期：</div><div>2022-05-24</div>.
    if (value.empty() && !too_long && value_end < text.size() && text[value_end] == '\n' &&
        (IsDateField(m.field) || StartsLine(text, pos))) {
      size_t next = value_end + 1;
      size_t next_end = text.find('\n', next);
      if (next_end == std::string_view::npos) next_end = text.size();
      std::string_view line = TrimValue(text.substr(next, next_end - next));
      LabelMatch ignored;
      const size_t limit = IsDateField(m.field) ? kMaxNextLineCodePoints : kMaxNextLineValueCodePoints;
      const bool fits = CodePointCount(line) <= limit && line.find('\t') == std::string_view::npos &&
                        PlausibleValue(m.field, line);
      if (fits && !line.empty() && !LabelUseAt(text, next, source.bare_label_ends, &ignored) &&
          !GenericLabelAt(text, next) && !EndsWithColon(line)) {
        value = line;
        value_end = next_end;
      }
    }
    // A library's filter row ("有效性：全部 有效 失效", its choices as links) states nothing of
    // the page.
    if (value.starts_with("\xE5\x85\xA8\xE9\x83\xA8" /*全部*/) ||
        value.starts_with("\xE4\xB8\x8D\xE9\x99\x90" /*不限*/) ||
        (m.field == MetaField::kValidity && IsValidityChoiceRow(value))) {
      pos = std::max(value_end, m.end);
      glued_label = std::string_view::npos;
      continue;
    }
    if (m.field == MetaField::kValidity) result.validity_label = true;
    // "无", "暂无", "/": the page states none. A validity or a topic is kept as written (the
    // normative rules name a validity that is no state), unless it is the template's dashes for
    // an empty field ("—  —").
    if (IsDashPlaceholder(value) ||
        (IsNoneValue(value) && m.field != MetaField::kValidity && m.field != MetaField::kTopic)) {
      value = {};
    }
    // A 文号 holds its year or serial: a list's header row ("文号有效性发布日期", its cells run
    // together) gives a label where a number should be.
    if (m.field == MetaField::kDocNumber && !HoldsNumeral(value)) value = {};
    // "来源：某局 【打印】 【关闭】": the page's buttons end a source's or an issuer's name.
    if (m.field == MetaField::kSource || m.field == MetaField::kIssuer) {
      if (const size_t button = value.find("\xE3\x80\x90" /*【*/); button != std::string_view::npos && button > 0) {
        value = TrimValue(value.substr(0, button));
      }
    }
    // Templates that ask "有效性：是/否" answer whether the document is in force.
    if (m.field == MetaField::kValidity && (value == "\xE6\x98\xAF" /*是*/ || value == "\xE5\x90\xA6" /*否*/)) {
      value = value == "\xE6\x98\xAF" ? "\xE6\x9C\x89\xE6\x95\x88" /*有效*/ : "\xE5\xA4\xB1\xE6\x95\x88" /*失效*/;
    }
    // "来源：某局 2026-11-19 09:30": a date after a space ends a source's or an issuer's name.
    if (m.field == MetaField::kSource || m.field == MetaField::kIssuer) {
      if (std::optional<DateMatch> d = FindDateMatch(value); d && d->begin > 0 && value[d->begin - 1] == ' ') {
        value = TrimValue(value.substr(0, d->begin));
      }
    }
    // A dateline: "2026年11月19日　来源：…" — the date before a 来源 / 作者 label on its line.
    if (m.field == MetaField::kSource || m.field == MetaField::kOther) {
      if (std::optional<Date> date = DateOpeningLine(text, pos)) {
        Offer(result.fields[static_cast<size_t>(MetaField::kLooseDate)], MetaField::kLooseDate, date->ToIso());
      }
    }
    if (m.field != MetaField::kOther) Offer(result.fields[static_cast<size_t>(m.field)], m.field, value);
    pos = std::max(value_end, m.end);
    glued_label = pos < text.size() && GluedLabelAt(text, pos) ? pos : std::string_view::npos;
  }
  return result;
}

// Meta tag content by name, compared case-insensitively.
const std::string* FindMetaTag(const std::map<std::string, std::string>& tags, std::string_view name) {
  for (const auto& [key, value] : tags) {
    if (key.size() != name.size()) continue;
    bool equal = true;
    for (size_t i = 0; i < key.size() && equal; ++i) {
      char a = key[i], b = name[i];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
      equal = a == b;
    }
    if (equal) return &value;
  }
  return nullptr;
}


}  // namespace

std::optional<Date> EndOfValidity(std::string_view period, std::optional<Date> start) {
  // A range: "2023年5月10日至2026年5月9日", "2023-05-10—2026-05-09": its last date.
  std::optional<DateMatch> first = FindDateMatch(period);
  if (first) {
    std::optional<DateMatch> last = first;
    while (std::optional<DateMatch> next = FindDateMatch(period, last->end)) last = next;
    if (last->begin != first->begin) return last->date;
  }
  // A length: "5年", "有效期为五年" from the given start (a date in the text wins: "自…起5年").
  constexpr std::pair<std::string_view, int> kYears[] = {
      {"1年", 1}, {"2年", 2}, {"3年", 3}, {"4年", 4}, {"5年", 5}, {"10年", 10},
      {"一年", 1}, {"二年", 2}, {"两年", 2}, {"三年", 3}, {"四年", 4}, {"五年", 5}, {"十年", 10}};
  size_t best = std::string_view::npos;
  int years = 0;
  for (const auto& [text, n] : kYears) {
    const size_t at = period.find(text);
    if (at != std::string_view::npos && (best == std::string_view::npos || at < best)) {
      best = at;
      years = n;
    }
  }
  if (years == 0) return std::nullopt;
  std::optional<Date> from = first ? std::optional<Date>(first->date) : start;
  if (!from) return std::nullopt;
  return AddYears(*from, years).AddDays(-1);
}

std::optional<LabelMatch> MatchLabelAt(std::string_view text, size_t pos) {
  std::optional<LabelMatch> best;
  if (pos >= text.size()) return best;
  for (const LabelDef& def : kLabels) {
    // Cheap first test: the label's first character must be here.
    if (text.substr(pos, 3) != def.text.substr(0, 3)) continue;
    size_t t = pos + 3, l = 3;
    bool ok = true;
    while (l < def.text.size()) {
      t = SkipSpaces(text, t);
      if (text.substr(t, 3) != def.text.substr(l, 3)) {
        ok = false;
        break;
      }
      t += 3;
      l += 3;
    }
    if (ok && (!best || t > best->end)) best = LabelMatch{def.field, t};
  }
  return best;
}

bool IsBareLabel(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size()) {
    size_t len;
    uint32_t cp = DecodeUtf8At(text, begin, &len);
    if (!IsSpaceCp(cp) && cp != '\t' && cp != '\n') break;
    begin += len;
  }
  size_t end = text.size();
  while (end > begin) {
    size_t start = PrevStart(text, end), len;
    uint32_t cp = DecodeUtf8At(text, start, &len);
    if (start < begin || (!IsSpaceCp(cp) && cp != '\t' && cp != '\n')) break;
    end = start;
  }
  if (end <= begin || end - begin < 6) return false;
  std::optional<LabelMatch> m = MatchLabelAt(text.substr(0, end), begin);
  return m && m->end == end;
}

DisclosureMeta ExtractDisclosureMeta(std::span<const MetaTextSource> sources,
                                     const std::map<std::string, std::string>& meta_tags) {
  std::array<Found, kFieldCount> merged;
  bool validity_label = false;
  for (const MetaTextSource& source : sources) {
    ScanResult scan = ScanSource(source);
    validity_label = validity_label || scan.validity_label;
    for (size_t f = 0; f < kFieldCount; ++f) {
      Found& into = merged[f];
      const Found& from = scan.fields[f];
      if (!from.set) continue;
      if (!into.set || (IsDateField(static_cast<MetaField>(f)) && !into.date && from.date)) {
        into = from;
      }
    }
  }

  auto field = [&merged](MetaField f) -> Found& { return merged[static_cast<size_t>(f)]; };
  // The CMS's own publication time when the page shows no labelled one.
  Found& publish = field(MetaField::kPublishDate);
  for (std::string_view name : {"PubDate", "firstpublishedtime"}) {
    if (publish.date) break;
    if (const std::string* content = FindMetaTag(meta_tags, name)) {
      std::string_view v = TrimAscii(*content);
      if (std::optional<Date> date = FindDateInText(v)) publish = Found{true, std::string(v), date};
    }
  }
  if (!publish.date && field(MetaField::kLooseDate).date) publish = field(MetaField::kLooseDate);

  DisclosureMeta meta;
  meta.index_no = field(MetaField::kIndexNo).value;
  meta.issuer = field(MetaField::kIssuer).value;
  meta.written_date_text = field(MetaField::kWrittenDate).value;
  meta.written_date = field(MetaField::kWrittenDate).date;
  meta.publish_date_text = publish.value;
  meta.publish_date = publish.date;
  meta.doc_number = field(MetaField::kDocNumber).value;
  meta.topic = field(MetaField::kTopic).value;
  meta.has_validity_label = validity_label;
  meta.validity = field(MetaField::kValidity).value;
  meta.expiry_date_text = field(MetaField::kExpiryDate).value;
  meta.expiry_date = field(MetaField::kExpiryDate).date;
  meta.source = field(MetaField::kSource).value;
  if (meta.source.empty()) {
    if (const std::string* v = FindMetaTag(meta_tags, "ContentSource")) meta.source = TrimAscii(*v);
  }
  meta.validity_period = field(MetaField::kValidityPeriod).value;
  if (!meta.expiry_date && !meta.validity_period.empty()) {
    const std::optional<Date> start = meta.publish_date ? meta.publish_date : meta.written_date;
    if (std::optional<Date> end = EndOfValidity(meta.validity_period, start)) {
      meta.expiry_date = end;
      meta.expiry_date_text = meta.validity_period;
    }
  }
  if (const std::string* v = FindMetaTag(meta_tags, "ColumnName")) meta.column_name = TrimAscii(*v);
  if (const std::string* v = FindMetaTag(meta_tags, "SiteIDCode")) meta.site_id_code = TrimAscii(*v);
  return meta;
}

}  // namespace govaudit
