#include "crawler/robots.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace govaudit {
namespace {

// Each path is checked on its own and named when it fails.
void ExpectAllowed(const RobotsRules& rules, std::initializer_list<std::string_view> paths) {
  for (std::string_view path : paths) EXPECT_TRUE(rules.Allowed(path)) << path;
}

void ExpectRefused(const RobotsRules& rules, std::initializer_list<std::string_view> paths) {
  for (std::string_view path : paths) EXPECT_FALSE(rules.Allowed(path)) << path;
}

// RFC 9309 section 5.1.
constexpr std::string_view kRfcExample =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n"
    "\n"
    "EOF\n";

TEST(RobotsTest, RfcExampleStarGroupForUnknownAgent) {
  RobotsRules rules = RobotsRules::Parse(kRfcExample, "govaudit");
  ExpectRefused(rules, {"/example/page.html", "/images/logo.gif"});
  // "/images/logo.gif?v=2": `$` anchors at the very end
  ExpectAllowed(rules, {"/images/logo.gif?v=2", "/publications/report.pdf", "/"});
}

TEST(RobotsTest, RfcExampleSpecificGroupBeatsStar) {
  RobotsRules rules = RobotsRules::Parse(kRfcExample, "foobot");
  // "/publications/": the * Allow does not apply to foobot
  ExpectRefused(rules, {"/", "/publications/", "/example/other.gif"});
  ExpectAllowed(rules, {"/example/page.html", "/example/allowed.gif"});
}

TEST(RobotsTest, RfcExampleConsecutiveAgentsShareRules) {
  for (std::string_view agent : {"barbot", "bazbot", "BazBot"}) {
    RobotsRules rules = RobotsRules::Parse(kRfcExample, agent);
    EXPECT_FALSE(rules.Allowed("/example/page.html")) << agent;
    EXPECT_TRUE(rules.Allowed("/example/other.html")) << agent;
    EXPECT_TRUE(rules.Allowed("/images/logo.gif")) << agent;  // not the * group
  }
}

TEST(RobotsTest, RfcExampleEmptySpecificGroupAllowsEverything) {
  RobotsRules rules = RobotsRules::Parse(kRfcExample, "quxbot");
  ExpectAllowed(rules, {"/example/page.html", "/images/logo.gif"});
}

TEST(RobotsTest, LongestMatchWins) {
  // RFC 9309 section 5.2.
  RobotsRules rules = RobotsRules::Parse(
      "User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n",
      "foobot");
  ExpectAllowed(rules, {"/example/page/", "/example/page/ok.gif"});
  ExpectRefused(rules, {"/example/page/disallowed.gif"});
}

TEST(RobotsTest, AllowWinsATie) {
  RobotsRules rules =
      RobotsRules::Parse("User-agent: *\nDisallow: /page\nAllow: /page\n", "govaudit");
  EXPECT_TRUE(rules.Allowed("/page"));
  RobotsRules wildcard_tie =
      RobotsRules::Parse("User-agent: *\nDisallow: /*/b.htm\nAllow: /a/b.htm\n", "govaudit");
  // "/a/b.htm": both 8 octets
  ExpectAllowed(wildcard_tie, {"/a/b.htm"});
  ExpectRefused(wildcard_tie, {"/c/b.htm"});
}

TEST(RobotsTest, WildcardsAndEndAnchor) {
  RobotsRules rules = RobotsRules::Parse(
      "User-agent: *\n"
      "Disallow: /*.php$\n"
      "Disallow: /fish*.html\n"
      "Disallow: /*/private/\n"
      "Disallow: /exact$\n",
      "govaudit");
  ExpectRefused(rules, {"/index.php", "/a/b/index.php", "/fish.html", "/fishheads/catfish.html?id=1", "/zwgk/private/x",
                        "/exact"});
  // "/Fish.html": paths are case-sensitive
  ExpectAllowed(rules, {"/index.php?x=1", "/index.php5", "/Fish.html", "/private/x", "/exact/more"});
}

TEST(RobotsTest, EmptyDisallowDisallowsNothing) {
  RobotsRules rules = RobotsRules::Parse("User-agent: *\nDisallow:\n", "govaudit");
  ExpectAllowed(rules, {"/", "/anything"});
}

TEST(RobotsTest, RobotsTxtAlwaysAllowed) {
  RobotsRules rules = RobotsRules::Parse("User-agent: *\nDisallow: /\n", "govaudit");
  ExpectRefused(rules, {"/index.html"});
  ExpectAllowed(rules, {"/robots.txt"});
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("/"));
  EXPECT_TRUE(RobotsRules::DisallowAll().Allowed("/robots.txt"));
  EXPECT_TRUE(RobotsRules::AllowAll().Allowed("/anything"));
}

