#include "assess/wording.h"

#include <spdlog/spdlog.h>

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
  ASSIGN_OR_RETURN(const toml::table* rules, r.Table("rules"));
  if (rules != nullptr) {
    TomlReader rr = r.Sub(*rules, "rules");
    for (const auto& [key, node] : *rules) {
      const std::string id(key.str());
      rr.Node(id);
      FindingClass c;
      RETURN_IF_ERROR(ReadClass(rr, node, id, &c));
      out->rule_classes[id] = c;
    }
  }
  return r.CheckUnknown();
}

}  // namespace

std::string_view FindingClassLabel(FindingClass c) {
  switch (c) {
    case FindingClass::kVeto: return "否决项";
    case FindingClass::kDeduction: return "扣分项";
    case FindingClass::kNotice: return "提示";
  }
  return "扣分项";
}

std::string_view FindingClassId(FindingClass c) {
  switch (c) {
    case FindingClass::kVeto: return "veto";
    case FindingClass::kDeduction: return "deduction";
    case FindingClass::kNotice: return "notice";
  }
  return "deduction";
}

std::optional<FindingClass> ParseFindingClass(std::string_view label) {
  for (FindingClass c : {FindingClass::kVeto, FindingClass::kDeduction, FindingClass::kNotice}) {
    if (label == FindingClassLabel(c) || label == FindingClassId(c)) return c;
  }
  return std::nullopt;
}

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
  ASSIGN_OR_RETURN(const toml::table* classes, top.Table("classes"));
  if (classes != nullptr) {
    TomlReader r = top.Sub(*classes, "classes");
    RETURN_IF_ERROR(ReadClasses(r, &out));
  }
  ASSIGN_OR_RETURN(const toml::table* names, top.Table("names"));
  if (names != nullptr) {
    TomlReader r = top.Sub(*names, "names");
    for (const auto& [key, node] : *names) {
      (void)node;
      const std::string id(key.str());
      std::string value;
      RETURN_IF_ERROR(r.String(id, &value, /*required=*/true));
      out.names[id] = value;
    }
  }
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
