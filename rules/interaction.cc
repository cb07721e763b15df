// interaction.*: consultation channels (政务咨询, 领导信箱, 留言板 ...) that do not answer.
//
// Requirement: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“互动回应差”：没有
// 有效的网上咨询、建议渠道（网上信访、纪检举报渠道不计），或近 1 年内政务咨询类栏目存在有效
// 留言超过 3 个月未回应（在线访谈、意见征集、网上信访、举报类栏目除外）；扣分指标：留言答复
// 栏目 2 个月未更新，简单或常见咨询超过 5 个工作日未答复. Limits and words:
// config/site-checks.toml [interaction].
#include "rules/interaction.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/strings.h"
#include "common/url.h"
#include "page/list_items.h"
#include "rules/internal/families.h"

namespace govaudit {
namespace {

constexpr size_t kMaxChannelsListed = 5;

const char* kVetoRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“互动回应差”：近 1 年内政务咨询类栏目存在有效留言"
    "超过 3 个月未回应（在线访谈、意见征集、网上信访、举报类栏目除外）";
const char* kChannelRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“互动回应差”：没有有效的网上咨询、建议渠道"
    "（网上信访、纪检举报渠道不计）";
const char* kDeductionRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》扣分指标（互动交流）：留言答复栏目 2 个月未更新；"
    "简单或常见咨询超过 5 个工作日未答复";

std::optional<Date> DateOf(const std::string& iso) { return iso.empty() ? std::nullopt : ParseIsoDate(iso); }

// The rows of one message (its list row and its own page), joined.
BoardMessage JoinRows(const std::vector<const db::MessageRow*>& rows,
                      const std::map<std::string, db::BoardPageRow>& boards) {
  BoardMessage m;
  const db::MessageRow* own = nullptr;
  for (const db::MessageRow* r : rows) {
    if (!r->url.empty() && r->url == r->page_url) own = r;
  }
  m.url = rows.front()->url.empty() ? rows.front()->page_url : rows.front()->url;
  for (const db::MessageRow* r : rows) {
    // The list's title is the clean one; the message's own page may add the site's name.
    if (m.title.empty() || (r != own && own != nullptr && m.title == own->title)) m.title = r->title;
    auto board = boards.find(r->page_url);
    if (board != boards.end()) {
      if (m.channel_name.empty() || r != own) m.channel_name = board->second.channel_name;
      m.excluded = m.excluded || board->second.channel == "excluded";
    }
    m.excluded = m.excluded || r->excluded;
    if (m.page_url.empty() || r != own) m.page_url = r->page_url;
  }
  auto pick = [&](auto field) -> std::string {
    if (own != nullptr && !(own->*field).empty()) return own->*field;
    for (const db::MessageRow* r : rows) {
      if (!(r->*field).empty()) return r->*field;
    }
    return "";
  };
  m.submitted = DateOf(pick(&db::MessageRow::submitted));
  m.replied = DateOf(pick(&db::MessageRow::replied));
  m.state = pick(&db::MessageRow::state);
  m.status = pick(&db::MessageRow::status);
  if (m.replied && m.state != "invalid") m.state = "answered";
  for (const db::MessageRow* r : rows) {
    if (r->state == "invalid") m.state = "invalid";
  }
  if (!m.submitted && m.state == "unanswered") m.submitted = DateOf(pick(&db::MessageRow::listed));
  return m;
}

std::vector<BoardMessage> JoinMessages(const std::vector<db::MessageRow>& rows,
                                       const std::map<std::string, db::BoardPageRow>& boards) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const db::MessageRow*>> groups;
  for (const db::MessageRow& r : rows) {
    const std::string key = r.url.empty() ? r.page_url + "#" + r.title : r.url;
    if (groups[key].empty()) order.push_back(key);
    groups[key].push_back(&r);
  }
  std::vector<BoardMessage> out;
  for (const std::string& key : order) out.push_back(JoinRows(groups[key], boards));
  return out;
}

void StaleBoards(const std::vector<db::MessageRow>& rows, const std::map<std::string, db::BoardPageRow>& boards,
                 const Date& cutoff, std::vector<StaleBoard>* out) {
  std::map<std::string, std::optional<Date>> newest;
  for (const db::MessageRow& r : rows) {
    std::optional<Date>& n = newest[r.page_url];
    for (const std::string* d : {&r.submitted, &r.replied, &r.listed}) {
      std::optional<Date> date = DateOf(*d);
      if (date && (!n || *date > *n)) n = date;
    }
  }
  for (const auto& [url, date] : newest) {
    auto board = boards.find(url);
    if (board == boards.end() || board->second.detail || board->second.channel != "consultation" ||
        board->second.channel_name.empty() || IsLaterListPage(url)) {
      continue;
    }
    if (!date || *date < cutoff) out->push_back({url, board->second.channel_name, date});
  }
}

void FindChannels(db::Store& store, int64_t run_id, const std::vector<db::BoardPageRow>& boards,
                  const InteractionSettings& s, InteractionSummary* out) {
  for (const db::BoardPageRow& b : boards) {
    if (b.channel == "consultation" && out->channels.size() < kMaxChannelsListed) {
      out->channels.push_back((b.channel_name.empty() ? std::string("留言列表") : b.channel_name) + " " + b.url);
    }
  }
  std::set<std::string> seen;
  auto links_by_word = store.LinksWithAnyText(run_id, s.channel_words);
  if (!links_by_word.ok()) return;
  for (const std::vector<db::StoredLink>& links : *links_by_word) {
    for (const db::StoredLink& link : links) {
      if (ContainsAny(link.anchor_text, s.excluded_words) || !seen.insert(link.to_url).second) continue;
      auto status = store.PageStatus(run_id, link.to_url);
      const std::string line = link.anchor_text + " " + link.to_url;
      if (!status.ok() || !status->has_value()) {
        out->unverified_channels.push_back(line);
      } else if (**status >= 200 && **status < 400) {
        if (out->channels.size() < kMaxChannelsListed) out->channels.push_back(line);
      } else {
        out->broken_channels.push_back(
            line + "（" + (**status == 0 ? std::string("无法连接") : "HTTP " + std::to_string(**status)) + "）");
      }
    }
  }
}

void ReplyTimes(InteractionSummary* s, const std::vector<BoardMessage>& recent_timed) {
  std::vector<int> days;
  for (const BoardMessage& m : recent_timed) {
    days.push_back(m.reply_workdays);
    if (!s->slowest || m.reply_workdays > s->slowest->reply_workdays) s->slowest = m;
  }
  s->timed = static_cast<int>(days.size());
  if (days.empty()) return;
  std::sort(days.begin(), days.end());
  const size_t n = days.size();
  s->median_workdays = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
  const auto within = std::count_if(days.begin(), days.end(), [&](int d) { return d <= s->reply_workdays; });
  s->within_limit_percent = 100.0 * static_cast<double>(within) / static_cast<double>(n);
}

std::string MessageEvidence(const BoardMessage& m) {
  std::string e = "提交：" + (m.submitted ? m.submitted->ToIso() : std::string("—"));
  if (m.replied) e += "；答复：" + m.replied->ToIso();
  if (!m.status.empty()) e += "；状态：" + m.status;
  if (!m.channel_name.empty()) e += "；栏目：" + m.channel_name;
  if (m.page_url != m.url) e += "；读取自 " + m.page_url;
  return e;
}

class InteractionRule : public SiteRule {
 public:
  InteractionRule()
      : unanswered_(internal::MakeRuleInfo("interaction.unanswered", Severity::kHigh,
                                           "近 1 年内政务咨询类留言超过 3 个月未回应", kVetoRequirement)),
        no_channel_(internal::MakeRuleInfo("interaction.no_channel", Severity::kHigh,
                                           "没有可正常使用的网上咨询、建议渠道（领导信箱、在线咨询、留言板等）",
                                           kChannelRequirement)),
        unverified_(internal::MakeRuleInfo("interaction.channel_unverified", Severity::kLow,
                                           "咨询渠道链接指向站外，本次未能检查是否可用，需人工复核",
                                           kChannelRequirement)),
        slow_(internal::MakeRuleInfo("interaction.slow_reply", Severity::kLow, "留言超过 5 个工作日才答复",
                                     kDeductionRequirement)),
        stale_(internal::MakeRuleInfo("interaction.board_stale", Severity::kMedium, "留言答复栏目 2 个月未更新",
                                      kDeductionRequirement)) {}

