// End to end: the indicators-site fixture (tests/fixtures/indicators-site, see its README)
// served on 127.0.0.1 and audited by the govaudit command on a fixed date. Exactly the planted
// findings of the national-indicator families are reported, and the single-veto summary in
// findings.json and report.html counts them against the 19号 thresholds. Below, the veto
// summary on hand-made findings: its thresholds and what it leaves out.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "app/demo_server.h"
#include "tests/support/findings_json.h"
#include "tests/support/fixture_site.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult, testing::FindingOf, testing::ReadWholeFile, testing::RunGovaudit, testing::ServeFixture,
    testing::TempDir;

const std::set<std::string> kFamilies = {"column", "home", "site", "meta", "content", "a11y"};

class IndicatorsSiteTest : public ::testing::Test {
 protected:
  struct Audit {
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<StaticSiteServer> site;
    CommandResult result;
  };

  static void SetUpTestSuite() {
    audit_ = new Audit;
    audit_->dir = std::make_unique<TempDir>("govaudit-indicators-site");
    audit_->site = ServeFixture("indicators-site");
    ASSERT_NE(audit_->site, nullptr);
    const TempDir& dir = *audit_->dir;
    // The footer's ICP record and conac links point at *.invalid hosts; they are not checked.
    std::ofstream(dir / "audit.toml") << "[crawl]\ncheck_external_links = false\n";
    audit_->result = RunGovaudit("audit " + audit_->site->base_url() + " --config " + dir / "audit.toml" + " --out " +
                                 dir / "out" + " --db " + dir / "audit.db" + " --as-of 2026-11-26 --threads 2 --quiet");
  }

  static void TearDownTestSuite() {
    delete audit_;
    audit_ = nullptr;
  }

  void SetUp() override { ASSERT_EQ(audit_->result.exit_code, 0) << audit_->result.output; }

  static fs::path Out(const std::string& name) { return audit_->dir->path() / "out" / name; }
  static nlohmann::json Findings() { return nlohmann::json::parse(ReadWholeFile(Out("findings.json"))); }
  static std::string Path(const std::string& url) { return url.substr(audit_->site->base_url().size() - 1); }

  static Audit* audit_;
};

IndicatorsSiteTest::Audit* IndicatorsSiteTest::audit_ = nullptr;

TEST_F(IndicatorsSiteTest, ReportsExactlyThePlantedFindings) {
  const nlohmann::json json = Findings();
  std::set<std::pair<std::string, std::string>> found;
  for (const auto& f : json["findings"]) {
    const std::string rule = f["rule"];
    if (kFamilies.count(rule.substr(0, rule.find('.')))) found.insert({rule, Path(f["url"])});
  }
  const std::set<std::pair<std::string, std::string>> planted = {
      {"home.stale", "/"},
      {"site.identity_missing", "/"},
      {"column.stale", "/xwdt/"},
      {"column.empty", "/rsxx/"},
      {"content.serious_typo", "/xwdt/2026-11-02-meeting.html"},
      {"meta.missing", "/xwdt/2026-10-20-training.html"},
      {"a11y.img_alt", "/xwdt/2026-10-09-inspection.html"},
      {"content.secret_marking", "/gsgg/2026-11-11-notice.html"},
  };
  EXPECT_EQ(found, planted) << json.dump(2);
}

TEST_F(IndicatorsSiteTest, FindingsNameTheirEvidence) {
  const nlohmann::json json = Findings();
  const std::pair<const char*, const char*> messages[] = {
      {"home.stale", "首页最新信息发布于 2026-11-02，截至 2026-11-26 已超过 2 周没有更新"},
      {"site.identity_missing", "首页底部缺少公安机关备案号"},
      {"column.stale",
       "栏目“工作动态”（动态要闻类，更新期限 2 周）最新信息发布于 2026-11-02，截至 2026-11-26 已超过 2 周未更新"},
      {"column.empty", "栏目“人事信息”为空白栏目，页面显示“暂无信息”"},
      {"content.serious_typo", "出现严重表述错误“中华人民共合国”，应为“中华人民共和国”（国名错误）"},
      {"meta.missing", "文章页缺少 2 项标准元数据：SiteDomain、ContentSource"},
  };
  for (const auto& [rule, message] : messages) {
    const nlohmann::json* finding = FindingOf(json, rule);
    ASSERT_NE(finding, nullptr) << rule;
    EXPECT_EQ((*finding)["message"], message) << rule;
  }
  EXPECT_EQ((*FindingOf(json, "site.identity_missing"))["evidence"],
            "已找到：网站标识码：6405210001；ICP备案编号：宁ICP备12000000号；党政机关网站标识：党政机关；"
            "主办单位：示范县人民政府办公室");
}

TEST_F(IndicatorsSiteTest, VetoSummaryInFindingsJson) {
  const nlohmann::json veto = Findings()["run"]["veto"];
  EXPECT_EQ(veto["verdict"], "failed");
  EXPECT_EQ(veto["passed"], false);
  std::map<std::string, std::pair<int, std::string>> items;  // id → count, status
  for (const auto& item : veto["items"]) items[item["id"]] = {item["count"].get<int>(), item["status"]};
  const std::map<std::string, std::pair<int, std::string>> expected = {
      {"serious_problems", {0, "review"}},             // the typo and the secret mark, not yet confirmed
      {"availability", {0, "not_checked"}},           // no probes stored
      {"home_stale", {1, "failed"}},
      {"column_stale_news_notice", {1, "passed"}},     // 1 of 5
      {"column_stale_all", {1, "passed"}},             // 1 of 10
      {"column_empty", {1, "passed"}},                 // 1 of 5
      {"interaction_channel", {1, "failed"}},          // no consultation channel on the site
      {"interaction_unanswered", {0, "not_checked"}},  // no message read
      {"service_none", {1, "failed"}},                 // no service guide, no service hall link
      {"service_guides", {0, "not_checked"}},
  };
  EXPECT_EQ(items, expected) << veto.dump(2);
  std::map<std::string, int> deductions;
  for (const auto& d : veto["deductions"]) {
    if (d["count"].get<int>() > 0) deductions[d["id"]] = d["count"];
  }
  // Not vetoes: the broken home-page link and the identity footer are counted as deductions.
  const std::map<std::string, int> expected_deductions = {
      {"home_links", 1}, {"site_identity", 1}, {"meta", 1}, {"a11y", 1}};
  EXPECT_EQ(deductions, expected_deductions) << veto.dump(2);
}

TEST_F(IndicatorsSiteTest, VetoSectionOpensTheHtmlReport) {
  const std::string html = ReadWholeFile(Out("report.html"));
  const size_t veto = html.find("<section id=\"veto\">");
  ASSERT_NE(veto, std::string::npos);
  EXPECT_LT(veto, html.find("<h2>概况</h2>"));
  EXPECT_NE(html.find("存在单项否决问题"), std::string::npos);
  EXPECT_NE(html.find("<tr data-veto=\"home_stale\" data-status=\"failed\">"), std::string::npos);
  EXPECT_NE(html.find("<tr data-veto=\"column_empty\" data-status=\"passed\">"), std::string::npos);
  EXPECT_NE(html.find("<tr data-veto=\"availability\" data-status=\"not_checked\">"), std::string::npos);
  EXPECT_NE(html.find("<tr data-deduction=\"home_links\" data-count=\"1\">"), std::string::npos);
  EXPECT_NE(html.find("id=\"availability-none\""), std::string::npos);
}

}  // namespace
}  // namespace govaudit
