#include "crawler/crawler.h"
#include "crawler/address_policy.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/url.h"
#include "crawler/internal/curl_handles.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"
#include "common/strings.h"

namespace govaudit {

using Clock = std::chrono::steady_clock;
using internal::ConnectionGuard;
using internal::EasyHandle;
using internal::MultiHandle;
using internal::SlistHandle;

std::string_view FetchErrorName(FetchError error) {
  switch (error) {
    case FetchError::kNone: return "";
    case FetchError::kDns: return "dns";
    case FetchError::kConnect: return "connect";
    case FetchError::kTimeout: return "timeout";
    case FetchError::kTls: return "tls";
    case FetchError::kHttp: return "http";
    case FetchError::kTooManyRedirects: return "too-many-redirects";
    case FetchError::kRedirectLoop: return "redirect-loop";
    case FetchError::kBlockedScheme: return "blocked-scheme";
    case FetchError::kBodyTooLarge: return "body-too-large";
    case FetchError::kRobots: return "robots";
    case FetchError::kRefusedAddress: return "refused-address";
    case FetchError::kOther: return "other";
  }
  return "other";
}

namespace {

enum class ItemKind { kPage, kExternalCheck, kRobots, kSitemap };

struct QueueItem {
  std::string url;
  std::string referrer;
  int depth = 0;
  ItemKind kind = ItemKind::kPage;
  int attempt = 1;
  Clock::time_point not_before{};
  // Redirect state carried across hops of one logical fetch.
  std::string original_url;
  std::vector<std::string> redirects;
  bool head_first = false;  // external checks: HEAD, then GET if HEAD is refused
  bool resource = false;    // a page's image, stylesheet, script or media: checked, not followed
};

struct HostState {
  std::deque<QueueItem> queue;
  int active = 0;
  Clock::time_point next_start{};
  double interval_s = 0;
  enum class Robots { kUnknown, kFetching, kReady } robots = Robots::kUnknown;
  RobotsRules rules = RobotsRules::AllowAll();
  int refusals = 0;  // 403/429 answers: a host that starts refusing is slowed down
};

struct Transfer {
  QueueItem item;
  EasyHandle easy;
  SlistHandle headers;
  FetchResult result;
  size_t body_cap = 0;
  bool aborted_for_size = false;
  bool stop_at_cap_ok = false;  // external GET checks only need the status (and a sample)
  bool text_only = false;       // a sample of an external target: stop at an answer that is not text
  bool stopped_not_text = false;
  Clock::time_point started;
  std::string host_key;
  ConnectionGuard guard;
};

// A sample of an external target is read for its title and text: a PDF or an image stops at
// its first bytes.
bool IsTextType(const char* content_type) {
  if (content_type == nullptr) return true;  // unknown: the sample shows what it is
  const std::string type = LowerAscii(content_type);
  return type.rfind("text/", 0) == 0 || type.find("html") != std::string::npos ||
         type.find("xml") != std::string::npos || type.find("octet-stream") != std::string::npos;
}

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string& body = t->result.body;
  if (t->text_only && body.empty()) {
    char* type = nullptr;
    curl_easy_getinfo(t->easy.get(), CURLINFO_CONTENT_TYPE, &type);
    if (!IsTextType(type)) {
      t->stopped_not_text = true;
      return 0;
    }
  }
  if (body.size() + n > t->body_cap) {
    body.append(data, t->body_cap - body.size());
    t->aborted_for_size = true;
    return 0;  // abort the transfer: the cap counts decompressed bytes, so gzip bombs stop here
  }
  body.append(data, n);
  return n;
}


struct HeaderCapture {
  Transfer* transfer;
};

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 100-continue): reset
    t->result.etag.clear();
    t->result.last_modified.clear();
    t->result.retry_after.clear();
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string value(TrimAscii(line.substr(colon + 1)));
  if (name == "etag") t->result.etag = value;
  if (name == "last-modified") t->result.last_modified = value;
  if (name == "retry-after") t->result.retry_after = value;
  return n;
}

std::string HostKey(const Url& url) {
  return url.port < 0 ? url.host : url.host + ":" + std::to_string(url.port);
}

