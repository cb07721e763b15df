// Reads a TOML configuration file into AuditOptions. Every option has a default; an unknown
// key, a wrong type or an invalid value is an error naming the file, line and key.
#pragma once

#include <string>
#include <vector>

#include "app/audit.h"
#include "common/status.h"

namespace govaudit {

struct SiteConfig {
  AuditOptions options;  // one audit per site
};

struct ConfigFile {
  AuditOptions defaults;          // [audit], [crawl], [rules] and [output] apply to every site
  std::vector<AuditOptions> sites;  // one per [[site]]; empty if the file names none
  std::string overview_dir;       // where the multi-site overview goes
};

StatusOr<ConfigFile> LoadConfigFile(const std::string& path);
// Same, from text (for tests); `name` is used in messages.
StatusOr<ConfigFile> ParseConfig(const std::string& text, const std::string& name);

}  // namespace govaudit
