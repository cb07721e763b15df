// Availability probes (站点无法访问): each site's home page and a few key pages fetched once,
// with one time limit for the whole answer (redirects included), many at once. What 19号 counts
// as a failure — the page has not opened within 15 s — is what `ok` says. Redirects are followed
// here hop by hop, each hop's address checked by the address policy, so a probe never reaches an
// internal address the user did not name. Cheap enough to run every half hour.
#pragma once

#include <string>
#include <vector>

namespace govaudit {

struct ProbeTarget {
  std::string site;  // the site's name (its runs' name)
  std::string url;
  bool key_page = false;  // false: a start URL (the home page)
};

struct ProbeOptions {
  long timeout_ms = 15000;           // the whole answer, redirects included. Default: 15 s (19号)
  long connect_timeout_ms = 15000;   // Default: the same
  int parallel = 16;                 // probes at once. Default: 16
  int max_redirects = 5;             // Default: 5
  size_t max_body_bytes = 5u << 20;  // read at most this much of a page. Default: 5 MiB
  std::string user_agent = "govaudit/0.1 (availability probe)";
  // Internal addresses a probe may reach besides the targets' own host:port ("HOST" or
  // "HOST:PORT", as --allow-address). Default: none.
  std::vector<std::string> allow_addresses;
};

struct ProbeResult {
  ProbeTarget target;
  std::string at;          // when the probe started, ISO 8601 UTC
  int status = 0;          // the last answer's HTTP status; 0 when none
  double duration_ms = 0;  // until the page had opened or the probe gave up
  bool ok = false;         // a 2xx page within the time limit
  std::string error_kind;  // "timeout", "connect", "dns", "tls", "http", "redirects", "refused" ...
  std::string error;       // for people: "HTTP 503", "no answer within 15 s" ...
  std::string final_url;
};

// Probes every target once; results in the targets' order.
std::vector<ProbeResult> RunProbes(const std::vector<ProbeTarget>& targets, const ProbeOptions& options);

}  // namespace govaudit
