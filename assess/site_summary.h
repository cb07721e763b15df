// One site's line in the overview of a multi-site audit: its counts of open, new, fixed and
// not re-checked findings, or why it failed; and the ranking of sites (most serious first).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assess/assessment.h"

namespace govaudit {

struct SiteSummary {
  std::string name;
  std::string slug;                     // the site's folder under the overview
  std::vector<std::string> start_urls;
  bool failed = false;                  // unreachable, every start URL 5xx, or the audit stopped on an error
  std::string failure;                  // why, for failed sites
  bool has_report = false;              // slug/report.html was written
  int64_t run_id = 0;                   // 0 when no run was recorded
  std::optional<int64_t> previous_run;
  bool complete = false;
  std::string stop_reason;
  int64_t pages = 0;
  int64_t fetch_errors = 0;
  int64_t open_high = 0;                // open = not dismissed as a false positive
  int64_t open_medium = 0;
  int64_t open_low = 0;
  int64_t new_findings = 0;             // not in the site's previous run
  int64_t fixed = 0;                    // in the previous run, gone now (complete runs only)
  int64_t not_rechecked = 0;            // gone now, but on pages this run could not read: still open

  int64_t open() const { return open_high + open_medium + open_low; }
};

// One shard of a merged overview (govaudit merge): where its summary was read, or why not.
struct ShardStatus {
  std::string dir;                      // the folder given; empty for a shard no folder answered for
  std::string shard;                    // "2/4" as its summary says; empty when unknown
  std::string as_of;                    // its summary's audit date
  bool failed = false;
  std::string failure;                  // why, for failed shards
  int64_t sites = 0;                    // sites taken from it
};

struct Overview {
  std::string as_of;                    // YYYY-MM-DD
  std::string generated_at;             // ISO 8601 UTC
  std::vector<SiteSummary> sites;
  std::string shard;                    // "I/N" for the overview of one shard of a master list
  std::vector<ShardStatus> shards;      // a merged overview: every shard, failed ones with why
  std::vector<std::string> notes;       // a merged overview: sites found twice, not in the master list
};

// The counts of one audited run (name, slug and start URLs are left to the caller).
SiteSummary SummarizeRun(const RunAssessment& data);

// Audited sites by open high, then medium, then low findings (most first; ties by name),
// then the failed sites by name.
void RankSites(std::vector<SiteSummary>* sites);

}  // namespace govaudit
