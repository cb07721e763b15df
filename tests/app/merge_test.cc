// `govaudit merge` (issue 19): shards' summary.json files made into one overview; failed
// shards, shards of an older night, shard indexes nobody answered for, sites reported twice and
// sites of the master list no shard reported are all listed; links reach each site's report.
#include "app/merge.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "report/overview.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

SiteSummary Audited(const std::string& name, const std::string& slug, int64_t high) {
  SiteSummary s;
  s.name = name;
  s.slug = slug;
  s.start_urls = {"http://" + slug + ".example.gov.cn/"};
  s.has_report = true;
  s.run_id = 1;
  s.complete = true;
  s.stop_reason = "finished";
  s.pages = 10;
  s.open_high = high;
  return s;
}

// A shard's overview folder as `govaudit audit --shard` leaves it, with a report per site.
void WriteShard(const fs::path& dir, const std::string& as_of, const std::string& shard,
                const std::vector<SiteSummary>& sites) {
  Overview overview;
  overview.as_of = as_of;
  overview.generated_at = as_of + "T01:00:00Z";
  overview.shard = shard;
  overview.sites = sites;
  ASSERT_TRUE(report::WriteOverview(overview, dir.string()).ok());
  for (const SiteSummary& s : sites) {
    fs::create_directories(dir / s.slug);
    std::ofstream(dir / s.slug / "report.html") << "<html>" << s.name << "</html>";
  }
}

nlohmann::json Summary(const fs::path& dir) { return nlohmann::json::parse(ReadWholeFile(dir / "summary.json")); }

std::map<std::string, nlohmann::json> SitesByName(const nlohmann::json& summary) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& s : summary["sites"]) {
    EXPECT_TRUE(out.emplace(s["name"].get<std::string>(), s).second) << s["name"] << " listed twice";
  }
  return out;
}

TEST(MergeTest, CombinesShardsAndListsFailedShardsAndMissingSites) {
  TempDir dir("govaudit-merge");
  WriteShard(dir.path() / "shard-0" / "2026-11-26", "2026-11-26", "0/3",
             {Audited("甲", "jia", 2), Audited("乙", "yi", 0)});
  SiteSummary bing = Audited("丙", "bing", 5);
  bing.new_findings = 3;
  bing.fixed = 2;
  bing.not_rechecked = 4;
  WriteShard(dir.path() / "shard-1" / "2026-11-26", "2026-11-26", "1/3", {bing});
  fs::create_directories(dir.path() / "shard-2" / "2026-11-26");  // started, never finished
  std::ofstream(dir / "sites.toml") << "[[site]]\nname = \"甲\"\nstart_urls = [\"http://jia.example.gov.cn/\"]\n"
                                    << "[[site]]\nname = \"乙\"\nstart_urls = [\"http://yi.example.gov.cn/\"]\n"
                                    << "[[site]]\nname = \"丙\"\nstart_urls = [\"http://bing.example.gov.cn/\"]\n"
                                    << "[[site]]\nname = \"丁\"\nstart_urls = [\"http://ding.example.gov.cn/\"]\n";
  auto r = RunGovaudit("merge " + dir / "shard-0/2026-11-26" + " " + dir / "shard-1/2026-11-26" + " " +
                       dir / "shard-2/2026-11-26" + " --out " + dir / "merged/2026-11-26" + " --config " +
                       dir / "sites.toml");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no summary.json in " + dir / "shard-2/2026-11-26"), std::string::npos) << r.output;

  const fs::path merged = dir.path() / "merged" / "2026-11-26";
  nlohmann::json summary = Summary(merged);
  EXPECT_EQ(summary["as_of"], "2026-11-26");
  EXPECT_EQ(summary["sites_total"], 4);
  EXPECT_EQ(summary["sites_failed"], 1);
  EXPECT_EQ(summary["open"]["high"], 7);
  auto sites = SitesByName(summary);
  ASSERT_EQ(sites.size(), 4u);
  EXPECT_EQ(sites["丙"]["rank"], 1);  // ranked across shards
  // Last night's comparison is carried from the shard, site by site and in the totals.
  EXPECT_EQ(sites["丙"]["new"], 3);
  EXPECT_EQ(sites["丙"]["fixed"], 2);
  EXPECT_EQ(sites["丙"]["not_rechecked"], 4);
  EXPECT_EQ(summary["new"], 3);
  EXPECT_EQ(summary["fixed"], 2);
  EXPECT_EQ(summary["not_rechecked"], 4);
  EXPECT_EQ(sites["丁"]["status"], "failed");
  EXPECT_NE(sites["丁"]["failure"].get<std::string>().find("missing: listed in"), std::string::npos);
  EXPECT_NE(sites["丁"]["failure"].get<std::string>().find("its shard is"), std::string::npos);
  // Relative links from the merged folder reach each site's report in its shard's folder.
  for (const char* name : {"甲", "乙", "丙"}) {
    const std::string link = sites[name]["report"].get<std::string>();
    EXPECT_EQ(link.rfind("../../shard-", 0), 0u) << link;
    EXPECT_TRUE(fs::exists(merged / link)) << link;
    EXPECT_NE(ReadWholeFile(merged / "index.html").find("href=\"" + link + "\""), std::string::npos) << link;
  }
  // The shard that left no summary, and shard 2/3 that no summary answered for, are listed.
  EXPECT_EQ(summary["shards_failed"], 2);
  bool folder_listed = false, index_listed = false;
  for (const auto& s : summary["shards"]) {
    if (s["status"] != "failed") continue;
    folder_listed |= s["dir"] == dir / "shard-2/2026-11-26";
    index_listed |= s["shard"] == "2/3";
  }
  EXPECT_TRUE(folder_listed && index_listed) << summary["shards"].dump(2);
  const std::string html = ReadWholeFile(merged / "index.html");
  EXPECT_NE(html.find("id=\"shards\""), std::string::npos);
  EXPECT_NE(html.find("no folder given holds the summary of shard 2/3"), std::string::npos);
}

