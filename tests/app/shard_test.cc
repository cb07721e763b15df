// Shards of a master list (issue 19): the I/N value, the stable assignment (host and platform
// kept together, sites keep their shard when others are added, growing N moves few sites), the
// shard files `govaudit shard` writes and the errors of `govaudit audit --shard`.
#include "app/shard.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "tests/support/run_command.h"

namespace govaudit {
namespace {

using testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

SiteConfig Site(const std::string& name, const std::string& url, const std::string& platform = "") {
  SiteConfig site;
  site.options.site_name = name;
  site.options.crawl.start_urls = {url};
  site.platform = platform;
  return site;
}

TEST(ShardSpecTest, ReadsZeroBasedIndexOfCount) {
  auto spec = ParseShardSpec("3/4", "--shard");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->index, 3);
  EXPECT_EQ(spec->count, 4);
  EXPECT_EQ(spec->Label(), "3/4");
  EXPECT_TRUE(ParseShardSpec("0/1", "--shard").ok());
}

TEST(ShardSpecTest, ErrorsNameTheValueAndWhatIsWrong) {
  const std::map<std::string, std::string> cases = {
      {"4/4", "--shard '4/4': the index must be 0 to 3 (it counts from 0"},
      {"/4", "--shard '/4' has no index before '/': is the scheduler's index variable ($JOB_COMPLETION_INDEX"},
      {"0/0", "--shard '0/0': the number of shards must be at least 1"},
      {"2", "--shard '2' is not I/N"},
      {"a/4", "--shard 'a/4' is not I/N with whole numbers"},
      {"-1/4", "--shard '-1/4' is not I/N with whole numbers"},
      {"1/4x", "--shard '1/4x' is not I/N with whole numbers"},
  };
  for (const auto& [text, message] : cases) {
    auto spec = ParseShardSpec(text, "--shard");
    ASSERT_FALSE(spec.ok()) << text;
    EXPECT_NE(spec.status().message().find(message), std::string::npos) << spec.status().message();
  }
}

TEST(ShardAssignmentTest, KeyIsPlatformElseHostAndPort) {
  EXPECT_EQ(ShardKey(Site("a", "http://WWW.Example.gov.cn/zwgk/")), "host:www.example.gov.cn");
  EXPECT_EQ(ShardKey(Site("a", "http://127.0.0.1:8080/")), "host:127.0.0.1:8080");
  EXPECT_EQ(ShardKey(Site("a", "http://127.0.0.1:8080/", "County-CMS")), "platform:county-cms");
}

TEST(ShardAssignmentTest, SpreadsKeysEvenlyAndGrowingMovesOnlyIntoTheNewShard) {
  std::vector<int> per_shard(4);
  int moved = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string key = "host:site" + std::to_string(i) + ".example.gov.cn";
    const int four = ShardOf(key, 4);
    ASSERT_GE(four, 0);
    ASSERT_LT(four, 4);
    EXPECT_EQ(ShardOf(key, 4), four) << "not deterministic";
    ++per_shard[static_cast<size_t>(four)];
    const int five = ShardOf(key, 5);
    if (five != four) {
      EXPECT_EQ(five, 4) << key << " moved between old shards";
      ++moved;
    }
  }
  for (int n : per_shard) EXPECT_NEAR(n, 500, 100);
  EXPECT_NEAR(moved, 400, 100);  // about 1/5 of the keys go to the new shard
  EXPECT_EQ(ShardOf("anything", 1), 0);
}

TEST(ShardAssignmentTest, ShardsPartitionTheListAndKeepHostsAndPlatformsTogether) {
  std::vector<SiteConfig> sites;
  for (int i = 0; i < 30; ++i) {
    sites.push_back(Site("site" + std::to_string(i), "http://h" + std::to_string(i) + ".example.gov.cn/"));
  }
  sites.push_back(Site("same-host", "http://h3.example.gov.cn/other/"));
  sites.push_back(Site("platform-a", "http://county1.example.gov.cn/", "cms"));
  sites.push_back(Site("platform-b", "http://county2.example.gov.cn/", "cms"));
  std::map<std::string, int> shard_of;
  for (int i = 0; i < 4; ++i) {
    for (const SiteConfig& site : SitesOfShard(sites, {i, 4})) {
      EXPECT_TRUE(shard_of.emplace(site.options.site_name, i).second) << site.options.site_name << " twice";
    }
  }
  EXPECT_EQ(shard_of.size(), sites.size());
  EXPECT_EQ(shard_of["same-host"], shard_of["site3"]);
  EXPECT_EQ(shard_of["platform-a"], shard_of["platform-b"]);
}

TEST(ShardAssignmentTest, ExpandsTheShardPlaceholder) {
  EXPECT_EQ(ExpandShard("/srv/shard-{shard}/db-{shard}.db", 7), "/srv/shard-7/db-7.db");
  EXPECT_TRUE(HasShardPlaceholder("x/{shard}"));
  EXPECT_FALSE(HasShardPlaceholder("x/{date}"));
}

