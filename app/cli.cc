#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "app/audit.h"
#include "app/config.h"
#include "app/demo_server.h"
#include "app/multisite.h"
#include "app/probe.h"
#include "app/shard.h"
#include "app/stats.h"
#include "app/triage.h"
#include "app/workflow.h"
#include "common/url.h"
#include "crawler/address_policy.h"
#include "db/store.h"
#include "pii/safe_text.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

// Log lines go through the output gate like every other output: they quote URLs and titles of
// crawled pages, which may hold personal data or terminal control sequences.
class SafeStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::string line(formatted.data(), formatted.size());
    const bool newline = !line.empty() && line.back() == '\n';
    if (newline) line.pop_back();
    line = pii::SafeText(line, pii::Sink::kTerminal);
    if (newline) line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

void UseStderrLogger() {
  static bool done = false;
  if (done) return;
  done = true;
  auto logger = std::make_shared<spdlog::logger>("govaudit", std::make_shared<SafeStderrSink>());
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S %l %v");
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "govaudit: %s\n", pii::SafeText(message, pii::Sink::kTerminal).c_str());
  return kExitUsage;
}

// Flags given on the command line; each overrides the config file's value when set.
struct AuditFlags {
  std::vector<std::string> urls;
  std::string config;
  std::string as_of;
  std::string out;
  std::string db;
  std::optional<int> threads;
  std::optional<int> max_pages;
  std::optional<int> max_depth;
  std::string fail_on;
  std::string workpoints;
  bool ignore_robots = false;
  bool quiet = false;
  bool resume = false;
  std::string site_folder;  // demo only: serve this folder instead of the bundled demo site
  std::vector<std::string> allow_addresses;
  std::string shard;  // "I/N": only that shard of --config's sites
};

void AddAuditFlags(CLI::App* cmd, AuditFlags* f, bool with_urls) {
  if (with_urls) cmd->add_option("urls", f->urls, "Start URLs of the site to audit (http:// or https://)");
  cmd->add_option("--config", f->config, "TOML configuration file (see config/govaudit.example.toml)");
  cmd->add_option("--as-of", f->as_of, "The audit date YYYY-MM-DD (\"today\" for deadlines); default: today in China");
  cmd->add_option("--out", f->out, "Folder for report.html, findings.json and findings.csv (default: govaudit-report)");
  cmd->add_option("--db", f->db,
                  "Database keeping runs, pages and finding history: a SQLite file (default: govaudit.db) or a "
                  "postgresql:// URL (the central store shards share)");
  cmd->add_option("--threads", f->threads, "Parser and rule threads (default: number of cores)");
  cmd->add_option("--max-pages", f->max_pages, "Stop after this many pages (default: 5000); the run counts as incomplete");
  cmd->add_option("--max-depth", f->max_depth, "Follow links at most this deep from a start URL (default: 10)");
  cmd->add_option("--fail-on", f->fail_on, "Exit 1 if an open finding is at least this severe: high, medium or low");
  cmd->add_option("--workpoints", f->workpoints,
                  "Task table of the year's work points (TOML, see docs/workpoints-format.md): score each task");
  cmd->add_flag("--ignore-robots", f->ignore_robots, "Do not honour robots.txt (only for authorised inspections)");
  cmd->add_option("--allow-address", f->allow_addresses,
                  "An internal address (loopback, private network) the crawl may contact besides the start URLs' "
                  "own: HOST or HOST:PORT; repeatable");
  cmd->add_flag("--quiet", f->quiet, "No progress line");
  cmd->add_flag("--resume", f->resume,
                "Continue the site's unfinished run (killed or interrupted) without fetching stored pages again");
  if (with_urls) {
    cmd->add_option("--shard", f->shard,
                    "Audit only shard I of N of the --config sites, as `govaudit shard` assigns them. I counts from "
                    "0 (0/4 is the first of four), as scheduler indexes do: --shard \"$JOB_COMPLETION_INDEX/4\", "
                    "--shard \"$SLURM_ARRAY_TASK_ID/4\". {shard} in [audit] db and out becomes I");
  }
}

