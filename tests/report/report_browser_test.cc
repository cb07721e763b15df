// report.html in a real browser (Debian's chromium, headless): the script runs without errors,
// filters from the URL hash and from the controls hide the right rows, columns sort. Also the
// "by task" table as written. Browser tests skip when /usr/bin/chromium is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "report/report.h"
#include "tests/support/run_command.h"
#include "tests/support/store_runs.h"

namespace govaudit::report {
namespace {

namespace fs = std::filesystem;
using govaudit::testing::ReadWholeFile;
using govaudit::testing::TempDir;

constexpr const char* kChromium = "/usr/bin/chromium";

Finding Make(const std::string& rule, Severity severity, const std::string& url, const std::string& title) {
  Finding f;
  f.rule_id = rule;
  f.severity = severity;
  f.url = url;
  f.title = title;
  f.message = "问题：" + title;
  f.evidence = "证据 " + url;
  return f;
}

// Six findings over three rules; one dismissed, one acknowledged.
class ReportPage : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(db::Store::Open(":memory:")).value();
    findings_ = {
        Make("link.broken", Severity::kHigh, "http://127.0.0.1/a.html", "通知公告"),
        Make("link.broken", Severity::kHigh, "http://127.0.0.1/b.html", "预算公开"),
        Make("pii.mobile", Severity::kMedium, "http://127.0.0.1/c.html", "补贴名单"),
        Make("pii.mobile", Severity::kMedium, "http://127.0.0.1/d.html", "招聘公示"),
        Make("column.stale", Severity::kLow, "http://127.0.0.1/news/", "工作动态"),
        Make("link.broken", Severity::kHigh, "http://127.0.0.1/e.html", "已下线页面"),
    };
    findings_[0].referrers = {"http://127.0.0.1/"};
    const int64_t run_id = testing::AddFinishedRun(*store_, "示范站点", findings_);
    EXPECT_TRUE(store_->UpdateHistory(run_id).ok());
    EXPECT_TRUE(store_->SetStatus(Fingerprint(findings_[5]), "false_positive", "上级网站维护", "tester").ok());
    EXPECT_TRUE(store_->SetStatus(Fingerprint(findings_[3]), "acknowledged", "已通知", "tester").ok());
    auto data = AssessRun(*store_, run_id,
                          {{"link.broken", "high", "站内链接无法访问", "国办秘函〔2019〕19号", "33"},
                           {"pii.mobile", "medium", "手机号码未脱敏", "卫政办发〔2022〕49号 四(二)", "11、30"},
                           {"column.stale", "low", "栏目长期未更新", "国办秘函〔2019〕19号", ""}});
    ASSERT_TRUE(data.ok()) << data.status().message();
    data->tasks = {{"11", "抓好疫情防控信息公开", "依法保护个人隐私"},
                   {"30", "扎实开展基层政务公开", "补贴资金发放信息"},
                   {"33", "全面优化公开平台", "网站升级改造"}};
    ASSERT_TRUE(WriteAll(*data, dir_.path().string()).ok());
    report_ = dir_.path() / "report.html";
  }

  struct Browser {
    int exit_code = -1;
    std::string dom;  // --dump-dom output
    std::string log;  // stderr, with the page's console messages
  };

  // Runs headless chromium with a fresh profile, bounded by `timeout 60`.
  Browser RunChromium(const std::string& url, const std::string& extra_flags) {
    TempDir profile("govaudit-chromium-profile");
    fs::path dom = dir_.path() / "dom.html", log = dir_.path() / "chromium.log";
    std::string command = std::string("timeout 60 ") + kChromium +
                          " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                          " --disable-background-networking --disable-component-update --disable-sync"
                          " --enable-logging=stderr --v=0 --user-data-dir='" +
                          profile.path().string() + "' " + extra_flags + " '" + url + "' > '" + dom.string() +
                          "' 2> '" + log.string() + "'";
    Browser b;
    int status = std::system(command.c_str());
    b.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    b.dom = ReadWholeFile(dom);
    b.log = ReadWholeFile(log);
    return b;
  }

  // Lines of the page's console that report an error (uncaught exceptions included).
  static std::string ScriptErrors(const std::string& log) {
    std::string errors;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);) {
      if (line.find("CONSOLE") != std::string::npos &&
          (line.find("Uncaught") != std::string::npos || line.find("ERROR:CONSOLE") != std::string::npos)) {
        errors += line + "\n";
      }
    }
    return errors;
  }

  std::string FileUrl(const fs::path& path, const std::string& hash = "") { return "file://" + path.string() + hash; }

  TempDir dir_{"govaudit-report-browser"};
  std::unique_ptr<db::Store> store_;
  std::vector<Finding> findings_;
  fs::path report_;
};

struct Row {
  std::string rule, severity, status, id;
  bool hidden = false;
};

