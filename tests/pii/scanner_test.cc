#include "pii/scanner.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/full_width.h"
#include "tests/support/shared_data.h"

#ifndef GOVAUDIT_FIXTURES_DIR
#error "GOVAUDIT_FIXTURES_DIR must point at tests/fixtures"
#endif

namespace govaudit::pii {
namespace {
using testing::FullWidth;

// ---- Test-side generators (independent of the scanner's own validation) ----------

// ISO 7064 MOD 11-2 check char of the first 17 digits of a resident ID.
char IdCheckChar(const std::string& first17) {
  const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
  const char* map = "10X98765432";
  return map[sum % 11];
}

std::string MakeId(const std::string& area6, const std::string& birth8, int seq) {
  char seq3[8];
  std::snprintf(seq3, sizeof seq3, "%03d", seq % 1000);
  const std::string first17 = area6 + birth8 + seq3;
  return first17 + IdCheckChar(first17);
}

// Appends the Luhn check digit to a partial card number.
std::string WithLuhnDigit(const std::string& partial) {
  int sum = 0;
  for (size_t i = 0; i < partial.size(); ++i) {
    int v = partial[partial.size() - 1 - i] - '0';
    if (i % 2 == 0) {  // doubled once the check digit is appended
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return partial + static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string BreakLuhn(std::string card) {
  card.back() = card.back() == '9' ? '0' : card.back() + 1;
  return card;
}

bool IsValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::string Raw(const std::string& text, const PiiHit& hit) {
  return text.substr(hit.offset, hit.length);
}

// Scans prefix + value + suffix and expects one hit, of `kind`, covering exactly `value`; returns
// it (an empty hit when there is not exactly one).
PiiHit OnlyHit(const std::string& prefix, const std::string& value, const std::string& suffix, PiiKind kind) {
  const auto hits = ScanText(prefix + value + suffix);
  EXPECT_EQ(hits.size(), 1u) << value;
  if (hits.size() != 1) return PiiHit{};
  EXPECT_EQ(hits[0].kind, kind) << value;
  EXPECT_EQ(hits[0].offset, prefix.size()) << value;
  EXPECT_EQ(hits[0].length, value.size()) << value;
  return hits[0];
}

// The text of every hit in `text`, in order.
std::vector<std::string> RawHits(const std::string& text) {
  std::vector<std::string> out;
  for (const PiiHit& hit : ScanText(text)) out.push_back(Raw(text, hit));
  return out;
}

const std::string kId = MakeId("640521", "19900101", 123);
const std::string kMobile = "13954201234";
const std::string kCard16 = WithLuhnDigit("622202123456789");
const std::string kCard19 = WithLuhnDigit("621700123456789012");

TEST(PiiRuleIdTest, NamesEveryKind) {
  EXPECT_EQ(RuleId(PiiKind::kIdNumber), "pii.id_number");
  EXPECT_EQ(RuleId(PiiKind::kMobile), "pii.mobile");
  EXPECT_EQ(RuleId(PiiKind::kBankCard), "pii.bank_card");
  EXPECT_EQ(RuleId(PiiKind::kAddress), "pii.address");
}

// ---- Resident ID numbers -----------------------------------------------------------

TEST(PiiIdNumberTest, FindsGeneratedValidIdsWithOffsetsAndMask) {
  const std::vector<std::pair<std::string, std::string>> bases = {
      {"110101", "19491001"}, {"640521", "19900101"}, {"310104", "20000229"},
      {"820000", "19991220"}, {"710000", "19800101"}, {"150102", "19001231"},
      {"650102", "20301231"}, {"910000", "19700615"}, {"830000", "19960229"}};
  int with_x = 0;
  for (const auto& [area, birth] : bases) {
    for (int seq = 1; seq <= 40; ++seq) {
      const std::string id = MakeId(area, birth, seq);
      with_x += id.back() == 'X';
      ASSERT_EQ(id.size(), 18u);
      const PiiHit hit = OnlyHit("申请人身份证号：", id, "，特此公示。", PiiKind::kIdNumber);
      EXPECT_FALSE(hit.insufficiently_masked) << id;
      EXPECT_EQ(hit.masked, id.substr(0, 6) + "********" + id.substr(14)) << id;
      EXPECT_EQ(hit.masked.find(id.substr(6, 8)), std::string::npos) << id;
    }
  }
  EXPECT_GT(with_x, 0) << "the generated set must include X check chars";
}

TEST(PiiIdNumberTest, FindsIdsWrittenInDigitGroups) {
  const std::vector<std::string> forms = {
      kId.substr(0, 4) + " " + kId.substr(4, 4) + " " + kId.substr(8, 4) + " " + kId.substr(12, 4) + " " + kId.substr(16),
      kId.substr(0, 6) + " " + kId.substr(6, 8) + " " + kId.substr(14),
      kId.substr(0, 6) + "-" + kId.substr(6, 8) + "-" + kId.substr(14)};
  for (const std::string& written : forms) {
    const std::string text = "身份证号 " + written + " 因病致困";
    const auto hits = ScanText(text);
    ASSERT_EQ(hits.size(), 1u) << written;
    EXPECT_EQ(hits[0].kind, PiiKind::kIdNumber) << written;
    EXPECT_EQ(Raw(text, hits[0]), written);
    EXPECT_EQ(hits[0].masked.find(kId.substr(6, 8)), std::string::npos) << written;
  }
  // The same digits with a wrong check character are a grouped code, not an ID.
  std::string wrong = kId;
  wrong.back() = wrong.back() == '1' ? '2' : '1';
  const std::string grouped = wrong.substr(0, 4) + " " + wrong.substr(4, 4) + " " + wrong.substr(8, 4) + " " +
                              wrong.substr(12, 4) + " " + wrong.substr(16);
  for (const PiiHit& hit : ScanText("编号 " + grouped)) EXPECT_NE(hit.kind, PiiKind::kIdNumber) << grouped;
}

TEST(PiiIdNumberTest, AcceptsLowercaseCheckChar) {
  std::string id;
  for (int seq = 0; seq < 100 && id.empty(); ++seq) {
    const std::string candidate = MakeId("640521", "19850312", seq);
    if (candidate.back() == 'X') id = candidate;
  }
  ASSERT_FALSE(id.empty());
  id.back() = 'x';
  const auto hits = ScanText("身份证：" + id);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, PiiKind::kIdNumber);
  EXPECT_EQ(hits[0].masked, id.substr(0, 6) + "********" + id.substr(14, 3) + "X");
}

TEST(PiiIdNumberTest, RejectsInvalidIds) {
  const std::string good = MakeId("640521", "19900101", 7);
  std::string bad_check = good;
  bad_check.back() = good.back() == '1' ? '2' : '1';
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bad checksum", bad_check},
      {"30 February", MakeId("640521", "19900230", 7)},
      {"29 February of a non-leap century", MakeId("640521", "19000229", 7)},
      {"month 13", MakeId("640521", "19901301", 7)},
      {"day 00", MakeId("640521", "19900100", 7)},
      {"year 1899", MakeId("640521", "18991231", 7)},
      {"year 2031", MakeId("640521", "20310101", 7)},
      {"area 00", MakeId("000000", "19900101", 7)},
      {"area 99", MakeId("990521", "19900101", 7)},
      {"area 10", MakeId("100521", "19900101", 7)},
      {"area 24", MakeId("240521", "19900101", 7)},
  };
  for (const auto& [why, id] : cases) {
    EXPECT_TRUE(ScanText("身份证号码：" + id + "。").empty()) << why << ": " << id;
  }
}

TEST(PiiIdNumberTest, FindsLegacyFifteenDigitIds) {
  const auto hits = ScanText("原身份证号640521900101123，现已升位。");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, PiiKind::kIdNumber);
  EXPECT_EQ(hits[0].length, 15u);
  EXPECT_EQ(hits[0].masked, "640521******123");

  EXPECT_TRUE(ScanText("原身份证号640521900230123").empty()) << "30 February";
  EXPECT_TRUE(ScanText("原身份证号640521901301123").empty()) << "month 13";
  EXPECT_TRUE(ScanText("原身份证号000521900101123").empty()) << "area 00";
}

TEST(PiiIdNumberTest, FindsFullWidthDigitsWithByteOffsetsIntoTheOriginal) {
  const std::string fw = FullWidth(kId);
  const std::string prefix = "身份证号：";
  const std::string text = prefix + fw + "。";
  const auto hits = ScanText(text);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, PiiKind::kIdNumber);
  EXPECT_EQ(hits[0].offset, prefix.size());
  EXPECT_EQ(Raw(text, hits[0]), fw);
  EXPECT_EQ(hits[0].masked, kId.substr(0, 6) + "********" + kId.substr(14));
}

// ---- Decoys --------------------------------------------------------------------------

TEST(PiiDecoyTest, NumbersThatAreNotPersonalDataGiveNoHits) {
  const std::vector<std::pair<std::string, std::string>> decoys = {
      {"order number", "订单号：202205241530001234"},
      {"20-digit contract number holding an ID", "合同编号：" + kId + "12"},
      {"contract number holding a mobile", "合同编号：2022" + kMobile + "05"},
      {"ID with digits glued before", "编号9" + kId},
      {"unified social credit code", "统一社会信用代码：91640500MA76ABCD1X"},
      {"ID glued to letters before", "代码MA" + kId},
      {"ID glued to letters after", "代码" + kId + "AB"},
      {"mobile glued to a product code", "型号ABC" + kMobile},
      {"amount with decimals", "缴费金额13954201234.00元"},
      {"amount in yuan", "合计13954201234元"},
      {"amount in ten-thousands of yuan", "投资13954201234 万元"},
      {"amount after a currency sign", "￥13954201234"},
      {"compact date", "成文日期：20220524"},
      {"dashed date", "发布日期：2022-05-24"},
      {"long digit run", "校验串" + kId + kMobile + "1234567890"},
      {"landline", "联系电话：0955-7012345"},
      {"landline in parentheses", "电话：(0955)7012345"},
      {"landline with a space", "电话：0955 7012345"},
      {"hotline 12345", "服务热线：12345"},
      {"400 hotline", "客服电话：400-800-1234"},
      {"bank hotline", "客服：95588"},
      {"mobile-like with a bad second digit", "号码12954201234"},
      {"twelve digits", "编号139542012345"},
      {"mobile joined to another number by a dash", "电话：0955-13954201234"},
      {"luhn-valid card without context", "流水号" + kCard16},
      {"percentage", "增长13954201234%"},
  };
  for (const auto& [why, text] : decoys) {
    const auto hits = ScanText(text);
    EXPECT_TRUE(hits.empty()) << why << ": " << text << " -> " << RuleId(hits[0].kind) << " "
                              << Raw(text, hits[0]);
  }
}

TEST(PiiDecoyTest, NeverJoinsDigitsAcrossTabsOrNewlines) {
  const std::vector<std::string> split = {
      "1395420\t1234", "139\t5420\t1234", "139\n5420\n1234",
      kId.substr(0, 12) + "\n" + kId.substr(12), kId.substr(0, 6) + "\t" + kId.substr(6),
      "6222\t0212\t3456\t7890 卡号",
  };
  for (const std::string& text : split) {
    EXPECT_TRUE(ScanText(text).empty()) << text;
  }
  const std::string two = kMobile + "\t13954201235";
  const auto hits = ScanText(two);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].offset, 0u);
  EXPECT_EQ(hits[1].offset, kMobile.size() + 1);
}

