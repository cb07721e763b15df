#include "db/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "db/writer.h"
#include "tests/db/backends.h"

namespace govaudit::db {
namespace {

Finding MakeFinding(const std::string& url, const std::string& key) {
  Finding f = BrokenLink(url, key);
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

class StoreTest : public BackendTest {};
GOVAUDIT_BOTH_BACKENDS(StoreTest);

TEST_P(StoreTest, CreatesSchemaAndStoresPagesLinksAndBodiesOnce) {
  std::unique_ptr<Store> opened = Open();
  ASSERT_NE(opened, nullptr);
  auto* store = &opened;
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
  EXPECT_EQ(QueryInt("SELECT count(*) FROM bodies"), 1);  // de-duplicated by content
  EXPECT_EQ(QueryInt("SELECT count(*) FROM links"), 1);
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pages"), 2);
  auto body = (*store)->GetBody(id, "http://a/copy");
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->value_or(""), "<html>same</html>");
}

TEST_P(StoreTest, HistoryMarksFixedOnlyAfterCompleteRunsAndReopens) {
  std::unique_ptr<Store> opened = Open();
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;
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

// A complete run that read `pages` (URL and HTTP status; a negative status: answered 200 but not
// inspected), holding `links` (from, to), that found `findings`.
using Links = std::vector<std::pair<std::string, std::string>>;
int64_t RunThatRead(Store& store, const std::vector<Finding>& findings,
                    const std::vector<std::pair<std::string, int>>& pages, const Links& links = {}) {
  RunInfo run;
  run.site = "site";
  run.as_of = "2026-11-26";
  run.id = *store.BeginRun(run);
  for (const auto& [url, status] : pages) {
    PageRecord page;
    page.url = page.final_url = url;
    page.status = status < 0 ? 200 : status;
    page.inspected = status >= 0;
    if (page.status >= 400) page.error_kind = "http";
    EXPECT_TRUE(store.PutPage(run.id, page).ok());
  }
  for (const auto& [from, to] : links) EXPECT_TRUE(store.PutLinks(run.id, from, {{to, "link"}}).ok());
  run.complete = true;
  run.stop_reason = "finished";
  EXPECT_TRUE(store.PutFindings(run.id, findings).ok());
  EXPECT_TRUE(store.FinishRun(run).ok());
  EXPECT_TRUE(store.UpdateHistory(run.id).ok());
  return run.id;
}

// `fingerprints` in order, to compare as sets.
std::vector<std::string> Sorted(std::vector<std::string> fingerprints) {
  std::sort(fingerprints.begin(), fingerprints.end());
  return fingerprints;
}
std::vector<std::string> FingerprintsOf(const StatusOr<std::vector<StoredFinding>>& findings) {
  std::vector<std::string> out;
  for (const StoredFinding& f : findings.value()) out.push_back(f.fingerprint);
  return Sorted(out);
}

TEST_P(StoreTest, AFindingIsFixedOnlyByARunThatReadItsPageAgain) {
  std::unique_ptr<Store> opened = Open();
  ASSERT_NE(opened, nullptr);
  Store& store = *opened;
  std::vector<Finding> found;
  std::vector<std::string> fp;
  for (int i = 1; i <= 8; ++i) {
    found.push_back(MakeFinding("http://a/" + std::to_string(i), "404"));
    fp.push_back(Fingerprint(found.back()));
  }
  int64_t r1 = RunThatRead(store, found, {{"http://a/1", 200}, {"http://a/2", 200}},
                           {{"http://a/1", "http://a/6"}, {"http://a/2", "http://a/7"}, {"http://a/1", "http://a/8"}});
  std::vector<PageSeen> pages;
  for (const Finding& f : found) pages.push_back({f.url, r1});
  // Run 2 finds none of them. It read /1, and /4 is gone (404): re-checked. /2 answered 503 and
  // /3 could not be inspected: not. Of the pages it did not reach, /6 was linked from /1, which
  // it read and which no longer links there: re-checked; /7 was linked from /2, unread; /8 is
  // still linked from /1 (a depth limit, say); /5 was linked from nothing while pages of the
  // site stayed unread: not re-checked.
  int64_t r2 =
      RunThatRead(store, {}, {{"http://a/1", 200}, {"http://a/2", 503}, {"http://a/3", -1}, {"http://a/4", 404}},
                  {{"http://a/1", "http://a/8"}});
  auto rechecked = store.Rechecked(r2, pages);
  ASSERT_TRUE(rechecked.ok()) << rechecked.status().message();
  EXPECT_EQ(*rechecked, (std::vector<bool>{true, false, false, true, false, true, false, false}));
  std::vector<std::string> statuses;
  for (const std::string& f : fp) statuses.push_back(StatusOf(store, f));
  EXPECT_EQ(statuses, (std::vector<std::string>{"fixed", "open", "open", "fixed", "open", "fixed", "open", "open"}));
  const std::vector<std::string> fixed = Sorted({fp[0], fp[3], fp[5]}),
                                 open = Sorted({fp[1], fp[2], fp[4], fp[6], fp[7]});
  EXPECT_EQ(FingerprintsOf(store.FixedByRun(r2)), fixed);
  EXPECT_EQ(FingerprintsOf(store.OpenNotSeenBy(r2)), open);
  auto trail = store.TriageTrail(fp[0]);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), 1u);
  EXPECT_EQ(trail->front().note, "not seen in complete run " + std::to_string(r2));

