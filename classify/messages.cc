#include "classify/messages.h"

#include <algorithm>
#include <set>

#include "classify/internal/labels.h"
#include "classify/internal/text.h"
#include "common/strings.h"
#include "common/utf8.h"
#include "page/columns.h"

namespace govaudit {

using namespace classify_internal;  // NOLINT: the classifiers' text helpers

namespace {

enum LabelKind { kTitle, kSubmitted, kReplied, kStatus, kReplier, kReply, kType };

// Anchors shorter than this are navigation (我要写信, 更多), not message titles.
constexpr size_t kMinTitleCodePoints = 4;
// A list row is the anchor's line and the short lines below it (one field per block).
constexpr size_t kMaxRowLines = 4;
constexpr size_t kMaxRowLineBytes = 90;
// A status written on its own (<span class="state">已办结</span>) is a short line.
constexpr size_t kMaxStatusLineCodePoints = 12;
constexpr size_t kMaxStatusBytes = 60;
constexpr size_t kMaxReplierBytes = 90;
// Table headers that name the title column besides the title labels.
const std::vector<std::string> kTitleHeaders = {"内容", "信件", "事项", "诉求"};
const std::vector<std::string> kDateHeaders = {"日期", "时间"};

std::vector<LabelSet> SetsOf(const InteractionSettings& s) {
  return {{kTitle, &s.title_labels},   {kSubmitted, &s.submitted_labels}, {kReplied, &s.replied_labels},
          {kStatus, &s.status_labels}, {kReplier, &s.replier_labels},     {kReply, &s.reply_labels},
          {kType, &s.type_labels}};
}

bool HoldsStatus(std::string_view text, const InteractionSettings& s) {
  return FirstIn(text, s.answered_words) || FirstIn(text, s.unanswered_words) || FirstIn(text, s.invalid_words);
}

// Every date written in `text`, in order.
std::vector<Date> DatesIn(std::string_view text) {
  std::vector<Date> out;
  for (size_t i = 0; i < text.size();) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    const bool starts = digit && (i == 0 || !(text[i - 1] >= '0' && text[i - 1] <= '9'));
    if (starts) {
      std::string_view window = text.substr(i, 24);
      if (std::optional<Date> d = FindDateInText(window);
          d && window.find_first_of("0123456789") == 0 && window.substr(0, 4) == std::to_string(d->year)) {
        out.push_back(*d);
        i += 8;  // past the year and month at least
        continue;
      }
    }
    ++i;
  }
  return out;
}

std::string ShortStatus(std::string_view value, const InteractionSettings& s) {
  if (!HoldsStatus(value, s)) return "";
  return std::string(Utf8Prefix(TrimSpaces(value), kMaxStatusBytes));
}

// What a record's fields say about its state: a reply date or reply text answers it; a reply
// label standing empty says it is not answered; a status as written decides over both,
// except that a reply date always answers (a status of 办理中 beside an interim reply).
void SettleState(MessageRecord* r, bool has_reply_text, bool empty_reply_label) {
  if (r->state == ReplyState::kInvalid) return;
  if (r->replied) {
    r->state = ReplyState::kAnswered;
  } else if (r->state == ReplyState::kUnknown) {
    if (has_reply_text) {
      r->state = ReplyState::kAnswered;
    } else if (empty_reply_label) {
      r->state = ReplyState::kUnanswered;
    }
  }
}

void ApplyType(MessageRecord* r, const InteractionSettings& s) {
  r->excluded = !r->type.empty() && FirstIn(r->type, s.excluded_words) != nullptr;
}

// One message's own page: the fields of its labels.
std::optional<MessageRecord> ReadDetail(const Page& page, const std::vector<LabelledValue>& labels,
                                        const InteractionSettings& s) {
  MessageRecord r;
  r.url = page.url;
  bool has_reply_text = false, empty_reply_label = false, any_reply_label = false;
  for (const LabelledValue& v : labels) {
    switch (v.set) {
      case kTitle:
        if (r.title.empty() && !v.value.empty() && !FindDateInText(v.value)) r.title = v.value;
        break;
      case kSubmitted:
        if (!r.submitted) r.submitted = FindDateInText(v.value);
        break;
      case kReplied:
        any_reply_label = true;
        if (!r.replied) r.replied = FindDateInText(v.value);
        if (v.value.empty()) empty_reply_label = true;
        break;
      case kStatus:
        if (r.status.empty()) r.status = ShortStatus(v.value, s);
        break;
      case kReplier:
        any_reply_label = true;
        if (r.replier.empty() && !v.value.empty() && !FindDateInText(v.value) && v.value.size() <= kMaxReplierBytes) {
          r.replier = v.value;
        }
        break;
      case kReply:
        any_reply_label = true;
        if (CodePoints(v.value) >= 2) {
          has_reply_text = true;
        } else {
          empty_reply_label = true;
        }
        break;
      case kType:
        if (r.type.empty()) r.type = std::string(Utf8Prefix(v.value, kMaxStatusBytes));
        break;
    }
  }
  if (!r.submitted) return std::nullopt;
  if (r.status.empty()) {
    // A status standing alone: <span class="state">已办结</span>, <em>办理中</em>.
    for (std::string_view line : Lines(page.text)) {
      for (size_t start = 0; start <= line.size();) {
        size_t end = line.find('\t', start);
        if (end == npos) end = line.size();
        std::string_view cell = TrimSpaces(line.substr(start, end - start));
        if (CodePoints(cell) <= kMaxStatusLineCodePoints && HoldsStatus(cell, s)) r.status = std::string(cell);
        if (!r.status.empty()) break;
        start = end + 1;
      }
      if (!r.status.empty()) break;
    }
  }
  if (!any_reply_label && r.status.empty()) return std::nullopt;  // a date alone is no message
  if (r.title.empty()) {
    // The heading may be a block's, not the message's (<h1>回复时间：…</h1>): then <title>.
    const std::vector<std::string> parts = TitleParts(page.html_title);
    const bool labelled_heading = !ScanLabels(page.title, SetsOf(s)).empty();
    r.title = labelled_heading && !parts.empty() ? parts.front() : page.title;
  }
  r.state = StateOfStatus(r.status, s);
  SettleState(&r, has_reply_text, empty_reply_label);
  ApplyType(&r, s);
  return r;
}

// A table whose first row names fields and whose second row holds their values (回复人 |
// 回复时间 | 回复内容, then one reply): those pairs, as labelled values.
void GridLabels(const Page& page, const std::vector<LabelSet>& sets, std::vector<LabelledValue>* out) {
  for (const PageTable& table : page.tables) {
    const int h = table.header_row;
    if (h < 0 || h + 1 >= static_cast<int>(table.rows.size())) continue;
    const std::vector<std::string>& header = table.rows[h];
    std::vector<std::pair<int, const std::string*>> named;  // set, label
    for (const std::string& cell : header) {
      const std::string* label = nullptr;
      int id = -1;
      for (const LabelSet& set : sets) {
        for (const std::string& l : *set.labels) {
          if (cell == l) {
            label = &l;
            id = set.id;
          }
        }
      }
      named.push_back({id, label});
    }
    int labelled = 0;
    for (const auto& n : named) labelled += n.second != nullptr;
    if (labelled < 2 || labelled * 2 < static_cast<int>(header.size())) continue;
    const std::vector<std::string>& values = table.rows[h + 1];
    for (size_t c = 0; c < named.size() && c < values.size(); ++c) {
      if (named[c].second != nullptr) out->push_back({named[c].first, *named[c].second, values[c], page.text.size()});
    }
  }
}

// Columns of a message table, by header.
struct TableColumns {
  int title = -1, submitted = -1, replied = -1, generic = -1, status = -1, replier = -1, type = -1;
};

TableColumns ColumnsOf(const std::vector<std::string>& header, const InteractionSettings& s) {
  TableColumns c;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    const std::string& h = header[i];
    if (h.empty() || CodePoints(h) > 10) continue;
    if (c.replied < 0 && FirstIn(h, s.replied_labels)) {
      c.replied = i;
    } else if (c.submitted < 0 && FirstIn(h, s.submitted_labels)) {
      c.submitted = i;
    } else if (c.status < 0 && FirstIn(h, s.status_labels)) {
      c.status = i;
    } else if (c.replier < 0 && FirstIn(h, s.replier_labels)) {
      c.replier = i;
    } else if (c.type < 0 && FirstIn(h, s.type_labels)) {
      c.type = i;
    } else if (c.title < 0 && (FirstIn(h, s.title_labels) || FirstIn(h, kTitleHeaders))) {
      c.title = i;
    } else if (c.generic < 0 && FirstIn(h, kDateHeaders)) {
      c.generic = i;
    }
  }
  return c;
}

