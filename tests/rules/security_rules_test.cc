// security.*: the lexicon on target pages, what a page yields to the site rules (hidden links,
// outside scripts, injection signatures, cloaking), and the site rules over a store holding
// two runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/charset.h"
#include "db/store.h"
#include "page/page.h"
#include "rules/rule.h"
#include "rules/security.h"
#include "tests/support/shared_data.h"
#include "tests/support/store_runs.h"

namespace govaudit {
namespace {

constexpr char kHome[] = "https://www.shifan.gov.cn/";

const SecurityInspector& Inspector() {
  static const SecurityInspector inspector = *SecurityInspector::Load(RulesConfig{});
  return inspector;
}

RuleContext Context() {
  RuleContext context;
  context.start_urls = {kHome};
  context.extra_hosts = {"shifan-zwfw.com"};
  return context;
}

Page Html(const std::string& url, const std::string& head, const std::string& body) {
  return ParsePage(url, "<html><head>" + head + "</head><body>" + body + "</body></html>");
}

// ---- The lexicon ---------------------------------------------------------------------------

struct TargetCase {
  const char* name;
  const char* title;
  const char* body;
  bool fires;
};

TEST(SecurityLexiconTest, GamblingPornAndFraudPagesScoreAndHonestOnesDoNot) {
  const TargetCase cases[] = {
      {"casino", "澳门新葡京娱乐城", "真人荷官 在线发牌，注册送38元彩金，首存优惠", true},
      {"latin casino", "Best CASINO online", "Baccarat and Sportsbook, bet365 odds", true},
      {"porn", "免费在线观看", "日韩AV 成人视频 无码高清", true},
      {"fraud", "兼职招聘", "网络兼职日结，日赚300，躺赚秒到账", true},
      {"sports lottery", "中国体育彩票", "体育彩票开奖公告，请到投注站购买，理性购彩", false},
      {"crackdown news", "警方破获特大网络赌博案", "该团伙开设网络赌场，以百家乐、六合彩等方式组织赌博，涉案金额巨大",
       false},
      {"anti-fraud notice", "防范电信网络诈骗", "警惕刷单返利、裸聊敲诈、虚假贷款等诈骗手法", false},
      {"entertainment", "娱乐新闻", "体育娱乐资讯，每天更新", false},
      {"one strong word", "百家乐", "", false},
  };
  for (const TargetCase& c : cases) {
    const Page page = Html("http://target.example.com/", std::string("<title>") + c.title + "</title>", c.body);
    const db::OutboundSample sample = Inspector().SampleTarget("http://target.example.com/", page);
    EXPECT_EQ(sample.lexicon_score >= 10, c.fires)
        << c.name << ": score " << sample.lexicon_score << " (" << ::testing::PrintToString(sample.lexicon_terms) << ")";
    EXPECT_EQ(sample.title, c.title) << c.name;
    if (c.fires) {
      EXPECT_FALSE(sample.lexicon_terms.empty()) << c.name;
    }
  }
}

TEST(SecurityLexiconTest, TitleCountsTwiceAndTheExcerptIsMasked) {
  const Page page = Html("http://t.example.com/", "<title>娱乐城</title>", "<p>客服手机 13912345678 真人荷官</p>");
  const db::OutboundSample sample = Inspector().SampleTarget("http://t.example.com/", page);
  EXPECT_EQ(sample.lexicon_score, 2 * 6 + 8);
  EXPECT_EQ(sample.lexicon_terms, (std::vector<std::string>{"真人荷官", "娱乐城"}));
  EXPECT_NE(sample.excerpt.find("真人荷官"), std::string::npos);
  EXPECT_EQ(sample.excerpt.find("13912345678"), std::string::npos) << sample.excerpt;
  EXPECT_NE(sample.excerpt.find("139****5678"), std::string::npos) << sample.excerpt;
}

TEST(SecurityLexiconTest, AUsersFileAddsAndRemovesTermsAndBadLinesAreNamed) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "govaudit-lexicon-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "mine.txt") << "# mine\n娱乐城\t0\t赌博\n奇怪词\t12\t其他\n";
  std::ofstream(dir / "bad.txt") << "好词\n";
  std::ofstream(dir / "scripts.txt") << "cdn.example.com\n";
  std::ofstream(dir / "bad-scripts.txt") << "http://x.com/a.js\n";
  RulesConfig config;
  config.security_lexicon_path = (dir / "mine.txt").string();
  config.security_allowlist_path = (dir / "scripts.txt").string();
  auto inspector = SecurityInspector::Load(config);
  ASSERT_TRUE(inspector.ok()) << inspector.status().message();
  const Page page = Html("http://t.example.com/", "<title>娱乐城</title>", "奇怪词");
  const db::OutboundSample sample = inspector->SampleTarget("http://t.example.com/", page);
  EXPECT_EQ(sample.lexicon_score, 12 + 2 * 1);  // 奇怪词, and 娱乐 in the title now that 娱乐城 is gone
  EXPECT_EQ(sample.lexicon_terms, (std::vector<std::string>{"奇怪词", "娱乐"}));
  const Page with_script = Html(kHome, "<script src='http://cdn.example.com/a.js'></script>", "");
  EXPECT_TRUE(inspector->ObservePage(kHome, with_script, Context()).empty());

