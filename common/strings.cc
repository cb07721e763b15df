#include "common/strings.h"

#include <cstring>

#include "common/utf8.h"

namespace govaudit {

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

bool IsDashPlaceholder(std::string_view s) {
  bool dash = false;
  for (size_t i = 0; i < s.size();) {
    size_t len;
    const uint32_t cp = DecodeUtf8At(s, i, &len);
    i += len;
    if (cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0xFF0D || cp == 0x2500) {
      dash = true;
    } else if (!IsSpaceCodePoint(cp)) {
      return false;
    }
  }
  return dash;
}

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len;
    const uint32_t cp = DecodeUtf8At(s, i, &len);
    if (!IsSpaceCodePoint(cp)) out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty()) {
    size_t len;
    if (!IsSpaceCodePoint(DecodeUtf8At(s, 0, &len))) break;
    s.remove_prefix(len);
  }
  while (!s.empty()) {
    size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t len;
    if (!IsSpaceCodePoint(DecodeUtf8At(s, start, &len))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

char LowerAsciiChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAsciiChar(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAsciiChar(a[i]) != LowerAsciiChar(b[i])) return false;
  }
  return true;
}

bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix) {
  if (pos > s.size() || s.size() - pos < prefix.size()) return false;
  return EqualsIgnoreCase(s.substr(pos, prefix.size()), prefix);
}

bool ContainsAny(std::string_view haystack, const std::vector<std::string>& needles) {
  for (const std::string& n : needles) {
    if (!n.empty() && haystack.find(n) != std::string_view::npos) return true;
  }
  return false;
}

size_t FindBytes(std::string_view haystack, std::string_view needle, size_t from) {
  if (from > haystack.size()) return std::string_view::npos;
  if (needle.empty()) return from;
  if (needle.size() > haystack.size() - from) return std::string_view::npos;
  const unsigned char last = static_cast<unsigned char>(needle.back());
  if (last < 0x80) {
    const void* at = memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
    return at == nullptr ? std::string_view::npos : static_cast<size_t>(static_cast<const char*>(at) - haystack.data());
  }
  // A needle ending in a multi-byte character ("号", "位置"): its last byte is a continuation
  // byte, one of 64, so memchr for it stops rarely in Chinese text, and the short lines searched
  // here do not pay memmem's setup (a 256-entry shift table) on every call.
  const size_t tail = needle.size() - 1;
  const char* const end = haystack.data() + haystack.size();
  const char* p = haystack.data() + from + tail;
  while (p < end) {
    const void* hit = memchr(p, needle.back(), static_cast<size_t>(end - p));
    if (hit == nullptr) return std::string_view::npos;
    const char* start = static_cast<const char*>(hit) - tail;
    if (memcmp(start, needle.data(), tail) == 0) return static_cast<size_t>(start - haystack.data());
    p = static_cast<const char*>(hit) + 1;
  }
  return std::string_view::npos;
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& s : items) {
    if (s.empty()) continue;
    if (!out.empty()) out += separator;
    out += s;
  }
  return out;
}

std::string_view Utf8Prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool CodePointsAtMost(std::string_view s, size_t max) {
  if (s.size() <= max) return true;
  if (s.size() / 4 > max) return false;
  return CodePoints(s) <= max;
}

}  // namespace govaudit
