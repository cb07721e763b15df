// Edges of the scanner's fast paths: where a digit run starts and ends (text edges, CJK
// punctuation, multibyte characters), separators and full-width forms that continue a run,
// and the sixteen-byte steps of the search for the next interesting byte.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pii/scanner.h"

namespace govaudit::pii {
namespace {

// Valid values (check digit and Luhn digit computed outside the scanner).
const std::string kId = "640521199001011238";
const std::string kIdX = "11010519491231002X";
const std::string kMobile = "13954201234";
const std::string kCard = "6222021234567894";

struct Expect {
  PiiKind kind;
  size_t offset;
  size_t length;
};

void ExpectHits(const std::string& text, const std::vector<Expect>& want) {
  SCOPED_TRACE(text);
  const std::vector<PiiHit> hits = ScanText(text);
  ASSERT_EQ(hits.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(hits[i].kind, want[i].kind) << i;
    EXPECT_EQ(hits[i].offset, want[i].offset) << i;
    EXPECT_EQ(hits[i].length, want[i].length) << i;
  }
}

TEST(PiiBoundaryTest, RunsAtTheStartAndEndOfTheText) {
  ExpectHits(kId, {{PiiKind::kIdNumber, 0, 18}});
  ExpectHits(kMobile, {{PiiKind::kMobile, 0, 11}});
  ExpectHits("号码" + kMobile, {{PiiKind::kMobile, 6, 11}});
  ExpectHits(kMobile + "号", {{PiiKind::kMobile, 0, 11}});
  ExpectHits("1395420123", {});  // ten digits: a value of no kind
  ExpectHits("7", {});
  ExpectHits("", {});
}

TEST(PiiBoundaryTest, LoneRunsLongerThanAnyValueAreNone) {
  ExpectHits(kId + "0", {});
  ExpectHits("0" + kMobile, {});
  ExpectHits(std::string(23, '1'), {});
  ExpectHits(std::string(400, '9') + "，" + kMobile, {{PiiKind::kMobile, 403, 11}});
}

TEST(PiiBoundaryTest, LettersAndDecimalsGluedToARunRuleItOut) {
  ExpectHits("A" + kId, {});
  ExpectHits(kId + "B", {});
  ExpectHits("1." + kMobile, {});
  ExpectHits(kMobile + ".5", {});
  ExpectHits(kMobile + "%", {});
  ExpectHits(kMobile + "元", {});
  ExpectHits("￥" + kMobile, {});
}

TEST(PiiBoundaryTest, IdsEndingInXInEveryForm) {
  ExpectHits("身份证" + kIdX + "。", {{PiiKind::kIdNumber, 9, 18}});
  std::string lower = kIdX;
  lower.back() = 'x';
  ExpectHits(lower, {{PiiKind::kIdNumber, 0, 18}});
  const std::string wide = kIdX.substr(0, 17) + "Ｘ";  // full-width X: three bytes
  ExpectHits(wide + "，", {{PiiKind::kIdNumber, 0, 20}});
  EXPECT_EQ(ScanText(wide)[0].masked, "110105********002X");
}

TEST(PiiBoundaryTest, SeparatorsInsideMobiles) {
  ExpectHits("139 5420 1234", {{PiiKind::kMobile, 0, 13}});
  ExpectHits("电话139-5420-1234。", {{PiiKind::kMobile, 6, 13}});
  ExpectHits(
      "139\xC2\xA0"
      "5420\xC2\xA0"
      "1234",
      {{PiiKind::kMobile, 0, 15}});                                    // NBSP
  ExpectHits("139\u30005420\u30001234", {{PiiKind::kMobile, 0, 17}});  // U+3000
  ExpectHits("139－5420－1234", {{PiiKind::kMobile, 0, 17}});          // full-width -
  ExpectHits("+86 " + kMobile, {{PiiKind::kMobile, 0, 15}});
  ExpectHits("＋86" + kMobile, {{PiiKind::kMobile, 0, 16}});
  ExpectHits("139  5420 1234", {});  // a double space ends the run
}

TEST(PiiBoundaryTest, FullWidthDigitsStartAndContinueRuns) {
  const std::string wide = "１３９５４２０１２３４";
  ExpectHits(wide, {{PiiKind::kMobile, 0, 33}});
  ExpectHits("电话：" + wide + "。", {{PiiKind::kMobile, 9, 33}});
  // ASCII then full-width: one run, judged as a whole.
  ExpectHits("1395" + wide.substr(12), {{PiiKind::kMobile, 0, 25}});
}

TEST(PiiBoundaryTest, RunsNextToCjkPunctuation) {
  for (const std::string open : {"（", "：", "，", "、", "“", "【", "《"}) {
    for (const std::string close : {"）", "，", "。", "；", "”", "】", "》"}) {
      ExpectHits(open + kMobile + close, {{PiiKind::kMobile, open.size(), 11}});
      ExpectHits(open + kId + close, {{PiiKind::kIdNumber, open.size(), 18}});
    }
  }
}

TEST(PiiBoundaryTest, MultibyteCharacterJustBeforeARun) {
  ExpectHits("é" + kMobile, {{PiiKind::kMobile, 2, 11}});
  ExpectHits("ü" + kId, {{PiiKind::kIdNumber, 2, 18}});
  ExpectHits("号" + kId, {{PiiKind::kIdNumber, 3, 18}});
  ExpectHits("😀" + kMobile, {{PiiKind::kMobile, 4, 11}});
  // × is a mask: it joins the run, which is then no mobile at all.
  ExpectHits("×" + kMobile, {});
}

TEST(PiiBoundaryTest, BrokenUtf8BeforeARunIsReadAsTheScannerSteps) {
  // A lone lead byte 0xEF takes the two bytes after it as its own: "13" are not digits.
  ExpectHits("\xEF" + kMobile, {});
  ExpectHits(
      "\xEF"
      "13" +
          kMobile,
      {{PiiKind::kMobile, 3, 11}});
  ExpectHits(kMobile + "\xEF", {{PiiKind::kMobile, 0, 11}});
  ExpectHits(kMobile + "\xC3", {{PiiKind::kMobile, 0, 11}});
}

// The search steps sixteen bytes at a time and steps over full-width punctuation whole:
// every alignment of the punctuation and the run against those steps gives the same hit.
TEST(PiiBoundaryTest, EveryAlignmentAgainstTheSearchStep) {
  for (size_t pad = 0; pad < 40; ++pad) {
    const std::string lead(pad, 'a');
    ExpectHits(lead + " ，" + kMobile + "，", {{PiiKind::kMobile, pad + 4, 11}});
    ExpectHits(lead + " 电话：" + kMobile, {{PiiKind::kMobile, pad + 10, 11}});
    ExpectHits(lead + " 号５" + kMobile, {});  // twelve digits
    ExpectHits(lead + " 卡号" + kCard + "。", {{PiiKind::kBankCard, pad + 7, 16}});
    std::string tail = lead + " ，" + kId;
    ExpectHits(tail, {{PiiKind::kIdNumber, pad + 4, 18}});
    tail.pop_back();
    ExpectHits(tail, {});
  }
}

TEST(PiiBoundaryTest, TableCellsAreJudgedOneByOne) {
  const std::string text = "身份证号\t手机\t银行卡号\n" + kId + "\t" + kMobile + "\t" + kCard + "\n";
  const size_t row = text.find('\n') + 1;
  ExpectHits(text,
             {{PiiKind::kIdNumber, row, 18}, {PiiKind::kMobile, row + 19, 11}, {PiiKind::kBankCard, row + 31, 16}});
}

// Header keywords are looked for sixteen bytes at a time: one far into a long header cell
// still names the column.
TEST(PiiBoundaryTest, KeywordLateInALongHeaderCell) {
  const std::string header = "No. of applicant (household) 家庭住址\tbank account no. 银行卡号\n";
  const std::string row = "平罗县姚伏镇小店子村3组\t" + kCard + "\n";
  const std::vector<PiiHit> hits = ScanText(header + row);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].kind, PiiKind::kAddress);
  EXPECT_EQ(hits[0].masked, "平罗县姚伏镇***");
  EXPECT_EQ(hits[1].kind, PiiKind::kBankCard);
  EXPECT_TRUE(ScanText("No. of applicant (household) 家\t\n平罗县姚伏镇小店子村3组\n").empty());
}

