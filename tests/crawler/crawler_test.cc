// Crawler tests against loopback servers that misbehave on purpose.
#include "crawler/crawler.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "common/url.h"
#include "crawler/address_policy.h"
#include "tests/support/collecting_sink.h"
#include "tests/support/compress.h"
#include "tests/support/loopback_server.h"

namespace govaudit {
namespace {

using testing::CollectingSink;
using testing::Html;
using testing::LoopbackServer;

CrawlOptions FastOptions(const std::string& start) {
  CrawlOptions o;
  o.start_urls = {start};
  o.per_host_interval_s = 0;
  o.retry_base_delay_s = 0.05;
  o.connect_timeout_ms = 2000;
  o.total_timeout_ms = 3000;
  o.use_sitemaps = false;
  return o;
}

CrawlStats Crawl(const CrawlOptions& options, CollectingSink* sink) {
  Crawler crawler(options, sink);
  sink->crawler = &crawler;
  return crawler.Run();
}

// Starts `site` and crawls it from "/" with FastOptions into `sink`.
void StartAndCrawl(LoopbackServer& site, CollectingSink* sink) {
  site.Start();
  Crawl(FastOptions(site.Url("/")), sink);
}

TEST(CrawlerTest, FollowsLinksInScopeOnlyAndFetchesEachUrlOnce) {
  LoopbackServer site, other;
  std::atomic<int> index_hits{0};
  other.ServeHtml("/x.html", "<p>elsewhere</p>");
  other.Start();
  site.server().Get("/", [&](const auto&, auto& res) {
    ++index_hits;
    Html(res, "<a href='/a.html'>A</a> <a href='a.html#top'>A again</a> <a href='" + other.Url("/x.html") +
                  "'>out</a> <a href='mailto:x@y.cn'>mail</a>");
  });
  site.server().Get("/a.html", [&](const auto&, auto& res) { Html(res, "<a href='/'>home</a><a href='/b.html'>B</a>"); });
  site.server().Get("/b.html", [&](const auto&, auto& res) { Html(res, "<p>b</p>"); });
  site.Start();

  CollectingSink sink;
  CrawlOptions options = FastOptions(site.Url("/"));
  options.allow_addresses = {"127.0.0.1:" + std::to_string(other.port())};  // another loopback host plays the world
  CrawlStats stats = Crawl(options, &sink);
  EXPECT_EQ(index_hits.load(), 1);
  ASSERT_NE(sink.Find(site.Url("/b.html")), nullptr);
  EXPECT_TRUE(sink.Find(site.Url("/b.html"))->in_scope);
  // The external link is checked (HEAD/GET), not followed.
  const FetchResult* external = sink.Find(other.Url("/x.html"));
  ASSERT_NE(external, nullptr);
  EXPECT_FALSE(external->in_scope);
  EXPECT_EQ(external->status, 200);
  EXPECT_EQ(stats.fetched, 4);
  EXPECT_FALSE(stats.hit_page_limit);
}

TEST(CrawlerTest, RespectsDepthAndPageLimits) {
  LoopbackServer site;
  // An endless chain: /p/0 -> /p/1 -> ...
  site.server().Get(R"(/p/(\d+))", [](const httplib::Request& req, auto& res) {
    int n = std::stoi(req.matches[1]);
    Html(res, "<a href='/p/" + std::to_string(n + 1) + "'>next</a>");
  });
  site.Start();
  {
    CollectingSink sink;
    CrawlOptions o = FastOptions(site.Url("/p/0"));
    o.max_depth = 3;
    Crawl(o, &sink);
    EXPECT_EQ(sink.results.size(), 4u);  // depths 0..3
    EXPECT_NE(sink.Find(site.Url("/p/3")), nullptr);
    EXPECT_EQ(sink.Find(site.Url("/p/4")), nullptr);
  }
  {
    CollectingSink sink;
    CrawlOptions o = FastOptions(site.Url("/p/0"));
    o.max_pages = 5;
    CrawlStats stats = Crawl(o, &sink);
    EXPECT_EQ(sink.results.size(), 5u);
    EXPECT_TRUE(stats.hit_page_limit);
  }
}

TEST(CrawlerTest, RecordsNotFoundAndUnreachable) {
  LoopbackServer site;
  int dead_port = testing::UnusedPort();
  std::string dead = "http://127.0.0.1:" + std::to_string(dead_port) + "/gone.html";
  site.server().Get("/", [&](const auto&, auto& res) {
    Html(res, "<a href='/missing.html'>missing</a><a href='" + dead + "'>dead host</a>");
  });
  site.Start();
  CollectingSink sink;
  CrawlOptions options = FastOptions(site.Url("/"));
  options.allow_addresses = {"127.0.0.1:" + std::to_string(dead_port)};  // a second loopback host
  Crawl(options, &sink);
  const FetchResult* missing = sink.Find(site.Url("/missing.html"));
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->error, FetchError::kHttp);
  const FetchResult* gone = sink.Find(dead);
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->status, 0);
  EXPECT_EQ(gone->error, FetchError::kConnect);
}

