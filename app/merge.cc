#include "app/merge.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "app/config.h"
#include "app/shard.h"
#include "common/files.h"
#include "db/records.h"
#include "report/overview.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// One shard folder as read: its status line and its sites, their folders already made relative
// to the merged overview.
struct ShardRead {
  ShardStatus status;
  std::string generated_at;
  std::optional<ShardSpec> spec;
  std::vector<SiteSummary> sites;
  bool merged = false;  // its summary was read
};

int64_t IntAt(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string StringAt(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A folder name as the overview writes it; anything else (a summary edited or planted) gets
// no link rather than one that leaves the shard's folder.
bool SafeSlug(const std::string& slug) {
  return !slug.empty() && slug[0] != '.' &&
         slug.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
             std::string::npos;
}

SiteSummary SiteFrom(const Json& j) {
  SiteSummary s;
  s.name = StringAt(j, "name");
  s.slug = StringAt(j, "slug");
  if (auto urls = j.find("start_urls"); urls != j.end() && urls->is_array()) {
    for (const Json& url : *urls) {
      if (url.is_string()) s.start_urls.push_back(url.get<std::string>());
    }
  }
  s.failed = StringAt(j, "status") != "audited";
  s.failure = StringAt(j, "failure");
  if (s.failed && s.failure.empty()) s.failure = "the shard's summary gives no reason";
  s.run_id = IntAt(j, "run");
  if (auto previous = j.find("previous_run"); previous != j.end() && previous->is_number_integer()) {
    s.previous_run = previous->get<int64_t>();
  }
  s.complete = j.value("complete", false);
  s.stop_reason = StringAt(j, "stop_reason");
  s.pages = IntAt(j, "pages");
  s.fetch_errors = IntAt(j, "fetch_errors");
  if (auto open = j.find("open"); open != j.end() && open->is_object()) {
    s.open_high = IntAt(*open, "high");
    s.open_medium = IntAt(*open, "medium");
    s.open_low = IntAt(*open, "low");
  }
  s.new_findings = IntAt(j, "new");
  s.fixed = IntAt(j, "fixed");
  s.not_rechecked = IntAt(j, "not_rechecked");
  s.has_report = j.contains("report") && j["report"].is_string();
  return s;
}

// The link from the merged folder to a site's folder in its shard's folder.
std::string RelativeFolder(const fs::path& shard_dir, const std::string& slug, const fs::path& out_dir) {
  const fs::path target = (fs::absolute(shard_dir) / slug).lexically_normal();
  return target.lexically_relative(fs::absolute(out_dir).lexically_normal()).generic_string();
}

ShardRead ReadShard(const std::string& dir, const fs::path& out_dir, std::vector<std::string>* notes) {
  ShardRead r;
  r.status.dir = dir;
  const fs::path path = fs::path(dir) / "summary.json";
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    r.status.failed = true;
    r.status.failure = "no summary.json in " + dir + ": the shard did not finish, or this is not its overview folder";
    return r;
  }
  auto text = ReadWholeFile(path.string(), "shard summary");
  Json doc = text.ok() ? Json::parse(*text, nullptr, false) : Json();
  if (!doc.is_object() || !doc.contains("sites") || !doc["sites"].is_array()) {
    r.status.failed = true;
    r.status.failure =
        text.ok() ? path.string() + " is not the summary.json of a govaudit overview" : text.status().message();
    return r;
  }
  r.merged = true;
  r.status.as_of = StringAt(doc, "as_of");
  r.generated_at = StringAt(doc, "generated_at");
  r.status.shard = StringAt(doc, "shard");
  if (!r.status.shard.empty()) {
    auto spec = ParseShardSpec(r.status.shard, path.string() + ": shard");
    if (spec.ok())
      r.spec = *spec;
    else
      notes->push_back(spec.status().message());
  }
  int missing_reports = 0;
  for (const Json& entry : doc["sites"]) {
    if (!entry.is_object() || StringAt(entry, "name").empty()) {
      notes->push_back(path.string() + " holds a site entry without a name; it was left out");
      continue;
    }
    SiteSummary site = SiteFrom(entry);
    if (!SafeSlug(site.slug)) {
      if (site.has_report)
        notes->push_back(site.name + ": folder '" + site.slug + "' in " + path.string() +
                         " is not a plain folder name; no link");
      site.has_report = false;
      site.slug.clear();
    } else {
      if (site.has_report && !fs::is_regular_file(fs::path(dir) / site.slug / "report.html", ec)) {
        site.has_report = false;
        ++missing_reports;
      }
      site.slug = RelativeFolder(dir, site.slug, out_dir);
    }
    r.sites.push_back(std::move(site));
  }
  if (missing_reports > 0) {
    notes->push_back(std::to_string(missing_reports) + " report(s) named in " + path.string() +
                     " are not beside it: copy each shard's whole folder, not only summary.json");
  }
  r.status.sites = static_cast<int64_t>(r.sites.size());
  bool any_audited = false;
  for (const SiteSummary& s : r.sites) any_audited = any_audited || !s.failed;
  if (!r.sites.empty() && !any_audited) {
    r.status.failed = true;
    r.status.failure = "no site of this shard could be audited";
  }
  return r;
}

// A shard whose summary is of an earlier night did not run on this one: its sites stay in the
// overview, as failed, so they are counted and seen.
void MarkStale(ShardRead* shard, const std::string& newest) {
  shard->status.failed = true;
  shard->status.failure =
      "its summary is of " + shard->status.as_of + ", older than " + newest + ": the shard did not run that night";
  for (SiteSummary& site : shard->sites) {
    SiteSummary stale;
    stale.name = site.name;
    stale.slug = site.slug;
    stale.start_urls = site.start_urls;
    stale.failed = true;
    stale.failure = "not audited on " + newest + ": the latest summary of its shard (" + shard->status.dir +
                    ") is of " + shard->status.as_of;
    site = std::move(stale);
  }
}

// Every shard index of the split (when the summaries agree on N) that no folder answered for.
std::optional<int> ListMissingShards(const std::vector<ShardRead>& shards, std::vector<ShardStatus>* statuses,
                                     std::vector<std::string>* notes) {
  std::set<int> counts;
  std::map<int, std::string> seen;  // index → the folder that holds it
  for (const ShardRead& s : shards) {
    if (!s.spec) continue;
    counts.insert(s.spec->count);
    if (auto [it, fresh] = seen.emplace(s.spec->index, s.status.dir); !fresh) {
      notes->push_back("shard " + s.spec->Label() + " was given twice: " + it->second + " and " + s.status.dir);
    }
  }
  if (counts.size() > 1) {
    notes->push_back("the summaries come from splits into different numbers of shards (" +
                     std::to_string(*counts.begin()) + " and " + std::to_string(*counts.rbegin()) +
                     "): merge the shards of one split");
    return std::nullopt;
  }
  if (counts.empty()) return std::nullopt;
  const int count = *counts.begin();
  for (int i = 0; i < count; ++i) {
    if (seen.count(i)) continue;
    ShardStatus missing;
    missing.shard = ShardSpec{i, count}.Label();
    missing.failed = true;
    missing.failure = "no folder given holds the summary of shard " + missing.shard;
    statuses->push_back(std::move(missing));
  }
  return count;
}

// Sites of the master list that no shard reported, as failed sites; sites reported that the
// list does not name, as notes.
int AddMissingSites(const ConfigFile& master, const std::string& config_path, std::optional<int> count,
                    Overview* overview) {
  std::set<std::string> reported, listed;
  for (const SiteSummary& s : overview->sites) reported.insert(s.name);
  int missing = 0;
  for (const SiteConfig& site : master.sites) {
    listed.insert(site.options.site_name);
    if (reported.count(site.options.site_name)) continue;
    SiteSummary s;
    s.name = site.options.site_name;
    s.start_urls = site.options.crawl.start_urls;
    s.failed = true;
    s.failure = "missing: listed in " + config_path + " but in no shard's summary" +
                (count ? " (its shard is " + ShardSpec{ShardOf(ShardKey(site), *count), *count}.Label() + ")" : "");
    overview->sites.push_back(std::move(s));
    ++missing;
  }
  for (const std::string& name : reported) {
    if (!listed.count(name)) {
      overview->notes.push_back(name + " is in a shard's summary but not in " + config_path +
                                " (removed from the list since, or a shard file edited by hand)");
    }
  }
  return missing;
}

// Sites from every shard, each once: of a site reported twice, the newer summary's line.
void CollectSites(std::vector<ShardRead>& shards, Overview* overview) {
  std::map<std::string, std::pair<size_t, size_t>> where;  // name → (shard, position in overview)
  for (size_t i = 0; i < shards.size(); ++i) {
    for (SiteSummary& site : shards[i].sites) {
      auto it = where.find(site.name);
      if (it == where.end()) {
        where.emplace(site.name, std::make_pair(i, overview->sites.size()));
        overview->sites.push_back(site);
        continue;
      }
      const ShardRead& kept = shards[it->second.first];
      const bool newer =
          std::tie(shards[i].status.as_of, shards[i].generated_at) > std::tie(kept.status.as_of, kept.generated_at);
      const std::string& winner = newer ? shards[i].status.dir : kept.status.dir;
      overview->notes.push_back(site.name + " is in two shards, " + kept.status.dir + " and " + shards[i].status.dir +
                                "; kept the line of " + winner + (newer ? " (newer)" : " (not older)"));
      if (newer) {
        overview->sites[it->second.second] = site;
        it->second.first = i;
      }
    }
  }
}

}  // namespace