// Seconds to wait from a Retry-After value (delta-seconds only; HTTP dates fall back).
std::optional<double> RetryAfterSeconds(const std::string& value) {
  if (value.empty()) return std::nullopt;
  char* end = nullptr;
  double s = std::strtod(value.c_str(), &end);
  if (end == value.c_str() || s < 0) return std::nullopt;
  return s;
}

}  // namespace

class Crawler::Impl {
 public:
  Impl(CrawlOptions options, FetchSink* sink)
      : options_(std::move(options)), sink_(sink), policy_(options_.start_urls, options_.allow_addresses) {
    internal::EnsureCurlGlobalInit();
    multi_.reset(curl_multi_init());
    for (const std::string& start : options_.start_urls) {
      if (auto url = ParseUrl(start)) scope_hosts_.insert(HostKey(*url));
    }
    for (const std::string& extra : options_.extra_hosts) scope_hosts_.insert(extra);
  }

  bool InScope(const std::string& url_text) const {
    auto url = ParseUrl(url_text);
    if (!url) return false;
    if (scope_hosts_.count(HostKey(*url)) > 0) return true;
    if (options_.include_subdomains) {
      for (const std::string& host : scope_hosts_) {
        std::string bare = host.rfind("www.", 0) == 0 ? host.substr(4) : host;
        const std::string key = HostKey(*url);
        if (key.size() > bare.size() && key.compare(key.size() - bare.size(), bare.size(), bare) == 0 &&
            key[key.size() - bare.size() - 1] == '.') {
          return true;
        }
      }
    }
    return false;
  }

  bool PassesPatterns(const std::string& url) const {
    for (const std::string& p : options_.exclude_patterns) {
      if (url.find(p) != std::string::npos) return false;
    }
    if (options_.include_patterns.empty()) return true;
    for (const std::string& p : options_.include_patterns) {
      if (url.find(p) != std::string::npos) return true;
    }
    return false;
  }

  // Called by the page workers. The crawler drains the inbox at every turn of its loop, so it
  // is woken only while it sleeps in its poll with a transfer slot free: a wake-up costs the
  // worker a write and the crawler a read and a turn, and with every slot busy the new links
  // could start nothing before a transfer ends, which ends the poll anyway.
  void Done(const std::string& url, int depth, const std::vector<DiscoveredLink>& links) {
    {
      std::lock_guard lock(inbox_mutex_);
      inbox_.push_back({url, depth, links});
    }
    if (polling_with_free_slot_.load()) curl_multi_wakeup(multi_.get());
  }

  void Stop() {
    stop_requested_ = true;
    curl_multi_wakeup(multi_.get());
  }

  void SetProgress(ProgressFn fn) { progress_ = std::move(fn); }

  void Resume(const ResumeState& state) {
    for (const std::string& url : state.done) {
      if (seen_.insert(url).second && InScope(url)) ++enqueued_pages_;
    }
    for (const ResumeState::Pending& p : state.pending) {
      Enqueue(p.url, p.referrer, p.depth, InScope(p.url) ? ItemKind::kPage : ItemKind::kExternalCheck);
    }
  }

  CrawlStats Run() {
    start_time_ = Clock::now();
    if (options_.shared_budget) {
      budget_member_ = options_.shared_budget->Join([this] { curl_multi_wakeup(multi_.get()); });
    }
    for (const std::string& start : options_.start_urls) {
      auto normalized = NormalizeUrl(start);
      if (normalized) Enqueue(*normalized, "", 0, ItemKind::kPage);
    }
    Clock::time_point last_progress{};
    while (true) {
      DrainInbox();
      if (stop_requested_) {
        stats_.interrupted = true;
        break;
      }
      StartTransfers();
      int running = 0;
      CURLMcode mc = curl_multi_perform(multi_.get(), &running);
      if (mc != CURLM_OK) {
        spdlog::error("curl_multi_perform failed: {}", curl_multi_strerror(mc));
        break;
      }
      ReadCompleted();
      if (progress_ && Clock::now() - last_progress > std::chrono::milliseconds(250)) {
        last_progress = Clock::now();
        progress_(Snapshot());
      }
      if (active_ == 0 && awaiting_done_ == 0 && QueuedCount() == 0) {
        DrainInbox();
        if (awaiting_done_ == 0 && QueuedCount() == 0) break;
      }
      // Said before the inbox is looked at: a worker answering after the look sees it and
      // wakes the poll (see Done).
      const bool free_slot = active_ < options_.global_connections;
      polling_with_free_slot_.store(free_slot);
      if (free_slot && !InboxEmpty()) {
        polling_with_free_slot_.store(false);
        continue;
      }
      curl_multi_poll(multi_.get(), nullptr, 0, WaitMs(), nullptr);
      polling_with_free_slot_.store(false);
    }
    // Abandon what is still in flight (interrupted runs).
    for (auto& [easy, transfer] : transfers_) {
      curl_multi_remove_handle(multi_.get(), easy);
      ReleaseSharedSlot(transfer->host_key);
    }
    transfers_.clear();
    if (options_.shared_budget) options_.shared_budget->Leave(budget_member_);
    CrawlStats s = Snapshot();
    if (progress_) progress_(s);
    return s;
  }

