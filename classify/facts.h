// PageFacts: what the pipeline learnt about a page that later judgements read back from the
// store (the site rules pair documents with interpretations, the reports list redirects).
// Typed here; stored as JSON, whose form lives only in facts.cc. Facts that queries select on
// (written date, column) are stored in columns of their own and carried here too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/documents.h"
#include "classify/page_kinds.h"
#include "page/page.h"

namespace govaudit {

struct PageFacts {
  // From the fetch.
  std::vector<std::string> redirects;  // the hops, when the URL redirected
  int attempts = 1;                     // fetches it took (retries after transient failures)
  bool not_modified = false;            // answered 304: the previous run's body was checked again

  // From the page model and its kinds (documents and interpretations).
  std::string written_date;             // 成文日期, YYYY-MM-DD (own column)
  std::string column;                   // the column the page belongs to (own column)
  bool policy_column = false;           // that column lists policy documents (own column)
  std::string issuer;                   // 发布机构
  std::string source;                   // 来源 / ContentSource (who published, for notices)
  std::optional<std::string> validity;  // 有效性 as written; set when the label was present
  std::string expiry;                   // 失效日期 (YYYY-MM-DD, or as written if not a date)
  bool needs_interpretation = false;
  bool needs_interpretation_if_listed = false;
  std::string norm_title;               // NormalizeTitle(title), documents and interpretations
  std::vector<std::string> title_keys;  // DocumentTitleKeys(title), documents
  std::string doc_number_norm;          // NormalizeDocNumber(文号), documents
  std::vector<RelatedLink> related;     // explicit links to interpretations / to the document
  std::vector<std::string> quoted_doc_numbers;  // 文号 an interpretation quotes
  std::vector<std::string> quoted_titles;       // titles an interpretation quotes in 《》, normalised
  std::vector<std::string> interpretation_forms;  // 文字 / 图解 / 视频 / 音频 / 问答, interpretations
  std::vector<ListedInterpretation> listed_interpretations;  // list pages: "[解读]" beside an item

  // The JSON form of the facts that have no column of their own ("{}" when there are none).
  std::string ToJson() const;
  // Reads ToJson()'s form; unknown or malformed input yields empty facts.
  static PageFacts FromJson(std::string_view json);
};

// The facts of an HTML page the publication rules need, from its model and kinds.
PageFacts PublicationFacts(const Page& page, const PageKinds& kinds, const KindConfig& config);

}  // namespace govaudit
