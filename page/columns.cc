#include "page/columns.h"

#include <algorithm>
#include <array>

#include "common/strings.h"

namespace govaudit {
namespace {

constexpr std::string_view kLocationLabels[] = {"当前位置", "您的位置", "您现在的位置", "您当前的位置",
                                                "所在位置", "现在位置", "位置：", "位置:"};
constexpr std::string_view kStepSeparators[] = {">", "＞", "»", "›", "→", "/", "｜", "\t"};
constexpr size_t kLongestLocationLabel = [] {
  size_t longest = 0;
  for (std::string_view label : kLocationLabels) longest = std::max(longest, label.size());
  return longest;
}();
// A label is a breadcrumb's only when it starts its line (a paragraph may mention 位置).
constexpr size_t kLabelMaxOffset = 30;
// Steps written one per block after a lone label: short lines without a colon.
constexpr size_t kMaxStepLineBytes = 36;
constexpr int kMaxStepLines = 8;
// A breadcrumb without a location label is a short line.
constexpr size_t kMaxUnlabelledCrumbBytes = 200;

bool StartsWithSeparator(std::string_view s) {
  s = TrimSpaces(s);
  for (std::string_view sep : kStepSeparators) {
    if (sep != "\t" && s.starts_with(sep)) return true;
  }
  return false;
}

void SplitSteps(std::string_view s, std::vector<std::string>* steps) {
  size_t i = 0, start = 0;
  auto flush = [&](size_t end) {
    std::string_view step = TrimSpaces(s.substr(start, end - start));
    if (!step.empty()) steps->emplace_back(step);
  };
  while (i < s.size()) {
    size_t matched = 0;
    for (std::string_view sep : kStepSeparators) {
      if (s.compare(i, sep.size(), sep) == 0) {
        matched = sep.size();
        break;
      }
    }
    if (matched == 0) {
      ++i;
      continue;
    }
    flush(i);
    i += matched;
    start = i;
  }
  flush(s.size());
}

bool IsAsciiDigitAt(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

}  // namespace

std::vector<std::string> BreadcrumbSteps(std::string_view text) {
  const std::vector<std::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    // Every label says 位置: a line without it near its start (nearly every line) has none.
    if (FindBytes(line.substr(0, kLabelMaxOffset + kLongestLocationLabel), "位置") == std::string_view::npos) continue;
    size_t at = std::string_view::npos, label_size = 0;
    for (std::string_view label : kLocationLabels) {
      at = line.substr(0, kLabelMaxOffset + label.size()).find(label);
      if (at != std::string_view::npos) {
        label_size = label.size();
        break;
      }
    }
    if (at == std::string_view::npos || at > kLabelMaxOffset) continue;
    std::string_view rest = TrimSpaces(line.substr(at + label_size));
    for (std::string_view colon : {"：", ":"}) {
      if (rest.starts_with(colon)) rest = TrimSpaces(rest.substr(colon.size()));
    }
    std::vector<std::string> steps;
    SplitSteps(rest, &steps);
    size_t j = i + 1;
    // Some templates put each step in its own block: "首页\n>政务公开\t>通知公告".
    for (; j < lines.size() && StartsWithSeparator(lines[j]); ++j) SplitSteps(lines[j], &steps);
    if (steps.empty()) {
      // A lone label over one link per block.
      for (int k = 0; k < kMaxStepLines && j < lines.size(); ++k, ++j) {
        std::string_view item = lines[j];
        if (item.size() > kMaxStepLineBytes || item.find("：") != std::string_view::npos ||
            item.find(':') != std::string_view::npos) {
          break;
        }
        SplitSteps(item, &steps);
      }
    }
    if (!steps.empty()) return steps;
  }
  // No location label: a short line that starts at the home page ("首页 > 要闻").
  for (std::string_view line : lines) {
    line = TrimSpaces(line);
    if (line.size() > kMaxUnlabelledCrumbBytes) continue;
    std::string_view rest;
    for (std::string_view home : {"网站首页", "首页"}) {
      if (line.starts_with(home)) {
        rest = TrimSpaces(line.substr(home.size()));
        break;
      }
    }
    if (rest.empty() || !StartsWithSeparator(rest) || rest.starts_with("/") || rest.starts_with("｜")) continue;
    std::vector<std::string> steps{"首页"};
    SplitSteps(rest, &steps);
    if (steps.size() >= 2) return steps;
  }
  return {};
}

namespace {

struct Span {
  size_t begin, end;  // the part, untrimmed
  size_t next;        // where the next part starts (past its separator)
};

constexpr std::string_view kSeparators[] = {"__", "_", "｜", "|", "－", "——", "—", " - ", "--", "-"};
// The bytes a separator begins with: a title is split for every page, several times, and the
// other bytes are stepped over with one lookup.
constexpr std::array<bool, 256> kSeparatorStarts = [] {
  std::array<bool, 256> starts{};
  for (std::string_view sep : kSeparators) starts[static_cast<unsigned char>(sep.front())] = true;
  return starts;
}();

// +1 for an opening bracket at title[i] (（ ( 《), -1 for a closing one, 0 otherwise.
int BracketAt(std::string_view title, size_t i) {
  const unsigned char c = static_cast<unsigned char>(title[i]);
  if (c == '(') return 1;
  if (c == ')') return -1;
  if (c != 0xEF && c != 0xE3) return 0;
  const std::string_view cp = title.substr(i, 3);
  if (cp == "\xEF\xBC\x88" /*（*/ || cp == "\xE3\x80\x8A" /*《*/) return 1;
  if (cp == "\xEF\xBC\x89" /*）*/ || cp == "\xE3\x80\x8B" /*》*/) return -1;
  return 0;
}

// The parts of a title and the separators between them. A dash inside brackets belongs to the
// title ("实施方案（2026—2028年）", "《…——…》").
std::vector<Span> TitleSpans(std::string_view title) {
  std::vector<Span> spans;
  size_t start = 0, i = 0;
  int depth = 0;
  while (i <= title.size()) {
    size_t matched = 0;
    if (i < title.size()) depth = std::max(0, depth + BracketAt(title, i));
    if (i < title.size() && depth == 0 && kSeparatorStarts[static_cast<unsigned char>(title[i])]) {
      for (std::string_view sep : kSeparators) {
        if (title.compare(i, sep.size(), sep) != 0) continue;
        // "1-10月…", "2024-2025年…": a hyphen between digits is no separator.
        if (sep == "-" && i > 0 && IsAsciiDigitAt(title, i - 1) && IsAsciiDigitAt(title, i + 1)) continue;
        matched = sep.size();
        break;
      }
    }
    if (i == title.size() || matched > 0) {
      spans.push_back({start, i, i + matched});
      if (i == title.size()) break;
      i += matched;
      start = i;
      continue;
    }
    ++i;
  }
  // "泓川市人民政府 标题" (Jiangsu's site platform): with no other separator, a space after a
  // leading name that looks like a site's separates it from the title.
  if (spans.size() == 1) {
    for (std::string_view space : {" ", "\u3000"}) {
      const size_t at = title.find(space);
      if (at == std::string_view::npos || at == 0) continue;
      const size_t rest = at + space.size();
      if (LooksLikeSiteName(title.substr(0, at), {}) && !TrimSpaces(title.substr(rest)).empty()) {
        return {{0, at, rest}, {rest, title.size(), title.size()}};
      }
    }
  }
  return spans;
}

// A column or an issue of a gazette: a short part ("政策解读", "2026年第11期县政府公报").
constexpr size_t kMaxColumnPartCodePoints = 16;

}  // namespace

std::vector<std::string> TitleParts(std::string_view title) {
  std::vector<std::string> parts;
  for (const Span& span : TitleSpans(title)) {
    std::string_view part = TrimSpaces(title.substr(span.begin, span.end - span.begin));
    if (!part.empty()) parts.emplace_back(part);
  }
  return parts;
}

namespace {

// How many parts name the site before the page's own ("岚川县人民政府--政策文件"): 0 unless
// what follows them does not name the site too (a title ending in the site's name is written
// the usual way round, whatever its first part ends with).
size_t LeadingSiteParts(std::string_view title, const std::vector<Span>& spans, std::string_view site_name) {
  auto part = [&](size_t k) { return TrimSpaces(title.substr(spans[k].begin, spans[k].end - spans[k].begin)); };
  if (spans.size() < 2 || LooksLikeSiteName(part(spans.size() - 1), site_name)) return 0;
  size_t first = 0;
  while (first + 1 < spans.size() && (part(first).empty() || LooksLikeSiteName(part(first), site_name))) ++first;
  return first;
}

}  // namespace

bool LooksLikeSiteName(std::string_view name, std::string_view site_name) {
  name = TrimSpaces(name);
  if (name.empty()) return false;
  if (!site_name.empty() && name == TrimSpaces(site_name)) return true;
  constexpr std::string_view kSiteEndings[] = {"人民政府", "政府",   "政府网", "政府网站", "门户网站", "网站",
                                               "门户网",   "政务网", "信息网", "官网",     "政府门户", "门户",
                                               "中国政府网", "网"};
  constexpr size_t kMaxSiteNameCodePoints = 24;
  if (CodePoints(name) > kMaxSiteNameCodePoints) return false;
  for (std::string_view ending : kSiteEndings) {
    if (name.ends_with(ending)) return true;
  }
  return LowerAscii(name).find(".gov.cn") != std::string::npos;
}

std::string TitleWithoutSiteName(std::string_view html_title, std::string_view site_name) {
  const std::vector<Span> spans = TitleSpans(html_title);
  if (const size_t first = LeadingSiteParts(html_title, spans, site_name); first > 0) {
    return std::string(TrimSpaces(html_title.substr(spans[first].begin)));
  }
  size_t keep = spans.size();
  // Parts are dropped from the end while they name the site, a column or a gazette issue; the
  // first part always stays, and a long part (a title holding a dash) stops the cut.
  while (keep > 1) {
    const Span& last = spans[keep - 1];
    std::string_view part = TrimSpaces(html_title.substr(last.begin, last.end - last.begin));
    if (!part.empty() && !LooksLikeSiteName(part, site_name) && CodePoints(part) > kMaxColumnPartCodePoints) break;
    --keep;
  }
  return std::string(TrimSpaces(html_title.substr(0, spans.empty() ? 0 : spans[keep - 1].end)));
}

const std::string& ColumnNames::Best() const {
  for (const std::string* s : {&meta, &breadcrumb, &heading, &html_title}) {
    if (!s->empty()) return *s;
  }
  return meta;
}

const std::vector<std::string>& BreadcrumbStepsOf(const Page& page) {
  std::optional<Page::BreadcrumbCache>& cache = page.breadcrumb_cache;
  if (!cache || cache->text_data != page.text.data() || cache->text_size != page.text.size()) {
    cache = Page::BreadcrumbCache{page.text.data(), page.text.size(), BreadcrumbSteps(page.text)};
  }
  return cache->steps;
}

ColumnNames ColumnNamesOf(const Page& page) {
  ColumnNames names;
  names.meta = std::string(TrimSpaces(page.meta.column_name));
  const std::vector<std::string>& steps = BreadcrumbStepsOf(page);
  if (steps.size() >= 2 || (steps.size() == 1 && steps[0] != "首页")) names.breadcrumb = steps.back();
  names.heading = std::string(TrimSpaces(page.title));
  // The first part of <title> that is not the site's name.
  const std::string_view html_title = page.html_title;
  const std::vector<Span> spans = TitleSpans(html_title);
  for (size_t k = LeadingSiteParts(html_title, spans, {}); k < spans.size() && names.html_title.empty(); ++k) {
    names.html_title = std::string(TrimSpaces(html_title.substr(spans[k].begin, spans[k].end - spans[k].begin)));
  }
  return names;
}

}  // namespace govaudit
