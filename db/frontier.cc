// The crawl frontier, kept so that a killed crawl resumes without losing or repeating a page.
#include "db/internal/connection.h"

namespace govaudit::db {

Status Store::QueueUrl(int64_t run_id, const std::string& url, int depth, const std::string& referrer) {
  ASSIGN_OR_RETURN(Statement * stmt,
                   impl_->Cached("INSERT INTO frontier(run_id, url, depth, referrer, done) VALUES(?,?,?,?,0) "
                                 "ON CONFLICT DO NOTHING"));
  stmt->Bind(1, run_id).Bind(2, url).Bind(3, depth).Bind(4, referrer);
  return stmt->Run();
}

Status Store::MarkDone(int64_t run_id, const std::string& url, int depth) {
  ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached("INSERT INTO frontier(run_id, url, depth, done) VALUES(?,?,?,1) "
                                                   "ON CONFLICT(run_id, url) DO UPDATE SET done=1"));
  stmt->Bind(1, run_id).Bind(2, url).Bind(3, depth);
  return stmt->Run();
}

StatusOr<std::vector<FrontierRow>> Store::Frontier(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT url, depth, referrer, done FROM frontier WHERE run_id=? ORDER BY depth, url"));
  stmt.Bind(1, run_id);
  return CollectRows<FrontierRow>(stmt, [](const Statement& s) {
    return FrontierRow{s.Text(0), static_cast<int>(s.Int(1)), s.Text(2), s.Int(3) != 0};
  });
}

}  // namespace govaudit::db
