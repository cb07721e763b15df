// Page kinds: what a page is for the disclosure rules, decided once per page with reasons.
#include <algorithm>
#include <optional>

#include "classify/documents.h"
#include "classify/internal/text.h"
#include "classify/page_kinds.h"
#include "common/date.h"
#include "common/strings.h"
#include "common/utf8.h"
#include "page/columns.h"
#include "page/list_items.h"

namespace govaudit {

using namespace classify_internal;  // NOLINT: the classifiers' text helpers

namespace {

// Anchors shorter than this (5 CJK characters) are navigation, not titles of listed items.
constexpr size_t kMinListedAnchorBytes = 15;
// How far ahead of the last listed link the next one is looked for in the page text.
constexpr size_t kListSearchWindow = 8192;
// Links a column page without dates must list to be taken for one.
constexpr size_t kMinUndatedItems = 3;

// Lines longer than this are not list items; a page with such prose is an article.
constexpr size_t kMaxListLineBytes = 600;
constexpr size_t kProseLineBytes = 300;

// Lists: links that stand beside a date.

// An anchor that is an address ("www.xx.gov.cn"), not an item's title.
bool LooksLikeAddress(std::string_view anchor) {
  for (std::string_view marker : {"www.", "http", ".gov.cn", ".com", ".cn/"}) {
    if (Contains(anchor, marker)) return true;
  }
  return false;
}

// What follows an item's title in its row is only a month and day: "(11-19)", "[11-19]",
// "11月19日". Columns that list only this year's items write no year; a longer remainder
// ("第1-2期", "1/3 页") is not taken for one.
bool OnlyMonthDay(std::string_view rest) {
  rest = TrimSpaces(rest);
  for (std::string_view open : {"(", "[", "（", "【"}) {
    if (rest.starts_with(open)) rest.remove_prefix(open.size());
  }
  for (std::string_view close : {")", "]", "）", "】"}) {
    if (rest.ends_with(close)) rest.remove_suffix(close.size());
  }
  rest = TrimSpaces(rest);
  if (rest.empty() || rest.size() > 11) return false;  // 12月31日 is 11 bytes
  for (size_t i = 0; i < rest.size();) {
    if ((rest[i] >= '0' && rest[i] <= '9') || rest[i] == '-' || rest[i] == '/') {
      ++i;
    } else if (rest.substr(i, 3) == "月" || rest.substr(i, 3) == "日") {
      i += 3;
    } else {
      return false;  // "第1-2期", "共3/4册"
    }
  }
  return FindMonthDay(rest).has_value();
}

// What follows `word` at the start of `s`, spaces allowed between its characters; nothing if
// `s` does not start with it.
std::optional<std::string_view> AfterSpacedWord(std::string_view s, std::string_view word) {
  size_t at = 0;
  for (size_t w = 0; w < word.size();) {
    if (w > 0) {
      while (at < s.size() && s[at] == ' ') ++at;
    }
    size_t len;
    DecodeUtf8At(word, w, &len);
    if (s.substr(at, len) != word.substr(w, len)) return std::nullopt;
    at += len;
    w += len;
  }
  return s.substr(at);
}

// The bytes of the dash at s[i] ("-", "—", "–", "－": "XYDR—2026—01002"), 0 if none.
size_t DashAt(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == '-') return 1;
  for (std::string_view dash : {"\xE2\x80\x94" /*—*/, "\xE2\x80\x93" /*–*/, "\xEF\xBC\x8D" /*－*/}) {
    if (s.substr(i, dash.size()) == dash) return dash.size();
  }
  return 0;
}

// The registration code of a 行政规范性文件 ("登记编号：SDPR-2026-0010001"): provinces register
// their normative documents and print the code on them. Only that shape counts (letters, the
// year, a serial): a company's 统一登记号 is a credit code.
std::string_view RegistrationCode(std::string_view text) {
  constexpr std::string_view kRegistered = "登";
  for (size_t at = Find(text, kRegistered); at != npos; at = Find(text, kRegistered, at + kRegistered.size())) {
    // 登记编号, 登记编码, 登记号; spaced out to fill a cell ("登 记 号").
    std::optional<std::string_view> after;
    for (std::string_view label : {"登记编号", "登记编码", "登记号"}) {
      if (!after) after = AfterSpacedWord(text.substr(at, 64), label);
    }
    if (!after) continue;
    std::string_view rest = after->substr(0, 40);
    for (std::string_view skip : {"：", ":", " "}) {
      while (rest.starts_with(skip)) rest.remove_prefix(skip.size());
    }
    size_t i = 0;
    while (i < rest.size() && rest[i] >= 'A' && rest[i] <= 'Z') ++i;
    const size_t dash1 = DashAt(rest, i);
    if (i < 2 || i > 6 || dash1 == 0) continue;
    const size_t year = i + dash1;
    size_t j = year;
    while (j < rest.size() && rest[j] >= '0' && rest[j] <= '9') ++j;
    const size_t dash2 = DashAt(rest, j);
    if (j - year != 4 || dash2 == 0) continue;
    size_t k = j + dash2;
    const size_t serial = k;
    while (k < rest.size() && rest[k] >= '0' && rest[k] <= '9') ++k;
    if (k - serial >= 3) return rest.substr(0, k);
  }
  return {};
}

// True if `row` holds a date outside the anchor (titles often hold a year or a date).
bool DateBesideAnchor(std::string_view row, std::string_view anchor) {
  const size_t at = Find(row, anchor);
  if (at == npos) return false;
  const std::string_view after = row.substr(at + anchor.size());
  return FindDateInText(row.substr(0, at)).has_value() || FindDateInText(after).has_value() || OnlyMonthDay(after);
}

int CountDatedLinks(const Page& page) {
  std::string_view text = page.text;
  size_t cursor = 0;
  int dated = 0;
  for (const PageLink& link : page.links) {
    const std::string& anchor = link.anchor_text;
    if (anchor.size() < kMinListedAnchorBytes || LooksLikeAddress(anchor)) continue;
    // The row the link stands in (<li>, <tr>, <dd>, <p>) usually holds the item's date; some
    // templates put it inside the link.
    if (DateBesideAnchor(link.context, anchor) || DateEndingAnchor(anchor)) {
      ++dated;
      continue;
    }
    // Outside a row, the date shares the anchor's line; <dt><a>…</a></dt><dd>2026-05-20</dd>:
    // the date is the next, short line of the text.
    if (cursor >= text.size()) continue;
    std::string_view window = text.substr(0, std::min(text.size(), cursor + kListSearchWindow));
    size_t pos = Find(window, anchor, cursor);
    if (pos == npos) continue;
    size_t line_start;
    std::string_view line = LineAt(text, pos, &line_start);
    if (line.size() > kMaxListLineBytes) continue;
    bool has_date = DateBesideAnchor(line, anchor);
    // The date on the next short line, or after a one-line summary (picture lists: title,
    // summary, date).
    size_t next_start = line_start + line.size() + 1;
    for (int step = 0; step < 2 && !has_date && next_start < text.size(); ++step) {
      std::string_view next = LineAt(text, next_start);
      has_date = next.size() <= 40 && FindDateInText(next).has_value();
      if (next.size() > kMaxListLineBytes) break;
      next_start += next.size() + 1;
    }
    if (has_date) {
      ++dated;
      cursor = pos + anchor.size();  // only a confirmed item moves the search on
    }
  }
  return dated;
}

bool HasProseLine(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == npos) end = text.size();
    if (end - start >= kProseLineBytes) return true;
    start = end + 1;
  }
  return false;
}

