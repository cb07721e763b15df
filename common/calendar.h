// China's official working-day calendar: public holidays and weekend make-up working days
// (调休), loaded from a CSV (date,kind,name) so next year's notice can be added without
// rebuilding.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/date.h"
#include "common/status.h"

namespace govaudit {

class WorkdayCalendar {
 public:
  // Parses "date,kind,name" rows (kind: holiday | workday). Errors name the source and line.
  static StatusOr<WorkdayCalendar> Parse(std::string_view csv, std::string_view source_name);
  // The calendar compiled into govaudit (config/cn-workday-calendar.csv).
  static const WorkdayCalendar& Builtin();

  // A working day: listed as make-up workday, or Monday–Friday and not a listed holiday.
  bool IsWorkday(Date date) const;
  // True if the calendar covers this date's year (outside, only weekends are known).
  bool Covers(Date date) const;

  struct Result {
    Date date;
    bool outside_coverage = false;  // some counted day lay outside the calendar's years
  };
  // The date `n` working days after `start` (start itself never counts), n >= 1.
  Result AddWorkdays(Date start, int n) const;
  // Working days after `from` up to and including `to` (0 if to <= from).
  struct Count {
    int days = 0;
    bool outside_coverage = false;
  };
  Count WorkdaysBetween(Date from, Date to) const;

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  std::map<Date, bool> special_;  // date -> true: make-up workday, false: holiday
  int first_year_ = 0;
  int last_year_ = -1;
};

}  // namespace govaudit
