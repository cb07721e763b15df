#include "crawler/internal/curl_handles.h"

#include <sys/socket.h>

#include <mutex>

namespace govaudit::internal {

namespace {

curl_socket_t OpenGuardedSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<ConnectionGuard*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && guard->policy != nullptr &&
      !guard->policy->Allows(&address->addr, guard->url_host, guard->url_port)) {
    guard->refused_address = AddressPolicy::AddressText(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

}  // namespace

void ConnectionGuard::Install(CURL* easy, const AddressPolicy* address_policy, const Url& url) {
  policy = address_policy;
  url_host = url.host;
  url_port = url.EffectivePort();
  refused_address.clear();
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_PROXY, "");
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, OpenGuardedSocket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
}

void EnsureCurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

FetchError ClassifyCurlError(CURLcode code, bool aborted_for_size) {
  if (aborted_for_size) return FetchError::kBodyTooLarge;
  switch (code) {
    case CURLE_OK: return FetchError::kNone;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return FetchError::kDns;
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return FetchError::kConnect;
    case CURLE_OPERATION_TIMEDOUT: return FetchError::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return FetchError::kTls;
    case CURLE_UNSUPPORTED_PROTOCOL: return FetchError::kBlockedScheme;
    case CURLE_TOO_MANY_REDIRECTS: return FetchError::kTooManyRedirects;
    case CURLE_FILESIZE_EXCEEDED: return FetchError::kBodyTooLarge;
    default: return FetchError::kOther;
  }
}

bool IsTransient(FetchError error, CURLcode code) {
  if (error == FetchError::kTimeout) return true;
  return code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR || code == CURLE_GOT_NOTHING ||
         code == CURLE_PARTIAL_FILE;
}

}  // namespace govaudit::internal
