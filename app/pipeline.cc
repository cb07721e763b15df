#include "app/pipeline.h"

#include <algorithm>
#include <functional>
#include <iterator>

#include "classify/facts.h"
#include "classify/messages.h"
#include "classify/page_kinds.h"
#include "classify/service_guides.h"
#include "classify/templates.h"
#include "common/charset.h"
#include "common/strings.h"
#include "common/url.h"
#include "extract/attachment.h"
#include "page/page.h"
#include "pii/safe_text.h"

namespace govaudit {
namespace {

// How a page resource is named where a link's anchor text would be (report, link.broken).
std::string ResourceLabel(const std::string& kind) {
  if (kind == "img") return "[图片]";
  if (kind == "css") return "[样式表]";
  if (kind == "js") return "[脚本]";
  return "[音视频]";
}

bool IsHtmlResponse(const FetchResult& r) {
  const std::string ct = LowerAscii(r.content_type);
  if (ct.find("html") != std::string::npos) return true;
  // Old servers send pages as octet-stream or text/plain: sniff those.
  bool sniffable = ct.empty() || ct.find("octet-stream") != std::string::npos || ct.find("text/plain") != std::string::npos;
  return sniffable && LooksLikeHtml(r.body) && !IsAttachmentUrl(r.final_url);
}

const KindConfig& KindConfigOf(const RuleContext& context) {
  return context.kind_config != nullptr ? *context.kind_config : KindConfig::Builtin();
}

// What one response adds to the store and to the crawl.
struct Processed {
  db::PageRecord record;
  std::vector<db::LinkRecord> links;
  std::vector<DiscoveredLink> discovered;
  std::vector<Finding> findings;
  std::vector<Finding> template_findings;  // findings a template roll-up may replace
  db::PageExtras extras;
  std::vector<db::PageObservation> observations;  // security.*: what the page holds
  std::optional<db::OutboundSample> sample;         // security.*: what a link target showed
};

const SiteCheckConfig& SiteChecksOf(const RuleContext& context) {
  return context.site_checks != nullptr ? *context.site_checks : SiteCheckConfig::Builtin();
}

std::string Iso(const std::optional<Date>& d) { return d ? d->ToIso() : ""; }

const char* StateName(ReplyState s) {
  switch (s) {
    case ReplyState::kAnswered: return "answered";
    case ReplyState::kUnanswered: return "unanswered";
    case ReplyState::kInvalid: return "invalid";
    case ReplyState::kUnknown: return "";
  }
  return "";
}

// What the page shows of message boards, service guides and its template, for the checks over
// the whole site after the crawl, under the URL the page was queued as (`url`, which links
// name) rather than where it redirected to. Text that is stored passes the output gate.
db::PageExtras ExtrasOf(const Page& page, const std::string& url, const RuleContext& context) {
  const SiteCheckConfig& checks = SiteChecksOf(context);
  db::PageExtras e;
  e.url = url;
  const MessagePage board = ReadMessages(page, checks.interaction);
  if (board.channel != ChannelKind::kNone) {
    e.board = db::BoardPageRow{url, board.channel == ChannelKind::kExcluded ? "excluded" : "consultation",
                               pii::SafeText(board.channel_name), board.detail};
  }
  for (const MessageRecord& m : board.messages) {
    e.messages.push_back({url, m.url == page.url ? url : m.url, pii::SafeText(m.title), Iso(m.submitted), Iso(m.replied), Iso(m.listed),
                          StateName(m.state), pii::SafeText(m.status), pii::SafeText(m.replier),
                          pii::SafeText(m.type), m.excluded});
  }
  if (std::optional<ServiceGuide> guide = ReadServiceGuide(page, checks.service)) {
    e.guide = db::GuideRow{url, pii::SafeText(guide->title), guide->present, guide->missing};
  }
  const PageTemplate t = TemplateOf(page);
  e.template_signature = t.signature;
  e.template_label = pii::SafeText(t.label);
  return e;
}


// An HTML page: parsed once; the same model feeds the kinds, the facts, the links and every
// page rule.
void ProcessHtml(FetchResult& r, bool is_start, const RuleSet& rules, const RuleContext& context,
                 const std::vector<std::string>& text_keywords, size_t max_links, const SecurityInspector* security,
                 const std::function<void(const std::vector<DiscoveredLink>&)>& links_found, PageFacts* facts,
                 Processed* out) {
  DecodedText decoded = DecodeHtml(r.body, r.content_type);
  Page page = ParsePage(r.final_url, decoded.utf8);
  db::PageRecord& record = out->record;
  record.is_html = true;
  std::set<std::string> seen;
  for (const PageLink& link : page.links) {
    if (link.url.empty() || !seen.insert(link.url).second) continue;
    // A page with a million links must not fill the store: the rest are counted and reported.
    if (out->links.size() >= max_links) {
      ++record.links_dropped;
      continue;
    }
    out->links.push_back({link.url, link.anchor_text});
    out->discovered.push_back({link.url});
  }
  // Images and the other files a page loads are links too: a missing image is a broken link.
  const std::optional<Url> page_url = ParseUrl(r.url);
  for (const PageResource& resource : page.resources) {
    if (resource.url.empty() || !seen.insert(resource.url).second) continue;
    // Another site's scripts and stylesheets (statistics, shared libraries) are its affair and
    // the security rules'; another site's images and media show on this one's pages.
    if (resource.kind == "js" || resource.kind == "css") {
      const std::optional<Url> u = ParseUrl(resource.url);
      if (!u || !page_url || u->host != page_url->host) continue;
    }
    if (out->links.size() >= max_links) {
      ++record.links_dropped;
      continue;
    }
    out->links.push_back({resource.url, ResourceLabel(resource.kind)});
    out->discovered.push_back({resource.url, /*resource=*/true});
  }
  // The crawler gets the links before the rules run: its frontier should not wait on them.
  links_found(out->discovered);
  record.charset = decoded.charset;
  record.title = pii::SafeText(page.title);  // stored and shown: through the output gate
  record.doc_number = page.meta.doc_number;
  const PageKinds kinds = ClassifyPage(page, KindConfigOf(context));
  // A column page's dates are its items'; a date of its own would be a template's stamp.
  const bool list = kinds.Has(kColumnList) || kinds.Has(kNormativeLibrary);
  // The home page's date is the day's stamp in its header, never a publication date.
  if (page.meta.publish_date && !list && !is_start) record.publish_date = page.meta.publish_date->ToIso();
  record.kind = kinds.Joined();
  record.kind_reasons = pii::SafeText(kinds.reasons);
  // A column that fills itself from an interface shows no items to judge: said, not guessed.
  if ((kinds.Has(kColumnList) || kinds.Has(kNormativeLibrary)) && kinds.dated_links == 0 &&
      !page.script_data_call.empty()) {
    record.inspected = false;
    record.not_inspected_reason = pii::SafeText("栏目条目由脚本从接口加载（" + page.script_data_call +
                                                "），静态页面中没有条目，未检查其更新与内容");
  }
  PageFacts publication = PublicationFacts(page, kinds, KindConfigOf(context));
  publication.redirects = std::move(facts->redirects);
  publication.attempts = facts->attempts;
  publication.not_modified = facts->not_modified;
  *facts = std::move(publication);
  record.written_date = facts->written_date;
  record.column = facts->column;
  record.policy_column = facts->policy_column;
  record.body = std::move(r.body);
  PageInput input;
  input.url = r.url;
  input.status = r.status;
  input.content_type = r.content_type;
  input.page = &page;
  input.is_home = is_start;
  input.kind = record.kind;
  input.kind_reasons = record.kind_reasons;
  input.kinds = &kinds;
  rules.CheckPage(input, context, &out->findings);
  out->extras = ExtrasOf(page, r.url, context);
  // What a template roll-up may replace waits apart from the other findings until it has judged
  // it: most of it (a missing lang or meta tag on nearly every page) never becomes page findings.
  if (context.site_checks != nullptr && !out->extras.template_signature.empty()) {
    const std::vector<std::string>& rollup_rules = context.site_checks->templates.rules;
    auto held = std::stable_partition(out->findings.begin(), out->findings.end(), [&](const Finding& f) {
      return f.url != r.url || std::find(rollup_rules.begin(), rollup_rules.end(), f.rule_id) == rollup_rules.end();
    });
    out->template_findings.assign(std::make_move_iterator(held), std::make_move_iterator(out->findings.end()));
    out->findings.erase(held, out->findings.end());
  }
  if (security != nullptr) out->observations = security->ObservePage(r.url, page, context);
  for (const std::string& keyword : text_keywords) {
    if (page.text.find(keyword) != std::string::npos) record.text_keywords.push_back(keyword);
  }
}

// An outbound link's target that answered with a page: its sample (at most
// CrawlOptions::external_sample_bytes) parsed for the title and text the security rules read.
void ProcessTarget(const FetchResult& r, const SecurityInspector& security, Processed* out) {
  DecodedText decoded = DecodeHtml(r.body, r.content_type);
  const Page page = ParsePage(r.final_url, decoded.utf8);
  out->sample = security.SampleTarget(r.url, page);
  out->record.title = out->sample->title;
}

// An attachment: its text read where the format allows, then the page rules.
void ProcessAttachment(FetchResult& r, const RuleSet& rules, const RuleContext& context, Processed* out) {
  AttachmentText text = ExtractAttachmentText(r.final_url, r.content_type, r.body);
  db::PageRecord& record = out->record;
  record.attachment = std::string(FormatName(DetectAttachmentFormat(r.final_url, r.content_type, r.body)));
  record.inspected = text.inspected;
  if (!text.inspected) record.not_inspected_reason = text.not_inspected_reason;
  record.body = std::move(r.body);
  if (!text.inspected) return;
  PageInput input;
  input.url = r.url;
  input.status = r.status;
  input.content_type = r.content_type;
  input.attachment = &text;
  rules.CheckPage(input, context, &out->findings);
}

// Why a start URL's answer is no page to audit, or nothing when it is one.
std::optional<std::string> StartPageProblem(const FetchResult& r, bool usable) {
  if (r.status == 0) return r.error_message.empty() ? std::string(FetchErrorName(r.error)) : r.error_message;
  if (r.error != FetchError::kNone && r.error != FetchError::kHttp) return r.error_message;
  if (r.status >= 300) return "answered HTTP " + std::to_string(r.status);
  if (!usable) return std::string("answered an empty page");
  if (!IsHtmlResponse(r)) return "is not an HTML page (" + (r.content_type.empty() ? "no type" : r.content_type) + ")";
  return std::nullopt;
}

}  // namespace

db::PageRecord RecordOf(const FetchResult& r) {
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
  return record;
}

PagePipeline::PagePipeline(const RuleSet& rules, const RuleContext& context, std::vector<std::string> text_keywords,
                           size_t max_links, db::StoreWriter* writer, int64_t run_id, int threads, size_t max_queue)
    : rules_(rules),
      context_(context),
      text_keywords_(std::move(text_keywords)),
      max_links_(max_links),
      writer_(writer),
      run_id_(run_id),
      queue_(max_queue) {
  for (const std::string& start : context.start_urls) {
    if (auto n = NormalizeUrl(start)) start_urls_.insert(*n);
  }
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

PagePipeline::~PagePipeline() { Join(); }

void PagePipeline::OnFetched(FetchResult result) { queue_.Push(std::move(result)); }

void PagePipeline::Join() {
  queue_.Close();
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
}

std::vector<PagePipeline::StartFailure> PagePipeline::StartFailures() {
  std::lock_guard lock(start_failures_mutex_);
  return start_failures_;
}

void PagePipeline::Work() {
  while (std::optional<FetchResult> r = queue_.Pop()) Process(std::move(*r));
}

void PagePipeline::Process(FetchResult r) {
  PageFacts facts;
  bool stored_copy_unreadable = false;
  if (r.not_modified && previous_body_) {
    // 304 to our conditional request: the page is as stored last time; check it again.
    if (std::optional<std::string> body = previous_body_(r.url)) {
      r.body = std::move(*body);
      r.status = 200;
      facts.not_modified = true;
    } else {
      stored_copy_unreadable = true;  // the reader said why in the log
    }
  }
  Processed out;
  out.record = RecordOf(r);
  if (stored_copy_unreadable) {
    out.record.inspected = false;
    out.record.not_inspected_reason = "网站答复页面未修改，但上次存档的页面内容无法读取，本次未能复查该页面";
  }
  facts.redirects = r.redirects;
  facts.attempts = r.attempts;

  // Exactly once a response: the crawler counts the answers it waits for.
  bool handed_back = false;
  const std::function<void(const std::vector<DiscoveredLink>&)> hand_back =
      [&](const std::vector<DiscoveredLink>& discovered) {
        if (crawler_ != nullptr) {
          crawler_->Done(r.url, r.depth, r.in_scope ? discovered : std::vector<DiscoveredLink>{});
        }
        handed_back = true;
      };
  const bool is_start = start_urls_.count(r.url) > 0;
  const bool usable =
      r.in_scope && !r.resource_check && r.status >= 200 && r.status < 300 && !r.body.empty() && r.error == FetchError::kNone;
  if (is_start) {
    if (std::optional<std::string> why = StartPageProblem(r, usable)) {
      std::lock_guard lock(start_failures_mutex_);
      start_failures_.push_back({r.url, *why, r.status == 0});
    }
  }
  if (r.error == FetchError::kBodyTooLarge && r.in_scope) {
    out.record.inspected = false;
    out.record.not_inspected_reason = "页面超过大小上限，内容未检查（" + r.error_message + "）";
  }
  if (usable && IsHtmlResponse(r)) {
    ProcessHtml(r, is_start, rules_, context_, text_keywords_, max_links_, security_, hand_back, &facts, &out);
  } else if (usable && IsAttachmentUrl(r.final_url)) {
    ProcessAttachment(r, rules_, context_, &out);
  } else if (security_ != nullptr && !r.in_scope && !r.resource_check && r.status >= 200 && r.status < 300 && !r.body.empty() &&
             IsHtmlResponse(r)) {
    ProcessTarget(r, *security_, &out);
  }
  // A redirect that leaves the site is a link to check, not to follow.
  if (!r.redirects.empty() && r.status >= 300 && r.status < 400 && r.final_url != r.url) {
    out.discovered.push_back({r.final_url});
    out.links.push_back({r.final_url, "(redirect)"});
  }
  out.record.facts_json = facts.ToJson();
  findings_ += static_cast<int64_t>(out.findings.size() + out.template_findings.size());

  // Links go back to the crawler before the write, so the frontier never waits on disk.
  if (!handed_back) hand_back(out.discovered);
  const int64_t run = run_id_;
  const bool follow = r.in_scope;
  // One transaction holds the page, its links, its findings and the frontier update, so a
  // crawl killed at any moment resumes without losing or repeating a page.
  writer_->Submit([run, follow, record = std::move(out.record), links = std::move(out.links),
                   findings = std::move(out.findings), template_findings = std::move(out.template_findings),
                   extras = std::move(out.extras),
                   observations = std::move(out.observations), sample = std::move(out.sample)](db::Store& store) {
    RETURN_IF_ERROR(store.PutPage(run, record));
    if (!extras.empty()) RETURN_IF_ERROR(store.PutPageExtras(run, extras));
    if (!links.empty()) RETURN_IF_ERROR(store.PutLinks(run, record.url, links));
    if (!findings.empty()) RETURN_IF_ERROR(store.PutFindings(run, findings));
    if (!template_findings.empty()) {
      RETURN_IF_ERROR(
          store.PutTemplateFindings(run, extras.template_signature, extras.template_label, template_findings));
    }
    if (!observations.empty()) RETURN_IF_ERROR(store.PutObservations(run, observations));
    if (sample) RETURN_IF_ERROR(store.PutOutboundSample(run, *sample));
    RETURN_IF_ERROR(store.MarkDone(run, record.url, record.depth));
    for (size_t i = 0; follow && i < links.size(); ++i) {
      RETURN_IF_ERROR(store.QueueUrl(run, links[i].to_url, record.depth + 1, record.url));
    }
    return Status::Ok();
  });
}

}  // namespace govaudit
