// A simulated province (issue 19): forty small loopback sites in one master list, split by
// `govaudit shard`, audited by four shard processes running at once (as a scheduler runs them),
// merged by `govaudit merge`; then a second night in which one site changed, whose findings
// must come out new and fixed from its shard's own history. The store each shard writes to is a
// parameter (StoreChoice), so that a central database can run the same province.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "tests/support/child_process.h"
#include "tests/support/loopback_server.h"
#include "tests/support/postgres_server.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::ChildProcess, testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

constexpr int kSites = 40;
constexpr int kServers = 32;  // sites 32..39 share a host with sites 0..7, under /portal/
constexpr int kShards = 4;
constexpr int kChangedSite = 17;
constexpr auto kShardLimit = std::chrono::seconds(120);

// Where each shard keeps its history: the --db value of shard `index`.
struct StoreChoice {
  std::string name;
  std::function<std::string(const TempDir& dir, int index)> db_for_shard;
  bool postgres = false;  // needs the test's PostgreSQL server (skipped where it cannot start)
};

std::string SiteName(int site) { return "模拟省站点" + std::to_string(site); }
std::string Slug(int site) { return "site" + std::to_string(site); }

// Each site: a home page, two pages and one dead link; on the second night the changed site's
// dead link points elsewhere (one finding fixed, one new).
std::optional<std::string> Page(int site, const std::string& path, int night) {
  const std::string title = SiteName(site);
  if (path == "" || path == "index.html") {
    const int dead = site == kChangedSite && night == 2 ? 2 : 1;
    return "<html><head><title>" + title + "</title></head><body><h1>" + title +
           "</h1><a href='a.html'>政策文件</a><a href='b.html'>通知公告</a><a href='gone-" + std::to_string(dead) +
           ".html'>已删除的通知</a></body></html>";
  }
  if (path == "a.html" || path == "b.html") {
    return "<html><head><title>" + title + " " + path +
           "</title></head><body><p>正文内容。</p>"
           "<a href='index.html'>首页</a></body></html>";
  }
  return std::nullopt;
}

class ProvinceTest : public ::testing::TestWithParam<StoreChoice> {
 protected:
  void SetUp() override {
    if (GetParam().postgres && !testing::TempPostgres::Shared().ok())
      GTEST_SKIP() << testing::TempPostgres::Shared().why_not();
    for (int i = 0; i < kServers; ++i) {
      auto server = std::make_unique<LoopbackServer>();
      server->server().Get(".*", [this, i](const httplib::Request& req, httplib::Response& res) {
        const bool portal = i + kServers < kSites && req.path.rfind("/portal/", 0) == 0;
        const int site = portal ? i + kServers : i;
        auto body = Page(site, req.path.substr(portal ? 8 : 1), night_.load());
        if (!body) {
          res.status = 404;
          return;
        }
        res.set_content(*body, "text/html; charset=utf-8");
      });
      server->Start();
      servers_.push_back(std::move(server));
    }
  }

  std::string StartUrl(int site) const {
    return site < kServers ? servers_[static_cast<size_t>(site)]->Url("/")
                           : servers_[static_cast<size_t>(site - kServers)]->Url("/portal/");
  }

  // The master list: small sites, no politeness delay (our own loopback servers), and two sites
  // on different hosts that say they run on one platform.
  std::string WriteMasterList() {
    const std::string path = dir_ / "sites.toml";
    std::ofstream out(path);
    out << "[audit]\nout = \"" << dir_ / "shard-{shard}/reports/{date}"
        << "\"\nparallel_sites = 4\nthreads = 1\n"
        << "[crawl]\nper_host_interval_s = 0\ntimeout_s = 5\nconnect_timeout_s = 2\nretries = 0\nmax_pages = 20\n"
        << "sitemaps = false\ncheck_external_links = false\nglobal_connections = 8\nper_host_connections = 2\n";
    for (int site = 0; site < kSites; ++site) {
      out << "[[site]]\nname = \"" << SiteName(site) << "\"\nslug = \"" << Slug(site) << "\"\nstart_urls = [\""
          << StartUrl(site) << "\"]\n";
      if (site < kSites - kServers) out << "exclude = [\"/portal/\"]\n";
      if (site >= kServers) out << "include = [\"/portal/\"]\n";
      if (site == 5 || site == 6) out << "platform = \"province-cms\"\n";
    }
    return path;
  }

  // Runs the four shards at once, each with its own store, and waits for them.
  void RunShards(const std::function<std::vector<std::string>(int)>& args_of, const std::string& as_of) {
    std::vector<ChildProcess> shards;
    for (int i = 0; i < kShards; ++i) {
      std::vector<std::string> args = args_of(i);
      args.insert(args.end(), {"--as-of", as_of, "--db", GetParam().db_for_shard(dir_, i), "--quiet"});
      shards.emplace_back(args, dir_ / ("shard-" + std::to_string(i) + "-" + as_of + ".log"));
      ASSERT_TRUE(shards.back().started());
    }
    for (int i = 0; i < kShards; ++i) {
      const std::string log = dir_ / ("shard-" + std::to_string(i) + "-" + as_of + ".log");
      EXPECT_EQ(shards[static_cast<size_t>(i)].Wait(kShardLimit), 0) << "shard " << i << ":\n" << ReadWholeFile(log);
    }
  }

  // Merges the night's shard folders; returns the merged summary.json.
  nlohmann::json Merge(const std::string& as_of, const std::string& master) {
    std::string dirs;
    for (int i = 0; i < kShards; ++i) dirs += " " + dir_ / ("shard-" + std::to_string(i) + "/reports/" + as_of);
    auto r = RunGovaudit("merge" + dirs + " --out " + dir_ / ("merged/" + as_of) + " --config " + master);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return nlohmann::json::parse(ReadWholeFile(dir_.path() / "merged" / as_of / "summary.json"));
  }

