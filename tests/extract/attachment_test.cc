#include "extract/attachment.h"

#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <list>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/pdf_writer.h"
#include "tests/support/zip_writer.h"

namespace govaudit {
namespace {

// ---------------------------------------------------------------------------------------
// Fixture builders: every attachment is made here at run time.

struct IconvClose {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

std::string Utf8ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::unique_ptr<void, IconvClose> owner(cd);
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t out_left = out.size();
  if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<size_t>(-1)) return {};
  out.resize(out.size() - out_left);
  return out;
}

using ZipBuilder = testing::ZipWriter;
using testing::MakePdf;

constexpr char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
    R"(<Default Extension="xml" ContentType="application/xml"/></Types>)";

// The minimal package: no relationship parts, so the sheet is found by its usual path.
std::string MinimalXlsx() {
  const std::string workbook =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
      R"(<sheets><sheet name="补贴名单" sheetId="1" r:id="rId1"/></sheets></workbook>)";
  const std::string shared =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">)"
      R"(<si><t>姓名</t></si>)"
      R"(<si><t>身份证号</t></si>)"
      // Rich text: the runs make one string; the phonetic guide is not part of it.
      R"(<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三</t></r><rPh sb="0" eb="1"><t>ZHANG</t></rPh></si>)"
      R"(<si><t>A&amp;B_x000D_</t></si>)"
      R"(</sst>)";
  const std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
      R"(<c r="D1" t="inlineStr"><is><t>备注</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>6.40521199001011E+17</v></c>)"
      R"(<c r="D2" t="inlineStr"><is><t>低保户</t></is></c></row>)"
      R"(<row r="4"><c r="A4" t="s"><v>3</v></c><c r="C4" t="b"><v>1</v></c>)"
      R"(<c r="D4" t="str"><f>A4</f><v>公式结果</v></c></row>)"
      R"(</sheetData></worksheet>)";
  return ZipBuilder()
      .Add("[Content_Types].xml", kContentTypes)
      .Add("xl/workbook.xml", workbook)
      .Add("xl/sharedStrings.xml", shared)
      .Add("xl/worksheets/sheet1.xml", sheet)
      .Build();
}

// Two sheets reached through the workbook relationships, with non-conventional part names;
// the second is hidden.
std::string XlsxWithRelationships() {
  const std::string workbook =
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)"
      R"(<sheet name="公示" sheetId="1" r:id="rId7"/>)"
      R"(<sheet name="原始数据" sheetId="2" state="hidden" r:id="rId8"/></sheets></workbook>)";
  const std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/public.xml"/>)"
      R"(<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/raw.xml"/>)"
      R"(</Relationships>)";
  // Prefixed element names, as some generators write them; no shared strings at all.
  const std::string public_sheet =
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
      R"(<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>张*</x:t></x:is></x:c></x:row>)"
      R"(</x:sheetData></x:worksheet>)";
  const std::string raw_sheet =
      R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>张三</t></is></c>)"
      R"(<c r="B1" t="inlineStr"><is><t>13800138000</t></is></c></row></sheetData></worksheet>)";
  return ZipBuilder()
      .Add("[Content_Types].xml", kContentTypes)
      .Add("xl/workbook.xml", workbook)
      .Add("xl/_rels/workbook.xml.rels", rels)
      .Add("xl/worksheets/public.xml", public_sheet)
      .Add("xl/worksheets/raw.xml", raw_sheet)
      .Build();
}

std::string WordDocument(const std::string& body) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
         R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
         R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>)" +
         body + "</w:body></w:document>";
}

std::string Paragraph(const std::string& text) {
  return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>";
}

std::string Cell(const std::string& inner) {
  return "<w:tc><w:tcPr><w:tcW w:w=\"2000\"/></w:tcPr>" + inner + "</w:tc>";
}

