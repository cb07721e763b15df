// RAII owners for sqlite3 and sqlite3_stmt, and the one place SQLite result codes
// become Status values.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string_view>

#include "common/c_handle.h"
#include "common/status.h"

namespace govaudit::db {

using SqliteHandle = CHandle<sqlite3, sqlite3_close_v2>;
using SqliteStmt = CHandle<sqlite3_stmt, sqlite3_finalize>;

Status SqliteError(sqlite3* db, int code, std::string_view what);

}  // namespace govaudit::db
