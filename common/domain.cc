#include "common/domain.h"

#include <arpa/inet.h>
#include <libpsl.h>

#include "common/url.h"

namespace govaudit {
namespace {

// Suffixes whose registrations are restricted to government bodies and public institutions
// (CNNIC rules for gov.cn, 政务.cn and 公益.cn; CERNET for edu.cn).
constexpr std::string_view kGovernmentSuffixes[] = {
    "gov.cn", "xn--zfr164b.cn" /* 政务.cn */, "xn--55qw42g.cn" /* 公益.cn */, "edu.cn", "gov.hk", "gov.mo", "gov",
};

bool EndsWithLabel(std::string_view host, std::string_view suffix) {
  if (host == suffix) return true;
  return host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         host[host.size() - suffix.size() - 1] == '.';
}

}  // namespace

bool IsIpAddress(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty() || host.size() > 64) return false;
  const std::string text(host);
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

std::string RegistrableDomain(std::string_view host) {
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || IsIpAddress(host)) return std::string(host);
  const std::string name(host);
  // The built-in list is compiled into libpsl: no file is read, and the context is shared.
  const char* registrable = psl_registrable_domain(psl_builtin(), name.c_str());
  return registrable != nullptr ? std::string(registrable) : name;
}

std::string SiteKeyOf(std::string_view url) {
  std::optional<Url> parsed = ParseUrl(url);
  if (!parsed) return "";
  if (IsIpAddress(parsed->host)) {
    const int port = parsed->EffectivePort();
    return parsed->host + ":" + std::to_string(port);
  }
  return RegistrableDomain(parsed->host);
}

bool IsGovernmentHost(std::string_view host) {
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  for (std::string_view suffix : kGovernmentSuffixes) {
    if (EndsWithLabel(host, suffix) && host != suffix) return true;
  }
  return false;
}

}  // namespace govaudit
