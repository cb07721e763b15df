#include "app/config.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <variant>

#include "app/shard.h"
#include "common/toml.h"
#include "crawler/address_policy.h"
#include "common/url.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

constexpr const char* kHint = " (see config/govaudit.example.toml)";

// A reader of one table of the configuration file, its keys named "prefix.key".
TomlReader ReaderOf(const toml::table& table, const std::string& file, const std::string& prefix) {
  return TomlReader(table, file, prefix, kHint);
}

Status ReadCrawl(TomlReader& r, CrawlOptions* c) {
  RETURN_IF_ERROR(r.Int("max_pages", &c->max_pages, 1, 10'000'000));
  RETURN_IF_ERROR(r.Int("max_depth", &c->max_depth, 0, 1000));
  RETURN_IF_ERROR(r.Int("per_host_connections", &c->per_host_connections, 1, 64));
  RETURN_IF_ERROR(r.Int("global_connections", &c->global_connections, 1, 1024));
  RETURN_IF_ERROR(r.Number("per_host_interval_s", &c->per_host_interval_s, 0.0, 600.0));
  double timeout_s = c->total_timeout_ms / 1000.0, connect_s = c->connect_timeout_ms / 1000.0;
  RETURN_IF_ERROR(r.Number("timeout_s", &timeout_s, 0.1, 3600.0));
  RETURN_IF_ERROR(r.Number("connect_timeout_s", &connect_s, 0.1, 600.0));
  c->total_timeout_ms = static_cast<long>(timeout_s * 1000);
  c->connect_timeout_ms = static_cast<long>(connect_s * 1000);
  RETURN_IF_ERROR(r.Int("retries", &c->retries, 0, 10));
  double max_body_mb = static_cast<double>(c->max_body_bytes) / (1 << 20);
  RETURN_IF_ERROR(r.Number("max_body_mb", &max_body_mb, 0.01, 2048.0));
  c->max_body_bytes = static_cast<size_t>(max_body_mb * (1 << 20));
  RETURN_IF_ERROR(r.Int("max_query_variants_per_path", &c->max_query_variants_per_path, 1, 100000));
  RETURN_IF_ERROR(r.Int("max_url_length", &c->max_url_length, 64, 65536));
  RETURN_IF_ERROR(r.Int("max_links_per_page", &c->max_links_per_page, 1, 1000000));
  RETURN_IF_ERROR(r.Bool("respect_robots", &c->respect_robots));
  RETURN_IF_ERROR(r.Bool("check_external_links", &c->check_external_links));
  RETURN_IF_ERROR(r.Bool("sitemaps", &c->use_sitemaps));
  RETURN_IF_ERROR(r.String("user_agent", &c->user_agent));
  RETURN_IF_ERROR(r.Strings("include", &c->include_patterns, /*allow_empty=*/true));
  RETURN_IF_ERROR(r.Strings("exclude", &c->exclude_patterns, /*allow_empty=*/true));
  RETURN_IF_ERROR(r.Strings("extra_hosts", &c->extra_hosts, /*allow_empty=*/true));
  if (const toml::node* node = r.Node("allow_addresses")) {
    RETURN_IF_ERROR(r.Strings("allow_addresses", &c->allow_addresses));
    for (const std::string& entry : c->allow_addresses) {
      if (!AddressPolicy::IsValidEntry(entry)) {
        return r.Error(*node, "allow_addresses", "'" + entry + "' is not HOST or HOST:PORT");
      }
    }
  }
  RETURN_IF_ERROR(r.Bool("subdomains", &c->include_subdomains));
  return Status::Ok();
}

