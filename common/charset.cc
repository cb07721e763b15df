#include "common/charset.h"
#include "common/strings.h"
#include "common/utf8.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace govaudit {
namespace {

constexpr size_t kMetaScanLimit = 4096;
// Enough text for uchardet to decide; markup is ASCII and does not help it anyway.
constexpr size_t kDetectLimit = 1 << 20;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// ---------------------------------------------------------------------------
// RAII wrappers for the two C handles.

class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

class Uchardet {
 public:
  Uchardet() : ud_(uchardet_new()) {}
  ~Uchardet() {
    if (ud_ != nullptr) uchardet_delete(ud_);
  }
  Uchardet(const Uchardet&) = delete;
  Uchardet& operator=(const Uchardet&) = delete;

  // Empty when nothing could be decided.
  std::string Detect(std::string_view data) {
    if (ud_ == nullptr) return "";
    if (uchardet_handle_data(ud_, data.data(), data.size()) != 0) return "";
    uchardet_data_end(ud_);
    const char* name = uchardet_get_charset(ud_);
    return name == nullptr ? "" : name;
  }

 private:
  uchardet_t ud_;
};

// ---------------------------------------------------------------------------
// Small byte utilities (ASCII only: labels and markup are ASCII).

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// ---------------------------------------------------------------------------
// Encoding labels. Labels follow the WHATWG Encoding Standard, so pages decode the way a
// browser shows them; labels outside the table (UTF-7, EBCDIC, ...) are treated as unknown.

struct Encoding {
  std::string_view canonical;
  const char* iconv_name;
};

struct LabelEntry {
  std::string_view label;
  Encoding encoding;
};

constexpr Encoding kUtf8{"utf-8", "UTF-8"};
constexpr Encoding kGb18030{"gb18030", "GB18030"};
// Big5 as published is mostly Big5-HKSCS; the WHATWG big5 decoder is that superset too.
constexpr Encoding kBig5{"big5", "BIG5-HKSCS"};
constexpr Encoding kShiftJis{"shift_jis", "CP932"};
constexpr Encoding kEucJp{"euc-jp", "EUC-JP-MS"};
constexpr Encoding kIso2022Jp{"iso-2022-jp", "ISO-2022-JP"};
constexpr Encoding kEucKr{"euc-kr", "CP949"};
constexpr Encoding kEucTw{"euc-tw", "EUC-TW"};
constexpr Encoding kUtf16Le{"utf-16le", "UTF-16LE"};
constexpr Encoding kUtf16Be{"utf-16be", "UTF-16BE"};
constexpr Encoding kWindows1252{"windows-1252", "CP1252"};

constexpr LabelEntry kLabels[] = {
    {"utf-8", kUtf8}, {"utf8", kUtf8}, {"unicode-1-1-utf-8", kUtf8}, {"unicode11utf8", kUtf8},
    {"unicode20utf8", kUtf8}, {"x-unicode20utf8", kUtf8},
    // GB2312 and GBK are subsets of GB18030, and pages labelled gb2312 routinely use GBK
    // characters, so all of them decode as GB18030.
    {"gb18030", kGb18030}, {"gbk", kGb18030}, {"x-gbk", kGb18030}, {"gb2312", kGb18030},
    {"gb_2312", kGb18030}, {"gb_2312-80", kGb18030}, {"gb-2312", kGb18030},
    {"csgb2312", kGb18030}, {"csiso58gb231280", kGb18030}, {"iso-ir-58", kGb18030},
    {"chinese", kGb18030}, {"cp936", kGb18030}, {"ms936", kGb18030},
    {"windows-936", kGb18030}, {"euc-cn", kGb18030}, {"x-euc-cn", kGb18030},
    {"big5", kBig5}, {"big5-hkscs", kBig5}, {"cn-big5", kBig5}, {"csbig5", kBig5},
    {"x-x-big5", kBig5}, {"cp950", kBig5},
    {"euc-tw", kEucTw},
    {"shift_jis", kShiftJis}, {"shift-jis", kShiftJis}, {"sjis", kShiftJis},
    {"csshiftjis", kShiftJis}, {"ms932", kShiftJis}, {"ms_kanji", kShiftJis},
    {"windows-31j", kShiftJis}, {"x-sjis", kShiftJis},
    {"euc-jp", kEucJp}, {"x-euc-jp", kEucJp}, {"cseucpkdfmtjapanese", kEucJp},
    {"iso-2022-jp", kIso2022Jp}, {"csiso2022jp", kIso2022Jp},
    {"euc-kr", kEucKr}, {"cseuckr", kEucKr}, {"csksc56011987", kEucKr}, {"iso-ir-149", kEucKr},
    {"korean", kEucKr}, {"ks_c_5601-1987", kEucKr}, {"ks_c_5601-1989", kEucKr},
    {"ksc5601", kEucKr}, {"ksc_5601", kEucKr}, {"windows-949", kEucKr},
    {"utf-16", kUtf16Le}, {"utf-16le", kUtf16Le}, {"unicode", kUtf16Le}, {"ucs-2", kUtf16Le},
    {"csunicode", kUtf16Le}, {"iso-10646-ucs-2", kUtf16Le}, {"unicodefeff", kUtf16Le},
    {"utf-16be", kUtf16Be}, {"unicodefffe", kUtf16Be},
    // Latin-1 and ASCII labels mean windows-1252 on the web.
    {"windows-1252", kWindows1252}, {"cp1252", kWindows1252}, {"x-cp1252", kWindows1252},
    {"iso-8859-1", kWindows1252}, {"iso8859-1", kWindows1252}, {"iso88591", kWindows1252},
    {"iso_8859-1", kWindows1252}, {"iso_8859-1:1987", kWindows1252}, {"latin1", kWindows1252},
    {"l1", kWindows1252}, {"cp819", kWindows1252}, {"ibm819", kWindows1252},
    {"csisolatin1", kWindows1252}, {"iso-ir-100", kWindows1252}, {"ascii", kWindows1252},
    {"us-ascii", kWindows1252}, {"ansi_x3.4-1968", kWindows1252},
    {"windows-1250", {"windows-1250", "CP1250"}}, {"cp1250", {"windows-1250", "CP1250"}},
    {"windows-1251", {"windows-1251", "CP1251"}}, {"cp1251", {"windows-1251", "CP1251"}},
    {"windows-1253", {"windows-1253", "CP1253"}}, {"cp1253", {"windows-1253", "CP1253"}},
    {"windows-1254", {"windows-1254", "CP1254"}}, {"cp1254", {"windows-1254", "CP1254"}},
    {"windows-1255", {"windows-1255", "CP1255"}}, {"cp1255", {"windows-1255", "CP1255"}},
    {"windows-1256", {"windows-1256", "CP1256"}}, {"cp1256", {"windows-1256", "CP1256"}},
    {"windows-1257", {"windows-1257", "CP1257"}}, {"cp1257", {"windows-1257", "CP1257"}},
    {"windows-1258", {"windows-1258", "CP1258"}}, {"cp1258", {"windows-1258", "CP1258"}},
    {"windows-874", {"windows-874", "CP874"}}, {"tis-620", {"windows-874", "CP874"}},
    {"iso-8859-11", {"windows-874", "CP874"}},
    {"iso-8859-2", {"iso-8859-2", "ISO-8859-2"}}, {"iso-8859-3", {"iso-8859-3", "ISO-8859-3"}},
    {"iso-8859-4", {"iso-8859-4", "ISO-8859-4"}}, {"iso-8859-5", {"iso-8859-5", "ISO-8859-5"}},
    {"iso-8859-6", {"iso-8859-6", "ISO-8859-6"}}, {"iso-8859-7", {"iso-8859-7", "ISO-8859-7"}},
    {"iso-8859-8", {"iso-8859-8", "ISO-8859-8"}}, {"iso-8859-10", {"iso-8859-10", "ISO-8859-10"}},
    {"iso-8859-13", {"iso-8859-13", "ISO-8859-13"}},
    {"iso-8859-14", {"iso-8859-14", "ISO-8859-14"}},
    {"iso-8859-15", {"iso-8859-15", "ISO-8859-15"}},
    {"iso-8859-16", {"iso-8859-16", "ISO-8859-16"}},
    {"koi8-r", {"koi8-r", "KOI8-R"}}, {"koi8", {"koi8-r", "KOI8-R"}},
    {"koi8_r", {"koi8-r", "KOI8-R"}}, {"cskoi8r", {"koi8-r", "KOI8-R"}},
    {"koi8-u", {"koi8-u", "KOI8-U"}}, {"koi8-ru", {"koi8-u", "KOI8-U"}},
    {"ibm866", {"ibm866", "IBM866"}}, {"cp866", {"ibm866", "IBM866"}},
    {"x-mac-cyrillic", {"x-mac-cyrillic", "MAC-CYRILLIC"}},
    {"mac-cyrillic", {"x-mac-cyrillic", "MAC-CYRILLIC"}},
};

// Normalises "ISO8859-2" / "iso_8859-2" spellings to the table's "iso-8859-2".
std::string NormaliseIsoSpelling(std::string label) {
  for (std::string_view prefix : {"iso8859-", "iso_8859-", "iso8859_", "iso_8859_"}) {
    if (label.rfind(prefix, 0) == 0) return "iso-8859-" + label.substr(prefix.size());
  }
  return label;
}

std::optional<Encoding> LookupLabel(std::string_view raw_label) {
  std::string_view trimmed = TrimAscii(raw_label);
  // Tolerate quotes left around a label ("charset='utf-8'").
  while (!trimmed.empty() && (trimmed.front() == '"' || trimmed.front() == '\'')) {
    trimmed.remove_prefix(1);
  }
  while (!trimmed.empty() && (trimmed.back() == '"' || trimmed.back() == '\'')) {
    trimmed.remove_suffix(1);
  }
  std::string label = NormaliseIsoSpelling(LowerAscii(TrimAscii(trimmed)));
  if (label.empty()) return std::nullopt;
  for (const LabelEntry& entry : kLabels) {
    if (entry.label == label) return entry.encoding;
  }
  return std::nullopt;
}

bool IsUtf16(const Encoding& e) { return e.canonical == "utf-16le" || e.canonical == "utf-16be"; }

// ---------------------------------------------------------------------------
// Decoders.

// UTF-8 validation with WHATWG replacement semantics: each maximal invalid subpart becomes
// one U+FFFD, so counts match what a browser shows.
// Copies valid UTF-8 through in bulk and replaces each invalid sequence with U+FFFD.
// With out == nullptr it only counts the invalid sequences.
void DecodeUtf8(std::string_view in, std::string* out, size_t* invalid) {
  if (out != nullptr) out->reserve(out->size() + in.size());
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  size_t pending = 0;  // start of the valid bytes not yet copied
  auto replace = [&](size_t bad_start, size_t next) {
    if (out != nullptr) {
      out->append(in.data() + pending, bad_start - pending);
      out->append(kReplacement);
    }
    ++*invalid;
    pending = next;
  };
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  while (i < n) {
    // Markup is ASCII, text mostly three-byte characters: both are stepped over without the
    // general checks below (which they would pass).
    uint64_t word;
    while (i + sizeof word <= n && (std::memcpy(&word, s + i, sizeof word), (word & kHighBits) == 0)) i += sizeof word;
    if (i >= n) break;
    unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b >= 0xE1 && b <= 0xEF && b != 0xED && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
      i += 3;
      if constexpr (std::endian::native == std::endian::little) {
        // A run of such characters, two at a time: leads E1–EC or EE–EF (E0 and ED need the
        // range checks below), each followed by two continuation bytes.
        while (i + sizeof word <= n && (std::memcpy(&word, s + i, sizeof word), StartsWithTwoThreeByte(word))) {
          const uint64_t first = word & 0x0F;
          const uint64_t second = word >> 24 & 0x0F;
          if (first == 0 || first == 0x0D || second == 0 || second == 0x0D) break;
          i += 6;
        }
      }
      continue;
    }
    int need = 0;
    unsigned char lower = 0x80;
    unsigned char upper = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b == 0xE0) {
      need = 2;
      lower = 0xA0;
    } else if (b == 0xED) {
      need = 2;
      upper = 0x9F;  // no surrogates
    } else if (b >= 0xE1 && b <= 0xEF) {
      need = 2;
    } else if (b == 0xF0) {
      need = 3;
      lower = 0x90;
    } else if (b >= 0xF1 && b <= 0xF3) {
      need = 3;
    } else if (b == 0xF4) {
      need = 3;
      upper = 0x8F;  // nothing above U+10FFFF
    } else {
      replace(i, i + 1);
      ++i;
      continue;
    }
    size_t j = i + 1;
    bool complete = true;
    for (int k = 0; k < need; ++k, ++j) {
      if (j >= n || s[j] < lower || s[j] > upper) {
        complete = false;
        break;
      }
      lower = 0x80;
      upper = 0xBF;
    }
    if (!complete) replace(i, j);
    i = j;  // the offending byte, if any, starts the next sequence
  }
  if (out != nullptr) out->append(in.data() + pending, n - pending);
}

