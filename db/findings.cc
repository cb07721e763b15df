// Findings of a run (and those a template roll-up may replace, held apart until it has judged
// them) and the per-fingerprint history that says new, persisting and fixed.
#include <nlohmann/json.hpp>
#include <optional>

#include "db/internal/connection.h"

namespace govaudit::db {

namespace {

// The columns ReadFindingColumns reads and BindFindingColumns binds, in their order.
constexpr const char* kFindingColumns =
    "severity, title, message, evidence, highlight, referrers, evidence_key, kind_reasons, location";

// Binds the nine columns of kFindingColumns from `f`, starting at parameter `first`.
void BindFindingColumns(Statement* stmt, int first, const Finding& f) {
  stmt->Bind(first, SeverityName(f.severity)).Bind(first + 1, f.title).Bind(first + 2, f.message);
  stmt->Bind(first + 3, f.evidence).Bind(first + 4, f.highlight).Bind(first + 5, nlohmann::json(f.referrers).dump());
  stmt->Bind(first + 6, f.evidence_key).Bind(first + 7, f.page_kind_reasons).Bind(first + 8, f.location);
}

const std::string kPutFinding = std::string("INSERT INTO findings(run_id, fingerprint, rule, url, source, ") +
                                kFindingColumns + ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";
const std::string kPutTemplateFinding =
    std::string("INSERT INTO template_findings(run_id, signature, label, rule, url, fingerprint, ") + kFindingColumns +
    ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";
// A page fetched but not read: no answer, an error answer other than "gone" (404, 410), or
// content that could not be inspected (too large, a format not read, a copy not readable).
const std::string kUnread =
    "(inspected = 0 OR (status NOT IN (404, 410) AND (status = 0 OR status >= 400 OR error_kind <> '')))";
// Whether the run read a URL: 1 unread, 0 read, no row when it did not reach it.
const std::string kPageUnread =
    "SELECT CASE WHEN " + kUnread + " THEN 1 ELSE 0 END FROM pages WHERE run_id=?1 AND url=?2";
// A referrer (links l, its page p in run ?1) still leading to ?3 for all run ?1 knows: reached
// but not read, or still linking there.
const std::string kStillLeading = "p.url IS NOT NULL AND (" + kUnread +
                                  " OR EXISTS (SELECT 1 FROM links k WHERE k.run_id=?1 AND "
                                  "k.from_url=l.from_url AND k.to_url=?3))";
// The pages that led to ?3 in run ?2 (its referrers then): how many, how many run ?1 did not
// reach, and how many still lead there. While one still leads, ?1 not reaching ?3 says nothing.
const std::string kReferrersLeft =
    "SELECT count(*), coalesce(sum(CASE WHEN p.url IS NULL THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN " +
    kStillLeading +
    " THEN 1 ELSE 0 END), 0) FROM links l "
    "LEFT JOIN pages p ON p.run_id=?1 AND p.url=l.from_url WHERE l.run_id=?2 AND "
    "l.to_url=?3";
// Whether the run left a page of the site unread (an address refused as internal is not one).
const std::string kAnyUnreadPage =
    "SELECT 1 FROM pages WHERE run_id=?1 AND in_scope=1 AND error_kind <> 'refused-address' AND " + kUnread +
    " LIMIT 1";
// The held findings of a run that are not in its findings yet, copied there.
const std::string kCopyTemplateFindings = std::string("INSERT INTO findings(run_id, fingerprint, rule, url, source, ") +
                                          kFindingColumns + ") SELECT run_id, fingerprint, rule, url, 'page', " +
                                          kFindingColumns +
                                          " FROM template_findings WHERE run_id=? AND in_findings=0 "
                                          "ON CONFLICT DO NOTHING";

// The note of the triage log row that says a run marked a finding fixed. Stores older than
// schema version 8 have no run id in their rows (0), and this note is how their reports still
// find what each run fixed.
std::string FixedNote(int64_t run_id) { return "not seen in complete run " + std::to_string(run_id); }

}  // namespace

Status Store::PutFindings(int64_t run_id, const std::vector<Finding>& findings, const std::string& source) {
  ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached(kPutFinding.c_str()));
  for (const Finding& f : findings) {
    stmt->Bind(1, run_id).Bind(2, Fingerprint(f)).Bind(3, f.rule_id).Bind(4, f.url).Bind(5, source);
    BindFindingColumns(stmt, 6, f);
    Status s = stmt->Run();
    if (!s.ok()) return s.WithContext("storing finding " + f.rule_id + " for " + f.url);
  }
  return Status::Ok();
}

