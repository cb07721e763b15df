// The veto verdict as report.html shows it and as findings.json's run.veto.
#include <nlohmann/json.hpp>

#include <sstream>

#include "assess/veto.h"
#include "report/report.h"

namespace govaudit::report {

std::string VetoHtml(const VetoSummary& summary) {
  std::ostringstream h;
  h << "<section id=\"veto\"><h2>单项否决指标</h2><p class=\"muted\">依据国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》"
    << "及国办发〔2017〕47号《政府网站发展指引》。出现任意一项不通过，网站即判定为不合格；以下为可由程序判定的部分，"
    << "其余指标（站点无法访问、互动回应差、服务不实用等）需人工核查。</p>"
    << "<p>总体结论：<strong id=\"veto-result\" style=\"color:"
    << (summary.needs_review() ? "var(--medium)" : summary.passed() ? "#1a7f37" : "var(--high)") << "\">"
    << (summary.needs_review() ? "存在需人工复核的单项否决问题"
        : summary.passed()     ? "未发现单项否决问题"
                               : "存在单项否决问题")
    << "</strong></p>";
  h << "<table class=\"veto\"><thead><tr><th>指标</th><th>否决条件</th><th>结果</th><th class=\"num\">问题数 / 阈值</th>"
    << "<th>依据的问题</th></tr></thead><tbody>";
  for (const VetoItem& item : summary.items) {
    h << "<tr data-veto=\"" << HtmlEscape(item.id) << "\" data-passed=\"" << (item.passed() ? "1" : "0") << "\""
      << (item.needs_review() ? " data-review=\"1\"" : "") << "><td>"
      << HtmlEscape(item.indicator) << "</td><td>" << HtmlEscape(item.criterion) << "</td><td style=\"white-space:nowrap\">"
      << (item.needs_review() ? "<span class=\"sev medium\">需人工复核</span>"
          : item.passed()     ? "<span class=\"sev\" style=\"background:#1a7f37\">通过</span>"
                              : "<span class=\"sev high\">不通过</span>")
      << "</td><td class=\"num\">" << item.count << " / " << item.threshold << "</td><td>";
    if (item.evidence.empty()) {
      h << "<span class=\"muted\">无</span>";
    } else {
      h << "<details><summary>" << item.evidence.size() << " 条（" << HtmlEscape(item.rules.front())
        << (item.rules.size() > 1 ? " 等" : "") << "）</summary><ul>";
      for (const VetoItem::Evidence& e : item.evidence) {
        h << "<li>" << HtmlEscape(e.text) << " <span class=\"url\">" << HtmlEscape(e.url) << "</span> <span class=\"muted\">编号 "
          << HtmlEscape(e.fingerprint) << "</span></li>";
      }
      h << "</ul></details>";
    }
    h << "</td></tr>";
  }
  h << "</tbody></table></section>";
  return h.str();
}

nlohmann::ordered_json VetoJson(const VetoSummary& summary) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const VetoItem& item : summary.items) {
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const VetoItem::Evidence& e : item.evidence) findings.push_back(e.fingerprint);
    items.push_back({{"id", item.id},
                     {"indicator", item.indicator},
                     {"criterion", item.criterion},
                     {"rules", item.rules},
                     {"count", item.count},
                     {"threshold", item.threshold},
                     {"passed", item.passed()},
                     {"needs_review", item.needs_review()},
                     {"to_review", item.to_review},
                     {"findings", findings}});
  }
  return {{"passed", summary.passed()}, {"needs_review", summary.needs_review()}, {"items", items}};
}

}  // namespace govaudit::report
