#include "assess/site_summary.h"

#include <algorithm>
#include <tuple>

namespace govaudit {

SiteSummary SummarizeRun(const RunAssessment& data) {
  SiteSummary s;
  s.run_id = data.run.id;
  if (data.previous) s.previous_run = data.previous->id;
  s.complete = data.run.complete;
  s.stop_reason = data.run.stop_reason;
  s.pages = data.run.pages;
  s.fetch_errors = data.run.fetch_errors;
  for (const db::StoredFinding& f : data.findings) {
    if (IsDismissed(f)) continue;
    switch (f.finding.severity) {
      case Severity::kHigh: ++s.open_high; break;
      case Severity::kMedium: ++s.open_medium; break;
      case Severity::kLow: ++s.open_low; break;
    }
  }
  s.new_findings = static_cast<int64_t>(data.new_fingerprints.size());
  s.fixed = static_cast<int64_t>(data.fixed.size());
  s.not_rechecked = static_cast<int64_t>(data.not_rechecked.size());
  return s;
}

void RankSites(std::vector<SiteSummary>* sites) {
  std::stable_sort(sites->begin(), sites->end(), [](const SiteSummary& a, const SiteSummary& b) {
    if (a.failed != b.failed) return !a.failed;
    if (a.failed) return a.name < b.name;
    return std::make_tuple(-a.open_high, -a.open_medium, -a.open_low, a.name) <
           std::make_tuple(-b.open_high, -b.open_medium, -b.open_low, b.name);
  });
}

}  // namespace govaudit
