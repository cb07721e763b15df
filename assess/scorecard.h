// Scores a run against the year's work points (assess/workpoints.h): for each task, whether the
// website shows it done. Reads only the store (pages with their title, kind, publish date and
// column; links; the run's findings with their triage status), so any stored run can be scored,
// and works with whatever page kinds and rule families the run holds.
//
//   keyword evidence  met: at least min_count distinct pages match within the window;
//                     partly met: some, fewer than min_count; not met: none.
//   rule family       not met: no page of the kinds (or keywords) that show the task exists;
//                     partly met: such pages exist and the family has open findings;
//                     met: such pages exist and no open finding (a dismissed one does not count).
//   not verifiable    the file's reason, as is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assess/workpoints.h"
#include "common/date.h"
#include "common/status.h"
#include "db/store.h"

namespace govaudit {


enum class TaskStatus { kMet, kPartlyMet, kNotMet, kNotVerifiable };

std::string_view TaskStatusId(TaskStatus status);     // "met", "partly_met", "not_met", "not_verifiable"
std::string_view TaskStatusLabel(TaskStatus status);  // 已完成, 部分完成, 未完成, 无法通过网站核查

// A page (or, for link evidence, a link) that counts for a task, or that matched but did not count.
struct EvidencePage {
  std::string url;
  std::string title;     // the page's title; for a link, its text
  std::string date;      // publish date YYYY-MM-DD, or empty
  std::string matched;   // the keyword or page kind that matched
  std::string where;     // 标题, 栏目, 正文, 链接, 页面类型
  std::string from_url;  // for a link: the page that holds it
  std::string note;      // for pages not counted: why (Chinese)
};

// A finding of the task's rule family, as of this run.
struct EvidenceFinding {
  std::string fingerprint;
  std::string rule;
  std::string severity;  // high, medium, low
  std::string status;    // open, acknowledged
  std::string url;
  std::string title;
  std::string message;
};

struct TaskScore {
  std::string id;
  int number = 0;
  std::string task;
  std::string measure;
  std::vector<std::string> departments;
  std::string lead;
  std::string departments_text;
  std::string metric;
  std::string deadline;               // as written
  std::string due;                    // YYYY-MM-DD, or empty (the whole year)
  std::string method;                 // "keywords", "rule_family", "not_verifiable"
  TaskStatus status = TaskStatus::kNotMet;
  std::string reason;                 // one or two Chinese sentences
  bool deadline_passed = true;        // as of the audit date
  std::string window_first;           // the window pages were counted in (may be empty)
  std::string window_last;
  std::vector<std::string> keywords;
  int min_count = 0;                  // keyword evidence
  int count = 0;                      // pages counted (keywords) or relevant pages (rule family)
  std::vector<std::string> rule_families;
  std::vector<std::string> kinds;
  std::vector<EvidencePage> pages;        // counted / relevant (at most kMaxListed)
  std::vector<EvidencePage> not_counted;  // matched, but outside the window or undated (at most kMaxListed)
  int not_counted_total = 0;
  std::vector<EvidenceFinding> findings;  // open findings of the family (at most kMaxListed)
  int findings_total = 0;
};

// Lists in a TaskScore are cut at this many entries (the counts stay whole).
inline constexpr size_t kMaxListed = 100;

struct Scorecard {
  std::string title;     // 中卫市2022年政务公开工作要点任务分工
  std::string document;  // 卫政办发〔2022〕49号
  std::string source;    // the work-points file
  int year = 0;
  int64_t run_id = 0;
  std::string site;
  std::string as_of;
  std::vector<TaskScore> tasks;  // in the file's order

  int Count(TaskStatus status) const;
};

// A work order: one responsible department's tasks that are not met or only partly met.
struct DepartmentOrder {
  std::string department;
  std::vector<const TaskScore*> tasks;  // in task order
};
// Departments in order of first appearance in the task table; only those with open tasks.
std::vector<DepartmentOrder> DepartmentOrders(const Scorecard& card);

// `as_of` is the audit date: pages dated after it never count, and a window ends there.
StatusOr<Scorecard> Score(db::Store& store, int64_t run_id, const Workpoints& plan, const Date& as_of);

}  // namespace govaudit
