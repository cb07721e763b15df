// Small UTF-8 helpers shared by the page model, the classifiers and the attachment readers.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/strings.h"

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

// Calls on_code_point(cp) for each code point of `text`, decoded as DecodeUtf8At does.
template <typename F>
inline void ForEachCodePoint(std::string_view text, F&& on_code_point) {
  for (size_t i = 0; i < text.size();) {
    size_t len;
    const uint32_t cp = DecodeUtf8At(text, i, &len);
    i += len;
    on_code_point(cp);
  }
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

// Whether eight bytes, loaded little-endian, begin with two three-byte sequences (a lead
// 1110xxxx and two continuation bytes each): CJK text, two characters a load.
constexpr bool StartsWithTwoThreeByte(uint64_t bytes) {
  return (bytes & 0x0000C0C0F0C0C0F0u) == 0x00008080E08080E0u;
}

// The first characters of the words a scanner looks for at every character of a page (labels
// it knows). MayStartAt looks at the first two bytes of the character at a position only, with
// no decoding, so the common "no word starts here" costs one bit test; a true answer must be
// confirmed by comparing the words.
class Utf8StartFilter {
 public:
  // A character that may start a word: NextCandidate stops wherever it stands.
  void Add(uint32_t cp) {
    AddFirst(cp);
    if (cp >= 0x800 && cp < 0x10000) always_[cp / 64] |= uint64_t{1} << (cp % 64);
  }
  // A word: where its first two characters are three-byte ones (Chinese), NextCandidate stops
  // at its first only when its second follows (or cannot be judged: a space, a different kind
  // of character, the end of the text). Common characters begin many words: 是 in 是否收费 need
  // not stop the scan at every 是 of a page.
  void AddWord(std::string_view word) {
    if (word.empty()) return;
    size_t first_len;
    const uint32_t first = DecodeUtf8At(word, 0, &first_len);
    size_t second_len = 0;
    const uint32_t second = first_len < word.size() ? DecodeUtf8At(word, first_len, &second_len) : 0;
    if (first_len != 3 || second_len != 3) {
      Add(first);
      return;
    }
    AddFirst(first);
    const uint32_t key = PairKey(first, second);
    pairs_[key / 64] |= uint64_t{1} << (key % 64);
  }
  bool MayStartAt(std::string_view text, size_t pos) const {
    const uint32_t key = KeyOf(text, pos);
    return (bits_[key / 64] >> (key % 64) & 1) != 0;
  }

  // The first position from `pos` on where MayStartAt holds, stepping over characters as
  // Utf8StepAt does; text.size() if there is none. A well-formed three-byte character (CJK
  // text) is a candidate only if it was added itself (and, for a word's, only if the word's
  // second character follows), judged in one tight loop: a word starts only where its first
  // characters stand, so the callers find the same words as with MayStartAt everywhere.
  size_t NextCandidate(std::string_view text, size_t pos) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    while (pos < n) {
      if constexpr (std::endian::native == std::endian::little) {
        // Two three-byte characters in one load, each judged by its last two bytes: cheaper than
        // the exact test, and it lets through only the characters that share an added one's
        // tail, which the exact test then judges without leaving the loop (in government text
        // the first characters of labels, 办 审 服 政 …, are among the commonest).
        uint64_t pair;
        while (pos + sizeof pair <= n && (std::memcpy(&pair, p + pos, sizeof pair), StartsWithTwoThreeByte(pair))) {
          if (TailAdded(pair >> 8 & 0xFFFFu) && StopsAtThreeByte(ThreeByteCp(p + pos), p, pos + 3, n)) return pos;
          if (TailAdded(pair >> 32 & 0xFFFFu) && StopsAtThreeByte(ThreeByteCp(p + pos + 3), p, pos + 6, n)) {
            return pos + 3;
          }
          pos += 6;
        }
      }
      if (IsThreeByteAt(p, pos, n)) {
        if (StopsAtThreeByte(ThreeByteCp(p + pos), p, pos + 3, n)) return pos;
        pos += 3;
        continue;
      }
      if (MayStartAt(text, pos)) return pos;
      pos += Utf8StepAt(text, pos);
    }
    return n;
  }

 private:
  void AddFirst(uint32_t cp) {
    std::string utf8;
    AppendUtf8(cp, &utf8);
    bits_[KeyOf(utf8, 0) / 64] |= uint64_t{1} << (KeyOf(utf8, 0) % 64);
    if (utf8.size() == 3) {
      three_byte_[cp / 64] |= uint64_t{1} << (cp % 64);
      tails_[static_cast<unsigned char>(utf8[1]) | static_cast<unsigned char>(utf8[2]) << 8] = 1;
    }
  }
  static uint32_t PairKey(uint32_t first, uint32_t second) { return (first * 0x9E3779B1u ^ second * 0x85EBCA6Bu) >> 16; }
  // The three-byte character `cp` stands before p[next]: a stop if it was added as a
  // character, or if it starts an added word whose second character may stand at `next`.
  bool StopsAtThreeByte(uint32_t cp, const unsigned char* p, size_t next, size_t n) const {
    if (!AddedThreeByte(cp)) return false;
    if ((always_[cp / 64] >> (cp % 64) & 1) != 0) return true;
    // Not a character a pair was recorded for, or a space (some scanners allow one between a
    // word's characters: "索　引号"): the caller judges.
    if (!IsThreeByteAt(p, next, n)) return true;
    const uint32_t second = ThreeByteCp(p + next);
    const uint32_t key = PairKey(cp, second);
    return (pairs_[key / 64] >> (key % 64) & 1) != 0 || IsSpaceCodePoint(second);
  }
  // A lead 1110xxxx and two continuation bytes at p[pos] (not checked for overlong forms).
  static bool IsThreeByteAt(const unsigned char* p, size_t pos, size_t n) {
    return pos + 3 <= n && (p[pos] & 0xF0) == 0xE0 && (p[pos + 1] & 0xC0) == 0x80 && (p[pos + 2] & 0xC0) == 0x80;
  }
  static uint32_t ThreeByteCp(const unsigned char* p) {
    return (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
  }
  bool AddedThreeByte(uint32_t cp) const { return (three_byte_[cp / 64] >> (cp % 64) & 1) != 0; }
  bool TailAdded(uint32_t tail) const { return tails_[tail] != 0; }
  // The lead byte and, for a multi-byte character, its second byte.
  static uint32_t KeyOf(std::string_view text, size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80 || pos + 1 >= text.size()) return uint32_t{lead} << 8;
    return uint32_t{lead} << 8 | static_cast<unsigned char>(text[pos + 1]);
  }
  std::array<uint64_t, 0x10000 / 64> bits_{};
  std::array<uint64_t, 0x10000 / 64> three_byte_{};  // the added characters of three bytes, by code point
  // Their second and third bytes, as loaded, a byte each: the scan's one lookup a character is
  // a load and a test. Continuation bytes are 80–BF, so 4 KB of the table is ever touched.
  std::array<uint8_t, 0x10000> tails_{};
  std::array<uint64_t, 0x10000 / 64> always_{};      // those added as characters, by code point
  std::array<uint64_t, 0x10000 / 64> pairs_{};       // the first two characters of words, hashed
};

}  // namespace govaudit
