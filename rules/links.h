// What the link rules need the rest of the program to know: whether the run could check
// external links at all. On a machine without outside access every external link fails; one
// sentence in the run says so instead of one link.external_broken per link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace govaudit {

namespace db {
class Store;
}

// "外部链接未检查：网络不可用（…）" when no external host answered and the checks failed to resolve
// or connect on two or more hosts; nullopt otherwise (a single dead external host is a finding).
std::optional<std::string> ExternalNetworkDownNote(db::Store& store, int64_t run_id);

}  // namespace govaudit
