// Triage: an inspector's decisions on findings, with the audit trail, and history lookups.
#include "common/strings.h"
#include "db/internal/connection.h"

namespace govaudit::db {

bool IsFindingStatus(std::string_view status) {
  for (const char* s : kFindingStatuses) {
    if (status == s) return true;
  }
  return false;
}

std::string FindingStatusList() {
  std::string out;
  for (const char* s : kFindingStatuses) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

namespace {

// The history row with the finding as stored by its last run (LEFT JOIN: a run's findings may
// have been pruned while its history stays).
constexpr const char* kHistoryColumns =
    "SELECT h.fingerprint, h.site, h.rule, h.url, h.status, h.status_note, h.first_seen_run, h.first_seen_at, "
    "h.last_seen_run, h.last_seen_at, coalesce(f.severity,'medium'), coalesce(f.title,''), "
    "coalesce(f.message,''), coalesce(f.evidence,''), coalesce(f.highlight,''), coalesce(f.referrers,'[]'), "
    "coalesce(f.evidence_key,''), coalesce(f.kind_reasons,''), coalesce(f.location,''), coalesce(c.n,0) "
    "FROM finding_history h "
    "LEFT JOIN findings f ON f.run_id=h.last_seen_run AND f.fingerprint=h.fingerprint ";

HistoryEntry ReadHistory(const Statement& s) {
  HistoryEntry e;
  StoredFinding& sf = e.finding;
  Finding& f = sf.finding;
  sf.fingerprint = s.Text(0);
  e.site = s.Text(1);
  f.rule_id = s.Text(2);
  f.url = s.Text(3);
  ReadHistoryColumns(s, 4, &sf);
  sf.run_id = sf.last_seen_run;
  ReadFindingColumns(s, 10, &f);
  e.runs_seen = s.Int(19);
  return e;
}

// Fingerprints are lower-case hex (Hex64); users may paste them in either case.
bool IsHex(const std::string& text) { return text.find_first_not_of("0123456789abcdef") == std::string::npos; }

constexpr size_t kMinIdPrefix = 6;

}  // namespace

Status Store::SetStatus(const std::string& fingerprint, const std::string& status, const std::string& note,
                        const std::string& actor, const std::string& at) {
  if (!IsFindingStatus(status)) {
    return Status::Error("status '" + status + "' is not one of: " + FindingStatusList());
  }
  ASSIGN_OR_RETURN(Statement current, impl_->Prepare("SELECT status FROM finding_history WHERE fingerprint=?"));
  current.Bind(1, fingerprint);
  ASSIGN_OR_RETURN(bool row, current.Step());
  if (!row) return Status::Error("no finding with id '" + fingerprint + "' in " + path_);
  const std::string old_status = current.Text(0);
  current.Reset();
  const std::string when = at.empty() ? NowUtcIso() : at;

  // Inside the caller's transaction, a savepoint; else a transaction of its own (PostgreSQL
  // takes savepoints only inside one).
  const bool own = !impl_->db->InTransaction();
  RETURN_IF_ERROR(own ? impl_->db->BeginWrite() : impl_->Exec("SAVEPOINT set_status"));
  auto apply = [&]() -> Status {
    ASSIGN_OR_RETURN(Statement update,
                     impl_->Prepare("UPDATE finding_history SET status=?2, status_note=?3 WHERE fingerprint=?1"));
    update.Bind(1, fingerprint).Bind(2, status).Bind(3, note);
    RETURN_IF_ERROR(update.Run());
    ASSIGN_OR_RETURN(Statement log, impl_->Prepare("INSERT INTO triage_log(fingerprint, at, old_status, new_status, "
                                                   "note, actor) VALUES(?,?,?,?,?,?)"));
    log.Bind(1, fingerprint).Bind(2, when).Bind(3, old_status).Bind(4, status).Bind(5, note).Bind(6, actor);
    return log.Run();
  };
  Status s = apply();
  if (!s.ok()) {
    (void)impl_->Exec(own ? "ROLLBACK" : "ROLLBACK TO set_status; RELEASE set_status");
    return s.WithContext("setting the status of " + fingerprint);
  }
  return impl_->Exec(own ? "COMMIT" : "RELEASE set_status");
}

StatusOr<HistoryEntry> Store::FindByPrefix(const std::string& prefix) {
  const std::string id = LowerAscii(prefix);
  if (id.size() < kMinIdPrefix) {
    return Status::Error("id '" + prefix + "' is too short: give at least " + std::to_string(kMinIdPrefix) +
                         " characters of the finding's id");
  }
  const Status not_found = Status::Error("no finding with id '" + prefix + "' in " + path_);
  if (!IsHex(id)) return not_found;
  ASSIGN_OR_RETURN(Statement matches,
                   impl_->Prepare("SELECT fingerprint FROM finding_history WHERE "
                                  "substr(fingerprint,1,length(?1))=?1 ORDER BY fingerprint LIMIT 4"));
  matches.Bind(1, id);
  ASSIGN_OR_RETURN(auto found, CollectRows<std::string>(matches, [](const Statement& s) { return s.Text(0); }));
  if (found.empty()) return not_found;
  if (found.size() > 1) {
    std::string list;
    for (size_t i = 0; i < found.size() && i < 3; ++i) list += (i ? ", " : "") + found[i];
    if (found.size() > 3) list += ", ...";
    return Status::Error("id '" + prefix + "' matches several findings (" + list + "): give more characters");
  }
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare(std::string(kHistoryColumns) +
                                  "LEFT JOIN (SELECT count(*) AS n, ?1 AS fingerprint FROM findings WHERE "
                                  "fingerprint=?1) c ON c.fingerprint=h.fingerprint WHERE h.fingerprint=?1"));
  stmt.Bind(1, found.front());
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return not_found;
  HistoryEntry entry = ReadHistory(stmt);
  ASSIGN_OR_RETURN(Statement runs, impl_->Prepare("SELECT run_id FROM findings WHERE fingerprint=? ORDER BY run_id"));
  runs.Bind(1, entry.finding.fingerprint);
  ASSIGN_OR_RETURN(entry.runs, CollectRows<int64_t>(runs, [](const Statement& s) { return s.Int(0); }));
  return entry;
}

StatusOr<std::vector<TriageEvent>> Store::TriageTrail(const std::string& fingerprint) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT at, old_status, new_status, note, actor FROM triage_log "
                                                  "WHERE fingerprint=? ORDER BY id"));
  stmt.Bind(1, fingerprint);
  return CollectRows<TriageEvent>(stmt, [](const Statement& s) {
    return TriageEvent{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
  });
}

StatusOr<std::vector<HistoryEntry>> Store::ListHistory(const HistoryFilter& filter) {
  if (!filter.status.empty() && !IsFindingStatus(filter.status)) {
    return Status::Error("status '" + filter.status + "' is not one of: " + FindingStatusList());
  }
  // One pass over findings for the run counts, instead of one lookup per history row.
  ASSIGN_OR_RETURN(
      Statement stmt,
      impl_->Prepare(std::string(kHistoryColumns) +
                     "LEFT JOIN (SELECT fingerprint, count(*) AS n FROM findings GROUP BY fingerprint) c "
                     "ON c.fingerprint=h.fingerprint "
                     "WHERE (?1='' OR h.status=?1) AND (?2='' OR h.rule=?2 OR substr(h.rule,1,length(?2)+1)=?2||'.') "
                     "AND (?3='' OR h.site=?3) "
                     "ORDER BY " GOVAUDIT_SQL_BY_SEVERITY ", h.rule, h.url, "
                     "h.fingerprint"));
  stmt.Bind(1, filter.status).Bind(2, filter.rule).Bind(3, filter.site);
  return CollectRows<HistoryEntry>(stmt, ReadHistory);
}

}  // namespace govaudit::db