std::string SampleDocx() {
  const std::string body =
      // Tab stops in the paragraph properties are layout, not text.
      R"(<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>)"
      R"(<w:r><w:t>关于2023年</w:t></w:r><w:r><w:t xml:space="preserve">补贴发放的公示</w:t></w:r></w:p>)"
      "<w:tbl><w:tblPr/>"
      "<w:tr>" +
      Cell(Paragraph("姓名")) + Cell(Paragraph("身份证号")) + Cell(Paragraph("住址")) +
      "</w:tr>"
      "<w:tr>" +
      Cell(Paragraph("张三")) + Cell(Paragraph("11010519491231002X")) +
      Cell(Paragraph("平潭县") + Paragraph("城关村")) +
      "</w:tr>"
      "</w:tbl>" +
      // A text box: its legacy copy in mc:Fallback must not be read twice.
      R"(<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>文本框</w:t></mc:Choice>)"
      R"(<mc:Fallback><w:t>文本框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>)" +
      Paragraph("&#x7279;&#27530;&lt;公示&gt; &amp; 监督");
  return ZipBuilder()
      .Add("[Content_Types].xml", kContentTypes)
      .Add("word/document.xml", WordDocument(body))
      .Add("word/footer1.xml",
           R"(<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)" +
               Paragraph("联系电话：0591-12345678") + "</w:ftr>")
      .Build();
}

std::string TextPdf() { return MakePdf("BT /F1 12 Tf 72 720 Td (ID 11010519491231002X) Tj ET"); }

