// Citizens' error reports: reading what a report names (the wrong text, the links, the problem
// type) and the verdict on what the verify command saw, with the working days elapsed.
#include "assess/citizen.h"

#include <gtest/gtest.h>

#include "tests/support/test_names.h"

namespace govaudit {
namespace {

struct CorrectionCase {
  std::string description;
  std::string wrong;
  std::string right;
  bool inferred;
};

class ExtractCorrectionTest : public ::testing::TestWithParam<CorrectionCase> {};

TEST_P(ExtractCorrectionTest, FindsTheWrongTextAndItsCorrection) {
  const CorrectionCase& c = GetParam();
  const QuotedCorrection q = ExtractCorrection(c.description);
  EXPECT_EQ(q.wrong, c.wrong);
  EXPECT_EQ(q.right, c.right);
  EXPECT_EQ(q.inferred, c.inferred);
}

INSTANTIATE_TEST_SUITE_P(
    Descriptions, ExtractCorrectionTest,
    ::testing::Values(CorrectionCase{"文中“工做”应为“工作”", "工做", "工作", false},
                      CorrectionCase{"第二段「中华人民共合国」错了，应改为「中华人民共和国」", "中华人民共合国",
                                     "中华人民共和国", false},
                      CorrectionCase{"标题中的\"财正局\"有错别字", "财正局", "", false},
                      CorrectionCase{"页面中工做应为工作，请尽快修改", "工做", "工作", true},
                      CorrectionCase{"有错别字，请核实", "", "", false},
                      CorrectionCase{"“通知”与“公告”都有错", "通知", "", false}),
    [](const ::testing::TestParamInfo<CorrectionCase>& info) {
      return testing::CaseName(info.index, info.param.description);
    });

TEST(ReportTypeTest, PlatformWordingsMapToTypes) {
  EXPECT_EQ(ParseReportType("错链断链"), ReportType::kBrokenLink);
  EXPECT_EQ(ParseReportType("内容无法访问"), ReportType::kBrokenLink);
  EXPECT_EQ(ParseReportType("错别字"), ReportType::kTypo);
  EXPECT_EQ(ParseReportType("信息不更新"), ReportType::kStale);
  EXPECT_EQ(ParseReportType("内容不准确"), ReportType::kInaccurate);
  EXPECT_EQ(ParseReportType("个人信息泄露"), ReportType::kPii);
  EXPECT_EQ(ParseReportType("隐私信息"), ReportType::kPii);
  EXPECT_EQ(ParseReportType("咨询留言不回复"), ReportType::kOther);
  EXPECT_EQ(ReportTypeRule(ReportType::kInaccurate), "");
  EXPECT_EQ(ReportTypeRule(ReportType::kTypo), "citizen.typo");
}

TEST(UrlsInTest, AddressesWrittenInADescription) {
  EXPECT_EQ(UrlsIn("点击https://www.a.gov.cn/x.html，打不开；另见 http://b.gov.cn/y?id=1。"),
            (std::vector<std::string>{"https://www.a.gov.cn/x.html", "http://b.gov.cn/y?id=1"}));
  EXPECT_TRUE(UrlsIn("没有网址").empty());
}

CitizenReport Report(ReportType type, const std::string& description = "") {
  CitizenReport r;
  r.id = "ZC2026001";
  r.line = 2;
  r.url = "https://www.shifan.gov.cn/a.html";
  r.type = type;
  r.type_text = std::string(ReportTypeLabel(type));
  r.description = description;
  r.reported = Date{2026, 9, 21};
  return r;
}

ReportObservation Seen(int status = 200) {
  ReportObservation seen;
  seen.checked = true;
  seen.status = status;
  seen.readable = status == 200;
  return seen;
}

const VerifyPolicy kPolicy{Date{2026, 9, 30}, 3, nullptr};

TEST(JudgeReportTest, BrokenLinks) {
  ReportObservation seen = Seen();
  seen.links = {{"https://www.shifan.gov.cn/ok.html", "首页", 200, "", false},
                {"https://www.shifan.gov.cn/gone.html", "预算公开", 404, "", true}};
  ReportVerdict v = JudgeReport(Report(ReportType::kBrokenLink), seen, kPolicy);
  EXPECT_EQ(v.status, ReportStatus::kConfirmed);
  EXPECT_NE(v.evidence.find("gone.html → HTTP 404"), std::string::npos) << v.evidence;
  EXPECT_EQ(v.evidence.find("ok.html"), std::string::npos) << v.evidence;
  ASSERT_TRUE(v.finding.has_value());
  EXPECT_EQ(v.finding->rule_id, "citizen.broken_link");
  EXPECT_EQ(v.finding->severity, Severity::kHigh);
  EXPECT_EQ(v.finding->evidence_key, "report:ZC2026001");

  seen.links[1].status = 200;
  seen.links[1].broken = false;
  EXPECT_EQ(JudgeReport(Report(ReportType::kBrokenLink), seen, kPolicy).status, ReportStatus::kNotReproduced);
  seen.earlier_defect = true;  // the stored audit had the link broken
  v = JudgeReport(Report(ReportType::kBrokenLink), seen, kPolicy);
  EXPECT_EQ(v.status, ReportStatus::kFixed);
  EXPECT_FALSE(v.finding.has_value());
  // The reported page itself is gone.
  EXPECT_EQ(JudgeReport(Report(ReportType::kBrokenLink), Seen(404), kPolicy).status, ReportStatus::kConfirmed);
}

TEST(JudgeReportTest, TyposNeedTheQuotedTextAndTheStoredPageTellsFixedFromNeverSeen) {
  ReportObservation seen = Seen();
  ReportVerdict v = JudgeReport(Report(ReportType::kTypo, "有错别字"), seen, kPolicy);
  EXPECT_EQ(v.status, ReportStatus::kManual);
  EXPECT_NE(v.reason.find("引号"), std::string::npos) << v.reason;

  seen.correction = {"工做", "工作", false};
  seen.wrong_found = true;
  seen.wrong_excerpt = "发放工做安排";
  seen.wrong_location = "正文第 3 段";
  v = JudgeReport(Report(ReportType::kTypo), seen, kPolicy);
  EXPECT_EQ(v.status, ReportStatus::kConfirmed);
  EXPECT_EQ(v.highlight, "工做");
  EXPECT_EQ(v.location, "正文第 3 段");
  seen.wrong_found = false;
  EXPECT_EQ(JudgeReport(Report(ReportType::kTypo), seen, kPolicy).status, ReportStatus::kNotReproduced);
  seen.earlier_defect = true;
  EXPECT_EQ(JudgeReport(Report(ReportType::kTypo), seen, kPolicy).status, ReportStatus::kFixed);
}

TEST(JudgeReportTest, StalePersonalDataInaccurateAndUncheckedPages) {
  ReportObservation seen = Seen();
  EXPECT_EQ(JudgeReport(Report(ReportType::kStale), seen, kPolicy).status, ReportStatus::kManual);  // not a list
  seen.list_page = true;
  EXPECT_EQ(JudgeReport(Report(ReportType::kStale), seen, kPolicy).status, ReportStatus::kNotReproduced);
  Finding stale;
  stale.rule_id = "column.stale";
  stale.message = "栏目超过 2 周未更新";
  seen.stale_findings = {stale};
  EXPECT_EQ(JudgeReport(Report(ReportType::kStale), seen, kPolicy).status, ReportStatus::kConfirmed);

  ReportObservation pii = Seen();
  EXPECT_EQ(JudgeReport(Report(ReportType::kPii), pii, kPolicy).status, ReportStatus::kNotReproduced);
  Finding id;
  id.rule_id = "pii.id_number";
  id.evidence = "110101********1233";
  pii.pii_findings = {id};
  ReportVerdict v = JudgeReport(Report(ReportType::kPii), pii, kPolicy);
  EXPECT_EQ(v.status, ReportStatus::kConfirmed);
  EXPECT_EQ(v.evidence, "110101********1233");
  // A page gone since the audit that showed the personal data: fixed by removal.
  ReportObservation gone = Seen(404);
  gone.earlier_defect = true;
  EXPECT_EQ(JudgeReport(Report(ReportType::kPii), gone, kPolicy).status, ReportStatus::kFixed);
  EXPECT_EQ(JudgeReport(Report(ReportType::kPii), Seen(404), kPolicy).status, ReportStatus::kManual);
  EXPECT_EQ(JudgeReport(Report(ReportType::kPii), Seen(503), kPolicy).status, ReportStatus::kManual);

  EXPECT_EQ(JudgeReport(Report(ReportType::kInaccurate), Seen(), kPolicy).status, ReportStatus::kManual);
  EXPECT_EQ(JudgeReport(Report(ReportType::kOther), Seen(), kPolicy).status, ReportStatus::kManual);
  ReportObservation elsewhere;
  elsewhere.not_checked_reason = "网址不属于被检查的站点";
  v = JudgeReport(Report(ReportType::kTypo), elsewhere, kPolicy);
  EXPECT_EQ(v.status, ReportStatus::kManual);
  EXPECT_EQ(v.reason, "网址不属于被检查的站点");
}

TEST(JudgeReportTest, WorkingDaysElapsedAgainstTheHandlingDeadline) {
  // Reported Monday 21 September 2026, checked Wednesday 30 September: 22, 23, 24, 28, 29 and
  // 30 September are working days (25-27 are the Mid-Autumn holiday).
  ReportVerdict v = JudgeReport(Report(ReportType::kInaccurate), Seen(), kPolicy);
  EXPECT_EQ(v.workdays_elapsed, 6);
  ASSERT_TRUE(v.deadline.has_value());
  EXPECT_EQ(*v.deadline, (Date{2026, 9, 24}));
  EXPECT_TRUE(v.overdue);  // still waiting for a person
  // A report handled since is not overdue, whatever the days.
  ReportObservation fixed = Seen();
  fixed.correction = {"工做", "工作", false};
  fixed.earlier_defect = true;
  EXPECT_FALSE(JudgeReport(Report(ReportType::kTypo), fixed, kPolicy).overdue);
  // Reported the day before the National Day holiday: due after it.
  CitizenReport late = Report(ReportType::kInaccurate);
  late.reported = Date{2026, 9, 29};
  v = JudgeReport(late, Seen(), kPolicy);
  EXPECT_EQ(v.workdays_elapsed, 1);
  EXPECT_EQ(*v.deadline, (Date{2026, 10, 9}));
  EXPECT_FALSE(v.overdue);
  // Without a date nothing is counted.
  late.reported.reset();
  v = JudgeReport(late, Seen(), kPolicy);
  EXPECT_FALSE(v.deadline.has_value());
  EXPECT_FALSE(v.overdue);
}

}  // namespace
}  // namespace govaudit