StatusOr<MergeOutcome> MergeShards(const MergeOptions& options) {
  if (options.dirs.empty()) return Status::Error("no shard folder to merge: give each shard's overview folder");
  if (options.out_dir.empty()) return Status::Error("--out must name the merged overview's folder");
  std::optional<ConfigFile> master;
  if (!options.config.empty()) {
    ASSIGN_OR_RETURN(ConfigFile loaded, LoadConfigFile(options.config));
    master = std::move(loaded);
  }
  MergeOutcome outcome;
  Overview& overview = outcome.overview;
  std::vector<ShardRead> shards;
  for (const std::string& dir : options.dirs) shards.push_back(ReadShard(dir, options.out_dir, &overview.notes));
  for (const ShardRead& s : shards) {
    if (s.merged && s.status.as_of > overview.as_of) overview.as_of = s.status.as_of;
  }
  for (ShardRead& s : shards) {
    if (s.merged && !s.status.as_of.empty() && s.status.as_of < overview.as_of) MarkStale(&s, overview.as_of);
  }
  CollectSites(shards, &overview);
  for (const ShardRead& s : shards) overview.shards.push_back(s.status);
  std::optional<int> count = ListMissingShards(shards, &overview.shards, &overview.notes);
  if (master) outcome.sites_missing = AddMissingSites(*master, options.config, count, &overview);
  overview.generated_at = db::NowUtcIso();
  RankSites(&overview.sites);
  RETURN_IF_ERROR(report::WriteOverview(overview, options.out_dir));
  outcome.overview_path = (fs::path(options.out_dir) / "index.html").string();
  bool any_merged = false;
  for (const ShardRead& s : shards) any_merged = any_merged || s.merged;
  for (const ShardStatus& s : overview.shards) outcome.shards_failed += s.failed ? 1 : 0;
  outcome.exit_code = any_merged ? 0 : 2;
  return outcome;
}

std::string MergeText(const MergeOutcome& outcome) {
  const Overview& o = outcome.overview;
  int64_t failed = 0;
  for (const SiteSummary& s : o.sites) failed += s.failed ? 1 : 0;
  std::string out = "merged " + std::to_string(o.shards.size()) + " shard(s) of " + o.as_of + ", " +
                    std::to_string(outcome.shards_failed) + " failed: " + std::to_string(o.sites.size()) +
                    " site(s), " + std::to_string(o.sites.size() - static_cast<size_t>(failed)) + " audited, " +
                    std::to_string(failed) + " failed or missing (" + std::to_string(outcome.sites_missing) +
                    " missing from every shard)\n";
  for (const ShardStatus& s : o.shards) {
    if (!s.failed) continue;
    out += "  failed shard " + (s.dir.empty() ? s.shard : s.dir + (s.shard.empty() ? "" : " (" + s.shard + ")")) +
           ": " + s.failure + "\n";
  }
  for (const std::string& note : o.notes) out += "  note: " + note + "\n";
  out += "overview: " + outcome.overview_path + "\n";
  if (outcome.exit_code != 0) out += "no shard's summary could be read: nothing was merged\n";
  return out;
}

}  // namespace govaudit
