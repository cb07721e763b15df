// Stable, portable hashing for identities stored across runs (fingerprints, body keys), and
// SHA-256 for evidence: a page's content hash that anyone can recompute from the bytes.
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

// SHA-256 of `data` as 64 lower-case hex digits (OpenSSL's libcrypto): the content hash a
// snapshot, a notice or `govaudit show` gives for a page as fetched.
std::string Sha256Hex(std::string_view data);

}  // namespace govaudit
