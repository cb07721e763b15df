#include "common/url.h"

#include <idn2.h>

#include <algorithm>

#include <string>
#include <vector>

namespace govaudit {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return IsAlpha(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Browsers trim C0 controls and spaces at both ends and drop tabs and newlines anywhere.
std::string Preprocess(std::string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end && static_cast<unsigned char>(s[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(s[end - 1]) <= 0x20) --end;
  std::string out;
  out.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    char c = s[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c);
  }
  return out;
}

// Splits "scheme:rest" when s starts with a syntactically valid scheme.
bool SplitScheme(std::string_view s, std::string* scheme, std::string_view* rest) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') {
      scheme->clear();
      for (size_t k = 0; k < i; ++k) scheme->push_back(ToLowerAscii(s[k]));
      *rest = s.substr(i + 1);
      return true;
    }
    if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  return false;
}

bool IsHttpScheme(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

int DefaultPort(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

// In http(s) URLs a backslash before the query counts as a slash.
void BackslashesToSlashes(std::string& s) {
  for (char& c : s) {
    if (c == '?' || c == '#') break;
    if (c == '\\') c = '/';
  }
}

// Upper-case hex, unreserved characters decoded, stray '%' and bytes a browser would encode
// (controls, space, quotes, angle brackets, non-ASCII) encoded.
std::string NormalizePercentEncoding(std::string_view in, bool is_path) {
  std::string out;
  out.reserve(in.size() + 8);
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == '%') {
      if (AppendCanonicalEscape(in, i, &out)) {
        i += 2;
      } else {
        out += "%25";
      }
      continue;
    }
    bool encode = c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '`' ||
                  (is_path && (c == '{' || c == '}'));
    if (encode) {
      AppendPercentEncoded(c, &out);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// RFC 3986 section 5.2.4 on a path that starts with '/'.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  bool trailing_slash = false;
  size_t pos = 1;  // past the leading '/'
  while (true) {
    size_t slash = path.find('/', pos);
    bool last = slash == std::string_view::npos;
    std::string_view seg = path.substr(pos, last ? std::string_view::npos : slash - pos);
    if (seg == ".") {
      if (last) trailing_slash = true;
    } else if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
      if (last) trailing_slash = true;
    } else {
      segments.push_back(seg);
      if (last) trailing_slash = false;
    }
    if (last) break;
    pos = slash + 1;
  }
  std::string out = "/";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(segments[i]);
  }
  if (trailing_slash && !segments.empty()) out.push_back('/');
  return out;
}

bool IsForbiddenHostChar(unsigned char c) {
  return c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '"' || c == '^' || c == '|' ||
         c == '{' || c == '}' || c == '`' || c == '\\';
}

// rest = everything after "scheme:", already preprocessed.
std::optional<Url> ParseAfterScheme(const std::string& scheme, std::string rest) {
  BackslashesToSlashes(rest);
  size_t i = 0;
  while (i < rest.size() && rest[i] == '/') ++i;  // special schemes ignore the slash count
  size_t auth_end = rest.find_first_of("/?#", i);
  if (auth_end == std::string::npos) auth_end = rest.size();
  std::string_view authority(rest.data() + i, auth_end - i);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // credentials are not part of a resource's identity
  }

  std::string_view host_part = authority, port_part;
  bool has_port = false;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host_part = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      port_part = after.substr(1);
      has_port = true;
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host_part = authority.substr(0, colon);
    port_part = authority.substr(colon + 1);
    has_port = true;
  }
  if (host_part.empty()) return std::nullopt;

  Url url;
  url.scheme = scheme;
  std::string idn_host;
  if (std::any_of(host_part.begin(), host_part.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    // An internationalised name (政府.中国) travels as its ASCII form (xn--mxtq1m.xn--fiqs8s).
    char* ascii = nullptr;
    const std::string utf8(host_part);
    if (idn2_to_ascii_8z(utf8.c_str(), &ascii, IDN2_NONTRANSITIONAL) != IDN2_OK) {
      idn2_free(ascii);
      return std::nullopt;
    }
    idn_host = ascii;
    idn2_free(ascii);
    host_part = idn_host;
  }
  url.host.reserve(host_part.size());
  for (char c : host_part) {
    if (IsForbiddenHostChar(static_cast<unsigned char>(c))) return std::nullopt;
    url.host.push_back(ToLowerAscii(c));
  }
  if (has_port && !port_part.empty()) {
    long port = 0;
    for (char c : port_part) {
      if (!IsDigit(c)) return std::nullopt;
      port = port * 10 + (c - '0');
      if (port > 65535) return std::nullopt;
    }
    url.port = port == DefaultPort(scheme) ? -1 : static_cast<int>(port);
  }

  std::string_view tail(rest.data() + auth_end, rest.size() - auth_end);
  if (size_t hash = tail.find('#'); hash != std::string_view::npos) tail = tail.substr(0, hash);
  std::string_view path = tail, query;
  if (size_t q = tail.find('?'); q != std::string_view::npos) {
    path = tail.substr(0, q);
    query = tail.substr(q + 1);
    url.has_query = true;
  }
  std::string normalized_path = NormalizePercentEncoding(path, /*is_path=*/true);
  if (normalized_path.empty() || normalized_path[0] != '/') normalized_path.insert(0, "/");
  url.path = RemoveDotSegments(normalized_path);
  if (url.has_query) url.query = NormalizePercentEncoding(query, /*is_path=*/false);
  return url;
}

