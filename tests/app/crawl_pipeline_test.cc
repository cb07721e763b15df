// The crawl as the pipeline sees it: charsets, sniffing, conditional re-crawl, kill and resume.
#include <gtest/gtest.h>
#include <iconv.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/pipeline.h"
#include "rules/rules_config.h"
#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"

extern char** environ;

namespace govaudit {
namespace {

using testing::LoopbackServer, testing::RunGovaudit, testing::TempDir;

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// Pages stored in the database so far, without waiting on or creating it.
int64_t StoredPages(const std::string& db_path) {
  auto store = db::Store::OpenReadOnly(db_path);
  if (!store.ok()) return 0;
  auto totals = (*store)->CountPages(1);
  return totals.ok() ? totals->pages : 0;
}

std::string WriteConfig(const TempDir& dir, const std::string& extra = "") {
  std::string path = dir / "fast.toml";
  std::ofstream(path) << "[crawl]\nper_host_interval_s = 0\nsitemaps = false\ntimeout_s = 5\n" << extra;
  return path;
}

TEST(CrawlPipelineTest, ChineseTextOfGbkPagesReachesTheRulesIntact) {
  const std::string title = "关于公开征求《示范县城区停车管理办法》意见的通知";
  LoopbackServer site;
  site.server().Get("/", [](const auto&, auto& res) {
    res.set_content("<a href='/declared-header.html'>a</a><a href='/declared-meta.html'>b</a>"
                    "<a href='/undeclared.html'>c</a><a href='/octet.html'>d</a><a href='/broken-bytes.html'>e</a>"
                    "<a href='/empty.html'>f</a>",
                    "text/html; charset=utf-8");
  });
  std::string page = "<html><head><title>" + title + "</title></head><body><h1>" + title +
                     "</h1><p>为进一步规范城区停车秩序，现将《办法》全文公布，公开征求社会各界意见。请于二〇二六年十二月一日前反馈。</p></body></html>";
  std::string gbk = ToGbk(page);
  site.server().Get("/declared-header.html", [gbk](const auto&, auto& res) { res.set_content(gbk, "text/html; charset=gb2312"); });
  site.server().Get("/declared-meta.html", [&](const auto&, auto& res) {
    res.set_content(ToGbk("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">" + page), "text/html");
  });
  site.server().Get("/undeclared.html", [gbk](const auto&, auto& res) { res.set_content(gbk, "text/html"); });
  site.server().Get("/octet.html", [](const auto&, auto& res) {
    res.set_content("<!DOCTYPE html><html><head><title>附件下载</title></head><body><a href='/from-octet.html'>x</a></body></html>",
                    "application/octet-stream");
  });
  site.server().Get("/from-octet.html", [](const auto&, auto& res) { res.set_content("<p>ok</p>", "text/html"); });
  site.server().Get("/broken-bytes.html", [gbk](const auto&, auto& res) {
    res.set_content("<title>" + ToGbk("坏字节") + "\xff\xfe\x81</title>", "text/html; charset=gbk");
  });
  site.server().Get("/empty.html", [](const auto&, auto& res) { res.set_content("", "text/html"); });
  site.Start();

  TempDir dir("govaudit-gbk");
  auto r = RunGovaudit("audit " + site.Url("/") + " --config " + WriteConfig(dir) + " --db " + dir / "a.db" +
                       " --out " + dir / "out --quiet --as-of 2026-11-26");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto pages = testing::PagesOf(dir / "a.db");
  for (const char* path : {"/declared-header.html", "/declared-meta.html", "/undeclared.html"}) {
    ASSERT_TRUE(pages.count(site.Url(path))) << path;
    EXPECT_EQ(pages[site.Url(path)].title, title) << path;
    EXPECT_EQ(pages[site.Url(path)].charset, "gb18030") << path;
  }
  EXPECT_EQ(pages[site.Url("/octet.html")].title, "附件下载");    // sniffed as HTML
  EXPECT_TRUE(pages.count(site.Url("/from-octet.html")));         // and its links followed
  EXPECT_EQ(pages[site.Url("/broken-bytes.html")].title.rfind("坏字节", 0), 0u);  // bad bytes replaced
  EXPECT_EQ(pages[site.Url("/empty.html")].status, 200);
}

TEST(CrawlPipelineTest, ReCrawlSendsValidatorsAndReusesTheStoredBodyOn304) {
  LoopbackServer site;
  std::atomic<int> not_modified{0};
  site.server().Get("/", [](const auto&, auto& res) {
    res.set_content("<a href='/doc.html'>doc</a>", "text/html; charset=utf-8");
  });
  site.server().Get("/doc.html", [&](const httplib::Request& req, auto& res) {
    if (req.get_header_value("If-None-Match") == "\"doc-v1\"") {
      ++not_modified;
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"doc-v1\"");
    res.set_content("<html><head><title>文件</title></head><body><a href='/gone.html'>已删除</a></body></html>",
                    "text/html; charset=utf-8");
  });
  site.Start();
  TempDir dir("govaudit-304");
  std::string args = "audit " + site.Url("/") + " --config " + WriteConfig(dir) + " --db " + dir / "a.db" + " --out " +
                     dir / "out --quiet --as-of 2026-11-26";
  ASSERT_EQ(RunGovaudit(args).exit_code, 0);
  auto second = RunGovaudit(args);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(not_modified.load(), 1);
  // The 304 page was checked again from the stored body: its broken link is still found.
  auto json = nlohmann::json::parse(testing::ReadWholeFile(dir.path() / "out" / "findings.json"));
  bool found = false;
  for (const auto& f : json["findings"]) {
    found = found || (f["rule"] == "link.broken" && f["url"] == site.Url("/gone.html"));
  }
  EXPECT_TRUE(found) << json.dump(2);
  EXPECT_EQ(json["run"]["fixed"], 0);
  auto second_pages = testing::PagesOf(dir / "a.db", 2);
  ASSERT_EQ(second_pages.count(site.Url("/doc.html")), 1u);
  EXPECT_NE(second_pages[site.Url("/doc.html")].facts_json.find("\"not_modified\":true"), std::string::npos);
}

// A 304 answer whose stored copy cannot be read (damaged, or written by a newer govaudit) leaves
// the page unchecked: the record says so rather than passing for an inspected page.
TEST(CrawlPipelineTest, A304WhoseStoredCopyCannotBeReadIsRecordedAsNotInspected) {
  TempDir dir("govaudit-304-unreadable");
  const std::string url = "http://www.example.gov.cn/doc.html";
  int64_t run_id = 0;
  {
    auto store = db::Store::Open(dir / "a.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    db::RunInfo run;
    run.site = "www.example.gov.cn";
    run.as_of = "2026-11-26";
    auto id = (*store)->BeginRun(run);
    ASSERT_TRUE(id.ok()) << id.status().message();
    run_id = *id;
    const RuleSet rules = RuleSet::Build(RulesConfig{});
    const RuleContext context;
    db::StoreWriter writer(store->get());
    PagePipeline pipeline(rules, context, {}, 100, &writer, run_id, 1, 4);
    pipeline.set_previous_body([](const std::string&) -> std::optional<std::string> { return std::nullopt; });
    FetchResult answer;
    answer.url = url;
    answer.final_url = url;
    answer.status = 304;
    answer.not_modified = true;
    pipeline.OnFetched(std::move(answer));
    pipeline.Join();
    Status written = writer.Close();
    ASSERT_TRUE(written.ok()) << written.message();
  }
  auto pages = testing::PagesOf(dir / "a.db", run_id);
  ASSERT_EQ(pages.count(url), 1u);
  EXPECT_FALSE(pages[url].inspected);
  EXPECT_EQ(pages[url].status, 304);
}

// A binary tree of pages: /n/i links to /n/2i+1 and /n/2i+2 below kTreeSize, and /n/0 also
// to a dead link, so the resumed run must still report it.
constexpr int kTreeSize = 81;

TEST(CrawlPipelineTest, KillNineThenResumeFetchesNothingTwiceAndLosesNothing) {
  LoopbackServer site;
  std::mutex m;
  std::map<int, int> hits;
  site.server().Get(R"(/n/(\d+))", [&](const httplib::Request& req, auto& res) {
    int i = std::stoi(req.matches[1]);
    // The crawl's requests; the home page's one look as a search engine (security.cloaking)
    // is no second fetch of the crawl's.
    if (req.get_header_value("User-Agent").find("Baiduspider") == std::string::npos) {
      std::lock_guard lock(m);
      hits[i]++;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    std::string body = "<html><head><title>第" + std::to_string(i) + "页</title></head><body>";
    for (int c : {2 * i + 1, 2 * i + 2}) {
      if (c < kTreeSize) body += "<a href='/n/" + std::to_string(c) + "'>子页面" + std::to_string(c) + "</a>";
    }
    if (i == 0) body += "<a href='/missing.html'>失效链接</a>";
    res.set_content(body + "</body></html>", "text/html; charset=utf-8");
  });
  site.Start();
  TempDir dir("govaudit-resume");
  std::string config = WriteConfig(dir, "per_host_connections = 2\n");
  std::string db = dir / "a.db";
  std::vector<std::string> argv_strings = {GOVAUDIT_BINARY, "audit", site.Url("/n/0"), "--config", config, "--db", db,
                                           "--out", dir / "out", "--quiet", "--as-of", "2026-11-26"};
  std::vector<char*> argv;
  for (auto& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, GOVAUDIT_BINARY, nullptr, nullptr, argv.data(), environ), 0);
  // Wait until a part of the site is stored, then kill without warning.
  size_t stored_before_kill = 0;
  for (int i = 0; i < 400 && stored_before_kill < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    stored_before_kill = static_cast<size_t>(StoredPages(db));
  }
  ASSERT_GE(stored_before_kill, 20u);
  std::vector<std::string> done_urls;
  if (auto store = testing::ReadStore(db)) {
    for (const db::FrontierRow& row : store->Frontier(1).value_or({})) {
      if (row.done) done_urls.push_back(row.url);
    }
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_LT(StoredPages(db), kTreeSize) << "the crawl finished before the kill";

  auto resumed = RunGovaudit("audit " + site.Url("/n/0") + " --config " + config + " --db " + db + " --out " +
                             dir / "out --quiet --as-of 2026-11-26 --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;

  // Pages stored before the kill were never fetched again.
  for (const std::string& url : done_urls) {
    if (url.find("/n/") == std::string::npos) continue;
    int i = std::stoi(url.substr(url.rfind('/') + 1));
    EXPECT_EQ(hits[i], 1) << url;
  }
  // Every page of the site is in the one run, once.
  auto store = testing::ReadStore(db);
  ASSERT_NE(store, nullptr);
  auto runs = store->ListRuns().value_or({});
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_TRUE(runs[0].complete);
  EXPECT_EQ(runs[0].stop_reason, "finished");
  int tree_pages = 0;
  for (const auto& [url, page] : testing::PagesOf(db)) tree_pages += url.find("/n/") != std::string::npos;
  EXPECT_EQ(tree_pages, kTreeSize);  // one row per URL: each page once
  for (int i = 0; i < kTreeSize; ++i) EXPECT_GE(hits[i], 1) << i;
  auto json = nlohmann::json::parse(testing::ReadWholeFile(dir.path() / "out" / "findings.json"));
  int broken = 0;
  for (const auto& f : json["findings"]) broken += f["rule"] == "link.broken" && f["url"] == site.Url("/missing.html");
  EXPECT_EQ(broken, 1);
  EXPECT_EQ(json["run"]["pages"], kTreeSize + 1);

  // Nothing left to resume now.
  auto again = RunGovaudit("audit " + site.Url("/n/0") + " --db " + db + " --out " + dir / "out --quiet --resume");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.output.find("nothing to resume"), std::string::npos) << again.output;
}

}  // namespace
}  // namespace govaudit
