#include "report/scorecard.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "common/strings.h"
#include "report/internal/output.h"
#include "report/report.h"

namespace govaudit::report {
namespace {

using internal::CsvField;
using internal::LinkTo;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr size_t kHtmlFindings = 10;  // findings shown per task in report.html; the rest by link
constexpr size_t kHtmlPages = 10;

nlohmann::ordered_json PageJson(const EvidencePage& p) {
  nlohmann::ordered_json j = {{"url", p.url}, {"title", p.title}, {"date", p.date}, {"matched", p.matched}, {"where", p.where}};
  if (!p.from_url.empty()) j["from_url"] = p.from_url;
  if (!p.note.empty()) j["note"] = p.note;
  return j;
}

nlohmann::ordered_json TaskJson(const TaskScore& t) {
  nlohmann::ordered_json j = {
      {"id", t.id},
      {"number", t.number},
      {"task", t.task},
      {"measure", t.measure},
      {"departments", t.departments},
      {"lead", t.lead},
      {"departments_text", t.departments_text},
      {"metric", t.metric},
      {"deadline", t.deadline},
      {"due", t.due.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(t.due)},
      {"method", t.method},
      {"status", TaskStatusId(t.status)},
      {"status_label", TaskStatusLabel(t.status)},
      {"reason", t.reason},
      {"deadline_passed", t.deadline_passed},
  };
  if (t.method == "not_verifiable") return j;
  nlohmann::ordered_json e = nlohmann::ordered_json::object();
  if (!t.window_first.empty()) e["window"] = {t.window_first, t.window_last};
  if (!t.keywords.empty()) e["keywords"] = t.keywords;
  if (t.method == "keywords") e["min_count"] = t.min_count;
  if (!t.rule_families.empty()) e["rule_families"] = t.rule_families;
  if (!t.kinds.empty()) e["kinds"] = t.kinds;
  e["count"] = t.count;
  nlohmann::ordered_json pages = nlohmann::ordered_json::array();
  for (const EvidencePage& p : t.pages) pages.push_back(PageJson(p));
  e["pages"] = std::move(pages);
  nlohmann::ordered_json others = nlohmann::ordered_json::array();
  for (const EvidencePage& p : t.not_counted) others.push_back(PageJson(p));
  e["not_counted"] = std::move(others);
  e["not_counted_total"] = t.not_counted_total;
  if (t.method == "rule_family") {
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const EvidenceFinding& f : t.findings) {
      findings.push_back({{"fingerprint", f.fingerprint}, {"rule", f.rule}, {"severity", f.severity}, {"status", f.status},
                          {"url", f.url}, {"title", f.title}, {"message", f.message}});
    }
    e["findings"] = std::move(findings);
    e["findings_total"] = t.findings_total;
  }
  j["evidence"] = std::move(e);
  return j;
}

// Evidence URLs and findings as lines, for the CSV files.
std::string EvidenceLines(const TaskScore& t) {
  std::vector<std::string> lines;
  for (const EvidencePage& p : t.pages) {
    lines.push_back((p.date.empty() ? "" : p.date + " ") + p.title + " " + p.url);
  }
  for (const EvidenceFinding& f : t.findings) lines.push_back(f.rule + "：" + f.message + " " + f.url);
  if (t.findings_total > static_cast<int>(t.findings.size())) {
    lines.push_back("另有 " + std::to_string(t.findings_total - static_cast<int>(t.findings.size())) + " 条问题，见 findings.csv");
  }
  return govaudit::Join(lines, "\n");
}

std::string StatusBadge(TaskStatus s) {
  const char* color = "#57606a";
  switch (s) {
    case TaskStatus::kMet: color = "#1a7f37"; break;
    case TaskStatus::kPartlyMet: color = "#b26a00"; break;
    case TaskStatus::kNotMet: color = "#b3261e"; break;
    case TaskStatus::kNotVerifiable: color = "#57606a"; break;
  }
  return "<span class=\"task-status\" style=\"display:inline-block;padding:0 8px;border-radius:10px;color:#fff;"
         "white-space:nowrap;background:" + std::string(color) + "\">" + std::string(TaskStatusLabel(s)) + "</span>";
}

std::string PagesHtml(const std::vector<EvidencePage>& pages, size_t total) {
  if (pages.empty()) return "";
  std::ostringstream h;
  h << "<ul class=\"evidence-pages\">";
  for (size_t i = 0; i < pages.size() && i < kHtmlPages; ++i) {
    const EvidencePage& p = pages[i];
    h << "<li>" << LinkTo(p.url, p.title.empty() ? p.url : p.title);
    if (!p.date.empty()) h << " <span class=\"muted\">" << HtmlEscape(p.date) << "</span>";
    if (!p.matched.empty()) {
      h << " <span class=\"muted\">（" << HtmlEscape(p.where) << "含“" << HtmlEscape(p.matched) << "”）</span>";
    }
    if (!p.from_url.empty()) h << " <span class=\"muted\">链接所在页面：</span>" << LinkTo(p.from_url, p.from_url);
    if (!p.note.empty()) h << " <span class=\"muted\">" << HtmlEscape(p.note) << "</span>";
    h << "</li>";
  }
  if (total > std::min(pages.size(), kHtmlPages)) {
    h << "<li class=\"muted\">共 " << total << " 个，完整列表见 scorecard.json</li>";
  }
  h << "</ul>";
  return h.str();
}

std::string FindingsHtml(const TaskScore& t) {
  if (t.findings.empty()) return "";
  std::ostringstream h;
  h << "<ul class=\"evidence-findings\">";
  for (size_t i = 0; i < t.findings.size() && i < kHtmlFindings; ++i) {
    const EvidenceFinding& f = t.findings[i];
    // The list reads its filters from the hash, so the rule links to its own findings.
    h << "<li><a href=\"#rule=" << HtmlEscape(f.rule) << "\" title=\"" << HtmlEscape(f.rule) << "\">" << HtmlEscape(RuleName(f.rule))
      << "</a>：" << HtmlEscape(f.message)
      << " — " << LinkTo(f.url, f.title.empty() ? f.url : f.title) << "</li>";
  }
  if (t.findings_total > static_cast<int>(std::min(t.findings.size(), kHtmlFindings))) {
    h << "<li class=\"muted\">共 " << t.findings_total << " 条，见问题清单</li>";
  }
  h << "</ul>";
  return h.str();
}

std::string EvidenceCell(const TaskScore& t) {
  std::ostringstream h;
  h << HtmlEscape(t.reason);
  h << PagesHtml(t.pages, t.count > 0 ? static_cast<size_t>(t.count) : t.pages.size());
  h << FindingsHtml(t);
  if (!t.not_counted.empty()) {
    h << "<details><summary>未计入的相关页面（" << t.not_counted_total << "）</summary>"
      << PagesHtml(t.not_counted, static_cast<size_t>(t.not_counted_total)) << "</details>";
  }
  return h.str();
}

}  // namespace

