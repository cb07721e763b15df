// security.* end to end: loopback hosts play a government site, a former partner whose domain
// now shows a casino (answering 200), an honest company, a partner whose title changes between
// two nights, a host receiving hidden links, and the site cloaks its home page for Baiduspider.
// Each planted defect is found exactly once; the honest ones are not; the veto row asks for a
// person's review until one finding is confirmed in triage.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/loopback_server.h"
#include "tests/support/run_command.h"

namespace govaudit {
namespace {

using testing::LoopbackServer, testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

void Html(httplib::Response& res, const std::string& head, const std::string& body, const std::string& tail = "") {
  res.set_content(
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + head + "</head><body>" + body + "</body></html>" + tail,
      "text/html; charset=utf-8");
}

class SecuritySiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    casino_.server().Get(".*", [this](const httplib::Request& req, auto& res) {
      {
        std::lock_guard lock(requests_mutex_);
        ++casino_requests_[req.method + " " + req.path];
      }
      Html(res, "<title>澳门新葡京娱乐城 客服13912345678</title>",
           "<h1>真人荷官在线发牌</h1><p>注册送38元彩金，首存优惠，百家乐、电子游艺应有尽有</p>");
    });
    honest_.server().Get(".*", [](const auto&, auto& res) {
      Html(res, "<title>示范科技有限公司</title>", "<p>软件开发与技术服务，体育场馆信息化，彩票站不是我们的业务。</p>");
    });
    changer_.server().Get(".*", [this](const auto&, auto& res) {
      Html(res, night_ == 1 ? "<title>甲农业合作社</title>" : "<title>乙文化传媒</title>", "<p>欢迎访问</p>");
    });
    spam_.server().Get(".*", [](const auto&, auto& res) { Html(res, "<title>某某网</title>", "<p>普通页面</p>"); });
    for (LoopbackServer* s : {&casino_, &honest_, &changer_, &spam_}) s->Start();

    const std::string footer = "<div class=\"footer\">友情链接：<a href=\"" + casino_.Url("/") +
                               "\">旧合作伙伴</a> <a href=\"" + honest_.Url("/") + "\">示范科技</a> <a href=\"" +
                               changer_.Url("/") + "\">合作单位</a></div>";
    const std::string scripts =
        "<script src=\"https://hm.baidu.com/hm.js?0123456789abcdef\"></script>"
        "<script src=\"http://127.0.0.1:" +
        std::to_string(spam_.port()) + "/tj/stat.js\"></script>";
    site_.server().Get("/", [=, this](const httplib::Request& req, httplib::Response& res) {
      std::string body =
          "<ul class=\"nav\"><li><a href=\"/hide.html\">政务公开</a><ul class=\"sub\">"
          "<li><a href=\"/a.html\">通知公告</a></li><li><a href=\"/b.html\">政策文件</a></li></ul></li></ul>" +
          footer;
      // Baidu's crawler is shown links no visitor sees.
      if (req.get_header_value("User-Agent").find("Baiduspider") != std::string::npos) {
        body += "<a href=\"" + spam_.Url("/seo/") + "\">娱乐城</a>";
      }
      Html(res,
           "<title>示范县人民政府</title><style>.sub{display:none}.nav li:hover .sub{display:block}</style>" + scripts,
           body);
    });
    site_.server().Get("/a.html", [=, this](const auto&, auto& res) {
      // A partner's logo the template writes with a script: an image link, checked like any.
      Html(res, "<title>通知公告</title>" + scripts,
           "<p>通知</p><script>document.write('<a href=\"" + casino_.Url("/logo-link") +
               "\"><img src=\"/logo.png\" alt=\"合作伙伴标识\"></a>');</script>" + footer);
    });
    site_.server().Get("/b.html", [=, this](const auto&, auto& res) {
      Html(res, "<title>政策文件</title>",
           "<script>var r=document.referrer;if(r.indexOf('baidu')>-1||r.indexOf('sogou')>-1){window.location.href='" +
               casino_.Url("/vip") + "';}</script><p>政策</p>" + footer);
    });
    site_.server().Get("/hide.html", [=, this](const auto&, auto& res) {
      auto spam = [&](int n) { return spam_.Url("/" + std::to_string(n)); };
      auto link = [&](int n) { return "<a href=\"" + spam(n) + "\">暗链" + std::to_string(n) + "</a>"; };
      const std::string encoded = "<script>document.write(unescape('%3C%61%20%68%72%65%66%3D%22" + spam(10) +
                                  "%22%3E%u6697%u94fe%3C%2F%61%3E'));</script>";
      Html(res, "<title>暗链</title><style>.x9{position:absolute;top:-9999px}</style>",
           "<div style=\"display:none\">" + link(1) + "</div>" + "<div style=\"visibility:hidden\">" + link(2) +
               "</div>" + "<p style=\"font-size:0\">" + link(3) + "</p>" + "<div style=\"height:0;overflow:hidden\">" +
               link(4) + "</div>" + "<div style=\"position:absolute;left:-5000px\">" + link(5) + "</div>" +
               "<div style=\"text-indent:-9999px\">" + link(6) + "</div>" + "<a href=\"" + spam(7) +
               "\" style=\"color:#ffffff\">白字</a>" + "<marquee width=\"1\" height=\"1\">" + link(8) + "</marquee>" +
               "<div class=\"x9\">" + link(9) + "</div>" + encoded +
               // The site's own drop-down menu, hidden until hovered: not a hidden link.
               "<ul style=\"display:none\"><li><a href=\"/a.html\">通知公告</a></li></ul>",
           link(11));
    });
    site_.Start();
    std::ofstream(dir_ / "fast.toml") << "[crawl]\nper_host_interval_s = 0\nsitemaps = false\ntimeout_s = 5\n"
                                         "retries = 0\n";
  }

