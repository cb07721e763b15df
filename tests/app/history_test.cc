// Acceptance for the nightly history: two audits of a site where one defect is fixed and one
// introduced between them, then a dismissed finding in a third audit, all through the command.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

using testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

// `crawl` followed by a section switching off every rule `keep` refuses, whatever rules exist
// when the test runs.
std::string ConfigKeepingOnly(const std::string& crawl, const std::function<bool(const std::string&)>& keep) {
  auto rules = RunGovaudit("rules");
  EXPECT_EQ(rules.exit_code, 0) << rules.output;
  std::string config = crawl;
  std::istringstream lines(rules.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == ' ') continue;
    std::string id = line.substr(0, line.find(' '));
    if (id.find('.') != std::string::npos && !keep(id)) config += "[rules.\"" + id + "\"]\nenabled = false\n";
  }
  return config;
}

// The home page's links change from night to night:
//   night 1: /old-gone.html (404), /kept-gone.html (404)
//   night 2: /kept-gone.html, /new-gone.html (404)     → 1 new, 1 fixed
//   night 3: /kept-gone.html                           → the site fixed /new-gone.html too
class NightlySite : public ::testing::Test {
 protected:
  void SetUp() override {
    site_.server().Get("/", [this](const auto&, auto& res) {
      std::string links = "<a href='/about.html'>关于我们</a><a href='/kept-gone.html'>旧栏目</a>";
      if (night_ == 1) links += "<a href='/old-gone.html'>过期通知</a>";
      if (night_ == 2) links += "<a href='/new-gone.html'>新通知</a>";
      res.set_content("<html><head><title>示范县人民政府</title></head><body>" + links + "</body></html>",
                      "text/html; charset=utf-8");
    });
    site_.server().Get("/about.html", [](const auto&, auto& res) {
      res.set_content("<html><head><title>关于我们</title></head><body>简介</body></html>", "text/html; charset=utf-8");
    });
    site_.Start();
    // The test is about history, not about what other rules think of this tiny site: every
    // rule outside the link family is switched off, whatever rules exist when it runs.
    std::ofstream(dir_ / "govaudit.toml") << ConfigKeepingOnly(
        "[crawl]\nper_host_interval_s = 0\n", [](const std::string& id) { return id.rfind("link.", 0) == 0; });
  }

  testing::CommandResult Audit(int night, const std::string& extra = "") {
    night_ = night;
    return RunGovaudit("audit " + site_.Url("/") + " --out " + dir_ / "out" + " --db " + dir_ / "audit.db" +
                       " --as-of 2026-11-2" + std::to_string(night + 5) + " --config " + dir_ / "govaudit.toml" +
                       " --quiet " + extra);
  }

  nlohmann::json Findings() { return nlohmann::json::parse(ReadWholeFile(dir_.path() / "out" / "findings.json")); }
  std::string Html() { return ReadWholeFile(dir_.path() / "out" / "report.html"); }

  // The id of the finding for `path`, or "" if the run has none.
  std::string IdOf(const nlohmann::json& findings, const std::string& path) {
    for (const auto& f : findings["findings"]) {
      if (f["url"] == site_.Url(path)) return f["id"];
    }
    return "";
  }

  std::atomic<int> night_{1};
  TempDir dir_{"govaudit-history"};
  LoopbackServer site_;  // last: stops before what its handlers use goes away
};

// The number inside <b id="...">N</b> of report.html.
std::string CardValue(const std::string& html, const std::string& id) {
  std::string open = "<b id=\"" + id + "\">";
  size_t at = html.find(open);
  if (at == std::string::npos) return "missing";
  at += open.size();
  return html.substr(at, html.find('<', at) - at);
}