  config.security_lexicon_path = (dir / "bad.txt").string();
  auto bad = SecurityInspector::Load(config);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.txt:1: expected term<TAB>weight<TAB>category"), std::string::npos)
      << bad.status().message();
  config.security_lexicon_path.clear();
  config.security_allowlist_path = (dir / "bad-scripts.txt").string();
  bad = SecurityInspector::Load(config);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad-scripts.txt:1:"), std::string::npos) << bad.status().message();
  config.security_allowlist_path = (dir / "missing.txt").string();
  bad = SecurityInspector::Load(config);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("missing.txt"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// ---- What a page yields ----------------------------------------------------------------------

std::vector<db::PageObservation> Of(const std::vector<db::PageObservation>& all, const std::string& kind) {
  std::vector<db::PageObservation> out;
  for (const auto& o : all) {
    if (o.kind == kind) out.push_back(o);
  }
  return out;
}

TEST(SecurityObserveTest, HiddenLinksToOtherSitesOnly) {
  const Page page =
      Html(kHome, "<style>.sub{display:none}</style>",
           "<ul class='sub'><li><a href='/zwgk/'>政务公开</a></li>"
           "<li><a href='https://zwgk.shifan.gov.cn/x'>子站</a></li>"
           "<li><a href='http://shifan-zwfw.com/'>办事</a></li>"
           "<li><a href='https://www.gov.cn/'>中国政府网</a></li></ul>"
           "<div style='display:none'><a href='http://spam.example.com/'>博彩 13912345678</a>"
           "<a href='http://spam.example.com/'>again</a><iframe src='http://evil.example.net/'></iframe></div>"
           "<a href='http://partner.example.org/'>合作伙伴</a>");
  const auto hidden = Of(Inspector().ObservePage(kHome, page, Context()), "hidden_link");
  ASSERT_EQ(hidden.size(), 2u);
  EXPECT_EQ(hidden[0].target, "http://spam.example.com/");
  EXPECT_EQ(hidden[0].detail, "display:none（行内样式）");
  EXPECT_EQ(hidden[0].text, "博彩 139****5678");
  EXPECT_EQ(hidden[1].target, "http://evil.example.net/");
  EXPECT_EQ(hidden[1].detail, "隐藏的 <iframe>：display:none（行内样式）");
}

TEST(SecurityObserveTest, OutsideScriptsBesideTheAllowlist) {
  const Page page =
      Html(kHome,
           "<script src='/js/jquery.js'></script><script src='https://static.shifan.gov.cn/a.js'></script>"
           "<script src='https://hm.baidu.com/hm.js?x'></script><script src='//s95.cnzz.com/z.js'></script>"
           "<script src='https://dcs.conac.cn/js/33/000/0000/60429971/CA330000000604299710001.js'></script>"
           "<script src='https://www.zj.gov.cn/js/site.js'></script>"
           "<script src='http://cdn.bad-ads.com/tj.js'></script><script src='http://cdn.bad-ads.com/x.js'>"
           "</script>",
           "");
  // One per host, with its first script.
  const auto scripts = Of(Inspector().ObservePage(kHome, page, Context()), "script_src");
  ASSERT_EQ(scripts.size(), 1u);
  EXPECT_EQ(scripts[0].target, "cdn.bad-ads.com");
  EXPECT_EQ(scripts[0].detail, "http://cdn.bad-ads.com/tj.js");
}

TEST(SecurityObserveTest, InlineInjectionSignatures) {
  struct Case {
    const char* name;
    const char* code;
    const char* id;  // expected signature id; empty: none
  };
  const Case cases[] = {
      {"eval over unescape", "eval(unescape('%64%6f%63'));", "eval_decode"},
      {"eval over fromCharCode", "window.eval (String.fromCharCode(100,111,99));", "eval_decode"},
      {"eval over atob", "var s='ZG9j';eval(atob(s))", "eval_decode"},
      {"referrer redirect",
       "var "
       "r=document.referrer;if(r.indexOf('baidu')>0||r.indexOf('sogou')>0){window.location.href='http://www.bc-888.com/"
       "';}",
       "referrer_redirect"},
      {"redirect to another site", "setTimeout(function(){ top.location = \"http://www.bc-888.com/?from=gov\"; }, 10);",
       "location_redirect"},
      {"packer",
       "eval(function(p,a,c,k,e,d){e=function(c){return String.fromCharCode(c+29)};return "
       "p}('0',1,1,''.split('|'),0,{}))",
       ""},
      {"share button", "function share(){window.open('http://service.weibo.com/share/share.php?url='+u);}", ""},
      {"popup is no redirect", "window.open('http://www.bc-888.com/');", ""},
      {"search hosted elsewhere", "location.href = 'http://search.example.com/s?q=' + encodeURIComponent(w);", ""},
      {"redirect to an allowlisted host", "location.href='https://map.qq.com/?addr=x';", ""},
      {"redirect to the mobile site",
       "if(/Mobile/.test(navigator.userAgent)){location.href='https://m.shifan.gov.cn/';}", ""},
      {"redirect to another government site", "window.location.replace('https://www.gov.cn/');", ""},
      {"referrer only read", "var from = document.referrer; _hmt.push(['_trackEvent', from, 'baidu']);", ""},
      {"comparison is no redirect", "if (location == 'http://www.bc-888.com/') {}", ""},
      {"statistics snippet",
       "var _hmt=_hmt||[];(function(){var hm=document.createElement('script');hm.src='https://hm.baidu.com/hm.js?1';"
       "var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(hm,s);})();",
       ""},
  };
  for (const Case& c : cases) {
    const Page page = Html(kHome, std::string("<script>") + c.code + "</script>", "");
    const auto found = Of(Inspector().ObservePage(kHome, page, Context()), "inline_script");
    if (std::string(c.id).empty()) {
      EXPECT_TRUE(found.empty()) << c.name << ": " << (found.empty() ? "" : found[0].detail);
      continue;
    }
    ASSERT_EQ(found.size(), 1u) << c.name;
    EXPECT_EQ(found[0].target.substr(0, found[0].target.find(':')), c.id) << c.name;
  }
  // A redirect conditioned on the referrer names where it sends visitors; the same code on two
  // pages is the same target.
  const std::string code =
      "<script>if(document.referrer.indexOf('baidu')>-1){location.replace('http://www.bc-888.com/')}</script>";
  const auto a = Of(Inspector().ObservePage(kHome, Html(kHome, code, ""), Context()), "inline_script");
  const auto b =
      Of(Inspector().ObservePage(kHome + std::string("a.html"), Html(kHome, code, ""), Context()), "inline_script");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].target, "referrer_redirect:bc-888.com");
  EXPECT_EQ(a[0].target, b[0].target);
  EXPECT_NE(a[0].detail.find("至 http://www.bc-888.com/"), std::string::npos) << a[0].detail;
}

TEST(SecurityObserveTest, CloakingComparesTheSitesBothViewsLinkTo) {
  const Page visitor = Html(kHome, "", "<a href='/zwgk/'>公开</a><a href='http://partner.example.org/a'>伙伴</a>");
  const Page again = Html(kHome, "", "<a href='http://banner.example.net/'>轮播</a>");
  const Page spider = Html(kHome, "",
                           "<a href='/zwgk/'>公开</a><a href='http://partner.example.org/b'>伙伴 b</a>"
                           "<a href='http://banner.example.net/x'>轮播</a><a href='http://www.bc-888.com/'>娱乐城</a>"
                           "<a href='https://www.gov.cn/'>中国政府网</a>");
  auto found = Inspector().ObserveCloaking(kHome, {&visitor, &again}, spider, kHome, kHome, Context());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].target, "http://www.bc-888.com/");
  EXPECT_EQ(found[0].text, "娱乐城");
  // Sent elsewhere only as a crawler.
  found = Inspector().ObserveCloaking(kHome, {&visitor}, visitor, kHome, "http://www.bc-888.com/", Context());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].detail, "只把搜索引擎爬虫跳转到外站");
  EXPECT_TRUE(Inspector().ObserveCloaking(kHome, {&visitor}, visitor, kHome, kHome, Context()).empty());
}

