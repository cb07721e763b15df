#include "app/audit.h"

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "app/evidence.h"
#include "app/pipeline.h"
#include "assess/assessment.h"
#include "assess/rule_tasks.h"
#include "assess/workpoints.h"
#include "classify/page_kinds.h"
#include "classify/site_checks.h"
#include "common/calendar.h"
#include "common/charset.h"
#include "common/file_lock.h"
#include "common/files.h"
#include "common/hash.h"
#include "common/url.h"
#include "crawler/fetch_once.h"
#include "db/store.h"
#include "db/writer.h"
#include "page/page.h"
#include "report/report.h"
#include "rules/security.h"
#include "rules/templates.h"

namespace govaudit {
namespace {

// Crawlers that Ctrl-C or SIGTERM stop cleanly. Several audits crawl at once in a multi-site
// run, so the handler is installed while any of them crawls and stops every one.
constexpr int kMaxInterruptible = 64;
std::atomic<Crawler*> g_interruptible[kMaxInterruptible];
std::mutex g_signal_mutex;  // guards the fields below, never taken by the handler
int g_signal_users = 0;
void (*g_previous_int)(int) = SIG_DFL;
void (*g_previous_term)(int) = SIG_DFL;

void OnSignal(int) {
  for (auto& slot : g_interruptible) {
    if (Crawler* c = slot.load()) c->Stop();
  }
}

class InterruptScope {
 public:
  explicit InterruptScope(Crawler* crawler) {
    std::lock_guard lock(g_signal_mutex);
    for (slot_ = 0; slot_ < kMaxInterruptible; ++slot_) {
      Crawler* empty = nullptr;
      if (g_interruptible[slot_].compare_exchange_strong(empty, crawler)) break;
    }
    if (g_signal_users++ == 0) {
      g_previous_int = std::signal(SIGINT, OnSignal);
      g_previous_term = std::signal(SIGTERM, OnSignal);
    }
  }
  ~InterruptScope() {
    std::lock_guard lock(g_signal_mutex);
    if (slot_ < kMaxInterruptible) g_interruptible[slot_] = nullptr;
    if (--g_signal_users == 0) {
      std::signal(SIGINT, g_previous_int);
      std::signal(SIGTERM, g_previous_term);
    }
  }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  int slot_ = 0;
};

std::string SettingsJson(const AuditOptions& o, const Date& as_of) {
  nlohmann::json j = {
      {"start_urls", o.crawl.start_urls},   {"max_pages", o.crawl.max_pages},
      {"max_depth", o.crawl.max_depth},     {"respect_robots", o.crawl.respect_robots},
      {"per_host_connections", o.crawl.per_host_connections},
      {"per_host_interval_s", o.crawl.per_host_interval_s},
      {"as_of", as_of.ToIso()},             {"interpretation_workdays", o.rules.interpretation_workdays},
  };
  // What a re-rendered report needs to judge the run as it was judged: the rules switched off
  // (their veto rows are 未检查) and the files read over the built-in data.
  std::vector<std::string> disabled;
  for (const auto& [id, setting] : o.rules.rules) {
    if (!setting.enabled) disabled.push_back(id);
  }
  if (!disabled.empty()) j["disabled_rules"] = disabled;
  if (!o.rules.site_checks_path.empty()) j["site_checks"] = std::filesystem::absolute(o.rules.site_checks_path).string();
  if (!o.calendar_path.empty()) j["calendar"] = std::filesystem::absolute(o.calendar_path).string();
  return j.dump();
}

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled), tty_(isatty(STDERR_FILENO) != 0) {}
  void operator()(const CrawlStats& s) {
    if (!enabled_) return;
    double rate = s.elapsed_s > 0 ? s.fetched / s.elapsed_s : 0;
    if (tty_) {
      std::fprintf(stderr, "\r已抓取 %lld  排队 %lld  失败 %lld  %.1f 页/秒  用时 %.0f 秒   ",
                   static_cast<long long>(s.fetched), static_cast<long long>(s.queued),
                   static_cast<long long>(s.failed), rate, s.elapsed_s);
      std::fflush(stderr);
    } else if (s.elapsed_s - last_log_ >= 10) {
      last_log_ = s.elapsed_s;
      spdlog::info("fetched {} queued {} failed {} ({:.1f} pages/s, {:.0f} s)", s.fetched, s.queued, s.failed, rate,
                   s.elapsed_s);
    }
  }
  void Finish() {
    if (enabled_ && tty_) std::fprintf(stderr, "\n");
  }

