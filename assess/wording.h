// The words reports use for rules and grades (config/wording.toml): a short Chinese name per
// rule, and the grade a finding is shown with — 否决项, 扣分项 or 提示 — from its rule (or
// family) or else its severity. One mapping for every output (report.html, notices, xlsx, the
// terminal) and for the veto summary.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/finding.h"
#include "common/status.h"

namespace govaudit {

enum class FindingClass { kVeto = 0, kDeduction = 1, kNotice = 2 };

std::string_view FindingClassLabel(FindingClass c);  // 否决项, 扣分项, 提示
std::string_view FindingClassId(FindingClass c);     // veto, deduction, notice (JSON, filters)
std::optional<FindingClass> ParseFindingClass(std::string_view label);  // the label or the id

struct Wording {
  std::map<std::string, std::string> names;           // by rule id
  std::map<std::string, FindingClass> rule_classes;   // by rule id or family
  FindingClass by_severity[3] = {FindingClass::kDeduction, FindingClass::kDeduction, FindingClass::kNotice};

  // The rule's Chinese name, or the id itself when the file names none.
  std::string NameOf(std::string_view rule_id) const;
  // The grade of a finding of `rule_id` with `severity` (the run's severity, overrides applied).
  FindingClass ClassOf(std::string_view rule_id, Severity severity) const;
};

// Parses the mapping; errors name `name`, the line and the key.
StatusOr<Wording> ParseWording(std::string_view text, const std::string& name);

// The compiled-in config/wording.toml (empty names and the default grades if it failed to
// parse; a test guards it).
const Wording& DefaultWording();

// Shorthands over DefaultWording().
inline std::string RuleName(std::string_view rule_id) { return DefaultWording().NameOf(rule_id); }
inline FindingClass ClassOf(const Finding& f) { return DefaultWording().ClassOf(f.rule_id, f.severity); }

}  // namespace govaudit
