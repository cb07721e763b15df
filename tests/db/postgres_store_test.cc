// What the central store must do beyond the shared suite: several processes (the shards of a
// province) opening and writing one database at once, site claims, text the server would
// refuse, and errors that name the URL without its password.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "tests/db/backends.h"

namespace govaudit::db {
namespace {

class PostgresStoreTest : public BackendTest {};
INSTANTIATE_TEST_SUITE_P(Central, PostgresStoreTest, ::testing::Values(Backend::kPostgres), BackendName);

// One shard's night: `runs` complete runs of its site, each with a page and a finding.
std::vector<int64_t> AuditNights(Store& store, const std::string& site, int runs) {
  std::vector<int64_t> ids;
  for (int i = 0; i < runs; ++i) {
    RunInfo run;
    run.site = site;
    run.id = StartRun(store, site);
    if (run.id == 0) return ids;
    PageRecord page;
    page.url = "http://" + site + "/";
    page.status = 200;
    page.body = "<html>" + site + "</html>";
    Transaction tx(&store);
    EXPECT_TRUE(store.PutPage(run.id, page).ok());
    EXPECT_TRUE(store.PutFindings(run.id, {BrokenLink("http://" + site + "/gone")}).ok());
    EXPECT_TRUE(tx.Commit().ok());
    run.complete = true;
    run.stop_reason = "finished";
    EXPECT_TRUE(store.FinishRun(run).ok());
    EXPECT_TRUE(store.UpdateHistory(run.id).ok());
    ids.push_back(run.id);
  }
  return ids;
}

TEST_P(PostgresStoreTest, ShardsOpeningAndWritingAtOnceMigrateOnceAndKeepSitesApart) {
  constexpr int kShards = 4;
  constexpr int kRuns = 5;
  std::vector<std::vector<int64_t>> ids(kShards);
  std::vector<std::thread> shards;
  for (int i = 0; i < kShards; ++i) {
    // Each shard its own connection, all opening the fresh database (and migrating it) at once.
    shards.emplace_back([&, i] {
      auto store = Store::Open(location());
      ASSERT_TRUE(store.ok()) << store.status().message();
      ids[i] = AuditNights(**store, "site" + std::to_string(i), kRuns);
    });
  }
  for (std::thread& t : shards) t.join();
  std::set<int64_t> all;
  for (const auto& shard : ids) {
    EXPECT_EQ(shard.size(), static_cast<size_t>(kRuns));
    all.insert(shard.begin(), shard.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kShards * kRuns));  // no run id given twice
  EXPECT_EQ(QueryInt("SELECT count(*) FROM govaudit_schema"), 1);
  EXPECT_EQ(QueryInt("SELECT count(*) FROM finding_history"), kShards);
  auto store = Open();
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < kShards; ++i) {
    auto runs = store->ListRuns("site" + std::to_string(i));
    ASSERT_TRUE(runs.ok());
    ASSERT_EQ(runs->size(), static_cast<size_t>(kRuns));
    EXPECT_EQ(runs->front().id, ids[i].back());
    // Each site's history is its own: the finding was seen in each of its runs, never fixed.
    auto findings = store->FindingsForRun(ids[i].back());
    ASSERT_TRUE(findings.ok());
    ASSERT_EQ(findings->size(), 1u);
    EXPECT_EQ((*findings)[0].first_seen_run, ids[i].front());
    EXPECT_EQ((*findings)[0].status, "open");
  }
}

TEST_P(PostgresStoreTest, ASiteIsAuditedByOneProcessAtATime) {
  auto first = Open();
  auto second = Open();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(first->LockSite("示范县").ok());
  Status refused = second->LockSite("示范县");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("示范县"), std::string::npos) << refused.message();
  EXPECT_TRUE(second->LockSite("另一县").ok());  // other sites go on
  first.reset();                                 // the claim ends with the connection
  EXPECT_TRUE(second->LockSite("示范县").ok());
}

TEST_P(PostgresStoreTest, TextThatIsNotUtf8IsStoredCleanedAndBodiesByteForByte) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const int64_t id = StartRun(*store, "s");
  PageRecord page;
  page.url = "http://a/";
  page.status = 200;
  page.title = std::string("标题\xff") + '\0' + "尾";
  page.body = std::string("\x89PNG\0\xff\x01", 7);
  ASSERT_TRUE(store->PutPage(id, page).ok());
  auto snapshot = store->Snapshot(id, "http://a/");
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().message();
  ASSERT_TRUE(snapshot->has_value());
  EXPECT_EQ((*snapshot)->title, "标题\xef\xbf\xbd\xef\xbf\xbd尾");
  EXPECT_EQ((*snapshot)->body, page.body);
}

TEST(PostgresUrlTest, ErrorsNameTheUrlWithoutItsPassword) {
  auto bad = Store::Open("postgresql://auditor:s3cret@localhost/govaudit?nosuchoption=1");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("postgresql://auditor@localhost/govaudit"), std::string::npos)
      << bad.status().message();
  EXPECT_EQ(bad.status().message().find("s3cret"), std::string::npos);
  EXPECT_NE(bad.status().message().find("nosuchoption"), std::string::npos) << bad.status().message();

  // No server listens on this socket folder: the error says so and names the URL.
  const std::string nowhere = "postgresql:///govaudit?host=/nonexistent-govaudit-socket&user=u&password=s3cret";
  auto refused = Store::Open(nowhere);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("cannot connect to the PostgreSQL database"), std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("/nonexistent-govaudit-socket"), std::string::npos);
  EXPECT_EQ(refused.status().message().find("s3cret"), std::string::npos) << refused.status().message();
}

}  // namespace
}  // namespace govaudit::db
