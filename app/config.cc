#include "app/config.h"

#include <toml++/toml.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <variant>

#include "common/url.h"
#include "rules/rule.h"

namespace govaudit {
namespace {

// Reads the keys of one TOML table, remembering which were used so that unknown keys can
// be reported with their line.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string file, std::string prefix)
      : table_(table), file_(std::move(file)), prefix_(std::move(prefix)) {}

  Status Error(const toml::node& node, const std::string& key, const std::string& what) const {
    return Status::Error(file_ + ":" + std::to_string(node.source().begin.line) + ": key '" + prefix_ + key + "': " + what);
  }

  template <typename T>
  Status Get(const std::string& key, T* out) {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::Ok();
    used_.insert(key);
    if constexpr (std::is_same_v<T, bool>) {
      if (!node->is_boolean()) return Error(*node, key, "expected true or false");
      *out = node->as_boolean()->get();
    } else if constexpr (std::is_integral_v<T>) {
      if (!node->is_integer()) return Error(*node, key, "expected an integer");
      *out = static_cast<T>(node->as_integer()->get());
    } else if constexpr (std::is_floating_point_v<T>) {
      if (node->is_integer()) {
        *out = static_cast<T>(node->as_integer()->get());
      } else if (node->is_floating_point()) {
        *out = static_cast<T>(node->as_floating_point()->get());
      } else {
        return Error(*node, key, "expected a number");
      }
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (!node->is_string()) return Error(*node, key, "expected a string");
      *out = node->as_string()->get();
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
      const toml::array* array = node->as_array();
      if (array == nullptr) return Error(*node, key, "expected an array of strings");
      out->clear();
      for (const toml::node& item : *array) {
        if (!item.is_string()) return Error(item, key, "expected an array of strings");
        out->push_back(item.as_string()->get());
      }
    }
    return Status::Ok();
  }

  // A number that must lie within [min, max].
  template <typename T>
  Status GetInRange(const std::string& key, T* out, T min, T max) {
    T value = *out;
    Status s = Get(key, &value);
    if (!s.ok()) return s;
    if (value < min || value > max) {
      std::ostringstream what;
      what << "must be between " << min << " and " << max << ", got " << value;
      return Error(*table_.get(key), key, what.str());
    }
    *out = value;
    return Status::Ok();
  }

  const toml::node* Node(const std::string& key) {
    used_.insert(key);
    return table_.get(key);
  }

  Status CheckUnknown() const {
    for (const auto& [key, node] : table_) {
      if (used_.count(std::string(key.str())) == 0) {
        return Error(node, std::string(key.str()), "unknown key (see config/govaudit.example.toml)");
      }
    }
    return Status::Ok();
  }

  const std::string& file() const { return file_; }

