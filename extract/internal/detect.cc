#include <algorithm>

#include "common/charset.h"
#include "extract/internal/extract.h"
#include "extract/internal/zip.h"

namespace govaudit::extract_internal {

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
  const std::string lower = LowerAscii(ext);
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
  std::string media = LowerAscii(TrimAscii(content_type.substr(0, content_type.find(';'))));
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

}  // namespace govaudit::extract_internal
