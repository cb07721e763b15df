// Reproducible random texts for the tests that hold a fast path to a plain one: each text is a
// run of pieces (words, punctuation, broken bytes ...) drawn from a list, the same every run.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace govaudit::testing {

class RandomPieces {
 public:
  RandomPieces(uint32_t seed, std::vector<std::string> pieces) : seed_(seed), pieces_(std::move(pieces)) {}

  // A number below `bound`.
  uint32_t Below(uint32_t bound) {
    seed_ = seed_ * 1103515245u + 12345u;
    return (seed_ >> 16) % bound;
  }

  // `count` pieces in a row.
  std::string Text(uint32_t count) {
    std::string text;
    for (uint32_t i = 0; i < count; ++i) text += pieces_[Below(static_cast<uint32_t>(pieces_.size()))];
    return text;
  }

 private:
  uint32_t seed_;
  std::vector<std::string> pieces_;
};

}  // namespace govaudit::testing
