// The schema, version by version, in SQLite's words: Migrate() applies every step above the
// stored version (PRAGMA user_version; the govaudit_schema table in PostgreSQL, where the
// connection maps the types). Statements end with ";" at a line's end; one that begins with
// "-- sqlite only" is left out in PostgreSQL (backfills of rows older than any PostgreSQL store).
#pragma once

namespace govaudit::db {

inline constexpr const char* kMigrations[] = {
    // Version 1.
    R"SQL(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  as_of TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  pages INTEGER NOT NULL DEFAULT 0,
  fetch_errors INTEGER NOT NULL DEFAULT 0,
  complete INTEGER NOT NULL DEFAULT 0,
  stop_reason TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE bodies (
  hash TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  data BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE pages (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  url TEXT NOT NULL,
  final_url TEXT NOT NULL,
  depth INTEGER NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL DEFAULT '',
  fetched_at TEXT NOT NULL,
  error_kind TEXT NOT NULL DEFAULT '',
  error_message TEXT NOT NULL DEFAULT '',
  in_scope INTEGER NOT NULL DEFAULT 1,
  is_html INTEGER NOT NULL DEFAULT 0,
  body_hash TEXT,
  charset TEXT NOT NULL DEFAULT '',
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  elapsed_ms REAL NOT NULL DEFAULT 0,
  title TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT '',
  kind_reasons TEXT NOT NULL DEFAULT '',
  publish_date TEXT NOT NULL DEFAULT '',
  doc_number TEXT NOT NULL DEFAULT '',
  facts TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, url)
);
CREATE TABLE links (
  run_id INTEGER NOT NULL,
  from_url TEXT NOT NULL,
  to_url TEXT NOT NULL,
  anchor_text TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, from_url, to_url)
) WITHOUT ROWID;
CREATE INDEX links_by_target ON links(run_id, to_url);
CREATE TABLE findings (
  run_id INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  highlight TEXT NOT NULL DEFAULT '',
  referrers TEXT NOT NULL DEFAULT '[]',
  evidence_key TEXT NOT NULL DEFAULT '',
  kind_reasons TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT 'page',
  PRIMARY KEY (run_id, fingerprint)
);
CREATE TABLE finding_history (
  fingerprint TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  rule TEXT NOT NULL,
  url TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  status_note TEXT NOT NULL DEFAULT '',
  first_seen_run INTEGER NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_seen_run INTEGER NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE TABLE triage_log (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  at TEXT NOT NULL,
  old_status TEXT NOT NULL,
  new_status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT ''
);
CREATE TABLE frontier (
  run_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  depth INTEGER NOT NULL,
  referrer TEXT NOT NULL DEFAULT '',
  done INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
)SQL",
    // Version 2: the page facts queries select on get columns of their own (they were keys of
    // the facts JSON), and the keywords of the run's work points that a page's text holds.
    R"SQL(
ALTER TABLE pages ADD COLUMN written_date TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN column_name TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN policy_column INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN attachment TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN inspected INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pages ADD COLUMN not_inspected_reason TEXT NOT NULL DEFAULT '';
-- sqlite only
UPDATE pages SET
  written_date = coalesce(json_extract(facts, '$.written_date'), ''),
  column_name = coalesce(json_extract(facts, '$.column'), ''),
  policy_column = coalesce(json_extract(facts, '$.policy_column'), 0),
  attachment = coalesce(json_extract(facts, '$.attachment'), ''),
  inspected = coalesce(json_extract(facts, '$.attachment_inspected'), 1),
  not_inspected_reason = coalesce(json_extract(facts, '$.not_inspected_reason'), '')
WHERE facts <> '{}';
ALTER TABLE pages ADD COLUMN text_keywords TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN links_dropped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN text_keywords TEXT NOT NULL DEFAULT '';
)SQL",
    // Version 3: the checks that need more than one page. Availability probes are kept by site
    // across runs (govaudit probe writes them between audits); what each page of a run showed
    // of message boards, service guides and its template is kept beside the page.
    R"SQL(
CREATE TABLE probes (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL,
  url TEXT NOT NULL,
  key_page INTEGER NOT NULL DEFAULT 0,
  at TEXT NOT NULL,
  status INTEGER NOT NULL DEFAULT 0,
  duration_ms REAL NOT NULL DEFAULT 0,
  ok INTEGER NOT NULL,
  error_kind TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX probes_by_site ON probes(site, at);
CREATE TABLE board_pages (
  run_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  channel TEXT NOT NULL,
  channel_name TEXT NOT NULL DEFAULT '',
  detail INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
CREATE TABLE messages (
  run_id INTEGER NOT NULL,
  page_url TEXT NOT NULL,
  seq INTEGER NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  submitted TEXT NOT NULL DEFAULT '',
  replied TEXT NOT NULL DEFAULT '',
  listed TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '',
  replier TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT '',
  excluded INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, page_url, seq)
) WITHOUT ROWID;
CREATE TABLE service_guides (
  run_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  present TEXT NOT NULL DEFAULT '',
  missing TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
CREATE TABLE page_templates (
  run_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  signature TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
)SQL",
    // Version 4: what the security rules (security.*) judge after the crawl: what each outbound
    // link target showed, and what each page holds that may be planted there (hidden links,
    // outside scripts, suspicious inline code, links shown only to a search engine's crawler).
    R"SQL(
CREATE TABLE outbound_samples (
  run_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  lexicon_terms TEXT NOT NULL DEFAULT '',
  lexicon_score INTEGER NOT NULL DEFAULT 0,
  excerpt TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
CREATE TABLE page_observations (
  run_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  page_url TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, kind, target, page_url)
) WITHOUT ROWID;
)SQL",
    // Version 5: bodies in a rowid table, the hash its unique key. Clustered on the hash
    // (WITHOUT ROWID), each new body of about 14 KB landed on a random page of the table, so
    // writes and checkpoints scattered over the whole file as it grew (a 100,000-page audit:
    // 1.79 GB, a third more system time); appended by rowid they go to the end and only the
    // small hash index takes random inserts. PostgreSQL stores them as a heap already.
    R"SQL(
-- sqlite only
CREATE TABLE bodies_by_rowid (
  hash TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  data BLOB NOT NULL
);
-- sqlite only
INSERT INTO bodies_by_rowid(hash, size, data) SELECT hash, size, data FROM bodies;
-- sqlite only
DROP TABLE bodies;
-- sqlite only
ALTER TABLE bodies_by_rowid RENAME TO bodies;
)SQL",
    // Version 6: the page findings a template roll-up may replace, held apart from the findings
    // until it has judged them, in the order it reads them. Written into the findings first,
    // most of them (a missing lang or meta tag on nearly every page) were read back sorted and
    // deleted again one by one, through an index of random keys. Those it does not replace
    // move into the findings; `in_findings` marks copies made for a run that stopped before
    // its roll-up (Ctrl-C), which --resume may still replace.
    R"SQL(
CREATE TABLE template_findings (
  run_id INTEGER NOT NULL,
  rule TEXT NOT NULL,
  signature TEXT NOT NULL,
  evidence_key TEXT NOT NULL,
  url TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  highlight TEXT NOT NULL DEFAULT '',
  referrers TEXT NOT NULL DEFAULT '[]',
  kind_reasons TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  in_findings INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, rule, signature, evidence_key, url, fingerprint)
) WITHOUT ROWID;
)SQL",
    // Version 7: how a body is stored. '' as fetched, 'lz4' an LZ4 block (`size` keeps the
    // fetched size). Bodies are nine tenths of the store; LZ4 makes generated benchmark pages
    // 2.3 times smaller and real government pages 3.7 times, at about 600 MB/s.
    R"SQL(
ALTER TABLE bodies ADD COLUMN codec TEXT NOT NULL DEFAULT '';
)SQL",
    // Version 8: the run that changed a finding's status (0: a person did), so that a report
    // lists what its own run marked fixed.
    R"SQL(
ALTER TABLE triage_log ADD COLUMN run_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX triage_log_by_run ON triage_log(run_id);
)SQL",
};

}  // namespace govaudit::db
