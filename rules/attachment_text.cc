#include "common/utf8.h"
#include "rules/attachment_text.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <zip.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/charset.h"
#include "common/status.h"

namespace govaudit {
namespace {

// Caps keep one hostile or huge attachment (zip bomb, million-row sheet) from exhausting
// memory; a cut shows up as AttachmentText::truncated.
constexpr size_t kMaxTextBytes = 20u << 20;
constexpr size_t kMaxUnzippedBytes = 50u << 20;
constexpr size_t kMaxTableCells = 4'000'000;
constexpr int kMaxZipEntries = 200;
constexpr int kMaxArchiveDepth = 1;  // a zip is unpacked; a zip inside it is not
constexpr char kNestedArchiveReason[] = "archive inside an archive is not unpacked";
constexpr int kMaxSheetColumns = 16384;  // Excel's own limit (XFD)
constexpr long kMaxSheetRows = 1048576;  // Excel's own limit

// Budget shared by everything extracted from one attachment, nested parts included.
struct Limits {
  size_t text_left = kMaxTextBytes;
  size_t unzip_left = kMaxUnzippedBytes;
  size_t cells_left = kMaxTableCells;
  bool truncated = false;
};

// ---------------------------------------------------------------------------------------
// Small string helpers.

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

// Longest prefix of at most max_bytes that does not split a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Newlines as '\n' only; form feeds (PDF page breaks) dropped.
std::string NormalizeNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (c != '\f') {
      out.push_back(c);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Output assembly under the caps.

// Appends a block of text, '\n'-separated from what is already there. With allow_partial
// a block that does not fit is cut at a character boundary; otherwise it is dropped.
bool AppendBlock(AttachmentText& out, std::string_view block, Limits& lim, bool allow_partial) {
  const size_t sep = out.text.empty() ? 0 : 1;
  if (block.size() + sep <= lim.text_left) {
    if (sep) out.text.push_back('\n');
    out.text.append(block);
    lim.text_left -= block.size() + sep;
    return true;
  }
  lim.truncated = true;
  if (allow_partial && lim.text_left > sep) {
    std::string_view cut = Utf8Prefix(block, lim.text_left - sep);
    if (!cut.empty()) {
      if (sep) out.text.push_back('\n');
      out.text.append(cut);
    }
  }
  lim.text_left = 0;
  return false;
}

// One text line per row: cells joined by '\t', trailing empty cells dropped, and tabs and
// newlines inside a cell flattened so that the line keeps its shape.
std::string RowText(const std::vector<std::string>& row) {
  size_t last = row.size();
  while (last > 0 && IsBlank(row[last - 1])) --last;
  std::string line;
  for (size_t i = 0; i < last; ++i) {
    if (i > 0) line.push_back('\t');
    for (char c : row[i]) line.push_back((c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
  }
  return line;
}

// Adds a row to the table and, when emit_text, its line to the text. False once a cap is
// reached: the row is then dropped and the caller should stop.
bool AddRow(AttachmentTable& table, std::vector<std::string> row, AttachmentText& out, Limits& lim,
            bool emit_text = true) {
  const size_t cells = std::max<size_t>(row.size(), 1);
  if (cells > lim.cells_left) {
    lim.cells_left = 0;
    lim.truncated = true;
    return false;
  }
  if (emit_text) {
    const std::string line = RowText(row);
    if (!line.empty() && !AppendBlock(out, line, lim, /*allow_partial=*/false)) return false;
  }
  lim.cells_left -= cells;
  if (table.header_row < 0 &&
      std::any_of(row.begin(), row.end(), [](const std::string& c) { return !IsBlank(c); })) {
    table.header_row = static_cast<int>(table.rows.size());
  }
  table.rows.push_back(std::move(row));
  return true;
}

AttachmentText NotInspected(std::string reason) {
  AttachmentText out;
  out.inspected = false;
  out.not_inspected_reason = std::move(reason);
  return out;
}

// ---------------------------------------------------------------------------------------
// A small tolerant XML scanner: enough for OOXML parts, no DTDs or namespaces resolution.
// Names are reported without their prefix ("w:t" -> "t"), since generators differ in the
// prefixes they use ("x:c" from some SDKs).

struct XmlToken {
  enum class Kind { kText, kStart, kEnd, kEmpty };
  Kind kind = Kind::kText;
  std::string_view name;   // local name, for tags
  std::string_view attrs;  // raw attribute text, for start and empty tags
  std::string_view text;   // raw text (entities not decoded), for text
  bool cdata = false;      // text came from a CDATA section: no entity decoding
};

std::string_view LocalName(std::string_view qname) {
  const size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

class XmlScanner {
 public:
  explicit XmlScanner(std::string_view xml) : xml_(xml) {}

  bool Next(XmlToken& tok) {
    while (pos_ < xml_.size()) {
      if (xml_[pos_] != '<') {
        size_t lt = xml_.find('<', pos_);
        if (lt == std::string_view::npos) lt = xml_.size();
        tok = XmlToken{};
        tok.kind = XmlToken::Kind::kText;
        tok.text = xml_.substr(pos_, lt - pos_);
        pos_ = lt;
        return true;
      }
      const std::string_view rest = xml_.substr(pos_);
      if (StartsWith(rest, "<!--")) {
        Skip("-->", 4);
        continue;
      }
      if (StartsWith(rest, "<![CDATA[")) {
        const size_t end = xml_.find("]]>", pos_ + 9);
        tok = XmlToken{};
        tok.kind = XmlToken::Kind::kText;
        tok.cdata = true;
        if (end == std::string_view::npos) {
          tok.text = xml_.substr(pos_ + 9);
          pos_ = xml_.size();
        } else {
          tok.text = xml_.substr(pos_ + 9, end - pos_ - 9);
          pos_ = end + 3;
        }
        return true;
      }
      if (StartsWith(rest, "<?")) {
        Skip("?>", 2);
        continue;
      }
      if (StartsWith(rest, "<!")) {
        Skip(">", 2);
        continue;
      }
      return ReadTag(tok);
    }
    return false;
  }

 private:
  void Skip(std::string_view terminator, size_t from) {
    const size_t end = xml_.find(terminator, pos_ + from);
    pos_ = end == std::string_view::npos ? xml_.size() : end + terminator.size();
  }

  bool ReadTag(XmlToken& tok) {
    size_t i = pos_ + 1;
    bool is_end = false;
    if (i < xml_.size() && xml_[i] == '/') {
      is_end = true;
      ++i;
    }
    const size_t name_start = i;
    while (i < xml_.size() && !IsSpace(xml_[i]) && xml_[i] != '>' && xml_[i] != '/') ++i;
    const std::string_view qname = xml_.substr(name_start, i - name_start);
    // The closing '>' outside quoted attribute values.
    char quote = 0;
    size_t j = i;
    for (; j < xml_.size(); ++j) {
      const char c = xml_[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (j >= xml_.size()) {  // truncated document: stop
      pos_ = xml_.size();
      return false;
    }
    std::string_view attrs = xml_.substr(i, j - i);
    const bool self_closing = !attrs.empty() && attrs.back() == '/';
    if (self_closing) attrs.remove_suffix(1);
    pos_ = j + 1;
    tok = XmlToken{};
    tok.name = LocalName(qname);
    tok.attrs = attrs;
    tok.kind = is_end ? XmlToken::Kind::kEnd
                      : (self_closing ? XmlToken::Kind::kEmpty : XmlToken::Kind::kStart);
    return true;
  }

  std::string_view xml_;
  size_t pos_ = 0;
};

// Appends text with the XML predefined and numeric character references decoded. A malformed
// reference is kept as written.
void AppendXmlDecoded(std::string_view s, std::string& out) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      return;
    }
    out.append(s.substr(i, amp - i));
    const size_t semi = s.find(';', amp + 1);
    if (semi == std::string_view::npos || semi - amp > 12) {
      out.push_back('&');
      i = amp + 1;
      continue;
    }
    const std::string_view ent = s.substr(amp + 1, semi - amp - 1);
    bool ok = true;
    if (ent == "amp") {
      out.push_back('&');
    } else if (ent == "lt") {
      out.push_back('<');
    } else if (ent == "gt") {
      out.push_back('>');
    } else if (ent == "quot") {
      out.push_back('"');
    } else if (ent == "apos") {
      out.push_back('\'');
    } else if (ent.size() >= 2 && ent[0] == '#') {
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      const std::string_view digits = ent.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      ok = !digits.empty();
      for (char c : digits) {
        const int v = hex ? HexValue(c) : ((c >= '0' && c <= '9') ? c - '0' : -1);
        if (v < 0) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        if (cp > 0x10FFFF) cp = 0x110000;  // stays invalid, no overflow
      }
      if (ok) AppendUtf8(cp, &out);
    } else {
      ok = false;
    }
    if (ok) {
      i = semi + 1;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
}

std::string XmlDecoded(std::string_view s) {
  std::string out;
  AppendXmlDecoded(s, out);
  return out;
}

void AppendTokenText(const XmlToken& tok, std::string& out) {
  if (tok.cdata) {
    out.append(tok.text);
  } else {
    AppendXmlDecoded(tok.text, out);
  }
}

// Value of the attribute whose name (or local name) is `name`, decoded; nullopt if absent.
std::optional<std::string> GetAttr(std::string_view attrs, std::string_view name) {
  size_t i = 0;
  while (i < attrs.size()) {
    while (i < attrs.size() && IsSpace(attrs[i])) ++i;
    const size_t key_start = i;
    while (i < attrs.size() && attrs[i] != '=' && !IsSpace(attrs[i])) ++i;
    const std::string_view key = attrs.substr(key_start, i - key_start);
    while (i < attrs.size() && IsSpace(attrs[i])) ++i;
    if (i >= attrs.size() || attrs[i] != '=') {
      if (key.empty()) ++i;  // stray character: move on
      continue;
    }
    ++i;
    while (i < attrs.size() && IsSpace(attrs[i])) ++i;
    std::string_view value;
    if (i < attrs.size() && (attrs[i] == '"' || attrs[i] == '\'')) {
      const char q = attrs[i];
      const size_t end = attrs.find(q, i + 1);
      const size_t stop = end == std::string_view::npos ? attrs.size() : end;
      value = attrs.substr(i + 1, stop - i - 1);
      i = end == std::string_view::npos ? attrs.size() : end + 1;
    } else {
      const size_t start = i;
      while (i < attrs.size() && !IsSpace(attrs[i])) ++i;
      value = attrs.substr(start, i - start);
    }
    if (key == name || LocalName(key) == name) return XmlDecoded(value);
  }
  return std::nullopt;
}

// Spreadsheet strings escape control characters as _xHHHH_ (e.g. _x000D_ for CR).
std::string DecodeOoxmlEscapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int v = 0;
      bool ok = true;
      for (size_t k = 2; k < 6; ++k) {
        const int h = HexValue(s[i + k]);
        if (h < 0) {
          ok = false;
          break;
        }
        v = v * 16 + h;
      }
      if (ok) {
        AppendUtf8(static_cast<uint32_t>(v), &out);
        i += 6;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// OOXML parts are UTF-8 (rarely UTF-16 with a BOM); make sure what goes out is valid UTF-8.
std::string XmlPartToUtf8(std::string part) {
  if (part.size() >= 2 && ((static_cast<unsigned char>(part[0]) == 0xFF &&
                            static_cast<unsigned char>(part[1]) == 0xFE) ||
                           (static_cast<unsigned char>(part[0]) == 0xFE &&
                            static_cast<unsigned char>(part[1]) == 0xFF))) {
    return DecodeText(part, "").utf8;
  }
  if (IsValidUtf8(part)) return part;
  return ConvertToUtf8(part, "utf-8").utf8;
}

// ---------------------------------------------------------------------------------------
// Zip archives read from memory, with RAII for every libzip handle.

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct ZipSourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

class ZipError {
 public:
  ZipError() { zip_error_init(&error_); }
  ~ZipError() { zip_error_fini(&error_); }
  ZipError(const ZipError&) = delete;
  ZipError& operator=(const ZipError&) = delete;
  zip_error_t* get() { return &error_; }
  std::string message() { return zip_error_strerror(&error_); }

 private:
  zip_error_t error_;
};

// The archive refers to the caller's bytes: it must not outlive them.
class ZipReader {
 public:
  static StatusOr<ZipReader> Open(std::string_view body) {
    ZipError error;
    std::unique_ptr<zip_source_t, ZipSourceFree> source(
        zip_source_buffer_create(body.data(), body.size(), 0, error.get()));
    if (!source) return Status::Error("cannot read zip: " + error.message());
    zip_t* archive = zip_open_from_source(source.get(), ZIP_RDONLY, error.get());
    if (archive == nullptr) return Status::Error("corrupt zip: " + error.message());
    source.release();  // owned by the archive from now on
    return ZipReader(archive);
  }

  uint64_t NumEntries() const {
    const zip_int64_t n = zip_get_num_entries(zip_.get(), 0);
    return n < 0 ? 0 : static_cast<uint64_t>(n);
  }

  // The name as stored: UTF-8 when the archiver said so, often GBK from Chinese Windows tools.
  std::optional<std::string> RawName(uint64_t index) const {
    const char* name = zip_get_name(zip_.get(), index, ZIP_FL_ENC_RAW);
    if (name == nullptr) return std::nullopt;
    return std::string(name);
  }

  std::optional<uint64_t> Locate(const std::string& name) const {
    const zip_int64_t i = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (i < 0) return std::nullopt;
    return static_cast<uint64_t>(i);
  }

  // Reads a whole entry, charging its unpacked size to the shared budget.
  StatusOr<std::string> Read(uint64_t index, Limits& lim) const {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_.get(), index, 0, &st) != 0) {
      return Status::Error("corrupt zip entry");
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > lim.unzip_left) {
      lim.truncated = true;
      return Status::Error("unpacked size exceeds the 50 MB cap");
    }
    std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(zip_.get(), index, 0));
    if (!file) {
      const int code = zip_error_code_zip(zip_get_error(zip_.get()));
      if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD) {
        return Status::Error("encrypted zip entry (password protected)");
      }
      return Status::Error(std::string("cannot open zip entry: ") +
                           zip_error_strerror(zip_get_error(zip_.get())));
    }
    std::string data;
    if (st.valid & ZIP_STAT_SIZE) data.reserve(static_cast<size_t>(st.size));
    char buffer[65536];
    while (true) {
      const zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
      if (n < 0)
        return Status::Error(std::string("corrupt zip entry: ") + zip_file_strerror(file.get()));
      if (n == 0) break;
      if (static_cast<uint64_t>(n) > lim.unzip_left) {
        lim.unzip_left = 0;
        lim.truncated = true;
        return Status::Error("unpacked size exceeds the 50 MB cap");
      }
      lim.unzip_left -= static_cast<size_t>(n);
      data.append(buffer, static_cast<size_t>(n));
    }
    return data;
  }

  StatusOr<std::string> ReadByName(const std::string& name, Limits& lim) const {
    const std::optional<uint64_t> index = Locate(name);
    if (!index) return Status::Error(name + " is missing");
    return Read(*index, lim);
  }

 private:
  explicit ZipReader(zip_t* archive) : zip_(archive) {}
  std::unique_ptr<zip_t, ZipDiscard> zip_;
};

std::string ZipNameToUtf8(const std::string& raw) {
  if (IsValidUtf8(raw)) return raw;
  return ConvertToUtf8(raw, "gb18030").utf8;
}

// ---------------------------------------------------------------------------------------
// Format detection.

std::optional<AttachmentFormat> FormatFromExtension(std::string_view ext) {
  static const std::pair<std::string_view, AttachmentFormat> kTable[] = {
      {"csv", AttachmentFormat::kCsv},   {"txt", AttachmentFormat::kTxt},
      {"xlsx", AttachmentFormat::kXlsx}, {"docx", AttachmentFormat::kDocx},
      {"pdf", AttachmentFormat::kPdf},   {"zip", AttachmentFormat::kZip},
      {"xls", AttachmentFormat::kXls},   {"doc", AttachmentFormat::kDoc},
      {"wps", AttachmentFormat::kWps},   {"et", AttachmentFormat::kEt},
      {"rar", AttachmentFormat::kRar},
  };
  const std::string lower = ToLower(ext);
  for (const auto& [name, format] : kTable) {
    if (lower == name) return format;
  }
  return std::nullopt;
}

// Extension of the last segment of a file path ("a/b/名单.XLSX" -> "XLSX").
std::string_view PathExtension(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  const std::string_view segment = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = segment.rfind('.');
  if (dot == std::string_view::npos) return {};
  return segment.substr(dot + 1);
}

// Path of a URL without scheme, host, query and fragment ("" if none).
std::string_view UrlPath(std::string_view url) {
  const size_t cut = url.find_first_of("?#");
  if (cut != std::string_view::npos) url = url.substr(0, cut);
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const size_t slash = url.find('/', scheme + 3);
    return slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  }
  return url;
}

std::string_view UrlFileName(std::string_view url) {
  const std::string_view path = UrlPath(url);
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<AttachmentFormat> FormatFromContentType(std::string_view content_type) {
  std::string media = ToLower(Trim(content_type.substr(0, content_type.find(';'))));
  static const std::pair<std::string_view, AttachmentFormat> kTable[] = {
      {"application/pdf", AttachmentFormat::kPdf},
      {"application/x-pdf", AttachmentFormat::kPdf},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       AttachmentFormat::kXlsx},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       AttachmentFormat::kDocx},
      {"application/msword", AttachmentFormat::kDoc},
      {"application/vnd.ms-excel", AttachmentFormat::kXls},
      {"application/zip", AttachmentFormat::kZip},
      {"application/x-zip-compressed", AttachmentFormat::kZip},
      {"application/x-zip", AttachmentFormat::kZip},
      {"application/vnd.rar", AttachmentFormat::kRar},
      {"application/x-rar-compressed", AttachmentFormat::kRar},
      {"application/x-rar", AttachmentFormat::kRar},
      {"application/kswps", AttachmentFormat::kWps},
      {"application/wps-office.wps", AttachmentFormat::kWps},
      {"application/kset", AttachmentFormat::kEt},
      {"application/wps-office.et", AttachmentFormat::kEt},
      {"text/csv", AttachmentFormat::kCsv},
      {"application/csv", AttachmentFormat::kCsv},
      {"text/comma-separated-values", AttachmentFormat::kCsv},
      {"text/tab-separated-values", AttachmentFormat::kCsv},
      {"text/plain", AttachmentFormat::kTxt},
  };
  for (const auto& [name, format] : kTable) {
    if (media == name) return format;
  }
  return std::nullopt;
}

bool HasOleMagic(std::string_view body) {
  return StartsWith(body, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
}

bool HasZipMagic(std::string_view body) {
  return StartsWith(body, std::string_view("PK\x03\x04", 4)) ||
         StartsWith(body, std::string_view("PK\x05\x06", 4));
}

bool HasPdfMagic(std::string_view body) {
  // Readers accept junk before the header within the first 1024 bytes.
  return body.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

bool HasRarMagic(std::string_view body) {
  return StartsWith(body, std::string_view("Rar!\x1A\x07", 6));
}

bool ContainsUtf16Le(std::string_view body, std::string_view ascii) {
  std::string wide;
  for (char c : ascii) {
    wide.push_back(c);
    wide.push_back('\0');
  }
  return body.find(wide) != std::string_view::npos;
}

// OLE compound files name their streams in UTF-16: "WordDocument" for Word (and WPS Writer),
// "Workbook"/"Book" for Excel.
std::optional<AttachmentFormat> SniffOle(std::string_view body) {
  if (ContainsUtf16Le(body, "WordDocument")) return AttachmentFormat::kDoc;
  if (ContainsUtf16Le(body, "Workbook") || ContainsUtf16Le(body, "Book"))
    return AttachmentFormat::kXls;
  return std::nullopt;
}

// .xlsx and .docx are zip packages; their main part tells them apart from a plain zip.
AttachmentFormat SniffZip(std::string_view body) {
  StatusOr<ZipReader> zip = ZipReader::Open(body);
  if (!zip.ok()) return AttachmentFormat::kZip;
  if (zip->Locate("xl/workbook.xml")) return AttachmentFormat::kXlsx;
  if (zip->Locate("word/document.xml")) return AttachmentFormat::kDocx;
  return AttachmentFormat::kZip;
}

std::optional<AttachmentFormat> FormatFromMagic(std::string_view body) {
  if (HasZipMagic(body)) return SniffZip(body);
  if (HasPdfMagic(body)) return AttachmentFormat::kPdf;
  if (HasOleMagic(body)) return SniffOle(body).value_or(AttachmentFormat::kUnknown);
  if (HasRarMagic(body)) return AttachmentFormat::kRar;
  return std::nullopt;
}

bool LooksLikePlainText(std::string_view body) {
  return body.substr(0, 8192).find('\0') == std::string_view::npos;
}

bool IsTextFormat(AttachmentFormat f) {
  return f == AttachmentFormat::kCsv || f == AttachmentFormat::kTxt;
}

// The format to read the bytes as: what they are when their magic says so, else what the
// URL or header declared. Sites often name a .docx ".doc", or a zip ".rar".
AttachmentFormat ActualFormat(AttachmentFormat declared, std::string_view body) {
  if (HasZipMagic(body)) {
    const AttachmentFormat sniffed = SniffZip(body);
    if (sniffed != AttachmentFormat::kZip) return sniffed;
    // A damaged .xlsx/.docx is better reported as such than as a zip.
    if (declared == AttachmentFormat::kXlsx || declared == AttachmentFormat::kDocx) return declared;
    return AttachmentFormat::kZip;
  }
  if (HasPdfMagic(body) && !IsTextFormat(declared)) return AttachmentFormat::kPdf;
  if (HasOleMagic(body)) {
    switch (declared) {
      case AttachmentFormat::kXls:
      case AttachmentFormat::kDoc:
      case AttachmentFormat::kWps:
      case AttachmentFormat::kEt:
        return declared;
      default:
        return SniffOle(body).value_or(AttachmentFormat::kUnknown);
    }
  }
  if (HasRarMagic(body)) return AttachmentFormat::kRar;
  // Report systems often export tab-separated text under an .xls name.
  if ((declared == AttachmentFormat::kXls || declared == AttachmentFormat::kEt) &&
      LooksLikePlainText(body) && !LooksLikeHtml(body)) {
    return AttachmentFormat::kCsv;
  }
  return declared;
}

// ---------------------------------------------------------------------------------------
// CSV and plain text.

char DetectDelimiter(std::string_view s) {
  const std::string_view sample = s.substr(0, 64 * 1024);
  size_t commas = 0;
  size_t tabs = 0;
  bool quoted = false;
  for (char c : sample) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == ',') ++commas;
      if (c == '\t') ++tabs;
    }
  }
  return tabs > commas ? '\t' : ',';
}

// RFC 4180 records, tolerant of what spreadsheets and hand edits produce: a quote inside an
// unquoted field is literal, text after a closing quote is kept, an unterminated quoted
// field runs to the end of the input.
class CsvParser {
 public:
  CsvParser(std::string_view s, char delimiter) : s_(s), delimiter_(delimiter) {}

