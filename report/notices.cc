// Rectification notices (整改通知书), one printable HTML file per responsible department, and
// the summary sheet an inspector files with them. Laid out for A4 paper: the print styles are
// what matters (the browser test prints them to PDF).
#include <filesystem>
#include <sstream>

#include "common/date.h"
#include "report/internal/output.h"
#include "report/report.h"

namespace govaudit::report {
namespace {

constexpr const char* kStyle = R"CSS(
body{margin:0 auto;max-width:1100px;padding:16px 24px;font:15px/1.7 "FangSong","STFangsong","Noto Serif CJK SC","Noto Sans CJK SC","WenQuanYi Micro Hei",serif;color:#000}
h1{text-align:center;font-size:26px;letter-spacing:4px;margin:8px 0}.number{text-align:center;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:10px 0}th,td{border:1px solid #000;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}
th{background:#eee;white-space:nowrap}td.num,th.num{text-align:right}.url{word-break:break-all}.muted{color:#444;font-size:12px}
.evidence{font-family:"Noto Sans Mono CJK SC",ui-monospace,monospace;word-break:break-all;background:#f4f4f4}mark{background:#ffe08a}
.sev{display:inline-block;padding:0 6px;border:1px solid #000;border-radius:8px;font-size:12px;white-space:nowrap}.sev.veto{background:#f6c6c3}
.rule-name{white-space:nowrap}.deadline{font-weight:bold}.sign{text-align:right;margin-top:32px;line-height:2}.reply td{height:2.2em}
@page{size:A4;margin:18mm 15mm}
@media print{body{max-width:none;padding:0;font-size:12pt}thead{display:table-header-group}tr{break-inside:avoid}
h1,h2{break-after:avoid}.reply{break-before:page}a{color:#000;text-decoration:none}
.sev,mark,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)CSS";

std::string Head(const std::string& title) {
  return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
         "</title><style>" + kStyle + "</style></head><body>";
}

std::string Counts(const Notice& n) {
  return "否决项 " + std::to_string(n.by_grade[0]) + " 个、扣分项 " + std::to_string(n.by_grade[1]) + " 个、提示 " +
         std::to_string(n.by_grade[2]) + " 个";
}

std::string DeadlineText(const Notice& n) {
  return n.deadline.ToIso() + (n.deadline_uncertain ? "（超出工作日历覆盖年份，仅按周末计算，请核对）" : "");
}

void WriteItems(const Notice& n, std::ostream& h) {
  h << "<table class=\"items\"><thead><tr><th class=\"num\">序号</th><th>编号</th><th>类别</th><th>问题</th><th>页面</th>"
    << "<th>说明与证据</th><th>检查依据</th></tr></thead><tbody>";
  int index = 0;
  for (const NoticeItem& item : n.items) {
    const db::StoredFinding& sf = *item.finding;
    const Finding& f = sf.finding;
    h << "<tr class=\"item\" data-id=\"" << HtmlEscape(sf.fingerprint) << "\" data-rule=\"" << HtmlEscape(f.rule_id)
      << "\"><td class=\"num\">" << ++index << "</td><td style=\"white-space:nowrap\">"
      << HtmlEscape(ShortId(sf.fingerprint)) << "</td><td>" << internal::GradeBadge(item.grade) << "</td><td>"
      << "<span class=\"rule-name\">" << HtmlEscape(item.rule_name) << "</span><div class=\"muted\">" << HtmlEscape(f.rule_id) << "</div></td><td class=\"url\">"
      << (f.title.empty() ? "" : "<div>" + HtmlEscape(f.title) + "</div>") << HtmlEscape(f.url) << "</td><td>"
      << HtmlEscape(f.message);
    if (!f.evidence.empty()) h << "<div class=\"evidence\">" << internal::Highlighted(f.evidence, f.highlight) << "</div>";
    if (!f.location.empty()) h << "<div class=\"muted\">位置：" << HtmlEscape(f.location) << "</div>";
    if (!item.basis.empty()) h << "<div class=\"muted\">责任认定：" << HtmlEscape(item.basis) << "</div>";
    h << "</td><td class=\"muted\">" << HtmlEscape(item.requirement) << "</td></tr>";
  }
  h << "</tbody></table>";
}

std::string NoticeHtml(const NoticePlan& plan, const Notice& n) {
  std::ostringstream h;
  h << Head("整改通知书 - " + n.department);
  h << "<h1>政府网站问题整改通知书</h1><p class=\"number\" id=\"number\">" << HtmlEscape(n.number) << "</p>";
  h << "<p><b id=\"department\">" << HtmlEscape(n.department) << "</b>：</p>";
  h << "<p>根据对“" << HtmlEscape(plan.site) << "”的检查（检查基准日 " << HtmlEscape(plan.as_of) << "，第 " << plan.run_id
    << " 次运行），你单位负责发布的页面存在以下 <b id=\"count\">" << n.items.size() << "</b> 个问题（" << Counts(n)
    << "）。请对照检查依据逐项整改，并于 <span class=\"deadline\" id=\"deadline\">" << HtmlEscape(DeadlineText(n))
    << "</span> 前（" << n.workdays << " 个工作日内，按国家法定节假日和调休安排计算）将整改情况书面回复。</p>";
  if (n.by_grade[0] > 0) {
    h << "<p><b>其中否决项属单项否决指标（国办秘函〔2019〕19号），出现即可判定网站不合格，请优先整改。</b></p>";
  }
  WriteItems(n, h);
  h << "<p class=\"muted\">证据：每条问题的页面快照（抓取时间、内容哈希）保存在检查报告的 snapshots 文件夹；"
    << "也可运行 govaudit show 编号 --db 检查数据库 查看。</p>";
  h << "<section class=\"reply\"><h2>整改情况回复</h2><p>责任单位：" << HtmlEscape(n.department) << "　　通知编号："
    << HtmlEscape(n.number) << "</p><table><thead><tr><th>编号</th><th>整改情况</th><th>完成日期</th></tr></thead><tbody>";
  for (const NoticeItem& item : n.items) {
    h << "<tr><td style=\"white-space:nowrap\">" << HtmlEscape(ShortId(item.finding->fingerprint))
      << "</td><td style=\"width:65%\"></td><td></td></tr>";
  }
  h << "</tbody></table><p class=\"sign\">经办人：__________　　负责人：__________<br>（盖章）　　年　　月　　日</p></section>";
  h << "<p class=\"sign\">" << HtmlEscape(plan.sender) << "<br>" << HtmlEscape(plan.date.ToIso()) << "</p></body></html>\n";
  return h.str();
}

std::string SummaryHtml(const NoticePlan& plan) {
  std::ostringstream h;
  h << Head("整改通知汇总 - " + plan.site);
  h << "<h1>整改通知汇总表</h1><p class=\"number\">" << HtmlEscape(plan.site) << "　检查基准日 " << HtmlEscape(plan.as_of)
    << "　第 " << plan.run_id << " 次运行　通知日期 " << HtmlEscape(plan.date.ToIso()) << "</p>";
  h << "<table id=\"summary\"><thead><tr><th class=\"num\">序号</th><th>责任部门</th><th>通知编号</th>"
    << "<th class=\"num\">问题数</th><th class=\"num\">否决项</th><th class=\"num\">扣分项</th><th class=\"num\">提示</th>"
    << "<th>回复期限</th><th>通知书</th></tr></thead><tbody>";
  int index = 0;
  std::array<int, 3> total = {0, 0, 0};
  for (const Notice& n : plan.notices) {
    h << "<tr class=\"notice\" data-department=\"" << HtmlEscape(n.department) << "\"><td class=\"num\">" << ++index
      << "</td><td>" << HtmlEscape(n.department) << "</td><td>" << HtmlEscape(n.number) << "</td><td class=\"num\">"
      << n.items.size() << "</td>";
    for (int g = 0; g < 3; ++g) {
      h << "<td class=\"num\">" << n.by_grade[g] << "</td>";
      total[g] += n.by_grade[g];
    }
    h << "<td>" << HtmlEscape(DeadlineText(n)) << "（" << n.workdays << " 个工作日）</td><td><a href=\""
      << HtmlEscape(n.file) << "\">" << HtmlEscape(n.file) << "</a></td></tr>";
  }
  h << "</tbody><tfoot><tr><th></th><th>合计</th><th></th><th class=\"num\">" << plan.open_findings << "</th>";
  for (int g = 0; g < 3; ++g) h << "<th class=\"num\">" << total[g] << "</th>";
  h << "<th></th><th></th></tr></tfoot></table>";
  h << "<p class=\"muted\">责任部门按页面的“发布机构”、“来源”（为政府部门时）、配置中的网址前缀或栏目确定；"
    << "无法确定的由网站主办单位负责。已标记为误报的 " << plan.dismissed << " 个问题未列入通知。";
  if (plan.not_rechecked > 0) {
    h << "<span id=\"not-rechecked\">另有 " << plan.not_rechecked
      << " 个问题本次未能复查（所在页面本次未能读取），仍未整改，未列入通知，待下次检查复查。</span>";
  }
  h << "回复期限按工作日计算，遇法定节假日顺延。</p>";
  h << "<p class=\"sign\">" << HtmlEscape(plan.sender) << "</p></body></html>\n";
  return h.str();
}

nlohmann::ordered_json PlanJson(const NoticePlan& plan) {
  nlohmann::ordered_json notices = nlohmann::ordered_json::array();
  for (const Notice& n : plan.notices) {
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const NoticeItem& item : n.items) {
      const db::StoredFinding& sf = *item.finding;
      findings.push_back({{"id", sf.fingerprint},
                          {"short_id", ShortId(sf.fingerprint)},
                          {"rule", sf.finding.rule_id},
                          {"rule_name", item.rule_name},
                          {"grade", FindingClassLabel(item.grade)},
                          {"url", sf.finding.url},
                          {"basis", item.basis}});
    }
    notices.push_back({{"department", n.department},
                       {"number", n.number},
                       {"file", n.file},
                       {"date", n.date.ToIso()},
                       {"deadline", n.deadline.ToIso()},
                       {"workdays", n.workdays},
                       {"deadline_uncertain", n.deadline_uncertain},
                       {"counts", {{"veto", n.by_grade[0]}, {"deduction", n.by_grade[1]}, {"notice", n.by_grade[2]}}},
                       {"findings", std::move(findings)}});
  }
  return {{"site", plan.site},
          {"run", plan.run_id},
          {"as_of", plan.as_of},
          {"date", plan.date.ToIso()},
          {"open_findings", plan.open_findings},
          {"dismissed", plan.dismissed},
          {"not_rechecked", plan.not_rechecked},
          {"notices", std::move(notices)}};
}

}  // namespace

Status WriteNotices(const NoticePlan& plan, const std::string& out_dir) {
  RETURN_IF_ERROR(internal::CreateOutputFolder(out_dir));
  const std::filesystem::path dir(out_dir);
  for (const Notice& n : plan.notices) RETURN_IF_ERROR(internal::WriteFile((dir / n.file).string(), NoticeHtml(plan, n)));
  RETURN_IF_ERROR(internal::WriteFile((dir / "index.html").string(), SummaryHtml(plan)));
  return internal::WriteFile((dir / "notices.json").string(), internal::JsonDump(PlanJson(plan)) + "\n");
}

}  // namespace govaudit::report
