#include <algorithm>
#include <set>

#include "report/report.h"

namespace govaudit::report {

bool IsDismissed(const db::StoredFinding& finding) { return finding.status == "false_positive"; }

StatusOr<ReportData> LoadReportData(db::Store& store, int64_t run_id, std::vector<RuleDescription> rules) {
  ReportData data;
  data.rules = std::move(rules);
  auto run = store.GetRun(run_id);
  if (!run.ok()) return run.status();
  data.run = *run;
  auto findings = store.FindingsForRun(run_id);
  if (!findings.ok()) return findings.status();
  data.findings = std::move(findings).value();

  auto runs = store.ListRuns(data.run.site, 1000);
  if (!runs.ok()) return runs.status();
  for (const db::RunInfo& r : *runs) {
    if (r.id < run_id) {
      data.previous = r;
      break;
    }
  }
  std::set<std::string> current;
  for (const auto& f : data.findings) current.insert(f.fingerprint);
  if (data.previous) {
    auto before = store.FindingsForRun(data.previous->id);
    if (!before.ok()) return before.status();
    std::set<std::string> previous_prints;
    for (auto& f : *before) {
      previous_prints.insert(f.fingerprint);
      // Fixed since the previous run: only a complete run can say so.
      if (data.run.complete && current.count(f.fingerprint) == 0) data.fixed.push_back(f);
    }
    for (const auto& f : data.findings) {
      if (previous_prints.count(f.fingerprint) == 0) {
        data.new_fingerprints.push_back(f.fingerprint);
      }
    }
  } else {
    for (const auto& f : data.findings) data.new_fingerprints.push_back(f.fingerprint);
  }

  // Trend: open (not dismissed) findings of the last 30 runs of this site, oldest first.
  auto trend = store.Prepare(
      "SELECT r.id, substr(r.started_at,1,10), (SELECT count(*) FROM findings f LEFT JOIN finding_history h "
      "ON h.fingerprint=f.fingerprint WHERE f.run_id=r.id AND coalesce(h.status,'open') <> 'false_positive') "
      "FROM runs r WHERE r.site=?1 AND r.id<=?2 ORDER BY r.id DESC LIMIT 30");
  if (!trend.ok()) return trend.status();
  trend->Bind(1, data.run.site).Bind(2, run_id);
  while (true) {
    auto row = trend->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    data.trend.push_back({trend->Int(0), trend->Text(1), trend->Int(2)});
  }
  std::reverse(data.trend.begin(), data.trend.end());

  auto counts = store.Prepare(
      "SELECT sum(is_html), sum(CASE WHEN is_html=0 AND in_scope=1 AND json_extract(facts,'$.attachment') IS NOT NULL "
      "THEN 1 ELSE 0 END), sum(CASE WHEN json_extract(facts,'$.attachment_inspected')=0 THEN 1 ELSE 0 END) "
      "FROM pages WHERE run_id=?1");
  if (!counts.ok()) return counts.status();
  counts->Bind(1, run_id);
  auto row = counts->Step();
  if (row.ok() && *row) {
    data.pages_html = counts->Int(0);
    data.attachments = counts->Int(1);
    data.attachments_not_inspected = counts->Int(2);
  }
  auto uninspected = store.Prepare(
      "SELECT url, coalesce(json_extract(facts,'$.attachment'),''), "
      "coalesce(json_extract(facts,'$.not_inspected_reason'),'') FROM pages "
      "WHERE run_id=?1 AND json_extract(facts,'$.attachment_inspected')=0 ORDER BY url");
  if (!uninspected.ok()) return uninspected.status();
  uninspected->Bind(1, run_id);
  while (true) {
    auto next = uninspected->Step();
    if (!next.ok()) return next.status();
    if (!*next) break;
    data.not_inspected.push_back({uninspected->Text(0), uninspected->Text(1), uninspected->Text(2)});
  }
  return data;
}

}  // namespace govaudit::report
