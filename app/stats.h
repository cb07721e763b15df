// `govaudit stats`: the questions an operator asks of a province's store across its sites —
// which rules fail most and where (--by rule), each site's open findings and their trend over
// its last runs (--by site, --runs N) — against a SQLite file or the central PostgreSQL store.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"

namespace CLI {
class App;
}

namespace govaudit {

struct StatsRequest {
  std::string db_path = "govaudit.db";
  std::string by = "rule";      // rule or site
  int runs = 10;                // runs per site in the trend
  std::string format = "text";  // text, json or csv
};

// The answer as the format asks; errors name the bad value (--by, --format, --runs, database).
StatusOr<std::string> StoreStatistics(const StatsRequest& request);

// Adds the `stats` subcommand; Run() executes it if it was parsed.
class StatsCommand {
 public:
  explicit StatsCommand(CLI::App* app);
  std::optional<int> Run();

 private:
  CLI::App* stats_ = nullptr;
  StatsRequest request_;
};

}  // namespace govaudit
