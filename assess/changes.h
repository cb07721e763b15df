// What changed between two runs of a site, by finding fingerprint: the one place "new", "fixed"
// and "persisting" are decided. A finding missing from a later run counts as fixed only when
// that run is complete and re-checked its page (db::Store::Rechecked).
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "db/store.h"

namespace govaudit {

struct RunChanges {
  db::RunInfo before;
  db::RunInfo after;
  std::vector<db::StoredFinding> added;       // in `after`, not in `before`
  std::vector<db::StoredFinding> removed;     // in `before`, not in `after`
  std::vector<db::StoredFinding> persisting;  // in both (as `after` found them)
  // In `before`, not in `after`, on a page `after` did not re-check (db::Store::Rechecked):
  // never fixed (DiffRuns fills it).
  std::vector<db::StoredFinding> not_rechecked;
  // `removed` is fixed only when `after` is complete; an incomplete run proves nothing.
  bool removed_are_fixed() const { return after.complete; }
};

// Which findings of two runs are new, gone or still there, by index into the two lists.
struct ChangeIndex {
  std::vector<size_t> added;       // into `after`
  std::vector<size_t> removed;     // into `before`
  std::vector<size_t> persisting;  // into `after`
};
ChangeIndex ClassifyChanges(const std::vector<db::StoredFinding>& before, const std::vector<db::StoredFinding>& after);

// Compares two sets of findings (already loaded).
RunChanges CompareFindings(const db::RunInfo& before, const std::vector<db::StoredFinding>& before_findings,
                           const db::RunInfo& after, const std::vector<db::StoredFinding>& after_findings);

// Loads both runs' findings and compares them; what `after` did not re-check moves from
// `removed` to `not_rechecked`.
StatusOr<RunChanges> DiffRuns(db::Store& store, int64_t before_run, int64_t after_run);

// Which of the findings `gone` from run `run_id` sit on a page that run did not re-check, by
// index (ascending). Each finding's `run_id` is the run that saw it.
StatusOr<std::vector<size_t>> NotRechecked(db::Store& store, int64_t run_id,
                                           const std::vector<db::StoredFinding>& gone);

// Moves the findings at `picked` (ascending indexes) from `from` to the end of `to`, keeping the
// order of both.
void MoveOut(const std::vector<size_t>& picked, std::vector<db::StoredFinding>* from,
             std::vector<db::StoredFinding>* to);

}  // namespace govaudit
