// The pii.* rule family on parsed pages and attachment text: one finding per page and kind,
// distinct values counted once, masked evidence, stable evidence keys.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "extract/attachment.h"
#include "page/page.h"
#include "pii/scanner.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

constexpr char kUrl[] = "https://www.zw.gov.cn/zwgk/gsgg/202305/t20230512_1001.html";

// ISO 7064 MOD 11-2 check character, computed here independently of the scanner.
std::string MakeId(const std::string& area6, const std::string& birth8, int seq) {
  char seq3[8];
  std::snprintf(seq3, sizeof seq3, "%03d", seq % 1000);
  const std::string first17 = area6 + birth8 + seq3;
  const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * weights[i];
  return first17 + "10X98765432"[sum % 11];
}

std::string Masked(const std::string& id) { return id.substr(0, 6) + "********" + id.substr(14); }

const std::string kId1 = MakeId("640502", "19630815", 21);
const std::string kId2 = MakeId("640521", "19781102", 33);
const std::string kId3 = MakeId("640522", "19900304", 45);

std::vector<Finding> Check(const PageInput& input, const RulesConfig& config = RulesConfig{}) {
  RuleSet rules = RuleSet::Build(config);
  RuleContext context;
  context.as_of = Date{2023, 6, 1};
  context.config = &config;
  std::vector<Finding> all, pii;
  rules.CheckPage(input, context, &all);
  for (Finding& f : all) {
    if (f.rule_id.rfind("pii.", 0) == 0) pii.push_back(std::move(f));
  }
  return pii;
}

std::vector<Finding> CheckHtml(const std::string& html, const RulesConfig& config = RulesConfig{}) {
  Page page = ParsePage(kUrl, html);
  PageInput input;
  input.url = kUrl;
  input.status = 200;
  input.content_type = "text/html";
  input.page = &page;
  return Check(input, config);
}

const Finding* Find(const std::vector<Finding>& findings, const std::string& rule) {
  for (const Finding& f : findings) {
    if (f.rule_id == rule) return &f;
  }
  return nullptr;
}

std::vector<std::string> Rules(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.rule_id);
  return out;
}

// Every text field of a finding, to search for values that must not be there.
std::string AllFields(const Finding& f) {
  std::string s = f.rule_id + "|" + f.url + "|" + f.title + "|" + f.message + "|" + f.evidence + "|" +
                  f.highlight + "|" + f.evidence_key + "|" + f.location + "|" + f.page_kind_reasons;
  for (const std::string& r : f.referrers) s += "|" + r;
  return s;
}

std::string RecipientsPage(const std::string& extra_rows = "") {
  return "<html><head><title>2023年耕地地力保护补贴发放对象公示</title></head><body>"
         "<h1>2023年耕地地力保护补贴发放对象公示</h1>"
         "<p>现将补贴发放对象公示如下，公示期5天。申请人" + kId2 + "已核实。</p>"
         "<table border=1><tr><td colspan=5>补贴发放对象一览表</td></tr>"
         "<tr><th>序号</th><th>姓名</th><th>身份证号码</th><th>家庭住址</th><th>金额（元）</th></tr>"
         "<tr><td>1</td><td>马玉兰</td><td>" + kId1 + "</td><td>沙坡头区宣和镇张洪村三组</td><td>1050.00</td></tr>"
         "<tr><td>2</td><td>杨建国</td><td>" + kId2 + "</td><td>中宁县石空镇倪丁村5队</td><td>2100.00</td></tr>"
         "<tr><td>3</td><td>张*</td><td>640521********1234</td><td>中宁县宁安镇***</td><td>800.00</td></tr>" +
         extra_rows + "</table><p>监督电话：0955-7012345</p></body></html>";
}

TEST(PiiRuleTest, RegistersEveryKindWithItsRequirement) {
  std::vector<RuleInfo> infos;
  for (const RuleInfo& info : RuleSet::AllInfos()) {
    if (info.id.rfind("pii.", 0) == 0) infos.push_back(info);
  }
  ASSERT_EQ(infos.size(), 4u);
  EXPECT_EQ(infos[0].id, "pii.address");
  EXPECT_EQ(infos[0].severity, Severity::kMedium);
  EXPECT_EQ(infos[1].id, "pii.bank_card");
  EXPECT_EQ(infos[1].severity, Severity::kHigh);
  EXPECT_EQ(infos[2].id, "pii.id_number");
  EXPECT_EQ(infos[2].severity, Severity::kHigh);
  EXPECT_EQ(infos[3].id, "pii.mobile");
  EXPECT_EQ(infos[3].severity, Severity::kMedium);
  for (const RuleInfo& info : infos) {
    EXPECT_EQ(info.task, "11, 30") << info.id;
    EXPECT_NE(info.requirement.find("卫政办发〔2022〕49号 四(二)"), std::string::npos) << info.id;
    EXPECT_NE(info.requirement.find("个人信息保护法"), std::string::npos) << info.id;
    EXPECT_FALSE(info.description.empty()) << info.id;
  }
}

