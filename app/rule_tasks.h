// Which work-points task each rule counts against (config/rule-tasks.toml): fills the task
// number and requirement of rules that name none, and gives the report the tasks' titles.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "report/report.h"

namespace govaudit {

struct RuleTaskEntry {
  std::vector<std::string> tasks;  // task numbers, e.g. {"11", "30"}
  std::string requirement;         // the work points' wording; may be empty
};

struct RuleTasks {
  std::map<std::string, report::TaskDescription> tasks;  // by task number
  std::map<std::string, RuleTaskEntry> rules;            // by rule id or family

  // The entry for a rule id: its exact id first, then its family; nullptr if neither.
  const RuleTaskEntry* For(const std::string& rule_id) const;
};

// Parses the mapping; errors name `name`, the line and the key. Every task number a rule
// names must have its [tasks."N"] table.
StatusOr<RuleTasks> ParseRuleTasks(const std::string& text, const std::string& name);

// The compiled-in config/rule-tasks.toml (empty if it failed to parse; a test guards it).
const RuleTasks& DefaultRuleTasks();

// Fills the task ("11、30") and requirement of descriptions that have none.
void ApplyRuleTasks(const RuleTasks& mapping, std::vector<report::RuleDescription>* rules);

// The tasks of the mapping, in task-number order.
std::vector<report::TaskDescription> TaskDescriptions(const RuleTasks& mapping);

}  // namespace govaudit
