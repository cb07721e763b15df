#include "classify/internal/text.h"

#include "common/strings.h"
#include "common/utf8.h"

namespace govaudit::classify_internal {

size_t Find(std::string_view hay, std::string_view needle, size_t from) { return FindBytes(hay, needle, from); }

const std::string* FirstIn(std::string_view hay, const std::vector<std::string>& needles) {
  if (hay.empty()) return nullptr;
  for (const std::string& n : needles) {
    if (!n.empty() && Contains(hay, n)) return &n;
  }
  return nullptr;
}

std::string Quote(std::string_view s) { return "“" + std::string(s) + "”"; }

std::string_view LineAt(std::string_view text, size_t pos, size_t* start_out) {
  size_t start = pos == 0 ? 0 : text.rfind('\n', pos - 1);
  start = start == npos ? 0 : start + 1;
  size_t end = text.find('\n', pos);
  if (end == npos) end = text.size();
  if (start_out) *start_out = start;
  return text.substr(start, end - start);
}

}  // namespace govaudit::classify_internal
