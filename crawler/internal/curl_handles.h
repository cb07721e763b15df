// RAII owners for libcurl handles, and the one place CURLcode becomes a FetchError.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "crawler/crawler.h"

namespace govaudit::internal {

struct EasyCleanup {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;

struct MultiCleanup {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
using MultiHandle = std::unique_ptr<CURLM, MultiCleanup>;

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SlistHandle = std::unique_ptr<curl_slist, SlistFree>;

// curl_global_init once per process, before any thread uses curl.
void EnsureCurlGlobalInit();

// Maps a transfer's CURLcode to our error kinds; `aborted_for_size` when our write
// callback stopped the body at the size cap.
FetchError ClassifyCurlError(CURLcode code, bool aborted_for_size);
// Transient failures are worth a retry: timeouts, resets, empty replies.
bool IsTransient(FetchError error, CURLcode code);

}  // namespace govaudit::internal
