#include "common/utf8.h"
#include "rules/page_kind.h"

#include <string.h>  // memmem
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <sstream>

#include "common/date.h"
#include "common/url.h"
#include "config/resources.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

constexpr size_t npos = std::string_view::npos;

// Anchors shorter than this (5 CJK characters) are navigation, not titles of listed items.
constexpr size_t kMinListedAnchorBytes = 15;
// How far ahead of the last listed link the next one is looked for in the page text.
constexpr size_t kListSearchWindow = 8192;
// Lines longer than this are not list items; a page with such prose is an article.
constexpr size_t kMaxListLineBytes = 600;
constexpr size_t kProseLineBytes = 300;
// Title forms shorter than this match too much.
constexpr size_t kMinTitleKeyCodePoints = 6;
// A "标签：" line: the colon lies within this many bytes of the line start (after numbering).
constexpr size_t kMaxLabelBytes = 36;
// Text searched after a related-link label, and occurrences of one label looked at.
constexpr size_t kRelatedWindowBytes = 600;
constexpr int kRelatedListLines = 5;
constexpr int kMaxLabelOccurrences = 5;
constexpr size_t kMaxRelated = 20;
constexpr size_t kMinRelatedAnchorBytes = 9;

size_t Find(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (from > hay.size()) return npos;
  if (needle.empty()) return from;
  const void* p = memmem(hay.data() + from, hay.size() - from, needle.data(), needle.size());
  return p == nullptr ? npos : static_cast<size_t>(static_cast<const char*>(p) - hay.data());
}

bool Contains(std::string_view hay, std::string_view needle) { return Find(hay, needle) != npos; }

// The first needle `hay` contains, or nullptr.
const std::string* FirstIn(std::string_view hay, const std::vector<std::string>& needles) {
  if (hay.empty()) return nullptr;
  for (const std::string& n : needles) {
    if (!n.empty() && Contains(hay, n)) return &n;
  }
  return nullptr;
}

std::string Quote(std::string_view s) { return "“" + std::string(s) + "”"; }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool IsCjk(uint32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }

bool IsSpaceCp(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000 ||
         (cp >= 0x2000 && cp <= 0x200B);
}

// Brackets of a 文号's year, folded to 〔 〕.
bool IsOpenBracket(uint32_t cp) {
  return cp == 0x3014 || cp == '[' || cp == 0xFF3B || cp == '(' || cp == 0xFF08 || cp == 0x3010;
}
bool IsCloseBracket(uint32_t cp) {
  return cp == 0x3015 || cp == ']' || cp == 0xFF3D || cp == ')' || cp == 0xFF09 || cp == 0x3011;
}

