// What the classifiers and the publication rules read in documents: 文号 (normalised, matched
// against templates, quoted in a text), titles as compared between a document and its
// interpretation, subsidy-list columns, and explicit links between documents and
// interpretations (相关解读 / 原文链接).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/page_kinds.h"
#include "page/page.h"

namespace govaudit {

// 文号 written the canonical way: brackets folded to 〔〕, full-width digits to ASCII, spaces out.
std::string NormalizeDocNumber(std::string_view doc_number);
// Matches a normalised 文号 against a template ("*政发〔YYYY〕N号").
bool MatchDocNumber(std::string_view pattern, std::string_view normalized_doc_number);
// The 文号s written in a text ("（示政发〔2026〕12号）"), normalised, distinct, in order.
std::vector<std::string> QuotedDocNumbers(std::string_view text, size_t max_count = 20);

// A title as compared between documents and interpretations: 《》“” and other punctuation and
// spaces dropped, and a trailing 的通知 / 的意见 cut.
std::string NormalizeTitle(std::string_view title);
// The forms of a document's title an interpretation's title may contain: the normalised title,
// the title without the issuing body (from 关于 on), the name inside 印发《…》. Short forms
// (fewer than 6 characters) are left out.
std::vector<std::string> DocumentTitleKeys(std::string_view title);
// The titles a text quotes in 《》 (一图读懂《…》), normalised, distinct, in order; short ones
// (fewer than 6 characters: 《条例》) are left out.
std::vector<std::string> QuotedTitles(std::string_view text, size_t max_count = 20);

// Columns of a table's header row naming each subsidy field (-1 if none), in config order.
std::vector<int> SubsidyColumns(const PageTable& table, const KindConfig& config);
// SubsidyColumns, reading a two-column table turned when it names the fields down its first
// column (one policy per table: 补贴政策名称 | 耕地地力保护补贴, 文件依据 | …). *turned then holds
// the table turned (field names as its header row, the values as its one row); else it is empty.
std::vector<int> SubsidyFields(const PageTable& table, const KindConfig& config, PageTable* turned);
// Subsidy fields named by "标签：" lines of a text (a list written as paragraphs): a flag per field.
std::vector<bool> SubsidyLabelsInText(std::string_view text, const KindConfig& config);

// Explicit links between documents and interpretations: links whose anchor text, or a label
// just before them (相关解读：…, 原文链接：…), is one of the configured labels.
struct RelatedLink {
  std::string url;
  std::string label;
};
std::vector<RelatedLink> RelatedLinks(const Page& page, const std::vector<std::string>& labels);

// On a list page: an item's interpretation linked in the item's own row under a short tag
// (`tags`, brackets aside): "<li><a>关于…的通知</a> <a>[图解]</a></li>".
struct ListedInterpretation {
  std::string document_url;
  std::string url;    // the interpretation
  std::string label;  // the tag as written
};
std::vector<ListedInterpretation> ListedInterpretations(const Page& page, const std::vector<std::string>& tags);

// The first of `patterns` (文号 templates such as "*政发〔YYYY〕N号") a normalised 文号 matches.
const std::string* MatchingPattern(std::string_view doc_number, const std::vector<std::string>& patterns);

}  // namespace govaudit
