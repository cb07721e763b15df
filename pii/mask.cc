// Masking: what a finding may show of a value, and the words that give cells context.
#include <algorithm>

#include "pii/internal/chars.h"
#include "pii/scanner.h"

namespace govaudit::pii {
namespace internal {

// Masks normalised chars ('0'-'9', '*', 'X'): keeps a head and a tail, stars the rest.
std::string MaskChars(PiiKind kind, std::string_view s) {
  const size_t n = s.size();
  size_t head = 4, tail = 4;
  if (kind == PiiKind::kIdNumber) {
    head = 6;
    tail = n == 15 ? 3 : 4;
  } else if (kind == PiiKind::kMobile) {
    head = 3;
  }
  // An odd length still hides at least half.
  if (n < head + tail + 4) head = tail = n / 4;
  std::string out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const bool keep = i < head || i >= n - tail;
    char ch = keep ? s[i] : '*';
    // 'X' is a check char only at the end of an 18-char ID; elsewhere it was a mask.
    if (ch == 'X' && !(kind == PiiKind::kIdNumber && n == 18 && i == 17)) ch = '*';
    out.push_back(ch);
  }
  return out;
}

// Keeps an address up to its township (镇/乡/街道), else up to its county or district,
// and replaces the rest (village, road, house number) with "***".
std::string MaskAddress(std::string_view v) {
  // Where the detail below the township starts.
  size_t detail = v.size();
  for (size_t i = 0; i < v.size();) {
    const size_t at = i;
    const char32_t cp = NextCp(v, i);
    size_t after_next = i;
    const char32_t next = i < v.size() ? NextCp(v, after_next) : 0;
    // 南京东路街道, 文化路街道: a road name that names a sub-district.
    if ((cp == U'路' || cp == U'街') && next == U'街' && PeekCp(v, after_next) == U'道') continue;
    const bool starts_detail =
        IsDigitCp(cp) || IsMaskCp(cp) || (cp < 0x80 && IsAsciiAlpha(static_cast<char>(cp))) ||
        cp == U'村' || cp == U'组' || cp == U'路' || cp == U'巷' || cp == U'弄' ||
        cp == U'号' || cp == U'栋' || cp == U'幢' || cp == U'楼' || cp == U'室' ||
        (cp == U'街' && next != U'道') ||
        ((cp == U'社' || cp == U'小') && next == U'区');
    if (starts_detail) {
      detail = at;
      break;
    }
  }
  size_t town_end = 0, admin_end = 0;
  for (size_t i = 0; i < detail;) {
    const char32_t cp = NextCp(v, i);
    if (cp == U'镇' || cp == U'乡') {
      town_end = i;
    } else if (cp == U'街' && PeekCp(v, i) == U'道') {
      NextCp(v, i);
      town_end = i;
    } else if (cp == U'县' || cp == U'区' || cp == U'市' || cp == U'旗' || cp == U'州') {
      admin_end = i;
    }
  }
  const size_t cut = std::min(town_end ? town_end : admin_end, detail);
  std::string out(v.substr(0, cut));
  out += "***";
  return out;
}

// Detailed below township level: a village with its group/team/number, or a
// number followed by 号/栋/幢/单元/室/楼/弄/巷.
bool IsDetailedAddress(std::string_view v) {
  bool village = false, number = false;
  for (size_t i = 0; i < v.size();) {
    const char32_t cp = NextCp(v, i);
    if (IsDigitCp(cp) || IsMaskCp(cp) || IsChineseNumeral(cp)) {
      number = true;
      continue;
    }
    if (cp == U'村') {
      village = true;
      continue;
    }
    if (village && (cp == U'组' || cp == U'队' || cp == U'号' || cp == U'社')) return true;
    if (number && (cp == U'号' || cp == U'栋' || cp == U'幢' || cp == U'室' || cp == U'楼' ||
                   cp == U'弄' || cp == U'巷' || (cp == U'单' && PeekCp(v, i) == U'元'))) {
      return true;
    }
  }
  return false;
}

bool ContainsMask(std::string_view v) {
  for (size_t i = 0; i < v.size();) {
    if (IsMaskCp(NextCp(v, i))) return true;
  }
  return false;
}

// Whether a cell holds a character that every header keyword contains one of
// (址 地 | 银 卡 账 帐 户 折): a cheap filter before the keyword search.
bool HasKeywordChar(std::string_view cell) {
  static constexpr std::string_view kChars[] = {"址", "地", "银", "卡", "账", "帐", "户", "折"};
  for (size_t i = 0; i + 3 <= cell.size(); ++i) {
    const unsigned char c = U8(cell[i]);
    if (c < 0xE5 || c > 0xE9) continue;
    for (std::string_view k : kChars) {
      if (Eq3(cell.data() + i, k)) return true;
    }
  }
  return false;
}

// Column-header / label-cell flags of a short cell.
uint8_t CellKeywordFlags(std::string_view cell) {
  cell = TrimSpaces(cell);
  if (cell.empty() || cell.size() > kMaxLabelCellBytes || !HasKeywordChar(cell)) return 0;
  uint8_t flags = 0;
  if (ContainsAny(cell, kAddressHeaderWords) && !ContainsAny(cell, kOfficeWords)) {
    flags |= kAddrFlag;
  }
  if (ContainsAny(cell, kCardKeywords)) flags |= kCardFlag;
  return flags;
}

std::string NormalizeDigits(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size();) {
    const Decoded d = Decode(raw, i);
    if (d.cls == kDigit || d.cls == kMask || d.cls == kLetterX) out.push_back(d.norm);
    i += d.len;
  }
  return out;
}

}  // namespace internal

using namespace internal;  // NOLINT: the shared character helpers

std::string MaskValue(PiiKind kind, std::string_view raw) {
  if (kind == PiiKind::kAddress) {
    // Keep a leading label ("家庭住址：") readable.
    std::string label;
    const size_t colon = std::min(raw.find("："), raw.find(':'));
    if (colon != std::string_view::npos && colon <= 30) {
      const size_t len = raw.substr(colon).starts_with(":") ? 1 : 3;
      label = std::string(raw.substr(0, colon + len));
      raw.remove_prefix(colon + len);
    }
    return label + MaskAddress(TrimSpaces(raw));
  }
  std::string digits = NormalizeDigits(raw);
  if (kind == PiiKind::kMobile) {
    if (digits.size() == 15 && digits.starts_with("0086")) {
      digits.erase(0, 4);
    } else if (digits.size() == 13 && digits.starts_with("86")) {
      digits.erase(0, 2);
    }
  }
  return MaskChars(kind, digits);
}

}  // namespace govaudit::pii
