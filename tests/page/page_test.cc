#include "page/page.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/date.h"
#include "tests/support/collect.h"
#include "tests/support/disclosure_meta.h"
#include "tests/support/shared_data.h"
#include "tests/support/test_names.h"

#ifndef GOVAUDIT_FIXTURES_DIR
#error "GOVAUDIT_FIXTURES_DIR must name the tests/fixtures directory"
#endif

namespace govaudit {
namespace {

constexpr char kUrl[] = "https://www.example.gov.cn/zwgk/2022/page.html";

std::string ReadFixture(const std::string& name) {
  return testing::ReadSharedData("real-pages/" + name);
}

// The crawler hands pages over as UTF-8; this test converts the one GBK fixture itself.
std::string Gb18030ToUtf8(const std::string& in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return "";
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return "";
  out.resize(out.size() - dst_left);
  return out;
}

Page Parse(const std::string& body, const std::string& head = "") {
  return ParsePage(kUrl, "<!DOCTYPE html><html><head>" + head + "</head><body>" + body +
                             "</body></html>");
}

const PageLink* FindLink(const Page& page, std::string_view href) {
  for (const PageLink& link : page.links) {
    if (link.href == href) return &link;
  }
  return nullptr;
}

std::vector<std::string> UrlsOf(const Page& page) {
  return testing::Collect(page.links, [](const PageLink& link) { return link.url; });
}

std::vector<std::string> CaptionsOf(const Page& page) {
  return testing::Collect(page.tables, [](const PageTable& table) { return table.caption; });
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

using Row = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------
// Title.

TEST(PageTitleTest, FirstNonEmptyH1WinsOverMetaAndTitle) {
  Page p = Parse("<h1><img src=logo.png></h1><h1> 关于印发 <b>办法</b>的通知 </h1><h1>第三</h1>",
                 "<title>站点</title><meta name=\"ArticleTitle\" content=\"关于印发办法的通知\">");
  EXPECT_EQ(p.title, "关于印发 办法的通知");
  EXPECT_EQ(p.html_title, "站点");
}

TEST(PageTitleTest, ArticleTitleMetaWhenNoH1) {
  Page p = Parse("<p>正文</p>", "<title>通知_政府网</title><meta name=\"articletitle\" content=\"通知\">");
  EXPECT_EQ(p.title, "通知");
}

TEST(PageTitleTest, TitleElementWhenNothingElse) {
  Page p = Parse("<p>正文</p>", "<title>\n  政策文件_\n  平潭  </title>");
  EXPECT_EQ(p.title, "政策文件");  // the site's name cut off
  EXPECT_EQ(p.html_title, "政策文件_ 平潭");
}

TEST(PageTitleTest, AHeadingBrokenOverLinesIsOneTitle) {
  // Real pages: nmg.gov.cn (助企纾困<div>预计4年…</div>) and gov.cn's gazette (2007<br>　年末).
  EXPECT_EQ(Parse("<h1>内蒙古延续部分到期税收优惠政策助企纾困<div>预计4年为纳税人减负180亿元</div></h1>").title,
            "内蒙古延续部分到期税收优惠政策助企纾困预计4年为纳税人减负180亿元");
  EXPECT_EQ(Parse("<h1>关于调整2007<br>\u3000年末国债余额限额的决议</h1>").title, "关于调整2007年末国债余额限额的决议");
  // Spaces written in the heading stay, and words of other scripts keep theirs across a break.
  EXPECT_EQ(Parse("<h1>【不忘初心 牢记使命】主题教育</h1>").title, "【不忘初心 牢记使命】主题教育");
  EXPECT_EQ(Parse("<h1>Smart City<br>Forum</h1>").title, "Smart City Forum");
}

TEST(PageTitleTest, ASiteNameAndASpaceBeforeTheTitleAreCutOff) {
  // Jiangsu's platform: <title>站名 标题</title>, no other separator, the title in an <h3>.
  Page p = Parse("<h3>泓川市人民政府关于加快推进农村寄递物流体系建设的实施意见</h3>",
                 "<title>泓川市人民政府 泓川市人民政府关于加快推进农村寄递物流体系建设的实施意见</title>");
  EXPECT_EQ(p.title, "泓川市人民政府关于加快推进农村寄递物流体系建设的实施意见");
  EXPECT_EQ(Parse("", "<title>泓川市人民政府\u3000市政府文件</title>").title, "市政府文件");
  // A first word that names no site stays: the space is the title's own.
  EXPECT_EQ(Parse("", "<title>关于 2026年度 考核结果的公示</title>").title, "关于 2026年度 考核结果的公示");
}

TEST(PageTitleTest, LogoH1IsPassedOverWhenArticleTitleExists) {
  Page p = Parse("<h1><span class=hide>山西省人民政府网站</span></h1><div>正文</div>",
                 "<title>山西品牌丝路行正式启动 - 山西省人民政府门户网站</title>"
                 "<meta name=\"ArticleTitle\" content=\"山西品牌丝路行正式启动\">");
  EXPECT_EQ(p.title, "山西品牌丝路行正式启动");
}

TEST(PageTitleTest, MarkupInArticleTitleIsDropped) {
  Page p = Parse("", "<meta name=\"ArticleTitle\" content=\"凝聚力量&lt;div&gt;——副题&lt;/div&gt;\">");
  EXPECT_EQ(p.title, "凝聚力量——副题");
}

TEST(PageTest, ReadsLangAndMetaTags) {
  Page p = ParsePage(kUrl, "<html lang=\"zh-CN\"><head><meta name=\"PubDate\" content=\"2024-01-02\">"
                           "<meta name=\"SiteIDCode\" content=\"3590000001\"></head><body></body></html>");
  EXPECT_EQ(p.lang, "zh-CN");
  EXPECT_EQ(p.meta_tags.at("PubDate"), "2024-01-02");
  EXPECT_EQ(p.meta.site_id_code, "3590000001");
  EXPECT_EQ(p.meta.publish_date, (Date{2024, 1, 2}));
}

// ---------------------------------------------------------------------------------------------
// Visible text.

// A case of the parameterised tests below: a page's body and head markup under a name.
struct Markup {
  std::string name;
  std::string body;
  std::string head = "";
};

// Markup and what the page model must read from it.
template <typename Expected>
struct MarkupCase {
  Markup markup;
  Expected expected;
};

// The visible text of a page.
using TextCase = MarkupCase<std::string>;

std::vector<TextCase> TextCases() {
  return {
      {{"blocks break lines and cells are tab separated",
        "<div>第一段</div><p>第二<br>行</p><table><tr><td>序号</td><td>金额</td></tr>"
        "<tr><td>1</td><td><span>12</span><span>,</span><span>345</span>元</td></tr></table>"
        "<ul><li>甲</li><li>乙</li></ul>"},
       "第一段\n第二\n行\n序号\t金额\n1\t12,345元\n甲\n乙"},
      {{"script style noscript template and head are not text",
        "<script>var x = '脚本';</script><style>.a{}</style><noscript>请启用</noscript>"
        "<template><p>模板</p></template><p>可见</p><textarea>输入框</textarea>",
        "<title>标题</title><style>b{}</style>"},
       "可见"},
      {{"whitespace collapses and lines are trimmed",
        "<p>  a \n\t b&nbsp;&nbsp;c&ensp;d\u3000\u3000e  </p><p>\u3000\u3000缩进</p>"},
       "a b c d e\n缩进"},
      {{"paragraphs inside cells still give tabs",
        "<p>前言</p><table><tr><td><p>区 域</p></td><td><p>河长</p></td></tr>"
        "<tr><td><div>片区级</div></td><td>林武<br>陈志艳</td></tr></table><p>后记</p>"},
       "前言\n区 域\t河长\n片区级\t林武\n陈志艳\n后记"},
      {{"inline elements join without spaces", "<p><b>2011</b><b>年秋季</b><span>公示</span></p>"}, "2011年秋季公示"},
  };
}

class PageTextTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(PageTextTest, ReadsTheVisibleText) {
  const TextCase& c = GetParam();
  EXPECT_EQ(Parse(c.markup.body, c.markup.head).text, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Markup, PageTextTest, ::testing::ValuesIn(TextCases()), testing::NameOfCase());

TEST(PageTextDepthTest, DeeplyNestedHtmlDoesNotOverflowTheStack) {
  std::string html;
  for (int i = 0; i < 10000; ++i) html += "<div><span>";
  html += "最深处";
  for (int i = 0; i < 10000; ++i) html += "</span></div>";
  Page p = Parse(html);
  EXPECT_EQ(p.text, "最深处");

  std::string tables;
  for (int i = 0; i < 2000; ++i) tables += "<table><tr><td>";
  tables += "x";
  Page t = Parse(tables);
  EXPECT_EQ(t.tables.size(), 2000u);
  EXPECT_EQ(t.tables.back().rows, (std::vector<Row>{{"x"}}));
}

// ---------------------------------------------------------------------------------------------
// Links.

TEST(PageLinksTest, CollectsAnchorsAreasAndFramesWithText) {
  Page p = Parse(
      "<a href=\"list.html\" title=\"栏目\"> 政务 <b>公开</b> </a>"
      "<a href=\"/x.pdf\"><img src=i.png alt=\"下载附件\"></a>"
      "<map><area href=\"../map.html\" alt=\"地图\"></map>"
      "<iframe src=\"//cdn.gov.cn/frame.html\" title=\"嵌入\">后备</iframe>"
      "<a href=\"javascript:void(0)\">打印</a>");
  ASSERT_EQ(p.links.size(), 5u);
  EXPECT_EQ(p.links[0].url, "https://www.example.gov.cn/zwgk/2022/list.html");
  EXPECT_EQ(p.links[0].anchor_text, "政务 公开");
  EXPECT_EQ(p.links[0].tag, "a");
  EXPECT_EQ(p.links[0].title_attr, "栏目");
  EXPECT_EQ(p.links[1].url, "https://www.example.gov.cn/x.pdf");
  EXPECT_EQ(p.links[1].anchor_text, "下载附件");
  EXPECT_EQ(p.links[2].url, "https://www.example.gov.cn/zwgk/map.html");
  EXPECT_EQ(p.links[2].anchor_text, "地图");
  EXPECT_EQ(p.links[2].tag, "area");
  EXPECT_EQ(p.links[3].url, "https://cdn.gov.cn/frame.html");
  EXPECT_EQ(p.links[3].tag, "iframe");
  EXPECT_EQ(p.links[4].url, "");
  EXPECT_EQ(p.links[4].href, "javascript:void(0)");
  EXPECT_EQ(p.text, "政务 公开 打印");  // iframe fallback content is not text
}

TEST(PageLinksTest, FramesetFramesAreLinks) {
  Page p = ParsePage(kUrl, "<html><frameset><frame src=\"top.html\"><frame src=\"main.html\"></frameset></html>");
  ASSERT_EQ(p.links.size(), 2u);
  EXPECT_EQ(p.links[1].tag, "frame");
  EXPECT_EQ(p.links[1].url, "https://www.example.gov.cn/zwgk/2022/main.html");
}

TEST(PageLinksTest, BaseHrefResolvesRelativeLinks) {
  Page p = Parse("<a href=\"a.html\">A</a><a href=\"/b.html\">B</a><a href=\"?page=2\">C</a>",
                 "<base href=\"http://Other.GOV.cn:80/root/index.html\">");
  EXPECT_EQ(UrlsOf(p), (std::vector<std::string>{"http://other.gov.cn/root/a.html", "http://other.gov.cn/b.html",
                                                 "http://other.gov.cn/root/index.html?page=2"}));
}

TEST(PageLinksTest, RelativeBaseHrefResolvesAgainstThePageUrl) {
  Page p = Parse("<a href=\"a.html\">A</a>", "<base href=\"../files/\">");
  EXPECT_EQ(UrlsOf(p), std::vector<std::string>{"https://www.example.gov.cn/zwgk/files/a.html"});
}

TEST(PageLinksTest, CountsLinksWithoutAnyAccessibleText) {
  Page p = Parse(
      "<a href=\"1\"></a>"                         // no text: counted
      "<a href=\"2\"><img src=x.png alt=\"\"></a>"  // empty alt: counted
      "<a href=\"3\"><img src=x.png></a>"           // no alt: counted (and an image without alt)
      "<a href=\"4\" title=\"首页\"></a>"
      "<a href=\"5\" aria-label=\"首页\"></a>"
      "<a href=\"6\"><img src=x.png alt=\"首页\"></a>"
      "<a href=\"7\">首页</a>"
      "<a name=\"anchor\"></a>");  // no href: not a link
  EXPECT_EQ(p.links.size(), 7u);
  EXPECT_EQ(p.links_without_text, 3);
  EXPECT_EQ(p.images_without_alt, 1);
}

// ---------------------------------------------------------------------------------------------
// Accessibility counts.

TEST(PageA11yTest, FormFieldsNeedSomeLabel) {
  Page p = Parse(
      "<input type=text>"                               // counted
      "<input id=q1><label for=q1>关键词</label>"        // label after the field
      "<label>姓名 <input name=n></label>"               // wrapping label
      "<input aria-label=\"搜索\"><input title=\"搜索\">"
      "<input type=hidden><input type=submit><input type=button><input type=image alt=x>"
      "<select><option>全部</option></select>"           // counted
      "<textarea id=t></textarea>"                       // counted: no label for t
      "<input type=checkbox id=c><label for=\"other\">x</label>");  // counted
  EXPECT_EQ(p.form_fields_without_label, 4);
}

TEST(PageA11yTest, ImagesWithoutAltAttribute) {
  Page p = Parse("<img src=a.png><img src=b.png alt=\"\"><img src=c.png alt=\"图\"><img src=d.png>");
  EXPECT_EQ(p.images_without_alt, 2);
}

// ---------------------------------------------------------------------------------------------
// Tables.

TEST(PageTablesTest, ColspanAndRowspanAreExpanded) {
  Page p = Parse(
      "<table>"
      "<tr><th rowspan=2>区域</th><th colspan=2>负责人</th></tr>"
      "<tr><th>姓名</th><th>电话</th></tr>"
      "<tr><td rowspan=2>片区级</td><td>林武</td><td>23155699</td></tr>"
      "<tr><td>陈志艳</td><td>23161799</td></tr>"
      "<tr><td colspan=3>合计 2 人</td></tr>"
      "</table>");
  ASSERT_EQ(p.tables.size(), 1u);
  const PageTable& t = p.tables[0];
  EXPECT_EQ(t.rows, (std::vector<Row>{{"区域", "负责人", "负责人"},
                                      {"区域", "姓名", "电话"},
                                      {"片区级", "林武", "23155699"},
                                      {"片区级", "陈志艳", "23161799"},
                                      {"合计 2 人", "合计 2 人", "合计 2 人"}}));
  EXPECT_EQ(t.header_row, 0);
}

TEST(PageTablesTest, RaggedRowsArePaddedAndRowspanPastTheEndIsCut) {
  Page p = Parse("<table><tr><td>a</td></tr><tr><td>b</td><td rowspan=5>c</td><td>d</td></tr></table>");
  ASSERT_EQ(p.tables.size(), 1u);
  EXPECT_EQ(p.tables[0].rows, (std::vector<Row>{{"a", "", ""}, {"b", "c", "d"}}));
}

TEST(PageTablesTest, SpansAreCappedAtOneHundred) {
  Page p = Parse("<table><tr><td colspan=100000>x</td></tr><tr><td rowspan=7 colspan=abc>y</td></tr></table>");
  ASSERT_EQ(p.tables.size(), 1u);
  ASSERT_EQ(p.tables[0].rows.size(), 2u);
  EXPECT_EQ(p.tables[0].rows[0].size(), 100u);
  EXPECT_EQ(p.tables[0].rows[1][0], "y");
  EXPECT_EQ(p.tables[0].rows[1][1], "");
}

TEST(PageTablesTest, NestedTablesAreSeparateAndOuterCellKeepsInnerText) {
  Page p = Parse(
      "<table><tr><td>外</td><td><table><tr><th>内1</th><th>内2</th></tr>"
      "<tr><td>a</td><td>b</td></tr></table></td></tr></table>");
  ASSERT_EQ(p.tables.size(), 2u);
  EXPECT_EQ(p.tables[0].rows, (std::vector<Row>{{"外", "内1 内2 a b"}}));
  EXPECT_EQ(p.tables[1].rows, (std::vector<Row>{{"内1", "内2"}, {"a", "b"}}));
  EXPECT_EQ(p.tables[1].header_row, 0);
}

TEST(PageTablesTest, HeaderRowIsTheThRowElseTheFirstRowNamingColumns) {
  Page th = Parse(
      "<table><tr><td colspan=3>一览表</td></tr><tr><th>姓名</th><th>地址</th><th>金额</th></tr>"
      "<tr><td>张三</td><td>某村</td><td>100</td></tr></table>");
  ASSERT_EQ(th.tables.size(), 1u);
  EXPECT_EQ(th.tables[0].header_row, 1);

  Page title_rows = Parse(
      "<table><tr><td colspan=3>附件 补贴对象一览表</td></tr><tr><td colspan=3>单位：农业农村局</td></tr>"
      "<tr><td>申报编号</td><td>申报对象</td><td>金额</td></tr><tr><td>1</td><td>甲</td><td>5</td></tr>"
      "</table>");
  ASSERT_EQ(title_rows.tables.size(), 1u);
  EXPECT_EQ(title_rows.tables[0].header_row, 2);
  EXPECT_EQ(title_rows.tables[0].caption, "附件 补贴对象一览表");

  Page plain = Parse("<table><tr><td>名称</td><td>数量</td></tr><tr><td>x</td><td>1</td></tr></table>");
  ASSERT_EQ(plain.tables.size(), 1u);
  EXPECT_EQ(plain.tables[0].header_row, 0);
}

TEST(PageTablesTest, CaptionFromCaptionElementOrPrecedingHeading) {
  Page p = Parse(
      "<h3>河湖长名单</h3><p>说明</p><table><tr><td>a</td><td>b</td></tr></table>"
      "<table><caption> 表 2 </caption><tr><td>c</td><td>d</td></tr></table>"
      "<p><b>2011</b><b>年拟聘人员名单</b></p><p>&nbsp;</p><table><tr><td>e</td><td>f</td></tr></table>");
  EXPECT_EQ(CaptionsOf(p), (std::vector<std::string>{"河湖长名单", "表 2", "2011年拟聘人员名单"}));
}

TEST(PageTablesTest, DistantOrLongHeadingIsNotACaption) {
  std::string filler(400, 'x');
  Page far = Parse("<h2>栏目</h2><p>" + filler + "</p><table><tr><td>a</td></tr></table>");
  EXPECT_EQ(CaptionsOf(far), std::vector<std::string>{""});

  Page mixed = Parse("<p><b>加粗</b>不加粗的正文</p><table><tr><td>a</td></tr></table>");
  EXPECT_EQ(CaptionsOf(mixed), std::vector<std::string>{"加粗"});  // the bold part alone
}

// ---------------------------------------------------------------------------------------------
// Disclosure metadata from HTML layouts.

// A page layout of disclosure metadata and the fields read from it.
using MetaCase = MarkupCase<testing::ExpectedMeta>;

std::vector<MetaCase> MetaCases() {
  return {
      {{"label value table cells",
        "<table><tr><td>索 &nbsp;引 号：</td><td>000014349/2022-00123</td>"
        "<td>发布机构：</td><td>平潭综合实验区管委会</td></tr>"
        "<tr><td>成文日期：</td><td>2022年5月20日</td><td>发布日期：</td><td>2022-05-24</td></tr>"
        "<tr><td>文　　号：</td><td>岚综管〔2022〕5号</td><td>主题分类：</td><td>城乡建设</td></tr>"
        "<tr><td>有效性：</td><td>有效</td><td>失效日期：</td><td>2027/5/24</td></tr></table>"},
       {.index_no = "000014349/2022-00123",
        .issuer = "平潭综合实验区管委会",
        .written_date = Date{2022, 5, 20},
        .publish_date = Date{2022, 5, 24},
        .doc_number = "岚综管〔2022〕5号",
        .topic = "城乡建设",
        .has_validity_label = true,
        .validity = "有效",
        .expiry_date_text = "2027/5/24",
        .expiry_date = Date{2027, 5, 24}}},
      {{"label and value in one cell or list item",
        "<table><tr><td>索引号：A-1</td><td>文号：闽政〔2021〕7号</td></tr></table>"
        "<ul><li>发布日期：<font>2021.03.04</font></li></ul>"},
       {.index_no = "A-1", .publish_date = Date{2021, 3, 4}, .doc_number = "闽政〔2021〕7号"}},
      {{"label spans and bold labels without colon",
        "<div><span>发布日期：</span><span>2022-05-24</span></div><div><b>文号</b>岚综管〔2022〕5号</div>"
        "<div><strong>发布机构</strong> 平潭综合实验区管委会</div>"
        "<table><tr><th>来源</th><td>区政府办</td></tr></table>"},
       {.issuer = "平潭综合实验区管委会",
        .publish_date = Date{2022, 5, 24},
        .doc_number = "岚综管〔2022〕5号",
        .source = "区政府办"}},
      {{"inline labels on one line",
        "<div class=info>发布时间：2024-12-10 来源：平潭综合实验区 字号：[<a href=#>大</a> 中 小]</div>"},
       {.publish_date_text = "2024-12-10", .publish_date = Date{2024, 12, 10}, .source = "平潭综合实验区"}},
      {{"empty validity cell is a label without value",
        "<table><tr><td>有效性：</td><td></td></tr><tr><td>发布日期：</td><td>2022-05-24</td></tr></table>"
        "<p>正文第一段</p>"},
       {.publish_date = Date{2022, 5, 24}, .has_validity_label = true, .validity = ""}},
      {{"meta tags fill missing fields", "<p>正文</p>",
        "<meta name=\"PubDate\" content=\"2024-11-17 15:40\"><meta name=\"ContentSource\" "
        "content=\"平潭支队\"><meta name=\"ColumnName\" content=\"政策解读\">"},
       {.publish_date = Date{2024, 11, 17}, .source = "平潭支队", .column_name = "政策解读"}},
  };
}

class PageMetadataTest : public ::testing::TestWithParam<MetaCase> {};

TEST_P(PageMetadataTest, ReadsTheFields) {
  const MetaCase& c = GetParam();
  testing::ExpectMeta(Parse(c.markup.body, c.markup.head).meta, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Layouts, PageMetadataTest, ::testing::ValuesIn(MetaCases()), testing::NameOfCase());

TEST(PageMetadataHeaderTest, AListsRowsHoldTheirItemsNumbersNotThePages) {
  const std::string lists[] = {
      // Henan's con-box: each row's 文号 and date on lines of their own under the title.
      "<h2>县政府文件</h2><div class=\"con-box\"><ul>"
      "<li><a href=\"/2026/11-12/1.html\">洹川县人民政府关于加快发展县域富民产业的实施意见</a><p>洹政〔2026〕9号</p>"
      "<span>2026-11-12</span></li>"
      "<li><a href=\"/2026/04-29/2.html\">洹川县人民政府关于印发农村宅基地管理办法的通知</a><p>洹政〔2026〕5号</p>"
      "<span>2026-04-29</span></li></ul></div>",
      // cq.gov.cn's 文件库: labelled inside each link.
      "<table><tr><td><a href=\"./1.html\"><p>石溪县人民政府关于印发入市管理办法的通知</p>"
      "<p>(<span>发文字号：石溪府发〔2026〕4号</span><span>成文日期 ：2026年04月24日</span>)</p></a></td></tr>"
      "<tr><td><a href=\"./2.html\"><p>石溪县人民政府办公室关于印发电动自行车管理办法的通知</p>"
      "<p>(<span>发文字号：石溪府办发〔2024〕12号</span><span>成文日期 ：2024年04月22日</span>)</p></a></td></tr></table>"};
  for (const std::string& list : lists) {
    const DisclosureMeta meta = Parse(list).meta;
    EXPECT_EQ(meta.doc_number, "") << list;
    EXPECT_FALSE(meta.publish_date || meta.written_date) << list;
  }
  // A document that links its own file under its 文号, and prints and closes, keeps its number.
  Page document = Parse(
      "<table><tr><td>文　　号：</td><td>岚政发〔2026〕11号</td></tr></table><h1>关于做好稳就业工作的意见</h1>"
      "<p>正文第一段。</p><div>文件下载<p><a href=\"/f/1.pdf\">岚政发〔2026〕11号.pdf</a></p>"
      "<a href=\"javascript:print()\">【打印本页】</a><a href=\"javascript:close()\">【关闭窗口】</a></div>");
  EXPECT_EQ(document.meta.doc_number, "岚政发〔2026〕11号");
}

// nx.gov.cn's lists: under each title a box (shown on hover) with the item's whole metadata,
// its 文号 last, longer than a short row.
std::string HoverBoxRow(const std::string& href, const std::string& title, const std::string& date,
                        const std::string& number) {
  return "<li><a href=\"" + href + "\" title=\"" + title + "\">" + title + "</a><span class=\"date\">" + date +
         "</span><div class=\"nx-conmtab\"><p><span>索 引 号：</span><span>640428001/" + number +
         "</span></p><p><span>主题分类：</span><span>农业、林业、水利\\农业</span></p><p><span>发文机关：</span>"
         "<span>沙泉县人民政府办公室</span></p><p><span>成文日期：</span><span>2026年09月29日</span></p>"
         "<p><span>标　　题：</span><span>" +
         title + "</span></p><p><span>发布日期：</span><span>" + date +
         "</span></p><p><span>发文字号：</span><span>沙政办规发〔2026〕" + number +
         "号</span></p>"
         "<p><span>有 效 性：</span><span>有效</span></p></div></li>";
}

TEST(PageMetadataHeaderTest, AListsHoverBoxesHoldTheirItemsMetadataNotThePages) {
  const std::string head =
      "<html><head><title>规范性文件_沙泉县人民政府</title><meta name=\"ColumnName\" content=\"规范性文件\">"
      "</head><body><h2>规范性文件</h2><ul class=\"nx-list\">";
  const std::string first = HoverBoxRow(
      "./202610/t1.html", "沙泉县人民政府办公室关于印发沙泉县农村集体资产管理办法的通知", "2026-10-09", "3");
  const std::string second = HoverBoxRow(
      "./202405/t2.html", "沙泉县人民政府办公室关于印发沙泉县城区集中供热管理办法的通知", "2024-05-10", "2");
  for (const std::string& rows : {first + second, first}) {
    // Two rows, or one on a page titled with its column's name (a list's last page).
    const DisclosureMeta m = Parse(head + rows + "</ul></body></html>").meta;
    EXPECT_EQ(m.doc_number, "");
    EXPECT_EQ(m.index_no, "");
    EXPECT_FALSE(m.publish_date || m.written_date);
    EXPECT_EQ(m.issuer, "");
    EXPECT_FALSE(m.has_validity_label);
    EXPECT_EQ(m.validity, "");
  }
  // One such row on a page with a title of its own proves no list: what the page states stays.
  const DisclosureMeta related = Parse(
                                     "<html><head><title>解读：沙泉县农村集体资产管理办法</title></"
                                     "head><body><h1>解读：沙泉县农村集体资产管理办法</h1><ul>" +
                                     first + "</ul></body></html>")
                                     .meta;
  EXPECT_EQ(related.doc_number, "沙政办规发〔2026〕3号");
}

TEST(PageMetadataHeaderTest, AListsHeaderRowOfLabelsGivesNoNumber) {
  // sz.gov.cn's library: the header <li>'s cells run together, "文号有效性发布日期".
  Page p = Parse(
      "<ul><li class=\"list_head\"><div class=\"list_name\">标题</div><span>文号</span><span>有效性</span>"
      "<span>发布日期</span></li></ul>");
  EXPECT_EQ(p.meta.doc_number, "");
}

TEST(PageTitleTest, AColumnPageTitledOnlyWithTheSitesNameIsNamedByItsColumn) {
  // moe.gov.cn's lists: <title> is the site's name, the column's heading an <h2>.
  const std::string head =
      "<html><head><title>霁川省教育厅门户网站</title><meta name=\"SiteName\" content=\"霁川省教育厅\">";
  EXPECT_EQ(
      Parse(head + "<meta name=\"ColumnName\" content=\"政策解读\"></head><body><h2>政策解读</h2></body></html>").title,
      "政策解读");
  // Without a ColumnName, the <title> stays; so does a title of its own before the site's name.
  EXPECT_EQ(Parse(head + "</head><body><h2>政策解读</h2></body></html>").title, "霁川省教育厅门户网站");
  EXPECT_EQ(Parse("<html><head><title>县长信箱回复_某县政府网</title><meta name=\"ColumnName\" content=\"县长信箱\">"
                  "</head><body><p>正文</p></body></html>")
                .title,
            "县长信箱回复");
}

TEST(PageMetadataHeaderTest, ListHeaderRowOfThLabelsIsNotMetadata) {
  Page p = Parse(
      "<table><tr><th>标题</th><th>发文字号</th><th>有效性</th><th>发布日期</th></tr>"
      "<tr><td>关于某事的通知</td><td>岚综管〔2022〕5号</td><td>有效</td><td>2022-05-24</td></tr></table>");
  EXPECT_FALSE(p.meta.has_validity_label);
  EXPECT_EQ(p.meta.doc_number, "");
  EXPECT_FALSE(p.meta.publish_date.has_value());
}

// ---------------------------------------------------------------------------------------------
// Scripts.

TEST(PageScriptTest, DocumentWriteLiteralsAreReadForMetadata) {
  Page p = Parse(
      "<table><tr><td>发布日期：</td><td>2022-05-24</td></tr>"
      "<script>document.write(\"<tr><td>有 效 性：</td><td>\" + '失效' + \"</td></tr>\");</script>"
      "</table>");
  EXPECT_TRUE(p.meta.has_validity_label);
  EXPECT_EQ(p.meta.validity, "失效");
  EXPECT_TRUE(Contains(p.script_written_html, "<td>有 效 性：</td><td>失效</td>"));
  // Read where the script stands, as a browser shows it: a row of the table.
  EXPECT_TRUE(Contains(p.text, "有 效 性：\t失效"));
  ASSERT_EQ(p.tables.size(), 1u);
  EXPECT_EQ(p.tables[0].rows.size(), 2u);
}

TEST(PageScriptTest, VariablesAndIfElseDecideWhatIsWritten) {
  // TRS 发文字号 cells: the value in a variable, "无" written only when it is empty.
  Page p = Parse(
      "<table><tr><td>发文字号：</td><td><script>var fwzh = \"示政发〔2026〕12号\"; if (fwzh == \"\") "
      "{ document.write(\"无\"); } else { document.write(fwzh); }</script></td>"
      "<td>发布日期：</td><td>2026-11-03</td></tr></table>");
  EXPECT_EQ(p.meta.doc_number, "示政发〔2026〕12号");
  EXPECT_FALSE(Contains(p.text, "无"));
  Page empty = Parse(
      "<table><tr><td>发文字号：</td><td><script>var fwzh = ''; if (fwzh == '') "
      "{ document.write('无'); } else { document.write(fwzh); }</script></td></tr></table>");
  EXPECT_TRUE(Contains(empty.text, "发文字号：\t无"));
}

TEST(PageScriptTest, VariablesCarryFromOneScriptToTheNext) {
  Page p = Parse("<script>var yxx = '失' + '效';</script><p>有效性：<script>document.write(yxx)</script></p>");
  EXPECT_EQ(p.meta.validity, "失效");
}

TEST(PageScriptTest, TrsPagingScriptLinksTheOtherPagesOfTheList) {
  Page p = Parse(
      "<ul><li><a href=\"a.html\">第一条信息的标题文字</a><span>2026-11-01</span></li></ul>"
      "<script>function createPageHTML(n, c, name, ext) { for (var i = 1; i < n; i++) "
      "document.write('<a href=\"' + name + '_' + i + '.' + ext + '\">' + i + '</a>'); }\n"
      "var countPage = 3; createPageHTML(countPage, 0, \"index\", \"html\");</script>");
  std::vector<std::string> urls;
  for (const PageLink& link : p.links) urls.push_back(link.url);
  EXPECT_NE(std::find(urls.begin(), urls.end(), "https://www.example.gov.cn/zwgk/2022/index_1.html"), urls.end());
  EXPECT_NE(std::find(urls.begin(), urls.end(), "https://www.example.gov.cn/zwgk/2022/index_2.html"), urls.end());
  EXPECT_EQ(std::find(urls.begin(), urls.end(), "https://www.example.gov.cn/zwgk/2022/index_3.html"), urls.end());
}

TEST(PageScriptTest, ThePagerUnderItsOtherNameLinksTheSecondPageToo) {
  // cq.gov.cn's lists: createPage(count, current, "index", "html"), its code in the page.
  Page p = Parse(
      "<script>function createPage(n, c, name, ext) { document.write('<a href=\"' + name + '_1.' + ext + '\">2</a>'); }"
      "</script><ul><li><a href=\"a.html\">第一条信息的标题文字</a><span>2026-11-01</span></li></ul>"
      "<div id=\"page\"><script>createPage(2, 0, \"index\", \"html\");</script></div>");
  EXPECT_NE(FindLink(p, "index_1.html"), nullptr);
}

TEST(PageScriptTest, ThePagerWithItsContainerFirstCountsPagesFromOne) {
  // csrc.gov.cn, hainan.gov.cn: createPageHTML('page_div', count, current, name, ext, records);
  // its second page is list3_2.shtml.
  Page p = Parse("<div id=\"page_div\"></div><script>createPageHTML('page_div',3,1,'list3','shtml',25);</script>");
  EXPECT_EQ(FindLink(p, "list3_1.shtml"), nullptr);
  EXPECT_NE(FindLink(p, "list3_2.shtml"), nullptr);
  EXPECT_NE(FindLink(p, "list3_3.shtml"), nullptr);
  EXPECT_EQ(FindLink(p, "list3_4.shtml"), nullptr);
}

TEST(PageScriptTest, ThePagerSaysWhichPageOfTheListThisIs) {
  // A later page named by its pager alone (xinjiang.gov.cn: zfxxgk_gknrz_2.shtml) is not
  // judged as a column.
  EXPECT_EQ(Parse("<script>createPageHTML('page-div',2,2,'zfxxgk_gknrz','shtml',12);</script>").pager_page, 2);
  EXPECT_EQ(Parse("<script>createPageHTML('page-div',2,1,'zfxxgk_gknrz','shtml',12);</script>").pager_page, 1);
  // TRS counts from 0: index_1.html says 1, the second page.
  EXPECT_EQ(Parse("<script>createPageHTML(3, 1, \"index\", \"html\");</script>").pager_page, 2);
  EXPECT_EQ(Parse("<script>createPageHTML(3, 0, \"index\", \"html\");</script>").pager_page, 1);
  EXPECT_EQ(Parse("<p>无分页</p>").pager_page, 0);
}

TEST(PageScriptTest, AnArraysElementWrittenInALoopIsNoLink) {
  // Hunan's attachment script: with no attachment the loop never runs, and an element's index
  // ("0") was once written as the link.
  Page p = Parse(
      "<script>var path = []; var memo = [];\nif (path.length > 0) { for (var i = 0; i < path.length; i++) "
      "{ document.write('<p><a href=\"' + path[i] + '\">' + memo[i] + '</a></p>'); } }</script>");
  for (const PageLink& link : p.links) EXPECT_NE(link.href, "0");
}

TEST(PageScriptTest, AListLeftEmptyForAScriptIsFilledByIt) {
  // Hunan's list_tyxx: <ul id="listBox"></ul> and an external script that loads the rows.
  const std::string shell = "<h2>工作动态</h2><div class=\"yl-listbox\"><ul id=\"listBox\"> </ul></div>";
  EXPECT_EQ(Parse(shell + "<script src=\"/js/list_all.js\"></script>").script_data_call, "空列表 ul#listBox");
  // Without a script to fill it, or with rows in it, or without an id, it is what it shows.
  EXPECT_EQ(Parse(shell).script_data_call, "");
  EXPECT_EQ(Parse("<ul id=\"listBox\"><li>条目</li></ul><script src=\"/js/a.js\"></script>").script_data_call, "");
  EXPECT_EQ(Parse("<ul></ul><script src=\"/js/a.js\"></script>").script_data_call, "");
}

TEST(PageScriptTest, HanwebDatastoreRecordsAreListItems) {
  Page p = Parse(
      "<div class=\"list\"><script type=\"text/xml\"><datastore><nextgroup><![CDATA[<a href=\"/m\">下一组</a>]]>"
      "</nextgroup><recordset><record><![CDATA[<li><a href=\"/art/2026/11/6/art_1_2.html\" title=\"t\">"
      "关于做好冬季安全生产工作的通知</a><span>2026-11-06</span></li>]]></record>"
      "<record><![CDATA[<li><a href=\"/art/2026/10/9/art_1_1.html\">关于开展秋季森林防火检查的通知</a>"
      "<span>2026-10-09</span></li>]]></record></recordset></datastore></script></div>");
  int listed = 0;
  for (const PageLink& link : p.links) {
    if (Contains(link.url, "/art/2026/")) {
      ++listed;
      EXPECT_TRUE(Contains(link.context, "2026-")) << link.context;
    }
  }
  EXPECT_EQ(listed, 2);
  EXPECT_TRUE(Contains(p.text, "关于做好冬季安全生产工作的通知"));
}

TEST(PageScriptTest, ConstantFalseConditionIsNotWritten) {
  Page p = Parse(
      "<script>if(\"有效\" != \"有效\"){ document.write(\"<td>有效性：</td><td>有效</td>\"); }\n"
      "if ('a' == 'a') { document.write('<p>来源：本站</p>'); }</script>");
  EXPECT_FALSE(p.meta.has_validity_label);
  EXPECT_EQ(p.meta.source, "本站");
}

TEST(PageScriptTest, MultiLineTemplateLiteralsEndAndDataCallsAreNamed) {
  // A template literal over several lines (a real page's $.ajax callback) once made the reader
  // spin on its first line break.
  Page p = Parse(
      "<script>$(function(){\n $.ajax({url: \"/paper/list.json\", success: function(d){\n"
      "  var html = `\n  <a href=\"/paper/\">\n  <div>${d.title}</div>`;\n  $('#x').html(html); }});\n});\n"
      "var ly = '来源：本站'; document.write('<p>' + ly + '</p>');</script><ul id=\"list\"></ul>");
  EXPECT_EQ(p.script_data_call, "$.ajax /paper/list.json");
  EXPECT_EQ(p.meta.source, "本站");
}

TEST(PageScriptTest, AnElementLoadedFromTheServerIsADataCallButAWindowLoadEventIsNot) {
  EXPECT_EQ(Parse("<script>var yxCatId = 1;\n$(\"#tab_0_0\").load(\"/site/label/8888?labelName=publicInfoList\" + "
                  "yxCatId);</script><div id=\"tab_0_0\"></div>")
                .script_data_call,
            ".load /site/label/8888?labelName=publicInfoList");
  EXPECT_EQ(Parse("<script>$(window).load(function(){ $('#nav').show(); });</script>").script_data_call, "");
}

TEST(PageScriptTest, UnescapeAndEscapesAreDecoded) {
  Page p = Parse(
      "<script type=\"text/javascript\">document.write(unescape(\"%3Cspan id='_ideConac'%3E%3C/span%3E"
      "%3Cscript src='http://dcs.conac.cn/js/a.js'%3E%3C/script%3E\"));"
      "document.writeln('\\u7f51\\u7ad9\\u6807\\u8bc6\\u7801\\uff1a3590000001');</script>"
      "<script type=\"text/template\">document.write('模板')</script>");
  EXPECT_TRUE(Contains(p.script_written_html,
                       "<span id='_ideConac'></span><script src='http://dcs.conac.cn/js/a.js'></script>"));
  EXPECT_TRUE(Contains(p.text, "网站标识码：3590000001"));
  EXPECT_FALSE(Contains(p.script_written_html, "模板"));
  EXPECT_NE(std::find(p.script_srcs.begin(), p.script_srcs.end(), "http://dcs.conac.cn/js/a.js"),
            p.script_srcs.end());
}

TEST(PageScriptTest, ScriptSourcesAndJiucuoSiteCode) {
  Page p = Parse("<script id=\"_jiucuo_\" sitecode='1400000045' src='../../images/jiucuo.js'></script>"
                 "<script src=\"https://pucha.kaipuyun.cn/exposure/jiucuo.js\"></script>");
  EXPECT_EQ(p.jiucuo_site_code, "1400000045");
  EXPECT_EQ(p.script_srcs, (std::vector<std::string>{"https://www.example.gov.cn/images/jiucuo.js",
                                                     "https://pucha.kaipuyun.cn/exposure/jiucuo.js"}));
}

// ---------------------------------------------------------------------------------------------
// Real pages.

TEST(RealPageTest, JilinPolicyDocumentMetadata) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("http://xxgk.jl.gov.cn/szf/gkml/202201/t20220128_8384418.html",
                     ReadFixture("01-policy-doc-jilin-xxgk-tonggao.html"));
  const std::string title = "吉林省人民政府关于禁止在吉林省嫩江干流补充治理工程建设征占地范围内新增建设项目和迁入人口的通告";
  EXPECT_EQ(p.title, title);
  EXPECT_EQ(p.html_title, title);
  const DisclosureMeta& m = p.meta;
  // No 有效性 label: its row is commented out and its document.write sits under if ("有效" != "有效").
  testing::ExpectMeta(m, {.index_no = "11220000013544357T/2022-00426",
                          .issuer = "吉林省人民政府",
                          .written_date_text = "2022年01月27日",
                          .written_date = Date{2022, 1, 27},
                          .publish_date_text = "2022年01月28日",
                          .publish_date = Date{2022, 1, 28},
                          .doc_number = "吉政明电〔2022〕1号",
                          .topic = "环境监测、保护与治理;通告",
                          .has_validity_label = false,
                          .column_name = "政府信息公开基础平台",
                          .site_id_code = "2200000019"});

  ASSERT_GE(p.tables.size(), 2u);
  EXPECT_EQ(p.tables[0].rows.size(), 7u);
  EXPECT_EQ(p.tables[0].rows[0], (Row{"索 引 号：", "11220000013544357T/2022-00426"}));
  ASSERT_EQ(p.tables[1].rows.size(), 4u);
  EXPECT_EQ(p.tables[1].rows[2], (Row{"标 题：", title, title, title}));  // colspan=3
  EXPECT_TRUE(Contains(p.text, "\n发文字号：\t吉政明电〔2022〕1号\t发布日期：\t2022年01月28日\n"));
  EXPECT_TRUE(Contains(p.text, "\n特此通告。\n吉林省人民政府\n2022年1月27日\n"));

  const PageLink* pdf = FindLink(p, "http://xxgk.jl.gov.cn/PDFfile/202201/8389416.pdf");
  ASSERT_NE(pdf, nullptr);
  EXPECT_EQ(pdf->anchor_text, "pdf下载");
}

TEST(RealPageTest, GovCnGongbaoTextAndLinks) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("https://www.gov.cn/gongbao/content/2007/content_711039.htm",
                     ReadFixture("02-policy-doc-govcn-gongbao-2007.html"));
  // No <h1>, no ArticleTitle: <title> without the gazette issue and the site's name.
  EXPECT_EQ(p.title, "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007 年末国债余额限额的决议");
  EXPECT_TRUE(Contains(p.text,
                       "\n全国人民代表大会常务委员会\n关于批准财政部发行特别国债购买外汇及\n"
                       "调整2007年末国债余额限额的决议\n（2007年6月29日第十届全国人民代表大会常务委员会"
                       "第二十八次会议通过）\n第十届全国人民代表大会常务委员会第二十八次会议，"));
  EXPECT_TRUE(Contains(p.text, "网站标识码bm01000001"));
  EXPECT_FALSE(Contains(p.text, "goSearch"));  // inline script
  EXPECT_FALSE(Contains(p.text, ".header_toolbar"));  // inline style
  EXPECT_EQ(p.meta.publish_date, (Date{2007, 8, 20}));  // firstpublishedtime meta

  const PageLink* simplified = FindLink(p, "../../");
  ASSERT_NE(simplified, nullptr);
  EXPECT_EQ(simplified->url, "https://www.gov.cn/gongbao/");
  EXPECT_EQ(simplified->anchor_text, "简");
  const PageLink* conac = FindLink(p, "https://bszs.conac.cn/sitename?method=show&id=081D1D6883441A53E053012819AC0DAA");
  ASSERT_NE(conac, nullptr);
  EXPECT_EQ(conac->url, "https://bszs.conac.cn/sitename?method=show&id=081D1D6883441A53E053012819AC0DAA");
}

TEST(RealPageTest, GbkArticleAfterConversion) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  std::string html = Gb18030ToUtf8(ReadFixture("03-article-gbk-chinaneast-2005.html"));
  ASSERT_FALSE(html.empty());
  Page p = ParsePage("http://www.chinaneast.gov.cn/2005-08/16/content_1.htm", html);
  EXPECT_EQ(p.title, "农机专家李金泽：为农机行业搭建现代化信息平台");
  // Site name and date sit in two cells of one row.
  EXPECT_TRUE(Contains(p.text, "\n农机专家李金泽：为农机行业搭建现代化信息平台\nwww.chinaneast.gov.cn\t"
                               "2005年08月16日 来源：新华网\n"));
  EXPECT_EQ(p.meta.source, "新华网");
}

TEST(RealPageTest, PingtanInterpretationPublishDate) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("https://www.pingtan.gov.cn/zwgk/ztzl/xfaq/zcwjjjd/202412/t20241210_95618.htm",
                     ReadFixture("09-policy-interpretation-pingtan-ebike-guide.html"));
  EXPECT_EQ(p.title, "《居民小区电动自行车停放充电管理指南》解读");
  testing::ExpectMeta(p.meta, {.publish_date_text = "2024-11-17 15:40",
                               .publish_date = Date{2024, 11, 17},
                               .source = "平潭支队",
                               .column_name = "政策文件及解读",
                               .site_id_code = "3590000001"});
  EXPECT_TRUE(Contains(p.text, "一、《指南》出台的背景是什么？"));
  const PageLink* home = FindLink(p, "../../../../../");
  ASSERT_NE(home, nullptr);
  EXPECT_EQ(home->url, "https://www.pingtan.gov.cn/");
  EXPECT_EQ(home->anchor_text, "首页");
}

TEST(RealPageTest, PingtanRecruitsTable) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("https://www.pingtan.gov.cn/zwgk/gsgg/201204/t20120424_1.htm",
                     ReadFixture("10-gongshi-pingtan-recruits-2012.html"));
  ASSERT_EQ(p.tables.size(), 1u);
  const PageTable& t = p.tables[0];
  EXPECT_EQ(t.header_row, 0);
  EXPECT_EQ(t.caption, "2011年秋季平潭县公开招聘事业单位工作人员拟招聘人员公示名单");
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0], (Row{"单位名称", "岗位", "准考证号", "姓名", "性别", "招考 人数", "工作单位"}));
  EXPECT_EQ(t.rows[1], (Row{"平潭县平原镇计生服务所", "专业技术人员", "101704010005016", "施美芸", "女",
                            "1", "永泰县长庆镇卫生院（三支一扶）"}));
}

