// Shards: one master list of sites split over several machines or scheduler tasks. A site's
// shard follows from its grouping key alone (its `platform`, else the host:port of its first
// start URL), hashed with a jump consistent hash: sites of one host or platform share a shard,
// so the per-host connection cap still covers them all; a site keeps its shard when others are
// added or removed; and when the number of shards grows from N to N+1 only the sites that move
// to the new shard change place. docs/scaling.md shows how schedulers run the shards.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "common/status.h"

namespace CLI {
class App;
}

namespace govaudit {

// Shard `index` of `count`; the index counts from 0, as Kubernetes' JOB_COMPLETION_INDEX and
// Slurm array task ids usually do.
struct ShardSpec {
  int index = 0;
  int count = 1;
  std::string Label() const;  // "2/4"
};

// "I/N" with 0 <= I < N. `what` names the value in errors ("--shard", "key 'audit.shard'").
StatusOr<ShardSpec> ParseShardSpec(std::string_view text, std::string_view what);

// "platform:NAME" when the site names a platform, else "host:HOST" or "host:HOST:PORT" of its
// first start URL (lower case), the host key the crawler's per-host caps use.
std::string ShardKey(const SiteConfig& site);
// The shard of a grouping key among `count` shards (count >= 1).
int ShardOf(std::string_view key, int count);
// The sites of `shard`, in the order of the list.
std::vector<SiteConfig> SitesOfShard(const std::vector<SiteConfig>& sites, const ShardSpec& shard);

// Replaces "{shard}" in a path by the shard's index, so that one master list can give every
// shard its own database and report folder: "/srv/govaudit/shard-{shard}/govaudit.db".
std::string ExpandShard(const std::string& path, int index);
bool HasShardPlaceholder(const std::string& path);

// One shard file written by WriteShardFiles.
struct WrittenShard {
  ShardSpec spec;
  std::string path;
  std::vector<std::string> sites;  // names, in the master list's order
  std::vector<std::string> keys;   // their grouping keys
};

// Writes <out_dir>/shard-<I>.toml for I in 0..count-1: the master file's settings with only
// that shard's [[site]] tables, [audit] shard = "I/N" and {shard} in [audit] db and out
// replaced by I. Errors name the bad value (count < 1, an unreadable or invalid config, an
// unwritable folder).
StatusOr<std::vector<WrittenShard>> WriteShardFiles(const std::string& config_path, int count,
                                                    const std::string& out_dir);

// Adds `shard` and `merge` to the command line; Run() executes the one that was parsed and
// returns its exit code, or nothing if neither was given.
class ShardCommands {
 public:
  explicit ShardCommands(CLI::App* app);
  std::optional<int> Run();

 private:
  int RunShard();
  int RunMerge();

  CLI::App* shard_ = nullptr;
  CLI::App* merge_ = nullptr;
  std::string config_;
  int count_ = 0;
  std::string out_;
  std::vector<std::string> merge_dirs_;
  std::string merge_out_;
  std::string merge_config_;
};

}  // namespace govaudit
