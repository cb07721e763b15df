// config/site-checks.toml compiled in, a user's file read over it.
#include "classify/site_checks.h"
#include "common/files.h"
#include "common/toml.h"
#include "config/resources.h"

namespace govaudit {
namespace {

constexpr const char* kHint = " (see config/site-checks.toml)";

Status ReadAvailability(TomlReader& r, AvailabilitySettings* s) {
  RETURN_IF_ERROR(r.Int("window_days", &s->window_days, 1, 366));
  RETURN_IF_ERROR(r.Int("min_probes_per_day", &s->min_probes_per_day, 1, 100000));
  RETURN_IF_ERROR(r.Int("timeout_s", &s->timeout_s, 1, 600));
  return r.Number("max_failure_percent", &s->max_failure_percent, 0.0, 100.0);
}

Status ReadInteraction(TomlReader& r, InteractionSettings* s) {
  const std::pair<const char*, std::vector<std::string>*> lists[] = {
      {"channel_words", &s->channel_words},       {"excluded_words", &s->excluded_words},
      {"title_labels", &s->title_labels},         {"submitted_labels", &s->submitted_labels},
      {"replied_labels", &s->replied_labels},     {"status_labels", &s->status_labels},
      {"replier_labels", &s->replier_labels},     {"reply_labels", &s->reply_labels},
      {"type_labels", &s->type_labels},           {"answered_words", &s->answered_words},
      {"unanswered_words", &s->unanswered_words}, {"invalid_words", &s->invalid_words},
  };
  for (const auto& [key, list] : lists) RETURN_IF_ERROR(r.Strings(key, list));
  RETURN_IF_ERROR(r.Int("lookback_months", &s->lookback_months, 1, 120));
  RETURN_IF_ERROR(r.Int("unanswered_months", &s->unanswered_months, 1, 120));
  RETURN_IF_ERROR(r.Int("reply_workdays", &s->reply_workdays, 1, 365));
  return r.Int("board_stale_months", &s->board_stale_months, 1, 120);
}

Status ReadElements(TomlReader& r, const toml::node& node, std::vector<GuideElement>* out) {
  if (!node.is_array_of_tables()) return r.Error(node, "element", "expected [[service.element]] tables");
  out->clear();
  int index = 0;
  for (const toml::node& item : *node.as_array()) {
    TomlReader e = r.Sub(*item.as_table(), "element[" + std::to_string(index++) + "]");
    GuideElement element;
    RETURN_IF_ERROR(e.String("name", &element.name, /*required=*/true));
    RETURN_IF_ERROR(e.Strings("labels", &element.labels));
    RETURN_IF_ERROR(e.CheckUnknown());
    if (element.labels.empty()) element.labels.push_back(element.name);
    out->push_back(std::move(element));
  }
  return Status::Ok();
}

Status ReadService(TomlReader& r, ServiceSettings* s) {
  if (const toml::node* elements = r.Node("element")) RETURN_IF_ERROR(ReadElements(r, *elements, &s->elements));
  RETURN_IF_ERROR(r.Section("recognition", [&](TomlReader& sub) {
    RETURN_IF_ERROR(sub.Strings("title_words", &s->title_words));
    RETURN_IF_ERROR(sub.Int("min_elements", &s->min_elements, 1, 100));
    return sub.Strings("service_words", &s->service_words);
  }));
  return r.Section("veto", [&](TomlReader& sub) {
    RETURN_IF_ERROR(sub.Int("missing_elements", &s->veto_missing_elements, 1, 100));
    return sub.Bool("required", &s->required);
  });
}

Status ReadTemplates(TomlReader& r, TemplateSettings* s) {
  RETURN_IF_ERROR(r.Int("min_share_percent", &s->min_share_percent, 1, 100));
  RETURN_IF_ERROR(r.Int("min_pages", &s->min_pages, 2, 1000000));
  return r.Strings("rules", &s->rules, /*allow_empty=*/true);
}

Status ReadInto(std::string_view text, std::string_view name, SiteCheckConfig* config) {
  ASSIGN_OR_RETURN(toml::table root, ParseToml(text, name));
  TomlReader top(root, std::string(name), "", kHint);
  RETURN_IF_ERROR(
      top.Section("availability", [&](TomlReader& r) { return ReadAvailability(r, &config->availability); }));
  RETURN_IF_ERROR(top.Section("interaction", [&](TomlReader& r) { return ReadInteraction(r, &config->interaction); }));
  RETURN_IF_ERROR(top.Section("service", [&](TomlReader& r) { return ReadService(r, &config->service); }));
  RETURN_IF_ERROR(top.Section("templates", [&](TomlReader& r) { return ReadTemplates(r, &config->templates); }));
  if (config->service.veto_missing_elements > static_cast<int>(config->service.elements.size())) {
    return Status::Error(std::string(name) + ": [service.veto] missing_elements (" +
                         std::to_string(config->service.veto_missing_elements) + ") is more than the " +
                         std::to_string(config->service.elements.size()) + " elements listed");
  }
  return top.CheckUnknown();
}

}  // namespace

StatusOr<SiteCheckConfig> SiteCheckConfig::Parse(std::string_view toml_text, std::string_view name,
                                                 const SiteCheckConfig& base) {
  SiteCheckConfig config = base;
  RETURN_IF_ERROR(ReadInto(toml_text, name, &config));
  return config;
}

const SiteCheckConfig& SiteCheckConfig::Builtin() {
  static const SiteCheckConfig config = [] {
    SiteCheckConfig c;
    // A broken compiled-in file leaves the lists empty; site_checks_test guards against it.
    (void)ReadInto(resources::Get("site-checks.toml"), "config/site-checks.toml", &c);
    return c;
  }();
  return config;
}

StatusOr<SiteCheckConfig> SiteCheckConfig::Load(const std::string& path) {
  if (path.empty()) return Builtin();
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path, "site checks"));
  return Parse(text, path, Builtin());
}

}  // namespace govaudit
