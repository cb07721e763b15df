// Where a page sits on its site: the steps of its breadcrumb (当前位置：首页 > 政务公开 > 通知公告),
// the parts of its <title> ("通知公告_某某县人民政府"), and the column names these give. One
// parser for every caller: the page kinds, the freshness rules and the scorecard read the same.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "page/page.h"

namespace govaudit {

// The breadcrumb's steps in order, from the first line that starts with a location label
// (当前位置, 您的位置 ...): on that line after the label, on following lines that start with a
// separator ("首页\n>政务公开"), or, when the label stands alone, on the short lines after it
// (one link per block). Empty if the page has no breadcrumb.
std::vector<std::string> BreadcrumbSteps(std::string_view text);
// BreadcrumbSteps(page.text), read once per page text (not thread-safe for one page).
const std::vector<std::string>& BreadcrumbStepsOf(const Page& page);

// The parts of a <title> split on the separators sites put between page and site name
// (_ | ｜ － — -- " - ", and "-" except between digits: "2024-2025年" stays whole), trimmed,
// empty parts dropped.
std::vector<std::string> TitleParts(std::string_view html_title);

// True for a name a site gives itself: `site_name` (its SiteName meta tag), or a short name
// ending like one (…人民政府, …政府网, …门户网站, …网站).
bool LooksLikeSiteName(std::string_view name, std::string_view site_name = {});

// The page's own part of its <title>: trailing parts that name the site, a column or a gazette
// issue are cut off ("通知__2026年第11期县政府公报_某县人民政府" → "通知"); the first part stays.
std::string TitleWithoutSiteName(std::string_view html_title, std::string_view site_name = {});

// The column a page shows: the ColumnName meta tag, else the last step of its breadcrumb, else
// its heading (Page::title), else the first part of <title>.
struct ColumnNames {
  std::string meta;        // <meta name="ColumnName">
  std::string breadcrumb;  // last breadcrumb step (a breadcrumb that is only 首页 gives none)
  std::string heading;     // Page::title
  std::string html_title;  // first part of <title>
  // The first non-empty of the above, in that order.
  const std::string& Best() const;
};
ColumnNames ColumnNamesOf(const Page& page);

}  // namespace govaudit
