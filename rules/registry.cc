#include <algorithm>
#include <set>

#include "rules/internal/families.h"
#include "pii/safe_text.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

internal::RuleList AllRules() {
  internal::RuleList list;
  internal::AddLinkRules(&list);
  internal::AddPiiRules(&list);
  internal::AddInterpretationRules(&list);
  internal::AddNormativeRules(&list);
  internal::AddSubsidyRules(&list);
  internal::AddColumnRules(&list);
  internal::AddIdentityRules(&list);
  internal::AddContentRules(&list);
  internal::AddA11yRules(&list);
  internal::AddAvailabilityRules(&list);
  internal::AddInteractionRules(&list);
  internal::AddServiceRules(&list);
  internal::AddCitizenRules(&list);
  internal::AddSecurityRules(&list);
  return list;
}

// A setting applies to a rule by its exact id, or to its whole family ("pii").
const RuleSetting* SettingFor(const RulesConfig& config, const std::string& id) {
  if (auto it = config.rules.find(id); it != config.rules.end()) return &it->second;
  std::string family = id.substr(0, id.find('.'));
  if (auto it = config.rules.find(family); it != config.rules.end()) return &it->second;
  return nullptr;
}

bool Enabled(const RulesConfig& config, const std::string& id) {
  const RuleSetting* s = SettingFor(config, id);
  return s == nullptr || s->enabled;
}

// A rule that emits several ids from one pass (its family's extra_infos) keeps running while
// any id of its family is enabled; Adjust drops the findings of the disabled ids.
bool RuleEnabled(const RulesConfig& config, const std::string& id, const std::vector<RuleInfo>& extra) {
  if (Enabled(config, id)) return true;
  const std::string family = id.substr(0, id.find('.') + 1);
  for (const RuleInfo& e : extra) {
    if (e.id.rfind(family, 0) == 0 && Enabled(config, e.id)) return true;
  }
  return false;
}

}  // namespace

std::vector<RuleInfo> RuleSet::AllInfos() {
  internal::RuleList list = AllRules();
  std::vector<RuleInfo> infos;
  for (const auto& r : list.page) infos.push_back(r->info());
  for (const auto& r : list.site) infos.push_back(r->info());
  for (const auto& info : list.extra_infos) infos.push_back(info);
  std::sort(infos.begin(), infos.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  infos.erase(std::unique(infos.begin(), infos.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id == b.id; }),
              infos.end());
  return infos;
}

bool RuleSet::Knows(const std::string& id) {
  static const std::set<std::string> known = [] {
    std::set<std::string> ids;
    for (const RuleInfo& info : AllInfos()) {
      ids.insert(info.id);
      ids.insert(info.id.substr(0, info.id.find('.')));
    }
    return ids;
  }();
  return known.count(id) > 0;
}

RuleSet RuleSet::Build(const RulesConfig& config) {
  RuleSet set;
  set.config_ = config;
  internal::RuleList list = AllRules();
  for (auto& r : list.page) {
    if (RuleEnabled(config, r->info().id, list.extra_infos)) set.page_rules_.push_back(std::move(r));
  }
  for (auto& r : list.site) {
    if (RuleEnabled(config, r->info().id, list.extra_infos)) set.site_rules_.push_back(std::move(r));
  }
  set.infos_ = AllInfos();
  return set;
}

RuleInfo RuleSet::InfoFor(const std::string& rule_id) const {
  for (const RuleInfo& info : infos_) {
    if (info.id == rule_id) {
      RuleInfo adjusted = info;
      if (const RuleSetting* s = SettingFor(config_, rule_id); s && s->severity) adjusted.severity = *s->severity;
      return adjusted;
    }
  }
  RuleInfo unknown;
  unknown.id = rule_id;
  return unknown;
}

namespace {

// Everything a finding shows passes the output gate before it is stored: a title, a URL or an
// excerpt may hold personal data (a link like /person?sfz=…) that no report may repeat.
void MakeSafe(Finding* f) {
  for (std::string* s : {&f->url, &f->title, &f->message, &f->evidence, &f->highlight, &f->evidence_key,
                         &f->page_kind_reasons, &f->location}) {
    *s = pii::SafeText(*s);
  }
  for (std::string& referrer : f->referrers) referrer = pii::SafeText(referrer);
}

}  // namespace

void RuleSet::Adjust(std::vector<Finding>* out, size_t from) const {
  // A family may emit several ids from one rule: drop disabled ones, apply severity overrides.
  size_t keep = from;
  for (size_t i = from; i < out->size(); ++i) {
    Finding& f = (*out)[i];
    const RuleSetting* s = SettingFor(config_, f.rule_id);
    if (s && !s->enabled) continue;
    if (s && s->severity) f.severity = *s->severity;
    MakeSafe(&f);
    if (keep != i) (*out)[keep] = std::move(f);
    ++keep;
  }
  out->resize(keep);
}

void RuleSet::CheckPage(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const {
  size_t from = out->size();
  for (const auto& rule : page_rules_) rule->Check(input, context, out);
  Adjust(out, from);
}

void RuleSet::CheckSite(db::Store& store, int64_t run_id, const RuleContext& context,
                        std::vector<Finding>* out) const {
  size_t from = out->size();
  for (const auto& rule : site_rules_) rule->Check(store, run_id, context, out);
  Adjust(out, from);
}

}  // namespace govaudit
