// Reading a user's file whole, with an error that names it.
#pragma once

#include <string>

#include "common/status.h"

namespace govaudit {

// The bytes of the file at `path`; `what` names it in the error ("cannot read page kinds file x").
StatusOr<std::string> ReadWholeFile(const std::string& path, const std::string& what);

}  // namespace govaudit
