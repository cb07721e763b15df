// Small UTF-8 helpers shared by the page model, the classifiers and the attachment readers.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace govaudit {

// Appends code point `cp` (at most U+10FFFF) as UTF-8 as it is, NUL and surrogates included;
// decoders whose tables are known to hold valid code points use it directly.
inline void AppendUtf8Unchecked(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Appends code point `cp` as UTF-8; NUL, surrogates and values past U+10FFFF become U+FFFD.
inline void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  AppendUtf8Unchecked(cp, out);
}

// Decodes the code point at text[pos]; *len receives its byte length (>= 1). A malformed or
// truncated sequence yields U+FFFD with length 1, so callers always make progress.
inline uint32_t DecodeUtf8At(std::string_view text, size_t pos, size_t* len) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (n == 1 || pos + n > text.size()) {
    *len = 1;
    return 0xFFFD;
  }
  uint32_t cp = c & (0x3F >> (n - 1));
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(text[pos + k]);
    if ((cc & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *len = n;
  return cp;
}

// CJK unified ideographs (basic block, extension A and the compatibility block).
inline bool IsCjk(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

// Value of an ASCII or full-width digit, -1 otherwise.
inline int DigitValue(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<int>(cp - 0xFF10);
  return -1;
}

// Code points a scanner looks for at every character of a page (the first characters of the
// labels it knows): one bit each for the BMP, so the common "not one of them" costs a bit test.
// Code points past the BMP are not told apart: MayContain answers true for them once any was added.
class CodePointFilter {
 public:
  void Add(uint32_t cp) {
    if (cp < kBmpSize) {
      bits_[cp / 64] |= uint64_t{1} << (cp % 64);
    } else {
      beyond_bmp_ = true;
    }
  }
  bool MayContain(uint32_t cp) const {
    return cp < kBmpSize ? (bits_[cp / 64] >> (cp % 64) & 1) != 0 : beyond_bmp_;
  }

 private:
  static constexpr uint32_t kBmpSize = 0x10000;
  std::array<uint64_t, kBmpSize / 64> bits_{};
  bool beyond_bmp_ = false;
};

}  // namespace govaudit
