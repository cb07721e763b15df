// Availability (站点无法访问) judged over the probes `govaudit probe` stored: the week before
// the audit, probes and failures per page, the failure ratio and the longest outage. 19号:
// monitored for one week with at least 20 probes a day; failures at or above 5 % of the probes
// fail the site. With fewer probes on any day of the week the site is not judged (未检查).
// The same summary feeds the availability.* rules and the report's probes table.
#pragma once

#include <string>
#include <vector>

#include "classify/site_checks.h"
#include "common/status.h"
#include "db/store.h"

namespace govaudit {

struct AvailabilityOfUrl {
  std::string url;
  bool key_page = false;
  int probes = 0;
  int failures = 0;
  double failure_percent = 0;
  int days_short = 0;         // days of the window with fewer probes than required
  long longest_outage_s = 0;  // from the first failed probe of a run of failures to the next success
  std::string outage_from;    // ISO 8601 UTC; empty when no probe failed
  std::string outage_to;      // the probe that succeeded again; empty if none did in the window
  std::string last_error;     // the most recent failure, for people
};

struct AvailabilitySummary {
  std::string from;  // the window, ISO 8601 UTC: [from, to)
  std::string to;
  int window_days = 7;
  int min_probes_per_day = 20;
  double max_failure_percent = 5.0;
  // The home pages (start URLs) together: what 19号 judges.
  int probes = 0;
  int failures = 0;
  double failure_percent = 0;
  long longest_outage_s = 0;
  std::string outage_from;
  std::string outage_to;
  int days_short = 0;                   // days with fewer home-page probes than required
  std::vector<AvailabilityOfUrl> urls;  // home pages first, then key pages, by URL

  // Every day of the window had enough probes of the home page.
  bool judged() const { return probes > 0 && days_short == 0; }
  bool failed() const { return judged() && failure_percent >= max_failure_percent; }
};

// The window a run is judged on: the `window_days` before the end of its audit date (China
// time, UTC+8), or before the run started if that is earlier, so a re-rendered report counts
// the same probes.
void AvailabilityWindow(const db::RunInfo& run, int window_days, std::string* from, std::string* to);

// The summary of `probes` (one site's, any order) over [from, to).
AvailabilitySummary SummarizeProbes(const std::vector<db::ProbeRecord>& probes, const std::string& from,
                                    const std::string& to, const AvailabilitySettings& settings);

// The summary of the run's site from the store.
StatusOr<AvailabilitySummary> SummarizeAvailability(db::Store& store, const db::RunInfo& run,
                                                    const AvailabilitySettings& settings);

// "2 小时 30 分", "45 分", "30 秒".
std::string DurationText(long seconds);

}  // namespace govaudit
