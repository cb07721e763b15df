// The publication rules (interpretation.*, normative.*, subsidy.*) on fixture cases: each folder
// of tests/fixtures/publication/ holds pages and expected.txt (format in that folder's README).
// Pages go through what an audit does with them (parse, classify, page rules, store, site
// rules) and the findings of these families must be exactly the expected ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/date.h"
#include "db/store.h"
#include "common/calendar.h"
#include "page/page.h"
#include "classify/facts.h"
#include "classify/page_kinds.h"
#include "rules/rule.h"
#include "tests/support/shared_data.h"

#ifndef GOVAUDIT_FIXTURES_DIR
#error "GOVAUDIT_FIXTURES_DIR must name the tests/fixtures directory"
#endif

namespace govaudit {
namespace {

namespace fs = std::filesystem;

constexpr char kBase[] = "https://www.example.gov.cn/";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool IsPublicationRule(const std::string& id) {
  return id.rfind("interpretation.", 0) == 0 || id.rfind("normative.", 0) == 0 || id.rfind("subsidy.", 0) == 0;
}

struct AuditedPage {
  std::string url;
  std::string kinds;
};

struct Result {
  std::vector<Finding> findings;          // of the publication families only
  std::map<std::string, std::string> kinds;  // url → stored kind list
};

// What RunAudit's pipeline does with each page, then the site rules over the store.
Result Audit(const std::vector<std::pair<std::string, std::string>>& pages, Date as_of, const RulesConfig& config) {
  Result result;
  auto store_or = db::Store::Open(":memory:");
  EXPECT_TRUE(store_or.ok());
  if (!store_or.ok()) return result;
  std::unique_ptr<db::Store> store = std::move(store_or).value();
  db::RunInfo run;
  run.site = "fixture";
  run.as_of = as_of.ToIso();
  auto run_id = store->BeginRun(run);
  EXPECT_TRUE(run_id.ok());
  if (!run_id.ok()) return result;

  RuleSet rules = RuleSet::Build(config);
  RuleContext context;
  context.as_of = as_of;
  context.calendar = &WorkdayCalendar::Builtin();
  context.config = &config;
  context.kind_config = &KindConfig::Builtin();

  std::vector<Finding> findings;
  for (const auto& [url, html] : pages) {
    Page page = ParsePage(url, html);
    PageKinds kinds = ClassifyPage(page, KindConfig::Builtin());
    db::PageRecord record;
    record.url = url;
    record.final_url = url;
    record.status = 200;
    record.content_type = "text/html; charset=utf-8";
    record.is_html = true;
    record.title = page.title;
    record.kind = kinds.Joined();
    record.kind_reasons = kinds.reasons;
    if (page.meta.publish_date) record.publish_date = page.meta.publish_date->ToIso();
    record.doc_number = page.meta.doc_number;
    const PageFacts facts = PublicationFacts(page, kinds, KindConfig::Builtin());
    record.written_date = facts.written_date;
    record.column = facts.column;
    record.policy_column = facts.policy_column;
    record.facts_json = facts.ToJson();
    std::vector<db::LinkRecord> links;
    std::set<std::string> seen;
    for (const PageLink& link : page.links) {
      if (!link.url.empty() && seen.insert(link.url).second) links.push_back({link.url, link.anchor_text});
    }
    EXPECT_TRUE(store->PutPage(*run_id, record).ok());
    EXPECT_TRUE(store->PutLinks(*run_id, url, links).ok());
    result.kinds[url] = record.kind;

    PageInput input;
    input.url = url;
    input.status = 200;
    input.content_type = record.content_type;
    input.page = &page;
    input.kind = record.kind;
    input.kind_reasons = record.kind_reasons;
    input.kinds = &kinds;
    rules.CheckPage(input, context, &findings);
  }
  rules.CheckSite(*store, *run_id, context, &findings);
  for (Finding& f : findings) {
    if (IsPublicationRule(f.rule_id)) result.findings.push_back(std::move(f));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The fixture cases.

struct Expected {
  std::optional<Date> as_of;
  int workdays = 3;
  std::set<std::pair<std::string, std::string>> findings;                 // rule, path
  std::vector<std::tuple<std::string, std::string, std::string>> messages;  // rule, path, text
  std::vector<std::tuple<std::string, std::string, std::string>> evidence;  // rule, path, text
  std::map<std::string, std::string> kinds;                               // path → kinds
};

Expected ReadExpected(const fs::path& file) {
  Expected e;
  std::istringstream in(ReadFile(file));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string verb;
    words >> verb;
    if (verb == "as_of") {
      std::string date;
      words >> date;
      e.as_of = ParseIsoDate(date);
    } else if (verb == "workdays") {
      words >> e.workdays;
    } else if (verb == "finding") {
      std::string rule, path;
      words >> rule >> path;
      e.findings.emplace(rule, path);
    } else if (verb == "message" || verb == "evidence") {
      std::string rule, path, text;
      words >> rule >> path;
      std::getline(words >> std::ws, text);
      (verb == "message" ? e.messages : e.evidence).emplace_back(rule, path, text);
    } else if (verb == "kind") {
      std::string path, kinds;
      words >> path >> kinds;
      e.kinds[path] = kinds == "-" ? "" : kinds;
    } else {
      ADD_FAILURE() << file << ":" << number << ": unknown statement '" << verb << "'";
    }
  }
  return e;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(GOVAUDIT_FIXTURES_DIR) / "publication")) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string PathOf(const std::string& url) { return url.substr(std::string(kBase).size()); }

class PublicationFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PublicationFixtureTest, FindsExactlyThePlantedFindings) {
  const fs::path dir = fs::path(GOVAUDIT_FIXTURES_DIR) / "publication" / GetParam();
  const Expected expected = ReadExpected(dir / "expected.txt");
  ASSERT_TRUE(expected.as_of.has_value()) << "expected.txt needs an as_of line";