 private:
  const toml::table& table_;
  std::string file_;
  std::string prefix_;
  std::set<std::string> used_;
};

#define GA_TRY(expr)                 \
  do {                               \
    Status _s = (expr);              \
    if (!_s.ok()) return _s;         \
  } while (0)

Status ReadCrawl(TableReader& r, CrawlOptions* c) {
  GA_TRY(r.GetInRange("max_pages", &c->max_pages, 1, 10'000'000));
  GA_TRY(r.GetInRange("max_depth", &c->max_depth, 0, 1000));
  GA_TRY(r.GetInRange("per_host_connections", &c->per_host_connections, 1, 64));
  GA_TRY(r.GetInRange("global_connections", &c->global_connections, 1, 1024));
  GA_TRY(r.GetInRange("per_host_interval_s", &c->per_host_interval_s, 0.0, 600.0));
  double timeout_s = c->total_timeout_ms / 1000.0, connect_s = c->connect_timeout_ms / 1000.0;
  GA_TRY(r.GetInRange("timeout_s", &timeout_s, 0.1, 3600.0));
  GA_TRY(r.GetInRange("connect_timeout_s", &connect_s, 0.1, 600.0));
  c->total_timeout_ms = static_cast<long>(timeout_s * 1000);
  c->connect_timeout_ms = static_cast<long>(connect_s * 1000);
  GA_TRY(r.GetInRange("retries", &c->retries, 0, 10));
  double max_body_mb = static_cast<double>(c->max_body_bytes) / (1 << 20);
  GA_TRY(r.GetInRange("max_body_mb", &max_body_mb, 0.01, 2048.0));
  c->max_body_bytes = static_cast<size_t>(max_body_mb * (1 << 20));
  GA_TRY(r.GetInRange("max_query_variants_per_path", &c->max_query_variants_per_path, 1, 100000));
  GA_TRY(r.GetInRange("max_url_length", &c->max_url_length, 64, 65536));
  GA_TRY(r.Get("respect_robots", &c->respect_robots));
  GA_TRY(r.Get("check_external_links", &c->check_external_links));
  GA_TRY(r.Get("sitemaps", &c->use_sitemaps));
  GA_TRY(r.Get("user_agent", &c->user_agent));
  GA_TRY(r.Get("include", &c->include_patterns));
  GA_TRY(r.Get("exclude", &c->exclude_patterns));
  GA_TRY(r.Get("extra_hosts", &c->extra_hosts));
  GA_TRY(r.Get("subdomains", &c->include_subdomains));
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
};

Status ReadThreshold(TableReader& r, const Threshold& t, RulesConfig* rules) {
  if (auto* field = std::get_if<int RulesConfig::*>(&t.field)) {
    return r.GetInRange(t.key, &(rules->**field), static_cast<int>(t.min), static_cast<int>(t.max));
  }
  return r.GetInRange(t.key, &(rules->*std::get<double RulesConfig::*>(t.field)), t.min, t.max);
}

Status ReadRules(TableReader& r, const toml::table& table, const std::string& prefix, RulesConfig* rules) {
  for (const auto& [key, node] : table) {
    std::string id(key.str());
    if (id == "page_kinds" || id == "subsidy_fields" || id == "serious_typos") {  // files read over config/*
      GA_TRY(r.Get(id, id == "page_kinds"       ? &rules->page_kinds_path
                       : id == "subsidy_fields" ? &rules->subsidy_fields_path
                                                : &rules->serious_typos_path));
      continue;
    }
    if (!node.is_table()) {
      const Threshold* threshold = nullptr;
      for (const Threshold& t : kThresholds) {
        if (id == t.key) threshold = &t;
      }
      if (threshold != nullptr) {
        GA_TRY(ReadThreshold(r, *threshold, rules));
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
    TableReader rule(rule_table, r.file(), prefix + id + ".");
    RuleSetting setting = rules->rules.count(id) ? rules->rules[id] : RuleSetting{};
    GA_TRY(rule.Get("enabled", &setting.enabled));
    std::string severity;
    GA_TRY(rule.Get("severity", &severity));
    if (!severity.empty()) {
      setting.severity = ParseSeverity(severity);
      if (!setting.severity) {
        return rule.Error(*rule_table.get("severity"), "severity", "must be high, medium or low, got '" + severity + "'");
      }
    }
    GA_TRY(rule.CheckUnknown());
    rules->rules[id] = setting;
  }
  return Status::Ok();
}

Status ReadAudit(TableReader& r, AuditOptions* o) {
  std::string as_of;
  GA_TRY(r.Get("as_of", &as_of));
  if (!as_of.empty()) {
    o->as_of = ParseIsoDate(as_of);
    if (!o->as_of) return r.Error(*r.Node("as_of"), "as_of", "'" + as_of + "' is not a YYYY-MM-DD date");
  }
  GA_TRY(r.Get("db", &o->db_path));
  if (o->db_path.empty()) return r.Error(*r.Node("db"), "db", "must not be empty");
  GA_TRY(r.Get("out", &o->out_dir));
  if (o->out_dir.empty()) return r.Error(*r.Node("out"), "out", "must not be empty");
  std::string without_date = o->out_dir;
  for (size_t at; (at = without_date.find("{date}")) != std::string::npos;) without_date.erase(at, 6);
  if (without_date.find_first_of("{}") != std::string::npos) {
    return r.Error(*r.Node("out"), "out", "'" + o->out_dir + "': the only placeholder is {date}");
  }
  GA_TRY(r.Get("calendar", &o->calendar_path));
  GA_TRY(r.Get("workpoints", &o->workpoints_path));
  GA_TRY(r.GetInRange("threads", &o->threads, 0, 256));
  std::string fail_on;
  GA_TRY(r.Get("fail_on", &fail_on));
  if (!fail_on.empty()) {
    o->fail_on = ParseSeverity(fail_on);
    if (!o->fail_on) return r.Error(*r.Node("fail_on"), "fail_on", "must be high, medium or low, got '" + fail_on + "'");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ConfigFile> ParseConfig(const std::string& text, const std::string& name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return Status::Error(name + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  ConfigFile config;
  TableReader top(root, name, "");
  if (const toml::node* audit = top.Node("audit")) {
    if (!audit->is_table()) return top.Error(*audit, "audit", "expected a table");
    TableReader r(*audit->as_table(), name, "audit.");
    GA_TRY(ReadAudit(r, &config.defaults));
    GA_TRY(r.GetInRange("parallel_sites", &config.parallel_sites, 1, 64));
    GA_TRY(r.CheckUnknown());
  }
  if (const toml::node* crawl = top.Node("crawl")) {
    if (!crawl->is_table()) return top.Error(*crawl, "crawl", "expected a table");
    TableReader r(*crawl->as_table(), name, "crawl.");
    GA_TRY(ReadCrawl(r, &config.defaults.crawl));
    GA_TRY(r.CheckUnknown());
  }
  if (const toml::node* rules = top.Node("rules")) {
    if (!rules->is_table()) return top.Error(*rules, "rules", "expected a table");
    TableReader r(*rules->as_table(), name, "rules.");
    GA_TRY(ReadRules(r, *rules->as_table(), "rules.", &config.defaults.rules));
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
      TableReader r(*site, name, key + ".");
      SiteConfig entry;
      AuditOptions& options = entry.options;
      options = config.defaults;
      GA_TRY(r.Get("name", &options.site_name));
      GA_TRY(r.Get("start_urls", &options.crawl.start_urls));
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
        GA_TRY(r.Get("out", &options.out_dir));
        outs.emplace_back(out, key);
      }
      GA_TRY(r.Get("slug", &entry.slug));
      GA_TRY(r.Get("workpoints", &options.workpoints_path));  // sites of several cities, each its own plan
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
      GA_TRY(ReadCrawl(r, &options.crawl));
      if (const toml::node* rules = r.Node("rules")) {
        if (!rules->is_table()) return r.Error(*rules, "rules", "expected a table");
        TableReader rr(*rules->as_table(), name, key + ".rules.");
        GA_TRY(ReadRules(rr, *rules->as_table(), key + ".rules.", &options.rules));
      }
      GA_TRY(r.CheckUnknown());
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
  GA_TRY(top.CheckUnknown());
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
