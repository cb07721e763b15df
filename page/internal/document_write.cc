#include "page/internal/document_write.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

#include "common/utf8.h"

namespace govaudit::internal {
namespace {


bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads `digits` hex digits at s[i]; -1 if they are not all there.
long ReadHex(std::string_view s, size_t i, int digits) {
  if (i + digits > s.size()) return -1;
  long v = 0;
  for (int k = 0; k < digits; ++k) {
    int h = Hex(s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// Appends UTF-16 code units as UTF-8, pairing surrogates.
class Utf16Sink {
 public:
  explicit Utf16Sink(std::string* out) : out_(out) {}
  ~Utf16Sink() { FlushHigh(); }
  void Unit(uint32_t u) {
    if (u >= 0xD800 && u <= 0xDBFF) {
      FlushHigh();
      high_ = u;
      return;
    }
    if (u >= 0xDC00 && u <= 0xDFFF && high_ != 0) {
      AppendUtf8(0x10000 + ((high_ - 0xD800) << 10) + (u - 0xDC00), out_);
      high_ = 0;
      return;
    }
    FlushHigh();
    AppendUtf8(u, out_);
  }
  void Bytes(std::string_view s) {
    FlushHigh();
    out_->append(s);
  }

 private:
  void FlushHigh() {
    if (high_ != 0) AppendUtf8(0xFFFD, out_);
    high_ = 0;
  }
  std::string* out_;
  uint32_t high_ = 0;
};

// Reads the JS string literal whose opening quote is at js[i]; returns its value and sets
// *end past the closing quote (or to the end of the script).
std::string ReadJsString(std::string_view js, size_t i, size_t* end) {
  const char quote = js[i++];
  std::string out;
  Utf16Sink sink(&out);
  while (i < js.size() && js[i] != quote) {
    char c = js[i];
    if (c == '\n' && quote != '`') break;  // unterminated
    if (c != '\\') {
      size_t j = i;
      // A template literal (`…`) spans lines; a quoted string ends unterminated at one.
      while (j < js.size() && js[j] != quote && js[j] != '\\' && (js[j] != '\n' || quote == '`')) ++j;
      sink.Bytes(js.substr(i, j - i));
      i = j;
      continue;
    }
    if (++i >= js.size()) break;
    char e = js[i++];
    switch (e) {
      case 'n': sink.Unit('\n'); break;
      case 't': sink.Unit('\t'); break;
      case 'r': sink.Unit('\r'); break;
      case 'b': case 'f': case 'v': sink.Unit(' '); break;
      case '0': sink.Unit(' '); break;
      case '\n': break;  // line continuation
      case 'x': {
        long v = ReadHex(js, i, 2);
        if (v >= 0) { sink.Unit(static_cast<uint32_t>(v)); i += 2; } else { sink.Unit('x'); }
        break;
      }
      case 'u': {
        long v = ReadHex(js, i, 4);
        if (v >= 0) { sink.Unit(static_cast<uint32_t>(v)); i += 4; } else { sink.Unit('u'); }
        break;
      }
      default: {
        // Any other escaped character stands for itself (\" \' \\ \/ and UTF-8 bytes).
        char buf[1] = {e};
        sink.Bytes(std::string_view(buf, 1));
      }
    }
  }
  *end = i < js.size() ? i + 1 : js.size();
  return out;
}

// JavaScript's unescape(): %XX and %uXXXX are UTF-16 code units.
std::string JsUnescape(std::string_view s) {
  std::string out;
  Utf16Sink sink(&out);
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '%') {
      long v = (i + 1 < s.size() && s[i + 1] == 'u') ? ReadHex(s, i + 2, 4) : -1;
      if (v >= 0) { sink.Unit(static_cast<uint32_t>(v)); i += 6; continue; }
      v = ReadHex(s, i + 1, 2);
      if (v >= 0) { sink.Unit(static_cast<uint32_t>(v)); i += 3; continue; }
    }
    size_t j = s.find('%', i + 1);
    if (j == std::string_view::npos) j = s.size();
    sink.Bytes(s.substr(i, j - i));
    i = j;
  }
  return out;
}

size_t SkipJsSpace(std::string_view js, size_t i) {
  while (i < js.size() && (js[i] == ' ' || js[i] == '\t' || js[i] == '\n' || js[i] == '\r')) ++i;
  return i;
}

bool WordAt(std::string_view js, size_t i, std::string_view word) {
  return js.compare(i, word.size(), word) == 0 && (i == 0 || !IsIdentChar(js[i - 1])) &&
         (i + word.size() >= js.size() || !IsIdentChar(js[i + word.size()]));
}

// Skips one statement or { block } starting at i.
size_t SkipStatement(std::string_view js, size_t i) {
  i = SkipJsSpace(js, i);
  if (i < js.size() && js[i] != '{') {
    while (i < js.size() && js[i] != ';' && js[i] != '\n') {
      if (js[i] == '"' || js[i] == '\'' || js[i] == '`') {
        ReadJsString(js, i, &i);
      } else {
        ++i;
      }
    }
    return i < js.size() && js[i] == ';' ? i + 1 : i;
  }
  int depth = 0;
  while (i < js.size()) {
    char c = js[i];
    if (c == '"' || c == '\'' || c == '`') {
      ReadJsString(js, i, &i);
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) return i + 1;
    ++i;
  }
  return i;
}

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }

size_t IdentEnd(std::string_view js, size_t i) {
  while (i < js.size() && IsIdentChar(js[i])) ++i;
  return i;
}

bool IsNumberText(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A TRS list's page count is trusted this far: older pages of a column are rarely needed.
constexpr long kMaxPagingPages = 100;

}  // namespace

std::optional<std::string> ScriptReader::Operand(std::string_view js, size_t* i) const {
  size_t j = SkipJsSpace(js, *i);
  if (j >= js.size()) return std::nullopt;
  const char c = js[j];
  if (c == '"' || c == '\'' || c == '`') {
    std::string value = ReadJsString(js, j, i);
    return value;
  }
  if (c >= '0' && c <= '9') {
    size_t end = j;
    while (end < js.size() && js[end] >= '0' && js[end] <= '9') ++end;
    *i = end;
    return std::string(js.substr(j, end - j));
  }
  if (IsIdentStart(c)) {
    size_t end = IdentEnd(js, j);
    const std::string name(js.substr(j, end - j));
    if (name == "unescape") {
      size_t open = SkipJsSpace(js, end);
      if (open >= js.size() || js[open] != '(') return std::nullopt;
      size_t k = open + 1;
      std::optional<std::string> inner = Expression(js, &k);
      k = SkipJsSpace(js, k);
      if (!inner || k >= js.size() || js[k] != ')') return std::nullopt;
      *i = k + 1;
      return JsUnescape(*inner);
    }
    auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    *i = end;
    return it->second;
  }
  return std::nullopt;
}

std::optional<std::string> ScriptReader::Expression(std::string_view js, size_t* i) const {
  std::optional<std::string> value = Operand(js, i);
  if (!value) return std::nullopt;
  for (;;) {
    size_t j = SkipJsSpace(js, *i);
    if (j >= js.size() || js[j] != '+' || (j + 1 < js.size() && (js[j + 1] == '+' || js[j + 1] == '='))) return value;
    size_t k = j + 1;
    std::optional<std::string> next = Operand(js, &k);
    if (!next) return std::nullopt;
    value->append(*next);
    *i = k;
  }
}

// `(a op b)` of literals and known variables, op one of == != === !==. Sets *end past ')'.
std::optional<bool> ScriptReader::Condition(std::string_view js, size_t open, size_t* end) const {
  size_t j = SkipJsSpace(js, open);
  if (j >= js.size() || js[j] != '(') return std::nullopt;
  ++j;
  std::optional<std::string> a = Expression(js, &j);
  if (!a) return std::nullopt;
  j = SkipJsSpace(js, j);
  bool equal_op;
  if (js.compare(j, 3, "===") == 0 || js.compare(j, 3, "!==") == 0) {
    equal_op = js[j] == '=';
    j += 3;
  } else if (js.compare(j, 2, "==") == 0 || js.compare(j, 2, "!=") == 0) {
    equal_op = js[j] == '=';
    j += 2;
  } else {
    return std::nullopt;
  }
  std::optional<std::string> b = Expression(js, &j);
  j = SkipJsSpace(js, j);
  if (!b || j >= js.size() || js[j] != ')') return std::nullopt;
  *end = j + 1;
  return (*a == *b) == equal_op;
}

// The arguments of a call whose '(' is at js[open], each evaluated where it can be ("" where it
// cannot). Sets *end past the ')'.
std::vector<std::optional<std::string>> ScriptReader::Arguments(std::string_view js, size_t open,
                                                                size_t* end) const {
  std::vector<std::optional<std::string>> args;
  size_t i = open + 1;
  for (;;) {
    size_t start = SkipJsSpace(js, i);
    if (start < js.size() && js[start] == ')' && args.empty()) {
      *end = start + 1;
      return args;
    }
    size_t k = start;
    std::optional<std::string> value = Expression(js, &k);
    // Skip to the next top-level ',' or ')': anything not understood stays unknown.
    int depth = 0;
    size_t j = value ? k : start;
    while (j < js.size()) {
      char c = js[j];
      if (c == '"' || c == '\'' || c == '`') {
        ReadJsString(js, j, &j);
        value = std::nullopt;  // more than one expression: not understood
        continue;
      }
      if (c == '(' || c == '[' || c == '{') ++depth;
      if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        --depth;
        value = std::nullopt;
      } else if ((c == ',' || c == ')') && depth == 0) {
        break;
      } else if (c == ';' && depth == 0) {
        break;
      } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        value = std::nullopt;
      }
      ++j;
    }
    args.push_back(std::move(value));
    if (j >= js.size() || js[j] != ',') {
      *end = j < js.size() && js[j] == ')' ? j + 1 : j;
      return args;
    }
    i = j + 1;
  }
}