// ---- Mobiles -------------------------------------------------------------------------

TEST(PiiMobileTest, FindsWrittenForms) {
  const std::vector<std::string> forms = {
      "13954201234",      "+86 13954201234",   "+8613954201234",
      "86-13954201234",   "0086 13954201234",  "008613954201234",
      "+86-139-5420-1234", "139-5420-1234",    "139 5420 1234",
      "139-54201234",     FullWidth("13954201234"), "139\u00A05420\u00A01234",
      "＋８６ 139 5420 1234",
  };
  for (const std::string& raw : forms) {
    const PiiHit hit = OnlyHit("联系电话：", raw, "（张先生）", PiiKind::kMobile);
    EXPECT_EQ(hit.masked, "139****1234") << raw;
    EXPECT_FALSE(hit.insufficiently_masked) << raw;
  }
}

TEST(PiiMobileTest, SeparatesAMobileFromANeighbouringNumberBySpace) {
  const std::string text = "2022 139 5420 1234 及 0955-7012345 13811112222";
  EXPECT_EQ(RawHits(text), (std::vector<std::string>{"139 5420 1234", "13811112222"}));
}

// ---- Masking in the source -----------------------------------------------------------

TEST(PiiMaskedValueTest, CompliantMaskedValuesAreNotFindings) {
  const std::vector<std::string> compliant = {
      "手机：139****5678",
      "手机：139 **** 5678",
      "手机：1395****678",
      "身份证号：640521********1234",
      "身份证号：640521********123X",
      "身份证号：640521＊＊＊＊＊＊＊＊1234",
      "身份证号：640521××××××××1234",
      "身份证号：6405211990******34",
      "银行卡号：6222********1234",
      "银行卡号：6222 **** **** 1234",
      "姓名：张*",
      "家庭住址：平罗县姚伏镇***",
  };
  for (const std::string& text : compliant) {
    const auto hits = ScanText(text);
    EXPECT_TRUE(hits.empty()) << text << " -> " << Raw(text, hits[0]);
  }
}

