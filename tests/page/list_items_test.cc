// List items: the row context the page model keeps for each link, the items and dates read
// from it, empty-list markers, column names and later pages of paginated lists.
#include "page/list_items.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/charset.h"
#include "page/columns.h"
#include "page/page.h"
#include "tests/support/collect.h"
#include "tests/support/expect_results.h"
#include "tests/support/shared_data.h"

namespace govaudit {
namespace {

constexpr char kUrl[] = "https://www.shifan.gov.cn/xwdt/gzdt/";

Page Parse(const std::string& body, const std::string& head = "") {
  return ParsePage(kUrl, "<html><head>" + head + "</head><body>" + body + "</body></html>");
}

const PageLink* LinkTo(const Page& page, const std::string& href) {
  for (const PageLink& l : page.links) {
    if (l.href == href) return &l;
  }
  return nullptr;
}

std::vector<std::string> Titles(const ListPage& list) {
  return testing::Collect(list.items, [](const ListItem& i) { return i.title; });
}

std::vector<std::string> Dates(const ListPage& list) {
  return testing::Collect(list.items, [](const ListItem& i) { return i.date ? i.date->ToIso() : std::string("-"); });
}

// ---- PageLink::context ---------------------------------------------------------------------

TEST(LinkContextTest, IsTheTextOfTheNearestListRow) {
  const Page page = Parse(
      "<div><a href=\"/a.html\">导航</a></div>"
      "<ul><li><span>[通知]</span> <a href=\"/b.html\">关于开展冬季安全检查的通知</a> <em>2026-11-20</em></li></ul>"
      "<table><tr><td>1</td><td><a href=\"/c.html\">县政府常务会议纪要</a></td><td>2026年11月3日</td></tr></table>"
      "<dl><dt><a href=\"/d.html\">人事任免</a></dt><dd>简介 <a href=\"/e.html\">任免名单</a> 2026/10/01</dd></dl>"
      "<p>详见<a href=\"/f.html\">附件</a>。</p>"
      "<ul><li>外层 <p>内层 <a href=\"/g.html\">内层链接</a></p> 外层尾</li></ul>");
  ASSERT_NE(LinkTo(page, "/a.html"), nullptr);
  EXPECT_EQ(LinkTo(page, "/a.html")->context, "导航");  // a short <div> outside any row
  EXPECT_EQ(LinkTo(page, "/b.html")->context, "[通知] 关于开展冬季安全检查的通知 2026-11-20");
  EXPECT_EQ(LinkTo(page, "/c.html")->context, "1 县政府常务会议纪要 2026年11月3日");
  EXPECT_EQ(LinkTo(page, "/d.html")->context, "人事任免");
  EXPECT_EQ(LinkTo(page, "/e.html")->context, "简介 任免名单 2026/10/01");
  EXPECT_EQ(LinkTo(page, "/f.html")->context, "详见附件。");
  EXPECT_EQ(LinkTo(page, "/g.html")->context, "内层 内层链接");
}

TEST(LinkContextTest, OutsideRowsIsTheLargestShortDivAroundTheLink) {
  std::string long_text;
  for (int i = 0; i < 120; ++i) long_text += "正";
  const Page page = Parse(
      // A picture list: the item's block holds image, title, summary and date.
      "<div class=\"list\"><div class=\"item\"><div class=\"left\"><a href=\"/1.html\"><img src=\"/1.jpg\" alt=\"\">"
      "</a></div><div class=\"right\"><a href=\"/1.html\">县政府召开第19次常务会议</a><p>研究部署近期工作……</p>"
      "<div class=\"date\">2026-11-06</div></div></div>"
      "<div class=\"item\"><div class=\"right\"><a href=\"/2.html\">县长调研冬季农田水利建设</a>"
      "<div class=\"date\">2026-11-02</div></div></div>" +
      long_text +
      "</div>"
      // A row keeps its own text: a <div> inside an <li> is no row of its own.
      "<ul><li><div><a href=\"/3.html\">关于开展冬季安全检查的通知</a></div><span>2026-11-20</span></li></ul>"
      // A long block gives nothing.
      "<div><a href=\"/4.html\">正文中的链接</a>" +
      long_text + "</div>");
  EXPECT_EQ(LinkTo(page, "/2.html")->context, "县长调研冬季农田水利建设 2026-11-02");
  EXPECT_EQ(LinkTo(page, "/3.html")->context, "关于开展冬季安全检查的通知 2026-11-20");
  EXPECT_EQ(LinkTo(page, "/4.html")->context, "");
  const ListPage list = ExtractListItems(page);
  EXPECT_EQ(Titles(list), (std::vector<std::string>{"县政府召开第19次常务会议", "县长调研冬季农田水利建设",
                                                    "关于开展冬季安全检查的通知"}));
  EXPECT_EQ(Dates(list), (std::vector<std::string>{"2026-11-06", "2026-11-02", "2026-11-20"}));
}

TEST(LinkContextTest, IsCappedAt640BytesOnACharacterBoundary) {
  std::string long_text;
  for (int i = 0; i < 300; ++i) long_text += "长";
  const Page page = Parse("<ul><li><a href=\"/x.html\">标题</a>" + long_text + "</li></ul>");
  const PageLink* link = LinkTo(page, "/x.html");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->context.size(), 639u);  // "标题" + 211 × "长", 3 bytes each
  EXPECT_EQ(link->context.substr(0, 6), "标题");
}

TEST(LinkContextTest, LinksWrittenByScriptsHaveTheirRowToo) {
  const Page page = Parse(
      "<script>document.write('<ul><li><a href=\"/w.html\">脚本写入的列表条目</a> 2026-11-02</li></ul>');</script>");
  const PageLink* link = LinkTo(page, "/w.html");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->context, "脚本写入的列表条目 2026-11-02");
}

