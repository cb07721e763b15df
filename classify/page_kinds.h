// Page kinds: what a page is for the disclosure rules (policy document, interpretation,
// normative document, normative-document library, subsidy list, column list, notice, news),
// decided once per page from the page model, with the reasons recorded so the report can say
// why a page was treated so. Which columns, issuers and 文号 patterns count comes from
// config/page-kinds.toml and config/subsidy-fields.toml (KindConfig). Matching is plain
// substring search: this runs on every page, right behind the Gumbo parse.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "page/page.h"

namespace govaudit {

// Kind ids as stored in pages.kind (comma-separated when a page has several).
inline constexpr std::string_view kPolicyDocument = "policy_document";
inline constexpr std::string_view kInterpretation = "interpretation";
inline constexpr std::string_view kNormativeDocument = "normative_document";
inline constexpr std::string_view kNormativeLibrary = "normative_library";
inline constexpr std::string_view kSubsidyList = "subsidy_list";
inline constexpr std::string_view kColumnList = "column_list";
inline constexpr std::string_view kNotice = "notice";
inline constexpr std::string_view kNews = "news";

struct SubsidyField {
  std::string name;                   // as the work points name it: 补贴政策名称
  std::vector<std::string> synonyms;  // column names that mean it (the name itself included)
};

// What decides a page's kind. Defaults: config/page-kinds.toml and config/subsidy-fields.toml.
struct KindConfig {
  std::vector<std::pair<std::string, std::string>> url_columns;  // URL path part → column name

  std::vector<std::string> doc_number_patterns;  // policy document 文号 templates
  std::vector<std::string> policy_columns;
  std::vector<std::string> policy_issuers;
  std::vector<std::string> document_title_markers;

  std::vector<std::string> interpretation_title_markers;
  std::vector<std::string> interpretation_columns;
  std::vector<std::string> interpretation_link_labels;  // on documents
  std::vector<std::string> document_link_labels;        // on interpretations
  std::vector<std::string> interpretation_list_tags;    // "[解读]" beside a listed document
  std::vector<std::string> required_doc_number_patterns;  // always need one
  bool required_normative = true;         // every normative document needs one
  bool required_in_policy_column = true;  // every document in (or listed by) a policy column

  std::vector<std::string> normative_columns;
  std::vector<std::string> normative_doc_number_patterns;
  std::vector<std::string> normative_metadata_markers;
  std::vector<std::string> validity_values;
  std::vector<std::string> valid_values;

  std::vector<std::string> library_markers;
  std::vector<std::string> issuer_facets;
  std::vector<std::string> year_facets;
  std::vector<std::string> topic_facets;
  std::vector<std::string> library_view_parameters;  // query parameters of a filtered view

  std::vector<std::string> subsidy_markers;
  int subsidy_min_fields = 3;
  std::vector<SubsidyField> subsidy_fields;

  std::vector<std::string> notice_columns;
  std::vector<std::string> notice_title_markers;
  std::vector<std::string> news_columns;
  int list_min_dated_links = 5;

  // Reads page-kinds TOML over the defaults (a list it names replaces the default list) and,
  // if `fields_toml` is not empty, the subsidy fields from it. Errors name the file, the line
  // and the key.
  static StatusOr<KindConfig> Parse(std::string_view kinds_toml, std::string_view kinds_name,
                                    std::string_view fields_toml = {}, std::string_view fields_name = {});
  // The compiled-in configuration.
  static const KindConfig& Builtin();
  // The compiled-in configuration with a user's files read over it (empty paths: none).
  static StatusOr<KindConfig> Load(const std::string& page_kinds_path, const std::string& subsidy_fields_path);
};

struct PageKinds {
  std::vector<std::string> kinds;  // kind ids, in the order above
  std::string reasons;  // Chinese, one sentence per kind: "政策文件：文号“…”；栏目“…”。"
  // What the decision saw, for the facts and the rules.
  std::string column;                           // the page's column (栏目), may be empty
  std::string column_source;                    // "ColumnName", "面包屑", "标题", "URL"
  bool policy_column = false;                   // the column is a policy document column
  int dated_links = 0;                          // links that stand beside a date
  bool needs_interpretation = false;            // interpretation.missing applies
  bool needs_interpretation_if_listed = false;  // applies if a policy column list links to it

  bool Has(std::string_view kind) const;
  std::string Joined() const;  // "policy_document,normative_document"
};

PageKinds ClassifyPage(const Page& page, const KindConfig& config);

// True if a stored, comma-separated kind list holds `kind`.
bool HasKind(std::string_view kinds, std::string_view kind);

}  // namespace govaudit