  const RuleInfo& info() const override { return unanswered_; }
  std::vector<RuleInfo> extra() const { return {no_channel_, unverified_, slow_, stale_}; }

  void Check(db::Store& store, int64_t run_id, const RuleContext& context, std::vector<Finding>* out) const override {
    const InteractionSettings& settings = internal::SiteChecksOf(context).interaction;
    const WorkdayCalendar& calendar = context.calendar != nullptr ? *context.calendar : WorkdayCalendar::Builtin();
    auto summary = SummarizeInteraction(store, run_id, context.as_of, calendar, settings);
    if (!summary.ok()) return;
    for (const BoardMessage& m : summary->unanswered) {
      Finding f = Base(unanswered_, m);
      const Date limit = AddMonths(*m.submitted, settings.unanswered_months);
      f.message = m.replied ? "留言《" + m.title + "》于 " + m.submitted->ToIso() + " 提交，" + m.replied->ToIso() +
                                  " 才答复，超过 " + std::to_string(settings.unanswered_months) + " 个月未回应"
                            : "留言《" + m.title + "》于 " + m.submitted->ToIso() + " 提交，截至 " +
                                  context.as_of.ToIso() + " 超过 " + std::to_string(settings.unanswered_months) +
                                  " 个月未回复（应不晚于 " + limit.ToIso() + "）";
      out->push_back(std::move(f));
    }
    for (const BoardMessage& m : summary->slow) {
      Finding f = Base(slow_, m);
      f.message = "留言《" + m.title + "》于 " + m.submitted->ToIso() + " 提交，" + m.replied->ToIso() +
                  " 答复，用时 " + std::to_string(m.reply_workdays) + " 个工作日（超过 " +
                  std::to_string(settings.reply_workdays) + " 个工作日）";
      out->push_back(std::move(f));
    }
    for (const StaleBoard& b : summary->stale_boards) {
      Finding f = NewOf(stale_, b.url);
      f.title = b.name;
      f.message = "留言答复栏目“" + b.name + "”" +
                  (b.newest ? "最新留言日期为 " + b.newest->ToIso() + "，截至 " + context.as_of.ToIso() + " 超过 " +
                                  std::to_string(settings.board_stale_months) + " 个月未更新"
                            : "列出的留言均无日期，视为未更新");
      f.evidence = "栏目：" + b.name + (b.newest ? "；最新日期：" + b.newest->ToIso() : "");
      f.evidence_key = b.name;
      out->push_back(std::move(f));
    }
    CheckChannels(*summary, context, out);
  }

