// What the scanner, the validators and the masking share: character classes of the digits,
// masks and separators sites write, UTF-8 stepping, the context words, ID and card checks.
// Private to pii/; the standard library only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pii/scanner.h"

namespace govaudit::pii::internal {

// The longest value a digit candidate can hold: 0086 + 11-digit mobile is 15, a card 19.
inline constexpr int kMaxCandidateChars = 22;
inline constexpr size_t kCardContextChars = 40;
// The label right before a number ("银行卡号：", "项目编号："): this many bytes before its colon.
inline constexpr size_t kMaxNumberLabelBytes = 18;
// Labels whose number is no card however cards are spoken of around it (项目编号, 批次编号,
// 统一社会信用代码, 索引号, 准考证号 …), matched at the label's end.
inline constexpr std::string_view kOtherNumberLabels[] = {
    "编号", "编码", "代码", "索引号", "文号", "证号", "登记号", "批次号", "流水号",
};
inline constexpr size_t kMaxAddressBytes = 240;
// A cell longer than this is data, not a column header or label.
inline constexpr size_t kMaxLabelCellBytes = 90;
// Header rows sit at the top of a table block: only its first lines may name columns.
inline constexpr int kHeaderLines = 3;
// How far SafeExcerpt looks back for the table header of the rows it shows.
inline constexpr size_t kSeedLookbackBytes = 1 << 20;

inline constexpr uint8_t kAddrFlag = 1;
inline constexpr uint8_t kCardFlag = 2;

// Words that give a digit run bank-card context when they precede it.
inline constexpr std::string_view kCardKeywords[] = {
    "银行", "卡号", "账号", "帐号", "开户", "社保卡", "一卡通", "存折",
    "账户", "帐户", "借记卡", "信用卡", "储蓄卡", "折号",
};

// Labels that, followed by ':' or '：', introduce a person's address. Matched as a
// suffix of the text before the colon, so 住址 covers 家庭住址 and 现住址.
inline constexpr std::string_view kAddressColonLabels[] = {
    "住址",     "家庭地址",   "户籍地址",   "居住地址", "常住地址", "现居地址",
    "户口地址", "居住地",     "户籍地",     "户籍所在地", "户口所在地",
};
// Column headers and label cells naming a person's address (substring match).
inline constexpr std::string_view kAddressHeaderWords[] = {
    "住址", "家庭地址", "户籍地址", "常住地址", "现居地址", "户口地址",
    "居住地", "户籍所在地", "户口所在地",
};
// An address that belongs to an organisation, not a person.
inline constexpr std::string_view kOfficeWords[] = {"单位", "办公", "企业", "公司", "机关", "联系地址",
                                             "通讯地址"};
inline constexpr std::string_view kAgencyValueWords[] = {"人民政府", "委员会", "办公室", "管委会",
                                                  "服务中心"};
// Places an address in running text names ("家住某县某镇某村…").
inline constexpr std::string_view kPlaceUnits[] = {"省", "市", "县", "区", "镇", "乡", "村", "路", "街", "巷"};
// A table with a column of ID numbers lists people: its plain address columns (联系地址,
// 通讯地址, 地址, 住所) hold where they live, unless the header names an organisation.
inline constexpr std::string_view kIdHeaderWords[] = {"身份证", "证件号"};
inline constexpr std::string_view kPlainAddressHeaderWords[] = {"地址", "住所"};
inline constexpr std::string_view kOrganisationWords[] = {"单位", "办公", "企业", "公司", "机关"};

enum CharClass : uint8_t { kOther, kDigit, kMask, kLetterX, kSep, kPlus };

struct Decoded {
  CharClass cls;
  char norm;    // '0'-'9', '*', 'X', ' ', '-', '+'
  uint8_t len;  // bytes
};

inline unsigned char U8(char c) { return static_cast<unsigned char>(c); }
inline bool IsContinuation(char c) { return (U8(c) & 0xC0) == 0x80; }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

inline uint8_t Utf8Len(unsigned char c) {
  if (c < 0xC0) return 1;  // ASCII or a stray continuation byte
  if (c < 0xE0) return 2;
  if (c < 0xF0) return 3;
  return 4;
}

// Classifies the character at s[i] for digit-run purposes, normalising full-width
// forms (０-９ ＊ Ｘ － ＋) and treating NBSP and U+3000 as spaces.
[[gnu::always_inline]] inline Decoded Decode(std::string_view s, size_t i) {
  const unsigned char c = U8(s[i]);
  if (c < 0x80) {
    if (c >= '0' && c <= '9') return {kDigit, static_cast<char>(c), 1};
    switch (c) {
      case '*': return {kMask, '*', 1};
      case 'X':
      case 'x': return {kLetterX, 'X', 1};
      case ' ': return {kSep, ' ', 1};
      case '-': return {kSep, '-', 1};
      case '+': return {kPlus, '+', 1};
      default: return {kOther, 0, 1};
    }
  }
  const size_t left = s.size() - i;
  const unsigned char b1 = left > 1 ? U8(s[i + 1]) : 0;
  const unsigned char b2 = left > 2 ? U8(s[i + 2]) : 0;
  if (c == 0xEF && left >= 3) {
    if (b1 == 0xBC) {
      if (b2 >= 0x90 && b2 <= 0x99) return {kDigit, static_cast<char>('0' + (b2 - 0x90)), 3};
      if (b2 == 0x8A) return {kMask, '*', 3};     // ＊
      if (b2 == 0xB8) return {kLetterX, 'X', 3};  // Ｘ
      if (b2 == 0x8D) return {kSep, '-', 3};      // －
      if (b2 == 0x8B) return {kPlus, '+', 3};     // ＋
    } else if (b1 == 0xBD && b2 == 0x98) {
      return {kLetterX, 'X', 3};  // ｘ
    }
    return {kOther, 0, 3};
  }
  if (c == 0xC3 && b1 == 0x97) return {kMask, '*', 2};                // ×
  if (c == 0xC2 && b1 == 0xA0) return {kSep, ' ', 2};                 // NBSP
  if (c == 0xE3 && b1 == 0x80 && b2 == 0x80) return {kSep, ' ', 3};  // U+3000
  const uint8_t len = Utf8Len(c);
  return {kOther, 0, static_cast<uint8_t>(len > left ? left : len)};
}

// Bytes that can start something the scanner acts on; everything else is skipped by a
// table lookup, which keeps Chinese prose cheap.
inline constexpr std::array<bool, 256> kInteresting = [] {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  t['*'] = t['+'] = t['\t'] = t['\n'] = t[':'] = true;
  t[0xEF] = true;  // full-width forms: ０-９ ＊ ＋ ：
  t[0xC3] = true;  // ×
  return t;
}();

// Advances to the next interesting byte. Digits and full-width punctuation come every few
// dozen bytes in page text, so the search is about how cheaply each gap is crossed: sixteen
// bytes at a time with SSE2 (part of every x86-64 CPU, so no dispatch is needed), else eight
// at a time while they are all non-ASCII and neither 0xEF nor 0xC3.
#if defined(__SSE2__)
// The length of a character at p[j] (lead byte 0xEF or 0xC3) that the scanner would only
// step over: full-width punctuation (，（）) that is neither a digit, a mask, a plus nor a
// colon, or a Latin letter other than ×. 0 when the scanner must look at it.
inline size_t InertWideChar(const char* p, size_t j, size_t end) {
  const unsigned char b1 = j + 1 < end ? U8(p[j + 1]) : 0;
  if (U8(p[j]) == 0xC3) return j + 2 <= end && b1 != 0x97 ? 2 : 0;
  if (j + 3 > end) return 0;
  const unsigned char b2 = U8(p[j + 2]);
  const bool wanted = b1 == 0xBC && ((b2 >= 0x90 && b2 <= 0x9A) || b2 == 0x8A || b2 == 0x8B);
  return wanted ? 0 : 3;
}

[[gnu::always_inline]] inline size_t SkipUninteresting(const char* p, size_t i, size_t end) {
  const __m128i zero_to_colon = _mm_set1_epi8(':' - '0');
  const __m128i tab_to_newline = _mm_set1_epi8('\n' - '\t');
  while (i + 16 <= end) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    // x - lo <= span (unsigned) as min(x - lo, span) == x - lo: '0'-'9' and ':' at once.
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    const __m128i w = _mm_sub_epi8(v, _mm_set1_epi8('\t'));
    __m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(d, zero_to_colon), d);
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_min_epu8(w, tab_to_newline), w));
    // '*' (0x2A) and '+' (0x2B) differ in the low bit only.
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(1)), _mm_set1_epi8('+')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xEF))));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC3))));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    size_t next = i + 16;
    while (mask != 0) {
      const size_t j = i + static_cast<size_t>(__builtin_ctz(mask));
      if (U8(p[j]) < 0x80) return j;
      const size_t inert = InertWideChar(p, j, end);
      if (inert == 0) return j;
      if (j + inert >= i + 16) {  // the character ends in the next block
        next = j + inert;
        break;
      }
      mask &= ~0u << (j + inert - i);
    }
    i = next;
  }
  while (i < end && !kInteresting[U8(p[i])]) ++i;
  return i;
}
#else
inline size_t SkipUninteresting(const char* p, size_t i, size_t end) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  while (i + 8 <= end) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if ((w & kHigh) == kHigh && !has_zero(w ^ (kOnes * 0xEF)) && !has_zero(w ^ (kOnes * 0xC3))) {
      i += 8;
      continue;
    }
    const size_t stop = i + 8;
    while (i < stop && !kInteresting[U8(p[i])]) ++i;
    if (i < stop) return i;
  }
  while (i < end && !kInteresting[U8(p[i])]) ++i;
  return i;
}
#endif

