// End to end with the central store: the same audits written to a SQLite file and to a
// PostgreSQL database (a server of the test's own, tests/support/postgres_server.h) give the
// same findings.json — run clock times aside — on a first night and on the next, where one
// defect is fixed and one is new; and `govaudit stats` answers the same from both.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "db/store.h"
#include "tests/support/fixture_site.h"
#include "tests/support/loopback_server.h"
#include "tests/support/postgres_server.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::ReadWholeFile;
using testing::RunGovaudit;

// findings.json without the lines that hold clock times (as scripts/compare-findings.sh).
std::string WithoutClockTimes(const fs::path& findings_json) {
  std::istringstream in(ReadWholeFile(findings_json));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    bool clock = false;
    for (const char* key : {"\"started_at\":", "\"finished_at\":", "\"first_seen_at\":", "\"last_seen_at\":",
                            "\"fetched_at\":", "\"generated_at\":", "\"first_seen\":", "\"last_seen\":"}) {
      clock = clock || line.find(key) != std::string::npos;
    }
    if (!clock) out += line + "\n";
  }
  return out;
}

class CentralStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::TempPostgres& server = testing::TempPostgres::Shared();
    if (!server.ok()) GTEST_SKIP() << "PostgreSQL store not tested: " << server.why_not();
    url_ = server.NewDatabase();
    std::ofstream(dir_ / "audit.toml") << "[crawl]\nper_host_interval_s = 0\nsitemaps = false\n";
  }

  // Audits `start` into the SQLite file and into the PostgreSQL database; the outputs go to
  // out-sqlite-NAME and out-pg-NAME. Returns both exit codes' agreement.
  void AuditBoth(const std::string& start, const std::string& name, const std::string& as_of) {
    const std::string common =
        "audit " + start + " --config " + dir_ / "audit.toml" + " --as-of " + as_of + " --threads 2 --quiet --out ";
    auto lite = RunGovaudit(common + dir_ / ("out-sqlite-" + name) + " --db " + dir_ / "audit.db");
    auto pg = RunGovaudit(common + dir_ / ("out-pg-" + name) + " --db '" + url_ + "'");
    EXPECT_EQ(lite.exit_code, pg.exit_code) << lite.output << "\n---\n" << pg.output;
    EXPECT_NE(pg.exit_code, 2) << pg.output;
  }

  void ExpectSameFindings(const std::string& name) {
    const std::string lite = WithoutClockTimes(dir_.path() / ("out-sqlite-" + name) / "findings.json");
    const std::string pg = WithoutClockTimes(dir_.path() / ("out-pg-" + name) / "findings.json");
    ASSERT_FALSE(lite.empty());
    EXPECT_EQ(lite, pg);
  }

  nlohmann::json Findings(const std::string& out) {
    return nlohmann::json::parse(ReadWholeFile(dir_.path() / out / "findings.json"));
  }

  testing::TempDir dir_{"govaudit-central"};
  std::string url_;
};

TEST_F(CentralStoreTest, PublicationSiteGivesTheSameFindingsInBothStores) {
  auto site = testing::ServeFixture("publication-site");
  ASSERT_NE(site, nullptr);
  AuditBoth(site->base_url(), "1", "2022-11-30");
  ExpectSameFindings("1");
  EXPECT_GT(Findings("out-pg-1")["findings"].size(), 3u);
  // The second night finds the same defects again: all persisting, in both.
  AuditBoth(site->base_url(), "2", "2022-12-01");
  ExpectSameFindings("2");
  EXPECT_EQ(Findings("out-pg-2")["run"]["new"], 0);
}

TEST_F(CentralStoreTest, NextNightMarksFixedAndNewTheSameWayAndStatsAgree) {
  std::atomic<int> night{1};
  testing::LoopbackServer site;
  site.server().Get("/", [&](const auto&, auto& res) {
    std::string links = "<a href='/about.html'>关于我们</a><a href='/kept-gone.html'>旧栏目</a>";
    links += night == 1 ? "<a href='/old-gone.html'>过期通知</a>" : "<a href='/new-gone.html'>新通知</a>";
    res.set_content("<html><head><title>示范县人民政府</title></head><body>" + links + "</body></html>",
                    "text/html; charset=utf-8");
  });
  site.server().Get("/about.html", [](const auto&, auto& res) {
    res.set_content("<html><head><title>关于我们</title></head><body>简介</body></html>", "text/html; charset=utf-8");
  });
  site.Start();
  AuditBoth(site.Url("/"), "1", "2026-11-26");
  ExpectSameFindings("1");
  night = 2;
  AuditBoth(site.Url("/"), "2", "2026-11-27");
  ExpectSameFindings("2");
  const nlohmann::json pg = Findings("out-pg-2");
  EXPECT_EQ(pg["run"]["previous_run"], 1);
  EXPECT_EQ(pg["run"]["new"], 1);
  EXPECT_EQ(pg["run"]["fixed"], 1);

  for (const char* by : {"rule", "site"}) {
    auto lite = RunGovaudit(std::string("stats --format json --runs 5 --by ") + by + " --db " + dir_ / "audit.db");
    auto central = RunGovaudit(std::string("stats --format json --runs 5 --by ") + by + " --db '" + url_ + "'");
    ASSERT_EQ(central.exit_code, 0) << central.output;
    EXPECT_EQ(lite.output, central.output);
  }
  auto trend = nlohmann::json::parse(RunGovaudit("stats --format json --by site --db '" + url_ + "'").output);
  ASSERT_EQ(trend["sites"].size(), 1u);
  EXPECT_EQ(trend["sites"][0]["trend"].size(), 2u);
}

TEST_F(CentralStoreTest, ASecondProcessAuditingTheSameSiteStopsAtOnce) {
  testing::LoopbackServer site;
  site.server().Get("/", [](const auto&, auto& res) {
    res.set_content("<html><head><title>示范县人民政府</title></head><body>首页</body></html>",
                    "text/html; charset=utf-8");
  });
  site.Start();
  // Another process is auditing the site (its runs are named by the start URL's origin).
  auto other = db::Store::Open(url_);
  ASSERT_TRUE(other.ok()) << other.status().message();
  const std::string origin = site.Url("");
  ASSERT_TRUE((*other)->LockSite(origin).ok());
  auto refused = RunGovaudit("audit " + site.Url("/") + " --config " + dir_ / "audit.toml" +
                             " --as-of 2026-11-26 --quiet --out " + dir_ / "out-refused" + " --db '" + url_ + "'");
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("is being audited into postgresql:///"), std::string::npos) << refused.output;
  other->reset();  // that audit ends: this one may start, the store named in the config this time
  std::ofstream(dir_ / "central.toml") << "[audit]\ndb = \"" << url_ << "\"\n[crawl]\nper_host_interval_s = 0\n";
  auto audited = RunGovaudit("audit " + site.Url("/") + " --config " + dir_ / "central.toml" +
                                 " --as-of 2026-11-26 --quiet --out " + dir_ / "out-audited",
                             dir_.path().string());
  EXPECT_NE(audited.exit_code, 2) << audited.output;
  auto stats = RunGovaudit("stats --by site --format csv --db '" + url_ + "'");
  EXPECT_NE(stats.output.find(origin + ",1,"), std::string::npos) << stats.output;  // its run is there
  EXPECT_FALSE(fs::exists(dir_.path() / "govaudit.db"));                            // not the default file beside it
}

}  // namespace
}  // namespace govaudit