// Government pages as their sites serve them hide share pop-ups, badges, tab panels and
// layout tricks — none of them a hidden link — and load scripts from their own hosts and
// allowlisted services: nothing to report.
TEST(SecurityObserveTest, RealGovernmentPagesHoldNothingToReport) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  const std::filesystem::path dir = testing::SharedDataDir() / "real-pages";
  const int pages = testing::ForEachHtmlFile(dir, /*recursive=*/false, [](const auto& path, const std::string& body) {
    const Page page = ParsePage(kHome, DecodeHtml(body, "").utf8);
    for (const db::PageObservation& o : Inspector().ObservePage(kHome, page, Context())) {
      ADD_FAILURE() << path.filename() << ": " << o.kind << " " << o.target << " " << o.detail;
    }
  });
  EXPECT_GE(pages, 10);
}

// ---- The site rules ----------------------------------------------------------------------------

class SecuritySiteRulesTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = db::Store::Open(":memory:").value(); }

  int64_t NewRun() { return testing::AddFinishedRun(*store_, "shifan"); }
  void Page(int64_t run, const std::string& url) {
    db::PageRecord p;
    p.url = p.final_url = url;
    p.status = 200;
    p.is_html = true;
    ASSERT_TRUE(store_->PutPage(run, p).ok());
  }
  void Target(int64_t run, const std::string& url, const std::string& final_url, const db::OutboundSample& sample,
              const std::vector<std::string>& from, const std::string& anchor = "链接") {
    db::PageRecord p;
    p.url = url;
    p.final_url = final_url;
    p.status = 200;
    p.in_scope = false;
    ASSERT_TRUE(store_->PutPage(run, p).ok());
    if (!sample.url.empty()) {
      ASSERT_TRUE(store_->PutOutboundSample(run, sample).ok());
    }
    for (const std::string& page : from) ASSERT_TRUE(store_->PutLinks(run, page, {{url, anchor}}).ok());
  }
  std::vector<Finding> Security(int64_t run) {
    const RuleSet rules = RuleSet::Build(RulesConfig{});
    std::vector<Finding> all, out;
    RuleContext context = Context();
    rules.CheckSite(*store_, run, context, &all);
    for (Finding& f : all) {
      if (f.rule_id.rfind("security.", 0) == 0) out.push_back(std::move(f));
    }
    return out;
  }
  std::unique_ptr<db::Store> store_;
};

