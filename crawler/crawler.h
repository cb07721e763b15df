// Crawler: fetches a site with libcurl's multi interface on one thread, politely
// (per-host connection caps and intervals, robots.txt), and hands every response to a
// FetchSink. The sink answers each delivery with Crawler::Done(...) carrying the page's
// links, which the frontier schedules; the crawl ends when nothing is queued, in flight or
// awaiting Done.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "common/status.h"

namespace govaudit {

// Transfers shared by several crawlers running at once (a multi-site audit): a counting
// semaphore with a fair share per crawler and per-host caps across crawlers, so one slow site
// cannot hold every slot and two sites never double the load on a host they share (a common
// external link target, or a platform hosting several sites). Thread-safe.
class ConnectionBudget {
 public:
  explicit ConnectionBudget(int slots);
  ConnectionBudget(const ConnectionBudget&) = delete;
  ConnectionBudget& operator=(const ConnectionBudget&) = delete;

  // A crawler joins for the length of its run; `wake` (called on another thread, under the
  // budget's lock, so it must be quick and must not call back) tells it a slot came free.
  int Join(std::function<void()> wake);
  void Leave(int member);
  // Takes a slot for a transfer to `host` unless the budget is full, `host` already has
  // `host_cap` transfers, or `member` holds its fair share (slots / members) while another
  // member is waiting for one.
  bool TryAcquire(int member, const std::string& host, int host_cap);
  void Release(int member, const std::string& host);

  int slots() const { return slots_; }
  int in_use() const;

