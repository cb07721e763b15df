#include "classify/templates.h"

#include <algorithm>
#include <set>

#include "common/hash.h"
#include "common/strings.h"

namespace govaudit {
namespace {

// The header's links (logo, navigation) and the footer's: the same on every page of a template,
// unlike the content between them. Few enough that a list's paging links stay out.
constexpr size_t kHeadLinks = 6;
constexpr size_t kFootLinks = 3;
constexpr size_t kLabelLinks = 4;

std::string WithoutQuery(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }

}  // namespace

PageTemplate TemplateOf(const Page& page) {
  std::set<std::string> scripts;
  for (const std::string& src : page.script_srcs) scripts.insert(WithoutQuery(src));
  std::set<std::string> metas;
  for (const auto& [name, content] : page.meta_tags) metas.insert(LowerAscii(name));
  std::vector<const PageLink*> links;
  std::set<std::string> seen;
  for (const PageLink& link : page.links) {
    if (link.url.empty() || link.tag != "a" || !seen.insert(link.url).second) continue;
    links.push_back(&link);
  }
  std::string key = "s:";
  for (const std::string& s : scripts) key += s + "\n";
  key += "m:";
  for (const std::string& m : metas) key += m + "\n";
  key += "h:";
  for (size_t i = 0; i < std::min(kHeadLinks, links.size()); ++i) key += links[i]->url + "\n";
  key += "f:";
  for (size_t i = links.size() > kFootLinks ? links.size() - kFootLinks : 0; i < links.size(); ++i) {
    key += links[i]->url + "\n";
  }
  PageTemplate t;
  t.signature = Hex64(Fnv1a64(key));
  std::vector<std::string> names;
  for (size_t i = 0; i < links.size() && names.size() < kLabelLinks; ++i) {
    std::string_view text = TrimSpaces(links[i]->anchor_text);
    if (!text.empty()) names.emplace_back(Utf8Prefix(text, 30));
  }
  t.label = names.empty() ? "无导航链接" : Join(names, "、");
  return t;
}

}  // namespace govaudit
