// report.html: one self-contained file for inspectors (no external CSS, JS, fonts or
// images), Chinese interface. Every string from a crawled page goes through HtmlEscape.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "assess/wording.h"
#include "common/date.h"
#include "report/internal/output.h"
#include "report/internal/site_checks.h"
#include "report/report.h"
#include "report/scorecard.h"

namespace govaudit::report {

std::string HtmlEscape(std::string_view raw) {
  return internal::EscapeGatedHtml(internal::Safe(raw));  // the output gate first, then HTML
}

namespace internal {

std::string EscapeGatedHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace internal

namespace {

using internal::Highlighted;
using internal::LinkTo;
using internal::StatusLabel;

// The sort key of a finding's grade column: the grade first, then the severity within it.
int GradeKey(const Finding& f) { return static_cast<int>(ClassOf(f)) * 3 + static_cast<int>(f.severity); }

// A rule as tables show it: its Chinese name, the id beside it in small print.
std::string RuleCell(const std::string& id) {
  return HtmlEscape(RuleName(id)) + "<div class=\"muted\">" + HtmlEscape(id) + "</div>";
}


constexpr const char* kStyle = R"CSS(
:root{--high:#b3261e;--medium:#b26a00;--low:#3b6ea8;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:15px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:var(--ink);background:#fff}
header{background:#8b1a1a;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.9}
main{padding:16px 24px;max-width:1400px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px;background:var(--bg)}
.card b{display:block;font-size:24px}.card.high b{color:var(--high)}.card.medium b{color:var(--medium)}.card.low b{color:var(--low)}
h2{font-size:18px;border-left:4px solid #8b1a1a;padding-left:8px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);white-space:nowrap}table.sortable th{cursor:pointer;user-select:none}th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
.sev{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;font-size:13px;white-space:nowrap}.sev.high,.sev.veto{background:var(--high)}.sev.medium,.sev.deduction{background:var(--medium)}.sev.low,.sev.notice{background:var(--low)}
.new{background:#1a7f37;color:#fff;border-radius:10px;padding:0 6px;font-size:12px;margin-left:4px}
.evidence{font-family:ui-monospace,Menlo,Consolas,monospace;background:var(--bg);padding:2px 4px;word-break:break-all}
mark{background:#ffe08a}.muted{color:var(--muted);font-size:13px}.url{word-break:break-all}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:8px;background:var(--bg);border:1px solid var(--line);border-radius:8px}
.filters select,.filters input{font:inherit;padding:4px 6px}.rulehead{background:#fff7e6}
details{margin:8px 0}summary{cursor:pointer;font-weight:bold}
.requirement{font-size:13px;color:var(--muted)}svg text{font-size:12px;fill:var(--ink)}
#findings tr.finding>td:first-child,#findings td:nth-child(5),#findings td:nth-child(6){white-space:nowrap}#findings td.url{min-width:220px;max-width:340px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.zero{color:var(--muted)}
.tasks td:first-child{white-space:nowrap}.tasks .quote{font-size:13px;color:var(--muted)}
.filters button{font:inherit;padding:3px 10px}#no-match{padding:12px;border:1px dashed var(--line);color:var(--muted)}
@media print{.filters,#regroup,#no-match{display:none}thead{display:table-header-group}h2{break-after:avoid}
.sev,.new,.card{-webkit-print-color-adjust:exact;print-color-adjust:exact}header{background:#fff;color:#000;border-bottom:2px solid #000}a{color:#000;text-decoration:none}details{display:block}details>*{display:block}tr{break-inside:avoid}}
)CSS";

constexpr const char* kScript = R"JS(
(function(){
  var byId=function(id){return document.getElementById(id)};
  var list=byId('findings'),body=list.tBodies[0];
  var original=[].slice.call(body.rows);
  var rows=original.filter(function(r){return r.classList.contains('finding')});
  var heads=original.filter(function(r){return r.classList.contains('rulehead')});
  // Filters live in the URL hash (#rule=link.broken&grade=veto&status=open&q=text), so a link
  // can share a filtered view and the task table can point into the list.
  var fields={rule:'f-rule',grade:'f-grade',status:'f-status',q:'f-text'};
  var written=null;
  function readHash(){
    var params={};
    location.hash.replace(/^#/,'').split('&').forEach(function(part){
      var i=part.indexOf('=');
      if(i<=0)return;
      try{params[decodeURIComponent(part.slice(0,i))]=decodeURIComponent(part.slice(i+1).replace(/\+/g,' '))}catch(e){}
    });
    Object.keys(fields).forEach(function(k){
      var el=byId(fields[k]),v=params[k]||'';
      if(el.tagName==='SELECT'&&v&&![].some.call(el.options,function(o){return o.value===v})){
        var o=document.createElement('option');o.value=v;o.textContent=v;el.appendChild(o);
      }
      el.value=v;
    });
  }
  function writeHash(){
    var parts=[];
    Object.keys(fields).forEach(function(k){var v=byId(fields[k]).value;if(v)parts.push(k+'='+encodeURIComponent(v))});
    written=parts.length?'#'+parts.join('&'):'';
    if(location.hash!==written)location.replace(written||'#');
  }
  function apply(){
    var rule=byId('f-rule').value,grade=byId('f-grade').value,st=byId('f-status').value,q=byId('f-text').value.trim().toLowerCase();
    var shown=0,perRule={};
    rows.forEach(function(r){
      var ok=(!rule||r.dataset.rule===rule)&&(!grade||r.dataset.grade===grade)&&(!st||r.dataset.status===st)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
      r.style.display=ok?'':'none';
      if(ok){shown++;perRule[r.dataset.rule]=1}
    });
    var grouped=!list.classList.contains('sorted');
    heads.forEach(function(h){h.style.display=grouped&&perRule[h.dataset.rule]?'':'none'});
    byId('shown').textContent=shown;
    byId('no-match').style.display=shown||!rows.length?'none':'';
  }
  function onInput(){apply();writeHash()}
  Object.keys(fields).forEach(function(k){var el=byId(fields[k]);el.addEventListener('input',onInput);el.addEventListener('change',onInput)});
  window.addEventListener('hashchange',function(){
    if(location.hash===written)return;
    readHash();apply();
    byId('list').scrollIntoView();
  });
  function cellKey(row,i){var c=row.cells[i];return c?(c.dataset.key||c.textContent).trim():''}
  [].forEach.call(document.querySelectorAll('table.sortable'),function(table){
    if(!table.tHead||!table.tBodies.length)return;
    var ths=[].slice.call(table.tHead.rows[0].cells);
    ths.forEach(function(th){
      th.tabIndex=0;
      function sort(){
        var i=th.cellIndex,asc=!th.classList.contains('sorted-asc'),tb=table.tBodies[0];
        ths.forEach(function(h){h.classList.remove('sorted-asc','sorted-desc');h.removeAttribute('aria-sort')});
        th.classList.add(asc?'sorted-asc':'sorted-desc');
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        // Group header rows span the table; sorting orders the findings only.
        var items=[].slice.call(tb.rows).filter(function(r){return !r.classList.contains('rulehead')});
        items.sort(function(a,b){return cellKey(a,i).localeCompare(cellKey(b,i),'zh-CN',{numeric:true})*(asc?1:-1)});
        items.forEach(function(r){tb.appendChild(r)});
        if(table===list){list.classList.add('sorted');byId('regroup').hidden=false;apply()}
      }
      th.addEventListener('click',sort);
      th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sort()}});
    });
  });
  byId('regroup').addEventListener('click',function(){
    original.forEach(function(r){body.appendChild(r)});
    list.classList.remove('sorted');
    [].forEach.call(list.tHead.rows[0].cells,function(h){h.classList.remove('sorted-asc','sorted-desc');h.removeAttribute('aria-sort')});
    byId('regroup').hidden=true;
    apply();
  });
  // Printing shows every collapsed section (referrers, dismissed findings).
  var closed=[];
  window.addEventListener('beforeprint',function(){closed=[].filter.call(document.querySelectorAll('details'),function(d){return !d.open});closed.forEach(function(d){d.open=true})});
  window.addEventListener('afterprint',function(){closed.forEach(function(d){d.open=false});closed=[]});
  readHash();
  apply();
  document.body.dataset.ready='1';
})();
)JS";

// "2026-11-26T15:18:03Z" → "2026-11-26 23:18 北京时间"; anything else unchanged.
std::string ShowTime(const std::string& iso) { return BeijingTime(iso); }

std::string BarChart(const std::map<std::string, int>& counts) {
  if (counts.empty()) return "<p class=\"muted\">没有待整改的问题。</p>";
  int max = 1;
  for (const auto& [rule, n] : counts) max = std::max(max, n);
  const int row_h = 22, label_w = 220, bar_w = 420;
  std::ostringstream svg;
  int height = static_cast<int>(counts.size()) * row_h + 10;
  svg << "<svg role=\"img\" aria-label=\"按规则统计的待整改问题\" width=\"" << label_w + bar_w + 60 << "\" height=\""
      << height << "\" xmlns=\"http://www.w3.org/2000/svg\">";
  int y = 5;
  for (const auto& [rule, n] : counts) {
    int w = std::max(2, n * bar_w / max);
    svg << "<text x=\"0\" y=\"" << y + 15 << "\"><title>" << HtmlEscape(rule) << "</title>" << HtmlEscape(RuleName(rule))
        << "</text>";
    svg << "<rect x=\"" << label_w << "\" y=\"" << y + 3 << "\" width=\"" << w << "\" height=\"" << row_h - 6
        << "\" fill=\"#8b1a1a\"></rect>";
    svg << "<text x=\"" << label_w + w + 6 << "\" y=\"" << y + 15 << "\">" << n << "</text>";
    y += row_h;
  }
  svg << "</svg>";
  return svg.str();
}

std::string TrendChart(const std::vector<db::RunTrendPoint>& trend) {
  if (trend.size() < 2) return "<p class=\"muted\">历史运行不足两次，暂无趋势。</p>";
  const int w = 640, h = 160, pad = 30;
  int64_t max = 1;
  for (const auto& p : trend) max = std::max(max, p.open_findings);
  std::ostringstream svg;
  svg << "<svg role=\"img\" aria-label=\"最近运行的待整改问题趋势\" width=\"" << w << "\" height=\"" << h
      << "\" xmlns=\"http://www.w3.org/2000/svg\"><polyline fill=\"none\" stroke=\"#8b1a1a\" stroke-width=\"2\" points=\"";
  for (size_t i = 0; i < trend.size(); ++i) {
    int x = pad + static_cast<int>(i * (w - 2 * pad) / (trend.size() - 1));
    int y = h - pad - static_cast<int>(trend[i].open_findings * (h - 2 * pad) / max);
    svg << x << "," << y << " ";
  }
  svg << "\"></polyline>";
  svg << "<line x1=\"" << pad << "\" y1=\"" << h - pad << "\" x2=\"" << w - pad << "\" y2=\"" << h - pad
      << "\" stroke=\"#d0d7de\"></line><text x=\"0\" y=\"" << pad + 4 << "\">" << max << "</text><text x=\"0\" y=\""
      << h - pad + 4 << "\">0</text>";
  for (size_t i = 0; i < trend.size(); ++i) {
    int x = pad + static_cast<int>(i * (w - 2 * pad) / (trend.size() - 1));
    int y = h - pad - static_cast<int>(trend[i].open_findings * (h - 2 * pad) / max);
    svg << "<circle cx=\"" << x << "\" cy=\"" << y << "\" r=\"3\" fill=\"#8b1a1a\"><title>第" << trend[i].run_id
        << "次运行 " << HtmlEscape(trend[i].date) << "：" << trend[i].open_findings << "</title></circle>";
    if (trend.size() <= 15) {
      svg << "<text x=\"" << x - 4 << "\" y=\"" << y - 8 << "\">" << trend[i].open_findings << "</text>";
    }
  }
  svg << "<text x=\"" << pad << "\" y=\"" << h - 8 << "\">" << HtmlEscape(trend.front().date) << "</text>";
  svg << "<text x=\"" << w - pad - 70 << "\" y=\"" << h - 8 << "\">" << HtmlEscape(trend.back().date) << "</text>";
  svg << "</svg>";
  return svg.str();
}

// Task numbers named in a rule's task field ("33", "11、30", "任务19").
std::vector<int> TaskNumbers(const std::string& task) {
  std::vector<int> out;
  int value = -1;
  for (char c : task + ' ') {
    if (c >= '0' && c <= '9') {
      value = (value < 0 ? 0 : value * 10) + (c - '0');
    } else if (value >= 0) {
      if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
      value = -1;
    }
  }
  return out;
}

struct TaskRow {
  std::set<std::string> rules;
  int open = 0;
  int high = 0;
  int fresh = 0;
  int dismissed = 0;
};

std::string Count(int n) {
  return n == 0 ? "<td class=\"num zero\" data-key=\"0\">0</td>"
                : "<td class=\"num\" data-key=\"" + std::to_string(n) + "\">" + std::to_string(n) + "</td>";
}

// Findings per task of the work points' task table. A rule may count against several tasks;
// its findings then count in each. Rules without a task form the last row.
std::string TaskTable(const RunAssessment& data, const std::set<std::string>& fresh) {
  std::map<std::string, std::vector<int>> tasks_of_rule;
  std::map<int, TaskRow> rows;
  for (const RuleDescription& r : data.rules) {
    tasks_of_rule[r.id] = TaskNumbers(r.task);
    for (int n : tasks_of_rule[r.id]) rows[n].rules.insert(r.id);
  }
  TaskRow unmapped;
  for (const db::StoredFinding& sf : data.findings) {
    std::vector<TaskRow*> targets;
    auto it = tasks_of_rule.find(sf.finding.rule_id);
    if (it != tasks_of_rule.end()) {
      for (int n : it->second) targets.push_back(&rows[n]);
    }
    if (targets.empty()) {
      targets.push_back(&unmapped);
      unmapped.rules.insert(sf.finding.rule_id);
    }
    for (TaskRow* row : targets) {
      if (IsDismissed(sf)) {
        row->dismissed++;
        continue;
      }
      row->open++;
      if (sf.finding.severity == Severity::kHigh) row->high++;
      if (fresh.count(sf.fingerprint)) row->fresh++;
    }
  }
  if (rows.empty() && unmapped.rules.empty()) return "<p class=\"muted\">规则未对应工作要点任务。</p>";
  std::map<int, const TaskDescription*> titles;
  for (const TaskDescription& t : data.tasks) {
    if (auto n = TaskNumbers(t.number); n.size() == 1) titles[n[0]] = &t;
  }
  std::ostringstream h;
  h << "<table id=\"tasks\" class=\"sortable tasks\"><thead><tr><th>序号</th><th>重点任务</th><th>检查规则</th>"
    << "<th class=\"num\">待整改</th><th class=\"num\">其中高严重度</th><th class=\"num\">新发现</th>"
    << "<th class=\"num\">已标记误报</th></tr></thead><tbody>";
  auto rule_links = [](const std::set<std::string>& rules) {
    std::string out;
    for (const auto& id : rules) {
      // The list reads its filters from the hash, so each rule links to its own findings.
      out += (out.empty() ? "" : "<br>") + std::string("<a href=\"#rule=") + HtmlEscape(id) + "\" title=\"" +
             HtmlEscape(id) + "\">" + HtmlEscape(RuleName(id)) + "</a>";
    }
    return out;
  };
  auto counts = [](const TaskRow& row) {
    return Count(row.open) + Count(row.high) + Count(row.fresh) + Count(row.dismissed);
  };
  for (const auto& [number, row] : rows) {
    auto title = titles.find(number);
    h << "<tr data-task=\"" << number << "\"><td data-key=\"" << number << "\">任务 " << number << "</td><td>";
    if (title != titles.end()) {
      h << HtmlEscape(title->second->title);
      if (!title->second->quote.empty()) h << "<div class=\"quote\">" << HtmlEscape(title->second->quote) << "</div>";
    }
    h << "</td><td>" << rule_links(row.rules) << "</td>" << counts(row) << "</tr>";
  }
  if (!unmapped.rules.empty()) {
    h << "<tr data-task=\"\"><td data-key=\"999\">—</td><td>无对应任务<div class=\"quote\">依据国家政府网站检查指标等，"
      << "不属于工作要点任务分工</div></td><td>" << rule_links(unmapped.rules) << "</td>" << counts(unmapped) << "</tr>";
  }
  h << "</tbody></table><p class=\"muted\">序号为工作要点附件任务分工中的序号。一条规则可对应多项任务，其问题在每项任务中各计一次；"
    << "只列出有检查规则对应的任务，其余任务需人工核查。</p>";
  return h.str();
}

// The counts of one run's findings that the report shows.
struct Tally {
  std::set<std::string> fresh;                       // new since the previous run
  std::map<std::string, RuleDescription> rules;      // by id
  std::vector<const db::StoredFinding*> main_list;   // not dismissed
  std::vector<const db::StoredFinding*> dismissed;
  std::map<std::string, int> open_by_rule;
  int by_grade[3] = {0, 0, 0};  // 否决项, 扣分项, 提示
};

Tally TallyOf(const RunAssessment& data) {
  Tally t;
  t.fresh.insert(data.new_fingerprints.begin(), data.new_fingerprints.end());
  for (const auto& r : data.rules) t.rules[r.id] = r;
  for (const auto& sf : data.findings) {
    if (IsDismissed(sf)) {
      t.dismissed.push_back(&sf);
      continue;
    }
    t.main_list.push_back(&sf);
    t.open_by_rule[sf.finding.rule_id]++;
    t.by_grade[static_cast<int>(ClassOf(sf.finding))]++;
  }
  return t;
}

// Rows of rule, page and message, for the lists beside the main one (fixed, not re-checked).
void WriteFindingRows(const std::vector<db::StoredFinding>& findings, std::string_view row_attributes,
                      std::ostream& h) {
  for (const auto& sf : findings) {
    h << "<tr" << row_attributes << "><td>" << RuleCell(sf.finding.rule_id) << "</td><td class=\"url\">"
      << LinkTo(sf.finding.url, sf.finding.url) << "</td><td>" << HtmlEscape(sf.finding.message) << "</td></tr>";
  }
}

void WriteHead(const RunAssessment& data, std::ostream& h) {
  h << "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    << "<title>政务网站检查报告 - " << HtmlEscape(data.run.site) << "</title><style>" << kStyle << "</style></head><body>";
  h << "<header><h1>政务网站检查报告</h1><p>站点：" << HtmlEscape(data.run.site) << " ｜ 检查基准日："
    << HtmlEscape(data.run.as_of) << " ｜ 第 " << data.run.id << " 次运行，开始于 " << HtmlEscape(ShowTime(data.run.started_at))
    << (data.run.complete ? "" : " ｜ <strong>本次检查未完整完成（" + HtmlEscape(data.run.stop_reason) +
                                      "），不据此判定已整改</strong>")
    << "</p></header><main>";
  if (!data.failure.empty()) {
    h << "<section id=\"run-failed\"><h2>本次检查失败</h2><p><strong>" << HtmlEscape(data.failure)
      << "</strong></p><p>起始页没有提供可检查的完整页面，本次运行不判定任何问题已整改。";
    if (data.last_complete) {
      h << "以下 " << data.not_rechecked.size() << " 条为上次完整检查（第 " << data.last_complete->id
        << " 次运行）发现、本次未复查的问题。</p><table><thead><tr><th>规则</th><th>页面</th><th>问题</th></tr>"
        << "</thead><tbody>";
      WriteFindingRows(data.not_rechecked, " class=\"not-rechecked\"", h);
      h << "</tbody></table>";
    } else {
      h << "</p>";
    }
    h << "</section>";
  }
}

void WriteCards(const RunAssessment& data, const Tally& t, std::ostream& h) {
  const auto& by_grade = t.by_grade;
  const auto& fresh = t.fresh;
  h << "<h2>概况</h2><div class=\"cards\">"
    << "<div class=\"card\"><b>" << data.run.pages << "</b>抓取页面</div>"
    << "<div class=\"card\"><b>" << data.run.fetch_errors << "</b>抓取错误</div>"
    << "<div class=\"card high\"><b id=\"count-veto\">" << by_grade[0] << "</b>否决项</div>"
    << "<div class=\"card medium\"><b id=\"count-deduction\">" << by_grade[1] << "</b>扣分项</div>"
    << "<div class=\"card low\"><b id=\"count-notice\">" << by_grade[2] << "</b>提示</div>"
    << "<div class=\"card\"><b id=\"count-new\">" << fresh.size() << "</b>新发现（较上次）</div>"
    << "<div class=\"card\"><b id=\"count-fixed\">" << data.fixed.size() << "</b>已整改（较上次）</div>";
  if (data.failure.empty() && !data.not_rechecked.empty()) {
    h << "<div class=\"card\"><b id=\"count-not-rechecked\">" << data.not_rechecked.size()
      << "</b><a href=\"#not-rechecked\">未能复查</a></div>";
  }
  if (data.attachments_not_inspected > 0) {
    h << "<div class=\"card\"><b>" << data.attachments_not_inspected << "</b>附件未能检查</div>";
  }
  h << "</div>";
  h << "<p class=\"muted\">上次运行："
    << (data.previous ? "第 " + std::to_string(data.previous->id) + " 次，" + HtmlEscape(ShowTime(data.previous->started_at))
                      : std::string("无"))
    << "</p>";

}

// Where the finding's evidence is archived and who must fix it, under its evidence.
void WriteEvidenceLinks(const RunAssessment& data, const db::StoredFinding& sf, std::ostream& h) {
  if (auto who = data.responsible.find(sf.fingerprint); who != data.responsible.end()) {
    h << "<div class=\"muted\">责任部门：" << HtmlEscape(who->second.department) << "（" << HtmlEscape(who->second.basis)
      << "）</div>";
  }
  if (auto snap = data.snapshots.find(sf.fingerprint); snap != data.snapshots.end()) {
    const EvidenceSnapshot& e = snap->second;
    h << "<div class=\"muted snapshot\"><a href=\"" << HtmlEscape(e.file) << "#f-" << HtmlEscape(ShortId(sf.fingerprint))
      << "\">页面快照</a>（抓取于 " << HtmlEscape(BeijingTime(e.fetched_at)) << "，SHA-256 "
      << HtmlEscape(e.sha256.substr(0, 16)) << "…）</div>";
  }
}

// One finding's row of the main list.
void WriteFindingRow(const RunAssessment& data, const db::StoredFinding* sf, const Tally& t, std::ostream& h) {
  const std::set<std::string>& fresh = t.fresh;
  const Finding& f = sf->finding;
  const FindingClass grade = ClassOf(f);
  h << "<tr class=\"finding\" data-rule=\"" << HtmlEscape(f.rule_id) << "\" data-severity=\"" << SeverityName(f.severity)
    << "\" data-grade=\"" << FindingClassId(grade) << "\" data-status=\"" << HtmlEscape(sf->status) << "\" id=\"f-"
    << HtmlEscape(sf->fingerprint) << "\">";
  h << "<td data-key=\"" << GradeKey(f) << "\">" << internal::GradeBadge(grade)
    << (fresh.count(sf->fingerprint) ? "<span class=\"new\">新</span>" : "") << "</td>";
  h << "<td data-key=\"" << HtmlEscape(f.rule_id) << "\">" << RuleCell(f.rule_id) << "</td>";
  h << "<td class=\"url\">" << (f.title.empty() ? "" : "<div>" + HtmlEscape(f.title) + "</div>")
    << LinkTo(f.url, f.url) << "</td>";
  h << "<td>" << HtmlEscape(f.message);
  if (!f.evidence.empty()) h << "<div class=\"evidence\">" << Highlighted(f.evidence, f.highlight) << "</div>";
  if (!f.location.empty()) h << "<div class=\"muted\">位置：" << HtmlEscape(f.location) << "</div>";
  if (!f.page_kind_reasons.empty()) {
    h << "<div class=\"muted\">页面判定依据：" << HtmlEscape(f.page_kind_reasons) << "</div>";
  }
  if (!f.referrers.empty()) {
    h << "<details><summary>来源页面（" << f.referrers.size() << "）</summary><ul>";
    for (const auto& ref : f.referrers) h << "<li class=\"url\">" << LinkTo(ref, ref) << "</li>";
    h << "</ul></details>";
  }
  WriteEvidenceLinks(data, *sf, h);
  h << "<div class=\"muted\">编号 <b class=\"short-id\" title=\"" << HtmlEscape(sf->fingerprint) << "\">"
    << HtmlEscape(ShortId(sf->fingerprint)) << "</b></div></td>";
  h << "<td data-key=\"" << HtmlEscape(sf->status) << "\">" << StatusLabel(sf->status)
    << (sf->status_note.empty() ? "" : "<div class=\"muted\">" + HtmlEscape(sf->status_note) + "</div>") << "</td>";
  h << "<td data-key=\"" << HtmlEscape(sf->first_seen_at) << "\">" << HtmlEscape(ShowTime(sf->first_seen_at).substr(0, 10))
    << "</td></tr>";
}

// The filters and the main list, grouped by rule.
void WriteFindingList(const RunAssessment& data, const Tally& t, std::ostream& h) {
  const auto& main_list = t.main_list;
  // Filters and the main list, grouped by rule.
  std::set<std::string> rule_ids;
  for (const auto* sf : main_list) rule_ids.insert(sf->finding.rule_id);
  h << "<h2 id=\"list\">问题清单</h2><div class=\"filters\"><label>规则 <select id=\"f-rule\"><option value=\"\">全部</option>";
  for (const auto& id : rule_ids) {
    h << "<option value=\"" << HtmlEscape(id) << "\">" << HtmlEscape(RuleName(id)) << "（" << HtmlEscape(id) << "）</option>";
  }
  h << "</select></label><label>类别 <select id=\"f-grade\"><option value=\"\">全部</option>";
  for (FindingClass c : {FindingClass::kVeto, FindingClass::kDeduction, FindingClass::kNotice}) {
    h << "<option value=\"" << FindingClassId(c) << "\">" << FindingClassLabel(c) << "</option>";
  }
  h << "</select></label>"
    << "<label>状态 <select id=\"f-status\"><option value=\"\">全部</option><option value=\"open\">待整改</option>"
    << "<option value=\"acknowledged\">已确认</option><option value=\"fixed\">已整改</option></select></label>"
    << "<label>搜索 <input id=\"f-text\" type=\"search\" placeholder=\"网址、标题、说明…\"></label>"
    << "<span>显示 <b id=\"shown\">" << main_list.size() << "</b> / " << main_list.size() << " 条</span>"
    << "<button id=\"regroup\" type=\"button\" hidden>恢复按规则分组</button></div>";
  h << "<table id=\"findings\" class=\"sortable\"><thead><tr><th>类别</th><th>问题</th><th>页面</th><th>问题与证据</th>"
    << "<th>状态</th><th>首次发现</th></tr></thead><tbody>";
  std::string current_rule;
  std::vector<const db::StoredFinding*> sorted = main_list;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    if (a->finding.rule_id != b->finding.rule_id) return a->finding.rule_id < b->finding.rule_id;
    return a->finding.url < b->finding.url;
  });
  for (const auto* sf : sorted) {
    const Finding& f = sf->finding;
    if (f.rule_id != current_rule) {
      current_rule = f.rule_id;
      auto it = t.rules.find(f.rule_id);
      const RuleDescription r = it == t.rules.end() ? RuleDescription{} : it->second;
      h << "<tr class=\"rulehead\" data-rule=\"" << HtmlEscape(f.rule_id) << "\"><td colspan=\"6\"><b>"
        << HtmlEscape(RuleName(f.rule_id)) << "</b> <span class=\"muted\">" << HtmlEscape(f.rule_id) << "</span> "
        << HtmlEscape(r.description) << " <span class=\"muted\">（"
        << t.open_by_rule.at(f.rule_id) << " 条）</span><div class=\"requirement\">依据：" << HtmlEscape(r.requirement)
        << (r.task.empty() ? "" : "；工作要点任务 " + HtmlEscape(r.task)) << "</div></td></tr>";
    }
    WriteFindingRow(data, sf, t, h);
  }
  h << "</tbody></table>";
  h << "<p id=\"no-match\" style=\"display:none\">没有符合筛选条件的问题。</p>";
  if (main_list.empty()) h << "<p class=\"muted\">本次检查未发现待整改问题。</p>";

}

// Fixed, dismissed and uninspected: what the main list leaves out, said so.
void WriteOtherLists(const RunAssessment& data, const Tally& t, std::ostream& h) {
  const auto& dismissed = t.dismissed;
  if (!data.fixed.empty()) {
    h << "<h2>已整改（上次有、本次未再发现）</h2><table><thead><tr><th>规则</th><th>页面</th><th>问题</th></tr></thead><tbody>";
    WriteFindingRows(data.fixed, "", h);
    h << "</tbody></table>";
  }
  if (data.failure.empty() && !data.not_rechecked.empty()) {
    h << "<section id=\"not-rechecked\"><h2>未能复查（上次有、本次未再发现，但所在页面本次未能读取）</h2><p>"
      << "这些页面本次抓取失败、无法检查，或因其他页面未能读取而未被访问到，不判定为已整改，下次完整检查时再复查。</p>"
      << "<table><thead><tr><th>规则</th><th>页面</th><th>问题</th></tr></thead><tbody>";
    WriteFindingRows(data.not_rechecked, " class=\"not-rechecked\"", h);
    h << "</tbody></table></section>";
  }
  h << "<details id=\"dismissed\"><summary>已标记为误报的问题（" << dismissed.size() << "）</summary><table><thead><tr>"
    << "<th>问题</th><th>页面</th><th>说明</th><th>备注</th><th>编号</th></tr></thead><tbody>";
  for (const auto* sf : dismissed) {
    h << "<tr class=\"dismissed\" data-id=\"" << HtmlEscape(sf->fingerprint) << "\"><td>" << RuleCell(sf->finding.rule_id)
      << "</td><td class=\"url\">" << LinkTo(sf->finding.url, sf->finding.url) << "</td><td>"
      << HtmlEscape(sf->finding.message) << "</td><td>" << HtmlEscape(sf->status_note) << "</td><td class=\"muted\">"
      << HtmlEscape(ShortId(sf->fingerprint)) << "</td></tr>";
  }
  h << "</tbody></table></details>";
  if (!data.not_inspected.empty()) {
    h << "<details id=\"not-inspected\"><summary>未能检查的页面和附件（" << data.not_inspected.size()
      << "）</summary><p class=\"muted\">这些页面或附件的内容无法读取（格式过旧、超过大小上限、内容由脚本生成等），其中是否含未脱敏的个人信息等问题需人工查看。</p>"
      << "<table><thead><tr><th>页面或附件</th><th>格式</th><th>原因</th></tr></thead><tbody>";
    for (const auto& a : data.not_inspected) {
      h << "<tr><td class=\"url\">" << LinkTo(a.url, a.url) << "</td><td>" << HtmlEscape(a.format) << "</td><td>"
        << HtmlEscape(a.reason) << "</td></tr>";
    }
    h << "</tbody></table></details>";
  }

}

void WriteRuleTable(const RunAssessment& data, std::ostream& h) {
  h << "<h2>规则说明</h2><table id=\"rules\" class=\"sortable\"><thead><tr><th>问题</th><th>规则编号</th><th>类别</th>"
    << "<th>说明</th><th>依据</th><th>任务</th></tr></thead><tbody>";
  for (const auto& r : data.rules) {
    const FindingClass grade = DefaultWording().ClassOf(r.id, ParseSeverity(r.severity).value_or(Severity::kMedium));
    h << "<tr><td>" << HtmlEscape(RuleName(r.id)) << "</td><td>" << HtmlEscape(r.id) << "</td><td data-key=\""
      << static_cast<int>(grade) << "\">" << internal::GradeBadge(grade) << "</td><td>" << HtmlEscape(r.description)
      << "</td><td>" << HtmlEscape(r.requirement) << "</td><td>" << HtmlEscape(r.task) << "</td></tr>";
  }
  h << "</tbody></table>";
}

}  // namespace

Status WriteHtml(const RunAssessment& data, const std::string& path) {
  const Tally tally = TallyOf(data);
  internal::OutputFile file(path);
  if (!file.ok()) return file.OpenError();
  std::ostream& h = file.stream();
  WriteHead(data, h);
  h << VetoHtml(data.veto);  // 单项否决 first: one failed item makes the site unqualified
  WriteCards(data, tally, h);
  if (!data.notes.empty()) {
    h << "<h2>本次运行说明</h2><ul id=\"run-notes\">";
    for (const std::string& note : data.notes) h << "<li>" << HtmlEscape(note) << "</li>";
    h << "</ul>";
  }
  h << internal::SiteChecksHtml(data);
  h << "<h2>按规则统计（待整改）</h2>" << BarChart(tally.open_by_rule);
  h << "<h2>按任务统计</h2>" << TaskTable(data, tally.fresh);
  if (data.scorecard) h << ScorecardHtml(*data.scorecard);
  h << InterpretationsHtml(data);
  h << "<h2>趋势（最近 30 次运行）</h2>" << TrendChart(data.trend);
  WriteFindingList(data, tally, h);
  WriteOtherLists(data, tally, h);
  WriteRuleTable(data, h);
  h << "<p class=\"muted\">由 govaudit 生成。报告中的个人信息均已脱敏，时间均为北京时间。</p></main><script>" << kScript
    << "</script></body></html>\n";
  return file.Finish();
}

Status WriteAll(const RunAssessment& data, const std::string& out_dir) {
  RETURN_IF_ERROR(internal::CreateOutputFolder(out_dir));
  for (auto [writer, name] : {std::pair{&WriteJson, "findings.json"}, std::pair{&WriteCsv, "findings.csv"},
                              std::pair{&WriteXlsx, "findings.xlsx"}, std::pair{&WriteHtml, "report.html"}}) {
    RETURN_IF_ERROR(writer(data, (std::filesystem::path(out_dir) / name).string()));
  }
  if (data.scorecard) RETURN_IF_ERROR(WriteScorecardFiles(*data.scorecard, out_dir));
  return Status::Ok();
}

}  // namespace govaudit::report