// ---- ExtractListItems ----------------------------------------------------------------------

TEST(ListItemsTest, ReadsTheDateOfEachRowNotOfTheTitle) {
  const Page page = Parse(
      "<ul>"
      "<li><a href=\"/1.html\">关于2026年1月1日起施行新规定的通知</a><span>2025-12-20</span></li>"
      "<li><span>2025-12-18</span><a href=\"/2.html\">县政府召开第十次常务会议</a></li>"
      "<li><a href=\"/3.html\">关于2026年元旦放假安排的通知</a></li>"
      "</ul>"
      "<p><a href=\"/4.html\">第一条段落中的条目</a> 2025-12-01<br><a href=\"/5.html\">第二条段落中的条目</a> 2025-11-30</p>");
  const ListPage list = ExtractListItems(page);
  EXPECT_EQ(Titles(list), (std::vector<std::string>{"关于2026年1月1日起施行新规定的通知", "县政府召开第十次常务会议",
                                                    "关于2026年元旦放假安排的通知", "第一条段落中的条目",
                                                    "第二条段落中的条目"}));
  // The date after a link wins over one before it; a title's own date is never read.
  EXPECT_EQ(Dates(list), (std::vector<std::string>{"2025-12-20", "2025-12-18", "-", "2025-12-01", "2025-11-30"}));
  EXPECT_EQ(list.dated_items(), 4);
  EXPECT_EQ(list.items[1].url, "https://www.shifan.gov.cn/2.html");
}

TEST(ListItemsTest, ADateInsideTheLinkAtItsEndIsTheItemsDate) {
  const Page page = Parse(
      "<ul>"
      // Hunan's hy-list-text: <a title><i></i>标题<small>日期</small></a>.
      "<li><a href=\"/1.html\"><i></i>县政府召开第十次常务会议<small>2026-11-23</small></a></li>"
      // cq.gov.cn's 文件库: the 文号 and a labelled 成文日期 inside the link.
      "<li><a href=\"/2.html\"><p>关于印发管理办法的通知</p><p>(发文字号：示府发〔2026〕4号 成文日期 "
      "：2026年04月24日)</p></a></li>"
      // A title that ends with its own date in 年月日 is no date of the item.
      "<li><a href=\"/3.html\">关于公布2026年11月20日</a></li>"
      "</ul>");
  EXPECT_EQ(Dates(ExtractListItems(page)), (std::vector<std::string>{"2026-11-23", "2026-04-24", "-"}));
  EXPECT_EQ(DateEndingAnchor("关于2026年元旦放假安排的通知"), std::nullopt);
  EXPECT_EQ(DateEndingAnchor("2026-11-23"), std::nullopt);  // no title before it
}

