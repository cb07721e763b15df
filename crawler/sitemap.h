// Sitemaps (sitemaps.org): XML url sets, sitemap indexes, plain-text lists, gzip-compressed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit {

// sitemaps.org caps an uncompressed sitemap at 50 MB; more is a bomb or a broken server.
inline constexpr size_t kMaxSitemapBytes = 50 * 1024 * 1024;

struct SitemapContent {
  bool is_index = false;                // <sitemapindex>: locations are further sitemaps
  std::vector<std::string> locations;   // <loc> values (trimmed, XML entities decoded) of <url>
                                        // or <sitemap> entries, in document order
};

// Accepts XML sitemaps and sitemap indexes, plain-text sitemaps (one http(s) URL per line), and
// gzip-compressed bodies (1f 8b magic), decompressed up to kMaxSitemapBytes: beyond that,
// parsing uses what was read. Tolerates namespace prefixes, CDATA, comments and unclosed
// tags; <loc> of extensions (image:loc, ...) is not taken. Never throws.
SitemapContent ParseSitemap(std::string_view body);

// Decompresses gzip (also multi-member), zlib, or raw deflate data into *out, at most
// max_output bytes. Returns false if the data is not valid compressed data or ends before the
// stream does (*out then holds what could be decoded). *truncated is set to true if output was
// cut at max_output (the return value is then true).
bool GunzipCapped(std::string_view gz, size_t max_output, std::string* out, bool* truncated);

}  // namespace govaudit
