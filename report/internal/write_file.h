#pragma once

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "report/report.h"

namespace govaudit::report::internal {

inline Status WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Error("cannot write " + path + ": " + std::strerror(errno));
  out << content;
  out.close();
  if (!out) return Status::Error("writing " + path + " failed: " + std::strerror(errno));
  return Status::Ok();
}

// A report file written as it is produced, so a run with many findings never holds the
// whole document in memory. Finish() closes it and names the file in any error.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path) : path_(path), out_(path, std::ios::binary | std::ios::trunc) {}
  bool ok() const { return static_cast<bool>(out_); }
  std::ostream& stream() { return out_; }
  Status OpenError() const { return Status::Error("cannot write " + path_ + ": " + std::strerror(errno)); }
  Status Finish() {
    out_.close();
    if (!out_) return Status::Error("writing " + path_ + " failed: " + std::strerror(errno));
    return Status::Ok();
  }

 private:
  std::string path_;
  std::ofstream out_;
};

// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
inline std::string CsvField(std::string_view text) {
  bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos;
  std::string out;
  if (quote) out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  if (quote) out.push_back('"');
  return out;
}

inline std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

// Only http(s) URLs become links; anything else (javascript:, data:) is shown as text.
inline std::string LinkTo(const std::string& url, const std::string& label) {
  if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
    return "<a href=\"" + HtmlEscape(url) + "\" rel=\"noreferrer\" target=\"_blank\">" + HtmlEscape(label) + "</a>";
  }
  return HtmlEscape(label);
}

}  // namespace govaudit::report::internal
