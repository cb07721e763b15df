// `govaudit probe`: the availability monitor. Reads the same configuration as `audit`, fetches
// every site's start URLs and key pages once (15 s limit, many at once) and stores each probe in
// the database, where the next audit's report finds the last week of them. Meant to run every
// 30 minutes from a systemd timer or cron (docs/operations.md); it takes no site lock, so it runs
// beside a nightly audit.
#pragma once

#include <string>
#include <vector>

#include "app/audit.h"
#include "common/status.h"
#include "crawler/probe.h"

namespace govaudit {

struct ProbedSite {
  std::string site;
  int pages = 0;
  int failed = 0;
  std::vector<std::string> failures;  // "URL: why"
};

// Probes every site of `sites` and stores the results in `db_path`. Errors (an unusable
// database, a site without start URLs) name the bad value.
StatusOr<std::vector<ProbedSite>> ProbeSites(const std::vector<AuditOptions>& sites, const ProbeOptions& options,
                                             const std::string& db_path);

}  // namespace govaudit
