#include "report/internal/snapshot_html.h"

#include <algorithm>
#include <cstdint>
#include <set>

#include "common/strings.h"
#include "common/url.h"
#include "common/utf8.h"
#include "pii/scanner.h"
#include "pii/safe_text.h"

namespace govaudit::report::internal {
namespace {

// Elements removed with their content: nothing of them runs or loads in a snapshot.
const std::set<std::string, std::less<>> kDroppedWithContent = {"script", "template"};
// Elements removed, their content kept: they load or run something themselves.
const std::set<std::string, std::less<>> kDroppedTags = {"iframe", "frame",  "frameset", "object", "embed",
                                                         "applet", "base",   "link",     "portal", "param"};
// Elements whose text is raw (no tags inside) and not part of the page's visible text.
const std::set<std::string, std::less<>> kRawText = {"style", "title", "textarea", "xmp"};
// Elements that end a run of text: a number is never read across them (as the page model does).
const std::set<std::string, std::less<>> kBlocks = {
    "address", "article", "aside", "blockquote", "br",     "caption", "dd",     "div",   "dl",     "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1",     "h2",     "h3",    "h4",     "h5",
    "h6",      "header",  "hr",     "li",       "main",   "nav",     "ol",     "option", "p",     "pre",
    "section", "select",  "table",  "tbody",    "td",     "tfoot",   "th",     "thead", "tr",     "ul"};
// Attributes holding an address that a javascript: or data: value would turn into code.
const std::set<std::string, std::less<>> kUrlAttributes = {"href",   "src",        "action", "formaction",
                                                           "data",   "xlink:href", "poster", "background",
                                                           "srcset", "ping",       "manifest"};

struct Attribute {
  std::string name;   // lower case
  std::string value;  // as written (entities kept)
  bool has_value = false;
};

struct Tag {
  std::string name;  // lower case
  bool closing = false;
  bool self_closing = false;
  std::vector<Attribute> attributes;
};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Parses the tag starting at html[pos] == '<'; returns the offset past its '>' (or the end of
// the text for an unclosed tag).
size_t ParseTag(std::string_view html, size_t pos, Tag* tag) {
  size_t i = pos + 1;
  if (i < html.size() && html[i] == '/') {
    tag->closing = true;
    ++i;
  }
  while (i < html.size() && !IsTagSpace(html[i]) && html[i] != '>' && html[i] != '/') {
    tag->name.push_back(LowerAsciiChar(html[i++]));
  }
  while (i < html.size()) {
    while (i < html.size() && (IsTagSpace(html[i]) || html[i] == '/')) {
      if (html[i] == '/' && i + 1 < html.size() && html[i + 1] == '>') tag->self_closing = true;
      ++i;
    }
    if (i >= html.size()) break;
    if (html[i] == '>') return i + 1;
    Attribute a;
    while (i < html.size() && !IsTagSpace(html[i]) && html[i] != '>' && html[i] != '=' &&
           !(html[i] == '/' && i + 1 < html.size() && html[i + 1] == '>')) {
      a.name.push_back(LowerAsciiChar(html[i++]));
    }
    while (i < html.size() && IsTagSpace(html[i])) ++i;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsTagSpace(html[i])) ++i;
      a.has_value = true;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i++];
        const size_t end = html.find(quote, i);
        const size_t stop = end == std::string_view::npos ? html.size() : end;
        a.value = std::string(html.substr(i, stop - i));
        i = stop == html.size() ? stop : stop + 1;
      } else {
        while (i < html.size() && !IsTagSpace(html[i]) && html[i] != '>') a.value.push_back(html[i++]);
      }
    }
    if (!a.name.empty()) tag->attributes.push_back(std::move(a));
  }
  return html.size();
}

