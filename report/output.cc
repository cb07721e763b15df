#include "report/internal/output.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace govaudit::report::internal {
namespace {

void SanitizeJson(nlohmann::ordered_json& j) {
  if (j.is_string()) {
    j = Safe(j.get_ref<const std::string&>());
  } else if (j.is_structured()) {
    for (auto& item : j) SanitizeJson(item);
  }
}

}  // namespace

std::string JsonDump(nlohmann::ordered_json doc, int indent) {
  SanitizeJson(doc);
  return doc.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

OutputFile::OutputFile(const std::string& path) : path_(path) {
  // A name of our own beside the target: O_EXCL refuses an existing file or link there.
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100 && temp_path_.empty(); ++attempt) {
    std::string candidate = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::close(fd);
      temp_path_ = candidate;
    } else if (errno != EEXIST) {
      open_error_ = std::strerror(errno);
      return;
    }
  }
  if (temp_path_.empty()) {
    open_error_ = "no temporary file name available";
    return;
  }
  out_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) open_error_ = std::strerror(errno);
}

OutputFile::~OutputFile() {
  if (!finished_ && !temp_path_.empty()) std::remove(temp_path_.c_str());
}

Status OutputFile::Finish() {
  finished_ = true;
  if (!ok()) return OpenError();
  out_.flush();
  out_.close();
  if (!out_) {
    const std::string why = std::strerror(errno);
    std::remove(temp_path_.c_str());
    return Status::Error("writing " + path_ + " failed: " + why);
  }
  // rename() replaces a link at `path` itself, never the file it points to.
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(temp_path_.c_str());
    return Status::Error("writing " + path_ + " failed: " + why);
  }
  return Status::Ok();
}

Status WriteFile(const std::string& path, const std::string& content) {
  OutputFile file(path);
  if (!file.ok()) return file.OpenError();
  file.stream() << content;
  return file.Finish();
}

std::string CsvField(std::string_view raw) {
  const std::string text = pii::SafeText(raw, pii::Sink::kCsv);
  const bool quote = text.find_first_of(",\"\r\n") != std::string::npos;
  std::string out;
  if (quote) out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  if (quote) out.push_back('"');
  return out;
}

std::string LinkTo(const std::string& url, const std::string& label) {
  if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) {
    return "<a href=\"" + HtmlEscape(url) + "\" rel=\"noreferrer\" target=\"_blank\">" + HtmlEscape(label) + "</a>";
  }
  return HtmlEscape(label);
}

}  // namespace govaudit::report::internal
