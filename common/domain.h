// Which organisation a host belongs to, as far as its name tells: the registrable domain
// ("beijing.gov.cn" of "www.beijing.gov.cn", from the Public Suffix List that libpsl carries),
// and whether the name is one only government and public bodies can hold (gov.cn, 政务.cn …).
// Outbound links are judged by these: a link to another registrable domain leaves the site,
// and a government link that now lands on a commercial domain has changed hands.
#pragma once

#include <string>
#include <string_view>

namespace govaudit {

// The registrable domain of `host` (lower case, as URLs are normalised; no port):
// "beijing.gov.cn" for "zwgk.beijing.gov.cn", "example.com.cn" for "www.example.com.cn".
// An IP address, "localhost" or a public suffix itself stands for itself.
std::string RegistrableDomain(std::string_view host);

// Who the host of an absolute http(s) URL belongs to, for telling one site's links from
// another's: its registrable domain; an IP address together with its port
// ("127.0.0.1:8080"), since nothing else tells two services on one address apart. Empty for
// a URL that does not parse.
std::string SiteKeyOf(std::string_view url);

// True for names only government and public bodies can register: under gov.cn, 政务.cn,
// 公益.cn, edu.cn, gov.hk, gov.mo and .gov.
bool IsGovernmentHost(std::string_view host);

// True if `host` is an IPv4 or IPv6 address (IPv6 with or without brackets).
bool IsIpAddress(std::string_view host);

}  // namespace govaudit
