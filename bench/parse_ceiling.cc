// The ceiling for a full audit: Gumbo parsing alone of every page of a generated site, on
// the same number of threads. Every page must be parsed once, so an audit can be at most
// this fast. Usage: parse_ceiling DIR [THREADS]. Prints pages/s and CPU seconds.
#include <gumbo.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/charset.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: parse_ceiling DIR [THREADS]\n");
    return 2;
  }
  int threads = argc > 2 ? std::atoi(argv[2]) : static_cast<int>(std::thread::hardware_concurrency());
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") files.push_back(entry.path().string());
  }
  std::atomic<size_t> next{0};
  std::atomic<size_t> bytes{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < files.size(); i = next++) {
        std::ifstream in(files[i], std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        // Decoding is part of the ceiling too: GBK pages must become UTF-8 before Gumbo.
        govaudit::DecodedText text = govaudit::DecodeHtml(s.str(), "text/html");
        GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, text.utf8.data(), text.utf8.size());
        gumbo_destroy_output(&kGumboDefaultOptions, out);
        bytes += text.utf8.size();
      }
    });
  }
  for (auto& t : pool) t.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  std::printf("pages=%zu threads=%d wall_s=%.2f pages_per_s=%.0f mb_per_s=%.1f cpu_s=%.2f\n", files.size(), threads, wall,
              files.size() / wall, bytes / wall / 1e6, cpu);
  return 0;
}