Status Store::PutTemplateFindings(int64_t run_id, const std::string& signature, const std::string& label,
                                  const std::vector<Finding>& findings) {
  ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached(kPutTemplateFinding.c_str()));
  for (const Finding& f : findings) {
    stmt->Bind(1, run_id).Bind(2, signature).Bind(3, label).Bind(4, f.rule_id).Bind(5, f.url).Bind(6, Fingerprint(f));
    BindFindingColumns(stmt, 7, f);
    Status s = stmt->Run();
    if (!s.ok()) return s.WithContext("storing finding " + f.rule_id + " for " + f.url);
  }
  return Status::Ok();
}

Status Store::ForEachTemplatedFinding(int64_t run_id, const std::function<void(TemplatedFinding&&)>& on_finding) {
  // The primary key's order: read in place, no sort.
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT rule, signature, evidence_key, url, severity, message, label, fingerprint "
                                  "FROM template_findings WHERE run_id=? "
                                  "ORDER BY rule, signature, evidence_key, url, fingerprint"));
  stmt.Bind(1, run_id);
  return ForEachRow(stmt, [&](const Statement& s) {
    on_finding(TemplatedFinding{s.Text(0), s.Text(1), s.Text(2), s.Text(3),
                                ParseSeverity(s.Text(4)).value_or(Severity::kMedium), s.Text(5), s.Text(6), s.Text(7)});
  });
}

Status Store::SettleTemplateFindings(int64_t run_id, const std::vector<TemplateGroup>& replaced) {
  ASSIGN_OR_RETURN(Statement drop_copies,
                   impl_->Prepare("DELETE FROM findings WHERE run_id=?1 AND fingerprint IN (SELECT fingerprint FROM "
                                  "template_findings WHERE run_id=?1 AND rule=?2 AND signature=?3 AND "
                                  "evidence_key=?4 AND in_findings=1)"));
  ASSIGN_OR_RETURN(Statement drop_group,
                   impl_->Prepare("DELETE FROM template_findings WHERE run_id=?1 AND rule=?2 AND signature=?3 AND "
                                  "evidence_key=?4"));
  for (const TemplateGroup& group : replaced) {
    for (Statement* stmt : {&drop_copies, &drop_group}) {
      stmt->Bind(1, run_id).Bind(2, group.rule).Bind(3, group.signature).Bind(4, group.evidence_key);
      Status s = stmt->Run();
      if (!s.ok()) return s.WithContext("removing the page findings of template " + group.signature);
    }
  }
  // What is left moves into the findings.
  ASSIGN_OR_RETURN(Statement move, impl_->Prepare(kCopyTemplateFindings));
  move.Bind(1, run_id);
  RETURN_IF_ERROR(move.Run());
  ASSIGN_OR_RETURN(Statement clear, impl_->Prepare("DELETE FROM template_findings WHERE run_id=?"));
  clear.Bind(1, run_id);
  return clear.Run();
}

