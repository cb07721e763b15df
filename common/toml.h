// The one strict TOML reader: every file govaudit reads (configuration, page kinds, work points,
// indicators, rule→task map) goes through it, so that every error names the file, the line and
// the key, and every unknown key is refused.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/date.h"
#include "common/status.h"

namespace govaudit {

// Parses TOML text; a syntax error names `source` and the line.
StatusOr<toml::table> ParseToml(std::string_view text, std::string_view source);

// Reads the keys of one table, remembering which were used so that CheckUnknown can refuse the
// others. Absent keys leave the output untouched (the default stays).
class TomlReader {
 public:
  // `prefix` is prepended to key names in messages ("site.crawl."); `hint` ends the message of an
  // unknown key (" (see config/page-kinds.toml)"); `fallback_line` is used for nodes without a
  // source position (inline tables built by toml++).
  TomlReader(const toml::table& table, std::string file, std::string prefix = "", std::string hint = "",
             int fallback_line = 0);

  const std::string& file() const { return file_; }
  const std::string& prefix() const { return prefix_; }
  const toml::table& table() const { return table_; }

  // "file:line: key 'prefix.key': what".
  Status Error(const toml::node& node, std::string_view key, std::string_view what) const;
  // For an absent key: the table's own line.
  Status Missing(std::string_view key, std::string_view what) const;

  // The node of `key` (marked used), or nullptr.
  const toml::node* Node(std::string_view key);

  Status String(std::string_view key, std::string* out, bool required = false);
  // An array of strings; empty strings are refused unless `allow_empty`.
  Status Strings(std::string_view key, std::vector<std::string>* out, bool allow_empty = false);
  // A string or an array of strings.
  Status OneOrMore(std::string_view key, std::vector<std::string>* out);
  // An array of two-string arrays; `shape` describes one for the message ("[\"/path/\", \"栏目\"]").
  Status Pairs(std::string_view key, std::vector<std::pair<std::string, std::string>>* out, std::string_view shape);
  Status Bool(std::string_view key, bool* out);
  Status Bool(std::string_view key, std::optional<bool>* out);
  Status Int(std::string_view key, int* out, int min, int max);
  Status Int(std::string_view key, long* out, long min, long max);
  // An integer or a float within [min, max].
  Status Number(std::string_view key, double* out, double min, double max);
  // A TOML date (2022-10-31) or a "YYYY-MM-DD" string.
  Status DateValue(std::string_view key, std::optional<Date>* out);
  // The same for a node already in hand (an array item); errors name `key`.
  Status DateOf(const toml::node& node, std::string_view key, Date* out) const;
  // A sub-table, or nullptr when absent (an error when the key holds something else).
  StatusOr<const toml::table*> Table(std::string_view key);
  // A reader of a sub-table, its keys named "prefix.key.sub".
  TomlReader Sub(const toml::table& table, std::string_view key) const;
  // Reads the sub-table `key`, when present, with read(TomlReader& sub) -> Status, then refuses
  // the keys `read` did not use.
  template <typename F>
  Status Section(std::string_view key, F&& read) {
    ASSIGN_OR_RETURN(const toml::table* table, Table(key));
    if (table == nullptr) return Status::Ok();
    TomlReader sub = Sub(*table, key);
    RETURN_IF_ERROR(read(sub));
    return sub.CheckUnknown();
  }

  // An error for the first key that no reader call asked for.
  Status CheckUnknown() const;

  // The node's line, or the fallback line for nodes without a position.
  int LineOf(const toml::node& node) const;

 private:
  const toml::table& table_;
  std::string file_;
  std::string prefix_;
  std::string hint_;
  int fallback_line_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace govaudit
