// The evidence archive of a run: which stored page proves each finding, its snapshot in the
// report folder, and `govaudit show`, which prints the same evidence on a terminal.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "assess/assessment.h"
#include "common/status.h"
#include "db/store.h"

namespace govaudit {

// The page that shows a finding. A finding with referrers (a broken link) is proved by the
// first page holding the link — the target answered with an error, not with the defect —
// with that link to be outlined; any other by its own page.
struct EvidenceSource {
  std::string url;
  std::vector<std::string> link_targets;
};
EvidenceSource EvidenceSourceOf(const Finding& finding);

// Writes <out_dir>/snapshots/… for every page of the run's findings that the run stored, and
// returns where each finding's evidence is, by fingerprint.
StatusOr<std::map<std::string, EvidenceSnapshot>> WriteSnapshots(db::Store& store, const RunAssessment& data,
                                                                  const std::string& out_dir);

// `govaudit show ID`: the finding (short id, or any prefix of its id of 6 characters or more)
// with its evidence as fetched in the last run that found it — fetch time in Beijing time, HTTP
// status, SHA-256 of the page — for a terminal (through the output gate). With `out_dir`, its
// snapshot is also written there and its path named.
StatusOr<std::string> ShowFinding(const std::string& db_path, const std::string& id, const std::string& out_dir);

}  // namespace govaudit