TEST(RealPageTest, PingtanSubsidyPolicyListIsParagraphsNotATable) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("https://www.pingtan.gov.cn/zwgk/zdlyxxgk/snbt/202607/t20260708_107751.htm",
                     ReadFixture("11-subsidy-policy-list-pingtan-2026.html"));
  EXPECT_EQ(p.title, "2026年农业项目资金政策公开");
  EXPECT_EQ(p.meta.publish_date, (Date{2026, 7, 8}));
  EXPECT_TRUE(p.tables.empty());
  EXPECT_TRUE(Contains(p.text,
                       "\n村级动物防疫员补贴项目政策公开\n1.文件依据：《中华人民共和国动物防疫法》第八十二条"));
  EXPECT_TRUE(Contains(p.text, "\n2.补助对象：实验区各行政村的村级动物防疫员。\n"));
  EXPECT_TRUE(Contains(p.text, "\n咨询电话：0591-23153280\n监督电话：0591-23157559\n"));
}

TEST(RealPageTest, PingtanRegulatoryListHasNoDocumentFields) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/",
                     ReadFixture("12-regulatory-list-pingtan-hzgfxwj-jsonly.html"));
  EXPECT_EQ(p.title, "行政规范性文件");
  // The list is filled by script from an API; its <dt> column names are not values.
  EXPECT_TRUE(Contains(p.text, "\n发文字号\n生成日期\n发布日期\n"));
  EXPECT_EQ(p.meta.doc_number, "");
  EXPECT_FALSE(p.meta.publish_date.has_value());
  EXPECT_EQ(p.script_written_html, "");
  EXPECT_EQ(p.meta.column_name, "行政规范性文件");
  EXPECT_GE(p.form_fields_without_label, 1);  // the search box has only a placeholder
}