// Rule thresholds under [rules] (and a site's [site.rules]): one row per RulesConfig field.
// A new threshold needs its field in rules/rules_config.h and a row here; reading, the range
// check and the error messages come with the row.
struct Threshold {
  const char* key;
  std::variant<int RulesConfig::*, double RulesConfig::*> field;
  double min;
  double max;
};
const Threshold kThresholds[] = {
    {"interpretation_workdays", &RulesConfig::interpretation_workdays, 1, 60},
    {"column_news_days", &RulesConfig::column_news_days, 1, 3650},
    {"column_notice_months", &RulesConfig::column_notice_months, 1, 120},
    {"column_personnel_months", &RulesConfig::column_personnel_months, 1, 120},
    {"home_stale_days", &RulesConfig::home_stale_days, 1, 3650},
    {"security_lexicon_score", &RulesConfig::security_lexicon_score, 1, 1000},
};

Status ReadThreshold(TomlReader& r, const Threshold& t, RulesConfig* rules) {
  if (auto* field = std::get_if<int RulesConfig::*>(&t.field)) {
    return r.Int(t.key, &(rules->**field), static_cast<int>(t.min), static_cast<int>(t.max));
  }
  return r.Number(t.key, &(rules->*std::get<double RulesConfig::*>(t.field)), t.min, t.max);
}

Status ReadRules(TomlReader& r, const toml::table& table, const std::string& prefix, RulesConfig* rules) {
  for (const auto& [key, node] : table) {
    std::string id(key.str());
    if (id == "page_kinds" || id == "subsidy_fields" || id == "serious_typos" || id == "site_checks") {
      // files read over config/*
      RETURN_IF_ERROR(r.String(id, id == "page_kinds"       ? &rules->page_kinds_path
                                   : id == "subsidy_fields" ? &rules->subsidy_fields_path
                                   : id == "site_checks"    ? &rules->site_checks_path
                                                            : &rules->serious_typos_path));
      continue;
    }
    if (id == "security_lexicon" || id == "security_allowlist") {  // security.*: added to config/*
      RETURN_IF_ERROR(
          r.String(id, id == "security_lexicon" ? &rules->security_lexicon_path : &rules->security_allowlist_path));
      continue;
    }
    if (!node.is_table()) {
      const Threshold* threshold = nullptr;
      for (const Threshold& t : kThresholds) {
        if (id == t.key) threshold = &t;
      }
      if (threshold != nullptr) {
        RETURN_IF_ERROR(ReadThreshold(r, *threshold, rules));
        continue;
      }
      if (RuleSet::Knows(id)) {
        return r.Error(node, id, "expected a table like { enabled = false, severity = \"low\" }");
      }
      return r.Error(node, id, "unknown key: neither a rule threshold nor a rule id (see config/govaudit.example.toml)");
    }
    r.Node(id);
    if (!RuleSet::Knows(id)) {
      return r.Error(node, id, "no rule or rule family has this id (govaudit rules lists them)");
    }
    const toml::table& rule_table = *node.as_table();
    TomlReader rule = ReaderOf(rule_table, r.file(), prefix + id + ".");
    RuleSetting setting = rules->rules.count(id) ? rules->rules[id] : RuleSetting{};
    RETURN_IF_ERROR(rule.Bool("enabled", &setting.enabled));
    std::string severity;
    RETURN_IF_ERROR(rule.String("severity", &severity));
    if (!severity.empty()) {
      setting.severity = ParseSeverity(severity);
      if (!setting.severity) {
        return rule.Error(*rule_table.get("severity"), "severity", "must be high, medium or low, got '" + severity + "'");
      }
    }
    RETURN_IF_ERROR(rule.CheckUnknown());
    rules->rules[id] = setting;
  }
  return Status::Ok();
}

// Key pages: absolute http(s) URLs.
Status ReadKeyPages(TomlReader& r, std::vector<std::string>* pages) {
  const toml::node* node = r.Node("key_pages");
  if (node == nullptr) return Status::Ok();
  RETURN_IF_ERROR(r.Strings("key_pages", pages, /*allow_empty=*/true));
  for (const std::string& url : *pages) {
    if (!ParseUrl(url)) return r.Error(*node, "key_pages", "'" + url + "' is not an absolute http:// or https:// URL");
  }
  return Status::Ok();
}

