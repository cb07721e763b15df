#include "db/store.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>

#include "common/hash.h"
#include "db/schema.sql.h"

namespace govaudit::db {

std::string NowUtcIso() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) return SqliteError(raw, rc, "opening database " + path);
  sqlite3_busy_timeout(raw, 5000);
  std::unique_ptr<Store> store(new Store(path, std::move(db)));
  // WAL lets report readers run beside a writer; NORMAL is durable enough with WAL.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    Status s = Exec(store->raw(), pragma);
    if (!s.ok()) return s.WithContext("database " + path);
  }
  Status migrated = store->Migrate();
  if (!migrated.ok()) return migrated.WithContext("database " + path);
  return store;
}

Status Store::Migrate() {
  auto version_stmt = Statement::Prepare(raw(), "PRAGMA user_version");
  if (!version_stmt.ok()) return version_stmt.status();
  auto row = version_stmt->Step();
  if (!row.ok()) return row.status();
  int version = static_cast<int>(version_stmt->Int(0));
  if (version > kSchemaVersion) {
    return Status::Error("schema version " + std::to_string(version) + " is newer than this govaudit supports (" +
                         std::to_string(kSchemaVersion) + "); use a newer govaudit");
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    Status s = Exec(raw(), "BEGIN");
    if (s.ok()) s = Exec(raw(), kMigrations[v]);
    if (s.ok()) s = Exec(raw(), "PRAGMA user_version=" + std::to_string(v + 1));
    if (!s.ok()) {
      (void)Exec(raw(), "ROLLBACK");
      return s.WithContext("migrating schema to version " + std::to_string(v + 1));
    }
    s = Exec(raw(), "COMMIT");
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status Store::Begin() { return Exec(raw(), "BEGIN"); }
Status Store::Commit() { return Exec(raw(), "COMMIT"); }

StatusOr<Statement> Store::Prepare(std::string_view sql) { return Statement::Prepare(raw(), sql); }

StatusOr<Statement*> Store::Cached(const char* sql) {
  auto it = cached_.find(sql);
  if (it == cached_.end()) {
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    it = cached_.emplace(sql, std::move(stmt).value()).first;
  }
  return &it->second;
}

StatusOr<int64_t> Store::BeginRun(const RunInfo& run) {
  auto stmt = Prepare("INSERT INTO runs(site, started_at, as_of, settings, stop_reason) VALUES(?,?,?,?, 'running')");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run.site).Bind(2, run.started_at.empty() ? NowUtcIso() : run.started_at).Bind(3, run.as_of);
  stmt->Bind(4, run.settings_json.empty() ? std::string("{}") : run.settings_json);
  Status s = stmt->Run();
  if (!s.ok()) return s.WithContext("starting a run");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(raw()));
}

Status Store::FinishRun(const RunInfo& run) {
  auto stmt = Prepare(
      "UPDATE runs SET finished_at=?, pages=?, fetch_errors=?, complete=?, stop_reason=? WHERE id=?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run.finished_at.empty() ? NowUtcIso() : run.finished_at)
      .Bind(2, run.pages)
      .Bind(3, run.fetch_errors)
      .Bind(4, run.complete ? 1 : 0)
      .Bind(5, run.stop_reason)
      .Bind(6, run.id);
  return stmt->Run();
}

namespace {
RunInfo ReadRun(const Statement& s) {
  RunInfo r;
  r.id = s.Int(0);
  r.site = s.Text(1);
  r.started_at = s.Text(2);
  r.finished_at = s.Text(3);
  r.as_of = s.Text(4);
  r.settings_json = s.Text(5);
  r.pages = s.Int(6);
  r.fetch_errors = s.Int(7);
  r.complete = s.Int(8) != 0;
  r.stop_reason = s.Text(9);
  return r;
}
constexpr const char* kRunColumns =
    "SELECT id, site, started_at, finished_at, as_of, settings, pages, fetch_errors, complete, stop_reason FROM runs ";
}  // namespace

StatusOr<RunInfo> Store::GetRun(int64_t run_id) {
  auto stmt = Prepare(std::string(kRunColumns) + "WHERE id=?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run_id);
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Error("no run " + std::to_string(run_id) + " in " + path_);
  return ReadRun(*stmt);
}

StatusOr<std::vector<RunInfo>> Store::ListRuns(const std::string& site, int limit) {
  auto stmt = Prepare(std::string(kRunColumns) + "WHERE (?1 = '' OR site = ?1) ORDER BY id DESC LIMIT ?2");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, site).Bind(2, limit);
  std::vector<RunInfo> runs;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    runs.push_back(ReadRun(*stmt));
  }
  return runs;
}

