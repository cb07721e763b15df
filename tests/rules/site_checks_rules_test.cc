// The rules over more than one page, judged over a store filled by hand: availability probes,
// message boards (unanswered, slow, excluded, invalid, joined list and page, channels), service
// guides, and the template roll-up.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/calendar.h"
#include "db/store.h"
#include "rules/availability.h"
#include "rules/interaction.h"
#include "rules/rule.h"
#include "rules/service.h"
#include "rules/templates.h"

namespace govaudit {
namespace {

constexpr const char* kHome = "https://www.shifan.gov.cn/";

// The extras of a consultation board's list page at `list`, its channel named `channel`.
db::PageExtras ConsultationBoard(const std::string& list, const std::string& channel) {
  db::PageExtras board;
  board.url = list;
  board.board = db::BoardPageRow{list, "consultation", channel, false};
  return board;
}

class SiteChecksRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = db::Store::Open(":memory:");
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    db::RunInfo run;
    run.site = "示范县";
    run.as_of = "2026-11-26";
    run.started_at = "2026-11-26T02:00:00Z";
    auto id = store_->BeginRun(run);
    ASSERT_TRUE(id.ok());
    run_ = *id;
    context_.as_of = Date{2026, 11, 26};
    context_.calendar = &WorkdayCalendar::Builtin();
    context_.start_urls = {kHome};
  }

  void Page(const std::string& url, int status = 200) {
    db::PageRecord p;
    p.url = url;
    p.status = status;
    p.is_html = status == 200;
    ASSERT_TRUE(store_->PutPage(run_, p).ok());
  }

  void Extras(const db::PageExtras& e) { ASSERT_TRUE(store_->PutPageExtras(run_, e).ok()); }
  // A finding of the page `e`, held for the roll-up as the crawl holds it.
  void Hold(const db::PageExtras& e, const Finding& f) {
    ASSERT_TRUE(store_->PutTemplateFindings(run_, e.template_signature, e.template_label, {f}).ok());
  }

  static db::MessageRow Message(const std::string& page, const std::string& url, const std::string& title,
                                const std::string& submitted, const std::string& replied, const std::string& state,
                                const std::string& listed = "") {
    return {page, url, title, submitted, replied, listed, state, state == "unanswered" ? "办理中" : "", "", "", false};
  }

  // The findings of the site rules whose ids start with `family`, by rule id → urls.
  std::map<std::string, std::set<std::string>> Check(const std::string& family) {
    std::vector<Finding> out;
    RuleSet::Build(RulesConfig{}).CheckSite(*store_, run_, context_, &out);
    std::map<std::string, std::set<std::string>> found;
    for (const Finding& f : out) {
      if (f.rule_id.rfind(family, 0) == 0) found[f.rule_id].insert(f.url);
      if (f.rule_id.rfind(family, 0) == 0) messages_[f.rule_id + " " + f.url] = f.message;
    }
    return found;
  }

  std::unique_ptr<db::Store> store_;
  int64_t run_ = 0;
  RuleContext context_;
  std::map<std::string, std::string> messages_;
};

