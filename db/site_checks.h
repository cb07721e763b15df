// What the checks that need more than one page keep in the store: availability probes (one row
// per probe, by site, kept across runs), and per page of a run what it showed of message
// boards, service guides and its template. Plain structs; no SQL here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/finding.h"

namespace govaudit::db {

// One availability probe (govaudit probe): a page of a site fetched with a time limit.
struct ProbeRecord {
  std::string site;  // the site's name, as its runs are named
  std::string url;
  bool key_page = false;  // false: a start URL (the home page); true: a configured key page
  std::string at;         // when the probe started, ISO 8601 UTC
  int status = 0;         // HTTP status; 0 when there was no answer
  double duration_ms = 0;
  bool ok = false;         // the page opened (2xx, body received) within the time limit
  std::string error_kind;  // "timeout", "connect", "dns", "http", ... when not ok
  std::string error;       // what went wrong, for people
};

// A message read on a page (classify/messages.h): dates YYYY-MM-DD or empty.
struct MessageRow {
  std::string page_url;  // the page it was read on
  std::string url;       // the message's own page
  std::string title;     // through the output gate
  std::string submitted;
  std::string replied;
  std::string listed;  // a date a list showed without saying which
  std::string state;   // "answered", "unanswered", "invalid", "" (unknown)
  std::string status;  // as written
  std::string replier;
  std::string type;
  bool excluded = false;  // its own type is an excluded kind
};

// A page of a message channel.
struct BoardPageRow {
  std::string url;
  std::string channel;       // "consultation" or "excluded"
  std::string channel_name;  // the column name that decided it
  bool detail = false;       // one message's own page
};

// A service guide read on a page (classify/service_guides.h).
struct GuideRow {
  std::string url;
  std::string title;
  std::vector<std::string> present;  // element names
  std::vector<std::string> missing;
};

// A finding of a run on a page made from a known template (classify/templates.h), with what the
// template roll-up reads of it.
struct TemplatedFinding {
  std::string rule;
  std::string signature;  // the page's template
  std::string evidence_key;
  std::string url;
  Severity severity = Severity::kMedium;
  std::string message;
  std::string label;  // the template's label on this page
  std::string fingerprint;
};

// The findings a template roll-up replaces: one rule's findings with one evidence key on the
// pages of one template.
struct TemplateGroup {
  std::string rule;
  std::string signature;
  std::string evidence_key;
};

// Everything of the above one page gave, stored with the page.
struct PageExtras {
  std::string url;
  std::optional<BoardPageRow> board;
  std::vector<MessageRow> messages;
  std::optional<GuideRow> guide;
  std::string template_signature;
  std::string template_label;
  bool empty() const { return !board && messages.empty() && !guide && template_signature.empty(); }
};

}  // namespace govaudit::db