 private:
  struct InboxEntry {
    std::string url;
    int depth;
    std::vector<DiscoveredLink> links;
  };

  CrawlStats Snapshot() {
    CrawlStats s = stats_;
    s.queued = QueuedCount();
    s.elapsed_s = std::chrono::duration<double>(Clock::now() - start_time_).count();
    return s;
  }

  int64_t QueuedCount() const {
    int64_t n = 0;
    for (const auto& [key, host] : hosts_) n += static_cast<int64_t>(host.queue.size());
    return n;
  }

  bool InboxEmpty() {
    std::lock_guard lock(inbox_mutex_);
    return inbox_.empty();
  }

  void DrainInbox() {
    std::vector<InboxEntry> entries;
    {
      std::lock_guard lock(inbox_mutex_);
      entries.swap(inbox_);
    }
    for (InboxEntry& entry : entries) {
      --awaiting_done_;
      for (const DiscoveredLink& link : entry.links) {
        // Most links of a page are known already (menus, lists): Enqueue would drop them, and a
        // hash lookup costs less than the URL parse InScope makes.
        if (seen_.count(link.url) > 0) continue;
        if (link.resource) {
          if (InScope(link.url) || options_.check_external_links) {
            Enqueue(link.url, entry.url, entry.depth + 1, ItemKind::kExternalCheck, /*resource=*/true);
          }
        } else if (InScope(link.url)) {
          if (entry.depth + 1 <= options_.max_depth) Enqueue(link.url, entry.url, entry.depth + 1, ItemKind::kPage);
        } else if (options_.check_external_links) {
          Enqueue(link.url, entry.url, entry.depth + 1, ItemKind::kExternalCheck);
        }
      }
    }
  }

  bool IsTrap(const Url& url, const std::string& text) {
    if (static_cast<int>(text.size()) > options_.max_url_length) return true;
    if (!url.has_query) return false;
    std::set<std::string>& variants = query_variants_[HostKey(url) + url.path];
    if (variants.count(url.query) > 0) return false;
    if (static_cast<int>(variants.size()) >= options_.max_query_variants_per_path) return true;
    variants.insert(url.query);
    return false;
  }

  void Enqueue(const std::string& url_text, const std::string& referrer, int depth, ItemKind kind,
               bool resource = false) {
    if (seen_.count(url_text) > 0) return;
    auto url = ParseUrl(url_text);
    if (!url) return;
    if (kind == ItemKind::kPage) {
      if (!PassesPatterns(url_text)) return;
      if (IsTrap(*url, url_text)) {
        ++stats_.skipped_traps;
        seen_.insert(url_text);
        return;
      }
      if (enqueued_pages_ >= options_.max_pages) {
        stats_.hit_page_limit = true;
        return;
      }
      ++enqueued_pages_;
    } else if (kind == ItemKind::kExternalCheck) {
      if (enqueued_external_ >= options_.max_pages) return;
      ++enqueued_external_;
    }
    seen_.insert(url_text);
    QueueItem item;
    item.url = url_text;
    item.original_url = url_text;
    item.referrer = referrer;
    item.depth = depth;
    item.kind = kind;
    // Outbound links are sampled (GET) for the security rules; a page's images are only checked.
    item.head_first = kind == ItemKind::kExternalCheck && (resource || options_.external_sample_bytes == 0);
    item.resource = resource;
    HostFor(HostKey(*url)).queue.push_back(std::move(item));
  }

  HostState& HostFor(const std::string& key) {
    auto [it, inserted] = hosts_.try_emplace(key);
    if (inserted) it->second.interval_s = options_.per_host_interval_s;
    return it->second;
  }

