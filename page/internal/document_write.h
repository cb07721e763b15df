// HTML that inline scripts write with document.write / document.writeln: string literals
// concatenated, unescape() decoded, calls under a constant-false `if ("a" != "a")` skipped.
// Some templates write metadata rows and footer badges this way. Not a JavaScript engine:
// anything computed at run time is not seen.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace govaudit::internal {

// Appends what `js` writes (each call's output followed by '\n') to *out, up to max_bytes.
// *encoded (if given) says whether the written strings spell letters and markup with escapes
// ("\x3c\x61", unescape("%3C%61")), a way of hiding links from a reader of the source.
void ExtractDocumentWrites(std::string_view js, size_t max_bytes, std::string* out, bool* encoded = nullptr);

}  // namespace govaudit::internal
