// The single-veto verdict over a run's findings and facts: rows by rule id or family (data in
// config/veto.toml), 不通过 / 需人工复核 / 未检查 / 通过, and the deduction items.
#include "assess/veto.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "assess/assessment.h"

namespace govaudit {
namespace {

db::StoredFinding Stored(const std::string& rule, const std::string& url, const std::string& key = "",
                         const std::string& status = "open") {
  db::StoredFinding sf;
  sf.finding.rule_id = rule;
  sf.finding.url = url;
  sf.finding.message = rule + " " + url;
  sf.finding.evidence_key = key;
  sf.fingerprint = rule + url + key;
  sf.status = status;
  return sf;
}

db::RunInfo TestRun() {
  db::RunInfo run;
  run.settings_json = R"({"start_urls":["https://www.shifan.gov.cn"]})";
  run.complete = true;
  return run;
}

// Facts of a run that has every kind of data: a judged week of probes, messages, guides.
VetoFacts FullFacts() {
  VetoFacts f;
  f.probed = f.probes_judged = true;
  f.probes_note = "近 7 天首页探测 336 次，失败 0 次（0.0%）";
  f.messages = 12;
  f.guides = 8;
  return f;
}

const VetoRow& RowOf(const VetoSummary& s, const std::string& id) {
  for (const VetoRow& row : s.rows) {
    if (row.spec.id == id) return row;
  }
  static const VetoRow none;
  ADD_FAILURE() << "no veto row " << id;
  return none;
}

int DeductionCount(const VetoSummary& s, const std::string& id) {
  for (const DeductionRow& d : s.deductions) {
    if (d.spec.id == id) return d.count;
  }
  ADD_FAILURE() << "no deduction " << id;
  return -1;
}

TEST(VetoTableTest, BuiltinTableHasTheSixItemsOf19hao) {
  const VetoTable& table = VetoTable::Builtin();
  std::map<std::string, int> rows_per_item;
  for (const VetoRowSpec& row : table.rows) ++rows_per_item[row.item];
  const std::map<std::string, int> expected = {
      {"安全、泄密事故等严重问题", 1},
      {"站点无法访问", 1},
      {"首页不更新", 1},
      {"栏目不更新", 3},
      {"互动回应差", 2},
      {"服务不实用", 2},
  };
  EXPECT_EQ(rows_per_item, expected);
  std::map<std::string, int> thresholds;
  for (const VetoRowSpec& row : table.rows) thresholds[row.id] = row.threshold;
  EXPECT_EQ(thresholds["column_stale_news_notice"], 5);
  EXPECT_EQ(thresholds["column_stale_all"], 10);
  EXPECT_EQ(thresholds["column_empty"], 5);
  EXPECT_EQ(thresholds["service_guides"], 5);
  // Items that are deductions, not vetoes, are in the deduction table only.
  std::set<std::string> deductions;
  for (const DeductionSpec& d : table.deductions) deductions.insert(d.id);
  for (const char* id : {"home_links", "site_identity", "meta", "a11y"}) EXPECT_TRUE(deductions.count(id)) << id;
  for (const VetoRowSpec& row : table.rows) {
    EXPECT_FALSE(MatchesRule(row.rules, "link.broken")) << row.id;
    EXPECT_FALSE(MatchesRule(row.rules, "site.identity_missing")) << row.id;
  }
}

TEST(VetoTableTest, RuleFamiliesMatchByPrefixAndIdsExactly) {
  EXPECT_TRUE(MatchesRule({"security."}, "security.hidden_link"));
  EXPECT_FALSE(MatchesRule({"security."}, "securityx.y"));
  EXPECT_TRUE(MatchesRule({"home.stale"}, "home.stale"));
  EXPECT_FALSE(MatchesRule({"home.stale"}, "home.stale_more"));
}

TEST(VetoTableTest, ErrorsNameTheFileLineAndKey) {
  auto bad_needs =
      VetoTable::Parse("[[row]]\nid = \"x\"\nitem = \"X\"\nrules = [\"home.stale\"]\nneeds = \"luck\"\n", "v.toml");
  ASSERT_FALSE(bad_needs.ok());
  EXPECT_NE(bad_needs.status().message().find("v.toml:5: key 'row[0].needs'"), std::string::npos)
      << bad_needs.status().message();
  auto bad_rule = VetoTable::Parse("[[row]]\nid = \"x\"\nitem = \"X\"\nrules = [\"home.stael\"]\n", "v.toml");
  ASSERT_FALSE(bad_rule.ok());
  EXPECT_NE(bad_rule.status().message().find("'home.stael' is no rule id"), std::string::npos)
      << bad_rule.status().message();
  auto unknown =
      VetoTable::Parse("[[row]]\nid = \"x\"\nitem = \"X\"\nrules = [\"home.stale\"]\nthreshhold = 2\n", "v.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("row[0].threshhold"), std::string::npos) << unknown.status().message();
}

TEST(VetoTableTest, ARowIsDataAFamilyJoinsItWithoutCode) {
  // A table written by a user: every finding of a family not known to the built-in table.
  auto table = VetoTable::Parse(
      "[[row]]\nid = \"mine\"\nitem = \"安全、泄密事故等严重问题\"\nrules = [\"security.\"]\nthreshold = 2\n",
      "mine.toml");
  ASSERT_TRUE(table.ok()) << table.status().message();
  std::vector<db::StoredFinding> findings = {Stored("security.hijacked_link", "https://www.shifan.gov.cn/a")};
  EXPECT_EQ(RowOf(EvaluateVeto(TestRun(), findings, FullFacts(), *table), "mine").status, VetoStatus::kPassed);
  findings.push_back(Stored("security.hidden_link", "https://www.shifan.gov.cn/b"));
  EXPECT_EQ(RowOf(EvaluateVeto(TestRun(), findings, FullFacts(), *table), "mine").status, VetoStatus::kFailed);
}

TEST(VetoSummaryTest, StaleColumnsCountAgainstTheirThresholdsByKind) {
  std::vector<db::StoredFinding> findings;
  for (int i = 0; i < 4; ++i) {
    findings.push_back(Stored("column.stale", "https://www.shifan.gov.cn/c" + std::to_string(i) + "/",
                              i % 2 ? "news|工作动态" : "notice|通知公告"));
  }
  for (int i = 0; i < 5; ++i) {
    findings.push_back(
        Stored("column.stale", "https://www.shifan.gov.cn/p" + std::to_string(i) + "/", "personnel|人事信息"));
  }
  // Dismissed findings do not count.
  findings.push_back(Stored("column.stale", "https://www.shifan.gov.cn/x/", "news|要闻", "false_positive"));
  VetoSummary s = EvaluateVeto(TestRun(), findings, FullFacts());
  EXPECT_EQ(RowOf(s, "column_stale_news_notice").count, 4);
  EXPECT_EQ(RowOf(s, "column_stale_news_notice").status, VetoStatus::kPassed);
  EXPECT_EQ(RowOf(s, "column_stale_all").count, 9);
  EXPECT_EQ(RowOf(s, "column_stale_all").status, VetoStatus::kPassed);
  EXPECT_EQ(s.overall(), VetoStatus::kPassed);

  findings.push_back(Stored("column.stale", "https://www.shifan.gov.cn/y/", "news|要闻"));
  s = EvaluateVeto(TestRun(), findings, FullFacts());
  EXPECT_EQ(RowOf(s, "column_stale_news_notice").status, VetoStatus::kFailed);
  EXPECT_EQ(RowOf(s, "column_stale_all").status, VetoStatus::kFailed);  // 10 of 10
  EXPECT_EQ(s.overall(), VetoStatus::kFailed);
  EXPECT_EQ(s.Verdict(), "存在单项否决问题，网站不合格");
}

TEST(VetoSummaryTest, DictionaryMatchesNeedAPersonToConfirmThem) {
  std::vector<db::StoredFinding> findings = {
      Stored("content.serious_typo", "https://www.shifan.gov.cn/a.html", "中华人民共合国")};
  EXPECT_EQ(RowOf(EvaluateVeto(TestRun(), findings, FullFacts()), "serious_problems").status, VetoStatus::kReview);
  findings[0].status = "acknowledged";
  const VetoSummary confirmed = EvaluateVeto(TestRun(), findings, FullFacts());
  EXPECT_EQ(RowOf(confirmed, "serious_problems").status, VetoStatus::kFailed);
  EXPECT_TRUE(RowOf(confirmed, "serious_problems").evidence.front().confirmed);
  findings[0].status = "false_positive";
  EXPECT_EQ(RowOf(EvaluateVeto(TestRun(), findings, FullFacts()), "serious_problems").status, VetoStatus::kPassed);
}

TEST(VetoSummaryTest, SecurityFindingsBelongToTheSeriousProblemsItem) {
  std::vector<db::StoredFinding> findings = {Stored("security.hidden_link", "https://www.shifan.gov.cn/"),
                                             Stored("content.secret_marking", "https://www.shifan.gov.cn/n.html")};
  const VetoSummary summary = EvaluateVeto(TestRun(), findings, FullFacts());
  const VetoRow& row = RowOf(summary, "serious_problems");
  EXPECT_EQ(row.status, VetoStatus::kReview);
  EXPECT_EQ(row.pending, 2);
  EXPECT_EQ(row.count, 0);
}

TEST(VetoSummaryTest, AvailabilityWithoutAWeekOfProbesIsNotChecked) {
  VetoFacts facts = FullFacts();
  facts.probed = facts.probes_judged = false;
  VetoSummary s = EvaluateVeto(TestRun(), {}, facts);
  EXPECT_EQ(RowOf(s, "availability").status, VetoStatus::kNotChecked);
  EXPECT_NE(RowOf(s, "availability").note.find("govaudit probe"), std::string::npos) << RowOf(s, "availability").note;
  EXPECT_EQ(s.overall(), VetoStatus::kNotChecked);  // never 通过 while a row is unchecked

  facts.probed = true;
  facts.probes_note = "探测不足：近 7 天中有 3 天首页探测少于 20 次";
  EXPECT_EQ(RowOf(EvaluateVeto(TestRun(), {}, facts), "availability").note, facts.probes_note);

  facts.probes_judged = true;
  EXPECT_EQ(RowOf(EvaluateVeto(TestRun(), {}, facts), "availability").status, VetoStatus::kPassed);
  const std::vector<db::StoredFinding> down = {Stored("availability.unreachable", "https://www.shifan.gov.cn/")};
  EXPECT_EQ(RowOf(EvaluateVeto(TestRun(), down, facts), "availability").status, VetoStatus::kFailed);
}

TEST(VetoSummaryTest, RowsWithoutTheirDataAreNotChecked) {
  VetoFacts facts = FullFacts();
  facts.messages = 0;
  facts.guides = 0;
  const VetoSummary s = EvaluateVeto(TestRun(), {}, facts);
  EXPECT_EQ(RowOf(s, "interaction_unanswered").status, VetoStatus::kNotChecked);
  EXPECT_EQ(RowOf(s, "service_guides").status, VetoStatus::kNotChecked);
  EXPECT_EQ(RowOf(s, "interaction_channel").status, VetoStatus::kPassed);  // judged from the whole crawl
}

TEST(VetoSummaryTest, AnIncompleteRunProvesNothingMissingAndNothingPassed) {
  VetoFacts facts = FullFacts();
  facts.complete = false;
  const std::vector<db::StoredFinding> findings = {Stored("interaction.no_channel", "https://www.shifan.gov.cn/"),
                                                   Stored("home.stale", "https://www.shifan.gov.cn/", "home")};
  const VetoSummary s = EvaluateVeto(TestRun(), findings, facts);
  EXPECT_EQ(RowOf(s, "interaction_channel").status, VetoStatus::kReview);  // "not found" may be "not crawled"
  EXPECT_EQ(RowOf(s, "home_stale").status, VetoStatus::kFailed);           // seen is seen
  EXPECT_EQ(RowOf(s, "column_empty").status, VetoStatus::kNotChecked);
}

TEST(VetoSummaryTest, DisabledRulesLeaveTheirRowsUnchecked) {
  VetoFacts facts = FullFacts();
  facts.disabled_rules = {"column"};
  const VetoSummary s = EvaluateVeto(TestRun(), {}, facts);
  EXPECT_EQ(RowOf(s, "column_empty").status, VetoStatus::kNotChecked);
  EXPECT_EQ(RowOf(s, "home_stale").status, VetoStatus::kPassed);
}

TEST(VetoSummaryTest, BrokenLinksAndIdentityAreDeductionsCountedApart) {
  db::StoredFinding from_home = Stored("link.broken", "https://www.shifan.gov.cn/gone.html");
  from_home.finding.referrers = {"https://www.shifan.gov.cn/zwgk/", "https://www.shifan.gov.cn/"};
  db::StoredFinding elsewhere = Stored("link.broken", "https://www.shifan.gov.cn/old.html");
  elsewhere.finding.referrers = {"https://www.shifan.gov.cn/zwgk/"};
  const std::vector<db::StoredFinding> findings = {from_home, elsewhere,
                                                   Stored("site.identity_missing", "https://www.shifan.gov.cn/"),
                                                   Stored("a11y.lang", "https://www.shifan.gov.cn/a.html")};
  const VetoSummary s = EvaluateVeto(TestRun(), findings, FullFacts());
  EXPECT_EQ(DeductionCount(s, "home_links"), 1);
  EXPECT_EQ(DeductionCount(s, "other_links"), 1);
  EXPECT_EQ(DeductionCount(s, "site_identity"), 1);
  EXPECT_EQ(DeductionCount(s, "a11y"), 1);
  EXPECT_EQ(s.overall(), VetoStatus::kPassed);  // none of them fails the site
}

TEST(VetoSummaryTest, AFailedStartLeavesEveryRowUnchecked) {
  VetoFacts facts = FullFacts();
  facts.usable = false;
  for (const VetoRow& row : EvaluateVeto(TestRun(), {}, facts).rows)
    EXPECT_EQ(row.status, VetoStatus::kNotChecked) << row.spec.id;
}

TEST(VetoSummaryTest, SecurityFindingsAwaitReviewUntilConfirmedInTriage) {
  std::vector<db::StoredFinding> findings = {
      Stored("security.hidden_link", "https://www.shifan.gov.cn/"),
      Stored("security.hijacked_link", "https://www.shifan.gov.cn/a.html"),
      Stored("security.cloaking", "https://www.shifan.gov.cn/", "", "false_positive")};
  VetoSummary s = EvaluateVeto(TestRun(), findings, FullFacts());
  const VetoRow* row = &RowOf(s, "serious_problems");
  EXPECT_EQ(row->count, 0);
  EXPECT_EQ(row->pending, 2);  // the dismissed one does not count at all
  EXPECT_EQ(row->status, VetoStatus::kReview);
  ASSERT_EQ(row->evidence.size(), 2u);
  EXPECT_FALSE(row->evidence[0].confirmed);
  EXPECT_EQ(s.overall(), VetoStatus::kReview);

  findings[1].status = "acknowledged";  // a person confirmed it
  s = EvaluateVeto(TestRun(), findings, FullFacts());
  row = &RowOf(s, "serious_problems");
  EXPECT_EQ(row->count, 1);
  EXPECT_EQ(row->status, VetoStatus::kFailed);
  EXPECT_EQ(s.overall(), VetoStatus::kFailed);
}

}  // namespace
}  // namespace govaudit