// The page's heading is its column's name (ColumnName meta or the breadcrumb's last step).
bool TitleNamesColumn(const Page& page) {
  const ColumnNames names = ColumnNamesOf(page);
  const std::string title = WithoutSpaces(page.title);
  if (title.empty()) return false;
  return title == WithoutSpaces(names.meta) || title == WithoutSpaces(names.breadcrumb);
}

// The site's home page: the root path, or an index file at the root.
bool IsRootPage(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == npos) return false;
  size_t slash = url.find('/', scheme + 3);
  if (slash == npos) return true;
  std::string_view path = url.substr(slash);
  if (size_t q = path.find_first_of("?#"); q != npos) path = path.substr(0, q);
  for (std::string_view home : {"/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php",
                                "/default.html", "/default.htm", "/default.aspx"}) {
    if (path == home) return true;
  }
  return false;
}

// ---- Columns ----------------------------------------------------------------------------

struct ColumnGuess {
  std::string name;
  const char* source = "";
};

constexpr std::string_view kCrumbSkipped[] = {"正文", "详情", "内容", "正文内容", "首页"};

std::string BreadcrumbColumn(const Page& page) {
  const std::vector<std::string>& steps = BreadcrumbStepsOf(page);
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    bool skipped = *it == page.title;
    for (std::string_view s : kCrumbSkipped) skipped = skipped || *it == s;
    if (!skipped) return *it;
  }
  return "";
}

