// Runs written straight into a store, for tests of what reads them (reports, site rules)
// without crawling a site first.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/finding.h"
#include "db/store.h"

namespace govaudit::testing {

// A complete run of `site` (audit date 2026-11-26, stopped as "finished", started at
// `started_at` or now) holding `findings`; its id. History is not brought up to date: tests that
// need it call UpdateHistory.
inline int64_t AddFinishedRun(db::Store& store, const std::string& site, const std::vector<Finding>& findings = {},
                              const std::string& started_at = "") {
  db::RunInfo run;
  run.site = site;
  run.as_of = "2026-11-26";
  run.started_at = started_at;
  run.id = *store.BeginRun(run);
  run.complete = true;
  run.stop_reason = "finished";
  EXPECT_TRUE(store.PutFindings(run.id, findings).ok());
  EXPECT_TRUE(store.FinishRun(run).ok());
  return run.id;
}

}  // namespace govaudit::testing