// The string literals of a call whose '(' is at js[open], and the values of the known variables
// it names: concatenated, unescape() applied where they sit inside an unescape( ... ). Anything
// else (a computed value) adds nothing. Returns the offset after the ')'.
size_t ScriptReader::WriteArguments(std::string_view js, size_t open, std::string* out) const {
  int depth = 0;
  std::vector<int> unescape_depths;
  size_t i = open;
  while (i < js.size()) {
    char c = js[i];
    if (c == '"' || c == '\'' || c == '`') {
      size_t end;
      std::string s = ReadJsString(js, i, &end);
      out->append(unescape_depths.empty() ? s : JsUnescape(s));
      i = end;
      continue;
    }
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (!unescape_depths.empty() && unescape_depths.back() == depth) unescape_depths.pop_back();
      if (--depth == 0) return i + 1;
    } else if (c == ';' && depth <= 1) {
      return i;  // unbalanced call
    } else if (IsIdentStart(c) && (i == 0 || (!IsIdentChar(js[i - 1]) && js[i - 1] != '.'))) {
      const size_t end = IdentEnd(js, i);
      const std::string_view word = js.substr(i, end - i);
      size_t next = SkipJsSpace(js, end);
      if (word == "unescape" && next < js.size() && js[next] == '(') {
        unescape_depths.push_back(depth + 1);
        i = next;
        continue;
      }
      // An element of an array (path[i]) is a computed value: the index is no part of what is
      // written ("for (var i = 0; …) document.write('<a href=\"' + path[i] + …" wrote "0").
      if (next < js.size() && js[next] == '[') {
        const size_t close = js.find(']', next);
        i = close == std::string_view::npos ? js.size() : close + 1;
        continue;
      }
      // A variable's value, not a property (x.y) or a call (f(x)).
      if (next >= js.size() || (js[next] != '.' && js[next] != '(')) {
        if (auto it = vars_.find(std::string(word)); it != vars_.end()) {
          out->append(unescape_depths.empty() ? it->second : JsUnescape(it->second));
        }
      }
      i = end;
      continue;
    }
    ++i;
  }
  return i;
}

