// Availability probes against loopback servers: a site that answers, goes down, comes back up on
// the same port, answers too slowly, answers 503, redirects; and the address policy on redirects.
#include "crawler/probe.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "tests/support/loopback_server.h"

namespace govaudit {
namespace {

using testing::LoopbackServer;

// A site on a fixed loopback port that can be stopped and started again.
class Site {
 public:
  explicit Site(int port = 0) : port_(port) {}
  ~Site() { Down(); }

  void Up() {
    server_ = std::make_unique<httplib::Server>();
    server_->Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<html><body>首页</body></html>", "text/html; charset=utf-8");
    });
    server_->Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      res.set_content("late", "text/html");
    });
    server_->Get("/busy", [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
    server_->Get("/moved", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/"); });
    if (port_ == 0) {
      port_ = server_->bind_to_any_port("127.0.0.1");
    } else {
      ASSERT_TRUE(server_->bind_to_port("127.0.0.1", port_)) << "port " << port_ << " not free again";
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }

  void Down() {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }

  std::string Url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  int port_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

ProbeOptions Fast() {
  ProbeOptions o;
  o.timeout_ms = o.connect_timeout_ms = 700;  // the tests' stand-in for 15 s
  return o;
}

ProbeResult ProbeOnce(const std::string& url, const ProbeOptions& options = Fast()) {
  std::vector<ProbeResult> r = RunProbes({{"示范县", url, false}}, options);
  EXPECT_EQ(r.size(), 1u);
  return r.empty() ? ProbeResult{} : r.front();
}

TEST(ProbeTest, ASiteThatGoesDownAndComesBackUp) {
  Site site;
  site.Up();
  const ProbeResult up = ProbeOnce(site.Url());
  EXPECT_TRUE(up.ok) << up.error;
  EXPECT_EQ(up.status, 200);
  EXPECT_EQ(up.at.size(), 20u);  // 2026-11-26T14:51:00Z
  EXPECT_GT(up.duration_ms, 0);

  site.Down();
  const ProbeResult down = ProbeOnce(site.Url());
  EXPECT_FALSE(down.ok);
  EXPECT_EQ(down.status, 0);
  EXPECT_EQ(down.error_kind, "connect") << down.error;

  site.Up();  // the same port
  const ProbeResult again = ProbeOnce(site.Url());
  EXPECT_TRUE(again.ok) << again.error;
}

TEST(ProbeTest, APageThatDoesNotOpenInTimeFails) {
  Site site;
  site.Up();
  const ProbeResult slow = ProbeOnce(site.Url("/slow"));
  EXPECT_FALSE(slow.ok);
  EXPECT_EQ(slow.error_kind, "timeout");
  EXPECT_LT(slow.duration_ms, 1400);  // given up at the limit, not when the server answered
  ProbeOptions patient = Fast();
  patient.timeout_ms = patient.connect_timeout_ms = 5000;
  EXPECT_TRUE(ProbeOnce(site.Url("/slow"), patient).ok);
}

TEST(ProbeTest, AnErrorStatusFailsAndRedirectsAreFollowed) {
  Site site;
  site.Up();
  const ProbeResult busy = ProbeOnce(site.Url("/busy"));
  EXPECT_FALSE(busy.ok);
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.error, "HTTP 503");
  const ProbeResult moved = ProbeOnce(site.Url("/moved"));
  EXPECT_TRUE(moved.ok) << moved.error;
  EXPECT_EQ(moved.final_url, site.Url("/"));
}

TEST(ProbeTest, ARedirectToAnotherInternalAddressIsRefused) {
  LoopbackServer intranet;
  int hits = 0;
  intranet.server().Get("/admin", [&](const httplib::Request&, httplib::Response& res) {
    ++hits;
    res.set_content("内部", "text/html");
  });
  intranet.Start();
  LoopbackServer site;
  site.server().Get("/", [&](const httplib::Request&, httplib::Response& res) { res.set_redirect(intranet.Url("/admin")); });
  site.Start();
  const ProbeResult r = ProbeOnce(site.Url("/"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_kind, "refused") << r.error;
  EXPECT_EQ(hits, 0);
  ProbeOptions allowed = Fast();
  allowed.allow_addresses = {"127.0.0.1:" + std::to_string(intranet.port())};
  EXPECT_TRUE(ProbeOnce(site.Url("/"), allowed).ok);
  EXPECT_EQ(hits, 1);
}

TEST(ProbeTest, ManyTargetsAreProbedTogetherInTheirOrder) {
  Site site;
  site.Up();
  std::vector<ProbeTarget> targets;
  for (int i = 0; i < 6; ++i) targets.push_back({"示范县", site.Url(i % 2 ? "/busy" : "/"), i > 0});
  ProbeOptions o = Fast();
  o.parallel = 3;
  const std::vector<ProbeResult> r = RunProbes(targets, o);
  ASSERT_EQ(r.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(r[i].target.url, targets[i].url);
    EXPECT_EQ(r[i].ok, i % 2 == 0) << i;
    EXPECT_EQ(r[i].target.key_page, i > 0);
  }
}

}  // namespace
}  // namespace govaudit
