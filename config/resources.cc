#include "config/resources.h"

#include <algorithm>
#include <utility>

namespace govaudit::resources {
namespace internal {
extern const std::pair<std::string_view, std::string_view> kResources[];
}

std::string_view Get(std::string_view name) {
  for (size_t i = 0; !internal::kResources[i].first.empty(); ++i) {
    if (internal::kResources[i].first == name) return internal::kResources[i].second;
  }
  return {};
}

bool Has(std::string_view name) {
  for (size_t i = 0; !internal::kResources[i].first.empty(); ++i) {
    if (internal::kResources[i].first == name) return true;
  }
  return false;
}

std::vector<std::string> List(std::string_view prefix) {
  std::vector<std::string> names;
  for (size_t i = 0; !internal::kResources[i].first.empty(); ++i) {
    if (internal::kResources[i].first.substr(0, prefix.size()) == prefix) {
      names.emplace_back(internal::kResources[i].first);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace govaudit::resources