  bool Next(std::vector<std::string>& fields) {
    fields.clear();
    if (pos_ >= s_.size()) return false;
    while (true) {
      std::string field;
      if (pos_ < s_.size() && s_[pos_] == '"') {
        ++pos_;
        while (true) {
          const size_t q = s_.find('"', pos_);
          if (q == std::string_view::npos) {
            field.append(s_.substr(pos_));
            pos_ = s_.size();
            break;
          }
          field.append(s_.substr(pos_, q - pos_));
          if (q + 1 < s_.size() && s_[q + 1] == '"') {
            field.push_back('"');
            pos_ = q + 2;
            continue;
          }
          pos_ = q + 1;
          break;
        }
      }
      while (pos_ < s_.size() && s_[pos_] != delimiter_ && s_[pos_] != '\r' && s_[pos_] != '\n') {
        field.push_back(s_[pos_++]);
      }
      fields.push_back(std::move(field));
      if (pos_ >= s_.size()) break;
      const char c = s_[pos_++];
      if (c == delimiter_) continue;
      if (c == '\r' && pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
      break;
    }
    if (fields.size() == 1 && fields[0].empty()) fields.clear();  // blank line
    return true;
  }

 private:
  std::string_view s_;
  char delimiter_;
  size_t pos_ = 0;
};

std::string StripUtf8Bom(std::string s) {
  if (StartsWith(s, "\xEF\xBB\xBF")) s.erase(0, 3);
  return s;
}

AttachmentText ExtractCsv(std::string_view body, std::string_view content_type,
                          std::string_view table_name, Limits& lim) {
  const std::string text = StripUtf8Bom(DecodeText(body, content_type).utf8);
  AttachmentText out;
  out.inspected = true;
  AttachmentTable table;
  table.name = std::string(table_name);
  CsvParser parser(text, DetectDelimiter(text));
  std::vector<std::string> fields;
  while (parser.Next(fields)) {
    if (!AddRow(table, fields, out, lim)) break;
  }
  out.tables.push_back(std::move(table));
  return out;
}

AttachmentText ExtractTxt(std::string_view body, std::string_view content_type, Limits& lim) {
  const std::string text = NormalizeNewlines(StripUtf8Bom(DecodeText(body, content_type).utf8));
  AttachmentText out;
  out.inspected = true;
  const std::string_view trimmed = Trim(text);
  if (!trimmed.empty()) AppendBlock(out, trimmed, lim, /*allow_partial=*/true);
  return out;
}

// ---------------------------------------------------------------------------------------
// XLSX.

struct Relationship {
  std::string target;
  std::string type;
};

std::unordered_map<std::string, Relationship> ParseRelationships(std::string_view xml) {
  std::unordered_map<std::string, Relationship> rels;
  XmlScanner scanner(xml);
  XmlToken tok;
  while (scanner.Next(tok)) {
    if ((tok.kind != XmlToken::Kind::kStart && tok.kind != XmlToken::Kind::kEmpty) ||
        tok.name != "Relationship") {
      continue;
    }
    const std::optional<std::string> id = GetAttr(tok.attrs, "Id");
    const std::optional<std::string> target = GetAttr(tok.attrs, "Target");
    if (!id || !target) continue;
    if (ToLower(GetAttr(tok.attrs, "TargetMode").value_or("")) == "external") continue;
    rels[*id] = Relationship{*target, GetAttr(tok.attrs, "Type").value_or("")};
  }
  return rels;
}

// Resolves a relationship target against the folder of the part that holds it.
std::string ResolvePartName(std::string_view base_dir, std::string_view target) {
  std::string joined = StartsWith(target, "/") ? std::string(target.substr(1))
                                               : std::string(base_dir) + std::string(target);
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    const std::string segment = joined.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& s : segments) {
    if (!out.empty()) out.push_back('/');
    out += s;
  }
  return out;
}

struct SheetRef {
  std::string name;
  std::string rel_id;
  bool hidden = false;
};

std::vector<SheetRef> ParseWorkbookSheets(std::string_view xml) {
  std::vector<SheetRef> sheets;
  XmlScanner scanner(xml);
  XmlToken tok;
  while (scanner.Next(tok)) {
    if ((tok.kind != XmlToken::Kind::kStart && tok.kind != XmlToken::Kind::kEmpty) ||
        tok.name != "sheet") {
      continue;
    }
    SheetRef ref;
    ref.name = GetAttr(tok.attrs, "name").value_or("");
    ref.rel_id = GetAttr(tok.attrs, "id").value_or("");
    const std::string state = GetAttr(tok.attrs, "state").value_or("");
    ref.hidden = state == "hidden" || state == "veryHidden";
    sheets.push_back(std::move(ref));
  }
  return sheets;
}

std::vector<std::string> ParseSharedStrings(std::string_view xml) {
  std::vector<std::string> strings;
  XmlScanner scanner(xml);
  XmlToken tok;
  std::string current;
  bool in_si = false;
  bool in_t = false;
  int phonetic_depth = 0;  // <rPh> holds a reading guide, not cell text
  while (scanner.Next(tok)) {
    switch (tok.kind) {
      case XmlToken::Kind::kStart:
        if (tok.name == "si") {
          in_si = true;
          current.clear();
        } else if (tok.name == "rPh") {
          ++phonetic_depth;
        } else if (tok.name == "t") {
          in_t = true;
        }
        break;
      case XmlToken::Kind::kEmpty:
        if (tok.name == "si") strings.emplace_back();
        break;
      case XmlToken::Kind::kEnd:
        if (tok.name == "si") {
          if (in_si) strings.push_back(DecodeOoxmlEscapes(std::move(current)));
          current.clear();
          in_si = false;
        } else if (tok.name == "rPh") {
          if (phonetic_depth > 0) --phonetic_depth;
        } else if (tok.name == "t") {
          in_t = false;
        }
        break;
      case XmlToken::Kind::kText:
        if (in_si && in_t && phonetic_depth == 0) AppendTokenText(tok, current);
        break;
    }
  }
  return strings;
}

// "C5" -> column 2 (0-based); -1 if there are no letters or the column is out of range.
int ColumnFromRef(std::string_view ref) {
  long col = 0;
  size_t i = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col = col * 26 + (AsciiLower(ref[i]) - 'a' + 1);
    if (col > kMaxSheetColumns) return -1;
    ++i;
  }
  return i == 0 ? -1 : static_cast<int>(col - 1);
}

