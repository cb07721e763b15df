#include "extract/internal/zip.h"

#include "common/charset.h"

namespace govaudit::extract_internal {

std::string ZipNameToUtf8(const std::string& raw) {
  if (IsValidUtf8(raw)) return raw;
  return ConvertToUtf8(raw, "gb18030").utf8;
}

}  // namespace govaudit::extract_internal