bool IsValidUtf8(std::string_view in) {
  size_t invalid = 0;
  DecodeUtf8(in, nullptr, &invalid);
  return invalid == 0;
}

// Bytes the WHATWG decoders accept but glibc reports as invalid.
std::optional<uint32_t> WebOnlyMapping(std::string_view canonical, unsigned char b) {
  if (canonical == "gb18030" && b == 0x80) return 0x20AC;  // GBK's euro sign
  if (canonical == "windows-1252" &&
      (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D)) {
    return b;  // undefined in CP1252, C1 controls on the web
  }
  return std::nullopt;
}

// Converts with iconv, replacing what it rejects (EILSEQ) and a truncated final sequence
// (EINVAL) with U+FFFD and carrying on. False only if iconv does not know the encoding.
bool DecodeWithIconv(std::string_view in, const Encoding& enc, std::string* out,
                     size_t* invalid) {
  Iconv cd("UTF-8", enc.iconv_name);
  if (!cd.ok()) return false;
  const size_t skip = IsUtf16(enc) ? 2 : 1;
  out->reserve(out->size() + in.size() + in.size() / 2);
  char buffer[16384];
  char* in_ptr = const_cast<char*>(in.data());  // iconv's signature is not const-correct
  size_t in_left = in.size();
  while (in_left > 0) {
    char* out_ptr = buffer;
    size_t out_left = sizeof(buffer);
    size_t rc = iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left);
    int err = errno;
    out->append(buffer, static_cast<size_t>(out_ptr - buffer));
    if (rc != static_cast<size_t>(-1) || err == E2BIG) continue;
    if (err == EINVAL) {
      // Incomplete sequence at the very end of the input.
      out->append(kReplacement);
      ++*invalid;
      break;
    }
    // EILSEQ (or anything unexpected): replace and resynchronise on the next unit.
    if (auto cp = WebOnlyMapping(enc.canonical, static_cast<unsigned char>(*in_ptr))) {
      AppendUtf8Unchecked(*cp, out);
    } else {
      out->append(kReplacement);
      ++*invalid;
    }
    size_t step = std::min(skip, in_left);
    in_ptr += step;
    in_left -= step;
  }
  // Flush any shift state or buffered combining sequence.
  char* out_ptr = buffer;
  size_t out_left = sizeof(buffer);
  iconv(cd.get(), nullptr, nullptr, &out_ptr, &out_left);
  out->append(buffer, static_cast<size_t>(out_ptr - buffer));
  return true;
}

