#include "app/verify.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "app/pipeline.h"
#include "common/calendar.h"
#include "common/charset.h"
#include "common/files.h"
#include "common/strings.h"
#include "common/url.h"
#include "db/store.h"
#include "extract/attachment.h"
#include "page/list_items.h"
#include "page/page.h"
#include "pii/safe_text.h"
#include "pii/scanner.h"
#include "report/report.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

// Links of one reported page checked for a broken-link report that names none.
constexpr size_t kMaxLinksPerPage = 200;
// Earlier runs of the site searched for a stored copy of a reported page.
constexpr int kEarlierRuns = 30;

// What the crawl brought back of one URL.
struct Fetched {
  int status = 0;
  std::string error;  // why there is no usable answer, in words
  bool failure = false;
  std::string fetched_at;
};

// A reported page as read now: its text, links, kinds of evidence, and the row to store.
struct ReadPage {
  bool readable = false;
  std::string title;
  std::string text;
  std::vector<PageLink> links;
  bool list_page = false;
  std::optional<Date> newest;
  std::vector<Finding> findings;  // the page rules' findings on it now
  db::PageRecord record;
};

std::string ErrorText(const FetchResult& r) {
  if (r.error == FetchError::kNone || r.error == FetchError::kHttp) return "";
  return r.error_message.empty() ? std::string(FetchErrorName(r.error)) : r.error_message;
}

// The named links of broken-link reports: addresses written in the description, or the quoted
// text of a link (“政策文件”链接打不开).
struct NamedLinks {
  std::set<std::string> urls;
  std::vector<std::string> texts;
  bool any() const { return !urls.empty() || !texts.empty(); }
};

NamedLinks NamedIn(const CitizenReport& report) {
  NamedLinks named;
  for (const std::string& u : UrlsIn(report.description)) {
    if (auto url = NormalizeUrl(u); url && *url != report.url) named.urls.insert(*url);
  }
  const QuotedCorrection quoted = ExtractCorrection(report.description);
  if (!quoted.wrong.empty() && !quoted.inferred && named.urls.empty()) named.texts.push_back(quoted.wrong);
  return named;
}

bool Matches(const PageLink& link, const NamedLinks& named) {
  if (named.urls.count(link.url) > 0) return true;
  for (const std::string& text : named.texts) {
    if (!link.anchor_text.empty() && link.anchor_text.find(text) != std::string::npos) return true;
  }
  return false;
}

// Receives every response of the verify crawl; reads the reported pages and asks the crawler to
// check the links that broken-link reports are about.
class VerifySink : public FetchSink {
 public:
  VerifySink(const std::map<std::string, std::vector<const CitizenReport*>>& reports, const RuleSet& rules,
             const RuleContext& context)
      : reports_(reports), rules_(rules), context_(context) {}

  void set_crawler(Crawler* crawler) { crawler_ = crawler; }

  void OnFetched(FetchResult r) override {
    Fetched f;
    f.status = r.status;
    f.error = ErrorText(r);
    f.failure = r.IsFailure();
    f.fetched_at = db::NowUtcIso();
    std::vector<DiscoveredLink> follow;
    auto reported = reports_.find(r.url);
    if (r.depth == 0 && reported != reports_.end()) {
      ReadPage page = Read(r);
      follow = LinksToCheck(page, reported->second);
      page.record.fetched_at = f.fetched_at;
      pages_[r.url] = std::move(page);
    }
    fetched_[r.url] = std::move(f);
    if (crawler_ != nullptr) crawler_->Done(r.url, r.depth, follow);
  }

  const std::map<std::string, Fetched>& fetched() const { return fetched_; }
  std::map<std::string, ReadPage>& pages() { return pages_; }

