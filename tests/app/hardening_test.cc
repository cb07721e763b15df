// What an attacker or a careless operator can do to an audit, and what govaudit does instead:
// internal addresses are never contacted, a night that failed never rewrites history, bad
// numbers on the command line are named, resources stay bounded.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/file_lock.h"
#include "common/hash.h"
#include "common/url.h"
#include "tests/support/child_process.h"
#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

void Html(httplib::Response& res, const std::string& body) {
  res.set_content("<html><head><title>测试</title></head><body>" + body + "</body></html>",
                  "text/html; charset=utf-8");
}

// A home page linking /p0.html … /p{n-1}.html, each anchor `word` and its number.
void ServeHomeLinking(LoopbackServer& site, int n, const std::string& word) {
  site.server().Get("/", [n, word](const auto&, auto& res) {
    std::string links;
    for (int i = 0; i < n; ++i) links += "<a href='/p" + std::to_string(i) + ".html'>" + word + std::to_string(i) + "</a>";
    Html(res, links);
  });
}

std::string Audit(const LoopbackServer& site, const TempDir& dir, const std::string& extra = "") {
  return "audit " + site.Url("/") + " --db " + dir / "a.db" + " --out " + dir / "out --quiet --as-of 2026-11-26 " +
         extra;
}

TEST(HardeningTest, InternalTargetsAreANoteNotABrokenLinkAndNeverContacted) {
  LoopbackServer site;
  testing::CountingHost intranet;
  const std::string target = "http://127.0.0.1:" + std::to_string(intranet.port()) + "/admin";
  site.server().Get("/", [&](const auto&, auto& res) { Html(res, "<a href='" + target + "'>内部</a>"); });
  site.Start();
  TempDir dir("govaudit-ssrf");
  auto r = RunGovaudit(Audit(site, dir));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(intranet.hits(), 0);
  const std::string json = ReadWholeFile(dir.path() / "out" / "findings.json");
  EXPECT_EQ(json.find("\"rule\": \"link.external_broken\""), std::string::npos) << json;
  EXPECT_NE(json.find("refused: internal address"), std::string::npos) << json;
  EXPECT_NE(ReadWholeFile(dir.path() / "out" / "report.html").find("id=\"run-notes\""), std::string::npos);

  // Allowed by the user: contacted and checked.
  TempDir allowed("govaudit-ssrf-allowed");
  r = RunGovaudit(Audit(site, allowed, "--allow-address 127.0.0.1:" + std::to_string(intranet.port())));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_GE(intranet.hits(), 1);
}

TEST(HardeningTest, AllowAddressEntriesAreChecked) {
  auto r = RunGovaudit("audit http://127.0.0.1:9/ --allow-address 127.0.0.1:999999");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--allow-address '127.0.0.1:999999' is not HOST or HOST:PORT"), std::string::npos)
      << r.output;
}

// ---- A failed night never rewrites history ------------------------------------------------

