// The store's part of the checks over more than one page: availability probes kept by site
// across runs, what each page showed of message boards, service guides and its template, and the
// migration that adds their tables to an existing database.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "db/schema.sql.h"
#include "db/store.h"
#include "tests/db/backends.h"

namespace govaudit::db {
namespace {

class SiteChecksStoreTest : public BackendTest {};
GOVAUDIT_BOTH_BACKENDS(SiteChecksStoreTest);

ProbeRecord Probe(const std::string& site, const std::string& at, bool ok) {
  return {site, "https://www.shifan.gov.cn/", false, at, ok ? 200 : 0, 120.5, ok, ok ? "" : "timeout",
          ok ? "" : "no answer within 15 s"};
}

TEST_P(SiteChecksStoreTest, ProbesAreKeptBySiteAndReadBackByWindow) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->PutProbes({Probe("示范县", "2026-11-20T01:00:00Z", true), Probe("示范县", "2026-11-19T01:00:00Z", false),
                               Probe("别的县", "2026-11-20T02:00:00Z", true), Probe("示范县", "2026-11-27T00:00:00Z", true)})
                  .ok());
  auto week = store->Probes("示范县", "2026-11-19T00:00:00Z", "2026-11-26T16:00:00Z");
  ASSERT_TRUE(week.ok()) << week.status().message();
  ASSERT_EQ(week->size(), 2u);
  EXPECT_EQ((*week)[0].at, "2026-11-19T01:00:00Z");  // oldest first
  EXPECT_FALSE((*week)[0].ok);
  EXPECT_EQ((*week)[0].error, "no answer within 15 s");
  EXPECT_EQ((*week)[1].status, 200);
  EXPECT_DOUBLE_EQ((*week)[1].duration_ms, 120.5);
}

TEST_P(SiteChecksStoreTest, PageExtrasAreReadBackPerRun) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const int64_t id = StartRun(*store, "示范县");
  ASSERT_NE(id, 0);
  PageExtras e;
  e.url = "https://www.shifan.gov.cn/hd/list.html";
  e.board = BoardPageRow{e.url, "consultation", "在线咨询", false};
  e.messages.push_back({e.url, "https://www.shifan.gov.cn/hd/1.html", "咨询医保缴费", "2026-04-12", "", "", "unanswered",
                        "办理中", "县医保局", "", false});
  e.guide = GuideRow{e.url, "某某办事指南", {"事项名称", "设定依据"}, {"收费标准"}};
  e.template_signature = "00aa11bb22cc33dd";
  e.template_label = "首页、政务公开";
  ASSERT_TRUE(store->PutPageExtras(id, e).ok());
  auto boards = store->BoardPages(id);
  auto messages = store->Messages(id);
  auto guides = store->ServiceGuides(id);
  auto templates = store->TemplatePageCounts(id);
  ASSERT_TRUE(boards.ok() && messages.ok() && guides.ok() && templates.ok());
  ASSERT_EQ(boards->size(), 1u);
  EXPECT_EQ((*boards)[0].channel_name, "在线咨询");
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].state, "unanswered");
  EXPECT_EQ((*messages)[0].submitted, "2026-04-12");
  ASSERT_EQ(guides->size(), 1u);
  EXPECT_EQ((*guides)[0].present, (std::vector<std::string>{"事项名称", "设定依据"}));
  EXPECT_EQ((*guides)[0].missing, (std::vector<std::string>{"收费标准"}));
  EXPECT_EQ(*templates, (std::map<std::string, int>{{"00aa11bb22cc33dd", 1}}));
  auto other_run = store->Messages(id + 1);
  ASSERT_TRUE(other_run.ok());
  EXPECT_TRUE(other_run->empty());
}

// Two templates: t1 made a.html, b.html and d.html, t2 made c.html; none.html has no known
// template. Findings held for the roll-up: a11y.lang on a and b, links.broken on c (high) and
// a (low), and a11y.lang with another evidence key on d; a11y.lang on none is a page finding.
const std::map<std::string, std::string> kTemplateOf = {
    {"a.html", "t1"}, {"b.html", "t1"}, {"c.html", "t2"}, {"d.html", "t1"}};

