// Default data compiled into the executable, so govaudit runs from any directory:
// the working-day calendar, synonyms, dictionaries, the demo site. Names are paths
// relative to config/ ("cn-workday-calendar.csv", "demo-site/index.html").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govaudit::resources {

// The file's bytes, or an empty view if there is no such resource.
std::string_view Get(std::string_view name);
bool Has(std::string_view name);
// Names starting with `prefix`, sorted.
std::vector<std::string> List(std::string_view prefix);

}  // namespace govaudit::resources