TEST_F(SiteChecksRulesTest, MessagesUnansweredPastThreeMonthsSlowRepliesAndWhatIsLeftOut) {
  const std::string list = std::string(kHome) + "hd/zxzx/";
  Page(list);
  db::PageExtras board = ConsultationBoard(list, "在线咨询");
  board.messages = {
      Message(list, list + "a.html", "按时答复的咨询", "2026-09-01", "2026-09-03", "answered"),
      Message(list, list + "b.html", "答复较慢的咨询", "2026-09-01", "2026-09-11", "answered"),
      Message(list, list + "c.html", "超过三个月未答复的咨询", "", "", "unanswered", "2026-06-03"),
      Message(list, list + "d.html", "尚在期限内的咨询", "", "", "unanswered", "2026-10-20"),
      Message(list, list + "e.html", "一年以前的咨询", "", "", "unanswered", "2025-09-05"),
      Message(list, list + "f.html", "重复提交的咨询", "2026-03-01", "", "invalid"),
      Message(list, list + "g.html", "四个月后才答复的咨询", "", "", "answered", "2026-02-01"),
  };
  board.messages[5].status = "重复件";
  Extras(board);
  // The late answer's own page gives its dates; the list showed only one.
  db::PageExtras own;
  own.url = list + "g.html";
  own.board = db::BoardPageRow{own.url, "consultation", "", true};
  own.messages = {Message(own.url, own.url, "四个月后才答复的咨询 - 在线咨询", "2026-02-01", "2026-06-10", "answered")};
  Extras(own);
  // An unanswered message in 网上信访 does not count.
  const std::string xf = std::string(kHome) + "hd/wsxf/";
  db::PageExtras petitions;
  petitions.url = xf;
  petitions.board = db::BoardPageRow{xf, "excluded", "网上信访", false};
  petitions.messages = {Message(xf, xf + "1.html", "信访事项", "2026-03-01", "", "unanswered")};
  Extras(petitions);

  const auto found = Check("interaction.");
  const std::map<std::string, std::set<std::string>> expected = {
      {"interaction.unanswered", {list + "c.html", list + "g.html"}},
      {"interaction.slow_reply", {list + "b.html"}},
  };
  EXPECT_EQ(found, expected);
  EXPECT_EQ(messages_["interaction.unanswered " + list + "c.html"],
            "留言《超过三个月未答复的咨询》于 2026-06-03 提交，截至 2026-11-26 超过 3 个月未回复（应不晚于 2026-09-03）");
  EXPECT_EQ(messages_["interaction.unanswered " + list + "g.html"],
            "留言《四个月后才答复的咨询》于 2026-02-01 提交，2026-06-10 才答复，超过 3 个月未回应");
  EXPECT_EQ(messages_["interaction.slow_reply " + list + "b.html"],
            "留言《答复较慢的咨询》于 2026-09-01 提交，2026-09-11 答复，用时 8 个工作日（超过 5 个工作日）");

  auto summary = SummarizeInteraction(*store_, run_, context_.as_of, WorkdayCalendar::Builtin(),
                                      SiteCheckConfig::Builtin().interaction);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->messages, 6);  // the invalid one and the petition left out
  EXPECT_EQ(summary->recent, 5);    // ... and the one older than a year
  EXPECT_EQ(summary->timed, 3);     // 2, 8 and 86 working days
  EXPECT_DOUBLE_EQ(summary->median_workdays, 8);
  ASSERT_TRUE(summary->slowest.has_value());
  EXPECT_EQ(summary->slowest->url, list + "g.html");
  EXPECT_EQ(summary->channels.size(), 2u);  // the list and the message's own page
}

TEST_F(SiteChecksRulesTest, ASiteWithoutAWorkingChannel) {
  Page(kHome);
  const std::string mailbox = std::string(kHome) + "ldxx/";
  Page(mailbox, 404);
  ASSERT_TRUE(store_->PutLinks(run_, kHome, {{mailbox, "领导信箱"}, {std::string(kHome) + "xf/", "网上信访"}}).ok());
  auto found = Check("interaction.");
  EXPECT_EQ(found, (std::map<std::string, std::set<std::string>>{{"interaction.no_channel", {kHome}}}));
  EXPECT_NE(messages_["interaction.no_channel " + std::string(kHome)].find("领导信箱"), std::string::npos);

  // A channel on another host that was not checked: a person must look.
  ASSERT_TRUE(store_->PutLinks(run_, kHome, {{"https://www.12345.example.gov.cn/", "我要写信"}}).ok());
  found = Check("interaction.");
  EXPECT_EQ(found, (std::map<std::string, std::set<std::string>>{{"interaction.channel_unverified", {kHome}}}));

  // The same link, answered: a working channel.
  Page("https://www.12345.example.gov.cn/");
  EXPECT_TRUE(Check("interaction.").empty());
}

TEST_F(SiteChecksRulesTest, AReplyColumnWithoutRecentMessagesIsStale) {
  const std::string list = std::string(kHome) + "hd/lydf/";
  Page(list);
  db::PageExtras board = ConsultationBoard(list, "留言答复");
  board.messages = {Message(list, list + "1.html", "较早的留言", "", "", "", "2026-08-01")};
  Extras(board);
  const auto found = Check("interaction.board_stale");
  EXPECT_EQ(found, (std::map<std::string, std::set<std::string>>{{"interaction.board_stale", {list}}}));
  EXPECT_EQ(messages_["interaction.board_stale " + list],
            "留言答复栏目“留言答复”最新留言日期为 2026-08-01，截至 2026-11-26 超过 2 个月未更新");
}

