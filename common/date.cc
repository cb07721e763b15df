#include "common/date.h"

#include <chrono>
#include <cstdio>
#include <string>

namespace govaudit {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

// Decodes one ASCII or full-width digit at text[i]; returns its value and advances i.
int TakeDigit(std::string_view text, size_t& i) {
  if (i < text.size() && text[i] >= '0' && text[i] <= '9') return text[i++] - '0';
  // Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8.
  if (i + 2 < text.size() &&
      static_cast<unsigned char>(text[i]) == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBC &&
      static_cast<unsigned char>(text[i + 2]) >= 0x90 && static_cast<unsigned char>(text[i + 2]) <= 0x99) {
    int v = static_cast<unsigned char>(text[i + 2]) - 0x90;
    i += 3;
    return v;
  }
  return -1;
}

// Reads up to max_digits digits; returns -1 if none.
int TakeNumber(std::string_view text, size_t& i, int max_digits, int* digits_read) {
  int value = 0, n = 0;
  while (n < max_digits) {
    size_t save = i;
    int d = TakeDigit(text, i);
    if (d < 0) { i = save; break; }
    value = value * 10 + d;
    ++n;
  }
  *digits_read = n;
  return n == 0 ? -1 : value;
}

bool IsDigitAt(std::string_view text, size_t i) {
  size_t j = i;
  return TakeDigit(text, j) >= 0;
}

// Accepts a separator between year/month/day: '-', '/', '.', or 年/月 (matched per position).
bool TakeSeparator(std::string_view text, size_t& i, std::string_view cjk) {
  if (i < text.size() && (text[i] == '-' || text[i] == '/' || text[i] == '.')) { ++i; return true; }
  if (text.substr(i, cjk.size()) == cjk) { i += cjk.size(); return true; }
  // Full-width hyphen/slash/dot (－ ／ ．).
  for (std::string_view fw : {"\xEF\xBC\x8D", "\xEF\xBC\x8F", "\xEF\xBC\x8E"}) {
    if (text.substr(i, fw.size()) == fw) { i += fw.size(); return true; }
  }
  return false;
}

void SkipSpaces(std::string_view text, size_t& i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
}

}  // namespace

long Date::DaysSinceEpoch() const { return DaysFromCivil(year, month, day); }

Date Date::FromDaysSinceEpoch(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int Date::Weekday() const {
  long days = DaysSinceEpoch();  // 1970-01-01 was a Thursday (3 with Monday = 0)
  long w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

std::string Date::ToIso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

bool IsValidDate(int year, int month, int day) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int limit = kDays[month - 1];
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && leap) limit = 29;
  return day <= limit;
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (size_t k = 0; k < lens[p]; ++k) {
      char c = text[starts[p] + k];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  if (!IsValidDate(parts[0], parts[1], parts[2])) return std::nullopt;
  return Date{parts[0], parts[1], parts[2]};
}

std::optional<DateMatch> FindDateMatch(std::string_view text, size_t from) {
  for (size_t start = from; start < text.size(); ++start) {
    if (!IsDigitAt(text, start)) continue;
    if (start > 0 && IsDigitAt(text, start - 1)) continue;  // not inside a longer number
    size_t i = start;
    int n = 0;
    int year = TakeNumber(text, i, 4, &n);
    if (n != 4 || IsDigitAt(text, i)) continue;
    SkipSpaces(text, i);
    if (!TakeSeparator(text, i, "年")) continue;
    SkipSpaces(text, i);
    int month = TakeNumber(text, i, 2, &n);
    if (n == 0 || IsDigitAt(text, i)) continue;
    SkipSpaces(text, i);
    if (!TakeSeparator(text, i, "月")) continue;
    SkipSpaces(text, i);
    int day = TakeNumber(text, i, 2, &n);
    if (n == 0 || IsDigitAt(text, i)) continue;
    if (text.substr(i, 3) == "日" || text.substr(i, 3) == "号") i += 3;
    if (IsValidDate(year, month, day)) return DateMatch{Date{year, month, day}, start, i};
  }
  return std::nullopt;
}

std::optional<Date> FindDateInText(std::string_view text) {
  std::optional<DateMatch> m = FindDateMatch(text);
  if (!m) return std::nullopt;
  return m->date;
}

Date AddYears(Date d, int years) {
  Date out{d.year + years, d.month, d.day};
  if (!IsValidDate(out.year, out.month, out.day)) out = Date{out.year, 3, 1};  // 29 February
  return out;
}

Date TodayInChina() {
  using namespace std::chrono;
  auto now = system_clock::now() + hours(8);
  long days = duration_cast<hours>(now.time_since_epoch()).count() / 24;
  return Date::FromDaysSinceEpoch(days);
}

std::string BeijingTime(std::string_view iso, bool with_seconds) {
  // Exactly YYYY-MM-DDTHH:MM:SSZ: anything else is shown as stored.
  auto digits = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return -1;
      v = v * 10 + (iso[i] - '0');
    }
    return v;
  };
  if (iso.size() != 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' ||
      iso[19] != 'Z') {
    return std::string(iso);
  }
  const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  const int hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
      second > 60 || !IsValidDate(year, month, day)) {
    return std::string(iso);
  }
  int local_hour = hour + 8;
  Date date{year, month, day};
  if (local_hour >= 24) {
    local_hour -= 24;
    date = date.AddDays(1);
  }
  char time[40];  // room for any int, so the compiler can see nothing is cut
  if (with_seconds) {
    std::snprintf(time, sizeof time, "%02d:%02d:%02d", local_hour, minute, second);
  } else {
    std::snprintf(time, sizeof time, "%02d:%02d", local_hour, minute);
  }
  return date.ToIso() + " " + time + " 北京时间";
}

}  // namespace govaudit
