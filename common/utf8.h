// Small UTF-8 helpers shared by the page model, the classifiers and the attachment readers.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
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

// The byte length DecodeUtf8At(text, pos, &len) reports, without decoding: scanners step over
// the characters their filter rejects with it.
inline size_t Utf8StepAt(std::string_view text, size_t pos) {
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c < 0xC0) return 1;
  const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  if (pos + n > text.size()) return 1;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[pos + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

// The first characters of the words a scanner looks for at every character of a page (labels
// it knows). MayStartAt looks at the first two bytes of the character at a position only, with
// no decoding, so the common "no word starts here" costs one bit test; a true answer must be
// confirmed by comparing the words.
class Utf8StartFilter {
 public:
  void Add(uint32_t cp) {
    std::string utf8;
    AppendUtf8(cp, &utf8);
    bits_[KeyOf(utf8, 0) / 64] |= uint64_t{1} << (KeyOf(utf8, 0) % 64);
    if (utf8.size() == 3) three_byte_[cp / 64] |= uint64_t{1} << (cp % 64);
  }
  bool MayStartAt(std::string_view text, size_t pos) const {
    const uint32_t key = KeyOf(text, pos);
    return (bits_[key / 64] >> (key % 64) & 1) != 0;
  }

  // The first position from `pos` on where MayStartAt holds, stepping over characters as
  // Utf8StepAt does; text.size() if there is none. A well-formed three-byte character (CJK
  // text) is a candidate only if it was added itself, judged in one tight loop: a word that
  // starts with a character starts only where that character stands, so the callers find
  // the same words as with MayStartAt at every character.
  size_t NextCandidate(std::string_view text, size_t pos) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    while (pos < n) {
      if constexpr (std::endian::native == std::endian::little) {
        // Lead byte 1110xxxx and two continuation bytes, tested in one load.
        uint32_t word;
        if (pos + sizeof word <= n && (std::memcpy(&word, p + pos, sizeof word), (word & 0x00C0C0F0u) == 0x008080E0u)) {
          if (AddedThreeByte((word & 0x0Fu) << 12 | (word >> 2 & 0x0FC0u) | (word >> 16 & 0x3Fu))) return pos;
          pos += 3;
          continue;
        }
      }
      const unsigned lead = p[pos];
      if (lead >= 0xE0 && lead < 0xF0 && pos + 3 <= n && (p[pos + 1] & 0xC0) == 0x80 && (p[pos + 2] & 0xC0) == 0x80) {
        if (AddedThreeByte((lead & 0x0F) << 12 | (p[pos + 1] & 0x3Fu) << 6 | (p[pos + 2] & 0x3Fu))) return pos;
        pos += 3;
        continue;
      }
      if (MayStartAt(text, pos)) return pos;
      pos += Utf8StepAt(text, pos);
    }
    return n;
  }

 private:
  bool AddedThreeByte(uint32_t cp) const { return (three_byte_[cp / 64] >> (cp % 64) & 1) != 0; }
  // The lead byte and, for a multi-byte character, its second byte.
  static uint32_t KeyOf(std::string_view text, size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80 || pos + 1 >= text.size()) return uint32_t{lead} << 8;
    return uint32_t{lead} << 8 | static_cast<unsigned char>(text[pos + 1]);
  }
  std::array<uint64_t, 0x10000 / 64> bits_{};
  std::array<uint64_t, 0x10000 / 64> three_byte_{};  // the added characters of three bytes, by code point
};

}  // namespace govaudit