// A site whose start page behaves well on the first night and in one bad way on the second.
class FailedNightTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    site_.server().Get("/", [this](const httplib::Request&, httplib::Response& res) {
      if (night_ == 1) return Html(res, "<a href='/gone.html'>旧文件</a><a href='/a.html'>文章</a>");
      const std::string& mode = GetParam();
      if (mode == "error500") {
        res.status = 500;
        res.set_content("error", "text/plain");
      } else if (mode == "stall") {
        res.set_content_provider(100000, "text/html", [](size_t, size_t, httplib::DataSink&) {
          std::this_thread::sleep_for(std::chrono::seconds(4));
          return false;
        });
      } else if (mode == "trickle") {
        res.set_content_provider(100000, "text/html", [](size_t offset, size_t, httplib::DataSink& sink) {
          std::this_thread::sleep_for(std::chrono::milliseconds(150));
          sink.write(offset == 0 ? "<html>" : " ", offset == 0 ? 6 : 1);
          return offset < 100;
        });
      } else if (mode == "oversize") {
        res.set_content("<html><body>" + std::string(200000, 'x') + "</body></html>", "text/html");
      } else if (mode == "javascript") {
        res.status = 302;
        res.set_header("Location", "javascript:alert(1)");
      } else if (mode == "not_html") {
        res.set_content("%PDF-1.4 not a page", "application/pdf");
      }
    });
    site_.server().Get("/a.html", [](const auto&, auto& res) { Html(res, "<p>文章</p>"); });
    site_.Start();
    std::ofstream(dir_ / "fast.toml") << "[crawl]\nper_host_interval_s = 0\nsitemaps = false\ntimeout_s = 1\n"
                                         "retries = 0\nmax_body_mb = 0.1\n";
  }

  testing::CommandResult Night(int night) {
    night_ = night;
    return RunGovaudit("audit " + site_.Url("/") + " --config " + dir_ / "fast.toml" + " --db " + dir_ / "a.db" +
                       " --out " + dir_ / ("out" + std::to_string(night)) + " --quiet --as-of 2026-11-26");
  }

  LoopbackServer site_;
  TempDir dir_{"govaudit-failed-night"};
  std::atomic<int> night_{1};
};