  std::vector<std::pair<std::string, std::string>> pages;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.find(".html") == std::string::npos) continue;
    std::string path = fs::relative(entry.path(), dir).generic_string();
    std::replace(path.begin(), path.end(), '@', '?');
    pages.emplace_back(kBase + path, ReadFile(entry.path()));
  }
  std::sort(pages.begin(), pages.end());
  ASSERT_FALSE(pages.empty());

  RulesConfig config;
  config.interpretation_workdays = expected.workdays;
  Result result = Audit(pages, *expected.as_of, config);

  std::set<std::pair<std::string, std::string>> found;
  std::string report;
  for (const Finding& f : result.findings) {
    found.emplace(f.rule_id, PathOf(f.url));
    report += f.rule_id + " " + PathOf(f.url) + ": " + f.message + " | " + f.evidence + "\n";
  }
  EXPECT_EQ(found, expected.findings) << report;

  for (const auto& [rule, path, text] : expected.messages) {
    bool seen = false;
    for (const Finding& f : result.findings) {
      seen = seen || (f.rule_id == rule && PathOf(f.url) == path && f.message.find(text) != std::string::npos);
    }
    EXPECT_TRUE(seen) << rule << " " << path << " has no message containing: " << text << "\n" << report;
  }
  for (const auto& [rule, path, text] : expected.evidence) {
    bool seen = false;
    for (const Finding& f : result.findings) {
      seen = seen || (f.rule_id == rule && PathOf(f.url) == path && f.evidence.find(text) != std::string::npos);
    }
    EXPECT_TRUE(seen) << rule << " " << path << " has no evidence containing: " << text << "\n" << report;
  }
  for (const auto& [path, kinds] : expected.kinds) {
    EXPECT_EQ(result.kinds[kBase + path], kinds) << path;
  }
  // Every finding names its requirement's page facts: the kind reasons of the page it is about.
  for (const Finding& f : result.findings) EXPECT_FALSE(f.page_kind_reasons.empty()) << f.rule_id << " " << f.url;
}

