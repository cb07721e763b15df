#include "extract/attachment.h"

#include <exception>

#include "common/enum_names.h"
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

namespace {

constexpr EnumName<AttachmentFormat> kFormatNames[] = {
    {AttachmentFormat::kUnknown, "unknown", ""}, {AttachmentFormat::kCsv, "csv", ""},
    {AttachmentFormat::kTxt, "txt", ""},         {AttachmentFormat::kXlsx, "xlsx", ""},
    {AttachmentFormat::kDocx, "docx", ""},       {AttachmentFormat::kPdf, "pdf", ""},
    {AttachmentFormat::kZip, "zip", ""},         {AttachmentFormat::kXls, "xls", ""},
    {AttachmentFormat::kDoc, "doc", ""},         {AttachmentFormat::kWps, "wps", ""},
    {AttachmentFormat::kEt, "et", ""},           {AttachmentFormat::kRar, "rar", ""},
};

}  // namespace

std::string_view FormatName(AttachmentFormat f) { return NameOf(kFormatNames, f).id; }

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
