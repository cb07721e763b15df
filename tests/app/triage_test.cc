// Triage (status changes with an audit trail, ids by prefix, history lists) and diff, through
// the Store and through the govaudit command.
#include "app/triage.h"

#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>
#include <regex>

#include "db/store.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

using testing::RunGovaudit;
using testing::TempDir;

Finding Broken(const std::string& url, Severity severity = Severity::kHigh) {
  Finding f;
  f.rule_id = "link.broken";
  f.severity = severity;
  f.url = url;
  f.message = "链接目标无法访问：HTTP 404";
  f.evidence = "HTTP 404";
  f.evidence_key = "404";
  return f;
}

Finding Mobile(const std::string& url) {
  Finding f;
  f.rule_id = "pii.mobile";
  f.severity = Severity::kMedium;
  f.url = url;
  f.message = "手机号码未脱敏：139****5678";
  f.evidence = "联系电话 139****5678";
  f.evidence_key = "139****5678";
  return f;
}

// A store with runs of one site; each Run() stores findings and updates the history.
class TriageStore : public ::testing::Test {
 protected:
  void SetUp() override { Open(":memory:"); }

  void Open(const std::string& path) {
    auto store = db::Store::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
  }

  int64_t Run(const std::vector<Finding>& findings, bool complete = true) {
    db::RunInfo run;
    run.site = "示范站点";
    run.as_of = "2026-11-26";
    run.id = *store_->BeginRun(run);
    run.complete = complete;
    run.stop_reason = complete ? "finished" : "max-pages";
    EXPECT_TRUE(store_->PutFindings(run.id, findings).ok());
    EXPECT_TRUE(store_->FinishRun(run).ok());
    EXPECT_TRUE(store_->UpdateHistory(run.id).ok());
    return run.id;
  }

  // Two findings whose ids share their first six hex digits: found by trying evidence keys (real
  // ids are hashes, so twins exist among a few tens of thousands).
  static std::pair<Finding, Finding> Twins() {
    std::map<std::string, Finding> by_prefix;
    for (int i = 0;; ++i) {
      Finding f = Broken("http://127.0.0.1/twin.html");
      f.evidence_key = std::to_string(i);
      auto [it, fresh] = by_prefix.emplace(Fingerprint(f).substr(0, 6), f);
      if (!fresh) return {it->second, f};
    }
  }

  std::unique_ptr<db::Store> store_;
};

TEST_F(TriageStore, SetStatusChangesStatusAndKeepsTheTrail) {
  Finding a = Broken("http://127.0.0.1/a.html");
  Run({a});
  const std::string id = Fingerprint(a);
  ASSERT_TRUE(store_->SetStatus(id, "acknowledged", "已通知网站管理员", "inspector", "2026-11-26T09:00:00Z").ok());
  ASSERT_TRUE(store_->SetStatus(id, "false_positive", "链接由上级网站维护", "inspector", "2026-11-27T09:00:00Z").ok());

  auto entry = store_->FindByPrefix(id);
  ASSERT_TRUE(entry.ok()) << entry.status().message();
  EXPECT_EQ(entry->finding.status, "false_positive");
  EXPECT_EQ(entry->finding.status_note, "链接由上级网站维护");

  auto trail = store_->TriageTrail(id);
  ASSERT_TRUE(trail.ok());
  ASSERT_EQ(trail->size(), 2u);
  EXPECT_EQ((*trail)[0].at, "2026-11-26T09:00:00Z");
  EXPECT_EQ((*trail)[0].old_status, "open");
  EXPECT_EQ((*trail)[0].new_status, "acknowledged");
  EXPECT_EQ((*trail)[0].note, "已通知网站管理员");
  EXPECT_EQ((*trail)[0].actor, "inspector");
  EXPECT_EQ((*trail)[1].old_status, "acknowledged");
  EXPECT_EQ((*trail)[1].new_status, "false_positive");
}

TEST_F(TriageStore, SetStatusWithoutTimeStampsNow) {
  Finding a = Broken("http://127.0.0.1/a.html");
  Run({a});
  ASSERT_TRUE(store_->SetStatus(Fingerprint(a), "acknowledged", "", "").ok());
  auto trail = store_->TriageTrail(Fingerprint(a));
  ASSERT_EQ(trail->size(), 1u);
  EXPECT_TRUE(std::regex_match((*trail)[0].at, std::regex("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")))
      << (*trail)[0].at;
}

