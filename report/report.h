// Report writers: findings.json and findings.csv for machines, report.html for inspectors.
// Rendering only: what they show was judged by assess/ (RunAssessment).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

#include "assess/assessment.h"
#include "common/status.h"

namespace govaudit::report {

Status WriteJson(const RunAssessment& data, const std::string& path);
Status WriteCsv(const RunAssessment& data, const std::string& path);
Status WriteHtml(const RunAssessment& data, const std::string& path);
// Creates `out_dir` and writes findings.json, findings.csv and report.html into it (and the
// scorecard files when the assessment holds a scorecard).
Status WriteAll(const RunAssessment& data, const std::string& out_dir);

// The veto verdict as report.html shows it (a <section>, every page string escaped) and as
// findings.json's run.veto.
std::string VetoHtml(const VetoSummary& summary);
nlohmann::ordered_json VetoJson(const VetoSummary& summary);

// The policy documents with their interpretations and the coverage counts (一文多解); empty
// when the run judged no policy document.
std::string InterpretationsHtml(const RunAssessment& data);

// HTML-escapes text taken from crawled pages (& < > " ').
std::string HtmlEscape(std::string_view text);

}  // namespace govaudit::report
