#include "common/utf8.h"
#include "crawler/sitemap.h"
#include "common/strings.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit {
namespace {

// RAII for a z_stream set up for inflation.
class Inflater {
 public:
  explicit Inflater(int window_bits) {
    ok_ = inflateInit2(&stream_, window_bits) == Z_OK;
  }
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  bool ok() const { return ok_; }
  z_stream* get() { return &stream_; }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

enum class InflateResult { kDone, kTruncated, kBadData };

// One pass with the given zlib window bits (15+32: gzip or zlib header; -15: raw deflate).
InflateResult InflateWith(int window_bits, std::string_view in, size_t max_output,
                          std::string* out) {
  Inflater inflater(window_bits);
  if (!inflater.ok()) return InflateResult::kBadData;
  z_stream* zs = inflater.get();
  const auto* next = reinterpret_cast<const Bytef*>(in.data());
  size_t remaining = in.size();
  auto refill = [&] {
    if (zs->avail_in == 0 && remaining > 0) {
      uInt chunk = static_cast<uInt>(std::min<size_t>(remaining, UINT_MAX));
      zs->next_in = const_cast<Bytef*>(next);  // zlib's API predates const
      zs->avail_in = chunk;
      next += chunk;
      remaining -= chunk;
    }
  };
  static constexpr size_t kChunk = 64 * 1024;
  std::vector<unsigned char> buffer(kChunk);
  while (true) {
    refill();
    zs->next_out = buffer.data();
    zs->avail_out = static_cast<uInt>(buffer.size());
    int rc = inflate(zs, Z_NO_FLUSH);
    size_t produced = buffer.size() - zs->avail_out;
    size_t room = max_output - out->size();
    if (produced > room) {
      out->append(reinterpret_cast<const char*>(buffer.data()), room);
      return InflateResult::kTruncated;
    }
    out->append(reinterpret_cast<const char*>(buffer.data()), produced);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members form one file (RFC 1952 2.2).
      refill();
      if (window_bits > 0 && zs->avail_in >= 2 && zs->next_in[0] == 0x1f &&
          zs->next_in[1] == 0x8b) {
        if (inflateReset(zs) != Z_OK) return InflateResult::kBadData;
        continue;
      }
      return InflateResult::kDone;  // trailing garbage after the stream is ignored
    }
    if (rc == Z_OK) continue;
    // Z_BUF_ERROR with no input left means the data ended before the stream did; anything
    // else (Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR) is corrupt or unusable data.
    return InflateResult::kBadData;
  }
}

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }



size_t FindNoCase(std::string_view s, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (StartsWithNoCase(s, i, needle)) return i;
  }
  return std::string_view::npos;
}

// Decodes the five predefined XML entities and numeric references; anything else (including
// a stray '&', common in hand-written sitemaps) is kept as written.
void AppendDecodedText(std::string_view text, std::string* out) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) {
      out->append(text.substr(pos));
      return;
    }
    out->append(text.substr(pos, amp - pos));
    size_t semi = text.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > 12) {
      out->push_back('&');
      pos = amp + 1;
      continue;
    }
    std::string_view name = text.substr(amp + 1, semi - amp - 1);
    bool decoded = true;
    if (name == "amp") {
      out->push_back('&');
    } else if (name == "lt") {
      out->push_back('<');
    } else if (name == "gt") {
      out->push_back('>');
    } else if (name == "quot") {
      out->push_back('"');
    } else if (name == "apos") {
      out->push_back('\'');
    } else if (name.size() >= 2 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string_view digits = name.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool valid = !digits.empty();
      for (char c : digits) {
        int v;
        if (c >= '0' && c <= '9') {
          v = c - '0';
        } else if (hex && c >= 'a' && c <= 'f') {
          v = c - 'a' + 10;
        } else if (hex && c >= 'A' && c <= 'F') {
          v = c - 'A' + 10;
        } else {
          valid = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        if (cp > 0x10FFFF) {
          valid = false;
          break;
        }
      }
      if (valid && cp != 0 && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        AppendUtf8(cp, out);
      } else {
        decoded = false;
      }
    } else {
      decoded = false;
    }
    if (decoded) {
      pos = semi + 1;
    } else {
      out->push_back('&');
      pos = amp + 1;
    }
  }
}

// Lower-cased local name ("sm:URL" -> "url") of the tag whose name starts at pos; pos is
// moved past the name.
std::string ReadLocalName(std::string_view s, size_t* pos) {
  size_t start = *pos;
  while (*pos < s.size() && !IsXmlSpace(s[*pos]) && s[*pos] != '>' && s[*pos] != '/') ++*pos;
  std::string_view name = s.substr(start, *pos - start);
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
  std::string lowered(name);
  for (char& c : lowered) c = ToLower(c);
  return lowered;
}

// Position just past the '>' closing a tag, skipping quoted attribute values; npos if none.
size_t FindTagEnd(std::string_view s, size_t pos) {
  char quote = 0;
  for (; pos < s.size(); ++pos) {
    char c = s[pos];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return pos + 1;
    }
  }
  return std::string_view::npos;
}