TEST_F(TriageStore, SetStatusRejectsBadStatusAndUnknownId) {
  Finding a = Broken("http://127.0.0.1/a.html");
  Run({a});
  Status bad = store_->SetStatus(Fingerprint(a), "wontfix", "", "");
  EXPECT_EQ(bad.message(), "status 'wontfix' is not one of: open, acknowledged, false_positive, fixed");
  Status unknown = store_->SetStatus("0123456789abcdef", "fixed", "", "");
  EXPECT_EQ(unknown.message(), "no finding with id '0123456789abcdef' in :memory:");
  // Neither left a trace.
  EXPECT_TRUE(store_->TriageTrail(Fingerprint(a))->empty());
  EXPECT_EQ(store_->FindByPrefix(Fingerprint(a))->finding.status, "open");
}

TEST_F(TriageStore, DismissedFindingStaysDismissedInLaterRuns) {
  Finding a = Broken("http://127.0.0.1/a.html");
  Run({a});
  ASSERT_TRUE(store_->SetStatus(Fingerprint(a), "false_positive", "误报", "inspector").ok());
  Run({a});
  auto entry = store_->FindByPrefix(Fingerprint(a));
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->finding.status, "false_positive");
  EXPECT_EQ(entry->runs, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(entry->finding.first_seen_run, 1);
  EXPECT_EQ(entry->finding.last_seen_run, 2);
}

TEST_F(TriageStore, FindByPrefixAcceptsAUniquePrefixOfSixOrMore) {
  Finding a = Broken("http://127.0.0.1/a.html");
  Run({a});
  const std::string id = Fingerprint(a);
  ASSERT_EQ(id.size(), 16u);
  std::string upper = id.substr(0, 6);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& prefix : {id, id.substr(0, 6), upper}) {
    auto entry = store_->FindByPrefix(prefix);
    ASSERT_TRUE(entry.ok()) << prefix << ": " << entry.status().message();
    EXPECT_EQ(entry->finding.fingerprint, id);
    EXPECT_EQ(entry->finding.finding.url, "http://127.0.0.1/a.html");
    EXPECT_EQ(entry->finding.finding.message, "链接目标无法访问：HTTP 404");
    EXPECT_EQ(entry->finding.finding.severity, Severity::kHigh);
    EXPECT_EQ(entry->site, "示范站点");
    EXPECT_EQ(entry->runs, std::vector<int64_t>{1});
  }
  EXPECT_EQ(store_->FindByPrefix(id.substr(0, 5)).status().message(),
            "id '" + id.substr(0, 5) + "' is too short: give at least 6 characters of the finding's id");
  EXPECT_EQ(store_->FindByPrefix("zzzzzzzz").status().message(), "no finding with id 'zzzzzzzz' in :memory:");
  EXPECT_EQ(store_->FindByPrefix(id + "0").status().message(), "no finding with id '" + id + "0' in :memory:");
}

TEST_F(TriageStore, FindByPrefixRefusesAnAmbiguousPrefix) {
  auto [a, b] = Twins();
  Run({a, b});
  std::string first = Fingerprint(a), second = Fingerprint(b);
  if (second < first) std::swap(first, second);
  const std::string prefix = first.substr(0, 6);
  auto both = store_->FindByPrefix(prefix);
  EXPECT_EQ(both.status().message(),
            "id '" + prefix + "' matches several findings (" + first + ", " + second + "): give more characters");
  auto one = store_->FindByPrefix(second);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->finding.fingerprint, second);
  EXPECT_EQ(one->runs.size(), 1u);
}

