// How report files are written: every string through the output gate (pii/safe_text.h: personal
// data masked, control and bidirectional characters dropped, CSV cells that Excel would run
// as formulas neutralised), then escaped for its destination; files written to a temporary
// name beside the target and renamed, never through a symbolic link, so a full disk or a
// planted link cannot leave a truncated or misplaced report.
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "assess/wording.h"
#include "common/status.h"
#include "pii/safe_text.h"
#include "report/report.h"

namespace govaudit::report::internal {

// Crawled or stored text as it may appear in a report.
inline std::string Safe(std::string_view text) { return pii::SafeText(text); }

// HTML escaping alone, for text that has just passed the gate (HtmlEscape is the two in one):
// a snapshot's page is gated as a whole and is too large to scan twice.
std::string EscapeGatedHtml(std::string_view text);

// Every string of a JSON document through the gate, then dumped (invalid UTF-8 replaced).
std::string JsonDump(nlohmann::ordered_json doc, int indent = 2);

// A report file written as it is produced, so a run with many findings never holds the whole
// document in memory. The bytes go to a new temporary file (created exclusively, links not
// followed); Finish() renames it over `path` and names the file in any error. A file that is
// never finished is removed and `path` keeps what it held before.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool ok() const { return open_error_.empty(); }
  std::ostream& stream() { return out_; }
  Status OpenError() const { return Status::Error("cannot write " + path_ + ": " + open_error_); }
  Status Finish();

 private:
  std::string path_;
  std::string temp_path_;
  std::string open_error_;
  std::ofstream out_;
  bool finished_ = false;
};

// A temporary name beside `path` for a library that writes its file itself (libxlsxwriter):
// reserved by creating it exclusively, renamed over `path` by Commit(), removed otherwise.
class TempFile {
 public:
  explicit TempFile(const std::string& path);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& temp_path() const { return temp_path_; }
  Status Error() const { return Status::Error("cannot write " + path_ + ": " + error_); }
  Status Commit();

 private:
  std::string path_;
  std::string temp_path_;
  std::string error_;
  bool committed_ = false;
};

// Writes a whole file through OutputFile.
Status WriteFile(const std::string& path, const std::string& content);
// Creates the output folder `out_dir` (and its parents) unless it exists.
Status CreateOutputFolder(const std::string& out_dir);

// One CSV field (RFC 4180) through the gate's spreadsheet rules: quoted when it holds a comma,
// quote or line break.
std::string CsvField(std::string_view text);

// Only http(s) URLs become links; anything else (javascript:, data:) is shown as text.
std::string LinkTo(const std::string& url, const std::string& label);

// Evidence escaped, its highlighted part (the first occurrence) in <mark>.
std::string Highlighted(const std::string& evidence, const std::string& highlight);

// A finding's triage status in words: 待整改, 已确认, 误报, 已整改.
const char* StatusLabel(const std::string& status);

// A finding's grade as a coloured label (否决项 / 扣分项 / 提示), for the reports' CSS classes
// sev.veto, sev.deduction, sev.notice.
std::string GradeBadge(FindingClass grade);

}  // namespace govaudit::report::internal
