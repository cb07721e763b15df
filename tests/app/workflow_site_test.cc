// End to end: the inspector's workflow on the workflow-site fixture (tests/fixtures/workflow-site,
// see its README), served on 127.0.0.1 and audited by the govaudit command on 2026-09-24. Pages
// of three departments carry findings: the notices name each department with its own findings
// and the reply date on the official calendar; findings.xlsx holds the expected sheets; every
// finding links to its archived page; ten citizens' error reports are verified against the site
// as it is later (some defects fixed), and a confirmed one becomes a tracked finding that a later
// verify marks fixed. No full personal-data value appears in any of these outputs.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/demo_server.h"
#include "common/finding.h"
#include "common/hash.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"
#include "tests/support/zip_reader.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult, testing::ReadWholeFile, testing::ReadZip, testing::RunGovaudit, testing::TempDir;

const fs::path kFixture = fs::path(GOVAUDIT_FIXTURES_DIR) / "workflow-site";

// The planted personal values, in full: no output may hold them.
const char* const kFullValues[] = {"110101199003071233", "13912345678"};

// The site as served: "site/", with "changed/" (phase 1) and then "changed2/" (phase 2) laid
// over it, so that citizens' reports are verified against a site that moved on since the audit.
std::atomic<int> g_phase{0};

StaticSiteServer::Lookup PhasedSite() {
  return [](const std::string& path) -> std::optional<std::string> {
    std::vector<std::string> layers = {"site"};
    if (g_phase.load() >= 1) layers.insert(layers.begin(), "changed");
    if (g_phase.load() >= 2) layers.insert(layers.begin(), "changed2");
    for (const std::string& layer : layers) {
      const fs::path file = kFixture / layer / path;
      if (path.find("..") == std::string::npos && fs::is_regular_file(file)) return ReadWholeFile(file);
    }
    return std::nullopt;
  };
}

std::string Path(const std::string& url, const std::string& base) {
  return url.rfind(base, 0) == 0 ? "/" + url.substr(base.size()) : url;
}

// Every file under `dir`, xlsx files unzipped, as text to search.
std::vector<std::pair<std::string, std::string>> AllOutputs(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string content = ReadWholeFile(entry.path());
    if (entry.path().extension() == ".xlsx") {
      for (const auto& [name, part] : ReadZip(content)) out.emplace_back(entry.path().string() + ":" + name, part);
    } else {
      out.emplace_back(entry.path().string(), content);
    }
  }
  return out;
}

class WorkflowSiteTest : public ::testing::Test {
 protected:
  struct State {
    std::unique_ptr<TempDir> dir;
    std::unique_ptr<StaticSiteServer> site;
    std::string base;
    CommandResult audit;
    CommandResult notices;
    CommandResult verify;
    CommandResult verify_again;
  };