// An OLE compound file header followed by a directory entry name, enough for detection.
std::string OleFile(const std::string& stream_name) {
  std::string body("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  body.append(504, '\0');
  for (char c : stream_name) {
    body.push_back(c);
    body.push_back('\0');
  }
  body.append(512, '\0');
  return body;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------
// Format detection.

TEST(DetectAttachmentFormatTest, UsesUrlExtensionIgnoringCaseQueryAndFragment) {
  EXPECT_EQ(DetectAttachmentFormat("http://www.pingtan.gov.cn/a/名单.XLSX?v=2#p1", "", ""),
            AttachmentFormat::kXlsx);
  EXPECT_EQ(DetectAttachmentFormat("https://x.gov.cn/upload/2020/file.Pdf", "text/html", ""),
            AttachmentFormat::kPdf);
  EXPECT_EQ(DetectAttachmentFormat("/files/notice.wps", "", ""), AttachmentFormat::kWps);
  EXPECT_EQ(DetectAttachmentFormat("/files/book.et", "", ""), AttachmentFormat::kEt);
}

TEST(DetectAttachmentFormatTest, FallsBackToMagicBytesWithoutExtension) {
  EXPECT_EQ(DetectAttachmentFormat("http://x.gov.cn/download.jsp?id=3", "application/octet-stream",
                                   TextPdf()),
            AttachmentFormat::kPdf);
  EXPECT_EQ(DetectAttachmentFormat("http://x.gov.cn/download?id=4", "", OleFile("WordDocument")),
            AttachmentFormat::kDoc);
  EXPECT_EQ(DetectAttachmentFormat("http://x.gov.cn/download?id=5", "", OleFile("Workbook")),
            AttachmentFormat::kXls);
  EXPECT_EQ(
      DetectAttachmentFormat("http://x.gov.cn/download?id=6", "application/zip", MinimalXlsx()),
      AttachmentFormat::kXlsx);
  EXPECT_EQ(DetectAttachmentFormat("http://x.gov.cn/download?id=7", "", SampleDocx()),
            AttachmentFormat::kDocx);
  EXPECT_EQ(DetectAttachmentFormat("http://x.gov.cn/download?id=8", "",
                                   ZipBuilder().Add("a.csv", "x,y\n").Build()),
            AttachmentFormat::kZip);
}

TEST(DetectAttachmentFormatTest, FallsBackToContentTypeWithoutExtensionOrMagic) {
  EXPECT_EQ(
      DetectAttachmentFormat("http://x.gov.cn/getfile?id=1", "text/csv; charset=GBK", "a,b\n"),
      AttachmentFormat::kCsv);
  EXPECT_EQ(DetectAttachmentFormat("http://x.gov.cn/getfile?id=2", "Application/MSWord", "xx"),
            AttachmentFormat::kDoc);
  EXPECT_EQ(DetectAttachmentFormat("http://x.gov.cn/getfile?id=3", "text/html", "<html></html>"),
            AttachmentFormat::kUnknown);
}

TEST(DetectAttachmentFormatTest, HostNameIsNotAnExtension) {
  EXPECT_EQ(DetectAttachmentFormat("http://www.example.gov.cn", "", ""),
            AttachmentFormat::kUnknown);
  EXPECT_FALSE(IsAttachmentUrl("http://www.example.gov.cn"));
  EXPECT_FALSE(IsAttachmentUrl("http://rar.example.cn/"));
}

TEST(IsAttachmentUrlTest, RecognisesDocumentAndArchiveExtensions) {
  for (const char* url :
       {"/a.pdf", "/a.doc", "/a.DOCX", "/a.xls", "/a.xlsx", "/a.csv", "/a.txt", "/a.wps", "/a.et",
        "/a.zip", "/a.rar?x=1", "http://h.cn/d/附件1.pdf#page=2"}) {
    EXPECT_TRUE(IsAttachmentUrl(url)) << url;
  }
  for (const char* url :
       {"/a.html", "/a.jpg", "/a.pdf.html", "/download.jsp?file=a.pdf", "/dir.pdf/", "/a"}) {
    EXPECT_FALSE(IsAttachmentUrl(url)) << url;
  }
}

TEST(FormatNameTest, NamesEachFormat) {
  EXPECT_EQ(FormatName(AttachmentFormat::kCsv), "csv");
  EXPECT_EQ(FormatName(AttachmentFormat::kXlsx), "xlsx");
  EXPECT_EQ(FormatName(AttachmentFormat::kDocx), "docx");
  EXPECT_EQ(FormatName(AttachmentFormat::kEt), "et");
  EXPECT_EQ(FormatName(AttachmentFormat::kUnknown), "unknown");
}

// ---------------------------------------------------------------------------------------
// CSV and TXT.

const char kRecipientsCsv[] =
    "姓名,身份证号,地址,金额\r\n"
    "张三,\"110105194912310021\",\"北京市,朝阳区\",1000\r\n"
    "李四,\"11010519491231002X\",\"多行\n地址\",800\r\n"
    "\"王\"\"五\"\"\",350102198001011234,平潭县,\r\n";

TEST(ExtractCsvTest, DecodesGbkFromHeaderAndParsesQuotedFields) {
  const std::string gbk = Utf8ToGbk(kRecipientsCsv);
  ASSERT_FALSE(gbk.empty());
  ASSERT_NE(gbk, kRecipientsCsv);
  const AttachmentText r =
      ExtractAttachmentText("http://x.gov.cn/files/名单.csv", "text/csv; charset=GBK", gbk);
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  ASSERT_EQ(r.tables.size(), 1u);
  const AttachmentTable& t = r.tables[0];
  EXPECT_EQ(t.name, "名单.csv");
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.header_row, 0);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"姓名", "身份证号", "地址", "金额"}));
  EXPECT_EQ(t.rows[1][2], "北京市,朝阳区");
  EXPECT_EQ(t.rows[2][2], "多行\n地址");
  EXPECT_EQ(t.rows[3][0], "王\"五\"");
  EXPECT_EQ(t.rows[3].size(), 4u);  // the trailing empty field is a column
  EXPECT_TRUE(Contains(r.text, "张三\t110105194912310021\t北京市,朝阳区\t1000\n"));
  EXPECT_TRUE(Contains(r.text, "李四\t11010519491231002X\t多行 地址\t800"));
  EXPECT_FALSE(r.truncated);
}