  // Every site of the list exactly once, audited, its report reachable from the merged folder.
  std::map<std::string, nlohmann::json> CheckEverySiteOnce(const nlohmann::json& merged, const std::string& as_of) {
    std::map<std::string, nlohmann::json> sites;
    for (const auto& s : merged["sites"]) {
      EXPECT_TRUE(sites.emplace(s["name"].get<std::string>(), s).second) << s["name"] << " listed twice";
    }
    EXPECT_EQ(sites.size(), static_cast<size_t>(kSites));
    EXPECT_EQ(merged["sites_failed"], 0) << merged.dump(2);
    EXPECT_EQ(merged["shards_failed"], 0) << merged["shards"].dump(2);
    EXPECT_TRUE(merged["notes"].empty()) << merged["notes"].dump(2);
    for (int site = 0; site < kSites; ++site) {
      const nlohmann::json& s = sites[SiteName(site)];
      EXPECT_EQ(s["status"], "audited") << SiteName(site) << ": " << s.dump();
      EXPECT_TRUE(s["report"].is_string()) << s.dump();
      if (!s["report"].is_string()) continue;
      EXPECT_TRUE(fs::exists(dir_.path() / "merged" / as_of / s["report"].get<std::string>())) << s["report"];
    }
    return sites;
  }

  nlohmann::json FindingsOf(const nlohmann::json& site, const std::string& as_of) {
    return nlohmann::json::parse(
        ReadWholeFile(dir_.path() / "merged" / as_of / site["findings_json"].get<std::string>()));
  }

  TempDir dir_{"govaudit-province"};
  std::vector<std::unique_ptr<LoopbackServer>> servers_;
  std::atomic<int> night_{1};
};

TEST_P(ProvinceTest, FortySitesInFourShardsMergeOnceAndCarryTheirHistory) {
  const std::string master = WriteMasterList();
  auto split = RunGovaudit("shard --config " + master + " --shards 4 --out " + dir_ / "shards");
  ASSERT_EQ(split.exit_code, 0) << split.output;
  EXPECT_NE(split.output.find("40 sites in 4 shards"), std::string::npos) << split.output;

  // Night 1: each task runs its shard file, as systemd units would.
  RunShards(
      [&](int i) {
        return std::vector<std::string>{"audit", "--config", dir_ / ("shards/shard-" + std::to_string(i) + ".toml")};
      },
      "2026-11-26");
  nlohmann::json first = Merge("2026-11-26", master);
  auto sites = CheckEverySiteOnce(first, "2026-11-26");
  int64_t from_shards = 0;
  for (const auto& s : first["shards"]) from_shards += s["sites"].get<int64_t>();
  EXPECT_EQ(from_shards, kSites);
  for (const auto& [name, s] : sites) {
    EXPECT_TRUE(s["previous_run"].is_null()) << name;
    EXPECT_GE(s["open"]["total"].get<int>(), 1) << name << ": its dead link was not found";
  }

  // Night 2: one site changed; each task picks its shard from the master list by index, as a
  // Kubernetes Indexed Job or a Slurm array does.
  night_ = 2;
  RunShards(
      [&](int i) {
        return std::vector<std::string>{"audit", "--config", master, "--shard", std::to_string(i) + "/4"};
      },
      "2026-11-27");
  nlohmann::json second = Merge("2026-11-27", master);
  sites = CheckEverySiteOnce(second, "2026-11-27");
  for (int site = 0; site < kSites; ++site) {
    const nlohmann::json& s = sites[SiteName(site)];
    EXPECT_TRUE(s["previous_run"].is_number_integer()) << SiteName(site) << ": history not carried";
    if (site == kChangedSite) continue;
    EXPECT_EQ(s["new"], 0) << SiteName(site) << " did not change";
    EXPECT_EQ(s["fixed"], 0) << SiteName(site) << " did not change";
  }
  const nlohmann::json& changed = sites[SiteName(kChangedSite)];
  EXPECT_EQ(changed["new"], 1) << changed.dump();
  EXPECT_EQ(changed["fixed"], 1) << changed.dump();
  nlohmann::json findings = FindingsOf(changed, "2026-11-27");
  bool new_dead_link = false, old_dead_link_fixed = false;
  for (const auto& f : findings["findings"]) {
    if (f["rule"] == "link.broken" && f["url"].get<std::string>().find("gone-2.html") != std::string::npos) {
      new_dead_link = f["new"].get<bool>();
    }
  }
  for (const auto& f : findings["fixed"]) {
    old_dead_link_fixed |=
        f["rule"] == "link.broken" && f["url"].get<std::string>().find("gone-1.html") != std::string::npos;
  }
  EXPECT_TRUE(new_dead_link) << findings.dump(2);
  EXPECT_TRUE(old_dead_link_fixed) << findings["fixed"].dump(2);
}

INSTANTIATE_TEST_SUITE_P(Stores, ProvinceTest,
                         ::testing::Values(StoreChoice{"SqlitePerShard",
                                                       [](const TempDir& dir, int index) {
                                                         return dir /
                                                                ("shard-" + std::to_string(index) + "/govaudit.db");
                                                       }},
                                           // Every shard writes one central database at once,
                                           // each site's runs kept apart.
                                           StoreChoice{"OnePostgresDatabase",
                                                       [](const TempDir&, int) {
                                                         static const std::string url =
                                                             testing::TempPostgres::Shared().NewDatabase();
                                                         return url;
                                                       },
                                                       true}),
                         [](const ::testing::TestParamInfo<StoreChoice>& info) { return info.param.name; });

}  // namespace
}  // namespace govaudit
