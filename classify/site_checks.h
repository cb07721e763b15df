// What the checks that need more than one page read on pages and judge over the store:
// availability probes (站点无法访问), message boards (互动回应差), service guides (服务不实用) and
// the template roll-up. Defaults: config/site-checks.toml, compiled in; a user's file is read
// over it. Plain values; the page readers (messages.h, service_guides.h) and the site rules
// (rules/availability.h, interaction.h, service.h) take what they need from here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace govaudit {

struct AvailabilitySettings {
  int window_days = 7;               // the probes judged: the days before the audit
  int min_probes_per_day = 20;       // fewer on any day of the window: not judged (未检查)
  int timeout_s = 15;                // a probe fails when the page has not opened by then
  double max_failure_percent = 5.0;  // failures at or above this share fail the site
};

struct InteractionSettings {
  std::vector<std::string> channel_words;   // consultation channels: 领导信箱, 在线咨询 ...
  std::vector<std::string> excluded_words;  // channels that do not count: 信访, 举报 ...
  std::vector<std::string> title_labels;
  std::vector<std::string> submitted_labels;
  std::vector<std::string> replied_labels;
  std::vector<std::string> status_labels;
  std::vector<std::string> replier_labels;
  std::vector<std::string> reply_labels;
  std::vector<std::string> type_labels;
  std::vector<std::string> answered_words;
  std::vector<std::string> unanswered_words;
  std::vector<std::string> invalid_words;
  int lookback_months = 12;    // messages submitted this far back are judged
  int unanswered_months = 3;   // left unanswered longer than this: veto
  int reply_workdays = 5;      // answered later than this many working days: deduction
  int board_stale_months = 2;  // a reply column without a newer message: deduction
};

struct GuideElement {
  std::string name;                 // as 19号 names it: 设定依据
  std::vector<std::string> labels;  // labels that name it on a guide (the name itself included)
};

struct ServiceSettings {
  std::vector<GuideElement> elements;      // the ten elements, in 19号's order
  std::vector<std::string> title_words;    // a title with one of these is a guide: 办事指南 ...
  int min_elements = 4;                    // ... or a page showing this many elements as labels
  std::vector<std::string> service_words;  // links and columns that show 办事服务 exists
  int veto_missing_elements = 4;           // a guide missing this many is unusable (service.guide_unusable)
  bool required = true;                    // false: no external service function, not checked
};

struct TemplateSettings {
  int min_share_percent = 60;
  int min_pages = 3;
  std::vector<std::string> rules;  // the page rules whose findings are rolled up
};

struct SiteCheckConfig {
  AvailabilitySettings availability;
  InteractionSettings interaction;
  ServiceSettings service;
  TemplateSettings templates;

  // Reads a site-checks file over `base`: a list or number it names replaces the base's.
  // Errors name the file, the line and the key.
  static StatusOr<SiteCheckConfig> Parse(std::string_view toml_text, std::string_view name,
                                         const SiteCheckConfig& base);
  // The compiled-in config/site-checks.toml.
  static const SiteCheckConfig& Builtin();
  // The compiled-in configuration with the file at `path` read over it (empty: none).
  static StatusOr<SiteCheckConfig> Load(const std::string& path);
};

}  // namespace govaudit