TEST(RealPageTest, PingtanRegulatoryDocumentValid) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/201604/t20160429_80107.htm",
                     ReadFixture("13-regulatory-doc-pingtan-valid-2016.html"));
  EXPECT_EQ(p.title, "平潭综合实验区管委会关于机动车排气污染检测实施简易工况法的通告");
  const DisclosureMeta& m = p.meta;
  testing::ExpectMeta(m, {.index_no = "PZ00101-1700-2023-00103",
                          .issuer = "平潭综合实验区自然资源与生态环境局",
                          .written_date = Date{2016, 4, 29},
                          .publish_date_text = "2016-04-29",
                          .publish_date = Date{2016, 4, 29},
                          .doc_number = "岚综管综〔2016〕106号",
                          .topic = "无",
                          .has_validity_label = true,
                          .validity = "有效",
                          .expiry_date_text = "",
                          .source = "平潭综合实验区自然资源与生态环境局"});
}

TEST(RealPageTest, HospitalPageScriptWrittenBadgeAndLooseTime) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("http://www.hnzyfy.com/nets/zyyy/page/pc/index/topic/news_15070.shtml",
                     ReadFixture("14-footer-edge-hospital-conac-js.html"));
  EXPECT_TRUE(Contains(p.script_written_html,
                       "<span id='_ideConac' ></span><script src='http://dcs.conac.cn/js/19/000/0000/60795217/"
                       "CA190000000607952170004.js' type='text/javascript'></script>"));
  EXPECT_NE(std::find(p.script_srcs.begin(), p.script_srcs.end(),
                      "http://dcs.conac.cn/js/19/000/0000/60795217/CA190000000607952170004.js"),
            p.script_srcs.end());
  testing::ExpectMeta(
      p.meta, {.publish_date_text = "2019年10月31日 23:00", .publish_date = Date{2019, 10, 31}, .source = "本站原创"});
  EXPECT_EQ(p.title, "【不忘初心 牢记使命】我院医技药剂党支部举办2019年中药、药学理论知识与专业技能大赛 "
                     "湖南省中医药研究院附属医院");
}

