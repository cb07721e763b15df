// The single-veto verdict over a run's findings.
#include "assess/veto.h"

#include <gtest/gtest.h>

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
  sf.fingerprint = rule + url;
  sf.status = status;
  return sf;
}

const VetoItem& ItemOf(const VetoSummary& s, const std::string& id) {
  for (const VetoItem& item : s.items) {
    if (item.id == id) return item;
  }
  static const VetoItem none;
  ADD_FAILURE() << "no veto item " << id;
  return none;
}

TEST(VetoSummaryTest, StaleColumnsCountAgainstTheirThresholdsByKind) {
  RunAssessment data;
  data.run.settings_json = R"({"start_urls":["https://www.shifan.gov.cn"]})";
  for (int i = 0; i < 4; ++i) {
    data.findings.push_back(Stored("column.stale", "https://www.shifan.gov.cn/c" + std::to_string(i) + "/",
                                   i % 2 ? "news|工作动态" : "notice|通知公告"));
  }
  for (int i = 0; i < 5; ++i) {
    data.findings.push_back(Stored("column.stale", "https://www.shifan.gov.cn/p" + std::to_string(i) + "/", "personnel|人事信息"));
  }
  // Dismissed findings do not count.
  data.findings.push_back(Stored("column.stale", "https://www.shifan.gov.cn/x/", "news|要闻", "false_positive"));
  VetoSummary s = EvaluateVeto(data.run, data.findings);
  EXPECT_EQ(ItemOf(s, "column_stale_news_notice").count, 4);
  EXPECT_TRUE(ItemOf(s, "column_stale_news_notice").passed());
  EXPECT_EQ(ItemOf(s, "column_stale_all").count, 9);
  EXPECT_TRUE(ItemOf(s, "column_stale_all").passed());
  EXPECT_TRUE(s.passed());

  data.findings.push_back(Stored("column.stale", "https://www.shifan.gov.cn/y/", "news|要闻"));
  s = EvaluateVeto(data.run, data.findings);
  EXPECT_EQ(ItemOf(s, "column_stale_news_notice").count, 5);
  EXPECT_FALSE(ItemOf(s, "column_stale_news_notice").passed());
  EXPECT_FALSE(ItemOf(s, "column_stale_all").passed());  // 10 of 10
  EXPECT_FALSE(s.passed());
}

TEST(VetoSummaryTest, OnlyBrokenLinksOnTheHomePageCount) {
  RunAssessment data;
  data.run.settings_json = R"({"start_urls":["HTTPS://www.shifan.gov.cn"]})";
  db::StoredFinding from_home = Stored("link.broken", "https://www.shifan.gov.cn/gone.html");
  from_home.finding.referrers = {"https://www.shifan.gov.cn/zwgk/", "https://www.shifan.gov.cn/"};
  db::StoredFinding elsewhere = Stored("link.broken", "https://www.shifan.gov.cn/old.html");
  elsewhere.finding.referrers = {"https://www.shifan.gov.cn/zwgk/"};
  data.findings = {from_home, elsewhere};
  const VetoSummary s = EvaluateVeto(data.run, data.findings);
  const VetoItem& links = ItemOf(s, "home_links");
  EXPECT_EQ(links.count, 1);
  ASSERT_EQ(links.evidence.size(), 1u);
  EXPECT_EQ(links.evidence[0].url, "https://www.shifan.gov.cn/gone.html");
  EXPECT_FALSE(s.passed());
}

TEST(VetoSummaryTest, SecurityFindingsAwaitReviewUntilConfirmedInTriage) {
  RunAssessment data;
  data.run.settings_json = R"({"start_urls":["https://www.shifan.gov.cn/"]})";
  data.findings = {Stored("security.hidden_link", "https://www.shifan.gov.cn/"),
                   Stored("security.hijacked_link", "https://www.shifan.gov.cn/a.html"),
                   Stored("security.cloaking", "https://www.shifan.gov.cn/", "", "false_positive")};
  VetoSummary s = EvaluateVeto(data.run, data.findings);
  const VetoItem* item = &ItemOf(s, "serious_problems");
  EXPECT_EQ(item->count, 0);
  EXPECT_EQ(item->to_review, 2);  // the dismissed one does not count at all
  EXPECT_TRUE(item->passed());
  EXPECT_TRUE(item->needs_review());
  ASSERT_EQ(item->evidence.size(), 2u);
  EXPECT_EQ(item->evidence[0].text.rfind("【待人工复核】", 0), 0u);
  EXPECT_TRUE(s.passed());
  EXPECT_TRUE(s.needs_review());

  data.findings[1].status = "acknowledged";  // a person confirmed it
  s = EvaluateVeto(data.run, data.findings);
  item = &ItemOf(s, "serious_problems");
  EXPECT_EQ(item->count, 1);
  EXPECT_FALSE(item->passed());
  EXPECT_FALSE(item->needs_review());
  EXPECT_FALSE(s.passed());
  EXPECT_FALSE(s.needs_review());
}

}  // namespace
}  // namespace govaudit