// GBK's two-byte characters in UTF-8, as glibc's GB18030 converter gives them, built once by
// asking it for each pair. A GBK page is nearly all ASCII and such pairs, and a table lookup
// costs a tenth of a trip through iconv.
class GbkPairs {
 public:
  static const GbkPairs& Get() {
    static const GbkPairs pairs;
    return pairs;
  }
  bool ok() const { return ok_; }
  // The UTF-8 of lead/trail (four bytes, of which the length counts) and its length; 0 when
  // the converter rejects the pair or the bytes are no two-byte character.
  unsigned Lookup(unsigned char lead, unsigned char trail, const char** utf8) const {
    if (lead < kFirstLead || lead == 0xFF || trail < kFirstTrail || trail == 0x7F || trail == 0xFF) return 0;
    const Entry& e = entries_[(lead - kFirstLead) * kTrails + (trail - kFirstTrail)];
    *utf8 = e.utf8;
    return e.length;
  }

 private:
  static constexpr unsigned kFirstLead = 0x81;
  static constexpr unsigned kFirstTrail = 0x40;
  static constexpr size_t kLeads = 0xFF - kFirstLead;
  static constexpr size_t kTrails = 0xFF - kFirstTrail;
  struct Entry {
    char utf8[4] = {};
    unsigned length = 0;
  };

