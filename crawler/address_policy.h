// Which network addresses a crawl may connect to. A crawler run inside a government network
// must not become a proxy into it: loopback, private, link-local, unique-local, multicast,
// reserved and unspecified addresses (IPv4 and IPv6, IPv4-mapped included) are refused unless
// the user asked for them — a start URL's own host and port, or an --allow-address entry. The
// check is made on the resolved address when the socket is opened, so a name that resolves
// somewhere else the second time (DNS rebinding) cannot get round it, whatever spelling the URL
// used (decimal, octal or hex IPv4, userinfo, [::ffff:127.0.0.1]).
#pragma once

#include <sys/socket.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

class AddressPolicy {
 public:
  // `start_urls`: their host:port are allowed whatever they resolve to. `allowed`: entries
  // "HOST" or "HOST:PORT" (a name as the URL writes it, or an IP address; IPv6 in brackets).
  AddressPolicy(const std::vector<std::string>& start_urls, const std::vector<std::string>& allowed);

  // True if a connection to `address` for a URL of host `url_host` and port `url_port` (its
  // effective port, 80/443 when the URL names none) may be opened.
  bool Allows(const sockaddr* address, std::string_view url_host, int url_port) const;

  // True for loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10), link-local
  // (169.254/16, fe80::/10), unique-local (fc00::/7), multicast, reserved (0/8, 240/4,
  // 192.0.0/24, 198.18/15, documentation ranges), unspecified and broadcast addresses, and
  // IPv6 forms of IPv4 ones (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::/96).
  static bool IsInternal(const sockaddr* address);
  // "127.0.0.1", "::1": the address as text, for matching allowed entries and for notes.
  static std::string AddressText(const sockaddr* address);

  // A valid entry for --allow-address / allow_addresses: "host", "host:port", "[v6]:port".
  static bool IsValidEntry(std::string_view entry);

 private:
  std::set<std::string> hosts_;           // "host" (any port)
  std::set<std::string> host_ports_;      // "host:port"
};

}  // namespace govaudit