Finding PageFinding(const char* rule, Severity severity, const std::string& page, const char* message,
                    const char* key) {
  Finding f;
  f.rule_id = rule;
  f.severity = severity;
  f.url = "https://x.gov.cn/" + page;
  f.message = message;
  f.evidence_key = key;
  return f;
}

// Holds `f` for the roll-up as the crawl does: under its page's template.
bool Hold(Store& store, int64_t run_id, const Finding& f) {
  const std::string& signature = kTemplateOf.at(f.url.substr(17));
  return store.PutTemplateFindings(run_id, signature, "导航 " + signature, {f}).ok();
}

int64_t StoreTemplateFindings(Store& store) {
  RunInfo run;
  run.site = "s";
  run.as_of = "2026-11-26";
  auto id = store.BeginRun(run);
  if (!id.ok()) return 0;
  for (const auto& [page, signature] : kTemplateOf) {
    PageExtras e;
    e.url = "https://x.gov.cn/" + page;
    e.template_signature = signature;
    e.template_label = "导航 " + signature;
    if (!store.PutPageExtras(*id, e).ok()) return 0;
  }
  for (const Finding& f : {PageFinding("a11y.lang", Severity::kLow, "b.html", "未声明语言 b", ""),
                           PageFinding("a11y.lang", Severity::kLow, "a.html", "未声明语言 a", ""),
                           PageFinding("a11y.lang", Severity::kLow, "d.html", "另一个问题", "other"),
                           PageFinding("links.broken", Severity::kHigh, "c.html", "坏链", ""),
                           PageFinding("links.broken", Severity::kLow, "a.html", "坏链 a", "")}) {
    if (!Hold(store, *id, f)) return 0;
  }
  const Finding unheld = PageFinding("a11y.lang", Severity::kLow, "none.html", "未声明语言", "");
  return store.PutFindings(*id, {unheld}).ok() ? *id : 0;
}

std::vector<std::string> Streamed(Store& store, int64_t run_id) {
  std::vector<std::string> seen;
  auto streamed = store.ForEachTemplatedFinding(run_id, [&](TemplatedFinding&& f) {
    seen.push_back(f.rule + " " + f.signature + " " + f.evidence_key + " " + f.url.substr(17) + " " +
                   std::string(SeverityName(f.severity)) + " " + f.message + " " + f.label);
  });
  EXPECT_TRUE(streamed.ok()) << streamed.message();
  return seen;
}

// The run's findings as "rule page evidence-key", sorted.
std::vector<std::string> FindingsOf(Store& store, int64_t run_id) {
  auto found = store.FindingsForRun(run_id);
  EXPECT_TRUE(found.ok());
  std::vector<std::string> out;
  for (const auto& sf : found.ok() ? *found : std::vector<StoredFinding>{}) {
    out.push_back(sf.finding.rule_id + " " + sf.finding.url.substr(17) + " " + sf.finding.evidence_key);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_P(SiteChecksStoreTest, FindingsHeldForTheRollUpStreamGroupByGroup) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const int64_t id = StoreTemplateFindings(*store);
  ASSERT_NE(id, 0);
  auto counts = store->TemplatePageCounts(id);
  ASSERT_TRUE(counts.ok()) << counts.status().message();
  EXPECT_EQ(*counts, (std::map<std::string, int>{{"t1", 3}, {"t2", 1}}));
  // By rule, template, evidence key and URL; the page finding is not among them.
  EXPECT_EQ(Streamed(*store, id), (std::vector<std::string>{"a11y.lang t1  a.html low 未声明语言 a 导航 t1",
                                                             "a11y.lang t1  b.html low 未声明语言 b 导航 t1",
                                                             "a11y.lang t1 other d.html low 另一个问题 导航 t1",
                                                             "links.broken t1  a.html low 坏链 a 导航 t1",
                                                             "links.broken t2  c.html high 坏链 导航 t2"}));
  EXPECT_EQ(FindingsOf(*store, id), (std::vector<std::string>{"a11y.lang none.html "}));
  auto other_run = store->TemplatePageCounts(id + 1);
  ASSERT_TRUE(other_run.ok());
  EXPECT_TRUE(other_run->empty());
  EXPECT_TRUE(Streamed(*store, id + 1).empty());
}

TEST_P(SiteChecksStoreTest, SettlingDropsTheReplacedGroupsAndMovesEveryOtherFinding) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const int64_t id = StoreTemplateFindings(*store);
  ASSERT_NE(id, 0);
  // The last group in the store's order too: nothing after it may be lost.
  ASSERT_TRUE(store->SettleTemplateFindings(id, {{"a11y.lang", "t1", ""}, {"links.broken", "t2", ""}}).ok());
  EXPECT_EQ(FindingsOf(*store, id), (std::vector<std::string>{"a11y.lang d.html other", "a11y.lang none.html ",
                                                               "links.broken a.html "}));
  EXPECT_TRUE(Streamed(*store, id).empty()) << "the held findings are settled once";
}

