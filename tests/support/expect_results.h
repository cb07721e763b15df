// Tables of inputs and the results a function must give for them, checked row by row; lists of
// inputs a predicate must accept or reject.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>
#include <utility>

namespace govaudit::testing {

// One input and the result expected for it.
using InputAndResult = std::pair<std::string_view, std::string_view>;

// Expects `f(input) == result` for every row; a failure names the row's input.
template <typename F>
void ExpectResults(F&& f, std::initializer_list<InputAndResult> rows) {
  for (const auto& [input, result] : rows) EXPECT_EQ(f(input), result) << "input: " << input;
}

// Expects `accepts(input)` to be true for every input; a failure names the input.
template <typename F>
void ExpectAccepted(F&& accepts, std::initializer_list<std::string_view> inputs) {
  for (std::string_view input : inputs) EXPECT_TRUE(accepts(input)) << "input: " << input;
}

// Expects `accepts(input)` to be false for every input; a failure names the input.
template <typename F>
void ExpectRejected(F&& accepts, std::initializer_list<std::string_view> inputs) {
  for (std::string_view input : inputs) EXPECT_FALSE(accepts(input)) << "input: " << input;
}

}  // namespace govaudit::testing