std::string MasterList(const TempDir& dir, int sites) {
  std::string path = dir / "sites.toml";
  std::ofstream out(path);
  out << "[audit]\ndb = \"" << dir / "shard-{shard}/govaudit.db"
      << "\"\nout = \"" << dir / "shard-{shard}/{date}"
      << "\"\n[crawl]\nper_host_interval_s = 0\n";
  for (int i = 0; i < sites; ++i) {
    out << "[[site]]\nname = \"站点" << i << "\"\nstart_urls = [\"http://h" << i << ".example.gov.cn/\"]\n";
  }
  out << "[[site]]\nname = \"同一主机\"\nslug = \"same-host\"\nstart_urls = [\"http://h1.example.gov.cn/b/\"]\n"
      << "[[site]]\nname = \"平台甲\"\nplatform = \"cms\"\nstart_urls = [\"http://p1.example.gov.cn/\"]\n"
      << "[[site]]\nname = \"平台乙\"\nplatform = \"cms\"\nstart_urls = [\"http://p2.example.gov.cn/\"]\n";
  return path;
}

// Site name → shard index, from the files `govaudit shard` wrote.
std::map<std::string, int> ShardsOnDisk(const TempDir& dir, const std::string& folder, int count) {
  std::map<std::string, int> out;
  for (int i = 0; i < count; ++i) {
    const std::string path = dir / (folder + "/shard-" + std::to_string(i) + ".toml");
    auto config = LoadConfigFile(path);
    EXPECT_TRUE(config.ok()) << config.status().message();
    if (!config.ok()) continue;
    EXPECT_EQ(config->shard, std::to_string(i) + "/" + std::to_string(count));
    EXPECT_EQ(config->defaults.db_path, dir / ("shard-" + std::to_string(i) + "/govaudit.db"));
    EXPECT_EQ(config->defaults.out_dir, dir / ("shard-" + std::to_string(i) + "/{date}"));
    for (const SiteConfig& site : config->sites) {
      EXPECT_TRUE(out.emplace(site.options.site_name, i).second) << site.options.site_name << " in two files";
      EXPECT_DOUBLE_EQ(site.options.crawl.per_host_interval_s, 0) << "settings of the master list lost";
    }
  }
  return out;
}

TEST(ShardCommandTest, WritesShardFilesAndSitesKeepTheirShardWhenOthersAreAdded) {
  TempDir dir("govaudit-shard-files");
  auto r = RunGovaudit("shard --config " + MasterList(dir, 12) + " --shards 3 --out " + dir / "shards");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("shard 0/3: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("15 sites in 3 shards"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("平台甲  (platform:cms)"), std::string::npos) << r.output;
  std::map<std::string, int> first = ShardsOnDisk(dir, "shards", 3);
  ASSERT_EQ(first.size(), 15u);
  EXPECT_EQ(first["同一主机"], first["站点1"]);
  EXPECT_EQ(first["平台甲"], first["平台乙"]);
  // The written files say where they come from, and that a change belongs in the master list.
  EXPECT_NE(ReadWholeFile(dir.path() / "shards" / "shard-0.toml").find("# Shard 0/3"), std::string::npos);

  r = RunGovaudit("shard --config " + MasterList(dir, 20) + " --shards 3 --out " + dir / "shards2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::map<std::string, int> second = ShardsOnDisk(dir, "shards2", 3);
  ASSERT_EQ(second.size(), 23u);
  for (const auto& [name, shard] : first) EXPECT_EQ(second[name], shard) << name << " changed shard";
}

TEST(ShardCommandTest, ErrorsNameTheBadValue) {
  TempDir dir("govaudit-shard-errors");
  const std::string master = MasterList(dir, 2);
  auto r = RunGovaudit("shard --config " + master + " --shards 0 --out " + dir / "s");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--shards must be at least 1, got 0"), std::string::npos) << r.output;
  r = RunGovaudit("shard --config " + dir / "absent.toml" + " --shards 2 --out " + dir / "s");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("absent.toml"), std::string::npos) << r.output;
  r = RunGovaudit("audit --config " + master + " --shard 2/2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--shard '2/2': the index must be 0 to 1"), std::string::npos) << r.output;
  r = RunGovaudit("audit http://127.0.0.1:9/ --shard 0/2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--shard needs --config"), std::string::npos) << r.output;
  // Without a shard, {shard} in the paths has no value.
  r = RunGovaudit("audit --config " + master);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("holds {shard}: audit one shard with --shard I/N"), std::string::npos) << r.output;
  // A shard file is not split again.
  ASSERT_EQ(RunGovaudit("shard --config " + master + " --shards 2 --out " + dir / "s").exit_code, 0);
  r = RunGovaudit("shard --config " + dir / "s/shard-0.toml" + " --shards 2 --out " + dir / "t");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("is itself a shard (0/2)"), std::string::npos) << r.output;
}

TEST(ShardCommandTest, AnEmptyShardWritesAnEmptyOverview) {
  TempDir dir("govaudit-shard-empty");
  std::ofstream(dir / "one.toml") << "[audit]\ndb = \"" << dir / "s{shard}.db"
                                  << "\"\nout = \"" << dir / "out-{shard}"
                                  << "\"\n[[site]]\nname = \"唯一\"\nstart_urls = [\"http://127.0.0.1:9/\"]\n";
  std::vector<SiteConfig> sites = {Site("唯一", "http://127.0.0.1:9/")};
  const int empty = SitesOfShard(sites, {0, 2}).empty() ? 0 : 1;
  auto r =
      RunGovaudit("audit --config " + dir / "one.toml" + " --shard " + std::to_string(empty) + "/2 --as-of 2026-11-26");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string summary = ReadWholeFile(dir.path() / ("out-" + std::to_string(empty)) / "summary.json");
  EXPECT_NE(summary.find("\"sites_total\": 0"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"shard\": \"" + std::to_string(empty) + "/2\""), std::string::npos) << summary;
}

}  // namespace
}  // namespace govaudit
