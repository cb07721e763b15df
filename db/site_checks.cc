// Availability probes; message boards, service guides and templates of a run's pages.
#include "db/internal/connection.h"

namespace govaudit::db {

Status Store::PutProbes(const std::vector<ProbeRecord>& probes) {
  ASSIGN_OR_RETURN(Statement * stmt,
                   impl_->Cached("INSERT INTO probes(site, url, key_page, at, status, duration_ms, ok, error_kind, "
                                 "error) VALUES(?,?,?,?,?,?,?,?,?)"));
  for (const ProbeRecord& p : probes) {
    stmt->Bind(1, p.site).Bind(2, p.url).Bind(3, p.key_page ? 1 : 0).Bind(4, p.at).Bind(5, p.status);
    stmt->Bind(6, p.duration_ms).Bind(7, p.ok ? 1 : 0).Bind(8, p.error_kind).Bind(9, p.error);
    Status s = stmt->Run();
    if (!s.ok()) return s.WithContext("storing a probe of " + p.url);
  }
  return Status::Ok();
}

StatusOr<std::vector<ProbeRecord>> Store::Probes(const std::string& site, const std::string& from,
                                                 const std::string& to) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT site, url, key_page, at, status, duration_ms, ok, error_kind, error FROM "
                                  "probes WHERE site=?1 AND at>=?2 AND at<?3 ORDER BY at, id"));
  stmt.Bind(1, site).Bind(2, from).Bind(3, to);
  return CollectRows<ProbeRecord>(stmt, [](const Statement& s) {
    return ProbeRecord{s.Text(0), s.Text(1),     s.Int(2) != 0, s.Text(3), static_cast<int>(s.Int(4)),
                       s.Real(5), s.Int(6) != 0, s.Text(7),     s.Text(8)};
  });
}

static const std::string kPutBoard = ReplaceSql("board_pages", "run_id, url", "channel, channel_name, detail");
static const std::string kPutMessage =
    ReplaceSql("messages", "run_id, page_url, seq",
               "url, title, submitted, replied, listed, state, status, replier, type, excluded");
static const std::string kPutGuide = ReplaceSql("service_guides", "run_id, url", "title, present, missing");
static const std::string kPutTemplate = ReplaceSql("page_templates", "run_id, url", "signature, label");

Status Store::PutPageExtras(int64_t run_id, const PageExtras& e) {
  if (e.board) {
    ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached(kPutBoard.c_str()));
    stmt->Bind(1, run_id).Bind(2, e.url).Bind(3, e.board->channel).Bind(4, e.board->channel_name);
    stmt->Bind(5, e.board->detail ? 1 : 0);
    RETURN_IF_ERROR(stmt->Run());
  }
  if (!e.messages.empty()) {
    ASSIGN_OR_RETURN(Statement * stmt,
                     impl_->Cached(kPutMessage.c_str()));
    for (size_t i = 0; i < e.messages.size(); ++i) {
      const MessageRow& m = e.messages[i];
      stmt->Bind(1, run_id).Bind(2, e.url).Bind(3, static_cast<int64_t>(i)).Bind(4, m.url).Bind(5, m.title);
      stmt->Bind(6, m.submitted).Bind(7, m.replied).Bind(8, m.listed).Bind(9, m.state).Bind(10, m.status);
      stmt->Bind(11, m.replier).Bind(12, m.type).Bind(13, m.excluded ? 1 : 0);
      Status s = stmt->Run();
      if (!s.ok()) return s.WithContext("storing the messages of " + e.url);
    }
  }
  if (e.guide) {
    ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached(kPutGuide.c_str()));
    stmt->Bind(1, run_id).Bind(2, e.url).Bind(3, e.guide->title).Bind(4, JoinLines(e.guide->present));
    stmt->Bind(5, JoinLines(e.guide->missing));
    RETURN_IF_ERROR(stmt->Run());
  }
  if (!e.template_signature.empty()) {
    ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached(kPutTemplate.c_str()));
    stmt->Bind(1, run_id).Bind(2, e.url).Bind(3, e.template_signature).Bind(4, e.template_label);
    RETURN_IF_ERROR(stmt->Run());
  }
  return Status::Ok();
}

StatusOr<std::vector<BoardPageRow>> Store::BoardPages(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT url, channel, channel_name, detail FROM board_pages "
                                                  "WHERE run_id=? ORDER BY url"));
  stmt.Bind(1, run_id);
  return CollectRows<BoardPageRow>(stmt, [](const Statement& s) {
    return BoardPageRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3) != 0};
  });
}

StatusOr<std::vector<MessageRow>> Store::Messages(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT page_url, url, title, submitted, replied, listed, state, status, replier, "
                                  "type, excluded FROM messages WHERE run_id=? ORDER BY page_url, seq"));
  stmt.Bind(1, run_id);
  return CollectRows<MessageRow>(stmt, [](const Statement& s) {
    return MessageRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4),     s.Text(5),
                      s.Text(6), s.Text(7), s.Text(8), s.Text(9), s.Int(10) != 0};
  });
}

StatusOr<std::vector<GuideRow>> Store::ServiceGuides(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT url, title, present, missing FROM service_guides WHERE "
                                                  "run_id=? ORDER BY url"));
  stmt.Bind(1, run_id);
  return CollectRows<GuideRow>(stmt, [](const Statement& s) {
    return GuideRow{s.Text(0), s.Text(1), SplitLines(s.Text(2)), SplitLines(s.Text(3))};
  });
}

StatusOr<std::map<std::string, int>> Store::TemplatePageCounts(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT signature, count(*) FROM page_templates WHERE run_id=? "
                                                  "GROUP BY signature"));
  stmt.Bind(1, run_id);
  std::map<std::string, int> out;
  RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& s) { out[s.Text(0)] = static_cast<int>(s.Int(1)); }));
  return out;
}

}  // namespace govaudit::db
