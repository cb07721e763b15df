#include "assess/workpoints.h"


#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/toml.h"
#include "config/resources.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

constexpr const char* kSeeFormat = " (see docs/workpoints-format.md)";

using Reader = TomlReader;

// Page kinds are open-ended (new kinds appear as the classifier grows): any lowercase id.
bool IsKindId(const std::string& kind) {
  if (kind.empty()) return false;
  for (char c : kind) {
    if (!((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Status ReadEvidence(Reader& r, bool rule_family, WorkEvidence* e) {
  RETURN_IF_ERROR(r.Strings("keywords", &e->keywords));
  RETURN_IF_ERROR(r.Strings("require", &e->require));
  if (const toml::node* match = r.Node("match")) {
    std::vector<std::string> where;
    RETURN_IF_ERROR(r.Strings("match", &where));
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
    RETURN_IF_ERROR(r.Int("min_count", &e->min_count, 1, 10000));
  }
  if (const toml::node* window = r.Node("window")) {
    const toml::array* array = window->as_array();
    if (array == nullptr || array->size() != 2) {
      return r.Error(*window, "window", "expected two dates [first, last], like [2022-01-01, 2022-12-31]");
    }
    Date first, last;
    RETURN_IF_ERROR(r.DateOf(*array->get(0), "window", &first));
    RETURN_IF_ERROR(r.DateOf(*array->get(1), "window", &last));
    if (last < first) return r.Error(*window, "window", "ends (" + last.ToIso() + ") before it starts (" + first.ToIso() + ")");
    e->window = std::make_pair(first, last);
  }
  if (const toml::node* exclude = r.Node("exclude_kinds")) {
    RETURN_IF_ERROR(r.Strings("exclude_kinds", &e->exclude_kinds));
    for (const std::string& k : e->exclude_kinds) {
      if (!IsKindId(k)) return r.Error(*exclude, "exclude_kinds", "'" + k + "' is not a page kind id");
    }
  }
  if (const toml::node* kinds = r.Node("kinds")) {
    if (!rule_family) return r.Error(*kinds, "kinds", "applies to rule_family tasks only");
    RETURN_IF_ERROR(r.Strings("kinds", &e->kinds));
    for (const std::string& k : e->kinds) {
      if (!IsKindId(k)) {
        return r.Error(*kinds, "kinds", "'" + k + "' is not a page kind id (policy_document, interpretation, home, any, ...)");
      }
    }
  }
  if (const toml::node* findings = r.Node("findings")) {
    if (!rule_family) return r.Error(*findings, "findings", "applies to rule_family tasks only");
    std::string value;
    RETURN_IF_ERROR(r.String("findings", &value));
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
  RETURN_IF_ERROR(r.Int("number", &t->number, 1, 100000));
  t->id = std::to_string(t->number);
  if (const toml::node* id = r.Node("id")) {
    RETURN_IF_ERROR(r.String("id", &t->id));
    if (t->id.empty()) return r.Error(*id, "id", "must not be empty");
  }
  RETURN_IF_ERROR(r.String("task", &t->task, true));
  RETURN_IF_ERROR(r.String("measure", &t->measure));
  const toml::node* departments = r.Node("departments");
  if (departments == nullptr) return r.Missing("departments", "missing; every task needs its 责任部门" + std::string(kSeeFormat));
  RETURN_IF_ERROR(r.Strings("departments", &t->departments));
  if (t->departments.empty()) return r.Error(*departments, "departments", "must name at least one department");
  if (const toml::node* lead = r.Node("lead")) {
    RETURN_IF_ERROR(r.String("lead", &t->lead));
    bool listed = false;
    for (const std::string& d : t->departments) listed = listed || d == t->lead;
    if (!listed) return r.Error(*lead, "lead", "'" + t->lead + "' is not one of the task's departments");
  }
  RETURN_IF_ERROR(r.String("departments_text", &t->departments_text));
  RETURN_IF_ERROR(r.String("metric", &t->metric));
  RETURN_IF_ERROR(r.String("deadline", &t->deadline, true));
  RETURN_IF_ERROR(r.DateValue("due", &t->due));
  if (t->due && t->due->year < plan_year) {
    return r.Error(*r.Node("due"), "due", t->due->ToIso() + " is before the plan year " + std::to_string(plan_year));
  }

  std::optional<bool> verifiable;
  RETURN_IF_ERROR(r.Bool("verifiable", &verifiable));
  RETURN_IF_ERROR(r.String("reason", &t->reason));
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
    RETURN_IF_ERROR(r.OneOrMore("rule_family", &t->evidence.rule_families));
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
    Reader er(*table, r.file(), r.prefix() + "evidence.", kSeeFormat, r.LineOf(*evidence));
    RETURN_IF_ERROR(ReadEvidence(er, t->mode == EvidenceMode::kRuleFamily, &t->evidence));
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
  ASSIGN_OR_RETURN(toml::table root, ParseToml(text, name));
  Workpoints plan;
  plan.source = name;
  Reader top(root, name, "", kSeeFormat, 1);
  const toml::node* plan_node = top.Node("plan");
  if (plan_node == nullptr) return top.Missing("plan", "missing: the [plan] table with the plan's year" + std::string(kSeeFormat));
  if (!plan_node->is_table()) return top.Error(*plan_node, "plan", "expected a table");
  {
    Reader r(*plan_node->as_table(), name, "plan.", kSeeFormat, top.LineOf(*plan_node));
    RETURN_IF_ERROR(r.String("title", &plan.title));
    RETURN_IF_ERROR(r.String("document", &plan.document));
    RETURN_IF_ERROR(r.String("issuer", &plan.issuer));
    RETURN_IF_ERROR(r.DateValue("published", &plan.published));
    if (r.Node("year") == nullptr) return r.Missing("year", "missing: the year the work points are for");
    RETURN_IF_ERROR(r.Int("year", &plan.year, 2000, 2100));
    RETURN_IF_ERROR(r.CheckUnknown());
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
    Reader r(*table, name, key + ".", kSeeFormat, top.LineOf(node));
    WorkTask task;
    task.line = r.LineOf(node);
    RETURN_IF_ERROR(ReadTask(r, plan.year, &task));
    if (auto [it, fresh] = ids.emplace(task.id, task.line); !fresh) {
      const toml::node& at = table->get("id") ? *table->get("id") : *table->get("number");
      return r.Error(at, table->get("id") ? "id" : "number",
                     "task id '" + task.id + "' is already used by the task on line " + std::to_string(it->second) +
                         "; give rows that share a number distinct ids (id = \"33a\", id = \"33b\")");
    }
    plan.tasks.push_back(std::move(task));
  }
  RETURN_IF_ERROR(top.CheckUnknown());
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

std::vector<std::string> BodyKeywords(const Workpoints& plan) {
  std::vector<std::string> out;
  for (const WorkTask& t : plan.tasks) {
    if (t.mode == EvidenceMode::kNotVerifiable || !t.evidence.match_body) continue;
    out.insert(out.end(), t.evidence.keywords.begin(), t.evidence.keywords.end());
  }
  return out;
}

std::vector<std::string> TextKeywordsToRecord(const Workpoints* plan) {
  std::set<std::string> keywords;
  for (const std::string& name : resources::List("workpoints/")) {
    auto bundled = ParseWorkpoints(resources::Get(name), "config/" + name);
    if (!bundled.ok()) continue;  // tests keep the bundled plans valid
    for (std::string& k : BodyKeywords(*bundled)) keywords.insert(std::move(k));
  }
  if (plan != nullptr) {
    for (std::string& k : BodyKeywords(*plan)) keywords.insert(std::move(k));
  }
  return {keywords.begin(), keywords.end()};
}

}  // namespace govaudit
