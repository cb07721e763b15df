#include "app/shard.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli.h"
#include "app/merge.h"
#include "common/files.h"
#include "common/toml.h"
#include "common/url.h"
#include "pii/safe_text.h"

namespace govaudit {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kShardPlaceholder = "{shard}";

std::optional<int> ParseCount(std::string_view text) {
  int value = 0;
  // Digits only: from_chars would take "-1".
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// FNV-1a: fixed by its definition, so an assignment never changes with the compiler or the
// platform (std::hash may).
uint64_t Fnv1a(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm" (2014): going from
// n to n+1 buckets moves a key only into the new bucket, about 1/(n+1) of the keys.
int JumpConsistentHash(uint64_t key, int buckets) {
  int64_t b = -1, j = 0;
  while (j < buckets) {
    b = j;
    key = key * 2862933555777941757ull + 1;
    j = static_cast<int64_t>(static_cast<double>(b + 1) *
                             (static_cast<double>(1ll << 31) / static_cast<double>((key >> 33) + 1)));
  }
  return static_cast<int>(b);
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "govaudit: %s\n", pii::SafeText(message, pii::Sink::kTerminal).c_str());
  return kExitUsage;
}

// Written beside the target and renamed, so a shard file is never seen half written.
Status WriteFileAtomically(const fs::path& path, const std::string& content) {
  fs::path temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) return Status::Error("cannot write " + temp.string());
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return Status::Error("cannot write " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

// Replaces {shard} in the string value at table[key], if any.
void ExpandShardIn(toml::table* table, std::string_view key, int index) {
  if (table == nullptr) return;
  if (toml::value<std::string>* value = table->get_as<std::string>(key)) {
    *value = ExpandShard(value->get(), index);
  }
}

std::string ShardFileText(const toml::table& master, const std::vector<size_t>& members, const ShardSpec& spec,
                          const std::string& config_path) {
  toml::table root = master;
  toml::array sites;
  if (const toml::array* all = master.get_as<toml::array>("site")) {
    for (size_t i : members) sites.push_back(*all->get(i));
  }
  root.erase("site");
  if (!sites.empty()) root.insert("site", std::move(sites));
  if (!root.contains("audit")) root.insert("audit", toml::table{});
  toml::table* audit = root.get_as<toml::table>("audit");
  audit->insert_or_assign("shard", spec.Label());
  ExpandShardIn(audit, "db", spec.index);
  ExpandShardIn(audit, "out", spec.index);
  std::ostringstream text;
  text << "# Shard " << spec.Label() << " (index " << spec.index << ", counted from 0) of " << config_path
       << ", written by `govaudit shard`.\n"
       << "# Edit the master list and split it again rather than this file: a site's shard follows\n"
       << "# from its host (or its platform key), and the next split would undo a change made here.\n"
       << "# " << members.size() << (members.size() == 1 ? " site.\n\n" : " sites.\n\n") << toml::toml_formatter(root)
       << "\n";
  return text.str();
}

}  // namespace

std::string ShardSpec::Label() const { return std::to_string(index) + "/" + std::to_string(count); }

StatusOr<ShardSpec> ParseShardSpec(std::string_view text, std::string_view what) {
  const std::string quoted = std::string(what) + " '" + std::string(text) + "'";
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return Status::Error(quoted + " is not I/N (for example 0/4, the first of four shards: I counts from 0)");
  }
  if (slash == 0) {
    return Status::Error(quoted +
                         " has no index before '/': is the scheduler's index variable "
                         "($JOB_COMPLETION_INDEX, $SLURM_ARRAY_TASK_ID) set?");
  }
  std::optional<int> index = ParseCount(text.substr(0, slash));
  std::optional<int> count = ParseCount(text.substr(slash + 1));
  if (!index || !count) {
    return Status::Error(quoted + " is not I/N with whole numbers (for example 0/4; I counts from 0)");
  }
  if (*count < 1) return Status::Error(quoted + ": the number of shards must be at least 1");
  if (*index >= *count) {
    return Status::Error(quoted + ": the index must be 0 to " + std::to_string(*count - 1) +
                         " (it counts from 0, as Kubernetes and Slurm array indexes do)");
  }
  return ShardSpec{*index, *count};
}

std::string ShardKey(const SiteConfig& site) {
  if (!site.platform.empty()) {
    std::string platform = site.platform;
    std::transform(platform.begin(), platform.end(), platform.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return "platform:" + platform;
  }
  const std::vector<std::string>& urls = site.options.crawl.start_urls;
  auto url = urls.empty() ? std::nullopt : ParseUrl(urls.front());
  if (!url) return "name:" + site.options.site_name;  // a config without start URLs is refused earlier
  return "host:" + url->host + (url->port < 0 ? "" : ":" + std::to_string(url->port));
}

int ShardOf(std::string_view key, int count) { return count <= 1 ? 0 : JumpConsistentHash(Fnv1a(key), count); }

std::vector<SiteConfig> SitesOfShard(const std::vector<SiteConfig>& sites, const ShardSpec& shard) {
  std::vector<SiteConfig> out;
  for (const SiteConfig& site : sites) {
    if (ShardOf(ShardKey(site), shard.count) == shard.index) out.push_back(site);
  }
  return out;
}

std::string ExpandShard(const std::string& path, int index) {
  std::string out = path;
  for (size_t at; (at = out.find(kShardPlaceholder)) != std::string::npos;) {
    out.replace(at, kShardPlaceholder.size(), std::to_string(index));
  }
  return out;
}

bool HasShardPlaceholder(const std::string& path) { return path.find(kShardPlaceholder) != std::string::npos; }

StatusOr<std::vector<WrittenShard>> WriteShardFiles(const std::string& config_path, int count,
                                                    const std::string& out_dir) {
  if (count < 1) return Status::Error("--shards must be at least 1, got " + std::to_string(count));
  if (count > 100000) return Status::Error("--shards must be at most 100000, got " + std::to_string(count));
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(config_path, "config file"));
  ASSIGN_OR_RETURN(ConfigFile config, ParseConfig(text, config_path));
  if (!config.shard.empty()) {
    return Status::Error(config_path + " is itself a shard (" + config.shard +
                         "): split the master list it was written from");
  }
  if (config.sites.empty()) {
    return Status::Error(config_path +
                         " lists no [[site]]: a master list names each site in a [[site]] table "
                         "(see config/sites.example.toml)");
  }
  ASSIGN_OR_RETURN(toml::table master, ParseToml(text, config_path));
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return Status::Error("cannot create " + out_dir + ": " + ec.message());

  std::vector<WrittenShard> shards(static_cast<size_t>(count));
  std::vector<std::vector<size_t>> members(static_cast<size_t>(count));
  for (size_t i = 0; i < config.sites.size(); ++i) {
    const std::string key = ShardKey(config.sites[i]);
    const auto shard = static_cast<size_t>(ShardOf(key, count));
    members[shard].push_back(i);
    shards[shard].sites.push_back(config.sites[i].options.site_name);
    shards[shard].keys.push_back(key);
  }
  for (int i = 0; i < count; ++i) {
    WrittenShard& shard = shards[static_cast<size_t>(i)];
    shard.spec = {i, count};
    shard.path = (fs::path(out_dir) / ("shard-" + std::to_string(i) + ".toml")).string();
    std::string file = ShardFileText(master, members[static_cast<size_t>(i)], shard.spec, config_path);
    // What is written must read back as the same sites: check before anything runs it.
    ASSIGN_OR_RETURN(ConfigFile check, ParseConfig(file, shard.path));
    if (check.sites.size() != members[static_cast<size_t>(i)].size()) {
      return Status::Error("shard file " + shard.path + " would not hold its sites; nothing was written there");
    }
    RETURN_IF_ERROR(WriteFileAtomically(shard.path, file));
  }
  return shards;
}

ShardCommands::ShardCommands(CLI::App* app) {
  shard_ = app->add_subcommand(
      "shard",
      "Split the sites of a configuration file into N shard files (shard-0.toml ... shard-<N-1>.toml) "
      "with a stable assignment: sites of one host or platform share a shard");
  shard_->add_option("--config", config_, "The master list: a configuration file with [[site]] tables")->required();
  shard_->add_option("--shards", count_, "How many shards (N, at least 1)")->required();
  shard_->add_option("--out", out_, "Folder for the shard files")->required();

  merge_ = app->add_subcommand("merge",
                               "Merge the overviews (summary.json) of several shards into one overview: index.html and "
                               "summary.json linking every site's report; failed shards and missing sites are listed");
  merge_->add_option("dirs", merge_dirs_, "Each shard's overview folder (the one holding its summary.json)")
      ->required();
  merge_->add_option("--out", merge_out_, "Folder for the merged index.html and summary.json")->required();
  merge_->add_option("--config", merge_config_,
                     "The master list: sites in it that no shard reported are listed as missing");
}

std::optional<int> ShardCommands::Run() {
  if (shard_->parsed()) return RunShard();
  if (merge_->parsed()) return RunMerge();
  return std::nullopt;
}

int ShardCommands::RunShard() {
  auto written = WriteShardFiles(config_, count_, out_);
  if (!written.ok()) return Fail(written.status().message());
  size_t sites = 0;
  for (const WrittenShard& shard : *written) {
    sites += shard.sites.size();
    std::printf("shard %s: %zu site%s -> %s\n", shard.spec.Label().c_str(), shard.sites.size(),
                shard.sites.size() == 1 ? "" : "s", shard.path.c_str());
    for (size_t i = 0; i < shard.sites.size(); ++i) {
      std::printf("  %s  (%s)\n", pii::SafeText(shard.sites[i], pii::Sink::kTerminal).c_str(),
                  pii::SafeText(shard.keys[i], pii::Sink::kTerminal).c_str());
    }
  }
  std::printf("%zu sites in %zu shards\n", sites, written->size());
  // Files of an earlier split into more shards would still be picked up by a glob.
  for (size_t i = written->size();; ++i) {
    const fs::path stale = fs::path(out_) / ("shard-" + std::to_string(i) + ".toml");
    std::error_code ec;
    if (!fs::exists(stale, ec)) break;
    std::fprintf(stderr, "govaudit: %s is left from an earlier split into more shards: remove it\n",
                 stale.string().c_str());
  }
  return kExitOk;
}

int ShardCommands::RunMerge() {
  MergeOptions options;
  options.dirs = merge_dirs_;
  options.out_dir = merge_out_;
  options.config = merge_config_;
  auto merged = MergeShards(options);
  if (!merged.ok()) return Fail(merged.status().message());
  std::fputs(pii::SafeText(MergeText(*merged), pii::Sink::kTerminal).c_str(), stdout);
  return merged->exit_code;
}

}  // namespace govaudit
