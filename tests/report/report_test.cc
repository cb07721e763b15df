#include "report/report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/store_runs.h"

namespace govaudit::report {
namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("govaudit-report-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    store_ = std::move(db::Store::Open(":memory:")).value();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int64_t Run(const std::vector<Finding>& findings) {
    const int64_t run_id = testing::AddFinishedRun(*store_, "s", findings);
    EXPECT_TRUE(store_->UpdateHistory(run_id).ok());
    return run_id;
  }

  std::filesystem::path dir_;
  std::unique_ptr<db::Store> store_;
};

Finding Hostile() {
  Finding f;
  f.rule_id = "link.broken";
  f.severity = Severity::kHigh;
  f.url = "http://127.0.0.1/x?a=<b>";
  f.title = "<script>alert('x')</script>标题";
  f.message = "链接目标无法访问：HTTP 404";
  f.evidence = "HTTP 404 & <img src=x onerror=alert(1)>";
  f.highlight = "<img src=x onerror=alert(1)>";
  f.referrers = {"javascript:alert(1)"};
  return f;
}

TEST_F(ReportTest, HtmlEscapesEveryStringFromCrawledPages) {
  int64_t run = Run({Hostile()});
  auto data = AssessRun(*store_, run, {{"link.broken", "high", "desc", "req <b>", "33"}});
  ASSERT_TRUE(data.ok()) << data.status().message();
  ASSERT_TRUE(WriteAll(*data, dir_.string()).ok());
  std::string html = ReadFile(dir_ / "report.html");
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;标题"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_NE(html.find("<mark>&lt;img src=x onerror=alert(1)&gt;</mark>"), std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);  // only http(s) become links
  // Self-contained: nothing loaded from elsewhere.
  EXPECT_EQ(html.find("<link "), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
}

TEST_F(ReportTest, JsonAndCsvCarryTheFindingWithStatusAndHistory) {
  int64_t run = Run({Hostile()});
  auto data = AssessRun(*store_, run, {});
  ASSERT_TRUE(data.ok());
  ASSERT_TRUE(WriteAll(*data, dir_.string()).ok());
  auto json = nlohmann::json::parse(ReadFile(dir_ / "findings.json"));
  ASSERT_EQ(json["findings"].size(), 1u);
  const auto& f = json["findings"][0];
  EXPECT_EQ(f["rule"], "link.broken");
  EXPECT_EQ(f["severity"], "high");
  EXPECT_EQ(f["url"], "http://127.0.0.1/x?a=<b>");
  EXPECT_EQ(f["id"], Fingerprint(Hostile()));
  EXPECT_EQ(f["status"], "open");
  EXPECT_EQ(f["referrers"][0], "javascript:alert(1)");
  EXPECT_EQ(json["run"]["id"], run);
  std::string csv = ReadFile(dir_ / "findings.csv");
  ASSERT_GE(csv.size(), 3u);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("HTTP 404 & <img src=x onerror=alert(1)>"), std::string::npos);
}

TEST_F(ReportTest, SecondRunCountsNewAndFixed) {
  Finding a = Hostile(), b = Hostile(), c = Hostile();
  b.url = "http://127.0.0.1/b";
  c.url = "http://127.0.0.1/c";
  Run({a, b});
  int64_t second = Run({a, c});
  auto data = AssessRun(*store_, second, {});
  ASSERT_TRUE(data.ok());
  ASSERT_EQ(data->new_fingerprints.size(), 1u);
  EXPECT_EQ(data->new_fingerprints[0], Fingerprint(c));
  ASSERT_EQ(data->fixed.size(), 1u);
  EXPECT_EQ(data->fixed[0].finding.url, "http://127.0.0.1/b");
  EXPECT_EQ(data->trend.size(), 2u);
}

TEST(VetoHtmlTest, EscapesPageTextAndShowsEachRowsStatus) {
  VetoSummary summary;
  VetoRow row;
  row.spec.id = "serious_problems";
  row.spec.item = "安全、泄密事故等严重问题";
  row.spec.review_rules = {"content.serious_typo"};
  row.status = VetoStatus::kReview;
  row.pending = 1;
  row.evidence.push_back({"abc", "content.serious_typo", "https://www.shifan.gov.cn/a.html", "出现严重表述错误“<script>”"});
  summary.rows.push_back(row);
  VetoRow unchecked;
  unchecked.spec.id = "availability";
  unchecked.spec.item = "站点无法访问";
  unchecked.note = "没有可用性探测记录";
  summary.rows.push_back(unchecked);
  DeductionRow deduction;
  deduction.spec.id = "a11y";
  deduction.spec.group = "功能设计";
  deduction.spec.name = "适老化与无障碍";
  deduction.count = 7;
  summary.deductions.push_back(deduction);
  const std::string html = VetoHtml(summary);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<tr data-veto=\"serious_problems\" data-status=\"review\">"), std::string::npos);
  EXPECT_NE(html.find("<tr data-veto=\"availability\" data-status=\"not_checked\">"), std::string::npos);
  EXPECT_NE(html.find("data-verdict=\"review\""), std::string::npos);
  EXPECT_NE(html.find("<tr data-deduction=\"a11y\" data-count=\"7\">"), std::string::npos);
  EXPECT_LT(html.find("单项否决指标"), html.find("扣分项"));
}

}  // namespace
}  // namespace govaudit::report
