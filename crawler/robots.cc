#include "crawler/robots.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "common/strings.h"
#include "common/url.h"

namespace govaudit {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }




// RFC 9309 product tokens are letters, '_' and '-'; "govaudit/1.0" matches "govaudit".
std::string ProductToken(std::string_view value) {
  size_t end = 0;
  while (end < value.size()) {
    char c = value[end];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
    if (!ok) break;
    ++end;
  }
  return LowerAscii(value.substr(0, end));
}

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kUnknown };

// Includes misspellings seen in real robots.txt files; honouring them errs towards politeness.
Key ClassifyKey(std::string_view raw) {
  std::string key = LowerAscii(raw);
  if (key == "user-agent" || key == "useragent" || key == "user agent" || key == "user_agent") {
    return Key::kUserAgent;
  }
  if (key == "allow") return Key::kAllow;
  if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow" ||
      key == "diasllow" || key == "disallaw") {
    return Key::kDisallow;
  }
  if (key == "crawl-delay" || key == "crawldelay" || key == "crawl_delay" ||
      key == "crawl delay") {
    return Key::kCrawlDelay;
  }
  if (key == "sitemap" || key == "site-map" || key == "site map") return Key::kSitemap;
  return Key::kUnknown;
}

// RFC 9309 2.2.2: compare with non-ASCII octets percent-encoded and percent-encoded
// unreserved characters decoded, so "/a%62c", "/abc" and raw UTF-8 paths compare equal to
// their canonical forms. Hex digits are upper-cased.
std::string NormalisePercentEncoding(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && AppendCanonicalEscape(s, i, &out)) {
      i += 2;
    } else if (c >= 0x80) {
      AppendPercentEncoded(c, &out);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// `*` matches any sequence; `$` at the end anchors; anything else is literal and
// case-sensitive. Tracks every path position the pattern prefix can end at.
bool PatternMatches(std::string_view pattern, std::string_view path) {
  std::vector<size_t> positions{0};
  std::vector<size_t> next;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char p = pattern[i];
    if (p == '$' && i + 1 == pattern.size()) return positions.back() == path.size();
    if (p == '*') {
      size_t first = positions.front();
      positions.clear();
      for (size_t pos = first; pos <= path.size(); ++pos) positions.push_back(pos);
      continue;
    }
    next.clear();
    for (size_t pos : positions) {
      if (pos < path.size() && path[pos] == p) next.push_back(pos + 1);
    }
    if (next.empty()) return false;
    positions.swap(next);
  }
  return true;
}

std::optional<double> ParseDelay(std::string_view value) {
  double seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end == value.data()) return std::nullopt;
  if (!std::isfinite(seconds) || seconds < 0) return std::nullopt;
  return seconds;
}

struct Group {
  bool matches_token = false;
  bool matches_star = false;
  std::vector<std::pair<std::string, bool>> rules;  // raw pattern, allow
  std::optional<double> crawl_delay;
};

}  // namespace

RobotsRules RobotsRules::AllowAll() { return RobotsRules(); }

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.rules_.push_back(Rule{"/", false});
  return rules;
}

RobotsRules RobotsRules::Parse(std::string_view robots_txt, std::string_view user_agent_token) {
  std::string_view text = robots_txt;
  if (text.size() > kMaxParseBytes) {
    text = text.substr(0, kMaxParseBytes);
    // Drop the line cut in half by the limit.
    size_t last_break = text.find_last_of("\r\n");
    text = last_break == std::string_view::npos ? std::string_view() : text.substr(0, last_break);
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::string token = ProductToken(TrimAscii(user_agent_token));

  RobotsRules result;
  std::vector<Group> groups;
  bool previous_was_user_agent = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;

    size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    line = TrimAscii(line);
    if (line.empty()) continue;

    std::string_view key, value;
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      key = TrimAscii(line.substr(0, colon));
      value = TrimAscii(line.substr(colon + 1));
    } else {
      // "Disallow /private": accept a known key separated by whitespace.
      size_t space = 0;
      while (space < line.size() && !IsSpace(line[space])) ++space;
      key = line.substr(0, space);
      value = TrimAscii(line.substr(space));
    }

    switch (ClassifyKey(key)) {
      case Key::kUserAgent: {
        if (!previous_was_user_agent || groups.empty()) groups.emplace_back();
        previous_was_user_agent = true;
        Group& group = groups.back();
        if (!value.empty() && value.front() == '*' &&
            (value.size() == 1 || IsSpace(value[1]))) {
          group.matches_star = true;
        } else {
          std::string product = ProductToken(value);
          if (!product.empty() && product == token) group.matches_token = true;
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        previous_was_user_agent = false;
        if (groups.empty()) break;  // rules before any User-agent belong to nobody
        if (value.empty()) break;   // an empty rule matches nothing
        groups.back().rules.emplace_back(std::string(value),
                                         ClassifyKey(key) == Key::kAllow);
        break;
      }
      case Key::kCrawlDelay: {
        previous_was_user_agent = false;
        if (groups.empty()) break;
        if (auto delay = ParseDelay(value); delay && !groups.back().crawl_delay) {
          groups.back().crawl_delay = delay;
        }
        break;
      }
      case Key::kSitemap: {
        // Not part of any group, and does not end a run of User-agent lines.
        if (StartsWithNoCase(value, 0, "http://") || StartsWithNoCase(value, 0, "https://")) {
          std::string url(value);
          if (std::find(result.sitemaps_.begin(), result.sitemaps_.end(), url) ==
              result.sitemaps_.end()) {
            result.sitemaps_.push_back(std::move(url));
          }
        }
        break;
      }
      case Key::kUnknown:
        break;
    }
  }

  const bool any_specific = std::any_of(groups.begin(), groups.end(),
                                        [](const Group& g) { return g.matches_token; });
  for (const Group& group : groups) {
    if (any_specific ? !group.matches_token : !group.matches_star) continue;
    for (const auto& [pattern, allow] : group.rules) {
      std::string normalised = NormalisePercentEncoding(pattern);
      // Paths always start with '/'; "Disallow: admin/" is meant as "/admin/".
      if (normalised.front() != '/' && normalised.front() != '*') normalised = "/" + normalised;
      result.rules_.push_back(Rule{std::move(normalised), allow});
    }
    if (group.crawl_delay) {
      result.crawl_delay_ = std::max(result.crawl_delay_.value_or(0), *group.crawl_delay);
    }
  }
  return result;
}

bool RobotsRules::Allowed(std::string_view path_and_query) const {
  std::string path =
      NormalisePercentEncoding(path_and_query.empty() ? std::string_view("/") : path_and_query);
  if (path.substr(0, path.find('?')) == "/robots.txt") return true;
  long best_allow = -1;
  long best_disallow = -1;
  for (const Rule& rule : rules_) {
    long length = static_cast<long>(rule.pattern.size());
    long& best = rule.allow ? best_allow : best_disallow;
    if (length <= best) continue;
    if (PatternMatches(rule.pattern, path)) best = length;
  }
  return best_disallow < 0 || best_allow >= best_disallow;
}

}  // namespace govaudit