struct UnderMaskedCase {
  std::string text;
  PiiKind kind;
  std::string raw;
  std::string hidden_part;  // must not appear in the masked value
};

TEST(PiiMaskedValueTest, UnderMaskedValuesAreFlaggedFindings) {
  const std::vector<UnderMaskedCase> cases = {
      {"手机：1395420**34", PiiKind::kMobile, "1395420**34", "5420"},
      {"手机：13954201*34", PiiKind::kMobile, "13954201*34", "5420"},
      {"手机：139*42*1*34", PiiKind::kMobile, "139*42*1*34", "42"},
      {"身份证：6405211990010112*4", PiiKind::kIdNumber, "6405211990010112*4", "19900101"},
      {"身份证：640521199001**1234", PiiKind::kIdNumber, "640521199001**1234", "199001"},
      {"身份证：64052119900101****", PiiKind::kIdNumber, "64052119900101****", "19900101"},
      {"身份证：640521*****1011234", PiiKind::kIdNumber, "640521*****1011234", "1011"},
      {"卡号：6222021234**5678", PiiKind::kBankCard, "6222021234**5678", "021234"},
  };
  for (const auto& c : cases) {
    const auto hits = ScanText(c.text);
    ASSERT_EQ(hits.size(), 1u) << c.text;
    EXPECT_EQ(hits[0].kind, c.kind) << c.text;
    EXPECT_EQ(Raw(c.text, hits[0]), c.raw) << c.text;
    EXPECT_TRUE(hits[0].insufficiently_masked) << c.text;
    EXPECT_EQ(hits[0].masked.find(c.hidden_part), std::string::npos)
        << c.text << " -> " << hits[0].masked;
  }
}

