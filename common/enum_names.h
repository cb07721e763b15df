// One table per enum for the names its values go by: the stable id written to JSON, CSV and the
// database, and the words shown to people. Both names, and parsing them back, come from the
// same row, so they cannot drift apart.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace govaudit {

template <typename E>
struct EnumName {
  E value;
  std::string_view id;
  std::string_view label;  // empty where the enum has no words of its own
};

// The row of `value`. The table's first row also answers for a value outside the enum (a
// corrupt cast), so it is the safest reading.
template <typename E, size_t N>
constexpr const EnumName<E>& NameOf(const EnumName<E> (&table)[N], E value) {
  for (const EnumName<E>& row : table) {
    if (row.value == value) return row;
  }
  return table[0];
}

// The value whose id or label is `text`.
template <typename E, size_t N>
constexpr std::optional<E> ValueNamed(const EnumName<E> (&table)[N], std::string_view text) {
  for (const EnumName<E>& row : table) {
    if (text == row.id || (!row.label.empty() && text == row.label)) return row.value;
  }
  return std::nullopt;
}

}  // namespace govaudit
