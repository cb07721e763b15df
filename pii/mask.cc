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
  // Filled in place rather than char by char: every finding pays for this.
  std::string out(s);
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(head),
            out.end() - static_cast<std::ptrdiff_t>(tail), '*');
  // 'X' is a check char only at the end of an 18-char ID; elsewhere it was a mask.
  const bool check_char = kind == PiiKind::kIdNumber && n == 18;
  for (size_t i = 0; i < n; ++i) {
    if (out[i] == 'X' && !(check_char && i == 17)) out[i] = '*';
  }
  return out;
}

namespace {

// Where the detail below the township starts (village, road, house number, a digit).
bool StartsDetail(char32_t cp, char32_t next) {
  if (IsDigitCp(cp) || IsMaskCp(cp) || (cp < 0x80 && IsAsciiAlpha(static_cast<char>(cp)))) {
    return true;
  }
  switch (cp) {
    case U'村': case U'组': case U'路': case U'巷': case U'弄':
    case U'号': case U'栋': case U'幢': case U'楼': case U'室':
      return true;
    case U'街':
      return next != U'道';
    case U'社':
    case U'小':
      return next == U'区';
    default:
      return false;
  }
}

}  // namespace

// Keeps an address up to its township (镇/乡/街道), else up to its county or district,
// and replaces the rest (village, road, house number) with "***". One pass that decodes
// each character once, the next one carried over as the lookahead.
std::string MaskAddress(std::string_view v) {
  const size_t n = v.size();
  size_t detail = n;
  size_t town_end = 0, admin_end = 0;
  size_t at = 0, i = 0;
  char32_t cp = n > 0 ? NextCp(v, i) : 0;
  while (at < n) {
    size_t after_next = i;
    const char32_t next = i < n ? NextCp(v, after_next) : 0;
    // 南京东路街道, 文化路街道: a road name that names a sub-district.
    const bool road_names_district =
        (cp == U'路' || cp == U'街') && next == U'街' && PeekCp(v, after_next) == U'道';
    if (!road_names_district && StartsDetail(cp, next)) {
      detail = at;
      break;
    }
    if (cp == U'镇' || cp == U'乡') {
      town_end = i;
    } else if (cp == U'街' && next == U'道') {
      town_end = after_next;
    } else if (cp == U'县' || cp == U'区' || cp == U'市' || cp == U'旗' || cp == U'州') {
      admin_end = i;
    }
    at = i;
    cp = next;
    i = after_next;
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
    if (cp < 0x80) {
      number = number || IsAsciiDigit(static_cast<char>(cp)) || cp == '*';
      continue;
    }
    switch (cp) {  // a jump, not a chain of compares: every address cell comes here
      case U'０': case U'１': case U'２': case U'３': case U'４':
      case U'５': case U'６': case U'７': case U'８': case U'９':
      case U'＊': case U'×':
      case U'一': case U'二': case U'三': case U'四': case U'五': case U'六': case U'七':
      case U'八': case U'九': case U'十': case U'零': case U'〇': case U'两':
        number = true;  // IsDigitCp, IsMaskCp, IsChineseNumeral
        break;
      case U'村':
        village = true;
        break;
      case U'组': case U'队': case U'社':
        if (village) return true;
        break;
      case U'号':
        if (village || number) return true;
        break;
      case U'栋': case U'幢': case U'室': case U'楼': case U'弄': case U'巷':
        if (number) return true;
        break;
      case U'单':
        if (number && PeekCp(v, i) == U'元') return true;
        break;
      default:
        break;
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
// Every cell of every table row comes here, so one range test per byte and a jump on the
// three bytes rather than eight compares.
bool HasKeywordChar(std::string_view cell) {
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time past those that cannot start a keyword: most data cells (IDs,
  // amounts, card numbers) hold no lead byte 0xE5-0xE9 at all.
  const __m128i span = _mm_set1_epi8(0xE9 - 0xE5);
  while (i + 16 <= cell.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(cell.data() + i));
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(0xE5)));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, span), d)) != 0) break;
    i += 16;
  }
#endif
  for (; i + 3 <= cell.size(); ++i) {
    const unsigned char c = U8(cell[i]);
    if (c < 0xE5 || c > 0xE9) continue;
    const uint32_t key = uint32_t{c} << 16 | uint32_t{U8(cell[i + 1])} << 8 | U8(cell[i + 2]);
    switch (key) {
      case 0xE59D80:  // 址
      case 0xE59CB0:  // 地
      case 0xE993B6:  // 银
      case 0xE58DA1:  // 卡
      case 0xE8B4A6:  // 账
      case 0xE5B890:  // 帐
      case 0xE688B7:  // 户
      case 0xE68A98:  // 折
        return true;
      default:
        break;
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