TEST(ListItemsTest, AnItemsDateInTheRowAfterItsTitlesRow) {
  // ln.gov.cn: one <ul> per item, the title in one <li> and the date in the next.
  const Page page = Parse(
      "<ul class=\"list-ul-one\"><li class=\"tit\"><a href=\"/1.html\">柘川县2026年第一批城乡低保新增对象公示</a></li>"
      "<li class=\"time\"><a class=\"subStr2\">2026-05-12 10:11:30</a></li></ul>"
      // A menu's next <li> has links of its own: no item takes its text.
      "<ul><li><a href=\"/2.html\">关于做好冬季安全生产工作的通知</a></li><li><a href=\"/3.html\">更多</a> 2026-11-20</li></ul>");
  EXPECT_EQ(Dates(ExtractListItems(page)), (std::vector<std::string>{"2026-05-12", "-"}));
}

TEST(ListItemsTest, SkipsNavigationShortTextsIndexesAndRepeats) {
  const Page page = Parse(
      "<ul class=\"nav\"><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk/\">政府信息公开</a></li>"
      "<li><a href=\"/zwgk/index.html\">政务公开首页</a></li><li><a href=\"/hd.html\">互动</a></li></ul>"
      "<ul><li><a href=\"/a.html\">县政府召开专题会议</a> 2026-11-20</li>"
      "<li><a href=\"/a.html\">县政府召开专题会议</a> 2026-11-20</li>"
      "<li><a href=\"/more.html\">更多&gt;&gt;新闻动态</a> 2026-11-20</li>"
      "<li><a href=\"/b.html\">上一篇：县领导调研工作</a></li>"
      "<li><a href=\"https://other.gov.cn/c.html\">外站未注明日期的链接</a></li>"
      "<li><a href=\"https://other.gov.cn/d.html\">外站注明日期的链接</a> 2026-11-19</li></ul>");
  const ListPage list = ExtractListItems(page);
  EXPECT_EQ(Titles(list), (std::vector<std::string>{"县政府召开专题会议", "外站注明日期的链接"}));
}

TEST(ListItemsTest, DatesWithoutYearNeedTheAuditDate) {
  const Page page = Parse(
      "<ul><li><a href=\"/1.html\">县政府召开常务会议研究部署</a>[11-20]</li>"
      "<li><a href=\"/2.html\">县领导调研冬季供暖工作</a>(12-29)</li>"
      "<li><a href=\"/3.html\">县融媒体中心举办培训班</a> 3月5日</li>"
      "<li><a href=\"/4.html\">全县完成粮食收购任务</a> 浏览 1.5/2 次</li></ul>");
  EXPECT_EQ(Dates(ExtractListItems(page)), (std::vector<std::string>{"-", "-", "-", "-"}));
  const ListPage list = ExtractListItems(page, Date{2026, 11, 26});
  // 12-29 would lie after the audit date in 2026: it is last year's.
  EXPECT_EQ(Dates(list), (std::vector<std::string>{"2026-11-20", "2025-12-29", "2026-03-05", "-"}));
  ASSERT_NE(list.Newest(Date{2026, 11, 26}), nullptr);
  EXPECT_EQ(list.Newest(Date{2026, 11, 26})->title, "县政府召开常务会议研究部署");
}

TEST(ListItemsTest, NewestIgnoresDatesAfterTheAuditDate) {
  const Page page = Parse(
      "<ul><li><a href=\"/1.html\">将于下月召开的听证会公告</a> 2026-12-15</li>"
      "<li><a href=\"/2.html\">县政府召开常务会议研究部署</a> 2026-11-01</li></ul>");
  const ListPage list = ExtractListItems(page);
  ASSERT_NE(list.Newest(Date{2026, 11, 26}), nullptr);
  EXPECT_EQ(list.Newest(Date{2026, 11, 26})->date, (Date{2026, 11, 1}));
  EXPECT_EQ(list.Newest(Date{2026, 10, 1}), nullptr);
}

TEST(ListItemsTest, EmptyMarkerIsAShortLineOfItsOwn) {
  const ListPage empty = ExtractListItems(Parse("<h1>人事信息</h1><div>暂无信息</div>"));
  EXPECT_TRUE(empty.empty_marker);
  EXPECT_EQ(empty.empty_marker_line, "暂无信息");
  const ListPage building = ExtractListItems(Parse("<h1>专题专栏</h1><table><tr><td>本栏目正在建设中，敬请期待</td></tr></table>"));
  EXPECT_TRUE(building.empty_marker);
  EXPECT_EQ(building.empty_marker_line, "本栏目正在建设中，敬请期待");
  const ListPage sentence = ExtractListItems(
      Parse("<p>根据统计部门的说明，部分乡镇暂无数据的原因是统计口径调整，相关数据将在年度公报中补充公开。</p>"));
  EXPECT_FALSE(sentence.empty_marker);
  const ListPage written = ExtractListItems(Parse("<script>document.write('<p>暂无数据</p>');</script>"));
  EXPECT_TRUE(written.empty_marker);
}

