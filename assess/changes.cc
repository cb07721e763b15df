#include "assess/changes.h"

#include <set>

namespace govaudit {

RunChanges CompareFindings(const db::RunInfo& before, const std::vector<db::StoredFinding>& before_findings,
                           const db::RunInfo& after, const std::vector<db::StoredFinding>& after_findings) {
  RunChanges changes;
  changes.before = before;
  changes.after = after;
  std::set<std::string> in_before, in_after;
  for (const auto& f : before_findings) in_before.insert(f.fingerprint);
  for (const auto& f : after_findings) in_after.insert(f.fingerprint);
  for (const auto& f : after_findings) (in_before.count(f.fingerprint) ? changes.persisting : changes.added).push_back(f);
  for (const auto& f : before_findings) {
    if (in_after.count(f.fingerprint) == 0) changes.removed.push_back(f);
  }
  return changes;
}

StatusOr<RunChanges> DiffRuns(db::Store& store, int64_t before_run, int64_t after_run) {
  ASSIGN_OR_RETURN(db::RunInfo before, store.GetRun(before_run));
  ASSIGN_OR_RETURN(db::RunInfo after, store.GetRun(after_run));
  ASSIGN_OR_RETURN(auto before_findings, store.FindingsForRun(before_run));
  ASSIGN_OR_RETURN(auto after_findings, store.FindingsForRun(after_run));
  return CompareFindings(before, before_findings, after, after_findings);
}

}  // namespace govaudit