long ParsePositive(std::string_view s, long max) {
  s = Trim(s);
  if (s.empty()) return -1;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
    if (v > max) return -1;
  }
  return v;
}

// Reads one worksheet into `table`, one row per spreadsheet row (rows[i] is row i+1 when
// the file numbers its rows), each cell at its column. Numbers keep the text stored in <v>:
// long IDs saved as numbers (6.40521199001011E+17) are shown as stored, dates as serial days.
// False once a cap stops it.
bool ParseWorksheet(std::string_view xml, const std::vector<std::string>& shared,
                    AttachmentTable& table, AttachmentText& out, Limits& lim) {
  XmlScanner scanner(xml);
  XmlToken tok;
  long next_row = 1;  // 1-based spreadsheet row number of the next row to append
  long row_number = 0;
  bool in_row = false;
  std::vector<std::string> cells;
  int next_col = 0;
  bool in_cell = false;
  int cell_col = 0;
  std::string cell_type;
  std::string value;        // <v>
  std::string inline_text;  // <is><t>
  bool in_v = false;
  bool in_is = false;
  bool in_t = false;
  int phonetic_depth = 0;

  auto begin_row = [&](std::string_view attrs) {
    const long r = ParsePositive(GetAttr(attrs, "r").value_or(""), kMaxSheetRows);
    row_number = r > 0 ? r : next_row;
    // Keep rows aligned with the spreadsheet's numbering across empty rows.
    while (next_row < row_number) {
      if (!AddRow(table, {}, out, lim)) return false;
      ++next_row;
    }
    in_row = true;
    cells.clear();
    next_col = 0;
    return true;
  };
  auto end_row = [&]() {
    in_row = false;
    next_row = std::max(next_row, row_number) + 1;
    return AddRow(table, std::move(cells), out, lim);
  };
  auto begin_cell = [&](std::string_view attrs) {
    const int col = ColumnFromRef(GetAttr(attrs, "r").value_or(""));
    cell_col = col >= 0 ? col : next_col;
    cell_type = GetAttr(attrs, "t").value_or("n");
    value.clear();
    inline_text.clear();
    in_cell = true;
  };
  auto end_cell = [&]() {
    in_cell = false;
    in_v = in_is = in_t = false;
    next_col = cell_col + 1;
    std::string text;
    if (cell_type == "s") {
      const long index = ParsePositive(value, LONG_MAX / 16);
      if (index >= 0 && static_cast<size_t>(index) < shared.size()) text = shared[index];
    } else if (cell_type == "inlineStr") {
      text = DecodeOoxmlEscapes(inline_text);
    } else if (cell_type == "b") {
      const std::string_view v = Trim(value);
      text = v == "1" ? "TRUE" : (v == "0" ? "FALSE" : std::string(v));
    } else if (cell_type == "str") {
      text = DecodeOoxmlEscapes(value);
    } else {
      text = value.empty() ? DecodeOoxmlEscapes(inline_text) : value;
    }
    if (text.empty() || !in_row || cell_col >= kMaxSheetColumns) return;
    if (cells.size() <= static_cast<size_t>(cell_col)) cells.resize(cell_col + 1);
    cells[cell_col] = std::move(text);
  };

  while (scanner.Next(tok)) {
    switch (tok.kind) {
      case XmlToken::Kind::kStart:
        if (tok.name == "row") {
          if (in_row && !end_row()) return false;
          if (!begin_row(tok.attrs)) return false;
        } else if (tok.name == "c") {
          begin_cell(tok.attrs);
        } else if (in_cell && tok.name == "v") {
          in_v = true;
        } else if (in_cell && tok.name == "is") {
          in_is = true;
        } else if (in_is && tok.name == "rPh") {
          ++phonetic_depth;
        } else if (in_is && tok.name == "t") {
          in_t = true;
        }
        break;
      case XmlToken::Kind::kEmpty:
        if (tok.name == "row") {
          if (in_row && !end_row()) return false;
          if (!begin_row(tok.attrs) || !end_row()) return false;
        } else if (tok.name == "c") {
          begin_cell(tok.attrs);
          end_cell();
        }
        break;
      case XmlToken::Kind::kEnd:
        if (tok.name == "row") {
          if (in_row && !end_row()) return false;
        } else if (tok.name == "c") {
          if (in_cell) end_cell();
        } else if (tok.name == "v") {
          in_v = false;
        } else if (tok.name == "is") {
          in_is = false;
        } else if (tok.name == "rPh") {
          if (phonetic_depth > 0) --phonetic_depth;
        } else if (tok.name == "t") {
          in_t = false;
        }
        break;
      case XmlToken::Kind::kText:
        if (in_v) {
          AppendTokenText(tok, value);
        } else if (in_t && phonetic_depth == 0) {
          AppendTokenText(tok, inline_text);
        }
        break;
    }
  }
  if (in_row) return end_row();  // truncated part: keep what was read
  return true;
}

