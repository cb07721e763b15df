// Pages, their bodies, and links.
#include <lz4.h>
#include <xxhash.h>

#include <algorithm>
#include <tuple>

#include "common/hash.h"
#include "db/internal/connection.h"

namespace govaudit::db {
namespace {

constexpr const char* kLz4 = "lz4";
// Bodies shorter than this are stored as they are: there is little to gain.
constexpr size_t kMinPackedBytes = 256;

// The body as an LZ4 block, or nothing where that saves less than an eighth (images, archives,
// bodies already compressed). Bodies are nine tenths of the store, and every page of a body is
// written to the WAL and again at a checkpoint: a 14 KB page took four 4 KB overflow pages,
// packed it takes about 6 KB.
std::optional<std::string> Lz4Packed(std::string_view body) {
  if (body.size() < kMinPackedBytes || body.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) return std::nullopt;
  std::string packed(static_cast<size_t>(LZ4_compressBound(static_cast<int>(body.size()))), '\0');
  const int n =
      LZ4_compress_default(body.data(), packed.data(), static_cast<int>(body.size()), static_cast<int>(packed.size()));
  if (n <= 0 || static_cast<size_t>(n) > body.size() - body.size() / 8) return std::nullopt;
  packed.resize(static_cast<size_t>(n));
  return packed;
}

// A stored body as it was fetched; `codec` and `size` are its row's columns.
StatusOr<std::string> Unpacked(std::string data, std::string_view codec, int64_t size) {
  if (codec.empty()) return data;
  // An LZ4 block unpacks to at most 255 times its size: a larger `size` is damage, and is not
  // allocated.
  const int64_t max_size = static_cast<int64_t>(data.size()) * 255 + 16;
  if (codec != kLz4 || size < 0 || size > LZ4_MAX_INPUT_SIZE || size > max_size) {
    return Status::Error("a stored body has an unknown form (codec '" + std::string(codec) + "', " +
                         std::to_string(size) + " bytes): the database was written by a newer govaudit or is damaged");
  }
  std::string body(static_cast<size_t>(size), '\0');
  const int n = LZ4_decompress_safe(data.data(), body.data(), static_cast<int>(data.size()), static_cast<int>(size));
  if (n != size) {
    return Status::Error("a stored body is damaged (" + std::to_string(data.size()) +
                         " packed bytes do not unpack to " + std::to_string(size) +
                         "): the database is damaged; restore it from its backup (docs/operations.md)");
  }
  return body;
}

// The body in a row: data in column `first`, its codec and fetched size in the next two.
StatusOr<std::string> BodyAt(const Statement& stmt, int first) {
  return Unpacked(stmt.Text(first), stmt.Text(first + 1), stmt.Int(first + 2));
}

}  // namespace

Status Store::PutPage(int64_t run_id, const PageRecord& p) {
  std::optional<std::string> body_hash;
  if (!p.body.empty()) {
    // The key only names a body in the store (a page row points to its body by it), so any
    // good hash serves: XXH3 reads a 14 KB page in about a microsecond, where FNV-1a, a byte
    // at a time, took twenty on the single writer thread. Bodies stored under FNV keys by
    // earlier versions keep them.
    body_hash = Hex64(XXH3_64bits(p.body.data(), p.body.size())) + "-" + std::to_string(p.body.size());
    // A body the store holds already (a 304 answer, a page unchanged since the last audit, one
    // page under two URLs) is not packed again only to be dropped by the insert.
    ASSIGN_OR_RETURN(Statement * known, impl_->Cached("SELECT 1 FROM bodies WHERE hash=?"));
    known->Bind(1, *body_hash);
    StatusOr<bool> stored = known->Step();
    known->Reset();
    if (!stored.ok()) return stored.status().WithContext("looking up the body of " + p.url);
    if (!*stored) {
      const std::optional<std::string> packed = Lz4Packed(p.body);
      ASSIGN_OR_RETURN(Statement * body, impl_->Cached("INSERT INTO bodies(hash, size, codec, data) VALUES(?,?,?,?) "
                                                       "ON CONFLICT DO NOTHING"));
      body->Bind(1, *body_hash).Bind(2, static_cast<int64_t>(p.body.size())).Bind(3, packed ? kLz4 : "");
      body->BindBlob(4, packed ? *packed : p.body);
      Status s = body->Run();
      if (!s.ok()) return s.WithContext("storing the body of " + p.url);
    }
  }
  static const std::string kPut = ReplaceSql(
      "pages", "run_id, url",
      "final_url, depth, status, content_type, fetched_at, error_kind, error_message, in_scope, is_html, body_hash, "
      "charset, etag, last_modified, elapsed_ms, title, kind, kind_reasons, publish_date, doc_number, facts, "
      "written_date, column_name, policy_column, attachment, inspected, not_inspected_reason, text_keywords, "
      "links_dropped");
  ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached(kPut.c_str()));
  stmt->Bind(1, run_id).Bind(2, p.url).Bind(3, p.final_url.empty() ? p.url : p.final_url).Bind(4, p.depth);
  stmt->Bind(5, p.status).Bind(6, p.content_type).Bind(7, p.fetched_at.empty() ? NowUtcIso() : p.fetched_at);
  stmt->Bind(8, p.error_kind).Bind(9, p.error_message).Bind(10, p.in_scope ? 1 : 0).Bind(11, p.is_html ? 1 : 0);
  stmt->BindOptional(12, body_hash).Bind(13, p.charset).Bind(14, p.etag).Bind(15, p.last_modified);
  stmt->Bind(16, p.elapsed_ms).Bind(17, p.title).Bind(18, p.kind).Bind(19, p.kind_reasons);
  stmt->Bind(20, p.publish_date).Bind(21, p.doc_number).Bind(22, p.facts_json.empty() ? "{}" : p.facts_json);
  stmt->Bind(23, p.written_date).Bind(24, p.column).Bind(25, p.policy_column ? 1 : 0).Bind(26, p.attachment);
  stmt->Bind(27, p.inspected ? 1 : 0).Bind(28, p.not_inspected_reason).Bind(29, JoinLines(p.text_keywords));
  stmt->Bind(30, p.links_dropped);
  Status s = stmt->Run();
  return s.ok() ? s : s.WithContext("storing page " + p.url);
}

