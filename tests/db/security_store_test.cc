// The security rules' records: outbound samples joined to the fetched targets, the pages'
// observations, the previous complete run; and the migration that adds them to a version 2
// database without touching what it holds.
#include <gtest/gtest.h>

#include "db/schema.sql.h"
#include "db/store.h"
#include "tests/db/backends.h"

namespace govaudit::db {
namespace {

int64_t NewRun(Store& store, const std::string& site, bool complete) {
  RunInfo run;
  run.site = site;
  run.as_of = "2026-11-26";
  run.id = *store.BeginRun(run);
  run.complete = complete;
  run.stop_reason = complete ? "finished" : "interrupted";
  EXPECT_TRUE(store.FinishRun(run).ok());
  return run.id;
}

PageRecord External(const std::string& url, const std::string& final_url, int status, const std::string& error = "") {
  PageRecord p;
  p.url = url;
  p.final_url = final_url;
  p.status = status;
  p.in_scope = false;
  p.error_kind = error;
  return p;
}

class SecurityStoreTest : public BackendTest {};
GOVAUDIT_BOTH_BACKENDS(SecurityStoreTest);

TEST_P(SecurityStoreTest, OutboundTargetsJoinTheirSamples) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  const int64_t run = NewRun(*store, "a", true);
  ASSERT_TRUE(store->PutPage(run, External("http://p.com/", "http://q.com/x", 200)).ok());
  ASSERT_TRUE(store->PutPage(run, External("http://r.com/", "http://r.com/", 0, "timeout")).ok());
  ASSERT_TRUE(store->PutPage(run, External("http://10.0.0.1/", "http://10.0.0.1/", 0, "refused-address")).ok());
  PageRecord own;
  own.url = "http://site.gov.cn/";
  own.final_url = own.url;
  own.status = 200;
  ASSERT_TRUE(store->PutPage(run, own).ok());
  ASSERT_TRUE(
      store->PutOutboundSample(run, {"http://p.com/", "澳门娱乐城", {"娱乐城", "百家乐"}, 24, "…百家乐…"}).ok());

  auto targets = store->OutboundTargets(run);
  ASSERT_TRUE(targets.ok()) << targets.status().message();
  ASSERT_EQ(targets->size(), 2u);  // not the site's page, not the refused address
  const OutboundTarget& p = (*targets)[0];
  EXPECT_EQ(p.url, "http://p.com/");
  EXPECT_EQ(p.final_url, "http://q.com/x");
  EXPECT_TRUE(p.sampled);
  EXPECT_EQ(p.sample.title, "澳门娱乐城");
  EXPECT_EQ(p.sample.lexicon_terms, (std::vector<std::string>{"娱乐城", "百家乐"}));
  EXPECT_EQ(p.sample.lexicon_score, 24);
  const OutboundTarget& r = (*targets)[1];
  EXPECT_FALSE(r.sampled);
  EXPECT_EQ(r.error_kind, "timeout");
}

TEST_P(SecurityStoreTest, ObservationsByKindAndThePreviousCompleteRun) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  const int64_t first = NewRun(*store, "a", true);
  NewRun(*store, "b", true);
  NewRun(*store, "a", false);
  const int64_t fourth = NewRun(*store, "a", true);
  ASSERT_TRUE(store
                  ->PutObservations(fourth, {{"http://s/2", "hidden_link", "http://x/", "display:none", "博彩"},
                                             {"http://s/1", "hidden_link", "http://x/", "display:none", "博彩"},
                                             {"http://s/1", "script_src", "http://y/a.js", "y", ""}})
                  .ok());
  auto hidden = store->Observations(fourth, "hidden_link");
  ASSERT_TRUE(hidden.ok());
  ASSERT_EQ(hidden->size(), 2u);
  EXPECT_EQ((*hidden)[0].page_url, "http://s/1");
  EXPECT_EQ((*hidden)[0].text, "博彩");
  ASSERT_TRUE(store->DeleteObservations(fourth, "hidden_link").ok());
  EXPECT_TRUE(store->Observations(fourth, "hidden_link")->empty());
  EXPECT_EQ(store->Observations(fourth, "script_src")->size(), 1u);
  // The same site's last complete run before it: not another site's, not an interrupted one.
  EXPECT_EQ(*store->PreviousCompleteRun(fourth), first);
  EXPECT_EQ(*store->PreviousCompleteRun(first), 0);
}

TEST(SqliteSecurityStoreTest, MigratesAVersionTwoDatabase) {
  testing::TempDir dir("govaudit-migrate3");
  const std::string path = dir / "v2.db";
  auto store = OpenVersion2Database(
      path, "INSERT INTO runs(site, started_at, as_of, complete) VALUES('a','2026-11-01T00:00:00Z','2026-11-01',1);");
  ASSERT_NE(store, nullptr);
  auto run = store->GetRun(1);
  ASSERT_TRUE(run.ok());
  EXPECT_TRUE(run->complete);
  ASSERT_TRUE(store->PutOutboundSample(1, {"http://p.com/", "t", {}, 0, ""}).ok());
  EXPECT_TRUE(store->Observations(1, "hidden_link")->empty());
}

}  // namespace
}  // namespace govaudit::db
