#include "app/rule_tasks.h"

#include <spdlog/spdlog.h>
#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "config/resources.h"

namespace govaudit {
namespace {

constexpr const char* kResourceName = "rule-tasks.toml";

Status KeyError(const std::string& file, const toml::node& node, const std::string& key, const std::string& what) {
  return Status::Error(file + ":" + std::to_string(node.source().begin.line) + ": key '" + key + "': " + what);
}

// Reads an optional string key of `table`.
Status GetString(const std::string& file, const toml::table& table, const std::string& prefix, const char* key,
                 std::string* out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  if (!node->is_string()) return KeyError(file, *node, prefix + key, "expected a string");
  *out = node->as_string()->get();
  return Status::Ok();
}

Status CheckKeys(const std::string& file, const toml::table& table, const std::string& prefix,
                 const std::set<std::string>& allowed) {
  for (const auto& [key, node] : table) {
    std::string name(key.str());
    if (allowed.count(name) == 0) return KeyError(file, node, prefix + name, "unknown key");
  }
  return Status::Ok();
}

bool IsTaskNumber(const std::string& text) {
  return !text.empty() && text.size() <= 3 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status ReadTasks(const std::string& file, const toml::table& tasks, RuleTasks* out) {
  for (const auto& [key, node] : tasks) {
    std::string number(key.str());
    std::string prefix = "tasks." + number;
    if (!IsTaskNumber(number))
      return KeyError(file, node, prefix, "a task is named by its number, e.g. [tasks.\"33\"]");
    const toml::table* table = node.as_table();
    if (table == nullptr) return KeyError(file, node, prefix, "expected a table with title and quote");
    report::TaskDescription task;
    task.number = number;
    Status s = GetString(file, *table, prefix + ".", "title", &task.title);
    if (s.ok()) s = GetString(file, *table, prefix + ".", "quote", &task.quote);
    if (s.ok()) s = CheckKeys(file, *table, prefix + ".", {"title", "quote"});
    if (!s.ok()) return s;
    if (task.title.empty()) return KeyError(file, node, prefix + ".title", "every task needs a title");
    out->tasks[number] = std::move(task);
  }
  return Status::Ok();
}

Status ReadRules(const std::string& file, const toml::table& rules, RuleTasks* out) {
  for (const auto& [key, node] : rules) {
    std::string id(key.str());
    std::string prefix = "rules." + id;
    const toml::table* table = node.as_table();
    if (table == nullptr) return KeyError(file, node, prefix, "expected a table with tasks and requirement");
    RuleTaskEntry entry;
    if (const toml::node* tasks = table->get("tasks")) {
      const toml::array* array = tasks->as_array();
      if (array == nullptr) return KeyError(file, *tasks, prefix + ".tasks", "expected an array of task numbers");
      for (const toml::node& item : *array) {
        if (!item.is_string() || !IsTaskNumber(item.as_string()->get())) {
          return KeyError(file, item, prefix + ".tasks", "expected task numbers as strings, e.g. [\"11\", \"30\"]");
        }
        std::string number = item.as_string()->get();
        if (out->tasks.count(number) == 0) {
          return KeyError(file, item, prefix + ".tasks",
                          "task '" + number + "' has no [tasks.\"" + number + "\"] table");
        }
        entry.tasks.push_back(number);
      }
    }
    Status s = GetString(file, *table, prefix + ".", "requirement", &entry.requirement);
    if (s.ok()) s = CheckKeys(file, *table, prefix + ".", {"tasks", "requirement"});
    if (!s.ok()) return s;
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
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return Status::Error(name + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  RuleTasks out;
  Status s = CheckKeys(name, root, "", {"tasks", "rules"});
  if (!s.ok()) return s;
  // Tasks first: rules refer to them.
  if (const toml::node* tasks = root.get("tasks")) {
    if (!tasks->is_table()) return KeyError(name, *tasks, "tasks", "expected a table");
    s = ReadTasks(name, *tasks->as_table(), &out);
    if (!s.ok()) return s;
  }
  if (const toml::node* rules = root.get("rules")) {
    if (!rules->is_table()) return KeyError(name, *rules, "rules", "expected a table");
    s = ReadRules(name, *rules->as_table(), &out);
    if (!s.ok()) return s;
  }
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

void ApplyRuleTasks(const RuleTasks& mapping, std::vector<report::RuleDescription>* rules) {
  for (report::RuleDescription& rule : *rules) {
    const RuleTaskEntry* entry = mapping.For(rule.id);
    if (entry == nullptr) continue;
    if (rule.task.empty()) {
      for (const std::string& number : entry->tasks) rule.task += (rule.task.empty() ? "" : "、") + number;
    }
    if (rule.requirement.empty()) rule.requirement = entry->requirement;
  }
}

std::vector<report::TaskDescription> TaskDescriptions(const RuleTasks& mapping) {
  std::vector<report::TaskDescription> out;
  for (const auto& [number, task] : mapping.tasks) out.push_back(task);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return TaskOrder(a.number) < TaskOrder(b.number); });
  return out;
}

}  // namespace govaudit
