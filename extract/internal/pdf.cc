#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <algorithm>
#include <climits>
#include <memory>
#include <mutex>

#include "extract/internal/extract.h"

namespace govaudit::extract_internal {

// PDF.

void IgnorePopplerMessage(const std::string&, void*) {}

// Damaged PDFs make poppler print many syntax errors; they are summed up in the reason instead.
void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(IgnorePopplerMessage, nullptr); });
}

// The largest object count the file's cross-reference dictionaries declare (/Size N).
size_t DeclaredObjects(std::string_view body) {
  size_t most = 0;
  for (size_t at = body.find("/Size"); at != std::string_view::npos; at = body.find("/Size", at + 5)) {
    size_t i = at + 5;
    while (i < body.size() && (body[i] == ' ' || body[i] == '\r' || body[i] == '\n' || body[i] == '\t')) ++i;
    size_t n = 0;
    bool digits = false;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9' && n < (size_t{1} << 40)) {
      n = n * 10 + static_cast<size_t>(body[i++] - '0');
      digits = true;
    }
    if (digits) most = std::max(most, n);
  }
  return most;
}

AttachmentText ExtractPdf(std::string_view body, Limits& lim) {
  if (body.size() > static_cast<size_t>(INT_MAX)) return NotInspected("PDF too large to read");
  const size_t declared = DeclaredObjects(body);
  if (declared > std::max(kMaxPdfObjectsAnySize, body.size() / kMinPdfBytesPerObject)) {
    return NotInspected("PDF declares " + std::to_string(declared) + " objects in " + std::to_string(body.size()) +
                        " bytes (damaged or hostile); not read");
  }
  SilencePoppler();
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(body.data(), static_cast<int>(body.size())));
  if (!doc) return NotInspected("unreadable PDF (damaged or not a PDF)");
  if (doc->is_locked()) return NotInspected("encrypted PDF: a password is needed to open it");
  const int declared_pages = doc->pages();
  if (declared_pages <= 0) return NotInspected("unreadable PDF: no pages");
  // The declared page count is not trusted: read a bounded number.
  const int pages = std::min(declared_pages, kMaxPdfPages);

  AttachmentText out;
  out.inspected = true;
  bool any_text = false;
  for (int i = 0; i < pages && !lim.OutOfTime(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    const poppler::byte_array utf8 = page->text().to_utf8();
    const std::string text = NormalizeNewlines(std::string_view(utf8.data(), utf8.size()));
    const std::string_view trimmed = TrimAscii(text);
    if (trimmed.empty()) continue;
    any_text = true;
    if (!AppendBlock(out, trimmed, lim, /*allow_partial=*/true)) break;
  }
  if (pages < declared_pages) out.truncated = true;
  // A scanned document: there is nothing to read without OCR, which must not pass as "clean".
  if (!any_text)
    return NotInspected("PDF has no text layer (scanned images?); it cannot be read without OCR");
  return out;
}

}  // namespace govaudit::extract_internal
