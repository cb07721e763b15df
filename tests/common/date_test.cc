#include "common/date.h"

#include <gtest/gtest.h>

#include "tests/support/test_names.h"

namespace govaudit {
namespace {

TEST(DateTest, RoundTripsThroughDaysSinceEpoch) {
  for (long days : {-1000L, 0L, 1L, 19000L, 20600L, 60000L}) {
    EXPECT_EQ(Date::FromDaysSinceEpoch(days).DaysSinceEpoch(), days);
  }
  EXPECT_EQ((Date{1970, 1, 1}).DaysSinceEpoch(), 0);
  EXPECT_EQ((Date{2022, 5, 24}).ToIso(), "2022-05-24");
}

TEST(DateTest, WeekdayIsMondayZero) {
  EXPECT_EQ((Date{2022, 10, 8}).Weekday(), 5);   // Saturday
  EXPECT_EQ((Date{2022, 10, 10}).Weekday(), 0);  // Monday
  EXPECT_EQ((Date{2026, 11, 26}).Weekday(), 3);  // Thursday
}

TEST(DateTest, ParseIsoDateIsStrict) {
  EXPECT_EQ(ParseIsoDate("2022-05-24"), (Date{2022, 5, 24}));
  EXPECT_FALSE(ParseIsoDate("2022-5-24"));
  EXPECT_FALSE(ParseIsoDate("2022-02-30"));
  EXPECT_FALSE(ParseIsoDate("24/05/2022"));
  EXPECT_FALSE(ParseIsoDate("2022-05-24x"));
  EXPECT_TRUE(ParseIsoDate("2024-02-29"));
  EXPECT_FALSE(ParseIsoDate("2023-02-29"));
}

struct TextCase {
  const char* text;
  std::optional<Date> expected;
};

class FindDateTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(FindDateTest, FindsTheWaysGovernmentPagesWriteDates) {
  EXPECT_EQ(FindDateInText(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, FindDateTest,
    ::testing::Values(TextCase{"2022-05-24", Date{2022, 5, 24}}, TextCase{"发布日期：2022/5/24", Date{2022, 5, 24}},
                      TextCase{"2022年5月24日", Date{2022, 5, 24}}, TextCase{"2022.05.24", Date{2022, 5, 24}},
                      TextCase{"发布时间：2024-12-10 09:30:00 来源", Date{2024, 12, 10}},
                      TextCase{"２０２２年５月２４日", Date{2022, 5, 24}},
                      TextCase{"2022 年 5 月 24 日", Date{2022, 5, 24}},
                      TextCase{"文号 20220524", std::nullopt},              // digits without separators
                      TextCase{"2022-13-01", std::nullopt},                 // no month 13
                      TextCase{"12022-05-24", std::nullopt},                // inside a longer number
                      TextCase{"第2022-05号 然后 2023-06-07", Date{2023, 6, 7}},
                      TextCase{"无日期", std::nullopt}),
    [](const ::testing::TestParamInfo<TextCase>& info) {
      return testing::CaseName(info.index, info.param.text);
    });

// Inspectors read times in Beijing time; the store keeps UTC.
TEST(BeijingTimeTest, AddsEightHoursAndCrossesMidnightAndYearEnd) {
  EXPECT_EQ(BeijingTime("2026-11-26T07:18:03Z"), "2026-11-26 15:18 北京时间");
  EXPECT_EQ(BeijingTime("2026-11-26T15:18:03Z"), "2026-11-26 23:18 北京时间");
  EXPECT_EQ(BeijingTime("2026-11-26T16:05:09Z", true), "2026-11-27 00:05:09 北京时间");
  EXPECT_EQ(BeijingTime("2026-12-31T20:00:00Z"), "2027-01-01 04:00 北京时间");
  EXPECT_EQ(BeijingTime("2028-02-28T23:30:00Z"), "2028-02-29 07:30 北京时间");  // a leap year
}

TEST(BeijingTimeTest, LeavesOtherTextAlone) {
  for (const char* text : {"", "2026-11-26", "2026-11-26 15:18", "2026-13-26T15:18:03Z", "2026-11-26T25:18:03Z",
                           "running"}) {
    EXPECT_EQ(BeijingTime(text), text);
  }
}

}  // namespace
}  // namespace govaudit
