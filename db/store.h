// Store: everything govaudit knows lives in one database: runs, pages with their facts and
// bodies, links, findings and their history, the crawl frontier. The database is a SQLite file
// (WAL; the default) or a PostgreSQL database named by a postgresql:// URL, which several
// processes (the shards of a province) write at once, each site's runs kept apart by site name.
// This is the only code that speaks SQL: callers ask typed questions with names.
// One thread writes while a crawl runs (db/writer.h batches the writes in transactions);
// readers open their own Store.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/finding.h"
#include "common/status.h"
#include "db/records.h"
#include "db/site_checks.h"

namespace govaudit::db {

inline constexpr int kSchemaVersion = 8;

// Whether `location` names a PostgreSQL database (postgresql://... or postgres://...) rather
// than a SQLite file.
bool IsServerUrl(std::string_view location);
// The location with any password left out, for messages.
std::string RedactUrl(std::string_view location);

class Store {
 public:
  // Opens or creates the database at `path` (":memory:" for tests; a postgresql:// URL for a
  // server database, which must exist), enables WAL and migrates the schema. Errors name the
  // file or the URL (without its password).
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& path);
  // Open, but a missing file is an error instead of a new empty database.
  static StatusOr<std::unique_ptr<Store>> OpenExisting(const std::string& path);
  // Opens an existing database for reading only (no file is created, nothing migrated): for
  // looking at a run while another process writes it.
  static StatusOr<std::unique_ptr<Store>> OpenReadOnly(const std::string& path);
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The file, or the URL without its password.
  const std::string& path() const { return path_; }

  // Claims `site` for this Store's life in a server database: a second process auditing the
  // same site into it is refused (a SQLite file is guarded by the caller's lock file instead).
  Status LockSite(const std::string& site);

  // Write transactions (db::Transaction is the RAII form): on SQLite they take the write lock
  // at once, waiting for another writer as long as the busy timeout allows.
  Status Begin();
  Status Commit();
  void Rollback();

  // Runs.
  StatusOr<int64_t> BeginRun(const RunInfo& run);
  Status FinishRun(const RunInfo& run);
  StatusOr<RunInfo> GetRun(int64_t run_id);
  // Runs of a site, newest first (all sites if `site` is empty).
  StatusOr<std::vector<RunInfo>> ListRuns(const std::string& site = "", int limit = 1000);
  // The highest run id (0 when there is none).
  StatusOr<int64_t> LatestRunId();
  Status SetRunSettings(int64_t run_id, const std::string& settings_json);
  // The newest run of `site` that never finished or was interrupted; 0 if none.
  StatusOr<int64_t> ResumableRun(const std::string& site);
  // Open (not dismissed) findings of the site's last `limit` runs up to `up_to_run`, oldest first.
  StatusOr<std::vector<RunTrendPoint>> OpenFindingsTrend(const std::string& site, int64_t up_to_run, int limit);

  // Cross-site questions (govaudit stats): open findings by site then rule, and the sites that
  // have runs, by name.
  StatusOr<std::vector<OpenFindingCount>> OpenFindingCounts();
  StatusOr<std::vector<std::string>> Sites();

