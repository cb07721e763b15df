#include "common/indicators.h"

#include "common/toml.h"
#include "config/resources.h"

namespace govaudit {
namespace {

constexpr const char* kHint = " (see config/indicators.toml)";

Status ReadList(TomlReader& r, ListSettings* s) {
  long min_anchor = static_cast<long>(s->min_anchor_chars), max_marker = static_cast<long>(s->empty_marker_max_chars);
  RETURN_IF_ERROR(r.Int("min_anchor_chars", &min_anchor, 1, 100));
  RETURN_IF_ERROR(r.Strings("navigation", &s->navigation));
  RETURN_IF_ERROR(r.Strings("empty_markers", &s->empty_markers));
  RETURN_IF_ERROR(r.Int("empty_marker_max_chars", &max_marker, 1, 1000));
  RETURN_IF_ERROR(r.Int("min_dated_items", &s->min_dated_items, 1, 1000));
  s->min_anchor_chars = static_cast<size_t>(min_anchor);
  s->empty_marker_max_chars = static_cast<size_t>(max_marker);
  return Status::Ok();
}

Status ReadColumns(TomlReader& r, std::vector<ColumnKind>* kinds) {
  const toml::node* node = r.Node("kind");
  if (node == nullptr) return Status::Ok();
  if (!node->is_array_of_tables()) return r.Error(*node, "kind", "expected [[columns.kind]] tables");
  kinds->clear();
  int index = 0;
  for (const toml::node& item : *node->as_array()) {
    TomlReader k = r.Sub(*item.as_table(), "kind[" + std::to_string(index++) + "]");
    ColumnKind kind;
    RETURN_IF_ERROR(k.String("id", &kind.id, /*required=*/true));
    RETURN_IF_ERROR(k.String("label", &kind.label));
    RETURN_IF_ERROR(k.Strings("names", &kind.names));
    RETURN_IF_ERROR(k.Int("days", &kind.days, 0, 3650));
    RETURN_IF_ERROR(k.Int("months", &kind.months, 0, 120));
    RETURN_IF_ERROR(k.CheckUnknown());
    if (kind.days == 0 && kind.months == 0) return k.Missing("days", "give days or months");
    kinds->push_back(std::move(kind));
  }
  return Status::Ok();
}

Status ReadContent(TomlReader& r, ContentSettings* s) {
  RETURN_IF_ERROR(r.Strings("secret_marks", &s->secret_marks));
  RETURN_IF_ERROR(r.Strings("secret_labels", &s->secret_labels));
  return r.Strings("disclosure_labels", &s->disclosure_labels);
}

}  // namespace

StatusOr<IndicatorSettings> IndicatorSettings::Parse(std::string_view toml_text, std::string_view source) {
  ASSIGN_OR_RETURN(toml::table root, ParseToml(toml_text, source));
  IndicatorSettings s;
  TomlReader top(root, std::string(source), "", kHint);
  RETURN_IF_ERROR(top.Section("list", [&](TomlReader& r) { return ReadList(r, &s.list); }));
  RETURN_IF_ERROR(top.Section("columns", [&](TomlReader& r) { return ReadColumns(r, &s.column_kinds); }));
  RETURN_IF_ERROR(top.Section("home", [&](TomlReader& r) { return r.Int("stale_days", &s.home_stale_days, 1, 3650); }));
  RETURN_IF_ERROR(top.Section("content", [&](TomlReader& r) { return ReadContent(r, &s.content); }));
  RETURN_IF_ERROR(top.CheckUnknown());
  return s;
}

const IndicatorSettings& IndicatorSettings::Builtin() {
  // A broken compiled-in file leaves it empty; its tests guard against that.
  static const IndicatorSettings settings =
      Parse(resources::Get("indicators.toml"), "config/indicators.toml").value_or(IndicatorSettings{});
  return settings;
}

}  // namespace govaudit