TEST(PiiMaskedValueTest, UnderMaskedIdMustStillLookLikeAnId) {
  EXPECT_TRUE(ScanText("编号：9905211990010112*4").empty()) << "area 99";
  EXPECT_TRUE(ScanText("编号：6405211990130112*4").empty()) << "month 13";
  EXPECT_TRUE(ScanText("编号：1295420**34").empty()) << "not a mobile prefix";
}

// ---- Bank cards ----------------------------------------------------------------------

TEST(PiiBankCardTest, FindsLuhnValidCardsWithContext) {
  const std::vector<std::string> contexts = {"银行卡号：", "卡号：", "收款账号", "帐号:",
                                             "开户行：中国农业银行平罗支行，账号 ", "社保卡",
                                             "一卡通账户：", "存折号：", "银行账户为"};
  for (const std::string& ctx : contexts) {
    for (const std::string& card : {kCard16, kCard19}) {
      const std::string text = ctx + card + "。";
      const auto hits = ScanText(text);
      ASSERT_EQ(hits.size(), 1u) << text;
      EXPECT_EQ(hits[0].kind, PiiKind::kBankCard) << text;
      EXPECT_EQ(hits[0].offset, ctx.size()) << text;
      EXPECT_EQ(hits[0].masked, card.substr(0, 4) + std::string(card.size() - 8, '*') +
                                    card.substr(card.size() - 4))
          << text;
    }
  }
}

TEST(PiiBankCardTest, ANumberUnderALabelOfItsOwnIsWhatTheLabelSays) {
  // A Guangxi 低保 公示: an 18-digit 项目编号 that passes Luhn (and fails the ID check) after a
  // sentence about 一卡通 payment.
  const std::string paid = "本批次低保资金按月通过“一卡通”发放，纳入直达资金监控（";
  EXPECT_TRUE(ScanText(paid + "项目编号：451028202605200034）。").empty());
  EXPECT_TRUE(ScanText(paid + "编号: " + kCard16 + "）。").empty());
  // Under a card's own label it is one.
  const auto hits = ScanText(paid + "账号：" + kCard16 + "）。");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, PiiKind::kBankCard);
}

TEST(PiiBankCardTest, FindsGroupedCards) {
  const std::string spaced = kCard16.substr(0, 4) + " " + kCard16.substr(4, 4) + " " +
                             kCard16.substr(8, 4) + " " + kCard16.substr(12);
  const std::string dashed = kCard19.substr(0, 4) + "-" + kCard19.substr(4, 4) + "-" +
                             kCard19.substr(8, 4) + "-" + kCard19.substr(12, 4) + "-" +
                             kCard19.substr(16);
  for (const std::string& raw : {spaced, dashed}) {
    const std::string text = "卡号：" + raw;
    const auto hits = ScanText(text);
    ASSERT_EQ(hits.size(), 1u) << raw;
    EXPECT_EQ(hits[0].kind, PiiKind::kBankCard);
    EXPECT_EQ(Raw(text, hits[0]), raw);
  }
}

TEST(PiiBankCardTest, NeedsContextAndLuhn) {
  EXPECT_TRUE(ScanText("编号：" + kCard16).empty()) << "no context";
  EXPECT_TRUE(ScanText("银行卡号：" + BreakLuhn(kCard16)).empty()) << "bad Luhn";
  const std::string far = "银行卡号见附件。" + std::string(45, 'a') + " 编号 " + kCard16;
  EXPECT_TRUE(ScanText(far).empty()) << "keyword more than 40 characters away";
  const std::string near = "银行卡号见附件。" + std::string(20, 'a') + " 编号 " + kCard16;
  EXPECT_EQ(ScanText(near).size(), 1u) << "keyword within 40 characters";
}

TEST(PiiBankCardTest, TableColumnHeaderGivesContextInPageText) {
  // Later rows are far more than 40 characters below the header.
  auto table = [](const std::string& header) {
    std::string text = "补贴发放名单\n序号\t姓名\t" + header + "\t金额\t备注\n";
    for (int i = 1; i <= 6; ++i) {
      text += std::to_string(i) + "\t张三\t" + (i % 2 ? kCard16 : kCard19) +
              "\t1200\t已于2023年5月发放到位\n";
    }
    return text;
  };
  const std::string text = table("银行卡号");
  const auto hits = ScanText(text);
  ASSERT_EQ(hits.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(hits[i].kind, PiiKind::kBankCard);
    EXPECT_EQ(Raw(text, hits[i]), i % 2 ? kCard19 : kCard16);
  }
  // Same rows under a neutral header: no context.
  EXPECT_TRUE(ScanText(table("编码")).empty());
}

// ---- Addresses -----------------------------------------------------------------------

