// End to end: the workpoints-site fixture (tests/fixtures/workpoints-site, a messy 中卫 portal
// with a GBK column) served on 127.0.0.1 and audited by the govaudit command with the bundled
// 2022 task table. Each planted case gets its status with its evidence: two 政策礼包 pages in the
// window for task 24 (one reached under two URLs, one more after the deadline, an undated
// 办事提醒), a 政府开放日 page in September for task 36, nothing for task 21, only a 2021 page for
// task 25, an interpretation five working days after its document for task 19, no normative
// document for task 16, a complete subsidy list for task 29, an ID number on an epidemic notice
// for task 11, masked data on a subsidy notice for task 30, the home page and its 找错 entry with
// accessibility defects for task 33. A malformed task file stops the command before the crawl.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/scorecard.h"
#include "assess/workpoints.h"
#include "db/store.h"
#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

const fs::path kSite = fs::path(GOVAUDIT_FIXTURES_DIR) / "workpoints-site";
const std::string kPlan = (fs::path(GOVAUDIT_FIXTURES_DIR) / ".." / ".." / "config" / "workpoints" / "zhongwei-2022.toml")
                              .lexically_normal()
                              .string();
// Planted in the fixture's epidemic notice; must never appear whole in any output.
constexpr const char* kPlantedIdNumber = "640502198807150313";

class ScorecardSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new LoopbackServer;
    requests_ = new std::atomic<int>(0);
    // Like many government CMSs: text/html without a charset, the page's <meta> says which.
    site_->server().Get(".*", [](const httplib::Request& req, httplib::Response& res) {
      ++*requests_;
      std::string path = req.path.substr(1);
      if (path.empty() || path.back() == '/') path += "index.html";
      if (path.find("..") != std::string::npos || !fs::is_regular_file(kSite / path)) {
        res.status = 404;
        res.set_content("<html><head><title>404</title></head><body>页面不存在</body></html>", "text/html");
        return;
      }
      res.set_content(ReadWholeFile(kSite / path), path.ends_with(".txt") ? "text/plain" : "text/html");
    });
    site_->Start();
    dir_ = new TempDir("govaudit-scorecard");
    std::ofstream(*dir_ / "audit.toml") << "[crawl]\ncheck_external_links = false\nper_host_interval_s = 0\n";
    result_ = new testing::CommandResult(RunGovaudit("audit " + site_->Url("/") + " --config " + *dir_ / "audit.toml" +
                                                     " --as-of 2022-12-31 --workpoints " + kPlan + " --out " +
                                                     *dir_ / "out" + " --db " + *dir_ / "wp.db" + " --quiet"));
    std::ifstream in(*dir_ / "out/scorecard.json");
    card_ = new json(json::parse(in, nullptr, false));
  }
  static void TearDownTestSuite() {
    delete card_;
    delete result_;
    delete dir_;
    site_->Stop();
    delete site_;
    delete requests_;
  }

  void SetUp() override {
    ASSERT_EQ(result_->exit_code, 0) << result_->output;
    ASSERT_TRUE(card_->is_object()) << "scorecard.json missing or not JSON";
  }

  static const json& Task(const std::string& id) {
    for (const json& t : (*card_)["tasks"]) {
      if (t["id"] == id) return t;
    }
    static const json none;
    ADD_FAILURE() << "no task " << id;
    return none;
  }
  static std::vector<std::string> Urls(const json& pages) {
    std::vector<std::string> out;
    for (const json& p : pages) out.push_back(p["url"]);
    return out;
  }
  static std::string Url(const std::string& path) { return site_->Url(path); }

  static LoopbackServer* site_;
  static std::atomic<int>* requests_;
  static TempDir* dir_;
  static testing::CommandResult* result_;
  static json* card_;
};

LoopbackServer* ScorecardSiteTest::site_ = nullptr;
std::atomic<int>* ScorecardSiteTest::requests_ = nullptr;
TempDir* ScorecardSiteTest::dir_ = nullptr;
testing::CommandResult* ScorecardSiteTest::result_ = nullptr;
json* ScorecardSiteTest::card_ = nullptr;