Status Store::PutPage(int64_t run_id, const PageRecord& p) {
  std::optional<std::string> body_hash;
  if (!p.body.empty()) {
    body_hash = Hex64(Fnv1a64(p.body)) + "-" + std::to_string(p.body.size());
    auto body_cached = Cached("INSERT OR IGNORE INTO bodies(hash, size, data) VALUES(?,?,?)");
    if (!body_cached.ok()) return body_cached.status();
    Statement* body = *body_cached;
    body->Bind(1, *body_hash).Bind(2, static_cast<int64_t>(p.body.size())).BindBlob(3, p.body);
    Status s = body->Run();
    if (!s.ok()) return s.WithContext("storing the body of " + p.url);
  }
  auto stmt_cached = Cached(
      "INSERT OR REPLACE INTO pages(run_id, url, final_url, depth, status, content_type, fetched_at, error_kind, "
      "error_message, in_scope, is_html, body_hash, charset, etag, last_modified, elapsed_ms, title, kind, "
      "kind_reasons, publish_date, doc_number, facts) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt_cached.ok()) return stmt_cached.status();
  Statement* stmt = *stmt_cached;
  stmt->Bind(1, run_id).Bind(2, p.url).Bind(3, p.final_url.empty() ? p.url : p.final_url).Bind(4, p.depth);
  stmt->Bind(5, p.status).Bind(6, p.content_type).Bind(7, p.fetched_at.empty() ? NowUtcIso() : p.fetched_at);
  stmt->Bind(8, p.error_kind).Bind(9, p.error_message).Bind(10, p.in_scope ? 1 : 0).Bind(11, p.is_html ? 1 : 0);
  stmt->BindOptional(12, body_hash).Bind(13, p.charset).Bind(14, p.etag).Bind(15, p.last_modified);
  stmt->Bind(16, p.elapsed_ms).Bind(17, p.title).Bind(18, p.kind).Bind(19, p.kind_reasons);
  stmt->Bind(20, p.publish_date).Bind(21, p.doc_number).Bind(22, p.facts_json.empty() ? "{}" : p.facts_json);
  Status s = stmt->Run();
  return s.ok() ? s : s.WithContext("storing page " + p.url);
}

Status Store::PutLinks(int64_t run_id, const std::string& from_url, const std::vector<LinkRecord>& links) {
  auto stmt_cached = Cached("INSERT OR IGNORE INTO links(run_id, from_url, to_url, anchor_text) VALUES(?,?,?,?)");
  if (!stmt_cached.ok()) return stmt_cached.status();
  Statement* stmt = *stmt_cached;
  for (const LinkRecord& link : links) {
    stmt->Bind(1, run_id).Bind(2, from_url).Bind(3, link.to_url).Bind(4, link.anchor_text);
    Status s = stmt->Run();
    if (!s.ok()) return s.WithContext("storing links of " + from_url);
  }
  return Status::Ok();
}

StatusOr<std::optional<std::string>> Store::GetBody(int64_t run_id, const std::string& url) {
  auto stmt = Prepare(
      "SELECT b.data FROM pages p JOIN bodies b ON b.hash = p.body_hash WHERE p.run_id=? AND p.url=?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run_id).Bind(2, url);
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->Text(0));
}

Status Store::PutFindings(int64_t run_id, const std::vector<Finding>& findings, const std::string& source) {
  auto stmt_cached = Cached(
      "INSERT OR IGNORE INTO findings(run_id, fingerprint, rule, severity, url, title, message, evidence, highlight, "
      "referrers, evidence_key, kind_reasons, location, source) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  if (!stmt_cached.ok()) return stmt_cached.status();
  Statement* stmt = *stmt_cached;
  for (const Finding& f : findings) {
    stmt->Bind(1, run_id).Bind(2, Fingerprint(f)).Bind(3, f.rule_id).Bind(4, SeverityName(f.severity));
    stmt->Bind(5, f.url).Bind(6, f.title).Bind(7, f.message).Bind(8, f.evidence).Bind(9, f.highlight);
    stmt->Bind(10, nlohmann::json(f.referrers).dump()).Bind(11, f.evidence_key).Bind(12, f.page_kind_reasons);
    stmt->Bind(13, f.location).Bind(14, source);
    Status s = stmt->Run();
    if (!s.ok()) return s.WithContext("storing finding " + f.rule_id + " for " + f.url);
  }
  return Status::Ok();
}

Status Store::DeleteFindings(int64_t run_id, const std::string& source) {
  auto stmt = Prepare("DELETE FROM findings WHERE run_id=? AND source=?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run_id).Bind(2, source);
  return stmt->Run();
}

Status Store::QueueUrl(int64_t run_id, const std::string& url, int depth, const std::string& referrer) {
  auto stmt_cached = Cached("INSERT OR IGNORE INTO frontier(run_id, url, depth, referrer, done) VALUES(?,?,?,?,0)");
  if (!stmt_cached.ok()) return stmt_cached.status();
  Statement* stmt = *stmt_cached;
  stmt->Bind(1, run_id).Bind(2, url).Bind(3, depth).Bind(4, referrer);
  return stmt->Run();
}

Status Store::MarkDone(int64_t run_id, const std::string& url, int depth) {
  auto stmt_cached = Cached(
      "INSERT INTO frontier(run_id, url, depth, done) VALUES(?,?,?,1) "
      "ON CONFLICT(run_id, url) DO UPDATE SET done=1");
  if (!stmt_cached.ok()) return stmt_cached.status();
  Statement* stmt = *stmt_cached;
  stmt->Bind(1, run_id).Bind(2, url).Bind(3, depth);
  return stmt->Run();
}

StatusOr<std::vector<Store::FrontierRow>> Store::Frontier(int64_t run_id) {
  auto stmt = Prepare("SELECT url, depth, referrer, done FROM frontier WHERE run_id=? ORDER BY depth, url");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run_id);
  std::vector<FrontierRow> rows;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    rows.push_back({stmt->Text(0), static_cast<int>(stmt->Int(1)), stmt->Text(2), stmt->Int(3) != 0});
  }
  return rows;
}

StatusOr<int64_t> Store::ResumableRun(const std::string& site) {
  auto stmt = Prepare(
      "SELECT id FROM runs WHERE site=? AND (finished_at IS NULL OR stop_reason IN ('running','interrupted')) "
      "ORDER BY id DESC LIMIT 1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, site);
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->Int(0) : int64_t{0};
}

StatusOr<std::map<std::string, Store::Validators>> Store::PreviousValidators(const std::string& site,
                                                                             int64_t before_run) {
  auto stmt = Prepare(
      "SELECT url, etag, last_modified, coalesce(body_hash,'') FROM pages WHERE run_id = (SELECT max(id) FROM runs "
      "WHERE site=?1 AND complete=1 AND id<?2) AND status=200 AND body_hash IS NOT NULL "
      "AND (etag<>'' OR last_modified<>'')");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, site).Bind(2, before_run);
  std::map<std::string, Validators> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out[stmt->Text(0)] = {stmt->Text(1), stmt->Text(2), stmt->Text(3)};
  }
  return out;
}

