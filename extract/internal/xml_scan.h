// A small tolerant XML scanner: enough for OOXML parts, no DTDs or namespace resolution.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "extract/internal/extract.h"

namespace govaudit::extract_internal {

// Names are reported without their prefix ("w:t" -> "t"), since generators differ in the
// prefixes they use ("x:c" from some SDKs).

// "w:t" -> "t": generators differ in the prefixes they use.
std::string_view LocalName(std::string_view qname);

struct XmlToken {
  enum class Kind { kText, kStart, kEnd, kEmpty };
  Kind kind = Kind::kText;
  std::string_view name;   // local name, for tags
  std::string_view attrs;  // raw attribute text, for start and empty tags
  std::string_view text;   // raw text (entities not decoded), for text
  bool cdata = false;      // text came from a CDATA section: no entity decoding

  // A start or empty tag named `tag_name`.
  bool Opens(std::string_view tag_name) const {
    return (kind == Kind::kStart || kind == Kind::kEmpty) && name == tag_name;
  }
};

class XmlScanner {
 public:
  explicit XmlScanner(std::string_view xml) : xml_(xml) {}

  // The next start or empty tag named `name` (other tokens skipped); false at the end.
  bool NextElement(std::string_view name, XmlToken& tok) {
    while (Next(tok)) {
      if (tok.Opens(name)) return true;
    }
    return false;
  }

  bool Next(XmlToken& tok) {
    while (pos_ < xml_.size()) {
      if (xml_[pos_] != '<') {
        size_t lt = xml_.find('<', pos_);
        if (lt == std::string_view::npos) lt = xml_.size();
        tok = XmlToken{};
        tok.kind = XmlToken::Kind::kText;
        tok.text = xml_.substr(pos_, lt - pos_);
        pos_ = lt;
        return true;
      }
      const std::string_view rest = xml_.substr(pos_);
      if (StartsWith(rest, "<!--")) {
        Skip("-->", 4);
        continue;
      }
      if (StartsWith(rest, "<![CDATA[")) {
        const size_t end = xml_.find("]]>", pos_ + 9);
        tok = XmlToken{};
        tok.kind = XmlToken::Kind::kText;
        tok.cdata = true;
        if (end == std::string_view::npos) {
          tok.text = xml_.substr(pos_ + 9);
          pos_ = xml_.size();
        } else {
          tok.text = xml_.substr(pos_ + 9, end - pos_ - 9);
          pos_ = end + 3;
        }
        return true;
      }
      if (StartsWith(rest, "<?")) {
        Skip("?>", 2);
        continue;
      }
      if (StartsWith(rest, "<!")) {
        Skip(">", 2);
        continue;
      }
      return ReadTag(tok);
    }
    return false;
  }

 private:
  void Skip(std::string_view terminator, size_t from) {
    const size_t end = xml_.find(terminator, pos_ + from);
    pos_ = end == std::string_view::npos ? xml_.size() : end + terminator.size();
  }

  bool ReadTag(XmlToken& tok) {
    size_t i = pos_ + 1;
    bool is_end = false;
    if (i < xml_.size() && xml_[i] == '/') {
      is_end = true;
      ++i;
    }
    const size_t name_start = i;
    while (i < xml_.size() && !IsSpace(xml_[i]) && xml_[i] != '>' && xml_[i] != '/') ++i;
    const std::string_view qname = xml_.substr(name_start, i - name_start);
    // The closing '>' outside quoted attribute values.
    char quote = 0;
    size_t j = i;
    for (; j < xml_.size(); ++j) {
      const char c = xml_[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (j >= xml_.size()) {  // truncated document: stop
      pos_ = xml_.size();
      return false;
    }
    std::string_view attrs = xml_.substr(i, j - i);
    const bool self_closing = !attrs.empty() && attrs.back() == '/';
    if (self_closing) attrs.remove_suffix(1);
    pos_ = j + 1;
    tok = XmlToken{};
    tok.name = LocalName(qname);
    tok.attrs = attrs;
    tok.kind = is_end ? XmlToken::Kind::kEnd
                      : (self_closing ? XmlToken::Kind::kEmpty : XmlToken::Kind::kStart);
    return true;
  }

  std::string_view xml_;
  size_t pos_ = 0;
};

// Text with XML entities and character references decoded.
void AppendXmlDecoded(std::string_view s, std::string& out);
std::string XmlDecoded(std::string_view s);
void AppendTokenText(const XmlToken& tok, std::string& out);
// The value of attribute `name` (local name) in a tag's raw attribute text.
std::optional<std::string> GetAttr(std::string_view attrs, std::string_view name);
// _x000D_-style escapes of OOXML strings decoded.
std::string DecodeOoxmlEscapes(std::string s);
// A part's bytes as UTF-8 (UTF-16 parts converted).
std::string XmlPartToUtf8(std::string part);

// OOXML package relationships (_rels/*.rels): id → target part.
// XLSX.
struct Relationship {
  std::string target;
  std::string type;
};
std::unordered_map<std::string, Relationship> ParseRelationships(std::string_view xml);
// A relationship target resolved against the folder of the part that names it.
std::string ResolvePartName(std::string_view base_dir, std::string_view target);

}  // namespace govaudit::extract_internal
