// The work-points loader: the bundled 2022 task table holds every row of 卫政办发〔2022〕49号's
// annex as written, and a malformed file is rejected with its file, line and key.
#include "assess/workpoints.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "config/resources.h"

#include "tests/support/test_names.h"

namespace govaudit {
namespace {

const Workpoints& Bundled() {
  static const Workpoints plan = [] {
    auto parsed = ParseWorkpoints(resources::Get("workpoints/zhongwei-2022.toml"), "zhongwei-2022.toml");
    EXPECT_TRUE(parsed.ok()) << parsed.status().message();
    return parsed.ok() ? *parsed : Workpoints{};
  }();
  return plan;
}

const WorkTask* TaskById(const Workpoints& plan, const std::string& id) {
  for (const WorkTask& t : plan.tasks) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

TEST(WorkpointsTest, BundledPlanHoldsEveryRowOfTheAnnex) {
  const Workpoints& plan = Bundled();
  EXPECT_EQ(plan.year, 2022);
  EXPECT_EQ(plan.document, "卫政办发〔2022〕49号");
  ASSERT_TRUE(plan.published.has_value());
  EXPECT_EQ(plan.published->ToIso(), "2022-05-24");
  // Numbers 1 to 43, with 33 used twice in the annex: 44 rows.
  ASSERT_EQ(plan.tasks.size(), 44u);
  std::map<int, int> rows_per_number;
  std::set<std::string> ids;
  for (const WorkTask& t : plan.tasks) {
    rows_per_number[t.number]++;
    EXPECT_TRUE(ids.insert(t.id).second) << t.id;
    EXPECT_FALSE(t.task.empty()) << t.id;
    EXPECT_FALSE(t.measure.empty()) << t.id;
    EXPECT_FALSE(t.departments.empty()) << t.id;
    EXPECT_FALSE(t.departments_text.empty()) << t.id;
    EXPECT_FALSE(t.metric.empty()) << t.id;
    EXPECT_FALSE(t.deadline.empty()) << t.id;
  }
  for (int n = 1; n <= 43; ++n) EXPECT_EQ(rows_per_number[n], n == 33 ? 2 : 1) << "number " << n;
  EXPECT_EQ(plan.tasks[32].id, "33a");
  EXPECT_EQ(plan.tasks[33].id, "33b");
  EXPECT_EQ(plan.tasks[33].number, 33);
  EXPECT_EQ(plan.tasks[33].measure, "严格落实《全区政务新媒体管理细则（试行）》，开设、关停、注销，必须及时向政务公开主管部门备案。");
}

TEST(WorkpointsTest, RowsAreTranscribedAsWritten) {
  const Workpoints& plan = Bundled();
  const WorkTask* t1 = TaskById(plan, "1");
  ASSERT_NE(t1, nullptr);
  EXPECT_EQ(t1->task, "加强涉及市场主体信息公开");
  EXPECT_EQ(t1->measure,
            "进一步增强涉企政策制定实施的透明度，公开相关统计数据和政策落实情况，抓紧建立市场主体反映投资和工程建设项目"
            "审批问题的办理和反馈机制。");
  EXPECT_EQ(t1->departments_text, "各县（区），市发展改革委、财政局、商务局、统计局等相关部门");
  EXPECT_EQ(t1->departments, (std::vector<std::string>{"各县（区）", "市发展改革委", "市财政局", "市商务局", "市统计局"}));
  EXPECT_EQ(t1->metric, "查看网站发布信息");
  EXPECT_EQ(t1->deadline, "2022年10月底");
  EXPECT_EQ(t1->due->ToIso(), "2022-10-31");

  // A merged 重点任务 cell is repeated on the rows below it.
  const WorkTask* t2 = TaskById(plan, "2");
  EXPECT_EQ(t2->task, "加强涉及市场主体信息公开");
  EXPECT_EQ(t2->lead, "市审批服务管理局");
  EXPECT_EQ(t2->departments_text, "各县（区），市审批服务管理局牵头，其他部门配合");

  const WorkTask* t5 = TaskById(plan, "5");
  EXPECT_EQ(t5->deadline, "根据政策时限及时推进");
  EXPECT_FALSE(t5->due.has_value());
  EXPECT_EQ(TaskById(plan, "12")->deadline, "2022年10月底前");
  EXPECT_EQ(TaskById(plan, "15")->departments, std::vector<std::string>{"市政府办公室"});
  EXPECT_EQ(TaskById(plan, "17")->lead, "市司法局");
  EXPECT_EQ(TaskById(plan, "30")->departments, std::vector<std::string>{"各县（区）"});
  EXPECT_EQ(TaskById(plan, "31")->due->ToIso(), "2022-05-31");
  EXPECT_EQ(TaskById(plan, "34")->task, "全面优化公开平台");
  const WorkTask* t36 = TaskById(plan, "36");
  EXPECT_EQ(t36->measure, "认真落实《全区“政府开放日”工作方案》具体要求，提前统筹部署，围绕公众关注领域集中开展线下开放活动。");
  EXPECT_EQ(t36->deadline, "2022年9月底");
  EXPECT_EQ(t36->due->ToIso(), "2022-09-30");
  EXPECT_EQ(TaskById(plan, "43")->metric, "依据实际开展情况");
}

TEST(WorkpointsTest, BundledPlanSaysHowEachTaskIsVerified) {
  const Workpoints& plan = Bundled();
  const WorkTask* t24 = TaskById(plan, "24");
  EXPECT_EQ(t24->mode, EvidenceMode::kKeywords);
  EXPECT_EQ(t24->evidence.min_count, 2);
  EXPECT_EQ(t24->evidence.keywords.front(), "政策礼包");
  EXPECT_EQ(TaskById(plan, "21")->evidence.min_count, 1);
  EXPECT_EQ(TaskById(plan, "16")->evidence.rule_families, std::vector<std::string>{"normative"});
  EXPECT_EQ(TaskById(plan, "19")->evidence.rule_families, std::vector<std::string>{"interpretation"});
  EXPECT_EQ(TaskById(plan, "29")->evidence.rule_families, std::vector<std::string>{"subsidy"});
  EXPECT_EQ(TaskById(plan, "11")->evidence.rule_families, std::vector<std::string>{"pii"});
  EXPECT_TRUE(TaskById(plan, "11")->evidence.findings_on_evidence_pages);
  EXPECT_EQ(TaskById(plan, "30")->evidence.rule_families, std::vector<std::string>{"pii"});
  EXPECT_EQ(TaskById(plan, "33a")->evidence.rule_families, (std::vector<std::string>{"site", "a11y", "column", "availability", "interaction"}));
  EXPECT_TRUE(TaskById(plan, "33a")->evidence.match_link);
  for (const char* id : {"22", "28", "31", "32", "33b", "34", "35", "37", "38", "40", "41", "42", "43"}) {
    const WorkTask* t = TaskById(plan, id);
    ASSERT_NE(t, nullptr) << id;
    EXPECT_EQ(t->mode, EvidenceMode::kNotVerifiable) << id;
    EXPECT_FALSE(t->reason.empty()) << id;
  }
  // Every row the table verifies by 查看网站发布信息 is checked on the website.
  for (const WorkTask& t : plan.tasks) {
    if (t.metric == "查看网站发布信息") {
      EXPECT_NE(t.mode, EvidenceMode::kNotVerifiable) << t.id;
    }
  }
}

TEST(WorkpointsTest, WindowRunsFromTheYearStartToTheDueDate) {
  const Workpoints& plan = Bundled();
  auto w24 = plan.WindowOf(*TaskById(plan, "24"));
  ASSERT_TRUE(w24.has_value());
  EXPECT_EQ(w24->first.ToIso(), "2022-01-01");
  EXPECT_EQ(w24->second.ToIso(), "2022-10-31");
  // 全年持续推进: the whole year.
  auto w39 = plan.WindowOf(*TaskById(plan, "39"));
  EXPECT_EQ(w39->second.ToIso(), "2022-12-31");
  EXPECT_EQ(plan.DueOf(*TaskById(plan, "39")).ToIso(), "2022-12-31");
  // A rule family counts its findings whatever their date, unless the file sets a window.
  EXPECT_FALSE(plan.WindowOf(*TaskById(plan, "16")).has_value());
  auto w19 = plan.WindowOf(*TaskById(plan, "19"));
  ASSERT_TRUE(w19.has_value());
  EXPECT_EQ(w19->second.ToIso(), "2022-12-31");
}

TEST(WorkpointsTest, ReadsEveryEvidenceKey) {
  auto plan = ParseWorkpoints(R"(
[plan]
year = 2023
[[task]]
number = 7
task = "减税降费"
departments = ["市财政局"]
deadline = "2023年6月底"
due = "2023-06-30"
[task.evidence]
keywords = ["讲座", "宣讲"]
require = ["税"]
match = ["title", "body", "link"]
min_count = 3
window = [2023-03-01, 2023-09-30]
exclude_kinds = ["column_list", "news"]
[[task]]
id = "x"
number = 7
task = "个人信息"
departments = ["各县（区）"]
deadline = "全年持续推进"
rule_family = ["pii", "site.identity_missing"]
evidence = { kinds = ["notice", "home"], keywords = ["补贴"], findings = "evidence_pages" }
)",
                              "t.toml");
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const WorkTask& a = plan->tasks[0];
  EXPECT_EQ(a.id, "7");
  EXPECT_EQ(a.due->ToIso(), "2023-06-30");
  EXPECT_EQ(a.evidence.require, std::vector<std::string>{"税"});
  EXPECT_TRUE(a.evidence.match_title && a.evidence.match_body && a.evidence.match_link);
  EXPECT_FALSE(a.evidence.match_column);
  EXPECT_EQ(a.evidence.min_count, 3);
  EXPECT_EQ(plan->WindowOf(a)->first.ToIso(), "2023-03-01");
  EXPECT_EQ(plan->WindowOf(a)->second.ToIso(), "2023-09-30");
  EXPECT_EQ(a.evidence.exclude_kinds, (std::vector<std::string>{"column_list", "news"}));
  const WorkTask& b = plan->tasks[1];
  EXPECT_EQ(b.mode, EvidenceMode::kRuleFamily);
  EXPECT_EQ(b.evidence.rule_families, (std::vector<std::string>{"pii", "site.identity_missing"}));
  EXPECT_EQ(b.evidence.kinds, (std::vector<std::string>{"notice", "home"}));
  EXPECT_TRUE(b.evidence.findings_on_evidence_pages);
  EXPECT_EQ(b.line, 17);
}

TEST(WorkpointsTest, LoadFallsBackToTheBundledFileOfTheSameName) {
  auto by_name = LoadWorkpoints("zhongwei-2022");
  ASSERT_TRUE(by_name.ok()) << by_name.status().message();
  EXPECT_EQ(by_name->tasks.size(), 44u);
  auto by_path = LoadWorkpoints("/nonexistent-dir/config/workpoints/zhongwei-2022.toml");
  ASSERT_TRUE(by_path.ok()) << by_path.status().message();
  auto missing = LoadWorkpoints("/nonexistent-dir/shizuishan-2023.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "cannot read work points file /nonexistent-dir/shizuishan-2023.toml (bundled: zhongwei-2022)");
}

struct BadFile {
  const char* text;
  const char* message;
};

class WorkpointsErrorTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(WorkpointsErrorTest, NamesFileLineAndKey) {
  auto plan = ParseWorkpoints(GetParam().text, "wp.toml");
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(), GetParam().message);
}

// A valid plan head and task start, for the cases below (the task table starts on line 3).
#define HEAD "[plan]\nyear = 2022\n[[task]]\n"
#define TASK "number = 1\ntask = \"t\"\ndepartments = [\"市财政局\"]\ndeadline = \"2022年10月底\"\n"

INSTANTIATE_TEST_SUITE_P(
    Errors, WorkpointsErrorTest,
    ::testing::Values(
        BadFile{HEAD TASK "evidence = { keywords = [\"a\"] }\ncolour = \"red\"\n",
                "wp.toml:9: key 'task[0].colour': unknown key (see docs/workpoints-format.md)"},
        BadFile{HEAD TASK "evidence = { keywords = [\"a\"], min_count = \"2\" }\n",
                "wp.toml:8: key 'task[0].evidence.min_count': expected an integer"},
        BadFile{HEAD TASK "evidence = { keywords = [\"a\"], min_cont = 2 }\n",
                "wp.toml:8: key 'task[0].evidence.min_cont': unknown key (see docs/workpoints-format.md)"},
        BadFile{HEAD "task = \"t\"\ndepartments = [\"x\"]\ndeadline = \"d\"\nverifiable = false\nreason = \"r\"\n",
                "wp.toml:3: key 'task[0].number': missing; every task needs its 序号 (see docs/workpoints-format.md)"},
        BadFile{HEAD "number = \"24\"\n", "wp.toml:4: key 'task[0].number': expected an integer"},
        BadFile{HEAD "number = 1\ntask = \"t\"\ndeadline = \"d\"\n",
                "wp.toml:3: key 'task[0].departments': missing; every task needs its 责任部门 (see docs/workpoints-format.md)"},
        BadFile{HEAD "number = 1\ntask = \"t\"\ndepartments = \"市财政局\"\n",
                "wp.toml:6: key 'task[0].departments': expected an array of strings"},
        BadFile{HEAD TASK "\n", "wp.toml:3: key 'task[0].evidence': missing: say how the website shows the task done "
                                "(evidence or rule_family), or set verifiable = false with a reason (see "
                                "docs/workpoints-format.md)"},
        BadFile{HEAD TASK "verifiable = false\n", "wp.toml:8: key 'task[0].reason': a task with verifiable = false needs a reason"},
        BadFile{HEAD TASK "rule_family = \"normativ\"\nevidence = { kinds = [\"normative_document\"] }\n",
                "wp.toml:8: key 'task[0].rule_family': 'normativ' is neither a rule family nor a rule id (govaudit rules "
                "lists them)"},
        BadFile{HEAD TASK "rule_family = \"normative\"\n",
                "wp.toml:8: key 'task[0].evidence': a rule_family task needs evidence.kinds or evidence.keywords: the "
                "pages that show it"},
        BadFile{HEAD TASK "rule_family = \"pii\"\nevidence = { keywords = [\"疫情\"], min_count = 2 }\n",
                "wp.toml:9: key 'task[0].evidence.min_count': applies to keyword evidence only, not to a rule_family task"},
        BadFile{HEAD TASK "evidence = { keywords = [\"a\"], kinds = [\"notice\"] }\n",
                "wp.toml:8: key 'task[0].evidence.kinds': applies to rule_family tasks only"},
        BadFile{HEAD TASK "evidence = { keywords = [\"a\"], match = [\"heading\"] }\n",
                "wp.toml:8: key 'task[0].evidence.match': 'heading' is not one of title, column, body, link"},
        BadFile{HEAD TASK "evidence = { keywords = [\"a\"], window = [2022-12-31, 2022-01-01] }\n",
                "wp.toml:8: key 'task[0].evidence.window': ends (2022-01-01) before it starts (2022-12-31)"},
        BadFile{HEAD TASK "evidence = { keywords = [] }\n",
                "wp.toml:8: key 'task[0].evidence.keywords': keyword evidence needs at least one keyword"},
        BadFile{HEAD TASK "due = \"2022-02-30\"\nevidence = { keywords = [\"a\"] }\n",
                "wp.toml:8: key 'task[0].due': '2022-02-30' is not a YYYY-MM-DD date"},
        BadFile{HEAD TASK "evidence = { keywords = [\"a\"] }\n[[task]]\n" TASK "evidence = { keywords = [\"b\"] }\n",
                "wp.toml:10: key 'task[1].number': task id '1' is already used by the task on line 3; give rows that "
                "share a number distinct ids (id = \"33a\", id = \"33b\")"},
        BadFile{"[[task]]\n" TASK "evidence = { keywords = [\"a\"] }\n",
                "wp.toml:1: key 'plan': missing: the [plan] table with the plan's year (see docs/workpoints-format.md)"},
        BadFile{"[plan]\nyear = 22\n[[task]]\n", "wp.toml:2: key 'plan.year': must be between 2000 and 2100, got 22"},
        BadFile{"[plan]\nyear = 2022\n", "wp.toml:1: key 'task': missing: no [[task]] entries (see docs/workpoints-format.md)"},
        BadFile{"[plan]\nyear = 2022\n[[task]\n", "wp.toml:3: Error while parsing table header: expected ']', saw '\\n'"}),
    [](const ::testing::TestParamInfo<BadFile>& info) {
      return testing::CaseName(info.index, testing::KeyOf(info.param.message));
    });

#undef HEAD
#undef TASK

}  // namespace
}  // namespace govaudit