 private:
  struct Member {
    std::function<void()> wake;
    int held = 0;
    std::chrono::steady_clock::time_point refused_at{};  // last refusal for want of a slot
  };
  const int slots_;
  mutable std::mutex mutex_;
  std::map<int, Member> members_;
  std::map<std::string, int> host_active_;
  int in_use_ = 0;
  int next_id_ = 0;
};

struct CrawlOptions {
  std::vector<std::string> start_urls;  // absolute http(s) URLs
  // Hosts that belong to the site besides the start URLs' (e.g. "example.gov.cn" beside
  // "www.example.gov.cn"). Scope is scheme-independent host[:port] equality.
  std::vector<std::string> extra_hosts;
  bool include_subdomains = false;       // Default: false
  std::vector<std::string> include_patterns;  // substrings; if any given, a URL must contain one
  std::vector<std::string> exclude_patterns;  // substrings; a URL containing one is skipped
  int max_pages = 5000;                  // Default: 5000 fetched URLs
  int max_depth = 10;                    // Default: 10 links from a start URL
  int max_redirects = 5;                 // Default: 5
  long connect_timeout_ms = 10000;       // Default: 10 s
  long total_timeout_ms = 30000;         // Default: 30 s per transfer
  int global_connections = 16;           // Default: 16 transfers at once across hosts
  int per_host_connections = 4;          // Default: 4
  double per_host_interval_s = 0.25;     // Default: at most 4 request starts a second per host
  int retries = 2;                       // Default: 2 retries of transient failures
  double retry_base_delay_s = 0.5;       // Default: 0.5 s, doubled each retry
  size_t max_body_bytes = 20u << 20;     // Default: 20 MB (decompressed)
  int max_url_length = 2048;             // Default: 2048 characters
  int max_links_per_page = 5000;         // Default: 5000 distinct links read of one page; the rest counted
  int max_query_variants_per_path = 50;  // Default: 50 distinct query strings per path
  bool respect_robots = true;            // Default: true (--ignore-robots for authorised inspections)
  bool check_external_links = true;      // Default: true: out-of-scope links are checked, not followed
  // Out-of-scope links: how much of a target's answer is read, for the security rules (its title
  // and a text sample). With a sample the check is one GET (no HEAD first), cut at this many
  // bytes and at the first bytes of an answer that is not text. 0: the status alone (HEAD,
  // GET only if HEAD is refused). Default: 0 (an audit with the security rules on asks 64 KB).
  size_t external_sample_bytes = 0;
  bool use_sitemaps = true;              // Default: true
  std::string user_agent = "govaudit/0.1 (+https://example.invalid/govaudit; inspector contact)";
  // Validators (ETag, Last-Modified) from the previous run, for conditional requests; a 304
  // answer is delivered with not_modified = true and no body. Default: none.
  std::function<std::optional<std::pair<std::string, std::string>>(const std::string& url)> validators;
  // Internal addresses (loopback, private, link-local ...) the crawl may connect to besides the
  // start URLs' own host:port: "HOST" or "HOST:PORT". Default: none (AddressPolicy).
  std::vector<std::string> allow_addresses;
  // Shared with the crawlers of other sites running at once; every transfer takes a slot of it.
  // Default: none (only global_connections and per_host_connections limit this crawler).
  std::shared_ptr<ConnectionBudget> shared_budget;
};

// What a crawl interrupted earlier had left: URLs still to fetch and URLs already stored.
struct ResumeState {
  struct Pending {
    std::string url;
    int depth = 0;
    std::string referrer;
  };
  std::vector<Pending> pending;
  std::vector<std::string> done;
};

enum class FetchError {
  kNone,
  kDns,
  kConnect,
  kTimeout,
  kTls,
  kHttp,                 // a response with status >= 400
  kTooManyRedirects,
  kRedirectLoop,
  kBlockedScheme,        // redirect to file://, ftp://, ...
  kBodyTooLarge,
  kRobots,               // disallowed by robots.txt: not fetched
  kRefusedAddress,       // resolves to an internal address the user did not allow: not contacted
  kOther,
};
std::string_view FetchErrorName(FetchError error);  // "dns", "connect", ...

struct FetchResult {
  std::string url;             // the URL as queued (normalised)
  std::string final_url;       // after redirects
  std::string referrer;        // the first page that linked to it
  int depth = 0;
  bool in_scope = true;        // false: an external link, checked but not followed
  bool resource_check = false; // a page resource (image, stylesheet...): checked, never parsed
  int status = 0;              // HTTP status, 0 if no response
  std::string content_type;
  std::string body;            // raw bytes as received (decompressed); empty for HEAD checks
  bool body_truncated = false; // hit max_body_bytes
  FetchError error = FetchError::kNone;
  std::string error_message;   // curl's words or ours, for the report
  std::vector<std::string> redirects;  // intermediate URLs
  bool not_modified = false;   // a conditional request answered 304: reuse the stored body
  std::string etag;
  std::string last_modified;
  std::string retry_after;
  int attempts = 1;
  double elapsed_ms = 0;
  // A fetch that failed: an error (a timeout or a cut body after a 200 included) or no usable
  // status. A target refused by the address policy is not a failure of the site's.
  bool IsFailure() const {
    if (error == FetchError::kRefusedAddress) return false;
    return error != FetchError::kNone || status >= 400 || status == 0;
  }
};

// A link discovered in a fetched page, returned to the crawler through Done().
struct DiscoveredLink {
  std::string url;  // absolute, normalised
  // An image, stylesheet, script or media file the page loads: checked (HEAD first, in scope
  // or not) like an external link, never followed. 19号 counts broken images as broken links.
  bool resource = false;
};

class FetchSink {
 public:
  virtual ~FetchSink() = default;
  // Called on the crawler thread; must not block for long (hand the work to a pool).
  virtual void OnFetched(FetchResult result) = 0;
};

struct CrawlStats {
  int64_t fetched = 0;
  int64_t failed = 0;
  int64_t queued = 0;          // still queued when the crawl stopped
  int64_t skipped_robots = 0;
  int64_t skipped_traps = 0;
  int64_t not_modified = 0;     // 304 answers to conditional requests
  std::vector<std::string> refusing_hosts;  // hosts that answered 403/429 in bursts: slowed down
  // Start URLs that redirected to another host, "from → to": that host was audited instead.
  std::vector<std::string> start_redirects;
  int64_t refused_addresses = 0;           // transfers not made: the target resolved to an internal address
  std::vector<std::string> refused_examples;  // "url → address", the first few
  bool hit_page_limit = false;
  bool interrupted = false;
  double elapsed_s = 0;
};

// Progress callback: called at most a few times a second from the crawler thread.
using ProgressFn = std::function<void(const CrawlStats&)>;

class Crawler {
 public:
  Crawler(CrawlOptions options, FetchSink* sink);
  ~Crawler();
  Crawler(const Crawler&) = delete;
  Crawler& operator=(const Crawler&) = delete;

  // Checks the options (start URLs parse, limits positive). Errors name the bad value.
  static Status Validate(const CrawlOptions& options);

  // Thread-safe. Every FetchResult delivered to the sink must be answered exactly once.
  void Done(const std::string& url, int depth, const std::vector<DiscoveredLink>& links);
  // Thread-safe: ask the crawl to stop soon (Ctrl-C); Run returns with interrupted = true.
  void Stop();
  void SetProgress(ProgressFn progress);

  // Continues an interrupted crawl: `done` URLs are never fetched again (and count towards
  // max_pages); `pending` ones are queued. Call before Run().
  void Resume(const ResumeState& state);

  // Blocks, driving transfers on the calling thread, until the site is exhausted.
  CrawlStats Run();

  // True if the URL belongs to the site being crawled (after normalisation).
  bool InScope(const std::string& url) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace govaudit