// createPageHTML(count, current, "index", "html"): the other pages of a TRS column list are
// index_1.html … index_{count-1}.html (the form with the container's id first: below).
void ScriptReader::Paging(const std::vector<std::optional<std::string>>& args) {
  long count = -1, current = -1;
  std::vector<std::string> strings;
  for (const auto& arg : args) {
    if (!arg) continue;
    if (IsNumberText(*arg)) {
      if (count < 0) {
        count = std::strtol(arg->c_str(), nullptr, 10);
      } else if (current < 0) {
        current = std::strtol(arg->c_str(), nullptr, 10);
      }
    } else {
      strings.push_back(*arg);
    }
  }
  // createPageHTML('page_div', count, current, 'list', 'shtml', records), the form with the
  // container's id first, counts pages from 1: the others are list_2.shtml … list_{count}.
  const bool from_one = !args.empty() && args[0] && !IsNumberText(*args[0]);
  std::string name = "index", ext = "html";
  for (size_t k = 1; k < strings.size(); ++k) {
    if (strings[k] == "html" || strings[k] == "shtml" || strings[k] == "htm" || strings[k] == "jhtml") {
      name = strings[k - 1];
      ext = strings[k];
    }
  }
  if (name.empty() || name.find('/') != std::string::npos || name.find(':') != std::string::npos) return;
  // TRS counts the current page from 0 (index.html), the container-first form from 1.
  if (current >= 0 && current <= count && pager_page_ == 0) {
    pager_page_ = static_cast<int>(from_one ? current : current + 1);
  }
  const long first = from_one ? 2 : 1, last = std::min(from_one ? count : count - 1, kMaxPagingPages);
  for (long page = first; page <= last; ++page) {
    std::string href = name + "_" + std::to_string(page) + "." + ext;
    if (std::find(paging_hrefs_.begin(), paging_hrefs_.end(), href) == paging_hrefs_.end()) {
      paging_hrefs_.push_back(std::move(href));
    }
  }
}