 private:
  bool enabled_;
  bool tty_;
  double last_log_ = 0;
};

// What an audit needs before it fetches anything. Bad files are found here: exit 2 before a run
// is recorded.
struct Inputs {
  Date as_of;
  WorkdayCalendar calendar;
  const WorkdayCalendar* calendar_ptr = &WorkdayCalendar::Builtin();
  KindConfig kinds;
  SiteCheckConfig site_checks;
  std::optional<Workpoints> workpoints;
  std::vector<std::string> text_keywords;  // recorded of every page's text for the scorecards
  std::optional<SecurityInspector> security;  // when a security.* rule is on
};

// Bytes read of each outbound link's target for the security rules (title and text sample).
constexpr size_t kTargetSampleBytes = 64 * 1024;

StatusOr<Inputs> LoadInputs(const AuditOptions& options) {
  Inputs in;
  in.as_of = options.as_of.value_or(TodayInChina());
  if (!options.calendar_path.empty()) {
    ASSIGN_OR_RETURN(std::string csv, ReadWholeFile(options.calendar_path, "calendar"));
    ASSIGN_OR_RETURN(in.calendar, WorkdayCalendar::Parse(csv, options.calendar_path));
    in.calendar_ptr = &in.calendar;
  }
  ASSIGN_OR_RETURN(in.kinds, KindConfig::Load(options.rules.page_kinds_path, options.rules.subsidy_fields_path));
  ASSIGN_OR_RETURN(in.site_checks, SiteCheckConfig::Load(options.rules.site_checks_path));
  if (!options.workpoints_path.empty()) {
    ASSIGN_OR_RETURN(in.workpoints, LoadWorkpoints(options.workpoints_path));
  }
  in.text_keywords = TextKeywordsToRecord(in.workpoints ? &*in.workpoints : nullptr);
  if (SecurityInspector::Wanted(options.rules)) {
    ASSIGN_OR_RETURN(in.security, SecurityInspector::Load(options.rules));
  }
  return in;
}

// The name the site's runs are kept under: its configured name, else its origin.
std::string SiteOf(const AuditOptions& options) {
  if (!options.site_name.empty()) return options.site_name;
  auto url = ParseUrl(options.crawl.start_urls.front());
  return url ? url->Origin() : options.crawl.start_urls.front();
}