  testing::CommandResult Night(int night) {
    night_ = night;
    std::string allow;
    for (const LoopbackServer* s : {&casino_, &honest_, &changer_, &spam_}) {
      allow += " --allow-address 127.0.0.1:" + std::to_string(s->port());
    }
    return RunGovaudit("audit " + site_.Url("/") + " --config " + dir_ / "fast.toml" + " --db " + dir_ / "a.db" +
                       " --out " + dir_ / ("out" + std::to_string(night)) + " --quiet --as-of 2026-11-26" + allow);
  }

  nlohmann::json Findings(int night) {
    return nlohmann::json::parse(ReadWholeFile(dir_.path() / ("out" + std::to_string(night)) / "findings.json"));
  }

  // The security findings of a night, by rule.
  std::map<std::string, std::vector<nlohmann::json>> Security(const nlohmann::json& findings) {
    std::map<std::string, std::vector<nlohmann::json>> out;
    for (const auto& f : findings["findings"]) {
      const std::string rule = f["rule"];
      if (rule.rfind("security.", 0) == 0) out[rule].push_back(f);
    }
    return out;
  }

  // What the casino host was asked, by method and path: one request per distinct URL a night.
  std::map<std::string, int> CasinoRequests() {
    std::lock_guard lock(requests_mutex_);
    std::map<std::string, int> out;
    out.swap(casino_requests_);
    return out;
  }

  LoopbackServer site_, casino_, honest_, changer_, spam_;
  std::mutex requests_mutex_;
  std::map<std::string, int> casino_requests_;
  std::atomic<int> night_{1};
  TempDir dir_{"govaudit-security"};
};

