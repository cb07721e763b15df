// Rectification notices (整改通知书): which department is responsible for each finding, and
// what each department is sent, with a reply deadline in working days on the official calendar.
//
// The department is whoever publishes the page the defect sits on (for a broken link or an
// attachment: the page that links to it): its 发布机构, else its 来源 / ContentSource when that
// names a government body, else the inspector's mapping (a sub-site's URL prefix, a column),
// else the site's operator. Names pass through the mapping's aliases, so "中卫市财政局" and
// "市财政局" are one department.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assess/wording.h"
#include "common/calendar.h"
#include "common/date.h"
#include "common/status.h"
#include "db/store.h"

namespace govaudit {

struct RunAssessment;

struct DepartmentMapping {
  std::string name;                       // the department as notices name it
  std::vector<std::string> url_prefixes;  // pages under these URLs (a sub-site, a column's folder)
  std::vector<std::string> columns;       // pages of these columns (栏目 names, exact)
  std::vector<std::string> aliases;       // other names pages give it in 发布机构 / 来源
};

struct NoticeOptions {
  int reply_workdays = 10;           // Default: reply within 10 working days of the notice date
  int veto_reply_workdays = 5;       // Default: 5 when the notice holds a 否决项
  std::optional<Date> date;          // the notices' date; Default: the run's audit date
  std::string sender = "政府网站检查组";     // who sends the notices
  std::string site_operator = "网站主办单位";  // responsible where no department can be named
  std::vector<DepartmentMapping> departments;  // Default: none
};

// Who is responsible for a finding, and how that was decided.
struct Responsibility {
  std::string department;
  std::string basis;  // 发布机构“…” / 来源“…” / 网址前缀 … / 栏目“…” / 未能确定发布部门
  std::string page;   // the page whose publisher was read (the finding's page or the one linking to it)
  std::string deadline;  // the reply date of the department's notice (YYYY-MM-DD), once planned
};

// The responsible department of every finding of the assessed run, by fingerprint. Reads the
// run's pages (their facts) and, for link targets and attachments, the page linking to them.
StatusOr<std::map<std::string, Responsibility>> AttributeFindings(db::Store& store, const RunAssessment& data,
                                                                  const NoticeOptions& options);

// One finding as a notice lists it.
struct NoticeItem {
  const db::StoredFinding* finding = nullptr;
  FindingClass grade = FindingClass::kDeduction;
  std::string rule_name;    // Chinese
  std::string requirement;  // the rule's 依据
  std::string basis;        // how the department was found
};

struct Notice {
  std::string department;
  std::string number;            // 第 12-03 号: run and notice
  Date date;                     // the notice's date
  Date deadline;                 // reply by this date
  int workdays = 0;              // working days given
  bool deadline_uncertain = false;  // a counted day lay outside the calendar's years
  std::vector<NoticeItem> items;    // 否决项 first, then by rule and page
  std::array<int, 3> by_grade = {0, 0, 0};
  std::string file;              // the notice's file name in the output folder
};

struct NoticePlan {
  std::string site;
  int64_t run_id = 0;
  std::string as_of;
  Date date;
  std::string sender;
  std::vector<Notice> notices;   // by department name; the site operator's last
  int open_findings = 0;         // findings the notices list
  int dismissed = 0;             // marked false_positive: in no notice
  int not_rechecked = 0;         // still open, but on pages the run could not read: in no notice
};

// The notices for a run's open findings (dismissed ones are left out, and so are those the run
// could not re-check: a notice quotes evidence this run saw). Deadlines count working
// days after the notice date on `calendar`.
NoticePlan PlanNotices(const RunAssessment& data, const std::map<std::string, Responsibility>& responsible,
                       const NoticeOptions& options, const WorkdayCalendar& calendar);

// Writes each planned notice's reply date into the responsibilities of its findings.
void ApplyDeadlines(const NoticePlan& plan, std::map<std::string, Responsibility>* responsible);

// True if `name` reads like a government body (…局, …委员会, …办公室, …人民政府, …街道 …): a
// 来源 such as 新华社 or 人民网 names a news source, not who must fix the page.
bool LooksLikeDepartment(std::string_view name);

}  // namespace govaudit
