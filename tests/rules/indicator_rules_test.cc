// The national-indicator rule families (column, home, site, meta, content, a11y) on fixture
// pages: tests/fixtures/indicators/cases.toml lists each page with the findings it must
// produce, and one parameterised test checks them all. Below it, the serious-typo dictionary
// is checked entry by entry, and the user's own dictionary is tried.
#include <gtest/gtest.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/charset.h"
#include "common/indicators.h"
#include "config/resources.h"
#include "extract/attachment.h"
#include "page/page.h"
#include "rules/rule.h"
#include "tests/support/shared_data.h"

namespace govaudit {
namespace {

struct Expected {
  std::string rule;
  std::string message;   // exact, if set
  std::string key;       // exact, if set
  std::string evidence;  // substring, if set
  std::string url;       // the finding's URL, if not the page's
};

struct Case {
  std::string name;
  std::string file;
  std::string url = "https://www.shifan.gov.cn/page.html";
  bool home = false;
  Date as_of{2026, 11, 26};
  std::vector<std::string> rules = {"column", "home", "site", "meta", "content", "a11y"};
  std::vector<Expected> expect;
};

// Test names in failure output, not the bytes of the struct.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name << " (" << c.file << ")"; }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Case> LoadCases() {
  const std::string path = std::string(GOVAUDIT_FIXTURES_DIR) + "/indicators/cases.toml";
  toml::table root;
  try {
    root = toml::parse(ReadFile(path), std::string_view(path));
  } catch (const toml::parse_error& e) {
    ADD_FAILURE() << path << ": " << e.description();
    return {};
  }
  std::vector<Case> cases;
  for (const toml::node& node : *root["case"].as_array()) {
    const toml::table& t = *node.as_table();
    Case c;
    c.name = t["name"].value_or<std::string>("");
    c.file = t["file"].value_or<std::string>("");
    c.url = t["url"].value_or(c.url);
    c.home = t["home"].value_or(false);
    if (auto as_of = t["as_of"].value<std::string>()) c.as_of = *ParseIsoDate(*as_of);
    if (const toml::array* rules = t["rules"].as_array()) {
      c.rules.clear();
      for (const toml::node& r : *rules) c.rules.push_back(*r.value<std::string>());
    }
    if (const toml::array* expect = t["expect"].as_array()) {
      for (const toml::node& e : *expect) {
        const toml::table& et = *e.as_table();
        c.expect.push_back({et["rule"].value_or<std::string>(""), et["message"].value_or<std::string>(""),
                            et["key"].value_or<std::string>(""), et["evidence"].value_or<std::string>(""),
                            et["url"].value_or<std::string>("")});
      }
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

bool Compared(const Case& c, const std::string& rule_id) {
  for (const std::string& r : c.rules) {
    if (rule_id == r || rule_id.rfind(r + ".", 0) == 0) return true;
  }
  return false;
}

std::vector<Finding> CheckCase(const Case& c, const RulesConfig& config = RulesConfig{}) {
  // Real pages are read where the team keeps them, outside the project.
  const bool real = c.file.rfind("real-pages/", 0) == 0;
  const std::string body = real ? testing::ReadSharedData(c.file)
                                : ReadFile(std::filesystem::path(GOVAUDIT_FIXTURES_DIR) / c.file);
  const DecodedText decoded = DecodeHtml(body, "text/html");
  const Page page = ParsePage(c.url, decoded.utf8);
  RuleSet rules = RuleSet::Build(config);
  RuleContext context;
  context.as_of = c.as_of;
  context.config = &config;
  context.start_urls = {c.home ? c.url : "https://www.shifan.gov.cn/"};
  PageInput input;
  input.url = c.url;
  input.status = 200;
  input.content_type = "text/html";
  input.page = &page;
  input.is_home = c.home;
  std::vector<Finding> all, out;
  rules.CheckPage(input, context, &all);
  for (Finding& f : all) {
    if (Compared(c, f.rule_id)) out.push_back(std::move(f));
  }
  return out;
}

Case MakeCase(const std::string& file, const std::string& url, bool home = false) {
  Case c;
  c.file = file;
  c.url = url;
  c.home = home;
  return c;
}

class IndicatorRulesTest : public ::testing::TestWithParam<Case> {};

TEST_P(IndicatorRulesTest, ReportsExactlyTheExpectedFindings) {
  const Case& c = GetParam();
  if (c.file.rfind("real-pages/", 0) == 0) GOVAUDIT_SKIP_WITHOUT_SHARED_DATA();
  std::vector<Finding> found = CheckCase(c);
  std::vector<std::string> expected_rules, found_rules;
  for (const Expected& e : c.expect) expected_rules.push_back(e.rule);
  for (const Finding& f : found) found_rules.push_back(f.rule_id + " | " + f.message);
  std::vector<std::string> found_ids;
  for (const Finding& f : found) found_ids.push_back(f.rule_id);
  ASSERT_EQ(found_ids, expected_rules) << c.file << "\n" << ::testing::PrintToString(found_rules);
  for (size_t i = 0; i < c.expect.size(); ++i) {
    const Expected& e = c.expect[i];
    const Finding& f = found[i];
    SCOPED_TRACE(e.rule);
    EXPECT_EQ(f.url, e.url.empty() ? c.url : e.url);
    EXPECT_FALSE(f.message.empty());
    if (!e.message.empty()) {
      EXPECT_EQ(f.message, e.message);
    }
    if (!e.key.empty()) {
      EXPECT_EQ(f.evidence_key, e.key);
    }
    if (!e.evidence.empty()) {
      EXPECT_NE(f.evidence.find(e.evidence), std::string::npos) << f.evidence;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, IndicatorRulesTest, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

// ---- Rule registry -------------------------------------------------------------------------

TEST(IndicatorRuleInfoTest, EveryIndicatorRuleIsRegisteredWithItsRequirement) {
  std::map<std::string, RuleInfo> infos;
  for (const RuleInfo& info : RuleSet::AllInfos()) infos[info.id] = info;
  const std::map<std::string, Severity> expected = {
      {"column.stale", Severity::kMedium},        {"column.empty", Severity::kMedium},
      {"home.stale", Severity::kHigh},            {"site.identity_missing", Severity::kMedium},
      {"meta.missing", Severity::kLow},           {"content.secret_marking", Severity::kHigh},
      {"content.serious_typo", Severity::kHigh},  {"a11y.img_alt", Severity::kLow},
      {"a11y.lang", Severity::kLow},              {"a11y.title", Severity::kLow},
      {"a11y.form_label", Severity::kLow},        {"a11y.link_text", Severity::kLow},
  };
  for (const auto& [id, severity] : expected) {
    ASSERT_EQ(infos.count(id), 1u) << id;
    const RuleInfo& info = infos[id];
    EXPECT_EQ(info.severity, severity) << id;
    EXPECT_FALSE(info.description.empty()) << id;
    const bool national = info.requirement.find("国办秘函〔2019〕19号") != std::string::npos ||
                          info.requirement.find("国办发〔2017〕47号") != std::string::npos;
    EXPECT_TRUE(national) << id << ": " << info.requirement;
  }
  EXPECT_EQ(infos["content.secret_marking"].task, "26");
  EXPECT_EQ(infos["a11y.img_alt"].task, "33");
}

TEST(IndicatorRuleInfoTest, DisablingColumnStaleKeepsColumnEmpty) {
  RulesConfig config;
  config.rules["column.stale"].enabled = false;
  Case empty = MakeCase("indicators/column-empty.html", "https://www.shifan.gov.cn/zwgk/ghjh/");
  Case stale = MakeCase("indicators/column-news-stale.html", "https://www.shifan.gov.cn/xwdt/gzdt/");
  ASSERT_EQ(CheckCase(empty, config).size(), 1u);
  EXPECT_EQ(CheckCase(empty, config)[0].rule_id, "column.empty");
  EXPECT_TRUE(CheckCase(stale, config).empty());
}

// ---- Limits come from config/indicators.toml and may be overridden ------------------------

TEST(IndicatorLimitsTest, RulesConfigOverridesTheColumnLimits) {
  Case news = MakeCase("indicators/column-news-stale.html", "https://www.shifan.gov.cn/xwdt/gzdt/");
  RulesConfig config;
  config.column_news_days = 30;  // the newest item is 15 days old
  EXPECT_TRUE(CheckCase(news, config).empty());
  config.column_news_days = 7;
  const auto findings = CheckCase(news, config);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].message,
            "栏目“工作动态”（动态要闻类，更新期限 1 周）最新信息发布于 2026-11-11，截至 2026-11-26 已超过 1 周未更新");

  Case notice = MakeCase("indicators/column-notice-fresh.html", "https://www.shifan.gov.cn/zwgk/gsgg/");
  RulesConfig short_notice;
  short_notice.column_notice_months = 0;  // 0 keeps the 6 months of config/indicators.toml
  EXPECT_TRUE(CheckCase(notice, short_notice).empty());

  Case home = MakeCase("indicators/home-stale.html", "https://www.shifan.gov.cn/", true);
  RulesConfig lenient;
  lenient.home_stale_days = 30;  // the newest item is 21 days old
  home.rules = {"home"};
  EXPECT_TRUE(CheckCase(home, lenient).empty());
  EXPECT_EQ(CheckCase(home).size(), 1u);
}

TEST(IndicatorLimitsTest, IndicatorsTomlIsValidAndHoldsTheDocumentedDefaults) {
  toml::table root = toml::parse(resources::Get("indicators.toml"), std::string_view("config/indicators.toml"));
  EXPECT_EQ(root["home"]["stale_days"].value_or(0), 14);
  EXPECT_EQ(root["list"]["min_dated_items"].value_or(0), 3);
  const toml::array* kinds = root["columns"]["kind"].as_array();
  ASSERT_NE(kinds, nullptr);
  ASSERT_EQ(kinds->size(), 3u);
  EXPECT_EQ((*kinds)[0].as_table()->at("id").value_or<std::string>(""), "news");
  EXPECT_EQ((*kinds)[0].as_table()->at("days").value_or(0), 14);
  EXPECT_EQ((*kinds)[1].as_table()->at("months").value_or(0), 6);
  EXPECT_EQ((*kinds)[2].as_table()->at("months").value_or(0), 12);
  // The veto thresholds are in config/veto.toml (tests/assess/veto_test.cc).
  EXPECT_FALSE(root.contains("veto"));
}

// A misspelt key in any section of a user's indicators.toml is refused by name, not ignored.
TEST(IndicatorLimitsTest, EverySectionRefusesAnUnknownKey) {
  for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
           {"[home]\nstale_day = 7\n", "home.stale_day"},
           {"[list]\nmin_dated = 2\n", "list.min_dated"},
           {"[content]\nsecret = [\"x\"]\n", "content.secret"},
           {"[columns]\nkinds = []\n", "columns.kinds"}}) {
    auto parsed = IndicatorSettings::Parse(text, "mine.toml");
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.status().message().find("mine.toml:2: key '" + key + "': unknown key"), std::string::npos)
        << parsed.status().message();
  }
  auto fine = IndicatorSettings::Parse("[home]\nstale_days = 7\n", "mine.toml");
  ASSERT_TRUE(fine.ok()) << fine.status().message();
  EXPECT_EQ(fine->home_stale_days, 7);
}

// ---- The serious-typo dictionary ------------------------------------------------------------

struct TypoLine {
  std::string wrong, right, note;
};

std::vector<TypoLine> DictionaryLines() {
  std::vector<TypoLine> lines;
  std::istringstream in{std::string(resources::Get("serious-typos.txt"))};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::istringstream fs(line);
    std::string field;
    while (std::getline(fs, field, '\t')) fields.push_back(field);
    EXPECT_EQ(fields.size(), 3u) << line;
    if (fields.size() == 3) lines.push_back({fields[0], fields[1], fields[2]});
  }
  return lines;
}

std::vector<Finding> CheckText(const RuleSet& rules, const std::string& text, const RulesConfig& config = {}) {
  const Page page = ParsePage("https://www.shifan.gov.cn/t.html",
                              "<html lang=\"zh-CN\"><head><title>t</title></head><body><p>" + text + "</p></body></html>");
  RuleContext context;
  context.as_of = Date{2026, 11, 26};
  context.config = &config;
  PageInput input;
  input.url = "https://www.shifan.gov.cn/t.html";
  input.page = &page;
  std::vector<Finding> all, out;
  rules.CheckPage(input, context, &all);
  for (Finding& f : all) {
    if (f.rule_id == "content.serious_typo") out.push_back(std::move(f));
  }
  return out;
}

TEST(SeriousTypoDictionaryTest, EveryEntryIsFoundAndNoRightFormMatches) {
  const std::vector<TypoLine> lines = DictionaryLines();
  EXPECT_GE(lines.size(), 40u);
  RulesConfig config;
  const RuleSet rules = RuleSet::Build(config);
  std::set<std::string> wrongs;
  for (const TypoLine& l : lines) {
    EXPECT_TRUE(wrongs.insert(l.wrong).second) << "duplicate " << l.wrong;
    EXPECT_FALSE(l.note.empty()) << l.wrong;
    const auto found = CheckText(rules, "会议指出：" + l.wrong + "。", config);
    std::set<std::string> keys;
    for (const Finding& f : found) keys.insert(f.evidence_key);
    EXPECT_EQ(keys.count(l.wrong), 1u) << l.wrong;
    // The right form, wherever it stands, matches no entry.
    EXPECT_TRUE(CheckText(rules, "会议指出：" + l.right + "。", config).empty()) << l.right;
  }
  std::string all_right;
  for (const TypoLine& l : lines) all_right += l.right + "，";
  EXPECT_TRUE(CheckText(rules, all_right, config).empty());
}

TEST(SeriousTypoDictionaryTest, UserDictionaryAddsEntriesAndOverlappingFormsAreAllFound) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("govaudit-typos-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream out(path, std::ios::binary);
    out << "# local additions\r\n"
        << "示范县人民正府\t示范县人民政府\t机构名称错误\r\n"
        << "not a valid line\n"
        << "民正府\t民政府\t\n"
        << "正府办公室\t政府办公室\t机构名称错误\n";
  }
  RulesConfig config;
  config.serious_typos_path = path.string();
  const RuleSet rules = RuleSet::Build(config);
  const auto found = CheckText(rules, "示范县人民正府办公室通知，示范县人民正府。", config);
  std::vector<std::string> keys;
  for (const Finding& f : found) keys.push_back(f.evidence_key);
  // One finding per wrong form (in dictionary order), the count in the message.
  EXPECT_EQ(keys, (std::vector<std::string>{"示范县人民正府", "民正府", "正府办公室"}));
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].message, "出现严重表述错误“示范县人民正府”，应为“示范县人民政府”（机构名称错误），共 2 处");
  EXPECT_EQ(found[1].message, "出现严重表述错误“民正府”，应为“民政府”，共 2 处");
  EXPECT_EQ(found[0].highlight, "示范县人民正府");
  EXPECT_EQ(found[0].location, "正文第 1 段");
  // The built-in dictionary still applies.
  EXPECT_EQ(CheckText(rules, "中国人民共和国", config).size(), 1u);
  std::filesystem::remove(path);
}

