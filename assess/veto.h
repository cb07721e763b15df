// The single-veto summary (单项否决) of the national inspection indicators
// (国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》): for each indicator the crawler can
// judge, whether the site passes, with the findings that count against it. A site that fails
// any one is unqualified whatever its other scores. Computed from the run's findings, so a
// stored run re-renders the same summary. Thresholds: config/indicators.toml [veto].
#pragma once

#include <string>
#include <vector>

#include "db/store.h"

namespace govaudit {

struct VetoItem {
  std::string id;          // "column_stale_news_notice"
  std::string indicator;   // the indicator as the document names it: 栏目不更新
  std::string criterion;   // what fails it, with the threshold: 动态、要闻类…累计超过（含）5 个未更新
  std::vector<std::string> rules;  // the rule ids whose findings count
  int threshold = 1;       // fails when count >= threshold
  int count = 0;           // findings that count (dismissed ones do not)
  // Findings that count only once a person confirms them in triage (acknowledged): while open
  // they make a passing row 需人工复核 instead of 通过 (the security.* rules' matches).
  int to_review = 0;
  bool passed() const { return count < threshold; }
  bool needs_review() const { return passed() && to_review > 0; }
  // The counted findings: fingerprint and a line naming the page and the defect.
  struct Evidence {
    std::string fingerprint;
    std::string url;
    std::string text;
  };
  std::vector<Evidence> evidence;
};

struct VetoSummary {
  std::vector<VetoItem> items;
  bool passed() const;
  bool needs_review() const;  // passed, with a row waiting for a person's confirmation
};

// Evaluates a run's findings (dismissed ones do not count). The home page is the run's start
// URL(s) (settings.start_urls). Thresholds: config/indicators.toml [veto].
VetoSummary EvaluateVeto(const db::RunInfo& run, const std::vector<db::StoredFinding>& findings);

}  // namespace govaudit
