#include "common/charset.h"
#include "extract/internal/extract.h"
#include "extract/internal/zip.h"

namespace govaudit::extract_internal {

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

}  // namespace govaudit::extract_internal
