// A stored page made fit to keep in a report folder and to open in a browser: its scripts,
// frames, plugins, event handlers, meta refreshes and <base> removed, javascript: addresses
// neutralised, personal data masked wherever it sits (text, also a value split over inline
// elements such as <span>6405</span><span>21…</span>; attributes; comments; styles), and the
// evidence of the findings marked. Reports still load it sandboxed (report/snapshot.cc): this
// is the second wall, not the only one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govaudit::report::internal {

struct SnapshotMarks {
  std::vector<std::string> texts;         // evidence as the masked page shows it: <mark>ed
  std::vector<std::string> link_targets;  // absolute URLs: links to them are outlined
};

// `html` is the page decoded to UTF-8; `base_url` resolves its relative links.
std::string SafeSnapshotHtml(std::string_view html, const std::string& base_url, const SnapshotMarks& marks);

}  // namespace govaudit::report::internal