TEST(RobotsTest, GroupsForSameAgentAreMerged) {
  RobotsRules rules = RobotsRules::Parse(
      "user-agent: GovAudit\n"
      "disallow: /foo\n"
      "disallow: /bar\n"
      "\n"
      "user-agent: *\n"
      "disallow: /star\n"
      "\n"
      "user-agent: govaudit\n"
      "disallow: /baz\n",
      "govaudit");
  ExpectRefused(rules, {"/foo", "/bar", "/baz"});
  ExpectAllowed(rules, {"/star"});
}

TEST(RobotsTest, AgentLineWithVersionMatchesProductToken) {
  RobotsRules rules = RobotsRules::Parse(
      "User-agent: govaudit/1.0\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", "govaudit");
  ExpectRefused(rules, {"/a"});
  ExpectAllowed(rules, {"/b"});
  // A longer token that merely starts with ours is another crawler.
  RobotsRules other = RobotsRules::Parse(
      "User-agent: govauditor\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", "govaudit");
  ExpectAllowed(other, {"/a"});
  ExpectRefused(other, {"/b"});
}

TEST(RobotsTest, NoMatchingGroupAllowsEverything) {
  RobotsRules rules = RobotsRules::Parse("User-agent: Baiduspider\nDisallow: /\n", "govaudit");
  EXPECT_TRUE(rules.Allowed("/zwgk/"));
  EXPECT_FALSE(rules.crawl_delay_seconds().has_value());
}

TEST(RobotsTest, CrawlDelayOfMatchedGroup) {
  constexpr std::string_view kText =
      "User-agent: *\nCrawl-delay: 5\nDisallow: /tmp/\n\n"
      "User-agent: govaudit\nCrawl-delay: 2.5\nDisallow: /x/\n";
  RobotsRules ours = RobotsRules::Parse(kText, "govaudit");
  ASSERT_TRUE(ours.crawl_delay_seconds().has_value());
  EXPECT_DOUBLE_EQ(*ours.crawl_delay_seconds(), 2.5);
  RobotsRules others = RobotsRules::Parse(kText, "somebot");
  ASSERT_TRUE(others.crawl_delay_seconds().has_value());
  EXPECT_DOUBLE_EQ(*others.crawl_delay_seconds(), 5.0);
  EXPECT_FALSE(RobotsRules::Parse("User-agent: *\nCrawl-delay: soon\n", "govaudit")
                   .crawl_delay_seconds()
                   .has_value());
}

TEST(RobotsTest, SitemapLinesFromAnywhere) {
  RobotsRules rules = RobotsRules::Parse(
      "Sitemap: https://www.example.gov.cn/sitemap.xml\n"
      "User-agent: Baiduspider\n"
      "Sitemap: http://www.example.gov.cn/sitemap_zwgk.xml   # policy docs\n"
      "Disallow: /\n"
      "sitemap: /relative.xml\n"
      "SITEMAP: https://www.example.gov.cn/sitemap.xml\n",
      "govaudit");
  EXPECT_EQ(rules.sitemaps(),
            (std::vector<std::string>{"https://www.example.gov.cn/sitemap.xml",
                                      "http://www.example.gov.cn/sitemap_zwgk.xml"}));
}