// Step 1: the run this audit writes to, new or resumed, and what a resumed crawl knows.
Status PrepareRun(const AuditOptions& options, Inputs& inputs, db::Store& store, db::RunInfo* run,
                  ResumeState* resume) {
  const Date& as_of = inputs.as_of;
  run->site = SiteOf(options);
  run->as_of = as_of.ToIso();
  run->settings_json = SettingsJson(options, as_of);
  run->text_keywords = inputs.text_keywords;
  if (!options.resume) {
    ASSIGN_OR_RETURN(run->id, store.BeginRun(*run));
    for (const std::string& start : options.crawl.start_urls) {
      if (auto url = NormalizeUrl(start)) RETURN_IF_ERROR(store.QueueUrl(run->id, *url, 0, ""));
    }
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(int64_t resumable, store.ResumableRun(run->site));
  if (resumable == 0) {
    return Status::Error("nothing to resume: " + options.db_path + " holds no unfinished run of site '" + run->site +
                         "'");
  }
  ASSIGN_OR_RETURN(db::RunInfo earlier, store.GetRun(resumable));
  // A run keeps one audit date: deadlines and staleness of its pages were judged against it.
  if (options.as_of_given && earlier.as_of != as_of.ToIso()) {
    return Status::Error("--resume: run " + std::to_string(resumable) + " of site '" + run->site +
                         "' was started with --as-of " + earlier.as_of + "; resuming it with --as-of " +
                         as_of.ToIso() + " would mix two audit dates (give " + earlier.as_of + " or no --as-of)");
  }
  if (auto date = ParseIsoDate(earlier.as_of)) inputs.as_of = *date;
  run->as_of = earlier.as_of;
  run->settings_json = earlier.settings_json;
  run->id = resumable;
  ASSIGN_OR_RETURN(auto frontier, store.Frontier(run->id));
  for (const db::FrontierRow& row : frontier) {
    if (row.done) {
      resume->done.push_back(row.url);
    } else {
      resume->pending.push_back({row.url, row.depth, row.referrer});
    }
  }
  // Site rules run again over the whole run at the end.
  RETURN_IF_ERROR(store.DeleteFindings(run->id, "site"));
  spdlog::info("resuming run {}: {} pages done, {} queued", run->id, resume->done.size(), resume->pending.size());
  return Status::Ok();
}

// Conditional requests: validators of the site's previous complete run, and its bodies read on
// demand through a second connection (WAL lets it read beside the writer).
class PreviousRun {
 public:
  PreviousRun(const AuditOptions& options, db::Store& store, const db::RunInfo& run) {
    if (!options.conditional_requests || options.db_path == ":memory:") return;
    auto previous = store.PreviousValidators(run.site, run.id);
    if (!previous.ok() || previous->empty()) return;
    validators_ = std::move(previous).value();
    auto reader = db::Store::Open(options.db_path);
    if (reader.ok()) reader_ = std::move(reader).value();
  }

  // Hooks the crawler (validators) and the pipeline (bodies of 304 answers) up, if there is
  // a previous run.
  void Attach(CrawlOptions* crawl, PagePipeline* pipeline) {
    if (!reader_) return;
    crawl->validators = [this](const std::string& url) -> std::optional<std::pair<std::string, std::string>> {
      auto it = validators_.find(url);
      if (it == validators_.end()) return std::nullopt;
      return std::make_pair(it->second.etag, it->second.last_modified);
    };
    pipeline->set_previous_body([this](const std::string& url) -> std::optional<std::string> {
      auto it = validators_.find(url);
      if (it == validators_.end()) return std::nullopt;
      std::lock_guard lock(mutex_);
      auto body = reader_->GetBodyByHash(it->second.body_hash);
      if (!body.ok()) {
        spdlog::warn("the stored copy of {} cannot be read, so its 304 answer leaves it unaudited this run: {}", url,
                     body.status().message());
        return std::nullopt;
      }
      return *body;
    });
  }

 private:
  std::map<std::string, db::Validators> validators_;
  std::unique_ptr<db::Store> reader_;
  std::mutex mutex_;
};

struct CrawlResult {
  CrawlStats stats;
  std::vector<PagePipeline::StartFailure> start_failures;  // start URLs that gave no page to audit
};

// Step 2: crawl, parse and check every page, writing as it goes.
StatusOr<CrawlResult> CrawlSite(const AuditOptions& options, const Inputs& inputs, db::Store& store,
                                const db::RunInfo& run, const ResumeState& resume, const RuleSet& rules,
                                const RuleContext& context) {
  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CrawlOptions crawl_options = options.crawl;
  if (inputs.security) crawl_options.external_sample_bytes = kTargetSampleBytes;
  PreviousRun previous(options, store, run);
  CrawlResult result;
  Status write_status;
  {
    db::StoreWriter writer(&store);
    PagePipeline pipeline(rules, context, inputs.text_keywords, static_cast<size_t>(options.crawl.max_links_per_page),
                          &writer, run.id, threads, static_cast<size_t>(threads) * 8);
    previous.Attach(&crawl_options, &pipeline);
    if (inputs.security) pipeline.set_security(&*inputs.security);
    Crawler crawler(crawl_options, &pipeline);
    pipeline.set_crawler(&crawler);
    if (options.resume) crawler.Resume(resume);
    ProgressLine progress(options.progress && !options.quiet);
    crawler.SetProgress([&progress](const CrawlStats& s) { progress(s); });
    {
      InterruptScope interruptible(&crawler);
      result.stats = crawler.Run();
    }
    progress.Finish();
    pipeline.Join();
    result.start_failures = pipeline.StartFailures();
    write_status = writer.Close();
  }
  if (!write_status.ok()) return write_status.WithContext("writing the crawl to " + options.db_path);
  return result;
}

// security.cloaking: the home page fetched once more as Baidu's crawler and compared with the
// crawl's copy; links to other sites only the crawler is shown are recorded for the site rule.
// Only when there are some is the page fetched again as a visitor, so that links that merely
// rotate (banners) are not taken for cloaking. Made again in full on resume.
Status LookAsSearchEngine(const AuditOptions& options, const Inputs& inputs, db::Store& store, int64_t run_id,
                          const RuleContext& context) {
  RETURN_IF_ERROR(store.DeleteObservations(run_id, "cloaked_link"));
  for (const std::string& start : options.crawl.start_urls) {
    const std::optional<std::string> home = NormalizeUrl(start);
    if (!home) continue;
    const FetchResult spider = FetchOnce(*home, options.crawl, kBaiduspiderUserAgent);
    if (spider.status < 200 || spider.status >= 300 || spider.body.empty()) continue;
    const Page as_spider = ParsePage(spider.final_url, DecodeHtml(spider.body, spider.content_type).utf8);
    std::vector<Page> views;
    std::string visitor_final = *home;
    auto look_as_visitor = [&] {
      const FetchResult visitor = FetchOnce(*home, options.crawl, "");
      if (visitor.status < 200 || visitor.status >= 300) return false;
      views.push_back(ParsePage(visitor.final_url, DecodeHtml(visitor.body, visitor.content_type).utf8));
      visitor_final = visitor.final_url;
      return true;
    };
    auto observe = [&] {
      std::vector<const Page*> as_visitor;
      for (const Page& view : views) as_visitor.push_back(&view);
      return inputs.security->ObserveCloaking(*home, as_visitor, as_spider, visitor_final, spider.final_url, context);
    };
    // The crawl's copy of the home page; a start URL that redirected has none under its name.
    auto stored = store.GetBody(run_id, *home);
    const bool have_copy = stored.ok() && stored->has_value();
    if (have_copy) {
      views.push_back(ParsePage(*home, DecodeHtml(**stored, "").utf8));
    } else if (!look_as_visitor()) {
      continue;
    }
    std::vector<db::PageObservation> cloaked = observe();
    if (!cloaked.empty() && have_copy && look_as_visitor()) cloaked = observe();
    RETURN_IF_ERROR(store.PutObservations(run_id, cloaked));
  }
  return Status::Ok();
}

// What the crawl met that the run must say: hosts refusing the crawler (site rules read this to
// tell "crawler blocked" from "site broken"), targets the address policy refused.
void RecordCrawlNotes(const CrawlStats& stats, db::Store& store, db::RunInfo* run) {
  if (stats.refusing_hosts.empty() && stats.refused_addresses == 0 && stats.start_redirects.empty()) return;
  auto settings = nlohmann::json::parse(run->settings_json, nullptr, false);
  if (!settings.is_object()) return;
  if (!stats.refusing_hosts.empty()) {
    settings["refusing_hosts"] = stats.refusing_hosts;
    spdlog::warn("hosts refusing the crawler (403/429 in bursts), slowed down: {}",
                 fmt::join(stats.refusing_hosts, ", "));
  }
  if (!stats.start_redirects.empty()) settings["start_redirects"] = stats.start_redirects;
  if (stats.refused_addresses > 0) {
    settings["refused_addresses"] = {{"count", stats.refused_addresses}, {"examples", stats.refused_examples}};
    spdlog::warn("{} links or redirects lead to internal addresses and were not contacted (refused: internal address)",
                 stats.refused_addresses);
  }
  run->settings_json = settings.dump();
  (void)store.SetRunSettings(run->id, run->settings_json);
}

// Step 3: totals, the site rules and the history; an unreachable site is an error after its run
// is recorded as such.
Status FinishRun(const AuditOptions& options, db::Store& store, const CrawlResult& crawl, const RuleSet& rules,
                 const RuleContext& context, db::RunInfo* run) {
  // Totals from the store, so a resumed run counts the pages of every attempt once.
  run->pages = crawl.stats.fetched;
  run->fetch_errors = crawl.stats.failed;
  if (auto totals = store.CountPages(run->id); totals.ok()) {
    run->pages = totals->pages;
    run->fetch_errors = totals->fetch_errors;
  }
  RecordCrawlNotes(crawl.stats, store, run);
  run->complete = !crawl.stats.interrupted && !crawl.stats.hit_page_limit;
  run->stop_reason = crawl.stats.interrupted ? "interrupted" : crawl.stats.hit_page_limit ? "max-pages" : "finished";

  // A night whose start page gave nothing to audit proves nothing: the run is recorded as
  // failed, no history is touched, and the previous findings stay as they were.
  if (!crawl.start_failures.empty() && crawl.start_failures.size() >= options.crawl.start_urls.size()) {
    const PagePipeline::StartFailure& first = crawl.start_failures.front();
    run->complete = false;
    run->stop_reason = first.no_answer ? "start-url-unreachable" : "start-page-failed";
    auto settings = nlohmann::json::parse(run->settings_json, nullptr, false);
    if (settings.is_object()) {
      settings["failure"] = first.url + ": " + first.reason;
      run->settings_json = settings.dump();
      (void)store.SetRunSettings(run->id, run->settings_json);
    }
    RETURN_IF_ERROR(store.FinishRun(*run));
    if (first.no_answer) return Status::Error("start URL " + first.url + " is unreachable: " + first.reason);
    return Status::Error("start URL " + first.url + " gave no page to audit: " + first.reason +
                         "; the run is recorded as failed and nothing is marked fixed");
  }

  std::vector<Finding> site_findings;
  rules.CheckSite(store, run->id, context, &site_findings);
  // A problem on most pages of one template becomes one finding of the template. Not for an
  // interrupted run: --resume recomputes the site findings, and the page findings must be there
  // (copied from where they wait for the roll-up, which the resumed run still makes).
  TemplateRollUp rollup;
  const bool roll_up = run->stop_reason != "interrupted";
  if (roll_up && context.site_checks != nullptr) {
    auto rolled = RollUpTemplates(store, run->id, context.site_checks->templates);
    if (!rolled.ok()) return rolled.status().WithContext("rolling up template findings of run " + std::to_string(run->id));
    rollup = std::move(rolled).value();
    site_findings.insert(site_findings.end(), rollup.findings.begin(), rollup.findings.end());
  }
  db::Transaction transaction(&store);
  Status s = transaction.status();
  if (s.ok()) {
    s = roll_up ? store.SettleTemplateFindings(run->id, rollup.replaced) : store.CopyTemplateFindings(run->id);
  }
  if (s.ok()) s = store.PutFindings(run->id, site_findings, "site");
  if (s.ok()) s = store.FinishRun(*run);
  if (s.ok()) s = store.UpdateHistory(run->id);
  if (s.ok()) s = transaction.Commit();
  return s.ok() ? s : s.WithContext("finishing run " + std::to_string(run->id));
}

// Step 4: judge the run and write the reports: the evidence snapshots first, so that every
// report can point to them.
StatusOr<RunAssessment> Render(db::Store& store, int64_t run_id, const RuleSet& rules, const Workpoints* workpoints,
                               const NoticeOptions& notices, const WorkdayCalendar& calendar, const std::string& out_dir) {
  ASSIGN_OR_RETURN(RunAssessment data, AssessForReports(store, run_id, rules, workpoints, notices, calendar));
  ASSIGN_OR_RETURN(data.snapshots, WriteSnapshots(store, data, out_dir));
  RETURN_IF_ERROR(report::WriteAll(data, out_dir));
  return data;
}

// What must hold before a crawl starts, so that a night is not spent crawling into a report that
// cannot be written or a database that is damaged.
Status CheckBeforeCrawl(const AuditOptions& options, db::Store& store) {
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) return Status::Error("cannot create output folder " + options.out_dir + ": " + ec.message());
  const std::string probe = (std::filesystem::path(options.out_dir) / ".govaudit-write-test").string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error("output folder " + options.out_dir + " is not writable: " + std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
  if (!options.check_database) return Status::Ok();
  ASSIGN_OR_RETURN(std::string check, store.QuickCheck());
  if (check != "ok") {
    return Status::Error("database " + options.db_path + " is damaged (" + check.substr(0, 200) +
                         "): restore a backup or give another --db");
  }
  return Status::Ok();
}

// One audit of a site at a time in one database: a second process (or a second --resume of
// the same run) stops at once instead of interleaving pages. A server database holds the
// claim itself (Store::LockSite), for as long as the audit's connection lasts.
StatusOr<std::unique_ptr<FileLock>> LockSite(const AuditOptions& options) {
  if (options.db_path == ":memory:" || db::IsServerUrl(options.db_path)) return std::unique_ptr<FileLock>();
  const std::string site = SiteOf(options);
  const std::string path = options.db_path + "." + Hex64(Fnv1a64(site)) + ".lock";
  auto lock = FileLock::TryLock(path);
  if (!lock.ok()) {
    return Status::Error("site '" + site + "' is being audited into " + options.db_path +
                         " by another govaudit process (" + lock.status().message() + ")");
  }
  return lock;
}

}  // namespace

