// Readable names for parameterised tests: ctest shows these instead of the parameter's bytes.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace govaudit::testing {

// "c3_crawl_max_pages": the case's index and the ASCII letters and digits of `text` (other
// characters collapse to '_'), at most 48 of them.
inline std::string CaseName(size_t index, std::string_view text) {
  std::string name = "c" + std::to_string(index);
  bool gap = true;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (keep) {
      if (gap) name.push_back('_');
      name.push_back(c);
      gap = false;
    } else {
      gap = true;
    }
    if (name.size() >= 48) break;
  }
  return name;
}

// The name generator of INSTANTIATE_TEST_SUITE_P for cases that carry a name: CaseName of the
// parameter's markup's name, else of its `name`, else of its fixture `file` (without its first
// folder, "dev/" or "test/").
struct NameOfCase {
  template <typename P>
  std::string operator()(const ::testing::TestParamInfo<P>& info) const {
    const P& c = info.param;
    if constexpr (requires { c.markup.name; }) {
      return CaseName(info.index, c.markup.name);
    } else if constexpr (requires { c.name; }) {
      return CaseName(info.index, c.name);
    } else {
      const std::string_view file = c.file;
      return CaseName(info.index, file.substr(file.find('/') + 1));
    }
  }
};

// The key an error message names ("file:2: key 'crawl.max_pages': ..." → "crawl.max_pages").
inline std::string_view KeyOf(std::string_view message) {
  const size_t start = message.find("key '");
  if (start == std::string_view::npos) return message;
  const size_t end = message.find('\'', start + 5);
  return message.substr(start + 5, end == std::string_view::npos ? std::string_view::npos : end - start - 5);
}

}  // namespace govaudit::testing