TEST(PiiAddressTest, FindsLabelledHomeAddresses) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"家庭住址：", "宁夏回族自治区石嘴山市平罗县姚伏镇小店子村三组",
       "宁夏回族自治区石嘴山市平罗县姚伏镇***"},
      {"现住址:", "银川市兴庆区凤凰北街街道丽景湖小区3栋2单元501室", "银川市兴庆区凤凰北街街道***"},
      {"户籍地址：", "河南省郑州市金水区文化路12号院", "河南省郑州市金水区***"},
      {"居住地址： ", "平罗县头闸镇邵家桥村5队", "平罗县头闸镇***"},
      {"家庭地址：", "上海市黄浦区南京东路街道258弄7号", "上海市黄浦区南京东路街道***"},
      {"住址：", "平罗县城关镇鼓楼南街18号", "平罗县城关镇***"},
      {"户籍所在地：", "平罗县黄渠桥镇黄渠桥村八队", "平罗县黄渠桥镇***"},
      {"现居住地: ", "石嘴山市大武口区长胜街道 胜利路 12号", "石嘴山市大武口区长胜街道***"},
  };
  for (const auto& [label, value, masked] : cases) {
    const std::string text = "申请人张三，" + label + value + "，联系电话见档案。";
    const auto hits = ScanText(text);
    ASSERT_EQ(hits.size(), 1u) << text;
    EXPECT_EQ(hits[0].kind, PiiKind::kAddress) << text;
    EXPECT_EQ(Raw(text, hits[0]), value) << text;
    EXPECT_EQ(hits[0].masked, masked) << text;
    EXPECT_FALSE(hits[0].insufficiently_masked);
  }
}

TEST(PiiAddressTest, InlineAddressEndsAtTheNextFieldAfterASpace) {
  const std::string text = "住址：平罗县姚伏镇小店子村3组 张三 男 电话：0952-6012345";
  EXPECT_EQ(RawHits(text), (std::vector<std::string>{"平罗县姚伏镇小店子村3组"}));
}

TEST(PiiAddressTest, AnAddressAfter家住InRunningTextIsFound) {
  EXPECT_EQ(RawHits("申请人张某，家住平罗县姚伏镇小店子村委会下营子村18号，房屋经鉴定为C级危房。"),
            (std::vector<std::string>{"平罗县姚伏镇小店子村委会下营子村18号"}));
  EXPECT_EQ(RawHits("李某现住平罗县城关镇南大街18号2单元"), (std::vector<std::string>{"平罗县城关镇南大街18号2单元"}));
  // Not detailed, the number in another clause, or a label read at its colon once.
  EXPECT_TRUE(RawHits("家住农村的老人每月补贴100元。").empty());
  EXPECT_TRUE(RawHits("家住3号楼的居民请于11月30日前登记").empty());
  EXPECT_TRUE(RawHits("家住平罗县城关镇，文件编号2026年3号").empty());
  EXPECT_EQ(RawHits("现住址：平罗县姚伏镇小店子村3组"), (std::vector<std::string>{"平罗县姚伏镇小店子村3组"}));
}

TEST(PiiAddressTest, OfficeAndVagueAddressesAreNotFindings) {
  const std::vector<std::string> texts = {
      "办公地址：银川市金凤区人民广场东街1号",
      "单位地址：平罗县鼓楼南街8号",
      "联系地址：平罗县城关镇南大街18号",
      "通讯地址：平罗县城关镇南大街18号",
      "地址：平罗县人民政府（平罗县鼓楼南街8号）",
      "住址：平罗县人民政府办公室3楼",
      "单位住址：平罗县城关镇南大街18号",
      "家庭住址：平罗县姚伏镇",
      "家庭住址：平罗县姚伏镇小店子村",
      "其家庭住址为平罗县姚伏镇小店子村3组",  // no label colon
  };
  for (const std::string& text : texts) {
    const auto hits = ScanText(text);
    EXPECT_TRUE(hits.empty()) << text << " -> " << Raw(text, hits[0]);
  }
}

TEST(PiiAddressTest, PartlyMaskedDetailIsFlagged) {
  const std::string text = "家庭住址：平罗县姚伏镇小店子村**组";
  const auto hits = ScanText(text);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_TRUE(hits[0].insufficiently_masked);
  EXPECT_EQ(hits[0].masked, "平罗县姚伏镇***");
}

TEST(PiiAddressTest, AddressColumnInPageTextChecksEveryCell) {
  const std::string text =
      "序号\t姓名\t家庭住址\t联系电话\n"
      "1\t张三\t平罗县姚伏镇小店子村3组\t139****1234\n"
      "2\t李四\t平罗县头闸镇邵家桥村5队\t0952-6012345\n"
      "3\t王五\t平罗县城关镇\t0952-6012346\n"
      "以上人员公示五天，平罗县姚伏镇小店子村3组。\n";
  const auto hits = ScanText(text);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(Raw(text, hits[0]), "平罗县姚伏镇小店子村3组");
  EXPECT_EQ(Raw(text, hits[1]), "平罗县头闸镇邵家桥村5队");
  EXPECT_EQ(hits[1].masked, "平罗县头闸镇***");

  const std::string office =
      "单位名称\t单位地址\t办公电话\n平罗县财政局\t平罗县鼓楼南街8号\t0952-6012345\n";
  EXPECT_TRUE(ScanText(office).empty());
}