TEST(RealPageTest, PingtanSubsidyRecipientsTableSkipsTitleRows) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("https://www.pingtan.gov.cn/zwgk/gsgg/202003/t20200302_19694.htm",
                     ReadFixture("15-gongshi-subsidy-recipients-pingtan-2020.html"));
  ASSERT_EQ(p.tables.size(), 1u);
  const PageTable& t = p.tables[0];
  ASSERT_EQ(t.header_row, 3);
  const Row& header = t.rows[3];
  ASSERT_GE(header.size(), 7u);
  EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + 7),
            (Row{"申报编号", "申报对象", "法人代表", "承包合同地块面积（亩）", "有工作人员证明 购买数量（吨）",
                 "核定补贴面积（亩）", "核定补贴金额（元）"}));
  EXPECT_EQ(t.caption, "附件 2019商品有机肥示范推广项目补贴对象信息一览表");
  EXPECT_EQ(std::vector<std::string>(t.rows[4].begin(), t.rows[4].begin() + 3),
            (Row{"1", "平潭县坪峰农业种植有限公司", "李元钊"}));
  for (const Row& row : t.rows) EXPECT_EQ(row.size(), header.size());
  // The date split into spans reads whole.
  EXPECT_TRUE(Contains(p.text, "2020年3月2日"));
}

TEST(RealPageTest, RiverChiefsTableRowspan) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Page p = ParsePage("https://www.pingtan.gov.cn/zwgk/gsgg/202407/t20240702_91522.htm",
                     ReadFixture("16-gongshi-river-chiefs-phones-pingtan-2024.html"));
  ASSERT_EQ(p.tables.size(), 1u);
  EXPECT_EQ(p.tables[0].rows,
            (std::vector<Row>{{"区 域", "河 长", "姓 名", "职 务", "联系电话"},
                              {"片区级", "河长", "林 武", "金井片区管理局党委书记、局长", "23155699"},
                              {"片区级", "副河长", "陈志艳", "金井片区管理局党委委员、副局长", "23161799"}}));
  EXPECT_TRUE(Contains(p.text, "\n片区级\t河长\t林 武\t金井片区管理局党委书记、局长\t23155699\n"));
  EXPECT_EQ(p.meta.source, "平潭综合实验区金井片区管理局");
}

}  // namespace
}  // namespace govaudit