// Resolves a reference without a scheme (or a same-scheme "http:path" one) against base.
std::optional<Url> Resolve(const Url& base, std::string ref) {
  BackslashesToSlashes(ref);
  if (ref.size() >= 2 && ref[0] == '/' && ref[1] == '/') {
    return ParseAfterScheme(base.scheme, ref);
  }
  if (size_t hash = ref.find('#'); hash != std::string::npos) ref.resize(hash);
  std::string_view ref_path = ref, ref_query;
  bool ref_has_query = false;
  if (size_t q = ref.find('?'); q != std::string::npos) {
    ref_path = std::string_view(ref).substr(0, q);
    ref_query = std::string_view(ref).substr(q + 1);
    ref_has_query = true;
  }

  std::string target = "//" + base.host + (base.port >= 0 ? ":" + std::to_string(base.port) : "");
  if (ref_path.empty()) {
    target += base.path;
    if (ref_has_query) {
      target.push_back('?');
      target.append(ref_query);
    } else if (base.has_query) {
      target.push_back('?');
      target.append(base.query);
    }
    return ParseAfterScheme(base.scheme, target);
  }
  if (ref_path[0] == '/') {
    target.append(ref_path);
  } else {
    size_t last_slash = base.path.rfind('/');
    target.append(base.path, 0, last_slash == std::string::npos ? 0 : last_slash + 1);
    target.append(ref_path);
  }
  if (ref_has_query) {
    target.push_back('?');
    target.append(ref_query);
  }
  return ParseAfterScheme(base.scheme, target);
}

}  // namespace

int Url::EffectivePort() const { return port >= 0 ? port : DefaultPort(scheme); }

std::string Url::Origin() const {
  std::string out = scheme + "://" + host;
  if (port >= 0) {
    out.push_back(':');
    out += std::to_string(port);
  }
  return out;
}

std::string Url::ToString() const {
  std::string out = Origin() + path;
  if (has_query) {
    out.push_back('?');
    out += query;
  }
  return out;
}

std::optional<Url> ParseUrl(std::string_view absolute_url) {
  std::string s = Preprocess(absolute_url);
  std::string scheme;
  std::string_view rest;
  if (!SplitScheme(s, &scheme, &rest) || !IsHttpScheme(scheme)) return std::nullopt;
  return ParseAfterScheme(scheme, std::string(rest));
}

namespace {

// Resolves and normalises `href` against an already parsed base (nullopt: no usable base).
std::optional<std::string> NormalizeAgainst(const std::optional<Url>& base, std::string_view href) {
  std::string ref = Preprocess(href);
  if (ref.empty()) return std::nullopt;
  std::string scheme;
  std::string_view rest;
  std::optional<Url> result;
  if (SplitScheme(ref, &scheme, &rest)) {
    if (!IsHttpScheme(scheme)) return std::nullopt;
    // "http:page.html" is relative when the base has the same scheme (WHATWG URL).
    if (!rest.empty() && rest[0] != '/' && rest[0] != '\\') {
      if (base && base->scheme == scheme) {
        result = Resolve(*base, std::string(rest));
        return result ? std::optional<std::string>(result->ToString()) : std::nullopt;
      }
    }
    result = ParseAfterScheme(scheme, std::string(rest));
  } else {
    if (!base) return std::nullopt;
    result = Resolve(*base, std::move(ref));
  }
  if (!result) return std::nullopt;
  return result->ToString();
}

}  // namespace

std::optional<std::string> NormalizeUrl(std::string_view base_url, std::string_view href) {
  return NormalizeAgainst(ParseUrl(base_url), href);
}

UrlResolver::UrlResolver(std::string_view base_url) : base_(ParseUrl(base_url)) {}

std::optional<std::string> UrlResolver::Resolve(std::string_view href) const { return NormalizeAgainst(base_, href); }

void AppendPercentEncoded(unsigned char c, std::string* out) {
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

bool AppendCanonicalEscape(std::string_view s, size_t pos, std::string* out) {
  if (pos + 2 >= s.size() || s[pos] != '%') return false;
  const int hi = HexValue(s[pos + 1]);
  const int lo = HexValue(s[pos + 2]);
  if (hi < 0 || lo < 0) return false;
  const auto v = static_cast<unsigned char>(hi * 16 + lo);
  if (IsUnreserved(v)) {
    out->push_back(static_cast<char>(v));
  } else {
    AppendPercentEncoded(v, out);
  }
  return true;
}

std::optional<std::string> NormalizeUrl(std::string_view absolute_url) {
  std::optional<Url> url = ParseUrl(absolute_url);
  if (!url) return std::nullopt;
  return url->ToString();
}

}  // namespace govaudit