TEST_F(ScorecardSiteTest, ReRenderingTheStoredRunGivesTheSameScorecardWithoutFetching) {
  const int requests_before = requests_->load();
  auto r = RunGovaudit("report --db " + *dir_ / "wp.db" + " --workpoints " + kPlan + " --out " + *dir_ / "again");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(*dir_ / "again/scorecard.json");
  json again = json::parse(in, nullptr, false);
  ASSERT_TRUE(again.is_object());
  EXPECT_EQ(again["tasks"], (*card_)["tasks"]);
  EXPECT_EQ(requests_->load(), requests_before);  // nothing crawled
  auto without = RunGovaudit("report --db " + *dir_ / "wp.db" + " --out " + *dir_ / "plain");
  ASSERT_EQ(without.exit_code, 0) << without.output;
  EXPECT_FALSE(fs::exists(fs::path(*dir_ / "plain") / "scorecard.json"));
}

TEST_F(ScorecardSiteTest, PlantedTasksGetTheirStatus) {
  const std::map<std::string, std::string> expected = {
      {"3", "met"},          {"10", "met"},        {"11", "partly_met"}, {"16", "not_met"},
      {"19", "partly_met"},  {"21", "not_met"},    {"22", "not_verifiable"}, {"24", "met"},
      {"25", "not_met"},     {"29", "met"},        {"30", "met"},        {"33a", "partly_met"},
      {"33b", "not_verifiable"}, {"36", "met"},
  };
  for (const auto& [id, status] : expected) EXPECT_EQ(Task(id)["status"], status) << "task " << id;
  EXPECT_EQ((*card_)["plan"]["document"], "卫政办发〔2022〕49号");
  EXPECT_EQ((*card_)["run"]["as_of"], "2022-12-31");
  EXPECT_EQ((*card_)["tasks"].size(), 44u);
}

TEST_F(ScorecardSiteTest, Task24CountsTwoPushPagesInTheWindowOnceEach) {
  const json& t = Task("24");
  const json& e = t["evidence"];
  EXPECT_EQ(e["min_count"], 2);
  EXPECT_EQ(e["count"], 2);
  EXPECT_EQ(e["window"], json({"2022-01-01", "2022-10-31"}));
  // The March page is linked as .../t20220315_1001.html and ...?source=index: counted once.
  EXPECT_EQ(Urls(e["pages"]), (std::vector<std::string>{Url("/xwdt/202203/t20220315_1001.html"),
                                                         Url("/xwdt/202208/t20220822_1007.html")}));
  EXPECT_EQ(e["pages"][0]["date"], "2022-03-15");
  EXPECT_EQ(e["pages"][0]["title"], "市人社局推出2022年就业创业“政策礼包”");
  EXPECT_EQ(e["pages"][1]["matched"], "政策礼包");
  std::map<std::string, std::string> notes;
  for (const json& p : e["not_counted"]) notes[p["url"]] = p["note"];
  EXPECT_EQ(notes, (std::map<std::string, std::string>{
                       {Url("/xwdt/202205/t20220520_1005.html"), "未能确定发布日期，未计入"},
                       {Url("/xwdt/202211/t20221118_1009.html"), "发布于 2022-11-18，晚于完成时限 2022-10-31"}}));
  EXPECT_EQ(t["reason"],
            "2022-01-01 至 2022-10-31 期间，网站发布相关信息 2 条（标题含“政策礼包”“办事提醒”“精准推送”之一），达到不少于 2 "
            "条的要求。另有 2 条相关信息在统计区间外或无发布日期，未计入。");
}

TEST_F(ScorecardSiteTest, Task36FindsTheOpenDayPageOfSeptemberInGbk) {
  const json& e = Task("36")["evidence"];
  ASSERT_EQ(e["count"], 1);
  EXPECT_EQ(e["window"], json({"2022-01-01", "2022-09-30"}));
  EXPECT_EQ(e["pages"][0]["url"], Url("/ztzl/zfkfr/202209/t20220916_6001.html"));
  EXPECT_EQ(e["pages"][0]["title"], "中卫市2022年“政府开放日”活动走进市自来水公司");
  EXPECT_EQ(e["pages"][0]["date"], "2022-09-16");
}