std::string TitleColumn(const Page& page, bool is_list) {
  std::vector<std::string> parts = TitleParts(page.html_title);
  if (parts.empty()) return "";
  if (parts.size() == 1) return is_list ? parts[0] : "";
  parts.pop_back();  // the site name
  for (const std::string& part : parts) {
    if (part == page.title || Contains(page.title, part) || Contains(part, page.title)) continue;
    return part;
  }
  return is_list ? parts[0] : "";
}

std::string UrlColumn(const Page& page, const KindConfig& config) {
  std::string_view path = page.url;
  if (size_t scheme = path.find("://"); scheme != npos) {
    size_t slash = path.find('/', scheme + 3);
    path = slash == npos ? std::string_view() : path.substr(slash);
  }
  if (size_t q = path.find_first_of("?#"); q != npos) path = path.substr(0, q);
  size_t best = npos;
  std::string name;
  for (const auto& [marker, column] : config.url_columns) {
    size_t pos = path.rfind(marker);
    if (pos != npos && (best == npos || pos > best)) {
      best = pos;
      name = column;
    }
  }
  return name;
}

ColumnGuess GuessColumn(const Page& page, const KindConfig& config, bool is_list) {
  if (!page.meta.column_name.empty()) return {page.meta.column_name, "ColumnName"};
  if (std::string c = BreadcrumbColumn(page); !c.empty()) return {c, "面包屑"};
  if (std::string c = TitleColumn(page, is_list); !c.empty()) return {c, "标题"};
  if (std::string c = UrlColumn(page, config); !c.empty()) return {c, "URL"};
  return {};
}

// ---- Kinds -------------------------------------------------------------------------------

std::string JoinReasons(const std::vector<std::string>& why) { return Join(why, "；"); }

// One page's classification, kind by kind; each step may read what the earlier ones decided.
class Classifier {
 public:
  Classifier(const Page& page, const KindConfig& config) : page_(page), config_(config), m_(page.meta) {
    has_doc_meta_ = !m_.doc_number.empty() || !m_.index_no.empty() || m_.written_date.has_value();
    is_document_ = has_doc_meta_ || m_.publish_date.has_value();
    result_.dated_links = CountDatedLinks(page);
    // A column page lists dated items and carries no document of its own: it has no date of
    // its own, or many items and no prose, or its heading is the column's name (a column of
    // two items whose template stamps a date on every page).
    const bool prose = HasProseLine(page.text);
    // A page that fills its list from an interface ($.ajax, fetch) and shows nothing of its own
    // is a column whose items the crawler cannot see.
    script_list_ = !page.script_data_call.empty() && result_.dated_links == 0 && !prose && !is_document_;
    // A gazette issue or a column without dates ("2026年第11期" over its articles): its heading
    // is the column's name and it lists several of the site's pages.
    if (result_.dated_links == 0 && !prose && !is_document_ && TitleNamesColumn(page)) {
      undated_items_ = ExtractListItems(page, std::nullopt).items.size();
    }
    const bool undated_list = undated_items_ >= kMinUndatedItems;
    is_list_ = !has_doc_meta_ && ((result_.dated_links >= 1 && !m_.publish_date) ||
                                  (result_.dated_links >= config.list_min_dated_links && !prose) ||
                                  (result_.dated_links >= 1 && !prose && TitleNamesColumn(page)) || script_list_ ||
                                  undated_list);
    column_ = GuessColumn(page, config, is_list_);
    result_.column = column_.name;
    result_.column_source = column_.source;
    column_note_ = column_.name.empty() ? "" : "栏目" + Quote(column_.name) + "（" + column_.source + "）";
    policy_column_ = FirstIn(column_.name, config.policy_columns);
    result_.policy_column = policy_column_ != nullptr;
    doc_number_ = NormalizeDocNumber(m_.doc_number);
    news_ = !is_list_ && FirstIn(column_.name, config.news_columns) != nullptr;
  }

