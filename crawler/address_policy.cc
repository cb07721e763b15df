#include "crawler/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

#include "common/strings.h"
#include "common/url.h"

namespace govaudit {
namespace {

bool InternalV4(uint32_t ip) {  // host byte order
  const uint8_t a = ip >> 24, b = (ip >> 16) & 0xFF, c = (ip >> 8) & 0xFF;
  if (a == 0 || a == 10 || a == 127) return true;            // this network, private, loopback
  if (a == 100 && (b & 0xC0) == 64) return true;             // 100.64/10 carrier-grade NAT
  if (a == 169 && b == 254) return true;                     // link-local (cloud metadata)
  if (a == 172 && (b & 0xF0) == 16) return true;             // 172.16/12
  if (a == 192 && b == 168) return true;                     // 192.168/16
  if (a == 192 && b == 0 && (c == 0 || c == 2)) return true; // IETF protocol, TEST-NET-1
  if (a == 198 && (b & 0xFE) == 18) return true;             // 198.18/15 benchmarking
  if (a == 198 && b == 51 && c == 100) return true;          // TEST-NET-2
  if (a == 203 && b == 0 && c == 113) return true;           // TEST-NET-3
  if (a >= 224) return true;                                 // multicast, reserved, broadcast
  return false;
}

bool InternalV6(const in6_addr& addr) {
  const uint8_t* b = addr.s6_addr;
  static const uint8_t kZero[16] = {};
  if (std::memcmp(b, kZero, 16) == 0) return true;                    // ::
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return true;      // ::1
  const bool mapped = std::memcmp(b, kZero, 10) == 0 && b[10] == 0xFF && b[11] == 0xFF;
  const bool compatible = std::memcmp(b, kZero, 12) == 0;             // ::a.b.c.d (deprecated)
  const bool nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B &&
                     std::memcmp(b + 4, kZero, 8) == 0;               // 64:ff9b::/96
  if (mapped || compatible || nat64) {
    const uint32_t v4 = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    return InternalV4(v4);
  }
  if ((b[0] & 0xFE) == 0xFC) return true;                             // fc00::/7 unique-local
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;             // fe80::/10 link-local
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return true;             // fec0::/10 site-local
  if (b[0] == 0xFF) return true;                                      // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return true;  // documentation
  if (b[0] == 0x01 && std::memcmp(b + 1, kZero, 7) == 0) return true; // 100::/64 discard
  return false;
}

int PortOf(const sockaddr* address) {
  if (address->sa_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(address)->sin_port);
  if (address->sa_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(address)->sin6_port);
  return -1;
}

// Port digits → port, or -2 when they are not a port.
int ParsePort(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return -2;
  int port = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -2;
    port = port * 10 + (c - '0');
  }
  return port <= 65535 ? port : -2;
}

// "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address → host (lower case, IPv6 in
// brackets) and port (-1 when absent, -2 when malformed).
std::pair<std::string, int> SplitEntry(std::string_view entry) {
  entry = TrimAscii(entry);
  if (entry.empty()) return {"", -2};
  if (entry.front() == '[') {
    const size_t close = entry.find(']');
    if (close == std::string_view::npos) return {"", -2};
    const std::string host = LowerAscii(entry.substr(0, close + 1));
    std::string_view rest = entry.substr(close + 1);
    if (rest.empty()) return {host, -1};
    if (rest.front() != ':') return {"", -2};
    return {host, ParsePort(rest.substr(1))};
  }
  const size_t colons = std::count(entry.begin(), entry.end(), ':');
  if (colons == 0) return {LowerAscii(entry), -1};
  if (colons > 1) return {"[" + LowerAscii(entry) + "]", -1};  // a bare IPv6 address
  const size_t colon = entry.find(':');
  return {LowerAscii(entry.substr(0, colon)), ParsePort(entry.substr(colon + 1))};
}

}  // namespace

AddressPolicy::AddressPolicy(const std::vector<std::string>& start_urls, const std::vector<std::string>& allowed) {
  for (const std::string& start : start_urls) {
    if (auto url = ParseUrl(start)) {
      const int port = url->EffectivePort();
      host_ports_.insert(url->host + ":" + std::to_string(port));
    }
  }
  for (const std::string& entry : allowed) {
    auto [host, port] = SplitEntry(entry);
    if (host.empty() || port == -2) continue;
    if (port < 0) {
      hosts_.insert(host);
    } else {
      host_ports_.insert(host + ":" + std::to_string(port));
    }
  }
}

bool AddressPolicy::IsValidEntry(std::string_view entry) {
  auto [host, port] = SplitEntry(entry);
  return !host.empty() && port != -2 && host.find_first_of(" /?#@") == std::string::npos;
}

std::string AddressPolicy::AddressText(const sockaddr* address) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, buf, sizeof buf);
    return buf;
  }
  if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, buf, sizeof buf);
    return std::string("[") + buf + "]";
  }
  return "?";
}

bool AddressPolicy::IsInternal(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    return InternalV4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) return InternalV6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  return true;  // unix sockets and the like: never
}

bool AddressPolicy::Allows(const sockaddr* address, std::string_view url_host, int url_port) const {
  if (!IsInternal(address)) return true;
  const std::string host = LowerAscii(url_host);
  if (hosts_.count(host) || host_ports_.count(host + ":" + std::to_string(url_port))) return true;
  const std::string ip = AddressText(address);
  return hosts_.count(ip) > 0 || host_ports_.count(ip + ":" + std::to_string(PortOf(address))) > 0;
}

}  // namespace govaudit
