// RAII owners for sqlite3 and sqlite3_stmt, and the one place SQLite result codes
// become Status values.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace govaudit::db {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

Status SqliteError(sqlite3* db, int code, std::string_view what);

// A prepared statement with positional binding (1-based) and typed column reads.
class Statement {
 public:
  Statement() = default;
  static StatusOr<Statement> Prepare(sqlite3* db, std::string_view sql);

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  Statement& BindOptional(int index, const std::optional<std::string>& text);

  // Returns true while a row is available; false when done. Errors become Status.
  StatusOr<bool> Step();
  Status Run();  // Step to completion, then Reset
  void Reset();

  std::string Text(int column) const;
  int64_t Int(int column) const;
  double Real(int column) const;
  bool IsNull(int column) const;
  int ColumnCount() const;

 private:
  explicit Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt_;
};

Status Exec(sqlite3* db, std::string_view sql);

}  // namespace govaudit::db