// Applies flags over options loaded from a config file (or defaults). Errors name the value.
Status ApplyFlags(const AuditFlags& f, AuditOptions* o) {
  if (!f.urls.empty()) o->crawl.start_urls = f.urls;
  if (!f.as_of.empty()) {
    o->as_of = ParseIsoDate(f.as_of);
    if (!o->as_of) return Status::Error("--as-of '" + f.as_of + "' is not a date in the form YYYY-MM-DD");
  }
  if (!f.out.empty()) o->out_dir = f.out;
  if (!f.db.empty()) o->db_path = f.db;
  if (f.threads) {
    if (*f.threads < 1 || *f.threads > 256) {
      return Status::Error("--threads must be between 1 and 256, got " + std::to_string(*f.threads));
    }
    o->threads = *f.threads;
  }
  if (f.max_pages) {
    if (*f.max_pages < 1) return Status::Error("--max-pages must be at least 1, got " + std::to_string(*f.max_pages));
    o->crawl.max_pages = *f.max_pages;
  }
  if (f.max_depth) {
    if (*f.max_depth < 0) return Status::Error("--max-depth must be 0 or more, got " + std::to_string(*f.max_depth));
    o->crawl.max_depth = *f.max_depth;
  }
  if (!f.fail_on.empty()) {
    o->fail_on = ParseSeverity(f.fail_on);
    if (!o->fail_on) return Status::Error("--fail-on must be high, medium or low, got '" + f.fail_on + "'");
  }
  if (!f.workpoints.empty()) o->workpoints_path = f.workpoints;
  if (f.ignore_robots) o->crawl.respect_robots = false;
  for (const std::string& entry : f.allow_addresses) {
    if (!AddressPolicy::IsValidEntry(entry)) {
      return Status::Error("--allow-address '" + entry + "' is not HOST or HOST:PORT");
    }
    o->crawl.allow_addresses.push_back(entry);
  }
  if (f.quiet) o->quiet = true;
  if (f.resume) o->resume = true;
  o->as_of_given = !f.as_of.empty() || o->as_of_given;
  return Status::Ok();
}

int PrintOutcome(const StatusOr<AuditOutcome>& outcome) {
  if (!outcome.ok()) return Fail(outcome.status().message());
  std::printf("检查完成：第 %lld 次运行，%lld 个页面，%lld 个抓取错误，%lld 个问题%s\n",
              static_cast<long long>(outcome->run_id), static_cast<long long>(outcome->pages),
              static_cast<long long>(outcome->fetch_errors), static_cast<long long>(outcome->findings),
              outcome->complete ? "" : "（未完整完成）");
  std::printf("报告：%s\n", outcome->report_path.c_str());
  if (!outcome->scorecard_summary.empty()) std::printf("%s\n", outcome->scorecard_summary.c_str());
  return outcome->exit_code;
}

// A path of the config or the flags with {shard}: the shard's index, or an error without one.
Status ExpandShardIn(std::string* path, const std::optional<ShardSpec>& shard, const char* what) {
  if (!HasShardPlaceholder(*path)) return Status::Ok();
  if (!shard) {
    return Status::Error(std::string(what) + " '" + *path +
                         "' holds {shard}: audit one shard with --shard I/N, or a file written by govaudit shard");
  }
  *path = ExpandShard(*path, shard->index);
  return Status::Ok();
}

