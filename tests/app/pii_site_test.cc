// End to end: the pii-site fixture (tests/fixtures/pii-site) served on 127.0.0.1 and
// audited by the govaudit command. Every planted personal value is reported on the right
// page or attachment, no look-alike is, attachments that cannot be read are listed, the
// robots-disallowed page is never requested, and no output (reports, database, log)
// holds a full value.
#include <gtest/gtest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/demo_server.h"
#include "tests/support/full_width.h"
#include "tests/support/loopback_server.h"
#include "tests/support/pdf_writer.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"
#include "tests/support/zip_writer.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::FullWidth, testing::MakePdf, testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit,
    testing::TempDir;

// ---- Attachments, made at run time into a copy of the fixture site ----------------------

const std::string kCsvPath = "gsgg/202305/P020230512_mingdan.csv";
const std::string kXlsxPath = "gsgg/202305/P020230512_mingdan.xlsx";
const std::string kPdfPath = "gsgg/202309/P020230905_jiuzhu.pdf";
const std::string kXlsPath = "gsgg/202310/P020231010_old.xls";
const std::string kRarPath = "gsgg/202310/P020231010_fujian.rar";

const std::string kPageA = "gsgg/202305/t20230512_1001.html";  // recipients table
const std::string kPageB = "gsgg/202306/t20230601_1002.html";  // hiring notice, mobiles
const std::string kPageC = "gsgg/202307/t20230715_1003.html";  // relief: card, 住址：, full-width ID
const std::string kPageD = "gsgg/202308/t20230820_1004.html";  // compliant masks and look-alikes
const std::string kPageE = "gsgg/202309/t20230905_1005.html";  // under-masked values
const std::string kPageF = "gsgg/202310/t20231010_1006.html";  // split digits
const std::string kRobotsPage = "nbgl/2023/neibu_mingdan.html";

// GBK, as Chinese offices export CSV from Excel.
constexpr char kCsvUtf8[] =
    "序号,姓名,身份证号码,银行卡号,补贴金额（元）\r\n"
    "1,何建军,640521198506170387,6217002200001234564,1187.50\r\n"
    "2,马秀梅,640522199201280447,6230591004005566777,760.00\r\n"
    "3,张*,640521********1234,6222********1234,500.00\r\n";

std::string Utf8ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return {};
  out.resize(out.size() - out_left);
  return out;
}

// A spreadsheet whose strings (the ID numbers too, as Excel stores long numbers typed as
// text) are in the shared-strings part.
bool WriteXlsx(const std::string& path) {
  const std::vector<std::string> strings = {
      "序号", "姓名", "公民身份号码", "联系电话", "家庭住址", "金额（元）",
      "田志刚", "640502197709050613", "15909551357", "中宁县石空镇倪丁村5队",
      "白凤英", "640521196902140279", "139****5678", "沙坡头区滨河镇***"};
  std::string sst = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="14" uniqueCount="14">)";
  for (const std::string& s : strings) sst += "<si><t>" + s + "</t></si>";
  sst += "</sst>";
  auto s = [](const char* ref, int index) {
    return std::string("<c r=\"") + ref + "\" t=\"s\"><v>" + std::to_string(index) + "</v></c>";
  };
  auto n = [](const char* ref, const char* value) { return std::string("<c r=\"") + ref + "\"><v>" + value + "</v></c>"; };
  const std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
      "<row r=\"1\">" + s("A1", 0) + s("B1", 1) + s("C1", 2) + s("D1", 3) + s("E1", 4) + s("F1", 5) + "</row>" +
      "<row r=\"2\">" + n("A2", "1") + s("B2", 6) + s("C2", 7) + s("D2", 8) + s("E2", 9) + n("F2", "969") + "</row>" +
      "<row r=\"3\">" + n("A3", "2") + s("B3", 10) + s("C3", 11) + s("D3", 12) + s("E3", 13) + n("F3", "570") +
      "</row></sheetData></worksheet>";
  const std::string workbook =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
      R"(<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>)";
  const std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
      R"(</Relationships>)";
  const std::string types =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
      R"(</Types>)";
  const std::vector<std::pair<std::string, const std::string*>> parts = {
      {"[Content_Types].xml", &types},           {"xl/workbook.xml", &workbook},
      {"xl/_rels/workbook.xml.rels", &rels},     {"xl/sharedStrings.xml", &sst},
      {"xl/worksheets/sheet1.xml", &sheet}};
  testing::ZipWriter zip;
  for (const auto& [name, data] : parts) zip.Add(name, *data);
  std::ofstream(path, std::ios::binary) << zip.Build();
  return std::filesystem::exists(path);
}