TEST(ListItemsTest, ArticleWithDatedRelatedLinksIsNoList) {
  const std::string related =
      "<ul><li><a href=\"/r1.html\">县政府召开春季森林防火会议</a> 2024-03-10</li>"
      "<li><a href=\"/r2.html\">县应急管理局开展森林防火演练</a> 2023-11-05</li>"
      "<li><a href=\"/r3.html\">县林草局部署清明节防火工作</a> 2023-04-01</li></ul>";
  const Page article = Parse("<h1>县政府召开冬季森林防火工作部署会</h1><p>发布时间：2026-11-11</p><p>正文。</p>" + related);
  EXPECT_FALSE(IsListPage(article, ExtractListItems(article)));
  const Page list = Parse("<h1>工作动态</h1>" + related);
  EXPECT_TRUE(IsListPage(list, ExtractListItems(list)));
  const Page two = Parse("<ul><li><a href=\"/r1.html\">县政府召开春季森林防火会议</a> 2024-03-10</li>"
                         "<li><a href=\"/r2.html\">县应急管理局开展森林防火演练</a> 2023-11-05</li></ul>");
  EXPECT_FALSE(IsListPage(two, ExtractListItems(two)));
}

// ---- Column names --------------------------------------------------------------------------

TEST(ColumnNamesTest, FromMetaBreadcrumbHeadingAndTitle) {
  const Page page = Parse("<div>当前位置：首页 &gt; 政务公开 &gt; 通知公告</div><h1>通知公告列表</h1>",
                          "<meta name=\"ColumnName\" content=\" 公示公告 \"><title>通知公告_示范县人民政府</title>");
  const ColumnNames names = ColumnNamesOf(page);
  EXPECT_EQ(names.meta, "公示公告");
  EXPECT_EQ(names.breadcrumb, "通知公告");
  EXPECT_EQ(names.heading, "通知公告列表");
  EXPECT_EQ(names.html_title, "通知公告");
  EXPECT_EQ(names.Best(), "公示公告");
}

TEST(ColumnNamesTest, BreadcrumbStepsInSeparateBlocks) {
  // As 05-footer-article-zj-fgw.html writes it: each step in its own cell after the label.
  const Page page = Parse(
      "<table><tr><td>当前位置：</td><td><a href=\"/\">首页</a></td></tr></table>"
      "<table><tr><td>&gt;<a href=\"/a/\">发展改革工作</a></td><td>&gt;<a href=\"/b/\">投资运行</a></td></tr></table>"
      "<p>1-10月全县固定资产投资结构趋稳趋优</p>",
      "<title>1-10月全县固定资产投资结构趋稳趋优</title>");
  const ColumnNames names = ColumnNamesOf(page);
  EXPECT_EQ(names.breadcrumb, "投资运行");
  // A hyphen between digits does not cut the title.
  EXPECT_EQ(names.html_title, "1-10月全县固定资产投资结构趋稳趋优");
  EXPECT_EQ(names.Best(), "投资运行");
}