TEST_P(FailedNightTest, ExitsTwoAndMarksNothingFixed) {
  auto first = Night(1);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  auto second = Night(2);
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_NE(second.output.find("start URL " + site_.Url("/")), std::string::npos) << second.output;

  auto store = testing::ReadStore(dir_ / "a.db");
  ASSERT_NE(store, nullptr);
  auto runs = store->ListRuns().value_or({});
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_FALSE(runs[0].complete);
  EXPECT_TRUE(runs[0].stop_reason == "start-page-failed" || runs[0].stop_reason == "start-url-unreachable")
      << runs[0].stop_reason;
  // Nothing fixed: every finding of the first night is still open.
  for (const db::HistoryEntry& e : store->ListHistory().value_or({})) {
    EXPECT_EQ(e.finding.status, "open") << e.finding.finding.rule_id << " " << e.finding.finding.url;
  }
  // The report says so and carries the first night's findings as not re-checked.
  auto json = nlohmann::json::parse(ReadWholeFile(dir_.path() / "out2" / "findings.json"));
  EXPECT_EQ(json["run"]["fixed"], 0);
  EXPECT_FALSE(json["run"]["failure"].get<std::string>().empty());
  bool carried_broken_link = false;
  for (const auto& f : json["not_rechecked"]) carried_broken_link |= f["rule"] == "link.broken";
  EXPECT_TRUE(carried_broken_link) << json.dump(2);
  EXPECT_NE(ReadWholeFile(dir_.path() / "out2" / "report.html").find("本次检查失败"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(StartPages, FailedNightTest,
                         ::testing::Values("error500", "stall", "trickle", "oversize", "javascript", "not_html"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(HardeningTest, AStartUrlRedirectingToAnotherHostAuditsThatHost) {
  LoopbackServer entry, www;
  www.server().Get("/", [](const auto&, auto& res) { Html(res, "<a href='/news.html'>新闻</a>"); });
  www.server().Get("/news.html", [](const auto&, auto& res) { Html(res, "<p>新闻</p>"); });
  www.Start();
  entry.server().Get("/", [&](const auto&, auto& res) { res.set_redirect(www.Url("/")); });
  entry.Start();
  TempDir dir("govaudit-start-redirect");
  auto r = RunGovaudit(Audit(entry, dir, "--allow-address 127.0.0.1:" + std::to_string(www.port())));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto pages = testing::PagesOf(dir / "a.db");
  ASSERT_EQ(pages.count(www.Url("/news.html")), 1u) << "the redirect target's site was not crawled";
  EXPECT_TRUE(pages[www.Url("/news.html")].in_scope);
  EXPECT_NE(ReadWholeFile(dir.path() / "out" / "report.html").find(www.Url("/")), std::string::npos);
}

// ---- The command line and the files around a run ------------------------------------------

TEST(HardeningTest, NegativeAndOversizedNumbersAreNamed) {
  for (const auto& [args, expected] : std::vector<std::pair<std::string, std::string>>{
           {"--threads -1", "--threads must be between 1 and 256, got -1"},
           {"--max-pages -1", "--max-pages must be at least 1, got -1"},
           {"--max-depth -1", "--max-depth must be 0 or more, got -1"},
       }) {
    auto r = RunGovaudit("audit http://127.0.0.1:9/ " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.output.find(expected), std::string::npos) << args << "\n" << r.output;
  }
  auto r = RunGovaudit("audit http://127.0.0.1:9/" + std::string(10000, 'a'));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("characters long, more than max_url_length 2048"), std::string::npos) << r.output;
}

TEST(HardeningTest, InternationalisedHostsAreConvertedToPunycode) {
  EXPECT_EQ(NormalizeUrl("http://政府.中国/首页").value_or("none"), "http://xn--mxtq1m.xn--fiqs8s/%E9%A6%96%E9%A1%B5");
  EXPECT_EQ(NormalizeUrl("http://例子.测试/").value_or("none"), "http://xn--fsqu00a.xn--0zwm56d/");
}

TEST(HardeningTest, EvidenceSnapshotsThatCannotBeWrittenStopTheReportWithTheirPath) {
  LoopbackServer site;
  ServeHomeLinking(site, 12, "文章");
  // An unmasked mobile number on each page: a finding of its own page, which no template roll-up joins.
  site.server().Get(R"(/p(\d+)\.html)", [](const auto& req, auto& res) {
    Html(res, "<p>申请人张三，联系电话 139123456" + std::string(2 - req.matches[1].str().size(), '0') +
                  req.matches[1].str() + "</p>");
  });
  site.Start();
  TempDir dir("govaudit-snapshots");
  auto r = RunGovaudit(Audit(site, dir));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Every snapshot's path taken by a folder: more failing pages than the writers' queue holds.
  std::vector<std::string> taken;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "out" / "snapshots")) {
    taken.push_back(entry.path().filename().string());
    std::filesystem::remove(entry.path());
    std::filesystem::create_directory(entry.path());
  }
  ASSERT_GE(taken.size(), 8u);
  r = RunGovaudit(Audit(site, dir));
  EXPECT_NE(r.exit_code, 0) << r.output;
  bool named = false;
  for (const std::string& file : taken) named = named || r.output.find(file) != std::string::npos;
  EXPECT_TRUE(named) << r.output;
}

// A site that counts its requests: checks that must come before the crawl cost no request.
class CountingSite {
 public:
  CountingSite() {
    server.server().Get(".*", [this](const auto&, auto& res) {
      ++requests;
      Html(res, "<a href='/a.html'>文章</a>");
    });
    server.Start();
  }
  LoopbackServer server;
  std::atomic<int> requests{0};
};

TEST(HardeningTest, AnUnwritableOutputFolderIsFoundBeforeTheCrawl) {
  CountingSite site;
  TempDir dir("govaudit-readonly-out");
  std::ofstream(dir / "a-file") << "x";
  // Places no process can write into, root included: under a regular file, and /proc.
  for (const std::string& out : {dir / "a-file/out", std::string("/proc/govaudit-out")}) {
    auto r = RunGovaudit("audit " + site.server.Url("/") + " --db " + dir / "a.db" + " --out " + out + " --quiet");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("output folder " + out), std::string::npos) << r.output;
  }
  EXPECT_EQ(site.requests.load(), 0);
}

TEST(HardeningTest, ALinkPlantedInTheOutputFolderIsReplacedNotFollowed) {
  CountingSite site;
  TempDir dir("govaudit-symlink-out");
  fs::create_directories(dir.path() / "out");
  std::ofstream(dir.path() / "precious.txt") << "keep me";
  fs::create_symlink(dir.path() / "precious.txt", dir.path() / "out" / "report.html");
  auto r = RunGovaudit(Audit(site.server, dir));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadWholeFile(dir.path() / "precious.txt"), "keep me");
  EXPECT_FALSE(fs::is_symlink(dir.path() / "out" / "report.html"));
  EXPECT_NE(ReadWholeFile(dir.path() / "out" / "report.html").find("政务网站检查报告"), std::string::npos);
}