INSTANTIATE_TEST_SUITE_P(Cases, PublicationFixtureTest, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// ---------------------------------------------------------------------------------------------
// Findings in detail.

const Finding* FindRule(const std::vector<Finding>& findings, const std::string& rule) {
  for (const Finding& f : findings) {
    if (f.rule_id == rule) return &f;
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> CasePages(const std::string& name) {
  std::vector<std::pair<std::string, std::string>> pages;
  const fs::path dir = fs::path(GOVAUDIT_FIXTURES_DIR) / "publication" / name;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") {
      pages.emplace_back(kBase + fs::relative(entry.path(), dir).generic_string(), ReadFile(entry.path()));
    }
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

TEST(InterpretationLateTest, EvidenceNamesBothDatesTheInterpretationAndHowTheyAreLinked) {
  Result r = Audit(CasePages("interp-late-explicit-link"), Date{2022, 12, 1}, RulesConfig{});
  const Finding* f = FindRule(r.findings, "interpretation.late");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kMedium);
  EXPECT_EQ(f->title, "示范县人民政府关于印发示范县优化营商环境十条措施的通知");
  EXPECT_EQ(f->evidence,
            "文件发布日期：2022-06-01；解读“图解：营商环境十条来了”发布日期：2022-06-10"
            "（https://www.example.gov.cn/zwgk/zcjd/jd.html）；关联依据：文件页“相关解读”链接");
  EXPECT_EQ(f->referrers, (std::vector<std::string>{"https://www.example.gov.cn/zwgk/zcjd/jd.html"}));
  EXPECT_EQ(f->highlight, "6 个工作日");
  // The same defect tomorrow: nothing that depends on the audit date.
  EXPECT_EQ(f->evidence_key, "https://www.example.gov.cn/zwgk/zcjd/jd.html|2022-06-01|2022-06-10");
  Result later = Audit(CasePages("interp-late-explicit-link"), Date{2023, 3, 1}, RulesConfig{});
  ASSERT_NE(FindRule(later.findings, "interpretation.late"), nullptr);
  EXPECT_EQ(Fingerprint(*FindRule(later.findings, "interpretation.late")), Fingerprint(*f));
}

TEST(InterpretationLateTest, ATagBesideTheDocumentInAListRowLinksTheInterpretation) {
  // Hubei's 政府文件 list: "<a>文件标题</a> <a>[图解]</a>" is the only tie; the 图解's title shares
  // nothing with the document's and neither page links the other.
  const std::string doc_url = std::string(kBase) + "zfwj/lzf/1.html";
  const std::string interp_url = std::string(kBase) + "zcjd/t1.html";
  std::vector<std::pair<std::string, std::string>> pages = {
      {doc_url,
       "<html><head><meta charset=\"utf-8\"><meta name=\"ColumnName\" content=\"政府文件\"></head><body>"
       "<h1>示范县人民政府关于推进农产品冷链物流高质量发展的实施意见</h1><p>文号：示政发〔2022〕6号</p>"
       "<p>发布日期：2022-06-01</p><p>各乡镇人民政府：为推进冷链物流发展，提出如下意见。</p></body></html>"},
      {interp_url,
       "<html><head><meta charset=\"utf-8\"><meta name=\"ColumnName\" content=\"政策解读\"></head><body>"
       "<h1>图解：冷链物流这样发展</h1><p>发布日期：2022-06-10</p><p>一图看懂全县冷链物流发展的目标和举措。</p></"
       "body></html>"}};
  Result unlisted = Audit(pages, Date{2022, 12, 1}, RulesConfig{});
  ASSERT_NE(FindRule(unlisted.findings, "interpretation.missing"), nullptr);
  pages.push_back(
      {std::string(kBase) + "zfwj/",
       "<html><head><meta charset=\"utf-8\"><title>政府文件_示范县人民政府</title>"
       "<meta name=\"ColumnName\" content=\"政府文件\"></head><body><h1>政府文件</h1>"
       "<ul><li><div><a href=\"/zfwj/lzf/1.html\">示范县人民政府关于推进农产品冷链物流高质量发展的实施意见</a> "
       "<a href=\"/zcjd/t1.html\">[图解]</a></div><span>2022-06-01</span></li></ul></body></html>"});
  Result listed = Audit(pages, Date{2022, 12, 1}, RulesConfig{});
  EXPECT_EQ(FindRule(listed.findings, "interpretation.missing"), nullptr);
  const Finding* late = FindRule(listed.findings, "interpretation.late");
  ASSERT_NE(late, nullptr);
  EXPECT_NE(late->evidence.find("关联依据：列表中文件旁的“[图解]”链接"), std::string::npos) << late->evidence;
}

TEST(InterpretationLateTest, TheDocumentsWholeTitleQuotedInTheInterpretationLinksIt) {
  // sz.gov.cn's 图解: "一图读懂…" above a caption "图解文件：《文件标题》"; no link, no 文号.
  const std::string doc_url = std::string(kBase) + "zfwj/2.html";
  auto interpretation = [](const std::string& quotes) {
    return "<html><head><meta charset=\"utf-8\"><meta name=\"ColumnName\" content=\"政策解读\"></head><body>"
           "<h1>一图读懂冷链物流发展意见</h1><p>发布日期：2022-06-10</p><p>" +
           quotes + "</p></body></html>";
  };
  std::vector<std::pair<std::string, std::string>> pages = {
      {doc_url,
       "<html><head><meta charset=\"utf-8\"><meta name=\"ColumnName\" content=\"政府文件\"></head><body>"
       "<h1>示范县人民政府关于推进农产品冷链物流高质量发展的实施意见</h1><p>文号：示政发〔2022〕7号</p>"
       "<p>发布日期：2022-06-01</p><p>各乡镇人民政府：为推进冷链物流发展，提出如下意见。</p></body></html>"},
      {std::string(kBase) + "zcjd/t2.html",
       interpretation("图解文件：《示范县人民政府关于推进农产品冷链物流高质量发展的实施意见》")}};
  Result quoted = Audit(pages, Date{2022, 12, 1}, RulesConfig{});
  EXPECT_EQ(FindRule(quoted.findings, "interpretation.missing"), nullptr);
  const Finding* late = FindRule(quoted.findings, "interpretation.late");
  ASSERT_NE(late, nullptr);
  EXPECT_NE(late->evidence.find("关联依据：解读正文引用文件标题《"), std::string::npos) << late->evidence;
  // One that quotes many titles is background reading, not this document's interpretation.
  pages[1].second = interpretation(
      "《示范县人民政府关于推进农产品冷链物流高质量发展的实施意见》《示范县乡村振兴促进条例实施办法》"
      "《示范县农业农村现代化发展规划》《示范县数字乡村建设行动方案》");
  EXPECT_NE(FindRule(Audit(pages, Date{2022, 12, 1}, RulesConfig{}).findings, "interpretation.missing"), nullptr);
}

TEST(InterpretationMissingTest, NotYetMissingOnTheDeadlineItself) {
  // 2022-09-30 + 3 working days = 2022-10-10: still time that day, missing the day after.
  auto pages = CasePages("interp-missing");
  const std::string old_url = "https://www.example.gov.cn/zwgk/zcwj/old.html";
  auto missing_old = [&](const Result& r) -> const Finding* {
    for (const Finding& f : r.findings) {
      if (f.rule_id == "interpretation.missing" && f.url == old_url) return &f;
    }
    return nullptr;
  };
  EXPECT_EQ(missing_old(Audit(pages, Date{2022, 10, 10}, RulesConfig{})), nullptr);
  Result after = Audit(pages, Date{2022, 10, 11}, RulesConfig{});
  const Finding* f = missing_old(after);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kHigh);
  EXPECT_EQ(f->evidence, "文号：示政办发〔2022〕9号；发布日期：2022-09-30；未发现以“相关解读”链接、标题或文号与之关联的解读页面");
  EXPECT_EQ(f->evidence_key, "示政办发〔2022〕9号");
  EXPECT_NE(f->page_kind_reasons.find("需要政策解读"), std::string::npos) << f->page_kind_reasons;
}

TEST(NormativeRulesTest, DisabledRuleIsDroppedAndSeverityOverridden) {
  RulesConfig config;
  config.rules["normative.validity_missing"].enabled = false;
  config.rules["normative.validity_stale"].severity = Severity::kLow;
  auto pages = CasePages("normative-validity-layouts");
  auto stale = CasePages("normative-validity-stale");
  pages.insert(pages.end(), stale.begin(), stale.end());
  Result r = Audit(pages, Date{2022, 12, 1}, config);
  std::erase_if(r.findings, [](const Finding& f) { return f.rule_id.rfind("normative.", 0) != 0; });
  std::map<std::string, std::string> evidence_by_key;
  for (const Finding& f : r.findings) {
    EXPECT_EQ(f.rule_id, "normative.validity_stale") << f.url;
    EXPECT_EQ(f.severity, Severity::kLow) << f.url;
    evidence_by_key[f.evidence_key] = f.evidence;
  }
  EXPECT_EQ(evidence_by_key,
            (std::map<std::string, std::string>{
                {"2022-01-09", "有效性：有效；失效日期：2022年1月9日"},
                {"2022-02-28", "有效性：（未标注）；失效日期：第二十条 本办法自2019年3月1日起施行，有效期3年。"}}));
}

TEST(SubsidyRulesTest, EmptyFieldEvidenceIsTheRow) {
  Result r = Audit(CasePages("subsidy-missing-and-empty"), Date{2022, 12, 1}, RulesConfig{});
  std::vector<std::string> rows;
  for (const Finding& f : r.findings) {
    if (f.rule_id == "subsidy.field_empty") rows.push_back(f.evidence + " @ " + f.location + " # " + f.evidence_key);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "城乡居民养老保险缴费补贴 | 宁政发〔2014〕12号 | 县人力资源社会保障局 | 参保居民 | （空） @ 表格 1 第 3 行 "
                      "# 表格 1:城乡居民养老保险缴费补贴:补助标准",
                      "农村危房改造补助 | （空） | 县住房城乡建设局 | 农村低收入群体 | 每户2.5万元 @ 表格 1 第 4 行 "
                      "# 表格 1:农村危房改造补助:文件依据"}));
}