  static void SetUpTestSuite() {
    state_ = new State;
    g_phase = 0;
    state_->dir = std::make_unique<TempDir>("govaudit-workflow-site");
    auto server = StaticSiteServer::Start(PhasedSite());
    ASSERT_TRUE(server.ok()) << server.status().message();
    state_->site = std::move(server).value();
    state_->base = state_->site->base_url();
    const TempDir& dir = *state_->dir;
    const std::string& base = state_->base;
    // 市财政局 names itself as 发布机构 on its article pages and owns the /czj/ folder (its column
    // page names no publisher); 市人社局 appears as 来源 under its full name and owns the 工作动态
    // column; the site's operator, 市政府办公室, answers for the rest.
    std::ofstream(dir / "audit.toml") << "[crawl]\ncheck_external_links = false\n\n"
                                      << "[notices]\nreply_workdays = 10\nveto_reply_workdays = 5\n"
                                      << "sender = \"县政务公开办\"\nsite_operator = \"市政府办公室\"\n\n"
                                      << "[[notices.department]]\nname = \"市财政局\"\n"
                                      << "url_prefixes = [\"" << base << "czj/\"]\n\n"
                                      << "[[notices.department]]\nname = \"市人社局\"\n"
                                      << "aliases = [\"中卫市人力资源和社会保障局\"]\ncolumns = [\"工作动态\"]\n";
    const std::string db = " --db " + dir / "audit.db";
    state_->audit = RunGovaudit("audit " + base + " --config " + dir / "audit.toml" + " --out " + dir / "out" + db +
                                " --as-of 2026-09-24 --threads 2 --quiet");
    if (state_->audit.exit_code != 0) return;
    state_->notices =
        RunGovaudit("notices" + db + " --run 1 --out " + dir / "notices" + " --config " + dir / "audit.toml");

    // Later, the site fixed some of it; citizens had reported ten problems.
    g_phase = 1;
    WriteReports(dir / "reports.csv");
    state_->verify = RunGovaudit("verify " + dir / "reports.csv" + db + " --out " + dir / "verify" +
                                 " --as-of 2026-09-29 --config " + dir / "audit.toml");
    // Later still, the serious error is fixed too.
    g_phase = 2;
    state_->verify_again = RunGovaudit("verify " + dir / "reports.csv" + db + " --out " + dir / "verify2" +
                                       " --as-of 2026-10-09 --config " + dir / "audit.toml");
  }

  // The platform's export: its own column order, a BOM, dates as the platform writes them.
  static void WriteReports(const std::string& path) {
    const std::string& b = state_->base;
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF"
        << "留言编号,问题页面网址,问题类型,问题描述,留言时间\r\n"
        << "JC01," << b << ",错链断链,首页“2026年政府信息公开工作要点解读”链接打不开,2026-09-21 09:12:00\r\n"
        << "JC02," << b << "czj/index.html,错链断链,财政信息栏目有链接打不开,2026-09-21 10:00:00\r\n"
        << "JC03," << b << "czj/gonggao.html,错别字,文中“工做”应为“工作”,2026-09-22 08:30:00\r\n"
        << "JC04," << b << "rsj/tongzhi.html,错别字,\"“中华人民共合国”应为“中华人民共和国”\",2026-09-22 11:00:00\r\n"
        << "JC05," << b << "rsj/dongtai/index.html,内容不更新,工作动态栏目很久没有更新,2026-09-23 15:00:00\r\n"
        << "JC06," << b << "czj/mingdan.html,个人信息泄露,名单公示了完整的身份证号,2026-09-23 16:00:00\r\n"
        << "JC07," << b << "rsj/gongshi.html,个人信息泄露,公示了拟聘人员的手机号,2026-09-24 09:00:00\r\n"
        << "JC08," << b << "czj/gonggao.html,信息不准确,补贴标准与文件不一致,2026-09-24 10:00:00\r\n"
        << "JC09,http://www.example.gov.cn/zwgk/index.html,错链断链,链接打不开,2026-09-24 11:00:00\r\n"
        << "JC10," << b << "rsj/dongtai/a1.html,错别字,“工做”应为“工作”,2026-09-28 09:00:00\r\n";
  }

  static void TearDownTestSuite() {
    delete state_;
    state_ = nullptr;
  }

  void SetUp() override { ASSERT_EQ(state_->audit.exit_code, 0) << state_->audit.output; }

  static fs::path Dir() { return state_->dir->path(); }
  static std::string P(const std::string& url) { return Path(url, state_->base); }

  static State* state_;
};

WorkflowSiteTest::State* WorkflowSiteTest::state_ = nullptr;

// ---- Notices ---------------------------------------------------------------------------------

