// Reading findings.json as an audit wrote it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace govaudit::testing {

// The first finding of `rule` in a findings.json document, or nullptr.
inline const nlohmann::json* FindingOf(const nlohmann::json& document, const std::string& rule) {
  for (const auto& f : document["findings"]) {
    if (f["rule"] == rule) return &f;
  }
  return nullptr;
}

}  // namespace govaudit::testing