TEST(PiiAddressTest, LabelCellOnTheLeftInPageText) {
  const std::string text = "姓名\t张三\t家庭住址\t平罗县姚伏镇小店子村3组\n";
  const auto hits = ScanText(text);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, PiiKind::kAddress);
  EXPECT_EQ(Raw(text, hits[0]), "平罗县姚伏镇小店子村3组");
}

// ---- Tables --------------------------------------------------------------------------

TEST(PiiTableTest, HeaderDecidesContextAndHitsCarryRowAndColumn) {
  const std::vector<std::vector<std::string>> rows = {
      {"2023年补贴发放名单", "", "", "", ""},
      {"姓名", "身份证号", "家庭住址", "银行卡号", "联系电话"},
      {"张三", "640521********1234", "平罗县姚伏镇小店子村3组", kCard16, "139****1234"},
      {"李四", kId, "平罗县城关镇", "6222********5678", kMobile},
  };
  const auto hits = ScanTable(rows, 1);
  std::set<std::tuple<int, int, PiiKind>> got;
  for (const TableHit& h : hits) {
    got.insert({h.row, h.column, h.hit.kind});
    EXPECT_EQ(h.hit.offset, 0u);
    EXPECT_EQ(h.hit.length, rows[h.row][h.column].size());
  }
  const std::set<std::tuple<int, int, PiiKind>> want = {
      {2, 2, PiiKind::kAddress},
      {2, 3, PiiKind::kBankCard},
      {3, 1, PiiKind::kIdNumber},
      {3, 4, PiiKind::kMobile},
  };
  EXPECT_EQ(got, want);
}

TEST(PiiTableTest, WithoutHeaderThereIsNoColumnContext) {
  const std::vector<std::vector<std::string>> rows = {
      {"张三", "平罗县姚伏镇小店子村3组", kCard16},
  };
  EXPECT_TRUE(ScanTable(rows, -1).empty());
  const std::vector<std::vector<std::string>> labelled = {
      {"家庭住址", "平罗县姚伏镇小店子村3组"},
      {"银行卡号", kCard16},
  };
  const auto hits = ScanTable(labelled, -1);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].hit.kind, PiiKind::kAddress);
  EXPECT_EQ(hits[0].row, 0);
  EXPECT_EQ(hits[0].column, 1);
  EXPECT_EQ(hits[1].hit.kind, PiiKind::kBankCard);
  EXPECT_EQ(hits[1].row, 1);
}

TEST(PiiTableTest, OfficeAddressColumnIsNotChecked) {
  const std::vector<std::vector<std::string>> rows = {
      {"单位名称", "办公地址"},
      {"平罗县财政局", "平罗县鼓楼南街8号"},
  };
  EXPECT_TRUE(ScanTable(rows, 0).empty());
}

TEST(PiiTableTest, AContactAddressIsAHomeInATableOfPeopleOnly) {
  // Reporters with their ID numbers: 联系地址 is where each lives.
  const std::vector<std::vector<std::string>> reporters = {
      {"序号", "举报人", "身份证号", "联系地址", "奖励金额（元）"},
      {"1", "王*明", "640105********2219", "宁夏回族自治区银川市", "2,000"},
      {"2", "刘*燕", "640602********1827", "平罗县姚伏镇小店子村四组18号", "5,000"},
  };
  const auto hits = ScanTable(reporters, 0);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].hit.kind, PiiKind::kAddress);
  EXPECT_EQ(hits[0].row, 2);
  EXPECT_EQ(hits[0].column, 3);
  // A contact list of offices, or an organisation's column beside the IDs: not a home.
  EXPECT_TRUE(ScanTable({{"单位", "联系人", "联系地址"}, {"平罗县财政局", "张科长", "平罗县鼓楼南街8号"}}, 0).empty());
  EXPECT_TRUE(ScanTable({{"姓名", "身份证号", "工作单位地址"}, {"刘*燕", "640602********1827", "平罗县鼓楼南街8号"}}, 0)
                  .empty());
}

// ---- MaskValue -----------------------------------------------------------------------

TEST(PiiMaskValueTest, MasksEachKind) {
  const std::vector<std::tuple<PiiKind, std::string, std::string>> cases = {
      {PiiKind::kIdNumber, "640521199001011234", "640521********1234"},
      {PiiKind::kIdNumber, FullWidth("64052119900101123X"), "640521********123X"},
      {PiiKind::kIdNumber, "640521900101123", "640521******123"},
      {PiiKind::kMobile, "13954201234", "139****1234"},
      {PiiKind::kMobile, "+86 139-5420-1234", "139****1234"},
      {PiiKind::kMobile, "008613954201234", "139****1234"},
      {PiiKind::kBankCard, "6222 0212 3456 7890", "6222********7890"},
      {PiiKind::kBankCard, "6217001234567890123", "6217***********0123"},
      {PiiKind::kAddress, "平罗县姚伏镇小店子村3组", "平罗县姚伏镇***"},
      {PiiKind::kAddress, "家庭住址：平罗县姚伏镇小店子村3组", "家庭住址：平罗县姚伏镇***"},
      {PiiKind::kAddress, "小店子村3组", "***"},
  };
  for (const auto& [kind, raw, want] : cases) {
    EXPECT_EQ(MaskValue(kind, raw), want) << raw;
  }
}

