// What the page rules cost next to the parse they ride on. A corpus of generated government
// pages (policy documents in the three metadata layouts, interpretations, normative documents,
// column lists, a normative library, subsidy tables, news with dated sidebars, all inside a
// site's navigation and footer) is processed four ways, each reported in MB/s of HTML:
//   GumboParse          gumbo_parse_with_options + gumbo_destroy_output, nothing else
//   PageModel           ParsePage: Gumbo plus the page model (text, links, tables, metadata)
//   PageModelAndRules   ParsePage, ClassifyPage, AddPublicationFacts and every page rule
//   KindsAndRulesOnly   the last three steps on pages parsed beforehand
//   KindsAndFactsOnly   ClassifyPage and AddPublicationFacts alone, on pages parsed beforehand
// Goal: PageModelAndRules takes less than 1.5 × GumboParse (the rules add < half the parse).
// Figures: docs/performance.md.
#include <benchmark/benchmark.h>
#include <gumbo.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/date.h"
#include "common/calendar.h"
#include "page/page.h"
#include "classify/facts.h"
#include "classify/page_kinds.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

constexpr size_t kCorpusBytes = size_t{24} << 20;

constexpr const char* kPhrases[] = {
    "为进一步优化营商环境",
    "切实减轻企业负担",
    "各乡镇人民政府",
    "县政府各部门",
    "结合我县实际",
    "现就有关事项通知如下",
    "加强组织领导",
    "压实工作责任",
    "确保各项任务落到实处",
    "强化督促检查",
    "推动高质量发展",
    "持续深化“放管服”改革",
    "统筹做好疫情防控和经济社会发展",
    "坚持以人民为中心",
    "进一步完善工作机制",
    "对符合条件的市场主体",
    "按照有关规定给予补助",
    "自印发之日起施行",
    "由县发展改革局负责解释",
    "各有关单位要高度重视",
    "认真抓好贯彻落实",
    "每亩补助105元",
    "申报材料包括营业执照复印件",
    "咨询电话：0955-7012345",
    "联系人：县政务服务中心",
};
constexpr const char* kColumns[] = {"政策文件", "政策解读", "行政规范性文件", "政务动态", "通知公告", "部门文件"};

class PageGenerator {
 public:
  explicit PageGenerator(uint32_t seed) : rng_(seed) {}

  std::pair<std::string, std::string> Next(int index) {
    std::string url = "https://www.shifan.gov.cn/zwgk/p" + std::to_string(index) + ".html";
    std::string body;
    // The mix of a county site: mostly documents and news, some lists, a few special pages.
    const size_t roll = Pick(20);
    if (roll < 7) {
      body = PolicyDocument(index);
    } else if (roll < 10) {
      body = Interpretation(index);
    } else if (roll < 12) {
      body = NormativeDocument(index);
    } else if (roll < 15) {
      body = ColumnList();
    } else if (roll < 16) {
      body = Library();
    } else if (roll < 17) {
      body = SubsidyTable();
    } else {
      body = News();
    }
    return {url, Frame(body)};
  }

 private:
  size_t Pick(size_t n) { return rng_() % n; }

