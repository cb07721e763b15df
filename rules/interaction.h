// Interaction (互动交流) judged over what the run read of message boards: the messages (joined
// across the list and the message's own page), which were left unanswered past the limit, how
// long answers took, which reply columns went quiet, and whether the site has a working
// consultation channel at all. The same summary feeds the interaction.* rules and the report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "classify/site_checks.h"
#include "common/calendar.h"
#include "common/date.h"
#include "common/status.h"
#include "db/store.h"

namespace govaudit {

struct BoardMessage {
  std::string url;       // the message's own page, else the page it was listed on
  std::string page_url;  // a page it was read on
  std::string title;
  std::string channel_name;       // the column it was read in
  std::optional<Date> submitted;  // or the date its list showed, when that can only be it
  std::optional<Date> replied;
  std::string state;        // "answered", "unanswered", "invalid", ""
  std::string status;       // as written
  bool excluded = false;    // read in an excluded channel (信访, 举报 ...) or of such a type
  int reply_workdays = -1;  // working days from submission to reply, when both are known
};

struct StaleBoard {
  std::string url;
  std::string name;
  std::optional<Date> newest;  // the newest date the column shows
};

struct InteractionSummary {
  Date as_of;
  Date since;                            // the look-back (1 year)
  int boards = 0;                        // pages of consultation channels
  int messages = 0;                      // valid consultation messages read (any date)
  int recent = 0;                        // ... submitted since `since`
  std::vector<BoardMessage> unanswered;  // unanswered past the limit, or answered after it
  std::vector<BoardMessage> slow;        // answered after more than reply_workdays working days
  std::vector<StaleBoard> stale_boards;
  // Reply times of recent messages with both dates, in working days.
  int timed = 0;
  double median_workdays = 0;
  double within_limit_percent = 0;  // answered within reply_workdays
  std::optional<BoardMessage> slowest;
  // Channels: a consultation channel that answered (page or link target), else why not.
  std::vector<std::string> channels;             // "领导信箱 <url>" ...
  std::vector<std::string> broken_channels;      // links to channels whose target failed
  std::vector<std::string> unverified_channels;  // links to channels whose target was not checked
  int unanswered_months = 3;
  int reply_workdays = 5;
  int board_stale_months = 2;
};

// The summary of a run's message boards, judged as of `as_of` on `calendar`.
StatusOr<InteractionSummary> SummarizeInteraction(db::Store& store, int64_t run_id, const Date& as_of,
                                                  const WorkdayCalendar& calendar, const InteractionSettings& settings);

// `d` moved by whole months (the day kept, or the month's last day).
Date AddMonths(const Date& d, int months);

}  // namespace govaudit
