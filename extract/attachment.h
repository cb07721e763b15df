// Text extraction from attachments that government sites publish (subsidy recipient lists,
// hiring notices, ...), so that the personal-data rules can scan them like page text.
// Pure: works on bytes already in memory, no network, no files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

enum class AttachmentFormat { kCsv, kTxt, kXlsx, kDocx, kPdf, kZip, kXls, kDoc, kWps, kEt, kRar,
                              kUnknown };

// From the URL's extension (case-insensitive, query and fragment ignored); when the URL has
// no known extension, from strong magic bytes (PK zip, looked into to tell .xlsx/.docx from a
// plain zip; %PDF; D0 CF 11 E0 OLE, told apart as .doc/.xls; Rar!), then the Content-Type.
AttachmentFormat DetectAttachmentFormat(std::string_view url, std::string_view content_type,
                                        std::string_view body);

// "csv", "txt", "xlsx", "docx", "pdf", "zip", "xls", "doc", "wps", "et", "rar", "unknown".
std::string_view FormatName(AttachmentFormat f);

// True if the URL's extension is one of pdf/doc/docx/xls/xlsx/csv/txt/wps/et/zip/rar.
bool IsAttachmentUrl(std::string_view url);

struct AttachmentTable {
  // Sheet name; "table N" for DOCX; for CSV the file name. Inside a zip the entry name, or
  // "entry/sheet", "entry/table N".
  std::string name;
  // Cells in column order. For XLSX a cell keeps its column (gaps become empty strings);
  // rows may differ in length.
  std::vector<std::vector<std::string>> rows;
  int header_row = -1;  // index of the first row with a non-empty cell, -1 if none
  bool hidden = false;  // XLSX sheet marked hidden/veryHidden: still published, easy to miss
};

struct AttachmentText {
  bool inspected = false;
  // Why the content could not be read, e.g. "old binary Excel .xls format is not read; ...",
  // "encrypted PDF", "corrupt zip: ...". Empty when inspected.
  std::string not_inspected_reason;
  std::string text;                     // all text, blocks separated by '\n', cells by '\t'
  std::vector<AttachmentTable> tables;  // CSV, each XLSX sheet, DOCX tables
  std::vector<std::string> parts;       // zip: names of the entries inspected
  // zip: entries present but not read, as "name: reason" (old .doc, nested archive, ...).
  std::vector<std::string> skipped_parts;
  bool truncated = false;  // a size cap (20 MB of text, 50 MB unpacked) cut the content short
};

// Never throws. Formats that cannot be read come back with inspected=false and a reason.
// When the bytes contradict the URL (a ".doc" that is really a zip-based .docx, a ".pdf"
// that is an HTML error page), the bytes win.
AttachmentText ExtractAttachmentText(std::string_view url, std::string_view content_type,
                                     std::string_view body);

}  // namespace govaudit
