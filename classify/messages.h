// Message boards (互动交流): whether a page belongs to an online consultation channel (领导信箱,
// 在线咨询, 留言板 ...) or to a channel that does not count (网上信访, 纪检举报, 访谈, 征集), and
// the messages it shows — each with its title, submission date, reply date, replying body and
// status — from the layouts boards use:
//   a message's own page: label/value rows (来信时间\t2026-03-02), labels in one line
//     (编号：… 咨询人：… 提交时间：…), a question block and a reply block each signed with its
//     date (来信时间：…；回复时间：… 回复单位：…), headings with the value below;
//   a list of messages: a table with named columns (标题 | 受理单位 | 状态 | 日期), rows of
//     labelled fields (<li>… 留言时间：… 状态：…</li>), rows of a title, a date and a status.
// The same message may be read on its list and on its own page; the site rule joins them by
// the message's URL. Nothing here judges: rules/interaction.cc does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "classify/site_checks.h"
#include "common/date.h"
#include "page/page.h"

namespace govaudit {

enum class ChannelKind {
  kNone,          // not a message board
  kConsultation,  // 政务咨询, 领导信箱, 留言板 ...: what 19号 judges
  kExcluded,      // 信访, 举报, 访谈, 征集 ...: left out
};

enum class ReplyState {
  kUnknown,     // the page does not say
  kAnswered,    // a reply date, a reply, or a status such as 已回复 / 已办结
  kUnanswered,  // a status such as 办理中 / 未回复, or an empty reply
  kInvalid,     // 不予受理, 重复件 ...: not a valid message
};

struct MessageRecord {
  std::string title;
  std::string url;                // the message's own page (this page, or the list row's link)
  std::optional<Date> submitted;  // 来信时间 / 留言时间 / 提交时间 ...
  std::optional<Date> replied;    // 回复时间 / 答复时间 / 办结时间 ...
  std::optional<Date> listed;     // a date a list row shows without saying which it is
  ReplyState state = ReplyState::kUnknown;
  std::string status;     // the status as written (已办结), may be empty
  std::string replier;    // 回复单位 / 受理单位 ...
  std::string type;       // 咨询类型 as written (在线咨询, 投诉监督 ...)
  bool excluded = false;  // its own type is an excluded kind (举报, 信访)
};

struct MessagePage {
  ChannelKind channel = ChannelKind::kNone;
  std::string channel_name;  // the column name that decided the channel
  bool detail = false;       // the page is one message's own page
  std::vector<MessageRecord> messages;
};

// The channel a page belongs to, from its column names (ColumnName, breadcrumb, <title>
// parts): the nearest name holding a channel or an excluded word decides; an excluded word
// wins within one name (投诉举报).
ChannelKind ChannelOf(const Page& page, const InteractionSettings& settings, std::string* name = nullptr);

// The channel of a name or link text alone (kNone when it holds no channel word).
ChannelKind ChannelOfName(const std::string& name, const InteractionSettings& settings);

// The messages a page shows. A page that is no board and shows no labelled message gives an
// empty result.
MessagePage ReadMessages(const Page& page, const InteractionSettings& settings);

// The state a status as written says (已回复 → answered, 办理中 → unanswered ...).
ReplyState StateOfStatus(const std::string& status, const InteractionSettings& settings);

}  // namespace govaudit