StatusOr<std::optional<std::string>> Store::GetBodyByHash(const std::string& hash) {
  auto stmt = Prepare("SELECT data FROM bodies WHERE hash=?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, hash);
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(stmt->Text(0));
}

Status Store::UpdateHistory(int64_t run_id) {
  auto run = GetRun(run_id);
  if (!run.ok()) return run.status();
  const std::string now = run->finished_at.empty() ? NowUtcIso() : run->finished_at;
  // New fingerprints start open; seen ones get last_seen, and fixed ones reopen.
  auto upsert = Prepare(
      "INSERT INTO finding_history(fingerprint, site, rule, url, status, first_seen_run, first_seen_at, "
      "last_seen_run, last_seen_at) "
      "SELECT fingerprint, ?2, rule, url, 'open', run_id, ?3, run_id, ?3 FROM findings WHERE run_id=?1 "
      "ON CONFLICT(fingerprint) DO UPDATE SET last_seen_run=excluded.last_seen_run, "
      "last_seen_at=excluded.last_seen_at, "
      "status=CASE WHEN finding_history.status='fixed' THEN 'open' ELSE finding_history.status END");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, run_id).Bind(2, run->site).Bind(3, now);
  Status s = upsert->Run();
  if (!s.ok()) return s.WithContext("updating finding history");
  // Log reopenings in the audit trail.
  auto reopened = Prepare(
      "INSERT INTO triage_log(fingerprint, at, old_status, new_status, note, actor) "
      "SELECT h.fingerprint, ?2, 'fixed', 'open', 'seen again in run ' || ?1, 'govaudit' FROM finding_history h "
      "WHERE h.last_seen_run=?1 AND h.first_seen_run<?1 AND EXISTS (SELECT 1 FROM triage_log t WHERE "
      "t.fingerprint=h.fingerprint AND t.id=(SELECT max(id) FROM triage_log WHERE fingerprint=h.fingerprint) "
      "AND t.new_status='fixed')");
  if (!reopened.ok()) return reopened.status();
  reopened->Bind(1, run_id).Bind(2, now);
  s = reopened->Run();
  if (!s.ok()) return s;
  if (!run->complete) return Status::Ok();  // an incomplete run proves nothing fixed
  auto fixed_log = Prepare(
      "INSERT INTO triage_log(fingerprint, at, old_status, new_status, note, actor) "
      "SELECT fingerprint, ?2, status, 'fixed', 'not seen in complete run ' || ?1, 'govaudit' FROM finding_history "
      "WHERE site=?3 AND last_seen_run<?1 AND status IN ('open','acknowledged')");
  if (!fixed_log.ok()) return fixed_log.status();
  fixed_log->Bind(1, run_id).Bind(2, now).Bind(3, run->site);
  s = fixed_log->Run();
  if (!s.ok()) return s;
  auto fixed = Prepare(
      "UPDATE finding_history SET status='fixed' WHERE site=?2 AND last_seen_run<?1 "
      "AND status IN ('open','acknowledged')");
  if (!fixed.ok()) return fixed.status();
  fixed->Bind(1, run_id).Bind(2, run->site);
  return fixed->Run();
}