Status Store::PutLinks(int64_t run_id, const std::string& from_url, const std::vector<LinkRecord>& links) {
  ASSIGN_OR_RETURN(Statement * stmt,
                   impl_->Cached("INSERT INTO links(run_id, from_url, to_url, anchor_text) VALUES(?,?,?,?) "
                                 "ON CONFLICT DO NOTHING"));
  for (const LinkRecord& link : links) {
    stmt->Bind(1, run_id).Bind(2, from_url).Bind(3, link.to_url).Bind(4, link.anchor_text);
    Status s = stmt->Run();
    if (!s.ok()) return s.WithContext("storing links of " + from_url);
  }
  return Status::Ok();
}

namespace {
StatusOr<std::optional<std::string>> FirstText(Statement& stmt) {
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(stmt.Text(0));
}

StatusOr<std::optional<std::string>> FirstBody(Statement& stmt) {
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::string body, BodyAt(stmt, 0));
  return std::optional<std::string>(std::move(body));
}
}  // namespace

StatusOr<std::optional<std::string>> Store::GetBody(int64_t run_id, const std::string& url) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT b.data, b.codec, b.size FROM pages p JOIN bodies b "
                                                  "ON b.hash = p.body_hash WHERE p.run_id=? AND p.url=?"));
  stmt.Bind(1, run_id).Bind(2, url);
  StatusOr<std::optional<std::string>> body = FirstBody(stmt);
  if (!body.ok()) return body.status().WithContext("the stored page " + url);
  return body;
}

StatusOr<std::optional<std::string>> Store::GetBodyByHash(const std::string& hash) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT data, codec, size FROM bodies WHERE hash=?"));
  stmt.Bind(1, hash);
  return FirstBody(stmt);
}

