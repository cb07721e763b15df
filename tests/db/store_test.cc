#include "db/store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace govaudit::db {
namespace {

Finding MakeFinding(const std::string& url, const std::string& key) {
  Finding f;
  f.rule_id = "link.broken";
  f.severity = Severity::kHigh;
  f.url = url;
  f.message = "broken";
  f.evidence_key = key;
  f.referrers = {"http://a/"};
  return f;
}

int64_t CompleteRun(Store& store, const std::vector<Finding>& findings, bool complete = true) {
  RunInfo run;
  run.site = "site";
  run.as_of = "2026-11-26";
  auto id = store.BeginRun(run);
  EXPECT_TRUE(id.ok());
  run.id = *id;
  run.complete = complete;
  run.stop_reason = complete ? "finished" : "max-pages";
  EXPECT_TRUE(store.PutFindings(run.id, findings).ok());
  EXPECT_TRUE(store.FinishRun(run).ok());
  EXPECT_TRUE(store.UpdateHistory(run.id).ok());
  return run.id;
}

std::string StatusOf(Store& store, int64_t run, const std::string& fingerprint) {
  auto stmt = store.Prepare("SELECT status FROM finding_history WHERE fingerprint=?");
  stmt->Bind(1, fingerprint);
  auto row = stmt->Step();
  return row.ok() && *row ? stmt->Text(0) : "";
  (void)run;
}

TEST(StoreTest, CreatesSchemaAndStoresPagesLinksAndBodiesOnce) {
  auto store = Store::Open(":memory:");
  ASSERT_TRUE(store.ok()) << store.status().message();
  RunInfo run;
  run.site = "s";
  run.as_of = "2026-11-26";
  int64_t id = *(*store)->BeginRun(run);
  PageRecord page;
  page.url = "http://a/";
  page.status = 200;
  page.body = "<html>same</html>";
  ASSERT_TRUE((*store)->PutPage(id, page).ok());
  page.url = "http://a/copy";
  ASSERT_TRUE((*store)->PutPage(id, page).ok());
  ASSERT_TRUE((*store)->PutLinks(id, "http://a/", {{"http://a/copy", "copy"}, {"http://a/copy", "dup"}}).ok());
  auto count = (*store)->Prepare("SELECT (SELECT count(*) FROM bodies), (SELECT count(*) FROM links), "
                                 "(SELECT count(*) FROM pages)");
  ASSERT_TRUE(count->Step().ok());
  EXPECT_EQ(count->Int(0), 1);  // de-duplicated by content
  EXPECT_EQ(count->Int(1), 1);
  EXPECT_EQ(count->Int(2), 2);
  auto body = (*store)->GetBody(id, "http://a/copy");
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->value_or(""), "<html>same</html>");
}

TEST(StoreTest, HistoryMarksFixedOnlyAfterCompleteRunsAndReopens) {
  auto opened = Store::Open(":memory:");
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  Finding a = MakeFinding("http://a/1", "404"), b = MakeFinding("http://a/2", "404");
  std::string fa = Fingerprint(a), fb = Fingerprint(b);
  int64_t r1 = CompleteRun(store, {a, b});
  EXPECT_EQ(StatusOf(store, r1, fa), "open");
  // An incomplete run that misses b proves nothing.
  int64_t r2 = CompleteRun(store, {a}, /*complete=*/false);
  EXPECT_EQ(StatusOf(store, r2, fb), "open");
  int64_t r3 = CompleteRun(store, {a});
  EXPECT_EQ(StatusOf(store, r3, fb), "fixed");
  int64_t r4 = CompleteRun(store, {a, b});
  EXPECT_EQ(StatusOf(store, r4, fb), "open");
  auto log = store.Prepare("SELECT new_status FROM triage_log WHERE fingerprint=? ORDER BY id");
  log->Bind(1, fb);
  std::vector<std::string> trail;
  while (*log->Step()) trail.push_back(log->Text(0));
  EXPECT_EQ(trail, (std::vector<std::string>{"fixed", "open"}));
  auto findings = store.FindingsForRun(r4);
  ASSERT_TRUE(findings.ok());
  ASSERT_EQ(findings->size(), 2u);
  EXPECT_EQ((*findings)[0].first_seen_run, r1);
  EXPECT_EQ((*findings)[0].finding.referrers, (std::vector<std::string>{"http://a/"}));
}

TEST(StoreTest, FingerprintIsStableAndSensitiveToItsParts) {
  Finding a = MakeFinding("http://a/1", "404");
  Finding same = a;
  same.message = "different words";
  EXPECT_EQ(Fingerprint(a), Fingerprint(same));
  Finding other = a;
  other.evidence_key = "500";
  EXPECT_NE(Fingerprint(a), Fingerprint(other));
}

TEST(StoreTest, WriterBatchesAndReportsTheFirstError) {
  auto opened = Store::Open(":memory:");
  ASSERT_TRUE(opened.ok());
  RunInfo run;
  run.site = "s";
  run.as_of = "2026-11-26";
  int64_t id = *(*opened)->BeginRun(run);
  {
    StoreWriter writer(opened->get(), 8, 4);
    for (int i = 0; i < 100; ++i) {
      writer.Submit([id, i](Store& s) {
        PageRecord p;
        p.url = "http://a/" + std::to_string(i);
        return s.PutPage(id, p);
      });
    }
    ASSERT_TRUE(writer.Flush().ok());
    writer.Submit([](Store&) { return Status::Error("disk full"); });
    Status closed = writer.Close();
    ASSERT_FALSE(closed.ok());
    EXPECT_EQ(closed.message(), "disk full");
  }
  auto count = (*opened)->Prepare("SELECT count(*) FROM pages");
  ASSERT_TRUE(count->Step().ok());
  EXPECT_EQ(count->Int(0), 100);
}

TEST(StoreTest, OpenNamesTheFileThatCannotBeOpened) {
  auto store = Store::Open("/nonexistent-dir/x/govaudit.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("/nonexistent-dir/x/govaudit.db"), std::string::npos);
}

TEST(StoreTest, ReopeningKeepsDataAndSchemaVersion) {
  auto path = std::filesystem::temp_directory_path() / ("govaudit-store-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto store = Store::Open(path.string());
    ASSERT_TRUE(store.ok());
    RunInfo run;
    run.site = "s";
    run.as_of = "2026-11-26";
    ASSERT_TRUE((*store)->BeginRun(run).ok());
  }
  auto store = Store::Open(path.string());
  ASSERT_TRUE(store.ok());
  auto runs = (*store)->ListRuns();
  ASSERT_TRUE(runs.ok());
  EXPECT_EQ(runs->size(), 1u);
  auto version = (*store)->Prepare("PRAGMA user_version");
  ASSERT_TRUE(version->Step().ok());
  EXPECT_EQ(version->Int(0), kSchemaVersion);
  store->reset();
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace govaudit::db