TEST(CrawlerTest, FollowsRedirectsInScopeButNotOutOrToOtherSchemes) {
  LoopbackServer site, other;
  other.ServeHtml("/landing", "<p>other</p>");
  other.Start();
  site.ServeHtml("/",
                 "<a href='/old'>old</a><a href='/away'>away</a><a href='/file'>file</a><a href='/loop1'>loop</a>"
                 "<a href='/r0'>chain</a>");
  site.server().Get("/old", [](const auto&, auto& res) { res.set_redirect("/new"); });
  site.ServeHtml("/new", "<p>new</p>");
  site.server().Get("/away", [&](const auto&, auto& res) { res.set_redirect(other.Url("/landing")); });
  site.server().Get("/file", [](const auto&, auto& res) { res.set_redirect("file:///etc/passwd"); });
  site.server().Get("/loop1", [](const auto&, auto& res) { res.set_redirect("/loop2"); });
  site.server().Get("/loop2", [](const auto&, auto& res) { res.set_redirect("/loop1"); });
  site.server().Get(R"(/r(\d+))", [](const httplib::Request& req, auto& res) {
    res.set_redirect("/r" + std::to_string(std::stoi(req.matches[1]) + 1));
  });
  CollectingSink sink;
  StartAndCrawl(site, &sink);

  const FetchResult* old = sink.Find(site.Url("/old"));
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->status, 200);
  EXPECT_EQ(old->final_url, site.Url("/new"));
  EXPECT_EQ(old->body, "<p>new</p>");

  const FetchResult* away = sink.Find(site.Url("/away"));
  ASSERT_NE(away, nullptr);
  EXPECT_EQ(away->status, 302);
  EXPECT_EQ(away->final_url, other.Url("/landing"));  // recorded, not followed
  EXPECT_TRUE(away->body.empty());

  const std::pair<const char*, FetchError> refused[] = {
      {"/file", FetchError::kBlockedScheme},
      {"/loop1", FetchError::kRedirectLoop},
      {"/r0", FetchError::kTooManyRedirects},
  };
  for (const auto& [path, error] : refused) {
    const FetchResult* r = sink.Find(site.Url(path));
    ASSERT_NE(r, nullptr) << path;
    EXPECT_EQ(r->error, error) << path;
  }
}