// The header of an OLE compound file (old binary .xls) with its "Workbook" stream name.
std::string OldXls() {
  std::string body("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  body.append(504, '\0');
  for (char c : std::string("Workbook")) {
    body.push_back(c);
    body.push_back('\0');
  }
  body.append(512, '\0');
  return body;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// ---- The planted values ------------------------------------------------------------------

// Every personal value planted in the site, as written. None may appear in any output.
std::vector<std::string> PlantedValues() {
  return {
      // page A: recipients table
      "640502196308150213", "640502197103090522", "640502195804110267", "64050219600723013X",
      "沙坡头区宣和镇张洪村三组", "沙坡头区镇罗镇观音村5队26号", "沙坡头区柔远镇沙坡头村二组18号",
      // page B: mobiles with +86 and separators
      "+86 139-0955-1234", "138 0955 6677", "+86-150-0955-8899", "18609553311",
      // page C: full-width ID, 住址： in text, card next to 银行卡号
      FullWidth("640502198204260193"), "中卫市沙坡头区文昌镇南苑社区12号楼3单元502室", "6228 4800 1234 5678 010",
      // page E: masked, but too little
      "640522198807**2315", "1580955**67",
      // page F: one ID split by inline tags inside its cell
      "640521197508180461",
      // the robots-disallowed page
      "640502196611010280",
      // CSV, XLSX, PDF attachments
      "640521198506170387", "640522199201280447", "6217002200001234564", "6230591004005566777",
      "640502197709050613", "640521196902140279", "15909551357", "中宁县石空镇倪丁村5队",
      "640522198807120355"};
}

// The same values with separators and prefixes removed, full-width digits folded, and the
// identifying part of each address (below the township).
std::vector<std::string> NormalisedValues() {
  return {"13909551234", "13809556677", "15009558899", "640502198204260193", "6228480012345678010",
          "6405221988072315", "158095567", "张洪村三组", "观音村5队26号", "沙坡头村二组18号",
          "南苑社区12号楼", "倪丁村5队"};
}

// ---- The audit, run once per test process ------------------------------------------------

struct Audit {
  std::unique_ptr<TempDir> dir;
  std::unique_ptr<LoopbackServer> site;
  std::mutex mutex;
  std::map<std::string, int> requests;  // path -> count
  testing::CommandResult result;
  std::string Url(const std::string& path) const { return site->Url("/" + path); }
  int Requests(const std::string& path) {
    std::lock_guard lock(mutex);
    auto it = requests.find("/" + path);
    return it == requests.end() ? 0 : it->second;
  }
};

class PiiSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    audit_ = new Audit;
    audit_->dir = std::make_unique<TempDir>("govaudit-pii-site");
    const fs::path root = audit_->dir->path() / "site";
    fs::copy(fs::path(GOVAUDIT_FIXTURES_DIR) / "pii-site", root, fs::copy_options::recursive);
    WriteFile(root / kCsvPath, Utf8ToGbk(kCsvUtf8));
    ASSERT_TRUE(WriteXlsx((root / kXlsxPath).string()));
    WriteFile(root / kPdfPath,
              MakePdf("BT /F1 12 Tf 72 720 Td (Gaoling jintie mingdan, di san pi) Tj 0 -20 Td "
                      "(Liu, ID 640522198807120355, 2023-09-05) Tj ET"));
    WriteFile(root / kXlsPath, OldXls());
    WriteFile(root / kRarPath, std::string("Rar!\x1A\x07\x01\x00", 8) + std::string(64, '\x11'));

    audit_->site = std::make_unique<LoopbackServer>();
    Audit* a = audit_;
    audit_->site->server().Get(".*", [a, root](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(a->mutex);
        a->requests[req.path]++;
      }
      std::string path = req.path.substr(1);
      if (path.empty()) path = "index.html";
      if (path.find("..") != std::string::npos || !fs::is_regular_file(root / path)) {
        res.status = 404;
        res.set_content("<html><body>404</body></html>", "text/html; charset=utf-8");
        return;
      }
      res.set_content(ReadWholeFile(root / path), ContentTypeFor(path));
    });
    audit_->site->Start();
    const TempDir& dir = *audit_->dir;
    // No --quiet: the log is searched too.
    audit_->result = RunGovaudit("audit " + audit_->site->Url("/") + " --out " + dir / "out" + " --db " +
                                 dir / "audit.db" + " --as-of 2023-11-01 --threads 2");
  }

  static void TearDownTestSuite() {
    if (audit_->site) audit_->site->Stop();
    delete audit_;
    audit_ = nullptr;
  }

  void SetUp() override { ASSERT_EQ(audit_->result.exit_code, 0) << audit_->result.output; }

  static fs::path Out(const std::string& name) { return audit_->dir->path() / "out" / name; }
  static nlohmann::json Findings() { return nlohmann::json::parse(ReadWholeFile(Out("findings.json"))); }

  static Audit* audit_;
};