  GbkPairs() : entries_(kLeads * kTrails) {
    Iconv cd("UTF-8", "GB18030");
    ok_ = cd.ok();
    if (!ok_) return;
    for (unsigned lead = kFirstLead; lead < 0xFF; ++lead) {
      for (unsigned trail = kFirstTrail; trail < 0xFF; ++trail) {
        if (trail == 0x7F) continue;
        char in[2] = {static_cast<char>(lead), static_cast<char>(trail)};
        char out[8];
        char* in_ptr = in;
        char* out_ptr = out;
        size_t in_left = 2;
        size_t out_left = sizeof out;
        iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);
        if (iconv(cd.get(), &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<size_t>(-1) || in_left != 0) continue;
        const size_t length = static_cast<size_t>(out_ptr - out);
        if (length == 0 || length > 4) continue;
        Entry& e = entries_[(lead - kFirstLead) * kTrails + (trail - kFirstTrail)];
        std::memcpy(e.utf8, out, length);
        e.length = static_cast<unsigned>(length);
      }
    }
  }

  bool ok_ = false;
  std::vector<Entry> entries_;
};

// GB18030: ASCII and two-byte characters from the table, everything from the first other
// byte on (four-byte sequences, broken bytes) by iconv, so the result is iconv's exactly.
bool DecodeGb18030(std::string_view in, const Encoding& enc, std::string* out, size_t* invalid) {
  const GbkPairs& pairs = GbkPairs::Get();
  if (!pairs.ok()) return false;
  // Written through a pointer: a pair becomes at most four bytes, and each is written as a
  // whole word (hence the slack of three), then the string is cut to what was written.
  const size_t start = out->size();
  out->resize(start + 2 * in.size() + 3);
  char* w = out->data() + start;
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t i = 0;
  while (i < n) {
    uint64_t word;
    if (i + sizeof word <= n && (std::memcpy(&word, s + i, sizeof word), (word & kHighBits) == 0)) {
      std::memcpy(w, &word, sizeof word);
      w += sizeof word;
      i += sizeof word;
      continue;
    }
    if (s[i] < 0x80) {
      *w++ = static_cast<char>(s[i++]);
      continue;
    }
    const char* utf8;
    const unsigned length = i + 1 < n ? pairs.Lookup(s[i], s[i + 1], &utf8) : 0;
    if (length == 0) break;
    std::memcpy(w, utf8, 4);
    w += length;
    i += 2;
  }
  out->resize(static_cast<size_t>(w - out->data()));
  return i == n || DecodeWithIconv(in.substr(i), enc, out, invalid);
}

