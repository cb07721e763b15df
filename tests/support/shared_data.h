// Real government pages are kept outside the project, in ../shared/data (real-pages/,
// real-corpus/pages/): tests read them from there and skip, saying why, in a clone without them.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace govaudit::testing {

inline std::filesystem::path SharedDataDir() { return GOVAUDIT_SHARED_DATA_DIR; }

inline bool HasSharedData() { return std::filesystem::is_directory(SharedDataDir() / "real-pages"); }

// The bytes of ../shared/data/<relative> ("" when absent: callers skip first).
inline std::string ReadSharedData(const std::string& relative) {
  std::ifstream in(SharedDataDir() / relative, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing " << (SharedDataDir() / relative);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Calls visit(path, bytes) for every .html file in `folder` (and its subfolders when
// `recursive`); returns how many there were.
template <typename Visit>
int ForEachHtmlFile(const std::filesystem::path& folder, bool recursive, Visit&& visit) {
  int visited = 0;
  auto one = [&](const std::filesystem::directory_entry& entry) {
    if (entry.path().extension() != ".html") return;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    visit(entry.path(), bytes.str());
    ++visited;
  };
  if (recursive) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) one(entry);
  } else {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) one(entry);
  }
  return visited;
}

}  // namespace govaudit::testing

// First statement of a test that reads real pages.
#define GOVAUDIT_SKIP_WITHOUT_SHARED_DATA()                                                        \
  if (!::govaudit::testing::HasSharedData())                                                       \
  GTEST_SKIP() << "real government pages not found in " << ::govaudit::testing::SharedDataDir() \
               << " (they are kept outside the project)"
