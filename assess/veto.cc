#include "assess/veto.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "assess/assessment.h"
#include "common/enum_names.h"
#include "common/toml.h"
#include "common/url.h"
#include "config/resources.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

constexpr const char* kHint = " (see config/veto.toml)";
constexpr size_t kDeductionEvidence = 20;

// The run's home page(s): its start URLs, normalised as page URLs are stored.
std::set<std::string> HomeUrls(const db::RunInfo& run) {
  std::set<std::string> homes;
  auto settings = nlohmann::json::parse(run.settings_json, nullptr, false);
  if (settings.is_object() && settings.contains("start_urls") && settings["start_urls"].is_array()) {
    for (const auto& u : settings["start_urls"]) {
      if (!u.is_string()) continue;
      if (auto n = NormalizeUrl(u.get<std::string>())) homes.insert(*n);
    }
  }
  return homes;
}

Status CheckRuleIds(TomlReader& r, const char* key, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    // A family ("security.") may be added by a later rule file; an exact id must exist now.
    if (!id.empty() && id.back() != '.' && !RuleSet::Knows(id)) {
      return r.Error(*r.Node(key), key, "'" + id + "' is no rule id (govaudit rules lists them; a family ends in '.')");
    }
  }
  return Status::Ok();
}

Status ReadRow(TomlReader& r, VetoRowSpec* row) {
  RETURN_IF_ERROR(r.String("id", &row->id, /*required=*/true));
  RETURN_IF_ERROR(r.String("item", &row->item, /*required=*/true));
  RETURN_IF_ERROR(r.String("criterion", &row->criterion));
  RETURN_IF_ERROR(r.String("reading", &row->reading));
  RETURN_IF_ERROR(r.Strings("rules", &row->rules));
  RETURN_IF_ERROR(r.Strings("review_rules", &row->review_rules));
  RETURN_IF_ERROR(r.Strings("keys", &row->keys));
  RETURN_IF_ERROR(r.Int("threshold", &row->threshold, 1, 1000000));
  RETURN_IF_ERROR(r.String("needs", &row->needs));
  RETURN_IF_ERROR(r.Bool("absence", &row->absence));
  RETURN_IF_ERROR(r.CheckUnknown());
  if (row->rules.empty() && row->review_rules.empty()) return r.Missing("rules", "a row needs rules or review_rules");
  if (row->needs != "" && row->needs != "probes" && row->needs != "messages" && row->needs != "service_guides") {
    return r.Error(*r.Node("needs"), "needs", "must be probes, messages or service_guides, got '" + row->needs + "'");
  }
  RETURN_IF_ERROR(CheckRuleIds(r, "rules", row->rules));
  return CheckRuleIds(r, "review_rules", row->review_rules);
}

Status ReadDeduction(TomlReader& r, DeductionSpec* d) {
  RETURN_IF_ERROR(r.String("id", &d->id, /*required=*/true));
  RETURN_IF_ERROR(r.String("group", &d->group, /*required=*/true));
  RETURN_IF_ERROR(r.String("name", &d->name, /*required=*/true));
  RETURN_IF_ERROR(r.Strings("rules", &d->rules));
  RETURN_IF_ERROR(r.String("scope", &d->scope));
  RETURN_IF_ERROR(r.CheckUnknown());
  if (d->rules.empty()) return r.Missing("rules", "a deduction needs rules");
  if (d->scope != "" && d->scope != "home" && d->scope != "other") {
    return r.Error(*r.Node("scope"), "scope", "must be home or other, got '" + d->scope + "'");
  }
  return CheckRuleIds(r, "rules", d->rules);
}

template <typename T, typename F>
Status ReadTables(TomlReader& top, const char* key, F read, std::vector<T>* out) {
  const toml::node* node = top.Node(key);
  if (node == nullptr) return Status::Ok();
  if (!node->is_array_of_tables()) return top.Error(*node, key, std::string("expected [[") + key + "]] tables");
  int index = 0;
  for (const toml::node& item : *node->as_array()) {
    TomlReader r = top.Sub(*item.as_table(), std::string(key) + "[" + std::to_string(index++) + "]");
    T value;
    RETURN_IF_ERROR(read(r, &value));
    out->push_back(std::move(value));
  }
  return Status::Ok();
}

