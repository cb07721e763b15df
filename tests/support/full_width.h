// Full-width digits (U+FF10..U+FF19), as some pages are typed: the scanner must read them.
#pragma once

#include <string>

namespace govaudit::testing {

// `ascii` with each digit 0-9 replaced by its full-width form; other characters unchanged.
inline std::string FullWidth(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";
      out += static_cast<char>(0x90 + (c - '0'));
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace govaudit::testing