 private:
  static Finding NewOf(const RuleInfo& info, const std::string& url) {
    Finding f;
    f.rule_id = info.id;
    f.severity = info.severity;
    f.url = url;
    return f;
  }

  static Finding Base(const RuleInfo& info, const BoardMessage& m) {
    Finding f = NewOf(info, m.url);
    f.title = m.title;
    f.evidence = MessageEvidence(m);
    f.highlight = m.submitted ? m.submitted->ToIso() : "";
    // A message without a page of its own is told apart by its title on the list.
    f.evidence_key = m.url == m.page_url ? m.title : "";
    return f;
  }

  void CheckChannels(const InteractionSummary& s, const RuleContext& context, std::vector<Finding>* out) const {
    if (!s.channels.empty() || context.start_urls.empty()) return;
    const std::string home = NormalizeUrl(context.start_urls.front()).value_or(context.start_urls.front());
    if (!s.unverified_channels.empty()) {
      Finding f = NewOf(unverified_, home);
      f.message = "找到 " + std::to_string(s.unverified_channels.size()) +
                  " 个咨询渠道链接，但其目标在站外或本次未检查，无法确认渠道可用";
      f.evidence = Join(s.unverified_channels, "；");
      out->push_back(std::move(f));
      return;
    }
    Finding f = NewOf(no_channel_, home);
    if (s.broken_channels.empty()) {
      f.message = "全站未找到可用的网上咨询、建议渠道（领导信箱、在线咨询、留言板等；网上信访、纪检举报不计）";
      f.evidence = "检查了栏目名称、留言列表和链接文字";
    } else {
      f.message = "咨询渠道均无法打开：" + Join(s.broken_channels, "；");
      f.evidence = Join(s.broken_channels, "；");
    }
    out->push_back(std::move(f));
  }

  RuleInfo unanswered_, no_channel_, unverified_, slow_, stale_;
};

}  // namespace

Date AddMonths(const Date& d, int months) {
  int index = d.year * 12 + (d.month - 1) + months;
  Date out{index / 12, index % 12 + 1, d.day};
  while (!IsValidDate(out.year, out.month, out.day) && out.day > 28) --out.day;
  return out;
}

StatusOr<InteractionSummary> SummarizeInteraction(db::Store& store, int64_t run_id, const Date& as_of,
                                                  const WorkdayCalendar& calendar, const InteractionSettings& s) {
  InteractionSummary out;
  out.as_of = as_of;
  out.since = AddMonths(as_of, -s.lookback_months);
  out.unanswered_months = s.unanswered_months;
  out.reply_workdays = s.reply_workdays;
  out.board_stale_months = s.board_stale_months;
  ASSIGN_OR_RETURN(std::vector<db::BoardPageRow> board_rows, store.BoardPages(run_id));
  ASSIGN_OR_RETURN(std::vector<db::MessageRow> rows, store.Messages(run_id));
  std::map<std::string, db::BoardPageRow> boards;
  for (const db::BoardPageRow& b : board_rows) {
    boards[b.url] = b;
    out.boards += b.channel == "consultation";
  }
  std::vector<BoardMessage> timed;
  for (BoardMessage& m : JoinMessages(rows, boards)) {
    if (m.excluded || m.state == "invalid") continue;
    ++out.messages;
    if (!m.submitted || *m.submitted < out.since || *m.submitted > as_of) continue;
    ++out.recent;
    if (m.replied && *m.replied >= *m.submitted) {
      m.reply_workdays = calendar.WorkdaysBetween(*m.submitted, *m.replied).days;
    }
    const Date limit = AddMonths(*m.submitted, s.unanswered_months);
    const bool late = m.replied ? *m.replied > limit : (m.state == "unanswered" && as_of > limit);
    if (late) {
      out.unanswered.push_back(m);
    } else if (m.reply_workdays > s.reply_workdays) {
      out.slow.push_back(m);
    }
    if (m.reply_workdays >= 0) timed.push_back(m);
  }
  ReplyTimes(&out, timed);
  StaleBoards(rows, boards, AddMonths(as_of, -s.board_stale_months), &out.stale_boards);
  FindChannels(store, run_id, board_rows, s, &out);
  return out;
}

namespace internal {

void AddInteractionRules(RuleList* list) { AddSiteRuleWithExtras(list, std::make_unique<InteractionRule>()); }

}  // namespace internal
}  // namespace govaudit