  // Picks items whose host has a free slot and whose interval has passed.
  void StartTransfers() {
    Clock::time_point now = Clock::now();
    budget_blocked_.clear();
    for (auto& [key, host] : hosts_) {
      if (active_ >= options_.global_connections) return;
      while (!host.queue.empty() && host.active < options_.per_host_connections &&
             active_ < options_.global_connections && now >= host.next_start) {
        QueueItem& front = host.queue.front();
        if (front.not_before > now) break;
        bool needs_robots = options_.respect_robots && front.kind == ItemKind::kPage &&
                            host.robots != HostState::Robots::kReady;
        if (needs_robots) {
          if (host.robots == HostState::Robots::kUnknown) {
            if (!TakeSharedSlot(key)) break;
            host.robots = HostState::Robots::kFetching;
            auto url = ParseUrl(front.url);
            QueueItem robots;
            robots.url = url->Origin() + "/robots.txt";
            robots.original_url = robots.url;
            robots.kind = ItemKind::kRobots;
            Start(std::move(robots), key, host);
          }
          break;  // wait for robots.txt before this host's pages
        }
        QueueItem item = std::move(front);
        host.queue.pop_front();
        if (item.kind == ItemKind::kPage && options_.respect_robots) {
          auto url = ParseUrl(item.url);
          std::string path = url->path + (url->has_query ? "?" + url->query : "");
          if (!host.rules.Allowed(path)) {
            ++stats_.skipped_robots;
            --enqueued_pages_;  // a refused URL does not use the page budget
            continue;
          }
        }
        if (!TakeSharedSlot(key)) {
          host.queue.push_front(std::move(item));
          break;
        }
        Start(std::move(item), key, host);
      }
    }
  }

  // Multi-site audits: every transfer also holds a slot of the budget shared with the other
  // sites' crawlers (per-host caps there count every site's transfers to that host).
  bool TakeSharedSlot(const std::string& host_key) {
    if (!options_.shared_budget ||
        options_.shared_budget->TryAcquire(budget_member_, host_key, options_.per_host_connections)) {
      return true;
    }
    budget_blocked_.insert(host_key);  // WaitMs ignores it: a released slot wakes the poll
    return false;
  }
  void ReleaseSharedSlot(const std::string& host_key) {
    if (options_.shared_budget) options_.shared_budget->Release(budget_member_, host_key);
  }

  void Start(QueueItem item, const std::string& host_key, HostState& host) {
    auto t = std::make_unique<Transfer>();
    t->item = std::move(item);
    t->host_key = host_key;
    t->easy.reset(curl_easy_init());
    t->started = Clock::now();
    t->result.url = t->item.original_url;
    t->result.referrer = t->item.referrer;
    t->result.depth = t->item.depth;
    // A resource is checked like an external link; one on the site's own hosts is still the
    // site's (link.broken, not link.external_broken).
    t->result.in_scope = t->item.kind != ItemKind::kExternalCheck || (t->item.resource && InScope(t->item.url));
    t->result.resource_check = t->item.resource;
    t->result.redirects = t->item.redirects;
    t->result.attempts = t->item.attempt;
    bool head = t->item.kind == ItemKind::kExternalCheck && t->item.head_first;
    const bool external = t->item.kind == ItemKind::kExternalCheck;
    const bool sample = external && options_.external_sample_bytes > 0;
    t->body_cap = sample ? options_.external_sample_bytes : external ? 64 * 1024 : options_.max_body_bytes;
    t->stop_at_cap_ok = external;
    t->text_only = sample;
    CURL* e = t->easy.get();
    curl_easy_setopt(e, CURLOPT_URL, t->item.url.c_str());
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // redirects are followed here, hop by hop, in scope
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl supports
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    if (auto url = ParseUrl(t->item.url)) {
      t->guard.Install(e, &policy_, *url);
    } else {
      t->guard.Install(e, nullptr, Url{});
    }
    if (head) curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    if (t->item.kind == ItemKind::kPage && options_.validators && t->item.redirects.empty()) {
      if (auto v = options_.validators(t->item.url)) {
        curl_slist* list = nullptr;
        if (!v->first.empty()) list = curl_slist_append(list, ("If-None-Match: " + v->first).c_str());
        if (!v->second.empty()) list = curl_slist_append(list, ("If-Modified-Since: " + v->second).c_str());
        t->headers.reset(list);
        if (list != nullptr) curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
      }
    }
    curl_multi_add_handle(multi_.get(), e);
    host.active++;
    host.next_start = Clock::now() + std::chrono::microseconds(static_cast<long>(host.interval_s * 1e6));
    active_++;
    transfers_.emplace(e, std::move(t));
  }

