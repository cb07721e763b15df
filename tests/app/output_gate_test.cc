// The output gate, end to end: a site whose titles, link addresses, anchor text and attachment
// text carry personal data, terminal escape sequences, a right-to-left override and spreadsheet
// formulas. No output — report.html, findings.json, findings.csv, findings.xlsx, the evidence
// snapshots, the rectification notices, triage list and show, govaudit show, the log, the
// database's findings and history — may repeat a full value or a control sequence, and no CSV
// cell may start a formula.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"
#include "tests/support/zip_reader.h"

namespace govaudit {
namespace {

using testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

constexpr char kId[] = "110101199003071233";   // valid check digit
constexpr char kMobile[] = "13912345678";
constexpr char kEsc[] = "\x1b[2J\x1b]0;pwned\x07";
constexpr char kRlo[] = "\xE2\x80\xAE";        // U+202E RIGHT-TO-LEFT OVERRIDE

// Values that must never leave the program whole.
std::vector<std::string> Secrets() { return {kId, kMobile, "\x1b", kRlo}; }

class OutputGateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new LoopbackServer();
    const std::string person = std::string("/person?sfz=") + kId + "&tel=" + kMobile;
    site_->server().Get("/", [person](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string("<html><head><title>=HYPERLINK(\"http://x.invalid\") 张三 ") + kId + " " + kRlo +
                          "通知</title></head><body><h1>=1+2 张三 " + kMobile + kEsc + "</h1>" +
                          "<p>最新通知</p><a href=\"" + person + "\">联系 " + kMobile + "</a>" +
                          "<img src=\"/logo.png\"><a href=\"/list.txt\">名单</a></body></html>",
                      "text/html; charset=utf-8");
    });
    site_->server().Get("/list.txt", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string("姓名\t身份证号\n张三\t") + kId + kEsc + "\n", "text/plain; charset=utf-8");
    });
    site_->Start();
    dir_ = new TempDir("govaudit-gate");
    result_ = new testing::CommandResult(RunGovaudit("audit " + site_->Url("/") + " --db " + *dir_ / "a.db" +
                                                     " --out " + *dir_ / "out --as-of 2026-11-26 --threads 2"));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete dir_;
    delete site_;
  }

  static void ExpectClean(const std::string& what, const std::string& text) {
    for (const std::string& secret : Secrets()) {
      EXPECT_EQ(text.find(secret), std::string::npos) << what << " holds a value it must not show";
    }
  }

  static LoopbackServer* site_;
  static TempDir* dir_;
  static testing::CommandResult* result_;
};

LoopbackServer* OutputGateTest::site_ = nullptr;
TempDir* OutputGateTest::dir_ = nullptr;
testing::CommandResult* OutputGateTest::result_ = nullptr;

TEST_F(OutputGateTest, ReportsShowNoFullValueAndNoControlCharacter) {
  ASSERT_EQ(result_->exit_code, 0) << result_->output;
  const std::string json = ReadWholeFile(dir_->path() / "out" / "findings.json");
  ASSERT_NE(json.find("\"rule\": \"link.broken\""), std::string::npos) << "the planted broken link was not found";
  ASSERT_NE(json.find("110101********1233"), std::string::npos) << "the masked ID is shown instead";
  for (const char* file : {"findings.json", "findings.csv", "report.html"}) {
    ExpectClean(file, ReadWholeFile(dir_->path() / "out" / file));
  }
  ExpectClean("the audit's log", result_->output);
}

TEST_F(OutputGateTest, PersonalDataInALinkAddressIsAFindingOfItsOwn) {
  auto json = nlohmann::json::parse(ReadWholeFile(dir_->path() / "out" / "findings.json"));
  bool id_in_link = false;
  for (const auto& f : json["findings"]) {
    const std::string location = f["location"];
    if (f["rule"] == "pii.id_number" && location.find("链接的地址") != std::string::npos) id_in_link = true;
  }
  EXPECT_TRUE(id_in_link) << json.dump(2);
}