// The link whose text is the cell's (or is in it), not taken by an earlier row.
const PageLink* LinkOfTitle(const Page& page, const std::string& cell, std::set<const PageLink*>* taken) {
  for (const PageLink& link : page.links) {
    if (link.url.empty() || taken->count(&link) > 0 || CodePoints(link.anchor_text) < kMinTitleCodePoints) continue;
    if (link.anchor_text == cell || Contains(cell, link.anchor_text)) {
      taken->insert(&link);
      return &link;
    }
  }
  return nullptr;
}

std::string TitleOf(const PageLink& link) {
  const std::string& a = link.anchor_text;
  const bool cut = a.ends_with("...") || a.ends_with("…") || a.ends_with("..");
  return cut && !link.title_attr.empty() ? link.title_attr : a;
}

std::string Cell(const std::vector<std::string>& row, int i) {
  return i >= 0 && i < static_cast<int>(row.size()) ? row[i] : std::string();
}

// Returns how many records the tables' named date columns dated.
// The links in a message table's other cells (受理单位 → the unit's page) are taken too: they
// are no messages of their own.
void TakeCellLinks(const Page& page, const std::vector<std::string>& row, std::set<const PageLink*>* taken) {
  for (const PageLink& link : page.links) {
    if (std::find(row.begin(), row.end(), link.anchor_text) != row.end()) taken->insert(&link);
  }
}