  void ReadCompleted() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* e = msg->easy_handle;
      CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi_.get(), e);
      auto it = transfers_.find(e);
      std::unique_ptr<Transfer> t = std::move(it->second);
      transfers_.erase(it);
      active_--;
      ReleaseSharedSlot(t->host_key);
      HostState& host = HostFor(t->host_key);
      host.active--;
      Finish(std::move(t), code, host);
    }
  }

  void Finish(std::unique_ptr<Transfer> t, CURLcode code, HostState& host) {
    CURL* e = t->easy.get();
    FetchResult& r = t->result;
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
    char* content_type = nullptr;
    curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type) r.content_type = content_type;
    r.final_url = t->item.url;
    r.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - t->started).count();
    bool size_stop = (t->aborted_for_size || t->stopped_not_text) && t->stop_at_cap_ok;
    if (code != CURLE_OK && !size_stop) {
      r.error = internal::ClassifyCurlError(code, t->aborted_for_size);
      r.error_message = r.error == FetchError::kBodyTooLarge
                            ? "body larger than " + std::to_string(t->body_cap) + " bytes (after decompression); cut"
                            : curl_easy_strerror(code);
      r.body_truncated = t->aborted_for_size;
    }

    if (code != CURLE_OK && !t->guard.refused_address.empty()) {
      r.error = FetchError::kRefusedAddress;
      r.error_message = "refused: internal address " + t->guard.refused_address;
      ++stats_.refused_addresses;
      if (stats_.refused_examples.size() < 20) {
        stats_.refused_examples.push_back(t->item.url + " → " + t->guard.refused_address);
      }
      if (t->item.kind == ItemKind::kRobots) return FinishRobots(*t, host);
      if (t->item.kind == ItemKind::kSitemap) return;
      return Deliver(std::move(r), t->item.kind);  // not a broken link: a note of the run
    }
    if (t->item.kind == ItemKind::kRobots) return FinishRobots(*t, host);
    if (t->item.kind == ItemKind::kSitemap) return FinishSitemap(*t);

    // Refusals (403/429) in bursts mean the crawler is being blocked: slow the host down.
    if (r.status == 429 || r.status == 403) {
      host.refusals++;
      if (host.refusals >= 3 && host.interval_s < 10) host.interval_s = std::max(1.0, host.interval_s * 2);
      if (host.refusals == 3) stats_.refusing_hosts.push_back(t->host_key);
    }

    // External checks: a refused HEAD is tried again as GET.
    if (t->item.kind == ItemKind::kExternalCheck && t->item.head_first &&
        (r.status == 405 || r.status == 501 || r.status == 403 || r.status == 400 || code != CURLE_OK)) {
      QueueItem again = t->item;
      again.head_first = false;
      host.queue.push_front(std::move(again));
      return;
    }

    // Transient failures and 5xx/429 are retried with exponential backoff, or Retry-After.
    bool retryable_status = r.status == 429 || r.status == 503 || (r.status >= 500 && r.status <= 599);
    bool transient = (code != CURLE_OK && internal::IsTransient(r.error, code)) || retryable_status;
    if (transient && t->item.attempt <= options_.retries) {
      double delay = options_.retry_base_delay_s * std::pow(2.0, t->item.attempt - 1);
      if (auto after = RetryAfterSeconds(r.retry_after); after && (r.status == 429 || r.status == 503)) {
        delay = std::min(*after, 120.0);
        host.next_start = std::max(host.next_start, Clock::now() + std::chrono::milliseconds(long(delay * 1000)));
      }
      QueueItem again = t->item;
      again.attempt++;
      again.not_before = Clock::now() + std::chrono::milliseconds(static_cast<long>(delay * 1000));
      host.queue.push_front(std::move(again));
      return;
    }

    if (code == CURLE_OK && r.status >= 300 && r.status < 400 && r.status != 304) {
      if (FollowRedirect(*t)) return;
    }
    if (code == CURLE_OK && r.status == 304) {
      r.not_modified = true;
      ++stats_.not_modified;
    }
    if (r.error == FetchError::kNone && r.status >= 400) {
      r.error = FetchError::kHttp;
      r.error_message = "HTTP " + std::to_string(r.status);
    }
    Deliver(std::move(r), t->item.kind);
  }

  // Returns true when the redirect was queued as the next hop of the same fetch.
  bool FollowRedirect(Transfer& t) {
    FetchResult& r = t.result;
    char* location = nullptr;
    curl_easy_getinfo(t.easy.get(), CURLINFO_REDIRECT_URL, &location);
    if (location == nullptr) return false;  // a 3xx without Location is a final answer
    auto next = NormalizeUrl(t.item.url, location);
    if (!next) {
      r.error = FetchError::kBlockedScheme;
      r.error_message = std::string("redirect to a refused or malformed location: ") + location;
      return false;
    }
    r.final_url = *next;
    std::vector<std::string> chain = t.item.redirects;
    chain.push_back(t.item.url);
    if (std::find(chain.begin(), chain.end(), *next) != chain.end()) {
      r.error = FetchError::kRedirectLoop;
      r.error_message = "redirect loop through " + *next;
      r.redirects = chain;
      return false;
    }
    if (static_cast<int>(chain.size()) > options_.max_redirects) {
      r.error = FetchError::kTooManyRedirects;
      r.error_message = "more than " + std::to_string(options_.max_redirects) + " redirects";
      r.redirects = chain;
      return false;
    }
    // A start URL that sends the crawl to another host (example.gov.cn → www.example.gov.cn, the
    // most common setup) names the site to audit: that host joins the scope.
    if (t.item.kind == ItemKind::kPage && t.item.depth == 0 && !InScope(*next)) {
      if (auto target = ParseUrl(*next)) {
        scope_hosts_.insert(HostKey(*target));
        stats_.start_redirects.push_back(t.item.original_url + " → " + *next);
      }
    }
    bool internal_hop = t.item.kind == ItemKind::kExternalCheck || InScope(*next);
    if (!internal_hop) {
      r.redirects = chain;
      r.error_message = "redirects out of the site to " + *next + " (recorded, not followed)";
      return false;
    }
    if (t.item.kind == ItemKind::kPage && seen_.count(*next) > 0) {
      r.redirects = chain;  // the target is crawled on its own: no second copy of its body
      return false;
    }
    seen_.insert(*next);
    QueueItem hop = t.item;
    hop.url = *next;
    hop.redirects = chain;
    auto url = ParseUrl(*next);
    HostFor(HostKey(*url)).queue.push_front(std::move(hop));
    return true;
  }

  void Deliver(FetchResult r, ItemKind kind) {
    if (kind == ItemKind::kPage) {
      ++stats_.fetched;
    } else {
      ++stats_.fetched;
    }
    if (r.IsFailure()) ++stats_.failed;
    ++awaiting_done_;
    sink_->OnFetched(std::move(r));
  }

  void FinishRobots(Transfer& t, HostState& host) {
    const FetchResult& r = t.result;
    host.robots = HostState::Robots::kReady;
    if (r.error == FetchError::kNone && r.status >= 200 && r.status < 300) {
      host.rules = RobotsRules::Parse(r.body, "govaudit");
      if (auto delay = host.rules.crawl_delay_seconds()) {
        host.interval_s = std::max(host.interval_s, std::min(*delay, 30.0));
      }
      if (options_.use_sitemaps) {
        for (const std::string& sitemap : host.rules.sitemaps()) QueueSitemap(sitemap);
      }
    } else if (r.status >= 500) {
      // RFC 9309 says to assume "disallow all" here; an inspection must still see the
      // site's pages, so we crawl and say so in the log.
      spdlog::warn("robots.txt at {} answered {}: crawling as if it allowed everything", t.item.url, r.status);
    }
    if (options_.use_sitemaps) {
      auto url = ParseUrl(t.item.url);
      QueueSitemap(url->Origin() + "/sitemap.xml");
    }
  }

  void QueueSitemap(const std::string& url_text) {
    auto normalized = NormalizeUrl(url_text);
    if (!normalized || !InScope(*normalized) || sitemaps_seen_.count(*normalized) > 0) return;
    if (sitemaps_seen_.size() >= 50) return;  // a sitemap index cannot make us fetch without end
    sitemaps_seen_.insert(*normalized);
    QueueItem item;
    item.url = *normalized;
    item.original_url = *normalized;
    item.kind = ItemKind::kSitemap;
    auto url = ParseUrl(*normalized);
    HostFor(HostKey(*url)).queue.push_back(std::move(item));
  }

  void FinishSitemap(Transfer& t) {
    const FetchResult& r = t.result;
    if (r.error != FetchError::kNone || r.status != 200) return;
    SitemapContent content = ParseSitemap(r.body);
    for (const std::string& loc : content.locations) {
      if (content.is_index) {
        QueueSitemap(loc);
      } else if (auto normalized = NormalizeUrl(loc); normalized && InScope(*normalized)) {
        Enqueue(*normalized, t.item.url, 1, ItemKind::kPage);
      }
    }
  }

  int WaitMs() const {
    Clock::time_point now = Clock::now();
    long best = 100;
    for (const auto& [key, host] : hosts_) {
      if (host.queue.empty() || budget_blocked_.count(key) > 0) continue;
      Clock::time_point ready = std::max(host.next_start, host.queue.front().not_before);
      long ms = std::chrono::duration_cast<std::chrono::milliseconds>(ready - now).count();
      best = std::min(best, std::max(ms, 0L));
    }
    return static_cast<int>(std::max(best, 1L));
  }

  CrawlOptions options_;
  FetchSink* sink_;
  const AddressPolicy policy_;
  MultiHandle multi_;
  std::set<std::string> scope_hosts_;
  std::map<std::string, HostState> hosts_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  std::unordered_set<std::string> seen_;
  std::unordered_set<std::string> sitemaps_seen_;
  std::unordered_map<std::string, std::set<std::string>> query_variants_;
  int active_ = 0;
  int budget_member_ = -1;
  std::set<std::string> budget_blocked_;  // hosts refused a shared slot in this pass
  int64_t awaiting_done_ = 0;
  int enqueued_pages_ = 0;
  int enqueued_external_ = 0;
  CrawlStats stats_;
  Clock::time_point start_time_;
  ProgressFn progress_;
  std::atomic<bool> stop_requested_{false};
  std::mutex inbox_mutex_;
  std::vector<InboxEntry> inbox_;
  // The crawler sleeps in curl_multi_poll (or is about to) and could start another transfer.
  std::atomic<bool> polling_with_free_slot_{false};
};