TEST(RobotsTest, SitemapBetweenAgentLinesDoesNotSplitTheGroup) {
  RobotsRules rules = RobotsRules::Parse(
      "User-agent: a\nSitemap: https://x.gov.cn/s.xml\nUser-agent: govaudit\nDisallow: /p\n",
      "govaudit");
  EXPECT_FALSE(rules.Allowed("/p"));
}

TEST(RobotsTest, CrlfBomCommentsAndLeadingSpaces) {
  RobotsRules rules = RobotsRules::Parse(
      "\xEF\xBB\xBFUser-agent: *\r\n"
      "# full-line comment\r\n"
      "   Disallow: /admin/   # trailing comment\r\n"
      "\tAllow: /admin/public\r\n"
      "Noindex: /ignored\r\n"
      "this line has no colon\r\n"
      "Disallow /nocolon\r\n"
      "Dissallow: /typo\r"
      "Disallow: /cr-only\r\n",
      "govaudit");
  ExpectRefused(rules, {"/admin/login", "/nocolon", "/typo", "/cr-only"});
  ExpectAllowed(rules, {"/admin/public/list.html", "/ignored", "/"});
}

TEST(RobotsTest, BomDoesNotHideFirstAgentLine) {
  RobotsRules rules =
      RobotsRules::Parse("\xEF\xBB\xBFUser-agent: govaudit\nDisallow: /\n", "govaudit");
  EXPECT_FALSE(rules.Allowed("/a"));
}

TEST(RobotsTest, RulesBeforeAnyAgentAreIgnored) {
  RobotsRules rules = RobotsRules::Parse("Disallow: /\nUser-agent: *\nDisallow: /x\n", "govaudit");
  ExpectAllowed(rules, {"/a"});
  ExpectRefused(rules, {"/x"});
}

TEST(RobotsTest, PercentEncodingIsNormalisedOnBothSides) {
  RobotsRules rules = RobotsRules::Parse(
      "User-agent: *\n"
      "Disallow: /foo/bar/\xE3\x83\x84\n"  // raw UTF-8 in the file
      "Disallow: /%7ejohn/\n"              // encoded unreserved character
      "Disallow: /a%2fb\n",                // encoded reserved character stays encoded
      "govaudit");
  ExpectRefused(rules, {"/foo/bar/%E3%83%84", "/foo/bar/%e3%83%84", "/~john/index.html", "/a%2Fb"});
  ExpectAllowed(rules, {"/a/b"});
}

TEST(RobotsTest, QueryStringIsPartOfThePath) {
  RobotsRules rules =
      RobotsRules::Parse("User-agent: *\nDisallow: /search?\nDisallow: /*?print=1\n", "govaudit");
  ExpectAllowed(rules, {"/search", "/art/1.html"});
  ExpectRefused(rules, {"/search?q=x", "/art/1.html?print=1"});
}

TEST(RobotsTest, ParsingStopsAt500KiB) {
  std::string text = "User-agent: *\nDisallow: /early\n";
  while (text.size() < RobotsRules::kMaxParseBytes + 10) text += "# padding padding padding\n";
  text += "Disallow: /late\n";
  RobotsRules rules = RobotsRules::Parse(text, "govaudit");
  ExpectRefused(rules, {"/early"});
  ExpectAllowed(rules, {"/late"});
}

TEST(RobotsTest, EmptyOrGarbageFileAllowsEverything) {
  EXPECT_TRUE(RobotsRules::Parse("", "govaudit").Allowed("/x"));
  EXPECT_TRUE(RobotsRules::Parse("<html><body>404 Not Found</body></html>", "govaudit")
                  .Allowed("/x"));
  EXPECT_TRUE(RobotsRules::Parse(std::string("\0\xFF\xFE:::\n", 7), "govaudit").Allowed("/x"));
}

TEST(RobotsTest, EmptyPathMeansRoot) {
  RobotsRules rules = RobotsRules::Parse("User-agent: *\nDisallow: /$\n", "govaudit");
  ExpectRefused(rules, {""});
  ExpectAllowed(rules, {"/index.html"});
}

}  // namespace
}  // namespace govaudit
