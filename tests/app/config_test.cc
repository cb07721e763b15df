#include "app/config.h"

#include <gtest/gtest.h>

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
  const AuditOptions& s = c->sites[0];
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

struct BadCase {
  const char* text;
  const char* message;
};

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
                "sites.toml:2: key 'rules.pii.id_number.severity': must be high, medium or low, got 'urgent'"}));

TEST(ConfigTest, SyntaxErrorsNameTheLine) {
  auto c = ParseConfig("[crawl]\nmax_pages = = 3\n", "sites.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message().rfind("sites.toml:2: ", 0), 0u) << c.status().message();
}

}  // namespace
}  // namespace govaudit
