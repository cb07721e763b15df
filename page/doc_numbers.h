// 文号 (document numbers) as pages write them: an issuer code, the year in brackets of any
// kind (〔〕 [] （） 【】, full-width digits allowed), a serial and 号 — "示政发〔2026〕12号".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

// Brackets of a 文号's year, folded to 〔 〕 by NormalizeDocNumber.
bool IsDocNumberOpenBracket(uint32_t cp);
bool IsDocNumberCloseBracket(uint32_t cp);

struct DocNumberMatch {
  size_t begin = 0;  // byte offsets of the whole 文号 in the text
  size_t end = 0;
  std::string number;  // issuer code + 〔year〕 + serial + 号, digits ASCII
};

// The 文号s in `text` in order, at most `max_count`, each once. The issuer code is the run of
// CJK characters before the bracket (at most 8), so "根据示政发〔2026〕12号" gives 示政发〔2026〕12号.
std::vector<DocNumberMatch> FindDocNumbers(std::string_view text, size_t max_count);

}  // namespace govaudit