// Digit value of an ASCII or full-width digit, -1 otherwise.
int DigitValue(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<int>(cp - 0xFF10);
  return -1;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty()) {
    size_t len;
    if (!IsSpaceCp(DecodeUtf8At(s, 0, &len))) break;
    s.remove_prefix(len);
  }
  while (!s.empty()) {
    size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t len;
    if (!IsSpaceCp(DecodeUtf8At(s, start, &len))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len;
    uint32_t cp = DecodeUtf8At(s, i, &len);
    if (!IsSpaceCp(cp)) out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

// The line of `text` holding byte `pos`.
std::string_view LineAt(std::string_view text, size_t pos, size_t* start_out = nullptr) {
  size_t start = pos == 0 ? 0 : text.rfind('\n', pos - 1);
  start = start == npos ? 0 : start + 1;
  size_t end = text.find('\n', pos);
  if (end == npos) end = text.size();
  if (start_out) *start_out = start;
  return text.substr(start, end - start);
}

// ---------------------------------------------------------------------------------------------
// Lists: links that stand beside a date.

int CountDatedLinks(const Page& page) {
  std::string_view text = page.text;
  size_t cursor = 0;
  int dated = 0;
  for (const PageLink& link : page.links) {
    const std::string& anchor = link.anchor_text;
    if (anchor.size() < kMinListedAnchorBytes || cursor >= text.size()) continue;
    std::string_view window = text.substr(0, std::min(text.size(), cursor + kListSearchWindow));
    size_t pos = Find(window, anchor, cursor);
    if (pos == npos) continue;
    cursor = pos + anchor.size();
    size_t line_start;
    std::string_view line = LineAt(text, pos, &line_start);
    if (line.size() > kMaxListLineBytes) continue;
    // The date must lie outside the anchor (titles often hold a year or a date).
    std::string_view before = line.substr(0, pos - line_start);
    std::string_view after = line.substr(std::min(line.size(), pos - line_start + anchor.size()));
    bool has_date = FindDateInText(before).has_value() || FindDateInText(after).has_value();
    if (!has_date && line_start + line.size() < text.size()) {
      // <dt><a>…</a></dt><dd>2026-05-20</dd>: the date is the next, short line.
      std::string_view next = LineAt(text, line_start + line.size() + 1);
      has_date = next.size() <= 40 && FindDateInText(next).has_value();
    }
    if (has_date) ++dated;
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

// ---------------------------------------------------------------------------------------------
// Columns.

struct ColumnGuess {
  std::string name;
  const char* source = "";
};

constexpr std::string_view kBreadcrumbLabels[] = {"当前位置", "您现在的位置", "您的位置", "所在位置", "现在位置"};
constexpr std::string_view kCrumbSkipped[] = {"正文", "详情", "内容", "正文内容", "首页"};

// Splits s on any of the separators, trimming items and dropping empty ones.
std::vector<std::string_view> SplitAny(std::string_view s, std::span<const std::string_view> separators) {
  std::vector<std::string_view> out;
  size_t start = 0;
  size_t i = 0;
  while (i <= s.size()) {
    size_t sep_len = 0;
    if (i < s.size()) {
      for (std::string_view sep : separators) {
        if (s.substr(i, sep.size()) == sep && sep.size() > sep_len) sep_len = sep.size();
      }
    }
    if (i == s.size() || sep_len > 0) {
      std::string_view item = TrimSpaces(s.substr(start, i - start));
      if (!item.empty()) out.push_back(item);
      if (i == s.size()) break;
      i += sep_len;
      start = i;
      continue;
    }
    ++i;
  }
  return out;
}

std::string BreadcrumbColumn(const Page& page) {
  std::string_view text = page.text;
  for (std::string_view label : kBreadcrumbLabels) {
    size_t pos = Find(text, label);
    if (pos == npos) continue;
    size_t line_start;
    std::string_view line = LineAt(text, pos, &line_start);
    std::string_view rest = line.substr(pos - line_start + label.size());
    for (std::string_view colon : {"：", ":"}) {
      if (rest.substr(0, colon.size()) == colon) rest.remove_prefix(colon.size());
    }
    std::vector<std::string_view> items;
    constexpr std::string_view kSeps[] = {">", "＞", "›", "»", "→", "/"};
    if (!TrimSpaces(rest).empty()) {
      items = SplitAny(rest, kSeps);
    } else {
      // One item per line (links as blocks): short lines without a colon.
      size_t next = line_start + line.size() + 1;
      for (int k = 0; k < 8 && next < text.size(); ++k) {
        std::string_view item = LineAt(text, next);
        if (item.size() > 36 || Contains(item, "：") || Contains(item, ":")) break;
        for (std::string_view part : SplitAny(item, kSeps)) items.push_back(part);
        next += item.size() + 1;
      }
    }
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
      std::string_view item = *it;
      bool skipped = item == page.title;
      for (std::string_view s : kCrumbSkipped) skipped = skipped || item == s;
      if (!skipped) return std::string(item);
    }
  }
  return "";
}

std::string TitleColumn(const Page& page, bool is_list) {
  constexpr std::string_view kSeps[] = {"_", "｜", "|", " - ", "—", "－", "--"};
  std::vector<std::string_view> parts = SplitAny(page.html_title, kSeps);
  if (parts.empty()) return "";
  if (parts.size() == 1) return is_list ? std::string(parts[0]) : "";
  parts.pop_back();  // the site name
  for (std::string_view part : parts) {
    if (part == page.title || Contains(page.title, part) || Contains(part, page.title)) continue;
    return std::string(part);
  }
  return is_list ? std::string(parts[0]) : "";
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

// ---------------------------------------------------------------------------------------------
// 文号.

bool MatchTemplate(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p[0] == '*') {
      p.remove_prefix(1);
      if (p.empty()) return true;
      for (size_t k = 0; k <= s.size(); ++k) {
        if (MatchTemplate(p, s.substr(k))) return true;
      }
      return false;
    }
    if (p.substr(0, 4) == "YYYY") {
      if (s.size() < 4) return false;
      for (int k = 0; k < 4; ++k) {
        if (s[k] < '0' || s[k] > '9') return false;
      }
      p.remove_prefix(4);
      s.remove_prefix(4);
      continue;
    }
    if (p[0] == 'N') {
      size_t n = 0;
      while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
      if (n == 0) return false;
      p.remove_prefix(1);
      s.remove_prefix(n);
      continue;
    }
    if (s.empty() || p[0] != s[0]) return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

const std::string* MatchingPattern(std::string_view doc_number, const std::vector<std::string>& patterns) {
  if (doc_number.empty()) return nullptr;
  for (const std::string& p : patterns) {
    if (MatchDocNumber(NormalizeDocNumber(p), doc_number)) return &p;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Subsidy fields.

std::string FieldList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : "、") + n;
  return out;
}

bool IsNumberingCp(uint32_t cp) {
  return DigitValue(cp) >= 0 || cp == '.' || cp == 0xFF0E || cp == 0x3001 || cp == ')' || cp == 0xFF09 || cp == '(' ||
         cp == 0xFF08 || cp == ' ' || cp == 0x4E00 || cp == 0x4E8C || cp == 0x4E09 || cp == 0x56DB || cp == 0x4E94 ||
         cp == 0x516D || cp == 0x4E03 || cp == 0x516B || cp == 0x4E5D || cp == 0x5341;
}

// The label of a "1.标签：值" line, or empty.
std::string_view LineLabel(std::string_view line) {
  size_t i = 0;
  // Numbering: 1.  1、  （1）  一、
  size_t numbering_end = 0;
  while (i < line.size() && i < 12) {
    size_t len;
    uint32_t cp = DecodeUtf8At(line, i, &len);
    if (!IsNumberingCp(cp)) break;
    i += len;
    numbering_end = i;
  }
  // A numeral like 一 could begin the label itself ("一次性补贴：") only when no separator
  // follows it; keep it simple and accept either reading by searching from both starts.
  std::string_view head = line.substr(0, std::min(line.size(), numbering_end + kMaxLabelBytes));
  size_t colon = Find(head, "：", numbering_end);
  if (colon == npos) colon = head.find(':', numbering_end);
  if (colon == npos || colon == numbering_end) return {};
  return line.substr(numbering_end, colon - numbering_end);
}

// ---------------------------------------------------------------------------------------------
// Configuration.

class TomlReader {
 public:
  TomlReader(const toml::table& table, std::string file, std::string prefix)
      : table_(table), file_(std::move(file)), prefix_(std::move(prefix)) {}

  Status Error(const toml::node& node, std::string_view key, std::string_view what) const {
    return Status::Error(file_ + ":" + std::to_string(node.source().begin.line) + ": key '" + prefix_ +
                         std::string(key) + "': " + std::string(what));
  }

  Status Strings(const std::string& key, std::vector<std::string>* out) {
    const toml::node* node = Use(key);
    if (node == nullptr) return Status::Ok();
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(*node, key, "expected an array of strings");
    std::vector<std::string> values;
    for (const toml::node& item : *array) {
      if (!item.is_string() || item.as_string()->get().empty())
        return Error(item, key, "expected an array of non-empty strings");
      values.push_back(item.as_string()->get());
    }
    *out = std::move(values);
    return Status::Ok();
  }

  Status Pairs(const std::string& key, std::vector<std::pair<std::string, std::string>>* out) {
    const toml::node* node = Use(key);
    if (node == nullptr) return Status::Ok();
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(*node, key, "expected an array of [\"/path/\", \"栏目\"] pairs");
    std::vector<std::pair<std::string, std::string>> values;
    for (const toml::node& item : *array) {
      const toml::array* pair = item.as_array();
      if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
        return Error(item, key, "expected an array of [\"/path/\", \"栏目\"] pairs");
      }
      values.emplace_back((*pair)[0].as_string()->get(), (*pair)[1].as_string()->get());
    }
    *out = std::move(values);
    return Status::Ok();
  }

  Status String(const std::string& key, std::string* out) {
    const toml::node* node = Use(key);
    if (node == nullptr) return Status::Ok();
    if (!node->is_string()) return Error(*node, key, "expected a string");
    *out = node->as_string()->get();
    return Status::Ok();
  }

  Status Int(const std::string& key, int* out, int min, int max) {
    const toml::node* node = Use(key);
    if (node == nullptr) return Status::Ok();
    if (!node->is_integer()) return Error(*node, key, "expected an integer");
    int64_t v = node->as_integer()->get();
    if (v < min || v > max) {
      return Error(
          *node, key,
          "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + std::to_string(v));
    }
    *out = static_cast<int>(v);
    return Status::Ok();
  }

  Status Bool(const std::string& key, bool* out) {
    const toml::node* node = Use(key);
    if (node == nullptr) return Status::Ok();
    if (!node->is_boolean()) return Error(*node, key, "expected true or false");
    *out = node->as_boolean()->get();
    return Status::Ok();
  }

  // A sub-table, or nullptr (an error if the key holds something else).
  StatusOr<const toml::table*> Table(const std::string& key) {
    const toml::node* node = Use(key);
    if (node == nullptr) return static_cast<const toml::table*>(nullptr);
    if (!node->is_table()) return Error(*node, key, "expected a table");
    return node->as_table();
  }

  Status CheckUnknown() const {
    for (const auto& [key, node] : table_) {
      if (used_.count(std::string(key.str())) == 0) {
        return Error(node, key.str(), "unknown key (see config/page-kinds.toml)");
      }
    }
    return Status::Ok();
  }

  const std::string& file() const { return file_; }
  const std::string& prefix() const { return prefix_; }

 private:
  const toml::node* Use(const std::string& key) {
    used_.insert(key);
    return table_.get(key);
  }

  const toml::table& table_;
  std::string file_;
  std::string prefix_;
  std::set<std::string> used_;
};

#define GA_TRY(expr)         \
  do {                       \
    Status _s = (expr);      \
    if (!_s.ok()) return _s; \
  } while (0)

using SectionReader = Status (*)(TomlReader&, KindConfig*);

Status ReadColumns(TomlReader& r, KindConfig* c) { return r.Pairs("url_paths", &c->url_columns); }

Status ReadPolicy(TomlReader& r, KindConfig* c) {
  GA_TRY(r.Strings("doc_number_patterns", &c->doc_number_patterns));
  GA_TRY(r.Strings("columns", &c->policy_columns));
  GA_TRY(r.Strings("issuers", &c->policy_issuers));
  return r.Strings("title_markers", &c->document_title_markers);
}

Status ReadRequired(TomlReader& r, KindConfig* c) {
  GA_TRY(r.Strings("doc_number_patterns", &c->required_doc_number_patterns));
  return r.Bool("in_policy_column", &c->required_in_policy_column);
}

Status ReadInterpretation(TomlReader& r, KindConfig* c) {
  GA_TRY(r.Strings("title_markers", &c->interpretation_title_markers));
  GA_TRY(r.Strings("columns", &c->interpretation_columns));
  GA_TRY(r.Strings("interpretation_link_labels", &c->interpretation_link_labels));
  GA_TRY(r.Strings("document_link_labels", &c->document_link_labels));
  auto required = r.Table("required");
  if (!required.ok()) return required.status();
  if (*required != nullptr) {
    TomlReader sub(**required, r.file(), r.prefix() + "required.");
    GA_TRY(ReadRequired(sub, c));
    GA_TRY(sub.CheckUnknown());
  }
  return Status::Ok();
}

Status ReadNormative(TomlReader& r, KindConfig* c) {
  GA_TRY(r.Strings("columns", &c->normative_columns));
  GA_TRY(r.Strings("doc_number_patterns", &c->normative_doc_number_patterns));
  GA_TRY(r.Strings("metadata_markers", &c->normative_metadata_markers));
  GA_TRY(r.Strings("validity_values", &c->validity_values));
  return r.Strings("valid_values", &c->valid_values);
}

Status ReadLibrary(TomlReader& r, KindConfig* c) {
  GA_TRY(r.Strings("markers", &c->library_markers));
  GA_TRY(r.Strings("issuer_facets", &c->issuer_facets));
  GA_TRY(r.Strings("year_facets", &c->year_facets));
  GA_TRY(r.Strings("topic_facets", &c->topic_facets));
  return r.Strings("view_parameters", &c->library_view_parameters);
}

Status ReadSubsidy(TomlReader& r, KindConfig* c) {
  GA_TRY(r.Strings("markers", &c->subsidy_markers));
  return r.Int("min_fields", &c->subsidy_min_fields, 1, 20);
}

Status ReadNotice(TomlReader& r, KindConfig* c) {
  GA_TRY(r.Strings("columns", &c->notice_columns));
  return r.Strings("title_markers", &c->notice_title_markers);
}

Status ReadNews(TomlReader& r, KindConfig* c) { return r.Strings("columns", &c->news_columns); }

Status ReadList(TomlReader& r, KindConfig* c) { return r.Int("min_dated_links", &c->list_min_dated_links, 1, 1000); }

StatusOr<toml::table> ParseToml(std::string_view text, std::string_view name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return Status::Error(std::string(name) + ":" + std::to_string(e.source().begin.line) + ": " +
                         std::string(e.description()));
  }
}

Status ReadKindsInto(std::string_view text, std::string_view name, KindConfig* config) {
  auto root = ParseToml(text, name);
  if (!root.ok()) return root.status();
  TomlReader top(*root, std::string(name), "");
  const std::pair<const char*, SectionReader> sections[] = {
      {"columns", ReadColumns},
      {"policy_document", ReadPolicy},
      {"interpretation", ReadInterpretation},
      {"normative_document", ReadNormative},
      {"normative_library", ReadLibrary},
      {"subsidy_list", ReadSubsidy},
      {"notice", ReadNotice},
      {"news", ReadNews},
      {"column_list", ReadList},
  };
  for (const auto& [key, read] : sections) {
    auto table = top.Table(key);
    if (!table.ok()) return table.status();
    if (*table == nullptr) continue;
    TomlReader r(**table, std::string(name), std::string(key) + ".");
    GA_TRY(read(r, config));
    GA_TRY(r.CheckUnknown());
  }
  return top.CheckUnknown();
}

Status ReadFieldsInto(std::string_view text, std::string_view name, KindConfig* config) {
  auto root = ParseToml(text, name);
  if (!root.ok()) return root.status();
  TomlReader top(*root, std::string(name), "");
  const toml::node* fields = root->get("field");
  if (fields == nullptr || !fields->is_array_of_tables()) {
    return Status::Error(std::string(name) + ": expected [[field]] tables with name and synonyms");
  }
  std::vector<SubsidyField> out;
  int index = 0;
  for (const toml::node& node : *fields->as_array()) {
    TomlReader r(*node.as_table(), std::string(name), "field[" + std::to_string(index++) + "].");
    SubsidyField field;
    GA_TRY(r.String("name", &field.name));
    if (field.name.empty()) return r.Error(node, "name", "each field needs a name");
    GA_TRY(r.Strings("synonyms", &field.synonyms));
    GA_TRY(r.CheckUnknown());
    if (std::find(field.synonyms.begin(), field.synonyms.end(), field.name) == field.synonyms.end()) {
      field.synonyms.insert(field.synonyms.begin(), field.name);
    }
    out.push_back(std::move(field));
  }
  config->subsidy_fields = std::move(out);
  return Status::Ok();
}

StatusOr<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(std::string("cannot read ") + what + " file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

StatusOr<KindConfig> KindConfig::Parse(std::string_view kinds_toml, std::string_view kinds_name,
                                       std::string_view fields_toml, std::string_view fields_name) {
  KindConfig config = Builtin();
  GA_TRY(ReadKindsInto(kinds_toml, kinds_name, &config));
  if (!fields_toml.empty()) GA_TRY(ReadFieldsInto(fields_toml, fields_name, &config));
  return config;
}

const KindConfig& KindConfig::Builtin() {
  static const KindConfig config = [] {
    KindConfig c;
    // A broken compiled-in file leaves the lists empty; page_kind_test guards against it.
    (void)ReadKindsInto(resources::Get("page-kinds.toml"), "config/page-kinds.toml", &c);
    (void)ReadFieldsInto(resources::Get("subsidy-fields.toml"), "config/subsidy-fields.toml", &c);
    return c;
  }();
  return config;
}

StatusOr<KindConfig> KindConfig::Load(const RulesConfig& rules) {
  KindConfig config = Builtin();
  if (!rules.page_kinds_path.empty()) {
    auto text = ReadFile(rules.page_kinds_path, "page kinds");
    if (!text.ok()) return text.status();
    GA_TRY(ReadKindsInto(*text, rules.page_kinds_path, &config));
  }
  if (!rules.subsidy_fields_path.empty()) {
    auto text = ReadFile(rules.subsidy_fields_path, "subsidy fields");
    if (!text.ok()) return text.status();
    GA_TRY(ReadFieldsInto(*text, rules.subsidy_fields_path, &config));
  }
  return config;
}

bool PageKinds::Has(std::string_view kind) const { return std::find(kinds.begin(), kinds.end(), kind) != kinds.end(); }

std::string PageKinds::Joined() const {
  std::string out;
  for (const std::string& k : kinds) out += (out.empty() ? "" : ",") + k;
  return out;
}

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

std::string NormalizeDocNumber(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len;
    uint32_t cp = DecodeUtf8At(s, i, &len);
    i += len;
    if (IsSpaceCp(cp)) continue;
    if (IsOpenBracket(cp)) {
      out += "〔";
    } else if (IsCloseBracket(cp)) {
      out += "〕";
    } else if (int d = DigitValue(cp); d >= 0) {
      out.push_back(static_cast<char>('0' + d));
    } else {
      AppendUtf8(cp, &out);
    }
  }
  return out;
}

bool MatchDocNumber(std::string_view pattern, std::string_view normalized_doc_number) {
  return MatchTemplate(pattern, normalized_doc_number);
}

std::vector<std::string> QuotedDocNumbers(std::string_view text, size_t max_count) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size() && out.size() < max_count;) {
    size_t len;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // Cheap filter: every bracket form starts with one of these bytes.
    if (c != 0xE3 && c != 0xEF && c != '[' && c != '(') {
      ++i;
      continue;
    }
    uint32_t cp = DecodeUtf8At(text, i, &len);
    if (!IsOpenBracket(cp)) {
      i += len;
      continue;
    }
    const size_t open = i;
    size_t j = i + len;
    std::string year;
    while (j < text.size() && year.size() < 4) {
      size_t l;
      int d = DigitValue(DecodeUtf8At(text, j, &l));
      if (d < 0) break;
      year.push_back(static_cast<char>('0' + d));
      j += l;
    }
    size_t l = 1;
    if (year.size() != 4 || j >= text.size() || !IsCloseBracket(DecodeUtf8At(text, j, &l))) {
      i += len;
      continue;
    }
    j += l;
    if (text.substr(j, 3) == "第") j += 3;
    std::string serial;
    while (j < text.size() && serial.size() < 6) {
      int d = DigitValue(DecodeUtf8At(text, j, &l));
      if (d < 0) break;
      serial.push_back(static_cast<char>('0' + d));
      j += l;
    }
    if (serial.empty() || text.substr(j, 3) != "号") {
      i += len;
      continue;
    }
    // The issuer code: the CJK characters just before the bracket (at most 8).
    size_t start = open;
    int chars = 0;
    while (start >= 3 && chars < 8) {
      size_t s = start - 3;
      size_t cl;
      if (!IsCjk(DecodeUtf8At(text, s, &cl)) || cl != 3) break;
      start = s;
      ++chars;
    }
    if (chars > 0) {
      std::string number = std::string(text.substr(start, open - start)) + "〔" + year + "〕" + serial + "号";
      if (std::find(out.begin(), out.end(), number) == out.end()) out.push_back(std::move(number));
    }
    i = j + 3;
  }
  return out;
}

std::string NormalizeTitle(std::string_view title) {
  std::string out;
  out.reserve(title.size());
  for (size_t i = 0; i < title.size();) {
    size_t len;
    uint32_t cp = DecodeUtf8At(title, i, &len);
    i += len;
    if (cp < 0x80) {
      if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z')) {
        out.push_back(static_cast<char>(cp));
      } else if (cp >= 'A' && cp <= 'Z') {
        out.push_back(static_cast<char>(cp - 'A' + 'a'));
      }
      continue;  // ASCII punctuation and spaces
    }
    if (int d = DigitValue(cp); d >= 0) {
      out.push_back(static_cast<char>('0' + d));
      continue;
    }
    if (cp >= 0xFF21 && cp <= 0xFF3A) {
      out.push_back(static_cast<char>('a' + (cp - 0xFF21)));
      continue;
    }
    if (cp >= 0xFF41 && cp <= 0xFF5A) {
      out.push_back(static_cast<char>('a' + (cp - 0xFF41)));
      continue;
    }
    const bool punctuation = IsSpaceCp(cp) || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
                             (cp >= 0xFF00 && cp <= 0xFF65) || cp == 0xB7 || (cp >= 0xFE30 && cp <= 0xFE4F);
    if (!punctuation) AppendUtf8(cp, &out);
  }
  for (std::string_view suffix : {"的通知", "的意见"}) {
    if (out.size() > suffix.size() && std::string_view(out).ends_with(suffix)) {
      out.resize(out.size() - suffix.size());
      break;
    }
  }
  return out;
}

