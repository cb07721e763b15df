// Each rule family adds its rules here; registry.cc calls every Add* function. This is the
// one place where all rules are registered.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/page.h"
#include "rules/rule.h"

namespace govaudit::internal {

// A rule's description, built in one expression (for the static infos of a family file).
inline RuleInfo MakeRuleInfo(const char* id, Severity severity, const char* description, const char* requirement,
                             const char* task = "") {
  RuleInfo info;
  info.id = id;
  info.severity = severity;
  info.description = description;
  info.requirement = requirement;
  info.task = task;
  return info;
}

// "a、b、c": joins names for messages and evidence keys; empty items are skipped.
inline std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (s.empty()) continue;
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
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