TEST(SubsidyRulesTest, PersonalDataInARowIsMaskedInTheEvidence) {
  const std::string html =
      "<html><head><meta charset=\"utf-8\"><title>惠民惠农财政补贴政策目录清单</title></head><body><table>"
      "<tr><th>补贴政策名称</th><th>文件依据</th><th>主管部门</th><th>资金用途</th><th>补贴对象</th><th>补助标准</th>"
      "<th>政策解答电话</th></tr><tr><td>耕地地力保护补贴</td><td></td><td>县农业农村局</td><td>地力保护</td><td>农户</td>"
      "<td>每亩105元</td><td>联系人王某 13995501234</td></tr></table></body></html>";
  Result r = Audit({{std::string(kBase) + "btzc/index.html", html}}, Date{2022, 12, 1}, RulesConfig{});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule_id, "subsidy.field_empty");
  EXPECT_EQ(r.findings[0].evidence,
            "耕地地力保护补贴 | （空） | 县农业农村局 | 地力保护 | 农户 | 每亩105元 | 联系人王某 139****1234");
}

TEST(SubsidyRulesTest, TheTemplatesDashesForNoValueAreAnEmptyField) {
  // Jiangsu's platform writes "—  —" in a field left empty; a single hyphen is the same mark.
  const std::string html =
      "<html><head><meta charset=\"utf-8\"><title>惠民惠农财政补贴政策清单</title></head><body><table>"
      "<tr><th>补贴政策名称</th><th>政策依据</th><th>主管部门</th><th>资金用途</th><th>补贴对象</th><th>补贴标准</th>"
      "<th>政策解答电话</th></tr><tr><td>耕地地力保护补贴</td><td>—  —</td><td>县农业农村局</td><td>地力保护</td>"
      "<td>农户</td><td>每亩105元</td><td>0510-87654321</td></tr><tr><td>农机购置补贴</td><td>苏农机〔2024〕3号</td>"
      "<td>县农业农村局</td><td>购置农机</td><td>农户</td><td>按目录定额</td><td>-</td></tr></table></body></html>";
  Result r = Audit({{std::string(kBase) + "hmhn/1.html", html}}, Date{2022, 12, 1}, RulesConfig{});
  std::vector<std::string> empty;
  for (const Finding& f : r.findings) {
    if (f.rule_id == "subsidy.field_empty") empty.push_back(f.evidence_key);
  }
  EXPECT_EQ(empty, (std::vector<std::string>{"表格 1:耕地地力保护补贴:文件依据", "表格 1:农机购置补贴:政策解答电话"}));
}