TEST_F(SecuritySiteRulesTest, HijackedTargetsOnceWithTheirPages) {
  const int64_t run = NewRun();
  for (const char* page : {kHome, "https://www.shifan.gov.cn/a.html", "https://www.shifan.gov.cn/b.html"})
    Page(run, page);
  Target(run, "http://old-partner.com/", "http://old-partner.com/",
         {"http://old-partner.com/", "澳门娱乐城", {"娱乐城", "真人荷官"}, 20, "…真人荷官…"},
         {kHome, "https://www.shifan.gov.cn/a.html"}, "旧合作伙伴");
  Target(run, "http://honest.example.com/", "http://honest.example.com/",
         {"http://honest.example.com/", "合作伙伴", {"娱乐"}, 1, ""}, {"https://www.shifan.gov.cn/b.html"});
  // A government link now landing on a commercial domain.
  Target(run, "http://www.oldbureau.gov.cn/", "http://www.parked-domain.com/landing", {},
         {"https://www.shifan.gov.cn/b.html"}, "原农业局");
  // A government page with the words (news of a crackdown) does not count.
  Target(run, "https://www.mps.gov.cn/n1.html", "https://www.mps.gov.cn/n1.html",
         {"https://www.mps.gov.cn/n1.html", "破获网络赌博案", {"娱乐城", "真人荷官"}, 14, ""}, {kHome});

  const std::vector<Finding> found = Security(run);
  ASSERT_EQ(found.size(), 2u);
  const Finding& lexicon = found[0].evidence_key.find("lexicon") != std::string::npos ? found[0] : found[1];
  const Finding& redirect = &lexicon == &found[0] ? found[1] : found[0];
  EXPECT_EQ(lexicon.rule_id, "security.hijacked_link");
  EXPECT_EQ(lexicon.url, kHome);  // the home page holds it
  EXPECT_EQ(lexicon.referrers.size(), 2u);
  EXPECT_NE(lexicon.message.find("，共 2 个页面含有"), std::string::npos) << lexicon.message;
  EXPECT_NE(lexicon.evidence.find("链接文字「旧合作伙伴」→ http://old-partner.com/；目标网页标题「澳门娱乐城」"),
            std::string::npos)
      << lexicon.evidence;
  EXPECT_EQ(redirect.url, "https://www.shifan.gov.cn/b.html");
  EXPECT_NE(redirect.message.find("parked-domain.com"), std::string::npos) << redirect.message;
}

