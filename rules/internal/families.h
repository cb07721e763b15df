// Each rule family adds its rules here; registry.cc calls every Add* function. This is the
// one place where all rules are registered.
#pragma once

#include <memory>
#include <vector>

#include "rules/rule.h"

namespace govaudit::internal {

struct RuleList {
  std::vector<std::unique_ptr<PageRule>> page;
  std::vector<std::unique_ptr<SiteRule>> site;
  std::vector<RuleInfo> extra_infos;  // ids a family emits besides its rules' own infos
};

void AddLinkRules(RuleList* list);
void AddPiiRules(RuleList* list);
void AddInterpretationRules(RuleList* list);
void AddNormativeRules(RuleList* list);
void AddSubsidyRules(RuleList* list);
void AddColumnRules(RuleList* list);     // columns.cc: column.stale, column.empty, home.stale
void AddIdentityRules(RuleList* list);   // identity.cc: site.identity_missing, meta.missing
void AddContentRules(RuleList* list);    // content.cc: content.secret_marking, content.serious_typo
void AddA11yRules(RuleList* list);       // a11y.cc: a11y.*

}  // namespace govaudit::internal