StatusOr<std::vector<StoredFinding>> Store::FindingsForRun(int64_t run_id) {
  auto stmt = Prepare(
      "SELECT f.rule, f.severity, f.url, f.title, f.message, f.evidence, f.highlight, f.referrers, f.evidence_key, "
      "f.kind_reasons, f.location, f.fingerprint, coalesce(h.status,'open'), coalesce(h.status_note,''), "
      "coalesce(h.first_seen_run, f.run_id), coalesce(h.first_seen_at,''), coalesce(h.last_seen_run, f.run_id), "
      "coalesce(h.last_seen_at,'') FROM findings f LEFT JOIN finding_history h ON h.fingerprint=f.fingerprint "
      "WHERE f.run_id=? ORDER BY CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, f.rule, f.url");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, run_id);
  std::vector<StoredFinding> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    StoredFinding sf;
    Finding& f = sf.finding;
    f.rule_id = stmt->Text(0);
    f.severity = ParseSeverity(stmt->Text(1)).value_or(Severity::kMedium);
    f.url = stmt->Text(2);
    f.title = stmt->Text(3);
    f.message = stmt->Text(4);
    f.evidence = stmt->Text(5);
    f.highlight = stmt->Text(6);
    auto referrers = nlohmann::json::parse(stmt->Text(7), nullptr, false);
    if (referrers.is_array()) {
      for (const auto& r : referrers) f.referrers.push_back(r.get<std::string>());
    }
    f.evidence_key = stmt->Text(8);
    f.page_kind_reasons = stmt->Text(9);
    f.location = stmt->Text(10);
    sf.fingerprint = stmt->Text(11);
    sf.run_id = run_id;
    sf.status = stmt->Text(12);
    sf.status_note = stmt->Text(13);
    sf.first_seen_run = stmt->Int(14);
    sf.first_seen_at = stmt->Text(15);
    sf.last_seen_run = stmt->Int(16);
    sf.last_seen_at = stmt->Text(17);
    out.push_back(std::move(sf));
  }
  return out;
}

// ---- Triage and history ----

bool IsFindingStatus(std::string_view status) {
  for (const char* s : kFindingStatuses) {
    if (status == s) return true;
  }
  return false;
}