  std::string Date() {
    char buf[16];
    std::snprintf(buf, sizeof buf, "20%02zu-%02zu-%02zu", 19 + Pick(6), 1 + Pick(12), 1 + Pick(28));
    return buf;
  }
  std::string Title() { return std::string("示范县人民政府关于") + kPhrases[Pick(std::size(kPhrases))] + "的通知"; }
  std::string Paragraphs(int n) {
    std::string out;
    for (int p = 0; p < n; ++p) {
      out += "<p>";
      for (int s = 0, m = 4 + static_cast<int>(Pick(8)); s < m; ++s) {
        out += kPhrases[Pick(std::size(kPhrases))];
        out += s + 1 == m ? "。" : "，";
      }
      out += "</p>\n";
    }
    return out;
  }
  std::string DatedList(int n) {
    std::string out = "<ul class=\"list\">";
    for (int i = 0; i < n; ++i) {
      out += "<li><a href=\"/zwgk/zcwj/t" + std::to_string(Pick(100000)) + ".html\">" + Title() + "</a><span>" +
             Date() + "</span></li>";
    }
    return out + "</ul>\n";
  }
  // The three layouts of the disclosure metadata block.
  std::string Metadata(const std::string& number, const std::string& date, const std::string& validity) {
    switch (Pick(3)) {
      case 0:
        return "<table class=\"xxgk\"><tr><td>索 引 号：</td><td>11640521MB0000000X/2022-0" +
               std::to_string(Pick(9999)) +
               "</td><td>主题分类：</td><td>综合政务</td></tr><tr><td>发文机关：</td><td>示范县人民政府</td>"
               "<td>成文日期：</td><td>" +
               date + "</td></tr><tr><td>文号：</td><td>" + number + "</td><td>发布日期：</td><td>" + date +
               "</td></tr>" + (validity.empty() ? "" : "<tr><td>有效性：</td><td>" + validity + "</td></tr>") +
               "</table>\n";
      case 1:
        return "<div class=\"meta\"><span>发布机构：</span><span>示范县人民政府</span><span>文号：</span><span>" +
               number + "</span><span>发布日期：</span><span>" + date + "</span>" +
               (validity.empty() ? "" : "<span>有效性：</span><span>" + validity + "</span>") + "</div>\n";
      default:
        return "<div class=\"info\">发布机构：示范县人民政府办公室 文号：" + number + " 发布日期：" + date +
               (validity.empty() ? "" : " 有效性：" + validity) + " 来源：县政府办公室</div>\n";
    }
  }
  std::string PolicyDocument(int index) {
    const std::string title = Title();
    return "<meta name=\"ColumnName\" content=\"政策文件\">" +
           Metadata("示政发〔2022〕" + std::to_string(index % 300) + "号", Date(), "") + "<h1>" + title + "</h1>\n" +
           Paragraphs(12 + static_cast<int>(Pick(20))) + "<div class=\"related\">相关解读：<a href=\"/zwgk/zcjd/j" +
           std::to_string(index) + ".html\">《" + title + "》政策解读</a></div>\n";
  }
  std::string Interpretation(int index) {
    return "<h1>《关于" + std::string(kPhrases[Pick(std::size(kPhrases))]) +
           "的通知》政策解读</h1>\n<div class=\"info\">发布时间：" + Date() + " 来源：县发展改革局</div>\n" +
           Paragraphs(8 + static_cast<int>(Pick(12))) + "<p>《若干措施》（示政发〔2022〕" +
           std::to_string(index % 300) + "号）</p><p>原文链接：<a href=\"/zwgk/zcwj/a.html\">" + Title() + "</a></p>\n";
  }
  std::string NormativeDocument(int index) {
    constexpr const char* kValidity[] = {"有效", "", "失效", "已废止"};
    return Metadata("示政规发〔2021〕" + std::to_string(index % 50) + "号", Date(), kValidity[Pick(4)]) + "<h1>示范县" +
           kPhrases[Pick(std::size(kPhrases))] + "管理办法</h1>\n" + Paragraphs(15 + static_cast<int>(Pick(20)));
  }
  std::string ColumnList() {
    return "<h1>" + std::string(kColumns[Pick(std::size(kColumns))]) + "</h1>\n" + DatedList(20);
  }
  std::string Library() {
    return "<h1>行政规范性文件库</h1><div class=\"filter\">按年份：<a href=\"?year=2022\">2022</a> <a "
           "href=\"?year=2021\">2021</a>"
           "</div>\n" +
           DatedList(20);
  }
  std::string SubsidyTable() {
    std::string out =
        "<h1>示范县惠民惠农财政补贴政策目录清单</h1><table border=\"1\"><tr><th>序号</th><th>补贴项目名称</th>"
        "<th>政策依据</th><th>主管部门</th><th>补贴对象</th><th>补贴标准</th><th>咨询电话</th></tr>\n";
    for (int r = 1; r <= 30; ++r) {
      out += "<tr><td>" + std::to_string(r) +
             "</td><td>耕地地力保护补贴</td><td>财农〔2016〕26号</td><td>县农业农村局</td>"
             "<td>拥有承包地的农户</td><td>" +
             (Pick(10) == 0 ? "" : "每亩105元") + "</td><td>0955-7012001</td></tr>\n";
    }
    return out + "</table>\n";
  }
  std::string News() {
    return "<meta name=\"ColumnName\" content=\"政务动态\"><h1>县政府召开常务会议研究部署重点工作</h1><div "
           "class=\"info\">发布时间：" +
           Date() + " 来源：县政府办公室</div>\n" + Paragraphs(6 + static_cast<int>(Pick(10))) + "<h3>相关新闻</h3>" +
           DatedList(8);
  }
  // The site's frame around every page: head, a large navigation, breadcrumb, footer.
  std::string Frame(const std::string& body) {
    std::string nav = "<div class=\"nav\">";
    for (int i = 0; i < 80; ++i) {
      nav += "<a href=\"/c" + std::to_string(i) + "/\">" + kColumns[i % std::size(kColumns)] + "</a> ";
    }
    nav += "</div>\n";
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>示范县人民政府</title>"
           "<meta name=\"SiteIDCode\" content=\"6405210001\"><script>var a = 1;</script>"
           "<style>.nav{color:red}</style></head><body>\n" +
           nav +
           "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a></div>\n"
           "<div class=\"main\">" +
           body +
           "</div>\n"
           "<div class=\"footer\"><p>主办单位：示范县人民政府办公室 网站标识码：6405210001</p>"
           "<p><a href=\"https://beian.miit.invalid/\">宁ICP备12000000号</a> 地址：示范县人民路1号</p></div>"
           "</body></html>";
  }