AttachmentText ExtractXlsx(const ZipReader& zip, std::string_view table_prefix, Limits& lim) {
  std::vector<SheetRef> sheets;
  std::unordered_map<std::string, Relationship> rels;
  if (StatusOr<std::string> workbook = zip.ReadByName("xl/workbook.xml", lim); workbook.ok()) {
    sheets = ParseWorkbookSheets(XmlPartToUtf8(std::move(*workbook)));
  }
  if (StatusOr<std::string> r = zip.ReadByName("xl/_rels/workbook.xml.rels", lim); r.ok()) {
    rels = ParseRelationships(XmlPartToUtf8(std::move(*r)));
  }

  std::string shared_path = "xl/sharedStrings.xml";
  for (const auto& [id, rel] : rels) {
    if (EndsWith(rel.type, "/sharedStrings")) shared_path = ResolvePartName("xl/", rel.target);
  }
  std::vector<std::string> shared;
  if (zip.Locate(shared_path)) {
    StatusOr<std::string> xml = zip.ReadByName(shared_path, lim);
    if (!xml.ok())
      return NotInspected("cannot read shared strings of .xlsx: " + xml.status().message());
    shared = ParseSharedStrings(XmlPartToUtf8(std::move(*xml)));
  }

  // Each sheet's part, through the workbook relationships; by convention when they are missing.
  std::vector<std::pair<SheetRef, std::string>> parts;
  for (size_t i = 0; i < sheets.size(); ++i) {
    const auto rel = rels.find(sheets[i].rel_id);
    if (rel != rels.end()) {
      // Chart and dialog sheets hold no cells.
      if (!rel->second.type.empty() && !EndsWith(rel->second.type, "/worksheet")) continue;
      parts.emplace_back(sheets[i], ResolvePartName("xl/", rel->second.target));
    } else {
      parts.emplace_back(sheets[i], "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml");
    }
  }
  if (sheets.empty()) {
    for (int i = 1; i <= 255; ++i) {
      const std::string path = "xl/worksheets/sheet" + std::to_string(i) + ".xml";
      if (!zip.Locate(path)) break;
      parts.emplace_back(SheetRef{"sheet" + std::to_string(i), "", false}, path);
    }
  }
  if (parts.empty()) return NotInspected("not a readable .xlsx: no worksheets found");

  AttachmentText out;
  std::string first_error;
  for (const auto& [ref, path] : parts) {
    const std::string sheet_label = ref.name.empty() ? path : ref.name;
    StatusOr<std::string> xml = zip.ReadByName(path, lim);
    if (!xml.ok()) {
      if (first_error.empty()) first_error = xml.status().message();
      out.skipped_parts.push_back(sheet_label + ": " + xml.status().message());
      if (lim.truncated) break;
      continue;
    }
    AttachmentTable table;
    table.name = table_prefix.empty() ? sheet_label : std::string(table_prefix) + "/" + sheet_label;
    table.hidden = ref.hidden;
    const bool complete = ParseWorksheet(XmlPartToUtf8(std::move(*xml)), shared, table, out, lim);
    out.tables.push_back(std::move(table));
    out.inspected = true;
    if (!complete) break;
  }
  if (!out.inspected) return NotInspected("not a readable .xlsx: " + first_error);
  return out;
}

