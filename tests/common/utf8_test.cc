// The character filter every text scanner steps with: NextCandidate must stop wherever one of
// the added characters starts, and step over everything else, whatever the bytes around it.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"

namespace govaudit {
namespace {

// Every position NextCandidate stops at, stepping one character past each stop.
std::vector<size_t> Stops(const Utf8StartFilter& filter, std::string_view text) {
  std::vector<size_t> stops;
  for (size_t pos = filter.NextCandidate(text, 0); pos < text.size();
       pos = filter.NextCandidate(text, pos + Utf8StepAt(text, pos))) {
    stops.push_back(pos);
  }
  return stops;
}

Utf8StartFilter FilterOf(std::u32string_view chars) {
  Utf8StartFilter filter;
  for (char32_t c : chars) filter.Add(c);
  return filter;
}

TEST(Utf8StartFilterTest, StopsOnlyWhereAnAddedCharacterStands) {
  const Utf8StartFilter filter = FilterOf(U"发文");
  // 发 and 反 share their first two bytes (E5 8F): only 发 is a stop.
  const std::string text = "关于反对发文机关的发文字号";
  EXPECT_EQ(Stops(filter, text), (std::vector<size_t>{12, 15, 27, 30}));
}

TEST(Utf8StartFilterTest, FindsAStopInTheLastThreeBytes) {
  const Utf8StartFilter filter = FilterOf(U"号");
  EXPECT_EQ(Stops(filter, "文号"), (std::vector<size_t>{3}));
  EXPECT_EQ(Stops(filter, "号"), (std::vector<size_t>{0}));
}

TEST(Utf8StartFilterTest, StepsOverAsciiTwoAndFourByteCharactersAndBrokenBytes) {
  const Utf8StartFilter filter = FilterOf(U"a号é😀");
  // ASCII, a lone continuation byte, a truncated three-byte lead, é (two bytes), 😀 (four).
  const std::string text = std::string("xa") + "\x80" + "\xE5\x8F" + "号é😀号";
  const std::vector<size_t> stops = Stops(filter, text);
  std::vector<size_t> expected;
  for (size_t pos = 0; pos < text.size(); pos += Utf8StepAt(text, pos)) {
    if (filter.MayStartAt(text, pos) && !(static_cast<unsigned char>(text[pos]) >= 0xE0 &&
                                          static_cast<unsigned char>(text[pos]) < 0xF0 && Utf8StepAt(text, pos) == 3 &&
                                          text.compare(pos, 3, "号") != 0)) {
      expected.push_back(pos);
    }
  }
  EXPECT_EQ(stops, expected);
  // The truncated lead at 3 shares 号's first two bytes: a candidate, which no word matches.
  EXPECT_EQ(stops, (std::vector<size_t>{1, 3, 5, 8, 10, 14}));
}

TEST(Utf8StartFilterTest, AnEmptyFilterStopsNowhere) {
  const Utf8StartFilter filter;
  EXPECT_EQ(filter.NextCandidate("政务公开 2026", 0), std::string_view("政务公开 2026").size());
}

}  // namespace
}  // namespace govaudit
