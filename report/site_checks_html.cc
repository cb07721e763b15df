#include <cstdio>
#include <sstream>

#include "report/internal/output.h"
#include "report/internal/site_checks.h"

namespace govaudit::report::internal {
namespace {

std::string Percent(double p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", p);
  return buf;
}

std::string Number(double d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, d == static_cast<int>(d) ? "%.0f" : "%.1f", d);
  return buf;
}

// "2026-11-20T03:00:00Z" → "2026-11-20 03:00 UTC".
std::string Time(const std::string& iso) {
  return iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC" : iso;
}

void AvailabilityHtml(const AvailabilitySummary& a, std::ostream& h) {
  h << "<section id=\"availability\"><h2>可用性监测（近 " << a.window_days << " 天）</h2>";
  h << "<p class=\"muted\">监测时段 " << HtmlEscape(Time(a.from)) << " 至 " << HtmlEscape(Time(a.to))
    << "。由 govaudit probe 定时探测（超过 15 秒未打开即为失败）；19号文要求监测 1 周、每天不少于 "
    << a.min_probes_per_day << " 次，失败率达到 " << Number(a.max_failure_percent) << "% 即单项否决。</p>";
  if (a.urls.empty()) {
    h << "<p id=\"availability-none\">没有探测记录：请用 <code>govaudit probe --config …</code> 每 30 分钟探测一次"
      << "（见 docs/operations.md），满 1 周后报告可判定“站点无法访问”。</p></section>";
    return;
  }
  h << "<p>首页探测 <b>" << a.probes << "</b> 次，失败 <b>" << a.failures << "</b> 次，失败率 <b>"
    << Percent(a.failure_percent) << "</b>；最长中断 " << HtmlEscape(DurationText(a.longest_outage_s));
  if (!a.outage_from.empty()) {
    h << "（" << HtmlEscape(Time(a.outage_from)) << " 起"
      << (a.outage_to.empty() ? "，至时段结束未恢复" : "，" + HtmlEscape(Time(a.outage_to)) + " 恢复") << "）";
  }
  if (a.days_short > 0) {
    h << "。<b>探测不足</b>：有 " << a.days_short << " 天少于 " << a.min_probes_per_day << " 次，不作判定（未检查）";
  }
  h << "。</p><table id=\"probes\" class=\"sortable\"><thead><tr><th>页面</th><th>类型</th><th class=\"num\">探测</th>"
    << "<th class=\"num\">失败</th><th class=\"num\">失败率</th><th class=\"num\">探测不足的天数</th><th>最长中断</th>"
    << "<th>最近一次失败</th></tr></thead><tbody>";
  for (const AvailabilityOfUrl& u : a.urls) {
    h << "<tr><td class=\"url\">" << LinkTo(u.url, u.url) << "</td><td>" << (u.key_page ? "关键页面" : "首页")
      << "</td><td class=\"num\">" << u.probes << "</td><td class=\"num\">" << u.failures << "</td><td class=\"num\">"
      << Percent(u.failure_percent) << "</td><td class=\"num\">" << u.days_short << "</td><td>"
      << HtmlEscape(DurationText(u.longest_outage_s)) << "</td><td>" << HtmlEscape(u.last_error) << "</td></tr>";
  }
  h << "</tbody></table></section>";
}

void MessageRows(const std::vector<BoardMessage>& messages, std::ostream& h) {
  h << "<table class=\"sortable\"><thead><tr><th>留言</th><th>提交</th><th>答复</th><th>状态</th><th>栏目</th></tr>"
    << "</thead><tbody>";
  for (const BoardMessage& m : messages) {
    h << "<tr><td class=\"url\">" << LinkTo(m.url, m.title) << "</td><td>" << (m.submitted ? m.submitted->ToIso() : "")
      << "</td><td>" << (m.replied ? m.replied->ToIso() : "未答复")
      << (m.reply_workdays >= 0 ? "（" + std::to_string(m.reply_workdays) + " 个工作日）" : "") << "</td><td>"
      << HtmlEscape(m.status) << "</td><td>" << HtmlEscape(m.channel_name) << "</td></tr>";
  }
  h << "</tbody></table>";
}

void InteractionHtml(const InteractionSummary& s, std::ostream& h) {
  h << "<section id=\"interaction\"><h2>互动交流</h2><p>读取到政务咨询类栏目页面 " << s.boards << " 个、有效留言 "
    << s.messages << " 条，其中近 1 年（" << s.since.ToIso() << " 起）提交 " << s.recent << " 条。";
  if (s.timed > 0) {
    h << "有答复日期的 " << s.timed << " 条：答复用时中位数 <b>" << Number(s.median_workdays) << "</b> 个工作日，"
      << s.reply_workdays << " 个工作日内答复的占 <b>" << Percent(s.within_limit_percent) << "</b>";
    if (s.slowest) {
      h << "，最慢的是《" << HtmlEscape(s.slowest->title) << "》（" << s.slowest->reply_workdays << " 个工作日）";
    }
    h << "。";
  }
  h << "</p><p>咨询渠道：";
  if (!s.channels.empty()) {
    for (size_t i = 0; i < s.channels.size(); ++i) h << (i ? "；" : "") << HtmlEscape(s.channels[i]);
  } else {
    h << "<b>未找到可用的咨询渠道</b>";
  }
  h << "</p>";
  if (!s.unanswered.empty()) {
    h << "<h3>超过 " << s.unanswered_months << " 个月未回应的留言（" << s.unanswered.size() << "）</h3>";
    MessageRows(s.unanswered, h);
  }
  if (!s.slow.empty()) {
    h << "<details><summary>超过 " << s.reply_workdays << " 个工作日才答复的留言（" << s.slow.size() << "）</summary>";
    MessageRows(s.slow, h);
    h << "</details>";
  }
  for (const StaleBoard& b : s.stale_boards) {
    h << "<p class=\"stale-board\">留言答复栏目“" << HtmlEscape(b.name) << "”"
      << (b.newest ? "最新日期 " + b.newest->ToIso() : std::string("没有带日期的留言")) << "，超过 "
      << s.board_stale_months << " 个月未更新：" << LinkTo(b.url, b.url) << "</p>";
  }
  h << "</section>";
}

void ServiceHtml(const ServiceSummary& s, std::ostream& h) {
  h << "<section id=\"service\"><h2>办事服务</h2>";
  if (!s.required) {
    h << "<p>按配置，本网站无对外服务职能，办事服务不作检查。</p></section>";
    return;
  }
  h << "<p>读取到办事指南 " << s.guides.size() << " 个：要素齐全 " << s.complete << " 个，缺少 " << s.missing_elements
    << " 项及以上要素的 " << s.unusable << " 个。办事服务入口："
    << (s.entries.empty() ? std::string("未找到") : HtmlEscape(s.entries.front()) + (s.entries.size() > 1 ? " 等" : ""))
    << "。</p>";
  if (!s.guides.empty()) {
    h << "<table id=\"guides\" class=\"sortable\"><thead><tr><th>办事指南</th><th class=\"num\">缺少要素</th>"
      << "<th>缺少</th></tr></thead><tbody>";
    for (const db::GuideRow& g : s.guides) {
      std::string missing;
      for (const std::string& m : g.missing) missing += (missing.empty() ? "" : "、") + m;
      h << "<tr><td class=\"url\">" << LinkTo(g.url, g.title.empty() ? g.url : g.title) << "</td><td class=\"num\">"
        << g.missing.size() << "</td><td>" << HtmlEscape(missing) << "</td></tr>";
    }
    h << "</tbody></table>";
  }
  h << "</section>";
}

nlohmann::ordered_json MessageJson(const BoardMessage& m) {
  return {{"url", m.url},
          {"title", m.title},
          {"submitted", m.submitted ? m.submitted->ToIso() : ""},
          {"replied", m.replied ? m.replied->ToIso() : ""},
          {"status", m.status},
          {"channel", m.channel_name},
          {"reply_workdays", m.reply_workdays}};
}

}  // namespace

