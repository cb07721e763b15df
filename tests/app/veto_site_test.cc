// End to end: the veto-site fixture (tests/fixtures/veto-site, see its README) served on
// 127.0.0.1 and audited by the govaudit command on 2026-11-26 into three databases: one without
// probes, one holding a week of probes with 8 failures in 168 (4.8 %), one with 9 (5.4 %). The
// message board, the service guides and the stored probes give exactly the planted findings and
// veto rows; the serious misstatement waits for a person, and confirming it in triage fails the
// site. `govaudit probe` itself stores what it measured.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/demo_server.h"
#include "common/url.h"
#include "db/store.h"
#include "tests/support/findings_json.h"
#include "tests/support/fixture_site.h"
#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult, testing::FindingOf, testing::ReadWholeFile, testing::RunGovaudit, testing::ServeFixture,
    testing::TempDir;

using Findings = std::set<std::pair<std::string, std::string>>;  // rule, path
using Rows = std::map<std::string, std::pair<int, std::string>>;  // veto row → count, status

// A week of hourly probes of `url` ending where the audit of 2026-11-26 (China time) ends, the
// window the audit judges: 24 a day for 7 days, `failures` of them in a row from the third day.
std::vector<db::ProbeRecord> Week(const std::string& site, const std::string& url, int failures) {
  std::vector<db::ProbeRecord> out;
  for (int day = 0; day < 7; ++day) {
    for (int hour = 0; hour < 24; ++hour) {
      const int n = day * 24 + hour;
      // 2026-11-19T16:30Z is 00:30 on the 20th in China, the window's first half hour.
      const int h = (16 + hour) % 24;
      const int d = 19 + day + (16 + hour) / 24;
      char at[32];
      std::snprintf(at, sizeof at, "2026-11-%02dT%02d:30:00Z", d, h);
      const bool ok = n < 48 || n >= 48 + failures;
      out.push_back({site, url, false, at, ok ? 200 : 0, ok ? 120.0 : 15000.0, ok, ok ? "" : "timeout",
                     ok ? "" : "no answer within 15 s"});
    }
  }
  return out;
}

class VetoSiteTest : public ::testing::Test {
 protected:
  struct Audit {
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<StaticSiteServer> site;
    std::map<std::string, CommandResult> results;  // by database: none, good, bad
  };

  static void SetUpTestSuite() {
    audit_ = new Audit;
    audit_->dir = std::make_unique<TempDir>("govaudit-veto-site");
    audit_->site = ServeFixture("veto-site");
    ASSERT_NE(audit_->site, nullptr);
    const TempDir& dir = *audit_->dir;
    // Our own loopback server: no pause between requests.
    std::ofstream(dir / "audit.toml") << "[crawl]\ncheck_external_links = false\nper_host_interval_s = 0\n";
    // The probes are stored under the name the audit gives the site: its origin.
    const std::string base = audit_->site->base_url();
    const std::string origin = ParseUrl(base)->Origin();
    for (const auto& [name, failures] : std::map<std::string, int>{{"good", 8}, {"bad", 9}}) {
      auto store = db::Store::Open(dir / (name + ".db"));
      ASSERT_TRUE(store.ok()) << store.status().message();
      ASSERT_TRUE((*store)->PutProbes(Week(origin, base, failures)).ok());
    }
    for (const std::string name : {"none", "good", "bad"}) {
      audit_->results[name] = RunGovaudit("audit " + base + " --config " + dir / "audit.toml" + " --out " +
                                          dir / name + " --db " + dir / (name + ".db") +
                                          " --as-of 2026-11-26 --threads 2 --quiet");
    }
  }

  static void TearDownTestSuite() {
    delete audit_;
    audit_ = nullptr;
  }

  void SetUp() override {
    for (const auto& [name, result] : audit_->results) ASSERT_EQ(result.exit_code, 0) << name << "\n" << result.output;
  }

  static fs::path Dir() { return audit_->dir->path(); }
  static nlohmann::json Json(const std::string& out) {
    return nlohmann::json::parse(ReadWholeFile(Dir() / out / "findings.json"));
  }
  static std::string Path(const std::string& url) { return url.substr(audit_->site->base_url().size() - 1); }

  // The findings of the families this fixture plants (interaction, service, availability,
  // content).
  static Findings Planted(const nlohmann::json& json) {
    Findings found;
    for (const auto& f : json["findings"]) {
      const std::string rule = f["rule"];
      for (const char* family : {"interaction.", "service.", "availability.", "content."}) {
        if (rule.rfind(family, 0) == 0) found.insert({rule, Path(f["url"])});
      }
    }
    return found;
  }

  static Rows VetoRows(const nlohmann::json& json) {
    Rows rows;
    for (const auto& item : json["run"]["veto"]["items"]) rows[item["id"]] = {item["count"].get<int>(), item["status"]};
    return rows;
  }

