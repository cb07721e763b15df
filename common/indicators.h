// The national inspection indicators' thresholds and word lists (config/indicators.toml), read
// once into a typed struct: the page model reads [list], the freshness, identity and content
// rules read [columns], [home] and [content]. The veto verdict's table is config/veto.toml.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace govaudit {

struct ListSettings {
  size_t min_anchor_chars = 5;             // a link with less text is no list item
  std::vector<std::string> navigation;     // link texts that are navigation (首页, 更多 ...)
  std::vector<std::string> empty_markers;  // a short line saying the list is empty (暂无信息 ...)
  size_t empty_marker_max_chars = 30;
  int min_dated_items = 3;                 // a page listing this many dated items is a list
};

// A kind of column and its update limit (19号 栏目不更新).
struct ColumnKind {
  std::string id;     // "news", "notice", "personnel"
  std::string label;  // "动态要闻类"
  std::vector<std::string> names;  // words of a column name that make it this kind
  int days = 0;       // the limit: days, or else months
  int months = 0;
};

struct ContentSettings {
  std::vector<std::string> secret_marks;       // "秘密★"
  std::vector<std::string> secret_labels;      // "内部资料"
  std::vector<std::string> disclosure_labels;  // "公开属性"
};

struct IndicatorSettings {
  ListSettings list;
  std::vector<ColumnKind> column_kinds;  // in order: the first kind with a word in the name wins
  int home_stale_days = 14;
  ContentSettings content;

  // Reads an indicators file; errors name the file, the line and the key.
  static StatusOr<IndicatorSettings> Parse(std::string_view toml_text, std::string_view source);
  // The compiled-in config/indicators.toml (a test keeps it valid).
  static const IndicatorSettings& Builtin();
};

}  // namespace govaudit