TEST(PiiRuleTest, OneFindingPerKindCountsDistinctValuesOnce) {
  const auto findings = CheckHtml(RecipientsPage());
  ASSERT_EQ(Rules(findings), (std::vector<std::string>{"pii.id_number", "pii.address"}));
  const Finding& id = findings[0];
  // kId2 appears in the paragraph and in the table: one value. The masked row is compliant.
  EXPECT_EQ(id.message, "页面公开了 2 个未脱敏的身份证号码，须删除或遮盖后再公开（身份证号码应至少遮盖出生日期等 6 位以上）");
  EXPECT_EQ(id.severity, Severity::kHigh);
  EXPECT_EQ(id.url, kUrl);
  EXPECT_EQ(id.title, "2023年耕地地力保护补贴发放对象公示");
  // The first value in document order is the paragraph's.
  EXPECT_EQ(id.highlight, Masked(kId2));
  EXPECT_NE(id.evidence.find("申请人" + Masked(kId2) + "已核实"), std::string::npos) << id.evidence;
  EXPECT_EQ(id.location, "表格 1 第 4 行第 3 列；表格 1 第 3 行第 3 列");

  const Finding& address = findings[1];
  EXPECT_EQ(address.message, "页面公开了 2 条未脱敏的家庭住址，须删除或遮盖后再公开（家庭住址应只保留到乡镇（街道））");
  EXPECT_EQ(address.severity, Severity::kMedium);
  EXPECT_EQ(address.highlight, "沙坡头区宣和镇***");
  EXPECT_EQ(address.location, "表格 1 第 3 行第 4 列；表格 1 第 4 行第 4 列");
  // The excerpt opens on a cell boundary, not inside the header cell before it.
  EXPECT_EQ(address.evidence, "家庭住址\t金额（元）\n1\t马玉兰\t" + Masked(kId1) + "\t沙坡头区宣和镇***\t1050.00\n2\t杨建国\t" +
                                  Masked(kId2) + "\t");
  for (const Finding& f : findings) {
    for (const std::string& secret : {kId1, kId2, kId1.substr(6, 8), kId2.substr(6, 8), std::string("张洪村"),
                                      std::string("倪丁村")}) {
      EXPECT_EQ(AllFields(f).find(secret), std::string::npos) << f.rule_id << " leaks " << secret;
    }
  }
}

TEST(PiiRuleTest, LocationListsTheFirstThreeAndCountsTheRest) {
  std::string rows;
  for (int i = 0; i < 9; ++i) {
    rows += "<tr><td>" + std::to_string(4 + i) + "</td><td>某某</td><td>" + MakeId("640502", "19700101", 100 + i) +
            "</td><td>沙坡头区文昌镇</td><td>500.00</td></tr>";
  }
  const auto findings = CheckHtml(RecipientsPage(rows));
  const Finding* id = Find(findings, "pii.id_number");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->message.substr(0, id->message.find("，")), "页面公开了 11 个未脱敏的身份证号码");
  EXPECT_EQ(id->location, "表格 1 第 4 行第 3 列；表格 1 第 3 行第 3 列；表格 1 第 6 行第 3 列 等，共 11 处");
}

TEST(PiiRuleTest, RowspanAddressOfAHouseholdIsOneValue) {
  const std::string html =
      "<html><body><table><tr><th>姓名</th><th>与户主关系</th><th>家庭住址</th></tr>"
      "<tr><td>马某</td><td>户主</td><td rowspan=3>海原县海城镇山门村二组45号</td></tr>"
      "<tr><td>李某</td><td>配偶</td></tr><tr><td>马小某</td><td>子</td></tr></table></body></html>";
  const auto findings = CheckHtml(html);
  ASSERT_EQ(Rules(findings), (std::vector<std::string>{"pii.address"}));
  EXPECT_EQ(findings[0].message.substr(0, findings[0].message.find("，")), "页面公开了 1 条未脱敏的家庭住址");
  EXPECT_EQ(findings[0].location, "表格 1 第 2 行第 3 列");
  EXPECT_EQ(findings[0].evidence.find("山门村"), std::string::npos) << findings[0].evidence;
}

