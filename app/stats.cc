#include "app/stats.h"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/cli.h"
#include "db/store.h"
#include "pii/safe_text.h"
#include "report/stats.h"
#include "rules/rule.h"

namespace govaudit {

StatusOr<std::string> StoreStatistics(const StatsRequest& request) {
  if (request.by != "rule" && request.by != "site") {
    return Status::Error("--by must be rule or site, got '" + request.by + "'");
  }
  if (request.format != "text" && request.format != "json" && request.format != "csv") {
    return Status::Error("--format must be text, json or csv, got '" + request.format + "'");
  }
  if (request.runs < 1 || request.runs > 1000) {
    return Status::Error("--runs must be between 1 and 1000, got " + std::to_string(request.runs));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<db::Store> store, db::Store::OpenExisting(request.db_path));
  report::StoreStats stats;
  stats.runs = request.runs;
  ASSIGN_OR_RETURN(stats.open, store->OpenFindingCounts());
  for (const RuleInfo& info : RuleSet::AllInfos()) stats.severity[info.id] = std::string(SeverityName(info.severity));
  ASSIGN_OR_RETURN(const int64_t latest, store->LatestRunId());
  ASSIGN_OR_RETURN(const std::vector<std::string> sites, store->Sites());
  for (const std::string& site : sites) {
    ASSIGN_OR_RETURN(auto points, store->OpenFindingsTrend(site, latest, request.runs));
    stats.trends.push_back({site, std::move(points)});
  }
  const report::StatsBy by = request.by == "rule" ? report::StatsBy::kRule : report::StatsBy::kSite;
  if (request.format == "json") return report::StatsJson(stats, by);
  if (request.format == "csv") return report::StatsCsv(stats, by);
  return report::StatsText(stats, by);
}

StatsCommand::StatsCommand(CLI::App* app) {
  stats_ = app->add_subcommand("stats",
                               "Open findings across the store's sites by rule or by site, and each "
                               "site's trend over its last runs");
  stats_->add_option("--db", request_.db_path,
                     "The database of earlier audits: a SQLite file or a postgresql:// URL (default: govaudit.db)");
  stats_->add_option("--by", request_.by,
                     "rule (default): which rules fail most and where; site: each site's "
                     "open findings and their trend");
  stats_->add_option("--runs", request_.runs, "Runs per site in the trend (default: 10)");
  stats_->add_option("--format", request_.format,
                     "text (default), json, or csv (by rule: rule,severity,site,open; "
                     "by site: site,run,date,open)");
}

std::optional<int> StatsCommand::Run() {
  if (!stats_->parsed()) return std::nullopt;
  auto text = StoreStatistics(request_);
  if (!text.ok()) {
    std::fprintf(stderr, "govaudit: %s\n", pii::SafeText(text.status().message(), pii::Sink::kTerminal).c_str());
    return kExitUsage;
  }
  std::fputs(text->c_str(), stdout);
  return kExitOk;
}

}  // namespace govaudit