TEST_F(SiteChecksRulesTest, ServiceGuidesAndNoServiceAtAll) {
  EXPECT_EQ(Check("service."), (std::map<std::string, std::set<std::string>>{{"service.none", {kHome}}}));
  const std::vector<std::string> all = {"事项名称", "设定依据", "申请条件", "办理材料", "办理地点",
                                        "办理机构", "收费标准", "办理时间", "联系电话", "办理流程"};
  auto guide = [&](const std::string& name, size_t missing) {
    db::PageExtras e;
    e.url = std::string(kHome) + "bszn/" + name + ".html";
    e.guide = db::GuideRow{e.url, name, {all.begin(), all.end() - missing}, {all.end() - missing, all.end()}};
    Extras(e);
    return e.url;
  };
  guide("complete", 0);
  const std::string two = guide("two", 2);
  const std::string five = guide("five", 5);
  const auto found = Check("service.");
  const std::map<std::string, std::set<std::string>> expected = {{"service.guide_incomplete", {two}},
                                                                 {"service.guide_unusable", {five}}};
  EXPECT_EQ(found, expected);
  EXPECT_EQ(messages_["service.guide_unusable " + five], "办事指南缺少 5 项要素：办理机构、收费标准、办理时间、联系电话、办理流程");
}

TEST_F(SiteChecksRulesTest, AServiceHallLinkIsServiceEvenWithoutGuides) {
  ASSERT_TRUE(store_->PutLinks(run_, kHome, {{"https://zwfw.example.gov.cn/", "政务服务网"}}).ok());
  EXPECT_TRUE(Check("service.").empty());
}

// A week of probes, every half hour (48 a day), `failures` of them failed.
std::vector<db::ProbeRecord> Week(const std::string& url, bool key_page, int failures, int per_day = 48) {
  std::vector<db::ProbeRecord> out;
  for (int day = 0; day < 7; ++day) {
    for (int i = 0; i < per_day; ++i) {
      char at[32];
      std::snprintf(at, sizeof at, "2026-11-%02dT%02d:%02d:00Z", 19 + day, i / 2, (i % 2) * 30);
      const bool ok = static_cast<int>(out.size()) >= failures;
      out.push_back({"示范县", url, key_page, at, ok ? 200 : 0, 100, ok, ok ? "" : "timeout", ok ? "" : "no answer"});
    }
  }
  return out;
}

TEST_F(SiteChecksRulesTest, AvailabilityOverTheWeekBeforeTheAudit) {
  // Probes every half hour from 2026-11-19 to 2026-11-25; the window is the week before the run
  // started (2026-11-26T02:00Z), so the first four probes of the 19th lie outside it.
  ASSERT_TRUE(store_->PutProbes(Week(kHome, false, 17)).ok());
  ASSERT_TRUE(store_->PutProbes(Week(std::string(kHome) + "zwgk/", true, 34)).ok());
  auto run = store_->GetRun(run_);
  ASSERT_TRUE(run.ok());
  auto a = SummarizeAvailability(*store_, *run, SiteCheckConfig::Builtin().availability);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->from, "2026-11-19T02:00:00Z");
  EXPECT_EQ(a->to, "2026-11-26T02:00:00Z");
  EXPECT_EQ(a->probes, 332);
  EXPECT_EQ(a->failures, 13);  // of the 17 failed, the 4 before 02:00 on the 19th lie outside
  EXPECT_TRUE(a->judged());
  EXPECT_FALSE(a->failed());   // 3.9 %; the key page: 30 of 332, 9.0 %
  EXPECT_EQ(a->longest_outage_s, 6 * 3600 + 30 * 60);
  EXPECT_EQ(Check("availability."), (std::map<std::string, std::set<std::string>>{
                                        {"availability.key_page_unreachable", {std::string(kHome) + "zwgk/"}}}));

  ASSERT_TRUE(store_->PutProbes(Week(kHome, false, 30)).ok());  // a second prober: 39 of 664 failed, 5.9 %
  auto failed = SummarizeAvailability(*store_, *run, SiteCheckConfig::Builtin().availability);
  ASSERT_TRUE(failed.ok());
  EXPECT_TRUE(failed->failed());
  EXPECT_EQ(Check("availability.").count("availability.unreachable"), 1u);
}

TEST_F(SiteChecksRulesTest, TooFewProbesOnADayIsNotJudged) {
  ASSERT_TRUE(store_->PutProbes(Week(kHome, false, 300, 19)).ok());  // 19 a day, nearly all failed
  auto run = store_->GetRun(run_);
  ASSERT_TRUE(run.ok());
  auto a = SummarizeAvailability(*store_, *run, SiteCheckConfig::Builtin().availability);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->judged());
  EXPECT_EQ(a->days_short, 7);
  EXPECT_TRUE(Check("availability.").empty());
}