TEST(ColumnNamesTest, TitlePartsSplitAtEverySeparatorKind) {
  EXPECT_EQ(TitleParts("甲__乙_丙｜丁|戊－己——庚—辛 - 壬--癸-子"),
            (std::vector<std::string>{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子"}));
  // Characters sharing a separator's first byte (E2, EF) are no separators: “” ※ ，（）.
  EXPECT_EQ(TitleParts("“通知”※公告，（一）_示范县"), (std::vector<std::string>{"“通知”※公告，（一）", "示范县"}));
  EXPECT_EQ(TitleParts("2024-2025年计划 - 示范县"), (std::vector<std::string>{"2024-2025年计划", "示范县"}));
  EXPECT_EQ(TitleWithoutSiteName("关于开展检查的通知｜通知公告｜示范县人民政府"), "关于开展检查的通知");
}

TEST(ColumnNamesTest, ADashInsideBracketsBelongsToTheTitle) {
  EXPECT_EQ(TitleParts("县域商业体系建设实施方案（2026—2028年）_示范县人民政府"),
            (std::vector<std::string>{"县域商业体系建设实施方案（2026—2028年）", "示范县人民政府"}));
  EXPECT_EQ(TitleParts("关于《三年行动——2026年要点》的解读 - 示范县"),
            (std::vector<std::string>{"关于《三年行动——2026年要点》的解读", "示范县"}));
}

TEST(ColumnNamesTest, ATitleMayNameTheSiteFirst) {
  EXPECT_EQ(TitleWithoutSiteName("岚川县人民政府--岚川县人民政府关于进一步做好稳就业工作的若干意见"),
            "岚川县人民政府关于进一步做好稳就业工作的若干意见");
  EXPECT_EQ(TitleWithoutSiteName("岚川县人民政府--政策文件"), "政策文件");
  EXPECT_EQ(ColumnNamesOf(Parse("<p>正文</p>", "<title>岚川县人民政府--政策文件</title>")).html_title, "政策文件");
  // The usual way round, whatever the first part ends with.
  EXPECT_EQ(TitleWithoutSiteName("打造一张网_示范县政务网"), "打造一张网");
}

TEST(ColumnNamesTest, BreadcrumbOfOnlyTheHomePageNamesNoColumn) {
  const Page page = Parse("<div>您的位置：首页</div>");
  EXPECT_EQ(ColumnNamesOf(page).breadcrumb, "");
}

// ---- Pagination ----------------------------------------------------------------------------

bool IsLaterPage(std::string_view url) { return IsLaterListPage(std::string(url)); }

TEST(LaterListPageTest, RecognisesCommonPaginationSchemes) {
  testing::ExpectAccepted(IsLaterPage, {
                                           "https://www.shifan.gov.cn/xwdt/index_1.html",
                                           "https://www.shifan.gov.cn/xwdt/index_12.shtml",
                                           "https://www.shifan.gov.cn/xwdt/list_2.html",
                                           "https://www.shifan.gov.cn/col/col123/index.html?uid=5&pageNum=3",
                                           "https://www.shifan.gov.cn/news.jsp?page=2",
                                           "https://www.shifan.gov.cn/web/zwgkx/zfwj/605dc429-2.shtml",
                                           "https://www.shifan.gov.cn/hainan/zfwj/list3_2.shtml",
                                           "https://www.shifan.gov.cn/kss/cjgg/common_list_3.shtml",
                                       });
  testing::ExpectRejected(IsLaterPage, {
                                           "https://www.shifan.gov.cn/xwdt/",
                                           "https://www.shifan.gov.cn/xwdt/index.html",
                                           "https://www.shifan.gov.cn/xwdt/list_1.html",
                                           "https://www.shifan.gov.cn/col/col123/index.html?page=1",
                                           "https://www.shifan.gov.cn/xwdt/202611/t20261111_301.html",
                                           "https://www.shifan.gov.cn/content_866423",
                                           "https://www.shifan.gov.cn/web/zwgkx/zfwj/605dc429-1.shtml",
                                           "https://www.shifan.gov.cn/art/policy-2.html",
                                           "https://www.shifan.gov.cn/hainan/zfwj/list3_1.shtml",
                                       });
}

// ---- A real list page ----------------------------------------------------------------------

TEST(ListItemsTest, RealPingtanPolicyColumn) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  const std::string body = testing::ReadSharedData("real-pages/08-column-list-pingtan-zcwjjjd.html");
  const Page page =
      ParsePage("https://www.pingtan.gov.cn/zwgk/ztzl/xfaq/zcwjjjd/", DecodeHtml(body, "text/html").utf8);
  const ListPage list = ExtractListItems(page, Date{2026, 11, 26});
  EXPECT_EQ(Dates(list), (std::vector<std::string>{"2025-10-23", "2024-12-01", "2024-11-20", "2024-11-17", "2023-08-15",
                                                   "2023-08-04", "2023-07-07", "2023-06-26"}));
  EXPECT_EQ(list.items[0].title, "关于平潭综合实验区电动自行车锂离子电池回收服务网点的公示");
  EXPECT_EQ(list.items[0].url, "https://www.pingtan.gov.cn/zwgk/ztzl/xfaq/zcwjjjd/202510/t20251024_102186.htm");
  EXPECT_TRUE(IsListPage(page, list));
  // The template of a script-rendered box says 暂无数据; the page still lists items.
  EXPECT_TRUE(list.empty_marker);
  EXPECT_EQ(ColumnNamesOf(page).Best(), "政策文件及解读");
}

}  // namespace
}  // namespace govaudit
