// Settings of the rules a user may change in the configuration file. Plain values with
// defaults; only app/ reads files into it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/finding.h"

namespace govaudit {

struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity;  // overrides the rule's default
};

struct RulesConfig {
  std::map<std::string, RuleSetting> rules;  // by rule id or family ("pii")
  // Interpretation must be online within this many working days of its document. Default: 3.
  int interpretation_workdays = 3;
};

}  // namespace govaudit
