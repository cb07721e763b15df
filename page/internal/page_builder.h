// Builds a Page from HTML: one Gumbo parse, one walk over the tree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "page/internal/visibility.h"
#include "page/page.h"

namespace govaudit::internal {

struct BuiltPage {
  Page page;                             // title, meta and disclosure metadata not yet filled
  std::vector<size_t> bare_label_ends;   // where bare-label elements end in page.text
  std::vector<std::string> h1s;          // non-empty <h1> texts in document order
  std::string base_href;                 // <base href>, if any
  std::string unplaced_written_html;     // what scripts wrote where it is not shown in place
  StyleSheet sheet;                      // the class/id rules of its <style> blocks (own sheet only)
};

// With read_scripts, the HTML that inline scripts write is collected in
// page.script_written_html. `base_href` applies when the HTML has none of its own (HTML
// written by a page's scripts shares the page's base). `sheet`: the style rules that apply
// (the page's, for HTML its scripts write); null: those of the HTML's own <style> blocks.
BuiltPage BuildPage(std::string_view url, std::string_view html, bool read_scripts,
                    const std::string& base_href = "", const StyleSheet* sheet = nullptr);

}  // namespace govaudit::internal
