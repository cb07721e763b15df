// The veto verdict as report.html shows it and as findings.json's run.veto: the single-veto
// items row by row (不通过 / 需人工复核 / 未检查 / 通过, with the evidence), then the deduction
// items with their counts.
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "assess/veto.h"
#include "report/internal/output.h"
#include "report/report.h"

namespace govaudit::report {
namespace {

using internal::LinkTo;

const char* StatusColour(VetoStatus s) {
  switch (s) {
    case VetoStatus::kFailed:
      return "var(--high)";
    case VetoStatus::kReview:
      return "var(--medium)";
    case VetoStatus::kNotChecked:
      return "#6e7781";
    case VetoStatus::kPassed:
      return "#1a7f37";
  }
  return "#6e7781";
}

std::string Badge(VetoStatus s) {
  return "<span class=\"sev\" style=\"background:" + std::string(StatusColour(s)) + "\">" +
         std::string(VetoStatusLabel(s)) + "</span>";
}

std::string EvidenceList(const std::vector<VetoEvidence>& evidence, size_t total) {
  if (evidence.empty()) return "";
  std::ostringstream h;
  h << "<details><summary>" << total << " 条问题</summary><ul>";
  for (const VetoEvidence& e : evidence) {
    h << "<li>" << (e.confirmed ? "<b>已确认</b> " : "") << HtmlEscape(e.text) << " <span class=\"url\">"
      << LinkTo(e.url, e.url) << "</span> <span class=\"muted\">" << HtmlEscape(e.rule) << " 编号 "
      << HtmlEscape(e.fingerprint) << "</span></li>";
  }
  h << "</ul></details>";
  return h.str();
}

void WriteRows(const VetoSummary& summary, std::ostream& h) {
  h << "<table class=\"veto\"><thead><tr><th>否决项</th><th>判定条件</th><th>结论</th><th class=\"num\">数量 / "
       "阈值</th>"
    << "<th>依据与说明</th></tr></thead><tbody>";
  std::map<std::string, int> rows_of_item;
  for (const VetoRow& row : summary.rows) ++rows_of_item[row.spec.item];
  std::string current;
  for (const VetoRow& row : summary.rows) {
    h << "<tr data-veto=\"" << HtmlEscape(row.spec.id) << "\" data-status=\"" << VetoStatusId(row.status) << "\">";
    if (row.spec.item != current) {
      current = row.spec.item;
      h << "<td rowspan=\"" << rows_of_item[current] << "\"><b>" << HtmlEscape(current) << "</b></td>";
    }
    h << "<td>" << HtmlEscape(row.spec.criterion);
    if (!row.spec.reading.empty()) h << "<div class=\"muted\">" << HtmlEscape(row.spec.reading) << "</div>";
    h << "</td><td style=\"white-space:nowrap\">" << Badge(row.status) << "</td><td class=\"num\">" << row.count;
    if (row.pending > 0) h << "（+" << row.pending << " 待确认）";
    h << " / " << row.spec.threshold << "</td><td>" << HtmlEscape(row.note)
      << EvidenceList(row.evidence, row.evidence.size()) << "</td></tr>";
  }
  h << "</tbody></table>";
}

void WriteDeductions(const VetoSummary& summary, std::ostream& h) {
  h << "<h3 id=\"deductions\">扣分项</h3><p class=\"muted\">以下为扣分指标（不单项否决）中本次检查发现的问题数；"
    << "扣分分值以各地考核细则为准。</p><table class=\"deductions\"><thead><tr><th>类别</th><th>扣分项</th>"
    << "<th class=\"num\">问题数</th><th>规则</th><th>问题</th></tr></thead><tbody>";
  for (const DeductionRow& d : summary.deductions) {
    std::string rules;
    for (const std::string& r : d.spec.rules) rules += (rules.empty() ? "" : "、") + r;
    h << "<tr data-deduction=\"" << HtmlEscape(d.spec.id) << "\" data-count=\"" << d.count << "\"><td>"
      << HtmlEscape(d.spec.group) << "</td><td>" << HtmlEscape(d.spec.name) << "</td>"
      << (d.count == 0 ? "<td class=\"num zero\">0</td>" : "<td class=\"num\">" + std::to_string(d.count) + "</td>")
      << "<td class=\"muted\">" << HtmlEscape(rules) << "</td><td>"
      << (d.count > 0 ? EvidenceList(d.evidence, static_cast<size_t>(d.count)) : "") << "</td></tr>";
  }
  h << "</tbody></table>";
}

}  // namespace

std::string VetoHtml(const VetoSummary& summary) {
  std::ostringstream h;
  const VetoStatus overall = summary.overall();
  h << "<section id=\"veto\"><h2>单项否决指标</h2><p "
       "class=\"muted\">依据国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》。"
    << "任意一项“不通过”，网站即判定为不合格。“需人工复核”的项目依据词典或启发式匹配得出，须在问题清单中确认"
    << "（govaudit triage set 编号 acknowledged）后才计为不通过；“未检查”表示缺少判定所需的数据，不代表通过。</p>"
    << "<p>总体结论：<strong id=\"veto-result\" data-verdict=\"" << VetoStatusId(overall)
    << "\" style=\"color:" << StatusColour(overall) << "\">" << HtmlEscape(summary.Verdict()) << "</strong></p>";
  WriteRows(summary, h);
  WriteDeductions(summary, h);
  h << "</section>";
  return h.str();
}

nlohmann::ordered_json VetoJson(const VetoSummary& summary) {
  auto fingerprints = [](const std::vector<VetoEvidence>& evidence) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const VetoEvidence& e : evidence) out.push_back(e.fingerprint);
    return out;
  };
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const VetoRow& row : summary.rows) {
    items.push_back({{"id", row.spec.id},
                     {"item", row.spec.item},
                     {"criterion", row.spec.criterion},
                     {"status", VetoStatusId(row.status)},
                     {"status_label", VetoStatusLabel(row.status)},
                     {"count", row.count},
                     {"pending", row.pending},
                     {"threshold", row.spec.threshold},
                     {"rules", row.spec.rules},
                     {"review_rules", row.spec.review_rules},
                     {"note", row.note},
                     {"reading", row.spec.reading},
                     {"findings", fingerprints(row.evidence)}});
  }
  nlohmann::ordered_json deductions = nlohmann::ordered_json::array();
  for (const DeductionRow& d : summary.deductions) {
    deductions.push_back({{"id", d.spec.id},
                          {"group", d.spec.group},
                          {"name", d.spec.name},
                          {"rules", d.spec.rules},
                          {"count", d.count},
                          {"findings", fingerprints(d.evidence)}});
  }
  return {{"verdict", VetoStatusId(summary.overall())},
          {"passed", summary.passed()},
          {"summary", summary.Verdict()},
          {"items", items},
          {"deductions", deductions}};
}

}  // namespace govaudit::report
