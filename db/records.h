// The values the store keeps and returns: runs, pages, links, findings with their history,
// triage events, and the shapes of the typed queries. Plain structs; no SQL here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/finding.h"

namespace govaudit::db {

struct RunInfo {
  int64_t id = 0;
  std::string site;            // site name (or the first start URL)
  std::string started_at;      // ISO 8601 UTC
  std::string finished_at;     // empty while running or if aborted
  std::string as_of;           // the audit date, YYYY-MM-DD
  std::string settings_json;   // the effective options
  int64_t pages = 0;           // pages fetched (any status)
  int64_t fetch_errors = 0;    // fetches that failed or answered >= 400
  bool complete = false;       // false: aborted or a limit was hit; never marks findings fixed
  std::string stop_reason;     // "finished", "max-pages", "interrupted", ...
  std::vector<std::string> text_keywords;  // what the run recorded of pages' text (PageRecord)
};

// One fetched URL and what the parser learnt about it.
struct PageRecord {
  std::string url;
  std::string final_url;
  int depth = 0;
  int status = 0;              // HTTP status; 0 when no response
  std::string content_type;
  std::string fetched_at;
  std::string error_kind;      // empty, or "dns", "connect", "timeout", "tls", "http", ...
  std::string error_message;
  bool in_scope = true;
  bool is_html = false;
  std::string body;            // stored de-duplicated by content hash
  // The keywords the run looks for (work points' body evidence) that the page's visible text
  // holds, found while the page was parsed: later judgements never parse a stored body again.
  std::vector<std::string> text_keywords;
  std::string charset;
  std::string etag;
  std::string last_modified;
  double elapsed_ms = 0;
  // Facts from the page model that queries select on.
  std::string title;
  std::string kind;            // "policy_document", "interpretation", ... or empty
  std::string kind_reasons;
  std::string publish_date;    // YYYY-MM-DD or empty
  std::string written_date;    // 成文日期, YYYY-MM-DD or empty
  std::string doc_number;
  std::string column;          // the page's column (栏目), may be empty
  bool policy_column = false;  // the column lists policy documents
  std::string attachment;      // attachments: the format ("pdf", "xls", ...); empty for pages
  bool inspected = true;       // false: the content could not be read (old format, script-only page)
  std::string not_inspected_reason;
  int64_t links_dropped = 0;   // distinct links past the per-page cap: not stored, not checked
  std::string facts_json;      // everything else a site rule may need (classify/facts.h)
};

// A page where a finding stood, and the run that saw it there (whose links say what led to it).
struct PageSeen {
  std::string url;
  int64_t seen_in_run = 0;
};

struct LinkRecord {
  std::string to_url;
  std::string anchor_text;
};

// A finding as stored, with its identity and history.
struct StoredFinding {
  Finding finding;
  std::string fingerprint;
  int64_t run_id = 0;
  std::string status = "open";  // open, acknowledged, false_positive, fixed
  std::string status_note;
  int64_t first_seen_run = 0;
  std::string first_seen_at;
  int64_t last_seen_run = 0;
  std::string last_seen_at;
};

// Triage statuses, in the order they are listed to users.
inline constexpr const char* kFindingStatuses[] = {"open", "acknowledged", "false_positive", "fixed"};
bool IsFindingStatus(std::string_view status);
// "open, acknowledged, false_positive, fixed", for error messages.
std::string FindingStatusList();

// A finding's history: the finding as last seen, with its status and the runs that found it.
struct HistoryEntry {
  StoredFinding finding;        // run_id = last_seen_run
  std::string site;
  std::vector<int64_t> runs;    // runs that found it, oldest first (FindByPrefix only)
  int64_t runs_seen = 0;        // how many runs found it
};

struct HistoryFilter {
  std::string status;  // one of kFindingStatuses; empty: any
  std::string rule;    // a rule id ("link.broken") or a family ("link"); empty: any
  std::string site;    // empty: any
};

// One status change in the audit trail.
struct TriageEvent {
  std::string at;          // ISO 8601 UTC
  std::string old_status;
  std::string new_status;
  std::string note;
  std::string actor;       // who changed it ("govaudit" for changes made by a run)
};

// A crawl frontier entry, kept so that a killed crawl can be resumed.
struct FrontierRow {
  std::string url;
  int depth = 0;
  std::string referrer;
  bool done = false;
};

// Validators and body key of a page of an earlier run, for conditional requests.
struct Validators {
  std::string etag;
  std::string last_modified;
  std::string body_hash;
};

// An in-scope HTML page that answered 2xx, as the site rules and the scorecard read it.
struct StoredPage {
  std::string url;
  std::string final_url;
  int depth = 0;
  std::string title;
  std::string kind;
  std::string kind_reasons;
  std::string publish_date;
  std::string written_date;
  std::string doc_number;
  std::string column;
  bool policy_column = false;
  std::string facts_json;
};

// Any fetched URL of a run, as stored (without its body).
struct FetchedPage {
  std::string url;
  std::string final_url;
  int depth = 0;
  int status = 0;
  std::string content_type;
  std::string charset;
  std::string error_kind;
  std::string error_message;
  bool in_scope = true;
  bool is_html = false;
  std::string title;
  std::string kind;
  std::string attachment;
  bool inspected = true;
  std::string facts_json;
};

// A page or link target that failed (4xx/5xx, no answer, redirect trouble).
struct FailedPage {
  std::string url;
  int status = 0;
  std::string error_kind;
  std::string error_message;
  std::string final_url;
};

// A link as stored: which page holds it, where it points, its text.
struct StoredLink {
  std::string from_url;
  std::string to_url;
  std::string anchor_text;
};

// What an outbound link's target showed when a sample of it was read: its title and the
// terms of the gambling / pornography / fraud lexicon its title or text held. Masked.
struct OutboundSample {
  std::string url;                         // the target as linked (its out-of-scope pages row)
  std::string title;
  std::vector<std::string> lexicon_terms;  // the terms found, weightiest first
  int lexicon_score = 0;                   // their weights, summed
  std::string excerpt;                     // text around the first term
};

// An out-of-scope URL a run checked: how it answered, and what it showed if sampled.
struct OutboundTarget {
  std::string url;
  std::string final_url;  // after redirects
  int status = 0;
  std::string error_kind;
  bool sampled = false;   // a sample was read (the sample fields below are set)
  OutboundSample sample;
};

// Something a page holds that the security rules judge over the whole run.
struct PageObservation {
  std::string page_url;
  std::string kind;    // "hidden_link", "script_src", "inline_script", "cloaked_link"
  std::string target;  // the link's or the script's URL; for inline code, its signature and hash
  std::string detail;  // how the link is hidden; what the code does, with an excerpt
  std::string text;    // the link's anchor text
};

// Totals of a run's pages.
struct PageTotals {
  int64_t pages = 0;          // every fetched URL
  int64_t fetch_errors = 0;   // status >= 400 or no answer
  int64_t html = 0;
  int64_t attachments = 0;    // in-scope attachments
  int64_t not_inspected = 0;  // pages and attachments whose content could not be read
  int64_t pages_over_link_cap = 0;  // pages with more distinct links than the per-page cap
  int64_t links_dropped = 0;        // the links past the cap, in all
  int64_t external_answered = 0;    // external links whose host answered (any HTTP status)
  int64_t external_unreachable = 0; // external links whose host could not be resolved or reached
};

// A page or attachment whose content could not be read.
struct UninspectedPage {
  std::string url;
  std::string format;  // "xls", "rar", ... ; "html" for a page rendered by script
  std::string reason;
};

// A page as a run fetched it, for the evidence archive: what was received and when.
struct PageSnapshot {
  std::string url;
  std::string final_url;
  int status = 0;
  std::string content_type;
  std::string charset;       // the charset the page was decoded with ("" for attachments)
  std::string fetched_at;    // ISO 8601 UTC
  bool is_html = false;
  std::string attachment;    // the format of an attachment ("pdf", "xlsx" ...), else empty
  std::string title;
  std::string facts_json;
  std::string body;          // the bytes as received; empty when none was stored
};

// Open (not dismissed) findings of one run, for the trend chart.
struct RunTrendPoint {
  int64_t run_id = 0;
  std::string date;  // YYYY-MM-DD the run started
  int64_t open_findings = 0;
};

// Open findings of one rule on one site, across every run (govaudit stats): history rows whose
// status is open or acknowledged.
struct OpenFindingCount {
  std::string site;
  std::string rule;
  int64_t open = 0;
};

// Current time as ISO 8601 UTC ("2026-11-26T14:51:00Z").
std::string NowUtcIso();

}  // namespace govaudit::db
