#include "db/store.h"

#include <chrono>
#include <ctime>
#include <iterator>

#include "db/internal/connection.h"
#include "db/schema.sql.h"

static_assert(std::size(govaudit::db::kMigrations) == govaudit::db::kSchemaVersion,
              "each schema version is one migration: raise kSchemaVersion with a new step");

namespace govaudit::db {

std::string NowUtcIso() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : "\n") + item;
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

StatusOr<Statement*> Store::Impl::Cached(const char* sql) {
  auto it = cached.find(sql);
  if (it == cached.end()) {
    ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
    it = cached.emplace(sql, std::move(stmt)).first;
  }
  return &it->second;
}

Store::Store(std::string path, std::unique_ptr<Impl> impl) : path_(std::move(path)), impl_(std::move(impl)) {}
Store::~Store() = default;

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  auto impl = std::make_unique<Impl>();
  impl->db.reset(raw);  // a failed open still allocates the handle
  if (rc != SQLITE_OK) return SqliteError(raw, rc, "opening database " + path);
  sqlite3_busy_timeout(raw, 5000);
  std::unique_ptr<Store> store(new Store(path, std::move(impl)));
  // WAL lets report readers run beside a writer; NORMAL is durable enough with WAL.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    Status s = Exec(raw, pragma);
    if (!s.ok()) return s.WithContext("database " + path);
  }
  Status migrated = store->Migrate();
  if (!migrated.ok()) return migrated.WithContext("database " + path);
  return store;
}

StatusOr<std::unique_ptr<Store>> Store::OpenReadOnly(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  auto impl = std::make_unique<Impl>();
  impl->db.reset(raw);
  if (rc != SQLITE_OK) return SqliteError(raw, rc, "opening database " + path);
  sqlite3_busy_timeout(raw, 5000);
  return std::unique_ptr<Store>(new Store(path, std::move(impl)));
}

Status Store::Migrate() {
  ASSIGN_OR_RETURN(Statement version_stmt, impl_->Prepare("PRAGMA user_version"));
  ASSIGN_OR_RETURN(bool row, version_stmt.Step());
  int version = row ? static_cast<int>(version_stmt.Int(0)) : 0;
  if (version > kSchemaVersion) {
    return Status::Error("schema version " + std::to_string(version) + " is newer than this govaudit supports (" +
                         std::to_string(kSchemaVersion) + "); use a newer govaudit");
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    Status s = Exec(impl_->raw(), "BEGIN");
    if (s.ok()) s = Exec(impl_->raw(), kMigrations[v]);
    if (s.ok()) s = Exec(impl_->raw(), "PRAGMA user_version=" + std::to_string(v + 1));
    if (!s.ok()) {
      (void)Exec(impl_->raw(), "ROLLBACK");
      return s.WithContext("migrating schema to version " + std::to_string(v + 1));
    }
    RETURN_IF_ERROR(Exec(impl_->raw(), "COMMIT"));
  }
  return Status::Ok();
}

Status Store::Begin() { return Exec(impl_->raw(), "BEGIN"); }
Status Store::Commit() { return Exec(impl_->raw(), "COMMIT"); }
void Store::Rollback() { (void)Exec(impl_->raw(), "ROLLBACK"); }

StatusOr<std::string> Store::IntegrityCheck() { return Check("PRAGMA integrity_check"); }
StatusOr<std::string> Store::QuickCheck() { return Check("PRAGMA quick_check"); }

StatusOr<std::string> Store::Check(const char* pragma) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare(pragma));
  std::string result;
  RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& s) { result += (result.empty() ? "" : "; ") + s.Text(0); }));
  return result;
}

Status Store::ForEachStoredText(const std::function<void(std::string_view, std::string_view)>& visit) {
  struct Source {
    const char* where;
    const char* sql;
  };
  const Source sources[] = {
      {"findings", "SELECT url, title, message, evidence, highlight, referrers, evidence_key, location FROM findings"},
      {"finding_history", "SELECT url, status_note FROM finding_history"},
      {"triage_log", "SELECT note FROM triage_log"},
      {"pages", "SELECT title, kind_reasons, doc_number, error_message, not_inspected_reason, facts FROM pages"},
      {"messages", "SELECT url, title, status, replier, type FROM messages"},
      {"service_guides", "SELECT url, title FROM service_guides"},
      {"probes", "SELECT url, error FROM probes"},
      {"outbound_samples", "SELECT title, lexicon_terms, excerpt FROM outbound_samples"},
      {"page_observations", "SELECT page_url, target, detail, text FROM page_observations"},
  };
  for (const Source& source : sources) {
    ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare(source.sql));
    RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& s) {
      for (int c = 0; c < s.ColumnCount(); ++c) visit(source.where, s.Text(c));
    }));
  }
  return Status::Ok();
}

}  // namespace govaudit::db
