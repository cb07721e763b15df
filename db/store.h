// Store: everything govaudit knows lives in one SQLite file (WAL): runs, pages with their
// facts and bodies, links, findings and their history, the crawl frontier.
// One thread writes (StoreWriter batches the writes in transactions); readers open their
// own Store after the crawl.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/finding.h"
#include "common/status.h"
#include "db/internal/sqlite_handle.h"

namespace govaudit::db {

inline constexpr int kSchemaVersion = 1;

struct RunInfo {
  int64_t id = 0;
  std::string site;            // site name (or the first start URL)
  std::string started_at;      // ISO 8601 UTC
  std::string finished_at;     // empty while running or if aborted
  std::string as_of;           // the audit date, YYYY-MM-DD
  std::string settings_json;   // the effective options
  int64_t pages = 0;           // pages fetched (any status)
  int64_t fetch_errors = 0;    // fetches that failed or answered >= 400
  bool complete = false;       // false: aborted or a limit was hit; never marks findings fixed
  std::string stop_reason;     // "finished", "max-pages", "interrupted", ...
};

// One fetched URL and what the parser learnt about it.
struct PageRecord {
  std::string url;
  std::string final_url;
  int depth = 0;
  int status = 0;              // HTTP status; 0 when no response
  std::string content_type;
  std::string fetched_at;
  std::string error_kind;      // empty, or "dns", "connect", "timeout", "tls", "http", ...
  std::string error_message;
  bool in_scope = true;
  bool is_html = false;
  std::string body;            // stored de-duplicated by content hash
  std::string charset;
  std::string etag;
  std::string last_modified;
  double elapsed_ms = 0;
  // Facts from the page model, for site rules (SQL over facts, not pages in RAM).
  std::string title;
  std::string kind;            // "policy_document", "interpretation", ... or empty
  std::string kind_reasons;
  std::string publish_date;    // YYYY-MM-DD or empty
  std::string doc_number;
  std::string facts_json;      // everything else a site rule may need
};

struct LinkRecord {
  std::string to_url;
  std::string anchor_text;
};

// A finding as stored, with its identity and history.
struct StoredFinding {
  Finding finding;
  std::string fingerprint;
  int64_t run_id = 0;
  std::string status = "open";  // open, acknowledged, false_positive, fixed
  std::string status_note;
  int64_t first_seen_run = 0;
  std::string first_seen_at;
  int64_t last_seen_run = 0;
  std::string last_seen_at;
};

// Triage statuses, in the order they are listed to users.
inline constexpr const char* kFindingStatuses[] = {"open", "acknowledged", "false_positive", "fixed"};
bool IsFindingStatus(std::string_view status);
// "open, acknowledged, false_positive, fixed", for error messages.
std::string FindingStatusList();

// A finding's history: the finding as last seen, with its status and the runs that found it.
struct HistoryEntry {
  StoredFinding finding;        // run_id = last_seen_run
  std::string site;
  std::vector<int64_t> runs;    // runs that found it, oldest first (FindByPrefix only)
  int64_t runs_seen = 0;        // how many runs found it
};

struct HistoryFilter {
  std::string status;  // one of kFindingStatuses; empty: any
  std::string rule;    // a rule id ("link.broken") or a family ("link"); empty: any
  std::string site;    // empty: any
};

// One status change in the audit trail.
struct TriageEvent {
  std::string at;          // ISO 8601 UTC
  std::string old_status;
  std::string new_status;
  std::string note;
  std::string actor;       // who changed it ("govaudit" for changes made by a run)
};

class Store {
 public:
  // Opens or creates the database at `path` (":memory:" for tests), enables WAL and
  // migrates the schema. Errors name the file.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& path);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }

  Status Begin();
  Status Commit();

  // Runs.
  StatusOr<int64_t> BeginRun(const RunInfo& run);
  Status FinishRun(const RunInfo& run);
  StatusOr<RunInfo> GetRun(int64_t run_id);
  // Runs of a site, newest first (all sites if `site` is empty).
  StatusOr<std::vector<RunInfo>> ListRuns(const std::string& site = "", int limit = 1000);

  // Pages and links of a run.
  Status PutPage(int64_t run_id, const PageRecord& page);
  Status PutLinks(int64_t run_id, const std::string& from_url, const std::vector<LinkRecord>& links);
  // The stored body of a page in a run, if any.
  StatusOr<std::optional<std::string>> GetBody(int64_t run_id, const std::string& url);

  // Findings of a run. PutFindings stores them; UpdateHistory then brings the per-fingerprint
  // history up to date (new, reopened, fixed when the run is complete).
  // `source` is "page" for page rules and "site" for site rules (recomputed on resume).
  Status PutFindings(int64_t run_id, const std::vector<Finding>& findings, const std::string& source = "page");
  Status DeleteFindings(int64_t run_id, const std::string& source);
  Status UpdateHistory(int64_t run_id);
  StatusOr<std::vector<StoredFinding>> FindingsForRun(int64_t run_id);

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

  // The crawl frontier, kept so that a killed crawl can be resumed. A URL is queued when a
  // stored page links to it, and done once its page row is stored (same transaction).
  Status QueueUrl(int64_t run_id, const std::string& url, int depth, const std::string& referrer);
  Status MarkDone(int64_t run_id, const std::string& url, int depth);
  struct FrontierRow {
    std::string url;
    int depth = 0;
    std::string referrer;
    bool done = false;
  };
  StatusOr<std::vector<FrontierRow>> Frontier(int64_t run_id);
  // The newest run of `site` that never finished or was interrupted; 0 if none.
  StatusOr<int64_t> ResumableRun(const std::string& site);

  // Validators and body keys of the newest complete run of `site` before `before_run`, for
  // conditional requests: url -> (etag, last_modified, body_hash).
  struct Validators {
    std::string etag;
    std::string last_modified;
    std::string body_hash;
  };
  StatusOr<std::map<std::string, Validators>> PreviousValidators(const std::string& site, int64_t before_run);
  StatusOr<std::optional<std::string>> GetBodyByHash(const std::string& hash);

  // Generic access for site rules and reports: SQL over the schema.
  StatusOr<Statement> Prepare(std::string_view sql);
  sqlite3* raw() { return db_.get(); }
  // A statement prepared once and kept for the Store's life (hot write paths).
  StatusOr<Statement*> Cached(const char* sql);

 private:
  Store(std::string path, SqliteHandle db) : path_(std::move(path)), db_(std::move(db)) {}
  Status Migrate();

  std::string path_;
  SqliteHandle db_;
  std::map<const char*, Statement> cached_;  // keyed by the SQL literal's address
};

// The single writer: a thread that owns the Store while a crawl runs and applies queued
// writes in batched transactions. Submit blocks when the queue is full, so memory stays flat.
class StoreWriter {
 public:
  using Write = std::function<Status(Store&)>;

  explicit StoreWriter(Store* store, size_t max_queue = 256, size_t max_batch = 200);
  ~StoreWriter();

  void Submit(Write write);
  // Waits until every submitted write is committed; returns the first error, if any.
  Status Flush();
  // Flushes and stops the thread. The Store is free for other use afterwards.
  Status Close();

 private:
  void Loop();

  Store* store_;
  size_t max_queue_;
  size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::condition_variable drained_;
  std::deque<Write> queue_;
  size_t in_flight_ = 0;
  bool closing_ = false;
  Status first_error_;
  std::thread thread_;
};

// Current time as ISO 8601 UTC ("2026-11-26T14:51:00Z").
std::string NowUtcIso();

}  // namespace govaudit::db