StatusOr<AuditOutcome> RunAudit(const AuditOptions& options) {
  RETURN_IF_ERROR(Crawler::Validate(options.crawl));
  ASSIGN_OR_RETURN(Inputs inputs, LoadInputs(options));
  ASSIGN_OR_RETURN(std::unique_ptr<FileLock> lock, LockSite(options));
  ASSIGN_OR_RETURN(std::unique_ptr<db::Store> store, db::Store::Open(options.db_path));
  if (db::IsServerUrl(options.db_path)) RETURN_IF_ERROR(store->LockSite(SiteOf(options)));
  RETURN_IF_ERROR(CheckBeforeCrawl(options, *store));

  db::RunInfo run;
  ResumeState resume;
  RETURN_IF_ERROR(PrepareRun(options, inputs, *store, &run, &resume));

  RuleSet rules = RuleSet::Build(options.rules);
  RuleContext context;
  context.as_of = inputs.as_of;
  context.calendar = inputs.calendar_ptr;
  context.config = &options.rules;
  context.kind_config = &inputs.kinds;
  context.site_checks = &inputs.site_checks;
  context.start_urls = options.crawl.start_urls;
  context.extra_hosts = options.crawl.extra_hosts;

  ASSIGN_OR_RETURN(CrawlResult crawl, CrawlSite(options, inputs, *store, run, resume, rules, context));
  if (inputs.security && crawl.start_failures.empty() && !crawl.stats.interrupted) {
    RETURN_IF_ERROR(LookAsSearchEngine(options, inputs, *store, run.id, context));
  }
  const Status finished = FinishRun(options, *store, crawl, rules, context, &run);
  const Workpoints* workpoints = inputs.workpoints ? &*inputs.workpoints : nullptr;
  if (!finished.ok()) {
    // A failed night still writes its report: the failure, and the findings it did not re-check.
    if (run.stop_reason.rfind("start-", 0) == 0) {
      (void)Render(*store, run.id, rules, workpoints, options.notices, *inputs.calendar_ptr, options.out_dir);
    }
    return finished;
  }
  ASSIGN_OR_RETURN(RunAssessment data,
                   Render(*store, run.id, rules, workpoints, options.notices, *inputs.calendar_ptr, options.out_dir));

  AuditOutcome outcome;
  outcome.run_id = run.id;
  outcome.pages = run.pages;
  outcome.fetch_errors = run.fetch_errors;
  outcome.complete = run.complete;
  outcome.findings = static_cast<int64_t>(data.findings.size());
  outcome.report_path = (std::filesystem::path(options.out_dir) / "report.html").string();
  if (data.scorecard) {
    const Scorecard& card = *data.scorecard;
    outcome.scorecard_summary = "工作要点评分（" + card.title + "）：已完成 " + std::to_string(card.Count(TaskStatus::kMet)) +
                                "，部分完成 " + std::to_string(card.Count(TaskStatus::kPartlyMet)) + "，未完成 " +
                                std::to_string(card.Count(TaskStatus::kNotMet)) + "，无法通过网站核查 " +
                                std::to_string(card.Count(TaskStatus::kNotVerifiable)) + "；" +
                                (std::filesystem::path(options.out_dir) / "scorecard.json").string();
  }
  for (const auto& sf : data.findings) {
    if (options.fail_on && !IsDismissed(sf) && AtLeast(sf.finding.severity, *options.fail_on)) {
      ++outcome.findings_at_fail_level;
    }
  }
  outcome.exit_code = outcome.findings_at_fail_level > 0 ? 1 : 0;
  return outcome;
}

