// Facts a document states in its body when its template has no metadata block (gazettes, old
// table layouts, articles with nothing but a heading): the 文号 line under the title, the date
// line or 题注 "（2026年11月10日…公布）", the signature (落款机关 and date) at its end, a
// 废止 / 失效 / 已修订 notice, and "自…起施行，有效期N年". Only what the labels left empty is filled.
#include <algorithm>
#include <vector>

#include "common/strings.h"
#include "common/utf8.h"
#include "page/doc_numbers.h"
#include "page/metadata.h"

namespace govaudit {
namespace {

// Lines after the title searched for the 文号, the date line and the 题注.
constexpr size_t kHeadLines = 8;
// Lines after the title searched for the signature and the validity sentences.
constexpr size_t kBodyLines = 400;
constexpr size_t kMaxSignerCodePoints = 30;
constexpr size_t kMinTitleLineCodePoints = 4;

// The text's lines, trimmed.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines = SplitLines(text);
  for (std::string_view& line : lines) line = TrimSpaces(line);
  return lines;
}

// The line after the title's last line in the text (titles may be split: "某县人民政府" /
// "关于…的通知"), or 0 when the title is not found.
size_t AfterTitle(const std::vector<std::string_view>& lines, std::string_view title) {
  const std::string compact_title = WithoutSpaces(title);
  if (compact_title.empty()) return 0;
  size_t first_len;
  DecodeUtf8At(compact_title, 0, &first_len);
  const std::string_view first_char = std::string_view(compact_title).substr(0, first_len);
  for (size_t i = 0; i < lines.size(); ++i) {
    // A line that holds the title, or starts it, holds its first character: the others are
    // not compacted just to be rejected.
    if (FindBytes(lines[i], first_char) == std::string_view::npos) continue;
    std::string line = WithoutSpaces(lines[i]);
    if (line.empty() || CodePoints(line) < std::min(kMinTitleLineCodePoints, CodePoints(compact_title))) continue;
    if (line.find(compact_title) != std::string::npos) return i + 1;
    if (compact_title.find(line) != 0) continue;
    // The title's first part: following lines complete it.
    std::string joined = line;
    size_t j = i + 1;
    while (j < lines.size() && joined.size() < compact_title.size()) {
      std::string next = WithoutSpaces(lines[j]);
      if (next.empty() || compact_title.find(joined + next) != 0) break;
      joined += next;
      ++j;
    }
    if (joined == compact_title) return j;
  }
  return 0;
}

// True if the whole line is a date (and perhaps a time of day).
std::optional<Date> DateLine(std::string_view line) {
  std::optional<DateMatch> m = FindDateMatch(line);
  if (!m || m->begin != 0) return std::nullopt;
  for (char c : line.substr(m->end)) {
    if (c != ' ' && c != ':' && (c < '0' || c > '9')) return std::nullopt;
  }
  return m->date;
}

// A signature's date written in Chinese numerals, the whole line: "二〇二六年十一月二十日",
// "二O一二年四月二十四日" (a letter O or ○ for the zero, as typed).
std::optional<Date> ChineseNumeralDate(std::string_view line) {
  line = TrimSpaces(line);
  auto digit = [](std::string_view cp) -> int {
    constexpr std::string_view kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    for (int d = 0; d < 10; ++d) {
      if (cp == kDigits[d]) return d;
    }
    return cp == "O" || cp == "○" || cp == "零" ? 0 : -1;
  };
  auto next = [&line](size_t* at) {  // the code point at *at, stepped over
    size_t len;
    DecodeUtf8At(line, *at, &len);
    const std::string_view cp = line.substr(*at, len);
    *at += len;
    return cp;
  };
  size_t at = 0;
  int year = 0;
  for (int k = 0; k < 4; ++k) {
    const int d = at < line.size() ? digit(next(&at)) : -1;
    if (d < 0) return std::nullopt;
    year = year * 10 + d;
  }
  // 一 to 九, 十, 十一 to 十九, 二十 to 三十一, each ended by `unit`.
  auto number = [&](std::string_view unit) -> int {
    int value = 0;
    bool ten = false;
    while (at < line.size()) {
      const std::string_view cp = next(&at);
      if (cp == unit) return ten || value > 0 ? value : -1;
      if (cp == "十") {
        if (ten) return -1;
        value = (value == 0 ? 1 : value) * 10;
        ten = true;
      } else if (const int d = digit(cp); d > 0 && (value == 0 || (ten && value % 10 == 0))) {
        value += d;
      } else {
        return -1;
      }
    }
    return -1;
  };
  if (next(&at) != "年") return std::nullopt;
  const int month = number("月");
  const int day = number("日");
  if (at != line.size() || !IsValidDate(year, month, day)) return std::nullopt;
  return Date{year, month, day};
}

bool WrittenWithYearMonthDay(std::string_view line) {
  return line.find("年") != std::string_view::npos && line.find("月") != std::string_view::npos;
}

// The line without a bracketed part that ends it ("某某局（统一社会信用代码：…）" → "某某局").
std::string_view WithoutTrailingBracket(std::string_view line) {
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"（", "）"}, {"(", ")"}}) {
    if (!line.ends_with(close)) continue;
    const size_t at = line.rfind(open);
    if (at != std::string_view::npos && at > 0) return TrimSpaces(line.substr(0, at));
  }
  return line;
}

