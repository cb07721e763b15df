// Tables of inputs and the results a function must give for them, checked row by row.
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

}  // namespace govaudit::testing
