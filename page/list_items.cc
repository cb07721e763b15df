#include "page/list_items.h"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include "common/url.h"
#include "common/indicators.h"
#include "common/strings.h"

namespace govaudit {
namespace {

const ListSettings& Settings() { return IndicatorSettings::Builtin().list; }



bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool IsNavigation(std::string_view anchor) {
  for (const std::string& word : Settings().navigation) {
    if (StartsWith(anchor, word)) return true;
  }
  return false;
}

bool IsDigit(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

}  // namespace

std::optional<MonthDay> FindMonthDay(std::string_view text) {
  static constexpr std::string_view kYue = "月", kRi = "日";
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsDigit(text, i)) continue;
    if (i > 0 && (IsDigit(text, i - 1) || text[i - 1] == '-' || text[i - 1] == '/' || text[i - 1] == '.' ||
                  text[i - 1] == ':')) {
      continue;
    }
    size_t j = i;
    int month = 0;
    while (IsDigit(text, j) && j - i < 3) month = month * 10 + (text[j++] - '0');
    if (j - i > 2) continue;
    bool cjk = false;
    if (j < text.size() && (text[j] == '-' || text[j] == '/')) {
      ++j;
    } else if (text.compare(j, kYue.size(), kYue) == 0) {
      j += kYue.size();
      cjk = true;
    } else {
      continue;
    }
    const size_t day_start = j;
    int day = 0;
    while (IsDigit(text, j) && j - day_start < 3) day = day * 10 + (text[j++] - '0');
    if (j == day_start || j - day_start > 2) continue;
    if (cjk) {
      if (text.compare(j, kRi.size(), kRi) != 0) continue;
    } else if (j < text.size() && (text[j] == '-' || text[j] == '/' || text[j] == '.' || text[j] == ':')) {
      continue;  // part of something longer (a time, a fraction, a version)
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    return MonthDay{month, day};
  }
  return std::nullopt;
}

std::optional<Date> DateEndingAnchor(std::string_view anchor) {
  anchor = TrimSpaces(anchor);
  for (std::string_view close : {"]", ")", "\xEF\xBC\x89" /*）*/, "\xE3\x80\x91" /*】*/}) {
    if (anchor.ends_with(close)) anchor = TrimSpaces(anchor.substr(0, anchor.size() - close.size()));
  }
  const bool digit_last = !anchor.empty() && anchor.back() >= '0' && anchor.back() <= '9';
  if (!digit_last && !anchor.ends_with("\xE6\x97\xA5" /*日*/)) return std::nullopt;
  std::optional<DateMatch> last;
  for (std::optional<DateMatch> m = FindDateMatch(anchor); m; m = FindDateMatch(anchor, m->end)) last = m;
  // A title of its own stands before the date.
  if (!last || last->end != anchor.size() || last->begin < 6) return std::nullopt;
  const std::string_view written = anchor.substr(last->begin, last->end - last->begin);
  const std::string_view before = TrimSpaces(anchor.substr(0, last->begin));
  const bool labelled = before.ends_with(":") || before.ends_with("\xEF\xBC\x9A" /*：*/);
  if (!labelled && written.find_first_not_of("0123456789-/.") != std::string_view::npos) return std::nullopt;
  return last->date;
}

namespace {

std::optional<Date> DateIn(std::string_view text, const std::optional<Date>& as_of) {
  if (std::optional<Date> d = FindDateInText(text)) return d;
  if (!as_of) return std::nullopt;
  std::optional<MonthDay> md = FindMonthDay(text);
  if (!md) return std::nullopt;
  // The latest year that does not put the date after the audit date (one day of slack for
  // time zones).
  for (int year = as_of->year; year >= as_of->year - 1; --year) {
    if (!IsValidDate(year, md->month, md->day)) continue;
    Date d{year, md->month, md->day};
    if (d <= as_of->AddDays(1)) return d;
  }
  return std::nullopt;
}

// The row's date: after the link first (lists put it there), else before it.
std::optional<Date> RowDate(const std::string& context, const std::string& anchor, const std::optional<Date>& as_of) {
  size_t at = anchor.empty() ? std::string::npos : context.find(anchor);
  if (at == std::string::npos) {
    // The anchor is not in the row text verbatim (alt text appended, or cut by the 300-byte
    // cap): a row that starts like the anchor holds nothing else worth reading.
    if (StartsWith(anchor, context.substr(0, std::min<size_t>(context.size(), 60)))) return std::nullopt;
    return DateIn(context, as_of);
  }
  std::string_view row(context);
  if (std::optional<Date> d = DateIn(row.substr(at + anchor.size()), as_of)) return d;
  if (std::optional<Date> d = DateIn(row.substr(0, at), as_of)) return d;
  return DateEndingAnchor(anchor);
}

// A column index or site section rather than a document.
bool LooksLikeIndex(const std::string& url) {
  std::optional<Url> u = ParseUrl(url);
  if (!u) return true;
  if (u->path.empty() || u->path.back() == '/') return true;
  std::string_view base(u->path);
  base.remove_prefix(base.rfind('/') + 1);
  for (std::string_view prefix : {"index.", "default.", "index_", "list", "more"}) {
    if (StartsWith(base, prefix)) return true;
  }
  return false;
}

std::string HostOf(const std::string& url) {
  std::optional<Url> u = ParseUrl(url);
  return u ? u->host : "";
}

// Lines of the text ('\n'), cells ('\t') kept inside.
template <typename F>
void ForEachLine(std::string_view text, F f) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!f(text.substr(start, end - start))) return;
    start = end + 1;
  }
}