TEST_F(ScorecardSiteTest, Task21WithoutAnyActivityIsNotMetAndNamesItsDepartments) {
  const json& t = Task("21");
  EXPECT_EQ(t["evidence"]["count"], 0);
  EXPECT_EQ(t["evidence"]["min_count"], 1);
  EXPECT_TRUE(t["evidence"]["pages"].empty());
  EXPECT_EQ(t["departments"], json({"各县（区）", "市政府各部门"}));
  EXPECT_EQ(t["reason"],
            "2022-01-01 至 2022-10-31 期间，网站上未找到标题含“政策公开讲”“局长谈公开”“在线访谈”之一的信息。"
            "责任部门：各县（区）、市政府各部门。");
}

TEST_F(ScorecardSiteTest, Task25OnlyPageFromTheYearBeforeIsNotCounted) {
  const json& e = Task("25")["evidence"];
  EXPECT_EQ(e["count"], 0);
  ASSERT_EQ(e["not_counted"].size(), 1u);
  EXPECT_EQ(e["not_counted"][0]["url"], Url("/xwdt/202111/t20211108_0901.html"));
  EXPECT_EQ(e["not_counted"][0]["note"], "发布于 2021-11-08，早于统计区间");
}

TEST_F(ScorecardSiteTest, Task19LateInterpretationIsPartlyMetWithTheFinding) {
  const json& t = Task("19");
  const json& e = t["evidence"];
  EXPECT_EQ(e["rule_families"], json({"interpretation"}));
  EXPECT_EQ(Urls(e["pages"]), std::vector<std::string>{Url("/zwgk/zcjd/202206/t20220613_3002.html")});
  ASSERT_EQ(e["findings_total"], 1);
  EXPECT_EQ(e["findings"][0]["rule"], "interpretation.late");
  EXPECT_EQ(e["findings"][0]["url"], Url("/zwgk/zcwj/202206/t20220606_3001.html"));
  EXPECT_EQ(t["reason"],
            "2022-01-01 至 2022-12-31 期间，网站上有政策解读页面 1 个，但相关规则（interpretation）仍有 1 条待整改问题"
            "（interpretation.late 1 条）。责任部门：各县（区）、市政府各部门。");
}

TEST_F(ScorecardSiteTest, Task16SaysNoNormativeDocumentExists) {
  const json& t = Task("16");
  EXPECT_EQ(t["evidence"]["count"], 0);
  EXPECT_EQ(t["reason"],
            "网站上未找到行政规范性文件页面或规范性文件库页面，无法证明任务完成。责任部门：各县（区）、市政府各部门。");
}

TEST_F(ScorecardSiteTest, Task29CompleteSubsidyListIsMet) {
  const json& e = Task("29")["evidence"];
  EXPECT_EQ(Urls(e["pages"]), std::vector<std::string>{Url("/zwgk/btzc/index.html")});
  EXPECT_EQ(e["findings_total"], 0);
}

TEST_F(ScorecardSiteTest, PersonalDataCountsAgainstTheTaskOfItsPage) {
  const json& e11 = Task("11")["evidence"];
  EXPECT_EQ(Urls(e11["pages"]), std::vector<std::string>{Url("/ztzl/yqfk/202204/t20220412_5001.html")});
  ASSERT_EQ(e11["findings_total"], 1);
  EXPECT_EQ(e11["findings"][0]["rule"], "pii.id_number");
  EXPECT_EQ(e11["findings"][0]["url"], Url("/ztzl/yqfk/202204/t20220412_5001.html"));
  // Task 30's pages (the subsidy notice with masked IDs, the subsidy list) hold none.
  const json& e30 = Task("30")["evidence"];
  EXPECT_EQ(Urls(e30["pages"]), (std::vector<std::string>{Url("/gsgg/202207/t20220720_4001.html"),
                                                          Url("/xwdt/202207/t20220705_1006.html"),
                                                          Url("/zwgk/btzc/index.html")}));
  EXPECT_EQ(e30["findings_total"], 0);
  for (const char* file : {"scorecard.json", "scorecard.csv", "departments.csv", "report.html"}) {
    std::string text = ReadWholeFile(*dir_ / (std::string("out/") + file));
    EXPECT_FALSE(text.empty()) << file;
    EXPECT_EQ(text.find(kPlantedIdNumber), std::string::npos) << file;
  }
}

