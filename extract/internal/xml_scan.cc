#include "extract/internal/xml_scan.h"

#include "common/charset.h"
#include "common/utf8.h"

namespace govaudit::extract_internal {

std::string_view LocalName(std::string_view qname) {
  const size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// Appends text with the XML predefined and numeric character references decoded. A malformed
// reference is kept as written.
void AppendXmlDecoded(std::string_view s, std::string& out) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      return;
    }
    out.append(s.substr(i, amp - i));
    const size_t semi = s.find(';', amp + 1);
    if (semi == std::string_view::npos || semi - amp > 12) {
      out.push_back('&');
      i = amp + 1;
      continue;
    }
    const std::string_view ent = s.substr(amp + 1, semi - amp - 1);
    bool ok = true;
    if (ent == "amp") {
      out.push_back('&');
    } else if (ent == "lt") {
      out.push_back('<');
    } else if (ent == "gt") {
      out.push_back('>');
    } else if (ent == "quot") {
      out.push_back('"');
    } else if (ent == "apos") {
      out.push_back('\'');
    } else if (ent.size() >= 2 && ent[0] == '#') {
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      const std::string_view digits = ent.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      ok = !digits.empty();
      for (char c : digits) {
        const int v = hex ? HexValue(c) : ((c >= '0' && c <= '9') ? c - '0' : -1);
        if (v < 0) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        if (cp > 0x10FFFF) cp = 0x110000;  // stays invalid, no overflow
      }
      if (ok) AppendUtf8(cp, &out);
    } else {
      ok = false;
    }
    if (ok) {
      i = semi + 1;
    } else {
      out.push_back('&');
      i = amp + 1;
    }
  }
}

std::string XmlDecoded(std::string_view s) {
  std::string out;
  AppendXmlDecoded(s, out);
  return out;
}

void AppendTokenText(const XmlToken& tok, std::string& out) {
  if (tok.cdata) {
    out.append(tok.text);
  } else {
    AppendXmlDecoded(tok.text, out);
  }
}

// Value of the attribute whose name (or local name) is `name`, decoded; nullopt if absent.
std::optional<std::string> GetAttr(std::string_view attrs, std::string_view name) {
  size_t i = 0;
  while (i < attrs.size()) {
    while (i < attrs.size() && IsSpace(attrs[i])) ++i;
    const size_t key_start = i;
    while (i < attrs.size() && attrs[i] != '=' && !IsSpace(attrs[i])) ++i;
    const std::string_view key = attrs.substr(key_start, i - key_start);
    while (i < attrs.size() && IsSpace(attrs[i])) ++i;
    if (i >= attrs.size() || attrs[i] != '=') {
      if (key.empty()) ++i;  // stray character: move on
      continue;
    }
    ++i;
    while (i < attrs.size() && IsSpace(attrs[i])) ++i;
    std::string_view value;
    if (i < attrs.size() && (attrs[i] == '"' || attrs[i] == '\'')) {
      const char q = attrs[i];
      const size_t end = attrs.find(q, i + 1);
      const size_t stop = end == std::string_view::npos ? attrs.size() : end;
      value = attrs.substr(i + 1, stop - i - 1);
      i = end == std::string_view::npos ? attrs.size() : end + 1;
    } else {
      const size_t start = i;
      while (i < attrs.size() && !IsSpace(attrs[i])) ++i;
      value = attrs.substr(start, i - start);
    }
    if (key == name || LocalName(key) == name) return XmlDecoded(value);
  }
  return std::nullopt;
}

// Spreadsheet strings escape control characters as _xHHHH_ (e.g. _x000D_ for CR).
std::string DecodeOoxmlEscapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      int v = 0;
      bool ok = true;
      for (size_t k = 2; k < 6; ++k) {
        const int h = HexValue(s[i + k]);
        if (h < 0) {
          ok = false;
          break;
        }
        v = v * 16 + h;
      }
      if (ok) {
        AppendUtf8(static_cast<uint32_t>(v), &out);
        i += 6;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// OOXML parts are UTF-8 (rarely UTF-16 with a BOM); make sure what goes out is valid UTF-8.
std::string XmlPartToUtf8(std::string part) {
  if (part.size() >= 2 && ((static_cast<unsigned char>(part[0]) == 0xFF &&
                            static_cast<unsigned char>(part[1]) == 0xFE) ||
                           (static_cast<unsigned char>(part[0]) == 0xFE &&
                            static_cast<unsigned char>(part[1]) == 0xFF))) {
    return DecodeText(part, "").utf8;
  }
  if (IsValidUtf8(part)) return part;
  return ConvertToUtf8(part, "utf-8").utf8;
}

std::unordered_map<std::string, Relationship> ParseRelationships(std::string_view xml) {
  std::unordered_map<std::string, Relationship> rels;
  XmlScanner scanner(xml);
  XmlToken tok;
  while (scanner.NextElement("Relationship", tok)) {
    const std::optional<std::string> id = GetAttr(tok.attrs, "Id");
    const std::optional<std::string> target = GetAttr(tok.attrs, "Target");
    if (!id || !target) continue;
    if (LowerAscii(GetAttr(tok.attrs, "TargetMode").value_or("")) == "external") continue;
    rels[*id] = Relationship{*target, GetAttr(tok.attrs, "Type").value_or("")};
  }
  return rels;
}

// Resolves a relationship target against the folder of the part that holds it.
std::string ResolvePartName(std::string_view base_dir, std::string_view target) {
  std::string joined = StartsWith(target, "/") ? std::string(target.substr(1))
                                               : std::string(base_dir) + std::string(target);
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    const std::string segment = joined.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& s : segments) {
    if (!out.empty()) out.push_back('/');
    out += s;
  }
  return out;
}

}  // namespace govaudit::extract_internal
