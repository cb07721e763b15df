// robots.txt rules (RFC 9309) for one crawler product token.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

class RobotsRules {
 public:
  // RFC 9309 allows ignoring everything past 500 KiB.
  static constexpr size_t kMaxParseBytes = 500 * 1024;

  // user_agent_token: product token like "govaudit" (matched case-insensitively against the
  // product token of User-agent lines; the "*" groups are used when no specific group matches).
  // Consecutive user-agent lines share the rules that follow; several groups for the same agent
  // are merged. Tolerates a BOM, CR/LF/CRLF, comments, leading spaces, unknown lines, common
  // misspellings of the keys and lines whose colon is missing ("Disallow /x").
  static RobotsRules Parse(std::string_view robots_txt, std::string_view user_agent_token);
  static RobotsRules AllowAll();
  // For a robots.txt that is unreachable because of a server error (RFC 9309 2.3.1.4).
  static RobotsRules DisallowAll();

  // path_and_query: "/a/b?x=1" (percent-encoding as in the URL). Longest match wins; on a tie
  // Allow wins; `*` wildcard and `$` end anchor; "/robots.txt" always allowed; an empty
  // Disallow disallows nothing.
  bool Allowed(std::string_view path_and_query) const;
  // Crawl-delay of the matched group(s); the largest if merged groups disagree.
  std::optional<double> crawl_delay_seconds() const { return crawl_delay_; }
  // Sitemap: lines (any group; absolute http(s) URLs only, duplicates removed, in order).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    std::string pattern;  // normalised percent-encoding
    bool allow = false;
  };

  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

}  // namespace govaudit