// Several [[site]]s, or one shard of them: one process audits them all; flags apply to every
// site.
int RunSitesCommand(const AuditFlags& flags, const ConfigFile& config, const std::optional<ShardSpec>& shard) {
  AuditOptions base = config.defaults;
  Status applied = ApplyFlags(flags, &base);
  if (applied.ok()) applied = ExpandShardIn(&base.out_dir, shard, "out");
  if (!applied.ok()) return Fail(applied.message());
  MultiSiteOptions m;
  m.as_of = base.as_of.value_or(TodayInChina());  // one date for every site, even past midnight
  m.out_dir = ExpandDate(base.out_dir, m.as_of);
  m.parallel_sites = config.parallel_sites;
  m.global_connections = base.crawl.global_connections;
  m.fail_on = base.fail_on;
  if (shard) m.shard = shard->Label();
  // --shard picks its sites from the list; a shard file's [audit] shard only labels its own.
  const std::vector<SiteConfig> sites =
      shard && !flags.shard.empty() ? SitesOfShard(config.sites, *shard) : config.sites;
  for (SiteConfig site : sites) {
    applied = ApplyFlags(flags, &site.options);
    if (applied.ok()) applied = ExpandShardIn(&site.options.db_path, shard, "db");
    if (!applied.ok()) return Fail(applied.message());
    if (shard && site.options.db_path.find("://") == std::string::npos) {
      // A shard's own folder is new on its first night, like its report folder.
      std::error_code ec;
      std::filesystem::create_directories(std::filesystem::path(site.options.db_path).parent_path(), ec);
    }
    m.sites.push_back(std::move(site));
  }
  auto outcome = RunSites(m);
  if (!outcome.ok()) return Fail(outcome.status().message());
  for (const SiteSummary& s : outcome->sites) {
    if (s.failed) {
      std::printf("%s：检查失败：%s\n", s.name.c_str(), s.failure.c_str());
    } else {
      const std::string not_rechecked =
          s.not_rechecked > 0 ? "，未能复查 " + std::to_string(s.not_rechecked) : std::string();
      std::printf("%s：%lld 个页面，未整改问题 高 %lld 中 %lld 低 %lld，新增 %lld，已整改 %lld%s%s\n", s.name.c_str(),
                  static_cast<long long>(s.pages), static_cast<long long>(s.open_high),
                  static_cast<long long>(s.open_medium), static_cast<long long>(s.open_low),
                  static_cast<long long>(s.new_findings), static_cast<long long>(s.fixed), not_rechecked.c_str(),
                  s.complete ? "" : "（未完整完成）");
    }
  }
  if (shard && outcome->sites.empty()) std::printf("分片 %s 没有站点\n", shard->Label().c_str());
  std::printf("总览：%s\n", outcome->overview_path.c_str());
  if (outcome->exit_code == kExitUsage) std::fprintf(stderr, "govaudit: no site could be audited\n");
  return outcome->exit_code;
}

int RunAuditCommand(const AuditFlags& flags) {
  AuditOptions options;
  if (!flags.config.empty()) {
    auto config = LoadConfigFile(flags.config);
    if (!config.ok()) return Fail(config.status().message());
    // URLs on the command line: one site, with the file's settings but none of its sites.
    if (!flags.shard.empty() || !config->shard.empty()) {
      if (!flags.urls.empty()) return Fail("--shard audits the sites of --config: give no URLs with it");
      // A shard file (its [audit] shard) holds only its sites: audited as listed, never dropped.
      auto shard = ParseShardSpec(flags.shard.empty() ? config->shard : flags.shard,
                                  flags.shard.empty() ? flags.config + ": key 'audit.shard'" : "--shard");
      if (!shard.ok()) return Fail(shard.status().message());
      return RunSitesCommand(flags, *config, *shard);
    }
    if (config->sites.size() > 1 && flags.urls.empty()) return RunSitesCommand(flags, *config, std::nullopt);
    options = config->sites.empty() || !flags.urls.empty() ? config->defaults : config->sites.front().options;
  }
  if (!flags.shard.empty()) return Fail("--shard needs --config: the master list of sites to take the shard from");
  Status applied = ApplyFlags(flags, &options);
  if (applied.ok()) applied = ExpandShardIn(&options.db_path, std::nullopt, "db");
  if (applied.ok()) applied = ExpandShardIn(&options.out_dir, std::nullopt, "out");
  if (!applied.ok()) return Fail(applied.message());
  if (options.crawl.start_urls.empty()) return Fail("no start URL: give one or more URLs, or a --config with [[site]] start_urls");
  options.as_of = options.as_of.value_or(TodayInChina());  // the date of the report folder, too
  options.out_dir = ExpandDate(options.out_dir, *options.as_of);
  return PrintOutcome(RunAudit(options));
}