TEST_F(ScorecardSiteTest, Task33aShowsTheHomePageAndTheJiucuoEntryWithTheirDefects) {
  const json& e = Task("33a")["evidence"];
  ASSERT_GE(e["pages"].size(), 2u);
  EXPECT_EQ(e["pages"][0]["url"], Url("/"));
  EXPECT_EQ(e["pages"][0]["where"], "页面类型");
  const json& link = e["pages"][1];
  EXPECT_EQ(link["where"], "链接");
  EXPECT_EQ(link["title"], "我为政府网站找错");
  EXPECT_EQ(link["from_url"], Url("/"));
  EXPECT_EQ(link["url"].get<std::string>().rfind("https://zfwzgl.www.gov.cn.invalid/exposure/jiucuo.html?site_code=6405000001", 0), 0u);
  std::set<std::string> rules;
  for (const json& f : e["findings"]) rules.insert(f["rule"]);
  EXPECT_TRUE(rules.count("a11y.lang")) << "pages without <html lang>";
  EXPECT_TRUE(rules.count("a11y.img_alt")) << "the home page's banner has no alt";
  for (const std::string& r : rules) {
    EXPECT_TRUE(r.rfind("a11y.", 0) == 0 || r.rfind("site.", 0) == 0 || r.rfind("column.", 0) == 0) << r;
  }
}

TEST_F(ScorecardSiteTest, EveryVerifiableRowHasAStatusAndItsEvidence) {
  std::map<std::string, int> summary;
  for (const json& t : (*card_)["tasks"]) {
    const std::string id = t["id"];
    const std::string status = t["status"];
    summary[status]++;
    ASSERT_FALSE(t["reason"].get<std::string>().empty()) << id;
    ASSERT_FALSE(t["departments"].empty()) << id;
    if (t["method"] == "not_verifiable") {
      EXPECT_EQ(status, "not_verifiable") << id;
      EXPECT_FALSE(t.contains("evidence")) << id;
      continue;
    }
    ASSERT_TRUE(status == "met" || status == "partly_met" || status == "not_met") << id << " " << status;
    const json& e = t["evidence"];
    ASSERT_TRUE(e.contains("count") && e.contains("pages")) << id;
    const int count = e["count"];
    if (t["method"] == "keywords") {
      const int min = e["min_count"];
      EXPECT_EQ(status, count >= min ? "met" : count > 0 ? "partly_met" : "not_met") << id;
      EXPECT_EQ(static_cast<int>(e["pages"].size()), count) << id;
    } else {
      const int findings = e["findings_total"];
      EXPECT_EQ(status, count == 0 ? "not_met" : findings > 0 ? "partly_met" : "met") << id;
    }
    if (status != "met") {
      for (const json& d : t["departments"]) {
        EXPECT_NE(t["reason"].get<std::string>().find(d.get<std::string>()), std::string::npos) << id << " " << d;
      }
    }
  }
  const json& s = (*card_)["summary"];
  EXPECT_EQ(s["met"], summary["met"]);
  EXPECT_EQ(s["partly_met"], summary["partly_met"]);
  EXPECT_EQ(s["not_met"], summary["not_met"]);
  EXPECT_EQ(s["not_verifiable"], 13);
}