// Text content of a <loc> starting at pos, up to the next tag other than CDATA or a comment.
std::string ReadLocText(std::string_view s, size_t* pos) {
  std::string value;
  while (*pos < s.size()) {
    size_t lt = s.find('<', *pos);
    if (lt == std::string_view::npos) lt = s.size();
    AppendDecodedText(s.substr(*pos, lt - *pos), &value);
    *pos = lt;
    if (lt >= s.size()) break;
    if (s.compare(lt, 9, "<![CDATA[") == 0) {
      size_t end = s.find("]]>", lt + 9);
      size_t stop = end == std::string_view::npos ? s.size() : end;
      value.append(s.substr(lt + 9, stop - lt - 9));
      *pos = end == std::string_view::npos ? s.size() : end + 3;
    } else if (s.compare(lt, 4, "<!--") == 0) {
      size_t end = s.find("-->", lt + 4);
      *pos = end == std::string_view::npos ? s.size() : end + 3;
    } else {
      break;
    }
  }
  return std::string(TrimAscii(value));
}

bool IsEntryContainer(const std::string& name) {
  return name == "url" || name == "sitemap" || name == "urlset" || name == "sitemapindex";
}

SitemapContent ParseXml(std::string_view s) {
  SitemapContent content;
  std::vector<std::string> open;  // local names of the open elements
  bool root_seen = false;
  bool root_is_urlset = false;
  bool loc_in_sitemap_entry = false;
  size_t pos = 0;
  while ((pos = s.find('<', pos)) != std::string_view::npos) {
    if (s.compare(pos, 4, "<!--") == 0) {
      size_t end = s.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
    } else if (s.compare(pos, 9, "<![CDATA[") == 0) {
      size_t end = s.find("]]>", pos + 9);
      if (end == std::string_view::npos) break;
      pos = end + 3;
    } else if (s.compare(pos, 2, "<?") == 0) {
      size_t end = s.find("?>", pos + 2);
      if (end == std::string_view::npos) break;
      pos = end + 2;
    } else if (s.compare(pos, 2, "<!") == 0) {
      pos = FindTagEnd(s, pos + 2);
      if (pos == std::string_view::npos) break;
    } else if (s.compare(pos, 2, "</") == 0) {
      size_t name_pos = pos + 2;
      std::string name = ReadLocalName(s, &name_pos);
      // Unbalanced markup: close back to the matching element, or ignore a stray end tag.
      auto it = std::find(open.rbegin(), open.rend(), name);
      if (it != open.rend()) open.erase(std::prev(it.base()), open.end());
      size_t end = s.find('>', name_pos);
      if (end == std::string_view::npos) break;
      pos = end + 1;
    } else {
      size_t name_pos = pos + 1;
      std::string name = ReadLocalName(s, &name_pos);
      size_t end = FindTagEnd(s, name_pos);
      if (end == std::string_view::npos) break;
      pos = end;
      if (name.empty()) continue;
      bool self_closing = end >= 2 && s[end - 2] == '/';
      if (!root_seen) {
        root_seen = true;
        content.is_index = name == "sitemapindex";
        root_is_urlset = name == "urlset";
      }
      if (name == "loc") {
        if (self_closing) continue;
        // Only entry locations: <image:loc> and the like sit inside other elements.
        if (!open.empty() && !IsEntryContainer(open.back())) continue;
        std::string location = ReadLocText(s, &pos);
        if (location.empty()) continue;
        if (!open.empty() && open.back() == "sitemap") loc_in_sitemap_entry = true;
        content.locations.push_back(std::move(location));
      } else if (!self_closing) {
        open.push_back(std::move(name));
      }
    }
  }
  // A sitemap index whose root element is missing or misspelt.
  if (!content.is_index && !root_is_urlset && loc_in_sitemap_entry) content.is_index = true;
  return content;
}

SitemapContent ParseText(std::string_view s) {
  SitemapContent content;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = TrimAscii(s.substr(pos, end - pos));
    pos = end + 1;
    if (StartsWithNoCase(line, 0, "http://") || StartsWithNoCase(line, 0, "https://")) {
      content.locations.emplace_back(line);
    }
  }
  return content;
}

bool HasGzipMagic(std::string_view s) {
  return s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0x1f &&
         static_cast<unsigned char>(s[1]) == 0x8b;
}

}  // namespace

bool GunzipCapped(std::string_view gz, size_t max_output, std::string* out, bool* truncated) {
  out->clear();
  *truncated = false;
  if (gz.empty()) return false;
  InflateResult result = InflateWith(15 + 32, gz, max_output, out);
  if (result == InflateResult::kBadData && out->empty() && !HasGzipMagic(gz)) {
    // Some servers send "Content-Encoding: deflate" as raw deflate without the zlib header.
    result = InflateWith(-15, gz, max_output, out);
  }
  *truncated = result == InflateResult::kTruncated;
  return result != InflateResult::kBadData;
}

SitemapContent ParseSitemap(std::string_view body) {
  std::string decompressed;
  // Two rounds: some servers gzip an already gzipped sitemap.xml.gz once more.
  for (int round = 0; round < 2 && HasGzipMagic(body); ++round) {
    std::string inflated;
    bool truncated = false;
    GunzipCapped(body, kMaxSitemapBytes, &inflated, &truncated);  // partial output is usable
    decompressed = std::move(inflated);
    body = decompressed;
  }
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::string_view trimmed = TrimAscii(body);
  if ((!trimmed.empty() && trimmed.front() == '<') || FindNoCase(body, "<loc") !=
                                                         std::string_view::npos) {
    return ParseXml(body);
  }
  return ParseText(body);
}

}  // namespace govaudit
