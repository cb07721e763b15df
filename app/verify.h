// `govaudit verify REPORTS.csv|xlsx --db …`: citizens' error reports from the national 我为政府
// 网站找错 platform, each checked again on the live site (only pages of the audited site are
// fetched: an address in a report is never a reason to contact another host), judged
// (assess/citizen.h), recorded as a run of its own so that a confirmed report becomes a tracked
// finding, and written as verify.html, verify.csv and verify.json.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assess/citizen.h"
#include "common/date.h"
#include "common/status.h"
#include "crawler/crawler.h"
#include "rules/rules_config.h"

namespace govaudit {

// Reads the platform's export (CSV or XLSX, by the file's content): one report per row under a
// header naming the reported page's address (问题页面网址 / 网址 / URL), the problem type (问题
// 类型), and optionally its number (编号), description (问题描述) and date (留言时间 / 提交时间).
// Errors name the file and what is missing or unreadable.
StatusOr<std::vector<CitizenReport>> ReadCitizenReports(const std::string& path);
// The same from bytes already read; `name` is used in messages and to tell CSV from XLSX.
StatusOr<std::vector<CitizenReport>> ParseCitizenReports(const std::string& bytes, const std::string& name);

struct VerifyOptions {
  std::string input;               // the platform's export
  std::string db_path = "govaudit.db";
  std::string site;                // the audited site; Default: the database's latest audited site
  std::string out_dir = "govaudit-verify";
  std::optional<Date> as_of;       // the verify date; Default: today in China
  int deadline_workdays = 3;       // Default: 3 working days to handle a report
  std::string calendar_path;       // Default: the built-in calendar
  CrawlOptions crawl;              // politeness, timeouts, user agent, allowed addresses
  RulesConfig rules;               // thresholds of the freshness and personal-data rules
  bool quiet = false;
};

struct VerifyOutcome {
  VerifyRun results;
  std::string report_path;  // out_dir/verify.html
};

// Errors (unreadable input, no audit of the site in the database) name the bad value.
StatusOr<VerifyOutcome> RunVerify(const VerifyOptions& options);

// The site name under which a site's verify runs and their findings are kept: apart from the
// audits, so that an audit never marks a citizen's report fixed, nor a verify run an audit's.
std::string VerifySiteName(const std::string& site);

}  // namespace govaudit
