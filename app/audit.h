// The audit pipeline: crawl → parse once → page rules → store → site rules → history →
// reports. Options are plain structs; only config.cc and cli.cc read files and flags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assess/notices.h"
#include "common/date.h"
#include "common/finding.h"
#include "common/status.h"
#include "assess/assessment.h"
#include "assess/workpoints.h"
#include "common/calendar.h"
#include "crawler/crawler.h"
#include "rules/rule.h"
#include "rules/rules_config.h"

namespace govaudit {

struct AuditOptions {
  std::string site_name;            // Default: the first start URL's host
  CrawlOptions crawl;
  RulesConfig rules;
  std::optional<Date> as_of;        // Default: today in China (UTC+8)
  bool as_of_given = false;         // the user chose as_of (a resumed run must keep its own)
  std::string out_dir = "govaudit-report";  // Default: ./govaudit-report
  std::string db_path = "govaudit.db";      // Default: ./govaudit.db
  std::string calendar_path;        // Default: the built-in calendar
  std::string workpoints_path;      // task table to score the run against (app/workpoints.h); Default: none
  int threads = 0;                  // parse/rule workers; Default: 0 = number of cores
  std::optional<Severity> fail_on;  // exit 1 when an open finding is at least this severe
  bool resume = false;              // continue the site's unfinished run (after kill -9 or Ctrl-C)
  bool conditional_requests = true; // send ETag/Last-Modified of the previous run; reuse bodies on 304
  bool progress = true;             // status line on a terminal, periodic log line otherwise
  bool check_database = true;       // PRAGMA quick_check before the crawl (multi-site runs check once)
  bool quiet = false;
  // Pages `govaudit probe` checks besides the start URLs (关键栏目, 业务系统). Default: none
  std::vector<std::string> key_pages;
  // Who is responsible for what ([notices] in the config file): the departments of
  // findings.xlsx and report.html, and the reply deadlines of `govaudit notices`.
  NoticeOptions notices;
};

struct AuditOutcome {
  int64_t run_id = 0;
  int64_t pages = 0;
  int64_t fetch_errors = 0;
  int64_t findings = 0;
  int64_t findings_at_fail_level = 0;  // open (not dismissed) findings at or above --fail-on
  bool complete = false;
  std::string report_path;          // out_dir/report.html
  std::string scorecard_summary;    // with work points: one line counting the tasks by status
  int exit_code = 0;                // 0, or 1 when --fail-on matched
};

// Runs one audit. Errors (bad options, unusable database, unreachable start URL) come back as
// a Status whose message names the bad value; the caller maps them to exit code 2.
StatusOr<AuditOutcome> RunAudit(const AuditOptions& options);

// Re-renders a stored run's reports without crawling (run_id 0 = the latest run).
// With a work-points file, the scorecard is computed again from the stored run.
StatusOr<std::string> RenderStoredReport(const std::string& db_path, int64_t run_id, const std::string& out_dir,
                                         const std::string& workpoints_path = "",
                                         const NoticeOptions& notices = NoticeOptions());

// The assessment of a stored run as every report shows it: judged, each finding's department
// attributed and its notice's reply date set (on `calendar`). `rules` describes the rules (the
// run's severity overrides applied); a stored run re-rendered uses the defaults.
StatusOr<RunAssessment> AssessForReports(db::Store& store, int64_t run_id, const RuleSet& rules,
                                         const Workpoints* workpoints, const NoticeOptions& notices,
                                         const WorkdayCalendar& calendar);

}  // namespace govaudit
