// The central store: a PostgreSQL database reached with libpq, shared by several processes
// (the shards of a province) at once. The queries are the SQLite ones: parameters are
// numbered here, the schema's types mapped when it is created, and SQLite's instr() defined.
#include <libpq-fe.h>

#include <cstdlib>
#include <regex>
#include <string>

#include "common/c_handle.h"
#include "common/utf8.h"
#include "db/internal/connection.h"

namespace govaudit::db {
namespace {

using PgConn = CHandle<PGconn, PQfinish>;
using PgResult = CHandle<PGresult, PQclear>;
using PgConninfo = CHandle<PQconninfoOption, PQconninfoFree>;

constexpr Oid kByteaOid = 17;
// The key of the advisory lock that serialises schema migrations across processes.
constexpr int64_t kMigrationLock = 0x676f7661756469;  // "govaudi"

// The server's message without "ERROR:  " and the trailing newline.
std::string Trim(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.rfind("ERROR:  ", 0) == 0) text.erase(0, 8);
  return text;
}

Status ResultError(const PGresult* result, PGconn* conn, std::string_view what) {
  std::string message = Trim(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  if (message.empty()) message = Trim(PQerrorMessage(conn));
  return Status::Error(std::string(what) + ": " + message);
}

bool Succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// `?` becomes $1, $2, ... in order and `?N` becomes $N; quoted text is left alone.
std::string NumberParameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out.push_back('$');
      if (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') continue;  // ?N keeps its number
      out += std::to_string(++next);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Valid UTF-8 without NUL: what a PostgreSQL text value must be. SQLite keeps any bytes; a
// stray byte in a crawled title must not fail a whole batch of writes here.
std::string ValidText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    AppendUtf8(DecodeUtf8At(text, i, &len), &out);  // re-encoding drops what is not UTF-8
    i += len;
  }
  return out;
}

std::string HexDecode(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  return out;
}

class PgCursor final : public Cursor {
 public:
  // `name`: a statement prepared on the server under that name; empty: sent with its parameters.
  PgCursor(PGconn* conn, std::string sql, std::string name)
      : conn_(conn), sql_(std::move(sql)), name_(std::move(name)) {}

  void BindText(int index, std::string_view text) override { Set(index, ValidText(text), false); }
  void BindInt(int index, int64_t value) override { Set(index, std::to_string(value), false); }
  void BindReal(int index, double value) override {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    Set(index, buf, false);
  }
  void BindBlob(int index, std::string_view bytes) override { Set(index, std::string(bytes), true); }
  void BindNull(int index) override {
    Set(index, "", false);
    null_[static_cast<size_t>(index - 1)] = true;
  }

  StatusOr<bool> Step() override {
    if (!result_) {
      RETURN_IF_ERROR(Execute());
      row_ = -1;
    }
    return ++row_ < PQntuples(result_.get());
  }
  void Reset() override {
    result_.reset();
    values_.clear();
    null_.clear();
    binary_.clear();
  }

  std::string Text(int column) const override {
    if (IsNull(column)) return {};
    const char* value = PQgetvalue(result_.get(), row_, column);
    const size_t size = static_cast<size_t>(PQgetlength(result_.get(), row_, column));
    if (PQftype(result_.get(), column) == kByteaOid && size >= 2 && value[0] == '\\' && value[1] == 'x') {
      return HexDecode(std::string_view(value + 2, size - 2));
    }
    return std::string(value, size);
  }
  int64_t Int(int column) const override {
    if (IsNull(column)) return 0;
    const char* value = PQgetvalue(result_.get(), row_, column);
    if (value[0] == 't' || value[0] == 'f') return value[0] == 't' ? 1 : 0;  // booleans
    return std::strtoll(value, nullptr, 10);
  }
  double Real(int column) const override {
    return IsNull(column) ? 0.0 : std::strtod(PQgetvalue(result_.get(), row_, column), nullptr);
  }
  bool IsNull(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }
  int ColumnCount() const override { return result_ ? PQnfields(result_.get()) : 0; }

 private:
  void Set(int index, std::string value, bool binary) {
    const size_t i = static_cast<size_t>(index - 1);
    if (values_.size() <= i) {
      values_.resize(i + 1);
      null_.resize(i + 1);
      binary_.resize(i + 1);
    }
    values_[i] = std::move(value);
    null_[i] = false;
    binary_[i] = binary ? 1 : 0;
  }

  Status Execute() {
    const int n = static_cast<int>(values_.size());
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      values[i] = null_[i] ? nullptr : values_[i].data();
      lengths[i] = static_cast<int>(values_[i].size());
    }
    PGresult* raw =
        name_.empty() ? PQexecParams(conn_, sql_.c_str(), n, nullptr, values.data(), lengths.data(), binary_.data(), 0)
                      : PQexecPrepared(conn_, name_.c_str(), n, values.data(), lengths.data(), binary_.data(), 0);
    PgResult result(raw);
    if (!Succeeded(result.get())) {
      return ResultError(result.get(), conn_, "running SQL `" + sql_.substr(0, 80) + "`");
    }
    result_ = std::move(result);
    return Status::Ok();
  }

  PGconn* conn_;
  std::string sql_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> binary_;
  PgResult result_;
  int row_ = -1;
};

// SQLite functions the queries use that PostgreSQL lacks, defined with the schema.
constexpr const char* kCompatibility =
    "CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE AS "
    "'SELECT strpos($1, $2)'";

