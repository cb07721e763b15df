#include "classify/service_guides.h"

#include <algorithm>
#include <optional>

#include "classify/internal/labels.h"
#include "classify/internal/text.h"
#include "common/strings.h"

namespace govaudit {

using namespace classify_internal;  // NOLINT: the classifiers' text helpers

namespace {

// A title names an item when this many characters stand before 办事指南.
constexpr size_t kMinItemNameCodePoints = 2;
// A page linking to this many guides is a list of guides, not one.
constexpr int kMaxGuideLinks = 3;
constexpr std::string_view kItemName = "事项名称";

// The item named before the first title word ("社会团体成立登记" in "社会团体成立登记办事指南").
std::string ItemNameInTitle(const std::string& title, const ServiceSettings& s) {
  for (const std::string& word : s.title_words) {
    size_t at = Find(title, word);
    if (at == npos) continue;
    std::string_view before = TrimSpaces(std::string_view(title).substr(0, at));
    // Brackets and dashes around the item: 《…》办事指南, “…”服务指南, …—办事指南.
    for (std::string_view trim : {"《", "》", "“", "”", "-", "—", "：", ":"}) {
      while (before.starts_with(trim)) before.remove_prefix(trim.size());
      while (before.ends_with(trim)) before.remove_suffix(trim.size());
    }
    if (CodePoints(before) >= kMinItemNameCodePoints) return std::string(before);
  }
  return "";
}

// Where the site's footer starts (主办单位, 网站标识码, ICP备 ... in the text's second half): its
// 联系电话 is the site's, not the guide's.
size_t FooterStart(std::string_view text) {
  static const std::vector<std::string> kMarkers = {"主办单位", "网站标识码", "ICP备",
                                                    "公网安备", "版权所有",   "Copyright"};
  size_t footer = text.size();
  for (const std::string& m : kMarkers) {
    if (size_t at = Find(text, m, text.size() / 2); at != npos) footer = std::min(footer, at);
  }
  if (footer == text.size()) return footer;
  size_t line_start;
  LineAt(text, footer, &line_start);
  return line_start;
}

int GuideLinks(const Page& page, const ServiceSettings& s) {
  int n = 0;
  for (const PageLink& link : page.links) n += FirstIn(link.anchor_text, s.title_words) != nullptr;
  return n;
}

}  // namespace

bool NamesService(const std::string& text, const ServiceSettings& s) {
  return FirstIn(text, s.service_words) != nullptr;
}

std::optional<ServiceGuide> ReadServiceGuide(const Page& page, const ServiceSettings& s) {
  if (s.elements.empty()) return std::nullopt;
  std::vector<LabelSet> sets;
  for (size_t i = 0; i < s.elements.size(); ++i) sets.push_back({static_cast<int>(i), &s.elements[i].labels});
  LabelScan scan;
  scan.multi_line_values = true;
  std::vector<bool> given(s.elements.size(), false);
  int labelled = 0;
  std::optional<size_t> footer;  // looked for only once a value needs it: most pages have none
  for (const LabelledValue& v : ScanLabels(page.text, sets, scan)) {
    if (v.value.empty() || given[v.set]) continue;
    if (!footer) footer = FooterStart(page.text);
    if (v.at >= *footer) continue;
    given[v.set] = true;
    ++labelled;
  }
  const std::string item = ItemNameInTitle(page.title, s);
  const bool titled = !item.empty() && GuideLinks(page, s) < kMaxGuideLinks;
  if (labelled < s.min_elements && !titled) return std::nullopt;
  ServiceGuide guide;
  guide.title = page.title;
  // A title naming the item gives 事项名称.
  for (size_t i = 0; i < s.elements.size() && !item.empty(); ++i) {
    if (s.elements[i].name == kItemName) given[i] = true;
  }
  for (size_t i = 0; i < s.elements.size(); ++i) {
    (given[i] ? guide.present : guide.missing).push_back(s.elements[i].name);
  }
  return guide;
}

}  // namespace govaudit