// True for a value a browser would run or render as a document: javascript:, vbscript:, data:.
bool IsScriptAddress(std::string_view value) {
  std::string compact;
  for (char c : value) {
    if (static_cast<unsigned char>(c) > 0x20) compact.push_back(LowerAsciiChar(c));
  }
  // Entities hide the scheme's letters from a plain comparison ("jav&#x61;script:"): refuse
  // any address that spells one.
  if (compact.find("&#") != std::string::npos && compact.find(':') != std::string::npos) return true;
  return compact.rfind("javascript:", 0) == 0 || compact.rfind("vbscript:", 0) == 0 || compact.rfind("data:", 0) == 0;
}

std::string QuoteAttribute(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '"') {
      out += "&quot;";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The tag as the snapshot writes it, or "" when it is removed.
std::string RewriteTag(const Tag& tag, const UrlResolver& resolver, const std::set<std::string>& targets) {
  if (tag.name.empty() || kDroppedTags.count(tag.name) > 0) return "";
  if (tag.name == "meta") {
    for (const Attribute& a : tag.attributes) {
      if (a.name == "http-equiv" || a.name == "charset") return "";  // refresh, CSP, cookies; our charset rules
    }
  }
  std::string out = tag.closing ? "</" + tag.name : "<" + tag.name;
  if (tag.closing) return out + ">";
  bool evidence_link = false;
  for (const Attribute& a : tag.attributes) {
    if (a.name.rfind("on", 0) == 0) continue;  // event handlers
    std::string value = pii::MaskPersonalData(a.value);
    if (kUrlAttributes.count(a.name) > 0 && IsScriptAddress(value)) value = "#";
    if (tag.name == "a" && a.name == "href" && !targets.empty()) {
      if (auto url = resolver.Resolve(a.value); url && targets.count(*url) > 0) evidence_link = true;
    }
    out += " " + a.name;
    if (a.has_value) out += "=\"" + QuoteAttribute(value) + "\"";
  }
  if (evidence_link) out += " data-govaudit-evidence=\"link\"";
  return out + (tag.self_closing ? " />" : ">");
}

// One piece of the document: text the page shows (masked across pieces), or markup already
// rewritten.
struct Piece {
  bool text = false;
  size_t begin = 0;  // text: its bytes in the source
  size_t end = 0;
  std::string markup;  // not text: what to write
};

// The visible text of the pieces joined as the page model joins it (inline elements joined,
// blocks apart), with each byte's source range, character references decoded.
struct VisibleText {
  std::string text;
  std::vector<uint32_t> from;  // source offset of the character that produced each byte
  std::vector<uint32_t> to;    // one past it
};

// Decodes the character reference at html[i] == '&' into `out`; returns its length, or 0 if
// it is none the snapshot decodes.
size_t DecodeReference(std::string_view html, size_t i, std::string* out) {
  static constexpr std::pair<const char*, const char*> kNamed[] = {
      {"&nbsp;", " "}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
  for (const auto& [name, value] : kNamed) {
    if (html.compare(i, std::string_view(name).size(), name) == 0) {
      *out = value;
      return std::string_view(name).size();
    }
  }
  if (i + 2 >= html.size() || html[i + 1] != '#') return 0;
  const bool hex = html[i + 2] == 'x' || html[i + 2] == 'X';
  size_t j = i + (hex ? 3 : 2);
  uint32_t cp = 0;
  size_t digits = 0;
  for (; j < html.size() && digits < 8; ++j, ++digits) {
    const char c = html[j];
    if (c >= '0' && c <= '9') {
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(c - '0');
    } else if (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      cp = cp * 16 + static_cast<uint32_t>(LowerAsciiChar(c) - 'a' + 10);
    } else {
      break;
    }
  }
  if (digits == 0) return 0;
  const size_t length = j - i + (j < html.size() && html[j] == ';' ? 1 : 0);
  out->clear();
  AppendUtf8(cp, out);
  return length;
}

bool IsSeparator(char c) { return c == '\n' || c == '\t'; }

// Appends the text of a piece as a browser shows it: character references decoded, runs of
// white space one space, none after a line or cell boundary (as the page model writes text,
// which the scanner's table and label context expects).
void AppendText(std::string_view html, const Piece& piece, VisibleText* scan) {
  auto append = [scan](char c, size_t from, size_t to) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    if (space && (scan->text.empty() || scan->text.back() == ' ' || IsSeparator(scan->text.back()))) return;
    scan->text.push_back(space ? ' ' : c);
    scan->from.push_back(static_cast<uint32_t>(from));
    scan->to.push_back(static_cast<uint32_t>(to));
  };
  std::string decoded;
  for (size_t i = piece.begin; i < piece.end;) {
    const size_t length = html[i] == '&' ? DecodeReference(html, i, &decoded) : 0;
    if (length == 0) {
      append(html[i], i, i + 1);
      ++i;
      continue;
    }
    for (char c : decoded) append(c, i, i + length);
    i += length;
  }
}

// A boundary at source offset `at`: '\t' between the cells of a row, '\n' between blocks and
// rows (one, however many elements end there).
void AppendBreak(size_t at, char separator, VisibleText* scan) {
  while (!scan->text.empty() && scan->text.back() == ' ') {
    scan->text.pop_back();
    scan->from.pop_back();
    scan->to.pop_back();
  }
  if (scan->text.empty() || scan->text.back() == '\n') return;
  if (separator == '\t' && scan->text.back() == '\t') return;
  if (separator == '\n' && scan->text.back() == '\t') {
    scan->text.back() = '\n';
    return;
  }
  scan->text.push_back(separator);
  scan->from.push_back(static_cast<uint32_t>(at));
  scan->to.push_back(static_cast<uint32_t>(at));
}

// The offset of the first "</name" at or after `from`, the name in any case (`name` is lower
// case); npos if there is none.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t k = html.find("</", from); k != std::string_view::npos; k = html.find("</", k + 1)) {
    if (k + 2 + name.size() > html.size()) return std::string_view::npos;
    bool same = true;
    for (size_t j = 0; j < name.size() && same; ++j) same = LowerAsciiChar(html[k + 2 + j]) == name[j];
    if (same) return k;
  }
  return std::string_view::npos;
}