TEST_F(ScorecardSiteTest, CsvFilesStartWithABomAndHoldOneRowPerTaskOrOrder) {
  std::string csv = ReadWholeFile(*dir_ / "out/scorecard.csv");
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF序号,编号,重点任务,具体措施,责任部门,量化指标,完成时限,核查方式,状态,说明", 0), 0u);
  EXPECT_NE(csv.find("\r\n24,24,精准推送政策,"), std::string::npos);
  EXPECT_NE(csv.find("\r\n33,33b,全面优化公开平台,"), std::string::npos);

  std::string orders = ReadWholeFile(*dir_ / "out/departments.csv");
  ASSERT_EQ(orders.rfind("\xEF\xBB\xBF责任部门,序号,编号,重点任务,具体措施,完成时限,状态,说明,证据与问题\r\n", 0), 0u);
  // The work order of 市政府各部门 holds its open tasks, with the finding behind task 19.
  EXPECT_NE(orders.find("\r\n市政府各部门,21,21,提升解读质量,"), std::string::npos);
  size_t at = orders.find("\r\n市政府各部门,19,19,");
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(orders.find("interpretation.late：", at), std::string::npos);
  // Met tasks are in no work order.
  EXPECT_EQ(orders.find(",24,24,"), std::string::npos);
  EXPECT_EQ(orders.find("\r\n市财政局,29,"), std::string::npos);
  EXPECT_NE(orders.find("\r\n市审批服务管理局（牵头）,2,2,"), std::string::npos);

  std::set<std::string> departments;
  for (const json& d : (*card_)["departments"]) departments.insert(d["department"]);
  EXPECT_TRUE(departments.count("市卫生健康委")) << "task 11 is partly met";
  EXPECT_FALSE(departments.count("中卫工业园区管委会")) << "its only task, 6, is met";
}

TEST_F(ScorecardSiteTest, ReportHtmlHasTheTaskTableAndTheWorkOrders) {
  std::string html = ReadWholeFile(*dir_ / "out/report.html");
  EXPECT_NE(html.find("<h2>任务分工对照</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h2>责任部门整改清单</h2>"), std::string::npos);
  EXPECT_NE(html.find("<tr data-task=\"24\" data-status=\"met\">"), std::string::npos);
  EXPECT_NE(html.find("<tr data-task=\"19\" data-status=\"partly_met\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"" + Url("/ztzl/zfkfr/202209/t20220916_6001.html") + "\""), std::string::npos);
  EXPECT_NE(html.find("<details class=\"workorder\" data-department=\"市卫生健康委\">"), std::string::npos);
  EXPECT_NE(html.find(">市税务局为小微企业送上减税降费“政策礼包”</a> <span class=\"muted\">2022-08-22</span>"),
            std::string::npos);
  // Page titles are escaped like every string from the crawl.
  EXPECT_NE(html.find(">2022年职业技能培训补贴申领指南&lt;第二批&gt;</a>"), std::string::npos);
  EXPECT_EQ(html.find("指南<第二批>"), std::string::npos);
}

TEST_F(ScorecardSiteTest, ScoringBeforeTheDeadlineCountsOnlyEarlierPages) {
  auto plan = LoadWorkpoints(kPlan);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  auto store = db::Store::Open(*dir_ / "wp.db");
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto card = Score(**store, 1, *plan, Date{2022, 6, 30});
  ASSERT_TRUE(card.ok()) << card.status().message();
  std::map<std::string, const TaskScore*> by_id;
  for (const TaskScore& t : card->tasks) by_id[t.id] = &t;
  const TaskScore& t24 = *by_id["24"];
  EXPECT_EQ(t24.status, TaskStatus::kPartlyMet);
  EXPECT_EQ(t24.count, 1);
  EXPECT_EQ(t24.window_last, "2022-06-30");
  EXPECT_FALSE(t24.deadline_passed);
  ASSERT_EQ(t24.pages.size(), 1u);
  EXPECT_EQ(t24.pages[0].url, Url("/xwdt/202203/t20220315_1001.html"));
  EXPECT_EQ(t24.reason,
            "2022-01-01 至 2022-06-30 期间，网站只发布相关信息 1 条（标题含“政策礼包”“办事提醒”“精准推送”之一），少于要求的 2 "
            "条。另有 3 条相关信息在统计区间外或无发布日期，未计入。尚未到完成时限（2022-10-31）。"
            "责任部门：各县（区）、市政府各部门。");
  EXPECT_EQ(by_id["36"]->status, TaskStatus::kNotMet);
  EXPECT_EQ(by_id["36"]->not_counted.at(0).note, "发布日期 2022-09-16 晚于检查基准日");
}