bool FindEmptyMarker(std::string_view text, std::string* line_out) {
  const ListSettings& s = Settings();
  bool found = false;
  ForEachLine(text, [&](std::string_view line) {
    std::string_view cells = line;
    size_t start = 0;
    while (start <= cells.size()) {
      size_t end = cells.find('\t', start);
      if (end == std::string_view::npos) end = cells.size();
      std::string_view cell = TrimSpaces(cells.substr(start, end - start));
      if (!cell.empty() && CodePointsAtMost(cell, s.empty_marker_max_chars)) {
        for (const std::string& marker : s.empty_markers) {
          if (cell.find(marker) != std::string_view::npos) {
            *line_out = std::string(cell);
            found = true;
            return false;
          }
        }
      }
      start = end + 1;
    }
    return true;
  });
  return found;
}

}  // namespace

int ListPage::dated_items() const {
  return static_cast<int>(std::count_if(items.begin(), items.end(), [](const ListItem& i) { return i.date.has_value(); }));
}

const ListItem* ListPage::Newest(const Date& as_of) const {
  const ListItem* newest = nullptr;
  for (const ListItem& item : items) {
    if (item.date && *item.date <= as_of && (newest == nullptr || *item.date > *newest->date)) newest = &item;
  }
  return newest;
}

ListPage ExtractListItems(const Page& page, const std::optional<Date>& as_of) {
  const ListSettings& s = Settings();
  ListPage list;
  std::set<std::string> seen;
  const std::string page_host = HostOf(page.url);
  for (const PageLink& link : page.links) {
    if (link.tag != "a" || link.url.empty() || link.context.empty() || link.url == page.url) continue;
    const std::string_view anchor = TrimSpaces(link.anchor_text);
    if (CodePoints(anchor) < s.min_anchor_chars || IsNavigation(anchor)) continue;
    std::optional<Date> date = RowDate(link.context, std::string(anchor), as_of);
    if (!date && (LooksLikeIndex(link.url) || HostOf(link.url) != page_host)) continue;
    if (!seen.insert(link.url).second) continue;
    list.items.push_back(ListItem{std::string(anchor), link.url, date});
  }
  list.empty_marker = FindEmptyMarker(page.text, &list.empty_marker_line) ||
                      FindEmptyMarker(page.script_written_text, &list.empty_marker_line);
  return list;
}

bool IsListPage(const Page& page, const ListPage& list) {
  if (list.dated_items() < Settings().min_dated_items) return false;
  if (!page.meta.publish_date) return true;
  for (const auto& [name, content] : page.meta_tags) {
    if (name.size() == 12 && strncasecmp(name.c_str(), "ArticleTitle", 12) == 0 && !TrimSpaces(content).empty()) return false;
  }
  for (const ListItem& item : list.items) {
    if (item.date == page.meta.publish_date) return true;
  }
  return false;
}

bool IsLaterListPage(const std::string& url) {
  std::optional<Url> u = ParseUrl(url);
  if (!u) return false;
  // ?page=2, ?pageNo=3 ...
  std::string_view query(u->query);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(pair.substr(0, eq));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    static const std::set<std::string> kPageKeys = {"page", "pageno", "pageindex", "pagenum", "curpage",
                                                    "currentpage", "p", "pn", "pagenumber"};
    if (kPageKeys.count(key) == 0) continue;
    std::string_view value = pair.substr(eq + 1);
    if (value.empty() || value.size() > 6 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    if (std::stoi(std::string(value)) >= 2) return true;
  }
  // index_1.html (TRS numbers the second page 1), list_2.shtml, default_3.htm ...
  std::string_view base(u->path);
  base.remove_prefix(base.rfind('/') + 1);
  base = base.substr(0, base.find('.'));
  size_t sep = base.find_last_of("_-");
  if (sep == std::string_view::npos || sep + 1 >= base.size()) return false;
  std::string_view stem = base.substr(0, sep), number = base.substr(sep + 1);
  if (number.size() > 5 || !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const int n = std::stoi(std::string(number));
  if (stem == "index") return n >= 1;
  for (std::string_view name : {"list", "lists", "default", "more", "page"}) {
    if (stem == name) return n >= 2;
  }
  // Pagers that name the list themselves (createPageHTML('page_div', …, 'list3', 'shtml')):
  // list3_2.shtml, xlist_2.shtml, common_list_2.shtml.
  if (stem.find("list") != std::string_view::npos && base[sep] == '_') return n >= 2;
  // A column named by its id, its pages numbered after a dash (ln.gov.cn: 605dc429-2.shtml).
  const bool hex_id = stem.size() >= 6 && stem.size() <= 40 && base[sep] == '-' &&
                      std::all_of(stem.begin(), stem.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  return hex_id && n >= 2;
}

}  // namespace govaudit