// Splits the document into pieces, rewriting markup as it goes.
std::vector<Piece> Split(std::string_view html, const UrlResolver& resolver, const std::set<std::string>& targets,
                         VisibleText* scan) {
  std::vector<Piece> pieces;
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    const size_t text_end = lt == std::string_view::npos ? html.size() : lt;
    if (text_end > i) {
      Piece p{true, i, text_end, ""};
      AppendText(html, p, scan);
      pieces.push_back(p);
    }
    if (lt == std::string_view::npos) break;
    i = lt;
    if (html.compare(i, 4, "<!--") == 0) {
      const size_t end = html.find("-->", i + 4);
      const size_t stop = end == std::string_view::npos ? html.size() : end + 3;
      pieces.push_back({false, 0, 0, pii::MaskPersonalData(html.substr(i, stop - i))});
      i = stop;
      continue;
    }
    const bool tag_start = i + 1 < html.size() && (IsAsciiAlpha(html[i + 1]) || html[i + 1] == '/');
    if (!tag_start) {
      const size_t gt = html.find('>', i);
      if (i + 1 < html.size() && (html[i + 1] == '!' || html[i + 1] == '?')) {  // doctype, processing: ours is written
        i = gt == std::string_view::npos ? html.size() : gt + 1;
        continue;
      }
      Piece p{true, i, i + 1, ""};  // a lone '<' is text
      AppendText(html, p, scan);
      pieces.push_back(p);
      ++i;
      continue;
    }
    Tag tag;
    const size_t end = ParseTag(html, i, &tag);
    if ((tag.name == "td" || tag.name == "th") && !tag.closing) {
      AppendBreak(i, '\t', scan);
    } else if (kBlocks.count(tag.name) > 0 && tag.name != "td" && tag.name != "th") {
      AppendBreak(i, '\n', scan);
    }
    const bool opens_raw = !tag.closing && (kRawText.count(tag.name) > 0 || kDroppedWithContent.count(tag.name) > 0);
    if (!(kDroppedWithContent.count(tag.name) > 0)) pieces.push_back({false, 0, 0, RewriteTag(tag, resolver, targets)});
    i = end;
    if (!opens_raw) continue;
    // Raw text runs to the element's end tag, whatever it holds.
    const size_t close = FindEndTag(html, i, tag.name);
    const size_t stop = close == std::string_view::npos ? html.size() : close;
    if (kDroppedWithContent.count(tag.name) > 0) {
      const size_t gt = close == std::string::npos ? std::string_view::npos : html.find('>', stop);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    pieces.push_back({false, 0, 0, pii::MaskPersonalData(html.substr(i, stop - i))});
    i = stop;
  }
  return pieces;
}

