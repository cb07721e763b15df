#include "page/metadata.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "common/date.h"
#include "tests/support/disclosure_meta.h"
#include "tests/support/random_text.h"

namespace govaudit {
namespace {

using testing::ExpectMeta;

const std::map<std::string, std::string> kNoMetaTags;

DisclosureMeta FromText(std::string_view text, const std::vector<size_t>& bare_ends = {},
                        const std::map<std::string, std::string>& tags = kNoMetaTags) {
  const MetaTextSource sources[] = {{text, bare_ends}};
  return ExtractDisclosureMeta(sources, tags);
}

Date D(int y, int m, int d) { return Date{y, m, d}; }

TEST(MetadataTest, ReadsLabelValueCellsSeparatedByTabs) {
  DisclosureMeta m = FromText(
      "索 引 号：\t11220000013544357T/2022-00426\t分 类：\t环境监测、保护与治理;通告\n"
      "发文机关：\t吉林省人民政府\t成文日期：\t2022年01月27日\n"
      "发文字号：\t吉政明电〔2022〕1号\t发布日期：\t2022年01月28日\n");
  ExpectMeta(m, {.index_no = "11220000013544357T/2022-00426",
                 .issuer = "吉林省人民政府",
                 .written_date_text = "2022年01月27日",
                 .written_date = D(2022, 1, 27),
                 .publish_date_text = "2022年01月28日",
                 .publish_date = D(2022, 1, 28),
                 .doc_number = "吉政明电〔2022〕1号",
                 .topic = "环境监测、保护与治理;通告",
                 .has_validity_label = false,
                 .validity = ""});
}

TEST(MetadataTest, SeveralInlineLabelsOnOneLineStopAtTheNextLabel) {
  ExpectMeta(FromText("发布时间：2024-12-10 来源：平潭综合实验区 字号：[大 中 小]"),
             {.publish_date_text = "2024-12-10", .publish_date = D(2024, 12, 10), .source = "平潭综合实验区"});
}

TEST(MetadataTest, ValueStopsAtALabelWrittenWithoutASpace) {
  ExpectMeta(FromText("发布日期：2022/5/24信息来源：省发改委"),
             {.publish_date_text = "2022/5/24", .publish_date = D(2022, 5, 24), .source = "省发改委"});
}

TEST(MetadataTest, ValueStopsAtAnUnknownLabelAfterASpace) {
  DisclosureMeta m = FromText("来源：巴彦淖尔日报 编辑：苏亮");
  EXPECT_EQ(m.source, "巴彦淖尔日报");
}

TEST(MetadataTest, LabelsMayHoldSpacesAndUseEitherColon) {
  DisclosureMeta m = FromText(
      "索\u3000引\u3000号：PZ00101-1700-2023-00103\n"
      "有\u2002效\u2002性:有效\n"
      "文号:闽政〔2022〕3号\n"
      "主 题 分 类 ： 城乡建设\n");
  ExpectMeta(m, {.index_no = "PZ00101-1700-2023-00103",
                 .doc_number = "闽政〔2022〕3号",
                 .topic = "城乡建设",
                 .has_validity_label = true,
                 .validity = "有效"});
}

TEST(MetadataTest, BareLabelNeedsTheElementEndReportedByThePageModel) {
  const std::string text = "文号闽政〔2022〕3号";
  EXPECT_EQ(FromText(text).doc_number, "");
  // "文号" is 6 bytes: an element (<b>文号</b>) ended there.
  EXPECT_EQ(FromText(text, {6}).doc_number, "闽政〔2022〕3号");
}

TEST(MetadataTest, TheIssuingOrganIsReadUnderItsMinistryLabel) {
  // A ministry's metadata cells: <span>发布机关</span><i>…</i>, no colon.
  const std::string text = "发布机关\t生态资源部办公厅\n来　　源\t生态资源执法局\n";
  EXPECT_EQ(FromText(text, {12}).issuer, "生态资源部办公厅");
}

TEST(MetadataTest, EmptyValidityLabelIsPresentButEmpty) {
  ExpectMeta(FromText("有效性：\t发布日期：\t2022-05-24\n"),
             {.publish_date = D(2022, 5, 24), .has_validity_label = true, .validity = ""});
  ExpectMeta(FromText("有 效 性：\n发布机构：平潭综合实验区管委会\n"),
             {.issuer = "平潭综合实验区管委会", .has_validity_label = true, .validity = ""});
}

TEST(MetadataTest, NoValidityLabelMeansNoLabel) {
  DisclosureMeta m = FromText("发布日期：2022-05-24\n本规定自发布之日起有效。\n");
  EXPECT_FALSE(m.has_validity_label);
}

TEST(MetadataTest, LabelInsideAWordIsProse) {
  DisclosureMeta m = FromText("资金来源：省级财政\n项目分类：一般\n");
  EXPECT_EQ(m.source, "");
  EXPECT_EQ(m.topic, "");
}

TEST(MetadataTest, OverlongValueIsNotMetadata) {
  std::string text = "来源：";
  for (int i = 0; i < 250; ++i) text += "很";
  EXPECT_EQ(FromText(text).source, "");
}

TEST(MetadataTest, DateFormatsWithAndWithoutTime) {
  EXPECT_EQ(FromText("发布日期：2022.05.24").publish_date, D(2022, 5, 24));
  EXPECT_EQ(FromText("发布日期：2022年5月24日 10:30").publish_date, D(2022, 5, 24));
  EXPECT_EQ(FromText("发布日期：2022-05-24 10:30:00").publish_date_text, "2022-05-24 10:30:00");
  EXPECT_EQ(FromText("成文时间：2021/12/3").written_date, D(2021, 12, 3));
  DisclosureMeta expiry = FromText("有效期至：2025年12月31日");
  EXPECT_EQ(expiry.expiry_date_text, "2025年12月31日");
  EXPECT_EQ(expiry.expiry_date, D(2025, 12, 31));
  EXPECT_EQ(FromText("废止日期：2023-01-01").expiry_date, D(2023, 1, 1));
}

TEST(MetadataTest, DateValueMayBeOnTheNextLine) {
  DisclosureMeta m = FromText("发布日期：\n2022-05-24\n正文");
  EXPECT_EQ(m.publish_date, D(2022, 5, 24));
  // Not when the next line has no date.
  EXPECT_FALSE(FromText("发布日期：\n正文内容").publish_date.has_value());
}

TEST(MetadataTest, DefinitionListValuesFollowTheirLabels) {
  // <dl><dt>索引号：</dt><dd>…</dd>…: each value is the line under its label.
  DisclosureMeta m = FromText(
      "索引号：\n00810234-2/2023-00188\n发布机构：\n石湾县人民政府\n发文字号：\n湾政规〔2023〕2号\n"
      "有效性：\n有效\n有效期：\n2023年5月10日至2026年5月9日\n第一条 为加强管理，制定本办法。");
  ExpectMeta(m, {.index_no = "00810234-2/2023-00188",
                 .issuer = "石湾县人民政府",
                 .doc_number = "湾政规〔2023〕2号",
                 .validity = "有效",
                 .expiry_date = D(2026, 5, 9)});
  // A line that is no such value is not taken: prose under a source label, a title under an
  // empty validity cell.
  EXPECT_EQ(FromText("来源：\n这是正文的第一段，介绍了本次会议的主要内容。").source, "");
  EXPECT_EQ(FromText("有效性：\n石湾县城市户外广告设置管理规定").validity, "");
  EXPECT_EQ(FromText("文号：\n无").doc_number, "");
}

TEST(MetadataTest, ValuesEndAtALabelGluedToThem) {
  // <span>来源：某局</span><span>字号：大 中 小</span> run together in the text.
  EXPECT_EQ(FromText("来源：石湾县医疗保障局字号：大 中 小").source, "石湾县医疗保障局");
}

TEST(MetadataTest, ALibrarysFilterRowStatesNothing) {
  // <dl><dt>有 效 性：</dt><dd><a>全部</a><a>有效</a><a>失效</a></dd></dl> over a library's list.
  DisclosureMeta m =
      FromText("发文机关：\n全部县人民政府县政府部门\n有 效 性：\n全部有效失效\n主题分类：不限 农业 其他");
  EXPECT_FALSE(m.has_validity_label);
  EXPECT_EQ(m.validity, "");
  EXPECT_EQ(m.issuer, "");
  EXPECT_EQ(m.topic, "");
  // Without 全部: every state offered as a choice (xinjiang.gov.cn's 规范性文件 library).
  for (const char* row : {"有 效 性：\n有效失效废止", "有效性：有效 失效", "有效性：现行有效 已废止"}) {
    DisclosureMeta choices = FromText(row);
    EXPECT_FALSE(choices.has_validity_label) << row;
    EXPECT_EQ(choices.validity, "") << row;
  }
  // One state is the page's.
  EXPECT_EQ(FromText("有效性：现行有效").validity, "现行有效");
  EXPECT_EQ(FromText("有效性：已失效").validity, "已失效");
}

TEST(MetadataTest, ANumberHoldsDigitsOrNumerals) {
  EXPECT_EQ(FromText("文号：深鹭府规〔2024〕2号").doc_number, "深鹭府规〔2024〕2号");
  EXPECT_EQ(FromText("文号：国发〔二〇〇七〕十二号").doc_number, "国发〔二〇〇七〕十二号");
}

TEST(MetadataTest, ThePagesButtonsEndASource) {
  // qinghai.gov.cn: "来源：某局 【打印】 【关闭】" on one line.
  EXPECT_EQ(FromText("来源：湟岭县农业农村和科技局 【打印】 【关闭】").source, "湟岭县农业农村和科技局");
}

TEST(MetadataTest, InformationProvidedDateIsThePublishDate) {
  // sz.gov.cn's articles: "来源：某局信息提供日期：2026-11-16 09:20:11" (two <span>s).
  DisclosureMeta m = FromText("来源：深圳市鹭湾区发展和改革局信息提供日期：2026-11-16 09:20:11");
  EXPECT_EQ(m.source, "深圳市鹭湾区发展和改革局");
  EXPECT_EQ(m.publish_date, (Date{2026, 11, 16}));
}

TEST(MetadataTest, ALabelGluedToTheValueBeforeItIsReadToo) {
  // Hunan's <div class="a1"><font>公文种类：通知</font><font>发文日期：2026-04-27</font>: the
  // <font>s run together, and 发文日期 follows a CJK character.
  DisclosureMeta m = FromText("有 效 性：有效登 记 号：XYDR—2026—01002\n公文种类：通知发文日期：2026-04-27");
  EXPECT_EQ(m.validity, "有效");
  EXPECT_EQ(m.written_date, (Date{2026, 4, 27}));
  EXPECT_EQ(FromText("文号：示政规发〔2021〕3号发布日期：2021-05-20").publish_date, (Date{2021, 5, 20}));
  // Only after a value it ended: in prose, a label's words after a CJK character are no label.
  EXPECT_FALSE(FromText("请核对通知发布日期：2026-01-05").publish_date.has_value());
}

TEST(MetadataTest, TheFontSizeWidgetOnTheDatelineIsNoPartOfTheSource) {
  // gov.cn's pages-date: <span>来源：…</span> <span>【字体：大 中 小】</span> <span>打印</span>.
  EXPECT_EQ(FromText("2026-11-05 16:30 来源： 石湾县商务局 【字体：大 中 小】 打印").source, "石湾县商务局");
  EXPECT_EQ(FromText("来源：石湾县商务局【字体：大 中 小】").source, "石湾县商务局");
  // A bracket that opens no label stays in the value.
  EXPECT_EQ(FromText("来源：【石湾】县融媒体中心").source, "【石湾】县融媒体中心");
}

TEST(MetadataTest, AFontSizeWidgetWithoutBracketsOrColonEndsTheValue) {
  // Shanghai's PBtime line: <label>有效性：有效</label> then <span>字号 <a>大</a> <a>中</a> <a>小</a></span>.
  DisclosureMeta m = FromText("印发日期：2021-09-13 发布日期：2021-09-16 有效性：有效 字号 大 中 小");
  EXPECT_EQ(m.validity, "有效");
  EXPECT_EQ(FromText("来源：云浦区绿化和市容管理局 字体 大 中 小").source, "云浦区绿化和市容管理局");
  // Only the widget: 字号 in a value that goes on otherwise stays.
  EXPECT_EQ(FromText("来源：云浦区字号老店协会 字号 档案").source, "云浦区字号老店协会 字号 档案");
}

TEST(MetadataTest, TheDayADocumentWasIssuedIsItsWrittenDate) {
  // 发文日期 / 印发日期 name the day the document was issued, as its signature does; 发布日期 is when
  // the site published it.
  DisclosureMeta m = FromText("发文日期：2026年11月17日\n文号：岭政办发〔2026〕21号\n发布日期：2026 年 11 月 20 日");
  EXPECT_EQ(m.written_date, D(2026, 11, 17));
  EXPECT_EQ(m.publish_date, D(2026, 11, 20));
  EXPECT_EQ(FromText("印发日期：2021-09-13").written_date, D(2021, 9, 13));
}

TEST(MetadataTest, ADateAfterASourceIsNoPartOfIt) {
  EXPECT_EQ(FromText("来源：苍岭县农业农村局 2026-11-19 09:30").source, "苍岭县农业农村局");
  EXPECT_EQ(FromText("发布机构：苍岭县民政局 2026年10月28日").issuer, "苍岭县民政局");
  // A date inside the name is the name's.
  EXPECT_EQ(FromText("来源：2026年全国两会新闻中心").source, "2026年全国两会新闻中心");
}

TEST(MetadataTest, DatelineBeforeASourceIsThePublishDate) {
  EXPECT_EQ(FromText("2026年11月19日 来源：梅江县人民政府办公室").publish_date, D(2026, 11, 19));
  EXPECT_EQ(FromText("www.meijiang.gov.cn\t2026年11月19日 来源：梅江县人民政府办公室").publish_date,
            D(2026, 11, 19));
  // A date inside prose before a label is not a dateline.
  EXPECT_FALSE(FromText("会议于2026年11月19日召开，作者：某某").publish_date.has_value());
}

TEST(MetadataTest, ValidityPeriodGivesTheExpiry) {
  EXPECT_EQ(EndOfValidity("2023年5月10日至2026年5月9日", std::nullopt), D(2026, 5, 9));
  EXPECT_EQ(EndOfValidity("5年", D(2021, 3, 1)), D(2026, 2, 28));
  EXPECT_EQ(EndOfValidity("自2026年12月1日起2年", std::nullopt), D(2028, 11, 30));
  EXPECT_EQ(EndOfValidity("五年", D(2024, 2, 29)), D(2029, 2, 28));
  EXPECT_FALSE(EndOfValidity("长期", D(2021, 3, 1)).has_value());
  EXPECT_FALSE(EndOfValidity("5年", std::nullopt).has_value());
}

TEST(MetadataTest, DateWithoutAParsableDateIsKeptAsWritten) {
  DisclosureMeta m = FromText("失效日期：长期有效");
  EXPECT_EQ(m.expiry_date_text, "长期有效");
  EXPECT_FALSE(m.expiry_date.has_value());
}

TEST(MetadataTest, FirstNonEmptyValueWins) {
  DisclosureMeta m = FromText("来源：\n来源：新华社\n来源：人民日报");
  EXPECT_EQ(m.source, "新华社");
}

TEST(MetadataTest, TrimsSeparatorsAndBrackets) {
  EXPECT_EQ(FromText("【发布时间：2024-01-01】").publish_date_text, "2024-01-01");
  EXPECT_EQ(FromText("发布时间：2024-01-01 | 来源：新华社").publish_date_text, "2024-01-01");
  EXPECT_EQ(FromText("发布时间：2024-01-01 | 来源：新华社").source, "新华社");
}

TEST(MetadataTest, IssuerSynonyms) {
  EXPECT_EQ(FromText("发布机构：甲").issuer, "甲");
  EXPECT_EQ(FromText("发文单位：乙").issuer, "乙");
  EXPECT_EQ(FromText("发布单位：丙").issuer, "丙");
  EXPECT_EQ(FromText("发文机关：丁").issuer, "丁");
}

TEST(MetadataTest, ValiditySynonyms) {
  EXPECT_EQ(FromText("时效性：失效").validity, "失效");
  EXPECT_EQ(FromText("效力状态：已废止").validity, "已废止");
  EXPECT_EQ(FromText("效力状况：有效").validity, "有效");
  EXPECT_EQ(FromText("是否有效：有效").validity, "有效");
}

TEST(MetadataTest, TheTemplatesDashesForAnEmptyFieldStateNothing) {
  DisclosureMeta m = FromText("文件编号：—  —\t效力状况：—  —\t发布机构：－\t成文日期：2026-11-10");
  EXPECT_EQ(m.doc_number, "");
  EXPECT_TRUE(m.has_validity_label);
  EXPECT_EQ(m.validity, "");
  EXPECT_EQ(m.issuer, "");
  EXPECT_EQ(m.written_date, D(2026, 11, 10));  // the labels were read, their values are empty
  // A validity that names no state is kept as written, for the normative rules to name.
  EXPECT_EQ(FromText("有效性：无").validity, "无");
}

TEST(MetadataTest, MetaTagsFillWhatTheTextLeftEmpty) {
  std::map<std::string, std::string> tags = {
      {"pubdate", "2024-11-17 15:40"},  // names compare case-insensitively
      {"ContentSource", "平潭支队"},
      {"COLUMNNAME", "政策文件及解读"},
      {"SiteIDCode", " 3590000001 "},
  };
  DisclosureMeta m = FromText("正文", {}, tags);
  ExpectMeta(m, {.publish_date_text = "2024-11-17 15:40",
                 .publish_date = D(2024, 11, 17),
                 .source = "平潭支队",
                 .column_name = "政策文件及解读",
                 .site_id_code = "3590000001"});

  DisclosureMeta labelled = FromText("发布日期：2024-11-20 来源：区消防救援支队", {}, tags);
  EXPECT_EQ(labelled.publish_date, D(2024, 11, 20));
  EXPECT_EQ(labelled.source, "区消防救援支队");
}

TEST(MetadataTest, LooseTimeLabelComesAfterPubDate) {
  std::map<std::string, std::string> tags = {{"PubDate", "2020-02-02"}};
  EXPECT_EQ(FromText("时间：2019-01-01", {}, tags).publish_date, D(2020, 2, 2));
  EXPECT_EQ(FromText("时间：2019-01-01").publish_date, D(2019, 1, 1));
  // A labelled publish date beats both.
  EXPECT_EQ(FromText("时间：2019-01-01 发布日期：2018-03-04", {}, tags).publish_date, D(2018, 3, 4));
}

TEST(MetadataTest, LaterSourcesOnlyFillMissingFields) {
  const std::vector<size_t> none;
  const MetaTextSource sources[] = {
      {"来源：本站", none},
      {"来源：脚本\n有效性：有效\n文号：岚综管〔2020〕1号", none},
  };
  DisclosureMeta m = ExtractDisclosureMeta(sources, kNoMetaTags);
  ExpectMeta(m, {.doc_number = "岚综管〔2020〕1号", .has_validity_label = true, .validity = "有效", .source = "本站"});
}

// Text far from colons, closing brackets and bare-label ends is stepped over unscanned: whatever
// the text, the fields must be the ones a scan of every character finds.
TEST(MetadataTest, SteppingOverTextFarFromAnchorsChangesNothing) {
  testing::RandomPieces random(
      11, {"索引号", "索 引 号", "发\u3000布\u3000日\u3000期", "发文字号", "文号", "有效性", "来源", "信息来源", "时间",
           "日期", "成文日期", "主题分类", "有效期至", "：", ":", "  ", " ", "\u3000", "\u00a0", "[", "]", "【", "】",
           "\t", "\n", "2026年11月19日", "2026-03-05", "10:22:13", "示范县人民政府办公室", "有效", "无", "/",
           "关于开展政务公开工作的通知", "资金来源", "，", "。", "（", "）", "示政发〔2026〕3号", "是", "否"});
  auto fields = [](const DisclosureMeta& m) {
    auto date = [](const std::optional<Date>& d) { return d ? d->ToIso() : std::string("-"); };
    return m.index_no + "|" + m.issuer + "|" + m.written_date_text + "|" + date(m.written_date) + "|" +
           m.publish_date_text + "|" + date(m.publish_date) + "|" + m.doc_number + "|" + m.topic + "|" +
           (m.has_validity_label ? "v" : "-") + "|" + m.validity + "|" + m.expiry_date_text + "|" +
           date(m.expiry_date) + "|" + m.validity_period + "|" + m.source;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    std::vector<size_t> bare_ends;
    const uint32_t length = 1 + random.Below(60);
    for (uint32_t i = 0; i < length; ++i) {
      text += random.Text(1);
      if (random.Below(4) == 0) bare_ends.push_back(text.size());  // an element ends here
    }
    const std::vector<size_t> none;
    for (const std::vector<size_t>* ends : {static_cast<const std::vector<size_t>*>(&bare_ends), &none}) {
      MetaTextSource every_place[] = {{text, *ends}};
      every_place[0].skip_far_from_anchors = false;
      const MetaTextSource skipping[] = {{text, *ends}};
      ASSERT_EQ(fields(ExtractDisclosureMeta(skipping, kNoMetaTags)),
                fields(ExtractDisclosureMeta(every_place, kNoMetaTags)))
          << text;
    }
  }
}

TEST(MatchLabelAtTest, LongestLabelWins) {
  std::optional<LabelMatch> doc_no = MatchLabelAt("发文字号：x", 0);
  ASSERT_TRUE(doc_no.has_value());
  EXPECT_EQ(doc_no->field, MetaField::kDocNumber);
  EXPECT_EQ(doc_no->end, 12u);
  std::optional<LabelMatch> source = MatchLabelAt("信息来源：x", 0);
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->field, MetaField::kSource);
  EXPECT_EQ(source->end, 12u);
  std::optional<LabelMatch> spaced = MatchLabelAt("x索 引  号：", 1);
  ASSERT_TRUE(spaced.has_value());
  EXPECT_EQ(spaced->field, MetaField::kIndexNo);
  EXPECT_EQ(spaced->end, 13u);
  EXPECT_FALSE(MatchLabelAt("字段", 0).has_value());
}

TEST(IsBareLabelTest, WholeTextMustBeOneLabelWithoutColon) {
  EXPECT_TRUE(IsBareLabel("文号"));
  EXPECT_TRUE(IsBareLabel(" 发 布 日 期 "));
  EXPECT_TRUE(IsBareLabel("\t有效性"));
  EXPECT_FALSE(IsBareLabel("发布日期："));
  EXPECT_FALSE(IsBareLabel("发布日期2022"));
  EXPECT_FALSE(IsBareLabel("发布"));
  EXPECT_FALSE(IsBareLabel(""));
}

}  // namespace
}  // namespace govaudit
