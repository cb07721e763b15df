// The sections of the checks over more than one page: availability probes of the last week,
// message boards (reply times, unanswered messages, channels) and service guides, as report.html
// shows them and as findings.json's run.availability / run.interaction / run.service.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "assess/assessment.h"

namespace govaudit::report::internal {

std::string SiteChecksHtml(const RunAssessment& data);
// Adds run.availability, run.interaction and run.service to `run` when the run has them.
void AddSiteChecksJson(const RunAssessment& data, nlohmann::ordered_json* run);

}  // namespace govaudit::report::internal
