// The store tests run against both stores: a SQLite file and a database on a PostgreSQL
// server of the test's own (tests/support/postgres_server.h; skipped with its reason where the
// server cannot start). A test derives from BackendTest and is instantiated with
// GOVAUDIT_BOTH_BACKENDS; ctest shows it as .../sqlite and .../postgresql.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "db/schema.sql.h"
#include "db/store.h"
#include "tests/support/postgres_server.h"
#include "tests/support/run_command.h"

namespace govaudit::db {

enum class Backend { kSqlite, kPostgres };

// How gtest prints a parameter in failure messages.
inline void PrintTo(Backend backend, std::ostream* os) { *os << (backend == Backend::kSqlite ? "sqlite" : "postgresql"); }

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgresql";
}

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      testing::TempPostgres& server = testing::TempPostgres::Shared();
      if (!server.ok()) GTEST_SKIP() << "PostgreSQL store not tested: " << server.why_not();
      location_ = server.NewDatabase();
    } else {
      location_ = dir_ / "store.db";
    }
  }

  bool postgres() const { return GetParam() == Backend::kPostgres; }
  // The fresh database of this test: a file, or a postgresql:// URL.
  const std::string& location() const { return location_; }

  // The test's database, opened (and migrated); nullptr, with a failure, if it cannot be.
  std::unique_ptr<Store> Open() {
    auto store = Store::Open(location_);
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // The first column of the first row of `sql` (-1 if none), read through a connection of the
  // test's own, beside the store's.
  int64_t QueryInt(const std::string& sql) const {
    if (postgres()) {
      PGconn* conn = PQconnectdb(location_.c_str());
      int64_t value = -1;
      PGresult* result = PQexec(conn, sql.c_str());
      if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
        value = std::strtoll(PQgetvalue(result, 0, 0), nullptr, 10);
      }
      PQclear(result);
      PQfinish(conn);
      return value;
    }
    sqlite3* db = nullptr;
    int64_t value = -1;
    if (sqlite3_open_v2(location_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        value = sqlite3_column_int64(stmt, 0);
      }
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return value;
  }

  // Runs `sql` (a change) through a connection of the test's own; false if it fails.
  bool Execute(const std::string& sql) const {
    if (postgres()) {
      PGconn* conn = PQconnectdb(location_.c_str());
      PGresult* result = PQexec(conn, sql.c_str());
      const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
      PQclear(result);
      PQfinish(conn);
      return ok;
    }
    sqlite3* db = nullptr;
    bool ok = sqlite3_open_v2(location_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK &&
              sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
  }

 private:
  testing::TempDir dir_{"govaudit-store"};
  std::string location_;
};

// A broken-link finding on `url` (evidence_key `key`), as the link rules report one.
inline Finding BrokenLink(const std::string& url, const std::string& key = "404") {
  Finding f;
  f.rule_id = "link.broken";
  f.severity = Severity::kHigh;
  f.url = url;
  f.message = "broken";
  f.evidence_key = key;
  return f;
}

// A new run of `site` (audit date 2026-11-26); its id, or 0 with a failure.
inline int64_t StartRun(Store& store, const std::string& site) {
  RunInfo run;
  run.site = site;
  run.as_of = "2026-11-26";
  auto id = store.BeginRun(run);
  EXPECT_TRUE(id.ok()) << id.status().message();
  return id.ok() ? *id : 0;
}

// A SQLite file at `path` as the schema's version 2 left it (migration steps 1 and 2), holding
// the rows `insert_sql` adds, then opened by the store (which migrates it): the subject of a
// migration test. nullptr, with a failure, if it cannot be made or opened.
inline std::unique_ptr<Store> OpenVersion2Database(const std::string& path, const std::string& insert_sql) {
  sqlite3* db = nullptr;
  bool written = sqlite3_open(path.c_str(), &db) == SQLITE_OK;
  for (int v = 0; written && v < 2; ++v) {
    written = sqlite3_exec(db, kMigrations[v], nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  const std::string sql = "PRAGMA user_version=2; " + insert_sql;
  written = written && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  EXPECT_TRUE(written) << sqlite3_errmsg(db);
  sqlite3_close(db);
  if (!written) return nullptr;
  auto store = Store::Open(path);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

#define GOVAUDIT_BOTH_BACKENDS(Suite) \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName)

}  // namespace govaudit::db
