// Several sites audited in one process from one configuration file (issue 7): the shared
// connection budget, the overview (index.html, summary.json) and the exit codes, through the
// govaudit command against loopback sites.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "crawler/crawler.h"
#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"

namespace govaudit {
namespace {

using testing::Html, testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

TEST(ConnectionBudgetTest, SiteAboveItsShareYieldsToAWaitingSite) {
  ConnectionBudget budget(4);
  int woken = 0;
  int slow = budget.Join([] {});
  int fast = budget.Join([&] { ++woken; });
  // Nobody else asked yet: the whole budget may go to one site.
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(budget.TryAcquire(slow, "slow-" + std::to_string(i), 4)) << i;
  EXPECT_FALSE(budget.TryAcquire(fast, "fast", 4));
  budget.Release(slow, "slow-0");
  EXPECT_EQ(woken, 1);
  // The slow site holds 3 of 4 slots, more than its share of 2, and the fast site waits.
  EXPECT_FALSE(budget.TryAcquire(slow, "slow-0", 4));
  EXPECT_TRUE(budget.TryAcquire(fast, "fast", 4));
  EXPECT_EQ(budget.in_use(), 4);
}

TEST(ConnectionBudgetTest, HostCapCountsTransfersOfEverySite) {
  ConnectionBudget budget(10);
  int a = budget.Join([] {});
  int b = budget.Join([] {});
  EXPECT_TRUE(budget.TryAcquire(a, "www.gov.cn", 2));
  EXPECT_TRUE(budget.TryAcquire(b, "www.gov.cn", 2));
  EXPECT_FALSE(budget.TryAcquire(a, "www.gov.cn", 2));
  EXPECT_FALSE(budget.TryAcquire(b, "www.gov.cn", 2));
  EXPECT_TRUE(budget.TryAcquire(b, "www.example.gov.cn", 2));
  budget.Release(a, "www.gov.cn");
  EXPECT_TRUE(budget.TryAcquire(b, "www.gov.cn", 2));
  EXPECT_EQ(budget.in_use(), 3);
}

// Findings of one site's findings.json that are open (not dismissed), by severity.
std::map<std::string, int> OpenBySeverity(const nlohmann::json& findings) {
  std::map<std::string, int> count{{"high", 0}, {"medium", 0}, {"low", 0}};
  for (const auto& f : findings["findings"]) {
    if (f["status"] != "false_positive") ++count[f["severity"].get<std::string>()];
  }
  return count;
}

std::set<std::string> BrokenLinks(const nlohmann::json& findings) {
  std::set<std::string> urls;
  for (const auto& f : findings["findings"]) {
    if (f["rule"] == "link.broken") urls.insert(f["url"].get<std::string>());
  }
  return urls;
}

class MultiSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fast_.ServeHtml("/",
                    "<html><head><title>快站点首页</title></head><body><a href='/a.html'>通知</a>"
                    "<a href='/dead.html'>已删除的通知</a></body></html>");
    fast_.ServeHtml("/a.html", "<html><head><title>通知</title></head><body><p>正文</p></body></html>");
    // On a night a test chooses, the removed page answers 503 instead of 404.
    fast_.server().set_pre_routing_handler([this](const auto& req, auto& res) {
      if (!dead_page_fails_ || req.path != "/dead.html") return httplib::Server::HandlerResponse::Unhandled;
      res.status = 503;
      res.set_content("维护中", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    });
    fast_.Start();
    // Every answer of the slow site, robots.txt and 404s included, takes about 300 ms.
    slow_.server().set_pre_routing_handler([](const auto&, auto&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return httplib::Server::HandlerResponse::Unhandled;
    });
    slow_.ServeHtml("/",
                    "<html><head><title>慢站点首页</title></head><body><a href='/b.html'>公告</a>"
                    "<a href='/gone.html'>旧公告</a><a href='/gone2.html'>旧文件</a></body></html>");
    slow_.ServeHtml("/b.html",
                    "<html><head><title>公告</title></head><body><a href='/gone.html'>旧公告</a></body></html>");
    slow_.Start();
    down_url_ = "http://127.0.0.1:" + std::to_string(testing::UnusedPort()) + "/";
  }

