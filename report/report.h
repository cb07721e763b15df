// Report writers: findings.json and findings.csv for machines, report.html for inspectors.
// Everything is read from the store, so any run can be re-rendered without crawling.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "db/store.h"
#include "report/scorecard.h"

namespace govaudit::report {

// What a rule enforces, as the report shows it (filled by the caller from the rule set).
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

// An attachment whose content could not be read (old .xls/.doc/.wps, rar, encrypted PDF...):
// listed in the report so that no attachment is skipped silently.
struct UninspectedAttachment {
  std::string url;
  std::string format;  // "xls", "rar", ...
  std::string reason;  // why, as the extractor put it
};

struct TrendPoint {
  int64_t run_id = 0;
  std::string date;
  int64_t open_findings = 0;
};

struct ReportData {
  db::RunInfo run;
  std::optional<db::RunInfo> previous;          // the site's run before this one
  std::vector<db::StoredFinding> findings;       // this run's findings with their history
  std::vector<db::StoredFinding> fixed;          // seen in the previous run, not in this one
  std::vector<std::string> new_fingerprints;     // not seen in any earlier run
  std::vector<RuleDescription> rules;
  std::vector<TaskDescription> tasks;            // titles of the tasks named in rules[].task
  std::vector<TrendPoint> trend;                 // open findings over the last runs, oldest first
  int64_t pages_html = 0;
  int64_t attachments = 0;
  int64_t attachments_not_inspected = 0;
  std::vector<UninspectedAttachment> not_inspected;  // by URL
  std::optional<Scorecard> scorecard;            // the work points' scorecard (audit --workpoints)
};

// Reads a run and its context from the store.
StatusOr<ReportData> LoadReportData(db::Store& store, int64_t run_id, std::vector<RuleDescription> rules);

Status WriteJson(const ReportData& data, const std::string& path);
Status WriteCsv(const ReportData& data, const std::string& path);
Status WriteHtml(const ReportData& data, const std::string& path);
// Creates `out_dir` and writes findings.json, findings.csv and report.html into it.
Status WriteAll(const ReportData& data, const std::string& out_dir);

// Findings an inspector dismissed (false_positive) stay out of the main list and of --fail-on.
bool IsDismissed(const db::StoredFinding& finding);

// HTML-escapes text taken from crawled pages (& < > " ').
std::string HtmlEscape(std::string_view text);

}  // namespace govaudit::report