TEST_P(SiteChecksStoreTest, AnInterruptedRunShowsItsHeldFindingsAndItsResumedRollUpStillReplacesThem) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  const int64_t id = StoreTemplateFindings(*store);
  ASSERT_NE(id, 0);
  ASSERT_TRUE(store->CopyTemplateFindings(id).ok());
  const std::vector<std::string> all = {"a11y.lang a.html ",      "a11y.lang b.html ",    "a11y.lang d.html other",
                                        "a11y.lang none.html ",   "links.broken a.html ", "links.broken c.html "};
  EXPECT_EQ(FindingsOf(*store, id), all);
  ASSERT_TRUE(store->CopyTemplateFindings(id).ok());
  EXPECT_EQ(FindingsOf(*store, id), all) << "copied once";
  EXPECT_EQ(Streamed(*store, id).size(), 5u) << "kept for the roll-up of the resumed run";
  // The resumed run holds one more page's finding, then rolls a11y.lang up on t1.
  ASSERT_TRUE(Hold(*store, id, PageFinding("a11y.lang", Severity::kLow, "b.html", "另一个问题 b", "x")));
  ASSERT_TRUE(store->SettleTemplateFindings(id, {{"a11y.lang", "t1", ""}}).ok());
  EXPECT_EQ(FindingsOf(*store, id),
            (std::vector<std::string>{"a11y.lang b.html x", "a11y.lang d.html other", "a11y.lang none.html ",
                                      "links.broken a.html ", "links.broken c.html "}));
  EXPECT_TRUE(Streamed(*store, id).empty());
}

TEST(SqliteSiteChecksStoreTest, MigratesAVersion2DatabaseKeepingItsRunsAndBodies) {
  testing::TempDir dir("govaudit-migrate");
  const std::string path = dir / "old.db";
  // A database as the previous version left it: schema steps 1 and 2, one run, two bodies.
  auto store = OpenVersion2Database(
      path, "INSERT INTO runs(site, started_at, as_of) VALUES('示范县', '2026-11-01T00:00:00Z', '2026-11-01'); "
            "INSERT INTO bodies(hash, size, data) VALUES('h-3', 3, x'616263'), ('h-2', 2, x'6869')");
  ASSERT_NE(store, nullptr);
  auto runs = store->ListRuns("示范县");
  ASSERT_TRUE(runs.ok());
  EXPECT_EQ(runs->size(), 1u);
  ASSERT_TRUE(store->PutProbes({Probe("示范县", "2026-11-20T01:00:00Z", true)}).ok());
  auto probes = store->Probes("示范县", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z");
  ASSERT_TRUE(probes.ok());
  EXPECT_EQ(probes->size(), 1u);
  auto abc = store->GetBodyByHash("h-3");
  auto hi = store->GetBodyByHash("h-2");
  ASSERT_TRUE(abc.ok() && hi.ok());
  EXPECT_EQ(abc->value_or(""), "abc");
  EXPECT_EQ(hi->value_or(""), "hi");
  store.reset();
  // Bodies are appended by rowid (schema step 5), no longer clustered on their hash.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE name='bodies'", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const std::string sql = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  EXPECT_EQ(sql.find("WITHOUT ROWID"), std::string::npos) << sql;
}

}  // namespace
}  // namespace govaudit::db