// A plan of four tasks whose evidence is looked for in different places (body, title with a
// required word, column, link text), all due "全年持续推进" in 2022.
std::string CustomPlan() {
  struct Task {
    const char* id;
    const char* task;
    const char* department;
    const char* evidence;
  };
  const Task tasks[] = {
      {"body", "城市供水信息公开", "市住房城乡建设局", R"({ keywords = ["二次供水"], match = ["body"] })"},
      {"require", "技能培训补贴", "市人力资源社会保障局", R"({ keywords = ["补贴"], require = ["技能"] })"},
      {"column", "疫情防控专栏", "市卫生健康委", R"({ keywords = ["万众一心"], match = ["column"] })"},
      {"link", "找错入口", "市政府办公室", R"({ keywords = ["找错"], match = ["link"] })"},
  };
  std::string toml = "\n[plan]\nyear = 2022\n";
  int number = 0;
  for (const Task& t : tasks) {
    toml += "[[task]]\nid = \"" + std::string(t.id) + "\"\nnumber = " + std::to_string(++number) + "\ntask = \"" +
            t.task + "\"\ndepartments = [\"" + t.department +
            "\"]\ndeadline = \"全年持续推进\"\nevidence = " + t.evidence + "\n";
  }
  return toml;
}

TEST_F(ScorecardSiteTest, KeywordsAreMatchedWhereThePlanSays) {
  auto plan = ParseWorkpoints(CustomPlan(), "custom.toml");
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  // Body keywords are recorded while the pages are parsed: the audit is given this plan.
  const std::string plan_file = *dir_ / "custom.toml";
  std::ofstream(plan_file) << CustomPlan();
  auto audited = RunGovaudit("audit " + site_->Url("/") + " --as-of 2022-12-31 --workpoints " + plan_file + " --out " +
                             *dir_ / "custom-out" + " --db " + *dir_ / "custom.db" + " --quiet");
  ASSERT_EQ(audited.exit_code, 0) << audited.output;
  auto store = db::Store::Open(*dir_ / "custom.db");
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto card = Score(**store, 1, *plan, Date{2022, 12, 31});
  ASSERT_TRUE(card.ok()) << card.status().message();
  ASSERT_EQ(card->tasks.size(), 4u);
  auto urls = [](const TaskScore& t) {
    std::vector<std::string> out;
    for (const EvidencePage& p : t.pages) out.push_back(p.url + " " + p.where);
    return out;
  };
  // Only the text of the open-day page (GBK) mentions 二次供水; its title does not.
  EXPECT_EQ(urls(card->tasks[0]), std::vector<std::string>{Url("/ztzl/zfkfr/202209/t20220916_6001.html") + " 正文"});
  // 补贴 is in three titles, only one of which also holds 技能.
  EXPECT_EQ(urls(card->tasks[1]), std::vector<std::string>{Url("/xwdt/202207/t20220705_1006.html") + " 标题"});
  // The notice sits in the 万众一心 抗击疫情 column; the column's own list page is not counted.
  EXPECT_EQ(urls(card->tasks[2]), std::vector<std::string>{Url("/ztzl/yqfk/202204/t20220412_5001.html") + " 栏目"});
  // A link is an entry, counted without a date.
  ASSERT_EQ(card->tasks[3].pages.size(), 1u);
  EXPECT_EQ(card->tasks[3].pages[0].where, "链接");
  EXPECT_EQ(card->tasks[3].pages[0].from_url, Url("/"));
  EXPECT_EQ(card->tasks[3].status, TaskStatus::kMet);
}

TEST_F(ScorecardSiteTest, BodyKeywordsTheRunDidNotRecordAreSaidSo) {
  auto plan = ParseWorkpoints(CustomPlan(), "custom.toml");
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  auto store = db::Store::Open(*dir_ / "wp.db");  // audited with the bundled plan only
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto card = Score(**store, 1, *plan, Date{2022, 12, 31});
  ASSERT_TRUE(card.ok()) << card.status().message();
  EXPECT_EQ(card->tasks[0].status, TaskStatus::kNotMet);
  EXPECT_NE(card->tasks[0].reason.find("本次检查未记录页面正文是否含“二次供水”"), std::string::npos)
      << card->tasks[0].reason;
}

