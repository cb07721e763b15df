// Runs: one row per audit of a site.
#include "db/internal/connection.h"

namespace govaudit::db {
namespace {

RunInfo ReadRun(const Statement& s) {
  RunInfo r;
  r.id = s.Int(0);
  r.site = s.Text(1);
  r.started_at = s.Text(2);
  r.finished_at = s.Text(3);
  r.as_of = s.Text(4);
  r.settings_json = s.Text(5);
  r.pages = s.Int(6);
  r.fetch_errors = s.Int(7);
  r.complete = s.Int(8) != 0;
  r.stop_reason = s.Text(9);
  r.text_keywords = SplitLines(s.Text(10));
  return r;
}

constexpr const char* kRunColumns =
    "SELECT id, site, started_at, finished_at, as_of, settings, pages, fetch_errors, complete, stop_reason, "
    "text_keywords FROM runs ";

}  // namespace

StatusOr<int64_t> Store::BeginRun(const RunInfo& run) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("INSERT INTO runs(site, started_at, as_of, settings, stop_reason, text_keywords) "
                                  "VALUES(?,?,?,?, 'running', ?) RETURNING id"));
  stmt.Bind(1, run.site).Bind(2, run.started_at.empty() ? NowUtcIso() : run.started_at).Bind(3, run.as_of);
  stmt.Bind(4, run.settings_json.empty() ? std::string("{}") : run.settings_json);
  stmt.Bind(5, JoinLines(run.text_keywords));
  // RETURNING: several processes may start runs in one server database at once.
  StatusOr<bool> row = stmt.Step();
  if (!row.ok()) return row.status().WithContext("starting a run");
  if (!*row) return Status::Error("starting a run: the database gave no run id");
  return stmt.Int(0);
}

Status Store::FinishRun(const RunInfo& run) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("UPDATE runs SET finished_at=?, pages=?, fetch_errors=?, complete=?, stop_reason=? "
                                  "WHERE id=?"));
  stmt.Bind(1, run.finished_at.empty() ? NowUtcIso() : run.finished_at)
      .Bind(2, run.pages)
      .Bind(3, run.fetch_errors)
      .Bind(4, run.complete ? 1 : 0)
      .Bind(5, run.stop_reason)
      .Bind(6, run.id);
  return stmt.Run();
}

StatusOr<RunInfo> Store::GetRun(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare(std::string(kRunColumns) + "WHERE id=?"));
  stmt.Bind(1, run_id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::Error("no run " + std::to_string(run_id) + " in " + path_);
  return ReadRun(stmt);
}

StatusOr<std::vector<RunInfo>> Store::ListRuns(const std::string& site, int limit) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare(std::string(kRunColumns) + "WHERE (?1 = '' OR site = ?1) ORDER BY id DESC LIMIT ?2"));
  stmt.Bind(1, site).Bind(2, limit);
  return CollectRows<RunInfo>(stmt, ReadRun);
}

StatusOr<int64_t> Store::LatestRunId() {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT coalesce(max(id), 0) FROM runs"));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : int64_t{0};
}

Status Store::SetRunSettings(int64_t run_id, const std::string& settings_json) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("UPDATE runs SET settings=? WHERE id=?"));
  stmt.Bind(1, settings_json).Bind(2, run_id);
  return stmt.Run();
}

StatusOr<int64_t> Store::ResumableRun(const std::string& site) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT id FROM runs WHERE site=? AND (finished_at IS NULL OR stop_reason IN "
                                  "('running','interrupted')) ORDER BY id DESC LIMIT 1"));
  stmt.Bind(1, site);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : int64_t{0};
}

StatusOr<std::vector<RunTrendPoint>> Store::OpenFindingsTrend(const std::string& site, int64_t up_to_run, int limit) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT r.id, substr(r.started_at,1,10), (SELECT count(*) FROM findings f "
                                  "LEFT JOIN finding_history h ON h.fingerprint=f.fingerprint WHERE f.run_id=r.id "
                                  "AND coalesce(h.status,'open') <> 'false_positive') FROM runs r "
                                  "WHERE r.site=?1 AND r.id<=?2 ORDER BY r.id DESC LIMIT ?3"));
  stmt.Bind(1, site).Bind(2, up_to_run).Bind(3, limit);
  ASSIGN_OR_RETURN(auto points, CollectRows<RunTrendPoint>(stmt, [](const Statement& s) {
                     return RunTrendPoint{s.Int(0), s.Text(1), s.Int(2)};
                   }));
  std::reverse(points.begin(), points.end());
  return points;
}

}  // namespace govaudit::db
