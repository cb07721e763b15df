#include "app/multisite.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "common/url.h"
#include "db/store.h"

namespace govaudit {
namespace {

// One site's line in the overview: its run's counts, or why it failed.
SiteSummary SummarizeSite(db::Store& store, const SiteConfig& site, const std::optional<StatusOr<AuditOutcome>>& r,
                          int64_t runs_before, std::optional<Severity> fail_on, bool* fail_level) {
  SiteSummary summary;
  if (r && r->ok()) {
    auto data = AssessRun(store, (*r)->run_id, {});
    if (data.ok()) {
      summary = SummarizeRun(*data);
      for (const db::StoredFinding& f : data->findings) {
        if (fail_on && !IsDismissed(f) && AtLeast(f.finding.severity, *fail_on)) *fail_level = true;
      }
    } else {
      summary.failed = true;
      summary.failure = data.status().WithContext("reading run " + std::to_string((*r)->run_id)).message();
    }
  } else {
    summary.failed = true;
    summary.failure = r ? r->status().message()
                        : "not audited: the audit was interrupted (Ctrl-C or SIGTERM) before this site's turn";
    // An audit that failed after it began (an unreachable start URL) still left its run.
    auto runs = store.ListRuns(site.options.site_name, 1);
    if (runs.ok() && !runs->empty() && runs->front().id > runs_before) {
      summary.run_id = runs->front().id;
      summary.stop_reason = runs->front().stop_reason;
    }
  }
  summary.name = site.options.site_name;
  summary.slug = site.slug;
  summary.start_urls = site.options.crawl.start_urls;
  return summary;
}

// A shard that the split left empty still reports, so that a merge sees it ran.
StatusOr<MultiSiteOutcome> EmptyShard(const MultiSiteOptions& options) {
  Overview overview;
  overview.as_of = options.as_of.ToIso();
  overview.generated_at = db::NowUtcIso();
  overview.shard = options.shard;
  RETURN_IF_ERROR(report::WriteOverview(overview, options.out_dir));
  MultiSiteOutcome result;
  result.overview_path = (std::filesystem::path(options.out_dir) / "index.html").string();
  return result;
}

}  // namespace

StatusOr<MultiSiteOutcome> RunSites(const MultiSiteOptions& options) {
  if (options.sites.empty() && !options.shard.empty()) return EmptyShard(options);
  if (options.sites.empty()) return Status::Error("no sites to audit");
  const size_t n = options.sites.size();
  const std::string& db_path = options.sites.front().options.db_path;
  // Opened before the audits start, so the schema is created and migrated once, not by
  // several connections racing.
  auto store_or = db::Store::Open(db_path);
  if (!store_or.ok()) return store_or.status();
  std::unique_ptr<db::Store> store = std::move(store_or).value();
  std::mutex store_mutex;  // lanes and the summary share this connection
  const int64_t runs_before = store->LatestRunId().value_or(0);
  ASSIGN_OR_RETURN(std::string check, store->QuickCheck());
  if (check != "ok") {
    return Status::Error("database " + db_path + " is damaged (" + check.substr(0, 200) +
                         "): restore a backup or give another db");
  }

  auto budget = std::make_shared<ConnectionBudget>(options.global_connections);
  const int lanes = std::clamp(options.parallel_sites, 1, static_cast<int>(n));
  // Parsing is the CPU work; split the cores between the sites crawled at once.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads_per_site = std::max(1, cores / lanes);

  std::vector<std::optional<StatusOr<AuditOutcome>>> results(n);
  std::atomic<size_t> next{0};
  std::atomic<bool> interrupted{false};
  auto lane = [&] {
    for (size_t i = next++; i < n; i = next++) {
      if (interrupted) continue;  // Ctrl-C: no new site starts; the overview says so
      const SiteConfig& site = options.sites[i];
      AuditOptions o = site.options;
      o.out_dir = (std::filesystem::path(options.out_dir) / site.slug).string();
      o.as_of = options.as_of;
      o.fail_on = options.fail_on;
      o.crawl.shared_budget = budget;
      o.progress = false;  // several sites at once: a log line per site instead of a status line
      o.check_database = false;  // checked once below, before any site starts
      if (o.threads == 0) o.threads = threads_per_site;
      if (o.resume) {
        // --resume applies to the sites that have an unfinished run; the others start afresh.
        std::lock_guard lock(store_mutex);
        auto resumable = store->ResumableRun(o.site_name);
        if (!resumable.ok() || *resumable == 0) o.resume = false;
      }
      spdlog::info("[{}/{}] {}: auditing {}", i + 1, n, o.site_name, o.crawl.start_urls.front());
      auto started = std::chrono::steady_clock::now();
      StatusOr<AuditOutcome> outcome = RunAudit(o);
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (outcome.ok()) {
        spdlog::info("[{}/{}] {}: {} pages, {} fetch errors, {} findings{} ({:.1f} s)", i + 1, n, o.site_name,
                     outcome->pages, outcome->fetch_errors, outcome->findings,
                     outcome->complete ? "" : ", incomplete", seconds);
        std::lock_guard lock(store_mutex);
        auto run = store->GetRun(outcome->run_id);
        if (run.ok() && run->stop_reason == "interrupted") interrupted = true;
      } else {
        spdlog::warn("[{}/{}] {}: failed: {} ({:.1f} s)", i + 1, n, o.site_name, outcome.status().message(), seconds);
      }
      results[i] = std::move(outcome);
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < lanes; ++i) threads.emplace_back(lane);
  for (std::thread& t : threads) t.join();

  MultiSiteOutcome result;
  Overview overview;
  overview.as_of = options.as_of.ToIso();
  overview.generated_at = db::NowUtcIso();
  overview.shard = options.shard;
  bool fail_level = false;
  for (size_t i = 0; i < n; ++i) {
    const SiteConfig& site = options.sites[i];
    const auto& r = results[i];
    SiteSummary summary = SummarizeSite(*store, site, r, runs_before, options.fail_on, &fail_level);
    std::error_code ec;
    // Only this night's report: a folder without {date} may still hold an older one.
    summary.has_report = r && r->ok() &&
                         std::filesystem::exists(std::filesystem::path(options.out_dir) / site.slug / "report.html", ec);
    overview.sites.push_back(std::move(summary));
  }
  RankSites(&overview.sites);
  Status written = report::WriteOverview(overview, options.out_dir);
  if (!written.ok()) return written;

  result.sites = overview.sites;
  result.overview_path = (std::filesystem::path(options.out_dir) / "index.html").string();
  bool any_audited = std::any_of(result.sites.begin(), result.sites.end(), [](const auto& s) { return !s.failed; });
  result.exit_code = !any_audited ? 2 : fail_level ? 1 : 0;
  return result;
}

}  // namespace govaudit