TEST_F(ScorecardSiteTest, AFindingDismissedAsFalsePositiveNoLongerCounts) {
  // A copy, so that the other tests read the run as audited.
  TempDir copy("govaudit-scorecard-dismiss");
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::path from = *dir_ / (std::string("wp.db") + suffix);
    if (fs::exists(from)) fs::copy_file(from, copy / (std::string("wp.db") + suffix));
  }
  auto store = db::Store::Open(copy / "wp.db");
  ASSERT_TRUE(store.ok()) << store.status().message();
  const std::string fingerprint = Task("19")["evidence"]["findings"][0]["fingerprint"];
  ASSERT_TRUE((*store)->SetStatus(fingerprint, "false_positive", "解读按另一文件计算", "tester").ok());
  auto plan = LoadWorkpoints(kPlan);
  ASSERT_TRUE(plan.ok());
  auto card = Score(**store, 1, *plan, Date{2022, 12, 31});
  ASSERT_TRUE(card.ok()) << card.status().message();
  for (const TaskScore& t : card->tasks) {
    if (t.id != "19") continue;
    EXPECT_EQ(t.status, TaskStatus::kMet);
    EXPECT_EQ(t.findings_total, 0);
    EXPECT_EQ(t.reason, "2022-01-01 至 2022-12-31 期间，网站上有政策解读页面 1 个，相关规则（interpretation）未发现待整改问题。");
  }
}

TEST_F(ScorecardSiteTest, WithoutWorkpointsThereIsNoScorecard) {
  auto r = RunGovaudit("audit " + site_->Url("/") + " --config " + *dir_ / "audit.toml" + " --as-of 2022-12-31 --out " +
                       *dir_ / "plain" + " --db " + *dir_ / "plain.db" + " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(*dir_ / "plain/report.html"));
  EXPECT_FALSE(fs::exists(*dir_ / "plain/scorecard.json"));
  EXPECT_FALSE(fs::exists(*dir_ / "plain/departments.csv"));
  EXPECT_EQ(ReadWholeFile(*dir_ / "plain/report.html").find("任务分工对照"), std::string::npos);
}

TEST_F(ScorecardSiteTest, MalformedTaskFileStopsTheAuditBeforeTheCrawl) {
  const std::string head =
      "[plan]\nyear = 2022\n[[task]]\nnumber = 1\ntask = \"t\"\ndepartments = [\"市财政局\"]\ndeadline = \"2022年10月底\"\n";
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {head + "evidence = { keywords = [\"a\"] }\nowner = \"x\"\n",
       ":9: key 'task[0].owner': unknown key (see docs/workpoints-format.md)"},
      {head + "evidence = { keywords = [\"a\"], min_count = \"two\" }\n",
       ":8: key 'task[0].evidence.min_count': expected an integer"},
      {"[plan]\nyear = 2022\n[[task]]\ntask = \"t\"\ndepartments = [\"x\"]\ndeadline = \"d\"\nverifiable = false\nreason = \"r\"\n",
       ":3: key 'task[0].number': missing; every task needs its 序号 (see docs/workpoints-format.md)"},
  };
  const int before = requests_->load();
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string file = *dir_ / ("bad" + std::to_string(i) + ".toml");
    std::ofstream(file) << cases[i].text;
    auto r = RunGovaudit("audit " + site_->Url("/") + " --as-of 2022-12-31 --workpoints " + file + " --out " +
                         *dir_ / "bad-out" + " --db " + *dir_ / "bad.db" + " --quiet");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("govaudit: " + file + cases[i].message), std::string::npos) << r.output;
  }
  // The same through the configuration file's audit.workpoints.
  std::ofstream(*dir_ / "with-plan.toml") << "[audit]\nworkpoints = \"" << *dir_ / "bad0.toml" << "\"\n";
  auto r = RunGovaudit("audit " + site_->Url("/") + " --config " + *dir_ / "with-plan.toml" + " --out " +
                       *dir_ / "bad-out" + " --db " + *dir_ / "bad.db" + " --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(*dir_ / "bad0.toml" + ":9: key 'task[0].owner'"), std::string::npos) << r.output;
  EXPECT_EQ(requests_->load(), before) << "nothing may be fetched with a bad task file";
  EXPECT_FALSE(fs::exists(*dir_ / "bad-out"));
}

}  // namespace
}  // namespace govaudit
