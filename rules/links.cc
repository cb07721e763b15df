// link.*: broken links, found over the store after the crawl.
// Requirement: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》, 单项否决 / 可用性:
// links that cannot be opened ("首页链接不可用", "其他页面不可用链接" thresholds).
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "common/url.h"

#include "db/store.h"
#include "rules/links.h"
#include "rules/internal/families.h"

namespace govaudit::internal {
namespace {

constexpr size_t kMaxReferrers = 50;           // listed per broken link
constexpr int kMaxCountedReferrers = 1000000;  // counted per broken link

std::string HostOf(const std::string& url) {
  auto parsed = ParseUrl(url);
  if (!parsed) return "";
  return parsed->port < 0 ? parsed->host : parsed->host + ":" + std::to_string(parsed->port);
}

std::set<std::string> RefusingHosts(db::Store& store, int64_t run_id) {
  std::set<std::string> hosts;
  auto run = store.GetRun(run_id);
  if (!run.ok()) return hosts;
  auto settings = nlohmann::json::parse(run->settings_json, nullptr, false);
  if (settings.is_object() && settings.contains("refusing_hosts")) {
    for (const auto& h : settings["refusing_hosts"]) {
      if (h.is_string()) hosts.insert(h.get<std::string>());
    }
  }
  return hosts;
}

RuleInfo BrokenLinkInfo(std::string id, Severity severity, bool in_scope) {
  RuleInfo info;
  info.id = std::move(id);
  info.severity = severity;
  info.description =
      in_scope ? "站内链接无法访问（4xx/5xx 或无法连接）" : "外部链接无法访问（4xx/5xx 或无法连接；只检查不抓取）";
  info.requirement =
      "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》：不可用链接（错链、断链）属可用性问题，"
      "首页不可用链接为单项否决指标";
  info.task = "33";
  return info;
}

class BrokenLinkRule : public OneInfoRule<SiteRule> {
 public:
  BrokenLinkRule(std::string id, Severity severity, bool in_scope)
      : OneInfoRule(BrokenLinkInfo(std::move(id), severity, in_scope)), in_scope_(in_scope) {}

  void Check(db::Store& store, int64_t run_id, const RuleContext& /*context*/,
             std::vector<Finding>* out) const override {
    // Nothing outside answered: the machine is offline, not every external site broken.
    if (!in_scope_ && ExternalNetworkDownNote(store, run_id)) return;
    auto failed = store.FailedPages(run_id, in_scope_);
    if (!failed.ok()) return;
    std::set<std::string> refusing = RefusingHosts(store, run_id);
    for (const db::FailedPage& page : *failed) {
      Finding f;
      f.rule_id = info_.id;
      f.severity = info_.severity;
      f.url = page.url;
      std::string what = page.status >= 400 ? "HTTP " + std::to_string(page.status)
                                             : (page.error_message.empty() ? page.error_kind : page.error_message);
      f.message = "链接目标无法访问：" + what;
      if ((page.status == 403 || page.status == 429) && refusing.count(HostOf(f.url)) > 0) {
        // A host that refused many requests is probably blocking the crawler, not broken.
        f.message += "（该主机多次以 403/429 拒绝访问，可能是网站防护拦截了检查程序，请人工复核）";
      }
      f.evidence = what;
      if (page.final_url != f.url) f.evidence += "（跳转至 " + page.final_url + "）";
      // The same defect tomorrow: same target failing the same way (status class, not text).
      f.evidence_key = page.status >= 400 ? std::to_string(page.status) : page.error_kind;
      // One finding per target, however many pages use it (a missing logo on every page is one
      // defect to fix): the referrers are counted, the first kMaxReferrers listed.
      size_t referrer_count = 0;
      if (auto referrers = store.LinksTo(run_id, f.url, kMaxCountedReferrers); referrers.ok()) {
        referrer_count = referrers->size();
        for (const db::StoredLink& link : *referrers) {
          if (f.referrers.size() < kMaxReferrers) f.referrers.push_back(link.from_url);
          if (f.title.empty()) f.title = link.anchor_text;
        }
      }
      // Pages load it (the crawler names resources "[图片]", "[样式表]"...): say what is missing.
      if (f.title.size() > 2 && f.title.front() == '[' && f.title.back() == ']') {
        f.message = "页面引用的" + f.title.substr(1, f.title.size() - 2) + "无法加载：" + what;
      }
      if (referrer_count > 1) f.message += "（" + std::to_string(referrer_count) + " 个页面引用）";
      out->push_back(std::move(f));
    }
  }

 private:
  bool in_scope_;
};

}  // namespace

void AddLinkRules(RuleList* list) {
  list->site.push_back(std::make_unique<BrokenLinkRule>("link.broken", Severity::kHigh, true));
  list->site.push_back(std::make_unique<BrokenLinkRule>("link.external_broken", Severity::kLow, false));
}

}  // namespace govaudit::internal

namespace govaudit {

std::optional<std::string> ExternalNetworkDownNote(db::Store& store, int64_t run_id) {
  auto totals = store.CountPages(run_id);
  if (!totals.ok() || totals->external_answered > 0 || totals->external_unreachable < 2) return std::nullopt;
  auto failed = store.FailedPages(run_id, /*in_scope=*/false);
  if (!failed.ok()) return std::nullopt;
  std::set<std::string> hosts;
  for (const db::FailedPage& page : *failed) {
    const bool unreachable = page.status == 0 && (page.error_kind == "dns" || page.error_kind == "connect" ||
                                                  page.error_kind == "timeout");
    if (!unreachable) return std::nullopt;  // something outside answered, even with an error
    hosts.insert(internal::HostOf(page.url));
  }
  if (hosts.size() < 2) return std::nullopt;
  return "外部链接未检查：网络不可用（" + std::to_string(failed->size()) + " 个外部链接、" + std::to_string(hosts.size()) +
         " 个外部主机均无法解析或连接，未逐条列为问题；请在可访问互联网的机器上复查）";
}

}  // namespace govaudit
