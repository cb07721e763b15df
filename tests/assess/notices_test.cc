// Rectification notices: who answers for each finding (发布机构, 来源, the inspector's mapping,
// the site operator) and the reply deadlines on the official working-day calendar.
#include "assess/notices.h"

#include <gtest/gtest.h>

#include "assess/assessment.h"
#include "classify/facts.h"

namespace govaudit {
namespace {

constexpr char kSite[] = "https://www.shifan.gov.cn";

// A run stored in memory with pages of given publishers and findings on them.
class NoticesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(db::Store::Open(":memory:")).value();
    db::RunInfo run;
    run.site = "示范县";
    run.as_of = "2026-09-24";
    run.settings_json = std::string(R"({"start_urls":[")") + kSite + R"(/"]})";
    run.id = *store_->BeginRun(run);
    run_ = run;
  }

  void Page(const std::string& path, const std::string& issuer, const std::string& source,
            const std::string& column = "") {
    db::PageRecord p;
    p.url = std::string(kSite) + path;
    p.status = 200;
    p.is_html = true;
    p.column = column;
    PageFacts facts;
    facts.issuer = issuer;
    facts.source = source;
    p.facts_json = facts.ToJson();
    ASSERT_TRUE(store_->PutPage(run_.id, p).ok());
  }

  Finding& Add(const std::string& rule, const std::string& path, Severity severity = Severity::kMedium) {
    Finding f;
    f.rule_id = rule;
    f.severity = severity;
    f.url = std::string(kSite) + path;
    f.message = rule;
    findings_.push_back(f);
    return findings_.back();
  }

  RunAssessment Assess() {
    EXPECT_TRUE(store_->PutFindings(run_.id, findings_).ok());
    run_.complete = true;
    run_.stop_reason = "finished";
    EXPECT_TRUE(store_->FinishRun(run_).ok());
    EXPECT_TRUE(store_->UpdateHistory(run_.id).ok());
    auto data = AssessRun(*store_, run_.id, {});
    EXPECT_TRUE(data.ok()) << data.status().message();
    return std::move(data).value();
  }

  std::string DepartmentOf(const std::map<std::string, Responsibility>& r, const Finding& f) {
    auto it = r.find(Fingerprint(f));
    return it == r.end() ? "(none)" : it->second.department;
  }

