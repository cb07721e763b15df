#include "crawler/probe.h"

#include <chrono>
#include <ctime>
#include <deque>
#include <memory>

#include "common/url.h"
#include "crawler/address_policy.h"
#include "crawler/internal/curl_handles.h"

namespace govaudit {
namespace {

using Clock = std::chrono::steady_clock;
using internal::EasyHandle;
using internal::MultiHandle;

std::string UtcIso(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// One probe: its hops share the probe's time limit.
struct Probe {
  ProbeResult result;
  Clock::time_point started;
  std::string url;  // the current hop
  int hops = 0;
  std::string body;  // discarded; kept only to cap the bytes read
  size_t body_cap = 0;
  bool aborted_for_size = false;
  const AddressPolicy* policy = nullptr;
  internal::ConnectionGuard guard;  // the current hop's
  EasyHandle easy;
};

size_t KeepSome(char* data, size_t size, size_t count, void* user) {
  auto* p = static_cast<Probe*>(user);
  const size_t n = size * count;
  if (p->body.size() + n > p->body_cap) {
    p->aborted_for_size = true;
    return 0;  // the page has opened; the rest is not needed
  }
  p->body.append(data, n);
  return n;
}

long Remaining(const Probe& p, long timeout_ms) {
  auto used = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - p.started).count();
  return std::max<long>(1, timeout_ms - static_cast<long>(used));
}

// Starts the probe's current hop; false if its URL cannot be fetched.
bool StartHop(Probe* p, const ProbeOptions& o, CURLM* multi) {
  auto url = ParseUrl(p->url);
  if (!url) return false;
  p->body.clear();
  p->easy.reset(curl_easy_init());
  CURL* e = p->easy.get();
  if (e == nullptr) return false;
  curl_easy_setopt(e, CURLOPT_URL, p->url.c_str());
  p->guard.Install(e, p->policy, *url);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // hop by hop, each checked by the policy
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, Remaining(*p, o.timeout_ms));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, std::min(o.connect_timeout_ms, Remaining(*p, o.timeout_ms)));
  curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, KeepSome);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, p);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PRIVATE, p);
  curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);  // every probe opens its own connection
  return curl_multi_add_handle(multi, e) == CURLM_OK;
}

void Fail(Probe* p, const char* kind, std::string why) {
  p->result.ok = false;
  p->result.error_kind = kind;
  p->result.error = std::move(why);
}

// A hop ended: the probe is done (true), or it goes on to the next hop (false).
bool Finish(Probe* p, CURLcode code, const ProbeOptions& o, CURLM* multi) {
  CURL* e = p->easy.get();
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  p->result.status = static_cast<int>(status);
  p->result.final_url = p->url;
  const bool opened = code == CURLE_OK || (p->aborted_for_size && status > 0);
  if (!opened) {
    if (!p->guard.refused_address.empty()) {
      Fail(p, "refused", "refused: internal address " + p->guard.refused_address + " (allow it with --allow-address)");
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
      Fail(p, "timeout", "no answer within " + std::to_string(o.timeout_ms / 1000) + " s");
    } else {
      const FetchError kind = internal::ClassifyCurlError(code, false);
      Fail(p, std::string(FetchErrorName(kind)).c_str(), curl_easy_strerror(code));
    }
    return true;
  }
  if (status >= 300 && status < 400) {
    char* location = nullptr;
    curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location);
    std::optional<std::string> next = location != nullptr ? NormalizeUrl(location) : std::nullopt;
    if (!next) {
      Fail(p, "redirects", "HTTP " + std::to_string(status) + " without a usable Location");
      return true;
    }
    if (++p->hops > o.max_redirects) {
      Fail(p, "redirects", "more than " + std::to_string(o.max_redirects) + " redirects");
      return true;
    }
    curl_multi_remove_handle(multi, e);
    p->url = *next;
    if (StartHop(p, o, multi)) return false;
    Fail(p, "other", "cannot follow the redirect to " + *next);
    return true;
  }
  if (status >= 200 && status < 300) {
    p->result.ok = true;
  } else {
    Fail(p, "http", "HTTP " + std::to_string(status));
  }
  return true;
}

}  // namespace

std::vector<ProbeResult> RunProbes(const std::vector<ProbeTarget>& targets, const ProbeOptions& options) {
  internal::EnsureCurlGlobalInit();
  std::vector<std::string> start_urls;
  for (const ProbeTarget& t : targets) start_urls.push_back(t.url);
  const AddressPolicy policy(start_urls, options.allow_addresses);
  std::vector<std::unique_ptr<Probe>> probes;
  for (const ProbeTarget& t : targets) {
    auto p = std::make_unique<Probe>();
    p->result.target = t;
    p->url = t.url;
    p->body_cap = options.max_body_bytes;
    p->policy = &policy;
    probes.push_back(std::move(p));
  }
  MultiHandle multi(curl_multi_init());
  std::deque<Probe*> waiting;
  for (auto& p : probes) waiting.push_back(p.get());
  int running = 0;
  auto start_next = [&] {
    while (running < std::max(1, options.parallel) && !waiting.empty()) {
      Probe* p = waiting.front();
      waiting.pop_front();
      p->started = Clock::now();
      p->result.at = UtcIso(std::chrono::system_clock::now());
      if (StartHop(p, options, multi.get())) {
        ++running;
      } else {
        Fail(p, "other", "not an http(s) URL");
      }
    }
  };
  start_next();
  while (running > 0) {
    int still = 0;
    curl_multi_perform(multi.get(), &still);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Probe* p = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&p));
      const CURLcode code = msg->data.result;
      if (!Finish(p, code, options, multi.get())) continue;  // the next hop is running
      curl_multi_remove_handle(multi.get(), p->easy.get());
      p->easy.reset();
      p->result.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - p->started).count();
      --running;
    }
    start_next();
    if (running > 0) curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
  }
  std::vector<ProbeResult> out;
  for (auto& p : probes) out.push_back(std::move(p->result));
  return out;
}

}  // namespace govaudit