bool Disabled(const VetoFacts& facts, const std::vector<std::string>& patterns) {
  if (patterns.empty()) return true;
  for (const std::string& p : patterns) {
    std::string id = p.back() == '.' ? p.substr(0, p.size() - 1) : p;
    if (facts.disabled_rules.count(id) == 0 && facts.disabled_rules.count(id.substr(0, id.find('.'))) == 0)
      return false;
  }
  return true;
}

bool KeyMatches(const VetoRowSpec& spec, const Finding& f) {
  if (spec.keys.empty()) return true;
  for (const std::string& k : spec.keys) {
    if (f.evidence_key.rfind(k, 0) == 0) return true;
  }
  return false;
}

// The data a row needs, when the run does not have it: the sentence saying so.
std::optional<std::string> MissingData(const VetoRowSpec& spec, const VetoFacts& facts) {
  if (spec.needs == "probes" && !facts.probes_judged) {
    return facts.probed ? facts.probes_note
                        : std::string("没有可用性探测记录（用 govaudit probe 定时探测满 1 周后判定）");
  }
  if (spec.needs == "messages" && facts.messages == 0)
    return std::string("未读取到政务咨询类留言，无法判定是否按时回应");
  if (spec.needs == "service_guides") {
    if (!facts.service_required) return std::string("按配置，本网站无对外服务职能，不检查办事服务");
    if (facts.guides == 0) return std::string("站内未读取到办事指南（办事服务可能在站外政务服务平台），需人工核查");
  }
  return std::nullopt;
}

VetoRow Judge(const VetoRowSpec& spec, const std::vector<db::StoredFinding>& findings, const VetoFacts& facts) {
  VetoRow row;
  row.spec = spec;
  for (const db::StoredFinding& sf : findings) {
    if (IsDismissed(sf) || !KeyMatches(spec, sf.finding)) continue;
    const bool plain = MatchesRule(spec.rules, sf.finding.rule_id);
    const bool review = !plain && MatchesRule(spec.review_rules, sf.finding.rule_id);
    if (!plain && !review) continue;
    const bool confirmed = sf.status == "acknowledged";
    (plain || confirmed ? row.count : row.pending) += 1;
    row.evidence.push_back({sf.fingerprint, sf.finding.rule_id, sf.finding.url, sf.finding.message, confirmed});
  }
  const std::string figures = std::to_string(row.count) + " / " + std::to_string(spec.threshold);
  if (!facts.usable) {
    row.status = VetoStatus::kNotChecked;
    row.note = "本次检查失败（起始页无可检查内容），未判定";
  } else if (Disabled(facts, spec.rules) && Disabled(facts, spec.review_rules)) {
    row.status = VetoStatus::kNotChecked;
    row.note = "相关规则已在配置中停用";
  } else if (std::optional<std::string> missing = MissingData(spec, facts)) {
    row.status = VetoStatus::kNotChecked;
    row.note = *missing;
  } else if (row.count >= spec.threshold) {
    row.status = spec.absence && !facts.complete ? VetoStatus::kReview : VetoStatus::kFailed;
    row.note = row.status == VetoStatus::kFailed ? "达到阈值（" + figures + "）"
                                                 : "本次运行未完整完成，“未找到”可能是未抓取到，需人工复核";
  } else if (row.count + row.pending >= spec.threshold) {
    row.status = VetoStatus::kReview;
    row.note =
        std::to_string(row.pending) + " 条依据词典或启发式判断的问题待人工确认（triage 设为 acknowledged 即确认）";
  } else if (!facts.complete) {
    row.status = VetoStatus::kNotChecked;
    row.note = "本次运行未完整完成，未达阈值（" + figures + "）不能确认通过";
  } else {
    row.status = VetoStatus::kPassed;
    row.note = "未达阈值（" + figures + "）";
  }
  if (spec.needs == "probes" && facts.probes_judged) row.note = facts.probes_note + "；" + row.note;
  return row;
}

