#include "app/workpoints.h"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "config/resources.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

constexpr const char* kSeeFormat = " (see docs/workpoints-format.md)";

// Reads the keys of one TOML table, remembering which were used so that an unknown key is
// reported with its line; errors look like the configuration loader's.
class Reader {
 public:
  Reader(const toml::table& table, const std::string& file, std::string prefix, int fallback_line)
      : table_(table), file_(file), prefix_(std::move(prefix)), fallback_line_(fallback_line) {}

  int LineOf(const toml::node& node) const {
    int line = static_cast<int>(node.source().begin.line);
    return line > 0 ? line : fallback_line_;
  }
  Status Error(const toml::node& node, const std::string& key, const std::string& what) const {
    return Status::Error(file_ + ":" + std::to_string(LineOf(node)) + ": key '" + prefix_ + key + "': " + what);
  }
  // For a key that is absent: the table's own line.
  Status Missing(const std::string& key, const std::string& what) const {
    int line = LineOf(table_);
    return Status::Error(file_ + ":" + std::to_string(line) + ": key '" + prefix_ + key + "': " + what);
  }

  const toml::node* Node(const std::string& key) {
    used_.insert(key);
    return table_.get(key);
  }

  Status String(const std::string& key, std::string* out, bool required = false) {
    const toml::node* node = Node(key);
    if (node == nullptr) return required ? Missing(key, "missing; every task needs it" + std::string(kSeeFormat)) : Status::Ok();
    if (!node->is_string()) return Error(*node, key, "expected a string");
    *out = node->as_string()->get();
    if (required && out->empty()) return Error(*node, key, "must not be empty");
    return Status::Ok();
  }

  Status Strings(const std::string& key, std::vector<std::string>* out) {
    const toml::node* node = Node(key);
    if (node == nullptr) return Status::Ok();
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(*node, key, "expected an array of strings");
    out->clear();
    for (const toml::node& item : *array) {
      if (!item.is_string() || item.as_string()->get().empty()) {
        return Error(item, key, "expected an array of non-empty strings");
      }
      out->push_back(item.as_string()->get());
    }
    return Status::Ok();
  }

  // A string or an array of strings.
  Status OneOrMore(const std::string& key, std::vector<std::string>* out) {
    const toml::node* node = table_.get(key);
    if (node != nullptr && node->is_string()) {
      used_.insert(key);
      if (node->as_string()->get().empty()) return Error(*node, key, "must not be empty");
      *out = {node->as_string()->get()};
      return Status::Ok();
    }
    if (node != nullptr && !node->is_array()) return Error(*node, key, "expected a string or an array of strings");
    return Strings(key, out);
  }

  Status Int(const std::string& key, int* out, int min, int max) {
    const toml::node* node = Node(key);
    if (node == nullptr) return Status::Ok();
    if (!node->is_integer()) return Error(*node, key, "expected an integer");
    int64_t value = node->as_integer()->get();
    if (value < min || value > max) {
      return Error(*node, key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                                   std::to_string(value));
    }
    *out = static_cast<int>(value);
    return Status::Ok();
  }

  Status Bool(const std::string& key, std::optional<bool>* out) {
    const toml::node* node = Node(key);
    if (node == nullptr) return Status::Ok();
    if (!node->is_boolean()) return Error(*node, key, "expected true or false");
    *out = node->as_boolean()->get();
    return Status::Ok();
  }

  // A TOML date (2022-10-31) or a "YYYY-MM-DD" string.
  Status DateValue(const toml::node& node, const std::string& key, Date* out) const {
    if (const auto* d = node.as_date()) {
      const toml::date& v = d->get();
      if (!IsValidDate(v.year, v.month, v.day)) return Error(node, key, "not a real date");
      *out = Date{v.year, v.month, v.day};
      return Status::Ok();
    }
    if (node.is_string()) {
      if (auto parsed = ParseIsoDate(node.as_string()->get())) {
        *out = *parsed;
        return Status::Ok();
      }
      return Error(node, key, "'" + node.as_string()->get() + "' is not a YYYY-MM-DD date");
    }
    return Error(node, key, "expected a date like 2022-10-31");
  }

