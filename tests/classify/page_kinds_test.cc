// Page kinds: what ClassifyPage makes of synthetic and real pages, and why; the configuration
// files; the 文号, title and label helpers the publication rules link pages with.
#include "classify/page_kinds.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "classify/documents.h"
#include "classify/facts.h"
#include "config/resources.h"
#include "page/page.h"
#include "tests/support/shared_data.h"
#include "tests/support/test_names.h"

#ifndef GOVAUDIT_FIXTURES_DIR
#error "GOVAUDIT_FIXTURES_DIR must name the tests/fixtures directory"
#endif

namespace govaudit {
namespace {

using Strings = std::vector<std::string>;

std::string ReadRealPage(const std::string& name) {
  return testing::ReadSharedData("real-pages/" + name);
}

Page Html(const std::string& url, const std::string& head, const std::string& body) {
  return ParsePage(url, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + head + "</head><body>" + body +
                            "</body></html>");
}

PageKinds Classify(const Page& page) { return ClassifyPage(page, KindConfig::Builtin()); }

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------
// Configuration.

TEST(KindConfigTest, CompiledInFilesParse) {
  auto parsed = KindConfig::Parse(resources::Get("page-kinds.toml"), "config/page-kinds.toml",
                                  resources::Get("subsidy-fields.toml"), "config/subsidy-fields.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  const KindConfig& c = KindConfig::Builtin();
  ASSERT_GE(c.required_doc_number_patterns.size(), 2u);
  EXPECT_EQ(c.required_doc_number_patterns[0], "*政发〔YYYY〕N号");
  EXPECT_EQ(c.required_doc_number_patterns[1], "*政办发〔YYYY〕N号");
  EXPECT_TRUE(c.required_normative);
  EXPECT_TRUE(c.required_in_policy_column);
  EXPECT_EQ(c.list_min_dated_links, 5);
  ASSERT_EQ(c.subsidy_fields.size(), 7u);
  Strings names;
  for (const SubsidyField& f : c.subsidy_fields) names.push_back(f.name);
  EXPECT_EQ(names, (Strings{"补贴政策名称", "文件依据", "主管部门", "资金用途", "补贴对象", "补助标准", "政策解答电话"}));
  EXPECT_EQ(c.subsidy_fields[0].synonyms.front(), "补贴政策名称");
  EXPECT_FALSE(c.url_columns.empty());
}

TEST(KindConfigTest, UserFileReplacesOnlyTheListsItSets) {
  auto parsed = KindConfig::Parse("[interpretation.required]\ndoc_number_patterns = [\"*府发〔YYYY〕N号\"]\n"
                                  "in_policy_column = false\n",
                                  "mine.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->required_doc_number_patterns, (Strings{"*府发〔YYYY〕N号"}));
  EXPECT_FALSE(parsed->required_in_policy_column);
  EXPECT_EQ(parsed->policy_columns, KindConfig::Builtin().policy_columns);
  EXPECT_EQ(parsed->subsidy_fields.size(), 7u);
}

TEST(KindConfigTest, ErrorsNameFileLineAndKey) {
  auto bad_type = KindConfig::Parse("[policy_document]\n\ncolumns = \"政策文件\"\n", "mine.toml");
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.status().message(), "mine.toml:3: key 'policy_document.columns': expected an array of strings");
  auto unknown = KindConfig::Parse("[news]\ncolumn = [\"新闻\"]\n", "mine.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "mine.toml:2: key 'news.column': unknown key (see config/page-kinds.toml)");
  auto range = KindConfig::Parse("[column_list]\nmin_dated_links = 0\n", "mine.toml");
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.status().message(), "mine.toml:2: key 'column_list.min_dated_links': must be between 1 and 1000, got 0");
  auto fields = KindConfig::Parse("", "k.toml", "[[field]]\nsynonyms = [\"a\"]\n", "f.toml");
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.status().message(), "f.toml:1: key 'field[0].name': each field needs a name");
}

TEST(KindConfigTest, LoadReadsTheFilesNamedInTheConfiguration) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kinds-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "fields.toml") << "[[field]]\nname = \"补贴政策名称\"\nsynonyms = [\"项目\"]\n";
  const std::string fields = (dir / "fields.toml").string();
  auto loaded = KindConfig::Load("", fields);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->subsidy_fields.size(), 1u);
  EXPECT_EQ(loaded->subsidy_fields[0].synonyms, (Strings{"补贴政策名称", "项目"}));
  auto missing = KindConfig::Load((dir / "missing.toml").string(), fields);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "cannot read page kinds file " + (dir / "missing.toml").string());
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------
// 文号 and titles.

TEST(DocNumberTest, NormalisesBracketsDigitsAndSpaces) {
  EXPECT_EQ(NormalizeDocNumber("示政发[2026]１２号"), "示政发〔2026〕12号");
  EXPECT_EQ(NormalizeDocNumber("宁政办发（2022） 5号"), "宁政办发〔2022〕5号");
  EXPECT_EQ(NormalizeDocNumber("示政规发【２０１９】2号"), "示政规发〔2019〕2号");
}

TEST(DocNumberTest, TemplatesMatchTheIssuerCodeYearAndSerial) {
  EXPECT_TRUE(MatchDocNumber("*政发〔YYYY〕N号", "宁政发〔2022〕12号"));
  EXPECT_FALSE(MatchDocNumber("*政发〔YYYY〕N号", "宁政办发〔2022〕12号"));
  EXPECT_TRUE(MatchDocNumber("*政办发〔YYYY〕N号", "宁政办发〔2022〕12号"));
  EXPECT_FALSE(MatchDocNumber("*政发〔YYYY〕N号", "示政规发〔2019〕2号"));
  EXPECT_TRUE(MatchDocNumber("*规发〔YYYY〕N号", "示政规发〔2019〕2号"));
  EXPECT_FALSE(MatchDocNumber("*〔YYYY〕N号", "示政发〔22〕12号"));
  EXPECT_FALSE(MatchDocNumber("*〔YYYY〕N号", "示政发〔2022〕号"));
  EXPECT_TRUE(MatchDocNumber("*〔YYYY〕第N号", "示政发〔2022〕第3号"));
  EXPECT_FALSE(MatchDocNumber("*〔YYYY〕N号", "无"));
}

