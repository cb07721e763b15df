#include "common/finding.h"

#include "common/hash.h"

namespace govaudit {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kHigh: return "high";
    case Severity::kMedium: return "medium";
    case Severity::kLow: return "low";
  }
  return "medium";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  if (name == "high") return Severity::kHigh;
  if (name == "medium") return Severity::kMedium;
  if (name == "low") return Severity::kLow;
  return std::nullopt;
}

std::string Fingerprint(const Finding& finding) {
  // Separators keep ("a","bc") and ("ab","c") apart.
  std::string key = finding.rule_id + '\x1f' + finding.url + '\x1f' + finding.evidence_key;
  return Hex64(Fnv1a64(key));
}

}  // namespace govaudit