std::string FindingStatusList() {
  std::string out;
  for (const char* s : kFindingStatuses) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

namespace {

// The history row with the finding as stored by its last run (LEFT JOIN: a run's findings may
// have been pruned while its history stays).
constexpr const char* kHistoryColumns =
    "SELECT h.fingerprint, h.site, h.rule, h.url, h.status, h.status_note, h.first_seen_run, h.first_seen_at, "
    "h.last_seen_run, h.last_seen_at, coalesce(f.severity,'medium'), coalesce(f.title,''), "
    "coalesce(f.message,''), coalesce(f.evidence,''), coalesce(f.highlight,''), coalesce(f.referrers,'[]'), "
    "coalesce(f.evidence_key,''), coalesce(f.kind_reasons,''), coalesce(f.location,''), coalesce(c.n,0) "
    "FROM finding_history h "
    "LEFT JOIN findings f ON f.run_id=h.last_seen_run AND f.fingerprint=h.fingerprint ";

HistoryEntry ReadHistory(const Statement& s) {
  HistoryEntry e;
  StoredFinding& sf = e.finding;
  Finding& f = sf.finding;
  sf.fingerprint = s.Text(0);
  e.site = s.Text(1);
  f.rule_id = s.Text(2);
  f.url = s.Text(3);
  sf.status = s.Text(4);
  sf.status_note = s.Text(5);
  sf.first_seen_run = s.Int(6);
  sf.first_seen_at = s.Text(7);
  sf.last_seen_run = s.Int(8);
  sf.run_id = sf.last_seen_run;
  sf.last_seen_at = s.Text(9);
  f.severity = ParseSeverity(s.Text(10)).value_or(Severity::kMedium);
  f.title = s.Text(11);
  f.message = s.Text(12);
  f.evidence = s.Text(13);
  f.highlight = s.Text(14);
  auto referrers = nlohmann::json::parse(s.Text(15), nullptr, false);
  if (referrers.is_array()) {
    for (const auto& r : referrers) {
      if (r.is_string()) f.referrers.push_back(r.get<std::string>());
    }
  }
  f.evidence_key = s.Text(16);
  f.page_kind_reasons = s.Text(17);
  f.location = s.Text(18);
  e.runs_seen = s.Int(19);
  return e;
}

// Fingerprints are lower-case hex (Hex64); users may paste them in either case.
bool IsHex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

constexpr size_t kMinIdPrefix = 6;

}  // namespace

Status Store::SetStatus(const std::string& fingerprint, const std::string& status, const std::string& note,
                        const std::string& actor, const std::string& at) {
  if (!IsFindingStatus(status)) {
    return Status::Error("status '" + status + "' is not one of: " + FindingStatusList());
  }
  auto current = Prepare("SELECT status FROM finding_history WHERE fingerprint=?");
  if (!current.ok()) return current.status();
  current->Bind(1, fingerprint);
  auto row = current->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Error("no finding with id '" + fingerprint + "' in " + path_);
  const std::string old_status = current->Text(0);
  current->Reset();
  const std::string when = at.empty() ? NowUtcIso() : at;

  // A savepoint works whether or not the caller already opened a transaction.
  Status s = Exec(raw(), "SAVEPOINT set_status");
  if (!s.ok()) return s;
  auto update = Prepare("UPDATE finding_history SET status=?2, status_note=?3 WHERE fingerprint=?1");
  if (update.ok()) {
    update->Bind(1, fingerprint).Bind(2, status).Bind(3, note);
    s = update->Run();
  } else {
    s = update.status();
  }
  if (s.ok()) {
    auto log = Prepare(
        "INSERT INTO triage_log(fingerprint, at, old_status, new_status, note, actor) VALUES(?,?,?,?,?,?)");
    if (log.ok()) {
      log->Bind(1, fingerprint).Bind(2, when).Bind(3, old_status).Bind(4, status).Bind(5, note).Bind(6, actor);
      s = log->Run();
    } else {
      s = log.status();
    }
  }
  if (!s.ok()) {
    (void)Exec(raw(), "ROLLBACK TO set_status");
    (void)Exec(raw(), "RELEASE set_status");
    return s.WithContext("setting the status of " + fingerprint);
  }
  return Exec(raw(), "RELEASE set_status");
}

StatusOr<HistoryEntry> Store::FindByPrefix(const std::string& prefix) {
  const std::string id = Lower(prefix);
  if (id.size() < kMinIdPrefix) {
    return Status::Error("id '" + prefix + "' is too short: give at least " + std::to_string(kMinIdPrefix) +
                         " characters of the finding's id");
  }
  const Status not_found = Status::Error("no finding with id '" + prefix + "' in " + path_);
  if (!IsHex(id)) return not_found;
  auto matches = Prepare(
      "SELECT fingerprint FROM finding_history WHERE substr(fingerprint,1,length(?1))=?1 ORDER BY fingerprint "
      "LIMIT 4");
  if (!matches.ok()) return matches.status();
  matches->Bind(1, id);
  std::vector<std::string> found;
  for (;;) {
    auto row = matches->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    found.push_back(matches->Text(0));
  }
  if (found.empty()) return not_found;
  if (found.size() > 1) {
    std::string list;
    for (size_t i = 0; i < found.size() && i < 3; ++i) list += (i ? ", " : "") + found[i];
    if (found.size() > 3) list += ", ...";
    return Status::Error("id '" + prefix + "' matches several findings (" + list + "): give more characters");
  }
  auto stmt = Prepare(std::string(kHistoryColumns) +
                      "LEFT JOIN (SELECT count(*) AS n, ?1 AS fingerprint FROM findings WHERE fingerprint=?1) c "
                      "ON c.fingerprint=h.fingerprint WHERE h.fingerprint=?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, found.front());
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return not_found;
  HistoryEntry entry = ReadHistory(*stmt);
  auto runs = Prepare("SELECT run_id FROM findings WHERE fingerprint=? ORDER BY run_id");
  if (!runs.ok()) return runs.status();
  runs->Bind(1, entry.finding.fingerprint);
  for (;;) {
    auto r = runs->Step();
    if (!r.ok()) return r.status();
    if (!*r) break;
    entry.runs.push_back(runs->Int(0));
  }
  return entry;
}

StatusOr<std::vector<TriageEvent>> Store::TriageTrail(const std::string& fingerprint) {
  auto stmt = Prepare(
      "SELECT at, old_status, new_status, note, actor FROM triage_log WHERE fingerprint=? ORDER BY id");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, fingerprint);
  std::vector<TriageEvent> trail;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    trail.push_back({stmt->Text(0), stmt->Text(1), stmt->Text(2), stmt->Text(3), stmt->Text(4)});
  }
  return trail;
}

