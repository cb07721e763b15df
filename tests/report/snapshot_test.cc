// The evidence archive: a stored page made safe to keep and open (nothing runs, nothing loads,
// personal data masked even where markup splits it), and the snapshot page around it.
#include "report/internal/snapshot_html.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/hash.h"
#include "report/report.h"
#include "tests/support/run_command.h"

namespace govaudit::report {
namespace {

using internal::SafeSnapshotHtml;
using internal::SnapshotMarks;
using testing::ReadWholeFile;
using testing::TempDir;

constexpr char kBase[] = "https://www.shifan.gov.cn/gsgg/list.html";

TEST(SafeSnapshotHtmlTest, NothingRunsOrLoads) {
  const std::string page =
      "<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">"
      "<base href=\"https://evil.example/\"><script>alert(1)</script><link rel=stylesheet href=/a.css>"
      "<SCRIPT type=module>fetch('/x')</SCRIPT></head><body onload=\"steal()\"><h1>公示</h1>"
      "<a href=\"javascript:alert(2)\">点此</a><a href=\" JaVaScRiPt:alert(3)\">b</a><a href=\"jav&#x61;script:x\">c</a>"
      "<img src=x onerror='alert(4)'><iframe src=\"https://evil.example/\"></iframe><object data=x.swf></object>"
      "<svg><script>alert(5)</script></svg><form action=\"javascript:alert(6)\"></form><template><b>t</b></template>"
      "<p>正文</p></body></html>";
  const std::string out = SafeSnapshotHtml(page, kBase, {});
  for (const char* gone : {"alert", "refresh", "<base", "<script", "<SCRIPT", "onload", "onerror", "<iframe", "<object",
                           "<link", "javascript", "JaVaScRiPt", "fetch(", "<template"}) {
    EXPECT_EQ(out.find(gone), std::string::npos) << gone << " in " << out;
  }
  EXPECT_NE(out.find("<h1>公示</h1>"), std::string::npos) << out;
  EXPECT_NE(out.find("<p>正文</p>"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("<!DOCTYPE html><meta charset=\"utf-8\">", 0), 0u);
}

TEST(SafeSnapshotHtmlTest, PersonalDataIsMaskedWhereverItSits) {
  const std::string page =
      "<html><head><title>名单 110101199003071233</title></head><body>"
      "<p>身份证：110101<span>1990</span><b>03071233</b></p>"                      // split by inline elements
      "<p>电话：&#49;3912345678</p>"                                                  // a character reference
      "<a href=\"/p?tel=13912345678\" title=\"13912345678\">联系人</a>"                 // attributes
      "<!-- 备注 13912345678 -->"                                                    // a comment
      "<table>\n <tr><th>姓名</th><th>家庭住址</th></tr>\n <tr><td>李四</td><td>示范县城关镇东风村三组12号</td></tr>\n</table>"
      "<p>已按规定遮盖：640521********1234</p></body></html>";
  const std::string out = SafeSnapshotHtml(page, kBase, {});
  for (const char* full : {"110101199003071233", "19900307", "1990</span><b>0307", "3912345678", "13912345678",
                           "东风村"}) {
    EXPECT_EQ(out.find(full), std::string::npos) << full << " in " << out;
  }
  EXPECT_NE(out.find("110101********1233"), std::string::npos) << out;
  EXPECT_NE(out.find("139****5678"), std::string::npos) << out;
  EXPECT_NE(out.find("640521********1234"), std::string::npos) << out;  // compliant masks stay
  EXPECT_NE(out.find("<span>"), std::string::npos) << out;              // the markup stays
}

TEST(SafeSnapshotHtmlTest, UnderMaskedValuesAreMarkedAndEvidenceHighlighted) {
  const std::string page =
      "<html><body><p>甲：640521********1234 乙：640521199001**5678</p><p>中华人民共合国</p>"
      "<a href=\"../zwgk/gone.html\">预算公开</a><a href=\"/ok.html\">首页</a></body></html>";
  SnapshotMarks marks;
  marks.texts = {"640521********5678〔遮盖不足〕", "中华人民共合国"};
  marks.link_targets = {"https://www.shifan.gov.cn/zwgk/gone.html"};
  const std::string out = SafeSnapshotHtml(page, kBase, marks);
  EXPECT_EQ(out.find("199001"), std::string::npos) << out;
  EXPECT_NE(out.find("<mark class=\"govaudit-evidence\">640521********5678〔遮盖不足〕</mark>"), std::string::npos) << out;
  EXPECT_NE(out.find("<mark class=\"govaudit-evidence\">中华人民共合国</mark>"), std::string::npos) << out;
  EXPECT_NE(out.find("甲：640521********1234 乙"), std::string::npos) << out;  // the compliant one unmarked
  EXPECT_NE(out.find("<a href=\"../zwgk/gone.html\" data-govaudit-evidence=\"link\">"), std::string::npos) << out;
  EXPECT_NE(out.find("<a href=\"/ok.html\">"), std::string::npos) << out;
}

db::StoredFinding Stored(const std::string& rule, const std::string& message, const std::string& evidence,
                         const std::string& highlight) {
  db::StoredFinding sf;
  sf.finding.rule_id = rule;
  sf.finding.url = kBase;
  sf.finding.message = message;
  sf.finding.evidence = evidence;
  sf.finding.highlight = highlight;
  sf.finding.location = "表格 1 第 3 行第 3 列";
  sf.fingerprint = "3f2a9c01deadbeef";
  return sf;
}

TEST(WriteSnapshotTest, ShowsWhenWhatAndHowAndFramesThePageSandboxed) {
  TempDir dir("govaudit-snapshot");
  SnapshotPage s;
  s.site = "示范县";
  s.run_id = 7;
  s.page.url = kBase;
  s.page.status = 200;
  s.page.content_type = "text/html; charset=gbk";
  s.page.fetched_at = "2026-09-24T02:03:04Z";
  s.page.is_html = true;
  // GBK bytes of 公示：13912345678 and a script
  s.page.body = "<html><body><p>\xB9\xAB\xCA\xBE\xA3\xBA" "13912345678</p><script>alert(1)</script></body></html>";
  s.sha256 = Sha256Hex(s.page.body);
  const db::StoredFinding sf = Stored("pii.mobile", "页面公开了 1 个未脱敏的手机号码", "公示：139****5678", "139****5678");
  s.findings = {&sf};
  const std::string path = (dir.path() / "s.html").string();
  ASSERT_TRUE(WriteSnapshot(s, path).ok());
  const std::string html = ReadWholeFile(path);
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("<iframe id=\"page\" sandbox=\"\""), std::string::npos);
  EXPECT_NE(html.find("2026-09-24 10:03:04 北京时间"), std::string::npos);
  EXPECT_NE(html.find("SHA-256 " + s.sha256), std::string::npos);
  EXPECT_NE(html.find("手机号码未脱敏"), std::string::npos);      // the rule's Chinese name
  EXPECT_NE(html.find("id=\"f-3F2A-9C01\""), std::string::npos);  // the short id
  EXPECT_NE(html.find("扣分项"), std::string::npos);
  // The page, decoded from GBK, masked, escaped into the frame's srcdoc: no markup of its own.
  EXPECT_NE(html.find("公示：&lt;mark class=&quot;govaudit-evidence&quot;&gt;139****5678"), std::string::npos) << html;
  EXPECT_EQ(html.find("13912345678"), std::string::npos);
  EXPECT_EQ(html.find("alert"), std::string::npos);
  EXPECT_EQ(SnapshotFile(kBase).rfind("snapshots/", 0), 0u);
  EXPECT_EQ(SnapshotFile(kBase), SnapshotFile(kBase));
  EXPECT_NE(SnapshotFile(kBase), SnapshotFile(std::string(kBase) + "?page=2"));
}

TEST(WriteSnapshotTest, AnAttachmentIsDescribedNotShown) {
  TempDir dir("govaudit-snapshot");
  SnapshotPage s;
  s.site = "示范县";
  s.page.url = "https://www.shifan.gov.cn/files/list.csv";
  s.page.status = 200;
  s.page.attachment = "csv";
  s.page.body = "姓名,身份证号\n张三,110101199003071233\n";
  s.sha256 = Sha256Hex(s.page.body);
  const std::string path = (dir.path() / "a.html").string();
  ASSERT_TRUE(WriteSnapshot(s, path).ok());
  const std::string html = ReadWholeFile(path);
  EXPECT_EQ(html.find("<iframe"), std::string::npos);
  EXPECT_EQ(html.find("110101"), std::string::npos);
  EXPECT_NE(html.find(s.sha256), std::string::npos);
  EXPECT_NE(html.find("附件（csv"), std::string::npos);
}

}  // namespace
}  // namespace govaudit::report