TEST(PiiRuleTest, TwoPeopleWithTheSameMaskedNumberAreTwoValues) {
  // Same county, same sequence and check character, different birth dates: identical masks.
  std::string a, b;
  for (int seq = 0; seq < 1000 && b.empty(); ++seq) {
    a = MakeId("640502", "19800101", seq);
    for (int day = 2; day <= 28 && b.empty(); ++day) {
      char birth[32];  // room for any int: -Wformat-truncation in debug builds
      std::snprintf(birth, sizeof birth, "198001%02d", day);
      const std::string candidate = MakeId("640502", birth, seq);
      if (candidate.substr(14) == a.substr(14)) b = candidate;
    }
  }
  ASSERT_FALSE(b.empty());
  ASSERT_EQ(Masked(a), Masked(b));
  const auto findings = CheckHtml("<html><body><p>甲 " + a + "</p><p>乙 " + b + "</p></body></html>");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message.substr(0, findings[0].message.find("，")), "页面公开了 2 个未脱敏的身份证号码");
}

TEST(PiiRuleTest, SameMobileWrittenTwoWaysIsOneValue) {
  const auto findings = CheckHtml(
      "<html><body><p>联系人：王老师，电话：+86 139-5420-1234</p><p>报名咨询：13954201234（微信同号）</p>"
      "<p>咨询电话：0955-7012345，服务热线：12345，400-800-1234</p></body></html>");
  ASSERT_EQ(Rules(findings), (std::vector<std::string>{"pii.mobile"}));
  EXPECT_EQ(findings[0].message, "页面公开了 1 个未脱敏的手机号码，须删除或遮盖后再公开（手机号码应至少遮盖中间 4 位）");
  EXPECT_EQ(findings[0].highlight, "139****1234");
  EXPECT_EQ(findings[0].severity, Severity::kMedium);
  // Where, in words: the paragraph of the page's text (the first one holds the first value).
  EXPECT_EQ(findings[0].location, "正文第 1 段") << findings[0].location;
  EXPECT_EQ(findings[0].evidence.find("5420"), std::string::npos) << findings[0].evidence;
}

TEST(PiiRuleTest, CompliantMasksAndLookAlikeNumbersGiveNoFinding) {
  const std::string html =
      "<html><body><h1>关于2022年度临时救助对象的公示</h1>"
      "<p>统一社会信用代码：91640500MA76ABCD1X　合同编号：20220524000012345678</p>"
      "<p>订单号：202205241530001234，缴费金额13954201234.00元，成文日期：20220524</p>"
      "<p>联系电话：0955-7012345，服务热线12345，客服电话：400-800-1234</p>"
      "<p>办公地址：中卫市沙坡头区鼓楼东街1号</p>"
      "<table><tr><th>姓名</th><th>身份证号</th><th>手机</th><th>家庭住址</th><th>银行卡号</th></tr>"
      "<tr><td>张*</td><td>640521********1234</td><td>139****5678</td><td>中宁县宁安镇***</td>"
      "<td>6222********1234</td></tr></table></body></html>";
  EXPECT_TRUE(CheckHtml(html).empty());
}

TEST(PiiRuleTest, UnderMaskedValuesSayTheMaskHidesTooLittle) {
  const auto only_under = CheckHtml("<html><body><p>身份证号：640521199001**1234</p></body></html>");
  ASSERT_EQ(Rules(only_under), (std::vector<std::string>{"pii.id_number"}));
  EXPECT_EQ(only_under[0].message,
            "页面公开的 1 个身份证号码虽已遮盖但遮盖太少，仍可识别到个人，须按规定遮盖（身份证号码应至少遮盖出生日期等 6 位以上）");
  EXPECT_EQ(only_under[0].evidence.find("199001"), std::string::npos) << only_under[0].evidence;

  const auto mixed = CheckHtml("<html><body><p>手机：1395420**34</p><p>手机：13811112222</p></body></html>");
  ASSERT_EQ(Rules(mixed), (std::vector<std::string>{"pii.mobile"}));
  EXPECT_EQ(mixed[0].message,
            "页面公开了 1 个未脱敏的手机号码，另有 1 个遮盖位数不足，须删除或遮盖后再公开（手机号码应至少遮盖中间 4 位）");
}

