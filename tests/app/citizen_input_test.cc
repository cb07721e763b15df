// Reading the 我为政府网站找错 platform's export, as CSV (with a BOM, columns in any order) and as
// XLSX (inline strings, an Excel date serial), and the errors that name what is missing.
#include <gtest/gtest.h>

#include "app/verify.h"
#include "tests/support/zip_writer.h"

namespace govaudit {
namespace {

TEST(CitizenInputTest, CsvColumnsFoundByTheirHeaderWords) {
  const std::string csv =
      "\xEF\xBB\xBF序号,留言时间,问题类型,问题描述,问题页面网址,网站名称,留言编号\r\n"
      "1,2026-09-21 10:30:00,错链断链,首页链接打不开,http://WWW.Shifan.gov.cn:80/index.html,示范县,JC001\r\n"
      "2,2026年9月22日,错别字,\"文中“工做”应为“工作”，请修改\",http://www.shifan.gov.cn/a.html,示范县,JC002\r\n"
      ",,,,,,\r\n"
      "3,,隐私泄露,,http://www.shifan.gov.cn/b.html,示范县,\r\n";
  auto reports = ParseCitizenReports(csv, "reports.csv");
  ASSERT_TRUE(reports.ok()) << reports.status().message();
  ASSERT_EQ(reports->size(), 3u);  // the blank line is skipped
  const CitizenReport& first = (*reports)[0];
  EXPECT_EQ(first.id, "JC001");
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.url, "http://www.shifan.gov.cn/index.html");  // normalised
  EXPECT_EQ(first.type, ReportType::kBrokenLink);
  EXPECT_EQ(first.description, "首页链接打不开");
  ASSERT_TRUE(first.reported.has_value());
  EXPECT_EQ(*first.reported, (Date{2026, 9, 21}));
  EXPECT_EQ((*reports)[1].type, ReportType::kTypo);
  EXPECT_EQ((*reports)[1].description, "文中“工做”应为“工作”，请修改");
  EXPECT_EQ(*(*reports)[1].reported, (Date{2026, 9, 22}));
  EXPECT_EQ((*reports)[2].type, ReportType::kPii);
  EXPECT_EQ((*reports)[2].line, 5);
  EXPECT_FALSE((*reports)[2].reported.has_value());
}

TEST(CitizenInputTest, XlsxWithAnExcelDate) {
  const std::string sheet =
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="B1" t="inlineStr"><is><t>网址</t></is></c>)"
      R"(<c r="C1" t="inlineStr"><is><t>问题类型</t></is></c><c r="D1" t="inlineStr"><is><t>提交时间</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="inlineStr"><is><t>ZC9</t></is></c>)"
      R"(<c r="B2" t="inlineStr"><is><t>https://www.shifan.gov.cn/c.html</t></is></c>)"
      R"(<c r="C2" t="inlineStr"><is><t>信息不更新</t></is></c><c r="D2" s="1"><v>46289.4375</v></c></row>)"
      R"(</sheetData></worksheet>)";
  const std::string xlsx = testing::ZipWriter()
                               .Add("[Content_Types].xml", "<Types/>")
                               .Add("xl/workbook.xml",
                                    R"(<workbook xmlns:r="r"><sheets><sheet name="纠错" sheetId="1" r:id="rId1"/></sheets></workbook>)")
                               .Add("xl/worksheets/sheet1.xml", sheet)
                               .Build();
  auto reports = ParseCitizenReports(xlsx, "export.xlsx");
  ASSERT_TRUE(reports.ok()) << reports.status().message();
  ASSERT_EQ(reports->size(), 1u);
  EXPECT_EQ((*reports)[0].id, "ZC9");
  EXPECT_EQ((*reports)[0].type, ReportType::kStale);
  ASSERT_TRUE((*reports)[0].reported.has_value());
  EXPECT_EQ(*(*reports)[0].reported, (Date{2026, 9, 24}));  // Excel day 46289
}

TEST(CitizenInputTest, ErrorsNameTheFileAndTheMissingColumns) {
  auto none = ParseCitizenReports("编号,描述\n1,x\n", "r.csv");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(),
            "r.csv: no header row names the columns 问题页面网址（网址 / URL）、问题类型 (the 我为政府网站找错 export, or a "
            "sheet with those headers)");
  auto pdf = ParseCitizenReports("%PDF-1.4\n", "r.pdf");
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().message(), "r.pdf: expected the platform's export as CSV or XLSX, got pdf");
  auto missing = ReadCitizenReports("/nonexistent/reports.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/reports.csv"), std::string::npos);
}

}  // namespace
}  // namespace govaudit