TEST_F(OutputGateTest, CsvCellsNeverStartAFormula) {
  const std::string csv = ReadWholeFile(dir_->path() / "out" / "findings.csv");
  ASSERT_NE(csv.find("'=1+2"), std::string::npos) << "the formula title is not neutralised in the CSV";
  // After a separator (or a quote opening a field), no cell begins with = + - @.
  for (const std::string start : {",=", ",+", ",@", ",\"=", ",\"+", ",\"@", "\n=", "\n\"="}) {
    EXPECT_EQ(csv.find(start), std::string::npos) << start;
  }
}

TEST_F(OutputGateTest, TriageAndTheDatabaseShowNoFullValue) {
  auto list = RunGovaudit("triage list --db " + *dir_ / "a.db");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  ExpectClean("triage list", list.output);
  auto json = nlohmann::json::parse(ReadWholeFile(dir_->path() / "out" / "findings.json"));
  for (const auto& f : json["findings"]) {
    auto show = RunGovaudit("triage show " + f["id"].get<std::string>() + " --db " + *dir_ / "a.db");
    ASSERT_EQ(show.exit_code, 0) << show.output;
    ExpectClean("triage show " + f["rule"].get<std::string>(), show.output);
  }
  std::string stored;
  auto store = testing::ReadStore(*dir_ / "a.db");
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->ForEachStoredText([&](std::string_view, std::string_view text) {
                     stored.append(text);
                     stored.push_back('\n');
                   }).ok());
  ExpectClean("the database's findings, history and page facts", stored);
}

// The inspector's outputs: the archived pages, the spreadsheet (read inside the archive), the
// notices and the terminal's view of a finding.
TEST_F(OutputGateTest, SnapshotsXlsxNoticesAndShowHoldNoFullValue) {
  ASSERT_EQ(result_->exit_code, 0) << result_->output;
  namespace fs = std::filesystem;
  const fs::path snapshots = dir_->path() / "out" / "snapshots";
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(snapshots)) {
    ++pages;
    const std::string html = ReadWholeFile(entry.path());
    ExpectClean(entry.path().filename().string(), html);
    EXPECT_EQ(html.find("<script"), std::string::npos) << entry.path();
  }
  EXPECT_GE(pages, 1);
  const auto xlsx = testing::ReadZip(ReadWholeFile(dir_->path() / "out" / "findings.xlsx"));
  ASSERT_TRUE(xlsx.count("xl/workbook.xml")) << "findings.xlsx is not a readable archive";
  for (const auto& [part, content] : xlsx) {
    ExpectClean("findings.xlsx:" + part, content);
    // A title that reads as a formula stays text: no formula cell anywhere.
    EXPECT_EQ(content.find("<f>"), std::string::npos) << part;
  }
  auto notices = RunGovaudit("notices --db " + *dir_ / "a.db" + " --out " + *dir_ / "notices");
  ASSERT_EQ(notices.exit_code, 0) << notices.output;
  ExpectClean("govaudit notices", notices.output);
  for (const auto& entry : fs::directory_iterator(dir_->path() / "notices")) {
    ExpectClean(entry.path().filename().string(), ReadWholeFile(entry.path()));
  }
  auto json = nlohmann::json::parse(ReadWholeFile(dir_->path() / "out" / "findings.json"));
  for (const auto& f : json["findings"]) {
    auto show = RunGovaudit("show " + f["short_id"].get<std::string>() + " --db " + *dir_ / "a.db" + " --out " +
                            *dir_ / "shown");
    ASSERT_EQ(show.exit_code, 0) << show.output;
    ExpectClean("show " + f["rule"].get<std::string>(), show.output);
  }
  for (const auto& entry : fs::directory_iterator(dir_->path() / "shown" / "snapshots")) {
    ExpectClean(entry.path().filename().string(), ReadWholeFile(entry.path()));
  }
}

TEST_F(OutputGateTest, ErrorMessagesQuotingAUrlAreMasked) {
  const std::string url =
      "http://127.0.0.1:" + std::to_string(testing::UnusedPort()) + "/?tel=" + kMobile;
  TempDir dir("govaudit-gate-error");
  auto r = RunGovaudit("audit '" + url + "' --db " + dir / "a.db" + " --out " + dir / "out --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("is unreachable"), std::string::npos) << r.output;
  ExpectClean("the error message", r.output);
}

}  // namespace
}  // namespace govaudit
