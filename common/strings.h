// Small string helpers shared across the parts: trimming, ASCII case, joining. Text is UTF-8;
// "space" below means what Chinese government pages use as space.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

// Without leading and trailing ASCII whitespace and control bytes (<= 0x20).
std::string_view TrimAscii(std::string_view s);

// Without leading and trailing spaces of any kind: ASCII whitespace, U+00A0, U+2000–U+200B,
// U+202F, U+205F, U+3000 and U+FEFF.
std::string_view TrimSpaces(std::string_view s);

// The lines of `text` split at '\n' (an empty text is one empty line), views into it.
std::vector<std::string_view> SplitLines(std::string_view text);

// Reads `text` a line at a time: each line without its "\n" or "\r\n", numbered from 1. A text
// that does not end in a newline still has its last line read; one that does has no empty
// line after it.
//   LineReader lines(text);
//   std::string_view line;
//   while (lines.Next(&line)) Use(line, lines.number());
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  bool Next(std::string_view* line) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    *line = text_.substr(pos_, end - pos_);
    if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  // The number of the line Next() returned last.
  size_t number() const { return number_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t number_ = 0;
};

// True if the code point is one of the spaces TrimSpaces removes.
constexpr bool IsSpaceCodePoint(char32_t cp) {
  return cp <= 0x20 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

// s without any of those spaces, wherever they stand.
std::string WithoutSpaces(std::string_view s);

// True if s holds dashes (- – — ― － ─) and nothing else but spaces: the mark templates put in a
// field that has no value ("—", "--", "—  —").
bool IsDashPlaceholder(std::string_view s);

// ASCII letters lower-cased; other bytes kept.
std::string LowerAscii(std::string_view s);
char LowerAsciiChar(char c);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// True if s[pos..] starts with `prefix`, ASCII case ignored.
bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix);

// True if `haystack` holds any of `needles` (empty needles never match).
bool ContainsAny(std::string_view haystack, const std::vector<std::string>& needles);

// The first occurrence of `needle` in `haystack` at or after `from` (npos if none; `from` for
// an empty needle). Not std::string_view::find: it steps from one match of the first byte to
// the next, and in Chinese text a CJK lead byte matches almost everywhere.
size_t FindBytes(std::string_view haystack, std::string_view needle, size_t from = 0);

// "a、b、c": the non-empty items joined by `separator`.
std::string Join(const std::vector<std::string>& items, std::string_view separator);

// At most `max_bytes` of s, cut on a UTF-8 character boundary.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);
// The number of UTF-8 code points in s.
size_t CodePoints(std::string_view s);
// CodePoints(s) <= max, deciding from the byte length alone where it can (a code point is
// one to four bytes), so long lines are not counted just to be rejected.
bool CodePointsAtMost(std::string_view s, size_t max);

}  // namespace govaudit