TEST_F(SiteChecksRulesTest, AProblemOnMostPagesOfATemplateIsReportedOnce) {
  for (int i = 0; i < 5; ++i) {
    db::PageExtras e;
    e.url = std::string(kHome) + "xwdt/" + std::to_string(i) + ".html";
    e.template_signature = "aaaaaaaaaaaaaaaa";
    e.template_label = "首页、新闻动态";
    Extras(e);
    if (i < 4) {
      Finding f;
      f.rule_id = "a11y.lang";
      f.severity = Severity::kLow;
      f.url = e.url;
      f.message = "页面未声明语言";
      Hold(e, f);
    }
  }
  db::PageExtras other;
  other.url = std::string(kHome) + "zwgk/1.html";
  other.template_signature = "bbbbbbbbbbbbbbbb";
  Extras(other);
  Finding lone;
  lone.rule_id = "a11y.lang";
  lone.url = other.url;
  Hold(other, lone);

  auto rollup = RollUpTemplates(*store_, run_, SiteCheckConfig::Builtin().templates);
  ASSERT_TRUE(rollup.ok()) << rollup.status().message();
  ASSERT_EQ(rollup->replaced.size(), 1u);
  EXPECT_EQ(rollup->replaced[0].rule, "a11y.lang");  // 4 of 5 pages of the template (80 % ≥ 60 %)
  EXPECT_EQ(rollup->replaced[0].signature, "aaaaaaaaaaaaaaaa");
  ASSERT_EQ(rollup->findings.size(), 1u);  // the lone page of another template stays as it is
  const Finding& f = rollup->findings.front();
  EXPECT_EQ(f.rule_id, "a11y.lang");
  EXPECT_EQ(f.url, std::string(kHome) + "xwdt/");
  EXPECT_EQ(f.title, "页面模板（首页、新闻动态）");
  EXPECT_EQ(f.message, "同一页面模板的 4 个页面（该模板共 5 个页面）有同一问题，应在模板中修改一次：页面未声明语言");
  EXPECT_EQ(f.evidence_key, "template|aaaaaaaaaaaaaaaa|");
  const std::string folder = std::string(kHome) + "xwdt/";
  EXPECT_EQ(f.evidence, "模板 aaaaaaaaaaaaaaaa（导航：首页、新闻动态）；页面示例：" + folder + "0.html、" + folder + "1.html、" +
                            folder + "2.html、" + folder + "3.html");
}

TEST_F(SiteChecksRulesTest, ATemplateFindingNamesTheFolderItsPagesShareAndFiveOfThem) {
  for (const char* page : {"xwdt/tpxw/1.html", "xwdt/tzgg/2.html", "xwdt/tzgg/3.html", "xwdt/zcjd/4.html",
                           "xwdt/zcjd/5.html", "xwdt/zcjd/6.html", "xwdt/zcjd/7.html"}) {
    db::PageExtras e;
    e.url = std::string(kHome) + page;
    e.template_signature = "cccccccccccccccc";
    e.template_label = "首页、新闻动态";
    Extras(e);
    Finding f;
    f.rule_id = "meta.missing";
    // The example is the first finding of the highest severity: the one on 5.html.
    const bool fifth = e.url.ends_with("/5.html");
    f.severity = fifth ? Severity::kHigh : Severity::kMedium;
    f.url = e.url;
    f.message = fifth ? "缺少网站标识元数据（首页）" : "缺少网站标识元数据";
    f.evidence_key = "SiteIDCode";
    Hold(e, f);
  }
  auto rollup = RollUpTemplates(*store_, run_, SiteCheckConfig::Builtin().templates);
  ASSERT_TRUE(rollup.ok()) << rollup.status().message();
  ASSERT_EQ(rollup->findings.size(), 1u);
  const Finding& f = rollup->findings.front();
  const std::string folder = std::string(kHome) + "xwdt/";
  EXPECT_EQ(f.url, folder);  // not xwdt/tzgg/: the first and the last page differ there
  EXPECT_EQ(f.evidence, "模板 cccccccccccccccc（导航：首页、新闻动态）；页面示例：" + folder + "tpxw/1.html、" + folder +
                            "tzgg/2.html、" + folder + "tzgg/3.html、" + folder + "zcjd/4.html、" + folder +
                            "zcjd/5.html 等");
  EXPECT_EQ(f.evidence_key, "template|cccccccccccccccc|SiteIDCode");
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.message, "同一页面模板的 7 个页面（该模板共 7 个页面）有同一问题，应在模板中修改一次：缺少网站标识元数据（首页）");
}

}  // namespace
}  // namespace govaudit
