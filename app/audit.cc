#include "app/audit.h"

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#include "app/rule_tasks.h"
#include "app/scorecard.h"
#include "app/workpoints.h"
#include "common/charset.h"
#include "common/url.h"
#include "db/store.h"
#include "report/report.h"
#include "rules/attachment_text.h"
#include "rules/calendar.h"
#include "rules/page.h"
#include "rules/page_kind.h"
#include "rules/rule.h"

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

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool IsHtmlResponse(const FetchResult& r) {
  std::string ct = Lower(r.content_type);
  if (ct.find("html") != std::string::npos) return true;
  // Old servers send pages as octet-stream or text/plain: sniff those.
  bool sniffable = ct.empty() || ct.find("octet-stream") != std::string::npos || ct.find("text/plain") != std::string::npos;
  return sniffable && LooksLikeHtml(r.body) && !IsAttachmentUrl(r.final_url);
}

std::vector<report::RuleDescription> RuleDescriptions(const RuleSet& set) {
  std::vector<report::RuleDescription> out;
  for (const RuleInfo& base : RuleSet::AllInfos()) {
    RuleInfo info = set.InfoFor(base.id);
    out.push_back({info.id, std::string(SeverityName(info.severity)), info.description, info.requirement, info.task});
  }
  ApplyRuleTasks(DefaultRuleTasks(), &out);  // config/rule-tasks.toml fills tasks rules leave open
  return out;
}

// Parses fetched pages, runs the page rules, and hands links back to the crawler and
// records to the store writer. A bounded queue between the crawler thread and the workers
// keeps memory flat however large the site.
class PagePipeline : public FetchSink {
 public:
  PagePipeline(const RuleSet& rules, const RuleContext& context, db::StoreWriter* writer, int64_t run_id,
               int threads, size_t max_queue)
      : rules_(rules), context_(context), writer_(writer), run_id_(run_id), max_queue_(max_queue) {
    for (const std::string& start : context.start_urls) {
      if (auto n = NormalizeUrl(start)) start_urls_.insert(*n);
    }
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }

  ~PagePipeline() override { Join(); }

  void set_crawler(Crawler* crawler) { crawler_ = crawler; }
  // Where the body of a page answered 304 comes from (the previous run's stored body).
  void set_previous_body(std::function<std::optional<std::string>(const std::string&)> fn) {
    previous_body_ = std::move(fn);
  }

  void OnFetched(FetchResult result) override {
    std::unique_lock lock(mutex_);
    has_room_.wait(lock, [&] { return queue_.size() < max_queue_; });
    queue_.push_back(std::move(result));
    has_work_.notify_one();
  }

