// Audits many sites in one process: each site's audit (RunAudit) runs on a thread of its own,
// a few at a time, and all their crawlers draw transfers from one shared ConnectionBudget.
// Each site gets its own run in the one database and its own report folder; one site failing
// is recorded and the others finish. An overview (index.html, summary.json) ranks the sites.
// docs/design-multisite.md explains the choices.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/audit.h"
#include "app/config.h"
#include "common/date.h"
#include "common/status.h"
#include "report/overview.h"

namespace govaudit {

struct MultiSiteOptions {
  // Every site's options, fully resolved (config, then flags). Their db_path must be the same;
  // out_dir is ignored: site i reports to out_dir/sites[i].slug.
  std::vector<SiteConfig> sites;
  std::string out_dir;               // the overview folder ({date} already expanded)
  Date as_of;                        // one audit date for every site
  int parallel_sites = 4;            // Default: 4 sites crawled at once
  int global_connections = 16;       // Default: 16 transfers at once across all sites
  std::optional<Severity> fail_on;   // exit 1 when any site has an open finding this severe
  // "I/N" when these are the sites of one shard (app/shard.h): recorded in summary.json for
  // `govaudit merge`, and a shard with no site writes an empty overview instead of failing.
  std::string shard;
};

struct MultiSiteOutcome {
  std::vector<SiteSummary> sites;  // ranked as in the overview
  std::string overview_path;               // out_dir/index.html
  // 0; 1 when --fail-on matched in any audited site; 2 when no site could be audited.
  int exit_code = 0;
};

// Errors (an unusable database, an unwritable overview folder) concern every site; a single
// site's failure is part of the outcome instead.
StatusOr<MultiSiteOutcome> RunSites(const MultiSiteOptions& options);

}  // namespace govaudit
