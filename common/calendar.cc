#include "common/calendar.h"

#include <algorithm>
#include <string>

#include "common/strings.h"
#include "config/resources.h"

namespace govaudit {

StatusOr<WorkdayCalendar> WorkdayCalendar::Parse(std::string_view csv, std::string_view source_name) {
  WorkdayCalendar calendar;
  LineReader lines(csv);
  std::string_view line;
  while (lines.Next(&line)) {
    const size_t line_no = lines.number();
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.empty() || line[0] == '#' || line.substr(0, 5) == "date,") continue;
    auto where = [&] { return std::string(source_name) + ":" + std::to_string(line_no); };
    size_t c1 = line.find(',');
    if (c1 == std::string_view::npos) return Status::Error(where() + ": expected date,kind,name");
    size_t c2 = line.find(',', c1 + 1);
    std::string_view date_text = line.substr(0, c1);
    std::string_view kind = line.substr(c1 + 1, c2 == std::string_view::npos ? std::string_view::npos : c2 - c1 - 1);
    auto date = ParseIsoDate(date_text);
    if (!date) return Status::Error(where() + ": '" + std::string(date_text) + "' is not a YYYY-MM-DD date");
    if (kind == "holiday") {
      calendar.special_[*date] = false;
    } else if (kind == "workday") {
      if (date->Weekday() < 5) {
        return Status::Error(where() + ": make-up workday " + std::string(date_text) + " is not a Saturday or Sunday");
      }
      calendar.special_[*date] = true;
    } else {
      return Status::Error(where() + ": kind '" + std::string(kind) + "' must be 'holiday' or 'workday'");
    }
    // Late-December rows belong to the next year's notice (2018-12-29 for 2019's New Year):
    // they do not make the earlier year covered.
    int notice_year = (date->month == 12 && date->day >= 25) ? date->year + 1 : date->year;
    if (calendar.last_year_ < calendar.first_year_) calendar.first_year_ = calendar.last_year_ = notice_year;
    calendar.first_year_ = std::min(calendar.first_year_, notice_year);
    calendar.last_year_ = std::max(calendar.last_year_, notice_year);
  }
  if (calendar.special_.empty()) return Status::Error(std::string(source_name) + ": no calendar rows");
  return calendar;
}

const WorkdayCalendar& WorkdayCalendar::Builtin() {
  // A broken compiled-in file leaves it empty; its tests guard against that.
  static const WorkdayCalendar calendar =
      Parse(resources::Get("cn-workday-calendar.csv"), "builtin cn-workday-calendar.csv").value_or(WorkdayCalendar{});
  return calendar;
}

bool WorkdayCalendar::Covers(Date date) const { return date.year >= first_year_ && date.year <= last_year_; }

bool WorkdayCalendar::IsWorkday(Date date) const {
  if (auto it = special_.find(date); it != special_.end()) return it->second;
  return date.Weekday() < 5;
}

WorkdayCalendar::Result WorkdayCalendar::AddWorkdays(Date start, int n) const {
  Result result{start, false};
  int counted = 0;
  Date d = start;
  while (counted < n) {
    d = d.AddDays(1);
    if (!Covers(d)) result.outside_coverage = true;
    if (IsWorkday(d)) ++counted;
  }
  result.date = d;
  return result;
}

WorkdayCalendar::Count WorkdayCalendar::WorkdaysBetween(Date from, Date to) const {
  Count count;
  for (Date d = from.AddDays(1); d <= to; d = d.AddDays(1)) {
    if (!Covers(d)) count.outside_coverage = true;
    if (IsWorkday(d)) ++count.days;
  }
  return count;
}

}  // namespace govaudit
