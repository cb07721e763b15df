#include "page/internal/document_write.h"

#include <cstdint>
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

// A script counts as encoding what it writes from this many escapes that spell a letter, a
// digit or markup on ("\x3c", "%61", "\u0068"): one stray "\x2f" is no disguise. Escaped
// Chinese text is not counted (some templates write all their text so).
constexpr int kEncodedEscapes = 4;

bool SpellsAscii(long v) {
  return (v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || v == '<' || v == '>' ||
         v == ':' || v == '/' || v == '.' || v == '=';
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
std::string ReadJsString(std::string_view js, size_t i, size_t* end, int* ascii_escapes = nullptr) {
  const char quote = js[i++];
  std::string out;
  Utf16Sink sink(&out);
  while (i < js.size() && js[i] != quote) {
    char c = js[i];
    if (c == '\n' && quote != '`') break;  // unterminated
    if (c != '\\') {
      size_t j = i;
      // A template literal runs on over line ends; stopping at one would never move on.
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
        if (ascii_escapes != nullptr && SpellsAscii(v)) ++*ascii_escapes;
        break;
      }
      case 'u': {
        long v = ReadHex(js, i, 4);
        if (v >= 0) { sink.Unit(static_cast<uint32_t>(v)); i += 4; } else { sink.Unit('u'); }
        if (ascii_escapes != nullptr && SpellsAscii(v)) ++*ascii_escapes;
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
std::string JsUnescape(std::string_view s, int* ascii_escapes) {
  std::string out;
  Utf16Sink sink(&out);
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '%') {
      long v = (i + 1 < s.size() && s[i + 1] == 'u') ? ReadHex(s, i + 2, 4) : -1;
      if (v >= 0) {
        sink.Unit(static_cast<uint32_t>(v));
        if (SpellsAscii(v)) ++*ascii_escapes;
        i += 6;
        continue;
      }
      v = ReadHex(s, i + 1, 2);
      if (v >= 0) {
        sink.Unit(static_cast<uint32_t>(v));
        if (SpellsAscii(v)) ++*ascii_escapes;
        i += 3;
        continue;
      }
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

// The string literals of a call whose '(' is at js[open]: concatenated, unescape() applied
// where the literal sits inside an unescape( ... ). Returns the offset after the ')'.
size_t ReadWriteArguments(std::string_view js, size_t open, std::string* out, int* ascii_escapes) {
  int depth = 0;
  std::vector<int> unescape_depths;
  size_t i = open;
  while (i < js.size()) {
    char c = js[i];
    if (c == '"' || c == '\'' || c == '`') {
      size_t end;
      std::string s = ReadJsString(js, i, &end, ascii_escapes);
      out->append(unescape_depths.empty() ? s : JsUnescape(s, ascii_escapes));
      i = end;
      continue;
    }
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (!unescape_depths.empty() && unescape_depths.back() == depth) unescape_depths.pop_back();
      if (--depth == 0) return i + 1;
    } else if (c == 'u' && WordAt(js, i, "unescape")) {
      size_t j = SkipJsSpace(js, i + 8);
      if (j < js.size() && js[j] == '(') {
        unescape_depths.push_back(depth + 1);
        i = j;
        continue;
      }
    } else if (c == ';' && depth <= 1) {
      return i;  // unbalanced call
    }
    ++i;
  }
  return i;
}

// `if ("lit" op "lit")` with a constant false value: templates write optional rows this way
// (if ("有效" != "有效") { document.write(...) }). Returns the offset after ')' when false.
std::optional<size_t> ConstantFalseIf(std::string_view js, size_t i) {
  size_t j = SkipJsSpace(js, i + 2);
  if (j >= js.size() || js[j] != '(') return std::nullopt;
  j = SkipJsSpace(js, j + 1);
  if (j >= js.size() || (js[j] != '"' && js[j] != '\'')) return std::nullopt;
  size_t end;
  std::string a = ReadJsString(js, j, &end);
  j = SkipJsSpace(js, end);
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
  j = SkipJsSpace(js, j);
  if (j >= js.size() || (js[j] != '"' && js[j] != '\'')) return std::nullopt;
  std::string b = ReadJsString(js, j, &end);
  j = SkipJsSpace(js, end);
  if (j >= js.size() || js[j] != ')') return std::nullopt;
  bool value = (a == b) == equal_op;
  if (value) return std::nullopt;
  return j + 1;
}

// Skips one statement or { block } starting at i.
size_t SkipStatement(std::string_view js, size_t i) {
  i = SkipJsSpace(js, i);
  if (i < js.size() && js[i] != '{') {
    while (i < js.size() && js[i] != ';' && js[i] != '\n') {
      if (js[i] == '"' || js[i] == '\'') {
        ReadJsString(js, i, &i);
      } else {
        ++i;
      }
    }
    return i;
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

}  // namespace

void ExtractDocumentWrites(std::string_view js, size_t max_bytes, std::string* out, bool* encoded) {
  int ascii_escapes = 0;
  size_t i = 0;
  while (i < js.size() && out->size() < max_bytes) {
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
    if (c == 'i' && WordAt(js, i, "if")) {
      if (std::optional<size_t> body = ConstantFalseIf(js, i)) {
        i = SkipStatement(js, *body);
        continue;
      }
    }
    if (c == 'd' && js.compare(i, 14, "document.write") == 0) {
      size_t j = i + 14;
      if (js.compare(j, 2, "ln") == 0) j += 2;
      j = SkipJsSpace(js, j);
      if (j < js.size() && js[j] == '(') {
        std::string written;
        i = ReadWriteArguments(js, j, &written, &ascii_escapes);
        if (!written.empty()) {
          out->append(written);
          out->push_back('\n');
        }
        continue;
      }
    }
    ++i;
  }
  if (encoded != nullptr) *encoded = ascii_escapes >= kEncodedEscapes;
}

}  // namespace govaudit::internal
