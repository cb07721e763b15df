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

std::string ShortId(std::string_view fingerprint) {
  std::string out;
  for (size_t i = 0; i < fingerprint.size() && i < 8; ++i) {
    if (i == 4) out.push_back('-');
    const char c = fingerprint[i];
    out.push_back(c >= 'a' && c <= 'f' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

std::string IdPrefix(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '_') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace govaudit