int RunDemo(const AuditFlags& flags) {
  // A fixed port when free: the demo's URLs, and so its history across runs, stay the same.
  constexpr int kDemoPort = 17480;
  if (!flags.site_folder.empty() && !std::filesystem::is_directory(flags.site_folder)) {
    return Fail("--site '" + flags.site_folder + "' is not a folder");
  }
  auto lookup = flags.site_folder.empty() ? StaticSiteServer::FromResources("demo-site/")
                                          : StaticSiteServer::FromFolder(flags.site_folder);
  auto server = StaticSiteServer::Start(lookup, kDemoPort);
  if (!server.ok()) return Fail(server.status().message());
  AuditOptions options;
  options.site_name = "演示站点（demo）";
  if (!flags.site_folder.empty()) {
    // A saved site is named after its folder, so runs of it share one history.
    std::filesystem::path folder = std::filesystem::path(flags.site_folder).lexically_normal();
    if (!folder.has_filename()) folder = folder.parent_path();
    options.site_name = folder.filename().string();
  }
  options.out_dir = "govaudit-demo";
  options.db_path = "govaudit-demo/govaudit-demo.db";
  options.crawl.per_host_interval_s = 0;  // our own loopback server: no need to be gentle
  // The demo stays on this machine: its links to real sites (ICP record, 找错) are not checked.
  options.crawl.check_external_links = false;
  AuditFlags demo_flags = flags;
  demo_flags.urls = {(*server)->base_url()};
  Status applied = ApplyFlags(demo_flags, &options);
  if (!applied.ok()) return Fail(applied.message());
  if (!flags.out.empty() && flags.db.empty()) options.db_path = options.out_dir + "/govaudit-demo.db";
  std::error_code ec;
  if (!db::IsServerUrl(options.db_path)) {
    std::filesystem::create_directories(std::filesystem::path(options.db_path).parent_path(), ec);
  }
  std::printf("演示站点：%s\n", (*server)->base_url().c_str());
  return PrintOutcome(RunAudit(options));
}

struct ProbeFlags {
  std::vector<std::string> urls;
  std::string config;
  std::string db;
  std::optional<double> timeout_s;
  std::vector<std::string> key_pages;
  std::vector<std::string> allow_addresses;
};

// `govaudit probe`: the sites of the configuration file (or the URLs given), each probed once.
int RunProbeCommand(const ProbeFlags& flags) {
  ConfigFile config;
  if (!flags.config.empty()) {
    auto loaded = LoadConfigFile(flags.config);
    if (!loaded.ok()) return Fail(loaded.status().message());
    config = std::move(loaded).value();
  }
  std::vector<AuditOptions> sites;
  if (!flags.urls.empty() || config.sites.empty()) {
    AuditOptions one = config.defaults;
    if (!flags.urls.empty()) one.crawl.start_urls = flags.urls;
    sites.push_back(std::move(one));
  } else {
    for (const SiteConfig& site : config.sites) sites.push_back(site.options);
  }
  for (AuditOptions& site : sites) {
    if (site.crawl.start_urls.empty()) {
      return Fail("no start URL: give one or more URLs, or a --config with [[site]] start_urls");
    }
    for (const std::string& url : site.crawl.start_urls) {
      if (!ParseUrl(url)) return Fail("start URL '" + url + "' is not an absolute http:// or https:// URL");
    }
    for (const std::string& url : flags.key_pages) {
      if (!ParseUrl(url)) return Fail("--key-page '" + url + "' is not an absolute http:// or https:// URL");
      site.key_pages.push_back(url);
    }
    for (const std::string& entry : flags.allow_addresses) {
      if (!AddressPolicy::IsValidEntry(entry)) return Fail("--allow-address '" + entry + "' is not HOST or HOST:PORT");
      site.crawl.allow_addresses.push_back(entry);
    }
  }
  ProbeOptions options = config.probe;
  if (flags.timeout_s) {
    if (*flags.timeout_s <= 0 || *flags.timeout_s > 600) {
      return Fail("--timeout must be between 0 and 600 seconds, got " + std::to_string(*flags.timeout_s));
    }
    options.timeout_ms = options.connect_timeout_ms = static_cast<long>(*flags.timeout_s * 1000);
  }
  const std::string db = flags.db.empty() ? config.defaults.db_path : flags.db;
  auto probed = ProbeSites(sites, options, db);
  if (!probed.ok()) return Fail(probed.status().message());
  for (const ProbedSite& s : *probed) {
    std::printf("%s：探测 %d 个页面，失败 %d 个\n", pii::SafeText(s.site, pii::Sink::kTerminal).c_str(), s.pages,
                s.failed);
    for (const std::string& f : s.failures) std::printf("  %s\n", pii::SafeText(f, pii::Sink::kTerminal).c_str());
  }
  return kExitOk;
}

int RunRulesCommand() {
  for (const RuleInfo& info : RuleSet::AllInfos()) {
    std::printf("%-34s %-6s %s\n", info.id.c_str(), std::string(SeverityName(info.severity)).c_str(),
                info.description.c_str());
    std::printf("%-41s 依据：%s%s\n", "", info.requirement.c_str(),
                info.task.empty() ? "" : ("（工作要点任务 " + info.task + "）").c_str());
  }
  return kExitOk;
}

}  // namespace

