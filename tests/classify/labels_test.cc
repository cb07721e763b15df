// The label scanner the service-guide and message-board readers share: labels found where they
// stand as labels, and the per-thread index cache answering for the labels given, not for the
// address of the settings they came from.
#include "classify/internal/labels.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/random_text.h"

namespace govaudit::classify_internal {
namespace {

TEST(ScanLabelsTest, FindsLabelsWithAColonOrAloneInTheirCell) {
  const std::vector<std::string> place = {"办理地点"};
  const std::vector<std::string> phone = {"咨询电话"};
  const std::vector<LabelledValue> found =
      ScanLabels("办理地点：市民中心3楼\n咨询电话\t0951-1234567\n本地点办理地点不限", {{1, &place}, {2, &phone}});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].set, 1);
  EXPECT_EQ(found[0].value, "市民中心3楼");
  EXPECT_EQ(found[1].set, 2);
  EXPECT_EQ(found[1].value, "0951-1234567");
}

TEST(ScanLabelsTest, AnIndexFollowsTheLabelsNotTheSettingsObject) {
  // The same vector, its labels changed between two scans (settings freed and rebuilt in
  // place look the same to an address): the second scan must use the new labels.
  std::vector<std::string> labels = {"办理地点"};
  const std::string text = "办理地点：市民中心\n受理地点：政务大厅";
  std::vector<LabelledValue> found = ScanLabels(text, {{0, &labels}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, "市民中心");
  labels = {"受理地点"};
  found = ScanLabels(text, {{0, &labels}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, "政务大厅");
}

TEST(ScanLabelsTest, AnIndexFollowsTheSetIds) {
  const std::vector<std::string> labels = {"办理地点"};
  const std::vector<std::string> none;
  const std::string text = "办理地点：市民中心";
  ASSERT_EQ(ScanLabels(text, {{3, &labels}}).at(0).set, 3);
  EXPECT_EQ(ScanLabels(text, {{4, &labels}}).at(0).set, 4);
  // A set without labels adds nothing to the index, and changes no id.
  EXPECT_EQ(ScanLabels(text, {{5, &none}, {4, &labels}}).at(0).set, 4);
}

TEST(ScanLabelsTest, ManySettingsInTurnEachFindTheirOwnLabels) {
  // More label sets than the cache keeps: each scan must still use its own.
  std::vector<std::vector<std::string>> sets;
  for (int i = 0; i < 40; ++i) sets.push_back({"事项" + std::to_string(i)});
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 40; ++i) {
      const std::string text = "事项" + std::to_string(i) + "：值" + std::to_string(i);
      const std::vector<LabelledValue> found = ScanLabels(text, {{i, &sets[i]}});
      ASSERT_EQ(found.size(), 1u) << text;
      EXPECT_EQ(found[0].value, "值" + std::to_string(i));
    }
  }
}

TEST(ScanLabelsTest, ALongLineOfNumberingEndingWithALabelIsAHeading) {
  // No colon, tab or digit, and long: only the label at its end can make it one.
  const std::vector<std::string> place = {"办理地点"};
  const std::string text = "（一）【二】第三条、（四）【五】第六条、（七）【八】第九条、办理地点\n市民中心三楼";
  const std::vector<LabelledValue> found = ScanLabels(text, {{0, &place}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].value, "市民中心三楼");
}

// Lines where no label can stand are stepped over unscanned: whatever the text, the answer must
// be the one a scan of every line gives.
TEST(ScanLabelsTest, SteppingOverPlainLinesChangesNothing) {
  const std::vector<std::string> place = {"办理地点", "受理地点", "地点"};
  const std::vector<std::string> time = {"办理时间", "回复时间", "时间"};
  const std::vector<std::string> blank = {"办理", " 流程 "};
  testing::RandomPieces random(
      7, {"办理地点", "受理地点", "办理时间", "回复时间", "地点", "时间", "流程", "：", ":", "\t", "\n", "\n", " ",
          "\u3000", "2026-03-05", "7", "一、", "（二）", "政务公开工作要点", "落实", "办理", "地", "，", "。",
          "审批服务事项清单的公示", "\xEF\xBC", "；", "（一）【二】第三条、（四）【五】第六条、"});
  for (int round = 0; round < 3000; ++round) {
    const std::string text = random.Text(5 + random.Below(120));
    for (const bool multi_line : {false, true}) {
      for (const bool numbering : {false, true}) {
        LabelScan every_line;
        every_line.multi_line_values = multi_line;
        every_line.numbering = numbering;
        every_line.skip_plain_lines = false;
        LabelScan skipping = every_line;
        skipping.skip_plain_lines = true;
        for (const auto& sets : {std::vector<LabelSet>{{0, &place}, {1, &time}}, std::vector<LabelSet>{{2, &blank}}}) {
          const std::vector<LabelledValue> expected = ScanLabels(text, sets, every_line);
          const std::vector<LabelledValue> found = ScanLabels(text, sets, skipping);
          ASSERT_EQ(found.size(), expected.size()) << text;
          for (size_t i = 0; i < found.size(); ++i) {
            EXPECT_EQ(found[i].set, expected[i].set) << text;
            EXPECT_EQ(found[i].label, expected[i].label) << text;
            EXPECT_EQ(found[i].value, expected[i].value) << text;
            EXPECT_EQ(found[i].at, expected[i].at) << text;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace govaudit::classify_internal
