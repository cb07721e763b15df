#include "crawler/sitemap.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/compress.h"

namespace govaudit {
namespace {

using Strings = std::vector<std::string>;
using testing::Compress;

std::string Gzip(const std::string& data) { return Compress({data}); }

constexpr std::string_view kUrlset =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
    "        xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n"
    "  <!-- <url><loc>https://www.example.gov.cn/commented-out</loc></url> -->\n"
    "  <url>\n"
    "    <loc>\n      https://www.example.gov.cn/zwgk/index.html\n    </loc>\n"
    "    <lastmod>2024-05-01</lastmod>\n"
    "    <image:image><image:loc>https://www.example.gov.cn/logo.png</image:loc></image:image>\n"
    "  </url>\n"
    "  <url><loc>https://www.example.gov.cn/list?page=2&amp;size=20&#38;x=&#x4E2D;</loc></url>\n"
    "  <url><loc><![CDATA[https://www.example.gov.cn/a?b=1&c=2]]></loc></url>\n"
    "  <url><loc>   </loc></url>\n"
    "</urlset>\n";

const Strings kUrlsetLocations = {
    "https://www.example.gov.cn/zwgk/index.html",
    "https://www.example.gov.cn/list?page=2&size=20&x=中",
    "https://www.example.gov.cn/a?b=1&c=2",
};

TEST(ParseSitemapTest, UrlsetLocationsTrimmedAndDecoded) {
  SitemapContent content = ParseSitemap(kUrlset);
  EXPECT_FALSE(content.is_index);
  EXPECT_EQ(content.locations, kUrlsetLocations);
}

TEST(ParseSitemapTest, SitemapIndex) {
  SitemapContent content = ParseSitemap(
      "\xEF\xBB\xBF<?xml version='1.0'?>\r\n"
      "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>\r\n"
      "<sitemap><loc>https://www.example.gov.cn/sitemap1.xml.gz</loc>"
      "<lastmod>2024-01-01</lastmod></sitemap>\r\n"
      "<sitemap><loc>https://www.example.gov.cn/sitemap2.xml</loc></sitemap>\r\n"
      "</sitemapindex>");
  EXPECT_TRUE(content.is_index);
  EXPECT_EQ(content.locations, (Strings{"https://www.example.gov.cn/sitemap1.xml.gz",
                                        "https://www.example.gov.cn/sitemap2.xml"}));
}

TEST(ParseSitemapTest, NamespacePrefixedElements) {
  SitemapContent content = ParseSitemap(
      "<sm:sitemapindex xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<sm:sitemap><sm:loc>https://x.gov.cn/s1.xml</sm:loc></sm:sitemap>"
      "</sm:sitemapindex>");
  EXPECT_TRUE(content.is_index);
  EXPECT_EQ(content.locations, (Strings{"https://x.gov.cn/s1.xml"}));
}

TEST(ParseSitemapTest, IndexEntriesWithoutRootElementStillMakeAnIndex) {
  SitemapContent content =
      ParseSitemap("<sitemap><loc>https://x.gov.cn/s1.xml</loc></sitemap>");
  EXPECT_TRUE(content.is_index);
  EXPECT_EQ(content.locations, (Strings{"https://x.gov.cn/s1.xml"}));
}

TEST(ParseSitemapTest, GzipCompressedUrlset) {
  std::string gz = Gzip(std::string(kUrlset));
  ASSERT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  SitemapContent content = ParseSitemap(gz);
  EXPECT_FALSE(content.is_index);
  EXPECT_EQ(content.locations, kUrlsetLocations);
}

TEST(ParseSitemapTest, DoublyGzippedBody) {
  SitemapContent content = ParseSitemap(Gzip(Gzip(std::string(kUrlset))));
  EXPECT_EQ(content.locations, kUrlsetLocations);
}

TEST(ParseSitemapTest, TruncatedGzipYieldsWhatWasRead) {
  std::string xml = "<urlset><url><loc>https://x.gov.cn/1</loc></url>";
  for (int i = 0; i < 2000; ++i) xml += "<url><loc>https://x.gov.cn/p" + std::to_string(i) +
                                        "</loc></url>";
  xml += "</urlset>";
  std::string gz = Gzip(xml);
  SitemapContent content = ParseSitemap(gz.substr(0, gz.size() / 2));
  ASSERT_FALSE(content.locations.empty());
  EXPECT_EQ(content.locations.front(), "https://x.gov.cn/1");
  EXPECT_LT(content.locations.size(), 2001u);
}

TEST(ParseSitemapTest, PlainTextSitemap) {
  SitemapContent content = ParseSitemap(
      "https://www.example.gov.cn/a.html\r\n"
      "\r\n"
      "   http://www.example.gov.cn/b.html   \n"
      "not a url\n"
      "ftp://www.example.gov.cn/c\n"
      "HTTPS://www.example.gov.cn/d.html");
  EXPECT_FALSE(content.is_index);
  EXPECT_EQ(content.locations,
            (Strings{"https://www.example.gov.cn/a.html", "http://www.example.gov.cn/b.html",
                     "HTTPS://www.example.gov.cn/d.html"}));
}

TEST(ParseSitemapTest, GzippedPlainTextSitemap) {
  SitemapContent content = ParseSitemap(Gzip("https://x.gov.cn/1\nhttps://x.gov.cn/2\n"));
  EXPECT_EQ(content.locations, (Strings{"https://x.gov.cn/1", "https://x.gov.cn/2"}));
}

TEST(ParseSitemapTest, GarbageAndHtmlGiveNothing) {
  EXPECT_TRUE(ParseSitemap("").locations.empty());
  EXPECT_TRUE(ParseSitemap("<html><body><a href=\"https://x\">404</a></body></html>")
                  .locations.empty());
  EXPECT_TRUE(ParseSitemap(std::string("\x1f\x8b\x08\x00garbage", 11)).locations.empty());
  // Unterminated markup: the text up to the end is still taken.
  EXPECT_EQ(ParseSitemap("<urlset><url><loc>https://x.gov.cn/unterminated").locations,
            (Strings{"https://x.gov.cn/unterminated"}));
}

TEST(ParseSitemapTest, GzipBombIsCappedAt50MB) {
  // ~100 MB of spaces between the first and the last entry.
  std::string head = "<urlset><url><loc>https://x.gov.cn/first</loc></url>";
  std::string tail = "<url><loc>https://x.gov.cn/last</loc></url></urlset>";
  std::string spaces(1 << 20, ' ');
  std::string bomb = Compress({head, spaces}, 15 + 16, 100);
  // Append the tail as a second gzip member so it sits beyond the 100 MB of padding.
  bomb += Gzip(tail);
  ASSERT_LT(bomb.size(), 1u << 20);
  SitemapContent content = ParseSitemap(bomb);
  EXPECT_EQ(content.locations, (Strings{"https://x.gov.cn/first"}));

  // Without the cap the tail is reachable.
  std::string all;
  bool truncated = true;
  ASSERT_TRUE(GunzipCapped(bomb, 200u << 20, &all, &truncated));
  EXPECT_FALSE(truncated);
  EXPECT_EQ(ParseSitemap(all).locations,
            (Strings{"https://x.gov.cn/first", "https://x.gov.cn/last"}));
}

TEST(GunzipCappedTest, StopsAtCapAndReportsTruncation) {
  std::string bomb = Compress({std::string(1 << 20, '\0')}, 15 + 16, 100);  // 100 MB of zeros
  std::string out;
  bool truncated = false;
  EXPECT_TRUE(GunzipCapped(bomb, kMaxSitemapBytes, &out, &truncated));
  EXPECT_TRUE(truncated);
  EXPECT_EQ(out.size(), kMaxSitemapBytes);
}

TEST(GunzipCappedTest, OutputExactlyAtCapIsNotTruncated) {
  std::string data(1000, 'a');
  std::string out;
  bool truncated = true;
  EXPECT_TRUE(GunzipCapped(Gzip(data), 1000, &out, &truncated));
  EXPECT_FALSE(truncated);
  EXPECT_EQ(out, data);
  EXPECT_TRUE(GunzipCapped(Gzip(data), 999, &out, &truncated));
  EXPECT_TRUE(truncated);
  EXPECT_EQ(out.size(), 999u);
}

TEST(GunzipCappedTest, AcceptsZlibAndRawDeflate) {
  std::string data = "政府信息公开 " + std::string(500, 'x');
  for (int bits : {15, -15}) {
    std::string out;
    bool truncated = true;
    EXPECT_TRUE(GunzipCapped(Compress({data}, bits), 1 << 20, &out, &truncated)) << bits;
    EXPECT_FALSE(truncated);
    EXPECT_EQ(out, data) << bits;
  }
}

TEST(GunzipCappedTest, ConcatenatedMembersAreOneFile) {
  std::string out;
  bool truncated = true;
  EXPECT_TRUE(GunzipCapped(Gzip("first,") + Gzip("second"), 1 << 20, &out, &truncated));
  EXPECT_EQ(out, "first,second");
}

TEST(GunzipCappedTest, RejectsInvalidAndIncompleteData) {
  std::string out;
  bool truncated = true;
  EXPECT_FALSE(GunzipCapped("", 100, &out, &truncated));
  EXPECT_FALSE(truncated);
  EXPECT_FALSE(GunzipCapped(std::string("\x1f\x8b\x08\x00not really gzip", 19), 100, &out,
                            &truncated));
  EXPECT_FALSE(GunzipCapped("plain text, not compressed", 100, &out, &truncated));

  std::string data(100000, 'z');
  for (int i = 0; i < 100000; i += 7) data[i] = static_cast<char>('a' + i % 26);
  std::string gz = Gzip(data);
  EXPECT_FALSE(GunzipCapped(gz.substr(0, gz.size() - 4), 1 << 20, &out, &truncated));
  EXPECT_FALSE(truncated);
  EXPECT_EQ(out, data);  // everything but the trailer was there
}

}  // namespace
}  // namespace govaudit
