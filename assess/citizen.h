// Citizens' error reports (我为政府网站找错): the judgement of each report once the verify
// command has looked at the reported page again. What was seen is an observation (fetched
// now, and as the site's stored audit had it); the verdict says 已确认 (with evidence),
// 未复现, 已整改 or 需人工核实 (and why the tool cannot decide), with the working days elapsed
// against the handling deadline. A confirmed report carries the finding that tracks it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/calendar.h"
#include "common/date.h"
#include "common/finding.h"

namespace govaudit {

enum class ReportType { kBrokenLink, kTypo, kStale, kInaccurate, kPii, kOther };

std::string_view ReportTypeLabel(ReportType type);  // 错链断链, 错别字, 内容不更新, 信息不准确, 个人信息泄露, 其他
// The rule a confirmed report of this type is tracked under ("citizen.typo"); empty for the
// types a person must always check (信息不准确, 其他).
std::string_view ReportTypeRule(ReportType type);
// The platform's wording of a problem type (错链断链, 断链, 链接无法打开, 错别字, 信息不更新, 内容
// 不准确, 隐私泄露 ...); anything else is kOther.
ReportType ParseReportType(std::string_view text);

struct CitizenReport {
  std::string id;           // the platform's number; may be empty
  int line = 0;             // its row in the input file
  std::string url;          // the reported page
  std::string type_text;    // the problem type as written
  ReportType type = ReportType::kOther;
  std::string description;
  std::optional<Date> reported;  // the report's date
  std::string reported_text;     // as written
};

enum class ReportStatus { kConfirmed, kNotReproduced, kFixed, kManual };
std::string_view ReportStatusLabel(ReportStatus status);  // 已确认, 未复现, 已整改, 需人工核实
std::string_view ReportStatusId(ReportStatus status);     // confirmed, not_reproduced, fixed, manual

// The wrong text a typo report quotes, and the correction when it gives one: “工做”应为“工作”,
// 「工做」, 'x' → 'y', or unquoted 工做应为工作 (the wrong text then taken as long as the
// correction). Empty when the description names no text.
struct QuotedCorrection {
  std::string wrong;
  std::string right;
  bool inferred = false;  // read without quotes
};
QuotedCorrection ExtractCorrection(std::string_view description);

// URLs written in a description (http:// or https://), in order.
std::vector<std::string> UrlsIn(std::string_view description);

// A link of the reported page as checked now.
struct LinkCheck {
  std::string url;
  std::string text;
  int status = 0;
  std::string error;
  bool broken = false;
};

// What the verify command saw of a reported page.
struct ReportObservation {
  bool checked = false;             // the page was fetched (it belongs to the audited site)
  std::string not_checked_reason;   // why it was not (another site, not a web address)
  int status = 0;                   // HTTP status now; 0: no answer
  std::string fetch_error;          // the failure, when there was no usable answer
  bool readable = false;            // an HTML page, or an attachment whose text could be read
  std::string title;

  // 错链断链: the links checked (those the description names, else all of the page's).
  bool links_named = false;
  std::vector<LinkCheck> links;
  std::vector<std::string> named_missing;  // named links that are no longer on the page

  // 错别字.
  QuotedCorrection correction;
  bool wrong_found = false;
  std::string wrong_excerpt;        // masked
  std::string wrong_location;       // 正文第 3 段

  // 内容不更新: the page is a column list; the freshness rules' findings on it now.
  bool list_page = false;
  std::optional<Date> newest_item;
  std::vector<Finding> stale_findings;

  // 个人信息泄露: the personal-data rules' findings on the page now.
  std::vector<Finding> pii_findings;

  // The site's stored audit: the latest run holding the page, and whether it showed the defect.
  int64_t earlier_run = 0;          // 0: no stored run holds the page
  bool earlier_defect = false;
  std::string earlier_evidence;
};

struct ReportVerdict {
  ReportStatus status = ReportStatus::kManual;
  std::string reason;       // one Chinese sentence: what was found, or what a person must check
  std::string evidence;     // masked excerpt, link list or finding evidence; may be empty
  std::string highlight;
  std::string location;
  // Handling: working days after the report date up to the verify date, against the deadline.
  int workdays_elapsed = 0;
  std::optional<Date> deadline;
  bool overdue = false;           // still open (已确认 / 需人工核实) and past the deadline
  bool calendar_uncertain = false;
  std::optional<Finding> finding;  // 已确认: the finding that tracks the report (not yet masked)
};

struct VerifyPolicy {
  Date as_of;                        // the verify date
  int deadline_workdays = 3;         // Default: 3 working days to handle a report
  const WorkdayCalendar* calendar = nullptr;  // Default: the built-in calendar
};

ReportVerdict JudgeReport(const CitizenReport& report, const ReportObservation& seen, const VerifyPolicy& policy);

// What keeps a report's finding the same finding from one verify to the next: the platform's
// number, or (without one) a hash of its description and date.
std::string TrackingKey(const CitizenReport& report);

// A verify command's results, as its reports show them.
struct VerifiedReport {
  CitizenReport report;
  ReportVerdict verdict;
  std::string fingerprint;  // the tracking finding's id (已确认), else empty
};

struct VerifyRun {
  std::string site;          // the audited site the reports are about
  int64_t run_id = 0;        // the run the results were recorded in
  std::string input;         // the file read
  Date as_of;
  int deadline_workdays = 3;
  std::vector<VerifiedReport> reports;  // in input order
};

}  // namespace govaudit
