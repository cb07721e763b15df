// The verdict of the national inspection indicators (国办秘函〔2019〕19号《政府网站与政务新媒体
// 检查指标》): the six single-veto items (单项否决), each judged by one or more rows, every row
// 不通过 / 通过 / 需人工复核 / 未检查 with the evidence behind it, and the deduction items
// (扣分指标) with their counts. A site failing any row is unqualified whatever its scores.
//
// Which findings count where is data (config/veto.toml): a row names rule ids or families
// ("security."), so a new rule family joins an item without code. A row whose data is missing
// (less than a week of probes, no message read) is 未检查, never 通过; a row resting on a
// dictionary or heuristic match is 需人工复核 until a person confirms the finding in triage
// (status acknowledged). Computed from the run's findings and stored data, so a stored run
// re-renders the same verdict (with the triage decisions made since).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "db/store.h"

namespace govaudit {

enum class VetoStatus { kFailed, kReview, kNotChecked, kPassed };

std::string_view VetoStatusLabel(VetoStatus status);  // 不通过, 需人工复核, 未检查, 通过
std::string_view VetoStatusId(VetoStatus status);     // "failed", "review", "not_checked", "passed"

// One row of config/veto.toml.
struct VetoRowSpec {
  std::string id;
  std::string item;                       // the veto item as 19号 names it: 栏目不更新
  std::string criterion;                  // what fails it, with the threshold
  std::string reading;                    // a note shown beside the row (a local reading), may be empty
  std::vector<std::string> rules;         // ids or families ("security.") whose findings fail it
  std::vector<std::string> review_rules;  // ... that count only once confirmed in triage
  std::vector<std::string> keys;          // evidence-key prefixes a finding must have, if any
  int threshold = 1;
  std::string needs;     // "", "probes", "messages", "service_guides"
  bool absence = false;  // its findings say something is missing from the site
};

// One row of the deduction table.
struct DeductionSpec {
  std::string id;
  std::string group;  // 可用性, 功能设计, 互动交流 ...
  std::string name;
  std::vector<std::string> rules;
  std::string scope;  // "", "home" (linked from a start page), "other"
};

struct VetoTable {
  std::vector<VetoRowSpec> rows;
  std::vector<DeductionSpec> deductions;

  // Errors name the file, the line and the key.
  static StatusOr<VetoTable> Parse(std::string_view toml_text, std::string_view name);
  // The compiled-in config/veto.toml (a test keeps it valid).
  static const VetoTable& Builtin();
};

// True if `rule_id` is one of `patterns`: an exact id, or a family written with its dot
// ("security." matches "security.hidden_link").
bool MatchesRule(const std::vector<std::string>& patterns, const std::string& rule_id);

// What the rows that need more than findings rely on.
struct VetoFacts {
  bool usable = true;    // false: the run's start page gave nothing to audit
  bool complete = true;  // false: the run stopped early (page limit, interrupted)
  // Availability over the week before the audit: judged (every day probed enough), failed,
  // and a sentence with the figures; `probed` false when no summary could be made.
  bool probed = false;
  bool probes_judged = false;
  std::string probes_note;
  int messages = -1;  // valid consultation messages read; -1 unknown
  int guides = -1;    // service guides read; -1 unknown
  bool service_required = true;
  std::set<std::string> disabled_rules;  // rule ids and families disabled for the run
};

struct VetoEvidence {
  std::string fingerprint;
  std::string rule;
  std::string url;
  std::string text;
  bool confirmed = false;  // acknowledged in triage
};

struct VetoRow {
  VetoRowSpec spec;
  VetoStatus status = VetoStatus::kNotChecked;
  int count = 0;     // findings that count toward the threshold
  int pending = 0;   // review findings not yet confirmed
  std::string note;  // why the status, for people: figures, or the data that is missing
  std::vector<VetoEvidence> evidence;
};

struct DeductionRow {
  DeductionSpec spec;
  int count = 0;
  std::vector<VetoEvidence> evidence;  // the first few
};

struct VetoSummary {
  std::vector<VetoRow> rows;
  std::vector<DeductionRow> deductions;
  // The worst row: any 不通过 makes the site unqualified; then 需人工复核, then 未检查; 通过
  // only when every row passed.
  VetoStatus overall() const;
  bool passed() const { return overall() == VetoStatus::kPassed; }
  std::string Verdict() const;  // the sentence at the top of the report
};

// Judges a run's findings (dismissed ones never count) with `facts` against `table`.
VetoSummary EvaluateVeto(const db::RunInfo& run, const std::vector<db::StoredFinding>& findings, const VetoFacts& facts,
                         const VetoTable& table = VetoTable::Builtin());

}  // namespace govaudit
