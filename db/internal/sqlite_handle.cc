#include "db/internal/sqlite_handle.h"

#include <string>

namespace govaudit::db {

Status SqliteError(sqlite3* db, int code, std::string_view what) {
  std::string message = std::string(what) + ": " + sqlite3_errstr(code);
  if (db != nullptr && sqlite3_errcode(db) == code) {
    message += " (" + std::string(sqlite3_errmsg(db)) + ")";
  }
  return Status::Error(message);
}

StatusOr<Statement> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "preparing SQL `" + std::string(sql.substr(0, 80)) + "`");
  return Statement(db, stmt);
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}
Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_.get(), index, value);
  return *this;
}
Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}
Statement& Statement::BindOptional(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, *text) : BindNull(index);
}

StatusOr<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, "running SQL `" + std::string(sqlite3_sql(stmt_.get())).substr(0, 80) + "`");
}

Status Statement::Run() {
  StatusOr<bool> row = Step();
  while (row.ok() && *row) row = Step();
  Reset();
  return row.status();
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::string Statement::Text(int column) const {
  const void* data = sqlite3_column_blob(stmt_.get(), column);
  int size = sqlite3_column_bytes(stmt_.get(), column);
  if (data == nullptr) return {};
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}
int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
double Statement::Real(int column) const { return sqlite3_column_double(stmt_.get(), column); }
bool Statement::IsNull(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }
int Statement::ColumnCount() const { return sqlite3_column_count(stmt_.get()); }

Status Exec(sqlite3* db, std::string_view sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = "SQL failed: " + std::string(error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    return Status::Error(message);
  }
  return Status::Ok();
}

}  // namespace govaudit::db
