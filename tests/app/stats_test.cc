// govaudit stats over a store with two sites: open findings by rule and by site, the trend of
// a site's last runs, the three formats, the output gate on every value, and errors that name
// the bad value.
#include "app/stats.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "db/store.h"
#include "tests/support/run_command.h"
#include "tests/support/store_runs.h"

namespace govaudit {
namespace {

Finding Broken(const std::string& url, const std::string& rule = "link.broken") {
  Finding f;
  f.rule_id = rule;
  f.severity = Severity::kHigh;
  f.url = url;
  f.message = "broken";
  f.evidence_key = "404";
  return f;
}

void Night(db::Store& store, const std::string& site, const std::vector<Finding>& findings) {
  const int64_t run_id = testing::AddFinishedRun(store, site, findings, "2026-11-26T01:00:00Z");
  ASSERT_TRUE(store.UpdateHistory(run_id).ok());
}

class StatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = db::Store::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    // 示范县: three broken links, then one fixed; the other site's name holds an ID number
    // and an escape sequence, which must not reach the terminal as they are.
    Night(**store, "示范县", {Broken("http://a/1"), Broken("http://a/2"), Broken("http://a/3")});
    Night(**store, "示范县", {Broken("http://a/1"), Broken("http://a/2")});
    Night(**store, kOddSite, {Broken("http://b/1"), Broken("http://b/2", "link.dead_anchor")});
    ASSERT_TRUE((*store)
                    ->SetStatus(Fingerprint(Broken("http://b/2", "link.dead_anchor")), "false_positive", "template",
                                "inspector")
                    .ok());
  }

  StatusOr<std::string> Stats(const std::string& by, const std::string& format, int runs = 10) {
    return StoreStatistics({db_, by, runs, format});
  }

  static constexpr const char* kOddSite = "乙县\x1b[31m 身份证号110101199003071233";
  testing::TempDir dir_{"govaudit-stats"};
  std::string db_ = dir_ / "stats.db";
};

TEST_F(StatsTest, ByRuleCountsOpenFindingsPerSiteMostFirst) {
  auto json = Stats("rule", "json");
  ASSERT_TRUE(json.ok()) << json.status().message();
  auto doc = nlohmann::json::parse(*json);
  ASSERT_EQ(doc["rules"].size(), 1u) << doc.dump(2);  // the dismissed anchor is not open
  const auto& broken = doc["rules"][0];
  EXPECT_EQ(broken["rule"], "link.broken");
  EXPECT_EQ(broken["severity"], "high");
  EXPECT_EQ(broken["open"], 3);
  ASSERT_EQ(broken["sites"].size(), 2u);
  EXPECT_EQ(broken["sites"][0]["site"], "示范县");
  EXPECT_EQ(broken["sites"][0]["open"], 2);  // the third was fixed by the second night
  EXPECT_EQ(broken["sites"][1]["open"], 1);

  auto csv = Stats("rule", "csv");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->substr(0, csv->find('\n')), "rule,severity,site,open\r");
  EXPECT_NE(csv->find("link.broken,high,示范县,2\r\n"), std::string::npos) << *csv;
}

TEST_F(StatsTest, BySiteShowsEachSitesTrendOverItsLastRuns) {
  auto json = Stats("site", "json", 1);
  ASSERT_TRUE(json.ok()) << json.status().message();
  auto doc = nlohmann::json::parse(*json);
  ASSERT_EQ(doc["sites"].size(), 2u);
  EXPECT_EQ(doc["sites"][0]["site"], "示范县");
  ASSERT_EQ(doc["sites"][0]["trend"].size(), 1u);  // --runs 1: the last run only
  EXPECT_EQ(doc["sites"][0]["trend"][0]["open"], 2);

  auto text = Stats("site", "text", 5);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("示范县：#1 2026-11-26：3 → #2 2026-11-26：2"), std::string::npos) << *text;
  auto csv = Stats("site", "csv", 5);
  ASSERT_TRUE(csv.ok());
  EXPECT_NE(csv->find("示范县,1,2026-11-26,3\r\n示范县,2,2026-11-26,2\r\n"), std::string::npos) << *csv;
}

TEST_F(StatsTest, EveryFormatPassesTheOutputGate) {
  for (const char* by : {"rule", "site"}) {
    for (const char* format : {"text", "json", "csv"}) {
      auto out = Stats(by, format);
      ASSERT_TRUE(out.ok()) << out.status().message();
      EXPECT_EQ(out->find('\x1b'), std::string::npos) << by << " " << format;
      EXPECT_EQ(out->find("110101199003071233"), std::string::npos) << by << " " << format << "\n" << *out;
      EXPECT_NE(out->find("乙县"), std::string::npos) << by << " " << format;
    }
  }
}

TEST_F(StatsTest, ErrorsNameTheBadValue) {
  EXPECT_NE(Stats("department", "text").status().message().find("'department'"), std::string::npos);
  EXPECT_NE(Stats("rule", "xml").status().message().find("'xml'"), std::string::npos);
  EXPECT_NE(Stats("rule", "text", 0).status().message().find("--runs"), std::string::npos);
  auto missing = StoreStatistics({dir_ / "none.db", "rule", 10, "text"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("none.db"), std::string::npos);
  auto cli = testing::RunGovaudit("stats --by nothing --db " + db_);
  EXPECT_EQ(cli.exit_code, 2);
  EXPECT_NE(cli.output.find("--by must be rule or site, got 'nothing'"), std::string::npos) << cli.output;
}

}  // namespace
}  // namespace govaudit
