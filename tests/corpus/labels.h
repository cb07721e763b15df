// Labels of the accuracy corpus: the template-family fixture sites (tests/fixtures/families/*/
// expected.toml) and the real government pages kept outside the project (real-pages.toml beside
// this file, pages under ../shared/data). Formats: tests/fixtures/families/README.md and
// tests/corpus/README.md.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <ostream>
#include <string>
#include <vector>

namespace govaudit::corpus {

// What a correct reader extracts from one page; "" = the page states none.
struct PageLabel {
  std::string path;  // site families: the URL path; real pages: the file under ../shared/data
  std::set<std::string> kinds;
  std::string title, publish_date, written_date, doc_number, issuer, validity, expiry_date;
  std::optional<int> interpretations;                    // documents: interpretations on the site
  std::optional<std::vector<std::string>> forms;         // interpretations: 文字 / 图解 / 视频 / 问答
};

struct FindingLabel {
  std::string rule;
  std::string path;
  std::string why;
};

struct FamilyLabels {
  std::string family;
  std::string split;  // "train" or "validation"
  std::filesystem::path folder;
  std::string as_of;
  std::vector<std::string> exact;  // rule families or rule ids judged exactly
  std::vector<PageLabel> pages;
  std::vector<FindingLabel> findings;
  std::vector<std::string> uninspected;  // paths of pages rendered by script
};

// How gtest prints a family in failure messages: its name and split, not its bytes.
inline void PrintTo(const FamilyLabels& labels, std::ostream* os) { *os << labels.family << " (" << labels.split << ")"; }

// Every family under `families_dir`, by name. Aborts the test (ADD_FAILURE) on a malformed file.
std::vector<FamilyLabels> LoadFamilies(const std::filesystem::path& families_dir);

struct DecoyLabel {
  std::string kind;          // id_number, mobile, bank_card, address
  std::string value_masked;  // as labelled (masked)
  bool personal = false;     // true: a finding; false: a decoy a tool must not report
};

struct RealPageLabel {
  PageLabel page;  // page.path is the file relative to the shared data folder
  std::string url, site, split, encoding;
  std::string index_no, topic, column, site_id_code;
  bool script_rendered = false;
  int list_items = 0;
  std::string newest_item_date;
  std::vector<DecoyLabel> pii;
};

std::vector<RealPageLabel> LoadRealPages(const std::filesystem::path& toml_file);

// A mismatch the corpus is known to show, with its reason (tests/corpus/known-misses.toml). The
// tests fail on a mismatch not listed and on a listed one that no longer happens.
struct KnownMiss {
  std::string where;  // family name, or the real page's file
  std::string path;   // page path (families) or "" (real pages)
  std::string what;   // "kind", "title", …, "finding interpretation.late", "extra column.stale", "uninspected"
  std::string why;
};

std::vector<KnownMiss> LoadKnownMisses(const std::filesystem::path& toml_file);

}  // namespace govaudit::corpus
