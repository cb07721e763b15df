#include "app/config.h"

#include <gtest/gtest.h>

#include "config/resources.h"

#include "tests/support/test_names.h"

namespace govaudit {
namespace {

TEST(ConfigTest, ReadsSitesOverDefaults) {
  auto c = ParseConfig(R"(
[audit]
as_of = "2026-11-26"
db = "x.db"
fail_on = "medium"
[crawl]
max_pages = 100
per_host_interval_s = 0.5
[rules]
interpretation_workdays = 5
[rules."pii.mobile"]
severity = "low"
[rules.link]
enabled = false
[[site]]
name = "门户"
start_urls = ["http://127.0.0.1:8080/"]
max_pages = 7
)", "sites.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->sites.size(), 1u);
  const AuditOptions& s = c->sites[0].options;
  EXPECT_EQ(s.site_name, "门户");
  EXPECT_EQ(s.crawl.max_pages, 7);
  EXPECT_DOUBLE_EQ(s.crawl.per_host_interval_s, 0.5);
  EXPECT_EQ(s.db_path, "x.db");
  EXPECT_EQ(s.as_of, (Date{2026, 11, 26}));
  EXPECT_EQ(s.fail_on, Severity::kMedium);
  EXPECT_EQ(s.rules.interpretation_workdays, 5);
  EXPECT_EQ(s.rules.rules.at("pii.mobile").severity, Severity::kLow);
  EXPECT_FALSE(s.rules.rules.at("link").enabled);
}

TEST(ConfigTest, SeveralSitesGetUniqueFoldersAndTheirOwnSettings) {
  auto c = ParseConfig(R"(
[audit]
out = "reports/{date}"
parallel_sites = 2
[crawl]
global_connections = 8
[rules]
interpretation_workdays = 4
[[site]]
start_urls = ["http://127.0.0.1:8080/"]
[[site]]
name = "第二个"
start_urls = ["http://127.0.0.1:8080/b/"]
exclude = ["/print/"]
per_host_interval_s = 2
[site.rules]
interpretation_workdays = 7
[site.rules."link.broken"]
severity = "medium"
[[site]]
name = "教育局"
slug = "jyj"
start_urls = ["https://JYJ.example.gov.cn/zwgk/"]
)", "sites.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->parallel_sites, 2);
  ASSERT_EQ(c->sites.size(), 3u);
  EXPECT_EQ(c->sites[0].options.site_name, "http://127.0.0.1:8080");  // the origin when unnamed
  EXPECT_EQ(c->sites[0].slug, "127.0.0.1-8080");
  EXPECT_EQ(c->sites[1].slug, "127.0.0.1-8080-2");
  EXPECT_EQ(c->sites[2].slug, "jyj");
  EXPECT_EQ(c->sites[0].options.out_dir, "reports/{date}");
  EXPECT_EQ(c->sites[0].options.crawl.global_connections, 8);
  EXPECT_EQ(c->sites[0].options.rules.interpretation_workdays, 4);
  EXPECT_TRUE(c->sites[0].options.rules.rules.empty());
  const AuditOptions& second = c->sites[1].options;
  EXPECT_EQ(second.crawl.exclude_patterns, std::vector<std::string>{"/print/"});
  EXPECT_DOUBLE_EQ(second.crawl.per_host_interval_s, 2.0);
  EXPECT_EQ(second.rules.interpretation_workdays, 7);
  EXPECT_EQ(second.rules.rules.at("link.broken").severity, Severity::kMedium);
  EXPECT_DOUBLE_EQ(c->sites[2].options.crawl.per_host_interval_s, 0.25);
}

TEST(ConfigTest, BundledExamplesParse) {
  for (const char* name : {"govaudit.example.toml", "sites.example.toml"}) {
    std::string_view text = resources::Get(name);
    ASSERT_FALSE(text.empty()) << name;
    auto c = ParseConfig(std::string(text), name);
    EXPECT_TRUE(c.ok()) << c.status().message();
  }
  auto sites = ParseConfig(std::string(resources::Get("sites.example.toml")), "sites.example.toml");
  ASSERT_TRUE(sites.ok());
  ASSERT_EQ(sites->sites.size(), 3u);
  EXPECT_EQ(sites->sites[2].slug, "jyj.example.gov.cn");
  EXPECT_FALSE(sites->sites[2].options.rules.rules.at("link").enabled);
  EXPECT_DOUBLE_EQ(sites->sites[1].options.crawl.per_host_interval_s, 1.0);
  EXPECT_DOUBLE_EQ(sites->sites[0].options.crawl.per_host_interval_s, 0.5);
}

