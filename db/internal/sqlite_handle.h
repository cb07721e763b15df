// RAII owners for sqlite3 and sqlite3_stmt, and the one place SQLite result codes
// become Status values.
#pragma once

#include <sqlite3.h>

#include <memory>
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
using SqliteStmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Status SqliteError(sqlite3* db, int code, std::string_view what);

}  // namespace govaudit::db