// ---------------------------------------------------------------------------------------
// DOCX.

// Walks a WordprocessingML part: paragraphs become lines, tables become AttachmentTables
// (and tab-separated lines). Text boxes appear twice in files (mc:Choice and the legacy
// mc:Fallback copy); only the first is read.
class WordXmlReader {
 public:
  WordXmlReader(AttachmentText& out, Limits& lim, std::string_view table_prefix, int& table_count)
      : out_(out), lim_(lim), table_prefix_(table_prefix), table_count_(table_count) {}

  // False once a cap stops it.
  bool Read(std::string_view xml) {
    XmlScanner scanner(xml);
    XmlToken tok;
    while (!stopped_ && scanner.Next(tok)) Handle(tok);
    while (!stopped_ && !tables_.empty()) CloseTable();  // truncated part
    if (!stopped_) FlushParagraph();
    return !stopped_;
  }

 private:
  struct OpenTable {
    size_t slot = 0;  // index in out_.tables, reserved when the table opens (document order)
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool in_cell = false;
    bool paragraph_break = false;  // the cell's previous paragraph ended
  };

  std::string& Sink() {
    if (!tables_.empty() && tables_.back().in_cell) {
      OpenTable& t = tables_.back();
      if (t.paragraph_break && !t.cell.empty()) t.cell.push_back(' ');
      t.paragraph_break = false;
      return t.cell;
    }
    return paragraph_;
  }