  // Pages and links of a run.
  Status PutPage(int64_t run_id, const PageRecord& page);
  Status PutLinks(int64_t run_id, const std::string& from_url, const std::vector<LinkRecord>& links);
  // The stored body of a page in a run, if any.
  StatusOr<std::optional<std::string>> GetBody(int64_t run_id, const std::string& url);
  StatusOr<std::optional<std::string>> GetBodyByHash(const std::string& hash);
  // A page of a run as fetched, with its body when `with_body` (nullopt if the run has no such
  // URL): what the evidence archive and `govaudit show` present.
  StatusOr<std::optional<PageSnapshot>> Snapshot(int64_t run_id, const std::string& url, bool with_body = true);
  // Validators and body keys of the newest complete run of `site` before `before_run`, for
  // conditional requests, by URL.
  StatusOr<std::map<std::string, Validators>> PreviousValidators(const std::string& site, int64_t before_run);
  StatusOr<PageTotals> CountPages(int64_t run_id);
  // Every URL the run fetched (pages, attachments, external links), by URL.
  StatusOr<std::vector<FetchedPage>> FetchedPages(int64_t run_id);
  // The HTTP status a URL answered in the run; nullopt if it was not fetched.
  StatusOr<std::optional<int>> PageStatus(int64_t run_id, const std::string& url);
  // Pages and attachments whose content could not be read, by URL.
  StatusOr<std::vector<UninspectedPage>> NotInspected(int64_t run_id);
  // In-scope HTML pages that answered 2xx, by URL; with `kinds`, only pages of one of them.
  StatusOr<std::vector<StoredPage>> HtmlPages(int64_t run_id, const std::vector<std::string>& kinds = {});
  // The same pages one at a time, in the same order, none kept.
  Status ForEachHtmlPage(int64_t run_id, const std::vector<std::string>& kinds,
                         const std::function<void(StoredPage&&)>& on_page);
  // Fetched URLs that failed (4xx/5xx, no answer, redirect loops), in or out of scope, by URL;
  // not the targets the address policy refused (those were never contacted).
  StatusOr<std::vector<FailedPage>> FailedPages(int64_t run_id, bool in_scope);
  // Links pointing at `to_url`, by the page holding them (at most `limit`).
  StatusOr<std::vector<StoredLink>> LinksTo(int64_t run_id, const std::string& to_url, int limit = 1000);
  // Links whose anchor text holds `keyword`, by target then source.
  StatusOr<std::vector<StoredLink>> LinksWithText(int64_t run_id, const std::string& keyword);
  // The same for several keywords in one pass over the run's links: element i holds the links
  // of keywords[i] (a scan per keyword costs a pass over every link of the site each).
  StatusOr<std::vector<std::vector<StoredLink>>> LinksWithAnyText(int64_t run_id,
                                                                   const std::vector<std::string>& keywords);
  // The first column list page of a policy-document column that links to `url`, if any.
  StatusOr<std::optional<std::string>> ListedInPolicyColumn(int64_t run_id, const std::string& url);
  // Each HTML page's keywords among `keywords` that its visible text holds (of the keywords the
  // run looked for: PageRecord::text_keywords), in one pass; pages holding none are left out.
  StatusOr<std::map<std::string, std::set<std::string>>> KeywordsByPage(int64_t run_id,
                                                                        const std::set<std::string>& keywords);

  // What the security rules judge after the crawl (db/security.cc). Text is stored as given:
  // callers pass it through the output gate first.
  Status PutOutboundSample(int64_t run_id, const OutboundSample& sample);
  Status PutObservations(int64_t run_id, const std::vector<PageObservation>& observations);
  // Drops the run's observations of one kind (those made once per run, made again on resume).
  Status DeleteObservations(int64_t run_id, const std::string& kind);
  // Every out-of-scope URL the run checked (not those the address policy refused), with what
  // its answer showed when a sample was read, by URL.
  StatusOr<std::vector<OutboundTarget>> OutboundTargets(int64_t run_id);
  // The run's observations of one kind, by target then page.
  StatusOr<std::vector<PageObservation>> Observations(int64_t run_id, const std::string& kind);
  // The newest complete run of the same site before `run_id`; 0 if there is none.
  StatusOr<int64_t> PreviousCompleteRun(int64_t run_id);

  // Findings of a run. PutFindings stores them; UpdateHistory then brings the per-fingerprint
  // history up to date (new, reopened, fixed when the run is complete and re-checked the page).
  // `source` is "page" for page rules and "site" for site rules (recomputed on resume).
  Status PutFindings(int64_t run_id, const std::vector<Finding>& findings, const std::string& source = "page");
  Status DeleteFindings(int64_t run_id, const std::string& source);
  Status UpdateHistory(int64_t run_id);
  // Whether run `run_id` re-checked each page: it read it (an answer, even 404 or 410, whose
  // content it could inspect), or did not reach it because the pages that linked to it in the
  // run that saw it were read and link to it no more (a page nothing linked to then: because
  // every page of the site the run found was read). Findings gone from a page the run did not
  // re-check are not fixed: UpdateHistory and the reports decide by this one test.
  StatusOr<std::vector<bool>> Rechecked(int64_t run_id, const std::vector<PageSeen>& pages);
  StatusOr<std::vector<StoredFinding>> FindingsForRun(int64_t run_id);
  // The findings run `run_id` marked fixed, as last seen before (run_id: the run that saw them).
  StatusOr<std::vector<StoredFinding>> FixedByRun(int64_t run_id);
  // The site's open (or acknowledged) findings last seen before run `run_id`, as last seen: after
  // UpdateHistory, those the run did not find again and could not call fixed.
  StatusOr<std::vector<StoredFinding>> OpenNotSeenBy(int64_t run_id);
  // The same findings one at a time, in the same order, none kept: for whole-run passes that
  // need a little of each finding (a site of 100,000 pages may hold 200,000 findings).
  Status ForEachFinding(int64_t run_id, const std::function<void(StoredFinding&&)>& on_finding);

