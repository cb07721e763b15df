#include "page/doc_numbers.h"

#include <algorithm>

#include "common/strings.h"
#include "common/utf8.h"

namespace govaudit {

bool IsDocNumberOpenBracket(uint32_t cp) {
  return cp == 0x3014 || cp == '[' || cp == 0xFF3B || cp == '(' || cp == 0xFF08 || cp == 0x3010;
}
bool IsDocNumberCloseBracket(uint32_t cp) {
  return cp == 0x3015 || cp == ']' || cp == 0xFF3D || cp == ')' || cp == 0xFF09 || cp == 0x3011;
}

std::vector<DocNumberMatch> FindDocNumbers(std::string_view text, size_t max_count) {
  std::vector<DocNumberMatch> out;
  // Every 文号 ends in 号: a text without one (most lines) needs no walk.
  if (FindBytes(text, "号") == std::string_view::npos) return out;
  constexpr int kMaxIssuerChars = 8;
  for (size_t i = 0; i < text.size() && out.size() < max_count;) {
    size_t len;
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // Cheap filter: every bracket form starts with one of these bytes.
    if (c != 0xE3 && c != 0xEF && c != '[' && c != '(') {
      ++i;
      continue;
    }
    uint32_t cp = DecodeUtf8At(text, i, &len);
    if (!IsDocNumberOpenBracket(cp)) {
      i += len;
      continue;
    }
    const size_t open = i;
    size_t j = i + len;
    std::string year;
    size_t l = 1;
    while (j < text.size() && year.size() < 4) {
      int d = DigitValue(DecodeUtf8At(text, j, &l));
      if (d < 0) break;
      year.push_back(static_cast<char>('0' + d));
      j += l;
    }
    if (year.size() != 4 || j >= text.size() || !IsDocNumberCloseBracket(DecodeUtf8At(text, j, &l))) {
      i += len;
      continue;
    }
    j += l;
    // A space typed around the serial ("〔2026〕4 号", Shandong's body lines) is no part of it.
    auto skip_space = [&text](size_t k) {
      for (int n = 0; n < 2 && k < text.size() && text[k] == ' '; ++n) ++k;
      return k;
    };
    j = skip_space(j);
    if (text.substr(j, 3) == "第") j += 3;
    std::string serial;
    while (j < text.size() && serial.size() < 6) {
      int d = DigitValue(DecodeUtf8At(text, j, &l));
      if (d < 0) break;
      serial.push_back(static_cast<char>('0' + d));
      j += l;
    }
    if (!serial.empty()) j = skip_space(j);
    if (serial.empty() || text.substr(j, 3) != "号") {
      i += len;
      continue;
    }
    size_t start = open;
    int chars = 0;
    while (start >= 3 && chars < kMaxIssuerChars) {
      size_t s = start - 3;
      size_t cl;
      if (!IsCjk(DecodeUtf8At(text, s, &cl)) || cl != 3) break;
      start = s;
      ++chars;
    }
    if (chars > 0) {
      std::string number = std::string(text.substr(start, open - start)) + "〔" + year + "〕" + serial + "号";
      const bool seen = std::any_of(out.begin(), out.end(), [&](const DocNumberMatch& m) { return m.number == number; });
      if (!seen) out.push_back({start, j + 3, std::move(number)});
    }
    i = j + 3;
  }
  return out;
}

}  // namespace govaudit