int ReadTables(const Page& page, ChannelKind channel, const InteractionSettings& s, std::set<const PageLink*>* taken,
               std::vector<MessageRecord>* out) {
  int labelled_records = 0;
  for (const PageTable& table : page.tables) {
    if (table.header_row < 0 || table.header_row + 1 >= static_cast<int>(table.rows.size())) continue;
    const TableColumns c = ColumnsOf(table.rows[table.header_row], s);
    const bool labelled = c.submitted >= 0 || c.replied >= 0 || c.status >= 0;
    if (c.title < 0 || !(labelled || (channel != ChannelKind::kNone && c.generic >= 0))) continue;
    for (size_t i = table.header_row + 1; i < table.rows.size(); ++i) {
      const std::vector<std::string>& row = table.rows[i];
      const std::string title = Cell(row, c.title);
      if (CodePoints(title) < kMinTitleCodePoints) continue;
      MessageRecord r;
      r.title = title;
      if (const PageLink* link = LinkOfTitle(page, title, taken)) {
        r.url = link->url;
        r.title = TitleOf(*link);
      }
      TakeCellLinks(page, row, taken);
      r.submitted = FindDateInText(Cell(row, c.submitted));
      r.replied = FindDateInText(Cell(row, c.replied));
      std::optional<Date> generic = FindDateInText(Cell(row, c.generic));
      if (!r.submitted && c.replied >= 0) {
        r.submitted = generic;
      } else if (!r.submitted) {
        r.listed = generic;
      }
      r.status = ShortStatus(Cell(row, c.status), s);
      r.replier = std::string(Utf8Prefix(Cell(row, c.replier), kMaxReplierBytes));
      r.type = std::string(Utf8Prefix(Cell(row, c.type), kMaxStatusBytes));
      if (!r.submitted && !r.replied && !r.listed && r.status.empty()) continue;
      labelled_records += (c.submitted >= 0 && r.submitted) || (c.replied >= 0 && r.replied);
      r.state = StateOfStatus(r.status, s);
      // A reply-date column left blank: not answered.
      if (r.state == ReplyState::kUnknown && c.replied >= 0 && !r.replied) r.state = ReplyState::kUnanswered;
      if (r.state == ReplyState::kUnanswered && !r.submitted && r.listed) r.submitted = r.listed;
      SettleState(&r, false, false);
      ApplyType(&r, s);
      out->push_back(std::move(r));
    }
  }
  return labelled_records;
}

// A list row outside tables: the anchor's line from its start, and the short lines below it up
// to the next line holding any link (the next row, or a table's row).
struct Row {
  const PageLink* link;
  size_t line_start;
  size_t anchor_pos;
  size_t limit;  // where the next linked line starts
};