Status Store::CopyTemplateFindings(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement copy, impl_->Prepare(kCopyTemplateFindings));
  copy.Bind(1, run_id);
  RETURN_IF_ERROR(copy.Run());
  ASSIGN_OR_RETURN(Statement mark, impl_->Prepare("UPDATE template_findings SET in_findings=1 WHERE run_id=? AND "
                                                  "in_findings=0"));
  mark.Bind(1, run_id);
  return mark.Run();
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
                   impl_->Prepare("INSERT INTO triage_log(fingerprint, at, old_status, new_status, note, actor, "
                                  "run_id) SELECT h.fingerprint, ?2, 'fixed', 'open', ?3, 'govaudit', ?1 "
                                  "FROM finding_history h WHERE h.last_seen_run=?1 AND h.first_seen_run<?1 AND "
                                  "EXISTS (SELECT 1 FROM triage_log t WHERE t.fingerprint=h.fingerprint AND "
                                  "t.id=(SELECT max(id) FROM triage_log WHERE fingerprint=h.fingerprint) "
                                  "AND t.new_status='fixed')"));
  // The notes are bound whole: PostgreSQL cannot give ?1 two types (a run id and text).
  reopened.Bind(1, run_id).Bind(2, now).Bind(3, "seen again in run " + std::to_string(run_id));
  RETURN_IF_ERROR(reopened.Run());
  if (!run.complete) return Status::Ok();  // an incomplete run proves nothing fixed
  // Open findings this run did not make again: fixed where it re-checked their page.
  struct Gone {
    std::string fingerprint, status;
    PageSeen page;
  };
  ASSIGN_OR_RETURN(Statement gone_stmt,
                   impl_->Prepare("SELECT fingerprint, status, url, last_seen_run FROM finding_history WHERE "
                                  "site=?2 AND last_seen_run<?1 AND status IN ('open','acknowledged') ORDER BY "
                                  "fingerprint"));
  gone_stmt.Bind(1, run_id).Bind(2, run.site);
  ASSIGN_OR_RETURN(std::vector<Gone> gone, CollectRows<Gone>(gone_stmt, [](const Statement& s) {
                     return Gone{s.Text(0), s.Text(1), {s.Text(2), s.Int(3)}};
                   }));
  std::vector<PageSeen> pages;
  for (const Gone& g : gone) pages.push_back(g.page);
  ASSIGN_OR_RETURN(std::vector<bool> rechecked, Rechecked(run_id, pages));
  const std::string note = FixedNote(run_id);
  ASSIGN_OR_RETURN(Statement * log, impl_->Cached("INSERT INTO triage_log(fingerprint, at, old_status, new_status, "
                                                  "note, actor, run_id) VALUES(?1, ?2, ?3, 'fixed', ?4, "
                                                  "'govaudit', ?5)"));
  ASSIGN_OR_RETURN(Statement * fixed, impl_->Cached("UPDATE finding_history SET status='fixed' WHERE fingerprint=?1"));
  for (size_t i = 0; i < gone.size(); ++i) {
    if (!rechecked[i]) continue;
    log->Bind(1, gone[i].fingerprint).Bind(2, now).Bind(3, gone[i].status).Bind(4, note).Bind(5, run_id);
    RETURN_IF_ERROR(log->Run());
    fixed->Bind(1, gone[i].fingerprint);
    RETURN_IF_ERROR(fixed->Run());
  }
  return Status::Ok();
}

