#include "db/store.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iterator>

#include "common/hash.h"
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

std::string ReplaceSql(std::string_view table, std::string_view keys, std::string_view columns) {
  std::string placeholders = "?";
  std::string updates;
  for (char c : std::string(keys) + "," + std::string(columns)) {
    if (c == ',') placeholders += ",?";
  }
  size_t start = 0;
  while (start < columns.size()) {
    size_t end = columns.find(',', start);
    if (end == std::string_view::npos) end = columns.size();
    std::string_view column = columns.substr(start, end - start);
    while (!column.empty() && column.front() == ' ') column.remove_prefix(1);
    updates += (updates.empty() ? "" : ", ") + std::string(column) + "=excluded." + std::string(column);
    start = end + 1;
  }
  return "INSERT INTO " + std::string(table) + "(" + std::string(keys) + ", " + std::string(columns) + ") VALUES(" +
         placeholders + ") ON CONFLICT(" + std::string(keys) + ") DO UPDATE SET " + updates;
}

bool IsServerUrl(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string RedactUrl(std::string_view location) {
  std::string url(location);
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t authority_end = url.find_first_of("/?", scheme + 3);
  const size_t at = url.rfind('@', authority_end == std::string::npos ? url.size() : authority_end);
  if (at != std::string::npos && at > scheme) {
    const size_t colon = url.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) url.erase(colon, at - colon);
  }
  const size_t password = url.find("password=");
  if (password != std::string::npos && (url[password - 1] == '?' || url[password - 1] == '&')) {
    const size_t end = url.find('&', password);
    url.replace(password, (end == std::string::npos ? url.size() : end) - password, "password=...");
  }
  return url;
}

Status ApplyMigrations(Connection& db, int version, int latest, const std::function<std::string(int)>& step) {
  if (version > latest) {
    return Status::Error("schema version " + std::to_string(version) + " is newer than this govaudit supports (" +
                         std::to_string(latest) + "); use a newer govaudit");
  }
  for (int v = version; v < latest; ++v) {
    Status s = db.Exec("BEGIN");
    if (s.ok()) s = db.Exec(step(v));
    if (!s.ok()) {
      (void)db.Exec("ROLLBACK");
      return s.WithContext("migrating schema to version " + std::to_string(v + 1));
    }
    RETURN_IF_ERROR(db.Exec("COMMIT"));
  }
  return Status::Ok();
}

StatusOr<Statement*> Store::Impl::Cached(const char* sql) {
  auto it = cached.find(sql);
  if (it == cached.end()) {
    ASSIGN_OR_RETURN(Statement stmt, db->Prepare(sql, true));
    it = cached.emplace(sql, std::move(stmt)).first;
  }
  return &it->second;
}

Store::Store(std::string path, std::unique_ptr<Impl> impl) : path_(std::move(path)), impl_(std::move(impl)) {}
Store::~Store() = default;

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path) { return OpenStore(path, false); }
StatusOr<std::unique_ptr<Store>> Store::OpenReadOnly(const std::string& path) { return OpenStore(path, true); }

StatusOr<std::unique_ptr<Store>> Store::OpenExisting(const std::string& path) {
  // A server database is created by its administrator; whether it exists, connecting tells.
  if (!IsServerUrl(path) && !std::filesystem::exists(path)) {
    return Status::Error("database " + path + " does not exist");
  }
  return Open(path);
}

StatusOr<std::unique_ptr<Store>> Store::OpenStore(const std::string& path, bool read_only) {
  const bool server = IsServerUrl(path);
  const std::string shown = server ? RedactUrl(path) : path;
  auto impl = std::make_unique<Impl>();
  ASSIGN_OR_RETURN(impl->db, server ? OpenPostgres(path, read_only) : OpenSqlite(path, read_only));
  std::unique_ptr<Store> store(new Store(shown, std::move(impl)));
  if (read_only) return store;
  Status migrated = store->impl_->db->Migrate(kMigrations);
  if (!migrated.ok()) return migrated.WithContext("database " + shown);
  return store;
}

Status Store::LockSite(const std::string& site) {
  ASSIGN_OR_RETURN(bool locked, impl_->db->TryLock(static_cast<int64_t>(Fnv1a64("govaudit site " + site))));
  if (!locked) {
    return Status::Error("site '" + site + "' is being audited into " + path_ + " by another govaudit process");
  }
  return Status::Ok();
}

Status Store::Begin() { return impl_->db->BeginWrite(); }
Status Store::Commit() { return impl_->Exec("COMMIT"); }
void Store::Rollback() { (void)impl_->Exec("ROLLBACK"); }

StatusOr<std::string> Store::IntegrityCheck() { return impl_->db->Check(false); }
StatusOr<std::string> Store::QuickCheck() { return impl_->db->Check(true); }

Status Store::ForEachStoredText(const std::function<void(std::string_view, std::string_view)>& visit) {
  struct Source {
    const char* where;
    const char* sql;
  };
  const Source sources[] = {
      {"findings", "SELECT url, title, message, evidence, highlight, referrers, evidence_key, location FROM findings"},
      {"template_findings", "SELECT url, label, title, message, evidence, highlight, referrers, evidence_key, "
                            "location FROM template_findings"},
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
