// Findings of a run and the per-fingerprint history that says new, persisting and fixed.
#include <nlohmann/json.hpp>

#include "db/internal/connection.h"

namespace govaudit::db {

Status Store::PutFindings(int64_t run_id, const std::vector<Finding>& findings, const std::string& source) {
  ASSIGN_OR_RETURN(Statement * stmt,
                   impl_->Cached("INSERT INTO findings(run_id, fingerprint, rule, severity, url, title, "
                                 "message, evidence, highlight, referrers, evidence_key, kind_reasons, location, "
                                 "source) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING"));
  for (const Finding& f : findings) {
    stmt->Bind(1, run_id).Bind(2, Fingerprint(f)).Bind(3, f.rule_id).Bind(4, SeverityName(f.severity));
    stmt->Bind(5, f.url).Bind(6, f.title).Bind(7, f.message).Bind(8, f.evidence).Bind(9, f.highlight);
    stmt->Bind(10, nlohmann::json(f.referrers).dump()).Bind(11, f.evidence_key).Bind(12, f.page_kind_reasons);
    stmt->Bind(13, f.location).Bind(14, source);
    Status s = stmt->Run();
    if (!s.ok()) return s.WithContext("storing finding " + f.rule_id + " for " + f.url);
  }
  return Status::Ok();
}

Status Store::DeleteFindings(int64_t run_id, const std::string& source) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("DELETE FROM findings WHERE run_id=? AND source=?"));
  stmt.Bind(1, run_id).Bind(2, source);
  return stmt.Run();
}

Status Store::UpdateHistory(int64_t run_id) {
  ASSIGN_OR_RETURN(RunInfo run, GetRun(run_id));
  const std::string now = run.finished_at.empty() ? NowUtcIso() : run.finished_at;
  // New fingerprints start open; seen ones get last_seen, and fixed ones reopen.
  ASSIGN_OR_RETURN(Statement upsert,
                   impl_->Prepare("INSERT INTO finding_history(fingerprint, site, rule, url, status, first_seen_run, "
                                  "first_seen_at, last_seen_run, last_seen_at) "
                                  "SELECT fingerprint, ?2, rule, url, 'open', run_id, ?3, run_id, ?3 FROM findings "
                                  "WHERE run_id=?1 ON CONFLICT(fingerprint) DO UPDATE SET "
                                  "last_seen_run=excluded.last_seen_run, last_seen_at=excluded.last_seen_at, "
                                  "status=CASE WHEN finding_history.status='fixed' THEN 'open' "
                                  "ELSE finding_history.status END"));
  upsert.Bind(1, run_id).Bind(2, run.site).Bind(3, now);
  Status s = upsert.Run();
  if (!s.ok()) return s.WithContext("updating finding history");
  // Log reopenings in the audit trail.
  ASSIGN_OR_RETURN(Statement reopened,
                   impl_->Prepare("INSERT INTO triage_log(fingerprint, at, old_status, new_status, note, actor) "
                                  "SELECT h.fingerprint, ?2, 'fixed', 'open', ?3, 'govaudit' "
                                  "FROM finding_history h WHERE h.last_seen_run=?1 AND h.first_seen_run<?1 AND "
                                  "EXISTS (SELECT 1 FROM triage_log t WHERE t.fingerprint=h.fingerprint AND "
                                  "t.id=(SELECT max(id) FROM triage_log WHERE fingerprint=h.fingerprint) "
                                  "AND t.new_status='fixed')"));
  // The notes are bound whole: PostgreSQL cannot give ?1 two types (a run id and text).
  reopened.Bind(1, run_id).Bind(2, now).Bind(3, "seen again in run " + std::to_string(run_id));
  RETURN_IF_ERROR(reopened.Run());
  if (!run.complete) return Status::Ok();  // an incomplete run proves nothing fixed
  ASSIGN_OR_RETURN(Statement fixed_log,
                   impl_->Prepare("INSERT INTO triage_log(fingerprint, at, old_status, new_status, note, actor) "
                                  "SELECT fingerprint, ?2, status, 'fixed', ?4, "
                                  "'govaudit' FROM finding_history WHERE site=?3 AND last_seen_run<?1 AND status IN "
                                  "('open','acknowledged')"));
  fixed_log.Bind(1, run_id).Bind(2, now).Bind(3, run.site);
  fixed_log.Bind(4, "not seen in complete run " + std::to_string(run_id));
  RETURN_IF_ERROR(fixed_log.Run());
  ASSIGN_OR_RETURN(Statement fixed, impl_->Prepare("UPDATE finding_history SET status='fixed' WHERE site=?2 AND "
                                                   "last_seen_run<?1 AND status IN ('open','acknowledged')"));
  fixed.Bind(1, run_id).Bind(2, run.site);
  return fixed.Run();
}