std::string SiteChecksHtml(const RunAssessment& data) {
  std::ostringstream h;
  if (data.availability) AvailabilityHtml(*data.availability, h);
  if (data.interaction) InteractionHtml(*data.interaction, h);
  if (data.service) ServiceHtml(*data.service, h);
  return h.str();
}

void AddSiteChecksJson(const RunAssessment& data, nlohmann::ordered_json* run) {
  if (data.availability) {
    const AvailabilitySummary& a = *data.availability;
    nlohmann::ordered_json urls = nlohmann::ordered_json::array();
    for (const AvailabilityOfUrl& u : a.urls) {
      urls.push_back({{"url", u.url},
                      {"key_page", u.key_page},
                      {"probes", u.probes},
                      {"failures", u.failures},
                      {"failure_percent", u.failure_percent},
                      {"days_short", u.days_short},
                      {"longest_outage_s", u.longest_outage_s}});
    }
    (*run)["availability"] = {{"from", a.from},
                              {"to", a.to},
                              {"probes", a.probes},
                              {"failures", a.failures},
                              {"failure_percent", a.failure_percent},
                              {"longest_outage_s", a.longest_outage_s},
                              {"days_short", a.days_short},
                              {"judged", a.judged()},
                              {"urls", urls}};
  }
  if (data.interaction) {
    const InteractionSummary& s = *data.interaction;
    nlohmann::ordered_json unanswered = nlohmann::ordered_json::array();
    for (const BoardMessage& m : s.unanswered) unanswered.push_back(MessageJson(m));
    (*run)["interaction"] = {{"boards", s.boards},
                             {"messages", s.messages},
                             {"recent", s.recent},
                             {"timed", s.timed},
                             {"median_reply_workdays", s.median_workdays},
                             {"within_limit_percent", s.within_limit_percent},
                             {"slowest", s.slowest ? MessageJson(*s.slowest) : nlohmann::ordered_json()},
                             {"unanswered", unanswered},
                             {"slow", s.slow.size()},
                             {"channels", s.channels}};
  }
  if (data.service) {
    const ServiceSummary& s = *data.service;
    (*run)["service"] = {{"required", s.required},
                         {"guides", s.guides.size()},
                         {"complete", s.complete},
                         {"unusable", s.unusable},
                         {"entries", s.entries}};
  }
}

}  // namespace govaudit::report::internal
