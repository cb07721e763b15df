// What a Store holds: a connection to one of the two stores (SQLite file or PostgreSQL
// server) behind one small interface, the statements it keeps prepared, and the row helpers
// the query files share. Queries are written once, in the SQL both stores understand
// (positional `?`/`?N` parameters, ON CONFLICT upserts, RETURNING); each connection adapts
// what it must (the PostgreSQL one numbers the parameters and maps the schema's types).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/store.h"

namespace govaudit::db {

// One prepared statement of a backend: positional binding (1-based) and typed column reads.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void BindText(int index, std::string_view text) = 0;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindReal(int index, double value) = 0;
  virtual void BindBlob(int index, std::string_view bytes) = 0;
  virtual void BindNull(int index) = 0;
  // True while a row is available; false when done.
  virtual StatusOr<bool> Step() = 0;
  // Back to before the first Step, bindings cleared.
  virtual void Reset() = 0;
  virtual std::string Text(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual double Real(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  virtual int ColumnCount() const = 0;
};

// The value the query files hold: a Cursor with chained binds.
class Statement {
 public:
  Statement() = default;
  explicit Statement(std::unique_ptr<Cursor> cursor) : cursor_(std::move(cursor)) {}

  Statement& Bind(int index, std::string_view text) {
    cursor_->BindText(index, text);
    return *this;
  }
  Statement& Bind(int index, int64_t value) {
    cursor_->BindInt(index, value);
    return *this;
  }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value) {
    cursor_->BindReal(index, value);
    return *this;
  }
  Statement& BindBlob(int index, std::string_view bytes) {
    cursor_->BindBlob(index, bytes);
    return *this;
  }
  Statement& BindNull(int index) {
    cursor_->BindNull(index);
    return *this;
  }
  Statement& BindOptional(int index, const std::optional<std::string>& text) {
    return text ? Bind(index, *text) : BindNull(index);
  }

  StatusOr<bool> Step() { return cursor_->Step(); }
  // Steps to completion, then resets (for statements that return no rows).
  Status Run() {
    StatusOr<bool> row = Step();
    while (row.ok() && *row) row = Step();
    Reset();
    return row.status();
  }
  void Reset() { cursor_->Reset(); }

  std::string Text(int column) const { return cursor_->Text(column); }
  int64_t Int(int column) const { return cursor_->Int(column); }
  double Real(int column) const { return cursor_->Real(column); }
  bool IsNull(int column) const { return cursor_->IsNull(column); }
  int ColumnCount() const { return cursor_->ColumnCount(); }

 private:
  std::unique_ptr<Cursor> cursor_;
};

// A connection to one store.
class Connection {
 public:
  virtual ~Connection() = default;
  // `persistent`: the statement is kept for the connection's life (hot paths).
  virtual StatusOr<Statement> Prepare(std::string_view sql, bool persistent) = 0;
  // Runs SQL without parameters or rows (BEGIN, COMMIT, several statements).
  virtual Status Exec(std::string_view sql) = 0;
  // Opens a transaction that will write. SQLite's plain BEGIN defers the write lock to the first
  // write, and a transaction that read first cannot take it once another connection has written
  // ("database is locked", no busy wait): so SQLite begins IMMEDIATE, waiting its busy timeout.
  virtual Status BeginWrite() = 0;
  // Whether a transaction is open (SetStatus opens its own when none is).
  virtual bool InTransaction() = 0;
  // Brings the schema to kSchemaVersion with `migrations` (one per version); several
  // processes opening one database at once migrate it once.
  virtual Status Migrate(std::span<const char* const> migrations) = 0;
  // "ok", or what is damaged (`quick`: the cheaper check).
  virtual StatusOr<std::string> Check(bool quick) = 0;
  // Takes the named lock for the connection's life; false when another connection holds it.
  // SQLite files are locked by the caller's lock file instead: always true there.
  virtual StatusOr<bool> TryLock(int64_t key) = 0;
};

// Brings a schema at `version` to `latest`, each step in a transaction of its own: step(v) is
// the SQL that takes version v to v + 1 and records it. Errors name the version.
Status ApplyMigrations(Connection& db, int version, int latest, const std::function<std::string(int)>& step);

StatusOr<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, bool read_only);
// `url` is a postgresql:// URL; errors show it without its password.
StatusOr<std::unique_ptr<Connection>> OpenPostgres(const std::string& url, bool read_only);

struct Store::Impl {
  std::unique_ptr<Connection> db;
  std::map<const char*, Statement> cached;  // keyed by the SQL literal's address

  StatusOr<Statement> Prepare(std::string_view sql) { return db->Prepare(sql, false); }
  Status Exec(std::string_view sql) { return db->Exec(sql); }
  // A statement prepared once and kept for the Store's life (hot paths).
  StatusOr<Statement*> Cached(const char* sql);
};

// An upsert both stores understand: INSERT INTO table(keys, columns) VALUES(?,...)
// ON CONFLICT(keys) DO UPDATE SET column=excluded.column, ... (what INSERT OR REPLACE did).
std::string ReplaceSql(std::string_view table, std::string_view keys, std::string_view columns);

// Lists kept in one text column, one item a line.
std::string JoinLines(const std::vector<std::string>& items);
std::vector<std::string> SplitLines(const std::string& text);

// The reports' order of findings, high severity first, as an ORDER BY term over the findings
// table named `f` (a literal, so that a query joins it at compile time).
#define GOVAUDIT_SQL_BY_SEVERITY "CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END"

// Reads a finding's severity, title, message, evidence, highlight, referrers, evidence_key,
// kind_reasons and location from nine columns starting at `first`, in that order.
void ReadFindingColumns(const Statement& s, int first, Finding* f);

// Reads a finding's history (finding_history): status, status note, first seen (run, time) and
// last seen (run, time) from six columns starting at `first`, in that order.
void ReadHistoryColumns(const Statement& s, int first, StoredFinding* sf);

// Calls on_row(stmt) for each row of a bound statement.
template <typename F>
Status ForEachRow(Statement& stmt, F&& on_row) {
  for (;;) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    on_row(stmt);
  }
}

// The rows of a bound statement, each read by read(stmt).
template <typename T, typename F>
StatusOr<std::vector<T>> CollectRows(Statement& stmt, F&& read) {
  std::vector<T> out;
  RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& s) { out.push_back(read(s)); }));
  return out;
}

}  // namespace govaudit::db