  bool InCell() const { return !tables_.empty() && tables_.back().in_cell; }

  void FlushParagraph() {
    const std::string_view p = Trim(paragraph_);
    if (!p.empty() && !AppendBlock(out_, p, lim_, /*allow_partial=*/true)) stopped_ = true;
    paragraph_.clear();
  }

  void CloseTable() {
    OpenTable t = std::move(tables_.back());
    tables_.pop_back();
    if (t.in_cell) t.row.push_back(std::string(Trim(t.cell)));
    if (!t.row.empty()) t.rows.push_back(std::move(t.row));
    const bool nested = !tables_.empty();
    AttachmentTable& table = out_.tables[t.slot];
    std::string flattened;
    for (auto& row : t.rows) {
      if (nested) {
        const std::string line = RowText(row);
        if (!line.empty()) flattened += (flattened.empty() ? "" : " ") + line;
      }
      if (!AddRow(table, std::move(row), out_, lim_, /*emit_text=*/!nested)) {
        stopped_ = true;
        return;
      }
    }
    // A nested table's text also belongs to the cell that holds it.
    if (nested && !flattened.empty()) {
      for (char& c : flattened) {
        if (c == '\t') c = ' ';
      }
      Sink() += flattened;
    }
  }

  void Handle(const XmlToken& tok) {
    using Kind = XmlToken::Kind;
    if (tok.name == "Fallback") {
      if (tok.kind == Kind::kStart) ++fallback_depth_;
      if (tok.kind == Kind::kEnd && fallback_depth_ > 0) --fallback_depth_;
      return;
    }
    if (fallback_depth_ > 0) return;
    switch (tok.kind) {
      case Kind::kText:
        if (in_t_) AppendTokenText(tok, Sink());
        return;
      case Kind::kStart:
      case Kind::kEmpty: {
        const bool empty = tok.kind == Kind::kEmpty;
        if (tok.name == "t") {
          in_t_ = !empty;
        } else if (tok.name == "r") {
          if (!empty) ++run_depth_;
        } else if (run_depth_ > 0 && tok.name == "tab") {  // not the tab stops in <w:tabs>
          Sink().push_back(' ');
        } else if (run_depth_ > 0 && (tok.name == "br" || tok.name == "cr")) {
          Sink().push_back(InCell() ? ' ' : '\n');
        } else if (tok.name == "tbl" && !empty) {
          if (tables_.empty()) FlushParagraph();
          OpenTable t;
          t.slot = out_.tables.size();
          AttachmentTable table;
          const std::string label = "table " + std::to_string(++table_count_);
          table.name = table_prefix_.empty() ? label : std::string(table_prefix_) + "/" + label;
          out_.tables.push_back(std::move(table));
          tables_.push_back(std::move(t));
        } else if (tok.name == "tr" && !tables_.empty()) {
          tables_.back().row.clear();
          if (empty) tables_.back().rows.emplace_back();
        } else if (tok.name == "tc" && !tables_.empty()) {
          OpenTable& t = tables_.back();
          if (empty) {
            t.row.emplace_back();
          } else {
            t.in_cell = true;
            t.cell.clear();
            t.paragraph_break = false;
          }
        }
        return;
      }
      case Kind::kEnd:
        if (tok.name == "t") {
          in_t_ = false;
        } else if (tok.name == "r") {
          if (run_depth_ > 0) --run_depth_;
        } else if (tok.name == "p") {
          if (InCell()) {
            tables_.back().paragraph_break = true;
          } else {
            FlushParagraph();
          }
        } else if (tok.name == "tc" && !tables_.empty() && tables_.back().in_cell) {
          OpenTable& t = tables_.back();
          t.row.push_back(std::string(Trim(t.cell)));
          t.cell.clear();
          t.in_cell = false;
        } else if (tok.name == "tr" && !tables_.empty()) {
          OpenTable& t = tables_.back();
          t.rows.push_back(std::move(t.row));
          t.row.clear();
        } else if (tok.name == "tbl" && !tables_.empty()) {
          CloseTable();
        }
        return;
    }
  }

