#include "app/evidence.h"

#include <filesystem>

#include "assess/wording.h"
#include "common/date.h"
#include "common/hash.h"
#include "pii/safe_text.h"
#include "report/report.h"

namespace govaudit {
namespace {

// Crawled text on the terminal, through the output gate.
std::string T(const std::string& text) { return pii::SafeText(text, pii::Sink::kTerminal); }

// The evidence with its highlighted part between 【】, as a terminal can show it.
std::string MarkedEvidence(const Finding& f) {
  const size_t at = f.highlight.empty() ? std::string::npos : f.evidence.find(f.highlight);
  if (at == std::string::npos) return f.evidence;
  return f.evidence.substr(0, at) + "【" + f.highlight + "】" + f.evidence.substr(at + f.highlight.size());
}

StatusOr<std::unique_ptr<db::Store>> OpenExisting(const std::string& db_path) {
  return db::Store::OpenExisting(db_path);
}

}  // namespace

EvidenceSource EvidenceSourceOf(const Finding& f) {
  if (f.referrers.empty()) return {f.url, {}};
  return {f.referrers.front(), {f.url}};
}

StatusOr<std::map<std::string, EvidenceSnapshot>> WriteSnapshots(db::Store& store, const RunAssessment& data,
                                                                  const std::string& out_dir) {
  // Pages in URL order, each with the findings it proves.
  std::map<std::string, report::SnapshotPage> pages;
  for (const db::StoredFinding& sf : data.findings) {
    const EvidenceSource where = EvidenceSourceOf(sf.finding);
    report::SnapshotPage& page = pages[where.url];
    page.findings.push_back(&sf);
    page.link_targets.insert(page.link_targets.end(), where.link_targets.begin(), where.link_targets.end());
  }
  std::map<std::string, EvidenceSnapshot> out;
  if (pages.empty()) return out;
  const std::filesystem::path dir = std::filesystem::path(out_dir) / "snapshots";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Error("cannot create snapshot folder " + dir.string() + ": " + ec.message());
  for (auto& [url, page] : pages) {
    // One body in memory at a time: a run may hold thousands of pages with findings.
    ASSIGN_OR_RETURN(std::optional<db::PageSnapshot> stored, store.Snapshot(data.run.id, url));
    if (!stored) continue;
    page.site = data.run.site;
    page.run_id = data.run.id;
    page.page = std::move(*stored);
    page.sha256 = page.page.body.empty() ? "" : Sha256Hex(page.page.body);
    const std::string file = report::SnapshotFile(url);
    RETURN_IF_ERROR(report::WriteSnapshot(page, (std::filesystem::path(out_dir) / file).string()));
    for (const db::StoredFinding* sf : page.findings) {
      out[sf->fingerprint] = {file, url, page.page.fetched_at, page.sha256, page.page.status};
    }
  }
  return out;
}

StatusOr<std::string> ShowFinding(const std::string& db_path, const std::string& id, const std::string& out_dir) {
  ASSIGN_OR_RETURN(std::unique_ptr<db::Store> store, OpenExisting(db_path));
  ASSIGN_OR_RETURN(db::HistoryEntry entry, store->FindByPrefix(IdPrefix(id)));
  const db::StoredFinding& sf = entry.finding;
  const Finding& f = sf.finding;
  std::string out = "编号：" + ShortId(sf.fingerprint) + "（" + sf.fingerprint + "）\n";
  out += "问题：" + RuleName(f.rule_id) + "（" + f.rule_id + "），" + std::string(FindingClassLabel(ClassOf(f))) + "\n";
  out += "站点：" + T(entry.site) + "\n";
  out += "网址：" + T(f.url) + "\n";
  if (!f.title.empty()) out += "标题：" + T(f.title) + "\n";
  out += "说明：" + T(f.message) + "\n";
  if (!f.evidence.empty()) out += "证据：" + T(MarkedEvidence(f)) + "\n";
  if (!f.location.empty()) out += "位置：" + T(f.location) + "\n";
  out += "状态：" + std::string(sf.status) + (sf.status_note.empty() ? "" : "（" + T(sf.status_note) + "）") + "\n";
  out += "最近发现：第 " + std::to_string(sf.last_seen_run) + " 次运行，" + BeijingTime(sf.last_seen_at) + "\n";

  const EvidenceSource where = EvidenceSourceOf(f);
  ASSIGN_OR_RETURN(std::optional<db::PageSnapshot> stored, store->Snapshot(sf.last_seen_run, where.url));
  if (!stored) return out + "页面存档：第 " + std::to_string(sf.last_seen_run) + " 次运行未保存该页面\n";
  const std::string sha = stored->body.empty() ? "" : Sha256Hex(stored->body);
  out += "证据页面：" + T(where.url) + (where.url == f.url ? "" : "（含该链接的页面）") + "\n";
  out += "抓取时间：" + BeijingTime(stored->fetched_at, true) + "\n";
  out += "HTTP 状态：" + std::to_string(stored->status) + "，" + T(stored->content_type.empty() ? "未声明类型" : stored->content_type) +
         "，" + std::to_string(stored->body.size()) + " 字节\n";
  out += "内容哈希：" + (sha.empty() ? std::string("（未保存页面内容）") : "SHA-256 " + sha) + "\n";
  if (!out_dir.empty()) {
    ASSIGN_OR_RETURN(db::RunInfo run, store->GetRun(sf.last_seen_run));
    report::SnapshotPage page;
    page.site = run.site;
    page.run_id = run.id;
    page.page = std::move(*stored);
    page.sha256 = sha;
    page.findings = {&sf};
    page.link_targets = where.link_targets;
    const std::string file = (std::filesystem::path(out_dir) / report::SnapshotFile(where.url)).string();
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
    if (ec) return Status::Error("cannot create folder for " + file + ": " + ec.message());
    RETURN_IF_ERROR(report::WriteSnapshot(page, file));
    out += "页面快照：" + file + "\n";
  }
  return out;
}

}  // namespace govaudit