TEST_F(NightlySite, SecondNightShowsOneNewOneFixedAndDismissedFindingLeavesListAndFailOn) {
  auto first = Audit(1);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  auto night1 = Findings();
  ASSERT_EQ(night1["findings"].size(), 2u) << night1.dump(2);
  const std::string old_id = IdOf(night1, "/old-gone.html");
  const std::string kept_id = IdOf(night1, "/kept-gone.html");
  ASSERT_FALSE(old_id.empty());
  ASSERT_FALSE(kept_id.empty());

  // Night 2: the kept defect still counts for --fail-on.
  auto second = Audit(2, "--fail-on high");
  EXPECT_EQ(second.exit_code, 1) << second.output;
  auto night2 = Findings();
  EXPECT_EQ(night2["run"]["id"], 2);
  EXPECT_EQ(night2["run"]["previous_run"], 1);
  EXPECT_EQ(night2["run"]["new"], 1);
  EXPECT_EQ(night2["run"]["fixed"], 1);
  const std::string new_id = IdOf(night2, "/new-gone.html");
  ASSERT_FALSE(new_id.empty()) << night2.dump(2);
  EXPECT_EQ(IdOf(night2, "/kept-gone.html"), kept_id);  // same defect, same id
  ASSERT_EQ(night2["fixed"].size(), 1u);
  EXPECT_EQ(night2["fixed"][0]["id"], old_id);
  for (const auto& f : night2["findings"]) {
    EXPECT_EQ(f["new"], f["id"] == new_id) << f.dump();
    EXPECT_EQ(f["first_seen_run"], f["id"] == new_id ? 2 : 1) << f.dump();
    EXPECT_EQ(f["last_seen_run"], 2);
  }
  std::string html2 = Html();
  EXPECT_EQ(CardValue(html2, "count-new"), "1");
  EXPECT_EQ(CardValue(html2, "count-fixed"), "1");

  auto diff = RunGovaudit("diff --json 1 2 --db " + dir_ / "audit.db");
  ASSERT_EQ(diff.exit_code, 0) << diff.output;
  auto d = nlohmann::json::parse(diff.output);
  EXPECT_EQ(d["counts"], nlohmann::json({{"new", 1}, {"fixed", 1}, {"persisting", 1}, {"not_rechecked", 0}}));
  EXPECT_EQ(d["new"][0]["id"], new_id);
  EXPECT_EQ(d["fixed"][0]["id"], old_id);
  EXPECT_EQ(d["persisting"][0]["id"], kept_id);

  // The inspector dismisses the kept finding.
  auto set = RunGovaudit("triage set " + kept_id.substr(0, 8) +
                         " false_positive --note '旧栏目已迁至上级网站，由其维护' --db " + dir_ / "audit.db");
  ASSERT_EQ(set.exit_code, 0) << set.output;

  // Night 3: the site also fixed /new-gone.html; the only high finding left is dismissed.
  auto third = Audit(3, "--fail-on high");
  EXPECT_EQ(third.exit_code, 0) << third.output;
  auto night3 = Findings();
  ASSERT_EQ(night3["findings"].size(), 1u) << night3.dump(2);
  const auto& kept = night3["findings"][0];
  EXPECT_EQ(kept["id"], kept_id);
  EXPECT_EQ(kept["severity"], "high");
  EXPECT_EQ(kept["status"], "false_positive");
  EXPECT_EQ(kept["status_note"], "旧栏目已迁至上级网站，由其维护");
  EXPECT_EQ(kept["first_seen_run"], 1);
  EXPECT_EQ(kept["last_seen_run"], 3);

  // In report.html the kept finding appears only inside the collapsed dismissed section.
  std::string html3 = Html();
  size_t section = html3.find("<details id=\"dismissed\">");
  ASSERT_NE(section, std::string::npos);
  size_t section_end = html3.find("</details>", section);
  std::vector<size_t> mentions;
  for (size_t at = html3.find(kept_id); at != std::string::npos; at = html3.find(kept_id, at + 1))
    mentions.push_back(at);
  ASSERT_FALSE(mentions.empty());
  for (size_t at : mentions) {
    EXPECT_GT(at, section);
    EXPECT_LT(at, section_end);
  }
  EXPECT_EQ(html3.find("id=\"f-" + kept_id + "\""), std::string::npos);
  EXPECT_NE(html3.find("旧栏目已迁至上级网站，由其维护", section), std::string::npos);
  EXPECT_NE(html3.find("已标记为误报的问题（1）"), std::string::npos);
  EXPECT_NE(html3.find("id=\"shown\">0</b> / 0 条"), std::string::npos);

  // The trail says who changed what, and the run kept the dismissal.
  auto show = RunGovaudit("triage show " + kept_id + " --db " + dir_ / "audit.db");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  EXPECT_NE(show.output.find("发现于 3 次运行：1, 2, 3"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("open → false_positive"), std::string::npos) << show.output;
  EXPECT_NE(show.output.find("状态：false_positive"), std::string::npos) << show.output;
  auto fixed = RunGovaudit("triage list --status fixed --db " + dir_ / "audit.db");
  EXPECT_NE(fixed.output.find(old_id), std::string::npos) << fixed.output;
  EXPECT_NE(fixed.output.find(new_id), std::string::npos) << fixed.output;
  EXPECT_NE(fixed.output.find("共 2 条（fixed 2）"), std::string::npos) << fixed.output;
}

// A page whose defect was found, then a night on which the page (or the column that leads to it)
// cannot be read: the defect is neither fixed nor confirmed until a night reads the page again.
//   night 1: every page answers; /a.html shows a mobile number     → pii.mobile on /a.html
//   night 2: /a.html answers 503                                   → not re-checked
//   night 3: /list.html answers 503, /a.html masked but not reached → not re-checked
//   night 4: every page answers, /a.html masked                    → fixed
class UnreadPageSite : public ::testing::Test {
 protected:
  void SetUp() override {
    auto page = [this](const std::string& path, const std::string& title, const std::string& body) {
      site_.server().Get(path, [this, path, title, body](const auto&, auto& res) {
        if ((night_ == 2 && path == "/a.html") || (night_ == 3 && path == "/list.html")) {
          res.status = 503;
          res.set_content("busy", "text/plain");
          return;
        }
        std::string text = body;
        if (path == "/a.html") text += night_ == 1 ? "联系电话：13909551234" : "联系电话：139****1234";
        res.set_content("<html><head><title>" + title + "</title></head><body>" + text + "</body></html>",
                        "text/html; charset=utf-8");
      });
    };
    page("/", "示范县人民政府", "<a href='/list.html'>通知公告</a>");
    page("/list.html", "通知公告", "<a href='/a.html'>关于开展春季植树活动的通知</a>");
    page("/a.html", "关于开展春季植树活动的通知", "各乡镇：");
    site_.Start();
    std::ofstream(dir_ / "govaudit.toml") << ConfigKeepingOnly(
        "[crawl]\nper_host_interval_s = 0\nretries = 0\n", [](const std::string& id) { return id == "pii.mobile"; });
  }

  nlohmann::json Audit(int night) {
    night_ = night;
    auto run = RunGovaudit("audit " + site_.Url("/") + " --out " + dir_ / "out" + " --db " + dir_ / "audit.db" +
                           " --as-of 2026-11-2" + std::to_string(night + 5) + " --config " + dir_ / "govaudit.toml" +
                           " --quiet");
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return nlohmann::json::parse(ReadWholeFile(dir_.path() / "out" / "findings.json"));
  }

  std::string HistoryStatus(const std::string& id) {
    auto show = RunGovaudit("triage show " + id + " --db " + dir_ / "audit.db");
    size_t at = show.output.find("状态：");
    return at == std::string::npos ? show.output : show.output.substr(at, show.output.find('\n', at) - at);
  }

  std::atomic<int> night_{1};
  TempDir dir_{"govaudit-unread"};
  LoopbackServer site_;  // last: stops before what its handlers use goes away
};

TEST_F(UnreadPageSite, AFindingOnAPageTheRunCouldNotReadIsNotFixed) {
  auto night1 = Audit(1);
  ASSERT_EQ(night1["findings"].size(), 1u) << night1.dump(2);
  const std::string id = night1["findings"][0]["id"];
  EXPECT_EQ(night1["findings"][0]["url"], site_.Url("/a.html"));

  for (int night : {2, 3}) {
    auto json = Audit(night);
    EXPECT_TRUE(json["run"]["complete"]) << json["run"].dump();
    EXPECT_EQ(json["run"]["fixed"], 0) << "night " << night;
    EXPECT_TRUE(json["fixed"].empty()) << "night " << night << ": " << json["fixed"].dump();
    ASSERT_EQ(json["not_rechecked"].size(), 1u) << "night " << night << ": " << json.dump(2);
    EXPECT_EQ(json["not_rechecked"][0]["id"], id);
    EXPECT_EQ(json["not_rechecked"][0]["status"], "open");
    EXPECT_EQ(HistoryStatus(id), "状态：open") << "night " << night;
    std::string html = ReadWholeFile(dir_.path() / "out" / "report.html");
    EXPECT_EQ(CardValue(html, "count-fixed"), "0");
    EXPECT_EQ(CardValue(html, "count-not-rechecked"), "1");
    size_t section = html.find("<section id=\"not-rechecked\">");
    ASSERT_NE(section, std::string::npos) << "night " << night;
    EXPECT_NE(html.find(site_.Url("/a.html"), section), std::string::npos);
    EXPECT_NE(html.find("未脱敏", section), std::string::npos);  // the finding's message
    EXPECT_EQ(html.find("13909551234"), std::string::npos);      // and never the number itself
  }
  auto diff = RunGovaudit("diff --json 1 2 --db " + dir_ / "audit.db");
  ASSERT_EQ(diff.exit_code, 0) << diff.output;
  auto d = nlohmann::json::parse(diff.output);
  EXPECT_EQ(d["counts"]["fixed"], 0) << d.dump(2);
  EXPECT_EQ(d["counts"]["not_rechecked"], 1) << d.dump(2);
  EXPECT_EQ(d["not_rechecked"][0]["id"], id);
  // The rectification notices of night 3 quote only what it saw, and say what they leave out.
  auto notices = RunGovaudit("notices --db " + dir_ / "audit.db" + " --run 3 --out " + dir_ / "notices");
  ASSERT_EQ(notices.exit_code, 0) << notices.output;
  EXPECT_NE(notices.output.find("另有 1 个问题本次未能复查"), std::string::npos) << notices.output;
  auto plan = nlohmann::json::parse(ReadWholeFile(dir_.path() / "notices" / "notices.json"));
  EXPECT_EQ(plan["open_findings"], 0) << plan.dump(2);
  EXPECT_EQ(plan["not_rechecked"], 1) << plan.dump(2);
  EXPECT_NE(ReadWholeFile(dir_.path() / "notices" / "index.html").find("另有 1 个问题本次未能复查"), std::string::npos);

  // Night 4 reads every page again: now the masked number counts as fixed.
  auto night4 = Audit(4);
  EXPECT_EQ(night4["findings"].size(), 0u) << night4.dump(2);
  ASSERT_EQ(night4["fixed"].size(), 1u) << night4.dump(2);
  EXPECT_EQ(night4["fixed"][0]["id"], id);
  EXPECT_FALSE(night4.contains("not_rechecked"));
  EXPECT_EQ(HistoryStatus(id), "状态：fixed");
  EXPECT_EQ(CardValue(ReadWholeFile(dir_.path() / "out" / "report.html"), "count-not-rechecked"), "missing");
}

}  // namespace
}  // namespace govaudit