TEST_F(SecuritySiteTest, EachPlantedDefectOnceAndTheHonestCasesNot) {
  auto first = Night(1);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const nlohmann::json night1 = Findings(1);
  auto found = Security(night1);

  // The footer's text link and the script-written image link: two targets, one finding each.
  ASSERT_EQ(found["security.hijacked_link"].size(), 2u) << night1.dump(2);
  const bool footer_first = std::string(found["security.hijacked_link"][0]["evidence"]).find("旧合作伙伴") !=
                            std::string::npos;
  const auto& hijacked = found["security.hijacked_link"][footer_first ? 0 : 1];
  const auto& image_link = found["security.hijacked_link"][footer_first ? 1 : 0];
  EXPECT_EQ(image_link["url"], site_.Url("/a.html"));
  EXPECT_NE(std::string(image_link["evidence"]).find("链接文字「合作伙伴标识」→ " + casino_.Url("/logo-link")),
            std::string::npos)
      << image_link["evidence"];
  EXPECT_EQ(hijacked["url"], site_.Url("/"));  // the footer is on every page: filed on the home page
  EXPECT_EQ(hijacked["referrers"].size(), 3u);
  const std::string evidence = hijacked["evidence"];
  EXPECT_NE(evidence.find("链接文字「旧合作伙伴」→ " + casino_.Url("/")), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("澳门新葡京娱乐城 客服139****5678"), std::string::npos) << evidence;
  EXPECT_NE(std::string(hijacked["message"]).find("，共 3 个页面含有"), std::string::npos);

  // Eleven techniques, eleven targets; the menus hidden until hovered link within the site.
  ASSERT_EQ(found["security.hidden_link"].size(), 11u) << night1.dump(2);
  std::map<std::string, std::string> how;
  for (const auto& f : found["security.hidden_link"]) {
    EXPECT_EQ(f["url"], site_.Url("/hide.html"));
    const std::string e = f["evidence"];
    how[e.substr(e.find("隐藏方式："))] = e;
    EXPECT_NE(e.find("目标网页标题「某某网」"), std::string::npos) << e;
  }
  for (const char* technique :
       {"display:none（行内样式）", "visibility:hidden", "font-size:0", "height:0;overflow:hidden", "left:-5000px",
        "text-indent:-9999px", "文字颜色与背景色相同（#ffffff）", "marquee", "top:-9999px（<style> 规则 .x9）",
        "由 document.write 以编码字符串写入", "位于 </html> 之后"}) {
    bool seen = false;
    for (const auto& [key, e] : how) seen = seen || key.find(technique) != std::string::npos;
    EXPECT_TRUE(seen) << technique;
  }

  ASSERT_EQ(found["security.injected_script"].size(), 2u) << night1.dump(2);
  const std::string dump = night1.dump();
  EXPECT_NE(dump.find("主机 127.0.0.1 的脚本（首次检查），共 2 个页面含有"), std::string::npos);
  EXPECT_NE(dump.find("<script src=\\\"" + spam_.Url("/tj/stat.js") + "\\\">"), std::string::npos);
  EXPECT_NE(dump.find("来自搜索引擎（baidu）的访客被跳转至 " + casino_.Url("/vip")), std::string::npos);

  ASSERT_EQ(found["security.cloaking"].size(), 1u) << night1.dump(2);
  EXPECT_EQ(found["security.cloaking"][0]["url"], site_.Url("/"));
  EXPECT_NE(std::string(found["security.cloaking"][0]["evidence"]).find("「娱乐城」→ " + spam_.Url("/seo/")),
            std::string::npos);
  EXPECT_TRUE(found["security.link_target_changed"].empty());  // nothing to compare with yet
  // Linked from three pages, each target is read once, with one GET and no HEAD before it.
  const std::map<std::string, int> asked = CasinoRequests();
  EXPECT_EQ(asked, (std::map<std::string, int>{{"GET /", 1}, {"GET /logo-link", 1}}));

  // Honest cases: nothing about them, and no personal data.
  EXPECT_EQ(dump.find(honest_.Url("/")), std::string::npos);
  EXPECT_EQ(dump.find("hm.baidu.com"), std::string::npos);
  EXPECT_EQ(dump.find("13912345678"), std::string::npos);
  size_t security_total = 0;
  for (const auto& [rule, list] : found) security_total += list.size();
  EXPECT_EQ(security_total, 16u);

  // The veto row waits for a person.
  const auto& veto = night1["run"]["veto"];
  bool row_seen = false;
  for (const auto& item : veto["items"]) {
    if (item["id"] != "serious_problems") continue;
    row_seen = true;
    EXPECT_EQ(item["status"], "review");
    EXPECT_EQ(item["count"], 0);
    EXPECT_EQ(item["pending"], 16);
  }
  EXPECT_TRUE(row_seen);
  const std::string html = ReadWholeFile(dir_.path() / "out1" / "report.html");
  EXPECT_NE(html.find("data-veto=\"serious_problems\" data-status=\"review\""), std::string::npos);
  EXPECT_NE(html.find("需人工复核"), std::string::npos);
  EXPECT_NE(html.find("真人荷官"), std::string::npos);  // the terms found, in the finding's evidence

  // Night 2: the partner's site changed hands (a new title); everything else as before.
  auto second = Night(2);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  const nlohmann::json night2 = Findings(2);
  found = Security(night2);
  ASSERT_EQ(found["security.link_target_changed"].size(), 1u) << night2.dump(2);
  EXPECT_NE(std::string(found["security.link_target_changed"][0]["message"])
                .find("网页标题由「甲农业合作社」变为「乙文化传媒」"),
            std::string::npos);
  EXPECT_EQ(found["security.hijacked_link"].size(), 2u);
  EXPECT_EQ(found["security.hidden_link"].size(), 11u);
  EXPECT_EQ(found["security.cloaking"].size(), 1u);
  ASSERT_EQ(found["security.injected_script"].size(), 2u);
  EXPECT_NE(night2.dump().find("主机 127.0.0.1 的脚本（上次完整检查时已存在）"), std::string::npos);
  EXPECT_EQ(night2["run"]["new"], 1);  // the change is the only new finding

  // Confirmed in triage, the casino link fails the row.
  const std::string id = found["security.hijacked_link"][0]["id"];
  auto set =
      RunGovaudit("triage set " + id.substr(0, 8) + " acknowledged --note '已核实为赌博网站' --db " + dir_ / "a.db");
  ASSERT_EQ(set.exit_code, 0) << set.output;
  auto rerender = RunGovaudit("report --db " + dir_ / "a.db" + " --run 2 --out " + dir_ / "out2b");
  ASSERT_EQ(rerender.exit_code, 0) << rerender.output;
  const nlohmann::json confirmed = nlohmann::json::parse(ReadWholeFile(dir_.path() / "out2b" / "findings.json"));
  for (const auto& item : confirmed["run"]["veto"]["items"]) {
    if (item["id"] != "serious_problems") continue;
    EXPECT_EQ(item["status"], "failed");
    EXPECT_EQ(item["count"], 1);
  }
  EXPECT_EQ(confirmed["run"]["veto"]["verdict"], "failed");
}

TEST_F(SecuritySiteTest, TurnedOffTheTargetsAreOnlyAskedForTheirStatus) {
  std::ofstream(dir_ / "fast.toml", std::ios::app) << "[rules.security]\nenabled = false\n";
  auto r = Night(1);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json night = Findings(1);
  EXPECT_TRUE(Security(night).empty());
  EXPECT_EQ(night.dump().find("澳门新葡京"), std::string::npos);
  // Each target asked once, with HEAD: no body is read.
  EXPECT_EQ(CasinoRequests(), (std::map<std::string, int>{{"HEAD /", 1}, {"HEAD /logo-link", 1}}));
}

}  // namespace
}  // namespace govaudit