// Decodes with a known encoding; falls back to UTF-8 if iconv lacks it.
DecodedText DecodeAs(std::string_view body, const Encoding& enc, std::string source) {
  DecodedText result;
  result.source = std::move(source);
  const bool gb18030 = enc.canonical == kGb18030.canonical;
  if (enc.canonical == "utf-8" ||
      !(gb18030 ? DecodeGb18030(body, enc, &result.utf8, &result.invalid_sequences)
                : DecodeWithIconv(body, enc, &result.utf8, &result.invalid_sequences))) {
    result.utf8.clear();
    result.invalid_sequences = 0;
    DecodeUtf8(body, &result.utf8, &result.invalid_sequences);
    result.charset = "utf-8";
    return result;
  }
  result.charset = std::string(enc.canonical);
  return result;
}

// Usable = known label and iconv can open it.
std::optional<Encoding> UsableEncoding(std::string_view label) {
  std::optional<Encoding> enc = LookupLabel(label);
  if (!enc) return std::nullopt;
  if (enc->canonical != "utf-8" && !Iconv("UTF-8", enc->iconv_name).ok()) return std::nullopt;
  return enc;
}

// ---------------------------------------------------------------------------
// BOM and <meta> prescan.

std::optional<std::pair<Encoding, size_t>> SniffBom(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") return std::make_pair(kUtf8, size_t{3});
  if (body.substr(0, 2) == "\xFE\xFF") return std::make_pair(kUtf16Be, size_t{2});
  if (body.substr(0, 2) == "\xFF\xFE") return std::make_pair(kUtf16Le, size_t{2});
  return std::nullopt;
}