 private:
  ReadPage Read(FetchResult& r) {
    ReadPage out;
    out.record = RecordOf(r);
    db::PageRecord& record = out.record;
    const bool usable = r.status >= 200 && r.status < 300 && !r.body.empty() && r.error == FetchError::kNone;
    PageInput input;
    input.url = r.url;
    input.status = r.status;
    input.content_type = r.content_type;
    input.is_home = std::find(context_.start_urls.begin(), context_.start_urls.end(), r.url) != context_.start_urls.end();
    Page page;
    AttachmentText attachment;
    if (usable && IsAttachmentUrl(r.final_url)) {
      attachment = ExtractAttachmentText(r.final_url, r.content_type, r.body);
      record.attachment = std::string(FormatName(DetectAttachmentFormat(r.final_url, r.content_type, r.body)));
      out.readable = attachment.inspected;
      out.text = attachment.text;
      if (attachment.inspected) input.attachment = &attachment;
    } else if (usable) {
      const DecodedText decoded = DecodeHtml(r.body, r.content_type);
      page = ParsePage(r.final_url, decoded.utf8);
      record.is_html = true;
      record.charset = decoded.charset;
      out.readable = true;
      out.title = page.title;
      out.text = page.html_title + "\n" + page.text + "\n" + page.script_written_text;
      out.links = page.links;
      const ListPage list = ExtractListItems(page, context_.as_of);
      out.list_page = IsListPage(page, list);
      if (const ListItem* newest = list.Newest(context_.as_of)) out.newest = newest->date;
      input.page = &page;
    }
    if (input.page != nullptr || input.attachment != nullptr) rules_.CheckPage(input, context_, &out.findings);
    record.title = pii::SafeText(out.title);
    record.body = std::move(r.body);
    return out;
  }

  std::vector<DiscoveredLink> LinksToCheck(const ReadPage& page, const std::vector<const CitizenReport*>& reports) {
    std::set<std::string> targets;
    for (const CitizenReport* report : reports) {
      if (report->type != ReportType::kBrokenLink) continue;
      const NamedLinks named = NamedIn(*report);
      for (const PageLink& link : page.links) {
        if (link.url.empty() || link.url == page.record.url) continue;
        if (named.any() ? Matches(link, named) : targets.size() < kMaxLinksPerPage) targets.insert(link.url);
      }
    }
    std::vector<DiscoveredLink> out;
    for (const std::string& url : targets) out.push_back({url});
    return out;
  }

  const std::map<std::string, std::vector<const CitizenReport*>>& reports_;
  const RuleSet& rules_;
  const RuleContext& context_;
  Crawler* crawler_ = nullptr;
  std::map<std::string, Fetched> fetched_;
  std::map<std::string, ReadPage> pages_;
};

// The audited site: its name, its latest complete audit, and the hosts a report may name.
struct Site {
  std::string name;
  std::vector<std::string> start_urls;
  std::set<std::string> hosts;  // "host:port" of the start URLs (and where they redirected)
};

std::string HostPort(const Url& u) { return u.host + ":" + std::to_string(u.EffectivePort()); }

StatusOr<Site> FindSite(db::Store& store, const VerifyOptions& options) {
  ASSIGN_OR_RETURN(std::vector<db::RunInfo> runs, store.ListRuns(options.site, 1000));
  for (const db::RunInfo& run : runs) {
    if (run.site.size() >= VerifySiteName("").size() &&
        run.site.compare(run.site.size() - VerifySiteName("").size(), std::string::npos, VerifySiteName("")) == 0) {
      continue;  // a verify run, not an audit
    }
    auto settings = nlohmann::json::parse(run.settings_json, nullptr, false);
    if (!settings.is_object() || !settings.contains("start_urls") || !settings["start_urls"].is_array()) continue;
    Site site;
    site.name = run.site;
    for (const auto& u : settings["start_urls"]) {
      if (!u.is_string()) continue;
      if (auto url = ParseUrl(u.get<std::string>())) {
        site.start_urls.push_back(url->ToString());
        site.hosts.insert(HostPort(*url));
      }
    }
    for (const auto& r : settings.value("start_redirects", nlohmann::json::array())) {
      // "from → to": the host the audit went on with belongs to the site too.
      const std::string text = r.is_string() ? r.get<std::string>() : "";
      const size_t arrow = text.find("→");
      if (arrow == std::string::npos) continue;
      if (auto url = ParseUrl(std::string(TrimSpaces(text.substr(arrow + std::string("→").size()))))) {
        site.hosts.insert(HostPort(*url));
      }
    }
    if (!site.start_urls.empty()) return site;
  }
  if (options.site.empty()) return Status::Error("database " + options.db_path + " holds no audit: run govaudit audit first");
  return Status::Error("database " + options.db_path + " holds no audit of site '" + options.site +
                       "' (govaudit triage list names the sites)");
}


