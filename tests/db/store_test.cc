#include "db/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "db/writer.h"
#include "tests/support/run_command.h"

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

std::string StatusOf(Store& store, const std::string& fingerprint) {
  auto entry = store.FindByPrefix(fingerprint);
  return entry.ok() ? entry->finding.status : "";
}

// A store in a temporary file, so that the test can look at the tables beside it.
class FileStore {
 public:
  FileStore() : dir_("govaudit-store") {
    auto opened = Store::Open(path());
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    if (opened.ok()) store_ = std::move(opened).value();
  }
  Store& operator*() { return *store_; }
  Store* get() { return store_.get(); }
  std::string path() const { return dir_ / "store.db"; }
  // The first column of the first row of `sql`, read through a connection of the test's own.
  int64_t QueryInt(const char* sql) const {
    sqlite3* db = nullptr;
    int64_t value = -1;
    if (sqlite3_open_v2(path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        value = sqlite3_column_int64(stmt, 0);
      }
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return value;
  }

 private:
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST(StoreTest, CreatesSchemaAndStoresPagesLinksAndBodiesOnce) {
  FileStore file;
  Store* store_ptr = file.get();
  ASSERT_NE(store_ptr, nullptr);
  auto* store = &store_ptr;
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
  EXPECT_EQ(file.QueryInt("SELECT count(*) FROM bodies"), 1);  // de-duplicated by content
  EXPECT_EQ(file.QueryInt("SELECT count(*) FROM links"), 1);
  EXPECT_EQ(file.QueryInt("SELECT count(*) FROM pages"), 2);
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
  EXPECT_EQ(StatusOf(store, fa), "open");
  // An incomplete run that misses b proves nothing.
  int64_t r2 = CompleteRun(store, {a}, /*complete=*/false);
  EXPECT_EQ(StatusOf(store, fb), "open");
  (void)r2;
  int64_t r3 = CompleteRun(store, {a});
  EXPECT_EQ(StatusOf(store, fb), "fixed");
  (void)r3;
  int64_t r4 = CompleteRun(store, {a, b});
  EXPECT_EQ(StatusOf(store, fb), "open");
  auto log = store.TriageTrail(fb);
  ASSERT_TRUE(log.ok());
  std::vector<std::string> trail;
  for (const TriageEvent& e : *log) trail.push_back(e.new_status);
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
  FileStore file;
  Store* store_ptr = file.get();
  ASSERT_NE(store_ptr, nullptr);
  auto* opened = &store_ptr;
  RunInfo run;
  run.site = "s";
  run.as_of = "2026-11-26";
  int64_t id = *(*opened)->BeginRun(run);
  {
    StoreWriter writer(store_ptr, 8, 4);
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
  EXPECT_EQ(file.QueryInt("SELECT count(*) FROM pages"), 100);
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
  store->reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* version = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &version, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(version), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(version, 0), kSchemaVersion);
  sqlite3_finalize(version);
  sqlite3_close(db);
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace govaudit::db