TEST(PiiMaskValueTest, NeverContainsTheMiddleDigits) {
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    const std::string id = MakeId("640521", "19" + std::to_string(50 + i % 50) + "0615", i);
    EXPECT_EQ(MaskValue(PiiKind::kIdNumber, id), id.substr(0, 6) + "********" + id.substr(14));
    std::string mobile = "13";
    for (int k = 0; k < 9; ++k) mobile += static_cast<char>('0' + rng() % 10);
    EXPECT_EQ(MaskValue(PiiKind::kMobile, mobile), mobile.substr(0, 3) + "****" + mobile.substr(7));
    std::string card = "6222";
    for (int k = 0; k < 11 + i % 4; ++k) card += static_cast<char>('0' + rng() % 10);
    card = WithLuhnDigit(card);
    const std::string masked = MaskValue(PiiKind::kBankCard, card);
    EXPECT_EQ(masked.substr(4, card.size() - 8), std::string(card.size() - 8, '*')) << card;
    EXPECT_EQ(masked.find(card.substr(4, card.size() - 8)), std::string::npos) << card;
  }
  // Odd lengths still hide the middle.
  EXPECT_EQ(MaskValue(PiiKind::kMobile, "1395420"), "1*****0");
}

// ---- SafeExcerpt ---------------------------------------------------------------------

TEST(PiiSafeExcerptTest, MasksEveryValueInTheWindowAtEveryWidth) {
  const std::string text = "公示名单：张三，身份证号" + kId + "，手机" + kMobile + "，银行卡号" +
                           kCard16 + "，家庭住址：平罗县姚伏镇小店子村3组。以上信息公示五天。";
  const auto hits = ScanText(text);
  ASSERT_EQ(hits.size(), 4u);
  const std::vector<std::string> secrets = {kId.substr(6, 8), kMobile.substr(3, 4),
                                            kCard16.substr(4, 8), "小店子村"};
  for (const PiiHit& hit : hits) {
    for (size_t ctx = 0; ctx <= 160; ctx += 3) {
      const std::string ex = SafeExcerpt(text, hit.offset, hit.length, ctx);
      EXPECT_TRUE(IsValidUtf8(ex)) << ctx;
      EXPECT_NE(ex.find(hit.masked), std::string::npos) << ctx << ": " << ex;
      EXPECT_LE(ex.size(), hit.length + 2 * ctx) << ex;
      for (const std::string& secret : secrets) {
        EXPECT_EQ(ex.find(secret), std::string::npos) << ctx << ": " << ex;
      }
    }
  }
  const std::string wide = SafeExcerpt(text, hits[1].offset, hits[1].length, 400);
  for (const PiiHit& hit : hits) EXPECT_NE(wide.find(hit.masked), std::string::npos) << wide;
  EXPECT_NE(wide.find("以上信息公示五天"), std::string::npos);
}

TEST(PiiSafeExcerptTest, MasksCardLikeNumbersEvenWithoutContext) {
  const std::string text = "联系人手机" + kMobile + "，流水号" + kCard19 + "。";
  const auto hits = ScanText(text);
  ASSERT_EQ(hits.size(), 1u);
  const std::string ex = SafeExcerpt(text, hits[0].offset, hits[0].length, 80);
  EXPECT_EQ(ex.find(kCard19.substr(4, 8)), std::string::npos) << ex;
  EXPECT_NE(ex.find("流水号"), std::string::npos) << ex;
}

TEST(PiiSafeExcerptTest, MasksAddressCellsOfATableFarBelowItsHeader) {
  std::string text = "序号\t姓名\t家庭住址\n";
  for (int i = 0; i < 200; ++i) {
    text += std::to_string(i) + "\t张三\t平罗县姚伏镇小店子村" + std::to_string(i % 9 + 1) + "组\n";
  }
  const auto hits = ScanText(text);
  ASSERT_EQ(hits.size(), 200u);
  const PiiHit& h = hits[150];
  const std::string ex = SafeExcerpt(text, h.offset, h.length, 120);
  EXPECT_EQ(ex.find("小店子村"), std::string::npos) << ex;
  EXPECT_NE(ex.find("平罗县姚伏镇***"), std::string::npos) << ex;
}

TEST(PiiSafeExcerptTest, HandlesTextEdges) {
  const std::string text = kMobile;
  EXPECT_EQ(SafeExcerpt(text, 0, text.size(), 60), "139****1234");
  EXPECT_EQ(SafeExcerpt("", 0, 0, 60), "");
  EXPECT_EQ(SafeExcerpt("无", 10, 5, 60), "无");
}

// ---- Property: generated documents ---------------------------------------------------