// Masked again for the report, an under-masked value would look like the compliant one beside
// it: evidence, highlight and location say which one the site masked too little.
TEST(PiiRuleTest, UnderMaskedValueIsMarkedBesideACompliantOne) {
  const auto findings = CheckHtml(
      "<html><body><h1>公示</h1><p>甲 身份证号：640521********1234 乙 身份证号：640521199001**5678</p></body></html>");
  ASSERT_EQ(Rules(findings), (std::vector<std::string>{"pii.id_number"}));
  const Finding& f = findings[0];
  EXPECT_EQ(f.highlight, "640521********5678〔遮盖不足〕");
  EXPECT_NE(f.evidence.find("640521********1234 乙"), std::string::npos) << f.evidence;  // the compliant one, unmarked
  EXPECT_NE(f.evidence.find("640521********5678〔遮盖不足〕"), std::string::npos) << f.evidence;
  EXPECT_EQ(f.evidence.find("199001"), std::string::npos) << f.evidence;
  EXPECT_EQ(f.location, "正文第 2 段〔遮盖不足〕");

  const auto cell = CheckHtml(
      "<html><body><table><tr><th>姓名</th><th>手机</th></tr><tr><td>甲</td><td>139****5678</td></tr>"
      "<tr><td>乙</td><td>1395420**34</td></tr></table></body></html>");
  ASSERT_EQ(Rules(cell), (std::vector<std::string>{"pii.mobile"}));
  EXPECT_EQ(cell[0].location, "表格 1 第 3 行第 2 列〔遮盖不足〕");
  EXPECT_NE(cell[0].evidence.find("〔遮盖不足〕"), std::string::npos) << cell[0].evidence;
}

TEST(PiiRuleTest, EvidenceKeyDependsOnTheMaskedValuesNotTheirOrder) {
  const std::string row_a = "<tr><td>4</td><td>甲</td><td>" + kId3 + "</td><td></td><td>1</td></tr>";
  const std::string row_b =
      "<tr><td>5</td><td>乙</td><td>" + MakeId("640522", "19900304", 46) + "</td><td></td><td>1</td></tr>";
  const auto ab = CheckHtml(RecipientsPage(row_a + row_b));
  const auto ba = CheckHtml(RecipientsPage(row_b + row_a));
  const auto a_only = CheckHtml(RecipientsPage(row_a));
  ASSERT_NE(Find(ab, "pii.id_number"), nullptr);
  ASSERT_NE(Find(ba, "pii.id_number"), nullptr);
  ASSERT_NE(Find(a_only, "pii.id_number"), nullptr);
  EXPECT_EQ(Find(ab, "pii.id_number")->evidence_key, Find(ba, "pii.id_number")->evidence_key);
  EXPECT_NE(Find(ab, "pii.id_number")->evidence_key, Find(a_only, "pii.id_number")->evidence_key);
  // The address finding is untouched by the ID rows.
  EXPECT_EQ(Find(ab, "pii.address")->evidence_key, Find(a_only, "pii.address")->evidence_key);
  EXPECT_EQ(Find(ab, "pii.id_number")->evidence_key.size(), 16u);
}

TEST(PiiRuleTest, DigitsJoinedAcrossInlineTagsButNotAcrossCells) {
  const std::string id = kId3;
  const std::string html =
      "<html><body><table><tr><th>姓名</th><th>证件号码</th><th>联系方式</th><th>备注</th></tr>"
      "<tr><td>周某</td><td><span>" + id.substr(0, 6) + "</span><span style='color:red'>" + id.substr(6, 8) +
      "</span><font>" + id.substr(14) + "</font></td><td>139</td><td>54201234</td></tr></table>"
      "<p>本人手机：" + std::string("\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98\xEF\xBC\x90\xEF\xBC\x99\xEF\xBC\x95"
                                    "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95") +
      "</p></body></html>";  // full-width １３８０９５１２３４５
  const auto findings = CheckHtml(html);
  ASSERT_EQ(Rules(findings), (std::vector<std::string>{"pii.id_number", "pii.mobile"}));
  EXPECT_EQ(findings[0].highlight, Masked(id));
  EXPECT_EQ(findings[0].location, "表格 1 第 2 行第 2 列");
  EXPECT_EQ(findings[1].message.substr(0, findings[1].message.find("，")), "页面公开了 1 个未脱敏的手机号码");
  EXPECT_EQ(findings[1].highlight, "138****2345");
}

TEST(PiiRuleTest, PersonalDataInTheTitleIsMasked) {
  const std::string title = "关于马某（" + kId1 + "）申请临时救助的公示";
  const auto findings =
      CheckHtml("<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>特此公示。</p></body></html>");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].title, "关于马某（" + Masked(kId1) + "）申请临时救助的公示");
}

