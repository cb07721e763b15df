#include "app/triage.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/cli.h"
#include "assess/changes.h"
#include "common/date.h"
#include "pii/safe_text.h"

namespace govaudit {
namespace {

// Triage and diff read earlier audits: opening a missing file would create an empty database
// and hide a mistyped path.
StatusOr<std::unique_ptr<db::Store>> OpenExisting(const std::string& db_path) {
  return db::Store::OpenExisting(db_path);
}

// Crawled text on the terminal, through the output gate (masked, no control characters).
std::string T(const std::string& text) { return pii::SafeText(text, pii::Sink::kTerminal); }

std::string Pad(const std::string& text, size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

std::string RunLabel(const db::RunInfo& run) {
  std::string label = "第 " + std::to_string(run.id) + " 次运行（" + BeijingTime(run.started_at).substr(0, 10);
  label += run.complete ? "，完整）" : "，未完整完成：" + run.stop_reason + "）";
  return label;
}

std::string FindingLine(const db::StoredFinding& sf) {
  return "  " + sf.fingerprint + "  " + Pad(std::string(SeverityName(sf.finding.severity)), 7) +
         Pad(sf.finding.rule_id, 28) + T(sf.finding.url) + "\n      " + T(sf.finding.message) + "\n";
}

nlohmann::ordered_json FindingJson(const db::StoredFinding& sf) {
  return {{"id", sf.fingerprint},
          {"rule", sf.finding.rule_id},
          {"severity", SeverityName(sf.finding.severity)},
          {"url", pii::SafeText(sf.finding.url)},
          {"message", pii::SafeText(sf.finding.message)},
          {"status", sf.status}};
}

nlohmann::ordered_json RunJson(const db::RunInfo& run) {
  return {{"id", run.id},       {"site", pii::SafeText(run.site)}, {"started_at", run.started_at},
          {"as_of", run.as_of}, {"complete", run.complete}, {"stop_reason", run.stop_reason}};
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "govaudit: %s\n", message.c_str());
  return kExitUsage;
}

int Print(const StatusOr<std::string>& text) {
  if (!text.ok()) return Fail(text.status().message());
  std::fputs(text->c_str(), stdout);
  return kExitOk;
}

}  // namespace

std::string FormatDiffText(const RunChanges& diff) {
  std::string out = "比较 " + RunLabel(diff.before) + " 与 " + RunLabel(diff.after) + "\n";
  if (diff.before.site != diff.after.site) out += "注意：两次运行的站点不同（" + diff.before.site + " / " + diff.after.site + "）\n";
  if (!diff.after.complete) {
    out += "注意：第 " + std::to_string(diff.after.id) + " 次运行未完整完成，未再发现的问题不一定已整改\n";
  }
  out += "新发现 new " + std::to_string(diff.added.size()) + " 条，已消失 fixed " +
         std::to_string(diff.removed.size()) + " 条，持续存在 persisting " + std::to_string(diff.persisting.size()) +
         " 条\n";
  if (!diff.not_rechecked.empty()) {
    out += "另有 " + std::to_string(diff.not_rechecked.size()) + " 条未再发现，但所在页面第 " +
           std::to_string(diff.after.id) + " 次运行未能读取，不算已消失\n";
  }
  for (const auto& [title, list] :
       {std::pair{"新发现 new", &diff.added}, std::pair{"已消失 fixed", &diff.removed},
        std::pair{"持续存在 persisting", &diff.persisting}, std::pair{"未能复查 not_rechecked", &diff.not_rechecked}}) {
    if (list->empty()) continue;
    out += "\n" + std::string(title) + "（" + std::to_string(list->size()) + "）：\n";
    for (const auto& sf : *list) out += FindingLine(sf);
  }
  return out;
}

std::string FormatDiffJson(const RunChanges& diff) {
  nlohmann::ordered_json doc;
  doc["run_a"] = RunJson(diff.before);
  doc["run_b"] = RunJson(diff.after);
  doc["counts"] = {{"new", diff.added.size()},
                   {"fixed", diff.removed.size()},
                   {"persisting", diff.persisting.size()},
                   {"not_rechecked", diff.not_rechecked.size()}};
  for (const auto& [key, list] :
       {std::pair{"new", &diff.added}, std::pair{"fixed", &diff.removed}, std::pair{"persisting", &diff.persisting},
        std::pair{"not_rechecked", &diff.not_rechecked}}) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (const auto& sf : *list) items.push_back(FindingJson(sf));
    doc[key] = std::move(items);
  }
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

StatusOr<std::string> TriageList(const std::string& db_path, const db::HistoryFilter& filter) {
  auto store = OpenExisting(db_path);
  if (!store.ok()) return store.status();
  auto entries = (*store)->ListHistory(filter);
  if (!entries.ok()) return entries.status();
  if (entries->empty()) return std::string("没有符合条件的问题。\n");
  std::string out;
  std::map<std::string, int> by_status;
  for (const db::HistoryEntry& e : *entries) {
    const db::StoredFinding& sf = e.finding;
    by_status[sf.status]++;
    out += sf.fingerprint + "  " + Pad(sf.status, 15) + Pad(std::string(SeverityName(sf.finding.severity)), 7) +
           Pad(sf.finding.rule_id, 28) + Pad(BeijingTime(sf.last_seen_at).substr(0, 10), 11) + T(sf.finding.url) + "\n";
  }
  out += "共 " + std::to_string(entries->size()) + " 条（";
  bool first = true;
  for (const char* status : db::kFindingStatuses) {
    if (by_status.count(status) == 0) continue;
    out += (first ? "" : "，") + std::string(status) + " " + std::to_string(by_status[status]);
    first = false;
  }
  out += "）\n";
  return out;
}

StatusOr<std::string> TriageSet(const std::string& db_path, const std::string& id, const std::string& status,
                                const std::string& note, const std::string& actor) {
  // The status is checked before the database is touched, so a typo never needs the file.
  if (!db::IsFindingStatus(status)) {
    return Status::Error("status '" + status + "' is not one of: " + db::FindingStatusList());
  }
  auto store = OpenExisting(db_path);
  if (!store.ok()) return store.status();
  auto entry = (*store)->FindByPrefix(IdPrefix(id));
  if (!entry.ok()) return entry.status();
  const db::StoredFinding& sf = entry->finding;
  Status s = (*store)->SetStatus(sf.fingerprint, status, note, actor);
  if (!s.ok()) return s;
  return sf.fingerprint + "  " + sf.finding.rule_id + "  " + T(sf.finding.url) + "\n状态：" + sf.status + " → " +
         status + (note.empty() ? "" : "（备注：" + T(note) + "）") + "\n";
}

StatusOr<std::string> TriageShow(const std::string& db_path, const std::string& id) {
  auto store = OpenExisting(db_path);
  if (!store.ok()) return store.status();
  auto entry = (*store)->FindByPrefix(IdPrefix(id));
  if (!entry.ok()) return entry.status();
  const db::StoredFinding& sf = entry->finding;
  const Finding& f = sf.finding;
  auto trail = (*store)->TriageTrail(sf.fingerprint);
  if (!trail.ok()) return trail.status();

  std::string out = "编号：" + sf.fingerprint + "\n";
  out += "规则：" + f.rule_id + "（" + std::string(SeverityName(f.severity)) + "）\n";
  out += "站点：" + T(entry->site) + "\n";
  out += "网址：" + T(f.url) + "\n";
  if (!f.title.empty()) out += "标题：" + T(f.title) + "\n";
  out += "问题：" + T(f.message) + "\n";
  if (!f.evidence.empty()) out += "证据：" + T(f.evidence) + "\n";
  if (!f.location.empty()) out += "位置：" + T(f.location) + "\n";
  if (!f.page_kind_reasons.empty()) out += "页面判定依据：" + T(f.page_kind_reasons) + "\n";
  if (!f.referrers.empty()) {
    out += "来源页面：\n";
    for (const auto& r : f.referrers) out += "  " + T(r) + "\n";
  }
  out += "状态：" + sf.status + (sf.status_note.empty() ? "" : "（备注：" + T(sf.status_note) + "）") + "\n";
  out += "首次发现：" + BeijingTime(sf.first_seen_at, true) + "（第 " + std::to_string(sf.first_seen_run) + " 次运行）\n";
  out += "最近发现：" + BeijingTime(sf.last_seen_at, true) + "（第 " + std::to_string(sf.last_seen_run) + " 次运行）\n";
  out += "发现于 " + std::to_string(entry->runs.size()) + " 次运行：";
  for (size_t i = 0; i < entry->runs.size(); ++i) out += (i ? ", " : "") + std::to_string(entry->runs[i]);
  out += "\n处理记录：";
  if (trail->empty()) out += "无";
  out += "\n";
  for (const db::TriageEvent& e : *trail) {
    out += "  " + BeijingTime(e.at, true) + "  " + e.old_status + " → " + e.new_status + (e.actor.empty() ? "" : "  " + T(e.actor)) +
           (e.note.empty() ? "" : "  " + T(e.note)) + "\n";
  }
  return out;
}

HistoryCommands::HistoryCommands(CLI::App* app) {
  const char* db_help = "The database of earlier audits (default: govaudit.db)";
  triage_ = app->add_subcommand("triage", "List findings across runs, dismiss or acknowledge them, show their history");

  list_ = triage_->add_subcommand("list", "Every finding ever seen, with its status");
  list_->add_option("--db", db_path_, db_help);
  list_->add_option("--status", filter_.status, "Only this status: " + db::FindingStatusList());
  list_->add_option("--rule", filter_.rule, "Only this rule id (link.broken) or family (link)");

  set_ = triage_->add_subcommand("set", "Change a finding's status; the change is kept with time and note");
  set_->add_option("id", id_, "The finding's id (at least its first 6 characters)")->required();
  set_->add_option("status", status_, "New status: " + db::FindingStatusList())->required();
  set_->add_option("--note", note_, "Why (kept in the audit trail and shown in reports)")->required();
  set_->add_option("--db", db_path_, db_help);
  set_->add_option("--by", actor_, "Who decides (default: $USER)");

  show_ = triage_->add_subcommand("show", "A finding, its history across runs and its audit trail");
  show_->add_option("id", id_, "The finding's id (at least its first 6 characters)")->required();
  show_->add_option("--db", db_path_, db_help);

  diff_ = app->add_subcommand("diff", "New, fixed and persisting findings between two stored runs");
  diff_->add_option("run_a", run_a_, "The earlier run's number")->required();
  diff_->add_option("run_b", run_b_, "The later run's number")->required();
  diff_->add_option("--db", db_path_, db_help);
  diff_->add_flag("--json", json_, "Print JSON instead of text");
}

std::optional<int> HistoryCommands::Run() {
  if (list_->parsed()) return Print(TriageList(db_path_, filter_));
  if (set_->parsed()) {
    std::string actor = actor_;
    if (actor.empty()) {
      const char* user = std::getenv("USER");
      actor = user != nullptr ? user : "";
    }
    return Print(TriageSet(db_path_, id_, status_, note_, actor));
  }
  if (show_->parsed()) return Print(TriageShow(db_path_, id_));
  if (diff_->parsed()) {
    auto store = OpenExisting(db_path_);
    if (!store.ok()) return Fail(store.status().message());
    auto diff = DiffRuns(**store, run_a_, run_b_);
    if (!diff.ok()) return Fail(diff.status().message());
    std::fputs((json_ ? FormatDiffJson(*diff) : FormatDiffText(*diff)).c_str(), stdout);
    return kExitOk;
  }
  if (triage_->parsed()) return Fail("triage needs one of: list, set, show (see govaudit triage --help)");
  return std::nullopt;
}

}  // namespace govaudit
