// link.*: broken links, found over the store after the crawl.
// Requirement: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》, 单项否决 / 可用性:
// links that cannot be opened ("首页链接不可用", "其他页面不可用链接" thresholds).
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "common/url.h"

#include "db/store.h"
#include "rules/internal/families.h"

namespace govaudit::internal {
namespace {

std::string HostOf(const std::string& url) {
  auto parsed = ParseUrl(url);
  if (!parsed) return "";
  return parsed->port < 0 ? parsed->host : parsed->host + ":" + std::to_string(parsed->port);
}

std::set<std::string> RefusingHosts(db::Store& store, int64_t run_id) {
  std::set<std::string> hosts;
  auto stmt = store.Prepare("SELECT settings FROM runs WHERE id=?");
  if (!stmt.ok()) return hosts;
  stmt->Bind(1, run_id);
  auto row = stmt->Step();
  if (!row.ok() || !*row) return hosts;
  auto settings = nlohmann::json::parse(stmt->Text(0), nullptr, false);
  if (settings.is_object() && settings.contains("refusing_hosts")) {
    for (const auto& h : settings["refusing_hosts"]) {
      if (h.is_string()) hosts.insert(h.get<std::string>());
    }
  }
  return hosts;
}

class BrokenLinkRule : public SiteRule {
 public:
  BrokenLinkRule(std::string id, Severity severity, bool in_scope) : in_scope_(in_scope) {
    info_.id = std::move(id);
    info_.severity = severity;
    info_.description = in_scope ? "站内链接无法访问（4xx/5xx 或无法连接）"
                                 : "外部链接无法访问（4xx/5xx 或无法连接；只检查不抓取）";
    info_.requirement =
        "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》：不可用链接（错链、断链）属可用性问题，"
        "首页不可用链接为单项否决指标";
    info_.task = "33";
  }

  const RuleInfo& info() const override { return info_; }

  void Check(db::Store& store, int64_t run_id, const RuleContext& /*context*/,
             std::vector<Finding>* out) const override {
    auto stmt = store.Prepare(
        "SELECT p.url, p.status, p.error_kind, p.error_message, p.final_url FROM pages p "
        "WHERE p.run_id=?1 AND p.in_scope=?2 AND (p.status >= 400 OR p.status = 0 OR "
        "p.error_kind IN ('dns','connect','timeout','tls','too-many-redirects','redirect-loop')) ORDER BY p.url");
    auto referrers = store.Prepare(
        "SELECT from_url, anchor_text FROM links WHERE run_id=?1 AND to_url=?2 ORDER BY from_url LIMIT 50");
    if (!stmt.ok() || !referrers.ok()) return;
    std::set<std::string> refusing = RefusingHosts(store, run_id);
    stmt->Bind(1, run_id).Bind(2, in_scope_ ? 1 : 0);
    while (true) {
      auto row = stmt->Step();
      if (!row.ok() || !*row) break;
      Finding f;
      f.rule_id = info_.id;
      f.severity = info_.severity;
      f.url = stmt->Text(0);
      int status = static_cast<int>(stmt->Int(1));
      std::string error_kind = stmt->Text(2);
      std::string error_message = stmt->Text(3);
      std::string what = status >= 400 ? "HTTP " + std::to_string(status)
                                        : (error_message.empty() ? error_kind : error_message);
      f.message = "链接目标无法访问：" + what;
      if ((status == 403 || status == 429) && refusing.count(HostOf(f.url)) > 0) {
        // A host that refused many requests is probably blocking the crawler, not broken.
        f.message += "（该主机多次以 403/429 拒绝访问，可能是网站防护拦截了检查程序，请人工复核）";
      }
      f.evidence = what;
      if (stmt->Text(4) != f.url) f.evidence += "（跳转至 " + stmt->Text(4) + "）";
      // The same defect tomorrow: same target failing the same way (status class, not text).
      f.evidence_key = status >= 400 ? std::to_string(status) : error_kind;
      referrers->Bind(1, run_id).Bind(2, f.url);
      while (true) {
        auto ref = referrers->Step();
        if (!ref.ok() || !*ref) break;
        f.referrers.push_back(referrers->Text(0));
        if (f.title.empty()) f.title = referrers->Text(1);
      }
      referrers->Reset();
      out->push_back(std::move(f));
    }
  }

 private:
  RuleInfo info_;
  bool in_scope_;
};

}  // namespace

void AddLinkRules(RuleList* list) {
  list->site.push_back(std::make_unique<BrokenLinkRule>("link.broken", Severity::kHigh, true));
  list->site.push_back(std::make_unique<BrokenLinkRule>("link.external_broken", Severity::kLow, false));
}

}  // namespace govaudit::internal