Status WriteScorecardJson(const Scorecard& card, const std::string& path) {
  nlohmann::ordered_json summary = nlohmann::ordered_json::object();
  for (TaskStatus s : {TaskStatus::kMet, TaskStatus::kPartlyMet, TaskStatus::kNotMet, TaskStatus::kNotVerifiable}) {
    summary[std::string(TaskStatusId(s))] = card.Count(s);
  }
  nlohmann::ordered_json tasks = nlohmann::ordered_json::array();
  for (const TaskScore& t : card.tasks) tasks.push_back(TaskJson(t));
  nlohmann::ordered_json departments = nlohmann::ordered_json::array();
  for (const DepartmentOrder& o : DepartmentOrders(card)) {
    nlohmann::ordered_json ids = nlohmann::ordered_json::array();
    for (const TaskScore* t : o.tasks) ids.push_back({{"id", t->id}, {"status", TaskStatusId(t->status)}});
    departments.push_back({{"department", o.department}, {"tasks", std::move(ids)}});
  }
  nlohmann::ordered_json j = {
      {"plan", {{"title", card.title}, {"document", card.document}, {"year", card.year}, {"source", card.source}}},
      {"run", {{"id", card.run_id}, {"site", card.site}, {"as_of", card.as_of}}},
      {"summary", std::move(summary)},
      {"tasks", std::move(tasks)},
      {"departments", std::move(departments)},
  };
  return internal::WriteFile(path, internal::JsonDump(j) + "\n");
}

Status WriteScorecardCsv(const Scorecard& card, const std::string& path) {
  std::string out(kBom);
  out += "序号,编号,重点任务,具体措施,责任部门,量化指标,完成时限,核查方式,状态,说明,计数,要求数量,证据与问题\r\n";
  for (const TaskScore& t : card.tasks) {
    std::vector<std::string> cells = {
        std::to_string(t.number), t.id, t.task, t.measure, govaudit::Join(t.departments, "、"), t.metric, t.deadline,
        t.method == "keywords" ? "网站发布信息" : t.method == "rule_family" ? "检查规则" : "无法通过网站核查",
        std::string(TaskStatusLabel(t.status)), t.reason,
        t.method == "not_verifiable" ? "" : std::to_string(t.count),
        t.method == "keywords" ? std::to_string(t.min_count) : "", EvidenceLines(t)};
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvField(cells[i]);
    out += "\r\n";
  }
  return internal::WriteFile(path, out);
}