  static Audit* audit_;
};

VetoSiteTest::Audit* VetoSiteTest::audit_ = nullptr;

const Findings kSiteFindings = {
    {"interaction.unanswered", "/hdjl/zxzx/0603.html"},   // 2026-06-03, still 办理中
    {"interaction.slow_reply", "/hdjl/zxzx/0901.html"},   // answered after 16 working days
    {"interaction.board_stale", "/hdjl/lyxd/"},           // 留言选登, newest reply 2026-09-22
    {"service.guide_incomplete", "/bsfw/bszn/02.html"},   // 2 elements missing
    {"service.guide_unusable", "/bsfw/bszn/03.html"},     // 6 missing, and so on
    {"service.guide_unusable", "/bsfw/bszn/04.html"},
    {"service.guide_unusable", "/bsfw/bszn/05.html"},
    {"service.guide_unusable", "/bsfw/bszn/06.html"},
    {"service.guide_unusable", "/bsfw/bszn/07.html"},
    {"content.serious_typo", "/xwdt/2026-11-20-meeting.html"},
};

// Every row but availability, the same whatever the probes.
Rows Expected(std::pair<int, std::string> availability) {
  return {
      {"serious_problems", {0, "review"}},  // the typo, not yet confirmed
      {"availability", availability},
      {"home_stale", {0, "passed"}},
      {"column_stale_news_notice", {0, "passed"}},
      {"column_stale_all", {0, "passed"}},
      {"column_empty", {0, "passed"}},
      {"interaction_channel", {0, "passed"}},     // 在线咨询 answers
      {"interaction_unanswered", {1, "failed"}},  // not the old, recent, invalid or excluded ones
      {"service_none", {0, "passed"}},
      {"service_guides", {5, "failed"}},  // 5 guides missing at least 4 elements
  };
}

TEST_F(VetoSiteTest, ExactlyThePlantedFindingsWhateverTheProbes) {
  EXPECT_EQ(Planted(Json("none")), kSiteFindings) << Json("none")["findings"].dump(2);
  EXPECT_EQ(Planted(Json("good")), kSiteFindings);
  Findings with_outage = kSiteFindings;
  with_outage.insert({"availability.unreachable", "/"});
  EXPECT_EQ(Planted(Json("bad")), with_outage);
}

TEST_F(VetoSiteTest, VetoRowsFromTheBoardTheGuidesAndTheProbes) {
  EXPECT_EQ(VetoRows(Json("none")), Expected({0, "not_checked"})) << Json("none")["run"]["veto"].dump(2);
  EXPECT_EQ(VetoRows(Json("good")), Expected({0, "passed"})) << Json("good")["run"]["veto"].dump(2);
  EXPECT_EQ(VetoRows(Json("bad")), Expected({1, "failed"})) << Json("bad")["run"]["veto"].dump(2);
  for (const std::string name : {"none", "good", "bad"}) EXPECT_EQ(Json(name)["run"]["veto"]["verdict"], "failed");
}

TEST_F(VetoSiteTest, MessagesAreNamedWithTheirDatesAndPersonalDataMasked) {
  const nlohmann::json json = Json("none");
  const nlohmann::json* unanswered = FindingOf(json, "interaction.unanswered");
  ASSERT_NE(unanswered, nullptr);
  const std::string message = (*unanswered)["message"];
  EXPECT_NE(message.find("关于老旧小区改造进度的咨询"), std::string::npos) << message;
  EXPECT_NE(message.find("2026-06-03"), std::string::npos) << message;
  EXPECT_EQ(message.find("13912345678"), std::string::npos) << message;
  EXPECT_NE(message.find("139****5678"), std::string::npos) << message;
  const nlohmann::json* slow = FindingOf(json, "interaction.slow_reply");
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ((*slow)["message"], "留言《咨询城乡居民医保缴费时间》于 2026-09-01 提交，2026-09-22 答复，用时 16 个工作日（超过 5 个工作日）");

  const nlohmann::json interaction = json["run"]["interaction"];
  EXPECT_EQ(interaction["unanswered"].size(), 1u);
  EXPECT_EQ(interaction["slowest"]["title"], "咨询城乡居民医保缴费时间");
  EXPECT_EQ(interaction["slowest"]["reply_workdays"], 16);
  const std::string html = ReadWholeFile(Dir() / "none" / "report.html");
  EXPECT_EQ(html.find("13912345678"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"interaction\">"), std::string::npos);
}