TEST_F(SecuritySiteRulesTest, TargetsThatChangedSinceTheLastCompleteRun) {
  const int64_t first = NewRun();
  Page(first, kHome);
  Target(first, "http://a.example.com/", "http://a.example.com/", {"http://a.example.com/", "甲公司", {}, 0, ""},
         {kHome});
  Target(first, "http://b.example.com/", "http://b.example.com/", {"http://b.example.com/", "乙 2026-11-01", {}, 0, ""},
         {kHome});
  Target(first, "http://c.example.com/", "http://c.example.com/", {}, {kHome});
  EXPECT_TRUE(Security(first).empty());  // nothing to compare with

  const int64_t second = NewRun();
  Page(second, kHome);
  Target(second, "http://a.example.com/", "http://a.example.com/", {"http://a.example.com/", "丙娱乐", {}, 1, ""},
         {kHome});
  Target(second, "http://b.example.com/", "http://b.example.com/",
         {"http://b.example.com/", "乙 2026-11-26", {}, 0, ""}, {kHome});
  Target(second, "http://c.example.com/", "http://c-new.example.net/", {}, {kHome});
  const std::vector<Finding> found = Security(second);
  ASSERT_EQ(found.size(), 2u);
  for (const Finding& f : found) EXPECT_EQ(f.rule_id, "security.link_target_changed");
  EXPECT_NE(found[0].message.find("网页标题由「甲公司」变为「丙娱乐」"), std::string::npos) << found[0].message;
  EXPECT_NE(found[1].message.find("由 example.com 变为 example.net"), std::string::npos) << found[1].message;
}

