// The character filter every text scanner steps with: NextCandidate must stop wherever one of
// the added characters starts, and step over everything else, whatever the bytes around it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"
#include "tests/support/random_text.h"

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

// What NextCandidate must return, one character at a time: an exact test for a well-formed
// three-byte character, MayStartAt for anything else.
std::vector<size_t> ReferenceStops(const Utf8StartFilter& filter, std::string_view text, std::u32string_view added) {
  std::vector<size_t> stops;
  for (size_t pos = 0; pos < text.size(); pos += Utf8StepAt(text, pos)) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead >= 0xE0 && lead < 0xF0 && Utf8StepAt(text, pos) == 3) {
      size_t len;
      if (added.find(static_cast<char32_t>(DecodeUtf8At(text, pos, &len))) != std::u32string_view::npos) {
        stops.push_back(pos);
      }
    } else if (filter.MayStartAt(text, pos)) {
      stops.push_back(pos);
    }
  }
  return stops;
}

TEST(Utf8StartFilterTest, StopsWhereTheOneCharacterAtATimeReferenceStops) {
  constexpr std::u32string_view kAdded = U"号发a";
  const Utf8StartFilter filter = FilterOf(kAdded);
  // Pieces that stress the two-at-a-time path: characters sharing 号's last two bytes
  // (8F B7) under another lead byte, 发's neighbours, runs of plain CJK, ASCII, two- and
  // four-byte characters, and broken sequences.
  testing::RandomPieces random(12345, {"号", "发", "\xE4\x8F\xB7", "\xE6\x8F\xB7", "\xE9\x8F\xB7", "反", "政务公开",
                                      "a", "x", "é", "😀", "\x80", "\xE5\x8F", "\xE5", " ", "\n"});
  for (int round = 0; round < 2000; ++round) {
    const std::string text = random.Text(random.Below(24));
    ASSERT_EQ(Stops(filter, text), ReferenceStops(filter, text, kAdded)) << "text: " << text;
  }
}

TEST(Utf8StartFilterTest, AWordStopsOnlyWhereItsSecondCharacterFollows) {
  Utf8StartFilter filter;
  filter.AddWord("是否收费");
  filter.AddWord("办");  // one character: a stop wherever it stands
  // 是 at 0 is followed by 不 (no stop); 是否 at 6 is a stop; 是 at 18 is followed by ASCII,
  // which the filter cannot judge (a stop); 办 at 22 is a stop.
  const std::string text = "是不是否收费是a办";
  EXPECT_EQ(Stops(filter, text), (std::vector<size_t>{6, 18, 22}));
  // A space after the first character may stand inside the word for a scanner that allows it.
  EXPECT_EQ(Stops(filter, "是\u3000否"), (std::vector<size_t>{0}));
}

// Long runs of Chinese, where NextCandidate judges two characters a load without leaving its
// loop: it must stop exactly where a word's first character stands before its second one, or
// before anything it cannot judge (no ideograph, a space), and nowhere else.
TEST(Utf8StartFilterTest, InLongRunsStopsExactlyWhereAWordMayStart) {
  const std::vector<std::string> words = {"办理地点", "办公时间", "审批部门", "服务电话", "是否收费"};
  Utf8StartFilter filter;
  for (const std::string& w : words) filter.AddWord(w);
  // Government prose: the words' first characters everywhere, mostly before other characters.
  testing::RandomPieces random(2024, {"办", "理", "公", "审", "批", "服", "务", "是", "否", "政",
                                     "策", "落", "实", "，", "。", "\u3000", " ", "a", "\n", "😀"});
  auto three_byte_at = [](std::string_view t, size_t pos) {
    return pos + 3 <= t.size() && (static_cast<unsigned char>(t[pos]) & 0xF0) == 0xE0 && Utf8StepAt(t, pos) == 3;
  };
  for (int round = 0; round < 2000; ++round) {
    const std::string text = random.Text(20 + random.Below(100));
    std::vector<size_t> expected;
    for (size_t pos = 0; pos < text.size(); pos += Utf8StepAt(text, pos)) {
      if (!three_byte_at(text, pos)) {
        if (filter.MayStartAt(text, pos)) expected.push_back(pos);
        continue;
      }
      bool stop = false;
      for (const std::string& w : words) {
        if (text.compare(pos, 3, w, 0, 3) != 0) continue;
        const size_t next = pos + 3;
        size_t len;
        stop = stop || !three_byte_at(text, next) || IsSpaceCodePoint(DecodeUtf8At(text, next, &len)) ||
               text.compare(next, 3, w, 3, 3) == 0;
      }
      if (stop) expected.push_back(pos);
    }
    ASSERT_EQ(Stops(filter, text), expected) << "text: " << text;
  }
}

TEST(Utf8StartFilterTest, NoWordIsMissedWhateverSurroundsIt) {
  const std::vector<std::string> words = {"是否收费", "收费标准", "办理", "办", "a1", "é号"};
  Utf8StartFilter filter;
  for (const std::string& w : words) filter.AddWord(w);
  // Pieces that start and end words anywhere, with characters sharing the words' tails.
  testing::RandomPieces random(99, {"是", "否", "收", "费", "标", "准", "办", "理", "a", "1", "é", "号",
                                   "\xE6\x98\xAF" /* 是 */, "\xE4\x98\xAF", "政务", " ", "😀", "\x80"});
  for (int round = 0; round < 3000; ++round) {
    const std::string text = random.Text(random.Below(16));
    const std::vector<size_t> stops = Stops(filter, text);
    for (size_t pos = 0; pos < text.size(); pos += Utf8StepAt(text, pos)) {
      for (const std::string& w : words) {
        if (text.compare(pos, w.size(), w) == 0) {
          EXPECT_TRUE(std::find(stops.begin(), stops.end(), pos) != stops.end()) << w << " at " << pos << " in " << text;
        }
      }
    }
    for (size_t stop : stops) EXPECT_TRUE(filter.MayStartAt(text, stop)) << stop << " in " << text;
  }
}

TEST(Utf8StartFilterTest, AnEmptyFilterStopsNowhere) {
  const Utf8StartFilter filter;
  EXPECT_EQ(filter.NextCandidate("政务公开 2026", 0), std::string_view("政务公开 2026").size());
}

}  // namespace
}  // namespace govaudit
