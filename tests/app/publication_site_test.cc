// End to end: the publication-site fixture (tests/fixtures/publication-site) served on
// 127.0.0.1 and audited by the govaudit command with --as-of. The interpretation, normative
// and subsidy rules report exactly the planted findings listed in the fixture's expected.txt,
// and the stored pages carry their kinds, reasons and facts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "app/demo_server.h"
#include "tests/support/fixture_site.h"
#include "tests/support/run_command.h"
#include "tests/support/store_view.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using testing::ReadWholeFile, testing::RunGovaudit, testing::TempDir;

const fs::path kSite = fs::path(GOVAUDIT_FIXTURES_DIR) / "publication-site";

bool IsPublicationRule(const std::string& id) {
  return id.rfind("interpretation.", 0) == 0 || id.rfind("normative.", 0) == 0 || id.rfind("subsidy.", 0) == 0;
}

std::set<std::pair<std::string, std::string>> ExpectedFindings() {
  std::set<std::pair<std::string, std::string>> out;
  std::istringstream in(ReadWholeFile(kSite / "expected.txt"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string rule, path;
    words >> rule >> path;
    out.emplace(rule, path);
  }
  return out;
}

// One audit of the site for the whole suite: the crawl is the slow part.
struct Audit {
  std::unique_ptr<StaticSiteServer> site;
  std::unique_ptr<TempDir> dir;
  testing::CommandResult result;
  nlohmann::json findings;
};

class PublicationSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    audit_ = new Audit;
    audit_->site = testing::ServeFixture("publication-site");
    ASSERT_NE(audit_->site, nullptr);
    audit_->dir = std::make_unique<TempDir>("govaudit-publication-site");
    const TempDir& dir = *audit_->dir;
    std::ofstream(dir / "audit.toml") << "[crawl]\nper_host_interval_s = 0\nsitemaps = false\n";
    audit_->result = RunGovaudit("audit " + audit_->site->base_url() + " --config " + dir / "audit.toml" + " --out " +
                                 dir / "out" + " --db " + dir / "audit.db" + " --as-of 2022-11-30 --threads 2 --quiet");
    std::string json = ReadWholeFile(dir.path() / "out" / "findings.json");
    audit_->findings = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  }

  static void TearDownTestSuite() {
    delete audit_;
    audit_ = nullptr;
  }

  static std::string PathOf(const std::string& url) { return url.substr(audit_->site->base_url().size()); }

  static Audit* audit_;
};

Audit* PublicationSiteTest::audit_ = nullptr;

TEST_F(PublicationSiteTest, ReportsExactlyThePlantedFindings) {
  ASSERT_EQ(audit_->result.exit_code, 0) << audit_->result.output;
  ASSERT_TRUE(audit_->findings.is_object()) << audit_->result.output;
  std::set<std::pair<std::string, std::string>> found;
  std::string listed;
  for (const auto& f : audit_->findings["findings"]) {
    const std::string rule = f["rule"].get<std::string>();
    if (!IsPublicationRule(rule)) continue;
    found.emplace(rule, PathOf(f["url"].get<std::string>()));
    listed += rule + " " + f["url"].get<std::string>() + ": " + f["message"].get<std::string>() + "\n";
  }
  EXPECT_EQ(found, ExpectedFindings()) << listed;
}

TEST_F(PublicationSiteTest, FindingsCarryTheirRequirementAndMessage) {
  ASSERT_TRUE(audit_->findings.is_object()) << audit_->result.output;
  const std::string late_url = audit_->site->base_url() + "zwgk/zcwj/2022-09-30-b.html";
  const std::string missing_url = audit_->site->base_url() + "zwgk/zcwj/2022-06-01-c.html";
  int checked = 0;
  for (const auto& f : audit_->findings["findings"]) {
    if (f["rule"] == "interpretation.late" && f["url"] == late_url) {
      EXPECT_EQ(f["message"], "最早的政策解读发布于 2022-10-11，文件发布日期为 2022-09-30，相隔 4 个工作日，超过 3 个工作日的时限");
      EXPECT_EQ(f["title"], "示范县人民政府关于进一步优化营商环境的若干措施");
      ++checked;
    }
    if (f["rule"] == "interpretation.missing" && f["url"] == missing_url) {
      EXPECT_EQ(f["message"],
                "文件发布日期为 2022-06-01，解读应在 3 个工作日内（2022-06-07 前）上网，截至 2022-11-30 仍未找到对应的政策解读");
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2) << audit_->findings.dump(2);
  auto rules = RunGovaudit("rules");
  ASSERT_EQ(rules.exit_code, 0);
  for (const char* id : {"interpretation.late", "interpretation.missing", "normative.validity_missing",
                         "normative.validity_stale", "normative.classification_missing", "subsidy.fields_missing",
                         "subsidy.field_empty"}) {
    EXPECT_NE(rules.output.find(id), std::string::npos) << id;
  }
  EXPECT_NE(rules.output.find("最迟在文件公布后3个工作日内上网"), std::string::npos);
  EXPECT_NE(rules.output.find("显著标识有效性或失效期"), std::string::npos);
  EXPECT_NE(rules.output.find("补贴政策名称、文件依据、主管部门、资金用途、补贴对象、补助标准、政策解答电话"),
            std::string::npos);
}

TEST_F(PublicationSiteTest, StoredPagesCarryKindsReasonsAndFacts) {
  auto store = testing::ReadStore(*audit_->dir / "audit.db");
  ASSERT_NE(store, nullptr);
  const std::string url = audit_->site->base_url() + "zwgk/zcwj/2022-09-30-a.html";
  std::optional<db::StoredPage> page;
  for (db::StoredPage& p : store->HtmlPages(1).value_or({})) {
    if (p.url == url) page = std::move(p);
  }
  ASSERT_TRUE(page.has_value()) << url;
  EXPECT_EQ(page->kind, "policy_document");
  EXPECT_NE(page->kind_reasons.find("需要政策解读：文号“示政发〔2022〕20号”符合“*政发〔YYYY〕N号”"), std::string::npos)
      << page->kind_reasons;
  EXPECT_EQ(page->written_date, "2022-09-28");
  EXPECT_EQ(page->column, "政策文件");
  nlohmann::json facts = nlohmann::json::parse(page->facts_json);
  EXPECT_EQ(facts["issuer"], "示范县人民政府");
  EXPECT_EQ(facts["related"], nlohmann::json::parse(R"([{"url": ")" + audit_->site->base_url() +
                                                    R"(zwgk/zcjd/2022-10-10-a-tujie.html", "label": "相关解读"}])"));
}