TEST(PiiGeneratedTextTest, FindsExactlyThePlantedValues) {
  std::mt19937 rng(20240524);
  const std::vector<std::string> filler = {
      "根据有关规定，", "现将有关情况公示如下。", "发布日期：2022-05-24，", "金额12345.67元，",
      "合同编号：20220524000012345678，", "联系电话：0955-7012345，", "服务热线12345。",
      "统一社会信用代码：91640500MA76ABCD1X，", "身份证号640521********1234，",
      "手机139****5678，", "办公地址：平罗县鼓楼南街8号，", "第3号文件，",
  };
  const std::vector<std::string> areas = {"110101", "640521", "320102", "440305", "510104"};
  for (int doc = 0; doc < 300; ++doc) {
    std::string text;
    std::vector<std::pair<size_t, PiiKind>> planted;
    for (int part = 0; part < 30; ++part) {
      text += filler[rng() % filler.size()];
      switch (rng() % 5) {
        case 0: {
          char birth[16];
          std::snprintf(birth, sizeof birth, "%04d%02d%02d", 1930 + static_cast<int>(rng() % 90),
                        1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
          text += "身份证号";
          planted.push_back({text.size(), PiiKind::kIdNumber});
          text += MakeId(areas[rng() % areas.size()], birth, static_cast<int>(rng() % 1000));
          break;
        }
        case 1: {
          text += "手机";
          planted.push_back({text.size(), PiiKind::kMobile});
          std::string m = "1" + std::to_string(3 + rng() % 7);
          for (int k = 0; k < 9; ++k) m += static_cast<char>('0' + rng() % 10);
          text += rng() % 2 ? m : FullWidth(m);
          break;
        }
        case 2: {
          text += "银行卡号";
          planted.push_back({text.size(), PiiKind::kBankCard});
          std::string c = "62";
          const int len = std::vector<int>{16, 17, 19}[rng() % 3];  // 18 could be an ID
          while (static_cast<int>(c.size()) < len - 1) c += static_cast<char>('0' + rng() % 10);
          text += WithLuhnDigit(c);
          break;
        }
        default:
          break;
      }
      text += rng() % 4 == 0 ? "\n" : "。";
    }
    const auto hits = ScanText(text);
    std::vector<std::pair<size_t, PiiKind>> got;
    for (const PiiHit& h : hits) got.push_back({h.offset, h.kind});
    ASSERT_EQ(got, planted) << "document " << doc << ":\n" << text;
  }
}

TEST(PiiGeneratedTextTest, ArbitraryFragmentsStayInBounds) {
  const std::vector<std::string> pieces = {
      "1", "3", "9", "0", "X", "x", "*", "+", "-", " ", "\t", "\n", ".", "元", "：", ":",
      "住址", "卡号", "村", "组", "号", "镇", "８", "＊", "\xEF", "\xBC", "\xE4\xB8", "\xC2\xA0",
      "13954201234", "640521", "19900101", "\u3000", "单元", "街道"};
  std::mt19937 rng(99);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int parts = 1 + static_cast<int>(rng() % 60);
    for (int k = 0; k < parts; ++k) text += pieces[rng() % pieces.size()];
    for (const PiiHit& h : ScanText(text)) {
      ASSERT_LE(h.offset + h.length, text.size()) << text;
      ASSERT_GT(h.length, 0u) << text;
      const std::string ex = SafeExcerpt(text, h.offset, h.length, rng() % 40);
      ASSERT_LE(ex.size(), text.size() + 64) << text;
    }
    SafeExcerpt(text, rng() % (text.size() + 2), rng() % 8, rng() % 20);
  }
}

// ---- Real pages ----------------------------------------------------------------------

std::string ReadFixture(const std::string& name) {
  return testing::ReadSharedData("real-pages/" + name);
}

// Rough visible text: drops script/style, turns tags into line breaks.
std::string CrudeText(const std::string& html) {
  std::string out;
  size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      out += html[i++];
      continue;
    }
    for (const char* block : {"<script", "<style"}) {
      if (html.compare(i, std::strlen(block), block) == 0) {
        const std::string close = std::string("</") + (block + 1);
        const size_t end = html.find(close, i);
        i = end == std::string::npos ? html.size() : end;
      }
    }
    const size_t gt = html.find('>', i);
    i = gt == std::string::npos ? html.size() : gt + 1;
    out += '\n';
  }
  return out;
}

TEST(PiiRealPageTest, PublicNoticesWithLandlinesAndCodesHaveNoFindings) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  for (const char* name : {"15-gongshi-subsidy-recipients-pingtan-2020.html",
                           "16-gongshi-river-chiefs-phones-pingtan-2024.html"}) {
    const std::string html = ReadFixture(name);
    ASSERT_GT(html.size(), 10000u) << name;
    const std::string text = CrudeText(html);
    ASSERT_NE(text.find("联系电话"), std::string::npos) << name;
    const auto hits = ScanText(text);
    EXPECT_TRUE(hits.empty()) << name << ": " << Raw(text, hits[0]);
    EXPECT_TRUE(ScanText(html).empty()) << name << " (raw HTML)";
    // A mobile planted in the same page is found.
    const std::string planted = text + "\n联系人手机：13954201234\n";
    ASSERT_EQ(ScanText(planted).size(), 1u) << name;
  }
}

}  // namespace
}  // namespace govaudit::pii