struct Attribute {
  std::string name;
  std::string value;
};

// WHATWG "get an attribute" (encoding-sniffing variant). Names and values are lower-cased.
std::optional<Attribute> GetAttribute(std::string_view s, size_t* pos) {
  size_t& p = *pos;
  const size_t n = s.size();
  while (p < n && (IsAsciiSpace(s[p]) || s[p] == '/')) ++p;
  if (p >= n || s[p] == '>') return std::nullopt;
  Attribute attr;
  // Name.
  while (true) {
    if (p >= n) return std::nullopt;
    char c = s[p];
    if (c == '=' && !attr.name.empty()) {
      ++p;
      break;
    }
    if (IsAsciiSpace(c)) {
      while (p < n && IsAsciiSpace(s[p])) ++p;
      if (p >= n) return std::nullopt;
      if (s[p] != '=') return attr;
      ++p;
      break;
    }
    if (c == '/' || c == '>') return attr;
    attr.name.push_back(ToLowerAscii(c));
    ++p;
  }
  // Value.
  while (p < n && IsAsciiSpace(s[p])) ++p;
  if (p >= n) return std::nullopt;
  char c = s[p];
  if (c == '"' || c == '\'') {
    const char quote = c;
    ++p;
    while (true) {
      if (p >= n) return std::nullopt;
      if (s[p] == quote) {
        ++p;
        return attr;
      }
      attr.value.push_back(ToLowerAscii(s[p]));
      ++p;
    }
  }
  if (c == '>') return attr;
  while (true) {
    if (p >= n) return std::nullopt;
    c = s[p];
    if (IsAsciiSpace(c) || c == '>') return attr;
    attr.value.push_back(ToLowerAscii(c));
    ++p;
  }
}

// WHATWG "extracting a character encoding from a meta element" (the content attribute).
std::string CharsetFromMetaContent(std::string_view s) {
  size_t pos = 0;
  while (true) {
    size_t found = std::string_view::npos;
    for (size_t i = pos; i + 7 <= s.size(); ++i) {
      if (StartsWithNoCase(s, i, "charset")) {
        found = i;
        break;
      }
    }
    if (found == std::string_view::npos) return "";
    pos = found + 7;
    while (pos < s.size() && IsAsciiSpace(s[pos])) ++pos;
    if (pos >= s.size() || s[pos] != '=') continue;
    ++pos;
    while (pos < s.size() && IsAsciiSpace(s[pos])) ++pos;
    if (pos >= s.size()) return "";
    if (s[pos] == '"' || s[pos] == '\'') {
      size_t end = s.find(s[pos], pos + 1);
      if (end == std::string_view::npos) return "";
      return std::string(s.substr(pos + 1, end - pos - 1));
    }
    size_t end = pos;
    while (end < s.size() && !IsAsciiSpace(s[end]) && s[end] != ';') ++end;
    return std::string(s.substr(pos, end - pos));
  }
}