std::vector<std::string> DocumentTitleKeys(std::string_view title) {
  std::vector<std::string> keys;
  auto add = [&keys](std::string key) {
    if (CodePoints(key) < kMinTitleKeyCodePoints) return;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  };
  std::string full = NormalizeTitle(title);
  add(full);
  if (size_t about = Find(full, "关于"); about != npos && about > 0) add(full.substr(about));
  if (size_t issue = Find(full, "关于印发"); issue != npos)
    add(full.substr(issue + std::string_view("关于印发").size()));
  if (size_t open = Find(title, "《"); open != npos) {
    size_t close = Find(title, "》", open);
    if (close != npos) add(NormalizeTitle(title.substr(open, close - open)));
  }
  return keys;
}

std::vector<int> SubsidyColumns(const PageTable& table, const KindConfig& config) {
  std::vector<int> columns(config.subsidy_fields.size(), -1);
  if (table.header_row < 0 || table.header_row >= static_cast<int>(table.rows.size())) return columns;
  std::vector<std::string> header;
  for (const std::string& cell : table.rows[table.header_row]) header.push_back(WithoutSpaces(cell));
  for (size_t f = 0; f < config.subsidy_fields.size(); ++f) {
    const SubsidyField& field = config.subsidy_fields[f];
    // A cell naming the field exactly wins over one that merely contains a synonym.
    for (int pass = 0; pass < 2 && columns[f] < 0; ++pass) {
      for (size_t c = 0; c < header.size() && columns[f] < 0; ++c) {
        for (const std::string& synonym : field.synonyms) {
          if (pass == 0 ? header[c] == synonym : Contains(header[c], synonym)) {
            columns[f] = static_cast<int>(c);
            break;
          }
        }
      }
    }
  }
  return columns;
}

