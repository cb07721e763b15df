// What the format readers share: the budget one attachment may spend, small text helpers,
// format detection, and one Extract function per format. Private to extract/.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/strings.h"
#include "extract/attachment.h"

namespace govaudit::extract_internal {

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
constexpr std::chrono::seconds kMaxExtractTime{20};  // per attachment, nested parts included
// PDF: pages read at most, and the objects a file may declare for its size. Poppler allocates
// its object table from the declared size before anything else, so a few hundred bytes that
// declare ten million objects cost 400 MB; such a file is refused before poppler sees it.
constexpr int kMaxPdfPages = 5000;
constexpr size_t kMinPdfBytesPerObject = 8;
constexpr size_t kMaxPdfObjectsAnySize = 50000;

// Budget shared by everything extracted from one attachment, nested parts included.
struct Limits {
  size_t text_left = kMaxTextBytes;
  size_t unzip_left = kMaxUnzippedBytes;
  size_t cells_left = kMaxTableCells;
  // Work on one attachment stops here, whatever its size: a hostile file must not hold a
  // parser thread for long.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::now() + kMaxExtractTime;
  bool truncated = false;

  // True (and the result marked truncated) once the time is up.
  bool OutOfTime() {
    if (std::chrono::steady_clock::now() < deadline) return false;
    truncated = true;
    return true;
  }
};

// Small string helpers (ASCII case, blanks, UTF-8, newlines).
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool IsSpace(char c);
bool IsBlank(std::string_view s);
bool IsValidUtf8(std::string_view s);
int HexValue(char c);
std::string NormalizeNewlines(std::string_view s);

// Output assembly within the budget: a block of text, a table row (and its text line).
bool AppendBlock(AttachmentText& out, std::string_view block, Limits& lim, bool allow_partial);
std::string RowText(const std::vector<std::string>& row);
bool AddRow(AttachmentTable& table, std::vector<std::string> row, AttachmentText& out, Limits& lim,
            bool emit_text = true);
AttachmentText NotInspected(std::string reason);

// Format detection (detect.cc).
std::optional<AttachmentFormat> FormatFromExtension(std::string_view ext);
std::string_view PathExtension(std::string_view path);
std::string_view UrlPath(std::string_view url);
std::string_view UrlFileName(std::string_view url);
std::optional<AttachmentFormat> FormatFromContentType(std::string_view content_type);
std::optional<AttachmentFormat> FormatFromMagic(std::string_view body);
bool HasZipMagic(std::string_view body);
bool HasPdfMagic(std::string_view body);
bool HasOleMagic(std::string_view body);
bool HasRarMagic(std::string_view body);
bool LooksLikePlainText(std::string_view body);
bool IsTextFormat(AttachmentFormat f);
AttachmentFormat ActualFormat(AttachmentFormat declared, std::string_view body);

class ZipReader;

// One reader per format.
AttachmentText ExtractCsv(std::string_view body, std::string_view content_type, std::string_view table_name,
                          Limits& lim);
AttachmentText ExtractTxt(std::string_view body, std::string_view content_type, Limits& lim);
AttachmentText ExtractXlsx(const ZipReader& zip, std::string_view table_prefix, Limits& lim);
AttachmentText ExtractDocx(const ZipReader& zip, std::string_view table_prefix, Limits& lim);
AttachmentText ExtractPdf(std::string_view body, Limits& lim);
AttachmentText ExtractZip(const ZipReader& zip, int depth, Limits& lim);
// Any format, by name, bytes and content type; `depth` counts archives around it.
AttachmentText ExtractAny(std::string_view name, std::string_view content_type, std::string_view body, int depth,
                          std::string_view table_prefix, Limits& lim);

}  // namespace govaudit::extract_internal