  PageKinds Run() {
    // The home page is judged as such (home.stale, the footer), never as a column or a document.
    if (IsRootPage(page_.url)) return std::move(result_);
    Interpretation();
    Library();
    Policy();
    Normative();
    Subsidy();
    if (is_list_ && !(library_ && script_list_)) {
      Add(kColumnList, (script_list_ ? "条目由脚本加载（" + page_.script_data_call + "）"
                       : undated_items_ >= kMinUndatedItems ? "标题即栏目名，列出 " + std::to_string(undated_items_) + " 个本站页面（无日期）"
                                      : std::to_string(result_.dated_links) + " 个带日期的链接") +
                           (column_.name.empty() ? "" : "；" + column_note_));
    }
    Notice();
    if (news_) Add(kNews, column_note_);
    NeedsInterpretation();
    Finish();
    return std::move(result_);
  }

 private:
  void Add(std::string_view kind, std::string why) {
    result_.kinds.emplace_back(kind);
    reasons_.emplace_back(kind, std::move(why));
  }

  void Interpretation() {
    if (is_list_) return;
    std::string why;
    if (const std::string* t = FirstIn(page_.title, config_.interpretation_title_markers)) why = "标题含" + Quote(*t);
    if (FirstIn(column_.name, config_.interpretation_columns) != nullptr) why += (why.empty() ? "" : "；") + column_note_;
    interpretation_ = !why.empty();
    if (interpretation_) Add(kInterpretation, why);
  }

  // Normative-document library: a list in the normative column, never a document itself.
  void Library() {
    // A library's date may be its first item's (read as a head line); a list has no document
    // metadata of its own.
    if (has_doc_meta_ || (is_document_ && !is_list_)) return;
    const std::string* marker = FirstIn(column_.name, config_.library_markers);
    const std::string* title_marker = FirstIn(page_.title, config_.library_markers);
    // A list filled by script still shows its column names (文号 / 发文字号, 发布日期).
    const bool list_like =
        is_list_ || ((Contains(page_.text, "文号") || Contains(page_.text, "文字号")) && Contains(page_.text, "日期"));
    if ((marker == nullptr && title_marker == nullptr) || !list_like) return;
    library_ = true;
    std::string why = marker != nullptr ? column_note_ : "标题含" + Quote(*title_marker);
    why += "；页面无文号、索引号、发布日期等文件信息";
    why += result_.dated_links > 0 ? "；列出 " + std::to_string(result_.dated_links) + " 个带日期的链接"
                                   : "；列表由脚本加载，页面中无文件链接";
    Add(kNormativeLibrary, why);
  }

  void Policy() {
    if (is_list_ || interpretation_ || library_) return;
    std::vector<std::string> why;
    if (const std::string* p = MatchingPattern(doc_number_, config_.doc_number_patterns)) {
      why.push_back("文号" + Quote(m_.doc_number) + "符合" + Quote(*p));
    }
    if (policy_column_ != nullptr && is_document_) why.push_back(column_note_);
    // A 通告 of the government in a notice column is a notice; elsewhere it is a document.
    const bool notice_column = FirstIn(column_.name, config_.notice_columns) != nullptr;
    if (!news_ && !notice_column) {
      const std::string* issuer = FirstIn(m_.issuer, config_.policy_issuers);
      const std::string* title = FirstIn(page_.title, config_.document_title_markers);
      if (issuer != nullptr && title != nullptr) why.push_back("发布机构" + Quote(m_.issuer) + "、标题含" + Quote(*title));
    }
    if (why.empty()) return;
    policy_ = true;
    Add(kPolicyDocument, JoinReasons(why));
  }

