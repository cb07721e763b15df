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

namespace {

// A name of our own beside `path`: O_EXCL refuses an existing file or link there. Sets *error
// and returns "" when none can be made.
std::string ReserveTempName(const std::string& path, std::string* error) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string candidate = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::close(fd);
      return candidate;
    }
    if (errno != EEXIST) {
      *error = std::strerror(errno);
      return "";
    }
  }
  *error = "no temporary file name available";
  return "";
}

}  // namespace

OutputFile::OutputFile(const std::string& path) : path_(path) {
  temp_path_ = ReserveTempName(path, &open_error_);
  if (temp_path_.empty()) return;
  out_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) open_error_ = std::strerror(errno);
}

TempFile::TempFile(const std::string& path) : path_(path) { temp_path_ = ReserveTempName(path, &error_); }

TempFile::~TempFile() {
  if (!committed_ && !temp_path_.empty()) std::remove(temp_path_.c_str());
}

Status TempFile::Commit() {
  if (!ok()) return Error();
  committed_ = true;
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(temp_path_.c_str());
    return Status::Error("writing " + path_ + " failed: " + why);
  }
  return Status::Ok();
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

Status CreateOutputFolder(const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Status::Error("cannot create output folder " + out_dir + ": " + ec.message());
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

std::string Highlighted(const std::string& raw_evidence, const std::string& raw_highlight) {
  // Masked first, so that a highlight given masked still finds its value in evidence that was
  // not (the gate is idempotent: HtmlEscape applying it again changes nothing).
  const std::string evidence = Safe(raw_evidence);
  const std::string highlight = Safe(raw_highlight);
  size_t at = highlight.empty() ? std::string::npos : evidence.find(highlight);
  if (at == std::string::npos) return HtmlEscape(evidence);
  return HtmlEscape(evidence.substr(0, at)) + "<mark>" + HtmlEscape(highlight) + "</mark>" +
         HtmlEscape(evidence.substr(at + highlight.size()));
}

const char* StatusLabel(const std::string& status) {
  if (status == "open") return "待整改";
  if (status == "acknowledged") return "已确认";
  if (status == "false_positive") return "误报";
  if (status == "fixed") return "已整改";
  return "待整改";
}

std::string GradeBadge(FindingClass grade) {
  return "<span class=\"sev " + std::string(FindingClassId(grade)) + "\">" + std::string(FindingClassLabel(grade)) +
         "</span>";
}

}  // namespace govaudit::report::internal