TEST_F(WorkflowSiteTest, ThreeNoticesWithTheirFindingsAndDeadlines) {
  ASSERT_EQ(state_->notices.exit_code, 0) << state_->notices.output;
  const auto json = nlohmann::json::parse(ReadWholeFile(Dir() / "notices" / "notices.json"));
  std::map<std::string, std::set<std::pair<std::string, std::string>>> found;  // department → (rule, page)
  std::map<std::string, std::string> deadline;
  std::map<std::string, std::string> file;
  for (const auto& n : json["notices"]) {
    const std::string department = n["department"];
    deadline[department] = n["deadline"];
    file[department] = n["file"];
    for (const auto& item : n["findings"]) found[department].insert({item["rule"], P(item["url"])});
  }
  const std::map<std::string, std::set<std::pair<std::string, std::string>>> expected = {
      {"市财政局",
       {{"pii.id_number", "/czj/mingdan.html"},
        {"meta.missing", "/czj/mingdan.html"},
        {"link.broken", "/czj/yusuan.html"}}},  // linked from the 财政局 column page: its URL prefix
      {"市人社局",
       {{"pii.mobile", "/rsj/gongshi.html"},            // 来源, an alias
        {"content.serious_typo", "/rsj/tongzhi.html"},  // 来源, an alias
        {"column.stale", "/rsj/dongtai/index.html"}}},  // the column mapped to it
      // The operator: the home page's defects, the site having no consultation channel and no
      // online services (veto items judged on the home page).
      {"市政府办公室",
       {{"link.broken", "/zwgk/missing.html"},
        {"site.identity_missing", "/"},
        {"interaction.no_channel", "/"},
        {"service.none", "/"}}},
  };
  EXPECT_EQ(found, expected) << json.dump(2);
  EXPECT_EQ(json["open_findings"], 10);
  // Notice dated on the audit day, Thursday 2026-09-24. 中秋 (09-25..27) and 国庆 (10-01..07) are
  // holidays; Saturday 10-10 is a working day. A notice with a 否决项 (the serious error) gives 5
  // working days: 09-28, 29, 30, 10-08, 09 (so does the operator's, for the missing identity).
  // The 财政局's has none: 10 working days, ... 10-10, 12, 13, 14, 15.
  EXPECT_EQ(deadline["市人社局"], "2026-10-09");
  EXPECT_EQ(deadline["市政府办公室"], "2026-10-09");
  EXPECT_EQ(deadline["市财政局"], "2026-10-15");

  // Each notice is a page of its own naming its department, findings and date; the summary
  // lists all three.
  const std::string summary = ReadWholeFile(Dir() / "notices" / "index.html");
  for (const auto& [department, name] : file) {
    const std::string notice = ReadWholeFile(Dir() / "notices" / name);
    EXPECT_NE(notice.find(department), std::string::npos) << name;
    EXPECT_NE(notice.find("2026-10-"), std::string::npos) << name;
    EXPECT_NE(notice.find("@media print"), std::string::npos) << name;
    EXPECT_NE(summary.find(department), std::string::npos) << department;
    EXPECT_NE(summary.find(deadline[department]), std::string::npos) << department;
  }
  const std::string rsj = ReadWholeFile(Dir() / "notices" / file["市人社局"]);
  EXPECT_NE(rsj.find("中华人民共合国"), std::string::npos);
  EXPECT_NE(rsj.find("否决项"), std::string::npos);
  EXPECT_NE(state_->notices.output.find("3 个责任部门"), std::string::npos) << state_->notices.output;
}