  void Normative() {
    if (is_list_ || interpretation_ || library_ || !is_document_) return;
    std::vector<std::string> why;
    if (FirstIn(column_.name, config_.normative_columns) != nullptr) why.push_back(column_note_);
    if (const std::string* p = MatchingPattern(doc_number_, config_.normative_doc_number_patterns)) {
      why.push_back("文号" + Quote(m_.doc_number) + "符合" + Quote(*p));
    }
    if (why.empty() && !doc_number_.empty()) {
      if (const std::string_view code = RegistrationCode(page_.text); !code.empty()) {
        why.push_back("规范性文件登记号" + Quote(std::string(code)));
      }
    }
    // A document that labels its validity and states how long it is in force: the 有效期 that
    // normative documents must carry ("有效性：有效" over "本办法…有效期2年").
    const bool states_period = !m_.validity_period.empty() || Contains(m_.expiry_date_text, "有效期");
    if (why.empty() && !doc_number_.empty() && m_.has_validity_label && !m_.validity.empty() && states_period) {
      why.push_back(
          "标注有效性" + Quote(m_.validity) + "并规定有效期" +
          Quote(m_.validity_period.empty() ? std::string(Utf8Prefix(m_.expiry_date_text, 60)) : m_.validity_period));
    }
    if (const std::string* t = FirstIn(m_.topic, config_.normative_metadata_markers)) {
      why.push_back("主题分类含" + Quote(*t));
    } else {
      for (const auto& [name, value] : page_.meta_tags) {
        if (name == "ColumnName" || name == "columnname") continue;  // the column, counted above
        if (const std::string* v = FirstIn(value, config_.normative_metadata_markers)) {
          why.push_back("<meta name=\"" + name + "\"> 含" + Quote(*v));
          break;
        }
      }
    }
    if (why.empty()) return;
    const std::string joined = JoinReasons(why);
    Add(kNormativeDocument, joined);
    if (!policy_) {
      policy_ = true;
      Add(kPolicyDocument, joined);
    }
  }

  // Subsidy list: a marker and enough field columns (or "标签：" lines).
  void Subsidy() {
    const std::string* marker = FirstIn(page_.title, config_.subsidy_markers);
    if (marker == nullptr) marker = FirstIn(column_.name, config_.subsidy_markers);
    for (size_t t = 0; marker == nullptr && t < page_.tables.size(); ++t) {
      marker = FirstIn(page_.tables[t].caption, config_.subsidy_markers);
    }
    std::string why;
    for (size_t t = 0; t < page_.tables.size() && why.empty(); ++t) {
      PageTable turned;
      std::vector<int> columns = SubsidyFields(page_.tables[t], config_, &turned);
      const PageTable& table = turned.rows.empty() ? page_.tables[t] : turned;
      std::vector<std::string> named;
      for (size_t f = 0; f < columns.size(); ++f) {
        if (columns[f] >= 0) named.push_back(table.rows[table.header_row][columns[f]]);
      }
      const int needed = marker != nullptr ? config_.subsidy_min_fields : config_.subsidy_min_fields + 1;
      if (static_cast<int>(named.size()) >= needed) why = "表格 " + std::to_string(t + 1) + " 的列：" + Join(named, "、");
    }
    if (why.empty() && marker != nullptr) {
      std::vector<bool> labels = SubsidyLabelsInText(page_.text, config_);
      std::vector<std::string> named;
      for (size_t f = 0; f < labels.size(); ++f) {
        if (labels[f]) named.push_back(config_.subsidy_fields[f].name);
      }
      if (static_cast<int>(named.size()) >= config_.subsidy_min_fields) {
        why = "以段落列出（非表格），含字段：" + Join(named, "、");
      }
    }
    if (why.empty()) return;
    if (marker != nullptr) why = "含" + Quote(*marker) + "；" + why;
    Add(kSubsidyList, why);
  }