std::vector<bool> SubsidyLabelsInText(std::string_view text, const KindConfig& config) {
  std::vector<bool> found(config.subsidy_fields.size(), false);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == npos) end = text.size();
    std::string_view label = LineLabel(text.substr(start, end - start));
    if (!label.empty()) {
      std::string bare = WithoutSpaces(label);
      for (size_t f = 0; f < config.subsidy_fields.size(); ++f) {
        if (!found[f] && FirstIn(bare, config.subsidy_fields[f].synonyms) != nullptr) found[f] = true;
      }
    }
    start = end + 1;
  }
  return found;
}

std::vector<RelatedLink> RelatedLinks(const Page& page, const std::vector<std::string>& labels) {
  std::vector<RelatedLink> out;
  auto add = [&out](const std::string& url, const std::string& label) {
    if (url.empty() || out.size() >= kMaxRelated) return;
    for (const RelatedLink& r : out) {
      if (r.url == url) return;
    }
    out.push_back({url, label});
  };
  std::string_view text = page.text;
  for (const std::string& label : labels) {
    for (const PageLink& link : page.links) {
      if (Contains(link.anchor_text, label)) add(link.url, label);
    }
    size_t pos = 0;
    for (int k = 0; k < kMaxLabelOccurrences; ++k) {
      pos = Find(text, label, pos);
      if (pos == npos) break;
      const size_t from = pos + label.size();
      // The rest of the label's line and, when the label stands alone (a heading over a list),
      // the next lines up to one that starts another "标签：" section.
      size_t end = text.find('\n', from);
      if (end == npos) end = text.size();
      if (TrimSpaces(text.substr(from, end - from)).size() <= 3) {
        for (int lines = 0; lines < kRelatedListLines && end < text.size(); ++lines) {
          size_t next = text.find('\n', end + 1);
          if (next == npos) next = text.size();
          std::string_view line = text.substr(end + 1, next - end - 1);
          std::string_view head = line.substr(0, std::min<size_t>(line.size(), kMaxLabelBytes));
          if (Contains(head, "：") || Contains(head, ":")) break;
          end = next;
        }
      }
      end = std::min(end, from + kRelatedWindowBytes);
      std::string_view window = text.substr(from, end - from);
      for (const PageLink& link : page.links) {
        if (link.anchor_text.size() >= kMinRelatedAnchorBytes && Contains(window, link.anchor_text)) {
          add(link.url, label);
        }
      }
      pos = from;
    }
  }
  return out;
}

