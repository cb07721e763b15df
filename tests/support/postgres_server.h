// A PostgreSQL server of the test's own: the Debian server binaries (postgresql-15) run on a
// data folder under the system temp dir, listening on a unix socket in that folder only (no
// TCP port), trust authentication; stopped and deleted when the test program ends. Where it
// cannot start (binaries missing, running as root without a `postgres` user to run it as),
// why_not() says so and the tests skip with that message.
#pragma once

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/run_command.h"

namespace govaudit::testing {

class TempPostgres {
 public:
  // One server per test program, started on first use.
  static TempPostgres& Shared() {
    static TempPostgres server;
    return server;
  }

  bool ok() const { return why_not_.empty(); }
  const std::string& why_not() const { return why_not_; }

  // A new empty database on the server, as a postgresql:// URL.
  std::string NewDatabase() {
    const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
    if (!Run(Bin("createdb") + " -h '" + dir_.string() + "' -U govaudit " + name, false)) {
      ADD_FAILURE() << "createdb failed: " << ReadWholeFile(dir_ / "command.log");
    }
    return Url(name);
  }
  std::string Url(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + dir_.string() + "&user=govaudit";
  }
  // The socket folder (a server that is not there, for error tests: the same with "-gone").
  const std::filesystem::path& socket_dir() const { return dir_; }

  ~TempPostgres() {
    if (started_) Run(Bin("pg_ctl") + " -D '" + (dir_ / "data").string() + "' -m immediate -w stop", true);
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  TempPostgres(const TempPostgres&) = delete;
  TempPostgres& operator=(const TempPostgres&) = delete;

 private:
  static constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";

  TempPostgres() {
    if (!std::filesystem::exists(std::string(kBinDir) + "/initdb")) {
      why_not_ = std::string("PostgreSQL 15 server binaries not found in ") + kBinDir +
                 " (install postgresql-15: bash scripts/setup.sh --with-tools)";
      return;
    }
    // initdb refuses to run as root: run the server as the `postgres` user when there is one.
    if (::geteuid() == 0) {
      const passwd* user = ::getpwnam("postgres");
      if (user == nullptr) {
        why_not_ = "running as root, and there is no 'postgres' user to run the test server as (initdb refuses root)";
        return;
      }
      as_user_ = "runuser -u postgres -- ";
      uid_ = user->pw_uid;
      gid_ = user->pw_gid;
    }
    char pattern[] = "/tmp/govaudit-pg-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
      why_not_ = "cannot create a temporary folder for the test server";
      return;
    }
    dir_ = pattern;
    if (!as_user_.empty() && ::chown(pattern, uid_, gid_) != 0) {
      why_not_ = std::string("cannot give ") + pattern + " to the postgres user";
      return;
    }
    const std::string data = (dir_ / "data").string();
    if (!Run(Bin("initdb") + " -D '" + data + "' -U govaudit -A trust -E UTF8 --locale=C --no-sync", true)) {
      why_not_ = "initdb failed: " + ReadWholeFile(dir_ / "command.log");
      return;
    }
    // No TCP port: the socket in the private folder only. fsync off: nothing here must survive a crash.
    const std::string options = "-k " + dir_.string() + " -c listen_addresses= -c fsync=off";
    started_ = Run(Bin("pg_ctl") + " -D '" + data + "' -o '" + options + "' -l '" + (dir_ / "server.log").string() +
                       "' -w -t 60 start",
                   true);
    if (!started_) why_not_ = "the test PostgreSQL server did not start: " + ReadWholeFile(dir_ / "server.log");
  }

  std::string Bin(const std::string& name) const { return std::string(kBinDir) + "/" + name; }

  // Runs a command (as the server's user when `as_server`), its output to command.log.
  bool Run(const std::string& command, bool as_server) const {
    const std::string log = (dir_ / "command.log").string();
    const std::string line = (as_server ? as_user_ : std::string()) + command + " > '" + log + "' 2>&1";
    return std::system(line.c_str()) == 0;
  }

  std::filesystem::path dir_;
  std::string why_not_;
  std::string as_user_;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  bool started_ = false;
  int databases_ = 0;
};

}  // namespace govaudit::testing