// The report names the same departments and reply dates as the notices.
TEST_F(WorkflowSiteTest, FindingsJsonNamesTheDepartmentAndReplyDate) {
  const auto json = nlohmann::json::parse(ReadWholeFile(Dir() / "out" / "findings.json"));
  int checked = 0;
  for (const auto& f : json["findings"]) {
    const std::string path = P(f["url"]);
    ASSERT_TRUE(f.contains("department")) << f.dump();
    if (path == "/czj/mingdan.html" && f["rule"] == "pii.id_number") {
      EXPECT_EQ(f["department"]["name"], "市财政局");
      EXPECT_EQ(f["department"]["basis"], "发布机构“市财政局”");
      EXPECT_EQ(f["department"]["reply_by"], "2026-10-15");
      ++checked;
    } else if (path == "/rsj/gongshi.html") {
      EXPECT_EQ(f["department"]["name"], "市人社局");
      EXPECT_EQ(f["department"]["basis"], "来源“中卫市人力资源和社会保障局”");
      ++checked;
    } else if (path == "/zwgk/missing.html") {
      EXPECT_EQ(f["department"]["name"], "市政府办公室");
      EXPECT_EQ(f["department"]["page"], state_->base);  // the home page holds the link
      EXPECT_EQ(f["department"]["reply_by"], "2026-10-09");
      ++checked;
    }
    EXPECT_EQ(f["short_id"], ShortId(f["id"].get<std::string>()));
  }
  EXPECT_EQ(checked, 3) << json.dump(2);
}

// ---- Excel -----------------------------------------------------------------------------------

TEST_F(WorkflowSiteTest, FindingsXlsxHasTheExpectedSheets) {
  const auto files = ReadZip(ReadWholeFile(Dir() / "out" / "findings.xlsx"));
  ASSERT_TRUE(files.count("xl/workbook.xml")) << "not a readable xlsx";
  const std::string& workbook = files.at("xl/workbook.xml");
  std::vector<std::string> names;
  std::map<std::string, std::string> sheets;
  std::regex sheet("<sheet name=\"([^\"]+)\" sheetId=\"([0-9]+)\"");
  for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet); it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
    const std::string part = "xl/worksheets/sheet" + (*it)[2].str() + ".xml";
    sheets[(*it)[1]] = files.count(part) ? files.at(part) : "";
  }
  ASSERT_GE(names.size(), 4u) << workbook;
  EXPECT_EQ(names[0], "问题清单");
  const std::set<std::string> departments(names.begin() + 1, names.end());
  for (const char* d : {"市财政局", "市人社局", "市政府办公室"}) EXPECT_TRUE(departments.count(d)) << workbook;

  const std::string& all = sheets["问题清单"];
  EXPECT_NE(all.find("<autoFilter"), std::string::npos);
  EXPECT_NE(all.find("state=\"frozen\""), std::string::npos);
  const std::regex row("<row ");
  auto rows = [&row](const std::string& xml) {
    return static_cast<int>(std::distance(std::sregex_iterator(xml.begin(), xml.end(), row), std::sregex_iterator()));
  };
  const auto json = nlohmann::json::parse(ReadWholeFile(Dir() / "out" / "findings.json"));
  std::map<std::string, int> per_department;
  for (const auto& f : json["findings"]) per_department[f["department"]["name"]]++;
  EXPECT_EQ(rows(all), 1 + static_cast<int>(json["findings"].size()));
  for (const auto& [department, n] : per_department) EXPECT_EQ(rows(sheets[department]), 1 + n) << department;
  // The strings hold the Chinese rule names and the short ids people read out.
  const std::string strings = files.count("xl/sharedStrings.xml") ? files.at("xl/sharedStrings.xml") : "";
  EXPECT_NE(strings.find("身份证号码未脱敏"), std::string::npos);
  EXPECT_NE(strings.find(ShortId(json["findings"][0]["id"].get<std::string>())), std::string::npos);
}

// ---- Evidence archive ------------------------------------------------------------------------

