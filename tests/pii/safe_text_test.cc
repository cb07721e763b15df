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

TEST(SafeTextTest, DropsEachInvisibleCharacterWhereverItStandsAndKeepsItsLookalikes) {
  // Characters sharing a dropped one's first byte (¥ C2, ؛ D8, — ’ E2, ， EF) stay.
  const std::string kept = "通知¥5—‘甲’，؛abc";
  for (const std::string& invisible : {"\x01"s, "\x7f"s, "\u0085"s, "\u061c"s, "\u200b"s, "\u200f"s, "\u202a"s,
                                      "\u2060"s, "\u2069"s, "\ufeff"s}) {
    for (size_t at = 0; at <= kept.size(); ++at) {
      if (at < kept.size() && (static_cast<unsigned char>(kept[at]) & 0xC0) == 0x80) continue;  // inside a character
      const std::string text = kept.substr(0, at) + invisible + kept.substr(at);
      EXPECT_EQ(SafeText(text), kept) << "at " << at;
    }
  }
  EXPECT_EQ(SafeText(kept), kept);
}

TEST(SafeTextTest, CsvCellsNeverStartAFormula) {
  EXPECT_EQ(SafeText("=HYPERLINK(\"http://x\")", Sink::kCsv), "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(SafeText("\t=1+1", Sink::kCsv), "'=1+1");
  EXPECT_EQ(SafeText("\u200b=1+1", Sink::kCsv), "'=1+1");
  EXPECT_EQ(SafeText("-", Sink::kText), "-");
}

TEST(SafeTextTest, MasksWhatMaskingBringsWithinReachOfItsContext) {
  // Found by fuzzing: once the text before it was masked, a card number came within reach of
  // its 帐号 label and the gate let it through in full. The gate masks until nothing is left.
  const std::string text(
      "\x00\x02\xe5\xb8\x90\xe5\x8f\xb7\xe6\x9a\x31\x31\x30\x31\x30\x31\x31\x2a\x31\x31\x30\x2a\x31\x2a"
      "\x31\xb8\x90\xe5\x8f\xb7\xe6\x9a\x31\x31\x30\x31\x30\x31\x31\x2a\x31\xf4\xe5\xba\xad\xe4\xbd\x8f"
      "\xe5\x9d\x00\x00\x00\x10\x80\xef\xbc\x9a\xe6\x9f\x90\x46\x00\xbf\x00\x00\x00\x10\x00\x2a\x2a\x2a"
      "\x2a\x00\x30\x31\x2d\x30\x31\x30\x2a\x2a\x30\x30\x31\x25\x20\x2a\x2a\x2a\x3e\x2a\xc6\xc6\xc6\xc6"
      "\x2a\x2a\x32\x31\x40\xe7\x27\x31\xbf\x10\x31\x32\xe5\x8f\xb7\x31\x30\x2a\x31\x2a\x31\xe5\x8f\xb7"
      "\xef\xbc\x9a\x31\x31\x30\x31\x30\x31\x31\x39\x38\x30\x30\x36\x30\x34\x32\x34\x36\x36\xe5\x8f\xb7"
      "\xef\xbc\x9a\x31\x31\x30\x31\x30\x31\x31\x39\x39\x30\x31\x75\x33\x39\x37",
      162);
  const std::string safe = SafeText(text, Sink::kCsv);
  for (const PiiHit& hit : ScanText(safe)) {
    EXPECT_TRUE(hit.insufficiently_masked) << safe.substr(hit.offset, hit.length);
  }
  EXPECT_EQ(safe.find("110101198006042466"), std::string::npos);
}

}  // namespace
}  // namespace govaudit::pii
