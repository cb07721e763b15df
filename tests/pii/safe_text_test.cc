#include "pii/safe_text.h"

#include <gtest/gtest.h>

#include <string>

#include "pii/scanner.h"

namespace govaudit::pii {
namespace {

using std::string_literals::operator""s;

// ScanText reports only values shown unmasked or masked too little.
bool HoldsUnmaskedValue(const std::string& text) { return !ScanText(text).empty(); }

TEST(SafeTextTest, InvisibleCharactersCannotJoinTheHalvesOfANumber) {
  // Found by fuzzing: NULs between two halves of a mobile were dropped after masking.
  const std::string cases[] = {
      "电话 1391\0\0"s "2345678",
      "电话 1391\u200b2345678",   // zero-width space
      "电话 1391\u200d2345678",   // zero-width joiner
      "电话 1391\u20602345678",   // word joiner
      "电话 1391\ufeff2345678",   // byte order mark
      "电话 1391\x1b" "2345678",  // escape
      "身份证 11010519491231\u200b002X",
  };
  for (const std::string& text : cases) {
    for (Sink sink : {Sink::kText, Sink::kCsv, Sink::kTerminal}) {
      const std::string out = SafeText(text, sink);
      EXPECT_FALSE(HoldsUnmaskedValue(out)) << out;
      EXPECT_EQ(out.find("2345678"), std::string::npos) << out;
    }
  }
}

TEST(SafeTextTest, KeepsTextWithoutPersonalDataAsItIs) {
  EXPECT_EQ(SafeText("关于2026年政务公开工作要点的通知"), "关于2026年政务公开工作要点的通知");
  EXPECT_EQ(SafeText("第一行\n第二行\t列"), "第一行\n第二行\t列");
  EXPECT_EQ(SafeText("a\tb", Sink::kTerminal), "ab");
}

TEST(SafeTextTest, DropsBidiOverridesAndC1Controls) {
  EXPECT_EQ(SafeText("abc\u202edcba"), "abcdcba");
  EXPECT_EQ(SafeText("x\u009b31my", Sink::kTerminal), "x31my");
}

TEST(SafeTextTest, CsvCellsNeverStartAFormula) {
  EXPECT_EQ(SafeText("=HYPERLINK(\"http://x\")", Sink::kCsv), "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(SafeText("\t=1+1", Sink::kCsv), "'=1+1");
  EXPECT_EQ(SafeText("\u200b=1+1", Sink::kCsv), "'=1+1");
  EXPECT_EQ(SafeText("-", Sink::kText), "-");
}

}  // namespace
}  // namespace govaudit::pii