// The bundled demo site shows one finding of each publication rule.
TEST(PublicationDemoTest, DemoSiteShowsEachPublicationRule) {
  TempDir dir("govaudit-publication-demo");
  auto r = RunGovaudit("demo --quiet --as-of 2026-11-26", dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto json = nlohmann::json::parse(ReadWholeFile(dir.path() / "govaudit-demo" / "findings.json"));
  std::set<std::pair<std::string, std::string>> found;
  for (const auto& f : json["findings"]) {
    const std::string rule = f["rule"].get<std::string>();
    const std::string url = f["url"].get<std::string>();
    if (IsPublicationRule(rule)) found.emplace(rule, url.substr(url.find('/', url.find("//") + 2) + 1));
  }
  EXPECT_EQ(found, (std::set<std::pair<std::string, std::string>>{
                       {"interpretation.late", "zwgk/zcwj/2026-05-10-yingshang.html"},
                       {"interpretation.missing", "zwgk/zcwj/2026-09-30-jiuye.html"},
                       // Every normative document needs an interpretation; these two have none.
                       {"interpretation.missing", "zwgk/gfxwj/2019-01-10-chuzu.html"},
                       {"interpretation.missing", "zwgk/gfxwj/2025-03-01-zhujian.html"},
                       {"normative.classification_missing", "zwgk/gfxwj/index.html"},
                       {"normative.validity_missing", "zwgk/gfxwj/2025-03-01-zhujian.html"},
                       {"normative.validity_stale", "zwgk/gfxwj/2019-01-10-chuzu.html"},
                       {"subsidy.fields_missing", "zwgk/btzc/index.html"},
                       {"subsidy.field_empty", "zwgk/btzc/index.html"}}))
      << json.dump(2);
}

// Which documents need an interpretation is the user's to say: a page-kinds file named in the
// configuration replaces the 文号 patterns, and a broken one stops the audit before it starts.
TEST_F(PublicationSiteTest, UserPageKindsFileDecidesWhichDocumentsNeedAnInterpretation) {
  TempDir dir("govaudit-publication-kinds");
  std::ofstream(dir / "kinds.toml") << "[interpretation.required]\ndoc_number_patterns = [\"*农发〔YYYY〕N号\"]\n"
                                       "normative = false\nin_policy_column = false\n";
  std::ofstream(dir / "audit.toml") << "[crawl]\nper_host_interval_s = 0\nsitemaps = false\n[rules]\npage_kinds = \""
                                    << dir / "kinds.toml" << "\"\n";
  auto r = RunGovaudit("audit " + audit_->site->base_url() + " --config " + dir / "audit.toml" + " --out " + dir / "out" +
                       " --db " + dir / "audit.db" + " --as-of 2022-11-30 --threads 2 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto json = nlohmann::json::parse(ReadWholeFile(dir.path() / "out" / "findings.json"));
  std::set<std::string> missing;
  for (const auto& f : json["findings"]) {
    if (f["rule"] == "interpretation.missing") missing.insert(PathOf(f["url"].get<std::string>()));
  }
  EXPECT_EQ(missing, (std::set<std::string>{"zwgk/zcwj/2022-07-01-f.html"}));

  std::ofstream(dir / "kinds.toml") << "[interpretation.required]\ndoc_number_patterns = \"*农发〔YYYY〕N号\"\n";
  auto bad = RunGovaudit("audit " + audit_->site->base_url() + " --config " + dir / "audit.toml" + " --out " +
                         dir / "out2" + " --db " + dir / "audit2.db" + " --as-of 2022-11-30 --quiet");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find(dir / "kinds.toml" + ":2: key 'interpretation.required.doc_number_patterns': expected an "
                                                 "array of strings"),
            std::string::npos)
      << bad.output;
}

}  // namespace
}  // namespace govaudit
