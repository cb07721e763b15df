// The template a page was made from, as far as one page shows it: the scripts it loads, the
// names of its meta tags, its first links (logo and navigation) and its last ones (the footer).
// Pages of one CMS template share these whatever their content, so the template roll-up
// (rules/templates.h) can report a problem of the shared header once instead of once a page.
#pragma once

#include <string>

#include "page/page.h"

namespace govaudit {

struct PageTemplate {
  std::string signature;  // 16 hex digits; equal for pages of one template
  std::string label;      // what people recognise it by: its first navigation links' texts
};

PageTemplate TemplateOf(const Page& page);

}  // namespace govaudit