TEST(DocNumberTest, ASpaceTypedAroundTheSerialIsNoPartOfIt) {
  EXPECT_EQ(QuotedDocNumbers("根据《峄政发〔2026〕4 号》文件精神"), (Strings{"峄政发〔2026〕4号"}));
  EXPECT_EQ(QuotedDocNumbers("峄政发〔2026〕 12号"), (Strings{"峄政发〔2026〕12号"}));
}

TEST(DocNumberTest, QuotedNumbersAreFoundWithTheirIssuerCode) {
  EXPECT_EQ(QuotedDocNumbers("根据《关于加快发展的意见》（示政发〔2026〕12号）和国办发[2019]31号文件，"
                             "（2026）年度第5号公告不算，闽财规(２０２５)５号也算。"),
            (Strings{"示政发〔2026〕12号", "和国办发〔2019〕31号", "闽财规〔2025〕5号"}));
  // Words before the code stay attached (和国办发…): the rules compare the end of the quote.
  EXPECT_EQ(QuotedDocNumbers("印发了示政发〔2026〕12号，又见示政发〔2026〕12号"), (Strings{"印发了示政发〔2026〕12号", "又见示政发〔2026〕12号"}));
  EXPECT_TRUE(QuotedDocNumbers("〔2026〕12号 without an issuer").empty());
}

TEST(TitleTest, NormalisedTitlesDropPunctuationSpacesAndTheTrailingNotice) {
  EXPECT_EQ(NormalizeTitle("《关于进一步优化营商环境的若干措施》政策解读"), "关于进一步优化营商环境的若干措施政策解读");
  EXPECT_EQ(NormalizeTitle("示范县人民政府办公室关于做好 2022 年“双减”工作的通知"),
            "示范县人民政府办公室关于做好2022年双减工作");
  EXPECT_EQ(NormalizeTitle("关于加快发展的意见"), "关于加快发展");
  EXPECT_EQ(NormalizeTitle("ＡＢＣ，一图读懂！"), "abc一图读懂");
}

TEST(TitleTest, DocumentKeysIncludeTheTitleWithoutItsIssuerAndThePublishedName) {
  EXPECT_EQ(DocumentTitleKeys("示范县人民政府关于进一步优化营商环境的若干措施"),
            (Strings{"示范县人民政府关于进一步优化营商环境的若干措施", "关于进一步优化营商环境的若干措施"}));
  EXPECT_EQ(DocumentTitleKeys("示范县人民政府办公室关于印发《示范县农村供水管理办法》的通知"),
            (Strings{"示范县人民政府办公室关于印发示范县农村供水管理办法", "关于印发示范县农村供水管理办法",
                     "示范县农村供水管理办法"}));
  EXPECT_EQ(DocumentTitleKeys("关于印发的通知"), (Strings{}));  // too short to match safely
}

// ---------------------------------------------------------------------------------------------
// Synthetic pages.

constexpr char kDocUrl[] = "https://www.example.gov.cn/zwgk/zcwj/2022/a.html";

TEST(ClassifyTest, GovernmentDocumentInPolicyColumnNeedsAnInterpretation) {
  Page p = Html(kDocUrl, "<title>示范县人民政府关于进一步优化营商环境的若干措施</title><meta name=\"ColumnName\" content=\"政策文件\">",
                "<table><tr><td>发文机关：</td><td>示范县人民政府</td></tr><tr><td>文号：</td><td>示政发〔2022〕12号</td></tr>"
                "<tr><td>发布日期：</td><td>2022-09-30</td></tr></table><h1>示范县人民政府关于进一步优化营商环境的若干措施</h1>");
  PageKinds k = Classify(p);
  EXPECT_EQ(k.Joined(), "policy_document");
  EXPECT_TRUE(k.needs_interpretation);
  EXPECT_TRUE(k.policy_column);
  EXPECT_EQ(k.column, "政策文件");
  EXPECT_EQ(k.column_source, "ColumnName");
  EXPECT_EQ(k.reasons,
            "政策文件：文号“示政发〔2022〕12号”符合“*〔YYYY〕N号”；栏目“政策文件”（ColumnName）；发布机构“示范县人民政府”、"
            "标题含“关于”。需要政策解读：文号“示政发〔2022〕12号”符合“*政发〔YYYY〕N号”。");
}

TEST(ClassifyTest, DepartmentDocumentNeedsOneInAPolicyColumn) {
  Page p = Html(kDocUrl, "<title>x</title><meta name=\"ColumnName\" content=\"政策文件\">",
                "<h1>示范县农业农村局关于做好秋粮收购工作的通知</h1><p>文号：示农发〔2022〕3号</p><p>发布日期：2022-09-30</p>");
  PageKinds k = Classify(p);
  EXPECT_EQ(k.Joined(), "policy_document");
  EXPECT_TRUE(k.needs_interpretation);
  EXPECT_TRUE(Contains(k.reasons, "需要政策解读：位于政策文件栏目“政策文件”。"));
}

TEST(ClassifyTest, GovernmentNumbersInTheirLocalFormsNeedOneAnywhere) {
  for (const char* number : {"示政办发〔2022〕7号", "梅府发〔2026〕9号", "青政办〔2026〕33号", "松政规〔2026〕2号"}) {
    Page p = Html("https://www.example.gov.cn/docs/a.html", "",
                  std::string("<h1>关于做好防汛工作的通知</h1><p>文号：") + number + " 发布日期：2022-06-01</p>");
    PageKinds k = Classify(p);
    EXPECT_TRUE(k.needs_interpretation) << number << " " << k.reasons;
  }
}