TEST(ExtractCsvTest, DetectsGbkWithoutCharsetLabel) {
  std::string csv = "序号,姓名,身份证号码,家庭住址,补贴金额（元）\r\n";
  const char* names[] = {"张三", "李四", "王五", "赵六", "陈七", "林八", "黄九", "吴十"};
  for (int i = 0; i < 8; ++i) {
    csv += std::to_string(i + 1) + "," + names[i] + ",35010219800101123" + std::to_string(i) +
           ",福建省平潭综合实验区潭城镇城关村,1500\r\n";
  }
  const AttachmentText r = ExtractAttachmentText("/a.csv", "", Utf8ToGbk(csv));
  ASSERT_TRUE(r.inspected);
  ASSERT_EQ(r.tables.size(), 1u);
  ASSERT_EQ(r.tables[0].rows.size(), 9u);
  EXPECT_EQ(r.tables[0].rows[0][4], "补贴金额（元）");
  EXPECT_EQ(r.tables[0].rows[3][3], "福建省平潭综合实验区潭城镇城关村");
}

TEST(ExtractCsvTest, SplitsOnTabsWhenTabsDominate) {
  const AttachmentText r = ExtractAttachmentText("/a.csv", "text/csv; charset=utf-8",
                                                 "姓名\t电话\t备注\n张三\t13800138000\t有,逗号\n");
  ASSERT_TRUE(r.inspected);
  ASSERT_EQ(r.tables[0].rows.size(), 2u);
  EXPECT_EQ(r.tables[0].rows[1], (std::vector<std::string>{"张三", "13800138000", "有,逗号"}));
}

TEST(ExtractCsvTest, HeaderRowIsFirstNonEmptyRow) {
  const AttachmentText r =
      ExtractAttachmentText("/a.csv", "text/csv; charset=utf-8", "\n,,\n序号,姓名\n1,王五\n");
  ASSERT_TRUE(r.inspected);
  ASSERT_EQ(r.tables[0].rows.size(), 4u);
  EXPECT_TRUE(r.tables[0].rows[0].empty());
  EXPECT_EQ(r.tables[0].header_row, 2);
  EXPECT_EQ(r.text, "序号\t姓名\n1\t王五");
}

TEST(ExtractCsvTest, TabSeparatedTextServedAsXlsIsReadAsTable) {
  const AttachmentText r = ExtractAttachmentText("/export.xls", "application/vnd.ms-excel",
                                                 "姓名\t身份证号\n张三\t11010519491231002X\n");
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].rows[1][1], "11010519491231002X");
}

TEST(ExtractTxtTest, DecodesGbkTextWithoutTables) {
  const AttachmentText r =
      ExtractAttachmentText("/readme.txt", "text/plain; charset=gbk",
                            Utf8ToGbk("拟聘用人员：张三\r\n电话：13800138000\r\n"));
  ASSERT_TRUE(r.inspected);
  EXPECT_TRUE(r.tables.empty());
  EXPECT_EQ(r.text, "拟聘用人员：张三\n电话：13800138000");
}

// ---------------------------------------------------------------------------------------
// XLSX.

TEST(ExtractXlsxTest, ReadsSharedInlineAndNumericCellsInTheirColumns) {
  const AttachmentText r = ExtractAttachmentText("http://x.gov.cn/f/名单.xlsx", "", MinimalXlsx());
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  ASSERT_EQ(r.tables.size(), 1u);
  const AttachmentTable& t = r.tables[0];
  EXPECT_EQ(t.name, "补贴名单");
  EXPECT_FALSE(t.hidden);
  EXPECT_EQ(t.header_row, 0);
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"姓名", "身份证号", "", "备注"}));
  // The number is kept as stored: no reformatting that would hide the lost digits.
  EXPECT_EQ(t.rows[1], (std::vector<std::string>{"张三", "6.40521199001011E+17", "", "低保户"}));
  EXPECT_TRUE(t.rows[2].empty());  // row 3 is absent from the file
  EXPECT_EQ(t.rows[3], (std::vector<std::string>{"A&B\r", "", "TRUE", "公式结果"}));
  EXPECT_TRUE(Contains(r.text, "姓名\t身份证号\t\t备注\n张三\t6.40521199001011E+17\t\t低保户\n"));
  EXPECT_FALSE(Contains(r.text, "ZHANG"));
}

