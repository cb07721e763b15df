// `govaudit merge`: the overviews of several shards (their summary.json files) made into one
// overview for the whole list of sites: index.html and summary.json written by the same
// renderer as a shard's own (report/overview.h), each site linking to its report in its
// shard's folder by a relative link. Nothing is dropped without a word: a shard folder without
// a usable summary, a shard whose every site failed or whose summary is of an older night, a
// shard index no folder answered for, a site in two shards (the newer is kept) and, with the
// master list, a site no shard reported, are all listed in the merged overview.
#pragma once

#include <string>
#include <vector>

#include "assess/site_summary.h"
#include "common/status.h"

namespace govaudit {

struct MergeOptions {
  std::vector<std::string> dirs;  // each shard's overview folder (holding summary.json)
  std::string out_dir;            // the merged overview's folder
  std::string config;             // the master list (optional): its sites are expected
};

struct MergeOutcome {
  Overview overview;
  std::string overview_path;  // out_dir/index.html
  int shards_failed = 0;
  int sites_missing = 0;  // in the master list, in no shard's summary
  // 0 when at least one shard's summary was merged; 2 when none was (the overview still says why).
  int exit_code = 0;
};

// Errors: no folder given, an invalid master list, an unwritable output folder.
StatusOr<MergeOutcome> MergeShards(const MergeOptions& options);

// What the terminal shows after a merge.
std::string MergeText(const MergeOutcome& outcome);

}  // namespace govaudit
