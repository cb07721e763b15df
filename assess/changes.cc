#include "assess/changes.h"

#include <set>

namespace govaudit {

ChangeIndex ClassifyChanges(const std::vector<db::StoredFinding>& before, const std::vector<db::StoredFinding>& after) {
  ChangeIndex index;
  std::set<std::string_view> in_before, in_after;
  for (const auto& f : before) in_before.insert(f.fingerprint);
  for (const auto& f : after) in_after.insert(f.fingerprint);
  for (size_t i = 0; i < after.size(); ++i) {
    (in_before.count(after[i].fingerprint) ? index.persisting : index.added).push_back(i);
  }
  for (size_t i = 0; i < before.size(); ++i) {
    if (in_after.count(before[i].fingerprint) == 0) index.removed.push_back(i);
  }
  return index;
}

RunChanges CompareFindings(const db::RunInfo& before, const std::vector<db::StoredFinding>& before_findings,
                           const db::RunInfo& after, const std::vector<db::StoredFinding>& after_findings) {
  RunChanges changes;
  changes.before = before;
  changes.after = after;
  const ChangeIndex index = ClassifyChanges(before_findings, after_findings);
  for (size_t i : index.added) changes.added.push_back(after_findings[i]);
  for (size_t i : index.removed) changes.removed.push_back(before_findings[i]);
  for (size_t i : index.persisting) changes.persisting.push_back(after_findings[i]);
  return changes;
}

StatusOr<RunChanges> DiffRuns(db::Store& store, int64_t before_run, int64_t after_run) {
  ASSIGN_OR_RETURN(db::RunInfo before, store.GetRun(before_run));
  ASSIGN_OR_RETURN(db::RunInfo after, store.GetRun(after_run));
  ASSIGN_OR_RETURN(auto before_findings, store.FindingsForRun(before_run));
  ASSIGN_OR_RETURN(auto after_findings, store.FindingsForRun(after_run));
  RunChanges changes = CompareFindings(before, before_findings, after, after_findings);
  ASSIGN_OR_RETURN(std::vector<size_t> unchecked, NotRechecked(store, after_run, changes.removed));
  MoveOut(unchecked, &changes.removed, &changes.not_rechecked);
  return changes;
}

StatusOr<std::vector<size_t>> NotRechecked(db::Store& store, int64_t run_id,
                                           const std::vector<db::StoredFinding>& gone) {
  std::vector<db::PageSeen> pages;
  for (const db::StoredFinding& f : gone) pages.push_back({f.finding.url, f.run_id});
  ASSIGN_OR_RETURN(std::vector<bool> rechecked, store.Rechecked(run_id, pages));
  std::vector<size_t> out;
  for (size_t i = 0; i < gone.size(); ++i) {
    if (!rechecked[i]) out.push_back(i);
  }
  return out;
}

void MoveOut(const std::vector<size_t>& picked, std::vector<db::StoredFinding>* from,
             std::vector<db::StoredFinding>* to) {
  std::vector<db::StoredFinding> kept;
  size_t next = 0;
  for (size_t i = 0; i < from->size(); ++i) {
    if (next < picked.size() && picked[next] == i) {
      to->push_back(std::move((*from)[i]));
      ++next;
    } else {
      kept.push_back(std::move((*from)[i]));
    }
  }
  *from = std::move(kept);
}

}  // namespace govaudit