  std::mt19937 rng_;
};

struct Corpus {
  std::vector<std::pair<std::string, std::string>> pages;
  size_t bytes = 0;
};

const Corpus& GetCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    PageGenerator generator(20221130);
    for (int i = 0; c.bytes < kCorpusBytes; ++i) {
      c.pages.push_back(generator.Next(i));
      c.bytes += c.pages.back().second.size();
    }
    return c;
  }();
  return corpus;
}

struct Checker {
  RulesConfig config;
  RuleSet rules = RuleSet::Build(config);
  RuleContext context;
  Checker() {
    context.as_of = Date{2022, 11, 30};
    context.calendar = &WorkdayCalendar::Builtin();
    context.config = &config;
    context.kind_config = &KindConfig::Builtin();
    context.start_urls = {"https://www.shifan.gov.cn/"};
  }
  // What PagePipeline::Process does with a parsed page, minus the store.
  size_t Run(const std::string& url, const Page& page) const {
    PageKinds kinds = ClassifyPage(page, KindConfig::Builtin());
    const std::string facts = PublicationFacts(page, kinds, KindConfig::Builtin()).ToJson();
    PageInput input;
    input.url = url;
    input.status = 200;
    input.content_type = "text/html";
    input.page = &page;
    input.kind = kinds.Joined();
    input.kind_reasons = kinds.reasons;
    input.kinds = &kinds;
    std::vector<Finding> findings;
    rules.CheckPage(input, context, &findings);
    return findings.size() + facts.size();
  }
};

void BM_GumboParse(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  for (auto _ : state) {
    for (const auto& [url, html] : corpus.pages) {
      GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
      benchmark::DoNotOptimize(output->root);
      gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(BM_GumboParse)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_PageModel(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  for (auto _ : state) {
    for (const auto& [url, html] : corpus.pages) {
      Page page = ParsePage(url, html);
      benchmark::DoNotOptimize(page.text.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(BM_PageModel)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_PageModelAndRules(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  Checker checker;
  size_t sink = 0;
  for (auto _ : state) {
    for (const auto& [url, html] : corpus.pages) {
      Page page = ParsePage(url, html);
      sink += checker.Run(url, page);
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(BM_PageModelAndRules)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_KindsAndRulesOnly(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  std::vector<Page> pages;
  for (const auto& [url, html] : corpus.pages) pages.push_back(ParsePage(url, html));
  Checker checker;
  size_t sink = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < pages.size(); ++i) sink += checker.Run(corpus.pages[i].first, pages[i]);
  }
  benchmark::DoNotOptimize(sink);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(BM_KindsAndRulesOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The share of the publication rules' own preparation: page kinds and the stored facts.
void BM_KindsAndFactsOnly(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  std::vector<Page> pages;
  for (const auto& [url, html] : corpus.pages) pages.push_back(ParsePage(url, html));
  size_t sink = 0;
  for (auto _ : state) {
    for (const Page& page : pages) {
      PageKinds kinds = ClassifyPage(page, KindConfig::Builtin());
      const std::string facts = PublicationFacts(page, kinds, KindConfig::Builtin()).ToJson();
      sink += kinds.kinds.size() + facts.size();
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.bytes));
}
BENCHMARK(BM_KindsAndFactsOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace govaudit

BENCHMARK_MAIN();
