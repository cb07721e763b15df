// The page text builder's search for the next byte that may start whitespace: sixteen bytes at
// a time must find what the byte-at-a-time search finds, wherever the byte stands.
#include "page/internal/text_builder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace govaudit::internal {
namespace {

TEST(TextBuilderTest, TheWideSearchFindsWhatTheByteSearchFinds) {
  // Chinese text, ASCII, the lead bytes the search stops at (C2 E2 E3 EF) and their neighbours.
  const std::string pieces[] = {"政务公开", "ab", "2026", " ", "\t", "\n", "\xC2\xA0", "\xE2\x80\x8B", "\xE3\x80\x80",
                                "\xEF\xBB\xBF", "\xE2\x80\x9C", "。", "\xC3\xA9", "\xE4\xB8\x80", "\x1F", "\x21", "\xFF"};
  std::mt19937 random(20261207);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = static_cast<int>(random() % 12);
    for (int k = 0; k < n; ++k) {
      // Mostly long runs without a stop, so that stops fall at every place of a 16-byte block.
      s += random() % 3 == 0 ? pieces[random() % std::size(pieces)] : std::string(random() % 40, 'x');
    }
    for (size_t from = 0; from <= s.size(); ++from) {
      ASSERT_EQ(TextBuilder::NextMaybeSpecial(s, from), TextBuilder::NextMaybeSpecialScalar(s, from))
          << "round " << round << " from " << from;
    }
  }
}

TEST(TextBuilderTest, WhitespaceAfterLongRunsCollapses) {
  TextBuilder text;
  const std::string run(37, 'a');
  text.Append(run + " \xE3\x80\x80\t" + run + "\xE2\x80\x8B" + run + "\xC2\xA0");
  text.Append("\xEF\xBB\xBF" + run);
  EXPECT_EQ(std::string(text.view()), run + " " + run + run + " " + run);
}

}  // namespace
}  // namespace govaudit::internal
