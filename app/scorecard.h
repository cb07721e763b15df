// Scores a run against the year's work points (app/workpoints.h): for each task, whether the
// website shows it done. Reads only the store (pages with their title, kind, publish date and
// column; links; the run's findings with their triage status), so any stored run can be scored,
// and works with whatever page kinds and rule families the run holds.
//
//   keyword evidence  met: at least min_count distinct pages match within the window;
//                     partly met: some, fewer than min_count; not met: none.
//   rule family       not met: no page of the kinds (or keywords) that show the task exists;
//                     partly met: such pages exist and the family has open findings;
//                     met: such pages exist and no open finding (a dismissed one does not count).
//   not verifiable    the file's reason, as is.
#pragma once

#include <cstdint>

#include "app/workpoints.h"
#include "common/date.h"
#include "common/status.h"
#include "db/store.h"
#include "report/scorecard.h"

namespace govaudit {

// `as_of` is the audit date: pages dated after it never count, and a window ends there.
StatusOr<report::Scorecard> Score(db::Store& store, int64_t run_id, const Workpoints& plan, const Date& as_of);

}  // namespace govaudit