TEST_F(TriageStore, ListHistoryFiltersByStatusRuleAndFamily) {
  Finding a = Broken("http://127.0.0.1/a.html"), b = Broken("http://127.0.0.1/b.html", Severity::kLow);
  Finding m = Mobile("http://127.0.0.1/list.html");
  Run({a, b, m});
  Run({a, m});  // b fixed
  ASSERT_TRUE(store_->SetStatus(Fingerprint(m), "acknowledged", "", "").ok());

  auto all = store_->ListHistory();
  ASSERT_TRUE(all.ok());
  std::vector<std::string> order;
  for (const auto& e : *all) order.push_back(e.finding.finding.url + " " + e.finding.status);
  // By severity, then rule and url.
  EXPECT_EQ(order, (std::vector<std::string>{"http://127.0.0.1/a.html open", "http://127.0.0.1/list.html acknowledged",
                                             "http://127.0.0.1/b.html fixed"}));
  EXPECT_EQ((*all)[0].runs_seen, 2);
  EXPECT_EQ((*all)[2].runs_seen, 1);

  auto fixed = store_->ListHistory({"fixed", "", ""});
  ASSERT_EQ(fixed->size(), 1u);
  EXPECT_EQ((*fixed)[0].finding.fingerprint, Fingerprint(b));
  auto family = store_->ListHistory({"", "link", ""});
  EXPECT_EQ(family->size(), 2u);
  auto exact = store_->ListHistory({"", "pii.mobile", ""});
  ASSERT_EQ(exact->size(), 1u);
  EXPECT_EQ((*exact)[0].finding.finding.evidence, "联系电话 139****5678");
  EXPECT_TRUE(store_->ListHistory({"", "pii.mob", ""})->empty());  // neither an id nor a family
  EXPECT_EQ(store_->ListHistory({"closed", "", ""}).status().message(),
            "status 'closed' is not one of: open, acknowledged, false_positive, fixed");
}

TEST_F(TriageStore, DiffSplitsNewFixedAndPersisting) {
  Finding a = Broken("http://127.0.0.1/a.html"), b = Broken("http://127.0.0.1/b.html");
  Finding c = Mobile("http://127.0.0.1/c.html");
  int64_t first = Run({a, b});
  int64_t second = Run({a, c}, /*complete=*/false);
  auto diff = DiffRuns(*store_, first, second);
  ASSERT_TRUE(diff.ok()) << diff.status().message();
  ASSERT_EQ(diff->added.size(), 1u);
  EXPECT_EQ(diff->added[0].fingerprint, Fingerprint(c));
  ASSERT_EQ(diff->removed.size(), 1u);
  EXPECT_EQ(diff->removed[0].fingerprint, Fingerprint(b));
  ASSERT_EQ(diff->persisting.size(), 1u);
  EXPECT_EQ(diff->persisting[0].fingerprint, Fingerprint(a));

  std::string text = FormatDiffText(*diff);
  EXPECT_NE(text.find("新发现 new 1 条，已消失 fixed 1 条，持续存在 persisting 1 条"), std::string::npos) << text;
  EXPECT_NE(text.find("未再发现的问题不一定已整改"), std::string::npos) << text;  // run 2 is incomplete
  EXPECT_NE(text.find("http://127.0.0.1/c.html"), std::string::npos);

  auto json = nlohmann::json::parse(FormatDiffJson(*diff));
  EXPECT_EQ(json["counts"], nlohmann::json({{"new", 1}, {"fixed", 1}, {"persisting", 1}, {"not_rechecked", 0}}));
  EXPECT_EQ(json["run_a"]["id"], first);
  EXPECT_EQ(json["run_b"]["complete"], false);
  EXPECT_EQ(json["new"][0]["rule"], "pii.mobile");
  EXPECT_EQ(json["new"][0]["severity"], "medium");
  EXPECT_EQ(json["new"][0]["url"], "http://127.0.0.1/c.html");
  EXPECT_EQ(json["new"][0]["message"], "手机号码未脱敏：139****5678");
  EXPECT_EQ(json["fixed"][0]["id"], Fingerprint(b));
  EXPECT_EQ(json["persisting"][0]["id"], Fingerprint(a));

  EXPECT_EQ(DiffRuns(*store_, first, 9).status().message(), "no run 9 in :memory:");
}

// The commands, as a user runs them, on a database file.
class TriageCommand : public TriageStore {
 protected:
  void SetUp() override { Open(dir_ / "audit.db"); }
  std::string Db() const { return " --db " + dir_ / "audit.db"; }
  TempDir dir_{"govaudit-triage"};
};

