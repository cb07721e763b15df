// Labelled values in a page's visible text, as boards and guides write them: "来信时间：2026-03-02",
// a label cell and its value cell ("办理地点\t市民中心 3 楼"), several labels on one line
// ("编号：A1 咨询人：张** 提交时间：2026-03-02"), a label heading with its value on the lines
// below ("一、申请条件\n……"). A word counts as a label only where a label can stand: followed
// by a colon, or alone in its cell or line, or (for dates) followed by a date — so "回复时间为 5
// 个工作日" in a usage notice is no label.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace govaudit::classify_internal {

struct LabelSet {
  int id = 0;  // the caller's name for the set
  const std::vector<std::string>* labels = nullptr;
};

struct LabelledValue {
  int set = 0;        // LabelSet::id
  std::string label;  // as matched
  std::string value;  // trimmed; empty when the label stands with nothing after it
  size_t at = 0;      // byte offset of the label in the text
};

struct LabelScan {
  // Heading labels ("一、申请条件" alone on a line) take the lines below them, up to the next
  // label, as their value (service guides); otherwise only the next cell or line.
  bool multi_line_values = false;
  // Numbering may stand before a label: 一、 1. （二） 2 .
  bool numbering = true;
  size_t max_value_bytes = 600;
  // Lines where no label can stand (long prose without a colon, tab or digit) are stepped
  // over unscanned. Tests turn it off to check that the answer is the same.
  bool skip_plain_lines = true;
};

// Every labelled value in `text`, in text order. The longest label wins where several start at
// one place; a label inside another (状态 in 处理状态) is not matched again.
std::vector<LabelledValue> ScanLabels(std::string_view text, const std::vector<LabelSet>& sets,
                                      const LabelScan& options = {});

// The lines of `text` (split on '\n'), each trimmed.
std::vector<std::string_view> Lines(std::string_view text);

}  // namespace govaudit::classify_internal