  // Small sites and short timeouts keep the test quick.
  std::string WriteConfig(const TempDir& dir, const std::string& sites) {
    std::string path = dir / "sites.toml";
    std::ofstream(path) << "[audit]\ndb = \"" << dir / "audit.db" << "\"\nout = \"" << dir / "out-{date}"
                        << "\"\nparallel_sites = 3\n"
                        << "[crawl]\nper_host_interval_s = 0\ntimeout_s = 5\nconnect_timeout_s = 2\nretries = 0\n"
                        << "max_pages = 50\nsitemaps = false\nglobal_connections = 2\n"
                        << sites;
    return path;
  }
  std::string ThreeSites(const TempDir& dir) {
    return WriteConfig(dir, "[[site]]\nname = \"快站点\"\nslug = \"fast\"\nstart_urls = [\"" + fast_.Url("/") +
                                "\"]\n[[site]]\nname = \"慢站点 <b>&\"\nstart_urls = [\"" + slow_.Url("/") +
                                "\"]\n[[site]]\nname = \"无法访问的站点\"\nslug = \"down\"\nstart_urls = [\"" +
                                down_url_ + "\"]\n");
  }
  std::string SlowSlug() const { return "127.0.0.1-" + std::to_string(slow_.port()); }

  LoopbackServer fast_;
  LoopbackServer slow_;
  std::string down_url_;
  std::atomic<bool> dead_page_fails_ = false;
};

TEST_F(MultiSiteTest, OverviewListsEverySiteAndTheUnreachableOneAsFailed) {
  TempDir dir("govaudit-multi");
  auto r = RunGovaudit("audit --config " + ThreeSites(dir) + " --as-of 2026-11-26 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;  // one unreachable site among others is not an error
  const auto out = dir.path() / "out-2026-11-26";
  EXPECT_NE(r.output.find("总览：" + (out / "index.html").string()), std::string::npos) << r.output;

  auto summary = nlohmann::json::parse(ReadWholeFile(out / "summary.json"));
  EXPECT_EQ(summary["as_of"], "2026-11-26");
  EXPECT_EQ(summary["sites_total"], 3);
  EXPECT_EQ(summary["sites_audited"], 2);
  EXPECT_EQ(summary["sites_failed"], 1);
  ASSERT_EQ(summary["sites"].size(), 3u);

  std::map<std::string, nlohmann::json> by_name;
  for (const auto& s : summary["sites"]) by_name[s["name"].get<std::string>()] = s;
  const auto& down = by_name.at("无法访问的站点");
  EXPECT_EQ(down["status"], "failed");
  EXPECT_EQ(down["failure"].get<std::string>().rfind("start URL " + down_url_ + " is unreachable: ", 0), 0u)
      << down["failure"];
  EXPECT_TRUE(down["report"].is_null());
  EXPECT_TRUE(down["rank"].is_null());
  EXPECT_EQ(summary["sites"][2]["name"], "无法访问的站点");  // failed sites come after the ranking
  // The failed site's own report says so (nothing to carry: it never had a complete run).
  EXPECT_NE(ReadWholeFile(out / "down" / "report.html").find("本次检查失败"), std::string::npos);

  int64_t open_total = 0;
  for (const auto& [name, slug] : std::map<std::string, std::string>{{"快站点", "fast"}, {"慢站点 <b>&", SlowSlug()}}) {
    const auto& s = by_name.at(name);
    EXPECT_EQ(s["status"], "audited") << name;
    EXPECT_EQ(s["slug"], slug);
    EXPECT_EQ(s["report"], slug + "/report.html");
    EXPECT_TRUE(std::filesystem::exists(out / slug / "report.html")) << slug;
    EXPECT_TRUE(std::filesystem::exists(out / slug / "findings.csv")) << slug;
    auto findings = nlohmann::json::parse(ReadWholeFile(out / slug / "findings.json"));
    auto open = OpenBySeverity(findings);
    EXPECT_EQ(s["open"]["high"], open["high"]) << name;
    EXPECT_EQ(s["open"]["medium"], open["medium"]) << name;
    EXPECT_EQ(s["open"]["low"], open["low"]) << name;
    EXPECT_EQ(s["open"]["total"], findings["findings"].size()) << name;
    EXPECT_EQ(s["new"], findings["run"]["new"]) << name;
    EXPECT_EQ(s["new"], findings["findings"].size()) << name;  // the first night: everything is new
    EXPECT_EQ(s["fixed"], 0) << name;
    EXPECT_TRUE(s["previous_run"].is_null()) << name;
    EXPECT_EQ(s["run"], findings["run"]["id"]) << name;
    EXPECT_EQ(findings["run"]["site"], name);
    EXPECT_EQ(findings["run"]["as_of"], "2026-11-26");
    EXPECT_TRUE(s["complete"].get<bool>()) << name;
    open_total += s["open"]["total"].get<int64_t>();
  }
  EXPECT_EQ(summary["open"]["total"], open_total);
  EXPECT_EQ(BrokenLinks(nlohmann::json::parse(ReadWholeFile(out / "fast" / "findings.json"))),
            std::set<std::string>{fast_.Url("/dead.html")});
  EXPECT_EQ(BrokenLinks(nlohmann::json::parse(ReadWholeFile(out / SlowSlug() / "findings.json"))),
            (std::set<std::string>{slow_.Url("/gone.html"), slow_.Url("/gone2.html")}));

  // Ranked by open high, then medium, then low findings.
  const auto& first = summary["sites"][0];
  const auto& second = summary["sites"][1];
  EXPECT_EQ(first["rank"], 1);
  EXPECT_EQ(second["rank"], 2);
  auto key = [](const nlohmann::json& s) {
    return std::make_tuple(s["open"]["high"].get<int>(), s["open"]["medium"].get<int>(), s["open"]["low"].get<int>());
  };
  EXPECT_GE(key(first), key(second));

  std::string html = ReadWholeFile(out / "index.html");
  EXPECT_NE(html.find("慢站点 &lt;b&gt;&amp;"), std::string::npos);
  EXPECT_EQ(html.find("慢站点 <b>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"fast/report.html\">快站点</a>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"" + SlowSlug() + "/report.html\">"), std::string::npos);
  EXPECT_EQ(html.find("down/report.html"), std::string::npos);
  EXPECT_NE(html.find("无法访问的站点"), std::string::npos);
  EXPECT_NE(html.find("start URL " + down_url_ + " is unreachable"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http-equiv"), std::string::npos);

  // Each site has its own run in the one database; the unreachable one's is recorded too.
  std::map<std::string, std::string> runs;
  if (auto store = testing::ReadStore(dir / "audit.db")) {
    for (const db::RunInfo& run : store->ListRuns().value_or({})) runs[run.site] = run.stop_reason;
  }
  EXPECT_EQ(runs, (std::map<std::string, std::string>{{"快站点", "finished"},
                                                       {"慢站点 <b>&", "finished"},
                                                       {"无法访问的站点", "start-url-unreachable"}}));
}

TEST_F(MultiSiteTest, SecondNightComparesWithTheFirstAndFailOnCoversEverySite) {
  TempDir dir("govaudit-multi");
  std::string config = ThreeSites(dir);
  ASSERT_EQ(RunGovaudit("audit --config " + config + " --as-of 2026-11-26 --quiet").exit_code, 0);
  auto r = RunGovaudit("audit --config " + config + " --as-of 2026-11-27 --quiet --fail-on high");
  EXPECT_EQ(r.exit_code, 1) << r.output;  // link.broken is high, in both audited sites
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "out-2026-11-26" / "index.html"));  // last night's stays
  auto summary = nlohmann::json::parse(ReadWholeFile(dir.path() / "out-2026-11-27" / "summary.json"));
  for (const auto& s : summary["sites"]) {
    if (s["status"] == "failed") continue;
    EXPECT_FALSE(s["previous_run"].is_null()) << s["name"];
    EXPECT_EQ(s["new"], 0) << s["name"];
    EXPECT_EQ(s["fixed"], 0) << s["name"];
  }
}

TEST_F(MultiSiteTest, AFindingWhosePageFailedTonightIsCountedAsNotRecheckedNotFixed) {
  TempDir dir("govaudit-multi");
  std::string config = ThreeSites(dir);
  ASSERT_EQ(RunGovaudit("audit --config " + config + " --as-of 2026-11-26 --quiet").exit_code, 0);
  dead_page_fails_ = true;  // last night's broken link (404) cannot be read again tonight
  auto r = RunGovaudit("audit --config " + config + " --as-of 2026-11-27 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("已整改 0，未能复查 1"), std::string::npos) << r.output;

  const auto out = dir.path() / "out-2026-11-27";
  auto summary = nlohmann::json::parse(ReadWholeFile(out / "summary.json"));
  std::map<std::string, std::pair<int, int>> fixed_and_not_rechecked;
  for (const auto& s : summary["sites"]) {
    if (s["status"] == "failed") continue;
    fixed_and_not_rechecked[s["name"]] = {s["fixed"].get<int>(), s["not_rechecked"].get<int>()};
  }
  EXPECT_EQ(fixed_and_not_rechecked,
            (std::map<std::string, std::pair<int, int>>{{"快站点", {0, 1}}, {"慢站点 <b>&", {0, 0}}}));
  EXPECT_EQ(summary["fixed"], 0);
  EXPECT_EQ(summary["not_rechecked"], 1);
  // The site's own report lists the finding the overview counts.
  auto findings = nlohmann::json::parse(ReadWholeFile(out / "fast" / "findings.json"));
  ASSERT_EQ(findings["not_rechecked"].size(), 1u) << findings.dump(1);
  EXPECT_EQ(findings["not_rechecked"][0]["url"], fast_.Url("/dead.html"));
  EXPECT_NE(ReadWholeFile(out / "index.html").find("<b id=\"count-not-rechecked\">1</b>未能复查"), std::string::npos);
}

TEST_F(MultiSiteTest, FlagsApplyToEverySite) {
  TempDir dir("govaudit-multi");
  auto r = RunGovaudit("audit --config " + ThreeSites(dir) + " --as-of 2026-11-26 --quiet --max-pages 1 --out " +
                       dir / "flag-{date}");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto summary = nlohmann::json::parse(ReadWholeFile(dir.path() / "flag-2026-11-26" / "summary.json"));
  int audited = 0;
  for (const auto& s : summary["sites"]) {
    if (s["status"] == "failed") continue;
    ++audited;
    EXPECT_EQ(s["pages"], 1) << s["name"];
    EXPECT_EQ(s["stop_reason"], "max-pages") << s["name"];
    EXPECT_FALSE(s["complete"].get<bool>()) << s["name"];
  }
  EXPECT_EQ(audited, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out-2026-11-26"));
}

TEST_F(MultiSiteTest, EverySiteFailingExitsTwoAndTheOverviewSaysWhy) {
  LoopbackServer broken;
  broken.server().set_pre_routing_handler([](const auto&, auto& res) {
    res.status = 503;
    res.set_content("维护中", "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  });
  broken.Start();
  TempDir dir("govaudit-multi");
  std::string config = WriteConfig(dir, "[[site]]\nname = \"维护中的站点\"\nslug = \"broken\"\nstart_urls = [\"" +
                                            broken.Url("/") + "\"]\n[[site]]\nname = \"无法访问的站点\"\nstart_urls = [\"" +
                                            down_url_ + "\"]\n");
  auto r = RunGovaudit("audit --config " + config + " --as-of 2026-11-26 --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no site could be audited"), std::string::npos) << r.output;
  auto summary = nlohmann::json::parse(ReadWholeFile(dir.path() / "out-2026-11-26" / "summary.json"));
  EXPECT_EQ(summary["sites_failed"], 2);
  std::map<std::string, std::string> failures;
  for (const auto& s : summary["sites"]) failures[s["name"]] = s["failure"];
  EXPECT_EQ(failures.at("维护中的站点"), "start URL " + broken.Url("/") +
                                          " gave no page to audit: answered HTTP 503; the run is recorded as failed "
                                          "and nothing is marked fixed");
  EXPECT_EQ(failures.at("无法访问的站点").rfind("start URL " + down_url_ + " is unreachable", 0), 0u);
}

TEST_F(MultiSiteTest, UrlsOnTheCommandLineAuditOneSiteWithTheFilesSettings) {
  TempDir dir("govaudit-multi");
  auto r = RunGovaudit("audit " + fast_.Url("/") + " --config " + ThreeSites(dir) + " --as-of 2026-11-26 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto out = dir.path() / "out-2026-11-26";
  EXPECT_FALSE(std::filesystem::exists(out / "index.html"));  // one site: its report is the output
  auto findings = nlohmann::json::parse(ReadWholeFile(out / "findings.json"));
  EXPECT_EQ(findings["run"]["site"], "http://127.0.0.1:" + std::to_string(fast_.port()));
  EXPECT_EQ(findings["run"]["settings"]["per_host_interval_s"], 0);  // from the file's [crawl]
  EXPECT_EQ(BrokenLinks(findings), std::set<std::string>{fast_.Url("/dead.html")});
}

TEST(MultiSiteConfigTest, BadConfigExitsTwoNamingFileLineAndKey) {
  TempDir dir("govaudit-multi");
  std::string path = dir / "sites.toml";
  std::ofstream(path) << "[[site]]\nname = \"a\"\nstart_urls = [\"http://127.0.0.1:9/\"]\n"
                         "[[site]]\nname = \"a\"\nstart_urls = [\"http://127.0.0.1:10/\"]\n";
  auto r = RunGovaudit("audit --config " + path);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(path + ":5: key 'site[1].name': 'a' is already the name of site[0]"), std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace govaudit