// WHATWG "prescan a byte stream to determine its encoding", over the first kMetaScanLimit bytes.
std::optional<Encoding> PrescanMeta(std::string_view body) {
  std::string_view s = body.substr(0, kMetaScanLimit);
  const size_t n = s.size();
  size_t pos = 0;
  while (pos < n) {
    if (s.compare(pos, 4, "<!--") == 0) {
      size_t end = s.find("-->", pos + 2);
      if (end == std::string_view::npos) return std::nullopt;
      pos = end + 3;
      continue;
    }
    if (StartsWithNoCase(s, pos, "<meta") && pos + 5 < n &&
        (IsAsciiSpace(s[pos + 5]) || s[pos + 5] == '/')) {
      pos += 6;
      bool seen_http_equiv = false, seen_content = false, seen_charset = false;
      bool got_pragma = false;
      std::optional<bool> need_pragma;
      std::string charset;
      while (std::optional<Attribute> attr = GetAttribute(s, &pos)) {
        if (attr->name == "http-equiv") {
          if (seen_http_equiv) continue;
          seen_http_equiv = true;
          if (TrimAscii(attr->value) == "content-type") got_pragma = true;
        } else if (attr->name == "content") {
          if (seen_content) continue;
          seen_content = true;
          if (charset.empty()) {
            std::string from_content = CharsetFromMetaContent(attr->value);
            if (!from_content.empty()) {
              charset = std::move(from_content);
              need_pragma = true;
            }
          }
        } else if (attr->name == "charset") {
          if (seen_charset) continue;
          seen_charset = true;
          charset = attr->value;
          need_pragma = false;
        }
      }
      if (!need_pragma || (*need_pragma && !got_pragma) || charset.empty()) continue;
      std::optional<Encoding> enc = UsableEncoding(charset);
      if (!enc) continue;  // unknown label: keep looking, then fall through
      // A meta tag readable as ASCII cannot be in UTF-16; pages that say so are UTF-8.
      if (IsUtf16(*enc)) return kUtf8;
      return enc;
    }
    if (s[pos] == '<' && pos + 1 < n &&
        (IsAsciiAlpha(s[pos + 1]) ||
         (s[pos + 1] == '/' && pos + 2 < n && IsAsciiAlpha(s[pos + 2])))) {
      // Some other tag: skip its name and attributes so their values are not misread.
      while (pos < n && !IsAsciiSpace(s[pos]) && s[pos] != '>') ++pos;
      while (GetAttribute(s, &pos)) {
      }
      ++pos;
      continue;
    }
    if (s.compare(pos, 2, "<!") == 0 || s.compare(pos, 2, "</") == 0 ||
        s.compare(pos, 2, "<?") == 0) {
      size_t end = s.find('>', pos);
      if (end == std::string_view::npos) return std::nullopt;
      pos = end + 1;
      continue;
    }
    ++pos;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Detection.

// uchardet is unreliable on short Chinese text (it answers windows-125x or nothing). Undeclared
// pages here are overwhelmingly GBK, so when the bytes are clean GB18030 and most double-byte
// pairs fall in the GB2312 region (both bytes >= 0xA1, where common hanzi live; accented Latin
// text followed by ASCII letters does not), prefer GB18030.
bool LooksLikeGbText(std::string_view body) {
  const auto* s = reinterpret_cast<const unsigned char*>(body.data());
  const size_t n = body.size();
  size_t pairs = 0, gb2312_pairs = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    if (i + 1 < n && s[i + 1] >= 0x30 && s[i + 1] <= 0x39) {
      i += 4;  // four-byte GB18030 sequence
      continue;
    }
    ++pairs;
    if (i + 1 < n && s[i] >= 0xA1 && s[i + 1] >= 0xA1) ++gb2312_pairs;
    i += 2;
  }
  return pairs > 0 && gb2312_pairs * 10 >= pairs * 8;
}

// True for detector answers that are themselves evidence of CJK text.
bool IsTrustedDetection(const Encoding& enc) {
  return enc.canonical == "gb18030" || enc.canonical == "big5" || enc.canonical == "shift_jis" ||
         enc.canonical == "euc-jp" || enc.canonical == "euc-kr" ||
         enc.canonical == "iso-2022-jp" || enc.canonical == "utf-8";
}

DecodedText DetectAndDecode(std::string_view body) {
  std::string_view sample = body.substr(0, kDetectLimit);
  if (sample.size() < body.size()) {
    // Do not cut a UTF-8 sequence in half: drop trailing bytes back to a lead byte.
    for (size_t back = 1; back <= 4 && back <= sample.size(); ++back) {
      auto b = static_cast<unsigned char>(sample[sample.size() - back]);
      if (b < 0x80 || b >= 0xC0) {
        sample.remove_suffix(back);
        break;
      }
    }
  }
  // Valid UTF-8 (including plain ASCII) is almost never anything else.
  if (IsValidUtf8(sample)) {
    DecodedText result = DecodeAs(body, kUtf8, "detected");
    return result;
  }
  std::optional<Encoding> detected;
  {
    Uchardet detector;
    std::string name = detector.Detect(sample);
    std::string lowered = LowerAscii(name);
    if (lowered.empty() || lowered == "ascii") {
      detected = kUtf8;
    } else {
      detected = UsableEncoding(lowered);
    }
  }
  if (detected && IsTrustedDetection(*detected)) return DecodeAs(body, *detected, "detected");
  if (LooksLikeGbText(sample)) {
    DecodedText gb = DecodeAs(body, kGb18030, "detected");
    if (gb.invalid_sequences == 0) return gb;
  }
  if (detected) return DecodeAs(body, *detected, "detected");
  return DecodeAs(body, kUtf8, "default");
}

DecodedText Decode(std::string_view body, std::string_view content_type_header, bool use_meta) {
  if (auto bom = SniffBom(body)) {
    return DecodeAs(body.substr(bom->second), bom->first, "bom");
  }
  if (auto enc = UsableEncoding(CharsetFromContentType(content_type_header))) {
    return DecodeAs(body, *enc, "http");
  }
  if (use_meta) {
    if (auto enc = PrescanMeta(body)) return DecodeAs(body, *enc, "meta");
  }
  if (body.empty()) return DecodeAs(body, kUtf8, "default");
  return DetectAndDecode(body);
}

}  // namespace

