// service.*: no 办事服务 at all, or service guides (办事指南) lacking key elements.
//
// Requirement: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“服务不实用”：
// 未提供办事服务，或办事指南缺少事项名称、设定依据、申请条件、办理材料、办理地点、办理机构、
// 收费标准、办理时间、联系电话、办理流程等要素. How many missing elements make a guide
// unusable, and how many unusable guides fail the site, are local readings (config/site-checks.toml
// [service.veto], config/veto.toml).
#include "rules/service.h"

#include <set>

#include "common/url.h"
#include "rules/internal/families.h"

namespace govaudit {
namespace {

constexpr size_t kMaxEntriesListed = 5;

const char* kRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“服务不实用”：未提供办事服务，或办事指南缺少事项名称、"
    "设定依据、申请条件、办理材料、办理地点、办理机构、收费标准、办理时间、联系电话、办理流程等要素";

class ServiceRule : public SiteRule {
 public:
  ServiceRule()
      : none_(internal::MakeRuleInfo("service.none", Severity::kHigh,
                                     "网站未提供办事服务（无办事指南，也无政务服务入口）", kRequirement)),
        unusable_(internal::MakeRuleInfo("service.guide_unusable", Severity::kHigh,
                                         "办事指南缺少 4 项及以上关键要素（5 个及以上即单项否决，本地解读）",
                                         kRequirement)),
        incomplete_(internal::MakeRuleInfo("service.guide_incomplete", Severity::kMedium, "办事指南缺少关键要素",
                                           kRequirement)) {}

  const RuleInfo& info() const override { return none_; }
  std::vector<RuleInfo> extra() const { return {unusable_, incomplete_}; }

  void Check(db::Store& store, int64_t run_id, const RuleContext& context, std::vector<Finding>* out) const override {
    const ServiceSettings& settings = internal::SiteChecksOf(context).service;
    if (!settings.required) return;
    auto summary = SummarizeService(store, run_id, settings);
    if (!summary.ok()) return;
    for (const db::GuideRow& g : summary->guides) {
      if (g.missing.empty()) continue;
      const bool unusable = static_cast<int>(g.missing.size()) >= settings.veto_missing_elements;
      const RuleInfo& info = unusable ? unusable_ : incomplete_;
      Finding f;
      f.rule_id = info.id;
      f.severity = info.severity;
      f.url = g.url;
      f.title = g.title;
      f.message = "办事指南缺少 " + std::to_string(g.missing.size()) + " 项要素：" + Join(g.missing, "、");
      f.evidence = "已有：" + (g.present.empty() ? std::string("无") : Join(g.present, "、")) + "；缺少：" +
                   Join(g.missing, "、");
      f.evidence_key = Join(g.missing, ",");
      out->push_back(std::move(f));
    }
    if (summary->guides.empty() && summary->entries.empty() && !context.start_urls.empty()) {
      Finding f;
      f.rule_id = none_.id;
      f.severity = none_.severity;
      f.url = NormalizeUrl(context.start_urls.front()).value_or(context.start_urls.front());
      f.message = "全站未找到办事服务：没有办事指南，也没有办事服务、政务服务网等入口";
      f.evidence = "检查了页面内容和链接文字（" + Join(settings.service_words, "、") + "）";
      out->push_back(std::move(f));
    }
  }

 private:
  RuleInfo none_, unusable_, incomplete_;
};

}  // namespace

StatusOr<ServiceSummary> SummarizeService(db::Store& store, int64_t run_id, const ServiceSettings& settings) {
  ServiceSummary s;
  s.required = settings.required;
  s.missing_elements = settings.veto_missing_elements;
  ASSIGN_OR_RETURN(s.guides, store.ServiceGuides(run_id));
  for (const db::GuideRow& g : s.guides) {
    s.complete += g.missing.empty();
    s.unusable += static_cast<int>(g.missing.size()) >= settings.veto_missing_elements;
    for (const std::string& e : g.missing) ++s.missing_by_element[e];
  }
  std::set<std::string> seen;
  ASSIGN_OR_RETURN(auto links_by_word, store.LinksWithAnyText(run_id, settings.service_words));
  for (const std::vector<db::StoredLink>& links : links_by_word) {
    for (const db::StoredLink& link : links) {
      if (s.entries.size() >= kMaxEntriesListed) break;
      // A link to a service hall works when its target answered, or was not checked (a
      // provincial platform outside the crawl).
      auto status = store.PageStatus(run_id, link.to_url);
      const bool failed = status.ok() && status->has_value() && (**status == 0 || **status >= 400);
      if (!failed && seen.insert(link.to_url).second) s.entries.push_back(link.anchor_text + " " + link.to_url);
    }
  }
  return s;
}

namespace internal {

void AddServiceRules(RuleList* list) { AddSiteRuleWithExtras(list, std::make_unique<ServiceRule>()); }

}  // namespace internal
}  // namespace govaudit