  // Run 3 reads every page it reaches, and /1 links nowhere: what it no longer reaches is gone.
  int64_t r3 = RunThatRead(store, {}, {{"http://a/1", 200}});
  EXPECT_EQ(FingerprintsOf(store.FixedByRun(r3)), open);
  EXPECT_TRUE(store.OpenNotSeenBy(r3)->empty());
  EXPECT_EQ(FingerprintsOf(store.FixedByRun(r2)), fixed);  // what run 2 fixed is still its own

  // A store older than schema version 8 logged no run ids: its reports still list what each
  // run fixed.
  ASSERT_TRUE(Execute("UPDATE triage_log SET run_id=0"));
  EXPECT_EQ(FingerprintsOf(store.FixedByRun(r2)), fixed);
  EXPECT_EQ(FingerprintsOf(store.FixedByRun(r3)), open);
}

TEST(FingerprintTest, StableAndSensitiveToItsParts) {
  Finding a = MakeFinding("http://a/1", "404");
  Finding same = a;
  same.message = "different words";
  EXPECT_EQ(Fingerprint(a), Fingerprint(same));
  Finding other = a;
  other.evidence_key = "500";
  EXPECT_NE(Fingerprint(a), Fingerprint(other));
}

TEST_P(StoreTest, WriterBatchesAndReportsTheFirstError) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Store* store_ptr = store.get();
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
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pages"), 100);
}

