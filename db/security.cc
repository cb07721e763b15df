// What the security rules judge after the crawl: outbound targets' samples and the pages'
// observations.
#include "db/internal/connection.h"

namespace govaudit::db {

static const std::string kPutSample =
    ReplaceSql("outbound_samples", "run_id, url", "title, lexicon_terms, lexicon_score, excerpt");
static const std::string kPutObservation =
    ReplaceSql("page_observations", "run_id, kind, target, page_url", "detail, text");

Status Store::PutOutboundSample(int64_t run_id, const OutboundSample& sample) {
  ASSIGN_OR_RETURN(Statement * stmt,
                   impl_->Cached(kPutSample.c_str()));
  stmt->Bind(1, run_id).Bind(2, sample.url).Bind(3, sample.title).Bind(4, JoinLines(sample.lexicon_terms));
  stmt->Bind(5, sample.lexicon_score).Bind(6, sample.excerpt);
  Status s = stmt->Run();
  return s.ok() ? s : s.WithContext("storing what " + sample.url + " showed");
}

Status Store::PutObservations(int64_t run_id, const std::vector<PageObservation>& observations) {
  ASSIGN_OR_RETURN(Statement * stmt,
                   impl_->Cached(kPutObservation.c_str()));
  for (const PageObservation& o : observations) {
    stmt->Bind(1, run_id).Bind(2, o.kind).Bind(3, o.target).Bind(4, o.page_url).Bind(5, o.detail).Bind(6, o.text);
    Status s = stmt->Run();
    if (!s.ok()) return s.WithContext("storing the " + o.kind + " observations of " + o.page_url);
  }
  return Status::Ok();
}

Status Store::DeleteObservations(int64_t run_id, const std::string& kind) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("DELETE FROM page_observations WHERE run_id=?1 AND kind=?2"));
  stmt.Bind(1, run_id).Bind(2, kind);
  return stmt.Run();
}

StatusOr<std::vector<OutboundTarget>> Store::OutboundTargets(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT p.url, p.final_url, p.status, p.error_kind, s.url IS NOT NULL, "
                                  "coalesce(s.title,''), coalesce(s.lexicon_terms,''), coalesce(s.lexicon_score,0), "
                                  "coalesce(s.excerpt,'') FROM pages p LEFT JOIN outbound_samples s "
                                  "ON s.run_id = p.run_id AND s.url = p.url WHERE p.run_id=?1 AND p.in_scope=0 "
                                  "AND p.error_kind <> 'refused-address' ORDER BY p.url"));
  stmt.Bind(1, run_id);
  return CollectRows<OutboundTarget>(stmt, [](const Statement& s) {
    OutboundTarget t;
    t.url = s.Text(0);
    t.final_url = s.Text(1);
    t.status = static_cast<int>(s.Int(2));
    t.error_kind = s.Text(3);
    t.sampled = s.Int(4) != 0;
    t.sample = {t.url, s.Text(5), SplitLines(s.Text(6)), static_cast<int>(s.Int(7)), s.Text(8)};
    return t;
  });
}

StatusOr<std::vector<PageObservation>> Store::Observations(int64_t run_id, const std::string& kind) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT page_url, kind, target, detail, text FROM page_observations "
                                                  "WHERE run_id=?1 AND kind=?2 ORDER BY target, page_url"));
  stmt.Bind(1, run_id).Bind(2, kind);
  return CollectRows<PageObservation>(stmt, [](const Statement& s) {
    return PageObservation{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
  });
}

StatusOr<int64_t> Store::PreviousCompleteRun(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT coalesce(max(id), 0) FROM runs WHERE complete=1 AND id<?1 "
                                                  "AND site=(SELECT site FROM runs WHERE id=?1)"));
  stmt.Bind(1, run_id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : int64_t{0};
}

}  // namespace govaudit::db
