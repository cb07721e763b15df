#include "common/url.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace govaudit {
namespace {

struct ResolveCase {
  const char* base;
  const char* href;
  const char* expected;  // nullptr = nullopt
};

std::string Describe(const ResolveCase& c) {
  return std::string("base=") + c.base + " href=[" + c.href + "]";
}

// RFC 3986 section 5.4 reference resolution examples (http schemes only).
TEST(NormalizeUrlTest, ResolvesRfc3986Examples) {
  const char* base = "http://a/b/c/d;p?q";
  const ResolveCase cases[] = {
      {base, "g", "http://a/b/c/g"},
      {base, "./g", "http://a/b/c/g"},
      {base, "g/", "http://a/b/c/g/"},
      {base, "/g", "http://a/g"},
      {base, "//g", "http://g/"},
      {base, "?y", "http://a/b/c/d;p?y"},
      {base, "g?y", "http://a/b/c/g?y"},
      {base, "#s", "http://a/b/c/d;p?q"},
      {base, "g#s", "http://a/b/c/g"},
      {base, "g?y#s", "http://a/b/c/g?y"},
      {base, ";x", "http://a/b/c/;x"},
      {base, "g;x", "http://a/b/c/g;x"},
      {base, ".", "http://a/b/c/"},
      {base, "./", "http://a/b/c/"},
      {base, "..", "http://a/b/"},
      {base, "../", "http://a/b/"},
      {base, "../g", "http://a/b/g"},
      {base, "../..", "http://a/"},
      {base, "../../", "http://a/"},
      {base, "../../g", "http://a/g"},
      {base, "../../../g", "http://a/g"},
      {base, "../../../../g", "http://a/g"},
      {base, "/./g", "http://a/g"},
      {base, "/../g", "http://a/g"},
      {base, "g.", "http://a/b/c/g."},
      {base, ".g", "http://a/b/c/.g"},
      {base, "g..", "http://a/b/c/g.."},
      {base, "..g", "http://a/b/c/..g"},
      {base, "./../g", "http://a/b/g"},
      {base, "./g/.", "http://a/b/c/g/"},
      {base, "g/./h", "http://a/b/c/g/h"},
      {base, "g/../h", "http://a/b/c/h"},
      {base, "g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {base, "g;x=1/../y", "http://a/b/c/y"},
      {base, "g?y/./x", "http://a/b/c/g?y/./x"},
      {base, "http:g", "http://a/b/c/g"},
  };
  for (const ResolveCase& c : cases) {
    std::optional<std::string> got = NormalizeUrl(c.base, c.href);
    ASSERT_TRUE(got.has_value()) << Describe(c);
    EXPECT_EQ(*got, c.expected) << Describe(c);
  }
}

TEST(NormalizeUrlTest, NormalisesSchemeHostPortAndEncoding) {
  const ResolveCase cases[] = {
      // Case of scheme and host, default ports, empty path.
      {"http://x/", "HTTP://WWW.Example.GOV.cn", "http://www.example.gov.cn/"},
      {"http://x/", "http://www.gov.cn:80/a", "http://www.gov.cn/a"},
      {"http://x/", "https://www.gov.cn:443/a", "https://www.gov.cn/a"},
      {"http://x/", "http://www.gov.cn:443/a", "http://www.gov.cn:443/a"},
      {"http://x/", "https://www.gov.cn:8443", "https://www.gov.cn:8443/"},
      {"http://x/", "http://www.gov.cn:/a", "http://www.gov.cn/a"},
      {"http://x/", "http://user:pw@www.gov.cn/a", "http://www.gov.cn/a"},
      {"http://x/", "http://[::1]:8080/a", "http://[::1]:8080/a"},
      // Path case is kept; fragments dropped.
      {"http://x/", "http://h/A/B.HTML#Top", "http://h/A/B.HTML"},
      // Percent-encoding: upper-case hex, unreserved decoded, reserved kept encoded.
      {"http://x/", "http://h/%7euser/%2fa%2Fb", "http://h/~user/%2Fa%2Fb"},
      {"http://x/", "http://h/a%2db%5F%41", "http://h/a-b_A"},
      {"http://x/", "http://h/%e6%94%bf", "http://h/%E6%94%BF"},
      {"http://x/", "http://h/100%", "http://h/100%25"},
      {"http://x/", "http://h/%zz", "http://h/%25zz"},
      // Spaces and non-ASCII bytes are encoded in path and query.
      {"http://x/", "http://h/a b/政务.html?q=公开 信息", "http://h/a%20b/%E6%94%BF%E5%8A%A1.html?q=%E5%85%AC%E5%BC%80%20%E4%BF%A1%E6%81%AF"},
      {"http://h/dir/", "附件 1.pdf", "http://h/dir/%E9%99%84%E4%BB%B6%201.pdf"},
      // Dot segments, including encoded dots.
      {"http://x/", "http://h/a/./b/../c", "http://h/a/c"},
      {"http://x/", "http://h/a/%2e%2E/c", "http://h/c"},
      // Query kept as written apart from encoding; empty query after '?' kept.
      {"http://x/", "http://h/p?b=2&a=1", "http://h/p?b=2&a=1"},
      {"http://x/", "http://h/p?", "http://h/p?"},
      // Whitespace trimmed, tabs and newlines inside removed.
      {"http://x/", "  \n http://h/a\tb\n/c \t", "http://h/ab/c"},
      {"http://h/dir/page.html", " ../x.html ", "http://h/x.html"},
      // Backslashes count as slashes before the query.
      {"http://h/dir/page.html", "..\\up\\x.html", "http://h/up/x.html"},
      {"http://x/", "http:\\\\h\\a\\b?q=\\", "http://h/a/b?q=\\"},
      // Scheme-relative keeps the base scheme.
      {"https://h/dir/", "//cdn.gov.cn/x.js", "https://cdn.gov.cn/x.js"},
      // Relative references keep the base's port.
      {"http://h:8080/a/b", "c?d=1", "http://h:8080/a/c?d=1"},
      // Fragment-only and query-only references.
      {"http://h/a/b?x=1#old", "#new", "http://h/a/b?x=1"},
      {"http://h/a/b?x=1", "?y=2", "http://h/a/b?y=2"},
  };
  for (const ResolveCase& c : cases) {
    std::optional<std::string> got = NormalizeUrl(c.base, c.href);
    ASSERT_TRUE(got.has_value()) << Describe(c);
    EXPECT_EQ(*got, c.expected) << Describe(c);
  }
}

TEST(NormalizeUrlTest, RejectsNonHttpAndUnusableHrefs) {
  const char* base = "http://www.gov.cn/a/";
  const char* rejected[] = {
      "javascript:void(0)", "JavaScript:;", " javascript:alert(1)", "mailto:a@b.cn",
      "tel:12345",          "data:text/html,hi", "file:///etc/passwd", "ftp://ftp.gov.cn/x",
      "",                   "   ",                "\t\n",           "http://",
      "https:///",          "http://h:99999/",   "http://h:8a/",     "http://[::1/",
      "http://a b/",        "c:\\docs\\a.doc",
  };
  for (const char* href : rejected) {
    EXPECT_FALSE(NormalizeUrl(base, href).has_value()) << "href=[" << href << "]";
  }
}

TEST(NormalizeUrlTest, RelativeHrefNeedsAnHttpBase) {
  EXPECT_FALSE(NormalizeUrl("ftp://h/a/", "b.html").has_value());
  EXPECT_FALSE(NormalizeUrl("not a url", "b.html").has_value());
  // An absolute href does not need the base.
  EXPECT_EQ(NormalizeUrl("not a url", "http://h/b.html"), "http://h/b.html");
}

TEST(NormalizeUrlTest, IsIdempotent) {
  const char* urls[] = {"http://h/a%20b/%E6%94%BF?q=%2F&x=~", "https://h:8443/", "http://h/p?"};
  for (const char* u : urls) {
    std::optional<std::string> once = NormalizeUrl(u);
    ASSERT_TRUE(once.has_value()) << u;
    EXPECT_EQ(NormalizeUrl(*once), once) << u;
  }
}

TEST(ParseUrlTest, SplitsComponents) {
  std::optional<Url> url = ParseUrl("HTTPS://Www.Pingtan.GOV.cn:8443/zwgk/a.htm?id=1&b=%7e#frag");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "www.pingtan.gov.cn");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->path, "/zwgk/a.htm");
  EXPECT_TRUE(url->has_query);
  EXPECT_EQ(url->query, "id=1&b=~");
  EXPECT_EQ(url->Origin(), "https://www.pingtan.gov.cn:8443");
  EXPECT_EQ(url->ToString(), "https://www.pingtan.gov.cn:8443/zwgk/a.htm?id=1&b=~");
}

