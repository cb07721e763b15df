// External links on a machine that cannot reach outside: one run note, not one finding per
// link; a single dead host among reachable ones is still a finding. Hosts under .invalid
// never resolve, online or not, so the tests mean the same everywhere.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

using testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

void Page(LoopbackServer& site, const std::string& links) {
  site.server().Get("/", [links](const auto&, auto& res) {
    res.set_content("<html><head><title>首页</title></head><body>" + links + "</body></html>", "text/html; charset=utf-8");
  });
}

struct Outcome {
  std::set<std::string> external_broken;  // URLs
  std::string notes;                      // run.notes joined
};

Outcome AuditOf(LoopbackServer& site, const std::string& extra = "") {
  TempDir dir("govaudit-offline");
  auto r = RunGovaudit("audit " + site.Url("/") + " --db " + dir / "a.db" + " --out " + dir / "out" +
                       " --quiet --as-of 2026-11-26 " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  Outcome out;
  auto json = nlohmann::json::parse(ReadWholeFile(dir.path() / "out" / "findings.json"), nullptr, false);
  if (!json.is_object()) return out;
  for (const auto& f : json["findings"]) {
    if (f["rule"] == "link.external_broken") out.external_broken.insert(f["url"].get<std::string>());
  }
  for (const auto& n : json["run"].value("notes", nlohmann::json::array())) out.notes += n.get<std::string>() + "\n";
  out.notes += ReadWholeFile(dir.path() / "out" / "report.html").find("外部链接未检查：网络不可用") != std::string::npos
                   ? "(in report.html)"
                   : "";
  return out;
}

TEST(ExternalLinksTest, NoHostReachableIsOneNoteNotAFindingPerLink) {
  LoopbackServer site;
  Page(site, "<a href='http://www.gov.cn.invalid/'>中国政府网</a><a href='http://www.hlj.gov.cn.invalid/a'>省政府</a>"
             "<a href='http://stats.example.invalid/x'>统计局</a>");
  site.Start();
  const Outcome out = AuditOf(site);
  EXPECT_TRUE(out.external_broken.empty()) << out.external_broken.size();
  EXPECT_NE(out.notes.find("外部链接未检查：网络不可用（3 个外部链接、3 个外部主机"), std::string::npos) << out.notes;
  EXPECT_NE(out.notes.find("(in report.html)"), std::string::npos) << out.notes;
}

TEST(ExternalLinksTest, OneDeadHostIsStillAFinding) {
  LoopbackServer site;
  Page(site, "<a href='http://old-portal.example.invalid/a'>旧平台</a><a href='http://old-portal.example.invalid/b'>旧平台二</a>");
  site.Start();
  const Outcome out = AuditOf(site);
  EXPECT_EQ(out.external_broken.size(), 2u);
  EXPECT_EQ(out.notes.find("网络不可用"), std::string::npos) << out.notes;
}

TEST(ExternalLinksTest, DeadHostsBesideAnAnsweringOneAreFindings) {
  LoopbackServer site, partner;
  partner.server().Get("/", [](const auto&, auto& res) { res.set_content("ok", "text/plain"); });
  partner.Start();
  Page(site, "<a href='" + partner.Url("/") + "'>合作网站</a><a href='http://a.example.invalid/'>甲</a>"
             "<a href='http://b.example.invalid/'>乙</a>");
  site.Start();
  const Outcome out = AuditOf(site, "--allow-address 127.0.0.1:" + std::to_string(partner.port()));
  EXPECT_EQ(out.external_broken, (std::set<std::string>{"http://a.example.invalid/", "http://b.example.invalid/"}));
  EXPECT_EQ(out.notes.find("网络不可用"), std::string::npos) << out.notes;
}

}  // namespace
}  // namespace govaudit