TEST_F(WorkflowSiteTest, EveryFindingLinksToItsArchivedPage) {
  const auto json = nlohmann::json::parse(ReadWholeFile(Dir() / "out" / "findings.json"));
  ASSERT_FALSE(json["findings"].empty());
  for (const auto& f : json["findings"]) {
    ASSERT_TRUE(f.contains("snapshot")) << f.dump();
    const std::string file = f["snapshot"]["file"];
    ASSERT_TRUE(fs::exists(Dir() / "out" / file)) << file;
    const std::string html = ReadWholeFile(Dir() / "out" / file);
    EXPECT_NE(html.find("北京时间"), std::string::npos) << file;
    EXPECT_NE(html.find(f["snapshot"]["sha256"].get<std::string>()), std::string::npos) << file;
    // The archived page's hash is the hash of the bytes the site served on the audit day.
    const std::string page = P(f["snapshot"]["page"]);
    const fs::path served = kFixture / "site" / (page == "/" ? "index.html" : page.substr(1));
    EXPECT_EQ(f["snapshot"]["sha256"], Sha256Hex(ReadWholeFile(served))) << page;
  }
  // The ID number's page, archived: masked, its scripts unable to run, the value marked.
  for (const auto& f : json["findings"]) {
    if (f["rule"] != "pii.id_number") continue;
    const std::string html = ReadWholeFile(Dir() / "out" / f["snapshot"]["file"].get<std::string>());
    EXPECT_NE(html.find("110101********1233"), std::string::npos);
    EXPECT_NE(html.find("<mark"), std::string::npos);
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  }
  const std::string report = ReadWholeFile(Dir() / "out" / "report.html");
  EXPECT_NE(report.find("页面快照"), std::string::npos);
}

TEST_F(WorkflowSiteTest, ShowPrintsTheArchivedEvidence) {
  const auto json = nlohmann::json::parse(ReadWholeFile(Dir() / "out" / "findings.json"));
  const nlohmann::json* id_number = nullptr;
  for (const auto& f : json["findings"]) {
    if (f["rule"] == "pii.id_number") id_number = &f;
  }
  ASSERT_NE(id_number, nullptr);
  const std::string short_id = (*id_number)["short_id"];
  const CommandResult shown = RunGovaudit("show " + short_id + " --db " + Dir().string() + "/audit.db");
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find(short_id), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("北京时间"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find((*id_number)["snapshot"]["sha256"].get<std::string>()), std::string::npos)
      << shown.output;
  EXPECT_NE(shown.output.find("110101********1233"), std::string::npos) << shown.output;
  // Typed in lower case without the dash, it is the same finding.
  std::string typed = short_id;
  typed.erase(typed.find('-'), 1);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const CommandResult again = RunGovaudit("show " + typed + " --db " + Dir().string() + "/audit.db");
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find(short_id), std::string::npos) << again.output;
  const CommandResult unknown = RunGovaudit("show FFFF-FFFF --db " + Dir().string() + "/audit.db");
  EXPECT_NE(unknown.exit_code, 0) << unknown.output;
}

// ---- Citizens' error reports -----------------------------------------------------------------

TEST_F(WorkflowSiteTest, TenReportsYieldTheExpectedStatuses) {
  ASSERT_EQ(state_->verify.exit_code, 0) << state_->verify.output;
  const auto json = nlohmann::json::parse(ReadWholeFile(Dir() / "verify" / "verify.json"));
  std::map<std::string, std::string> status;
  for (const auto& r : json["reports"]) status[r["id"]] = r["status_label"];
  const std::map<std::string, std::string> expected = {
      {"JC01", "已确认"},      // the home page's link still answers 404
      {"JC02", "已整改"},      // the budget page exists now; the audit had the broken link
      {"JC03", "已整改"},      // 工做 corrected; the archived page had it
      {"JC04", "已确认"},      // 中华人民共合国 still there
      {"JC05", "已确认"},      // the column is still stale on 2026-09-29
      {"JC06", "已确认"},      // the ID number is still in the list
      {"JC07", "已整改"},      // the mobile number is masked now; the audit had found it
      {"JC08", "需人工核实"},  // accuracy needs the source documents
      {"JC09", "需人工核实"},  // another site's page: never contacted
      {"JC10", "未复现"},      // no such text, and there never was
  };
  EXPECT_EQ(status, expected) << json.dump(2);
  EXPECT_NE(state_->verify.output.find("已确认 4，需人工核实 2，已整改 3，未复现 1"), std::string::npos)
      << state_->verify.output;
}

