// config/rule-tasks.toml: which work-points task each rule counts against.
#include "assess/rule_tasks.h"

#include <gtest/gtest.h>

namespace govaudit {
namespace {

TEST(RuleTasksTest, CompiledInMappingParsesAndCoversTheRuleFamilies) {
  const RuleTasks& mapping = DefaultRuleTasks();
  ASSERT_FALSE(mapping.tasks.empty());
  struct Case {
    std::string rule;
    std::vector<std::string> tasks;
  };
  for (const Case& c : std::vector<Case>{{"link.broken", {"33"}},
                                         {"interpretation.late", {"19"}},
                                         {"normative.validity_missing", {"16"}},
                                         {"subsidy.fields_missing", {"29"}},
                                         {"pii.id_number", {"11", "30"}},
                                         {"content.secret_marking", {"26"}},
                                         {"security.hidden_link", {"26"}},
                                         {"column.stale", {"33"}}}) {
    const RuleTaskEntry* entry = mapping.For(c.rule);
    ASSERT_NE(entry, nullptr) << c.rule;
    EXPECT_EQ(entry->tasks, c.tasks) << c.rule;
    EXPECT_NE(entry->requirement.find("卫政办发〔2022〕49号"), std::string::npos) << c.rule;
  }
  EXPECT_EQ(mapping.For("site.identity_missing"), nullptr);  // national indicators: no task
  EXPECT_EQ(mapping.tasks.at("19").title, "提升解读质量");
  EXPECT_NE(mapping.tasks.at("19").quote.find("3个工作日"), std::string::npos);
}

TEST(RuleTasksTest, ExactIdWinsOverFamily) {
  auto mapping = ParseRuleTasks(R"(
[tasks."19"]
title = "提升解读质量"
[tasks."20"]
title = "提升解读质量"
[rules.interpretation]
tasks = ["19"]
[rules."interpretation.followup"]
tasks = ["20"]
requirement = "跟踪解读"
)",
                                "t.toml");
  ASSERT_TRUE(mapping.ok()) << mapping.status().message();
  EXPECT_EQ(mapping->For("interpretation.late")->tasks, std::vector<std::string>{"19"});
  EXPECT_EQ(mapping->For("interpretation.followup")->tasks, std::vector<std::string>{"20"});
  EXPECT_EQ(mapping->For("interpretationx.late"), nullptr);
}

TEST(RuleTasksTest, FillsOnlyWhatARuleLeavesEmpty) {
  auto mapping = ParseRuleTasks(R"(
[tasks."11"]
title = "a"
[tasks."30"]
title = "b"
[tasks."33"]
title = "c"
[rules.pii]
tasks = ["11", "30"]
requirement = "去标识化"
[rules.link]
tasks = ["33"]
requirement = "网站升级改造"
)",
                                "t.toml");
  ASSERT_TRUE(mapping.ok()) << mapping.status().message();
  std::vector<RuleDescription> rules = {{"pii.mobile", "medium", "d", "", ""},
                                                {"link.broken", "high", "d", "国办秘函〔2019〕19号", "1"},
                                                {"meta.missing", "low", "d", "", ""}};
  ApplyRuleTasks(*mapping, &rules);
  EXPECT_EQ(rules[0].task, "11、30");
  EXPECT_EQ(rules[0].requirement, "去标识化");
  EXPECT_EQ(rules[1].task, "1");  // the rule's own values stay
  EXPECT_EQ(rules[1].requirement, "国办秘函〔2019〕19号");
  EXPECT_EQ(rules[2].task, "");
  EXPECT_EQ(rules[2].requirement, "");
}

TEST(RuleTasksTest, TaskDescriptionsAreInNumericOrder) {
  auto mapping = ParseRuleTasks(
      "[tasks.\"9\"]\ntitle = \"a\"\n[tasks.\"33\"]\ntitle = \"b\"\n[tasks.\"11\"]\ntitle = \"c\"\n", "t.toml");
  ASSERT_TRUE(mapping.ok());
  std::vector<std::string> order;
  for (const auto& t : TaskDescriptions(*mapping)) order.push_back(t.number);
  EXPECT_EQ(order, (std::vector<std::string>{"9", "11", "33"}));
}

TEST(RuleTasksTest, MalformedMappingIsRejectedWithFileLineAndKey) {
  struct Case {
    std::string text;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"[rules.pii]\ntasks = [\"11\"]\n",
            "t.toml:2: key 'rules.pii.tasks': task '11' has no [tasks.\"11\"] table"},
           {"[tasks.\"11\"]\ntitle = \"a\"\n[rules.pii]\ntasks = [11]\n",
            "t.toml:4: key 'rules.pii.tasks': expected task numbers as strings"},
           {"[tasks.\"11\"]\ntitle = \"a\"\n[rules.pii]\ntask = [\"11\"]\n",
            "t.toml:4: key 'rules.pii.task': unknown key"},
           {"[tasks.eleven]\ntitle = \"a\"\n", "t.toml:1: key 'tasks.eleven': a task is named by its number"},
           {"[tasks.\"11\"]\nquote = \"x\"\n", "key 'tasks.11.title': every task needs a title"},
           {"[tasks.\"11\"]\ntitle = 5\n", "t.toml:2: key 'tasks.11.title': expected a string"},
           {"[mapping]\n", "t.toml:1: key 'mapping': unknown key"},
           {"[tasks\n", "t.toml:1:"},
       }) {
    auto parsed = ParseRuleTasks(c.text, "t.toml");
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_NE(parsed.status().message().find(c.expected), std::string::npos) << c.text << "\n"
                                                                             << parsed.status().message();
  }
}

}  // namespace
}  // namespace govaudit
