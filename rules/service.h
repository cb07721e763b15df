// Service (服务不实用) judged over what the run read: whether the site offers 办事服务 at all (a
// service guide of its own, or a link to a service hall or the provincial 政务服务网), and for
// each service guide the key elements it lacks. The same summary feeds the service.* rules and
// the report's guide table.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "classify/site_checks.h"
#include "common/status.h"
#include "db/store.h"

namespace govaudit {

struct ServiceSummary {
  bool required = true;              // false: no external service function (not checked)
  std::vector<db::GuideRow> guides;  // every guide read, by URL
  int complete = 0;                  // guides lacking nothing
  int unusable = 0;                  // guides lacking at least `missing_elements`
  int missing_elements = 4;
  std::map<std::string, int> missing_by_element;  // element → guides lacking it
  std::vector<std::string> entries;               // links or columns that show 办事服务 exists
};

StatusOr<ServiceSummary> SummarizeService(db::Store& store, int64_t run_id, const ServiceSettings& settings);

}  // namespace govaudit
