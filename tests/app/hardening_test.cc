// What an attacker or a careless operator can do to an audit, and what govaudit does instead:
// internal addresses are never contacted, a night that failed never rewrites history, bad
// numbers on the command line are named, resources stay bounded.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::LoopbackServer;
using testing::ReadWholeFile;
using testing::RunGovaudit;
using testing::TempDir;

void Html(httplib::Response& res, const std::string& body) {
  res.set_content("<html><head><title>测试</title></head><body>" + body + "</body></html>",
                  "text/html; charset=utf-8");
}

std::string Audit(const LoopbackServer& site, const TempDir& dir, const std::string& extra = "") {
  return "audit " + site.Url("/") + " --db " + dir / "a.db" + " --out " + dir / "out --quiet --as-of 2026-11-26 " +
         extra;
}

TEST(HardeningTest, InternalTargetsAreANoteNotABrokenLinkAndNeverContacted) {
  LoopbackServer site, intranet;
  std::atomic<int> intranet_hits{0};
  intranet.server().Get(".*", [&](const auto&, auto& res) {
    ++intranet_hits;
    Html(res, "内部系统");
  });
  intranet.Start();
  const std::string target = "http://127.0.0.1:" + std::to_string(intranet.port()) + "/admin";
  site.server().Get("/", [&](const auto&, auto& res) { Html(res, "<a href='" + target + "'>内部</a>"); });
  site.Start();
  TempDir dir("govaudit-ssrf");
  auto r = RunGovaudit(Audit(site, dir));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(intranet_hits.load(), 0);
  const std::string json = ReadWholeFile(dir.path() / "out" / "findings.json");
  EXPECT_EQ(json.find("link.external_broken"), std::string::npos) << json;
  EXPECT_NE(json.find("refused: internal address"), std::string::npos) << json;
  EXPECT_NE(ReadWholeFile(dir.path() / "out" / "report.html").find("id=\"run-notes\""), std::string::npos);

  // Allowed by the user: contacted and checked.
  TempDir allowed("govaudit-ssrf-allowed");
  r = RunGovaudit(Audit(site, allowed, "--allow-address 127.0.0.1:" + std::to_string(intranet.port())));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_GE(intranet_hits.load(), 1);
}

TEST(HardeningTest, AllowAddressEntriesAreChecked) {
  auto r = RunGovaudit("audit http://127.0.0.1:9/ --allow-address 127.0.0.1:999999");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--allow-address '127.0.0.1:999999' is not HOST or HOST:PORT"), std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace govaudit