std::vector<Row> RowsOf(const Page& page, const std::set<const PageLink*>& taken) {
  // The breadcrumb's links are navigation, whatever follows them.
  const std::vector<std::string>& crumbs = BreadcrumbStepsOf(page);
  std::vector<Row> rows;
  std::vector<size_t> linked_lines;
  std::string_view text = page.text;
  size_t cursor = 0;
  for (const PageLink& link : page.links) {
    if (link.anchor_text.empty()) continue;
    size_t pos = Find(text, link.anchor_text, cursor);
    if (pos == npos) {
      // A link around blocks (<a><div>标题</div><div>日期</div></a>): its text joins with
      // spaces what the page text puts on lines; its first part is found.
      std::string_view first = std::string_view(link.anchor_text).substr(0, link.anchor_text.find(' '));
      if (CodePoints(first) >= kMinTitleCodePoints) pos = Find(text, first, cursor);
    }
    if (pos == npos) continue;
    cursor = pos + link.anchor_text.size();
    size_t line_start;
    LineAt(text, pos, &line_start);
    if (linked_lines.empty() || linked_lines.back() != line_start) linked_lines.push_back(line_start);
    if (link.url.empty() || taken.count(&link) > 0 || CodePoints(link.anchor_text) < kMinTitleCodePoints ||
        std::find(crumbs.begin(), crumbs.end(), link.anchor_text) != crumbs.end()) {
      continue;
    }
    rows.push_back({&link, line_start, pos, text.size()});
  }
  for (Row& r : rows) {
    auto next = std::upper_bound(linked_lines.begin(), linked_lines.end(), r.line_start);
    if (next != linked_lines.end()) r.limit = *next;
  }
  return rows;
}

std::string_view RowText(std::string_view text, const Row& row) {
  size_t end = text.find('\n', row.anchor_pos);
  if (end == npos || end > row.limit) end = std::min(row.limit, text.size());
  for (size_t n = 1; n < kMaxRowLines && end < row.limit; ++n) {
    size_t next = text.find('\n', end + 1);
    if (next == npos) next = text.size();
    if (next > row.limit || next - end - 1 > kMaxRowLineBytes) break;
    end = next;
  }
  if (end < row.line_start) end = row.line_start;
  return text.substr(row.line_start, end - row.line_start);
}

std::optional<MessageRecord> ReadRow(std::string_view row_text, const PageLink& link, ChannelKind channel,
                                     const InteractionSettings& s, bool* labelled) {
  MessageRecord r;
  r.title = TitleOf(link);
  r.url = link.url;
  std::string rest(row_text);
  if (size_t at = rest.find(link.anchor_text); at != std::string::npos) rest.erase(at, link.anchor_text.size());
  *labelled = false;
  for (const LabelledValue& v : ScanLabels(rest, SetsOf(s))) {
    if (v.set == kSubmitted && !r.submitted) r.submitted = FindDateInText(v.value);
    if (v.set == kReplied && !r.replied) r.replied = FindDateInText(v.value);
    if (v.set == kStatus && r.status.empty()) r.status = ShortStatus(v.value, s);
    if (v.set == kReplier && r.replier.empty() && !FindDateInText(v.value)) {
      r.replier = std::string(Utf8Prefix(v.value, kMaxReplierBytes));
    }
    if (v.set == kType && r.type.empty()) r.type = std::string(Utf8Prefix(v.value, kMaxStatusBytes));
  }
  *labelled = r.submitted.has_value() || r.replied.has_value();
  if (r.status.empty()) {
    for (const std::vector<std::string>* words : {&s.invalid_words, &s.unanswered_words, &s.answered_words}) {
      if (const std::string* w = FirstIn(rest, *words)) {
        r.status = *w;
        break;
      }
    }
  }
  if (!*labelled) {
    std::vector<Date> dates = DatesIn(rest);
    // A link spanning the whole row (<a><div>标题</div>…<div>2026-05-06</div></a>): its dates
    // are in its text, after the title.
    if (dates.empty() && CodePoints(link.anchor_text) > kMinTitleCodePoints) {
      dates = DatesIn(std::string_view(link.anchor_text).substr(Utf8Prefix(link.anchor_text, 12).size()));
    }
    if (dates.size() >= 2 && dates[1] >= dates[0]) {
      r.submitted = dates[0];
      r.replied = dates[1];
    } else if (!dates.empty()) {
      r.listed = dates[0];
    }
  }
  const bool evidence = *labelled || !r.status.empty();
  if (!evidence && !(channel != ChannelKind::kNone && r.listed)) return std::nullopt;
  r.state = StateOfStatus(r.status, s);
  // A row dated once and not answered: the date it shows is the day it was sent.
  if (r.state == ReplyState::kUnanswered && !r.submitted && r.listed) r.submitted = r.listed;
  SettleState(&r, false, false);
  ApplyType(&r, s);
  return r;
}