TEST(ClassifyTest, NormativeDocumentsNeedOneUnlessConfiguredOtherwise) {
  Page p = Html("https://www.example.gov.cn/docs/a.html", "",
                "<h1>示范县市场监督管理局行政处罚裁量基准规定</h1><p>文号：示市监规〔2022〕1号 发布日期：2022-06-01</p>");
  EXPECT_TRUE(Classify(p).needs_interpretation);
  auto config = KindConfig::Parse("[interpretation.required]\nnormative = false\n", "kinds.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_FALSE(ClassifyPage(p, *config).needs_interpretation);
}

TEST(ClassifyTest, OutsideAPolicyColumnADepartmentDocumentNeedsOneWhenAPolicyColumnListsIt) {
  Page p = Html("https://www.example.gov.cn/docs/a.html", "",
                "<h1>示范县应急管理局关于做好防汛工作的通知</h1><p>文号：示应急发〔2022〕7号 发布日期：2022-06-01</p>");
  PageKinds k = Classify(p);
  EXPECT_EQ(k.Joined(), "policy_document");
  EXPECT_FALSE(k.needs_interpretation);
  EXPECT_TRUE(k.needs_interpretation_if_listed);
  EXPECT_TRUE(Contains(k.reasons, "需要政策解读：由政策文件栏目列出时。"));
}

TEST(ClassifyTest, NewsWithAGovernmentNumberNeverNeedsAnInterpretation) {
  Page p = Html("https://www.example.gov.cn/xwdt/a.html", "<meta name=\"ColumnName\" content=\"政务动态\">",
                "<h1>县政府印发关于做好防汛工作的通知</h1><p>发布机构：示范县人民政府 文号：示政发〔2022〕8号 发布日期：2022-06-01</p>");
  PageKinds k = Classify(p);
  EXPECT_EQ(k.Joined(), "policy_document,news");
  EXPECT_FALSE(k.needs_interpretation);
  EXPECT_FALSE(k.needs_interpretation_if_listed);
}

TEST(ClassifyTest, InterpretationByTitleOrColumnIsNeverAPolicyDocument) {
  for (const char* title : {"《关于进一步优化营商环境的若干措施》政策解读", "一图读懂：稳经济33条", "县发改局负责人就营商环境答记者问",
                            "政策问答：就业补贴怎么领"}) {
    Page p = Html(kDocUrl, "", std::string("<h1>") + title + "</h1><p>文号：示政发〔2022〕12号</p><p>发布时间：2022-10-10</p>");
    EXPECT_EQ(Classify(p).Joined(), "interpretation") << title;
  }
  Page by_column = Html(kDocUrl, "<meta name=\"ColumnName\" content=\"政策解读\">",
                        "<h1>营商环境若干措施出台背景</h1><p>发布时间：2022-10-10</p>");
  PageKinds k = Classify(by_column);
  EXPECT_EQ(k.Joined(), "interpretation");
  EXPECT_EQ(k.reasons, "政策解读：栏目“政策解读”（ColumnName）。");
}

TEST(ClassifyTest, NormativeDocumentByNumberColumnOrMetadata) {
  Page by_number = Html("https://www.example.gov.cn/a.html", "",
                        "<h1>示范县城区出租车管理暂行办法</h1><p>文号：示政规发〔2019〕2号 发布日期：2019-01-10</p>");
  EXPECT_EQ(Classify(by_number).Joined(), "policy_document,normative_document");
  Page by_topic = Html("https://www.example.gov.cn/a.html", "",
                       "<h1>示范县物业管理办法</h1><p>主题分类：规范性文件</p><p>发布日期：2019-01-10</p>");
  PageKinds k = Classify(by_topic);
  EXPECT_EQ(k.Joined(), "policy_document,normative_document");
  EXPECT_TRUE(Contains(k.reasons, "行政规范性文件：主题分类含“规范性文件”。"));
  Page by_crumb = Html("https://www.example.gov.cn/a.html", "",
                       "<div>当前位置：首页 &gt; 政务公开 &gt; 行政规范性文件 &gt; 正文</div><h1>示范县物业管理办法</h1>"
                       "<p>发布日期：2019-01-10</p>");
  k = Classify(by_crumb);
  EXPECT_EQ(k.column, "行政规范性文件");
  EXPECT_EQ(k.column_source, "面包屑");
  EXPECT_EQ(k.Joined(), "policy_document,normative_document");
}

TEST(ClassifyTest, ListOfDatedLinksIsAColumnListNotADocument) {
  std::string items;
  for (int i = 1; i <= 3; ++i) {
    items += "<li><a href=\"" + std::to_string(i) + ".html\">示范县人民政府关于第" + std::to_string(i) +
             "项工作安排的通知</a><span>2022-0" + std::to_string(i) + "-15</span></li>";
  }
  Page p = Html("https://www.example.gov.cn/zwgk/zcwj/index.html", "<title>政策文件_示范县人民政府</title>",
                "<h1>政策文件</h1><ul>" + items + "</ul>");
  PageKinds k = Classify(p);
  EXPECT_EQ(k.Joined(), "column_list");
  EXPECT_EQ(k.dated_links, 3);
  EXPECT_EQ(k.column, "政策文件");
  EXPECT_TRUE(k.policy_column);
  EXPECT_EQ(k.reasons, "栏目列表页：3 个带日期的链接；栏目“政策文件”（标题）。");
}

TEST(ClassifyTest, ALibraryWhoseFirstItemsDateIsReadAsThePagesIsStillALibrary) {
  // gansu.gov.cn's 规范性文件 library: facets, then two items; the first item's date is read as
  // a head line's date of the page, which is no document for that.
  Page p = Html(
      "https://www.example.gov.cn/gfxwj/xxgk_list.html",
      "<title>规范性文件</title><meta name=\"ColumnName\" content=\"规范性文件\">",
      "<div>首页 &gt; 规范性文件</div><h3>规范性文件</h3><div class=\"filter\"><p>发文机关：<a>县人民政府</a>"
      "<a>县人民政府办公室</a></p><p>发文年份：<a>2026</a><a>2025</a><a>2024</a></p><p>主题分类："
      "<a>农业、林业、水利</a><a>民政、扶贫、救灾</a></p></div><ul id=\"body\"><li><div><a href=\"./202609/1.html\">"
      "洮阳县人民政府办公室关于印发洮阳县森林草原防灭火工作规定的通知</a></div><div>2026-09-17</div></li>"
      "<li><div><a href=\"./202409/2.html\">洮阳县人民政府关于印发洮阳县城区户外广告设施管理办法的通知</a></div>"
      "<div>2024-09-12</div></li></ul>");
  ASSERT_TRUE(p.meta.publish_date.has_value());
  EXPECT_EQ(Classify(p).Joined(), "normative_library,column_list");
}

TEST(ClassifyTest, ArticleWithASidebarOfDatedLinksStaysAnArticle) {
  std::string sidebar;
  for (int i = 1; i <= 6; ++i) {
    sidebar += "<li><a href=\"n" + std::to_string(i) + ".html\">县领导调研第" + std::to_string(i) +
               "季度重点项目建设</a> 2022-0" + std::to_string(i) + "-01</li>";
  }
  Page p = Html("https://www.example.gov.cn/xwdt/a.html", "<meta name=\"ColumnName\" content=\"工作动态\">",
                "<h1>县政府召开常务会议</h1><p>发布时间：2022-07-01</p><p>" + std::string(200, 'x') +
                    "会议研究部署了下半年重点工作，强调要压实责任，确保各项任务落到实处，确保人民群众生命财产安全。"
                    "</p><ul>" + sidebar + "</ul>");
  PageKinds k = Classify(p);
  EXPECT_EQ(k.dated_links, 6);
  EXPECT_EQ(k.Joined(), "news");
}

// The page is a column list, with `dated` links dated beside them.
void ExpectColumnList(const Page& page, int dated) {
  const PageKinds k = Classify(page);
  EXPECT_EQ(k.dated_links, dated);
  EXPECT_EQ(k.Joined(), "column_list") << k.reasons;
}

TEST(ClassifyTest, AColumnWhoseRowsGiveOnlyMonthAndDayIsAList) {
  // A two-item 政策解读 column of this year's items: "(11-19)" beside each title, no year.
  Page p =
      Html("https://www.example.gov.cn/info/iList_10022.html", "<title>示范县人民政府--政策解读</title>",
           "<div class=\"list_tit\"><span>政策解读</span></div><ul>"
           "<li><a href=\"/0/105/1.html\">一文读懂我县县域商业体系建设三年行动</a><span>(11-19)</span></li>"
           "<li><a href=\"/0/105/2.html\">图解：老旧小区改造项目怎么管？一图看懂</a><span>(05-08)</span></li></ul>");
  ExpectColumnList(p, 2);
  // A remainder that is more than a month and day is no date ("第1-2期", a page count).
  Page issues = Html("https://www.example.gov.cn/gb/index.html", "<title>示范县人民政府--政府公报</title>",
                     "<h1>政府公报</h1><ul><li><a href=\"/gb/1.html\">示范县人民政府公报2026年</a> 第1-2期</li>"
                     "<li><a href=\"/gb/2.html\">示范县人民政府公报2025年合订本</a> 共3/4册</li></ul>");
  EXPECT_EQ(Classify(issues).dated_links, 0);
}

TEST(ClassifyTest, APictureListWithTitleSummaryAndDateIsAList) {
  // div items: image, title, a one-line summary, then the date (no <li>, no date beside the title).
  Page p =
      Html("https://www.example.gov.cn/xwzx/jlyw/", "<title>荆岭要闻_示范县人民政府</title>",
           "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/xwzx/jlyw/\">荆岭要闻</a></div>"
           "<div class=\"block\"><div class=\"item\"><div class=\"left\"><a href=\"./202611/t1.html\">"
           "<img src=\"./202611/1.jpg\" alt=\"\"></a></div><div class=\"right\">"
           "<a href=\"./202611/t1.html\">县政府召开第19次常务会议</a><p>11月6日，县长主持召开县政府第19次常务会议，"
           "研究部署近期重点工作……</p><div class=\"date\">2026-11-06 17:20</div></div></div></div>");
  ExpectColumnList(p, 1);
}

TEST(ClassifyTest, ANoticeColumnMakesANoticeOnlyOfAPageThatIsNothingElse) {
  const std::string head = "<meta name=\"ColumnName\" content=\"通知公告\">";
  // A 批复 posted in the column is the document it is.
  Page reply = Html(
      "https://www.example.gov.cn/tzgg/1.html", head,
      "<h1>示范县人民政府关于同意设立示范县应急物资储备库的批复</h1><p>文号：示政函〔2026〕12号</p>"
      "<p>发布日期：2026-11-20</p><p>县应急管理局：你局《关于设立应急物资储备库的请示》收悉。经研究，同意设立。</p>");
  EXPECT_EQ(Classify(reply).Joined(), "policy_document");
  // A page of the column that is nothing else is a notice; a 公示 is one by its title anywhere.
  Page plain =
      Html("https://www.example.gov.cn/tzgg/2.html", head,
           "<h1>关于2026年冬季供暖时间安排的通知</h1><p>发布日期：2026-11-20</p><p>今冬供暖自11月15日开始。</p>");
  EXPECT_EQ(Classify(plain).Joined(), "notice");
  Page shown = Html("https://www.example.gov.cn/tzgg/3.html", head,
                    "<h1>示范县2026年拟录用公务员公示</h1><p>文号：示人社〔2026〕8号</p><p>发布日期：2026-11-20</p>");
  EXPECT_NE(Classify(shown).Joined().find("notice"), std::string::npos) << Classify(shown).Joined();
}

TEST(ClassifyTest, ARegistrationCodeMakesADocumentNormative) {
  // Provinces register their 行政规范性文件 and print the code: Shandong's SDPR-2026-0010001 in a
  // table cell, Hunan's 登 记 号 spaced out, with long dashes, run into the validity before it.
  const std::pair<std::string, std::string> cases[] = {
      {"<h1>峄川县人民政府关于印发峄川县农村集体经济组织资产管理办法的通知</h1><table>"
       "<tr><td>发文字号：峄政发〔2026〕4号</td><td>发布日期：2026-04-02</td></tr>"
       "<tr><td>有 效 性：有效</td><td>登记编号：YCXR-2026-0010001</td></tr></table><p>各乡镇人民政府：……</p>",
       "YCXR-2026-0010001"},
      {"<div class=\"a1\"><font>文号：潇政发〔2026〕5号</font><br><font>有 效 性：有效</font>"
       "<font>登 记 号：XYDR—2026—01002</font><br><font>发布时间：2026-04-30</font></div>"
       "<h3>潇源县人民政府关于印发集体土地征收与补偿安置办法的通知</h3><p>各乡镇人民政府：……</p>",
       "XYDR—2026—01002"}};
  for (const auto& [body, code] : cases) {
    const PageKinds k = Classify(Html("https://www.example.gov.cn/art/2026/4/2/art_1.html", "", body));
    EXPECT_EQ(k.Joined(), "policy_document,normative_document") << code;
    EXPECT_NE(k.reasons.find("规范性文件登记号“" + code + "”"), std::string::npos) << k.reasons;
  }
  // A company's 统一登记号 (a credit code) is no such code.
  Page company = Html("https://www.example.gov.cn/art/2026/4/2/art_2.html", "",
                      "<h1>峄川县市场监督管理局关于某公司的行政处罚决定</h1><p>文号：峄市监罚〔2026〕4号</p>"
                      "<p>发布日期：2026-04-02</p><p>统一登记号：91371100MA3C8XKQ1P</p>");
  EXPECT_EQ(Classify(company).Joined().find("normative"), std::string::npos);
}

TEST(ClassifyTest, ADocumentThatLabelsItsValidityAndStatesItsPeriodIsNormative) {
  // Henan: 有 效 性 有效 over a body that says how long the 办法 is in force.
  const std::string head = "<meta name=\"ColumnName\" content=\"县政府办公室文件\">";
  const std::string meta =
      "<table><tr><td>发文字号：</td><td>洹政办〔2024〕3号</td><td>发布日期：</td><td>2024年02月01日</td></tr>"
      "<tr><td>有 效 性：</td><td>有效</td></tr></table><h1>洹川县人民政府办公室关于印发招牌设置管理办法的通知</h1>";
  PageKinds stated = Classify(Html("https://www.example.gov.cn/2024/02-01/1.html", head,
                                   meta + "<p>第七条　本办法自2024年3月1日起施行，有效期2年。</p>"));
  EXPECT_EQ(stated.Joined(), "policy_document,normative_document");
  // A validity label alone, as templates print on every document, says nothing of the kind.
  PageKinds label_only =
      Classify(Html("https://www.example.gov.cn/2024/02-01/2.html", head, meta + "<p>本通知自印发之日起施行。</p>"));
  EXPECT_EQ(label_only.Joined(), "policy_document");
}

TEST(ClassifyTest, DepartmentAndExpertInterpretationColumns) {
  // gov.cn's 政策解读 is split into 部门解读, 专家解读 and 媒体解读; county sites copy the names.
  Page p = Html("https://www.example.gov.cn/xxgk/jd/bmjd/1.html", "",
                "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a>政策解读</a> &gt; <a>部门解读</a></div>"
                "<h3>《集体土地征收与补偿安置办法》问答</h3><p>来源：县自然资源局 发布时间：2026-05-08</p>"
                "<p>问：《办法》的适用范围是什么？</p><p>答：本县行政区域内的征收补偿安置。</p>");
  EXPECT_EQ(Classify(p).Joined(), "interpretation");
}

TEST(ClassifyTest, ATodayColumnIsLocalNews) {
  // 今日四川 on sc.gov.cn, 今日峨溪 on its counties' sites.
  Page p = Html("https://www.example.gov.cn/15393/2026/11/6/a.html", "<meta name=\"ColumnName\" content=\"今日峨溪\">",
                "<h1>峨溪县召开县政府第37次常务会议</h1><p>发布时间：2026-11-06</p><p>会议研究了近期重点工作。</p>");
  EXPECT_EQ(Classify(p).Joined(), "news");
}

TEST(ClassifyTest, SubsidyTableWithSynonymsAndARecipientsTableThatIsNot) {
  Page list = Html("https://www.example.gov.cn/btzc/index.html", "<title>惠民惠农财政补贴政策目录清单</title>",
                   "<table><tr><th>补贴项目名称</th><th>政策依据</th><th>主管单位</th><th>补助对象</th><th>补贴标准</th>"
                   "<th>咨询电话</th></tr><tr><td>耕地地力保护补贴</td><td>财农〔2016〕26号</td><td>县农业农村局</td>"
                   "<td>农户</td><td>每亩105元</td><td>0955-7012001</td></tr></table>");
  PageKinds k = Classify(list);
  EXPECT_EQ(k.Joined(), "subsidy_list");
  EXPECT_EQ(k.reasons,
            "惠民惠农财政补贴政策目录清单：含“惠民惠农”；表格 1 的列：补贴项目名称、政策依据、主管单位、补助对象、补贴标准、咨询电话。");
  Page recipients = Html("https://www.example.gov.cn/gsgg/a.html", "<title>关于2022年惠民惠农补贴发放对象的公示</title>",
                         "<table><tr><th>序号</th><th>姓名</th><th>村组</th><th>补贴金额（元）</th></tr>"
                         "<tr><td>1</td><td>张某</td><td>一组</td><td>300</td></tr></table>");
  EXPECT_EQ(Classify(recipients).Joined(), "notice");
}

TEST(ClassifyTest, AStudentAidListIsASubsidyList) {
  // An education department's 学生资助政策清单: 资助项目 / 资助对象 / 资助标准 name the fields.
  Page list = Html("https://www.example.gov.cn/gsgs/a.html", "<title>霁川省2026年学生资助政策清单</title>",
                   "<table><tr><th>序号</th><th>资助项目</th><th>资助对象</th><th>资助标准</th><th>资金用途</th>"
                   "<th>主管部门</th><th>咨询电话</th></tr><tr><td>1</td><td>普通高中国家助学金</td>"
                   "<td>家庭经济困难学生</td><td>每生每年2500元</td><td>补助生活费</td><td>省教育厅</td>"
                   "<td>0879-6213045</td></tr></table>");
  EXPECT_EQ(Classify(list).Joined(), "subsidy_list");
}

TEST(TitleTest, QuotedTitlesAreNormalisedAndShortOnesLeftOut) {
  EXPECT_EQ(QuotedTitles("图解文件：《示范县人民政府关于推进冷链物流发展的实施意见》，另见《条例》和"
                         "《示范县人民政府关于推进冷链物流发展的实施意见》。"),
            (std::vector<std::string>{NormalizeTitle("示范县人民政府关于推进冷链物流发展的实施意见")}));
  EXPECT_TRUE(QuotedTitles("没有书名号").empty());
}

TEST(ClassifyTest, UrlPathGivesTheColumnWhenThePageNamesNone) {
  Page p = Html("https://www.example.gov.cn/zwgk/gsgg/2022/a.html", "", "<h1>关于某事项的说明</h1><p>发布日期：2022-06-01</p>");
  PageKinds k = Classify(p);
  EXPECT_EQ(k.column, "公示公告");
  EXPECT_EQ(k.column_source, "URL");
  EXPECT_EQ(k.Joined(), "notice");
}

// ---------------------------------------------------------------------------------------------
// Helpers the rules use.

TEST(SubsidyColumnsTest, ExactNamesWinOverContainedSynonyms) {
  PageTable t;
  t.rows = {{"政策名称及依据", "补贴政策名称", "政策依据", "资金 用途"}, {"a", "b", "c", "d"}};
  t.header_row = 0;
  std::vector<int> columns = SubsidyColumns(t, KindConfig::Builtin());
  EXPECT_EQ(columns, (std::vector<int>{1, 2, -1, 3, -1, -1, -1}));
}

TEST(SubsidyColumnsTest, LabelsOfParagraphListsAfterNumbering) {
  std::vector<bool> found = SubsidyLabelsInText(
      "耕地地力保护补贴\n1.文件依据：财农〔2016〕26号\n（2）补助对象：农户\n三、补贴标准：每亩105元\n"
      "咨询电话：0955-7012001\n监督电话：12388\n本项补贴的资金用途在下文说明：见附件",
      KindConfig::Builtin());
  EXPECT_EQ(found, (std::vector<bool>{false, true, false, false, true, true, true}));
}

// The links a document page gives to its interpretations, as "URL label".
Strings InterpretationLinks(const Page& p) {
  Strings out;
  for (const RelatedLink& l : RelatedLinks(p, KindConfig::Builtin().interpretation_link_labels)) {
    out.push_back(l.url + " " + l.label);
  }
  return out;
}

TEST(RelatedLinksTest, LabelBeforeTheLinkOrInItsText) {
  Page p = Html(kDocUrl, "",
                "<h1>示范县人民政府关于进一步优化营商环境的若干措施</h1><p>正文……</p>"
                "<div>相关解读：<a href=\"/zcjd/1.html\">《关于进一步优化营商环境的若干措施》政策解读</a></div>"
                "<div><h3>相关解读</h3><ul><li><a href=\"/zcjd/2.html\">一图读懂营商环境若干措施</a></li></ul></div>"
                "<div>政务服务：<a href=\"/bs/1.html\">营商环境办事指南汇编</a></div>"
                "<p><a href=\"/zcjd/3.html\">相关解读</a></p>");
  EXPECT_EQ(InterpretationLinks(p), (Strings{"https://www.example.gov.cn/zcjd/3.html 相关解读",
                                             "https://www.example.gov.cn/zcjd/1.html 相关解读",
                                             "https://www.example.gov.cn/zcjd/2.html 相关解读"}));
}

TEST(RelatedLinksTest, AFormsLabelCountsBeforeItsLinkButNotAsAHeading) {
  Page p = Html(kDocUrl, "",
                "<h1>示范县人民政府关于进一步优化营商环境的若干措施</h1><p>正文……</p>"
                "<p>图片解读：<a href=\"/zcjd/4.html\">图解：营商环境这样优化</a></p>"
                "<div><h3>图文解读</h3><ul><li><a href=\"/zcjd/5.html\">图解：另一份文件的要点</a></li></ul></div>");
  EXPECT_EQ(InterpretationLinks(p), (Strings{"https://www.example.gov.cn/zcjd/4.html 图片解读："}));
}

TEST(FactsTest, DocumentFactsForTheSiteRules) {
  Page p = Html(kDocUrl, "<meta name=\"ColumnName\" content=\"政策文件\">",
                "<h1>示范县人民政府关于进一步优化营商环境的若干措施</h1><p>发布机构：示范县人民政府</p><p>成文日期：2022-09-28</p>"
                "<p>文号：示政发[2022]12号</p><p>发布日期：2022-09-30</p><p>有效性：有效</p><p>失效日期：2027-09-30</p>"
                "<div>相关解读：<a href=\"/zcjd/1.html\">《关于进一步优化营商环境的若干措施》政策解读</a></div>");
  PageKinds k = Classify(p);
  const PageFacts f = PublicationFacts(p, k, KindConfig::Builtin());
  EXPECT_EQ(f.written_date, "2022-09-28");
  EXPECT_EQ(f.column, "政策文件");
  EXPECT_TRUE(f.policy_column);
  nlohmann::json facts = nlohmann::json::parse(f.ToJson());
  EXPECT_EQ(facts, nlohmann::json::parse(R"({
    "issuer": "示范县人民政府", "validity": "有效", "needs_interpretation": true,
    "norm_title": "示范县人民政府关于进一步优化营商环境的若干措施",
    "title_keys": ["示范县人民政府关于进一步优化营商环境的若干措施", "关于进一步优化营商环境的若干措施"],
    "doc_number_norm": "示政发〔2022〕12号",
    "related": [{"url": "https://www.example.gov.cn/zcjd/1.html", "label": "相关解读"}]})"))
      << facts.dump(2);
}

TEST(FactsTest, InterpretationFactsHoldTheQuotedNumbersAndTheDocumentLink) {
  Page p = Html("https://www.example.gov.cn/zcjd/1.html", "",
                "<h1>政策问答</h1><p>发布时间：2022-10-10</p><p>《若干措施》（示政发〔2022〕12号）出台……</p>"
                "<p>原文链接：<a href=\"/zwgk/zcwj/2022/a.html\">示范县人民政府关于进一步优化营商环境的若干措施</a></p>");
  PageKinds k = Classify(p);
  ASSERT_EQ(k.Joined(), "interpretation");
  const PageFacts f = PublicationFacts(p, k, KindConfig::Builtin());
  EXPECT_EQ(f.column, "政策解读");
  nlohmann::json facts = nlohmann::json::parse(f.ToJson());
  EXPECT_EQ(facts, nlohmann::json::parse(R"({
    "norm_title": "政策问答", "quoted_doc_numbers": ["示政发〔2022〕12号"], "interpretation_forms": ["问答"],
    "related": [{"url": "https://www.example.gov.cn/zwgk/zcwj/2022/a.html", "label": "原文链接"}]})"))
      << facts.dump(2);
}

TEST(FactsTest, ANoticeOrSubsidyListIsDatedByItsSignatureNewsIsNot) {
  const std::string signature =
      "<p>公示期间如有异议，请向县民政局反映。</p><p style=\"text-align:right\">上海市云浦区民政局</p>"
      "<p style=\"text-align:right\">（统一社会信用代码：11310000MB1C43276Q）</p>"
      "<p style=\"text-align:right\">2026年11月24日</p>";
  Page notice = Html("https://www.example.gov.cn/tzgg/1.html", "<meta name=\"ColumnName\" content=\"通知公告\">",
                     "<h1>云浦区2026年第四季度临时救助对象公示</h1><p>发布日期：2026-11-25</p>" + signature);
  PageKinds k = Classify(notice);
  ASSERT_EQ(k.Joined(), "notice");
  // The organ's name holds 市, whose last byte is also a byte of "。": the name is still a name.
  EXPECT_EQ(notice.meta.signer, "上海市云浦区民政局");
  EXPECT_EQ(PublicationFacts(notice, k, KindConfig::Builtin()).written_date, "2026-11-24");
  Page news = Html("https://www.example.gov.cn/xwdt/1.html", "<meta name=\"ColumnName\" content=\"工作动态\">",
                   "<h1>云浦区开展冬季送温暖活动</h1><p>发布日期：2026-11-25</p>" + signature);
  PageKinds news_kinds = Classify(news);
  ASSERT_EQ(news_kinds.Joined(), "news");
  EXPECT_EQ(PublicationFacts(news, news_kinds, KindConfig::Builtin()).written_date, "");
}

TEST(FactsTest, AnOrganInBracketsOnTheDatelineIsTheSource) {
  // fujian.gov.cn: <h5 class="ly"><span>[凤溪县林业局]</span> 2026-11-20 字号：T | T</h5>.
  Page p = Html("https://www.example.gov.cn/zwgk/zcjd/1.html", "",
                "<h1>《关于加快发展林下经济的实施意见》政策解读</h1><h5>[凤溪县林业局] 2026-11-20 字号：T | T</h5>"
                "<p>一、出台背景</p><p>为加快发展林下经济……</p>");
  EXPECT_EQ(p.meta.source, "凤溪县林业局");
  // A bracketed heading that is no organ, or no date after it, is not.
  EXPECT_EQ(Html("https://www.example.gov.cn/1.html", "", "<h1>标题文字</h1><p>[图解] 2026-11-20</p>").meta.source, "");
  EXPECT_EQ(Html("https://www.example.gov.cn/2.html", "", "<h1>标题文字</h1><p>[凤溪县林业局] 发布</p>").meta.source,
            "");
}

TEST(FactsTest, ASignaturesDateInChineseNumeralsIsRead) {
  // A 2012 Pingtan 公示 signs "二O一二年四月二十四日" (a letter O for the zero).
  const std::string head = "<meta name=\"ColumnName\" content=\"公示公告\">";
  const std::string body =
      "<h1>关于拟招聘人员公示的公告</h1><p>时间：2012-04-24 15:11</p><p>现向社会予以公示。</p>"
      "<p>平潭县人事局</p>";
  const std::pair<std::string, std::string> signed_on[] = {
      {"二O一二年四月二十四日", "2012-04-24"},
      {"二〇二六年十一月二十日", "2026-11-20"},
      {"二○二五年十二月三十一日", "2025-12-31"},
      // Not dates: a month past twelve, a day past the month's end, a line with more in it.
      {"二〇二六年十三月一日", ""},
      {"二〇二六年二月三十日", ""},
      {"二〇二六年十一月二十日印发", ""}};
  for (const auto& [date, expected] : signed_on) {
    Page p = Html("https://www.example.gov.cn/gsgg/1.html", head, body + "<p>" + date + "</p>");
    EXPECT_EQ(PublicationFacts(p, Classify(p), KindConfig::Builtin()).written_date, expected) << date;
  }
}

TEST(FactsTest, AnOrgansCodeInBracketsOnItsLineLeavesTheSignature) {
  // hainan.gov.cn's 公示: "琼澜县民政局（统一社会信用代码：11469025008425117J）" over the date.
  Page p = Html("https://www.example.gov.cn/gsgg/2.html", "<meta name=\"ColumnName\" content=\"通知公告\">",
                "<h1>琼澜县2026年第二季度城乡低保新增对象公示</h1><p>2026-05-20 11:45 来源：琼澜县民政局</p>"
                "<p>如有异议，请在公示期内向县民政局反映。</p><p>琼澜县民政局（统一社会信用代码：11469025008425117J）</p>"
                "<p>2026年5月20日</p>");
  EXPECT_EQ(p.meta.signer, "琼澜县民政局");
  EXPECT_EQ(PublicationFacts(p, Classify(p), KindConfig::Builtin()).written_date, "2026-05-20");
}

TEST(FactsTest, AListRowTiesAnItemToTheInterpretationTaggedBesideIt) {
  Page p = Html(
      "https://www.example.gov.cn/zfwj/",
      "<title>政府文件_示范县人民政府</title><meta name=\"ColumnName\" content=\"政府文件\">",
      "<h1>政府文件</h1><ul>"
      "<li><div><a href=\"/zfwj/1.html\">示范县人民政府关于推进农产品冷链物流高质量发展的实施意见</a> "
      "<a href=\"/zcjd/1.html\">[图解]</a> <a href=\"/zcjd/2.html\">【政策解读】</a></div><span>2026-05-07</span></li>"
      "<li><div><a href=\"/zfwj/2.html\">示范县人民政府办公室关于印发农村集体资产管理办法的通知</a></div>"
      "<span>2026-05-06</span></li>"
      "<li><div><a href=\"/zfwj/3.html\">示范县人民政府关于城区临时占道经营管理的通告</a> "
      "<a href=\"/zfwj/3.html\">解读</a> <a href=\"/bs/3.html\">[办事]</a></div><span>2026-05-05</span></li>"
      "</ul><div class=\"side\"><a href=\"/zcjd/\">解读</a></div>");
  PageKinds k = Classify(p);
  ASSERT_EQ(k.Joined(), "column_list") << k.reasons;
  const PageFacts f = PublicationFacts(p, k, KindConfig::Builtin());
  nlohmann::json facts = nlohmann::json::parse(f.ToJson());
  // The row's item, not the tag before it; a tag linking the item itself and a sidebar tag tie nothing.
  EXPECT_EQ(facts["listed_interpretations"], nlohmann::json::parse(R"([
    {"document": "https://www.example.gov.cn/zfwj/1.html", "url": "https://www.example.gov.cn/zcjd/1.html", "label": "[图解]"},
    {"document": "https://www.example.gov.cn/zfwj/1.html", "url": "https://www.example.gov.cn/zcjd/2.html", "label": "【政策解读】"}
  ])"))
      << facts.dump(2);
  EXPECT_EQ(PageFacts::FromJson(f.ToJson()).listed_interpretations.size(), 2u);
}

// ---------------------------------------------------------------------------------------------
// Real pages.

// A real page, the kinds it is given and the reasons stated for them.
struct RealPageCase {
  std::string name;
  std::string url;
  std::string file;  // under the shared data's real-pages/
  std::string kinds;
  std::string reasons;
  std::optional<bool> needs_interpretation;  // checked where given
  std::optional<int> dated_links;            // checked where given
};

std::vector<RealPageCase> RealPageCases() {
  return {
      {"pingtan interpretation is only an interpretation",
       "https://www.pingtan.gov.cn/zwgk/ztzl/xfaq/zcwjjjd/202412/t20241210_95618.htm",
       "09-policy-interpretation-pingtan-ebike-guide.html",
       "interpretation",
       "政策解读：标题含“解读”。",
       false,
       {}},
      // Every normative document needs an interpretation.
      {"pingtan valid regulatory document",
       "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/201604/t20160429_80107.htm",
       "13-regulatory-doc-pingtan-valid-2016.html",
       "policy_document,normative_document",
       "政策文件：文号“岚综管综〔2016〕106号”符合“*〔YYYY〕N号”；栏目“行政规范性文件”（ColumnName）。"
       "行政规范性文件：栏目“行政规范性文件”（ColumnName）；<meta name=\"ColumnType\"> 含“规范性文件”。"
       "需要政策解读：行政规范性文件。",
       true,
       {}},
      {"pingtan regulatory list filled by script is a library",
       "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/",
       "12-regulatory-list-pingtan-hzgfxwj-jsonly.html",
       "normative_library",
       "规范性文件库：栏目“行政规范性文件”（ColumnName）；页面无文号、索引号、发布日期等文件信息；"
       "列表由脚本加载，页面中无文件链接。",
       {},
       0},
      {"pingtan subsidy policy list written as paragraphs",
       "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/snbt/202607/t20260708_107751.htm",
       "11-subsidy-policy-list-pingtan-2026.html",
       "subsidy_list",
       "惠民惠农财政补贴政策目录清单：含“涉农补贴”；以段落列出（非表格），含字段：文件依据、资金用途、补贴对象、"
       "补助标准、政策解答电话。",
       {},
       {}},
  };
}

class RealPageKindReasonsTest : public ::testing::TestWithParam<RealPageCase> {};

TEST_P(RealPageKindReasonsTest, KindsAndReasons) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  const RealPageCase& c = GetParam();
  PageKinds k = Classify(ParsePage(c.url, ReadRealPage(c.file)));
  EXPECT_EQ(k.Joined(), c.kinds);
  EXPECT_EQ(k.reasons, c.reasons);
  if (c.needs_interpretation) {
    EXPECT_EQ(k.needs_interpretation, *c.needs_interpretation);
  }
  if (c.dated_links) {
    EXPECT_EQ(k.dated_links, *c.dated_links);
  }
}

