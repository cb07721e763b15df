// Finding: one defect found on a site, the value every rule produces and every
// report writer reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

enum class Severity { kHigh = 0, kMedium = 1, kLow = 2 };

std::string_view SeverityName(Severity severity);  // "high", "medium", "low"
std::optional<Severity> ParseSeverity(std::string_view name);
// True if `severity` is at least as serious as `threshold` (high >= medium >= low).
inline bool AtLeast(Severity severity, Severity threshold) {
  return static_cast<int>(severity) <= static_cast<int>(threshold);
}

struct Finding {
  std::string rule_id;   // "family.name", e.g. "link.broken"
  Severity severity = Severity::kMedium;
  std::string url;       // the page (or link target) the defect belongs to
  std::string title;     // the page's title, if known
  std::string message;   // one sentence an inspector can act on
  std::string evidence;  // excerpt or label/value; personal data already masked
  std::string highlight; // the part of `evidence` to highlight (masked), may be empty
  std::vector<std::string> referrers;  // pages linking to `url`, where relevant
  // What makes this defect the same defect tomorrow (e.g. the masked value, the missing
  // field names). Together with rule and url it forms the fingerprint.
  std::string evidence_key;
  std::string page_kind_reasons;  // why the page was classified as it was, if it matters
  std::string location;  // where on the page: "table 2 row 5 column 3", "text offset 1200"
};

// Stable id of a finding across runs: hex of a 64-bit hash of rule, url and evidence key.
std::string Fingerprint(const Finding& finding);

// The id people read out and type: the fingerprint's first 8 hex digits, upper case, in two
// groups ("3F2A-9C01"). Stable across runs like the fingerprint; commands accept it (and any
// longer prefix) wherever they take an id.
std::string ShortId(std::string_view fingerprint);
// An id as typed ("3F2A-9C01", "3f2a 9c01", a whole fingerprint) as the hex prefix the store
// looks up: separators dropped, lower case. Characters other than hex digits are kept, so
// the lookup can name them.
std::string IdPrefix(std::string_view typed);

}  // namespace govaudit