StatusOr<std::optional<PageSnapshot>> Store::Snapshot(int64_t run_id, const std::string& url, bool with_body) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare(std::string("SELECT p.url, p.final_url, p.status, p.content_type, p.charset, "
                                              "p.fetched_at, p.is_html, p.attachment, p.title, p.facts, ") +
                                  (with_body ? "b.data, b.codec, b.size" : "NULL, '', 0") +
                                  " FROM pages p LEFT JOIN bodies b ON b.hash = p.body_hash "
                                  "WHERE p.run_id=?1 AND p.url=?2"));
  stmt.Bind(1, run_id).Bind(2, url);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<PageSnapshot>();
  PageSnapshot s;
  s.url = stmt.Text(0);
  s.final_url = stmt.Text(1);
  s.status = static_cast<int>(stmt.Int(2));
  s.content_type = stmt.Text(3);
  s.charset = stmt.Text(4);
  s.fetched_at = stmt.Text(5);
  s.is_html = stmt.Int(6) != 0;
  s.attachment = stmt.Text(7);
  s.title = stmt.Text(8);
  s.facts_json = stmt.Text(9);
  if (with_body) {
    StatusOr<std::string> body = BodyAt(stmt, 10);
    if (!body.ok()) return body.status().WithContext("the stored page " + url);
    s.body = std::move(*body);
  }
  return std::optional<PageSnapshot>(std::move(s));
}

StatusOr<std::map<std::string, Validators>> Store::PreviousValidators(const std::string& site, int64_t before_run) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT url, etag, last_modified, coalesce(body_hash,'') FROM pages WHERE run_id = "
                                  "(SELECT max(id) FROM runs WHERE site=?1 AND complete=1 AND id<?2) AND status=200 "
                                  "AND body_hash IS NOT NULL AND (etag<>'' OR last_modified<>'')"));
  stmt.Bind(1, site).Bind(2, before_run);
  std::map<std::string, Validators> out;
  RETURN_IF_ERROR(
      ForEachRow(stmt, [&](const Statement& s) { out[s.Text(0)] = {s.Text(1), s.Text(2), s.Text(3)}; }));
  return out;
}

StatusOr<PageTotals> Store::CountPages(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   // Counts as CASE sums: PostgreSQL does not add up booleans.
                   impl_->Prepare("SELECT count(*), coalesce(sum(CASE WHEN (status >= 400 OR status = 0 OR "
                                  "error_kind <> '') AND error_kind <> 'refused-address' THEN 1 ELSE 0 END), 0), "
                                  "coalesce(sum(is_html), 0), "
                                  "coalesce(sum(CASE WHEN is_html = 0 AND in_scope = 1 AND attachment <> '' THEN 1 "
                                  "ELSE 0 END), 0), coalesce(sum(CASE WHEN inspected = 0 THEN 1 ELSE 0 END), 0), "
                                  "coalesce(sum(CASE WHEN links_dropped > 0 THEN 1 ELSE 0 END), 0), "
                                  "coalesce(sum(links_dropped), 0), "
                                  "coalesce(sum(CASE WHEN in_scope = 0 AND status > 0 THEN 1 ELSE 0 END), 0), "
                                  "coalesce(sum(CASE WHEN in_scope = 0 AND status = 0 AND error_kind IN ('dns', "
                                  "'connect', 'timeout') THEN 1 ELSE 0 END), 0) FROM pages WHERE run_id=?1"));
  stmt.Bind(1, run_id);
  PageTotals totals;
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (row) {
    totals = {stmt.Int(0), stmt.Int(1), stmt.Int(2), stmt.Int(3), stmt.Int(4),
              stmt.Int(5), stmt.Int(6), stmt.Int(7), stmt.Int(8)};
  }
  return totals;
}

