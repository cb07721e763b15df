// What a Store holds: the SQLite connection and the statements it keeps prepared, plus the
// row helpers the query files share.
#pragma once

#include <map>
#include <vector>

#include "db/internal/sqlite_handle.h"
#include "db/store.h"

namespace govaudit::db {

struct Store::Impl {
  SqliteHandle db;
  std::map<const char*, Statement> cached;  // keyed by the SQL literal's address

  sqlite3* raw() { return db.get(); }
  StatusOr<Statement> Prepare(std::string_view sql) { return Statement::Prepare(raw(), sql); }
  // A statement prepared once and kept for the Store's life (hot paths).
  StatusOr<Statement*> Cached(const char* sql);
};

// Lists kept in one text column, one item a line.
std::string JoinLines(const std::vector<std::string>& items);
std::vector<std::string> SplitLines(const std::string& text);

// Reads a finding's severity, title, message, evidence, highlight, referrers, evidence_key,
// kind_reasons and location from nine columns starting at `first`, in that order.
void ReadFindingColumns(const Statement& s, int first, Finding* f);

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
