// security.*: links to gambling, pornography or fraud, link targets that changed hands, hidden
// links (暗链), injected scripts and cloaking for search engines — judged over the whole run
// from what the pipeline recorded (rules/security.h). A block planted on every page is one
// finding on the home page (or the first page holding it) with the number of pages.
//
// Requirement: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“安全、泄密事故等严
// 重问题”：发布或链接反动、暴力、色情等内容；页面被挂马、内容被篡改. The veto row shows these
// findings as 需人工复核 until a person confirms them (triage: acknowledged).
#include <map>
#include <optional>
#include <set>

#include "common/domain.h"
#include "common/hash.h"
#include "common/url.h"
#include "db/store.h"
#include "rules/internal/families.h"

namespace govaudit::internal {
namespace {

constexpr RuleSource kSource{
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“安全、泄密事故等严重问题”：发布或链接反动、暴力、"
    "色情等内容；页面被挂马、内容被篡改",
    "26"};
constexpr int kDefaultLexiconScore = 10;
constexpr int kMaxReferrers = 50;  // pages listed per finding

// The infos of the family's rules, built once.
struct SecurityInfos {
  RuleInfo hijacked_link;
  RuleInfo link_target_changed;
  RuleInfo hidden_link;
  RuleInfo injected_script;
  RuleInfo cloaking;
};

const SecurityInfos& Infos() {
  static const SecurityInfos infos{
      kSource.Info(
          "security.hijacked_link", Severity::kHigh,
          "外部链接指向赌博、色情或诈骗内容（按词库加权判定），或政府、事业单位网站的链接被跳转到无关的非政府域名"),
      kSource.Info("security.link_target_changed", Severity::kMedium,
                   "外部链接目标与上次完整检查相比换了域名（跳转后的可注册域名）或网页标题，可能已易主"),
      kSource.Info(
          "security.hidden_link", Severity::kHigh,
          "暗链：访客看不到的外站链接（display:none、visibility:hidden、字号为 0、高度为 0 且溢出隐藏、负偏移、"
          "text-indent 移出屏幕、文字与背景同色、极小的 marquee、编码后 document.write 写入、位于 </html> 之后）"),
      kSource.Info("security.injected_script", Severity::kHigh,
                   "可疑脚本：从本站和白名单以外的主机加载的脚本，或带注入特征的内联代码（eval "
                   "执行解码内容、按搜索引擎来路跳转、"
                   "跳转到非政府外站）"),
      kSource.Info("security.cloaking", Severity::kHigh,
                   "首页对搜索引擎爬虫（Baiduspider）显示访客看不到的外站链接，或只把爬虫跳转到外站（黑帽 SEO 劫持）")};
  return infos;
}

std::set<std::string> HomeUrls(const RuleContext& context) {
  std::set<std::string> homes;
  for (const std::string& start : context.start_urls) {
    if (auto n = NormalizeUrl(start)) homes.insert(*n);
  }
  return homes;
}

// Where a finding about something several pages hold is filed: the home page when it is one of
// them, else the first.
std::string PickPage(const std::vector<std::string>& pages, const std::set<std::string>& homes) {
  for (const std::string& page : pages) {
    if (homes.count(page) > 0) return page;
  }
  return pages.empty() ? "" : pages.front();
}

std::string PagesNote(size_t pages) { return pages > 1 ? "，共 " + std::to_string(pages) + " 个页面含有" : ""; }

// "URL（跳转至 …）；目标网页标题「…」" for the evidence.
std::string TargetText(const std::string& url, const db::OutboundTarget* target) {
  std::string text = url;
  if (target == nullptr) return text;
  if (!target->final_url.empty() && target->final_url != url) text += "（跳转至 " + target->final_url + "）";
  if (target->sampled && !target->sample.title.empty()) text += "；目标网页标题「" + target->sample.title + "」";
  return text;
}

std::map<std::string, db::OutboundTarget> TargetsByUrl(db::Store& store, int64_t run_id) {
  std::map<std::string, db::OutboundTarget> out;
  if (auto targets = store.OutboundTargets(run_id); targets.ok()) {
    for (db::OutboundTarget& t : *targets) out.emplace(t.url, std::move(t));
  }
  return out;
}

// A run's observations of one kind, grouped by target (the query orders them so).
std::map<std::string, std::vector<db::PageObservation>> ByTarget(db::Store& store, int64_t run_id, const char* kind) {
  std::map<std::string, std::vector<db::PageObservation>> out;
  if (auto observations = store.Observations(run_id, kind); observations.ok()) {
    for (db::PageObservation& o : *observations) out[o.target].push_back(std::move(o));
  }
  return out;
}

std::vector<std::string> PagesOf(const std::vector<db::PageObservation>& group) {
  std::vector<std::string> pages;
  for (const db::PageObservation& o : group) pages.push_back(o.page_url);
  return pages;
}

// A finding filed on one of `pages`, the others listed as referrers.
Finding OnPages(const RuleInfo& info, const std::vector<std::string>& pages, const RuleContext& context) {
  Finding f;
  f.rule_id = info.id;
  f.severity = info.severity;
  f.url = PickPage(pages, HomeUrls(context));
  for (size_t i = 0; i < pages.size() && static_cast<int>(f.referrers.size()) < kMaxReferrers; ++i) {
    f.referrers.push_back(pages[i]);
  }
  return f;
}

// A finding of `info` on the run's pages that link to `url` (nullopt if none does), titled with
// the first link's text and evidenced by it and the target; *pages counts the linking pages.
std::optional<Finding> OnLinkingPages(db::Store& store, int64_t run_id, const std::string& url,
                                      const db::OutboundTarget& target, const RuleInfo& info,
                                      const RuleContext& context, size_t* pages) {
  auto links = store.LinksTo(run_id, url, 1000);
  if (!links.ok() || links->empty()) return std::nullopt;
  std::vector<std::string> from;
  for (const db::StoredLink& link : *links) from.push_back(link.from_url);
  *pages = from.size();
  Finding f = OnPages(info, from, context);
  f.title = links->front().anchor_text;
  f.evidence = "链接文字「" + links->front().anchor_text + "」→ " + TargetText(url, &target);
  return f;
}

bool Answered(const db::OutboundTarget& t) { return t.error_kind.empty() && t.status >= 200 && t.status < 400; }

std::string HostOf(const std::string& url) {
  std::optional<Url> parsed = ParseUrl(url);
  return parsed ? parsed->host : "";
}

// ---- security.hijacked_link -----------------------------------------------------------------

void CheckHijackedLink(const RuleInfo& info, db::Store& store, int64_t run_id, const RuleContext& context,
                       std::vector<Finding>* out) {
  const int threshold = context.config != nullptr && context.config->security_lexicon_score > 0
                            ? context.config->security_lexicon_score
                            : kDefaultLexiconScore;
  for (const auto& [url, t] : TargetsByUrl(store, run_id)) {
    std::string why, key;
    // A government host's page with these words is news of a crackdown, not an operator's.
    if (t.sampled && t.sample.lexicon_score >= threshold && !IsGovernmentHost(HostOf(t.final_url))) {
      why = "链接指向的网页含赌博、色情或诈骗内容（命中“" + Join(t.sample.lexicon_terms, "”“") + "”，得分 " +
            std::to_string(t.sample.lexicon_score) + "，阈值 " + std::to_string(threshold) + "）";
      key = "lexicon";
    } else if (Answered(t) && IsGovernmentHost(HostOf(url)) && !IsGovernmentHost(HostOf(t.final_url)) &&
               SiteKeyOf(t.final_url) != SiteKeyOf(url)) {
      why = "政府或事业单位网站的链接被跳转到无关的非政府域名 " + SiteKeyOf(t.final_url);
      key = "redirect|" + SiteKeyOf(t.final_url);
    } else {
      continue;
    }
    size_t pages = 0;
    std::optional<Finding> f = OnLinkingPages(store, run_id, url, t, info, context, &pages);
    if (!f) continue;
    f->message = why + "：" + url + PagesNote(pages) + "，须立即删除或更正该链接";
    if (!t.sample.excerpt.empty()) f->evidence += "；目标网页摘录：" + t.sample.excerpt;
    if (!t.sample.lexicon_terms.empty()) f->highlight = t.sample.lexicon_terms.front();
    f->evidence_key = url + "|" + key;
    out->push_back(std::move(*f));
  }
}

// ---- security.link_target_changed -----------------------------------------------------------

// Titles compare without digits and spaces: a date or a counter in a title is no new owner.
std::string TitleShape(const std::string& title) {
  std::string out;
  for (char c : title) {
    if ((c < '0' || c > '9') && c != ' ' && c != '\t') out.push_back(c);
  }
  return out;
}

void CheckLinkTargetChanged(const RuleInfo& info, db::Store& store, int64_t run_id, const RuleContext& context,
                            std::vector<Finding>* out) {
  auto previous_run = store.PreviousCompleteRun(run_id);
  if (!previous_run.ok() || *previous_run == 0) return;
  const std::map<std::string, db::OutboundTarget> before = TargetsByUrl(store, *previous_run);
  for (const auto& [url, now] : TargetsByUrl(store, run_id)) {
    auto was = before.find(url);
    if (was == before.end() || !Answered(now) || !Answered(was->second)) continue;
    std::vector<std::string> changes;
    const std::string domain_now = SiteKeyOf(now.final_url), domain_was = SiteKeyOf(was->second.final_url);
    if (domain_now != domain_was) changes.push_back("跳转后的域名由 " + domain_was + " 变为 " + domain_now);
    const std::string& title_now = now.sample.title;
    const std::string& title_was = was->second.sample.title;
    if (now.sampled && was->second.sampled && !title_now.empty() && !title_was.empty() &&
        TitleShape(title_now) != TitleShape(title_was)) {
      changes.push_back("网页标题由「" + title_was + "」变为「" + title_now + "」");
    }
    if (changes.empty()) continue;
    size_t pages = 0;
    std::optional<Finding> f = OnLinkingPages(store, run_id, url, now, info, context, &pages);
    if (!f) continue;
    f->message = "外部链接的目标与上次完整检查（第 " + std::to_string(*previous_run) + " 次运行）相比发生变化：" +
                 Join(changes, "；") + PagesNote(pages) + "，请核实该网站是否已易主";
    f->evidence_key = url + "|" + domain_now + "|" + Hex64(Fnv1a64(TitleShape(title_now)));
    out->push_back(std::move(*f));
  }
}

// ---- security.hidden_link -------------------------------------------------------------------

void CheckHiddenLink(const RuleInfo& info, db::Store& store, int64_t run_id, const RuleContext& context,
                     std::vector<Finding>* out) {
  const auto groups = ByTarget(store, run_id, "hidden_link");
  if (groups.empty()) return;
  const std::map<std::string, db::OutboundTarget> targets = TargetsByUrl(store, run_id);
  for (const auto& [target, group] : groups) {
    const std::vector<std::string> pages = PagesOf(group);
    const db::PageObservation& first = group.front();
    auto t = targets.find(target);
    Finding f = OnPages(info, pages, context);
    f.title = first.text;
    f.message = "页面含访客看不到的外站链接（暗链）：「" + first.text + "」→ " + target + "，隐藏方式：" +
                first.detail + PagesNote(pages.size()) + "，须删除并排查网站是否被入侵";
    f.evidence = "链接文字「" + first.text + "」；隐藏方式：" + first.detail + "；目标 " +
                 TargetText(target, t == targets.end() ? nullptr : &t->second);
    f.highlight = first.detail;
    f.evidence_key = target;
    out->push_back(std::move(f));
  }
}

// ---- security.injected_script ---------------------------------------------------------------

void CheckInjectedScript(const RuleInfo& info, db::Store& store, int64_t run_id, const RuleContext& context,
                         std::vector<Finding>* out) {
  auto previous_run = store.PreviousCompleteRun(run_id);
  const int64_t previous = previous_run.ok() ? *previous_run : 0;
  for (const char* kind : {"script_src", "inline_script"}) {
    const auto groups = ByTarget(store, run_id, kind);
    if (groups.empty()) continue;
    const auto before =
        previous > 0 ? ByTarget(store, previous, kind) : std::map<std::string, std::vector<db::PageObservation>>{};
    for (const auto& [target, group] : groups) {
      const std::vector<std::string> pages = PagesOf(group);
      Finding f = OnPages(info, pages, context);
      const std::string since = previous == 0               ? "（首次检查）"
                                : before.count(target) == 0 ? "（上次完整检查时没有，新出现）"
                                                            : "（上次完整检查时已存在）";
      if (std::string(kind) == "script_src") {
        f.message = "页面加载了本站和白名单以外主机 " + target + " 的脚本" + since + PagesNote(pages.size()) +
                    "，请核实来源；确属正常服务的，可把该主机加入白名单（[rules] security_allowlist）";
        f.evidence = "<script src=\"" + group.front().detail + "\">";
        f.highlight = target;
      } else {
        f.message = "页面内联脚本带有注入特征：" + group.front().detail.substr(0, group.front().detail.find("：")) +
                    since + PagesNote(pages.size()) + "，请排查网站是否被篡改";
        f.evidence = group.front().detail;
      }
      f.evidence_key = target;
      out->push_back(std::move(f));
    }
  }
}

// ---- security.cloaking ----------------------------------------------------------------------

void CheckCloaking(const RuleInfo& info, db::Store& store, int64_t run_id, const RuleContext& context,
                   std::vector<Finding>* out) {
  auto observations = store.Observations(run_id, "cloaked_link");
  if (!observations.ok() || observations->empty()) return;
  // One finding for the home page: the links are the evidence.
  std::map<std::string, std::vector<const db::PageObservation*>> by_page;
  for (const db::PageObservation& o : *observations) by_page[o.page_url].push_back(&o);
  for (const auto& [page, links] : by_page) {
    Finding f = OnPages(info, {page}, context);
    f.referrers.clear();
    std::vector<std::string> shown;
    for (size_t i = 0; i < links.size() && i < 10; ++i) {
      shown.push_back((links[i]->text.empty() ? "" : "「" + links[i]->text + "」→ ") + links[i]->target + "（" +
                      links[i]->detail + "）");
    }
    f.message = "首页对搜索引擎爬虫（Baiduspider）与对访客显示的内容不同：" + std::to_string(links.size()) +
                " 个外站链接或跳转只给爬虫看（黑帽 SEO 劫持），请排查服务器是否被篡改";
    f.evidence = Join(shown, "；") + (links.size() > shown.size() ? "；……" : "");
    f.evidence_key = "baiduspider";
    out->push_back(std::move(f));
  }
}

}  // namespace

void AddSecurityRules(RuleList* list) {
  list->site.push_back(std::make_unique<SiteRuleFunction>(Infos().hijacked_link, CheckHijackedLink));
  list->site.push_back(std::make_unique<SiteRuleFunction>(Infos().link_target_changed, CheckLinkTargetChanged));
  list->site.push_back(std::make_unique<SiteRuleFunction>(Infos().hidden_link, CheckHiddenLink));
  list->site.push_back(std::make_unique<SiteRuleFunction>(Infos().injected_script, CheckInjectedScript));
  list->site.push_back(std::make_unique<SiteRuleFunction>(Infos().cloaking, CheckCloaking));
}

}  // namespace govaudit::internal