INSTANTIATE_TEST_SUITE_P(RealPages, RealPageKindReasonsTest, ::testing::ValuesIn(RealPageCases()),
                         testing::NameOfCase());

TEST(RealPageKindTest, OtherRealPages) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  struct Case {
    const char* file;
    const char* url;
    const char* kinds;
  };
  const Case cases[] = {
      {"01-policy-doc-jilin-xxgk-tonggao.html", "http://xxgk.jl.gov.cn/szf/gkml/202201/t20220128_8384418.html",
       "policy_document"},
      {"10-gongshi-pingtan-recruits-2012.html", "https://www.pingtan.gov.cn/zwgk/gsgg/201204/t20120424_1.htm", "notice"},
      {"15-gongshi-subsidy-recipients-pingtan-2020.html", "https://www.pingtan.gov.cn/zwgk/gsgg/202003/t20200302_19694.htm",
       "notice"},
      {"14-footer-edge-hospital-conac-js.html", "http://www.hnzyfy.com/nets/zyyy/page/pc/index/topic/news_15070.shtml", "news"},
  };
  for (const Case& c : cases) {
    Page p = ParsePage(c.url, ReadRealPage(c.file));
    EXPECT_EQ(Classify(p).Joined(), c.kinds) << c.file;
  }
}

TEST(HasKindTest, MatchesWholeIdsInAStoredList) {
  EXPECT_TRUE(HasKind("policy_document,normative_document", "normative_document"));
  EXPECT_TRUE(HasKind("interpretation", "interpretation"));
  EXPECT_FALSE(HasKind("normative_document", "document"));
  EXPECT_FALSE(HasKind("", "news"));
}

}  // namespace
}  // namespace govaudit
