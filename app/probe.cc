#include "app/probe.h"

#include <map>

#include "common/url.h"
#include "db/store.h"

namespace govaudit {

StatusOr<std::vector<ProbedSite>> ProbeSites(const std::vector<AuditOptions>& sites, const ProbeOptions& options,
                                             const std::string& db_path) {
  std::vector<ProbeTarget> targets;
  ProbeOptions run_options = options;
  std::vector<ProbedSite> out;
  for (const AuditOptions& site : sites) {
    if (site.crawl.start_urls.empty()) return Status::Error("a site without start_urls cannot be probed");
    ProbedSite summary;
    // Probes are kept under the name the site's runs have, so the audit finds them.
    summary.site = site.site_name;
    if (summary.site.empty()) {
      auto url = ParseUrl(site.crawl.start_urls.front());
      if (!url) return Status::Error("start URL '" + site.crawl.start_urls.front() + "' is not an http(s) URL");
      summary.site = url->Origin();
    }
    for (const std::string& url : site.crawl.start_urls) {
      targets.push_back({summary.site, NormalizeUrl(url).value_or(url), false});
    }
    for (const std::string& url : site.key_pages)
      targets.push_back({summary.site, NormalizeUrl(url).value_or(url), true});
    for (const std::string& entry : site.crawl.allow_addresses) run_options.allow_addresses.push_back(entry);
    if (!site.crawl.user_agent.empty()) run_options.user_agent = site.crawl.user_agent;
    out.push_back(std::move(summary));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<db::Store> store, db::Store::Open(db_path));
  const std::vector<ProbeResult> results = RunProbes(targets, run_options);
  std::vector<db::ProbeRecord> records;
  std::map<std::string, ProbedSite*> by_site;
  for (ProbedSite& s : out) by_site[s.site] = &s;
  for (const ProbeResult& r : results) {
    records.push_back(
        {r.target.site, r.target.url, r.target.key_page, r.at, r.status, r.duration_ms, r.ok, r.error_kind, r.error});
    ProbedSite* s = by_site[r.target.site];
    ++s->pages;
    if (!r.ok) {
      ++s->failed;
      s->failures.push_back(r.target.url + ": " + r.error);
    }
  }
  db::Transaction transaction(store.get());
  RETURN_IF_ERROR(transaction.status());
  Status stored = store->PutProbes(records);
  if (stored.ok()) stored = transaction.Commit();
  if (!stored.ok()) return stored.WithContext("storing probes in " + db_path);
  return out;
}

}  // namespace govaudit