TEST(ExtractXlsxTest, FollowsWorkbookRelationshipsAndMarksHiddenSheets) {
  const AttachmentText r = ExtractAttachmentText("/a.xlsx", "", XlsxWithRelationships());
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  ASSERT_EQ(r.tables.size(), 2u);
  EXPECT_EQ(r.tables[0].name, "公示");
  EXPECT_FALSE(r.tables[0].hidden);
  EXPECT_EQ(r.tables[0].rows, (std::vector<std::vector<std::string>>{{"张*"}}));
  EXPECT_EQ(r.tables[1].name, "原始数据");
  EXPECT_TRUE(r.tables[1].hidden);
  EXPECT_EQ(r.tables[1].rows, (std::vector<std::vector<std::string>>{{"张三", "13800138000"}}));
  EXPECT_EQ(r.text, "张*\n张三\t13800138000");
}

TEST(ExtractXlsxTest, KeepsRowsOfATruncatedSheetPart) {
  const std::string sheet =
      R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row>)"
      R"(<row r="2"><c r="B2" t="inlineStr"><is><t>乙</t></is></c></row><row r="3"><c r="A3" t="inl)";
  const std::string xlsx = ZipBuilder().Add("xl/worksheets/sheet1.xml", sheet).Build();
  const AttachmentText r = ExtractAttachmentText("/a.xlsx", "", xlsx);
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].name, "sheet1");
  ASSERT_GE(r.tables[0].rows.size(), 2u);
  EXPECT_EQ(r.tables[0].rows[1], (std::vector<std::string>{"", "乙"}));
}

TEST(ExtractXlsxTest, PackageWithoutWorksheetsIsNotInspected) {
  const AttachmentText r = ExtractAttachmentText(
      "/a.xlsx", "", ZipBuilder().Add("[Content_Types].xml", kContentTypes).Build());
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "no worksheets")) << r.not_inspected_reason;
}

// ---------------------------------------------------------------------------------------
// DOCX.

TEST(ExtractDocxTest, ReadsParagraphsAndTablesInDocumentOrder) {
  const AttachmentText r = ExtractAttachmentText("/公示.docx", "", SampleDocx());
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].name, "table 1");
  EXPECT_EQ(r.tables[0].header_row, 0);
  ASSERT_EQ(r.tables[0].rows.size(), 2u);
  EXPECT_EQ(r.tables[0].rows[0], (std::vector<std::string>{"姓名", "身份证号", "住址"}));
  EXPECT_EQ(r.tables[0].rows[1],
            (std::vector<std::string>{"张三", "11010519491231002X", "平潭县 城关村"}));
  EXPECT_EQ(r.text,
            "关于2023年补贴发放的公示\n"
            "姓名\t身份证号\t住址\n"
            "张三\t11010519491231002X\t平潭县 城关村\n"
            "文本框\n"
            "特殊<公示> & 监督\n"
            "联系电话：0591-12345678");
}

TEST(ExtractDocxTest, NestedTableTextStaysInItsCell) {
  const std::string inner =
      "<w:tbl><w:tr>" + Cell(Paragraph("内1")) + Cell(Paragraph("内2")) + "</w:tr></w:tbl>";
  const std::string body =
      "<w:tbl><w:tr>" + Cell(Paragraph("外")) + Cell(inner + "<w:p/>") + "</w:tr></w:tbl>";
  const AttachmentText r = ExtractAttachmentText(
      "/a.docx", "", ZipBuilder().Add("word/document.xml", WordDocument(body)).Build());
  ASSERT_TRUE(r.inspected);
  ASSERT_EQ(r.tables.size(), 2u);
  EXPECT_EQ(r.tables[0].rows, (std::vector<std::vector<std::string>>{{"外", "内1 内2"}}));
  EXPECT_EQ(r.tables[1].rows, (std::vector<std::vector<std::string>>{{"内1", "内2"}}));
  EXPECT_EQ(r.text, "外\t内1 内2");
}

TEST(ExtractDocxTest, DocxBytesServedUnderDocNameAreRead) {
  const AttachmentText r = ExtractAttachmentText("/公示.doc", "application/msword", SampleDocx());
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  EXPECT_TRUE(Contains(r.text, "11010519491231002X"));
}