StatusOr<std::vector<FetchedPage>> Store::FetchedPages(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT url, final_url, depth, status, content_type, charset, error_kind, "
                                  "error_message, in_scope, is_html, title, kind, attachment, inspected, facts "
                                  "FROM pages WHERE run_id=?1 ORDER BY url"));
  stmt.Bind(1, run_id);
  return CollectRows<FetchedPage>(stmt, [](const Statement& s) {
    return FetchedPage{s.Text(0),       s.Text(1),        static_cast<int>(s.Int(2)), static_cast<int>(s.Int(3)),
                       s.Text(4),       s.Text(5),        s.Text(6),                  s.Text(7),
                       s.Int(8) != 0,   s.Int(9) != 0,    s.Text(10),                 s.Text(11),
                       s.Text(12),      s.Int(13) != 0,   s.Text(14)};
  });
}

StatusOr<std::optional<int>> Store::PageStatus(int64_t run_id, const std::string& url) {
  ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached("SELECT status FROM pages WHERE run_id=?1 AND url=?2"));
  stmt->Bind(1, run_id).Bind(2, url);
  auto row = stmt->Step();
  std::optional<int> status;
  if (row.ok() && *row) status = static_cast<int>(stmt->Int(0));
  stmt->Reset();
  if (!row.ok()) return row.status();
  return status;
}

StatusOr<std::vector<UninspectedPage>> Store::NotInspected(int64_t run_id) {
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT url, CASE WHEN attachment <> '' THEN attachment ELSE 'html' "
                                                  "END, not_inspected_reason FROM pages WHERE run_id=?1 AND "
                                                  "inspected=0 ORDER BY url"));
  stmt.Bind(1, run_id);
  return CollectRows<UninspectedPage>(
      stmt, [](const Statement& s) { return UninspectedPage{s.Text(0), s.Text(1), s.Text(2)}; });
}

Status Store::ForEachHtmlPage(int64_t run_id, const std::vector<std::string>& kinds,
                              const std::function<void(StoredPage&&)>& on_page) {
  // Kinds are matched in SQL: only the pages asked for are read and sorted.
  std::string kind_filter;
  for (size_t i = 0; i < kinds.size(); ++i) {
    kind_filter += (i ? " OR " : " AND (") + std::string("instr(',' || kind || ',', ',' || ?") +
                   std::to_string(i + 2) + " || ',') > 0";
  }
  if (!kinds.empty()) kind_filter += ")";
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT url, final_url, depth, title, kind, kind_reasons, publish_date, "
                                  "written_date, doc_number, column_name, policy_column, facts FROM pages "
                                  "WHERE run_id=?1 AND is_html=1 AND in_scope=1 AND status BETWEEN 200 AND 299" +
                                  kind_filter + " ORDER BY url"));
  stmt.Bind(1, run_id);
  for (size_t i = 0; i < kinds.size(); ++i) stmt.Bind(static_cast<int>(i + 2), kinds[i]);
  return ForEachRow(stmt, [&](const Statement& s) {
    on_page(StoredPage{s.Text(0), s.Text(1), static_cast<int>(s.Int(2)), s.Text(3), s.Text(4), s.Text(5),
                       s.Text(6), s.Text(7), s.Text(8), s.Text(9), s.Int(10) != 0, s.Text(11)});
  });
}

StatusOr<std::vector<StoredPage>> Store::HtmlPages(int64_t run_id, const std::vector<std::string>& kinds) {
  std::vector<StoredPage> out;
  RETURN_IF_ERROR(ForEachHtmlPage(run_id, kinds, [&](StoredPage&& p) { out.push_back(std::move(p)); }));
  return out;
}

StatusOr<std::vector<FailedPage>> Store::FailedPages(int64_t run_id, bool in_scope) {
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT url, status, error_kind, error_message, final_url FROM pages "
                                  "WHERE run_id=?1 AND in_scope=?2 AND error_kind <> 'refused-address' AND "
                                  "(status >= 400 OR status = 0 OR error_kind IN "
                                  "('dns','connect','timeout','tls','too-many-redirects','redirect-loop')) "
                                  "ORDER BY url"));
  stmt.Bind(1, run_id).Bind(2, in_scope ? 1 : 0);
  return CollectRows<FailedPage>(stmt, [](const Statement& s) {
    return FailedPage{s.Text(0), static_cast<int>(s.Int(1)), s.Text(2), s.Text(3), s.Text(4)};
  });
}