// MaskAddress reads each character once with one character of lookahead: the township
// ends where 镇/乡/街道 does, a road named like a sub-district (路街道) is no detail.
TEST(PiiBoundaryTest, AddressMaskKeepsTheTownship) {
  EXPECT_EQ(MaskValue(PiiKind::kAddress, "平罗县姚伏镇小店子村3组"), "平罗县姚伏镇***");
  EXPECT_EQ(MaskValue(PiiKind::kAddress, "上海市黄浦区南京东路街道贵州路12号"), "上海市黄浦区南京东路街道***");
  EXPECT_EQ(MaskValue(PiiKind::kAddress, "某市某区长胜街道胜利路12号"), "某市某区长胜街道***");
  EXPECT_EQ(MaskValue(PiiKind::kAddress, "某县红星乡"), "某县红星乡***");
  EXPECT_EQ(MaskValue(PiiKind::kAddress, "某县步行街5号"), "某县***");
  EXPECT_EQ(MaskValue(PiiKind::kAddress, "某区幸福小区3栋"), "某区***");
  EXPECT_EQ(MaskValue(PiiKind::kAddress, "某县街"), "某县***");
  ExpectHits("家庭住址：某县红星乡五村六组，", {{PiiKind::kAddress, 15, 27}});
  ExpectHits("家庭住址：某县红星乡幸福村，", {});
}

}  // namespace
}  // namespace govaudit::pii
