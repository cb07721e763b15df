// govaudit stats: what a province's store holds across sites — open findings by rule or by
// site, and each site's open findings over its last runs — as text for a terminal, JSON or
// CSV. Every value passes the output gate (pii/safe_text.h) on its way out.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "db/records.h"

namespace govaudit::report {

enum class StatsBy { kRule, kSite };

struct SiteTrend {
  std::string site;
  std::vector<db::RunTrendPoint> runs;  // oldest first
};

struct StoreStats {
  int runs = 0;                                 // how many runs a trend covers at most
  std::vector<db::OpenFindingCount> open;       // by site, then rule
  std::map<std::string, std::string> severity;  // rule id → high, medium or low
  std::vector<SiteTrend> trends;                // by site
};

std::string StatsText(const StoreStats& stats, StatsBy by);
std::string StatsJson(const StoreStats& stats, StatsBy by);
// By rule: rule,severity,site,open. By site: each site's trend, site,run,date,open.
std::string StatsCsv(const StoreStats& stats, StatsBy by);

}  // namespace govaudit::report