TEST(SubsidyRulesTest, ATablePerPolicyWithTheFieldsDownItsSideIsRead) {
  // Tianjin's 惠民惠农 lists: one two-column table per policy, a title row, then field | value.
  auto policy = [](const std::string& title, const std::string& name, const std::string& use) {
    return "<table><tr><td colspan=\"2\"><strong>" + title + "</strong></td></tr><tr><td>补贴政策名称</td><td>" + name +
           "</td></tr><tr><td>文件依据</td><td>津财农〔2026〕11号</td></tr><tr><td>主管部门</td><td>区农业农村委员会</"
           "td></tr>"
           "<tr><td>资金用途</td><td>" +
           use +
           "</td></tr><tr><td>补贴对象</td><td>种地农民</td></tr>"
           "<tr><td>补助标准</td><td>每亩98元</td></tr><tr><td>政策解答电话</td><td>022-28756130</td></tr></table>";
  };
  const std::string html =
      "<html><head><meta charset=\"utf-8\"><title>2026年惠民惠农财政补贴政策清单</title></head><body>" +
      policy("一、耕地地力保护补贴", "耕地地力保护补贴", "支持耕地地力保护") +
      policy("二、困难残疾人生活补贴", "困难残疾人生活补贴", "") + "</body></html>";
  Result r = Audit({{std::string(kBase) + "hmhn/2.html", html}}, Date{2022, 12, 1}, RulesConfig{});
  std::vector<std::string> found;
  for (const Finding& f : r.findings) found.push_back(f.rule_id + " " + f.evidence_key);
  EXPECT_EQ(found, (std::vector<std::string>{"subsidy.field_empty 表格 2:困难残疾人生活补贴:资金用途"}));
}

