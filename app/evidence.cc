#include "app/evidence.h"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "assess/wording.h"
#include "common/bounded_queue.h"
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

namespace {

// Writes snapshots on worker threads. Reading a page from the store is quick and must stay on
// the caller's thread (one connection); making the snapshot safe (decoding, masking, rewriting
// every tag) is most of the work. A few pages are in flight at a time, so memory holds a few
// bodies, not every page with findings.
class SnapshotWriters {
 public:
  struct Job {
    report::SnapshotPage page;
    std::string url;
    std::string path;  // where the file goes
    std::string file;  // as the report links it
  };

  explicit SnapshotWriters(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~SnapshotWriters() { (void)Finish(); }
  SnapshotWriters(const SnapshotWriters&) = delete;
  SnapshotWriters& operator=(const SnapshotWriters&) = delete;

  // Waits while the queue is full; false once a worker has failed (Finish says why).
  bool Submit(Job job) { return queue_.Push(std::move(job)); }

  // Waits for every job; the first error, if any.
  Status Finish() {
    queue_.Close();
    for (std::thread& t : workers_) {
      if (t.joinable()) t.join();
    }
    std::lock_guard lock(mu_);
    return error_;
  }

  // Where each finding's evidence is, by fingerprint (after Finish).
  std::map<std::string, EvidenceSnapshot>& written() { return written_; }

 private:
  static constexpr size_t kMaxQueued = 4;

  void Work() {
    while (std::optional<Job> job = queue_.Pop()) {
      job->page.sha256 = job->page.page.body.empty() ? "" : Sha256Hex(job->page.page.body);
      Status status = report::WriteSnapshot(job->page, job->path);
      std::lock_guard lock(mu_);
      if (!status.ok()) {
        if (error_.ok()) error_ = status;
        queue_.Close();  // the caller stops submitting; what is queued is still written
        continue;
      }
      for (const db::StoredFinding* sf : job->page.findings) {
        written_[sf->fingerprint] = {job->file, job->url, job->page.page.fetched_at, job->page.sha256,
                                     job->page.page.status};
      }
    }
  }

  BoundedQueue<Job> queue_{kMaxQueued};
  std::mutex mu_;  // guards error_ and written_
  Status error_ = Status::Ok();
  std::map<std::string, EvidenceSnapshot> written_;
  std::vector<std::thread> workers_;
};

}  // namespace

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
  if (pages.empty()) return std::map<std::string, EvidenceSnapshot>();
  const std::filesystem::path dir = std::filesystem::path(out_dir) / "snapshots";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Error("cannot create snapshot folder " + dir.string() + ": " + ec.message());
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  SnapshotWriters writers(threads);
  for (auto& [url, listed] : pages) {
    ASSIGN_OR_RETURN(std::optional<db::PageSnapshot> stored, store.Snapshot(data.run.id, url));
    if (!stored) continue;
    SnapshotWriters::Job job;
    job.page = std::move(listed);  // out of the map: its body is freed once written
    job.page.site = data.run.site;
    job.page.run_id = data.run.id;
    job.page.page = std::move(*stored);
    job.url = url;
    job.file = report::SnapshotFile(url);
    job.path = (std::filesystem::path(out_dir) / job.file).string();
    if (!writers.Submit(std::move(job))) break;
  }
  RETURN_IF_ERROR(writers.Finish());
  return std::move(writers.written());
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