StatusOr<RunAssessment> AssessForReports(db::Store& store, int64_t run_id, const RuleSet& rules,
                                         const Workpoints* workpoints, const NoticeOptions& notices,
                                         const WorkdayCalendar& calendar) {
  ASSIGN_OR_RETURN(RunAssessment data, AssessRun(store, run_id, DescribeRules(rules), workpoints));
  data.tasks = TaskDescriptions(DefaultRuleTasks());
  ASSIGN_OR_RETURN(data.responsible, AttributeFindings(store, data, notices));
  ApplyDeadlines(PlanNotices(data, data.responsible, notices, calendar), &data.responsible);
  return data;
}

StatusOr<std::string> RenderStoredReport(const std::string& db_path, int64_t run_id, const std::string& out_dir,
                                         const std::string& workpoints_path, const NoticeOptions& notices) {
  ASSIGN_OR_RETURN(std::unique_ptr<db::Store> store, db::Store::OpenExisting(db_path));
  std::optional<Workpoints> workpoints;
  if (!workpoints_path.empty()) {
    ASSIGN_OR_RETURN(workpoints, LoadWorkpoints(workpoints_path));
  }
  if (run_id == 0) {
    ASSIGN_OR_RETURN(run_id, store->LatestRunId());
    if (run_id == 0) return Status::Error("database " + db_path + " holds no runs");
  }
  RuleSet rules = RuleSet::Build(RulesConfig{});
  RETURN_IF_ERROR(Render(*store, run_id, rules, workpoints ? &*workpoints : nullptr, notices, WorkdayCalendar::Builtin(),
                         out_dir)
                      .status());
  return (std::filesystem::path(out_dir) / "report.html").string();
}

}  // namespace govaudit