// Returns how many rows carried labelled dates.
int ReadRows(const Page& page, ChannelKind channel, const InteractionSettings& s,
             const std::set<const PageLink*>& taken, std::vector<MessageRecord>* out) {
  const std::vector<Row> rows = RowsOf(page, taken);
  std::vector<MessageRecord> found;
  int labelled_rows = 0, status_rows = 0;
  for (size_t k = 0; k < rows.size(); ++k) {
    bool labelled = false;
    std::optional<MessageRecord> r = ReadRow(RowText(page.text, rows[k]), *rows[k].link, channel, s, &labelled);
    if (!r) continue;
    labelled_rows += labelled;
    status_rows += !r->status.empty();
    found.push_back(std::move(*r));
  }
  // Two rows at least, each with something only boards write (labels, statuses), unless the
  // page is a board's own column, whose dated rows are its messages.
  const bool board = channel != ChannelKind::kNone;
  const bool enough = board ? !found.empty() : (labelled_rows >= 2 || status_rows >= 2);
  if (!enough) return 0;
  for (MessageRecord& r : found) {
    if (board || !r.status.empty() || r.submitted || r.replied) out->push_back(std::move(r));
  }
  return labelled_rows;
}

}  // namespace

ChannelKind ChannelOfName(const std::string& name, const InteractionSettings& s) {
  if (name.empty()) return ChannelKind::kNone;
  if (FirstIn(name, s.excluded_words)) return ChannelKind::kExcluded;
  if (FirstIn(name, s.channel_words)) return ChannelKind::kConsultation;
  return ChannelKind::kNone;
}

ChannelKind ChannelOf(const Page& page, const InteractionSettings& s, std::string* name) {
  std::vector<std::string> names;
  if (!page.meta.column_name.empty()) names.push_back(page.meta.column_name);
  const std::vector<std::string>& steps = BreadcrumbStepsOf(page);
  names.insert(names.end(), steps.rbegin(), steps.rend());
  for (const std::string& part : TitleParts(page.html_title)) {
    if (part != page.title) names.push_back(part);
  }
  for (const std::string& n : names) {
    ChannelKind kind = ChannelOfName(n, s);
    if (kind == ChannelKind::kNone) continue;
    if (name != nullptr) *name = n;
    return kind;
  }
  return ChannelKind::kNone;
}

ReplyState StateOfStatus(const std::string& status, const InteractionSettings& s) {
  if (status.empty()) return ReplyState::kUnknown;
  if (FirstIn(status, s.invalid_words)) return ReplyState::kInvalid;
  if (FirstIn(status, s.unanswered_words)) return ReplyState::kUnanswered;
  if (FirstIn(status, s.answered_words)) return ReplyState::kAnswered;
  return ReplyState::kUnknown;
}

MessagePage ReadMessages(const Page& page, const InteractionSettings& s) {
  MessagePage out;
  out.channel = ChannelOf(page, s, &out.channel_name);
  std::set<const PageLink*> taken;
  std::vector<MessageRecord> listed;
  int labelled = ReadTables(page, out.channel, s, &taken, &listed);
  labelled += ReadRows(page, out.channel, s, taken, &listed);
  std::vector<LabelledValue> labels = ScanLabels(page.text, SetsOf(s));
  GridLabels(page, SetsOf(s), &labels);
  int dated_submissions = 0;
  for (const LabelledValue& v : labels) dated_submissions += v.set == kSubmitted && FindDateInText(v.value);
  // A message's own page signs its message once (twice with a follow-up question); a list of
  // labelled rows signs each row, and those rows are read above.
  if (dated_submissions >= 1 && dated_submissions <= 2 && labelled < 2) {
    if (std::optional<MessageRecord> r = ReadDetail(page, labels, s)) {
      out.detail = true;
      out.messages.push_back(std::move(*r));
      // Other messages listed beside it (最新信件): kept when they form a list.
      if (listed.size() < 2) listed.clear();
    }
  }
  if (!out.detail && listed.size() < 2 && out.channel == ChannelKind::kNone) listed.clear();
  for (MessageRecord& r : listed) out.messages.push_back(std::move(r));
  if (out.channel == ChannelKind::kNone && !out.messages.empty()) out.channel = ChannelKind::kConsultation;
  return out;
}

}  // namespace govaudit