// ---------------------------------------------------------------------------------------
// PDF.

TEST(ExtractPdfTest, ExtractsTextOfHandWrittenPdf) {
  const AttachmentText r = ExtractAttachmentText("/a.pdf", "application/pdf", TextPdf());
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  EXPECT_TRUE(Contains(r.text, "ID 11010519491231002X")) << r.text;
  EXPECT_TRUE(r.tables.empty());
}

TEST(ExtractPdfTest, EncryptedPdfIsNotInspected) {
  const AttachmentText r = ExtractAttachmentText(
      "/a.pdf", "", MakePdf("BT /F1 12 Tf 72 720 Td (secret) Tj ET", /*encrypted=*/true));
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "encrypted")) << r.not_inspected_reason;
}

TEST(ExtractPdfTest, PdfWithoutTextLayerIsNotInspected) {
  const AttachmentText r = ExtractAttachmentText("/scan.pdf", "", MakePdf("0 0 m 100 100 l S"));
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "no text layer")) << r.not_inspected_reason;
}

TEST(ExtractPdfTest, GarbageAfterPdfHeaderIsNotInspected) {
  const AttachmentText r =
      ExtractAttachmentText("/a.pdf", "", "%PDF-1.4\n\x01\x02 garbage with no objects");
  EXPECT_FALSE(r.inspected);
  EXPECT_FALSE(r.not_inspected_reason.empty());
}

TEST(ExtractPdfTest, HtmlErrorPageUnderPdfNameIsReportedAsSuch) {
  const AttachmentText r = ExtractAttachmentText(
      "/a.pdf", "text/html",
      "<!DOCTYPE html><html><head><title>404</title></head><body>文件不存在</body></html>");
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "HTML page")) << r.not_inspected_reason;
}

// ---------------------------------------------------------------------------------------
// ZIP.

TEST(ExtractZipTest, ReadsDocumentEntriesWithGbkNamesAndListsTheRest) {
  const std::string zip =
      ZipBuilder()
          .Add(Utf8ToGbk("补贴名单.csv"), Utf8ToGbk(kRecipientsCsv), /*raw_name=*/true)
          .Add("说明.doc", OleFile("WordDocument"))
          .Add("照片.jpg", "\xFF\xD8\xFF\xE0")
          .Add("__MACOSX/._补贴名单.csv", "junk")
          .Add("sub/", "")
          .Add("sub/表.xlsx", MinimalXlsx())
          .Build();
  ASSERT_TRUE(Contains(zip, Utf8ToGbk("补贴名单.csv")));  // the name really is stored as GBK
  const AttachmentText r = ExtractAttachmentText("/files/附件.zip", "application/zip", zip);
  ASSERT_TRUE(r.inspected) << r.not_inspected_reason;
  EXPECT_EQ(r.parts, (std::vector<std::string>{"补贴名单.csv", "sub/表.xlsx"}));
  ASSERT_EQ(r.tables.size(), 2u);
  EXPECT_EQ(r.tables[0].name, "补贴名单.csv");
  ASSERT_EQ(r.tables[0].rows.size(), 4u);
  EXPECT_EQ(r.tables[0].rows[1][1], "110105194912310021");
  EXPECT_EQ(r.tables[1].name, "sub/表.xlsx/补贴名单");
  EXPECT_TRUE(Contains(r.text, "李四\t11010519491231002X"));
  EXPECT_TRUE(Contains(r.text, "张三\t6.40521199001011E+17"));
  ASSERT_EQ(r.skipped_parts.size(), 2u);
  EXPECT_TRUE(Contains(r.skipped_parts[0], "说明.doc: old binary Word .doc")) << r.skipped_parts[0];
  EXPECT_TRUE(Contains(r.skipped_parts[1], "照片.jpg")) << r.skipped_parts[1];
}