void ScriptReader::Read(std::string_view js, size_t max_bytes, std::string* written) {
  // Ranges of `else` branches whose `if` was found true: skipped when reached.
  std::vector<std::pair<size_t, size_t>> skipped;
  size_t i = 0;
  while (i < js.size() && written->size() < max_bytes) {
    if (!skipped.empty() && i >= skipped.back().first) {
      if (i < skipped.back().second) i = skipped.back().second;
      skipped.pop_back();
      continue;
    }
    char c = js[i];
    if (c == '/' && i + 1 < js.size() && js[i + 1] == '/') {
      i = js.find('\n', i);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (c == '/' && i + 1 < js.size() && js[i + 1] == '*') {
      i = js.find("*/", i + 2);
      if (i == std::string_view::npos) break;
      i += 2;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      ReadJsString(js, i, &i);
      continue;
    }
    if (!IsIdentStart(c) || (i > 0 && (IsIdentChar(js[i - 1]) || js[i - 1] == '.'))) {
      ++i;
      continue;
    }
    size_t word_end = IdentEnd(js, i);
    std::string_view word = js.substr(i, word_end - i);
    if (word == "if") {
      size_t body;
      std::optional<bool> value = Condition(js, word_end, &body);
      if (!value) {
        i = word_end;
        continue;
      }
      size_t then_end = SkipStatement(js, body);
      size_t after = SkipJsSpace(js, then_end);
      const bool has_else = WordAt(js, after, "else");
      if (*value) {
        if (has_else) skipped.emplace_back(after, SkipStatement(js, after + 4));
        i = body;
      } else {
        i = has_else ? after + 4 : then_end;
      }
      continue;
    }
    if (word == "document") {
      size_t j = word_end;
      if (js.compare(j, 6, ".write") == 0) {
        j += 6;
        if (js.compare(j, 2, "ln") == 0) j += 2;
        j = SkipJsSpace(js, j);
        if (j < js.size() && js[j] == '(') {
          std::string out;
          i = WriteArguments(js, j, &out);
          if (!out.empty()) {
            written->append(out);
            written->push_back('\n');
          }
          continue;
        }
      }
      i = word_end;
      continue;
    }
    // createPage(count, current, "index", "html"): the same pager under another name (cq.gov.cn).
    if (word == "createPageHTML" || word == "createPage") {
      size_t j = SkipJsSpace(js, word_end);
      if (j < js.size() && js[j] == '(') {
        Paging(Arguments(js, j, &i));
        continue;
      }
    }
    if (word == "function") {
      // A definition is not a call: its body runs only when called (createPageHTML's own code).
      size_t open = js.find('{', word_end);
      i = open == std::string_view::npos ? js.size() : SkipStatement(js, open);
      continue;
    }
    std::string_view name = word;
    size_t j = word_end;
    if (word == "var" || word == "let" || word == "const") {
      j = SkipJsSpace(js, word_end);
      if (j >= js.size() || !IsIdentStart(js[j])) {
        i = word_end;
        continue;
      }
      size_t end = IdentEnd(js, j);
      name = js.substr(j, end - j);
      j = end;
    }
    j = SkipJsSpace(js, j);
    if (j < js.size() && js[j] == '=' && (j + 1 >= js.size() || js[j + 1] != '=')) {
      size_t k = j + 1;
      std::optional<std::string> value = Expression(js, &k);
      size_t end = SkipJsSpace(js, k);
      const bool complete = value && (end >= js.size() || js[end] == ';' || js[end] == '\n' || js[end] == ',' ||
                                      js[end] == '}' || k < end);
      if (complete) {
        vars_[std::string(name)] = std::move(*value);
        i = k;
      } else {
        vars_.erase(std::string(name));
        i = j + 1;
      }
      continue;
    }
    i = word_end;
  }
}

void ExtractDocumentWrites(std::string_view js, size_t max_bytes, std::string* out) {
  ScriptReader reader;
  reader.Read(js, max_bytes, out);
}

bool EncodesWhatItWrites(std::string_view js) {
  // One stray "\x2f" is no disguise: it takes this many escapes spelling ASCII.
  constexpr int kEncodedEscapes = 4;
  if (js.find("document.write") == std::string_view::npos) return false;
  auto spells_ascii = [](long v) {
    return (v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || v == '<' || v == '>' ||
           v == ':' || v == '/' || v == '.' || v == '=';
  };
  int escapes = 0;
  for (size_t i = 0; i + 2 < js.size() && escapes < kEncodedEscapes; ++i) {
    long v = -1;
    if (js[i] == '\\' && js[i + 1] == 'x') {
      v = ReadHex(js, i + 2, 2);
    } else if (js[i] == '\\' && js[i + 1] == 'u') {
      v = ReadHex(js, i + 2, 4);
    } else if (js[i] == '%' && js[i + 1] == 'u') {
      v = ReadHex(js, i + 2, 4);
    } else if (js[i] == '%') {
      v = ReadHex(js, i + 1, 2);
    }
    if (v >= 0 && spells_ascii(v)) ++escapes;
  }
  return escapes >= kEncodedEscapes;
}

// "$.ajax /list.json": the first call in a script that loads data from the server, with the
// first quoted path after it when there is one; empty if the script loads nothing.
std::string ScriptDataCall(std::string_view js) {
  struct Call {
    std::string_view text, name;
  };
  constexpr Call kCalls[] = {{"$.ajax", "$.ajax"},
                             {"$.getJSON", "$.getJSON"},
                             {"$.post(", "$.post"},
                             {"$.get(", "$.get"},
                             {"jQuery.ajax", "jQuery.ajax"},
                             {"fetch(", "fetch"},
                             {"axios", "axios"},
                             {"XMLHttpRequest", "XMLHttpRequest"},
                             // jQuery's $("#list").load("/url"): an element filled from the server. The quote tells it
                             // from the old event form $(window).load(function …).
                             {").load(\"", ".load"},
                             {").load('", ".load"}};
  size_t best = std::string_view::npos;
  std::string_view call;
  for (const Call& c : kCalls) {
    const size_t at = js.find(c.text);
    if (at < best) best = at, call = c.name;
  }
  if (best == std::string_view::npos) return "";
  std::string out(call);
  const size_t quote = js.find_first_of("\"'", best);
  if (quote != std::string_view::npos && quote - best < 80) {
    const size_t end = js.find(js[quote], quote + 1);
    if (end != std::string_view::npos && end - quote < 200) out += " " + std::string(js.substr(quote + 1, end - quote - 1));
  }
  return out;
}

// The HTML inside a datastore's CDATA records, in order, within the script-written budget.
std::string DatastoreRecords(std::string_view xml, size_t max_bytes) {
  std::string html;
  constexpr std::string_view kOpen = "<![CDATA[", kClose = "]]>";
  for (size_t at = xml.find(kOpen); at != std::string_view::npos && html.size() < max_bytes;
       at = xml.find(kOpen, at)) {
    const size_t begin = at + kOpen.size();
    const size_t end = xml.find(kClose, begin);
    if (end == std::string_view::npos) break;
    html.append(xml.substr(begin, end - begin));
    html.push_back('\n');
    at = end + kClose.size();
  }
  return html;
}

}  // namespace govaudit::internal