// Where a typo sits in the text, in words.
std::string ParagraphOf(const std::string& text, size_t at) {
  return "正文第 " + std::to_string(1 + std::count(text.begin(), text.begin() + std::min(at, text.size()), '\n')) + " 段";
}

// The stored audit's view of a reported page: the latest run of the site that stored it, and
// whether that run showed what the citizen reports.
class EarlierRuns {
 public:
  EarlierRuns(db::Store& store, const std::string& site) : store_(store), site_(site) {}

  Status Look(const CitizenReport& report, const std::string& wrong_text, ReportObservation* seen) {
    if (!listed_) {
      ASSIGN_OR_RETURN(runs_, store_.ListRuns(site_, kEarlierRuns));
      listed_ = true;
    }
    for (const db::RunInfo& run : runs_) {
      ASSIGN_OR_RETURN(std::optional<db::PageSnapshot> stored,
                       store_.Snapshot(run.id, report.url, report.type == ReportType::kTypo));
      if (!stored) continue;
      seen->earlier_run = run.id;
      const std::string when = "第 " + std::to_string(run.id) + " 次检查（" + run.as_of + "）";
      if (report.type == ReportType::kTypo) {
        if (wrong_text.empty() || stored->body.empty()) return Status::Ok();
        std::string text = stored->body;
        if (stored->is_html) text = ParsePage(report.url, DecodeHtml(stored->body, stored->content_type).utf8).text;
        if (text.find(wrong_text) != std::string::npos) {
          seen->earlier_defect = true;
          seen->earlier_evidence = when + "存档页面含“" + wrong_text + "”";
        }
        return Status::Ok();
      }
      ASSIGN_OR_RETURN(const std::vector<db::StoredFinding>* findings, FindingsOf(run.id));
      for (const db::StoredFinding& sf : *findings) {
        if (ShowsDefect(report, sf.finding)) {
          seen->earlier_defect = true;
          seen->earlier_evidence = when + "发现：" + sf.finding.message;
          break;
        }
      }
      return Status::Ok();
    }
    return Status::Ok();
  }

 private:
  static bool ShowsDefect(const CitizenReport& report, const Finding& f) {
    const std::string family = f.rule_id.substr(0, f.rule_id.find('.'));
    switch (report.type) {
      case ReportType::kBrokenLink:
        return family == "link" && (f.url == report.url || std::find(f.referrers.begin(), f.referrers.end(), report.url) !=
                                                               f.referrers.end());
      case ReportType::kStale:
        return f.url == report.url && (f.rule_id == "column.stale" || f.rule_id == "home.stale" || f.rule_id == "column.empty");
      case ReportType::kPii: return f.url == report.url && family == "pii";
      default: return false;
    }
  }

  StatusOr<const std::vector<db::StoredFinding>*> FindingsOf(int64_t run_id) {
    auto it = findings_.find(run_id);
    if (it == findings_.end()) {
      ASSIGN_OR_RETURN(std::vector<db::StoredFinding> found, store_.FindingsForRun(run_id));
      it = findings_.emplace(run_id, std::move(found)).first;
    }
    return &it->second;
  }

  db::Store& store_;
  std::string site_;
  bool listed_ = false;
  std::vector<db::RunInfo> runs_;
  std::map<int64_t, std::vector<db::StoredFinding>> findings_;
};

