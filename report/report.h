// Report writers: findings.json and findings.csv for machines, report.html and findings.xlsx
// for inspectors, the evidence snapshots, rectification notices and the verify results.
// Rendering only: what they show was judged by assess/ (RunAssessment, NoticePlan, VerifyRun).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

#include "assess/assessment.h"
#include "assess/citizen.h"
#include "assess/notices.h"
#include "common/status.h"

namespace govaudit::report {

Status WriteJson(const RunAssessment& data, const std::string& path);
Status WriteCsv(const RunAssessment& data, const std::string& path);
Status WriteHtml(const RunAssessment& data, const std::string& path);
// Creates `out_dir` and writes findings.json, findings.csv, findings.xlsx and report.html into
// it (and the scorecard files when the assessment holds a scorecard). The snapshots the reports
// link to are written before, by the caller (WriteSnapshot).
Status WriteAll(const RunAssessment& data, const std::string& out_dir);

// The veto verdict as report.html shows it (a <section>, every page string escaped) and as
// findings.json's run.veto.
std::string VetoHtml(const VetoSummary& summary);
nlohmann::ordered_json VetoJson(const VetoSummary& summary);

// The policy documents with their interpretations and the coverage counts (一文多解); empty
// when the run judged no policy document.
std::string InterpretationsHtml(const RunAssessment& data);

// HTML-escapes text taken from crawled pages (& < > " ').
std::string HtmlEscape(std::string_view text);

// ---- The evidence archive (snapshot.cc) ------------------------------------------------------

// Where a page's snapshot goes in a report folder: "snapshots/<hash of the URL>.html".
std::string SnapshotFile(const std::string& url);

// One archived page and the findings it is evidence for.
struct SnapshotPage {
  std::string site;
  int64_t run_id = 0;
  db::PageSnapshot page;                            // as fetched, with its body
  std::string sha256;                               // of page.body, as received
  std::vector<const db::StoredFinding*> findings;   // what it proves
  std::vector<std::string> link_targets;            // links on the page to outline (broken links)
};

// The snapshot page: when, what and how the page was fetched (Beijing time, HTTP status,
// SHA-256 of the bytes received), the findings with their evidence, and the page itself —
// scripts removed, personal data masked, evidence marked — in a sandboxed frame under a
// policy that loads nothing from the network. An attachment is described, not shown.
Status WriteSnapshot(const SnapshotPage& snapshot, const std::string& path);

// ---- Rectification notices (notices.cc) -------------------------------------------------------

// One printable notice per department (notice-01.html …), the summary sheet (index.html) and
// notices.json into `out_dir` (created if missing).
Status WriteNotices(const NoticePlan& plan, const std::string& out_dir);

// ---- Excel (xlsx.cc) ----------------------------------------------------------------------------

// findings.xlsx: 问题清单 (every finding, filters, frozen header, dates as dates), one sheet per
// responsible department, and 工作要点评分 when the run has a scorecard.
Status WriteXlsx(const RunAssessment& data, const std::string& path);

// ---- Citizens' error reports (verify.cc) ---------------------------------------------------------

// verify.html, verify.csv and verify.json into `out_dir` (created if missing).
Status WriteVerify(const VerifyRun& run, const std::string& out_dir);

}  // namespace govaudit::report