// Wraps each occurrence of a mark in `text` (longest mark first at a position).
std::string Marked(const std::string& text, const std::vector<std::string>& marks) {
  if (marks.empty()) return text;
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const std::string* hit = nullptr;
    for (const std::string& m : marks) {
      if (!m.empty() && text.compare(i, m.size(), m) == 0 && (hit == nullptr || m.size() > hit->size())) hit = &m;
    }
    if (hit == nullptr) {
      out.push_back(text[i++]);
      continue;
    }
    out += "<mark class=\"govaudit-evidence\">" + *hit + "</mark>";
    i += hit->size();
  }
  return out;
}

constexpr const char* kSnapshotStyle =
    "<style>mark.govaudit-evidence{background:#ffe08a!important;color:#000!important;outline:2px solid #d1242f}"
    "[data-govaudit-evidence]{outline:3px solid #d1242f!important;background:#ffe08a!important}</style>";

}  // namespace

std::string SafeSnapshotHtml(std::string_view html, const std::string& base_url, const SnapshotMarks& marks) {
  const UrlResolver resolver(base_url);
  std::set<std::string> targets;
  for (const std::string& t : marks.link_targets) {
    if (auto url = NormalizeUrl(t)) targets.insert(*url);
  }
  VisibleText scan;
  const std::vector<Piece> pieces = Split(html, resolver, targets, &scan);

  // Personal data in the visible text, as source ranges (a value may span several pieces).
  struct Range {
    size_t begin, end;
    std::string replacement;
    bool written = false;
  };
  std::vector<Range> ranges;
  size_t scanned_to = 0;
  for (const pii::PiiHit& hit : pii::ScanText(scan.text)) {
    if (hit.offset < scanned_to || hit.length == 0) continue;  // overlaps a value already taken
    scanned_to = hit.offset + hit.length;
    ranges.push_back({scan.from[hit.offset], scan.to[hit.offset + hit.length - 1],
                      hit.masked + (hit.insufficiently_masked ? pii::kUnderMaskedMark : ""), false});
  }

  std::vector<std::string> mark_texts;
  for (const std::string& m : marks.texts) {
    if (!m.empty()) mark_texts.push_back(m);
  }
  std::string out = std::string("<!DOCTYPE html><meta charset=\"utf-8\">") + kSnapshotStyle;
  size_t r = 0;
  for (const Piece& piece : pieces) {
    if (!piece.text) {
      out += piece.markup;
      continue;
    }
    std::string text;
    for (size_t i = piece.begin; i < piece.end;) {
      while (r < ranges.size() && ranges[r].end <= i) ++r;
      if (r < ranges.size() && ranges[r].begin <= i) {
        if (!ranges[r].written) text += ranges[r].replacement;
        ranges[r].written = true;
        i = std::min(piece.end, ranges[r].end);
        continue;
      }
      const size_t stop = r < ranges.size() ? std::min(piece.end, ranges[r].begin) : piece.end;
      text.append(html.substr(i, stop - i));
      i = stop;
    }
    out += Marked(text, mark_texts);
  }
  // The gate last: control and bidirectional characters, and anything the ranges missed.
  return pii::SafeText(out);
}

}  // namespace govaudit::report::internal