  Status OptionalDate(const std::string& key, std::optional<Date>* out) {
    const toml::node* node = Node(key);
    if (node == nullptr) return Status::Ok();
    Date d;
    Status s = DateValue(*node, key, &d);
    if (!s.ok()) return s;
    *out = d;
    return Status::Ok();
  }

  Status CheckUnknown() const {
    for (const auto& [key, node] : table_) {
      if (used_.count(std::string(key.str())) == 0) {
        return Error(node, std::string(key.str()), std::string("unknown key") + kSeeFormat);
      }
    }
    return Status::Ok();
  }

  const std::string& file() const { return file_; }
  const std::string& prefix() const { return prefix_; }

 private:
  const toml::table& table_;
  const std::string& file_;
  std::string prefix_;
  int fallback_line_;
  std::set<std::string> used_;
};

#define GA_TRY(expr)         \
  do {                       \
    Status _s = (expr);      \
    if (!_s.ok()) return _s; \
  } while (0)

// Page kinds are open-ended (new kinds appear as the classifier grows): any lowercase id.
bool IsKindId(const std::string& kind) {
  if (kind.empty()) return false;
  for (char c : kind) {
    if (!((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Status ReadEvidence(Reader& r, bool rule_family, WorkEvidence* e) {
  GA_TRY(r.Strings("keywords", &e->keywords));
  GA_TRY(r.Strings("require", &e->require));
  if (const toml::node* match = r.Node("match")) {
    std::vector<std::string> where;
    GA_TRY(r.Strings("match", &where));
    if (where.empty()) return r.Error(*match, "match", "must name at least one of title, column, body, link");
    e->match_title = e->match_column = e->match_body = e->match_link = false;
    for (const std::string& w : where) {
      if (w == "title") {
        e->match_title = true;
      } else if (w == "column") {
        e->match_column = true;
      } else if (w == "body") {
        e->match_body = true;
      } else if (w == "link") {
        e->match_link = true;
      } else {
        return r.Error(*match, "match", "'" + w + "' is not one of title, column, body, link");
      }
    }
  }
  if (const toml::node* min = r.Node("min_count")) {
    if (rule_family) return r.Error(*min, "min_count", "applies to keyword evidence only, not to a rule_family task");
    GA_TRY(r.Int("min_count", &e->min_count, 1, 10000));
  }
  if (const toml::node* window = r.Node("window")) {
    const toml::array* array = window->as_array();
    if (array == nullptr || array->size() != 2) {
      return r.Error(*window, "window", "expected two dates [first, last], like [2022-01-01, 2022-12-31]");
    }
    Date first, last;
    GA_TRY(r.DateValue(*array->get(0), "window", &first));
    GA_TRY(r.DateValue(*array->get(1), "window", &last));
    if (last < first) return r.Error(*window, "window", "ends (" + last.ToIso() + ") before it starts (" + first.ToIso() + ")");
    e->window = std::make_pair(first, last);
  }
  if (const toml::node* exclude = r.Node("exclude_kinds")) {
    GA_TRY(r.Strings("exclude_kinds", &e->exclude_kinds));
    for (const std::string& k : e->exclude_kinds) {
      if (!IsKindId(k)) return r.Error(*exclude, "exclude_kinds", "'" + k + "' is not a page kind id");
    }
  }
  if (const toml::node* kinds = r.Node("kinds")) {
    if (!rule_family) return r.Error(*kinds, "kinds", "applies to rule_family tasks only");
    GA_TRY(r.Strings("kinds", &e->kinds));
    for (const std::string& k : e->kinds) {
      if (!IsKindId(k)) {
        return r.Error(*kinds, "kinds", "'" + k + "' is not a page kind id (policy_document, interpretation, home, any, ...)");
      }
    }
  }
  if (const toml::node* findings = r.Node("findings")) {
    if (!rule_family) return r.Error(*findings, "findings", "applies to rule_family tasks only");
    std::string value;
    GA_TRY(r.String("findings", &value));
    if (value != "all" && value != "evidence_pages") {
      return r.Error(*findings, "findings", "must be \"all\" or \"evidence_pages\", got '" + value + "'");
    }
    e->findings_on_evidence_pages = value == "evidence_pages";
  }
  return r.CheckUnknown();
}

Status ReadTask(Reader& r, int plan_year, WorkTask* t) {
  const toml::node* number = r.Node("number");
  if (number == nullptr) return r.Missing("number", "missing; every task needs its 序号" + std::string(kSeeFormat));
  GA_TRY(r.Int("number", &t->number, 1, 100000));
  t->id = std::to_string(t->number);
  if (const toml::node* id = r.Node("id")) {
    GA_TRY(r.String("id", &t->id));
    if (t->id.empty()) return r.Error(*id, "id", "must not be empty");
  }
  GA_TRY(r.String("task", &t->task, true));
  GA_TRY(r.String("measure", &t->measure));
  const toml::node* departments = r.Node("departments");
  if (departments == nullptr) return r.Missing("departments", "missing; every task needs its 责任部门" + std::string(kSeeFormat));
  GA_TRY(r.Strings("departments", &t->departments));
  if (t->departments.empty()) return r.Error(*departments, "departments", "must name at least one department");
  if (const toml::node* lead = r.Node("lead")) {
    GA_TRY(r.String("lead", &t->lead));
    bool listed = false;
    for (const std::string& d : t->departments) listed = listed || d == t->lead;
    if (!listed) return r.Error(*lead, "lead", "'" + t->lead + "' is not one of the task's departments");
  }
  GA_TRY(r.String("departments_text", &t->departments_text));
  GA_TRY(r.String("metric", &t->metric));
  GA_TRY(r.String("deadline", &t->deadline, true));
  GA_TRY(r.OptionalDate("due", &t->due));
  if (t->due && t->due->year < plan_year) {
    return r.Error(*r.Node("due"), "due", t->due->ToIso() + " is before the plan year " + std::to_string(plan_year));
  }

  std::optional<bool> verifiable;
  GA_TRY(r.Bool("verifiable", &verifiable));
  GA_TRY(r.String("reason", &t->reason));
  const toml::node* family = r.Node("rule_family");
  const toml::node* evidence = r.Node("evidence");
  if (verifiable.has_value() && !*verifiable) {
    t->mode = EvidenceMode::kNotVerifiable;
    if (t->reason.empty()) return r.Error(*r.Node("verifiable"), "reason", "a task with verifiable = false needs a reason");
    if (family != nullptr) return r.Error(*family, "rule_family", "a task with verifiable = false has no rule family");
    if (evidence != nullptr) return r.Error(*evidence, "evidence", "a task with verifiable = false has no evidence");
    return r.CheckUnknown();
  }
  if (!t->reason.empty()) {
    return r.Error(*r.Node("reason"), "reason", "only tasks with verifiable = false take a reason");
  }
  if (family != nullptr) {
    t->mode = EvidenceMode::kRuleFamily;
    GA_TRY(r.OneOrMore("rule_family", &t->evidence.rule_families));
    if (t->evidence.rule_families.empty()) return r.Error(*family, "rule_family", "must name at least one rule family");
    for (const std::string& f : t->evidence.rule_families) {
      if (!RuleSet::Knows(f)) {
        return r.Error(*family, "rule_family", "'" + f + "' is neither a rule family nor a rule id (govaudit rules lists them)");
      }
    }
  } else if (evidence == nullptr) {
    return r.Missing("evidence", "missing: say how the website shows the task done (evidence or rule_family), or set "
                                 "verifiable = false with a reason" + std::string(kSeeFormat));
  }
  if (evidence != nullptr) {
    const toml::table* table = evidence->as_table();
    if (table == nullptr) return r.Error(*evidence, "evidence", "expected a table like { keywords = [\"...\"], min_count = 1 }");
    Reader er(*table, r.file(), r.prefix() + "evidence.", r.LineOf(*evidence));
    GA_TRY(ReadEvidence(er, t->mode == EvidenceMode::kRuleFamily, &t->evidence));
  }
  if (t->mode == EvidenceMode::kKeywords && t->evidence.keywords.empty()) {
    return r.Error(*evidence, "evidence.keywords", "keyword evidence needs at least one keyword");
  }
  if (t->mode == EvidenceMode::kRuleFamily && t->evidence.kinds.empty() && t->evidence.keywords.empty()) {
    const toml::node& at = evidence != nullptr ? *evidence : *family;
    return r.Error(at, "evidence", "a rule_family task needs evidence.kinds or evidence.keywords: the pages that show it");
  }
  return r.CheckUnknown();
}

}  // namespace

Date Workpoints::DueOf(const WorkTask& task) const { return task.due.value_or(Date{year, 12, 31}); }

std::optional<std::pair<Date, Date>> Workpoints::WindowOf(const WorkTask& task) const {
  if (task.evidence.window) return task.evidence.window;
  if (task.mode != EvidenceMode::kKeywords) return std::nullopt;
  return std::make_pair(Date{year, 1, 1}, DueOf(task));
}

StatusOr<Workpoints> ParseWorkpoints(std::string_view text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return Status::Error(name + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  Workpoints plan;
  plan.source = name;
  Reader top(root, name, "", 1);
  const toml::node* plan_node = top.Node("plan");
  if (plan_node == nullptr) return top.Missing("plan", "missing: the [plan] table with the plan's year" + std::string(kSeeFormat));
  if (!plan_node->is_table()) return top.Error(*plan_node, "plan", "expected a table");
  {
    Reader r(*plan_node->as_table(), name, "plan.", top.LineOf(*plan_node));
    GA_TRY(r.String("title", &plan.title));
    GA_TRY(r.String("document", &plan.document));
    GA_TRY(r.String("issuer", &plan.issuer));
    GA_TRY(r.OptionalDate("published", &plan.published));
    if (r.Node("year") == nullptr) return r.Missing("year", "missing: the year the work points are for");
    GA_TRY(r.Int("year", &plan.year, 2000, 2100));
    GA_TRY(r.CheckUnknown());
  }
  const toml::node* tasks = top.Node("task");
  if (tasks == nullptr) return top.Missing("task", "missing: no [[task]] entries" + std::string(kSeeFormat));
  const toml::array* array = tasks->as_array();
  if (array == nullptr || array->empty()) return top.Error(*tasks, "task", "expected [[task]] tables");
  std::map<std::string, int> ids;  // id → line of the task that took it
  for (const toml::node& node : *array) {
    const std::string key = "task[" + std::to_string(plan.tasks.size()) + "]";
    const toml::table* table = node.as_table();
    if (table == nullptr) return top.Error(node, key, "expected a [[task]] table");
    Reader r(*table, name, key + ".", top.LineOf(node));
    WorkTask task;
    task.line = r.LineOf(node);
    GA_TRY(ReadTask(r, plan.year, &task));
    if (auto [it, fresh] = ids.emplace(task.id, task.line); !fresh) {
      const toml::node& at = table->get("id") ? *table->get("id") : *table->get("number");
      return r.Error(at, table->get("id") ? "id" : "number",
                     "task id '" + task.id + "' is already used by the task on line " + std::to_string(it->second) +
                         "; give rows that share a number distinct ids (id = \"33a\", id = \"33b\")");
    }
    plan.tasks.push_back(std::move(task));
  }
  GA_TRY(top.CheckUnknown());
  return plan;
}

StatusOr<Workpoints> LoadWorkpoints(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    return ParseWorkpoints(buffer.str(), path);
  }
  std::string file = std::filesystem::path(path).filename().string();
  if (file.size() < 5 || file.compare(file.size() - 5, 5, ".toml") != 0) file += ".toml";
  const std::string resource = "workpoints/" + file;
  if (resources::Has(resource)) return ParseWorkpoints(resources::Get(resource), path);
  std::string bundled;
  for (const std::string& name : resources::List("workpoints/")) {
    bundled += (bundled.empty() ? "" : ", ") + name.substr(11, name.size() - 16);
  }
  return Status::Error("cannot read work points file " + path + (bundled.empty() ? "" : " (bundled: " + bundled + ")"));
}

}  // namespace govaudit