DeductionRow Count(const DeductionSpec& spec, const std::vector<db::StoredFinding>& findings,
                   const std::set<std::string>& homes) {
  DeductionRow row;
  row.spec = spec;
  for (const db::StoredFinding& sf : findings) {
    if (IsDismissed(sf) || !MatchesRule(spec.rules, sf.finding.rule_id)) continue;
    if (!spec.scope.empty()) {
      bool from_home = false;
      for (const std::string& r : sf.finding.referrers) from_home = from_home || homes.count(r) > 0;
      if (from_home != (spec.scope == "home")) continue;
    }
    ++row.count;
    if (row.evidence.size() < kDeductionEvidence) {
      row.evidence.push_back(
          {sf.fingerprint, sf.finding.rule_id, sf.finding.url, sf.finding.message, sf.status == "acknowledged"});
    }
  }
  return row;
}

constexpr EnumName<VetoStatus> kVetoStatusNames[] = {
    {VetoStatus::kNotChecked, "not_checked", "未检查"},
    {VetoStatus::kFailed, "failed", "不通过"},
    {VetoStatus::kReview, "review", "需人工复核"},
    {VetoStatus::kPassed, "passed", "通过"},
};

}  // namespace

std::string_view VetoStatusLabel(VetoStatus status) { return NameOf(kVetoStatusNames, status).label; }
std::string_view VetoStatusId(VetoStatus status) { return NameOf(kVetoStatusNames, status).id; }

bool MatchesRule(const std::vector<std::string>& patterns, const std::string& rule_id) {
  for (const std::string& p : patterns) {
    if (p == rule_id || (!p.empty() && p.back() == '.' && rule_id.rfind(p, 0) == 0)) return true;
  }
  return false;
}

StatusOr<VetoTable> VetoTable::Parse(std::string_view toml_text, std::string_view name) {
  ASSIGN_OR_RETURN(toml::table root, ParseToml(toml_text, name));
  TomlReader top(root, std::string(name), "", kHint);
  VetoTable table;
  RETURN_IF_ERROR(ReadTables(top, "row", ReadRow, &table.rows));
  RETURN_IF_ERROR(ReadTables(top, "deduction", ReadDeduction, &table.deductions));
  RETURN_IF_ERROR(top.CheckUnknown());
  if (table.rows.empty()) return Status::Error(std::string(name) + ": no [[row]]: the veto table needs its rows");
  return table;
}

const VetoTable& VetoTable::Builtin() {
  // A broken compiled-in file leaves it empty; its tests guard against that.
  static const VetoTable table = Parse(resources::Get("veto.toml"), "config/veto.toml").value_or(VetoTable{});
  return table;
}

VetoStatus VetoSummary::overall() const {
  VetoStatus worst = VetoStatus::kPassed;
  for (const VetoRow& row : rows) worst = std::min(worst, row.status);
  return rows.empty() ? VetoStatus::kNotChecked : worst;
}

std::string VetoSummary::Verdict() const {
  switch (overall()) {
    case VetoStatus::kFailed:
      return "存在单项否决问题，网站不合格";
    case VetoStatus::kReview:
      return "未发现确定的单项否决问题，但有需人工复核的项目";
    case VetoStatus::kNotChecked:
      return "未发现单项否决问题，但部分项目未检查，不能判定合格";
    case VetoStatus::kPassed:
      return "未发现单项否决问题";
  }
  return "";
}

VetoSummary EvaluateVeto(const db::RunInfo& run, const std::vector<db::StoredFinding>& findings, const VetoFacts& facts,
                         const VetoTable& table) {
  VetoSummary summary;
  for (const VetoRowSpec& spec : table.rows) summary.rows.push_back(Judge(spec, findings, facts));
  const std::set<std::string> homes = HomeUrls(run);
  for (const DeductionSpec& spec : table.deductions) summary.deductions.push_back(Count(spec, findings, homes));
  return summary;
}

}  // namespace govaudit
