// The year's disclosure work points as data: the task table (任务分工) of a city's 政务公开工作要点,
// one entry per row, each saying how the website shows the task done. Read from a TOML file
// (config/workpoints/zhongwei-2022.toml; the format: docs/workpoints-format.md), so another
// city or year needs a new file, not a new build. The scorecard (app/scorecard.h) reads it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/date.h"
#include "common/status.h"

namespace govaudit {

// How a task's completion shows on the website.
enum class EvidenceMode {
  kKeywords,       // pages whose title (column, text, links) hold a keyword, counted in a window
  kRuleFamily,     // pages of a kind exist and the rule family's findings are all dealt with
  kNotVerifiable,  // not visible on the website (internal work, offline service): reason given
};

struct WorkEvidence {
  // Keyword evidence; for rule families, pages matched this way count as relevant pages.
  std::vector<std::string> keywords;
  std::vector<std::string> require;  // the title must also hold one of these; Default: none
  bool match_title = true;           // where keywords are looked for; Default: the title only
  bool match_column = false;
  bool match_body = false;           // the page's text, navigation included
  bool match_link = false;           // link texts anywhere on the site (an entry such as 找错)
  int min_count = 1;                 // pages needed in the window; Default: 1
  // Counted pages must be published in this window. Default: keyword evidence from the plan
  // year's 1 January to the due date (the year's end without one); rule families: no window.
  std::optional<std::pair<Date, Date>> window;
  std::vector<std::string> exclude_kinds = {"column_list"};  // never counted; Default: list pages

  // Rule-family evidence.
  std::vector<std::string> rule_families;  // "normative", or a rule id "site.identity_missing"
  std::vector<std::string> kinds;          // page kinds that show the task ("home", "any" too)
  bool findings_on_evidence_pages = false; // only findings on (or linked from) relevant pages
};

struct WorkTask {
  std::string id;                        // unique; Default: the number ("33a" when reused)
  int number = 0;                        // 序号
  std::string task;                      // 重点任务
  std::string measure;                   // 具体措施
  std::vector<std::string> departments;  // 责任部门, one per entry
  std::string lead;                      // the 牵头 department, if the table names one
  std::string departments_text;          // 责任部门 as written
  std::string metric;                    // 量化指标
  std::string deadline;                  // 完成时限 as written ("2022年10月底", "全年持续推进")
  std::optional<Date> due;               // the date the deadline means; none: the whole year
  EvidenceMode mode = EvidenceMode::kKeywords;
  std::string reason;                    // why not web-verifiable (kNotVerifiable)
  WorkEvidence evidence;
  int line = 0;                          // where the task starts in its file
};

struct Workpoints {
  std::string source;     // the file it was read from
  std::string title;      // 中卫市2022年政务公开工作要点任务分工
  std::string document;   // 卫政办发〔2022〕49号
  std::string issuer;
  std::optional<Date> published;
  int year = 0;
  std::vector<WorkTask> tasks;  // in file order

  // The plan year's last day a task may be done by: its due date, else 31 December.
  Date DueOf(const WorkTask& task) const;
  // The window keyword evidence is counted in (see WorkEvidence::window); nullopt for a
  // rule family without an explicit window.
  std::optional<std::pair<Date, Date>> WindowOf(const WorkTask& task) const;
};

// Parses a work-points file. An unknown key, a wrong type, a missing required key (number,
// task, departments, deadline, how to verify) or an invalid value is an error naming `name`,
// the line and the key ("plan.year", "task[3].evidence.min_count").
StatusOr<Workpoints> ParseWorkpoints(std::string_view text, const std::string& name);

// Reads `path`; when no such file exists, a compiled-in file of the same name
// (config/workpoints/<name>.toml, ".toml" optional) is used, so the bundled plans work from
// any directory.
StatusOr<Workpoints> LoadWorkpoints(const std::string& path);

// The keywords a plan looks for in pages' text (tasks whose evidence matches the body).
std::vector<std::string> BodyKeywords(const Workpoints& plan);

// The body keywords of every compiled-in plan (config/workpoints/) and of `plan`, if given,
// distinct and sorted: what an audit records of each page's text, so that a stored run can be
// scored later against any of these plans without parsing a page again.
std::vector<std::string> TextKeywordsToRecord(const Workpoints* plan);

}  // namespace govaudit