Audit* PiiSiteTest::audit_ = nullptr;

// Every text the store keeps about findings, their history and triage, and the pages' facts.
std::string StoredText(const std::string& db_path) {
  std::string all;
  auto store = testing::ReadStore(db_path);
  if (!store) return all;
  Status s = store->ForEachStoredText([&](std::string_view, std::string_view text) {
    all.append(text);
    all.push_back('\n');
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return all;
}

TEST_F(PiiSiteTest, FixtureHoldsThePlantedHtmlValues) {
  // Guards the lists in this file against drift from the committed pages.
  const fs::path site = fs::path(GOVAUDIT_FIXTURES_DIR) / "pii-site";
  const std::string a = ReadWholeFile(site / kPageA), b = ReadWholeFile(site / kPageB), c = ReadWholeFile(site / kPageC),
                    e = ReadWholeFile(site / kPageE), f = ReadWholeFile(site / kPageF),
                    robots_page = ReadWholeFile(site / kRobotsPage);
  for (const char* v : {"640502196308150213", "640502197103090522", "640502195804110267", "64050219600723013X",
                        "沙坡头区宣和镇张洪村三组", "沙坡头区镇罗镇观音村5队26号", "沙坡头区柔远镇沙坡头村二组18号"}) {
    EXPECT_NE(a.find(v), std::string::npos) << v;
  }
  for (const char* v : {"+86 139-0955-1234", "138 0955 6677", "+86-150-0955-8899", "18609553311"}) {
    EXPECT_NE(b.find(v), std::string::npos) << v;
  }
  EXPECT_NE(c.find(FullWidth("640502198204260193")), std::string::npos);
  EXPECT_NE(c.find("住址：中卫市沙坡头区文昌镇南苑社区12号楼3单元502室"), std::string::npos);
  EXPECT_NE(c.find("银行卡号：6228 4800 1234 5678 010"), std::string::npos);
  EXPECT_NE(e.find("640522198807**2315"), std::string::npos);
  EXPECT_NE(e.find("1580955**67"), std::string::npos);
  EXPECT_NE(f.find("<span style=\"FONT-FAMILY: 宋体\">640521</span><span lang=\"EN-US\">19750818</span>"),
            std::string::npos);
  EXPECT_NE(f.find("<td>1390955</td><td>4321</td>"), std::string::npos);
  EXPECT_NE(robots_page.find("640502196611010280"), std::string::npos);
  EXPECT_NE(ReadWholeFile(site / "robots.txt").find("Disallow: /nbgl/"), std::string::npos);
}

TEST_F(PiiSiteTest, ReportsEveryPlantedLeakAndNoLookAlike) {
  const nlohmann::json json = Findings();
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& f : json["findings"]) {
    const std::string rule = f["rule"];
    if (rule.rfind("pii.", 0) == 0) got.insert({rule, f["url"]});
  }
  auto u = [](const std::string& path) { return audit_->Url(path); };
  const std::set<std::pair<std::string, std::string>> want = {
      {"pii.id_number", u(kPageA)},   {"pii.address", u(kPageA)},
      {"pii.mobile", u(kPageB)},
      {"pii.id_number", u(kPageC)},   {"pii.address", u(kPageC)},    {"pii.bank_card", u(kPageC)},
      {"pii.id_number", u(kPageE)},   {"pii.mobile", u(kPageE)},
      {"pii.id_number", u(kPageF)},
      {"pii.id_number", u(kCsvPath)}, {"pii.bank_card", u(kCsvPath)},
      {"pii.id_number", u(kXlsxPath)}, {"pii.mobile", u(kXlsxPath)}, {"pii.address", u(kXlsxPath)},
      {"pii.id_number", u(kPdfPath)},
  };
  EXPECT_EQ(got, want);
}

TEST_F(PiiSiteTest, MessagesCountDistinctValuesAndShowMaskedEvidence) {
  const nlohmann::json json = Findings();
  std::map<std::pair<std::string, std::string>, nlohmann::json> by;
  for (const auto& f : json["findings"]) by[{f["rule"], f["url"]}] = f;
  auto get = [&](const std::string& rule, const std::string& path) -> nlohmann::json {
    auto it = by.find({rule, audit_->Url(path)});
    return it == by.end() ? nlohmann::json::object() : it->second;
  };
  const auto ids_a = get("pii.id_number", kPageA);
  EXPECT_EQ(ids_a["severity"], "high");
  EXPECT_EQ(ids_a["message"], "页面公开了 4 个未脱敏的身份证号码，须删除或遮盖后再公开（身份证号码应至少遮盖出生日期等 6 位以上）");
  EXPECT_EQ(ids_a["title"], "沙坡头区2023年耕地地力保护补贴发放对象公示");
  EXPECT_NE(ids_a["evidence"].get<std::string>().find("640502********0213"), std::string::npos) << ids_a;
  EXPECT_EQ(ids_a["location"], "表格 1 第 3 行第 3 列；表格 1 第 4 行第 3 列；表格 1 第 5 行第 3 列 等，共 4 处");
  // The household's rowspan address is one value.
  EXPECT_EQ(get("pii.address", kPageA)["message"],
            "页面公开了 3 条未脱敏的家庭住址，须删除或遮盖后再公开（家庭住址应只保留到乡镇（街道））");
  EXPECT_EQ(get("pii.mobile", kPageB)["message"],
            "页面公开了 4 个未脱敏的手机号码，须删除或遮盖后再公开（手机号码应至少遮盖中间 4 位）");
  EXPECT_NE(get("pii.address", kPageC)["evidence"].get<std::string>().find("住址：中卫市沙坡头区文昌镇***"),
            std::string::npos);
  EXPECT_NE(get("pii.bank_card", kPageC)["evidence"].get<std::string>().find("6228***********8010"), std::string::npos)
      << get("pii.bank_card", kPageC);
  EXPECT_EQ(get("pii.id_number", kPageE)["message"],
            "页面公开的 1 个身份证号码虽已遮盖但遮盖太少，仍可识别到个人，须按规定遮盖（身份证号码应至少遮盖出生日期等 6 位以上）");
  EXPECT_EQ(get("pii.id_number", kCsvPath)["message"].get<std::string>().rfind("附件公开了 2 个未脱敏的身份证号码", 0), 0u);
  EXPECT_EQ(get("pii.mobile", kXlsxPath)["location"], "表“花名册” 第 2 行第 4 列");
  EXPECT_EQ(get("pii.id_number", kPdfPath)["evidence"].get<std::string>().find("198807"), std::string::npos);
}

TEST_F(PiiSiteTest, NoOutputHoldsAFullValue) {
  std::vector<std::pair<std::string, std::string>> outputs = {
      {"findings.json", ReadWholeFile(Out("findings.json"))},
      {"findings.csv", ReadWholeFile(Out("findings.csv"))},
      {"report.html", ReadWholeFile(Out("report.html"))},
      {"command log", audit_->result.output},
  };
  const std::string db = audit_->dir->path() / "audit.db";
  outputs.push_back({"the database", StoredText(db)});
  // The searches mean something: the reports do name the masked values.
  ASSERT_NE(outputs[0].second.find("640502********0213"), std::string::npos);
  ASSERT_NE(outputs[2].second.find("139****1234"), std::string::npos);
  ASSERT_NE(outputs[4].second.find("640502********0213"), std::string::npos);
  std::vector<std::string> secrets = PlantedValues();
  for (const std::string& v : NormalisedValues()) secrets.push_back(v);
  for (const auto& [name, text] : outputs) {
    for (const std::string& secret : secrets) {
      EXPECT_EQ(text.find(secret), std::string::npos) << name << " holds " << secret;
    }
  }
}

TEST_F(PiiSiteTest, AttachmentsThatCannotBeReadAreCountedAndListed) {
  EXPECT_EQ(Findings()["run"]["attachments_not_inspected"], 2);
  const std::string html = ReadWholeFile(Out("report.html"));
  const size_t section = html.find("<details id=\"not-inspected\"><summary>未能检查的页面和附件（2）</summary>");
  ASSERT_NE(section, std::string::npos);
  const std::string list = html.substr(section, html.find("</details>", section) - section);
  EXPECT_NE(list.find(audit_->Url(kXlsPath)), std::string::npos) << list;
  EXPECT_NE(list.find(audit_->Url(kRarPath)), std::string::npos) << list;
  EXPECT_NE(list.find("old binary Excel .xls"), std::string::npos) << list;
  EXPECT_NE(list.find("RAR"), std::string::npos) << list;
  EXPECT_EQ(list.find(audit_->Url(kCsvPath)), std::string::npos) << list;
  EXPECT_NE(html.find("<b>2</b>附件未能检查"), std::string::npos);
  // Both were fetched, and recorded as attachments that were not inspected.
  EXPECT_EQ(audit_->Requests(kXlsPath), 1);
  EXPECT_EQ(audit_->Requests(kRarPath), 1);
  std::vector<std::string> formats;
  if (auto store = testing::ReadStore(audit_->dir->path() / "audit.db")) {
    for (const db::UninspectedPage& p : store->NotInspected(1).value_or({})) formats.push_back(p.format);
  }
  EXPECT_EQ(formats, (std::vector<std::string>{"rar", "xls"}));  // by URL: P020231010_fujian.rar first
}

TEST_F(PiiSiteTest, RobotsDisallowedPageIsNeverRequested) {
  EXPECT_GE(audit_->Requests("robots.txt"), 1);
  EXPECT_EQ(audit_->Requests(kRobotsPage), 0);
  EXPECT_GE(audit_->Requests(kPageA), 1);  // its sibling links were followed
  for (const auto& [url, page] : testing::PagesOf(audit_->dir->path() / "audit.db")) {
    EXPECT_EQ(url.find("/nbgl/"), std::string::npos) << url;
  }
}

TEST_F(PiiSiteTest, TheDisallowedPageIsReportedWhenRobotsAreIgnored) {
  // Shows that the page above was left alone because of robots.txt, not because it is clean.
  const TempDir& dir = *audit_->dir;
  const auto r = RunGovaudit("audit " + audit_->site->Url("/") + " --out " + dir / "out-ignore" + " --db " +
                             dir / "ignore.db" + " --as-of 2023-11-01 --quiet --ignore-robots");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json json = nlohmann::json::parse(ReadWholeFile(dir.path() / "out-ignore" / "findings.json"));
  std::set<std::string> rules;
  for (const auto& f : json["findings"]) {
    if (f["url"] == audit_->Url(kRobotsPage)) rules.insert(f["rule"].get<std::string>());
  }
  EXPECT_EQ(rules.count("pii.id_number"), 1u);
  EXPECT_EQ(audit_->Requests(kRobotsPage), 1);
}

}  // namespace
}  // namespace govaudit