Crawler::Crawler(CrawlOptions options, FetchSink* sink) : impl_(std::make_unique<Impl>(std::move(options), sink)) {}
Crawler::~Crawler() = default;

void Crawler::Done(const std::string& url, int depth, const std::vector<DiscoveredLink>& links) {
  impl_->Done(url, depth, links);
}
void Crawler::Stop() { impl_->Stop(); }
void Crawler::Resume(const ResumeState& state) { impl_->Resume(state); }
void Crawler::SetProgress(ProgressFn progress) { impl_->SetProgress(std::move(progress)); }
CrawlStats Crawler::Run() { return impl_->Run(); }
bool Crawler::InScope(const std::string& url) const { return impl_->InScope(url); }

Status Crawler::Validate(const CrawlOptions& options) {
  if (options.start_urls.empty()) return Status::Error("no start URL given");
  for (const std::string& start : options.start_urls) {
    if (static_cast<int>(start.size()) > options.max_url_length) {
      return Status::Error("start URL '" + start.substr(0, 60) + "…' is " + std::to_string(start.size()) +
                           " characters long, more than max_url_length " + std::to_string(options.max_url_length));
    }
    if (!ParseUrl(start)) {
      return Status::Error("start URL '" + start + "' is not an absolute http:// or https:// URL");
    }
  }
  if (options.max_pages < 1) return Status::Error("max pages must be at least 1, got " + std::to_string(options.max_pages));
  if (options.max_depth < 0) return Status::Error("max depth must be 0 or more, got " + std::to_string(options.max_depth));
  if (options.per_host_connections < 1 || options.global_connections < 1) {
    return Status::Error("connection limits must be at least 1");
  }
  return Status::Ok();
}

}  // namespace govaudit
