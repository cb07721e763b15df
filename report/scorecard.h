// The work-points scorecard as files and report sections: scorecard.json, scorecard.csv,
// departments.csv (work orders per department), and the 任务分工对照 and 责任部门整改清单
// sections of report.html. The scorecard itself is computed by assess/scorecard.h.
#pragma once

#include <string>

#include "assess/scorecard.h"
#include "common/status.h"

namespace govaudit::report {

Status WriteScorecardJson(const Scorecard& card, const std::string& path);
// UTF-8 with BOM (Excel opens it as such): one row per task.
Status WriteScorecardCsv(const Scorecard& card, const std::string& path);
// UTF-8 with BOM: one row per department and open task, with the findings behind it.
Status WriteDepartmentsCsv(const Scorecard& card, const std::string& path);
// scorecard.json, scorecard.csv and departments.csv into `out_dir` (which must exist).
Status WriteScorecardFiles(const Scorecard& card, const std::string& out_dir);

// The 任务分工对照 and 责任部门整改清单 sections of report.html (every page string escaped).
std::string ScorecardHtml(const Scorecard& card);

}  // namespace govaudit::report
