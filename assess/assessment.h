// The assessment of one run: everything the reports show, judged once. Which findings are new
// since the site's previous run and which were fixed (only a complete run can say), the trend,
// the page totals, the veto verdict and, with work points, the scorecard. Read from the store,
// so any stored run can be assessed again without crawling.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assess/notices.h"
#include "assess/rule_tasks.h"
#include "assess/scorecard.h"
#include "assess/veto.h"
#include "common/status.h"
#include "db/store.h"
#include "rules/availability.h"
#include "rules/interaction.h"
#include "rules/interpretations.h"
#include "rules/service.h"

namespace govaudit {

// Where a finding's page is archived in the report folder (the evidence snapshot).
struct EvidenceSnapshot {
  std::string file;        // "snapshots/….html", relative to the report folder
  std::string page;        // the URL archived (for a broken link: the page holding it)
  std::string fetched_at;  // ISO 8601 UTC
  std::string sha256;      // of the body as received
  int status = 0;          // the HTTP status it answered
};

struct RunAssessment {
  db::RunInfo run;
  std::optional<db::RunInfo> previous;          // the site's run before this one
  std::vector<db::StoredFinding> findings;       // this run's findings with their history
  std::vector<db::StoredFinding> fixed;          // marked fixed by this run, as last seen
  // A run whose start page gave nothing to audit ("start-page-failed", "start-url-unreachable"):
  // why, and the open findings of the site's last complete run, which it did not re-check.
  // In a complete run: the open findings it did not make again on pages it did not re-check
  // (db::Store::Rechecked), neither fixed nor confirmed.
  std::string failure;
  std::optional<db::RunInfo> last_complete;
  std::vector<db::StoredFinding> not_rechecked;
  std::vector<std::string> new_fingerprints;     // not seen in the previous run
  std::vector<RuleDescription> rules;
  std::vector<TaskDescription> tasks;            // titles of the tasks named in rules[].task
  std::vector<db::RunTrendPoint> trend;          // open findings over the last runs, oldest first
  int64_t pages_html = 0;
  int64_t attachments = 0;
  int64_t attachments_not_inspected = 0;         // pages and attachments that could not be read
  std::vector<db::UninspectedPage> not_inspected;  // by URL
  db::PageTotals totals;
  // What the run met that the reports must say besides findings (Chinese sentences): targets
  // refused as internal addresses, hosts refusing the crawler ...
  std::vector<std::string> notes;
  // Policy documents that need an interpretation or have one, with their interpretations and
  // forms (一文多解), and the counts over them.
  std::vector<DocumentInterpretations> documents;
  struct InterpretationCoverage {
    int documents_needing = 0;         // required, or listed by a policy column
    int with_interpretation = 0;       // of those, with one or more
    int with_several = 0;              // of those, with two or more (一文多解)
    std::map<std::string, int> forms;  // interpretations by form, over all documents
  } interpretation_coverage;
  VetoSummary veto;
  // What the checks over more than one page saw (the report's availability, interaction and
  // service sections); empty when the run's start page gave nothing to audit.
  std::optional<AvailabilitySummary> availability;
  std::optional<InteractionSummary> interaction;
  std::optional<ServiceSummary> service;
  std::optional<Scorecard> scorecard;            // the work points' scorecard (audit --workpoints)
  // The responsible department of each finding, by fingerprint (AttributeFindings); empty
  // until attributed.
  std::map<std::string, Responsibility> responsible;
  // The archived page of each finding, by fingerprint; set when the snapshots are written.
  std::map<std::string, EvidenceSnapshot> snapshots;
};

// Findings an inspector dismissed (false_positive) stay out of the main list, the verdicts and
// --fail-on.
bool IsDismissed(const db::StoredFinding& finding);

// A run that stopped because its start page gave nothing to audit.
bool StartFailed(const db::RunInfo& run);

// Assesses a stored run. `rules` describes the rules for the report; with `workpoints`, the run
// is also scored as of its own audit date.
StatusOr<RunAssessment> AssessRun(db::Store& store, int64_t run_id, std::vector<RuleDescription> rules,
                                  const Workpoints* workpoints = nullptr);

}  // namespace govaudit
