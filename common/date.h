// Civil dates (no time zone): what disclosure rules count in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace govaudit {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  // Days since 1970-01-01 (negative before).
  long DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(long days);
  // 0 = Monday ... 6 = Sunday.
  int Weekday() const;
  Date AddDays(long n) const { return FromDaysSinceEpoch(DaysSinceEpoch() + n); }
  std::string ToIso() const;  // "2022-05-24"

  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

bool IsValidDate(int year, int month, int day);

// Strict YYYY-MM-DD (for --as-of and config). nullopt if malformed or not a real date.
std::optional<Date> ParseIsoDate(std::string_view text);

// Finds the first date written the ways Chinese government pages write them:
// 2022-05-24, 2022/5/24, 2022年5月24日, 2022.05.24, 2022-05-24 10:30:00, full-width digits.
// nullopt if none.
std::optional<Date> FindDateInText(std::string_view text);

// The same, with where the date stands: [begin, end) covers it (a trailing 日 included).
struct DateMatch {
  Date date;
  size_t begin = 0;
  size_t end = 0;
};
std::optional<DateMatch> FindDateMatch(std::string_view text, size_t from = 0);

// The same day `years` later (29 February becomes 1 March).
Date AddYears(Date d, int years);

// Today's date in China (UTC+8), for when --as-of is not given.
Date TodayInChina();

// A stored time ("2026-11-26T15:18:03Z", UTC) as inspectors read it: Beijing time (UTC+8),
// "2026-11-26 23:18 北京时间" (with_seconds: "2026-11-26 23:18:03 北京时间"). Text that is not
// such a time comes back unchanged.
std::string BeijingTime(std::string_view iso_utc, bool with_seconds = false);

}  // namespace govaudit