  std::unique_ptr<db::Store> store_;
  db::RunInfo run_;
  std::vector<Finding> findings_;
};

TEST_F(NoticesTest, PublisherComesFromIssuerThenSourceThenMappingThenOperator) {
  Page("/czj/a.html", "中卫市财政局", "");
  Page("/rsj/b.html", "", "中卫市人力资源和社会保障局");
  Page("/news/c.html", "", "新华社");  // a news source is nobody's department
  Page("/czj/index.html", "", "", "通知公告");
  Page("/", "", "");
  Add("pii.id_number", "/czj/a.html");
  Add("content.serious_typo", "/rsj/b.html");
  Add("a11y.lang", "/news/c.html");
  Add("column.stale", "/czj/index.html");
  Add("site.identity_missing", "/");
  Finding& broken = Add("link.broken", "/gone.html");
  broken.referrers = {std::string(kSite) + "/czj/a.html"};
  const RunAssessment data = Assess();

  NoticeOptions options;
  options.departments = {{"市财政局", {std::string(kSite) + "/czj/"}, {}, {"中卫市财政局"}},
                         {"市人社局", {}, {}, {"中卫市人力资源和社会保障局"}}};
  auto responsible = AttributeFindings(*store_, data, options);
  ASSERT_TRUE(responsible.ok()) << responsible.status().message();
  EXPECT_EQ(DepartmentOf(*responsible, findings_[0]), "市财政局");  // 发布机构, through its alias
  EXPECT_EQ(responsible->at(Fingerprint(findings_[0])).basis, "发布机构“中卫市财政局”");
  EXPECT_EQ(DepartmentOf(*responsible, findings_[1]), "市人社局");  // 来源, through its alias
  EXPECT_EQ(DepartmentOf(*responsible, findings_[2]), "网站主办单位");
  EXPECT_EQ(DepartmentOf(*responsible, findings_[3]), "市财政局");  // the mapping's URL prefix
  EXPECT_EQ(DepartmentOf(*responsible, findings_[4]), "网站主办单位");
  EXPECT_EQ(DepartmentOf(*responsible, broken), "市财政局");  // the page holding the link
  EXPECT_EQ(responsible->at(Fingerprint(broken)).page, std::string(kSite) + "/czj/a.html");

  // Without a mapping, names stay as pages write them.
  auto plain = AttributeFindings(*store_, data, NoticeOptions{});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(DepartmentOf(*plain, findings_[0]), "中卫市财政局");
  EXPECT_EQ(DepartmentOf(*plain, findings_[1]), "中卫市人力资源和社会保障局");
  EXPECT_EQ(DepartmentOf(*plain, findings_[3]), "网站主办单位");
}

TEST_F(NoticesTest, ColumnsOfTheMappingClaimPagesWithoutPublisher) {
  Page("/x/index.html", "", "", "人事信息");
  Add("column.stale", "/x/index.html");
  const RunAssessment data = Assess();
  NoticeOptions options;
  options.departments = {{"市人社局", {}, {"人事信息"}, {}}};
  auto responsible = AttributeFindings(*store_, data, options);
  ASSERT_TRUE(responsible.ok());
  EXPECT_EQ(responsible->at(Fingerprint(findings_[0])).department, "市人社局");
  EXPECT_EQ(responsible->at(Fingerprint(findings_[0])).basis, "栏目“人事信息”");
}

TEST_F(NoticesTest, DeadlinesCountWorkingDaysOnTheOfficialCalendar) {
  Page("/czj/a.html", "市财政局", "");
  Page("/rsj/b.html", "市人社局", "");
  Add("pii.id_number", "/czj/a.html", Severity::kHigh);
  Add("a11y.lang", "/czj/a.html", Severity::kLow);
  Add("content.serious_typo", "/rsj/b.html", Severity::kHigh);
  Finding& dismissed = Add("pii.mobile", "/rsj/b.html");
  const RunAssessment before = Assess();
  ASSERT_TRUE(store_->SetStatus(Fingerprint(dismissed), "false_positive", "办公电话", "tester").ok());
  auto data = AssessRun(*store_, run_.id, {});
  ASSERT_TRUE(data.ok());
  auto responsible = AttributeFindings(*store_, *data, NoticeOptions{});
  ASSERT_TRUE(responsible.ok());
  const NoticePlan plan = PlanNotices(*data, *responsible, NoticeOptions{}, WorkdayCalendar::Builtin());
  ASSERT_EQ(plan.notices.size(), 2u);
  EXPECT_EQ(plan.date, (Date{2026, 9, 24}));  // the audit date
  EXPECT_EQ(plan.dismissed, 1);
  EXPECT_EQ(plan.open_findings, 3);
  const Notice& czj = plan.notices[0].department == "市财政局" ? plan.notices[0] : plan.notices[1];
  const Notice& rsj = plan.notices[0].department == "市财政局" ? plan.notices[1] : plan.notices[0];
  // 10 working days after Thursday 24 September 2026: Mid-Autumn (25-27 Sep) and National Day
  // (1-7 Oct) are off, Saturday 10 October is a make-up working day.
  EXPECT_EQ(czj.workdays, 10);
  EXPECT_EQ(czj.deadline, (Date{2026, 10, 15}));
  EXPECT_EQ(czj.items.size(), 2u);
  EXPECT_EQ(czj.by_grade, (std::array<int, 3>{0, 1, 1}));
  EXPECT_EQ(czj.items[0].finding->finding.rule_id, "pii.id_number");  // 扣分项 before 提示
  // A notice holding a 否决项 gives 5 working days.
  EXPECT_EQ(rsj.workdays, 5);
  EXPECT_EQ(rsj.deadline, (Date{2026, 10, 9}));
  ASSERT_EQ(rsj.items.size(), 1u);  // the dismissed finding is in no notice
  EXPECT_EQ(rsj.items[0].rule_name, "严重表述错误");
  EXPECT_FALSE(czj.deadline_uncertain);
  EXPECT_NE(czj.number, rsj.number);

  std::map<std::string, Responsibility> with_dates = *responsible;
  ApplyDeadlines(plan, &with_dates);
  EXPECT_EQ(with_dates.at(Fingerprint(findings_[0])).deadline, "2026-10-15");
  EXPECT_EQ(with_dates.at(Fingerprint(findings_[2])).deadline, "2026-10-09");
  EXPECT_EQ(with_dates.at(Fingerprint(dismissed)).deadline, "");
  (void)before;
}

TEST(LooksLikeDepartmentTest, GovernmentBodiesNotNewsSources) {
  for (const char* name : {"市财政局", "中卫市人力资源和社会保障局", "县政府办公室", "示范县人民政府", "沙坡头区文昌镇",
                           "市发展和改革委员会", "市融媒体中心", "文昌街道"}) {
    EXPECT_TRUE(LooksLikeDepartment(name)) << name;
  }
  for (const char* name : {"新华社", "人民网", "中卫日报", "本站", "中国政府网站", "", "局"}) {
    EXPECT_FALSE(LooksLikeDepartment(name)) << name;
  }
}

}  // namespace
}  // namespace govaudit