Status WriteDepartmentsCsv(const Scorecard& card, const std::string& path) {
  std::string out(kBom);
  out += "责任部门,序号,编号,重点任务,具体措施,完成时限,状态,说明,证据与问题\r\n";
  for (const DepartmentOrder& o : DepartmentOrders(card)) {
    for (const TaskScore* t : o.tasks) {
      std::string department = o.department + (t->lead == o.department ? "（牵头）" : "");
      std::vector<std::string> cells = {department, std::to_string(t->number), t->id, t->task, t->measure, t->deadline,
                                        std::string(TaskStatusLabel(t->status)), t->reason, EvidenceLines(*t)};
      for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvField(cells[i]);
      out += "\r\n";
    }
  }
  return internal::WriteFile(path, out);
}

Status WriteScorecardFiles(const Scorecard& card, const std::string& out_dir) {
  const std::filesystem::path dir(out_dir);
  Status s = WriteScorecardJson(card, (dir / "scorecard.json").string());
  if (s.ok()) s = WriteScorecardCsv(card, (dir / "scorecard.csv").string());
  if (s.ok()) s = WriteDepartmentsCsv(card, (dir / "departments.csv").string());
  return s;
}

std::string ScorecardHtml(const Scorecard& card) {
  std::ostringstream h;
  h << "<section id=\"workpoints\"><h2>任务分工对照</h2><p class=\"muted\">依据：" << HtmlEscape(card.document) << " "
    << HtmlEscape(card.title) << "（任务文件 " << HtmlEscape(card.source) << "），检查基准日 " << HtmlEscape(card.as_of)
    << "。逐项核查网站上能否看到任务的完成情况；“无法通过网站核查”的任务须依据实际掌握情况另行核查。</p>";
  h << "<div class=\"cards\">";
  for (TaskStatus s : {TaskStatus::kMet, TaskStatus::kPartlyMet, TaskStatus::kNotMet, TaskStatus::kNotVerifiable}) {
    h << "<div class=\"card\" data-status=\"" << TaskStatusId(s) << "\"><b>" << card.Count(s) << "</b>"
      << TaskStatusLabel(s) << "</div>";
  }
  h << "</div>";
  h << "<table id=\"scorecard\" class=\"sortable tasks\"><thead><tr><th>序号</th><th>重点任务与具体措施</th><th>责任部门</th>"
    << "<th>完成时限</th><th>状态</th><th>证据与说明</th></tr></thead><tbody>";
  for (const TaskScore& t : card.tasks) {
    h << "<tr data-task=\"" << HtmlEscape(t.id) << "\" data-status=\"" << TaskStatusId(t.status) << "\"><td data-key=\""
      << HtmlEscape(t.id) << "\">" << HtmlEscape(t.id) << "</td><td>" << HtmlEscape(t.task);
    if (!t.measure.empty()) h << "<div class=\"quote\">" << HtmlEscape(t.measure) << "</div>";
    if (!t.metric.empty()) h << "<div class=\"quote\">量化指标：" << HtmlEscape(t.metric) << "</div>";
    h << "</td><td style=\"white-space:nowrap\">";
    for (size_t i = 0; i < t.departments.size(); ++i) {
      h << (i ? "<br>" : "") << HtmlEscape(t.departments[i]) << (t.departments[i] == t.lead ? "（牵头）" : "");
    }
    h << "</td><td data-key=\"" << HtmlEscape(t.due) << "\">" << HtmlEscape(t.deadline) << "</td><td data-key=\""
      << static_cast<int>(t.status) << "\">" << StatusBadge(t.status) << "</td><td>" << EvidenceCell(t) << "</td></tr>";
  }
  h << "</tbody></table></section>";

  std::vector<DepartmentOrder> orders = DepartmentOrders(card);
  h << "<section id=\"departments\"><h2>责任部门整改清单</h2><p class=\"muted\">每个责任部门未完成、部分完成的任务，"
    << "附未找到的证据和未整改的问题，可作为工单下发（同见 departments.csv）。</p>";
  if (orders.empty()) h << "<p class=\"muted\">网站可核查的任务均已完成。</p>";
  for (const DepartmentOrder& o : orders) {
    h << "<details class=\"workorder\" data-department=\"" << HtmlEscape(o.department) << "\"><summary>"
      << HtmlEscape(o.department) << "（" << o.tasks.size() << " 项）</summary><table><thead><tr><th>序号</th>"
      << "<th>具体措施</th><th>完成时限</th><th>状态</th><th>原因与问题</th></tr></thead><tbody>";
    for (const TaskScore* t : o.tasks) {
      h << "<tr data-task=\"" << HtmlEscape(t->id) << "\"><td>" << HtmlEscape(t->id)
        << (t->lead == o.department ? "<div class=\"muted\">牵头</div>" : "") << "</td><td>"
        << HtmlEscape(t->measure.empty() ? t->task : t->measure) << "</td><td>" << HtmlEscape(t->deadline) << "</td><td>"
        << StatusBadge(t->status) << "</td><td>" << HtmlEscape(t->reason) << FindingsHtml(*t) << "</td></tr>";
    }
    h << "</tbody></table></details>";
  }
  h << "</section>";
  return h.str();
}

}  // namespace govaudit::report
