// The history commands: `govaudit triage list|set|show` (an inspector's decisions on findings,
// kept with an audit trail) and `govaudit diff RUN_A RUN_B` (what changed between two runs).
// The logic lives in db::Store and assess/changes.h; this file reads flags and formats the answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "assess/changes.h"
#include "db/store.h"

namespace CLI {
class App;
}

namespace govaudit {

std::string FormatDiffText(const RunChanges& diff);
std::string FormatDiffJson(const RunChanges& diff);

// The text the triage commands print. Errors (no database, bad status, unknown or ambiguous
// id) name the bad value; the command line maps them to exit code 2.
StatusOr<std::string> TriageList(const std::string& db_path, const db::HistoryFilter& filter);
StatusOr<std::string> TriageSet(const std::string& db_path, const std::string& id, const std::string& status,
                                const std::string& note, const std::string& actor);
StatusOr<std::string> TriageShow(const std::string& db_path, const std::string& id);

// Adds the `triage` and `diff` subcommands to the command line; Run() executes the one that
// was parsed and returns its exit code, or nothing if neither was given.
class HistoryCommands {
 public:
  explicit HistoryCommands(CLI::App* app);
  std::optional<int> Run();

 private:
  CLI::App* triage_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* set_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* diff_ = nullptr;
  std::string db_path_ = "govaudit.db";
  db::HistoryFilter filter_;
  std::string id_;
  std::string status_;
  std::string note_;
  std::string actor_;
  int64_t run_a_ = 0;
  int64_t run_b_ = 0;
  bool json_ = false;
};

}  // namespace govaudit
