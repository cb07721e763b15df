#include "assess/assessment.h"

#include "assess/changes.h"
#include "common/date.h"

namespace govaudit {

bool IsDismissed(const db::StoredFinding& finding) { return finding.status == "false_positive"; }

namespace {
constexpr int kTrendRuns = 30;
}  // namespace

StatusOr<RunAssessment> AssessRun(db::Store& store, int64_t run_id, std::vector<RuleDescription> rules,
                                  const Workpoints* workpoints) {
  RunAssessment data;
  data.rules = std::move(rules);
  ASSIGN_OR_RETURN(data.run, store.GetRun(run_id));
  ASSIGN_OR_RETURN(data.findings, store.FindingsForRun(run_id));

  ASSIGN_OR_RETURN(auto runs, store.ListRuns(data.run.site, 1000));
  for (const db::RunInfo& r : runs) {
    if (r.id < run_id) {
      data.previous = r;
      break;
    }
  }
  std::vector<db::StoredFinding> before;
  if (data.previous) {
    ASSIGN_OR_RETURN(before, store.FindingsForRun(data.previous->id));
  }
  const ChangeIndex changes = ClassifyChanges(before, data.findings);
  for (size_t i : changes.added) data.new_fingerprints.push_back(data.findings[i].fingerprint);
  // Gone since the previous run: fixed only when this run is complete.
  if (data.run.complete) {
    for (size_t i : changes.removed) data.fixed.push_back(std::move(before[i]));
  }

  ASSIGN_OR_RETURN(data.trend, store.OpenFindingsTrend(data.run.site, run_id, kTrendRuns));
  ASSIGN_OR_RETURN(db::PageTotals totals, store.CountPages(run_id));
  data.pages_html = totals.html;
  data.attachments = totals.attachments;
  data.attachments_not_inspected = totals.not_inspected;
  ASSIGN_OR_RETURN(data.not_inspected, store.NotInspected(run_id));
  data.veto = EvaluateVeto(data.run, data.findings);
  if (workpoints != nullptr) {
    // Scored as of the run's own audit date, so a re-render says what the audit said.
    Date as_of = ParseIsoDate(data.run.as_of).value_or(TodayInChina());
    ASSIGN_OR_RETURN(data.scorecard, Score(store, run_id, *workpoints, as_of));
  }
  return data;
}

}  // namespace govaudit