int RunCommandLine(int argc, char** argv) {
  UseStderrLogger();
  CLI::App app{"govaudit: audits Chinese government websites against the government-information-disclosure rules"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "govaudit 0.1.0");

  AuditFlags audit_flags;
  CLI::App* audit = app.add_subcommand("audit", "Crawl a site, check every rule, write the reports");
  AddAuditFlags(audit, &audit_flags, true);

  AuditFlags demo_flags;
  CLI::App* demo = app.add_subcommand("demo", "Serve the bundled demo site on 127.0.0.1, audit it, print the report's path");
  demo->add_option("--out", demo_flags.out, "Report folder (default: govaudit-demo)");
  demo->add_option("--as-of", demo_flags.as_of, "The audit date YYYY-MM-DD (default: today in China)");
  demo->add_flag("--quiet", demo_flags.quiet, "No progress line");
  demo->add_option("--site", demo_flags.site_folder,
                   "Serve this folder (a saved site) instead of the bundled demo site");
  demo->add_option("--db", demo_flags.db, "Database (default: inside the report folder)");
  demo_flags.workpoints = "zhongwei-2022";
  demo->add_option("--workpoints", demo_flags.workpoints,
                   "Work-points task table to score the demo against (default: the bundled zhongwei-2022)");

  CLI::App* rules = app.add_subcommand("rules", "List every rule: id, severity, description, the requirement it enforces");

  ProbeFlags probe_flags;
  CLI::App* probe = app.add_subcommand(
      "probe", "Probe each site's start URLs and key pages once and store the result (availability monitor; run it "
               "every 30 minutes, see docs/operations.md)");
  probe->add_option("urls", probe_flags.urls, "Start URLs of one site (else the sites of --config)");
  probe->add_option("--config", probe_flags.config, "The configuration file of `govaudit audit` ([probe], [[site]] key_pages)");
  probe->add_option("--db", probe_flags.db, "Database to store the probes in (default: [audit] db, else govaudit.db)");
  probe->add_option("--timeout", probe_flags.timeout_s, "Seconds a page may take to open (default: 15, as 19号 counts)");
  probe->add_option("--key-page", probe_flags.key_pages, "A page probed besides the start URLs; repeatable");
  probe->add_option("--allow-address", probe_flags.allow_addresses,
                    "An internal address a probe may reach besides the start URLs' own: HOST or HOST:PORT; repeatable");

  std::string report_db, report_out = "govaudit-report", report_workpoints;
  int64_t report_run = 0;
  CLI::App* report = app.add_subcommand("report", "Re-render a stored run's reports without crawling");
  report->add_option("--db", report_db, "The database of earlier audits")->required();
  report->add_option("--run", report_run, "Run number (default: the latest)");
  report->add_option("--out", report_out, "Output folder (default: govaudit-report)");
  report->add_option("--workpoints", report_workpoints, "Work-points task file: also write the scorecard for that run");

  HistoryCommands history(&app);
  WorkflowCommands workflow(&app);
  ShardCommands shards(&app);
  StatsCommand stats(&app);

  if (argc > 1 && argv[1][0] != '-') {
    std::string known;
    bool found = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      known += (known.empty() ? "" : ", ") + sub->get_name();
      found = found || sub->get_name() == argv[1];
    }
    if (!found) return Fail(std::string("unknown command '") + argv[1] + "' (commands: " + known + ")");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "govaudit: %s\nRun 'govaudit --help' for usage.\n", e.what());
    return kExitUsage;
  }

  if (audit->parsed()) return RunAuditCommand(audit_flags);
  if (demo->parsed()) return RunDemo(demo_flags);
  if (rules->parsed()) return RunRulesCommand();
  if (probe->parsed()) return RunProbeCommand(probe_flags);
  if (auto code = history.Run()) return *code;
  if (auto code = workflow.Run()) return *code;
  if (auto code = shards.Run()) return *code;
  if (auto code = stats.Run()) return *code;
  if (report->parsed()) {
    auto path = RenderStoredReport(report_db, report_run, report_out, report_workpoints);
    if (!path.ok()) return Fail(path.status().message());
    std::printf("报告：%s\n", path->c_str());
    return kExitOk;
  }
  return kExitUsage;
}

}  // namespace govaudit
