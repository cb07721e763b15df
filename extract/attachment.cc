#include "extract/attachment.h"

#include <exception>

#include "extract/internal/extract.h"

namespace govaudit {

using namespace extract_internal;  // NOLINT: the readers behind this file's three functions

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