// The finding rows of the main list, from the serialized DOM.
std::vector<Row> FindingRows(const std::string& dom) {
  std::vector<Row> rows;
  std::regex tag("<tr class=\"finding\"[^>]*>");
  auto attr = [](const std::string& tag, const std::string& name) {
    std::smatch m;
    std::regex re(" " + name + "=\"([^\"]*)\"");
    return std::regex_search(tag, m, re) ? m[1].str() : std::string();
  };
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), tag); it != std::sregex_iterator(); ++it) {
    std::string t = it->str();
    Row r{attr(t, "data-rule"), attr(t, "data-severity"), attr(t, "data-status"), attr(t, "id")};
    r.hidden = attr(t, "style").find("display: none") != std::string::npos;
    rows.push_back(r);
  }
  return rows;
}

std::string Shown(const std::string& dom) {
  std::smatch m;
  return std::regex_search(dom, m, std::regex("id=\"shown\">([0-9]+)<")) ? m[1].str() : "missing";
}

TEST_F(ReportPage, HashFilterShowsOnlyThatRuleAndScriptRunsWithoutErrors) {
  if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " is not installed";
  Browser b = RunChromium(FileUrl(report_, "#rule=link.broken"), "--dump-dom");
  ASSERT_EQ(b.exit_code, 0) << b.log;
  EXPECT_NE(b.dom.find("<body data-ready=\"1\">"), std::string::npos) << "the script did not finish";
  EXPECT_EQ(ScriptErrors(b.log), "");
  std::vector<Row> rows = FindingRows(b.dom);
  ASSERT_EQ(rows.size(), 5u);  // the dismissed finding is not in the main list
  int visible = 0;
  for (const Row& r : rows) {
    EXPECT_EQ(r.hidden, r.rule != "link.broken") << r.id;
    visible += r.hidden ? 0 : 1;
  }
  EXPECT_EQ(visible, 2);
  EXPECT_EQ(Shown(b.dom), "2");
}

TEST_F(ReportPage, HashFilterCombinesGradeStatusAndText) {
  if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " is not installed";
  // 预算公开, percent-encoded as a shared link would carry it.
  Browser b = RunChromium(FileUrl(report_, "#grade=deduction&q=%E9%A2%84%E7%AE%97%E5%85%AC%E5%BC%80"), "--dump-dom");
  ASSERT_EQ(b.exit_code, 0) << b.log;
  EXPECT_EQ(ScriptErrors(b.log), "");
  std::vector<std::string> visible;
  for (const Row& r : FindingRows(b.dom)) {
    if (!r.hidden) visible.push_back(r.id);
  }
  EXPECT_EQ(visible, std::vector<std::string>{"f-" + Fingerprint(findings_[1])});
  EXPECT_EQ(Shown(b.dom), "1");

  b = RunChromium(FileUrl(report_, "#status=acknowledged"), "--dump-dom");
  visible.clear();
  for (const Row& r : FindingRows(b.dom)) {
    if (!r.hidden) visible.push_back(r.id);
  }
  EXPECT_EQ(visible, std::vector<std::string>{"f-" + Fingerprint(findings_[3])});
}