Status ReadProbe(TomlReader& r, ProbeOptions* probe, std::vector<std::string>* key_pages) {
  double timeout_s = static_cast<double>(probe->timeout_ms) / 1000.0;
  RETURN_IF_ERROR(r.Number("timeout_s", &timeout_s, 0.1, 600.0));
  probe->timeout_ms = static_cast<long>(timeout_s * 1000);
  probe->connect_timeout_ms = probe->timeout_ms;
  RETURN_IF_ERROR(r.Int("parallel", &probe->parallel, 1, 256));
  RETURN_IF_ERROR(ReadKeyPages(r, key_pages));
  return r.CheckUnknown();
}

Status ReadAudit(TomlReader& r, AuditOptions* o) {
  std::string as_of;
  RETURN_IF_ERROR(r.String("as_of", &as_of));
  if (!as_of.empty()) {
    o->as_of = ParseIsoDate(as_of);
    if (!o->as_of) return r.Error(*r.Node("as_of"), "as_of", "'" + as_of + "' is not a YYYY-MM-DD date");
    o->as_of_given = true;
  }
  RETURN_IF_ERROR(r.String("db", &o->db_path));
  if (o->db_path.empty()) return r.Error(*r.Node("db"), "db", "must not be empty");
  RETURN_IF_ERROR(r.String("out", &o->out_dir));
  if (o->out_dir.empty()) return r.Error(*r.Node("out"), "out", "must not be empty");
  std::string without_date = o->out_dir;
  for (const std::string placeholder : {"{date}", "{shard}"}) {
    for (size_t at; (at = without_date.find(placeholder)) != std::string::npos;) {
      without_date.erase(at, placeholder.size());
    }
  }
  if (without_date.find_first_of("{}") != std::string::npos) {
    return r.Error(*r.Node("out"), "out", "'" + o->out_dir + "': the only placeholders are {date} and {shard}");
  }
  RETURN_IF_ERROR(r.String("calendar", &o->calendar_path));
  RETURN_IF_ERROR(r.String("workpoints", &o->workpoints_path));
  RETURN_IF_ERROR(r.Int("threads", &o->threads, 0, 256));
  std::string fail_on;
  RETURN_IF_ERROR(r.String("fail_on", &fail_on));
  if (!fail_on.empty()) {
    o->fail_on = ParseSeverity(fail_on);
    if (!o->fail_on) return r.Error(*r.Node("fail_on"), "fail_on", "must be high, medium or low, got '" + fail_on + "'");
  }
  return Status::Ok();
}

// [notices] and its [[notices.department]] tables: who answers for which pages, and the
// deadlines notices give.
Status ReadNotices(TomlReader& r, NoticeOptions* n) {
  RETURN_IF_ERROR(r.Int("reply_workdays", &n->reply_workdays, 1, 250));
  RETURN_IF_ERROR(r.Int("veto_reply_workdays", &n->veto_reply_workdays, 1, 250));
  RETURN_IF_ERROR(r.DateValue("date", &n->date));
  RETURN_IF_ERROR(r.String("sender", &n->sender));
  RETURN_IF_ERROR(r.String("site_operator", &n->site_operator));
  if (n->site_operator.empty()) return r.Error(*r.Node("site_operator"), "site_operator", "must not be empty");
  if (const toml::node* departments = r.Node("department")) {
    const toml::array* array = departments->as_array();
    if (array == nullptr) return r.Error(*departments, "department", "expected [[notices.department]] tables");
    for (const toml::node& node : *array) {
      const toml::table* table = node.as_table();
      if (table == nullptr) return r.Error(node, "department", "expected [[notices.department]] tables");
      const std::string key = "department[" + std::to_string(n->departments.size()) + "]";
      TomlReader d = r.Sub(*table, key);
      DepartmentMapping mapping;
      RETURN_IF_ERROR(d.String("name", &mapping.name, /*required=*/true));
      RETURN_IF_ERROR(d.Strings("url_prefixes", &mapping.url_prefixes));
      RETURN_IF_ERROR(d.Strings("columns", &mapping.columns));
      RETURN_IF_ERROR(d.Strings("aliases", &mapping.aliases));
      for (const std::string& prefix : mapping.url_prefixes) {
        if (!ParseUrl(prefix)) {
          return d.Error(*d.Node("url_prefixes"), "url_prefixes", "'" + prefix + "' is not an absolute http:// or https:// URL");
        }
      }
      RETURN_IF_ERROR(d.CheckUnknown());
      n->departments.push_back(std::move(mapping));
    }
  }
  return r.CheckUnknown();
}

}  // namespace

