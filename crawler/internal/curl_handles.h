// RAII owners for libcurl handles, and the one place CURLcode becomes a FetchError.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "common/c_handle.h"
#include "common/url.h"
#include "crawler/address_policy.h"
#include "crawler/crawler.h"

namespace govaudit::internal {

using EasyHandle = CHandle<CURL, curl_easy_cleanup>;
using MultiHandle = CHandle<CURLM, curl_multi_cleanup>;
using SlistHandle = CHandle<curl_slist, curl_slist_free_all>;

// The address policy's check on one transfer. It is made when curl opens a socket, after the
// name is resolved, so the policy sees the real target whatever the URL spelled; a proxy from
// the environment would hide that target, so none is used.
struct ConnectionGuard {
  const AddressPolicy* policy = nullptr;  // nullptr: every address is allowed
  std::string url_host;                   // the URL's host and effective port
  int url_port = 0;
  std::string refused_address;  // set when the policy refused the resolved address

  // Aims the check at `url` and installs it (and http/https as the only protocols) on `easy`.
  // The guard must outlive the transfer.
  void Install(CURL* easy, const AddressPolicy* address_policy, const Url& url);
};

// curl_global_init once per process, before any thread uses curl.
void EnsureCurlGlobalInit();

// Maps a transfer's CURLcode to our error kinds; `aborted_for_size` when our write
// callback stopped the body at the size cap.
FetchError ClassifyCurlError(CURLcode code, bool aborted_for_size);
// Transient failures are worth a retry: timeouts, resets, empty replies.
bool IsTransient(FetchError error, CURLcode code);

}  // namespace govaudit::internal