// ---------------------------------------------------------------------------------------------
// Real pages.

std::string RealPage(const std::string& name) {
  return testing::ReadSharedData("real-pages/" + name);
}

TEST(RealPagePublicationTest, ValidRegulatoryDocumentNeedsItsInterpretationAndTheScriptLibraryRaisesNothing) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  Result r = Audit({{"https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/201604/t20160429_80107.htm",
                     RealPage("13-regulatory-doc-pingtan-valid-2016.html")},
                    {"https://www.pingtan.gov.cn/zwgk/ztzl/xfaq/zcwjjjd/202412/t20241210_95618.htm",
                     RealPage("09-policy-interpretation-pingtan-ebike-guide.html")},
                    {"https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/",
                     RealPage("12-regulatory-list-pingtan-hzgfxwj-jsonly.html")}},
                   Date{2026, 11, 26}, RulesConfig{});
  std::string listed;
  for (const Finding& f : r.findings) listed += f.rule_id + " " + f.url + "\n";
  // Valid and labelled so (no normative finding); every normative document needs an
  // interpretation, and the electric-bike guide is not this document's.
  EXPECT_EQ(listed, "interpretation.missing "
                    "https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/201604/t20160429_80107.htm\n");
  EXPECT_EQ(r.kinds["https://www.pingtan.gov.cn/zwgk/zfxxgk/gwhwj/hzgfxwj/"], "normative_library");
}

TEST(RealPagePublicationTest, ParagraphSubsidyListLacksOnlyTheDepartment) {
  GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  // The Pingtan list gives 文件依据, 补助对象, 补助内容 (what the money is for), 补助标准 and
  // 咨询电话 under each subsidy's heading, but never names the department in charge.
  const std::string url = "https://www.pingtan.gov.cn/zwgk/zdlyxxgk/snbt/202607/t20260708_107751.htm";
  Result r = Audit({{url, RealPage("11-subsidy-policy-list-pingtan-2026.html")}}, Date{2026, 11, 26}, RulesConfig{});
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.rule_id, "subsidy.fields_missing");
  EXPECT_EQ(f.url, url);
  EXPECT_EQ(f.message, "补贴政策目录清单（段落式）缺少字段：主管部门");
  EXPECT_EQ(f.evidence, "以“标签：”段落列出的字段：补贴政策名称、文件依据、资金用途、补贴对象、补助标准、政策解答电话");
  EXPECT_EQ(f.location, "正文");
}

}  // namespace
}  // namespace govaudit