  // A 公示 or 公告 by its title, or a page of a 公示公告 column that is nothing else: a 批复, a
  // 函 or a subsidy list posted in the column is what it is, not a notice too.
  void Notice() {
    if (is_list_) return;
    std::string why;
    if (const std::string* t = FirstIn(page_.title, config_.notice_title_markers)) {
      why = "标题含" + Quote(*t);
    } else if (FirstIn(column_.name, config_.notice_columns) != nullptr && !result_.Has(kPolicyDocument) &&
               !result_.Has(kSubsidyList)) {
      why = column_note_;
    }
    if (!why.empty()) Add(kNotice, why);
  }

  // Which documents must have an interpretation (interpretation.missing): the government's
  // and its office's 文号 forms, normative documents, documents in a policy column; a document
  // elsewhere needs one if a policy column lists it.
  void NeedsInterpretation() {
    if (!policy_ || interpretation_ || news_) return;
    std::string why;
    if (const std::string* p = MatchingPattern(doc_number_, config_.required_doc_number_patterns)) {
      why = "文号" + Quote(m_.doc_number) + "符合" + Quote(*p);
    } else if (config_.required_normative && result_.Has(kNormativeDocument)) {
      why = "行政规范性文件";
    } else if (config_.required_in_policy_column && result_.policy_column) {
      why = "位于政策文件栏目" + Quote(column_.name);
    }
    if (!why.empty()) {
      result_.needs_interpretation = true;
      reasons_.emplace_back("needs", why);
    } else if (config_.required_in_policy_column) {
      result_.needs_interpretation_if_listed = true;
      reasons_.emplace_back("needs", "由政策文件栏目列出时");
    }
  }

  // Kinds in their fixed order, and the reasons as one Chinese sentence per kind.
  void Finish() {
    constexpr std::string_view kOrder[] = {kPolicyDocument, kInterpretation, kNormativeDocument, kNormativeLibrary,
                                           kSubsidyList,    kColumnList,     kNotice,            kNews};
    auto rank = [&](const std::string& k) { return std::find(std::begin(kOrder), std::end(kOrder), k) - std::begin(kOrder); };
    std::sort(result_.kinds.begin(), result_.kinds.end(),
              [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
    static const std::pair<std::string_view, std::string_view> kNames[] = {
        {kPolicyDocument, "政策文件"},
        {kInterpretation, "政策解读"},
        {kNormativeDocument, "行政规范性文件"},
        {kNormativeLibrary, "规范性文件库"},
        {kSubsidyList, "惠民惠农财政补贴政策目录清单"},
        {kColumnList, "栏目列表页"},
        {kNotice, "公示公告"},
        {kNews, "新闻动态"},
        {"needs", "需要政策解读"},
    };
    for (const auto& [name_id, name] : kNames) {
      for (const auto& [kind, why] : reasons_) {
        if (kind == name_id) result_.reasons += std::string(name) + "：" + why + "。";
      }
    }
  }

  const Page& page_;
  const KindConfig& config_;
  const DisclosureMeta& m_;
  PageKinds result_;
  std::vector<std::pair<std::string_view, std::string>> reasons_;  // kind → its reasons
  bool has_doc_meta_ = false;
  bool is_document_ = false;
  bool is_list_ = false;
  bool script_list_ = false;
  size_t undated_items_ = 0;  // links listed by a page titled with its column's name, no dates  // a column filled by a script from an interface: no items to see
  bool news_ = false;
  bool interpretation_ = false;
  bool library_ = false;
  bool policy_ = false;
  ColumnGuess column_;
  std::string column_note_;
  const std::string* policy_column_ = nullptr;
  std::string doc_number_;
};

}  // namespace

bool PageKinds::Has(std::string_view kind) const { return std::find(kinds.begin(), kinds.end(), kind) != kinds.end(); }

std::string PageKinds::Joined() const { return Join(kinds, ","); }

bool HasKind(std::string_view kinds, std::string_view kind) {
  size_t start = 0;
  while (start <= kinds.size()) {
    size_t end = kinds.find(',', start);
    if (end == npos) end = kinds.size();
    if (kinds.substr(start, end - start) == kind) return true;
    start = end + 1;
  }
  return false;
}

PageKinds ClassifyPage(const Page& page, const KindConfig& config) { return Classifier(page, config).Run(); }

}  // namespace govaudit
