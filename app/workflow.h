// The inspector's workflow after an audit: `govaudit show ID` (a finding's evidence as
// archived), `govaudit notices` (rectification notices per responsible department) and
// `govaudit verify` (citizens' error reports checked again). This file reads flags and prints
// the answers; the work is in app/evidence.h, assess/notices.h and app/verify.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace CLI {
class App;
}

namespace govaudit {

struct NoticesRequest {
  std::string db_path = "govaudit.db";
  int64_t run_id = 0;           // 0: the latest audit
  std::string out_dir = "govaudit-notices";
  std::string config;           // [notices] and [audit] calendar of a configuration file
  std::string date;             // the notices' date, YYYY-MM-DD
  std::optional<int> reply_workdays;
};

// Writes the notices and returns what the terminal shows. Errors name the bad value.
StatusOr<std::string> WriteNoticesFor(const NoticesRequest& request);

// Adds `show`, `notices` and `verify` to the command line; Run() executes the one that was
// parsed and returns its exit code, or nothing if none was given.
class WorkflowCommands {
 public:
  explicit WorkflowCommands(CLI::App* app);
  std::optional<int> Run();

 private:
  CLI::App* show_ = nullptr;
  CLI::App* notices_ = nullptr;
  CLI::App* verify_ = nullptr;
  std::string db_path_ = "govaudit.db";
  std::string id_;
  std::string show_out_;
  NoticesRequest notices_request_;
  std::string verify_input_;
  std::string verify_config_;
  std::string verify_site_;
  std::string verify_out_ = "govaudit-verify";
  std::string verify_as_of_;
  int verify_deadline_ = 3;
  std::vector<std::string> verify_allow_;
};

}  // namespace govaudit
