#include "assess/rule_tasks.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "common/toml.h"
#include "config/resources.h"

namespace govaudit {
namespace {

constexpr const char* kResourceName = "rule-tasks.toml";

bool IsTaskNumber(const std::string& text) {
  return !text.empty() && text.size() <= 3 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status ReadTasks(TomlReader& r, RuleTasks* out) {
  for (const auto& [key, node] : r.table()) {
    std::string number(key.str());
    r.Node(number);
    if (!IsTaskNumber(number)) return r.Error(node, number, "a task is named by its number, e.g. [tasks.\"33\"]");
    if (!node.is_table()) return r.Error(node, number, "expected a table with title and quote");
    TomlReader t = r.Sub(*node.as_table(), number);
    TaskDescription task;
    task.number = number;
    RETURN_IF_ERROR(t.String("title", &task.title));
    RETURN_IF_ERROR(t.String("quote", &task.quote));
    RETURN_IF_ERROR(t.CheckUnknown());
    if (task.title.empty()) return r.Error(node, number + ".title", "every task needs a title");
    out->tasks[number] = std::move(task);
  }
  return Status::Ok();
}

Status ReadRules(TomlReader& r, RuleTasks* out) {
  for (const auto& [key, node] : r.table()) {
    std::string id(key.str());
    r.Node(id);
    if (!node.is_table()) return r.Error(node, id, "expected a table with tasks and requirement");
    TomlReader t = r.Sub(*node.as_table(), id);
    RuleTaskEntry entry;
    if (const toml::node* tasks = t.Node("tasks")) {
      const toml::array* array = tasks->as_array();
      if (array == nullptr) return t.Error(*tasks, "tasks", "expected an array of task numbers");
      for (const toml::node& item : *array) {
        if (!item.is_string() || !IsTaskNumber(item.as_string()->get())) {
          return t.Error(item, "tasks", "expected task numbers as strings, e.g. [\"11\", \"30\"]");
        }
        const std::string number = item.as_string()->get();
        if (out->tasks.count(number) == 0) {
          return t.Error(item, "tasks", "task '" + number + "' has no [tasks.\"" + number + "\"] table");
        }
        entry.tasks.push_back(number);
      }
    }
    RETURN_IF_ERROR(t.String("requirement", &entry.requirement));
    RETURN_IF_ERROR(t.CheckUnknown());
    out->rules[id] = std::move(entry);
  }
  return Status::Ok();
}

int TaskOrder(const std::string& number) { return std::stoi(number); }

}  // namespace

const RuleTaskEntry* RuleTasks::For(const std::string& rule_id) const {
  if (auto it = rules.find(rule_id); it != rules.end()) return &it->second;
  if (auto it = rules.find(rule_id.substr(0, rule_id.find('.'))); it != rules.end()) return &it->second;
  return nullptr;
}

StatusOr<RuleTasks> ParseRuleTasks(const std::string& text, const std::string& name) {
  ASSIGN_OR_RETURN(toml::table root, ParseToml(text, name));
  TomlReader top(root, name);
  RuleTasks out;
  // Tasks first: rules refer to them.
  RETURN_IF_ERROR(top.Section("tasks", [&out](TomlReader& r) { return ReadTasks(r, &out); }));
  RETURN_IF_ERROR(top.Section("rules", [&out](TomlReader& r) { return ReadRules(r, &out); }));
  RETURN_IF_ERROR(top.CheckUnknown());
  return out;
}

const RuleTasks& DefaultRuleTasks() {
  static const RuleTasks mapping = [] {
    auto parsed = ParseRuleTasks(std::string(resources::Get(kResourceName)), std::string("config/") + kResourceName);
    if (!parsed.ok()) {
      spdlog::error("{}", parsed.status().message());
      return RuleTasks();
    }
    return std::move(parsed).value();
  }();
  return mapping;
}

void ApplyRuleTasks(const RuleTasks& mapping, std::vector<RuleDescription>* rules) {
  for (RuleDescription& rule : *rules) {
    const RuleTaskEntry* entry = mapping.For(rule.id);
    if (entry == nullptr) continue;
    if (rule.task.empty()) {
      for (const std::string& number : entry->tasks) rule.task += (rule.task.empty() ? "" : "、") + number;
    }
    if (rule.requirement.empty()) rule.requirement = entry->requirement;
  }
}

std::vector<TaskDescription> TaskDescriptions(const RuleTasks& mapping) {
  std::vector<TaskDescription> out;
  for (const auto& [number, task] : mapping.tasks) out.push_back(task);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return TaskOrder(a.number) < TaskOrder(b.number); });
  return out;
}

std::vector<RuleDescription> DescribeRules(const RuleSet& rules) {
  std::vector<RuleDescription> out;
  for (const RuleInfo& base : RuleSet::AllInfos()) {
    RuleInfo info = rules.InfoFor(base.id);
    out.push_back({info.id, std::string(SeverityName(info.severity)), info.description, info.requirement, info.task});
  }
  ApplyRuleTasks(DefaultRuleTasks(), &out);  // config/rule-tasks.toml fills tasks rules leave open
  return out;
}

}  // namespace govaudit
