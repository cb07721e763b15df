// Which work-points task each rule counts against (config/rule-tasks.toml): fills the task
// number and requirement of rules that name none, and gives the report the tasks' titles.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "rules/rule.h"

namespace govaudit {

// What a rule enforces, as the reports show it (from the rule set and the rule→task map).
struct RuleDescription {
  std::string id;
  std::string severity;
  std::string description;
  std::string requirement;
  std::string task;
};

// A task of the work points' task table (by 序号), for the "by task" table.
struct TaskDescription {
  std::string number;  // "33"
  std::string title;   // 重点任务
  std::string quote;   // the measure the rules check, shortened
};


struct RuleTaskEntry {
  std::vector<std::string> tasks;  // task numbers, e.g. {"11", "30"}
  std::string requirement;         // the work points' wording; may be empty
};

struct RuleTasks {
  std::map<std::string, TaskDescription> tasks;  // by task number
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
void ApplyRuleTasks(const RuleTasks& mapping, std::vector<RuleDescription>* rules);

// The tasks of the mapping, in task-number order.
std::vector<TaskDescription> TaskDescriptions(const RuleTasks& mapping);

// Every rule as the reports describe it: the rule set's infos (with the run's severity
// overrides), tasks and requirements the rules leave open filled from the compiled-in map.
std::vector<RuleDescription> DescribeRules(const RuleSet& rules);

}  // namespace govaudit
