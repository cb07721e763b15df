// Reads a TOML configuration file into AuditOptions. Every option has a default; an unknown
// key, a wrong type or an invalid value is an error naming the file, line and key.
// config/govaudit.example.toml documents every key; config/sites.example.toml shows the
// multi-site form.
#pragma once

#include <string>
#include <vector>

#include "app/audit.h"
#include "common/date.h"
#include "common/status.h"
#include "crawler/probe.h"

namespace govaudit {

struct SiteConfig {
  AuditOptions options;  // one audit per site: the defaults with the site's own keys over them
  // The site's report folder under the overview folder ([audit] out). Default: the first
  // start URL's host (and port), made safe for file names; unique within the file.
  std::string slug;
  // Sites with the same platform (one CMS host serving many county sites under several names)
  // go to the same shard (app/shard.h); empty: the first start URL's host decides.
  std::string platform;
};

struct ConfigFile {
  AuditOptions defaults;          // [audit], [crawl] and [rules]: every site starts from these
  std::vector<SiteConfig> sites;  // one per [[site]], in file order; empty if the file names none
  int parallel_sites = 4;         // sites crawled at once in a multi-site run; Default: 4
  ProbeOptions probe;             // [probe]: the availability probes' time limit and parallelism
  std::string shard;              // [audit] shard: "I/N" in a file written by `govaudit shard`
};

StatusOr<ConfigFile> LoadConfigFile(const std::string& path);
// Same, from text (for tests); `name` is used in messages.
StatusOr<ConfigFile> ParseConfig(const std::string& text, const std::string& name);

// Replaces "{date}" in a path by the audit date (YYYY-MM-DD), so that nightly reports land
// in folders of their own: "reports/{date}" → "reports/2026-11-26".
std::string ExpandDate(const std::string& path, const Date& as_of);

// A folder name from a URL's host and port ("www.example.gov.cn", "127.0.0.1-8080").
std::string SlugFromUrl(const std::string& url);

}  // namespace govaudit
