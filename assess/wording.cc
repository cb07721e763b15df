#include "assess/wording.h"

#include <spdlog/spdlog.h>

#include "common/enum_names.h"
#include "common/toml.h"
#include "config/resources.h"

namespace govaudit {
namespace {

constexpr const char* kResourceName = "wording.toml";

Status ReadClass(TomlReader& r, const toml::node& node, const std::string& key, FindingClass* out) {
  const std::optional<std::string> label = node.value<std::string>();
  std::optional<FindingClass> c = label ? ParseFindingClass(*label) : std::nullopt;
  if (!c) return r.Error(node, key, "expected \"否决项\", \"扣分项\" or \"提示\"");
  *out = *c;
  return Status::Ok();
}

Status ReadClasses(TomlReader& r, Wording* out) {
  static constexpr const char* kSeverities[] = {"high", "medium", "low"};
  for (int i = 0; i < 3; ++i) {
    if (const toml::node* node = r.Node(kSeverities[i])) {
      RETURN_IF_ERROR(ReadClass(r, *node, kSeverities[i], &out->by_severity[i]));
    }
  }
  return r.Section("rules", [out](TomlReader& rules) {
    for (const auto& [key, node] : rules.table()) {
      const std::string id(key.str());
      rules.Node(id);
      FindingClass c;
      RETURN_IF_ERROR(ReadClass(rules, node, id, &c));
      out->rule_classes[id] = c;
    }
    return Status::Ok();
  });
}

constexpr EnumName<FindingClass> kFindingClassNames[] = {
    {FindingClass::kDeduction, "deduction", "扣分项"},
    {FindingClass::kVeto, "veto", "否决项"},
    {FindingClass::kNotice, "notice", "提示"},
};

}  // namespace

std::string_view FindingClassLabel(FindingClass c) { return NameOf(kFindingClassNames, c).label; }
std::string_view FindingClassId(FindingClass c) { return NameOf(kFindingClassNames, c).id; }

std::optional<FindingClass> ParseFindingClass(std::string_view label) { return ValueNamed(kFindingClassNames, label); }

std::string Wording::NameOf(std::string_view rule_id) const {
  auto it = names.find(std::string(rule_id));
  return it == names.end() ? std::string(rule_id) : it->second;
}

FindingClass Wording::ClassOf(std::string_view rule_id, Severity severity) const {
  if (auto it = rule_classes.find(std::string(rule_id)); it != rule_classes.end()) return it->second;
  const std::string family(rule_id.substr(0, rule_id.find('.')));
  if (auto it = rule_classes.find(family); it != rule_classes.end()) return it->second;
  return by_severity[static_cast<int>(severity)];
}

StatusOr<Wording> ParseWording(std::string_view text, const std::string& name) {
  ASSIGN_OR_RETURN(toml::table root, ParseToml(text, name));
  TomlReader top(root, name);
  Wording out;
  RETURN_IF_ERROR(top.Section("classes", [&out](TomlReader& r) { return ReadClasses(r, &out); }));
  RETURN_IF_ERROR(top.Section("names", [&out](TomlReader& names) {
    for (const auto& [key, node] : names.table()) {
      (void)node;
      const std::string id(key.str());
      std::string value;
      RETURN_IF_ERROR(names.String(id, &value, /*required=*/true));
      out.names[id] = value;
    }
    return Status::Ok();
  }));
  RETURN_IF_ERROR(top.CheckUnknown());
  return out;
}

const Wording& DefaultWording() {
  static const Wording wording = [] {
    auto parsed = ParseWording(resources::Get(kResourceName), std::string("config/") + kResourceName);
    if (!parsed.ok()) {
      spdlog::error("{}", parsed.status().message());
      return Wording();
    }
    return std::move(parsed).value();
  }();
  return wording;
}

}  // namespace govaudit