StatusOr<ConfigFile> ParseConfig(const std::string& text, const std::string& name) {
  ASSIGN_OR_RETURN(toml::table root, ParseToml(text, name));
  ConfigFile config;
  TomlReader top = ReaderOf(root, name, "");
  if (const toml::node* audit = top.Node("audit")) {
    if (!audit->is_table()) return top.Error(*audit, "audit", "expected a table");
    TomlReader r = ReaderOf(*audit->as_table(), name, "audit.");
    RETURN_IF_ERROR(ReadAudit(r, &config.defaults));
    RETURN_IF_ERROR(r.Int("parallel_sites", &config.parallel_sites, 1, 64));
    RETURN_IF_ERROR(r.String("shard", &config.shard));
    if (!config.shard.empty()) RETURN_IF_ERROR(ParseShardSpec(config.shard, name + ": key 'audit.shard'").status());
    RETURN_IF_ERROR(r.CheckUnknown());
  }
  if (const toml::node* crawl = top.Node("crawl")) {
    if (!crawl->is_table()) return top.Error(*crawl, "crawl", "expected a table");
    TomlReader r = ReaderOf(*crawl->as_table(), name, "crawl.");
    RETURN_IF_ERROR(ReadCrawl(r, &config.defaults.crawl));
    RETURN_IF_ERROR(r.CheckUnknown());
  }
  if (const toml::node* probe = top.Node("probe")) {
    if (!probe->is_table()) return top.Error(*probe, "probe", "expected a table");
    TomlReader r = ReaderOf(*probe->as_table(), name, "probe.");
    RETURN_IF_ERROR(ReadProbe(r, &config.probe, &config.defaults.key_pages));
  }
  if (const toml::node* rules = top.Node("rules")) {
    if (!rules->is_table()) return top.Error(*rules, "rules", "expected a table");
    TomlReader r = ReaderOf(*rules->as_table(), name, "rules.");
    RETURN_IF_ERROR(ReadRules(r, *rules->as_table(), "rules.", &config.defaults.rules));
  }
  if (const toml::node* notices = top.Node("notices")) {
    if (!notices->is_table()) return top.Error(*notices, "notices", "expected a table");
    TomlReader r = ReaderOf(*notices->as_table(), name, "notices.");
    RETURN_IF_ERROR(ReadNotices(r, &config.defaults.notices));
  }
  if (const toml::node* sites = top.Node("site")) {
    const toml::array* array = sites->as_array();
    if (array == nullptr) return top.Error(*sites, "site", "expected [[site]] tables");
    std::map<std::string, std::string> names, slugs;  // value → the site key that took it
    std::vector<std::pair<const toml::node*, std::string>> outs;  // sites that set their own out
    for (const toml::node& site_node : *array) {
      const toml::table* site = site_node.as_table();
      if (site == nullptr) return top.Error(site_node, "site", "expected [[site]] tables");
      const std::string key = "site[" + std::to_string(config.sites.size()) + "]";
      TomlReader r = ReaderOf(*site, name, key + ".");
      SiteConfig entry;
      AuditOptions& options = entry.options;
      options = config.defaults;
      RETURN_IF_ERROR(r.String("name", &options.site_name));
      RETURN_IF_ERROR(r.Strings("start_urls", &options.crawl.start_urls, /*allow_empty=*/true));
      if (options.crawl.start_urls.empty()) return r.Error(site_node, "start_urls", "each site needs start_urls");
      for (const std::string& url : options.crawl.start_urls) {
        if (!ParseUrl(url)) {
          return r.Error(*r.Node("start_urls"), "start_urls", "'" + url + "' is not an absolute http:// or https:// URL");
        }
      }
      if (options.site_name.empty()) options.site_name = ParseUrl(options.crawl.start_urls.front())->Origin();
      if (auto [it, fresh] = names.emplace(options.site_name, key); !fresh) {
        const toml::node& at = site->get("name") ? *site->get("name") : site_node;
        return r.Error(at, "name", "'" + options.site_name + "' is already the name of " + it->second +
                                       "; runs and history are kept by site name, so each site needs its own");
      }
      if (const toml::node* out = site->get("out")) {
        RETURN_IF_ERROR(r.String("out", &options.out_dir));
        outs.emplace_back(out, key);
      }
      RETURN_IF_ERROR(r.String("slug", &entry.slug));
      RETURN_IF_ERROR(r.String("platform", &entry.platform));
      RETURN_IF_ERROR(r.String("workpoints", &options.workpoints_path));  // sites of several cities, each its own plan
      RETURN_IF_ERROR(ReadKeyPages(r, &options.key_pages));
      if (site->get("slug") != nullptr) {
        bool safe = !entry.slug.empty() && entry.slug[0] != '.' &&
                    entry.slug.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                        std::string::npos;
        if (!safe) {
          return r.Error(*site->get("slug"), "slug", "'" + entry.slug + "' must be letters, digits, '.', '_' or '-' (not starting with '.')");
        }
        if (auto [it, fresh] = slugs.emplace(entry.slug, key); !fresh) {
          return r.Error(*site->get("slug"), "slug", "'" + entry.slug + "' is already the folder of " + it->second);
        }
      }
      RETURN_IF_ERROR(ReadCrawl(r, &options.crawl));
      if (const toml::node* rules = r.Node("rules")) {
        if (!rules->is_table()) return r.Error(*rules, "rules", "expected a table");
        TomlReader rr = ReaderOf(*rules->as_table(), name, key + ".rules.");
        RETURN_IF_ERROR(ReadRules(rr, *rules->as_table(), key + ".rules.", &options.rules));
      }
      RETURN_IF_ERROR(r.CheckUnknown());
      config.sites.push_back(std::move(entry));
    }
    if (config.sites.size() > 1 && !outs.empty()) {
      return Status::Error(name + ":" + std::to_string(outs.front().first->source().begin.line) + ": key '" +
                           outs.front().second + ".out': with several sites each report goes to <audit.out>/<slug>/;"
                           " set slug to name the folder");
    }
    // Default folders: the host, with -2, -3 ... when two sites share one.
    for (SiteConfig& site : config.sites) {
      if (!site.slug.empty()) continue;
      std::string base = SlugFromUrl(site.options.crawl.start_urls.front());
      std::string slug = base;
      for (int n = 2; slugs.count(slug) > 0; ++n) slug = base + "-" + std::to_string(n);
      slugs.emplace(slug, "");
      site.slug = slug;
    }
  }
  RETURN_IF_ERROR(top.CheckUnknown());
  return config;
}

std::string ExpandDate(const std::string& path, const Date& as_of) {
  std::string out = path;
  for (size_t at; (at = out.find("{date}")) != std::string::npos;) out.replace(at, 6, as_of.ToIso());
  return out;
}

std::string SlugFromUrl(const std::string& url_text) {
  auto url = ParseUrl(url_text);
  std::string raw = url ? url->host + (url->port < 0 ? "" : "-" + std::to_string(url->port)) : url_text;
  std::string slug;
  for (char c : raw) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    slug.push_back(keep ? c : '-');
  }
  while (!slug.empty() && slug.front() == '.') slug.erase(slug.begin());
  return slug.empty() ? "site" : slug;
}

StatusOr<ConfigFile> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read config file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseConfig(buffer.str(), path);
}

}  // namespace govaudit