// A migration as PostgreSQL takes it: SQLite-only statements (marked "-- sqlite only": backfills
// of rows older than the PostgreSQL store) left out, and the types mapped: 64-bit integers,
// identity keys, double precision, bytea, and byte-order text so that ORDER BY sorts as in SQLite.
std::string PostgresMigration(std::string_view sqlite) {
  std::string kept;
  size_t start = 0;
  while (start < sqlite.size()) {
    size_t end = sqlite.find(";\n", start);
    end = end == std::string_view::npos ? sqlite.size() : end + 2;
    std::string_view statement = sqlite.substr(start, end - start);
    start = end;
    const size_t first = statement.find_first_not_of(" \n");
    if (first == std::string_view::npos || statement.substr(first).rfind("-- sqlite only", 0) == 0) continue;
    kept += statement;
  }
  static const std::pair<std::regex, const char*> kTypes[] = {
      {std::regex(R"(\bINTEGER PRIMARY KEY\b)"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
      {std::regex(R"(\bINTEGER\b)"), "BIGINT"},
      {std::regex(R"(\bREAL\b)"), "DOUBLE PRECISION"},
      {std::regex(R"(\bBLOB\b)"), "BYTEA"},
      {std::regex(R"(\bTEXT\b)"), "TEXT COLLATE \"C\""},
      {std::regex(R"(\s*WITHOUT ROWID)"), ""},
  };
  for (const auto& [pattern, replacement] : kTypes) kept = std::regex_replace(kept, pattern, replacement);
  return kept;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PgConn conn) : conn_(std::move(conn)) {}
  // Site claims end with the connection; released here, not when the server notices the
  // closed socket, so that the next audit of the site may start at once.
  ~PgConnection() override {
    if (PQstatus(conn_.get()) == CONNECTION_OK) (void)Exec("SELECT pg_advisory_unlock_all()");
  }

  StatusOr<Statement> Prepare(std::string_view sql, bool persistent) override {
    std::string numbered = NumberParameters(sql);
    std::string name;
    if (persistent) {
      name = "govaudit_" + std::to_string(++prepared_);
      PgResult result(PQprepare(conn_.get(), name.c_str(), numbered.c_str(), 0, nullptr));
      if (!Succeeded(result.get())) {
        return ResultError(result.get(), conn_.get(), "preparing SQL `" + std::string(sql.substr(0, 80)) + "`");
      }
    }
    return Statement(std::make_unique<PgCursor>(conn_.get(), std::move(numbered), std::move(name)));
  }

  Status Exec(std::string_view sql) override {
    PgResult result(PQexec(conn_.get(), std::string(sql).c_str()));
    if (!Succeeded(result.get())) return ResultError(result.get(), conn_.get(), "SQL failed");
    return Status::Ok();
  }

  // Rows are locked as they are written: a transaction that read first can still write.
  Status BeginWrite() override { return Exec("BEGIN"); }

  bool InTransaction() override { return PQtransactionStatus(conn_.get()) != PQTRANS_IDLE; }

  Status Migrate(std::span<const char* const> migrations) override {
    // Shards started together open one database at once: one migrates, the others wait and
    // then find the schema current.
    RETURN_IF_ERROR(Exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLock) + ")"));
    Status s = MigrateLocked(migrations);
    Status unlocked = Exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLock) + ")");
    return s.ok() ? unlocked : s;
  }

  StatusOr<std::string> Check(bool) override {
    // The server checks its own pages; what can be checked from here is that it answers.
    RETURN_IF_ERROR(Exec("SELECT 1"));
    return std::string("ok");
  }

  StatusOr<bool> TryLock(int64_t key) override {
    ASSIGN_OR_RETURN(Statement stmt, Prepare("SELECT pg_try_advisory_lock(?)", false));
    stmt.Bind(1, key);
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    return row && stmt.Int(0) == 1;
  }

 private:
  Status MigrateLocked(std::span<const char* const> migrations) {
    RETURN_IF_ERROR(Exec("CREATE TABLE IF NOT EXISTS govaudit_schema (version INTEGER NOT NULL)"));
    ASSIGN_OR_RETURN(Statement version_stmt, Prepare("SELECT coalesce(max(version), 0) FROM govaudit_schema", false));
    ASSIGN_OR_RETURN(bool row, version_stmt.Step());
    const int version = row ? static_cast<int>(version_stmt.Int(0)) : 0;
    return ApplyMigrations(*this, version, static_cast<int>(migrations.size()), [&](int v) {
      return (v == 0 ? std::string(kCompatibility) + ";\n" : std::string()) + PostgresMigration(migrations[v]) +
             ";\nDELETE FROM govaudit_schema; INSERT INTO govaudit_schema VALUES (" + std::to_string(v + 1) + ")";
    });
  }

  PgConn conn_;
  int prepared_ = 0;
};

void IgnoreNotice(void*, const char*) {}  // "already exists, skipping" and the like

}  // namespace

StatusOr<std::unique_ptr<Connection>> OpenPostgres(const std::string& url, bool read_only) {
  const std::string shown = RedactUrl(url);
  char* error = nullptr;
  PgConninfo parsed(PQconninfoParse(url.c_str(), &error));
  if (!parsed) {
    std::string message = Trim(error);
    PQfreemem(error);
    return Status::Error("database URL '" + shown + "' is not valid: " + message);
  }
  PgConn conn(PQconnectdb(url.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    return Status::Error("cannot connect to the PostgreSQL database " + shown + ": " +
                         Trim(conn ? PQerrorMessage(conn.get()) : "out of memory"));
  }
  PQsetNoticeProcessor(conn.get(), IgnoreNotice, nullptr);
  if (PQsetClientEncoding(conn.get(), "UTF8") != 0) {
    return Status::Error("PostgreSQL database " + shown + " does not take UTF-8: " + Trim(PQerrorMessage(conn.get())));
  }
  auto connection = std::make_unique<PgConnection>(std::move(conn));
  if (read_only) RETURN_IF_ERROR(connection->Exec("SET default_transaction_read_only = on"));
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace govaudit::db
