// config/wording.toml: the Chinese name of every rule and the grade (否决项 / 扣分项 / 提示) a
// finding is shown with.
#include "assess/wording.h"

#include <gtest/gtest.h>

#include "rules/rule.h"

namespace govaudit {
namespace {

TEST(WordingTest, EveryRuleHasAChineseName) {
  for (const RuleInfo& info : RuleSet::AllInfos()) {
    const std::string name = RuleName(info.id);
    EXPECT_NE(name, info.id) << info.id << " has no name in config/wording.toml [names]";
    EXPECT_EQ(name.find('.'), std::string::npos) << info.id << ": " << name;
  }
  // A rule the file does not know shows its id.
  EXPECT_EQ(RuleName("future.rule"), "future.rule");
}

TEST(WordingTest, SingleVetoRulesAreVetoItemsOthersGoBySeverity) {
  Finding f;
  for (const char* id : {"content.serious_typo", "content.secret_marking", "home.stale", "site.identity_missing"}) {
    f.rule_id = id;
    f.severity = Severity::kMedium;
    EXPECT_EQ(ClassOf(f), FindingClass::kVeto) << id;
  }
  f.rule_id = "pii.id_number";
  f.severity = Severity::kHigh;
  EXPECT_EQ(ClassOf(f), FindingClass::kDeduction);
  f.rule_id = "a11y.lang";
  f.severity = Severity::kLow;
  EXPECT_EQ(ClassOf(f), FindingClass::kNotice);
  f.severity = Severity::kHigh;  // a severity raised in the configuration raises the grade
  EXPECT_EQ(ClassOf(f), FindingClass::kDeduction);
  EXPECT_EQ(FindingClassLabel(FindingClass::kVeto), "否决项");
  EXPECT_EQ(FindingClassLabel(FindingClass::kDeduction), "扣分项");
  EXPECT_EQ(FindingClassLabel(FindingClass::kNotice), "提示");
}

TEST(WordingTest, ExactIdWinsOverFamilyAndFamilyOverSeverity) {
  auto wording = ParseWording(R"(
[classes]
high = "否决项"
low = "扣分项"
[classes.rules]
pii = "提示"
"pii.id_number" = "veto"
[names]
"pii.mobile" = "手机号"
)",
                              "t.toml");
  ASSERT_TRUE(wording.ok()) << wording.status().message();
  EXPECT_EQ(wording->ClassOf("pii.id_number", Severity::kLow), FindingClass::kVeto);
  EXPECT_EQ(wording->ClassOf("pii.mobile", Severity::kHigh), FindingClass::kNotice);
  EXPECT_EQ(wording->ClassOf("link.broken", Severity::kHigh), FindingClass::kVeto);
  EXPECT_EQ(wording->ClassOf("link.broken", Severity::kMedium), FindingClass::kDeduction);  // the default
  EXPECT_EQ(wording->ClassOf("a11y.lang", Severity::kLow), FindingClass::kDeduction);
  EXPECT_EQ(wording->NameOf("pii.mobile"), "手机号");
}

TEST(WordingTest, ErrorsNameTheFileLineAndKey) {
  auto bad_grade = ParseWording("[classes]\nhigh = \"严重\"\n", "w.toml");
  ASSERT_FALSE(bad_grade.ok());
  EXPECT_EQ(bad_grade.status().message(),
            "w.toml:2: key 'classes.high': expected \"否决项\", \"扣分项\" or \"提示\"");
  auto unknown = ParseWording("[classes]\nurgent = \"否决项\"\n", "w.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("classes.urgent"), std::string::npos) << unknown.status().message();
  auto empty = ParseWording("[names]\n\"a.b\" = \"\"\n", "w.toml");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("names.a.b"), std::string::npos) << empty.status().message();
}

}  // namespace
}  // namespace govaudit