TEST_P(StoreTest, WriterCommitsAFewWritesWithoutWaitingForAFullBatch) {
  // The writer gathers writes into larger transactions, but a trickle of pages must still be
  // committed soon, not held until a batch fills or someone flushes.
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  std::atomic<int> applied{0};
  StoreWriter writer(store.get(), 256, 200);
  for (int i = 0; i < 3; ++i) {
    writer.Submit([&applied](Store&) {
      applied.fetch_add(1);
      return Status::Ok();
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (applied.load() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(applied.load(), 3);
  EXPECT_TRUE(writer.Close().ok());
}

TEST_P(StoreTest, StatusChangesAreLoggedInsideAndOutsideATransaction) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  Finding a = MakeFinding("http://a/1", "404");
  CompleteRun(*store, {a});
  const std::string fa = Fingerprint(a);
  ASSERT_TRUE(store->SetStatus(fa, "acknowledged", "seen", "inspector", "2026-11-27T01:00:00Z").ok());
  {
    Transaction tx(store.get());
    ASSERT_TRUE(tx.status().ok());
    ASSERT_TRUE(store->SetStatus(fa, "false_positive", "template", "inspector").ok());
    EXPECT_FALSE(store->SetStatus(fa, "closed", "", "inspector").ok());  // not a status: nothing changes
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(StatusOf(*store, fa), "false_positive");
  auto trail = store->TriageTrail(fa);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), 2u);
  EXPECT_EQ((*trail)[0].at, "2026-11-27T01:00:00Z");
  EXPECT_EQ((*trail)[1].new_status, "false_positive");
  EXPECT_EQ((*trail)[1].note, "template");
}

// Shards of a province audit write into one store. A transaction that reads before it writes
// (storing a page looks its body up first) must not fail because another writer committed in
// between: on SQLite, a deferred BEGIN would answer "database is locked" there without waiting.
TEST_P(StoreTest, AWriteTransactionThatReadsFirstWaitsForAnotherWriter) {
  std::unique_ptr<Store> first = Open();
  std::unique_ptr<Store> second = Open();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  RunInfo run;
  run.site = "s";
  run.as_of = "2026-11-26";
  const int64_t id = *first->BeginRun(run);
  Status other = Status::Ok();
  std::thread other_writer;
  Status mine_status = Status::Ok();
  {
    Transaction mine(first.get());
    mine_status = mine.status();
    if (mine_status.ok()) mine_status = first->CountPages(id).status();  // a read opens the snapshot
    other_writer = std::thread([&] {
      Transaction theirs(second.get());
      PageRecord page;
      page.url = "http://a/second";
      page.status = 200;
      page.body = "<html>second</html>";
      Status s = theirs.status();
      if (s.ok()) s = second->PutPage(id, page);
      if (s.ok()) s = theirs.Commit();
      other = s;
    });
    // Time for the other writer to commit in between, were it let.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    PageRecord page;
    page.url = "http://a/first";
    page.status = 200;
    page.body = "<html>first</html>";
    if (mine_status.ok()) mine_status = first->PutPage(id, page);
    if (mine_status.ok()) mine_status = mine.Commit();
  }
  other_writer.join();
  EXPECT_TRUE(mine_status.ok()) << mine_status.message();
  EXPECT_TRUE(other.ok()) << other.message();
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pages"), 2);
}

TEST(SqliteStoreTest, OpenNamesTheFileThatCannotBeOpened) {
  auto store = Store::Open("/nonexistent-dir/x/govaudit.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("/nonexistent-dir/x/govaudit.db"), std::string::npos);
}

TEST_P(StoreTest, ReopeningKeepsDataAndSchemaVersion) {
  {
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_GT(StartRun(*store, "s"), 0);
  }
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  auto runs = store->ListRuns();
  ASSERT_TRUE(runs.ok());
  EXPECT_EQ(runs->size(), 1u);
  store.reset();
  EXPECT_EQ(QueryInt(postgres() ? "SELECT max(version) FROM govaudit_schema" : "PRAGMA user_version"), kSchemaVersion);
}

// A page of `bytes` that compresses as HTML does: markup and text repeated with small changes.
std::string HtmlPage(size_t bytes) {
  std::string html = "<html><body>";
  for (int i = 0; html.size() < bytes; ++i) {
    html += "<li><a href=\"/zwgk/" + std::to_string(i) + ".html\">关于做好第" + std::to_string(i) +
            "批工作的通知</a></li>\n";
  }
  return html;
}

// Bytes no compressor shrinks (a fixed pseudo-random sequence).
std::string NoiseBytes(size_t bytes) {
  std::string noise(bytes, '\0');
  uint64_t x = 0x9E3779B97F4A7C15u;
  for (char& c : noise) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    c = static_cast<char>(x);
  }
  return noise;
}

// Stores one page of `body` in a new run of `store`; the run's id.
int64_t StorePage(Store& store, const std::string& url, const std::string& body) {
  RunInfo run;
  run.site = "s";
  run.as_of = "2026-11-26";
  const int64_t id = *store.BeginRun(run);
  PageRecord page;
  page.url = url;
  page.status = 200;
  page.body = body;
  EXPECT_TRUE(store.PutPage(id, page).ok());
  return id;
}

TEST_P(StoreTest, BodiesArePackedWhereThatSavesAndReadBackAsFetched) {
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  const std::string html = HtmlPage(20000), noise = NoiseBytes(4096), tiny = "<p>短</p>";
  int64_t id = 0;
  for (const auto& [url, body] :
       {std::pair{"http://a/html", html}, {"http://a/noise", noise}, {"http://a/tiny", tiny}}) {
    id = StorePage(*store, url, body);
    auto read = store->GetBody(id, url);
    ASSERT_TRUE(read.ok()) << read.status().message();
    EXPECT_EQ(read->value_or(""), body) << url;
    auto snapshot = store->Snapshot(id, url);
    ASSERT_TRUE(snapshot.ok() && snapshot->has_value()) << url;
    EXPECT_EQ((*snapshot)->body, body) << url;
  }
  // Only the page is packed, to well under half; `size` keeps what was fetched.
  EXPECT_EQ(QueryInt("SELECT count(*) FROM bodies WHERE codec = 'lz4'"), 1);
  EXPECT_LT(QueryInt("SELECT length(data) FROM bodies WHERE codec = 'lz4'"), static_cast<int64_t>(html.size() / 2));
  EXPECT_EQ(QueryInt("SELECT size FROM bodies WHERE codec = 'lz4'"), static_cast<int64_t>(html.size()));
  EXPECT_EQ(QueryInt("SELECT sum(size) FROM bodies"), static_cast<int64_t>(html.size() + noise.size() + tiny.size()));
  // A snapshot without its body does not unpack it.
  auto bare = store->Snapshot(id, "http://a/tiny", /*with_body=*/false);
  ASSERT_TRUE(bare.ok() && bare->has_value());
  EXPECT_EQ((*bare)->body, "");
}

TEST_P(StoreTest, DamagedOrUnknownStoredBodyIsAnErrorNamingThePage) {
  int64_t id = 0;
  {
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    id = StorePage(*store, "http://a/html", HtmlPage(20000));
  }
  // Changes made to the stored row one after the other, and what the error then says.
  const std::pair<std::string, std::string> damages[] = {
      {postgres() ? "UPDATE bodies SET data = substring(data from 1 for 40)"
                  : "UPDATE bodies SET data = substr(data, 1, 40)",
       "damaged"},
      // A size no LZ4 block of that length unpacks to is refused before anything is allocated.
      {"UPDATE bodies SET size = 2000000000", "unknown form"},
      {"UPDATE bodies SET codec = 'zstd'", "codec 'zstd'"},
  };
  for (const auto& [change, says] : damages) {
    ASSERT_TRUE(Execute(change)) << change;
    std::unique_ptr<Store> store = Open();
    ASSERT_NE(store, nullptr);
    auto body = store->GetBody(id, "http://a/html");
    ASSERT_FALSE(body.ok()) << change;
    EXPECT_NE(body.status().message().find(says), std::string::npos) << body.status().message();
    EXPECT_NE(body.status().message().find("http://a/html"), std::string::npos) << body.status().message();
    auto snapshot = store->Snapshot(id, "http://a/html");
    ASSERT_FALSE(snapshot.ok()) << change;
    EXPECT_NE(snapshot.status().message().find("http://a/html"), std::string::npos) << snapshot.status().message();
  }
}

// A store written before bodies were packed: its bodies read back as they were, new ones are
// packed beside them.
TEST(StoreMigrationTest, BodiesStoredBeforeVersion7ReadBackAndNewOnesArePacked) {
  testing::TempDir dir("govaudit-store-v6");
  const std::string path = dir / "old.db";
  const std::string html = HtmlPage(20000);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string sql;
    for (int v = 0; v < 6; ++v) sql += std::string(kMigrations[v]) + ";\n";
    sql +=
        "PRAGMA user_version=6;"
        "INSERT INTO bodies(hash, size, data) VALUES('old', " +
        std::to_string(html.size()) + ", ?);";
    char* error = nullptr;
    const size_t insert_at = sql.rfind("INSERT INTO bodies");
    ASSERT_EQ(sqlite3_exec(db, sql.substr(0, insert_at).c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.substr(insert_at).c_str(), -1, &stmt, nullptr), SQLITE_OK);
    sqlite3_bind_blob(stmt, 1, html.data(), static_cast<int>(html.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  auto store = Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto old_body = (*store)->GetBodyByHash("old");
  ASSERT_TRUE(old_body.ok()) << old_body.status().message();
  EXPECT_EQ(old_body->value_or(""), html);
  const std::string newer = html + "<p>新</p>";
  const int64_t id = StorePage(**store, "http://a/new", newer);
  auto new_body = (*store)->GetBody(id, "http://a/new");
  ASSERT_TRUE(new_body.ok());
  EXPECT_EQ(new_body->value_or(""), newer);
}

}  // namespace
}  // namespace govaudit::db
