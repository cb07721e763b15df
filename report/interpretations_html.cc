// The policy documents and their interpretations (政策解读, 一文多解) as report.html shows them:
// coverage counts first, then one row per document with each interpretation, its form and why
// the two were paired, so an inspector can check a pairing before relying on it.
#include <sstream>

#include "report/internal/output.h"
#include "report/report.h"

namespace govaudit::report {
namespace {

std::string FormsText(const std::map<std::string, int>& forms) {
  std::string text;
  for (const auto& [form, count] : forms) {
    if (!text.empty()) text += "、";
    text += form + " " + std::to_string(count);
  }
  return text.empty() ? "无" : text;
}

}  // namespace

std::string InterpretationsHtml(const RunAssessment& data) {
  if (data.documents.empty()) return "";
  const auto& coverage = data.interpretation_coverage;
  std::ostringstream h;
  h << "<section id=\"interpretations\"><h2>政策解读（一文多解）</h2>"
    << "<p>需解读的政策文件 <strong>" << coverage.documents_needing << "</strong> 件，已有解读 <strong>"
    << coverage.with_interpretation << "</strong> 件，其中两种及以上解读 <strong>" << coverage.with_several
    << "</strong> 件。解读形式：" << HtmlEscape(FormsText(coverage.forms)) << "。</p>"
    << "<details><summary>文件与解读对照（" << data.documents.size() << " 件）</summary>"
    << "<table class=\"interpretations\"><thead><tr><th>政策文件</th><th>文号</th><th>日期</th><th>需解读</th>"
    << "<th>解读</th></tr></thead><tbody>";
  for (const DocumentInterpretations& doc : data.documents) {
    h << "<tr data-needs=\"" << (doc.needs ? "1" : "0") << "\" data-interpretations=\"" << doc.interpretations.size()
      << "\"><td>" << internal::LinkTo(doc.url, doc.title.empty() ? doc.url : doc.title) << "</td><td>"
      << HtmlEscape(doc.doc_number) << "</td><td style=\"white-space:nowrap\">" << (doc.date ? doc.date->ToIso() : "")
      << "</td><td>" << (doc.needs ? "是" : "否") << "</td><td>";
    if (doc.interpretations.empty()) {
      h << "<span class=\"muted\">无</span>";
    } else {
      h << "<ul>";
      for (const PairedInterpretation& i : doc.interpretations) {
        std::string forms;
        for (const std::string& form : i.forms) forms += (forms.empty() ? "" : "、") + form;
        h << "<li>" << internal::LinkTo(i.url, i.title.empty() ? i.url : i.title) << " <span class=\"muted\">"
          << HtmlEscape(forms.empty() ? "文字" : forms) << (i.date ? "，" + i.date->ToIso() : "") << "；"
          << HtmlEscape(i.how) << "</span></li>";
      }
      h << "</ul>";
    }
    h << "</td></tr>";
  }
  h << "</tbody></table></details></section>";
  return h.str();
}

}  // namespace govaudit::report