bool IsBracketed(std::string_view line) {
  return (line.starts_with("（") && line.ends_with("）")) || (line.starts_with("(") && line.ends_with(")"));
}

bool LooksLikeOrganisation(std::string_view line) {
  if (!CodePointsAtMost(line, kMaxSignerCodePoints) || CodePointsAtMost(line, 2)) return false;
  // A signature line is a name, not a sentence or a label (each mark searched whole: the
  // bytes of a multi-byte mark also occur inside ordinary characters, 市 among them).
  for (std::string_view mark : {"：", ":", "，", "。", "；", "、"}) {
    if (line.find(mark) != std::string_view::npos) return false;
  }
  constexpr std::string_view kEndings[] = {"政府", "办公室", "办公厅", "局", "委员会", "委", "厅", "部", "中心",
                                           "院", "会", "处", "站", "队", "所", "办", "署", "室", "公司"};
  for (std::string_view e : kEndings) {
    if (line.ends_with(e)) return true;
  }
  return false;
}

// "[凤溪县林业局] 2026-11-20 字号：…" (fujian.gov.cn's dateline): the organ in brackets before the
// date is the source. Empty if the line is not so.
std::string_view BracketedSource(std::string_view line) {
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"[", "]"}, {"【", "】"}}) {
    if (!line.starts_with(open)) continue;
    const size_t end = line.find(close);
    if (end == std::string_view::npos) return {};
    const std::string_view organ = TrimSpaces(line.substr(open.size(), end - open.size()));
    const std::optional<DateMatch> date = FindDateMatch(TrimSpaces(line.substr(end + close.size())));
    if (!date || date->begin != 0 || !LooksLikeOrganisation(organ)) return {};
    return organ;
  }
  return {};
}

// A 题注 such as "（2026年11月10日松岭县人民政府令第3号公布）": its date, and whether it says
// when the text was published (公布 / 发布 / 印发) rather than adopted (通过).
struct Headnote {
  Date date;
  bool published = false;
  size_t length = 0;  // bytes of the 题注, brackets included
  std::string organ;  // "松岭县人民政府" of "…人民政府令第3号公布" / "…人民政府第15次常务会议通过"
};
std::optional<Headnote> ReadHeadnote(std::string_view line) {
  const bool open = line.starts_with("（") || line.starts_with("(");
  if (!open) return std::nullopt;
  size_t close = line.find("）");
  size_t close_len = 3;
  if (close == std::string_view::npos) {
    close = line.find(')');
    close_len = 1;
  }
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view inside = line.substr(0, close);
  std::optional<Date> date = FindDateInText(inside);
  if (!date) return std::nullopt;
  const bool published = inside.ends_with("公布") || inside.ends_with("发布") || inside.ends_with("印发");
  if (!published && !inside.ends_with("通过")) return std::nullopt;
  Headnote note{*date, published, close + close_len, ""};
  if (std::optional<DateMatch> m = FindDateMatch(inside)) {
    std::string_view after = inside.substr(m->end);
    const size_t cut = std::min(after.find("令第"), after.find("第"));
    if (cut != std::string_view::npos && LooksLikeOrganisation(after.substr(0, cut))) {
      note.organ = std::string(after.substr(0, cut));
    }
  }
  return note;
}

// The line, or what follows its 题注, when it is exactly one 文号.
std::string StandaloneDocNumber(std::string_view line) {
  if (std::optional<Headnote> note = ReadHeadnote(line)) line = TrimSpaces(line.substr(note->length));
  std::vector<DocNumberMatch> found = FindDocNumbers(line, 2);
  if (found.size() != 1 || found[0].begin != 0) return "";
  if (!TrimSpaces(line.substr(found[0].end)).empty()) return "";
  return std::string(line.substr(0, found[0].end));
}


// 废止 / 失效 / 已修订 notices: "本文件已于2024年12月31日废止", "（已废止）", "【已失效】".
struct StatusNotice {
  std::string validity;
  std::optional<Date> date;
};
std::optional<StatusNotice> FindStatusNotice(std::string_view line) {
  // Every notice below starts with 已: most lines have none, and one search settles them.
  if (FindBytes(line, "已") == std::string_view::npos) return std::nullopt;
  constexpr std::pair<std::string_view, std::string_view> kMarks[] = {
      {"已废止", "废止"}, {"已失效", "失效"}, {"已修订", "已修订"}, {"已被修订", "已修订"}, {"已被废止", "废止"},
  };
  for (const auto& [mark, validity] : kMarks) {
    if (line.find(mark) != std::string_view::npos) return StatusNotice{std::string(validity), FindDateInText(line)};
  }
  // "已于2024年12月31日废止"
  const size_t at = line.find("已于");
  if (at != std::string_view::npos) {
    std::optional<DateMatch> m = FindDateMatch(line, at);
    if (m && m->begin == at + 6) {
      std::string_view after = line.substr(m->end);
      if (after.starts_with("废止")) return StatusNotice{"废止", m->date};
      if (after.starts_with("失效")) return StatusNotice{"失效", m->date};
    }
  }
  return std::nullopt;
}

