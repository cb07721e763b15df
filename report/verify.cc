// The results of `govaudit verify`: one row per citizen's report with its status, evidence and
// the working days it has been waiting, as verify.html (for people), verify.csv and verify.json.
#include <filesystem>
#include <map>
#include <sstream>

#include "report/internal/output.h"
#include "report/report.h"

namespace govaudit::report {
namespace {

constexpr const char* kStyle = R"CSS(
body{margin:0;font:15px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:#1f2328}
header{background:#8b1a1a;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0}
main{padding:12px 24px}table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top;font-size:14px}
th{background:#f6f8fa;white-space:nowrap}td.num{text-align:right}.url{word-break:break-all}.muted{color:#57606a;font-size:13px}
.evidence{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa;word-break:break-all}mark{background:#ffe08a}
.st{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;white-space:nowrap}.st.confirmed{background:#b3261e}
.st.fixed{background:#1a7f37}.st.not_reproduced{background:#57606a}.st.manual{background:#b26a00}.overdue{color:#b3261e;font-weight:bold}
.cards{display:flex;gap:12px;margin:12px 0}.card{border:1px solid #d0d7de;border-radius:8px;padding:6px 14px}.card b{display:block;font-size:22px}
@media print{header{background:#fff;color:#000;border-bottom:2px solid #000}thead{display:table-header-group}tr{break-inside:avoid}
.st{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)CSS";

constexpr ReportStatus kStatuses[] = {ReportStatus::kConfirmed, ReportStatus::kManual, ReportStatus::kFixed,
                                      ReportStatus::kNotReproduced};

std::string Reported(const CitizenReport& r) { return r.reported ? r.reported->ToIso() : r.reported_text; }

std::string Html(const VerifyRun& run) {
  std::map<ReportStatus, int> counts;
  for (const VerifiedReport& v : run.reports) counts[v.verdict.status]++;
  std::ostringstream h;
  h << "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>网民找错复查结果 - "
    << HtmlEscape(run.site) << "</title><style>" << kStyle << "</style></head><body><header><h1>“我为政府网站找错”网民报告复查结果</h1><p>站点："
    << HtmlEscape(run.site) << " ｜ 复查日期：" << HtmlEscape(run.as_of.ToIso()) << " ｜ 办理时限："
    << run.deadline_workdays << " 个工作日 ｜ 输入：" << HtmlEscape(run.input) << "</p></header><main><div class=\"cards\">";
  for (ReportStatus s : kStatuses) {
    h << "<div class=\"card\" id=\"count-" << ReportStatusId(s) << "\"><b>" << counts[s] << "</b>" << ReportStatusLabel(s)
      << "</div>";
  }
  h << "</div><table id=\"reports\"><thead><tr><th>行</th><th>编号</th><th>网址</th><th>问题类型</th><th>描述</th>"
    << "<th>报告日期</th><th>已过工作日</th><th>办理期限</th><th>复查结果</th><th>说明与证据</th><th>跟踪编号</th></tr></thead><tbody>";
  for (const VerifiedReport& v : run.reports) {
    const CitizenReport& r = v.report;
    const ReportVerdict& d = v.verdict;
    h << "<tr class=\"report\" data-status=\"" << ReportStatusId(d.status) << "\" data-line=\"" << r.line << "\"><td class=\"num\">"
      << r.line << "</td><td>" << HtmlEscape(r.id) << "</td><td class=\"url\">" << HtmlEscape(r.url) << "</td><td>"
      << HtmlEscape(r.type_text) << "</td><td>" << HtmlEscape(r.description) << "</td><td>" << HtmlEscape(Reported(r))
      << "</td><td class=\"num\">" << (d.deadline ? std::to_string(d.workdays_elapsed) : "") << "</td><td"
      << (d.overdue ? " class=\"overdue\"" : "") << ">" << (d.deadline ? HtmlEscape(d.deadline->ToIso()) : "")
      << (d.overdue ? "（已超期）" : "") << "</td><td><span class=\"st " << ReportStatusId(d.status) << "\">"
      << ReportStatusLabel(d.status) << "</span></td><td>" << HtmlEscape(d.reason);
    if (!d.evidence.empty()) h << "<div class=\"evidence\">" << internal::Highlighted(d.evidence, d.highlight) << "</div>";
    if (!d.location.empty()) h << "<div class=\"muted\">位置：" << HtmlEscape(d.location) << "</div>";
    h << "</td><td>" << (v.fingerprint.empty() ? "" : HtmlEscape(ShortId(v.fingerprint))) << "</td></tr>";
  }
  h << "</tbody></table><p class=\"muted\">已确认的报告记为问题（citizen.*），与检查发现的问题一同跟踪（govaudit triage、"
    << "govaudit show 跟踪编号）。已过工作日自报告日期次日起按国家法定节假日和调休安排计算。</p></main></body></html>\n";
  return h.str();
}

std::string Csv(const VerifyRun& run) {
  std::string out = "\xEF\xBB\xBF";
  out += "编号,行,网址,问题类型,描述,报告日期,已过工作日,办理期限,是否超期,复查结果,说明,证据,位置,跟踪编号\r\n";
  for (const VerifiedReport& v : run.reports) {
    const CitizenReport& r = v.report;
    const ReportVerdict& d = v.verdict;
    const std::vector<std::string> fields = {r.id,
                                             std::to_string(r.line),
                                             r.url,
                                             r.type_text,
                                             r.description,
                                             Reported(r),
                                             d.deadline ? std::to_string(d.workdays_elapsed) : "",
                                             d.deadline ? d.deadline->ToIso() : "",
                                             d.overdue ? "是" : "否",
                                             std::string(ReportStatusLabel(d.status)),
                                             d.reason,
                                             d.evidence,
                                             d.location,
                                             v.fingerprint.empty() ? "" : ShortId(v.fingerprint)};
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + internal::CsvField(fields[i]);
    out += "\r\n";
  }
  return out;
}

std::string Json(const VerifyRun& run) {
  nlohmann::ordered_json reports = nlohmann::ordered_json::array();
  std::map<std::string, int> counts;
  for (const VerifiedReport& v : run.reports) {
    const CitizenReport& r = v.report;
    const ReportVerdict& d = v.verdict;
    counts[std::string(ReportStatusId(d.status))]++;
    reports.push_back({{"line", r.line},
                       {"id", r.id},
                       {"url", r.url},
                       {"type", r.type_text},
                       {"type_class", ReportTypeLabel(r.type)},
                       {"description", r.description},
                       {"reported", Reported(r)},
                       {"status", ReportStatusId(d.status)},
                       {"status_label", ReportStatusLabel(d.status)},
                       {"reason", d.reason},
                       {"evidence", d.evidence},
                       {"location", d.location},
                       {"workdays_elapsed", d.deadline ? nlohmann::ordered_json(d.workdays_elapsed) : nlohmann::ordered_json()},
                       {"deadline", d.deadline ? nlohmann::ordered_json(d.deadline->ToIso()) : nlohmann::ordered_json()},
                       {"overdue", d.overdue},
                       {"finding", v.fingerprint.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(v.fingerprint)}});
  }
  nlohmann::ordered_json doc = {{"site", run.site},
                                {"run", run.run_id},
                                {"input", run.input},
                                {"as_of", run.as_of.ToIso()},
                                {"deadline_workdays", run.deadline_workdays},
                                {"counts", counts},
                                {"reports", std::move(reports)}};
  return internal::JsonDump(std::move(doc)) + "\n";
}

}  // namespace

Status WriteVerify(const VerifyRun& run, const std::string& out_dir) {
  RETURN_IF_ERROR(internal::CreateOutputFolder(out_dir));
  const std::filesystem::path dir(out_dir);
  RETURN_IF_ERROR(internal::WriteFile((dir / "verify.html").string(), Html(run)));
  RETURN_IF_ERROR(internal::WriteFile((dir / "verify.csv").string(), Csv(run)));
  return internal::WriteFile((dir / "verify.json").string(), Json(run));
}

}  // namespace govaudit::report
