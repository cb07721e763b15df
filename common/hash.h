// Stable, portable hashing for identities stored across runs (fingerprints, body keys).
// Not for security.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace govaudit {

inline uint64_t Fnv1a64(std::string_view data, uint64_t seed = 14695981039346656037ull) {
  uint64_t h = seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

inline std::string Hex64(uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

}  // namespace govaudit
