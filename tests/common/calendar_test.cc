#include "common/calendar.h"

#include <gtest/gtest.h>

#include "tests/support/test_names.h"

namespace govaudit {
namespace {

Date D(int y, int m, int d) { return Date{y, m, d}; }

TEST(WorkdayCalendarTest, BuiltinCoversTheOfficialYears) {
  const WorkdayCalendar& c = WorkdayCalendar::Builtin();
  EXPECT_EQ(c.first_year(), 2019);
  EXPECT_EQ(c.last_year(), 2026);
}

struct AddCase {
  Date start;
  int n;
  Date expected;
};

class AddWorkdaysTest : public ::testing::TestWithParam<AddCase> {};

TEST_P(AddWorkdaysTest, FollowsHolidaysAndMakeUpDays) {
  auto r = WorkdayCalendar::Builtin().AddWorkdays(GetParam().start, GetParam().n);
  EXPECT_EQ(r.date, GetParam().expected) << GetParam().start.ToIso() << " + " << GetParam().n;
  EXPECT_FALSE(r.outside_coverage);
}

INSTANTIATE_TEST_SUITE_P(
    HolidayBoundaries, AddWorkdaysTest,
    ::testing::Values(
        AddCase{D(2022, 9, 30), 3, D(2022, 10, 10)},  // National Day; 10-08/09 are make-up days
        AddCase{D(2022, 4, 29), 3, D(2022, 5, 7)},    // Labour Day; 05-07 is a make-up Saturday
        AddCase{D(2022, 5, 20), 3, D(2022, 5, 25)},   // an ordinary weekend
        AddCase{D(2024, 2, 8), 1, D(2024, 2, 9)},     // Spring Festival Eve 2024 stays a working day
        AddCase{D(2024, 2, 9), 1, D(2024, 2, 18)},    // holiday 02-10..02-17, 02-18 a make-up Sunday
        AddCase{D(2020, 1, 23), 1, D(2020, 2, 3)},    // 2020's extended Spring Festival
        AddCase{D(2022, 12, 30), 1, D(2023, 1, 3)}),
    [](const ::testing::TestParamInfo<AddCase>& info) {
      return testing::CaseName(info.index, info.param.start.ToIso() + " plus " + std::to_string(info.param.n));
    });  // 2022-12-31 belongs to 2023's New Year

TEST(WorkdayCalendarTest, CountsWorkdaysBetween) {
  const WorkdayCalendar& c = WorkdayCalendar::Builtin();
  EXPECT_EQ(c.WorkdaysBetween(D(2022, 9, 30), D(2022, 10, 10)).days, 3);
  EXPECT_EQ(c.WorkdaysBetween(D(2022, 9, 30), D(2022, 9, 30)).days, 0);
  EXPECT_EQ(c.WorkdaysBetween(D(2022, 10, 10), D(2022, 9, 30)).days, 0);
}

TEST(WorkdayCalendarTest, OutsideTheFileCountsWeekdaysAndSaysSo) {
  auto r = WorkdayCalendar::Builtin().AddWorkdays(D(2027, 1, 1), 3);  // Fri: Mon, Tue, Wed
  EXPECT_EQ(r.date, D(2027, 1, 6));
  EXPECT_TRUE(r.outside_coverage);
}

TEST(WorkdayCalendarTest, UserRowsExtendTheCalendar) {
  auto c = WorkdayCalendar::Parse("date,kind,name\n2027-01-01,holiday,New Year\n2027-01-04,holiday,Test\n", "next.csv");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->AddWorkdays(D(2026, 12, 31), 1).date, D(2027, 1, 5));
  EXPECT_FALSE(c->AddWorkdays(D(2027, 1, 1), 1).outside_coverage);
}

TEST(WorkdayCalendarTest, BadRowsNameFileAndLine) {
  auto bad_date = WorkdayCalendar::Parse("date,kind,name\n2027-02-30,holiday,X\n", "next.csv");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.status().message(), "next.csv:2: '2027-02-30' is not a YYYY-MM-DD date");
  auto bad_kind = WorkdayCalendar::Parse("2027-01-01,vacation,X\n", "next.csv");
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_EQ(bad_kind.status().message(), "next.csv:1: kind 'vacation' must be 'holiday' or 'workday'");
  auto weekday_makeup = WorkdayCalendar::Parse("2027-01-04,workday,X\n", "next.csv");
  ASSERT_FALSE(weekday_makeup.ok());
  EXPECT_NE(weekday_makeup.status().message().find("not a Saturday or Sunday"), std::string::npos);
}

}  // namespace
}  // namespace govaudit
