#include "common/strings.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit {
namespace {

constexpr size_t npos = std::string_view::npos;

TEST(FindBytesTest, FindsChineseAndAsciiNeedlesFromAPosition) {
  const std::string text = "关于印发《通知》的通知，文号：卫政办发〔2022〕49号。号";
  EXPECT_EQ(FindBytes(text, "号"), text.find("号"));
  const size_t after_first = text.find("号") + 1;  // 文号's; the next is 49号's
  EXPECT_EQ(FindBytes(text, "号", after_first), text.find("49号") + 2);
  EXPECT_EQ(FindBytes(text, "号", text.find("。")), text.rfind("号"));
  EXPECT_EQ(FindBytes(text, "通知"), text.find("通知"));
  EXPECT_EQ(FindBytes(text, "2022"), text.find("2022"));
  EXPECT_EQ(FindBytes(text, "位置"), npos);
  EXPECT_EQ(FindBytes(text, ""), 0u);
  EXPECT_EQ(FindBytes(text, "", 5), 5u);
  EXPECT_EQ(FindBytes(text, "号", text.size() + 1), npos);
  EXPECT_EQ(FindBytes("号", "号号"), npos);  // longer than the haystack
}

TEST(FindBytesTest, ANeedleIsNotFoundAcrossTheEndOrInsideAnotherCharacter) {
  // 号 is E5 8F B7; the bytes 8F B7 alone, or E5 8F at the very end, are no 号.
  const std::string partial = "\xE5\x8F";
  EXPECT_EQ(FindBytes(partial, "号"), npos);
  const std::string shifted = "\x8F\xB7\xE5\x8F";
  EXPECT_EQ(FindBytes(shifted, "号"), npos);
  EXPECT_EQ(FindBytes("ab号", "号", 2), 2u);
  EXPECT_EQ(FindBytes("ab号", "号", 3), npos);
}

// Random haystacks and needles of a few CJK, ASCII and broken bytes: the same answer as
// std::string_view::find everywhere.
TEST(FindBytesTest, AgreesWithStringViewFindOnRandomText) {
  const std::vector<std::string> pieces = {"号", "位置", "已", "文", "a", "号 ", "\xE5", "\x8F", "\xB7", "：", " "};
  std::mt19937 rng(20261206);
  auto random_text = [&](size_t pieces_count) {
    std::string s;
    for (size_t i = 0; i < pieces_count; ++i) s += pieces[rng() % pieces.size()];
    return s;
  };
  for (int round = 0; round < 20000; ++round) {
    const std::string hay = random_text(rng() % 24);
    const std::string needle = random_text(1 + rng() % 3);
    const size_t from = hay.empty() ? 0 : rng() % (hay.size() + 2);
    const size_t expected = from > hay.size() ? npos : std::string_view(hay).find(needle, from);
    ASSERT_EQ(FindBytes(hay, needle, from), expected) << "haystack '" << hay << "' needle '" << needle << "' from " << from;
  }
}

// Data files come with "\r\n" or "\n", with or without a last newline, and their errors name
// the line.
TEST(LineReaderTest, ReadsEveryLineWithItsNumberWhateverTheLineEnds) {
  auto read = [](std::string_view text) {
    std::vector<std::string> out;
    LineReader lines(text);
    std::string_view line;
    while (lines.Next(&line)) out.push_back(std::to_string(lines.number()) + ":" + std::string(line));
    return out;
  };
  using Lines = std::vector<std::string>;
  EXPECT_EQ(read("a\nb\n"), (Lines{"1:a", "2:b"}));
  EXPECT_EQ(read("a\r\nb"), (Lines{"1:a", "2:b"}));
  EXPECT_EQ(read("\n\nc\r\n"), (Lines{"1:", "2:", "3:c"}));
  EXPECT_EQ(read("x\ry\n"), (Lines{"1:x\ry"}));  // only a carriage return before the newline goes
  EXPECT_EQ(read(""), Lines{});
}

TEST(IsDashPlaceholderTest, DashesAndSpacesOnly) {
  for (const char* yes : {"-", "--", "—", "—  —", " — ", "－", "――", "─", "–\u3000–"})
    EXPECT_TRUE(IsDashPlaceholder(yes)) << yes;
  for (const char* no : {"", " ", "无", "—无—", "2026-11-01", "-1", "/"}) EXPECT_FALSE(IsDashPlaceholder(no)) << no;
}

TEST(WithoutSpacesTest, DropsEveryKindOfSpaceAndKeepsTheRest) {
  EXPECT_EQ(WithoutSpaces("某县 人民\u3000政府\t关于\u00A0印发"), "某县人民政府关于印发");
  EXPECT_EQ(WithoutSpaces("\xE5\x8F"), "\xE5\x8F");  // a broken sequence is kept as it stands
}

}  // namespace
}  // namespace govaudit
