// The overview of a multi-site audit: index.html for people (sites ranked by open findings,
// high first, then medium, then low; failed sites with their reason; a link to each site's
// report) and summary.json with the same content for machines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "assess/site_summary.h"

namespace govaudit::report {

// Both write the sites in the order given (RankSites first).
Status WriteOverviewJson(const Overview& overview, const std::string& path);
Status WriteOverviewHtml(const Overview& overview, const std::string& path);
// Creates `out_dir` and writes index.html and summary.json into it.
Status WriteOverview(const Overview& overview, const std::string& out_dir);

}  // namespace govaudit::report