StatusOr<std::vector<StoredLink>> Store::LinksTo(int64_t run_id, const std::string& to_url, int limit) {
  ASSIGN_OR_RETURN(Statement * stmt, impl_->Cached("SELECT from_url, anchor_text FROM links WHERE run_id=?1 AND "
                                                   "to_url=?2 ORDER BY from_url LIMIT ?3"));
  stmt->Bind(1, run_id).Bind(2, to_url).Bind(3, limit);
  auto links = CollectRows<StoredLink>(
      *stmt, [&](const Statement& s) { return StoredLink{s.Text(0), to_url, s.Text(1)}; });
  stmt->Reset();
  return links;
}

StatusOr<std::vector<StoredLink>> Store::LinksWithText(int64_t run_id, const std::string& keyword) {
  ASSIGN_OR_RETURN(auto found, LinksWithAnyText(run_id, {keyword}));
  return std::move(found.front());
}

StatusOr<std::vector<std::vector<StoredLink>>> Store::LinksWithAnyText(int64_t run_id,
                                                                       const std::vector<std::string>& keywords) {
  std::vector<std::vector<StoredLink>> out(keywords.size());
  if (keywords.empty()) return out;
  ASSIGN_OR_RETURN(Statement stmt, impl_->Prepare("SELECT from_url, to_url, anchor_text FROM links WHERE run_id=?1"));
  stmt.Bind(1, run_id);
  RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& s) {
    const std::string anchor = s.Text(2);
    for (size_t k = 0; k < keywords.size(); ++k) {
      if (anchor.find(keywords[k]) != std::string::npos) out[k].push_back(StoredLink{s.Text(0), s.Text(1), anchor});
    }
  }));
  // By target then source, as byte strings (SQLite's BINARY order).
  for (std::vector<StoredLink>& links : out) {
    std::sort(links.begin(), links.end(), [](const StoredLink& a, const StoredLink& b) {
      return std::tie(a.to_url, a.from_url) < std::tie(b.to_url, b.from_url);
    });
  }
  return out;
}

StatusOr<std::optional<std::string>> Store::ListedInPolicyColumn(int64_t run_id, const std::string& url) {
  ASSIGN_OR_RETURN(Statement * stmt,
                   impl_->Cached("SELECT r.url FROM links l JOIN pages r ON r.run_id = l.run_id AND r.url = l.from_url "
                                 "WHERE l.run_id = ?1 AND l.to_url = ?2 AND r.policy_column = 1 "
                                 "AND instr(r.kind, 'column_list') > 0 ORDER BY r.url LIMIT 1"));
  stmt->Bind(1, run_id).Bind(2, url);
  auto found = FirstText(*stmt);
  stmt->Reset();
  return found;
}

StatusOr<std::map<std::string, std::set<std::string>>> Store::KeywordsByPage(int64_t run_id,
                                                                             const std::set<std::string>& keywords) {
  std::map<std::string, std::set<std::string>> out;
  if (keywords.empty()) return out;
  ASSIGN_OR_RETURN(Statement stmt,
                   impl_->Prepare("SELECT url, text_keywords FROM pages WHERE run_id=?1 AND is_html=1 AND in_scope=1 "
                                  "AND status BETWEEN 200 AND 299 AND text_keywords <> ''"));
  stmt.Bind(1, run_id);
  RETURN_IF_ERROR(ForEachRow(stmt, [&](const Statement& s) {
    std::set<std::string>* held = nullptr;
    for (std::string& keyword : SplitLines(s.Text(1))) {
      if (keywords.count(keyword) == 0) continue;
      if (held == nullptr) held = &out[s.Text(0)];
      held->insert(std::move(keyword));
    }
  }));
  return out;
}

}  // namespace govaudit::db