TEST_F(TriageCommand, SetShowAndListThroughTheCommand) {
  Finding a = Broken("http://127.0.0.1/a.html"), m = Mobile("http://127.0.0.1/list.html");
  Run({a, m});
  Run({a, m});
  const std::string id = Fingerprint(a);

  auto set =
      RunGovaudit("triage set " + id.substr(0, 8) + " false_positive --note '链接由上级网站维护' --by 张三" + Db());
  ASSERT_EQ(set.exit_code, 0) << set.output;
  EXPECT_NE(set.output.find("open → false_positive"), std::string::npos) << set.output;

  auto show = RunGovaudit("triage show " + id.substr(0, 6) + Db());
  ASSERT_EQ(show.exit_code, 0) << show.output;
  for (const std::string& expected :
       {"编号：" + id, std::string("网址：http://127.0.0.1/a.html"),
        std::string("状态：false_positive（备注：链接由上级网站维护）"), std::string("（第 1 次运行）"),
        std::string("（第 2 次运行）"), std::string("发现于 2 次运行：1, 2"),
        std::string("open → false_positive  张三  链接由上级网站维护")}) {
    EXPECT_NE(show.output.find(expected), std::string::npos) << expected << "\n" << show.output;
  }

  auto dismissed = RunGovaudit("triage list --status false_positive" + Db());
  ASSERT_EQ(dismissed.exit_code, 0) << dismissed.output;
  EXPECT_NE(dismissed.output.find(id), std::string::npos);
  EXPECT_EQ(dismissed.output.find(Fingerprint(m)), std::string::npos);
  EXPECT_NE(dismissed.output.find("共 1 条（false_positive 1）"), std::string::npos) << dismissed.output;

  auto pii = RunGovaudit("triage list --rule pii" + Db());
  ASSERT_EQ(pii.exit_code, 0);
  EXPECT_NE(pii.output.find(Fingerprint(m)), std::string::npos);
  EXPECT_EQ(pii.output.find(id), std::string::npos);

  auto none = RunGovaudit("triage list --status fixed" + Db());
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_NE(none.output.find("没有符合条件的问题"), std::string::npos);
}

TEST_F(TriageCommand, BadInputExitsTwoNamingTheValue) {
  Finding a = Broken("http://127.0.0.1/a.html");
  Run({a});
  const std::string id = Fingerprint(a);
  struct Case {
    std::string args;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"triage set " + id + " wontfix --note x" + Db(),
            "status 'wontfix' is not one of: open, acknowledged, false_positive, fixed"},
           {"triage set 0000000000 fixed --note x" + Db(), "no finding with id '0000000000'"},
           {"triage show abc" + Db(), "id 'abc' is too short"},
           {"triage show ffffff" + Db(), "no finding with id 'ffffff'"},
           {"triage list --status closed" + Db(), "status 'closed' is not one of"},
           {"triage set " + id + " fixed" + Db(), "--note"},
           {"triage show " + id + " --db " + dir_ / "missing.db", "missing.db does not exist"},
           {"triage", "triage needs one of: list, set, show"},
           {"diff 1 7" + Db(), "no run 7"},
           {"diff 1" + Db(), "run_b"},
       }) {
    auto r = RunGovaudit(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.args << "\n" << r.output;
  }
  // The failed attempts changed nothing.
  EXPECT_EQ(store_->FindByPrefix(id)->finding.status, "open");
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "missing.db"));
}

TEST_F(TriageCommand, DbDefaultsToGovauditDbInTheCurrentFolder) {
  TempDir cwd("govaudit-triage-cwd");
  Open(cwd / "govaudit.db");
  Finding a = Broken("http://127.0.0.1/a.html");
  Run({a});
  auto r = RunGovaudit("triage list", cwd.path().string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find(Fingerprint(a)), std::string::npos) << r.output;
}

TEST_F(TriageCommand, DiffPrintsTextAndJson) {
  Finding a = Broken("http://127.0.0.1/a.html"), b = Broken("http://127.0.0.1/b.html");
  Run({a});
  Run({b});
  auto text = RunGovaudit("diff 1 2" + Db());
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("新发现 new 1 条，已消失 fixed 1 条，持续存在 persisting 0 条"), std::string::npos)
      << text.output;
  auto json = RunGovaudit("diff --json 1 2" + Db());
  ASSERT_EQ(json.exit_code, 0) << json.output;
  auto doc = nlohmann::json::parse(json.output);
  EXPECT_EQ(doc["counts"]["new"], 1);
  EXPECT_EQ(doc["new"][0]["url"], "http://127.0.0.1/b.html");
  EXPECT_EQ(doc["fixed"][0]["url"], "http://127.0.0.1/a.html");
}

}  // namespace
}  // namespace govaudit