  AttachmentText& out_;
  Limits& lim_;
  std::string_view table_prefix_;
  int& table_count_;
  std::vector<OpenTable> tables_;
  std::string paragraph_;
  bool in_t_ = false;
  int run_depth_ = 0;
  int fallback_depth_ = 0;
  bool stopped_ = false;
};

AttachmentText ExtractDocx(const ZipReader& zip, std::string_view table_prefix, Limits& lim) {
  std::string main_part = "word/document.xml";
  if (!zip.Locate(main_part)) {
    if (StatusOr<std::string> r = zip.ReadByName("_rels/.rels", lim); r.ok()) {
      for (const auto& [id, rel] : ParseRelationships(XmlPartToUtf8(std::move(*r)))) {
        if (EndsWith(rel.type, "/officeDocument")) main_part = ResolvePartName("", rel.target);
      }
    }
  }
  StatusOr<std::string> xml = zip.ReadByName(main_part, lim);
  if (!xml.ok()) return NotInspected("not a readable .docx: " + xml.status().message());

  AttachmentText out;
  out.inspected = true;
  int table_count = 0;
  if (!WordXmlReader(out, lim, table_prefix, table_count).Read(XmlPartToUtf8(std::move(*xml)))) {
    return out;
  }
  // Headers, footers, notes and comments are published with the document too.
  std::vector<std::string> extra;
  for (uint64_t i = 0; i < zip.NumEntries(); ++i) {
    const std::optional<std::string> name = zip.RawName(i);
    if (!name) continue;
    const std::string lower = ToLower(*name);
    if (!StartsWith(lower, "word/") || !EndsWith(lower, ".xml") ||
        lower.find('/', 5) != std::string::npos) {
      continue;
    }
    const std::string_view base = std::string_view(lower).substr(5);
    if (StartsWith(base, "header") || StartsWith(base, "footer") || base == "footnotes.xml" ||
        base == "endnotes.xml" || base == "comments.xml") {
      extra.push_back(*name);
    }
  }
  std::sort(extra.begin(), extra.end());
  for (const std::string& part : extra) {
    StatusOr<std::string> part_xml = zip.ReadByName(part, lim);
    if (!part_xml.ok()) {
      out.skipped_parts.push_back(part + ": " + part_xml.status().message());
      if (lim.truncated) break;
      continue;
    }
    if (!WordXmlReader(out, lim, table_prefix, table_count)
             .Read(XmlPartToUtf8(std::move(*part_xml)))) {
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// PDF.

void IgnorePopplerMessage(const std::string&, void*) {}

// Damaged PDFs make poppler print many syntax errors; they are summed up in the reason instead.
void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
}

AttachmentText ExtractPdf(std::string_view body, Limits& lim) {
  if (body.size() > static_cast<size_t>(INT_MAX)) return NotInspected("PDF too large to read");
  SilencePoppler();
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(body.data(), static_cast<int>(body.size())));
  if (!doc) return NotInspected("unreadable PDF (damaged or not a PDF)");
  if (doc->is_locked()) return NotInspected("encrypted PDF: a password is needed to open it");
  const int pages = doc->pages();
  if (pages <= 0) return NotInspected("unreadable PDF: no pages");

  AttachmentText out;
  out.inspected = true;
  bool any_text = false;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    const poppler::byte_array utf8 = page->text().to_utf8();
    const std::string text = NormalizeNewlines(std::string_view(utf8.data(), utf8.size()));
    const std::string_view trimmed = Trim(text);
    if (trimmed.empty()) continue;
    any_text = true;
    if (!AppendBlock(out, trimmed, lim, /*allow_partial=*/true)) break;
  }
  // A scanned document: there is nothing to read without OCR, which must not pass as "clean".
  if (!any_text)
    return NotInspected("PDF has no text layer (scanned images?); it cannot be read without OCR");
  return out;
}

// ---------------------------------------------------------------------------------------
// Dispatch.

AttachmentText ExtractAny(std::string_view name, std::string_view content_type,
                          std::string_view body, int depth, std::string_view table_prefix,
                          Limits& lim);

// Only what a person unpacking the archive would see: no folders, no macOS metadata.
bool IsArchiveNoise(std::string_view name) {
  if (name.empty() || name.back() == '/') return true;
  if (StartsWith(name, "__MACOSX/")) return true;
  const size_t slash = name.find_last_of("/\\");
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  return StartsWith(base, "._") || base == ".DS_Store" || base == "Thumbs.db";
}

