// Outbound link targets read for the security rules (CrawlOptions::external_sample_bytes) and
// one page fetched as another client (FetchOnce): bounded, once per URL, never followed past
// their redirects, inside the address policy.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "crawler/crawler.h"
#include "crawler/fetch_once.h"
#include "tests/support/collecting_sink.h"
#include "tests/support/loopback_server.h"

namespace govaudit {
namespace {

using testing::CollectingSink;
using testing::Html;
using testing::LoopbackServer;

// Follows the links of the site's own pages only, as the pipeline does.
CollectingSink::Follow InScopePages() {
  return [](const FetchResult& r) { return r.in_scope && r.status == 200; };
}

// Counts requests by method and path.
class Requests {
 public:
  void Add(const httplib::Request& req) {
    std::lock_guard lock(mutex_);
    ++counts_[req.method + " " + req.path];
  }
  int Count(const std::string& key) {
    std::lock_guard lock(mutex_);
    return counts_[key];
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int> counts_;
};

CrawlOptions Options(const LoopbackServer& site, const std::vector<const LoopbackServer*>& others) {
  CrawlOptions o;
  o.start_urls = {site.Url("/")};
  o.per_host_interval_s = 0;
  o.use_sitemaps = false;
  o.respect_robots = false;
  o.total_timeout_ms = 3000;
  for (const LoopbackServer* other : others) o.allow_addresses.push_back("127.0.0.1:" + std::to_string(other->port()));
  return o;
}

TEST(OutboundSampleTest, EachTargetIsReadOnceWithOneBoundedGet) {
  LoopbackServer site, other, third;
  Requests requests;
  const std::string big =
      "<html><head><title>合作网站</title></head><body>" + std::string(200 * 1024, 'a') + "</body></html>";
  other.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    requests.Add(req);
    if (req.path == "/page.html") return Html(res, big);
    if (req.path == "/doc.pdf") return res.set_content(std::string(1 << 20, '%'), "application/pdf");
    if (req.path == "/moved") {
      res.status = 302;
      res.set_header("Location", third.Url("/landing.html"));
    }
  });
  third.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    requests.Add(req);
    Html(res, "<a href='/deeper.html'>不跟随</a>");
  });
  other.Start();
  third.Start();
  const std::string links = "<a href='" + other.Url("/page.html") + "'>p</a><a href='" + other.Url("/doc.pdf") +
                            "'>d</a><a href='" + other.Url("/moved") + "'>m</a>";
  site.server().Get("/", [&](const auto&, auto& res) { Html(res, links + "<a href='/b.html'>b</a>"); });
  site.server().Get("/b.html", [&](const auto&, auto& res) { Html(res, links); });
  site.Start();

  CrawlOptions options = Options(site, {&other, &third});
  options.external_sample_bytes = 64 * 1024;
  CollectingSink sink(InScopePages());
  Crawler crawler(options, &sink);
  sink.crawler = &crawler;
  crawler.Run();

  // Linked from two pages, asked for once, with GET only.
  EXPECT_EQ(requests.Count("GET /page.html"), 1);
  EXPECT_EQ(requests.Count("HEAD /page.html"), 0);
  const FetchResult& page = sink.results.at(other.Url("/page.html"));
  EXPECT_FALSE(page.in_scope);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.error, FetchError::kNone);
  EXPECT_EQ(page.body.size(), 64u * 1024);  // the sample, not the page
  // Not text: its status, none of its bytes.
  const FetchResult& pdf = sink.results.at(other.Url("/doc.pdf"));
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.error, FetchError::kNone);
  EXPECT_TRUE(pdf.body.empty());
  // A redirect is followed to its end; the page it lands on is read, nothing it links to.
  const FetchResult& moved = sink.results.at(other.Url("/moved"));
  EXPECT_EQ(moved.final_url, third.Url("/landing.html"));
  EXPECT_NE(moved.body.find("不跟随"), std::string::npos);
  EXPECT_EQ(requests.Count("GET /landing.html"), 1);
  EXPECT_EQ(requests.Count("GET /deeper.html"), 0);
}

TEST(OutboundSampleTest, WithoutASampleTheStatusIsAskedWithHead) {
  LoopbackServer site, other;
  Requests requests;
  // cpp-httplib answers HEAD with the GET handler, without the body.
  other.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    requests.Add(req);
    Html(res, "<title>x</title>");
  });
  other.Start();
  site.server().Get("/", [&](const auto&, auto& res) { Html(res, "<a href='" + other.Url("/page.html") + "'>p</a>"); });
  site.Start();
  CollectingSink sink(InScopePages());
  Crawler crawler(Options(site, {&other}), &sink);
  sink.crawler = &crawler;
  crawler.Run();
  EXPECT_EQ(requests.Count("HEAD /page.html"), 1);
  EXPECT_EQ(requests.Count("GET /page.html"), 0);
  EXPECT_TRUE(sink.results.at(other.Url("/page.html")).body.empty());
}

TEST(FetchOnceTest, AsksAsTheGivenClientAndFollowsRedirects) {
  LoopbackServer site;
  std::atomic<int> hits{0};
  site.server().Get("/", [&](const httplib::Request& req, httplib::Response& res) {
    ++hits;
    if (req.get_header_value("User-Agent").find("Baiduspider") != std::string::npos) {
      res.status = 302;
      res.set_header("Location", "/spider.html");
      return;
    }
    Html(res, "visitor");
  });
  site.ServeHtml("/spider.html", "spider");
  site.Start();
  CrawlOptions options;
  options.start_urls = {site.Url("/")};
  const FetchResult visitor = FetchOnce(site.Url("/"), options, "");
  EXPECT_EQ(visitor.status, 200);
  EXPECT_EQ(visitor.body, "visitor");
  const FetchResult spider = FetchOnce(site.Url("/"), options, kBaiduspiderUserAgent);
  EXPECT_EQ(spider.status, 200);
  EXPECT_EQ(spider.body, "spider");
  EXPECT_EQ(spider.final_url, site.Url("/spider.html"));
  EXPECT_EQ(spider.redirects, std::vector<std::string>{site.Url("/")});
  EXPECT_EQ(hits.load(), 2);
}

TEST(FetchOnceTest, KeepsToTheAddressPolicyAndTheSizeCap) {
  LoopbackServer site;
  testing::CountingHost intranet;
  site.server().Get("/", [&](const auto&, auto& res) {
    res.status = 302;
    res.set_header("Location", intranet.Url("/admin"));
  });
  site.server().Get("/big", [&](const auto&, auto& res) { Html(res, std::string(10000, 'x')); });
  site.Start();
  CrawlOptions options;
  options.start_urls = {site.Url("/")};
  options.max_body_bytes = 1000;
  const FetchResult redirected = FetchOnce(site.Url("/"), options, kBaiduspiderUserAgent);
  EXPECT_EQ(redirected.error, FetchError::kRefusedAddress);
  EXPECT_EQ(intranet.hits(), 0);
  const FetchResult big = FetchOnce(site.Url("/big"), options, "");
  EXPECT_EQ(big.error, FetchError::kBodyTooLarge);
  EXPECT_EQ(big.body.size(), 1000u);
}

}  // namespace
}  // namespace govaudit