TEST(SeriousTypoDictionaryTest, UnreadableUserDictionaryKeepsTheBuiltIn) {
  RulesConfig config;
  config.serious_typos_path = "/nonexistent/typos.txt";
  const RuleSet rules = RuleSet::Build(config);
  const auto found = CheckText(rules, "中华人民共合国", config);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence_key, "中华人民共合国");
}

TEST(SeriousTypoDictionaryTest, EvidenceMasksPersonalDataNearTheError) {
  const RuleSet rules = RuleSet::Build(RulesConfig{});
  const auto found = CheckText(rules, "联系人手机13912345678，中华人民共合国", RulesConfig{});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence.find("13912345678"), std::string::npos) << found[0].evidence;
  EXPECT_NE(found[0].evidence.find("中华人民共合国"), std::string::npos);
}

TEST(SecretMarkingTest, AttachmentTextIsChecked) {
  const RuleSet rules = RuleSet::Build(RulesConfig{});
  AttachmentText text;
  text.inspected = true;
  text.text = "机密★5年\n关于某项工作的请示";
  PageInput input;
  input.url = "https://www.shifan.gov.cn/P020261101.pdf";
  input.attachment = &text;
  RuleContext context;
  context.as_of = Date{2026, 11, 26};
  std::vector<Finding> all;
  rules.CheckPage(input, context, &all);
  const Finding* secret = nullptr;
  for (const Finding& f : all) {
    if (f.rule_id == "content.secret_marking") secret = &f;
  }
  ASSERT_NE(secret, nullptr);
  EXPECT_EQ(secret->message, "附件带有不应公开的标注：机密★，须立即撤下并核查是否泄露国家秘密或工作秘密");
  EXPECT_EQ(secret->location, "附件正文第 1 段");
  EXPECT_EQ(secret->highlight, "机密★");
}

}  // namespace
}  // namespace govaudit
