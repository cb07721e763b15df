#include "common/finding.h"

#include "common/enum_names.h"
#include "common/hash.h"

namespace govaudit {

namespace {

constexpr EnumName<Severity> kSeverityNames[] = {
    {Severity::kMedium, "medium", ""},
    {Severity::kHigh, "high", ""},
    {Severity::kLow, "low", ""},
};

}  // namespace

std::string_view SeverityName(Severity severity) { return NameOf(kSeverityNames, severity).id; }

std::optional<Severity> ParseSeverity(std::string_view name) { return ValueNamed(kSeverityNames, name); }

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
