// Service guides (办事指南): whether a page is one, and which of the key elements 19号 names
// (事项名称、设定依据、申请条件、办理材料、办理地点、办理机构、收费标准、办理时间、联系电话、
// 办理流程) it shows with a value. Guides write them as label/value rows, as numbered sections
// (一、设定依据 / 2 设定依据), as tabs whose panes follow, as <dl> terms; a label with nothing
// after it ("咨询电话：" left blank) does not count. The element names and their synonyms come
// from config/site-checks.toml [service].
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "classify/site_checks.h"
#include "page/page.h"

namespace govaudit {

struct ServiceGuide {
  std::string title;
  std::vector<std::string> present;  // element names, in the configured order
  std::vector<std::string> missing;
};

// The guide a page is, or nothing: a page whose title names it a guide (and that is not a list
// of guides), or that shows at least `min_elements` elements as labels. The item's name counts
// as given when the title names the item before 办事指南 ("社会团体成立登记办事指南").
std::optional<ServiceGuide> ReadServiceGuide(const Page& page, const ServiceSettings& settings);

// True if a name or link text says 办事服务 (办事服务, 政务服务, 网上办事 ...).
bool NamesService(const std::string& text, const ServiceSettings& settings);

}  // namespace govaudit
