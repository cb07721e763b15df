// One field of every element of a list, as a list: what a test compares in one expectation.
#pragma once

#include <string>
#include <vector>

namespace govaudit::testing {

// `field(item)` for each item, in order.
template <typename T, typename F>
std::vector<std::string> Collect(const std::vector<T>& items, F field) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const T& item : items) out.push_back(field(item));
  return out;
}

}  // namespace govaudit::testing