// What the verify crawl saw of one report's page.
ReportObservation Observe(const CitizenReport& report, const Site& site, VerifySink& sink) {
  ReportObservation seen;
  const std::optional<Url> url = ParseUrl(report.url);
  if (!url) {
    seen.not_checked_reason = "报告中的网址“" + report.url + "”不是有效的网页地址，须人工核实";
    return seen;
  }
  if (site.hosts.count(HostPort(*url)) == 0) {
    seen.not_checked_reason = "网址不属于被检查的站点（" + site.name + "），未访问；须人工核实";
    return seen;
  }
  auto fetched = sink.fetched().find(report.url);
  if (fetched == sink.fetched().end()) {
    seen.not_checked_reason = "页面未能访问（robots.txt 不允许或超出抓取限制），须人工核实";
    return seen;
  }
  seen.checked = true;
  seen.status = fetched->second.status;
  seen.fetch_error = fetched->second.error;
  auto page = sink.pages().find(report.url);
  if (page == sink.pages().end()) return seen;
  const ReadPage& p = page->second;
  seen.readable = p.readable;
  seen.title = p.title;
  seen.correction = ExtractCorrection(report.description);
  if (report.type == ReportType::kBrokenLink) {
    const NamedLinks named = NamedIn(report);
    seen.links_named = named.any();
    std::set<std::string> on_page;
    for (const PageLink& link : p.links) {
      if (link.url.empty() || !on_page.insert(link.url).second) continue;
      if (named.any() && !Matches(link, named)) continue;
      auto target = sink.fetched().find(link.url);
      if (target == sink.fetched().end()) continue;  // not checked (the cap, robots)
      seen.links.push_back({link.url, link.anchor_text, target->second.status, target->second.error, target->second.failure});
    }
    for (const std::string& u : named.urls) {
      if (on_page.count(u) == 0) seen.named_missing.push_back(u);
    }
    if (named.any() && seen.links.empty() && named.texts.size() + named.urls.size() > 0) {
      for (const std::string& t : named.texts) seen.named_missing.push_back(t);
    }
  } else if (report.type == ReportType::kTypo && !seen.correction.wrong.empty()) {
    const size_t at = p.text.find(seen.correction.wrong);
    seen.wrong_found = at != std::string::npos;
    if (seen.wrong_found) {
      seen.wrong_excerpt = pii::SafeExcerpt(p.text, at, seen.correction.wrong.size(), 60);
      seen.wrong_location = ParagraphOf(p.text, at);
    }
  }
  seen.list_page = p.list_page;
  seen.newest_item = p.newest;
  for (const Finding& f : p.findings) {
    if (f.rule_id == "column.stale" || f.rule_id == "home.stale" || f.rule_id == "column.empty") {
      seen.stale_findings.push_back(f);
    } else if (f.rule_id.rfind("pii.", 0) == 0) {
      seen.pii_findings.push_back(f);
    }
  }
  return seen;
}

// The finding as stored: every field through the output gate, as the rule set stores its own.
Finding Safe(Finding f) {
  for (std::string* s : {&f.url, &f.title, &f.message, &f.evidence, &f.highlight, &f.evidence_key, &f.location}) {
    *s = pii::SafeText(*s);
  }
  return f;
}

// The tracking id of a report, confirmed or not: what a confirmed report is stored under.
std::string TrackingId(const CitizenReport& report, const ReportVerdict& verdict) {
  if (verdict.finding) return Fingerprint(Safe(*verdict.finding));
  if (ReportTypeRule(report.type).empty()) return "";
  Finding identity;
  identity.rule_id = std::string(ReportTypeRule(report.type));
  identity.url = report.url;
  identity.evidence_key = TrackingKey(report);
  return Fingerprint(Safe(identity));
}


// Records the verify as a run of the site's verify series: the pages fetched, the confirmed
// reports as findings (history: new, seen again), and reports no longer reproduced marked fixed
// where they were tracked. The run is never "complete": a file of reports covers some pages,
// so what it does not name proves nothing.
Status Record(db::Store& store, const Site& site, const VerifyOptions& options, VerifySink& sink, VerifyRun* results) {
  db::RunInfo run;
  run.site = VerifySiteName(site.name);
  run.as_of = results->as_of.ToIso();
  nlohmann::json settings = {{"start_urls", site.start_urls},
                             {"verify", {{"input", options.input},
                                         {"site", site.name},
                                         {"deadline_workdays", options.deadline_workdays},
                                         {"reports", results->reports.size()}}}};
  run.settings_json = settings.dump();
  ASSIGN_OR_RETURN(run.id, store.BeginRun(run));
  results->run_id = run.id;
  std::vector<Finding> findings;
  for (VerifiedReport& v : results->reports) {
    if (v.verdict.finding) findings.push_back(Safe(*v.verdict.finding));
  }
  db::Transaction transaction(&store);
  RETURN_IF_ERROR(transaction.status());
  for (auto& [url, page] : sink.pages()) RETURN_IF_ERROR(store.PutPage(run.id, page.record));
  RETURN_IF_ERROR(store.PutFindings(run.id, findings, "page"));
  run.pages = static_cast<int64_t>(sink.pages().size());
  run.complete = false;
  run.stop_reason = "verify";
  RETURN_IF_ERROR(store.FinishRun(run));
  RETURN_IF_ERROR(store.UpdateHistory(run.id));
  for (const VerifiedReport& v : results->reports) {
    const ReportStatus s = v.verdict.status;
    if (s != ReportStatus::kFixed && s != ReportStatus::kNotReproduced) continue;
    const std::string id = TrackingId(v.report, v.verdict);
    if (id.empty()) continue;
    auto tracked = store.FindByPrefix(id);
    if (!tracked.ok() || (tracked->finding.status != "open" && tracked->finding.status != "acknowledged")) continue;
    RETURN_IF_ERROR(store.SetStatus(id, "fixed", "网民报告复查：" + pii::SafeText(v.verdict.reason), "govaudit verify"));
  }
  return transaction.Commit();
}