// Decodes one code point (invalid bytes come back as U+FFFD) and advances i.
inline char32_t NextCp(std::string_view s, size_t& i) {
  const unsigned char c = U8(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  const size_t len = Utf8Len(c);
  if (len == 1 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  // Spelled out per length (no loop): address and label checks decode every character.
  // Continuation bytes are not validated, only masked.
  const char32_t b1 = U8(s[i + 1]) & 0x3F;
  char32_t cp;
  if (len == 2) {
    cp = char32_t{c & 0x1Fu} << 6 | b1;
  } else if (len == 3) {
    cp = char32_t{c & 0x0Fu} << 12 | b1 << 6 | (U8(s[i + 2]) & 0x3F);
  } else {
    cp = char32_t{c & 0x07u} << 18 | b1 << 12 | (U8(s[i + 2]) & 0x3F) << 6 | (U8(s[i + 3]) & 0x3F);
  }
  i += len;
  return cp;
}

inline char32_t PeekCp(std::string_view s, size_t i) { return i < s.size() ? NextCp(s, i) : 0; }

inline bool IsDigitCp(char32_t cp) { return (cp >= '0' && cp <= '9') || (cp >= U'０' && cp <= U'９'); }
inline bool IsMaskCp(char32_t cp) { return cp == '*' || cp == U'＊' || cp == U'×'; }
inline bool IsSpaceCp(char32_t cp) { return cp == ' ' || cp == 0x3000 || cp == 0xA0; }
inline bool IsChineseNumeral(char32_t cp) {
  switch (cp) {
    case U'一': case U'二': case U'三': case U'四': case U'五': case U'六': case U'七':
    case U'八': case U'九': case U'十': case U'零': case U'〇': case U'两':
      return true;
    default:
      return false;
  }
}

inline bool Contains(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }
template <size_t N>
inline bool ContainsAny(std::string_view s, const std::string_view (&words)[N]) {
  for (std::string_view w : words) {
    if (Contains(s, w)) return true;
  }
  return false;
}
// Three-byte compare without a library call (hot: CJK characters are 3 bytes).
inline bool Eq3(const char* p, std::string_view cjk) {
  return p[0] == cjk[0] && p[1] == cjk[1] && p[2] == cjk[2];
}
inline bool EndsWith(std::string_view s, std::string_view w) {
  return s.size() >= w.size() && s.substr(s.size() - w.size()) == w;
}

inline std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty()) {
    if (s.front() == ' ') {
      s.remove_prefix(1);
    } else if (s.size() >= 2 && U8(s[0]) == 0xC2 && U8(s[1]) == 0xA0) {
      s.remove_prefix(2);
    } else if (s.size() >= 3 && s.substr(0, 3) == "\u3000") {
      s.remove_prefix(3);
    } else {
      break;
    }
  }
  while (!s.empty()) {
    if (s.back() == ' ') {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && U8(s[s.size() - 2]) == 0xC2 && U8(s.back()) == 0xA0) {
      s.remove_suffix(2);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\u3000") {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

// ---- Validation -------------------------------------------------------------------

inline constexpr std::array<bool, 100> kProvinceCodes = [] {
  std::array<bool, 100> t{};
  for (int c : {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45,
                46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91}) {
    t[c] = true;
  }
  return t;
}();

inline int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

inline bool IsBirthDate(int year, int month, int day) {
  return year >= 1900 && year <= 2030 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

inline bool Dig(char c) { return c >= '0' && c <= '9'; }
inline int Num2(const char* c) { return (c[0] - '0') * 10 + (c[1] - '0'); }
inline int Num4(const char* c) { return Num2(c) * 100 + Num2(c + 2); }

inline char IdCheckChar(const char* c) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (c[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

// An unmasked ID: province code, birth date and (18-char) ISO 7064 MOD 11-2 check char.
inline bool IsValidId(const char* c, int n) {
  const int digits = n == 18 ? 17 : 15;
  for (int i = 0; i < digits; ++i) {
    if (!Dig(c[i])) return false;
  }
  if (!kProvinceCodes[Num2(c)]) return false;
  if (n == 15) return IsBirthDate(1900 + Num2(c + 6), Num2(c + 8), Num2(c + 10));
  if (!IsBirthDate(Num4(c + 6), Num2(c + 10), Num2(c + 12))) return false;
  return c[17] == IdCheckChar(c);
}

// A partly masked ID: what is visible must still fit (province code, date fields).
inline bool IsPlausibleMaskedId(const char* c, int n) {
  if (!Dig(c[0]) || !Dig(c[1]) || !kProvinceCodes[Num2(c)]) return false;
  const int year_len = n == 18 ? 4 : 2;
  const char* y = c + 6;
  const char* m = y + year_len;
  const char* d = m + 2;
  int year = 0;
  bool year_known = true;
  for (int i = 0; i < year_len; ++i) year_known = year_known && Dig(y[i]);
  if (year_known) {
    year = n == 18 ? Num4(y) : 1900 + Num2(y);
    if (year < 1900 || year > 2030) return false;
  } else if (n == 18 && Dig(y[0]) && y[0] != '1' && y[0] != '2') {
    return false;
  }
  int month = 0;
  if (Dig(m[0]) && m[0] > '1') return false;
  if (Dig(m[0]) && Dig(m[1])) {
    month = Num2(m);
    if (month < 1 || month > 12) return false;
  }
  if (Dig(d[0]) && d[0] > '3') return false;
  if (Dig(d[0]) && Dig(d[1])) {
    const int day = Num2(d);
    const int max_day = (year_known && month) ? DaysInMonth(year, month) : 31;
    if (day < 1 || day > max_day) return false;
  }
  return true;
}

inline bool LuhnOk(const char* c, int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    int v = c[n - 1 - i] - '0';
    if (i % 2 == 1) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return sum % 10 == 0;
}

// ---- Masking and cell context (mask.cc) ---------------------------------------------

// Bytes of `s` to mask for a value of this kind, normalised (no separators, ASCII digits).
std::string MaskChars(PiiKind kind, std::string_view s);
// Keeps an address up to its township (镇/乡/街道), else up to its county or district.
std::string MaskAddress(std::string_view v);
// Detailed below township level: a village with its group/team/number, or a house number.
bool IsDetailedAddress(std::string_view v);
bool ContainsMask(std::string_view v);
bool HasKeywordChar(std::string_view cell);
uint8_t CellKeywordFlags(std::string_view cell);
// The digits of a raw value (full-width folded, separators and a +86/0086 prefix dropped).
std::string NormalizeDigits(std::string_view raw);

}  // namespace govaudit::pii::internal
