// The evidence archive: one HTML file per page that findings sit on, written beside report.html
// (snapshots/). What the inspector must be able to show later is what the page said on the
// audit day: the bytes are kept in the store, their SHA-256 is printed here, and the page is
// shown as it was — without running anything and without contacting the site again.
#include <string>

#include "common/charset.h"
#include "common/date.h"
#include "common/hash.h"
#include "report/internal/output.h"
#include "report/internal/snapshot_html.h"
#include "report/report.h"

namespace govaudit::report {
namespace {

// Nothing loads from the network, no script runs: the frame below inherits this policy.
constexpr const char* kPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; form-action 'none'; "
    "base-uri 'none'";

constexpr const char* kStyle = R"CSS(
body{margin:0;font:15px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:#1f2328}
header{background:#8b1a1a;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}
main{padding:12px 24px;max-width:1400px}table.meta{border-collapse:collapse;margin:8px 0}
table.meta th,table.meta td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
table.meta th{background:#f6f8fa;white-space:nowrap}.hash{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.url{word-break:break-all}.muted{color:#57606a;font-size:13px}mark{background:#ffe08a}
.evidence{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f6f8fa;padding:2px 4px;word-break:break-all}
.sev{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;font-size:13px}.sev.veto{background:#b3261e}
.sev.deduction{background:#b26a00}.sev.notice{background:#3b6ea8}
iframe{width:100%;height:80vh;border:2px solid #8b1a1a;background:#fff}
@media print{header{background:#fff;color:#000;border-bottom:2px solid #000}iframe{height:auto;min-height:60vh}}
)CSS";

void WriteMeta(const SnapshotPage& s, std::ostream& h) {
  const db::PageSnapshot& p = s.page;
  h << "<table class=\"meta\"><tbody>";
  h << "<tr><th>网址</th><td class=\"url\">" << HtmlEscape(p.url) << "</td></tr>";
  if (!p.final_url.empty() && p.final_url != p.url) {
    h << "<tr><th>跳转后网址</th><td class=\"url\">" << HtmlEscape(p.final_url) << "</td></tr>";
  }
  if (!p.title.empty()) h << "<tr><th>标题</th><td>" << HtmlEscape(p.title) << "</td></tr>";
  h << "<tr><th>抓取时间</th><td id=\"fetched-at\">" << HtmlEscape(BeijingTime(p.fetched_at, true)) << "</td></tr>";
  h << "<tr><th>HTTP 状态</th><td>" << p.status << "</td></tr>";
  h << "<tr><th>内容类型</th><td>" << HtmlEscape(p.content_type.empty() ? "（未声明）" : p.content_type)
    << (p.charset.empty() ? "" : "；按 " + HtmlEscape(p.charset) + " 解码") << "</td></tr>";
  h << "<tr><th>内容哈希</th><td><span class=\"hash\" id=\"sha256\">"
    << (s.sha256.empty() ? "（未保存页面内容）" : "SHA-256 " + HtmlEscape(s.sha256)) << "</span>"
    << (p.body.empty() ? "" : "<div class=\"muted\">按抓取时收到的 " + std::to_string(p.body.size()) +
                                  " 字节计算；数据库中保存的原始内容可据此核对。</div>")
    << "</td></tr>";
  h << "<tr><th>检查</th><td>" << HtmlEscape(s.site) << "，第 " << s.run_id << " 次运行</td></tr>";
  h << "</tbody></table>";
}

void WriteFindings(const SnapshotPage& s, std::ostream& h) {
  h << "<h2>本页问题（" << s.findings.size() << "）</h2><ol id=\"findings\">";
  for (const db::StoredFinding* sf : s.findings) {
    const Finding& f = sf->finding;
    h << "<li id=\"f-" << HtmlEscape(ShortId(sf->fingerprint)) << "\">" << internal::GradeBadge(ClassOf(f)) << " <b>"
      << HtmlEscape(RuleName(f.rule_id)) << "</b> <span class=\"muted\">" << HtmlEscape(f.rule_id) << "</span><div>"
      << HtmlEscape(f.message) << "</div>";
    if (!f.evidence.empty()) h << "<div class=\"evidence\">" << internal::Highlighted(f.evidence, f.highlight) << "</div>";
    if (!f.location.empty()) h << "<div class=\"muted\">位置：" << HtmlEscape(f.location) << "</div>";
    if (f.url != s.page.url) h << "<div class=\"muted url\">问题网址：" << HtmlEscape(f.url) << "</div>";
    h << "<div class=\"muted\">编号 " << HtmlEscape(ShortId(sf->fingerprint)) << "</div></li>";
  }
  h << "</ol>";
}

}  // namespace

std::string SnapshotFile(const std::string& url) { return "snapshots/" + Hex64(Fnv1a64(url)) + ".html"; }

Status WriteSnapshot(const SnapshotPage& s, const std::string& path) {
  internal::OutputFile file(path);
  if (!file.ok()) return file.OpenError();
  std::ostream& h = file.stream();
  h << "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kPolicy << "\">"
    << "<meta name=\"referrer\" content=\"no-referrer\"><title>页面快照 - " << HtmlEscape(s.page.url)
    << "</title><style>" << kStyle << "</style></head><body><header><h1>页面快照（检查存档）</h1></header><main>";
  WriteMeta(s, h);
  WriteFindings(s, h);
  h << "<h2>页面原貌</h2>";
  if (s.page.is_html && !s.page.body.empty()) {
    std::vector<std::string> marks;
    for (const db::StoredFinding* sf : s.findings) {
      if (!sf->finding.highlight.empty()) marks.push_back(sf->finding.highlight);
    }
    const DecodedText decoded = DecodeHtml(s.page.body, s.page.content_type);
    const std::string page = internal::SafeSnapshotHtml(
        decoded.utf8, s.page.final_url.empty() ? s.page.url : s.page.final_url, {marks, s.link_targets});
    h << "<p class=\"muted\">以下为抓取时的页面：脚本已移除且不会运行，不加载任何外部资源（图片、样式、字体），"
      << "个人信息已脱敏，问题证据以黄色标出。</p>"
      << "<iframe id=\"page\" sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"页面快照\" srcdoc=\""
      << internal::EscapeGatedHtml(page) << "\"></iframe>";  // SafeSnapshotHtml ends with the gate
  } else if (!s.page.attachment.empty()) {
    h << "<p>附件（" << HtmlEscape(s.page.attachment) << "，" << s.page.body.size()
      << " 字节）的原文不在快照中展示：其中可能含未脱敏的个人信息。原始内容保存在检查数据库中，可按上面的内容哈希核对。</p>";
  } else {
    h << "<p>抓取时没有可展示的页面内容（HTTP " << s.page.status << "）。</p>";
  }
  h << "<p class=\"muted\">由 govaudit 生成。时间均为北京时间。</p></main></body></html>\n";
  return file.Finish();
}

}  // namespace govaudit::report
