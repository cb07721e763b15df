// What changed between two runs of a site, by finding fingerprint: the one place "new", "fixed"
// and "persisting" are decided. A finding missing from a later run counts as fixed only when
// that run is complete.
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

// Loads both runs' findings and compares them.
StatusOr<RunChanges> DiffRuns(db::Store& store, int64_t before_run, int64_t after_run);

}  // namespace govaudit