TEST(MergeTest, ASiteInTwoShardsIsSaidAndTheNewerKept) {
  TempDir dir("govaudit-merge-twice");
  WriteShard(dir.path() / "a", "2026-11-26", "", {Audited("甲", "jia", 1)});
  WriteShard(dir.path() / "b", "2026-11-26", "", {Audited("甲", "jia", 4), Audited("乙", "yi", 0)});
  // b was written later the same night: its line is the newer.
  nlohmann::json b = Summary(dir.path() / "b");
  b["generated_at"] = "2026-11-26T03:00:00Z";
  std::ofstream(dir.path() / "b" / "summary.json") << b.dump();
  auto r = RunGovaudit("merge " + dir / "a" + " " + dir / "b" + " --out " + dir / "m");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::json summary = Summary(dir.path() / "m");
  auto sites = SitesByName(summary);
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites["甲"]["open"]["high"], 4);
  EXPECT_EQ(sites["甲"]["report"], "../b/jia/report.html");
  ASSERT_EQ(summary["notes"].size(), 1u) << summary.dump(2);
  EXPECT_NE(summary["notes"][0].get<std::string>().find("甲 is in two shards"), std::string::npos);
  EXPECT_NE(r.output.find("甲 is in two shards"), std::string::npos) << r.output;
}

TEST(MergeTest, AShardOfAnOlderNightCountsAsFailedWithItsSites) {
  TempDir dir("govaudit-merge-stale");
  WriteShard(dir.path() / "a", "2026-11-26", "0/2", {Audited("甲", "jia", 1)});
  WriteShard(dir.path() / "b", "2026-11-25", "1/2", {Audited("乙", "yi", 3)});
  auto r = RunGovaudit("merge " + dir / "a" + " " + dir / "b" + " --out " + dir / "m");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::json summary = Summary(dir.path() / "m");
  EXPECT_EQ(summary["as_of"], "2026-11-26");
  auto sites = SitesByName(summary);
  EXPECT_EQ(sites["乙"]["status"], "failed");
  EXPECT_EQ(sites["乙"]["open"]["high"], 0) << "an older night's counts were added to tonight's";
  EXPECT_NE(sites["乙"]["failure"].get<std::string>().find("not audited on 2026-11-26"), std::string::npos);
  EXPECT_EQ(summary["shards_failed"], 1);
}

TEST(MergeTest, CrawledTextIsMaskedAndEscaped) {
  TempDir dir("govaudit-merge-escape");
  SiteSummary site = Audited("<script>alert(1)</script>联系 13812345678", "x", 1);
  site.start_urls = {"http://x.example.gov.cn/?q=<b>"};
  WriteShard(dir.path() / "a", "2026-11-26", "", {site});
  ASSERT_EQ(RunGovaudit("merge " + dir / "a" + " --out " + dir / "m").exit_code, 0);
  const std::string html = ReadWholeFile(dir.path() / "m" / "index.html");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("q=<b>"), std::string::npos);
  EXPECT_NE(html.find("q=&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("13812345678"), std::string::npos);
  EXPECT_EQ(ReadWholeFile(dir.path() / "m" / "summary.json").find("13812345678"), std::string::npos);
}

TEST(MergeTest, NothingToMergeExitsTwoButStillSaysWhy) {
  TempDir dir("govaudit-merge-none");
  auto r = RunGovaudit("merge " + dir / "absent" + " --out " + dir / "m");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  nlohmann::json summary = Summary(dir.path() / "m");
  EXPECT_EQ(summary["shards_failed"], 1);
  r = RunGovaudit("merge --out " + dir / "m");
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

}  // namespace
}  // namespace govaudit
