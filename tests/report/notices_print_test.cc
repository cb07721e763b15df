// Rectification notices as written (one per department, the summary, notices.json) and as
// printed: headless Chromium prints each to PDF, which must hold the department, the findings
// and the deadline, on A4 pages. Printing skips when /usr/bin/chromium is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "report/report.h"
#include "tests/support/run_command.h"

namespace govaudit::report {
namespace {

namespace fs = std::filesystem;
using testing::ReadWholeFile;
using testing::TempDir;

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kPdfToText = "/usr/bin/pdftotext";

class NoticesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_.run.id = 4;
    data_.run.site = "示范县人民政府";
    data_.run.as_of = "2026-09-24";
    const char* departments[] = {"市财政局", "市人社局", "市政府办公室"};
    for (int i = 0; i < 9; ++i) {
      db::StoredFinding sf;
      sf.finding.rule_id = i == 4 ? "content.serious_typo" : "pii.id_number";
      sf.finding.severity = Severity::kHigh;
      sf.finding.url = "https://www.shifan.gov.cn/p" + std::to_string(i) + ".html";
      sf.finding.title = "<script>alert(1)</script>名单 " + std::to_string(i);
      sf.finding.message = "页面公开了 1 个未脱敏的身份证号码";
      sf.finding.evidence = "张三 110101199003071233 补贴";
      sf.finding.highlight = "110101********1233";
      sf.fingerprint = std::string(15, static_cast<char>('a' + i)) + "0";
      data_.findings.push_back(sf);
    }
    for (size_t i = 0; i < data_.findings.size(); ++i) {
      responsible_[data_.findings[i].fingerprint] = {departments[i % 3], "发布机构", "", ""};
    }
    data_.rules = {{"pii.id_number", "high", "身份证", "个人信息保护法第二十八条", "11"}};
    plan_ = PlanNotices(data_, responsible_, NoticeOptions{}, WorkdayCalendar::Builtin());
    ASSERT_TRUE(WriteNotices(plan_, dir_.path().string()).ok());
  }

  RunAssessment data_;
  std::map<std::string, Responsibility> responsible_;
  NoticePlan plan_;
  TempDir dir_{"govaudit-notices"};
};

TEST_F(NoticesTest, OneNoticePerDepartmentAndASummary) {
  ASSERT_EQ(plan_.notices.size(), 3u);
  auto json = nlohmann::json::parse(ReadWholeFile(dir_.path() / "notices.json"));
  ASSERT_EQ(json["notices"].size(), 3u);
  std::map<std::string, std::string> deadline_of;
  for (const auto& n : json["notices"]) {
    deadline_of[n["department"]] = n["deadline"];
    EXPECT_EQ(n["findings"].size(), 3u);
    const std::string html = ReadWholeFile(dir_.path() / n["file"].get<std::string>());
    EXPECT_NE(html.find("<b id=\"department\">" + n["department"].get<std::string>() + "</b>"), std::string::npos);
    EXPECT_NE(html.find("id=\"deadline\">" + n["deadline"].get<std::string>()), std::string::npos);
    EXPECT_EQ(html.find("<script>"), std::string::npos);  // crawled text is escaped
    EXPECT_EQ(html.find("110101199003071233"), std::string::npos);
    EXPECT_NE(html.find("<mark>110101********1233</mark>"), std::string::npos);
    EXPECT_NE(html.find("@page{size:A4"), std::string::npos);
  }
  // 市人社局 has the serious error (a 否决项): 5 working days, the others 10.
  EXPECT_EQ(deadline_of["市人社局"], "2026-10-09");
  EXPECT_EQ(deadline_of["市财政局"], "2026-10-15");
  EXPECT_EQ(deadline_of["市政府办公室"], "2026-10-15");
  const std::string summary = ReadWholeFile(dir_.path() / "index.html");
  const std::regex notice_row("<tr class=\"notice\"");
  EXPECT_EQ(std::distance(std::sregex_iterator(summary.begin(), summary.end(), notice_row), std::sregex_iterator()), 3);
  EXPECT_NE(summary.find("2026-10-09（5 个工作日）"), std::string::npos);
}

TEST_F(NoticesTest, PrintsToPdfWithTheDepartmentFindingsAndDeadline) {
  if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " is not installed";
  for (const Notice& n : plan_.notices) {
    const fs::path pdf = dir_.path() / (n.file + ".pdf");
    TempDir profile("govaudit-chromium-profile");
    const std::string command = std::string("timeout 60 ") + kChromium +
                                " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
                                " --disable-component-update --disable-sync --no-pdf-header-footer --user-data-dir='" +
                                profile.path().string() + "' --print-to-pdf='" + pdf.string() + "' 'file://" +
                                (dir_.path() / n.file).string() + "' > /dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    const std::string bytes = ReadWholeFile(pdf);
    ASSERT_EQ(bytes.rfind("%PDF-", 0), 0u) << n.file;
    // The reply form starts on a page of its own: at least two pages.
    const std::regex page("/Type\\s*/Page[^s]");
    const auto pages = std::distance(std::sregex_iterator(bytes.begin(), bytes.end(), page), std::sregex_iterator());
    EXPECT_GE(pages, 2) << n.file;
    // A4: 595 x 842 points.
    EXPECT_TRUE(std::regex_search(bytes, std::regex("/MediaBox\\s*\\[\\s*0 0 59[45](\\.[0-9]+)? 84[12]"))) << n.file;
    if (!fs::exists(kPdfToText)) continue;
    const fs::path text = dir_.path() / (n.file + ".txt");
    ASSERT_EQ(std::system((std::string(kPdfToText) + " -enc UTF-8 '" + pdf.string() + "' '" + text.string() + "'").c_str()), 0);
    const std::string words = ReadWholeFile(text);
    EXPECT_NE(words.find(n.department), std::string::npos) << words;
    EXPECT_NE(words.find(n.deadline.ToIso()), std::string::npos) << words;
    EXPECT_NE(words.find("身份证号码未脱敏"), std::string::npos) << words;
    EXPECT_EQ(words.find("110101199003071233"), std::string::npos);
  }
}

}  // namespace
}  // namespace govaudit::report