TEST(ParseUrlTest, DefaultPortIsMinusOneAndOmittedFromOrigin) {
  std::optional<Url> url = ParseUrl("http://www.gov.cn:80");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->port, -1);
  EXPECT_EQ(url->path, "/");
  EXPECT_FALSE(url->has_query);
  EXPECT_EQ(url->query, "");
  EXPECT_EQ(url->Origin(), "http://www.gov.cn");
}

TEST(ParseUrlTest, RejectsOtherSchemesAndRelativeUrls) {
  EXPECT_FALSE(ParseUrl("ftp://h/x").has_value());
  EXPECT_FALSE(ParseUrl("/relative/path").has_value());
  EXPECT_FALSE(ParseUrl("www.gov.cn/a").has_value());
  EXPECT_FALSE(ParseUrl("mailto:x@gov.cn").has_value());
}

TEST(PercentEncodingTest, CanonicalEscapesDecodeUnreservedCharactersAndUpperCaseTheRest) {
  auto canonical = [](std::string_view s, size_t pos) -> std::optional<std::string> {
    std::string out;
    if (!AppendCanonicalEscape(s, pos, &out)) return std::nullopt;
    return out;
  };
  EXPECT_EQ(canonical("%7e", 0), "~");
  EXPECT_EQ(canonical("a%41", 1), "A");
  EXPECT_EQ(canonical("%2f", 0), "%2F");
  EXPECT_EQ(canonical("%e4%b8", 3), "%B8");
  EXPECT_EQ(canonical("%4", 0), std::nullopt);   // truncated
  EXPECT_EQ(canonical("%4g", 0), std::nullopt);  // not hex
  EXPECT_EQ(canonical("x41", 0), std::nullopt);  // not an escape
  std::string out;
  AppendPercentEncoded(0xE4, &out);
  AppendPercentEncoded(' ', &out);
  EXPECT_EQ(out, "%E4%20");
}

TEST(ParseUrlTest, EffectivePortIsTheSchemesWhenTheUrlNamesNone) {
  EXPECT_EQ(ParseUrl("https://www.gov.cn/a")->EffectivePort(), 443);
  EXPECT_EQ(ParseUrl("http://www.gov.cn/a")->EffectivePort(), 80);
  EXPECT_EQ(ParseUrl("http://www.gov.cn:8080/a")->EffectivePort(), 8080);
  EXPECT_EQ(ParseUrl("https://www.gov.cn:443/a")->EffectivePort(), 443);
}

}  // namespace
}  // namespace govaudit
