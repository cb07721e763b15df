// Template roll-up: a page-level problem (missing lang, missing meta tags, an image without alt
// text in the shared header ...) found on most pages of one template is one defect of the
// template, not hundreds of the pages. After the crawl, the findings of the rules named in
// config/site-checks.toml [templates] are grouped by page template (classify/templates.h) and by
// their evidence key; a group covering at least min_share_percent of the template's pages (and
// at least min_pages of them) is replaced by one finding naming the template and the number of
// pages.
#pragma once

#include <string>
#include <vector>

#include "classify/site_checks.h"
#include "common/finding.h"
#include "common/status.h"
#include "db/store.h"

namespace govaudit {

struct TemplateRollUp {
  std::vector<db::TemplateGroup> replaced;  // the groups of page findings the roll-ups replace
  std::vector<Finding> findings;            // one per template and defect
};

// Judges the findings the crawl held apart for it (db::Store::PutTemplateFindings); the caller
// settles them with `replaced` (db::Store::SettleTemplateFindings).
StatusOr<TemplateRollUp> RollUpTemplates(db::Store& store, int64_t run_id, const TemplateSettings& settings);

}  // namespace govaudit