TEST(HardeningTest, ADamagedDatabaseIsFoundBeforeTheCrawl) {
  CountingSite site;
  TempDir dir("govaudit-damaged-db");
  ASSERT_EQ(RunGovaudit(Audit(site.server, dir)).exit_code, 0);
  const int before = site.requests.load();
  {
    // Overwrite pages in the middle of the file: the header stays valid, the b-trees do not.
    std::fstream db(dir / "a.db", std::ios::in | std::ios::out | std::ios::binary);
    db.seekp(0, std::ios::end);
    const auto size = static_cast<long>(db.tellp());
    ASSERT_GT(size, 3 * 4096);
    db.seekp(2 * 4096);
    const std::string junk(size - 2 * 4096, '\xA5');
    db.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  fs::remove(dir.path() / "a.db-wal");
  fs::remove(dir.path() / "a.db-shm");
  auto r = RunGovaudit(Audit(site.server, dir));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(site.requests.load(), before) << "the crawl started on a damaged database";
}

TEST(HardeningTest, OneSiteIsAuditedByOneProcessAtATime) {
  CountingSite site;
  TempDir dir("govaudit-lock");
  const std::string site_name = "http://127.0.0.1:" + std::to_string(site.server.port());
  auto held = FileLock::TryLock(dir / "a.db." + Hex64(Fnv1a64(site_name)) + ".lock");
  ASSERT_TRUE(held.ok()) << held.status().message();
  auto r = RunGovaudit(Audit(site.server, dir, "--resume"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("is being audited into"), std::string::npos) << r.output;
  EXPECT_EQ(site.requests.load(), 0);
}

TEST(HardeningTest, ResumeKeepsTheRunsAuditDate) {
  CountingSite site;
  TempDir dir("govaudit-resume-date");
  {
    // A run of the site that never finished (as after kill -9).
    auto store = db::Store::Open(dir / "a.db");
    ASSERT_TRUE(store.ok());
    db::RunInfo run;
    run.site = "http://127.0.0.1:" + std::to_string(site.server.port());
    run.as_of = "2026-11-26";
    ASSERT_TRUE((*store)->BeginRun(run).ok());
  }
  auto r = RunGovaudit("audit " + site.server.Url("/") + " --db " + dir / "a.db" + " --out " + dir / "out" +
                       " --quiet --resume --as-of 2026-12-01");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("was started with --as-of 2026-11-26"), std::string::npos) << r.output;
}

TEST(HardeningTest, APageWithTooManyLinksIsCutAndSaysSo) {
  LoopbackServer site;
  ServeHomeLinking(site, 300, "页面");
  site.server().Get(R"(/p\d+\.html)", [](const auto&, auto& res) { Html(res, "<p>页</p>"); });
  site.Start();
  TempDir dir("govaudit-link-cap");
  std::ofstream(dir / "cap.toml") << "[crawl]\nper_host_interval_s = 0\nsitemaps = false\nmax_links_per_page = 50\n";
  auto r = RunGovaudit(Audit(site, dir, "--config " + dir / "cap.toml"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_LE(testing::PagesOf(dir / "a.db").size(), 51u);
  const std::string json = ReadWholeFile(dir.path() / "out" / "findings.json");
  EXPECT_NE(json.find("超出的 250 个链接未保存"), std::string::npos) << json.substr(0, 2000);
}

// The a11y.lang findings of an audit's findings.json on the pages /p0.html …: their URLs' paths,
// or "template <url>" for a finding of a template.
std::vector<std::string> LangFindings(const fs::path& findings_json, std::string* stop_reason) {
  std::vector<std::string> out;
  auto json = nlohmann::json::parse(ReadWholeFile(findings_json), nullptr, false);
  if (json.is_discarded()) return {"unreadable " + findings_json.string()};
  *stop_reason = json["run"].value("stop_reason", "");
  for (const auto& f : json["findings"]) {
    if (f.value("rule", "") != "a11y.lang") continue;
    const std::string url = f.value("url", "");
    const std::string path = url.substr(url.find('/', 8));
    if (f.value("title", "").starts_with("页面模板")) {
      const std::string message = f.value("message", "");
      out.push_back("template " + path + " " + message.substr(0, message.find("页面（")));
    } else if (path.starts_with("/p")) {
      out.push_back(path);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Ctrl-C in the middle of a crawl: the interrupted run makes no template roll-up, so its report
// shows the page findings one would replace; the resumed run rolls them up.
TEST(HardeningTest, AnInterruptedRunShowsItsPageFindingsAndTheResumedRunRollsThemUp) {
  LoopbackServer site;
  std::atomic<bool> hold{true};
  std::atomic<int> served{0};
  constexpr int kPages = 12;
  constexpr int kServedBeforeStop = 6;
  const std::string nav = "<a href='/p0.html'>首页</a><a href='/p1.html'>新闻动态</a><a href='/p2.html'>政务公开</a>";
  site.server().Get("/", [&](const auto&, auto& res) {
    std::string links;
    for (int i = 0; i < kPages; ++i) links += "<a href='/p" + std::to_string(i) + ".html'>文章" + std::to_string(i) + "</a>";
    Html(res, links);
  });
  // Pages of one template, none declaring its language (a11y.lang). The last ones wait until the
  // test lets them go, so the crawl is under way when it is stopped.
  site.server().Get(R"(/p(\d+)\.html)", [&](const auto& req, auto& res) {
    if (std::stoi(req.matches[1]) >= kServedBeforeStop) {
      for (int i = 0; i < 1000 && hold.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Html(res, nav + "<p>正文</p><a href='/about.html'>关于本站</a>");
    ++served;
  });
  site.server().Get("/about.html", [&](const auto&, auto& res) { Html(res, "<p>关于</p>"); });
  site.Start();
  TempDir dir("govaudit-interrupted-rollup");
  const std::string audit = Audit(site, dir);
  {
    std::vector<std::string> args;
    std::istringstream words(audit);
    for (std::string w; words >> w;) args.push_back(w);
    testing::ChildProcess child(args, dir / "interrupted.log");
    ASSERT_TRUE(child.started());
    for (int i = 0; i < 2000 && served.load() < kServedBeforeStop; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(served.load(), kServedBeforeStop);
    // Stopped once the served pages (and the home page) are stored.
    for (int i = 0; i < 1000 && testing::PagesOf(dir / "a.db").size() <= static_cast<size_t>(kServedBeforeStop); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    child.Signal(SIGINT);
    EXPECT_GE(child.Wait(std::chrono::seconds(60)), 0) << ReadWholeFile(dir / "interrupted.log");
  }
  hold = false;
  std::string stop_reason;
  const std::vector<std::string> interrupted = LangFindings(dir.path() / "out" / "findings.json", &stop_reason);
  EXPECT_EQ(stop_reason, "interrupted");
  // Each page stored shows its own finding; nothing was rolled up.
  EXPECT_GE(interrupted.size(), static_cast<size_t>(kServedBeforeStop));
  for (const std::string& f : interrupted) EXPECT_TRUE(f.starts_with("/p")) << f;

  auto resumed = RunGovaudit(Audit(site, dir, "--resume"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  // One finding of the template for its pages, none left as a page finding.
  EXPECT_EQ(LangFindings(dir.path() / "out" / "findings.json", &stop_reason),
            std::vector<std::string>{"template / 同一页面模板的 " + std::to_string(kPages) + " 个"});
  EXPECT_EQ(stop_reason, "finished");
}

}  // namespace
}  // namespace govaudit
