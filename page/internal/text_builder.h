// The page's visible text, built as the tree is walked.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace govaudit::internal {

// Visible text with lazily materialised separators: a space, '\t' or '\n' is written only
// when more text follows, so lines and cells never start or end with whitespace.

class TextBuilder {
 public:
  // Appends text, collapsing whitespace (including U+00A0, U+2000-U+200A, U+202F, U+205F,
  // U+3000) and dropping zero-width characters. Returns the number of visible bytes added.
  size_t Append(std::string_view s) {
    size_t visible = 0;
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      size_t special = SpecialLength(s, i);
      if (special > 0) {
        if (c != 0xEF && !(c == 0xE2 && IsZeroWidth(s, i))) pending_space_ = true;
        i += special;
        continue;
      }
      const size_t j = NextMaybeSpecial(s, i + 1);
      Flush();
      out_.append(s.data() + i, j - i);
      visible += j - i;
      i = j;
    }
    return visible;
  }

  void Whitespace() { pending_space_ = true; }

  // The first position from `from` on whose byte may start whitespace or a zero-width
  // character (MaybeSpecial), else s.size(). Most of a page's text holds none for dozens of
  // bytes: sixteen are tested at a time where SSE2 is there (every x86-64 CPU).
  static size_t NextMaybeSpecial(std::string_view s, size_t from) {
    size_t j = from;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(kLastControlOrSpace);
    for (; j + 16 <= s.size(); j += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + j));
      __m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(v, space), v);  // bytes up to 0x20
      for (unsigned char lead : kSpecialLeads) {
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(lead))));
      }
      if (const int mask = _mm_movemask_epi8(hit); mask != 0) return j + static_cast<size_t>(__builtin_ctz(mask));
    }
#endif
    return NextMaybeSpecialScalar(s, j);
  }
  // The same, a byte at a time.
  static size_t NextMaybeSpecialScalar(std::string_view s, size_t from) {
    size_t j = from;
    while (j < s.size() && !MaybeSpecial(static_cast<unsigned char>(s[j]))) ++j;
    return j;
  }

  // Separators by strength: a cell start ('\t') overrides the block boundaries of paragraphs
  // inside cells (<td><p>..</p></td>), and a row or table boundary overrides a cell start.
  enum BreakKind : uint8_t { kLine = 1, kCell = 2, kRow = 3 };
  void Break(BreakKind kind) { pending_break_ = std::max<uint8_t>(pending_break_, kind); }

  size_t size() const { return out_.size(); }
  std::string_view view() const { return out_; }
  std::string_view Slice(size_t start) const { return std::string_view(out_).substr(start); }
  std::string Take() { return std::move(out_); }

 private:
  // The bytes that may start whitespace or a zero-width character: control bytes and the
  // space, and the lead bytes of U+00A0, U+2000-U+205F, U+3000 and U+FEFF.
  static constexpr unsigned char kLastControlOrSpace = 0x20;
  static constexpr std::array<unsigned char, 4> kSpecialLeads = {0xC2, 0xE2, 0xE3, 0xEF};
  // Looked up in a table: Append asks it of every byte of the page's text.
  static bool MaybeSpecial(unsigned char c) {
    static constexpr std::array<bool, 256> kMaybe = [] {
      std::array<bool, 256> t{};
      for (int b = 0; b <= kLastControlOrSpace; ++b) t[b] = true;
      for (unsigned char b : kSpecialLeads) t[b] = true;
      return t;
    }();
    return kMaybe[c];
  }
  static bool IsZeroWidth(std::string_view s, size_t i) {
    unsigned char b = static_cast<unsigned char>(s[i + 2]);
    return static_cast<unsigned char>(s[i + 1]) == 0x80 && b >= 0x8B && b <= 0x8D;
  }
  // Byte length of a whitespace or zero-width character at s[i], 0 if it is neither.
  static size_t SpecialLength(std::string_view s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
    if (c == 0xC2) return i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0 ? 2 : 0;
    if (i + 2 >= s.size()) return 0;
    unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
    unsigned char b2 = static_cast<unsigned char>(s[i + 2]);
    if (c == 0xE2) {
      if (b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8D) || b2 == 0xAF)) return 3;  // U+2000-200D, 202F
      if (b1 == 0x81 && b2 == 0x9F) return 3;                                  // U+205F
      return 0;
    }
    if (c == 0xE3) return b1 == 0x80 && b2 == 0x80 ? 3 : 0;  // U+3000
    if (c == 0xEF) return b1 == 0xBB && b2 == 0xBF ? 3 : 0;  // U+FEFF (zero width)
    return 0;
  }

  void Flush() {
    if (pending_break_ != 0) {
      if (!out_.empty()) out_.push_back(pending_break_ == kCell ? '\t' : '\n');
    } else if (pending_space_ && !out_.empty()) {
      out_.push_back(' ');
    }
    pending_break_ = 0;
    pending_space_ = false;
  }

  std::string out_;
  uint8_t pending_break_ = 0;
  bool pending_space_ = false;
};

// How a capture treats a line break between two Chinese characters.
enum class LineBreaks {
  kSpace,        // as any other run of whitespace: one space
  kJoinChinese,  // a heading broken over lines (<br>, an inner <div>) is one title: a break
                 // between Chinese characters, or between a number and one ("2007<br>　年末"),
                 // is no space, as Chinese sets none; a space written in the text stays
};

// Captured text (which may hold the '\n' / '\t' separators of the page text) as one line.
inline std::string CleanCapture(std::string_view s, LineBreaks breaks = LineBreaks::kSpace) {
  std::string out;
  out.reserve(s.size());
  bool space = false, broken = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n') {
      space = true;
      broken = broken || c == '\n';
      continue;
    }
    if (space && !out.empty()) {
      const unsigned char before = static_cast<unsigned char>(out.back());
      const bool joined = breaks == LineBreaks::kJoinChinese && broken && static_cast<unsigned char>(c) >= 0x80 &&
                          (before >= 0x80 || (before >= '0' && before <= '9'));
      if (!joined) out.push_back(' ');
    }
    space = broken = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace govaudit::internal
