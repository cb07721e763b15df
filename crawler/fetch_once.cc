#include "crawler/fetch_once.h"

#include <algorithm>
#include <chrono>

#include "common/url.h"
#include "crawler/address_policy.h"
#include "crawler/internal/curl_handles.h"

namespace govaudit {
namespace {

struct OneTransfer {
  internal::ConnectionGuard guard;
  std::string body;
  size_t cap = 0;
  bool cut = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<OneTransfer*>(user);
  const size_t n = size * count;
  if (t->body.size() + n > t->cap) {
    t->body.append(data, t->cap - t->body.size());
    t->cut = true;
    return 0;
  }
  t->body.append(data, n);
  return n;
}

}  // namespace

FetchResult FetchOnce(const std::string& url, const CrawlOptions& options, const std::string& user_agent) {
  internal::EnsureCurlGlobalInit();
  const AddressPolicy policy(options.start_urls, options.allow_addresses);
  FetchResult result;
  result.url = url;
  const auto started = std::chrono::steady_clock::now();
  std::string current = url;
  for (int hop = 0;; ++hop) {
    std::optional<Url> parsed = ParseUrl(current);
    if (!parsed) {
      result.error = FetchError::kBlockedScheme;
      result.error_message = "not an http(s) URL: " + current;
      break;
    }
    OneTransfer t;
    t.cap = options.max_body_bytes;
    internal::EasyHandle easy(curl_easy_init());
    CURL* e = easy.get();
    curl_easy_setopt(e, CURLOPT_URL, current.c_str());
    t.guard.Install(e, &policy, *parsed);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // each hop is checked here
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, options.total_timeout_ms);
    curl_easy_setopt(e, CURLOPT_USERAGENT, (user_agent.empty() ? options.user_agent : user_agent).c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    const CURLcode code = curl_easy_perform(e);
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    char* content_type = nullptr;
    curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &content_type);
    result.status = static_cast<int>(status);
    result.content_type = content_type != nullptr ? content_type : "";
    result.final_url = current;
    result.body = std::move(t.body);
    result.body_truncated = t.cut;
    if (code != CURLE_OK) {
      result.error =
          !t.guard.refused_address.empty() ? FetchError::kRefusedAddress : internal::ClassifyCurlError(code, t.cut);
      result.error_message = !t.guard.refused_address.empty() ? "refused: internal address " + t.guard.refused_address
                                                              : std::string(curl_easy_strerror(code));
      break;
    }
    char* location = nullptr;
    if (status < 300 || status >= 400 || status == 304 ||
        curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location) != CURLE_OK || location == nullptr) {
      if (status >= 400) {
        result.error = FetchError::kHttp;
        result.error_message = "HTTP " + std::to_string(status);
      }
      break;
    }
    std::optional<std::string> next = NormalizeUrl(current, location);
    if (!next) {
      result.error = FetchError::kBlockedScheme;
      result.error_message = std::string("redirect to a refused or malformed location: ") + location;
      break;
    }
    result.redirects.push_back(current);
    if (std::find(result.redirects.begin(), result.redirects.end(), *next) != result.redirects.end()) {
      result.error = FetchError::kRedirectLoop;
      result.error_message = "redirect loop through " + *next;
      result.final_url = *next;
      break;
    }
    if (hop + 1 > options.max_redirects) {
      result.error = FetchError::kTooManyRedirects;
      result.error_message = "more than " + std::to_string(options.max_redirects) + " redirects";
      result.final_url = *next;
      break;
    }
    current = *next;
  }
  result.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace govaudit