// Clicks and typing need a script outside the report: a page in the same folder loads the
// report in a frame (file:// frames are reachable with --allow-file-access-from-files),
// drives it and writes what it saw as JSON.
TEST_F(ReportPage, SortingTypingAndRegroupingWork) {
  if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " is not installed";
  std::ofstream(dir_.path() / "harness.html") << R"HTML(<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body><pre id="out">pending</pre><iframe id="frame" src="report.html" width="1280" height="800"></iframe><script>
document.getElementById('frame').addEventListener('load', function () {
  var out = {};
  try {
    var d = this.contentDocument, w = this.contentWindow;
    var visible = function (selector) {
      return [].filter.call(d.querySelectorAll(selector), function (r) { return r.style.display !== 'none'; });
    };
    out.ready = d.body.dataset.ready;
    out.initial_shown = d.getElementById('shown').textContent;
    var severity = d.querySelectorAll('#findings thead th')[0];
    severity.click();
    out.asc = visible('#findings tr.finding').map(function (r) { return r.dataset.severity; });
    out.heads_after_sort = visible('#findings tr.rulehead').length;
    out.regroup_hidden = d.getElementById('regroup').hidden;
    severity.click();
    out.desc = visible('#findings tr.finding').map(function (r) { return r.dataset.severity; });
    var text = d.getElementById('f-text');
    text.value = '预算公开';
    text.dispatchEvent(new w.Event('input'));
    out.typed_shown = d.getElementById('shown').textContent;
    out.typed_rows = visible('#findings tr.finding').map(function (r) { return r.id; });
    out.hash = w.location.hash;
    text.value = '';
    text.dispatchEvent(new w.Event('input'));
    var grade = d.getElementById('f-grade');
    grade.value = 'deduction';
    grade.dispatchEvent(new w.Event('change'));
    out.deduction_shown = d.getElementById('shown').textContent;
    d.getElementById('regroup').click();
    out.heads_after_regroup = visible('#findings tr.rulehead').map(function (r) { return r.dataset.rule; });
    grade.value = 'notice';
    grade.dispatchEvent(new w.Event('change'));
    out.notice_shown = d.getElementById('shown').textContent;
    text.value = 'no such text';
    text.dispatchEvent(new w.Event('input'));
    out.no_match_visible = d.getElementById('no-match').style.display !== 'none';
  } catch (e) {
    out.error = String(e);
  }
  document.getElementById('out').textContent = JSON.stringify(out);
});
</script></body></html>
)HTML";
  Browser b = RunChromium(FileUrl(dir_.path() / "harness.html"), "--allow-file-access-from-files --dump-dom");
  ASSERT_EQ(b.exit_code, 0) << b.log;
  EXPECT_EQ(ScriptErrors(b.log), "");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(b.dom, m, std::regex("<pre id=\"out\">([^<]*)</pre>"))) << b.dom;
  auto out = nlohmann::json::parse(m[1].str(), nullptr, false);
  ASSERT_TRUE(out.is_object()) << m[1].str();
  ASSERT_FALSE(out.contains("error")) << out.dump();
  EXPECT_EQ(out["ready"], "1");
  EXPECT_EQ(out["initial_shown"], "5");
  EXPECT_EQ(out["asc"], nlohmann::json({"high", "high", "medium", "medium", "low"}));
  EXPECT_EQ(out["desc"], nlohmann::json({"low", "medium", "medium", "high", "high"}));
  EXPECT_EQ(out["heads_after_sort"], 0);  // a sorted list is not grouped
  EXPECT_EQ(out["regroup_hidden"], false);
  EXPECT_EQ(out["typed_shown"], "1");
  EXPECT_EQ(out["typed_rows"], nlohmann::json({"f-" + Fingerprint(findings_[1])}));
  EXPECT_EQ(out["hash"], "#q=%E9%A2%84%E7%AE%97%E5%85%AC%E5%BC%80");  // the view can be shared
  // High and medium severities are 扣分项, low ones 提示 (config/wording.toml).
  EXPECT_EQ(out["deduction_shown"], "4");
  EXPECT_EQ(out["heads_after_regroup"], nlohmann::json({"link.broken", "pii.mobile"}));  // groups with visible rows
  EXPECT_EQ(out["notice_shown"], "1");
  EXPECT_EQ(out["no_match_visible"], true);
}

TEST_F(ReportPage, ScreenshotIsSavedUnderTheBuildFolder) {
  if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " is not installed";
  // GOVAUDIT_BINARY is <build>/app/govaudit.
  fs::path shot = fs::path(GOVAUDIT_BINARY).parent_path().parent_path() / "report-screenshot.png";
  fs::remove(shot);
  Browser b = RunChromium(FileUrl(report_), "--screenshot='" + shot.string() + "' --window-size=1280,2000");
  ASSERT_EQ(b.exit_code, 0) << b.log;
  EXPECT_EQ(ScriptErrors(b.log), "");
  std::string png = ReadWholeFile(shot);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
}

// The "by task" table, as written (no browser needed).
TEST_F(ReportPage, TaskTableCountsOpenFindingsPerTask) {
  std::string html = ReadWholeFile(report_);
  size_t start = html.find("<table id=\"tasks\"");
  ASSERT_NE(start, std::string::npos);
  std::string table = html.substr(start, html.find("</table>", start) - start);
  std::map<std::string, std::vector<std::string>> counts;  // task → open, high, new, dismissed
  std::regex row("<tr data-task=\"([0-9]*)\">(.*?)</tr>");
  std::regex cell("<td class=\"num[^\"]*\" data-key=\"[0-9]+\">([0-9]+)</td>");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), row); it != std::sregex_iterator(); ++it) {
    std::string cells = (*it)[2].str();
    auto& c = counts[(*it)[1].str()];
    for (auto ci = std::sregex_iterator(cells.begin(), cells.end(), cell); ci != std::sregex_iterator(); ++ci) {
      c.push_back((*ci)[1].str());
    }
  }
  using V = std::vector<std::string>;
  // Task 33: link.broken, two open (high, new) and one dismissed.
  EXPECT_EQ(counts["33"], (V{"2", "2", "2", "1"}));
  // pii.mobile counts against tasks 11 and 30: two findings in each (one acknowledged, still open).
  EXPECT_EQ(counts["11"], (V{"2", "0", "2", "0"}));
  EXPECT_EQ(counts["30"], (V{"2", "0", "2", "0"}));
  // column.stale has no task.
  EXPECT_EQ(counts[""], (V{"1", "0", "1", "0"}));
  EXPECT_EQ(counts.size(), 4u);
  EXPECT_NE(table.find("全面优化公开平台"), std::string::npos);
  // Rules by their Chinese name, the id kept as the link's title and in the filter.
  EXPECT_NE(table.find("<a href=\"#rule=pii.mobile\" title=\"pii.mobile\">手机号码未脱敏</a>"), std::string::npos);
}

}  // namespace
}  // namespace govaudit::report