StatusOr<CrawlStats> Crawl(const VerifyOptions& options, const std::map<std::string, std::vector<const CitizenReport*>>& by_url, VerifySink* sink) {
  CrawlOptions crawl = options.crawl;
  crawl.start_urls.clear();
  // The reported pages are the start URLs: all on the audited site's hosts (checked before),
  // so the scope and the internal addresses the crawl may contact are no wider than the audit's.
  for (const auto& [url, reports] : by_url) crawl.start_urls.push_back(url);
  crawl.max_depth = 1;
  crawl.use_sitemaps = false;
  crawl.max_pages = static_cast<int>(by_url.size() * (kMaxLinksPerPage + 1));
  crawl.validators = nullptr;
  RETURN_IF_ERROR(Crawler::Validate(crawl));
  Crawler crawler(crawl, sink);
  sink->set_crawler(&crawler);
  return crawler.Run();
}

}  // namespace

std::string VerifySiteName(const std::string& site) { return site + "（网民找错复查）"; }

StatusOr<VerifyOutcome> RunVerify(const VerifyOptions& options) {
  ASSIGN_OR_RETURN(std::vector<CitizenReport> reports, ReadCitizenReports(options.input));
  if (!std::filesystem::exists(options.db_path)) return Status::Error("database " + options.db_path + " does not exist");
  WorkdayCalendar calendar = WorkdayCalendar::Builtin();
  if (!options.calendar_path.empty()) {
    ASSIGN_OR_RETURN(std::string csv, ReadWholeFile(options.calendar_path, "calendar"));
    ASSIGN_OR_RETURN(calendar, WorkdayCalendar::Parse(csv, options.calendar_path));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<db::Store> store, db::Store::Open(options.db_path));
  ASSIGN_OR_RETURN(Site site, FindSite(*store, options));

  VerifyOutcome outcome;
  VerifyRun& results = outcome.results;
  results.site = site.name;
  results.input = options.input;
  results.as_of = options.as_of.value_or(TodayInChina());
  results.deadline_workdays = options.deadline_workdays;

  // Only the site's own pages are fetched, each once, however many reports name it.
  std::map<std::string, std::vector<const CitizenReport*>> by_url;
  for (const CitizenReport& report : reports) {
    auto url = ParseUrl(report.url);
    if (url && site.hosts.count(HostPort(*url)) > 0) by_url[report.url].push_back(&report);
  }
  const RuleSet rules = RuleSet::Build(options.rules);
  RuleContext context;
  context.as_of = results.as_of;
  context.calendar = &calendar;
  context.config = &options.rules;
  context.start_urls = site.start_urls;
  VerifySink sink(by_url, rules, context);
  if (!by_url.empty()) {
    ASSIGN_OR_RETURN(CrawlStats stats, Crawl(options, by_url, &sink));
    if (stats.interrupted) return Status::Error("verify interrupted: nothing was recorded");
  }

  EarlierRuns earlier(*store, site.name);
  const VerifyPolicy policy{results.as_of, options.deadline_workdays, &calendar};
  for (const CitizenReport& report : reports) {
    ReportObservation seen = Observe(report, site, sink);
    if (seen.checked) RETURN_IF_ERROR(earlier.Look(report, seen.correction.wrong, &seen));
    VerifiedReport v{report, JudgeReport(report, seen, policy), ""};
    if (v.verdict.finding) v.fingerprint = TrackingId(report, v.verdict);
    results.reports.push_back(std::move(v));
  }
  RETURN_IF_ERROR(Record(*store, site, options, sink, &results));
  RETURN_IF_ERROR(report::WriteVerify(results, options.out_dir));
  outcome.report_path = (std::filesystem::path(options.out_dir) / "verify.html").string();
  return outcome;
}

}  // namespace govaudit