TEST(ConfigTest, DateInOutputFolderBecomesTheAuditDate) {
  EXPECT_EQ(ExpandDate("reports/{date}", Date{2026, 11, 26}), "reports/2026-11-26");
  EXPECT_EQ(ExpandDate("r-{date}/x-{date}", Date{2027, 1, 2}), "r-2027-01-02/x-2027-01-02");
  EXPECT_EQ(ExpandDate("reports", Date{2026, 11, 26}), "reports");
}

TEST(ConfigTest, SlugsAreSafeFolderNames) {
  EXPECT_EQ(SlugFromUrl("https://www.Example.gov.cn/zwgk/"), "www.example.gov.cn");
  EXPECT_EQ(SlugFromUrl("http://127.0.0.1:8080/"), "127.0.0.1-8080");
}

struct BadCase {
  const char* text;
  const char* message;
};

TEST(ConfigTest, ReadsNoticeDepartments) {
  auto c = ParseConfig(R"(
[notices]
reply_workdays = 15
veto_reply_workdays = 3
date = 2026-09-28
sender = "县政务公开办"
site_operator = "县政府办公室"
[[notices.department]]
name = "县财政局"
url_prefixes = ["https://www.example.gov.cn/czj/"]
columns = ["财政预决算"]
aliases = ["示范县财政局"]
)", "sites.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  const NoticeOptions& n = c->defaults.notices;
  EXPECT_EQ(n.reply_workdays, 15);
  EXPECT_EQ(n.veto_reply_workdays, 3);
  EXPECT_EQ(n.date, (Date{2026, 9, 28}));
  EXPECT_EQ(n.sender, "县政务公开办");
  EXPECT_EQ(n.site_operator, "县政府办公室");
  ASSERT_EQ(n.departments.size(), 1u);
  EXPECT_EQ(n.departments[0].name, "县财政局");
  EXPECT_EQ(n.departments[0].url_prefixes, std::vector<std::string>{"https://www.example.gov.cn/czj/"});
  EXPECT_EQ(n.departments[0].columns, std::vector<std::string>{"财政预决算"});
  EXPECT_EQ(n.departments[0].aliases, std::vector<std::string>{"示范县财政局"});
}

class ConfigErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigErrorTest, NamesFileLineAndKey) {
  auto c = ParseConfig(GetParam().text, "sites.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ConfigErrorTest,
    ::testing::Values(
        BadCase{"[crawl]\nmax_pages = 0\n", "sites.toml:2: key 'crawl.max_pages': must be between 1 and 10000000, got 0"},
        BadCase{"[crawl]\nmax_pagez = 10\n", "sites.toml:2: key 'crawl.max_pagez': unknown key (see config/govaudit.example.toml)"},
        BadCase{"[crawl]\nmax_pages = \"ten\"\n", "sites.toml:2: key 'crawl.max_pages': expected an integer"},
        BadCase{"[audit]\n\nas_of = \"2026-02-30\"\n", "sites.toml:3: key 'audit.as_of': '2026-02-30' is not a YYYY-MM-DD date"},
        BadCase{"[rules.\"pii.id_number\"]\nseverity = \"urgent\"\n",
                "sites.toml:2: key 'rules.pii.id_number.severity': must be high, medium or low, got 'urgent'"},
        BadCase{"[rules]\ninterpretation_workdays = 0\n",
                "sites.toml:2: key 'rules.interpretation_workdays': must be between 1 and 60, got 0"},
        BadCase{"[rules]\ninterpretation_workdays = \"3\"\n",
                "sites.toml:2: key 'rules.interpretation_workdays': expected an integer"},
        BadCase{"[rules]\nworkdays = 3\n",
                "sites.toml:2: key 'rules.workdays': unknown key: neither a rule threshold nor a rule id (see "
                "config/govaudit.example.toml)"},
        BadCase{"[rules.\"link.brokn\"]\nenabled = false\n",
                "sites.toml:1: key 'rules.link.brokn': no rule or rule family has this id (govaudit rules lists them)"},
        BadCase{"[rules.\"link.broken\"]\nenable = false\n",
                "sites.toml:2: key 'rules.link.broken.enable': unknown key (see config/govaudit.example.toml)"},
        BadCase{"[audit]\nparallel_sites = 0\n", "sites.toml:2: key 'audit.parallel_sites': must be between 1 and 64, got 0"},
        BadCase{"[audit]\nout = \"reports/{day}\"\n",
                "sites.toml:2: key 'audit.out': 'reports/{day}': the only placeholders are {date} and {shard}"},
        BadCase{"[[site]]\nname = \"a\"\nstart_urls = [\"http://127.0.0.1:1/\"]\n"
                "[[site]]\nname = \"a\"\nstart_urls = [\"http://127.0.0.1:2/\"]\n",
                "sites.toml:5: key 'site[1].name': 'a' is already the name of site[0]; runs and history are kept by "
                "site name, so each site needs its own"},
        BadCase{"[[site]]\nstart_urls = [\"http://127.0.0.1:1/\"]\n\n[[site]]\nstart_urls = [\"ftp://x.gov.cn/\"]\n",
                "sites.toml:5: key 'site[1].start_urls': 'ftp://x.gov.cn/' is not an absolute http:// or https:// URL"},
        BadCase{"[[site]]\nname = \"a\"\n", "sites.toml:1: key 'site[0].start_urls': each site needs start_urls"},
        BadCase{"[[site]]\nstart_urls = [\"http://127.0.0.1:1/\"]\nslug = \"../x\"\n",
                "sites.toml:3: key 'site[0].slug': '../x' must be letters, digits, '.', '_' or '-' (not starting with '.')"},
        BadCase{"[[site]]\nstart_urls = [\"http://127.0.0.1:1/\"]\nslug = \"a\"\n"
                "[[site]]\nstart_urls = [\"http://127.0.0.1:2/\"]\nslug = \"a\"\n",
                "sites.toml:6: key 'site[1].slug': 'a' is already the folder of site[0]"},
        BadCase{"[[site]]\nstart_urls = [\"http://127.0.0.1:1/\"]\nout = \"x\"\n"
                "[[site]]\nstart_urls = [\"http://127.0.0.1:2/\"]\n",
                "sites.toml:3: key 'site[0].out': with several sites each report goes to <audit.out>/<slug>/; set slug "
                "to name the folder"},
        BadCase{"[[site]]\nstart_urls = [\"http://127.0.0.1:1/\"]\nmax_pages = -1\n",
                "sites.toml:3: key 'site[0].max_pages': must be between 1 and 10000000, got -1"},
        BadCase{"[[site]]\nstart_urls = [\"http://127.0.0.1:1/\"]\n[site.rules.pii]\nenabled = \"no\"\n",
                "sites.toml:4: key 'site[0].rules.pii.enabled': expected true or false"},
        BadCase{"[[site]]\nstart_urls = [\"http://127.0.0.1:1/\"]\ncolour = \"red\"\n",
                "sites.toml:3: key 'site[0].colour': unknown key (see config/govaudit.example.toml)"},
        BadCase{"[notices]\nreply_workdays = 0\n",
                "sites.toml:2: key 'notices.reply_workdays': must be between 1 and 250, got 0"},
        BadCase{"[notices]\n[[notices.department]]\nname = \"市财政局\"\nurl_prefixes = [\"czj/\"]\n",
                "sites.toml:4: key 'notices.department[0].url_prefixes': 'czj/' is not an absolute http:// or https:// "
                "URL"},
        BadCase{"[notices]\n[[notices.department]]\nurl_prefixes = [\"http://127.0.0.1/czj/\"]\n",
                "sites.toml:2: key 'notices.department[0].name': missing (see config/govaudit.example.toml)"}),
    [](const ::testing::TestParamInfo<BadCase>& info) {
      return testing::CaseName(info.index, testing::KeyOf(info.param.message));
    });

TEST(ConfigTest, SyntaxErrorsNameTheLine) {
  auto c = ParseConfig("[crawl]\nmax_pages = = 3\n", "sites.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message().rfind("sites.toml:2: ", 0), 0u) << c.status().message();
}

}  // namespace
}  // namespace govaudit

namespace govaudit {
namespace {

TEST(ConfigTest, IndicatorThresholdsAndTyposFileAreRead) {
  auto c = ParseConfig("[rules]\ncolumn_news_days = 7\nhome_stale_days = 30\nserious_typos = \"x.txt\"\n", "sites.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->defaults.rules.column_news_days, 7);
  EXPECT_EQ(c->defaults.rules.home_stale_days, 30);
  EXPECT_EQ(c->defaults.rules.serious_typos_path, "x.txt");
  auto bad = ParseConfig("[rules]\ncolumn_notice_months = 0\n", "sites.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "sites.toml:2: key 'rules.column_notice_months': must be between 1 and 120, got 0");
}

}  // namespace
}  // namespace govaudit