  void Join() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
      has_work_.notify_all();
    }
    for (auto& t : workers_) {
      if (t.joinable()) t.join();
    }
  }

  // Start URLs that got no response at all (DNS, connect, timeout, TLS), with the reason.
  std::vector<std::pair<std::string, std::string>> UnreachableStarts() {
    std::lock_guard lock(mutex_);
    return unreachable_starts_;
  }
  int64_t findings() const { return findings_; }

 private:
  void Work() {
    for (;;) {
      FetchResult r;
      {
        std::unique_lock lock(mutex_);
        has_work_.wait(lock, [&] { return !queue_.empty() || closing_; });
        if (queue_.empty()) return;
        r = std::move(queue_.front());
        queue_.pop_front();
        has_room_.notify_one();
      }
      Process(std::move(r));
    }
  }

  void Process(FetchResult r) {
    bool reused_body = false;
    if (r.not_modified && previous_body_) {
      // 304 to our conditional request: the page is as stored last time; check it again.
      if (std::optional<std::string> body = previous_body_(r.url)) {
        r.body = std::move(*body);
        r.status = 200;
        reused_body = true;
      }
    }
    db::PageRecord record;
    record.url = r.url;
    record.final_url = r.final_url;
    record.depth = r.depth;
    record.status = r.status;
    record.content_type = r.content_type;
    record.error_kind = std::string(FetchErrorName(r.error));
    record.error_message = r.error_message;
    record.in_scope = r.in_scope;
    record.etag = r.etag;
    record.last_modified = r.last_modified;
    record.elapsed_ms = r.elapsed_ms;
    nlohmann::json facts = nlohmann::json::object();
    if (!r.redirects.empty()) facts["redirects"] = r.redirects;
    if (r.attempts > 1) facts["attempts"] = r.attempts;
    if (reused_body) facts["not_modified"] = true;

    bool is_start = start_urls_.count(r.url) > 0;
    if (is_start && r.status == 0) {
      std::lock_guard lock(mutex_);
      unreachable_starts_.emplace_back(r.url, r.error_message.empty() ? std::string(FetchErrorName(r.error))
                                                                      : r.error_message);
    }

    std::vector<DiscoveredLink> discovered;
    std::vector<db::LinkRecord> links;
    std::vector<Finding> findings;
    bool usable = r.in_scope && r.status >= 200 && r.status < 300 && !r.body.empty() && r.error == FetchError::kNone;
    if (usable && IsHtmlResponse(r)) {
      DecodedText decoded = DecodeHtml(r.body, r.content_type);
      Page page = ParsePage(r.final_url, decoded.utf8);
      record.is_html = true;
      record.charset = decoded.charset;
      record.title = page.title;
      if (page.meta.publish_date) record.publish_date = page.meta.publish_date->ToIso();
      record.doc_number = page.meta.doc_number;
      // Classified once: the kinds, why, and the facts the site rules read back from the store.
      const PageKinds kinds = ClassifyPage(page, KindConfigOf(context_));
      record.kind = kinds.Joined();
      record.kind_reasons = kinds.reasons;
      AddPublicationFacts(page, kinds, KindConfigOf(context_), &facts);
      record.body = std::move(r.body);
      std::set<std::string> seen;
      for (const PageLink& link : page.links) {
        if (link.url.empty() || !seen.insert(link.url).second) continue;
        links.push_back({link.url, link.anchor_text});
        discovered.push_back({link.url});
      }
      PageInput input;
      input.url = r.url;
      input.status = r.status;
      input.content_type = r.content_type;
      input.page = &page;
      input.is_home = is_start;
      input.kind = record.kind;
      input.kind_reasons = record.kind_reasons;
      input.kinds = &kinds;
      rules_.CheckPage(input, context_, &findings);
    } else if (usable && IsAttachmentUrl(r.final_url)) {
      AttachmentText text = ExtractAttachmentText(r.final_url, r.content_type, r.body);
      facts["attachment"] = std::string(FormatName(DetectAttachmentFormat(r.final_url, r.content_type, r.body)));
      facts["attachment_inspected"] = text.inspected;
      if (!text.inspected) facts["not_inspected_reason"] = text.not_inspected_reason;
      record.body = std::move(r.body);
      if (text.inspected) {
        PageInput input;
        input.url = r.url;
        input.status = r.status;
        input.content_type = r.content_type;
        input.attachment = &text;
        rules_.CheckPage(input, context_, &findings);
      }
    }
    // A redirect that leaves the site is a link to check, not to follow.
    if (!r.redirects.empty() && r.status >= 300 && r.status < 400 && r.final_url != r.url) {
      discovered.push_back({r.final_url});
      links.push_back({r.final_url, "(redirect)"});
    }
    record.facts_json = facts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    findings_ += static_cast<int64_t>(findings.size());

    // Links go back to the crawler before the write, so the frontier never waits on disk.
    if (crawler_ != nullptr) crawler_->Done(r.url, r.depth, r.in_scope ? discovered : std::vector<DiscoveredLink>{});
    int64_t run = run_id_;
    bool follow = r.in_scope;
    // One transaction holds the page, its links, its findings and the frontier update, so a
    // crawl killed at any moment resumes without losing or repeating a page.
    writer_->Submit([run, follow, record = std::move(record), links = std::move(links),
                     findings = std::move(findings)](db::Store& store) {
      Status s = store.PutPage(run, record);
      if (s.ok() && !links.empty()) s = store.PutLinks(run, record.url, links);
      if (s.ok() && !findings.empty()) s = store.PutFindings(run, findings);
      if (s.ok()) s = store.MarkDone(run, record.url, record.depth);
      for (size_t i = 0; follow && s.ok() && i < links.size(); ++i) {
        s = store.QueueUrl(run, links[i].to_url, record.depth + 1, record.url);
      }
      return s;
    });
  }

  const RuleSet& rules_;
  const RuleContext& context_;
  db::StoreWriter* writer_;
  int64_t run_id_;
  size_t max_queue_;
  Crawler* crawler_ = nullptr;
  std::function<std::optional<std::string>(const std::string&)> previous_body_;
  std::set<std::string> start_urls_;
  std::mutex mutex_;
  std::condition_variable has_work_, has_room_;
  std::deque<FetchResult> queue_;
  bool closing_ = false;
  std::vector<std::thread> workers_;
  std::vector<std::pair<std::string, std::string>> unreachable_starts_;
  std::atomic<int64_t> findings_{0};
};