TEST_F(SecuritySiteRulesTest, HiddenLinksAndScriptsOnEveryPageAreOneFindingEach) {
  const int64_t first = NewRun();
  Page(first, kHome);
  ASSERT_TRUE(
      store_->PutObservations(first, {{kHome, "script_src", "old.example.com", "http://old.example.com/s.js", ""}})
          .ok());
  const int64_t run = NewRun();
  std::vector<db::PageObservation> observations;
  for (int i = 0; i < 30; ++i) {
    const std::string page = i == 0 ? kHome : "https://www.shifan.gov.cn/p" + std::to_string(i) + ".html";
    Page(run, page);
    observations.push_back(
        {page, "hidden_link", "http://spam.example.com/", "display:none（<style> 规则 .hd）", "博彩"});
    observations.push_back({page, "script_src", "cdn.bad-ads.com", "http://cdn.bad-ads.com/tj.js", ""});
    observations.push_back({page, "script_src", "old.example.com", "http://old.example.com/s.js", ""});
  }
  ASSERT_TRUE(store_->PutObservations(run, observations).ok());
  Target(run, "http://spam.example.com/", "http://spam.example.com/", {"http://spam.example.com/", "某某站", {}, 0, ""},
         {kHome});
  const std::vector<Finding> found = Security(run);
  ASSERT_EQ(found.size(), 3u);
  const Finding& hidden = found[0];
  EXPECT_EQ(hidden.rule_id, "security.hidden_link");
  EXPECT_EQ(hidden.url, kHome);
  EXPECT_NE(hidden.message.find("，共 30 个页面含有"), std::string::npos) << hidden.message;
  EXPECT_EQ(hidden.evidence,
            "链接文字「博彩」；隐藏方式：display:none（<style> 规则 .hd）；目标 http://spam.example.com/；"
            "目标网页标题「某某站」");
  EXPECT_EQ(found[1].rule_id, "security.injected_script");
  EXPECT_NE(found[1].message.find("主机 cdn.bad-ads.com 的脚本（上次完整检查时没有，新出现），共 30 个页面含有"),
            std::string::npos)
      << found[1].message;
  EXPECT_EQ(found[1].evidence, "<script src=\"http://cdn.bad-ads.com/tj.js\">");
  EXPECT_NE(found[2].message.find("主机 old.example.com 的脚本（上次完整检查时已存在）"), std::string::npos)
      << found[2].message;
}

TEST_F(SecuritySiteRulesTest, CloakingIsOneFindingOnTheHomePage) {
  const int64_t run = NewRun();
  Page(run, kHome);
  ASSERT_TRUE(store_
                  ->PutObservations(
                      run, {{kHome, "cloaked_link", "http://a.bc.com/", "只向搜索引擎爬虫显示的外站链接", "娱乐城"},
                            {kHome, "cloaked_link", "http://b.bc.com/", "只向搜索引擎爬虫显示的外站链接", "百家乐"}})
                  .ok());
  const std::vector<Finding> found = Security(run);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule_id, "security.cloaking");
  EXPECT_EQ(found[0].url, kHome);
  EXPECT_NE(found[0].message.find("2 个外站链接"), std::string::npos);
  EXPECT_NE(found[0].evidence.find("「娱乐城」→ http://a.bc.com/"), std::string::npos) << found[0].evidence;
}

TEST(SecurityRulesTest, ListedWithTheirRequirement) {
  int seen = 0;
  for (const RuleInfo& info : RuleSet::AllInfos()) {
    if (info.id.rfind("security.", 0) != 0) continue;
    ++seen;
    EXPECT_NE(info.requirement.find("安全、泄密事故等严重问题"), std::string::npos) << info.id;
    EXPECT_FALSE(info.description.empty()) << info.id;
    EXPECT_EQ(info.task, "26") << info.id;
  }
  EXPECT_EQ(seen, 5);
}

}  // namespace
}  // namespace govaudit