TEST_F(VetoSiteTest, TheReportShowsTheWeekOfProbes) {
  const nlohmann::json bad = Json("bad")["run"]["availability"];
  EXPECT_EQ(bad["from"], "2026-11-19T16:00:00Z");
  EXPECT_EQ(bad["to"], "2026-11-26T16:00:00Z");
  EXPECT_EQ(bad["probes"], 168);
  EXPECT_EQ(bad["failures"], 9);
  EXPECT_EQ(bad["longest_outage_s"], 9 * 3600);
  EXPECT_EQ(bad["judged"], true);
  const std::string html = ReadWholeFile(Dir() / "bad" / "report.html");
  EXPECT_NE(html.find("首页探测 <b>168</b> 次，失败 <b>9</b> 次，失败率 <b>5.4%</b>；最长中断 9 小时"), std::string::npos);
  EXPECT_NE(html.find("<tr data-veto=\"availability\" data-status=\"failed\">"), std::string::npos);
  const nlohmann::json bad_json = Json("bad");
  const nlohmann::json* finding = FindingOf(bad_json, "availability.unreachable");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ((*finding)["message"], "首页近 7 天探测 168 次，失败 9 次（5.4%，达到 5%）");

  EXPECT_EQ(Json("good")["run"]["availability"]["failures"], 8);
  const std::string none = ReadWholeFile(Dir() / "none" / "report.html");
  EXPECT_NE(none.find("id=\"availability-none\""), std::string::npos);
  EXPECT_NE(none.find("<tr data-veto=\"availability\" data-status=\"not_checked\">"), std::string::npos);
}

TEST_F(VetoSiteTest, ConfirmingTheMisstatementInTriageFailsItsRow) {
  const nlohmann::json good = Json("good");
  const nlohmann::json* typo = FindingOf(good, "content.serious_typo");
  ASSERT_NE(typo, nullptr);
  const std::string db = " --db " + (Dir() / "good.db").string();
  const CommandResult set =
      RunGovaudit("triage set " + (*typo)["id"].get<std::string>() + " acknowledged --note '国名错误，已核实' --by 李四" + db);
  ASSERT_EQ(set.exit_code, 0) << set.output;
  const CommandResult report = RunGovaudit("report" + db + " --out " + (Dir() / "confirmed").string());
  ASSERT_EQ(report.exit_code, 0) << report.output;
  Rows expected = Expected({0, "passed"});
  expected["serious_problems"] = {1, "failed"};
  EXPECT_EQ(VetoRows(Json("confirmed")), expected) << Json("confirmed")["run"]["veto"].dump(2);
}

// `govaudit probe` against a live home page and a key page that is gone: both stored with what
// was measured, under the site's name, and the failure named on the terminal.
TEST(ProbeCommandTest, StoresEachProbeOfTheHomePageAndKeyPages) {
  testing::LoopbackServer site;
  site.server().Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body>首页</body></html>", "text/html; charset=utf-8");
  });
  site.server().Get("/zwgk/", [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  site.Start();
  TempDir dir("govaudit-probe-command");
  const std::string db = dir / "probes.db";
  const CommandResult r =
      RunGovaudit("probe " + site.Url("/") + " --key-page " + site.Url("/zwgk/") + " --timeout 5 --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("探测 2 个页面，失败 1 个"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(site.Url("/zwgk/") + ": HTTP 503"), std::string::npos) << r.output;

  auto store = db::Store::Open(db);
  ASSERT_TRUE(store.ok());
  auto probes = (*store)->Probes("http://127.0.0.1:" + std::to_string(site.port()), "2000-01-01", "2100-01-01");
  ASSERT_TRUE(probes.ok()) << probes.status().message();
  ASSERT_EQ(probes->size(), 2u);
  std::map<std::string, db::ProbeRecord> by_url;
  for (const db::ProbeRecord& p : *probes) by_url[p.url] = p;
  const db::ProbeRecord& home = by_url[site.Url("/")];
  EXPECT_TRUE(home.ok);
  EXPECT_FALSE(home.key_page);
  EXPECT_EQ(home.status, 200);
  EXPECT_GT(home.duration_ms, 0);
  const db::ProbeRecord& key = by_url[site.Url("/zwgk/")];
  EXPECT_FALSE(key.ok);
  EXPECT_TRUE(key.key_page);
  EXPECT_EQ(key.status, 503);
  EXPECT_EQ(key.error, "HTTP 503");

  // A site that does not answer is a failed probe, not an error of the command.
  const int port = testing::UnusedPort();
  const CommandResult down =
      RunGovaudit("probe http://127.0.0.1:" + std::to_string(port) + "/ --timeout 2 --db " + db);
  ASSERT_EQ(down.exit_code, 0) << down.output;
  EXPECT_NE(down.output.find("探测 1 个页面，失败 1 个"), std::string::npos) << down.output;
  auto refused = (*store)->Probes("http://127.0.0.1:" + std::to_string(port), "2000-01-01", "2100-01-01");
  ASSERT_TRUE(refused.ok());
  ASSERT_EQ(refused->size(), 1u);
  EXPECT_EQ(refused->front().error_kind, "connect");

  const CommandResult bad = RunGovaudit("probe ftp://127.0.0.1/ --db " + db);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("'ftp://127.0.0.1/'"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace govaudit