TEST(CrawlerTest, RetriesServerErrorsThenSucceeds) {
  LoopbackServer site;
  std::atomic<int> calls{0};
  site.server().Get("/", [&](const auto&, auto& res) {
    if (++calls == 1) {
      res.status = 500;
      res.set_content("boom", "text/plain");
      return;
    }
    Html(res, "<p>ok</p>");
  });
  CollectingSink sink;
  StartAndCrawl(site, &sink);
  const FetchResult* r = sink.Find(site.Url("/"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->attempts, 2);
  EXPECT_EQ(calls.load(), 2);
}

TEST(CrawlerTest, WaitsForRetryAfterOn429) {
  LoopbackServer site;
  std::atomic<int> calls{0};
  std::chrono::steady_clock::time_point first, second;
  site.server().Get("/", [&](const auto&, auto& res) {
    if (++calls == 1) {
      first = std::chrono::steady_clock::now();
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    second = std::chrono::steady_clock::now();
    Html(res, "<p>ok</p>");
  });
  CollectingSink sink;
  StartAndCrawl(site, &sink);
  ASSERT_EQ(calls.load(), 2);
  EXPECT_GE(std::chrono::duration<double>(second - first).count(), 0.9);
  EXPECT_EQ(sink.Find(site.Url("/"))->status, 200);
}

TEST(CrawlerTest, GivesUpOnPersistentFailuresAfterTheRetries) {
  LoopbackServer site;
  std::atomic<int> calls{0};
  site.server().Get("/", [&](const auto&, auto& res) {
    ++calls;
    res.status = 503;
  });
  site.Start();
  CollectingSink sink;
  CrawlOptions o = FastOptions(site.Url("/"));
  o.retries = 2;
  Crawl(o, &sink);
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(sink.Find(site.Url("/"))->status, 503);
  EXPECT_EQ(sink.Find(site.Url("/"))->error, FetchError::kHttp);
}

TEST(CrawlerTest, TimesOutSlowPages) {
  LoopbackServer site;
  site.ServeHtml("/", "<a href='/slow'>slow</a>");
  site.server().Get("/slow", [](const auto&, auto& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    Html(res, "late");
  });
  site.Start();
  CollectingSink sink;
  CrawlOptions o = FastOptions(site.Url("/"));
  o.total_timeout_ms = 500;
  o.retries = 0;
  Crawl(o, &sink);
  const FetchResult* slow = sink.Find(site.Url("/slow"));
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->error, FetchError::kTimeout);
}

TEST(CrawlerTest, CutsOversizedBodiesAndGzipBombs) {
  LoopbackServer site;
  // 4 MB of zeros gzip to a few KB: the cap must count decompressed bytes.
  std::string plain(4 << 20, '0');
  const std::string gz = testing::Compress({plain});
  ASSERT_LT(gz.size(), 100000u);
  site.ServeHtml("/", "<a href='/big'>big</a><a href='/bomb'>bomb</a>");
  site.server().Get("/big", [](const auto&, auto& res) { Html(res, std::string(3 << 20, 'x')); });
  site.server().Get("/bomb", [gz](const auto&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(gz, "text/html");
  });
  site.Start();
  CollectingSink sink;
  CrawlOptions o = FastOptions(site.Url("/"));
  o.max_body_bytes = 1 << 20;
  Crawl(o, &sink);
  for (const char* path : {"/big", "/bomb"}) {
    const FetchResult* r = sink.Find(site.Url(path));
    ASSERT_NE(r, nullptr) << path;
    EXPECT_EQ(r->error, FetchError::kBodyTooLarge) << path;
    EXPECT_TRUE(r->body_truncated) << path;
    EXPECT_LE(r->body.size(), o.max_body_bytes) << path;
  }
}

TEST(CrawlerTest, HonoursRobotsUnlessTold) {
  LoopbackServer site;
  std::atomic<int> secret_hits{0};
  site.server().Get("/robots.txt", [](const auto&, auto& res) {
    res.set_content("User-agent: *\nDisallow: /secret/\n", "text/plain");
  });
  site.ServeHtml("/", "<a href='/secret/a.html'>s</a><a href='/open.html'>o</a>");
  site.ServeHtml("/open.html", "open");
  site.server().Get("/secret/a.html", [&](const auto&, auto& res) {
    ++secret_hits;
    Html(res, "secret");
  });
  site.Start();
  {
    CollectingSink sink;
    CrawlStats stats = Crawl(FastOptions(site.Url("/")), &sink);
    EXPECT_EQ(secret_hits.load(), 0);
    EXPECT_EQ(stats.skipped_robots, 1);
    EXPECT_NE(sink.Find(site.Url("/open.html")), nullptr);
  }
  {
    CollectingSink sink;
    CrawlOptions o = FastOptions(site.Url("/"));
    o.respect_robots = false;
    Crawl(o, &sink);
    EXPECT_EQ(secret_hits.load(), 1);
  }
}

TEST(CrawlerTest, EndlessCalendarEndsByItself) {
  LoopbackServer site;
  site.server().Get("/calendar", [](const httplib::Request& req, auto& res) {
    int m = req.has_param("m") ? std::stoi(req.get_param_value("m")) : 0;
    Html(res, "<a href='/calendar?m=" + std::to_string(m + 1) + "'>next month</a>");
  });
  site.Start();
  CollectingSink sink;
  CrawlOptions o = FastOptions(site.Url("/calendar"));
  o.max_depth = 1000;
  o.max_query_variants_per_path = 20;
  CrawlStats stats = Crawl(o, &sink);
  EXPECT_EQ(sink.results.size(), 21u);  // the bare path plus 20 variants
  EXPECT_GE(stats.skipped_traps, 1);
}

// A server that accepts connections and resets them (SO_LINGER 0) without answering.
class ResettingServer {
 public:
  ResettingServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        ++accepted;
        char buf[1024];
        (void)::recv(c, buf, sizeof buf, 0);
        linger l{1, 0};
        ::setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        ::close(c);
      }
    });
  }
  ~ResettingServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::atomic<int> accepted{0};

 private:
  int fd_;
  int port_ = 0;
  std::thread thread_;
};