StatusOr<std::vector<HistoryEntry>> Store::ListHistory(const HistoryFilter& filter) {
  if (!filter.status.empty() && !IsFindingStatus(filter.status)) {
    return Status::Error("status '" + filter.status + "' is not one of: " + FindingStatusList());
  }
  // One pass over findings for the run counts, instead of one lookup per history row.
  auto stmt = Prepare(std::string(kHistoryColumns) +
                      "LEFT JOIN (SELECT fingerprint, count(*) AS n FROM findings GROUP BY fingerprint) c "
                      "ON c.fingerprint=h.fingerprint "
                      "WHERE (?1='' OR h.status=?1) AND (?2='' OR h.rule=?2 OR substr(h.rule,1,length(?2)+1)=?2||'.') "
                      "AND (?3='' OR h.site=?3) "
                      "ORDER BY CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, h.rule, h.url, "
                      "h.fingerprint");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, filter.status).Bind(2, filter.rule).Bind(3, filter.site);
  std::vector<HistoryEntry> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(ReadHistory(*stmt));
  }
  return out;
}

// ---- StoreWriter ----

StoreWriter::StoreWriter(Store* store, size_t max_queue, size_t max_batch)
    : store_(store), max_queue_(max_queue), max_batch_(max_batch), thread_([this] { Loop(); }) {}

StoreWriter::~StoreWriter() { (void)Close(); }

void StoreWriter::Submit(Write write) {
  std::unique_lock lock(mutex_);
  has_room_.wait(lock, [&] { return queue_.size() < max_queue_ || closing_; });
  queue_.push_back(std::move(write));
  has_work_.notify_one();
}

Status StoreWriter::Flush() {
  std::unique_lock lock(mutex_);
  drained_.wait(lock, [&] { return queue_.empty() && in_flight_ == 0; });
  return first_error_;
}

Status StoreWriter::Close() {
  {
    std::unique_lock lock(mutex_);
    if (!thread_.joinable()) return first_error_;
    closing_ = true;
    has_work_.notify_all();
  }
  thread_.join();
  return first_error_;
}

void StoreWriter::Loop() {
  for (;;) {
    std::deque<Write> batch;
    {
      std::unique_lock lock(mutex_);
      has_work_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty() && closing_) return;
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      in_flight_ = batch.size();
      has_room_.notify_all();
    }
    // One transaction per batch: the cost of a commit is shared by many writes.
    Status status = store_->Begin();
    for (Write& write : batch) {
      if (!status.ok()) break;
      status = write(*store_);
    }
    if (status.ok()) {
      status = store_->Commit();
    } else {
      (void)Exec(store_->raw(), "ROLLBACK");
    }
    std::lock_guard lock(mutex_);
    if (!status.ok() && first_error_.ok()) first_error_ = status;
    in_flight_ = 0;
    if (queue_.empty()) drained_.notify_all();
  }
}

}  // namespace govaudit::db