AttachmentText ExtractZip(const ZipReader& zip, int depth, Limits& lim) {
  AttachmentText out;
  const uint64_t entries = zip.NumEntries();
  int attempted = 0;
  for (uint64_t i = 0; i < entries; ++i) {
    const std::optional<std::string> raw = zip.RawName(i);
    if (!raw) continue;
    const std::string name = ZipNameToUtf8(*raw);
    if (IsArchiveNoise(name)) continue;
    const std::optional<AttachmentFormat> format = FormatFromExtension(PathExtension(name));
    if (!format) {
      out.skipped_parts.push_back(name + ": not a document type that is read");
      continue;
    }
    if (attempted >= kMaxZipEntries) {
      out.skipped_parts.push_back("more entries not inspected: at most " +
                                  std::to_string(kMaxZipEntries) + " are read");
      out.truncated = true;
      break;
    }
    ++attempted;
    if (*format == AttachmentFormat::kZip && depth + 1 >= kMaxArchiveDepth) {
      out.skipped_parts.push_back(name + ": " + kNestedArchiveReason);
      continue;
    }
    StatusOr<std::string> data = zip.Read(i, lim);
    if (!data.ok()) {
      out.skipped_parts.push_back(name + ": " + data.status().message());
      if (lim.unzip_left == 0) break;
      continue;
    }
    AttachmentText part = ExtractAny(name, "", *data, depth + 1, name, lim);
    if (!part.inspected) {
      out.skipped_parts.push_back(name + ": " + part.not_inspected_reason);
      continue;
    }
    out.parts.push_back(name);
    if (!part.text.empty()) {
      if (!out.text.empty()) out.text.push_back('\n');
      out.text += part.text;
    }
    for (AttachmentTable& t : part.tables) out.tables.push_back(std::move(t));
    for (std::string& s : part.skipped_parts) out.skipped_parts.push_back(name + ": " + s);
    if (lim.text_left == 0 || lim.cells_left == 0) break;
  }
  if (out.parts.empty()) {
    std::string reason = entries == 0 ? "empty zip" : "zip holds no readable document";
    if (!out.skipped_parts.empty()) {
      reason += " (";
      for (size_t k = 0; k < out.skipped_parts.size() && k < 3; ++k) {
        reason += (k ? "; " : "") + out.skipped_parts[k];
      }
      reason += out.skipped_parts.size() > 3 ? "; ...)" : ")";
    }
    out.inspected = false;
    out.not_inspected_reason = std::move(reason);
    return out;
  }
  out.inspected = true;
  return out;
}

AttachmentText ExtractAny(std::string_view name, std::string_view content_type,
                          std::string_view body, int depth, std::string_view table_prefix,
                          Limits& lim) {
  if (body.empty()) return NotInspected("empty file");
  const AttachmentFormat declared = DetectAttachmentFormat(name, content_type, body);
  const AttachmentFormat format = ActualFormat(declared, body);
  const bool has_magic =
      HasZipMagic(body) || HasPdfMagic(body) || HasOleMagic(body) || HasRarMagic(body);
  if (!IsTextFormat(format) && !has_magic && LooksLikeHtml(body)) {
    const std::string what = declared == AttachmentFormat::kUnknown
                                 ? std::string("a document")
                                 : "the ." + std::string(FormatName(declared)) + " file";
    return NotInspected("the server sent an HTML page, not " + what +
                        " (missing file or login page?)");
  }
  if ((format == AttachmentFormat::kDoc || format == AttachmentFormat::kWps) &&
      StartsWith(body, "{\\rtf")) {
    return NotInspected("RTF document (saved under a ." + std::string(FormatName(declared)) +
                        " name) is not read; convert to .docx to inspect");
  }
  if (format == AttachmentFormat::kZip && depth >= kMaxArchiveDepth)
    return NotInspected(kNestedArchiveReason);
  switch (format) {
    case AttachmentFormat::kCsv:
      return ExtractCsv(body, content_type, table_prefix.empty() ? UrlFileName(name) : table_prefix,
                        lim);
    case AttachmentFormat::kTxt:
      return ExtractTxt(body, content_type, lim);
    case AttachmentFormat::kPdf:
      return ExtractPdf(body, lim);
    case AttachmentFormat::kXlsx:
    case AttachmentFormat::kDocx:
    case AttachmentFormat::kZip: {
      StatusOr<ZipReader> zip = ZipReader::Open(body);
      if (!zip.ok()) {
        if (format == AttachmentFormat::kZip) return NotInspected(zip.status().message());
        return NotInspected("damaged ." + std::string(FormatName(format)) + " file (" +
                            zip.status().message() + ")");
      }
      if (format == AttachmentFormat::kXlsx) return ExtractXlsx(*zip, table_prefix, lim);
      if (format == AttachmentFormat::kDocx) return ExtractDocx(*zip, table_prefix, lim);
      return ExtractZip(*zip, depth, lim);
    }
    case AttachmentFormat::kXls:
      return NotInspected("old binary Excel .xls format is not read; convert to .xlsx to inspect");
    case AttachmentFormat::kDoc:
      return NotInspected("old binary Word .doc format is not read; convert to .docx to inspect");
    case AttachmentFormat::kWps:
      return NotInspected("WPS Writer .wps format is not read; convert to .docx to inspect");
    case AttachmentFormat::kEt:
      return NotInspected("WPS Spreadsheets .et format is not read; convert to .xlsx to inspect");
    case AttachmentFormat::kRar:
      return NotInspected("RAR archives are not read; unpack and inspect the files inside");
    case AttachmentFormat::kUnknown:
      break;
  }
  if (HasOleMagic(body)) {
    return NotInspected("old binary Office file (OLE compound document) is not read");
  }
  return NotInspected("unrecognised attachment format");
}

}  // namespace

AttachmentFormat DetectAttachmentFormat(std::string_view url, std::string_view content_type,
                                        std::string_view body) {
  if (const auto f = FormatFromExtension(PathExtension(UrlPath(url)))) return *f;
  if (const auto f = FormatFromMagic(body)) return *f;
  if (const auto f = FormatFromContentType(content_type)) return *f;
  return AttachmentFormat::kUnknown;
}

std::string_view FormatName(AttachmentFormat f) {
  switch (f) {
    case AttachmentFormat::kCsv:
      return "csv";
    case AttachmentFormat::kTxt:
      return "txt";
    case AttachmentFormat::kXlsx:
      return "xlsx";
    case AttachmentFormat::kDocx:
      return "docx";
    case AttachmentFormat::kPdf:
      return "pdf";
    case AttachmentFormat::kZip:
      return "zip";
    case AttachmentFormat::kXls:
      return "xls";
    case AttachmentFormat::kDoc:
      return "doc";
    case AttachmentFormat::kWps:
      return "wps";
    case AttachmentFormat::kEt:
      return "et";
    case AttachmentFormat::kRar:
      return "rar";
    case AttachmentFormat::kUnknown:
      return "unknown";
  }
  return "unknown";
}

bool IsAttachmentUrl(std::string_view url) {
  return FormatFromExtension(PathExtension(UrlPath(url))).has_value();
}

AttachmentText ExtractAttachmentText(std::string_view url, std::string_view content_type,
                                     std::string_view body) {
  try {
    Limits lim;
    AttachmentText out = ExtractAny(url, content_type, body, 0, "", lim);
    out.truncated = out.truncated || lim.truncated;
    return out;
  } catch (const std::exception& e) {
    return NotInspected(std::string("attachment could not be read: ") + e.what());
  } catch (...) {
    return NotInspected("attachment could not be read");
  }
}

}  // namespace govaudit