  // Availability probes (govaudit probe), kept by site across runs. Probes of `site` taken at
  // or after `from` and before `to` (ISO 8601 UTC), oldest first.
  Status PutProbes(const std::vector<ProbeRecord>& probes);
  StatusOr<std::vector<ProbeRecord>> Probes(const std::string& site, const std::string& from, const std::string& to);

  // What a page of a run showed of message boards, service guides and its template
  // (db/site_checks.h), and the run's rows of each, by page URL.
  Status PutPageExtras(int64_t run_id, const PageExtras& extras);
  StatusOr<std::vector<BoardPageRow>> BoardPages(int64_t run_id);
  StatusOr<std::vector<MessageRow>> Messages(int64_t run_id);
  StatusOr<std::vector<GuideRow>> ServiceGuides(int64_t run_id);
  // How many pages of a run each template signature made.
  StatusOr<std::map<std::string, int>> TemplatePageCounts(int64_t run_id);
  // Page findings a template roll-up may replace (of the page at each finding's URL, whose
  // template is `signature`, labelled `label`), held apart from the run's findings until
  // SettleTemplateFindings.
  Status PutTemplateFindings(int64_t run_id, const std::string& signature, const std::string& label,
                             const std::vector<Finding>& findings);
  // The held findings, streamed by rule, signature, evidence key and URL: a group's findings
  // come one after another, so the roll-up holds one group at a time.
  Status ForEachTemplatedFinding(int64_t run_id, const std::function<void(TemplatedFinding&&)>& on_finding);
  // After the roll-up: the held findings of the `replaced` groups are dropped, with any copies
  // CopyTemplateFindings made of them; every other one moves into the run's findings.
  Status SettleTemplateFindings(int64_t run_id, const std::vector<TemplateGroup>& replaced);
  // For a run that ends without a roll-up (interrupted): the held findings are copied into the
  // run's findings and kept, so that a resumed run's roll-up still judges them.
  Status CopyTemplateFindings(int64_t run_id);

  // Triage. SetStatus changes a finding's status and logs the change with its time, note and
  // actor in the audit trail; errors name a bad status (and the allowed ones) or an unknown id.
  Status SetStatus(const std::string& fingerprint, const std::string& status, const std::string& note,
                   const std::string& actor, const std::string& at = "");
  // The finding whose fingerprint starts with `prefix` (at least 6 hex digits, case-insensitive);
  // an error if none or several match.
  StatusOr<HistoryEntry> FindByPrefix(const std::string& prefix);
  // Status changes of a finding, oldest first.
  StatusOr<std::vector<TriageEvent>> TriageTrail(const std::string& fingerprint);
  // Every finding ever seen that matches `filter`, by severity, rule and url.
  StatusOr<std::vector<HistoryEntry>> ListHistory(const HistoryFilter& filter = {});

  // The crawl frontier. A URL is queued when a stored page links to it, and done once its page
  // row is stored (same transaction).
  Status QueueUrl(int64_t run_id, const std::string& url, int depth, const std::string& referrer);
  Status MarkDone(int64_t run_id, const std::string& url, int depth);
  StatusOr<std::vector<FrontierRow>> Frontier(int64_t run_id);

  // SQLite's integrity check: "ok", or what is damaged (a server database checks its own pages:
  // "ok" when it answers).
  StatusOr<std::string> IntegrityCheck();
  // The quicker check (no index contents), made before a long run: "ok", or what is damaged.
  StatusOr<std::string> QuickCheck();
  // Calls `visit` with every text value the store keeps about findings, their history and
  // triage, and the pages' facts (not bodies): what must never hold personal data unmasked.
  Status ForEachStoredText(const std::function<void(std::string_view where, std::string_view text)>& visit);

  struct Impl;  // the connection and its cached statements (db/internal/connection.h)

 private:
  Store(std::string path, std::unique_ptr<Impl> impl);
  static StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& path, bool read_only);

  std::string path_;
  std::unique_ptr<Impl> impl_;
};

// A transaction that rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(Store* store) : store_(store), status_(store->Begin()) {}
  ~Transaction() {
    if (store_ != nullptr && status_.ok()) store_->Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // The error of BEGIN, if it failed.
  const Status& status() const { return status_; }
  Status Commit() {
    if (!status_.ok()) return status_;
    Store* store = store_;
    store_ = nullptr;
    return store->Commit();
  }

 private:
  Store* store_;
  Status status_;
};

}  // namespace govaudit::db
