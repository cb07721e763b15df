#pragma once

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "common/status.h"

namespace govaudit::report::internal {

inline Status WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Error("cannot write " + path + ": " + std::strerror(errno));
  out << content;
  out.close();
  if (!out) return Status::Error("writing " + path + " failed: " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace govaudit::report::internal