TEST_F(WorkflowSiteTest, ReportsCountWorkingDaysAgainstTheDeadline) {
  const auto json = nlohmann::json::parse(ReadWholeFile(Dir() / "verify" / "verify.json"));
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& r : json["reports"]) by_id[r["id"]] = r;
  // Reported Monday 09-21: 3 working days → 09-24; by 09-29 five have passed (22, 23, 24, 28, 29).
  EXPECT_EQ(by_id["JC01"]["deadline"], "2026-09-24") << by_id["JC01"].dump();
  EXPECT_EQ(by_id["JC01"]["workdays_elapsed"], 5);
  EXPECT_EQ(by_id["JC01"]["overdue"], true);
  // Reported Thursday 09-24: 中秋 (09-25..27) in between, due 09-30, not yet over.
  EXPECT_EQ(by_id["JC08"]["deadline"], "2026-09-30") << by_id["JC08"].dump();
  EXPECT_EQ(by_id["JC08"]["workdays_elapsed"], 2);
  EXPECT_EQ(by_id["JC08"]["overdue"], false);
  // Fixed reports are not overdue, whatever their age.
  EXPECT_EQ(by_id["JC02"]["overdue"], false);
}

TEST_F(WorkflowSiteTest, ConfirmedReportsBecomeTrackedFindings) {
  const auto first = nlohmann::json::parse(ReadWholeFile(Dir() / "verify" / "verify.json"));
  std::string typo_id;
  for (const auto& r : first["reports"]) {
    if (r["id"] == "JC04" && r["finding"].is_string()) typo_id = r["finding"];
  }
  ASSERT_FALSE(typo_id.empty()) << first.dump(2);
  auto store = testing::ReadStore(Dir() / "audit.db");
  ASSERT_NE(store, nullptr);
  auto tracked = store->FindByPrefix(typo_id);
  ASSERT_TRUE(tracked.ok()) << tracked.status().message();
  EXPECT_EQ(tracked->finding.finding.rule_id, "citizen.typo");
  EXPECT_EQ(P(tracked->finding.finding.url), "/rsj/tongzhi.html");

  // Verified again once the page is corrected: the report is fixed, and so is its finding.
  ASSERT_EQ(state_->verify_again.exit_code, 0) << state_->verify_again.output;
  const auto second = nlohmann::json::parse(ReadWholeFile(Dir() / "verify2" / "verify.json"));
  for (const auto& r : second["reports"]) {
    if (r["id"] == "JC04") {
      EXPECT_EQ(r["status"], "fixed") << r.dump();
    } else if (r["id"] == "JC06") {
      EXPECT_EQ(r["status"], "confirmed") << r.dump();  // still there
    }
  }
  store = testing::ReadStore(Dir() / "audit.db");
  ASSERT_NE(store, nullptr);
  auto after = store->FindByPrefix(typo_id);
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ(after->finding.status, "fixed");
}

// ---- The output gate -------------------------------------------------------------------------

TEST_F(WorkflowSiteTest, NoFullPersonalValueInAnyOutput) {
  int files = 0;
  for (const char* folder : {"out", "notices", "verify", "verify2"}) {
    ASSERT_TRUE(fs::exists(Dir() / folder)) << folder;
    for (const auto& [name, content] : AllOutputs(Dir() / folder)) {
      ++files;
      for (const char* value : kFullValues) {
        EXPECT_EQ(content.find(value), std::string::npos) << name << " holds " << value;
      }
    }
  }
  EXPECT_GT(files, 10);
  for (const CommandResult* r : {&state_->audit, &state_->notices, &state_->verify, &state_->verify_again}) {
    for (const char* value : kFullValues) EXPECT_EQ(r->output.find(value), std::string::npos) << r->output;
  }
}

}  // namespace
}  // namespace govaudit