StatusOr<std::vector<bool>> Store::Rechecked(int64_t run_id, const std::vector<PageSeen>& pages) {
  std::vector<bool> out(pages.size(), false);
  std::optional<bool> site_read_whole;  // asked only when the links do not decide
  ASSIGN_OR_RETURN(Statement * page, impl_->Cached(kPageUnread.c_str()));
  ASSIGN_OR_RETURN(Statement * referrers, impl_->Cached(kReferrersLeft.c_str()));
  for (size_t i = 0; i < pages.size(); ++i) {
    page->Bind(1, run_id).Bind(2, pages[i].url);
    ASSIGN_OR_RETURN(bool fetched, page->Step());
    const bool unread = fetched && page->Int(0) != 0;
    page->Reset();
    if (fetched) {
      out[i] = !unread;
      continue;
    }
    // Not reached: the page is no longer linked, or hides behind a page the run could not read.
    referrers->Bind(1, run_id).Bind(2, pages[i].seen_in_run).Bind(3, pages[i].url);
    ASSIGN_OR_RETURN(bool row, referrers->Step());
    const int64_t linked_from = row ? referrers->Int(0) : 0, unreached = row ? referrers->Int(1) : 0;
    const int64_t still_leading = row ? referrers->Int(2) : 0;
    referrers->Reset();
    if (still_leading > 0) continue;
    if (linked_from > 0 && unreached == 0) {  // every page that led to it was read, and leads there no more
      out[i] = true;
      continue;
    }
    // Nothing led to it, or what led to it is gone too: gone from the site if the run read
    // every page of the site it found.
    if (!site_read_whole) {
      ASSIGN_OR_RETURN(Statement any_unread, impl_->Prepare(kAnyUnreadPage));
      any_unread.Bind(1, run_id);
      ASSIGN_OR_RETURN(bool found, any_unread.Step());
      site_read_whole = !found;
    }
    out[i] = *site_read_whole;
  }
  return out;
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

void ReadHistoryColumns(const Statement& s, int first, StoredFinding* sf) {
  sf->status = s.Text(first);
  sf->status_note = s.Text(first + 1);
  sf->first_seen_run = s.Int(first + 2);
  sf->first_seen_at = s.Text(first + 3);
  sf->last_seen_run = s.Int(first + 4);
  sf->last_seen_at = s.Text(first + 5);
}

namespace {

// A finding with its history, as StoredFindingAt reads it: `findings f` joined to
// `finding_history h`, then the clause that picks and orders the rows.
const std::string kStoredFindingSelect =
    "SELECT f.rule, f.url, f.severity, f.title, f.message, f.evidence, f.highlight, f.referrers, "
    "f.evidence_key, f.kind_reasons, f.location, f.fingerprint, coalesce(h.status,'open'), "
    "coalesce(h.status_note,''), coalesce(h.first_seen_run, f.run_id), coalesce(h.first_seen_at,''), "
    "coalesce(h.last_seen_run, f.run_id), coalesce(h.last_seen_at,''), f.run_id ";
// A full order, the same from either store (the fingerprint breaks ties).
constexpr const char* kStoredFindingOrder = " ORDER BY " GOVAUDIT_SQL_BY_SEVERITY ", f.rule, f.url, f.fingerprint";

StoredFinding StoredFindingAt(const Statement& s) {
  StoredFinding sf;
  Finding& f = sf.finding;
  f.rule_id = s.Text(0);
  f.url = s.Text(1);
  ReadFindingColumns(s, 2, &f);
  sf.fingerprint = s.Text(11);
  ReadHistoryColumns(s, 12, &sf);
  sf.run_id = s.Int(18);
  return sf;
}

}  // namespace

Status Store::ForEachFinding(int64_t run_id, const std::function<void(StoredFinding&&)>& on_finding) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare(kStoredFindingSelect +
                                  "FROM findings f LEFT JOIN finding_history h ON h.fingerprint=f.fingerprint "
                                  "WHERE f.run_id=?" +
                                  kStoredFindingOrder));
  stmt.Bind(1, run_id);
  return ForEachRow(stmt, [&](const Statement& s) { on_finding(StoredFindingAt(s)); });
}

StatusOr<std::vector<StoredFinding>> Store::FixedByRun(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare(kStoredFindingSelect +
                                  "FROM triage_log t JOIN finding_history h ON h.fingerprint=t.fingerprint "
                                  "JOIN findings f ON f.run_id=h.last_seen_run AND f.fingerprint=h.fingerprint "
                                  "WHERE t.new_status='fixed' AND (t.run_id=?1 OR (t.run_id=0 AND "
                                  "t.actor='govaudit' AND t.note=?2))" +
                                  kStoredFindingOrder));
  stmt.Bind(1, run_id).Bind(2, FixedNote(run_id));
  return CollectRows<StoredFinding>(stmt, StoredFindingAt);
}

StatusOr<std::vector<StoredFinding>> Store::OpenNotSeenBy(int64_t run_id) {
  ASSIGN_OR_RETURN(RunInfo run, GetRun(run_id));
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare(kStoredFindingSelect +
                                  "FROM finding_history h JOIN findings f ON f.run_id=h.last_seen_run AND "
                                  "f.fingerprint=h.fingerprint WHERE h.site=?2 AND h.last_seen_run<?1 AND "
                                  "h.status IN ('open','acknowledged')" +
                                  kStoredFindingOrder));
  stmt.Bind(1, run_id).Bind(2, run.site);
  return CollectRows<StoredFinding>(stmt, StoredFindingAt);
}

StatusOr<std::vector<StoredFinding>> Store::FindingsForRun(int64_t run_id) {
  std::vector<StoredFinding> out;
  RETURN_IF_ERROR(ForEachFinding(run_id, [&](StoredFinding&& sf) { out.push_back(std::move(sf)); }));
  return out;
}

}  // namespace govaudit::db