namespace {

// The referrers column (a JSON array of URLs) as a list.
std::vector<std::string> ReadReferrers(const std::string& json) {
  std::vector<std::string> out;
  auto referrers = nlohmann::json::parse(json, nullptr, false);
  if (!referrers.is_array()) return out;
  for (const auto& r : referrers) {
    if (r.is_string()) out.push_back(r.get<std::string>());
  }
  return out;
}

}  // namespace

void ReadFindingColumns(const Statement& s, int first, Finding* f) {
  f->severity = ParseSeverity(s.Text(first)).value_or(Severity::kMedium);
  f->title = s.Text(first + 1);
  f->message = s.Text(first + 2);
  f->evidence = s.Text(first + 3);
  f->highlight = s.Text(first + 4);
  f->referrers = ReadReferrers(s.Text(first + 5));
  f->evidence_key = s.Text(first + 6);
  f->page_kind_reasons = s.Text(first + 7);
  f->location = s.Text(first + 8);
}

Status Store::ForEachFinding(int64_t run_id, const std::function<void(StoredFinding&&)>& on_finding) {
  ASSIGN_OR_RETURN(
      Statement stmt,
      impl_->Prepare("SELECT f.rule, f.url, f.severity, f.title, f.message, f.evidence, f.highlight, f.referrers, "
                     "f.evidence_key, f.kind_reasons, f.location, f.fingerprint, coalesce(h.status,'open'), "
                     "coalesce(h.status_note,''), coalesce(h.first_seen_run, f.run_id), coalesce(h.first_seen_at,''), "
                     "coalesce(h.last_seen_run, f.run_id), coalesce(h.last_seen_at,'') FROM findings f "
                     "LEFT JOIN finding_history h ON h.fingerprint=f.fingerprint WHERE f.run_id=? "
                     "ORDER BY CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, f.rule, f.url, "
                     "f.fingerprint"));  // fingerprint: a full order, the same from either store
  stmt.Bind(1, run_id);
  return ForEachRow(stmt, [&](const Statement& s) {
    StoredFinding sf;
    Finding& f = sf.finding;
    f.rule_id = s.Text(0);
    f.url = s.Text(1);
    ReadFindingColumns(s, 2, &f);
    sf.fingerprint = s.Text(11);
    sf.run_id = run_id;
    sf.status = s.Text(12);
    sf.status_note = s.Text(13);
    sf.first_seen_run = s.Int(14);
    sf.first_seen_at = s.Text(15);
    sf.last_seen_run = s.Int(16);
    sf.last_seen_at = s.Text(17);
    on_finding(std::move(sf));
  });
}

StatusOr<std::vector<StoredFinding>> Store::FindingsForRun(int64_t run_id) {
  std::vector<StoredFinding> out;
  RETURN_IF_ERROR(ForEachFinding(run_id, [&](StoredFinding&& sf) { out.push_back(std::move(sf)); }));
  return out;
}

}  // namespace govaudit::db
