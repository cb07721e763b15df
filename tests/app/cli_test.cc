// End-to-end tests through the govaudit command, against loopback fixture sites.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"

namespace govaudit {
namespace {

using testing::Html, testing::LoopbackServer, testing::RunGovaudit, testing::TempDir;

class SmallSite : public ::testing::Test {
 protected:
  void SetUp() override {
    site_.ServeHtml("/",
                    "<html><head><title>首页</title></head><body><a href='/a.html'>A</a>"
                    "<a href='/dead.html'>已删除的通知</a><a href='/files/gone.pdf'>附件</a></body></html>");
    site_.ServeHtml("/a.html",
                    "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;</title></head><body>"
                    "<a href='/dead.html'>again</a></body></html>");
    site_.Start();
  }
  std::string Args(const TempDir& dir, const std::string& extra = "") {
    return "audit " + site_.Url("/") + " --out " + dir / "out" + " --db " + dir / "audit.db" +
           " --as-of 2026-11-26 --quiet " + extra;
  }
  LoopbackServer site_;
};

TEST_F(SmallSite, ReportsBrokenLinkTargetWithReferrers) {
  TempDir dir("govaudit-cli");
  auto r = RunGovaudit(Args(dir));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto json = nlohmann::json::parse(testing::ReadWholeFile(dir.path() / "out" / "findings.json"));
  std::map<std::string, nlohmann::json> broken;
  for (const auto& f : json["findings"]) {
    if (f["rule"] == "link.broken") broken[f["url"].get<std::string>()] = f;
  }
  ASSERT_EQ(broken.size(), 2u) << json.dump(2);
  const auto& dead = broken.at(site_.Url("/dead.html"));
  EXPECT_EQ(dead["severity"], "high");
  EXPECT_EQ(dead["referrers"], nlohmann::json::array({site_.Url("/"), site_.Url("/a.html")}));
  EXPECT_NE(dead["message"].get<std::string>().find("404"), std::string::npos);
  EXPECT_TRUE(broken.count(site_.Url("/files/gone.pdf")));  // attachments are fetched too
  EXPECT_EQ(json["run"]["as_of"], "2026-11-26");
  EXPECT_TRUE(json["run"]["complete"].get<bool>());
}

TEST_F(SmallSite, PageTitleWithScriptShowsAsText) {
  TempDir dir("govaudit-cli");
  ASSERT_EQ(RunGovaudit(Args(dir)).exit_code, 0);
  std::string html = testing::ReadWholeFile(dir.path() / "out" / "report.html");
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
}

TEST_F(SmallSite, FailOnHighExitsOneAndSameFindingKeepsItsId) {
  TempDir dir("govaudit-cli");
  auto first = RunGovaudit(Args(dir, "--fail-on high"));
  EXPECT_EQ(first.exit_code, 1) << first.output;
  auto a = nlohmann::json::parse(testing::ReadWholeFile(dir.path() / "out" / "findings.json"));
  auto second = RunGovaudit(Args(dir));
  EXPECT_EQ(second.exit_code, 0) << second.output;
  auto b = nlohmann::json::parse(testing::ReadWholeFile(dir.path() / "out" / "findings.json"));
  std::set<std::string> ids_a, ids_b;
  for (const auto& f : a["findings"]) ids_a.insert(f["id"]);
  for (const auto& f : b["findings"]) ids_b.insert(f["id"]);
  EXPECT_EQ(ids_a, ids_b);
  EXPECT_EQ(b["run"]["id"], 2);
  EXPECT_EQ(b["run"]["new"], 0);
}

TEST(CliTest, BadFlagsExitTwoNamingTheValue) {
  struct Case {
    std::string args;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"audit http://127.0.0.1:9/ --as-of 2026-13-01", "--as-of '2026-13-01'"},
           {"audit http://127.0.0.1:9/ --fail-on critical", "--fail-on must be high, medium or low, got 'critical'"},
           {"audit ftp://example.gov.cn/", "start URL 'ftp://example.gov.cn/'"},
           {"audit http://127.0.0.1:9/ --max-pages 0", "--max-pages must be at least 1, got 0"},
           {"audit http://127.0.0.1:9/ --no-such-flag", "--no-such-flag"},
           {"audit", "no start URL"},
           {"frobnicate", "frobnicate"},
       }) {
    auto r = RunGovaudit(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.args << "\n" << r.output;
  }
}

TEST(CliTest, UnreachableStartUrlExitsTwoAndLeavesAConsistentDatabase) {
  TempDir dir("govaudit-cli");
  int port = testing::UnusedPort();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  auto r = RunGovaudit("audit " + url + " --db " + dir / "a.db" + " --out " + dir / "out" + " --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("start URL " + url + " is unreachable"), std::string::npos) << r.output;
  auto store = testing::ReadStore(dir / "a.db");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->IntegrityCheck().value_or(""), "ok");
  auto runs = store->ListRuns().value_or({});
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].stop_reason, "start-url-unreachable");
  EXPECT_FALSE(runs[0].complete);
}

TEST(CliTest, RulesListsIdsWithTheirRequirement) {
  auto r = RunGovaudit("rules");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("link.broken"), std::string::npos);
  EXPECT_NE(r.output.find("国办秘函〔2019〕19号"), std::string::npos);
}

TEST(CliTest, DemoRunsFromAnyDirectoryAndWritesAReport) {
  TempDir dir("govaudit-demo");
  auto r = RunGovaudit("demo --quiet --as-of 2026-11-26", dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "govaudit-demo" / "report.html")) << r.output;
  auto json = nlohmann::json::parse(testing::ReadWholeFile(dir.path() / "govaudit-demo" / "findings.json"));
  std::set<std::string> broken;
  std::string image_message;
  for (const auto& f : json["findings"]) {
    if (f["rule"] != "link.broken") continue;
    const std::string url = f["url"].get<std::string>();
    broken.insert(url);
    if (url.ends_with("/logo.png")) image_message = f["message"].get<std::string>();
  }
  // A deleted notice, a missing attachment and the logo every page loads.
  EXPECT_EQ(broken.size(), 3u) << json.dump(2);
  EXPECT_TRUE(image_message.starts_with("页面引用的图片无法加载：HTTP 404")) << image_message;
  // The demo scores the bundled work points and says so on the terminal.
  EXPECT_NE(r.output.find("工作要点评分（"), std::string::npos) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "govaudit-demo" / "scorecard.json"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "govaudit-demo" / "findings.xlsx"));
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "govaudit-demo" / "snapshots"));
}

TEST(CliTest, ReportReRendersAStoredRunWithoutCrawling) {
  TempDir dir("govaudit-cli");
  ASSERT_EQ(RunGovaudit("demo --quiet --as-of 2026-11-26", dir.path().string()).exit_code, 0);
  auto r = RunGovaudit("report --db " + dir / "govaudit-demo/govaudit-demo.db" + " --out " + dir / "again");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(testing::ReadWholeFile(dir.path() / "again" / "findings.json"),
            testing::ReadWholeFile(dir.path() / "govaudit-demo" / "findings.json"));
  auto missing = RunGovaudit("report --db " + dir / "nope.db" + " --out " + dir / "x");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("nope.db does not exist"), std::string::npos);
}

}  // namespace
}  // namespace govaudit