TEST(ExtractZipTest, ZipWithOnlyUnreadableEntriesIsNotInspected) {
  const std::string zip =
      ZipBuilder().Add("a.xls", OleFile("Workbook")).Add("b.rar", "Rar!\x1A\x07").Build();
  const AttachmentText r = ExtractAttachmentText("/a.zip", "", zip);
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "no readable document")) << r.not_inspected_reason;
  EXPECT_TRUE(Contains(r.not_inspected_reason, ".xls")) << r.not_inspected_reason;
  EXPECT_TRUE(r.parts.empty());
}

TEST(ExtractZipTest, ArchiveInsideArchiveIsNotUnpacked) {
  const std::string inner = ZipBuilder().Add("deep.csv", "a,b\n").Build();
  const std::string zip = ZipBuilder().Add("inner.zip", inner).Add("top.txt", "顶层").Build();
  const AttachmentText r = ExtractAttachmentText("/a.zip", "", zip);
  ASSERT_TRUE(r.inspected);
  EXPECT_EQ(r.parts, (std::vector<std::string>{"top.txt"}));
  EXPECT_EQ(r.text, "顶层");
  ASSERT_EQ(r.skipped_parts.size(), 1u);
  EXPECT_TRUE(Contains(r.skipped_parts[0], "inner.zip: archive inside an archive"))
      << r.skipped_parts[0];
}

TEST(ExtractZipTest, UnpackedSizeCapStopsZipBomb) {
  std::string big(60u << 20, 'a');  // compresses to a few tens of kilobytes
  const std::string zip = ZipBuilder().Add("bomb.txt", std::move(big)).Build();
  ASSERT_LT(zip.size(), 1u << 20);
  const AttachmentText r = ExtractAttachmentText("/a.zip", "", zip);
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(r.truncated);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "50 MB")) << r.not_inspected_reason;
}

// ---------------------------------------------------------------------------------------
// Formats that are not read, and damaged input.

TEST(ExtractAttachmentTextTest, OldBinaryFormatsAreNotInspectedWithReason) {
  AttachmentText r = ExtractAttachmentText("/名单.xls", "", OleFile("Workbook"));
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "old binary Excel .xls")) << r.not_inspected_reason;
  EXPECT_TRUE(Contains(r.not_inspected_reason, "convert to .xlsx")) << r.not_inspected_reason;

  r = ExtractAttachmentText("/download?id=9", "", OleFile("WordDocument"));
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, ".doc")) << r.not_inspected_reason;

  r = ExtractAttachmentText("/a.wps", "", OleFile("WordDocument"));
  EXPECT_TRUE(Contains(r.not_inspected_reason, "WPS")) << r.not_inspected_reason;

  r = ExtractAttachmentText("/a.rar", "", std::string("Rar!\x1A\x07\x01\x00", 8));
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "RAR")) << r.not_inspected_reason;

  r = ExtractAttachmentText("/a.doc", "", "{\\rtf1\\ansi 张三}");
  EXPECT_FALSE(r.inspected);
  EXPECT_TRUE(Contains(r.not_inspected_reason, "RTF")) << r.not_inspected_reason;
}

TEST(ExtractAttachmentTextTest, CorruptInputIsNotInspected) {
  std::string xlsx = MinimalXlsx();
  const std::string half = xlsx.substr(0, xlsx.size() / 2);
  struct Case {
    const char* url;
    std::string body;
  };
  std::mt19937 rng(42);
  std::string random(4096, '\0');
  for (char& c : random) c = static_cast<char>(rng());
  const Case cases[] = {
      {"/a.xlsx", half},        {"/a.zip", half},          {"/a.docx", random}, {"/a.xlsx", random},
      {"/a.zip", random},       {"/a.pdf", random},        {"/a.pdf", ""},      {"/a.bin", random},
      {"/a.zip", "PK\x03\x04"}, {"/a.docx", "PK\x05\x06"},
  };
  for (const Case& c : cases) {
    const AttachmentText r = ExtractAttachmentText(c.url, "", c.body);
    EXPECT_FALSE(r.inspected) << c.url;
    EXPECT_FALSE(r.not_inspected_reason.empty()) << c.url;
  }
  EXPECT_TRUE(
      Contains(ExtractAttachmentText("/a.zip", "", half).not_inspected_reason, "corrupt zip"));
}