PageKinds ClassifyPage(const Page& page, const KindConfig& config) {
  PageKinds result;
  const DisclosureMeta& m = page.meta;
  const bool has_doc_meta = !m.doc_number.empty() || !m.index_no.empty() || m.written_date.has_value();
  const bool is_document = has_doc_meta || m.publish_date.has_value();
  result.dated_links = CountDatedLinks(page);
  const bool is_list =
      !has_doc_meta && ((result.dated_links >= 1 && !m.publish_date) ||
                        (result.dated_links >= config.list_min_dated_links && !HasProseLine(page.text)));

  ColumnGuess column = GuessColumn(page, config, is_list);
  result.column = column.name;
  result.column_source = column.source;
  const std::string column_note = column.name.empty() ? "" : "栏目" + Quote(column.name) + "（" + column.source + "）";
  const std::string* policy_column = FirstIn(column.name, config.policy_columns);
  result.policy_column = policy_column != nullptr;

  const std::string doc_number = NormalizeDocNumber(m.doc_number);
  std::vector<std::pair<std::string_view, std::string>> reasons;  // kind → its reasons
  auto add = [&](std::string_view kind, std::string why) {
    result.kinds.emplace_back(kind);
    reasons.emplace_back(kind, std::move(why));
  };

  // Interpretation.
  bool interpretation = false;
  if (!is_list) {
    std::string why;
    if (const std::string* t = FirstIn(page.title, config.interpretation_title_markers)) {
      why = "标题含" + Quote(*t);
    }
    if (FirstIn(column.name, config.interpretation_columns) != nullptr) {
      why += (why.empty() ? "" : "；") + column_note;
    }
    interpretation = !why.empty();
    if (interpretation) add(kInterpretation, why);
  }

  const bool news = !is_list && FirstIn(column.name, config.news_columns) != nullptr;

  // Normative-document library: a list in the normative column, never a document itself.
  bool library = false;
  if (!is_document) {
    const std::string* marker = FirstIn(column.name, config.library_markers);
    const std::string* title_marker = FirstIn(page.title, config.library_markers);
    // A list filled by script still shows its column names (文号 / 发文字号, 发布日期).
    const bool list_like =
        is_list || ((Contains(page.text, "文号") || Contains(page.text, "文字号")) && Contains(page.text, "日期"));
    if ((marker != nullptr || title_marker != nullptr) && list_like) {
      library = true;
      std::string why = marker != nullptr ? column_note : "标题含" + Quote(*title_marker);
      why += "；页面无文号、索引号、发布日期等文件信息";
      why += result.dated_links > 0 ? "；列出 " + std::to_string(result.dated_links) + " 个带日期的链接"
                                    : "；列表由脚本加载，页面中无文件链接";
      add(kNormativeLibrary, why);
    }
  }

  // Policy document.
  bool policy = false;
  if (!is_list && !interpretation && !library) {
    std::vector<std::string> why;
    if (const std::string* p = MatchingPattern(doc_number, config.doc_number_patterns)) {
      why.push_back("文号" + Quote(m.doc_number) + "符合" + Quote(*p));
    }
    if (policy_column != nullptr && is_document) why.push_back(column_note);
    if (!news) {
      const std::string* issuer = FirstIn(m.issuer, config.policy_issuers);
      const std::string* title = FirstIn(page.title, config.document_title_markers);
      if (issuer != nullptr && title != nullptr) {
        why.push_back("发布机构" + Quote(m.issuer) + "、标题含" + Quote(*title));
      }
    }
    if (!why.empty()) {
      policy = true;
      std::string joined;
      for (const std::string& w : why) joined += (joined.empty() ? "" : "；") + w;
      add(kPolicyDocument, joined);
    }
  }

  // Normative document.
  if (!is_list && !interpretation && !library && is_document) {
    std::vector<std::string> why;
    if (FirstIn(column.name, config.normative_columns) != nullptr) why.push_back(column_note);
    if (const std::string* p = MatchingPattern(doc_number, config.normative_doc_number_patterns)) {
      why.push_back("文号" + Quote(m.doc_number) + "符合" + Quote(*p));
    }
    if (const std::string* t = FirstIn(m.topic, config.normative_metadata_markers)) {
      why.push_back("主题分类含" + Quote(*t));
    } else {
      for (const auto& [name, value] : page.meta_tags) {
        if (name == "ColumnName" || name == "columnname") continue;  // the column, counted above
        if (const std::string* v = FirstIn(value, config.normative_metadata_markers)) {
          why.push_back("<meta name=\"" + name + "\"> 含" + Quote(*v));
          break;
        }
      }
    }
    if (!why.empty()) {
      std::string joined;
      for (const std::string& w : why) joined += (joined.empty() ? "" : "；") + w;
      add(kNormativeDocument, joined);
      if (!policy) {
        policy = true;
        add(kPolicyDocument, joined);
      }
    }
  }

  // Subsidy list: a marker and enough field columns (or "标签：" lines).
  {
    const std::string* marker = FirstIn(page.title, config.subsidy_markers);
    if (marker == nullptr) marker = FirstIn(column.name, config.subsidy_markers);
    for (size_t t = 0; marker == nullptr && t < page.tables.size(); ++t) {
      marker = FirstIn(page.tables[t].caption, config.subsidy_markers);
    }
    std::string why;
    for (size_t t = 0; t < page.tables.size() && why.empty(); ++t) {
      std::vector<int> columns = SubsidyColumns(page.tables[t], config);
      std::vector<std::string> named;
      for (size_t f = 0; f < columns.size(); ++f) {
        if (columns[f] >= 0) named.push_back(page.tables[t].rows[page.tables[t].header_row][columns[f]]);
      }
      const int needed = marker != nullptr ? config.subsidy_min_fields : config.subsidy_min_fields + 1;
      if (static_cast<int>(named.size()) >= needed) {
        why = "表格 " + std::to_string(t + 1) + " 的列：" + FieldList(named);
      }
    }
    if (why.empty() && marker != nullptr) {
      std::vector<bool> labels = SubsidyLabelsInText(page.text, config);
      std::vector<std::string> named;
      for (size_t f = 0; f < labels.size(); ++f) {
        if (labels[f]) named.push_back(config.subsidy_fields[f].name);
      }
      if (static_cast<int>(named.size()) >= config.subsidy_min_fields) {
        why = "以段落列出（非表格），含字段：" + FieldList(named);
      }
    }
    if (!why.empty()) {
      if (marker != nullptr) why = "含" + Quote(*marker) + "；" + why;
      add(kSubsidyList, why);
    }
  }

  if (is_list) {
    add(kColumnList,
        std::to_string(result.dated_links) + " 个带日期的链接" + (column.name.empty() ? "" : "；" + column_note));
  }

  if (!is_list) {
    std::string why;
    if (FirstIn(column.name, config.notice_columns) != nullptr) {
      why = column_note;
    } else if (const std::string* t = FirstIn(page.title, config.notice_title_markers)) {
      why = "标题含" + Quote(*t);
    }
    if (!why.empty()) add(kNotice, why);
  }
  if (news) add(kNews, column_note);

  // Which documents must have an interpretation (interpretation.missing).
  if (policy && !interpretation && !news) {
    if (const std::string* p = MatchingPattern(doc_number, config.required_doc_number_patterns)) {
      std::string why = "文号" + Quote(m.doc_number) + "符合" + Quote(*p);
      if (!config.required_in_policy_column || result.policy_column) {
        result.needs_interpretation = true;
        reasons.emplace_back("needs", why + (result.policy_column ? "，位于政策文件栏目" : ""));
      } else {
        result.needs_interpretation_if_listed = true;
        reasons.emplace_back("needs", why + "，由政策文件栏目列出时");
      }
    }
  }

  std::sort(result.kinds.begin(), result.kinds.end(), [](const std::string& a, const std::string& b) {
    constexpr std::string_view kOrder[] = {kPolicyDocument,
                                           kInterpretation,
                                           kNormativeDocument,
                                           kNormativeLibrary,
                                           kSubsidyList,
                                           kColumnList,
                                           kNotice,
                                           kNews};
    auto rank = [&](const std::string& k) {
      return std::find(std::begin(kOrder), std::end(kOrder), k) - std::begin(kOrder);
    };
    return rank(a) < rank(b);
  });
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
    for (const auto& [kind, why] : reasons) {
      if (kind == name_id) result.reasons += std::string(name) + "：" + why + "。";
    }
  }
  return result;
}