TEST(CrawlerTest, ConnectionResetIsRetriedThenRecorded) {
  ResettingServer server;
  CollectingSink sink;
  CrawlOptions o = FastOptions(server.Url("/"));
  o.retries = 2;
  o.respect_robots = false;
  Crawl(o, &sink);
  const FetchResult* r = sink.Find(server.Url("/"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, 0);
  EXPECT_EQ(r->error, FetchError::kConnect);
  EXPECT_EQ(r->attempts, 3);
  EXPECT_EQ(server.accepted.load(), 3);
}

TEST(CrawlerTest, ScopeIncludesExtraHostsAndAppliesPatterns) {
  LoopbackServer site;
  site.server().Get("/", [&](const auto&, auto& res) {
    // "localhost" is the same server under another host name: an extra host of the site.
    Html(res, "<a href='http://localhost:" + std::to_string(site.port()) + "/alias.html'>alias</a>"
              "<a href='/print/a.html'>print</a><a href='/keep.html'>keep</a>");
  });
  site.ServeHtml("/alias.html", "<a href='/deeper.html'>d</a>");
  site.ServeHtml("/deeper.html", "d");
  site.ServeHtml("/keep.html", "k");
  site.ServeHtml("/print/a.html", "p");
  site.Start();
  CollectingSink sink;
  CrawlOptions o = FastOptions(site.Url("/"));
  o.extra_hosts = {"localhost:" + std::to_string(site.port())};
  o.exclude_patterns = {"/print/"};
  Crawl(o, &sink);
  const std::string alias = "http://localhost:" + std::to_string(site.port()) + "/alias.html";
  ASSERT_NE(sink.Find(alias), nullptr);
  EXPECT_TRUE(sink.Find(alias)->in_scope);
  EXPECT_NE(sink.Find("http://localhost:" + std::to_string(site.port()) + "/deeper.html"), nullptr);  // followed
  EXPECT_EQ(sink.Find(site.Url("/print/a.html")), nullptr);
  EXPECT_NE(sink.Find(site.Url("/keep.html")), nullptr);
}

TEST(CrawlerTest, SitemapsSeedTheFrontier) {
  LoopbackServer site;
  site.server().Get("/robots.txt", [&](const auto&, auto& res) {
    res.set_content("User-agent: *\nAllow: /\nSitemap: " + site.Url("/sitemap-index.xml") + "\n", "text/plain");
  });
  site.server().Get("/sitemap-index.xml", [&](const auto&, auto& res) {
    res.set_content("<sitemapindex><sitemap><loc>" + site.Url("/sm1.xml") + "</loc></sitemap></sitemapindex>",
                    "application/xml");
  });
  site.server().Get("/sm1.xml", [&](const auto&, auto& res) {
    res.set_content("<urlset><url><loc>" + site.Url("/orphan.html") + "</loc></url></urlset>", "application/xml");
  });
  site.ServeHtml("/", "<p>no links</p>");
  site.ServeHtml("/orphan.html", "<p>only in the sitemap</p>");
  site.Start();
  CollectingSink sink;
  CrawlOptions o = FastOptions(site.Url("/"));
  o.use_sitemaps = true;
  Crawl(o, &sink);
  ASSERT_NE(sink.Find(site.Url("/orphan.html")), nullptr);
  EXPECT_EQ(sink.Find(site.Url("/orphan.html"))->status, 200);
  EXPECT_EQ(sink.Find(site.Url("/sitemap.xml")), nullptr);  // sitemaps are not pages
}

TEST(CrawlerTest, SendsValidatorsAndReports304) {
  LoopbackServer site;
  std::string seen_etag, seen_since;
  site.server().Get("/", [&](const httplib::Request& req, auto& res) {
    seen_etag = req.get_header_value("If-None-Match");
    seen_since = req.get_header_value("If-Modified-Since");
    if (seen_etag == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    Html(res, "<p>v1</p>");
  });
  site.Start();
  CollectingSink first;
  Crawl(FastOptions(site.Url("/")), &first);
  EXPECT_EQ(first.Find(site.Url("/"))->etag, "\"v1\"");
  CollectingSink second;
  CrawlOptions o = FastOptions(site.Url("/"));
  o.validators = [](const std::string&) -> std::optional<std::pair<std::string, std::string>> {
    return std::make_pair(std::string("\"v1\""), std::string("Wed, 21 Oct 2026 07:28:00 GMT"));
  };
  CrawlStats stats = Crawl(o, &second);
  EXPECT_EQ(seen_etag, "\"v1\"");
  EXPECT_EQ(seen_since, "Wed, 21 Oct 2026 07:28:00 GMT");
  const FetchResult* r = second.Find(site.Url("/"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, 304);
  EXPECT_TRUE(r->not_modified);
  EXPECT_FALSE(r->IsFailure());
  EXPECT_EQ(stats.not_modified, 1);
}

TEST(CrawlerTest, HostThatRefusesInBurstsIsSlowedAndNamed) {
  LoopbackServer site;
  std::vector<std::chrono::steady_clock::time_point> times;
  std::mutex m;
  site.server().Get("/", [](const auto&, auto& res) {
    std::string links;
    for (int i = 0; i < 6; ++i) links += "<a href='/p" + std::to_string(i) + "'>p</a>";
    Html(res, links);
  });
  site.server().Get(R"(/p\d)", [&](const auto&, auto& res) {
    std::lock_guard lock(m);
    times.push_back(std::chrono::steady_clock::now());
    res.status = 403;
    res.set_content("<html>访问被拒绝 WAF</html>", "text/html");
  });
  site.Start();
  CollectingSink sink;
  CrawlOptions o = FastOptions(site.Url("/"));
  o.per_host_connections = 1;
  CrawlStats stats = Crawl(o, &sink);
  ASSERT_EQ(stats.refusing_hosts.size(), 1u);
  EXPECT_EQ(stats.refusing_hosts[0], "127.0.0.1:" + std::to_string(site.port()));
  ASSERT_EQ(times.size(), 6u);
  // After the third refusal requests are at least a second apart.
  EXPECT_GE(std::chrono::duration<double>(times[5] - times[4]).count(), 0.9);
}

TEST(CrawlerTest, ValidateNamesTheBadValue) {
  CrawlOptions o;
  o.start_urls = {"ftp://example.gov.cn/"};
  Status s = Crawler::Validate(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "start URL 'ftp://example.gov.cn/' is not an absolute http:// or https:// URL");
}

// Links and redirects toward internal addresses, in every spelling, reach nothing: the policy
// sees the resolved address when the socket opens.
TEST(CrawlerTest, NeverConnectsToInternalAddressesItWasNotGiven) {
  LoopbackServer site;
  testing::CountingHost secret;
  const std::string port = std::to_string(secret.port());
  const std::vector<std::string> targets = {
      "http://127.0.0.1:" + port + "/a",        "http://localhost:" + port + "/b",
      "http://[::1]:" + port + "/c",             "http://0.0.0.0:" + port + "/d",
      "http://2130706433:" + port + "/e",        "http://0177.0.0.1:" + port + "/f",
      "http://0x7f.0.0.1:" + port + "/g",        "http://user:pw@127.0.0.1:" + port + "/h",
      "http://[::ffff:127.0.0.1]:" + port + "/i", "http://169.254.169.254/latest/meta-data/",
      "http://127.1:" + port + "/j"};
  site.server().Get("/", [&](const auto&, auto& res) {
    std::string body;
    for (const std::string& t : targets) body += "<a href='" + t + "'>x</a>";
    body += "<a href='/hop'>hop</a>";
    Html(res, body);
  });
  site.server().Get("/hop", [&](const auto&, auto& res) { res.set_redirect("http://127.0.0.1:" + port + "/k"); });
  site.Start();

  CollectingSink sink;
  CrawlOptions options = FastOptions(site.Url("/"));
  options.connect_timeout_ms = 1000;
  CrawlStats stats = Crawl(options, &sink);
  EXPECT_EQ(secret.hits(), 0) << "an internal address was contacted";
  EXPECT_GE(stats.refused_addresses, 9);
  const FetchResult* refused = sink.Find(NormalizeUrl(targets[0]).value());
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->error, FetchError::kRefusedAddress);
  EXPECT_FALSE(refused->IsFailure());
  EXPECT_NE(refused->error_message.find("refused: internal address 127.0.0.1"), std::string::npos);

  // The user may allow one: then it is checked like any other link.
  CollectingSink allowed_sink;
  options.allow_addresses = {"127.0.0.1:" + port};
  Crawl(options, &allowed_sink);
  EXPECT_GE(secret.hits(), 1);
  const FetchResult* allowed = allowed_sink.Find(NormalizeUrl(targets[0]).value());
  ASSERT_NE(allowed, nullptr);
  EXPECT_EQ(allowed->status, 200);
}

TEST(AddressPolicyTest, KnowsTheInternalRanges) {
  auto v4 = [](const char* ip) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    inet_pton(AF_INET, ip, &a.sin_addr);
    return AddressPolicy::IsInternal(reinterpret_cast<sockaddr*>(&a));
  };
  auto v6 = [](const char* ip) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    inet_pton(AF_INET6, ip, &a.sin6_addr);
    return AddressPolicy::IsInternal(reinterpret_cast<sockaddr*>(&a));
  };
  for (const char* ip : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                         "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "198.18.0.1"}) {
    EXPECT_TRUE(v4(ip)) << ip;
  }
  for (const char* ip : {"8.8.8.8", "172.32.0.1", "101.6.6.6", "223.5.5.5"}) EXPECT_FALSE(v4(ip)) << ip;
  for (const char* ip : {"::1", "::", "fe80::1", "fd00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                         "64:ff9b::7f00:1", "2001:db8::1"}) {
    EXPECT_TRUE(v6(ip)) << ip;
  }
  for (const char* ip : {"2400:3200::1", "::ffff:8.8.8.8"}) EXPECT_FALSE(v6(ip)) << ip;
  EXPECT_TRUE(AddressPolicy::IsValidEntry("127.0.0.1:8080"));
  EXPECT_TRUE(AddressPolicy::IsValidEntry("[::1]:80"));
  EXPECT_TRUE(AddressPolicy::IsValidEntry("intranet.example"));
  EXPECT_FALSE(AddressPolicy::IsValidEntry("127.0.0.1:99999"));
  EXPECT_FALSE(AddressPolicy::IsValidEntry("http://x/"));
}

}  // namespace
}  // namespace govaudit