std::string SettingsJson(const AuditOptions& o, const Date& as_of) {
  nlohmann::json j = {
      {"start_urls", o.crawl.start_urls},   {"max_pages", o.crawl.max_pages},
      {"max_depth", o.crawl.max_depth},     {"respect_robots", o.crawl.respect_robots},
      {"per_host_connections", o.crawl.per_host_connections},
      {"per_host_interval_s", o.crawl.per_host_interval_s},
      {"as_of", as_of.ToIso()},             {"interpretation_workdays", o.rules.interpretation_workdays},
  };
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

}  // namespace

StatusOr<AuditOutcome> RunAudit(const AuditOptions& options) {
  Status valid = Crawler::Validate(options.crawl);
  if (!valid.ok()) return valid;
  const Date as_of = options.as_of.value_or(TodayInChina());

  WorkdayCalendar calendar;
  const WorkdayCalendar* calendar_ptr = &WorkdayCalendar::Builtin();
  if (!options.calendar_path.empty()) {
    std::ifstream in(options.calendar_path, std::ios::binary);
    if (!in) return Status::Error("cannot read calendar file " + options.calendar_path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto parsed = WorkdayCalendar::Parse(buffer.str(), options.calendar_path);
    if (!parsed.ok()) return parsed.status();
    calendar = std::move(parsed).value();
    calendar_ptr = &calendar;
  }

  auto kind_config = KindConfig::Load(options.rules);  // before the run starts: a bad file is exit 2
  if (!kind_config.ok()) return kind_config.status();
  std::optional<Workpoints> workpoints;  // read before the crawl, too
  if (!options.workpoints_path.empty()) {
    auto loaded = LoadWorkpoints(options.workpoints_path);
    if (!loaded.ok()) return loaded.status();
    workpoints = std::move(loaded).value();
  }

  auto store_or = db::Store::Open(options.db_path);
  if (!store_or.ok()) return store_or.status();
  std::unique_ptr<db::Store> store = std::move(store_or).value();

  db::RunInfo run;
  run.site = options.site_name;
  if (run.site.empty()) {
    auto url = ParseUrl(options.crawl.start_urls.front());
    run.site = url ? url->Origin() : options.crawl.start_urls.front();
  }
  run.as_of = as_of.ToIso();
  run.settings_json = SettingsJson(options, as_of);
  ResumeState resume;
  if (options.resume) {
    auto resumable = store->ResumableRun(run.site);
    if (!resumable.ok()) return resumable.status();
    if (*resumable == 0) {
      return Status::Error("nothing to resume: " + options.db_path + " holds no unfinished run of site '" + run.site + "'");
    }
    run.id = *resumable;
    auto frontier = store->Frontier(run.id);
    if (!frontier.ok()) return frontier.status();
    for (const auto& row : *frontier) {
      if (row.done) {
        resume.done.push_back(row.url);
      } else {
        resume.pending.push_back({row.url, row.depth, row.referrer});
      }
    }
    // Site rules run again over the whole run at the end.
    Status cleared = store->DeleteFindings(run.id, "site");
    if (!cleared.ok()) return cleared;
    spdlog::info("resuming run {}: {} pages done, {} queued", run.id, resume.done.size(), resume.pending.size());
  } else {
    auto run_id = store->BeginRun(run);
    if (!run_id.ok()) return run_id.status();
    run.id = *run_id;
    for (const std::string& start : options.crawl.start_urls) {
      if (auto url = NormalizeUrl(start)) {
        Status queued = store->QueueUrl(run.id, *url, 0, "");
        if (!queued.ok()) return queued;
      }
    }
  }

  // Conditional requests: validators of the previous complete run, bodies read on demand
  // through a second connection (WAL lets it read beside the writer).
  CrawlOptions crawl_options = options.crawl;
  std::map<std::string, db::Store::Validators> validators;
  std::unique_ptr<db::Store> body_reader;
  std::mutex body_reader_mutex;
  if (options.conditional_requests && options.db_path != ":memory:") {
    auto previous = store->PreviousValidators(run.site, run.id);
    if (previous.ok() && !previous->empty()) {
      validators = std::move(previous).value();
      auto reader = db::Store::Open(options.db_path);
      if (reader.ok()) body_reader = std::move(reader).value();
    }
  }
  if (body_reader) {
    crawl_options.validators = [&validators](const std::string& url)
        -> std::optional<std::pair<std::string, std::string>> {
      auto it = validators.find(url);
      if (it == validators.end()) return std::nullopt;
      return std::make_pair(it->second.etag, it->second.last_modified);
    };
  }

  RuleSet rules = RuleSet::Build(options.rules);
  RuleContext context;
  context.as_of = as_of;
  context.calendar = calendar_ptr;
  context.config = &options.rules;
  context.kind_config = &*kind_config;
  context.start_urls = options.crawl.start_urls;

  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CrawlStats stats;
  std::vector<std::pair<std::string, std::string>> unreachable;
  Status write_status;
  {
    db::StoreWriter writer(store.get());
    PagePipeline pipeline(rules, context, &writer, run.id, threads, static_cast<size_t>(threads) * 8);
    Crawler crawler(crawl_options, &pipeline);
    pipeline.set_crawler(&crawler);
    if (options.resume) crawler.Resume(resume);
    if (body_reader) {
      pipeline.set_previous_body([&](const std::string& url) -> std::optional<std::string> {
        auto it = validators.find(url);
        if (it == validators.end()) return std::nullopt;
        std::lock_guard lock(body_reader_mutex);
        auto body = body_reader->GetBodyByHash(it->second.body_hash);
        return body.ok() ? *body : std::nullopt;
      });
    }
    ProgressLine progress(options.progress && !options.quiet);
    crawler.SetProgress([&progress](const CrawlStats& s) { progress(s); });
    {
      InterruptScope interruptible(&crawler);
      stats = crawler.Run();
    }
    progress.Finish();
    pipeline.Join();
    unreachable = pipeline.UnreachableStarts();
    write_status = writer.Close();
  }
  if (!write_status.ok()) return write_status.WithContext("writing the crawl to " + options.db_path);

  // Totals from the store, so a resumed run counts the pages of every attempt once.
  run.pages = stats.fetched;
  run.fetch_errors = stats.failed;
  if (auto totals = store->Prepare(
          "SELECT count(*), coalesce(sum(status >= 400 OR status = 0), 0) FROM pages WHERE run_id=?");
      totals.ok()) {
    totals->Bind(1, run.id);
    if (auto row = totals->Step(); row.ok() && *row) {
      run.pages = totals->Int(0);
      run.fetch_errors = totals->Int(1);
    }
  }
  if (!stats.refusing_hosts.empty()) {
    // Site rules read this to tell "crawler blocked" apart from "site broken".
    auto settings = nlohmann::json::parse(run.settings_json, nullptr, false);
    if (settings.is_object()) {
      settings["refusing_hosts"] = stats.refusing_hosts;
      run.settings_json = settings.dump();
      if (auto update = store->Prepare("UPDATE runs SET settings=? WHERE id=?"); update.ok()) {
        update->Bind(1, run.settings_json).Bind(2, run.id);
        (void)update->Run();
      }
    }
    spdlog::warn("hosts refusing the crawler (403/429 in bursts), slowed down: {}", fmt::join(stats.refusing_hosts, ", "));
  }
  run.complete = !stats.interrupted && !stats.hit_page_limit;
  run.stop_reason = stats.interrupted ? "interrupted" : stats.hit_page_limit ? "max-pages" : "finished";

  if (unreachable.size() == options.crawl.start_urls.size()) {
    run.complete = false;
    run.stop_reason = "start-url-unreachable";
    Status s = store->FinishRun(run);
    if (!s.ok()) return s;
    return Status::Error("start URL " + unreachable.front().first + " is unreachable: " + unreachable.front().second);
  }

  std::vector<Finding> site_findings;
  rules.CheckSite(*store, run.id, context, &site_findings);
  Status s = store->Begin();
  if (s.ok()) s = store->PutFindings(run.id, site_findings, "site");
  if (s.ok()) s = store->FinishRun(run);
  if (s.ok()) s = store->UpdateHistory(run.id);
  if (s.ok()) s = store->Commit();
  if (!s.ok()) return s.WithContext("finishing run " + std::to_string(run.id));

  auto data = report::LoadReportData(*store, run.id, RuleDescriptions(rules));
  if (!data.ok()) return data.status();
  data->tasks = TaskDescriptions(DefaultRuleTasks());
  if (workpoints) {
    auto card = Score(*store, run.id, *workpoints, as_of);
    if (!card.ok()) return card.status();
    data->scorecard = std::move(card).value();
  }
  Status written = report::WriteAll(*data, options.out_dir);
  if (written.ok() && data->scorecard) written = report::WriteScorecardFiles(*data->scorecard, options.out_dir);
  if (!written.ok()) return written;

  AuditOutcome outcome;
  outcome.run_id = run.id;
  outcome.pages = run.pages;
  outcome.fetch_errors = run.fetch_errors;
  outcome.complete = run.complete;
  outcome.findings = static_cast<int64_t>(data->findings.size());
  outcome.report_path = (std::filesystem::path(options.out_dir) / "report.html").string();
  for (const auto& sf : data->findings) {
    if (options.fail_on && !report::IsDismissed(sf) && AtLeast(sf.finding.severity, *options.fail_on)) {
      ++outcome.findings_at_fail_level;
    }
  }
  outcome.exit_code = outcome.findings_at_fail_level > 0 ? 1 : 0;
  return outcome;
}

StatusOr<std::string> RenderStoredReport(const std::string& db_path, int64_t run_id, const std::string& out_dir,
                                         const std::string& workpoints_path) {
  if (!std::filesystem::exists(db_path)) return Status::Error("database " + db_path + " does not exist");
  std::optional<Workpoints> workpoints;
  if (!workpoints_path.empty()) {
    auto loaded = LoadWorkpoints(workpoints_path);
    if (!loaded.ok()) return loaded.status();
    workpoints = std::move(loaded).value();
  }
  auto store = db::Store::Open(db_path);
  if (!store.ok()) return store.status();
  if (run_id == 0) {
    auto runs = (*store)->ListRuns("", 1);
    if (!runs.ok()) return runs.status();
    if (runs->empty()) return Status::Error("database " + db_path + " holds no runs");
    run_id = runs->front().id;
  }
  RuleSet rules = RuleSet::Build(RulesConfig{});
  auto data = report::LoadReportData(**store, run_id, RuleDescriptions(rules));
  if (!data.ok()) return data.status();
  data->tasks = TaskDescriptions(DefaultRuleTasks());
  if (workpoints) {
    // Scored as of the run's own audit date, so a re-render says what the audit said.
    Date as_of = ParseIsoDate(data->run.as_of).value_or(TodayInChina());
    auto card = Score(**store, run_id, *workpoints, as_of);
    if (!card.ok()) return card.status();
    data->scorecard = std::move(card).value();
  }
  Status written = report::WriteAll(*data, out_dir);
  if (written.ok() && data->scorecard) written = report::WriteScorecardFiles(*data->scorecard, out_dir);
  if (!written.ok()) return written;
  return (std::filesystem::path(out_dir) / "report.html").string();
}

}  // namespace govaudit