TEST(PiiRuleTest, DisablingOneKindKeepsTheOthersAndTheFamilySwitchStopsAll) {
  RulesConfig no_id;
  no_id.rules["pii.id_number"].enabled = false;
  EXPECT_EQ(Rules(CheckHtml(RecipientsPage(), no_id)), (std::vector<std::string>{"pii.address"}));
  RulesConfig no_pii;
  no_pii.rules["pii"].enabled = false;
  EXPECT_TRUE(CheckHtml(RecipientsPage(), no_pii).empty());
  RulesConfig low;
  low.rules["pii.address"].severity = Severity::kLow;
  EXPECT_EQ(Find(CheckHtml(RecipientsPage(), low), "pii.address")->severity, Severity::kLow);
}

// An attachment input of the rules: the file at `url` and what was read from it.
PageInput AttachmentInput(const std::string& url, const AttachmentText& attachment) {
  PageInput input;
  input.url = url;
  input.attachment = &attachment;
  return input;
}

// A sheet whose header is its first row.
AttachmentTable Sheet(const std::string& name, std::vector<std::vector<std::string>> rows, bool hidden = false) {
  AttachmentTable t;
  t.name = name;
  t.rows = std::move(rows);
  t.header_row = 0;
  t.hidden = hidden;
  return t;
}

AttachmentText Spreadsheet() {
  AttachmentText a;
  a.inspected = true;
  a.tables = {Sheet("公示名单", {{"姓名", "身份证号", "开户银行", "银行卡号"},
                                 {"张*", "640521********1234", "农商银行", "6222********1234"}}),
              Sheet("原始数据",
                    {{"姓名", "身份证号", "家庭住址", "银行卡号"},
                     {"马玉兰", kId1, "沙坡头区宣和镇张洪村三组", "6217 0012 3456 7890 122"}},
                    /*hidden=*/true)};
  for (const AttachmentTable& t : a.tables) {
    for (const auto& row : t.rows) {
      std::string line;
      for (const std::string& cell : row) line += (line.empty() ? "" : "\t") + cell;
      a.text += line + "\n";
    }
  }
  return a;
}

TEST(PiiRuleTest, AttachmentFindingsNameTheAttachmentAndItsSheet) {
  const AttachmentText a = Spreadsheet();
  const PageInput input = AttachmentInput("https://www.zw.gov.cn/zwgk/gsgg/202305/P020230512_mingdan.xlsx", a);
  const auto findings = Check(input);
  ASSERT_EQ(Rules(findings), (std::vector<std::string>{"pii.id_number", "pii.bank_card", "pii.address"}));
  for (const Finding& f : findings) {
    EXPECT_EQ(f.url, input.url);
    EXPECT_EQ(f.title, "附件（xlsx）");
    EXPECT_EQ(f.message.rfind("附件公开了 1 ", 0), 0u) << f.message;
    EXPECT_EQ(AllFields(f).find(kId1.substr(6, 8)), std::string::npos) << AllFields(f);
    EXPECT_EQ(AllFields(f).find("张洪村"), std::string::npos) << AllFields(f);
    EXPECT_EQ(AllFields(f).find("0012 3456 7890"), std::string::npos) << AllFields(f);
  }
  EXPECT_EQ(findings[0].location, "表“原始数据”（隐藏工作表） 第 2 行第 2 列");
  EXPECT_EQ(findings[1].location, "表“原始数据”（隐藏工作表） 第 2 行第 4 列");
  EXPECT_EQ(findings[1].highlight, "6217***********0122");
  EXPECT_EQ(findings[2].location, "表“原始数据”（隐藏工作表） 第 2 行第 3 列");
}

TEST(PiiRuleTest, ValueSeenOnlyThroughTableContextGetsCellEvidence) {
  AttachmentText a;
  a.inspected = true;
  a.tables = {Sheet("Sheet1", {{"户主", "住址"}, {"李某", "中宁县石空镇倪丁村5队"}})};
  a.text = "以上为本批次名单。";  // the table's cells are not in the text
  const auto findings = Check(AttachmentInput("https://www.zw.gov.cn/files/a.xlsx", a));
  ASSERT_EQ(Rules(findings), (std::vector<std::string>{"pii.address"}));
  EXPECT_EQ(findings[0].evidence, "住址：中宁县石空镇***");
  EXPECT_EQ(findings[0].highlight, "中宁县石空镇***");
  EXPECT_EQ(findings[0].location, "表“Sheet1” 第 2 行第 2 列");
}

TEST(PiiRuleTest, AttachmentThatCouldNotBeReadGivesNoFinding) {
  AttachmentText a;
  a.inspected = false;
  a.not_inspected_reason = "old binary Excel .xls format is not read";
  a.text = kId1;  // never looked at
  EXPECT_TRUE(Check(AttachmentInput("https://www.zw.gov.cn/files/old.xls", a)).empty());
}

}  // namespace
}  // namespace govaudit
