// The href="..." targets of an HTML text, resolved against its URL: enough for tests that
// feed links back to a crawler without the page model.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/url.h"

namespace govaudit::testing {

inline std::vector<std::string> Hrefs(std::string_view base_url, std::string_view html) {
  std::vector<std::string> out;
  const UrlResolver resolver(base_url);
  for (size_t at = html.find("href="); at != std::string_view::npos; at = html.find("href=", at + 5)) {
    size_t start = at + 5;
    if (start >= html.size()) break;
    const char quote = html[start];
    size_t end;
    if (quote == '"' || quote == '\'') {
      ++start;
      end = html.find(quote, start);
    } else {
      end = html.find_first_of(" >\t\n", start);
    }
    if (end == std::string_view::npos) break;
    if (auto url = resolver.Resolve(html.substr(start, end - start))) out.push_back(*url);
  }
  return out;
}

}  // namespace govaudit::testing