// "自2021年3月1日起施行，有效期5年", "自发布之日起施行，有效期3年", "有效期至2027年12月31日".
std::optional<Date> BodyExpiry(std::string_view line, const DisclosureMeta& meta) {
  const size_t at = line.find("有效期");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(at + std::string_view("有效期").size());
  if (rest.starts_with("至") || rest.starts_with("到")) {
    std::optional<DateMatch> m = FindDateMatch(rest);
    if (m && m->begin <= 3) return m->date;
    return std::nullopt;
  }
  if (rest.starts_with("为")) rest.remove_prefix(3);
  // The length must follow at once ("有效期5年"), not somewhere later in the sentence.
  const size_t sentence_end = std::min(rest.find("。"), std::min(rest.find("，"), rest.find("；")));
  rest = rest.substr(0, std::min(rest.size(), std::min<size_t>(sentence_end, 12)));
  std::optional<Date> start;
  std::string_view before = line.substr(0, at);
  if (size_t from = before.rfind("自"); from != std::string_view::npos) {
    std::string_view clause = before.substr(from);
    if (std::optional<Date> d = FindDateInText(clause)) {
      start = d;
    } else if (clause.find("印发") != std::string_view::npos) {
      start = meta.written_date ? meta.written_date : meta.publish_date;
    } else if (clause.find("发布") != std::string_view::npos || clause.find("公布") != std::string_view::npos) {
      start = meta.publish_date ? meta.publish_date : meta.written_date;
    }
  }
  if (!start) start = meta.publish_date ? meta.publish_date : meta.written_date;
  return EndOfValidity(rest, start);
}

}  // namespace

void ReadBodyFacts(std::string_view text, std::string_view title, DisclosureMeta* meta) {
  const std::vector<std::string_view> lines = Lines(text);
  const size_t first = AfterTitle(lines, title);
  const size_t head_end = std::min(lines.size(), first + kHeadLines);
  for (size_t i = first; i < head_end && first > 0; ++i) {
    const std::string_view line = lines[i];
    if (!meta->publish_date) {
      if (std::optional<Date> d = DateLine(line)) {
        meta->publish_date = d;
        meta->publish_date_text = std::string(line);
      }
    }
    if (std::optional<Headnote> note = ReadHeadnote(line)) {
      if (meta->signer.empty() && !note->organ.empty()) meta->signer = note->organ;  // the organ that made it
      if (note->published && !meta->publish_date) {
        meta->publish_date = note->date;
        meta->publish_date_text = std::string(line.substr(0, note->length));
      } else if (!note->published && !meta->written_date) {
        meta->written_date = note->date;
        meta->written_date_text = std::string(line.substr(0, note->length));
      }
    }
    if (meta->doc_number.empty()) meta->doc_number = StandaloneDocNumber(line);
    if (meta->source.empty()) meta->source = std::string(BracketedSource(line));
  }
  const size_t body_end = std::min(lines.size(), first + kBodyLines);
  bool notice_read = false;
  // Most texts state no validity period: one search of the whole text settles it.
  const bool states_period = FindBytes(text, "有效期") != std::string_view::npos;
  for (size_t i = first; i < body_end; ++i) {
    const std::string_view line = lines[i];
    if (!meta->signed_date && i > first) {
      // The organ's line right above the date, or above a bracketed line between them
      // ("（盖章）", "（统一社会信用代码：…）"). The short organ's line is tested first: the
      // date's test searches the whole line.
      size_t organ = i - 1;
      if (organ > first && IsBracketed(lines[organ])) --organ;
      // "某某局（统一社会信用代码：…）" on the organ's own line: the name before the bracket.
      const std::string_view organ_name = WithoutTrailingBracket(lines[organ]);
      if (LooksLikeOrganisation(organ_name) && WrittenWithYearMonthDay(line)) {
        std::optional<Date> d = DateLine(line);
        if (!d) d = ChineseNumeralDate(line);
        if (d) {
          meta->signer = std::string(organ_name);
          meta->signed_date = d;
        }
      }
    }
    // A notice near the top (a title mark may already have said 废止: the notice adds its date).
    const bool labelled = meta->has_validity_label && !meta->validity.empty();
    if (!labelled && !notice_read && i < first + kHeadLines * 2) {
      if (std::optional<StatusNotice> notice = FindStatusNotice(line)) {
        notice_read = true;
        if (meta->status_notice.empty()) meta->status_notice = std::string(Utf8Prefix(line, 300));
        meta->validity = notice->validity;
        if (notice->date && !meta->expiry_date) {
          meta->expiry_date = notice->date;
          meta->expiry_date_text = std::string(Utf8Prefix(line, 300));
        }
      }
    }
    if (states_period && !meta->expiry_date && meta->validity_period.empty()) {
      if (std::optional<Date> end = BodyExpiry(line, *meta)) {
        meta->expiry_date = end;
        meta->expiry_date_text = std::string(Utf8Prefix(line, 300));
      }
    }
  }
}

}  // namespace govaudit