DecodedText DecodeHtml(std::string_view body, std::string_view content_type_header) {
  return Decode(body, content_type_header, /*use_meta=*/true);
}

DecodedText DecodeText(std::string_view body, std::string_view content_type_header) {
  return Decode(body, content_type_header, /*use_meta=*/false);
}

DecodedText ConvertToUtf8(std::string_view body, std::string_view charset) {
  if (auto enc = UsableEncoding(charset)) return DecodeAs(body, *enc, "given");
  return DecodeAs(body, kUtf8, "default");
}

bool LooksLikeHtml(std::string_view body) {
  size_t pos = 0;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  auto skip_space = [&] {
    while (pos < body.size() && IsAsciiSpace(body[pos])) ++pos;
  };
  skip_space();
  // XHTML pages start with an XML declaration; skip it and look at what follows.
  if (body.compare(pos, 5, "<?xml") == 0) {
    size_t end = body.find("?>", pos);
    if (end == std::string_view::npos) return false;
    pos = end + 2;
    skip_space();
  }
  static constexpr std::string_view kPatterns[] = {
      "<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<h1", "<div",
      "<font", "<table", "<a", "<style", "<title", "<b", "<br", "<p", "<meta", "<link"};
  for (std::string_view pattern : kPatterns) {
    if (!StartsWithNoCase(body, pos, pattern)) continue;
    size_t after = pos + pattern.size();
    // A tag-terminating byte must follow, so "<pre" is not "<p" and "<abbr" is not "<a".
    if (after < body.size() &&
        (body[after] == '>' || body[after] == '/' || IsAsciiSpace(body[after]))) {
      return true;
    }
  }
  return body.compare(pos, 4, "<!--") == 0;
}

std::string CharsetFromContentType(std::string_view content_type) {
  size_t start = 0;
  while (start <= content_type.size()) {
    size_t end = content_type.find(';', start);
    if (end == std::string_view::npos) end = content_type.size();
    std::string_view param = TrimAscii(content_type.substr(start, end - start));
    start = end + 1;
    size_t eq = param.find('=');
    if (eq == std::string_view::npos) continue;
    if (LowerAscii(TrimAscii(param.substr(0, eq))) != "charset") continue;
    std::string_view value = TrimAscii(param.substr(eq + 1));
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
      size_t close = value.find(value.front(), 1);
      value = value.substr(1, close == std::string_view::npos ? std::string_view::npos
                                                               : close - 1);
    } else {
      // Joined duplicate headers ("...; charset=utf-8, text/html") end the value at a comma.
      size_t stop = value.find_first_of(", \t");
      value = value.substr(0, stop);
    }
    return LowerAscii(TrimAscii(value));
  }
  return "";
}

}  // namespace govaudit
