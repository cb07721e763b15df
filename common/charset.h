// Decoding fetched pages and attachments to UTF-8.
// Chinese government sites still serve GBK/GB2312 pages, often with a charset only in a
// <meta> tag, sometimes with none at all; everything downstream works on UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace govaudit {

struct DecodedText {
  std::string utf8;        // always valid UTF-8; invalid input bytes become U+FFFD
  std::string charset;     // canonical name used for decoding, lower-case: "utf-8", "gb18030", "big5", "windows-1252" ...
  std::string source;      // why: "bom", "http", "meta", "detected", "default" ("given" for ConvertToUtf8)
  size_t invalid_sequences = 0;  // how many were replaced
};

// Order: BOM, charset= in the HTTP Content-Type header, <meta charset> / <meta http-equiv
// content="...charset=..."> within the first 4096 bytes, then detection (uchardet), then the
// utf-8 default. gb2312/gbk/x-gbk/cp936/gb_2312-80 are decoded as gb18030 (their superset).
// An unknown or unsupported label is ignored and the next step is tried. Never fails.
// A BOM is not copied to the output.
DecodedText DecodeHtml(std::string_view body, std::string_view content_type_header);

// Same without the meta step: for CSV/TXT attachments.
DecodedText DecodeText(std::string_view body, std::string_view content_type_header);

// Converts from a given charset label (e.g. "gb18030", "GBK") to UTF-8 with replacement.
// Bytes are converted as they are (a BOM is not interpreted). An unsupported label decodes as
// utf-8 with source "default"; otherwise source is "given".
DecodedText ConvertToUtf8(std::string_view body, std::string_view charset);

// True if the body looks like HTML whatever the content type claims: after leading whitespace
// and an optional UTF-8 BOM (and an optional <?xml ...?> declaration, for XHTML), one of
// <!doctype html, <html, <head, <body, <script, <title, <div, <p, <table, <a, <!-- ... as in
// WHATWG MIME sniffing, case-insensitive.
bool LooksLikeHtml(std::string_view body);

// Charset label from a Content-Type header value ("text/html; charset=GBK" -> "gbk"),
// lower-cased, quotes stripped; empty if none.
std::string CharsetFromContentType(std::string_view content_type);

}  // namespace govaudit
