// URL parsing, resolution and normalisation for http(s) URLs, as the crawler and the page
// model need them: one spelling per resource, so that visited-sets and finding fingerprints
// do not split on cosmetic differences (case, default ports, %7e vs ~, dot segments).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace govaudit {

struct Url {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; IPv6 literals keep their brackets
  int port = -1;       // -1 = the scheme's default port
  std::string path;    // starts with "/"
  std::string query;   // without '?', may be empty
  bool has_query = false;

  std::string Origin() const;    // scheme://host[:port] (port omitted when default)
  int EffectivePort() const;     // the port connected to: `port`, or 80/443 by scheme
  std::string ToString() const;  // Origin() + path + ["?" query]
};

// Parses and normalises an absolute http(s) URL. nullopt for other schemes and malformed URLs.
std::optional<Url> ParseUrl(std::string_view absolute_url);

// Resolves href against base (RFC 3986 section 5.2: relative paths, ../ and ./, //host,
// ?query only, #fragment only), then normalises: lower-case scheme and host, drops the
// default port and the fragment, removes dot segments, upper-case percent-encoding hex,
// decodes unreserved characters, encodes spaces, control and non-ASCII bytes as %XX, and
// turns an empty path into "/". Leading/trailing whitespace is trimmed and tabs/newlines
// inside are removed, and backslashes count as slashes, as browsers do.
// nullopt for javascript:, mailto:, tel:, data:, empty or malformed hrefs, an unusable base,
// and any non-http(s) result (file:, ftp: ...).
std::optional<std::string> NormalizeUrl(std::string_view base_url, std::string_view href);

// The same for an absolute URL, without a base.
std::optional<std::string> NormalizeUrl(std::string_view absolute_url);

// NormalizeUrl for many hrefs of one page: the base is parsed once, not once per link.
class UrlResolver {
 public:
  explicit UrlResolver(std::string_view base_url);
  std::optional<std::string> Resolve(std::string_view href) const;

 private:
  std::optional<Url> base_;
};

// Percent-encoding, one byte or escape at a time, for the canonical forms above and robots.txt's.
// Appends `c` as "%XX" (upper-case hex).
void AppendPercentEncoded(unsigned char c, std::string* out);
// If s[pos..] is an escape "%XY" (two hex digits), appends its canonical form — the character
// itself when it is unreserved (A–Z a–z 0–9 - . _ ~), else "%XY" in upper case — and returns
// true; returns false and appends nothing when it is not one.
bool AppendCanonicalEscape(std::string_view s, size_t pos, std::string* out);

}  // namespace govaudit
