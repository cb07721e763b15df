// Policy documents and their interpretations (政策解读), paired once per run from the stored
// page facts: by an explicit link (a 相关解读 link on the document, a 原文链接 on the
// interpretation, a "[解读]" beside the document in a list's row), by title (the interpretation's title holds a form of
// the document's), and by 文号 (an interpretation that neither of those linked and that quotes few 文号s). The
// interpretation rules judge the pairs; the reports show them (一文多解: forms and counts).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/date.h"
#include "common/status.h"

namespace govaudit {

namespace db {
class Store;
}

struct PairedInterpretation {
  std::string url;
  std::string title;
  std::optional<Date> date;
  std::vector<std::string> forms;  // 文字 / 图解 / 视频 / 音频 / 问答
  std::string how;                 // why they belong together, in Chinese, for the evidence
};

struct DocumentInterpretations {
  std::string url;
  std::string title;
  std::string kind_reasons;
  std::string doc_number;       // as written
  std::string doc_number_norm;  // NormalizeDocNumber
  std::optional<Date> date;     // publish date, else written date
  bool date_is_written = false; // no 发布日期: the 成文日期 stands in
  bool needs = false;           // an interpretation is required (classify: needs_interpretation)
  bool needs_if_listed = false; // required if a policy column lists the document
  bool in_force = true;         // false when its validity or a notice says 废止 / 失效
  std::vector<std::pair<std::string, std::string>> related;  // 相关解读 links: url, label
  std::vector<PairedInterpretation> interpretations;          // in the order they were linked
};

// Every policy document of the run with the interpretations that belong to it.
StatusOr<std::vector<DocumentInterpretations>> PairInterpretations(db::Store& store, int64_t run_id);

}  // namespace govaudit