const KindConfig& KindConfigOf(const RuleContext& context) {
  return context.kind_config != nullptr ? *context.kind_config : KindConfig::Builtin();
}

const PageKinds& KindsOf(const PageInput& input, const RuleContext& context, PageKinds* storage) {
  if (input.kinds != nullptr) return *input.kinds;
  if (input.page != nullptr) *storage = ClassifyPage(*input.page, KindConfigOf(context));
  return *storage;
}

void AddPublicationFacts(const Page& page, const PageKinds& kinds, const KindConfig& config, nlohmann::json* facts) {
  nlohmann::json& f = *facts;
  const DisclosureMeta& m = page.meta;
  if (m.written_date) f["written_date"] = m.written_date->ToIso();
  if (!m.issuer.empty()) f["issuer"] = m.issuer;
  if (m.has_validity_label) f["validity"] = m.validity;
  if (m.expiry_date) {
    f["expiry"] = m.expiry_date->ToIso();
  } else if (!m.expiry_date_text.empty()) {
    f["expiry"] = m.expiry_date_text;
  }
  if (!kinds.column.empty()) f["column"] = kinds.column;
  if (kinds.policy_column) f["policy_column"] = true;
  if (kinds.needs_interpretation) f["needs_interpretation"] = true;
  if (kinds.needs_interpretation_if_listed) f["needs_interpretation_if_listed"] = true;
  const bool document = kinds.Has(kPolicyDocument);
  const bool interpretation = kinds.Has(kInterpretation);
  if (document || interpretation) f["norm_title"] = NormalizeTitle(page.title);
  if (document) {
    f["title_keys"] = DocumentTitleKeys(page.title);
    if (!m.doc_number.empty()) f["doc_number_norm"] = NormalizeDocNumber(m.doc_number);
  }
  std::vector<RelatedLink> related;
  if (document) related = RelatedLinks(page, config.interpretation_link_labels);
  if (interpretation) related = RelatedLinks(page, config.document_link_labels);
  if (!related.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const RelatedLink& r : related) list.push_back({{"url", r.url}, {"label", r.label}});
    f["related"] = std::move(list);
  }
  if (interpretation) {
    std::vector<std::string> quoted = QuotedDocNumbers(page.text);
    if (!quoted.empty()) f["quoted_doc_numbers"] = quoted;
  }
}

}  // namespace govaudit
