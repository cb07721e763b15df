// findings.xlsx, read back by unzipping it and reading the XML: the sheets, the frozen header and
// filters, dates stored as dates, departments' sheets holding their own findings, and no cell
// that repeats personal data or starts a formula.
#include <gtest/gtest.h>

#include <regex>

#include "report/report.h"
#include "tests/support/run_command.h"
#include "tests/support/zip_reader.h"

namespace govaudit::report {
namespace {

using testing::ReadWholeFile, testing::ReadZip, testing::TempDir;

db::StoredFinding Stored(const std::string& rule, Severity severity, const std::string& path, const std::string& id,
                         const std::string& status = "open") {
  db::StoredFinding sf;
  sf.finding.rule_id = rule;
  sf.finding.severity = severity;
  sf.finding.url = "https://www.shifan.gov.cn" + path;
  sf.finding.title = "=HYPERLINK(\"http://x.invalid\") 公示 110101199003071233";
  sf.finding.message = "问题 " + rule;
  sf.finding.evidence = "联系 13912345678";
  sf.fingerprint = id;
  sf.status = status;
  sf.first_seen_at = "2026-09-24T02:03:04Z";
  sf.last_seen_at = "2026-09-24T17:30:00Z";  // the next day in Beijing
  return sf;
}

// The sheets' names in order, and each sheet's XML by name.
struct Book {
  std::vector<std::string> names;
  std::map<std::string, std::string> sheets;
  std::string strings;
  std::string styles;
};

Book Read(const std::string& path) {
  Book book;
  const auto files = ReadZip(ReadWholeFile(path));
  const std::string workbook = files.count("xl/workbook.xml") ? files.at("xl/workbook.xml") : "";
  std::regex sheet("<sheet name=\"([^\"]+)\" sheetId=\"([0-9]+)\"");
  for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet); it != std::sregex_iterator(); ++it) {
    book.names.push_back((*it)[1]);
    const std::string file = "xl/worksheets/sheet" + (*it)[2].str() + ".xml";
    book.sheets[(*it)[1]] = files.count(file) ? files.at(file) : "";
  }
  book.strings = files.count("xl/sharedStrings.xml") ? files.at("xl/sharedStrings.xml") : "";
  book.styles = files.count("xl/styles.xml") ? files.at("xl/styles.xml") : "";
  return book;
}

int Rows(const std::string& sheet) {
  static const std::regex row("<row ");
  return static_cast<int>(std::distance(std::sregex_iterator(sheet.begin(), sheet.end(), row), std::sregex_iterator()));
}

TEST(XlsxTest, SheetsFiltersFrozenHeaderDatesAndTheGate) {
  RunAssessment data;
  data.run.id = 3;
  data.run.site = "示范县";
  data.findings = {Stored("pii.id_number", Severity::kHigh, "/czj/a.html", "aaaaaaaa00000001"),
                   Stored("content.serious_typo", Severity::kHigh, "/rsj/b.html", "bbbbbbbb00000002"),
                   Stored("a11y.lang", Severity::kLow, "/", "cccccccc00000003"),
                   Stored("pii.mobile", Severity::kMedium, "/czj/c.html", "dddddddd00000004", "false_positive")};
  data.responsible["aaaaaaaa00000001"] = {"市财政局", "发布机构“市财政局”", "", "2026-10-15"};
  data.responsible["bbbbbbbb00000002"] = {"市人社局", "来源", "", "2026-10-09"};
  data.responsible["cccccccc00000003"] = {"市政府办公室[门户]", "网址", "", "2026-10-15"};
  data.responsible["dddddddd00000004"] = {"市财政局", "发布机构", "", "2026-10-15"};
  data.snapshots["aaaaaaaa00000001"] = {"snapshots/1.html", data.findings[0].finding.url, "2026-09-24T02:03:04Z",
                                        std::string(64, 'a'), 200};
  Scorecard card;
  TaskScore task;
  task.number = 33;
  task.task = "全面优化公开平台";
  task.due = "2022-12-31";
  task.status = TaskStatus::kPartlyMet;
  task.count = 2;
  card.tasks = {task};
  data.scorecard = card;
  TempDir dir("govaudit-xlsx");
  const std::string path = (dir.path() / "findings.xlsx").string();
  ASSERT_TRUE(WriteXlsx(data, path).ok());

  const Book book = Read(path);
  // Department sheets by name; a name Excel refuses ([ ]) is made safe.
  EXPECT_EQ(book.names, (std::vector<std::string>{"问题清单", "市人社局", "市政府办公室_门户_", "市财政局", "工作要点评分"}));
  const std::string& all = book.sheets.at("问题清单");
  EXPECT_NE(all.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos);
  EXPECT_NE(all.find("<autoFilter ref=\"A1:S5\"/>"), std::string::npos);
  EXPECT_EQ(Rows(all), 5);  // header and four findings, the dismissed one included
  EXPECT_EQ(Rows(book.sheets.at("市财政局")), 2);  // its open finding only
  EXPECT_EQ(Rows(book.sheets.at("市人社局")), 2);
  EXPECT_NE(book.sheets.at("市财政局").find("<autoFilter"), std::string::npos);
  EXPECT_EQ(Rows(book.sheets.at("工作要点评分")), 2);

  // 首次发现 (column M): 2026-09-24 10:03:04 Beijing time as an Excel date-time, formatted.
  const long day = Date{2026, 9, 24}.DaysSinceEpoch() + 25569;  // Excel counts from 1899-12-30
  std::smatch m;
  ASSERT_TRUE(std::regex_search(all, m, std::regex("<c r=\"M2\" s=\"([0-9]+)\"><v>([0-9.]+)</v></c>"))) << all;
  EXPECT_EQ(std::stol(m[2].str()), day);
  EXPECT_NEAR(std::stod(m[2].str()) - day, (10 * 3600 + 3 * 60 + 4) / 86400.0, 1e-6);
  ASSERT_TRUE(std::regex_search(all, m, std::regex("<c r=\"N2\" s=\"[0-9]+\"><v>([0-9.]+)</v></c>"))) << all;
  EXPECT_EQ(std::stol(m[1].str()), day + 1);  // 17:30 UTC is the next morning in Beijing
  EXPECT_NE(book.styles.find("formatCode=\"yyyy-mm-dd hh:mm\""), std::string::npos);
  EXPECT_NE(book.styles.find("formatCode=\"yyyy-mm-dd\""), std::string::npos);
  // 整改期限 (column O) a date too.
  EXPECT_TRUE(std::regex_search(all, m, std::regex("<c r=\"O2\" s=\"[0-9]+\"><v>([0-9]+)</v></c>"))) << all;

  // Text: Chinese names and grades; personal data masked; no formula.
  for (const char* text : {"身份证号码未脱敏", "严重表述错误", "否决项", "扣分项", "提示", "AAAA-AAAA", "110101********1233",
                           "139****5678", "'=HYPERLINK", "snapshots/1.html", "全面优化公开平台", "部分完成"}) {
    EXPECT_NE(book.strings.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(book.strings.find("110101199003071233"), std::string::npos);
  EXPECT_EQ(book.strings.find("13912345678"), std::string::npos);
  EXPECT_EQ(book.strings.find("<t>=HYPERLINK"), std::string::npos);
  EXPECT_EQ(all.find("<f>"), std::string::npos);  // no formula cell
}

}  // namespace
}  // namespace govaudit::report
