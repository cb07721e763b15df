// Text helpers of the classifiers: substring search (memmem), the first configured word a text
// holds, brackets and digits as 文号 write them, lines. Private to classify/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit::classify_internal {

inline constexpr size_t npos = std::string_view::npos;

size_t Find(std::string_view hay, std::string_view needle, size_t from = 0);
inline bool Contains(std::string_view hay, std::string_view needle) { return Find(hay, needle) != npos; }
// The first needle `hay` contains, or nullptr.
const std::string* FirstIn(std::string_view hay, const std::vector<std::string>& needles);
// “s”, for reasons shown to people.
std::string Quote(std::string_view s);

// The line of `text` holding byte `pos`.
std::string_view LineAt(std::string_view text, size_t pos, size_t* start_out = nullptr);

}  // namespace govaudit::classify_internal
