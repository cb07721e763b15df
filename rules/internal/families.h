// Each rule family adds its rules here; registry.cc calls every Add* function. This is the
// one place where all rules are registered.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classify/page_kinds.h"
#include "classify/site_checks.h"
#include "common/indicators.h"
#include "common/strings.h"
#include "page/page.h"
#include "rules/rule.h"

namespace govaudit::internal {

// A rule's description, built in one expression (for the static infos of a family file).
inline RuleInfo MakeRuleInfo(const char* id, Severity severity, const char* description, const char* requirement,
                             const char* task = "") {
  return RuleInfo{id, severity, description, requirement, task};
}

// What a family's rules enforce: the document and clause, and the work points' task number(s).
// Each family file names its source once and builds its rules' infos from it.
struct RuleSource {
  const char* requirement;
  const char* task = "";

  RuleInfo Info(const char* id, Severity severity, const char* description) const {
    return MakeRuleInfo(id, severity, description, requirement, task);
  }
};

// The configuration a rule runs with: context.kind_config, else the compiled-in one.
inline const KindConfig& KindConfigOf(const RuleContext& context) {
  return context.kind_config != nullptr ? *context.kind_config : KindConfig::Builtin();
}

// The indicator settings a rule runs with: context.indicators, else the compiled-in ones.
inline const IndicatorSettings& IndicatorsOf(const RuleContext& context) {
  return context.indicators != nullptr ? *context.indicators : IndicatorSettings::Builtin();
}

// The kinds of a page rule's input: the pipeline's (input.kinds), else classified now into
// *storage (tests and tools that call the rules directly).
inline const PageKinds& KindsOf(const PageInput& input, const RuleContext& context, PageKinds* storage) {
  if (input.kinds != nullptr) return *input.kinds;
  if (input.page != nullptr) *storage = ClassifyPage(*input.page, KindConfigOf(context));
  return *storage;
}

// The site checks a rule runs with: context.site_checks, else the compiled-in ones.
inline const SiteCheckConfig& SiteChecksOf(const RuleContext& context) {
  return context.site_checks != nullptr ? *context.site_checks : SiteCheckConfig::Builtin();
}

// A finding of `info` on the page or attachment of `input`: id, severity, url and title set.
inline Finding NewFinding(const RuleInfo& info, const PageInput& input) {
  Finding f;
  f.rule_id = info.id;
  f.severity = info.severity;
  f.url = input.url;
  if (input.page != nullptr) f.title = input.page->title;
  return f;
}

// A site rule made of its info and a function: for rules that keep no state of their own.
class SiteRuleFunction : public SiteRule {
 public:
  using CheckFunction = void (*)(const RuleInfo& info, db::Store& store, int64_t run_id, const RuleContext& context,
                                 std::vector<Finding>* out);

  SiteRuleFunction(const RuleInfo& info, CheckFunction check) : info_(info), check_(check) {}

  const RuleInfo& info() const override { return info_; }
  void Check(db::Store& store, int64_t run_id, const RuleContext& context, std::vector<Finding>* out) const override {
    check_(info_, store, run_id, context, out);
  }

 private:
  const RuleInfo& info_;  // a family's static info
  CheckFunction check_;
};

struct RuleList {
  std::vector<std::unique_ptr<PageRule>> page;
  std::vector<std::unique_ptr<SiteRule>> site;
  std::vector<RuleInfo> extra_infos;  // ids a family emits besides its rules' own infos
};

// Registers a site rule together with the ids it emits besides its own info (its extra()).
template <typename R>
void AddSiteRuleWithExtras(RuleList* list, std::unique_ptr<R> rule) {
  for (RuleInfo& info : rule->extra()) list->extra_infos.push_back(std::move(info));
  list->site.push_back(std::move(rule));
}

void AddLinkRules(RuleList* list);
void AddPiiRules(RuleList* list);
void AddInterpretationRules(RuleList* list);
void AddNormativeRules(RuleList* list);
void AddSubsidyRules(RuleList* list);
void AddColumnRules(RuleList* list);     // columns.cc: column.stale, column.empty, home.stale
void AddIdentityRules(RuleList* list);   // identity.cc: site.identity_missing, meta.missing
void AddContentRules(RuleList* list);    // content.cc: content.secret_marking, content.serious_typo
void AddA11yRules(RuleList* list);       // a11y.cc: a11y.*
void AddAvailabilityRules(RuleList* list);  // availability.cc: availability.*
void AddInteractionRules(RuleList* list);   // interaction.cc: interaction.*
void AddServiceRules(RuleList* list);       // service.cc: service.*
void AddCitizenRules(RuleList* list);    // citizen.cc: citizen.* (recorded by govaudit verify)
void AddSecurityRules(RuleList* list);   // security.cc: security.* (over rules/security.h's records)

}  // namespace govaudit::internal