// Cut and damaged copies of every fixture must come back as a value, never a crash.
TEST(ExtractAttachmentTextTest, SurvivesTruncatedAndBitFlippedFixtures) {
  const std::vector<std::pair<std::string, std::string>> fixtures = {
      {"/a.xlsx", MinimalXlsx()},
      {"/a.docx", SampleDocx()},
      {"/a.pdf", TextPdf()},
      {"/a.zip", ZipBuilder().Add("x.csv", "a,\"b\nc\",d\n").Add("y.docx", SampleDocx()).Build()},
      {"/a.csv", Utf8ToGbk(kRecipientsCsv)},
  };
  std::mt19937 rng(7);
  int calls = 0;
  for (const auto& [url, bytes] : fixtures) {
    for (size_t cut = 0; cut < bytes.size(); cut += std::max<size_t>(1, bytes.size() / 40)) {
      const AttachmentText r =
          ExtractAttachmentText(url, "", std::string_view(bytes).substr(0, cut));
      EXPECT_TRUE(r.inspected || !r.not_inspected_reason.empty()) << url << " cut at " << cut;
      ++calls;
    }
    for (int i = 0; i < 40; ++i) {
      std::string damaged = bytes;
      for (int k = 0; k < 8; ++k) damaged[rng() % damaged.size()] = static_cast<char>(rng());
      const AttachmentText r = ExtractAttachmentText(url, "", damaged);
      EXPECT_TRUE(r.inspected || !r.not_inspected_reason.empty()) << url;
      ++calls;
    }
  }
  EXPECT_GT(calls, 300);
}

TEST(ExtractAttachmentTextTest, EmptyBodyIsNotInspected) {
  const AttachmentText r = ExtractAttachmentText("/a.csv", "text/csv", "");
  EXPECT_FALSE(r.inspected);
  EXPECT_EQ(r.not_inspected_reason, "empty file");
}

TEST(ExtractAttachmentTextTest, TextIsCappedAt20Megabytes) {
  std::string big;
  big.reserve(22u << 20);
  while (big.size() < (21u << 20)) big += "拟聘用人员名单 张三 13800138000\n";
  const AttachmentText r = ExtractAttachmentText("/a.txt", "text/plain; charset=utf-8", big);
  ASSERT_TRUE(r.inspected);
  EXPECT_TRUE(r.truncated);
  EXPECT_LE(r.text.size(), 20u << 20);
  EXPECT_GT(r.text.size(), 19u << 20);
}

// A few hundred bytes whose cross-reference stream declares ten million objects: poppler would
// allocate about 400 MB for its object table before reading a page.
TEST(AttachmentTextTest, PdfDeclaringMillionsOfObjectsIsRefusedBeforePopplerSeesIt) {
  std::string pdf = "%PDF-1.5\n";
  std::vector<size_t> offsets;
  for (const char* obj : {"<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1000000000>>",
                          "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>"}) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj" + obj + "endobj\n";
  }
  const size_t xref = pdf.size();
  std::string rows("\x00\x00\x00\x00", 4);
  for (size_t o : offsets) rows += std::string{'\x01', static_cast<char>(o >> 8), static_cast<char>(o & 0xFF), '\0'};
  rows += std::string{'\x01', static_cast<char>(xref >> 8), static_cast<char>(xref & 0xFF), '\0'};
  pdf += "4 0 obj<</Type/XRef/Size 10000000/W[1 2 1]/Index[0 5]/Root 1 0 R/Length " + std::to_string(rows.size()) +
         ">>stream\n" + rows + "\nendstream endobj\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  ASSERT_LT(pdf.size(), 400u);
  const auto started = std::chrono::steady_clock::now();
  AttachmentText t = ExtractAttachmentText("https://www.example.gov.cn/a.pdf", "application/pdf", pdf);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  EXPECT_FALSE(t.inspected);
  EXPECT_NE(t.not_inspected_reason.find("declares 10000000 objects"), std::string::npos) << t.not_inspected_reason;
}

}  // namespace
}  // namespace govaudit
