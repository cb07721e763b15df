#include "common/files.h"

#include <fstream>
#include <sstream>

namespace govaudit {

StatusOr<std::string> ReadWholeFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read " + what + " file " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::Error("cannot read " + what + " file " + path);
  return buffer.str();
}

}  // namespace govaudit
