#include "common/utf8.h"
#include "rules/page.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <unordered_set>
#include <utility>

#include "common/url.h"
#include "rules/internal/gumbo_document.h"
#include "rules/metadata.h"

namespace govaudit {
namespace {

using internal::OwnedGumboDocument;

// Caps that keep hostile or degenerate pages cheap.
constexpr int kMaxSpan = 100;                  // colspan / rowspan
constexpr size_t kMaxTableCells = 200000;      // per table, after span expansion
constexpr size_t kMaxTableColumns = 1000;
constexpr size_t kMaxCellBytes = 8192;         // layout cells can hold a whole page
constexpr size_t kMaxAnchorBytes = 2048;
constexpr size_t kMaxLinkContextBytes = 300;  // PageLink::context
constexpr size_t kMaxScriptWritten = 64 * 1024;
// A heading or bold line becomes a table's caption only if at most this much text lies
// between them, and only if it is short.
constexpr size_t kCaptionMaxDistance = 300;
constexpr size_t kCaptionMaxCodePoints = 80;
constexpr size_t kCaptionMaxBytes = 400;
// Elements this short are tested for being a bare label ("文号", "发布日期").
constexpr size_t kBareLabelMaxBytes = 64;
// Rows searched for the header.
constexpr int kHeaderSearchRows = 5;
constexpr size_t kMaxH1 = 8;

// ---------------------------------------------------------------------------------------------
// Tag properties.

enum TagFlag : uint16_t {
  kBlock = 1 << 0,         // '\n' before and after
  kSkipChildren = 1 << 1,  // contents never rendered as text (script, style, iframe ...)
  kBold = 1 << 2,          // text inside is bold (caption candidates)
  kCaptionCandidate = 1 << 3,
  kSuppressText = 1 << 4,  // children are walked (links, meta) but their text is not visible
};

using TagTable = std::array<uint16_t, GUMBO_TAG_LAST + 1>;

TagTable MakeTagTable() {
  TagTable t{};
  for (GumboTag tag :
       {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE,
        GUMBO_TAG_BODY, GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS, GUMBO_TAG_DIR,
        GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION,
        GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM, GUMBO_TAG_FRAMESET, GUMBO_TAG_H1,
        GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_HEADER,
        GUMBO_TAG_HGROUP, GUMBO_TAG_HR, GUMBO_TAG_HTML, GUMBO_TAG_LEGEND, GUMBO_TAG_LI,
        GUMBO_TAG_LISTING, GUMBO_TAG_MAIN, GUMBO_TAG_MENU, GUMBO_TAG_NAV, GUMBO_TAG_OL,
        GUMBO_TAG_P, GUMBO_TAG_PLAINTEXT, GUMBO_TAG_PRE, GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY,
        GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT, GUMBO_TAG_TR,
        GUMBO_TAG_UL, GUMBO_TAG_XMP, GUMBO_TAG_CAPTION, GUMBO_TAG_OPTION, GUMBO_TAG_OPTGROUP}) {
    t[tag] |= kBlock;
  }
  for (GumboTag tag : {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_TEMPLATE, GUMBO_TAG_IFRAME,
                       GUMBO_TAG_TEXTAREA, GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES, GUMBO_TAG_TITLE}) {
    t[tag] |= kSkipChildren;
  }
  for (GumboTag tag : {GUMBO_TAG_HEAD, GUMBO_TAG_NOSCRIPT}) t[tag] |= kSuppressText;
  for (GumboTag tag : {GUMBO_TAG_B, GUMBO_TAG_STRONG, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3,
                       GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6}) {
    t[tag] |= kBold | kCaptionCandidate;
  }
  for (GumboTag tag : {GUMBO_TAG_P, GUMBO_TAG_DIV, GUMBO_TAG_CENTER, GUMBO_TAG_SPAN, GUMBO_TAG_FONT}) {
    t[tag] |= kCaptionCandidate;
  }
  return t;
}

const TagTable& TagFlags() {
  static const TagTable table = MakeTagTable();
  return table;
}

const char* Attr(const GumboNode* node, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

bool HasNonEmptyAttr(const GumboNode* node, const char* name) {
  const char* v = Attr(node, name);
  return v != nullptr && !TrimAscii(v).empty();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Captured text (which may hold the '\n' / '\t' separators of the page text) as one line.
std::string CleanCapture(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Visible text with lazily materialised separators: a space, '\t' or '\n' is written only
// when more text follows, so lines and cells never start or end with whitespace.

class TextBuilder {
 public:
  // Appends text, collapsing whitespace (including U+00A0, U+2000-U+200A, U+202F, U+205F,
  // U+3000) and dropping zero-width characters. Returns the number of visible bytes added.
  size_t Append(std::string_view s) {
    size_t visible = 0;
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      size_t special = SpecialLength(s, i);
      if (special > 0) {
        if (c != 0xEF && !(c == 0xE2 && IsZeroWidth(s, i))) pending_space_ = true;
        i += special;
        continue;
      }
      size_t j = i + 1;
      while (j < n && !MaybeSpecial(static_cast<unsigned char>(s[j]))) ++j;
      Flush();
      out_.append(s.data() + i, j - i);
      visible += j - i;
      i = j;
    }
    return visible;
  }

  void Whitespace() { pending_space_ = true; }

  // Separators by strength: a cell start ('\t') overrides the block boundaries of paragraphs
  // inside cells (<td><p>..</p></td>), and a row or table boundary overrides a cell start.
  enum BreakKind : uint8_t { kLine = 1, kCell = 2, kRow = 3 };
  void Break(BreakKind kind) { pending_break_ = std::max<uint8_t>(pending_break_, kind); }

  size_t size() const { return out_.size(); }
  std::string_view view() const { return out_; }
  std::string_view Slice(size_t start) const { return std::string_view(out_).substr(start); }
  std::string Take() { return std::move(out_); }

 private:
  static bool MaybeSpecial(unsigned char c) {
    return c <= 0x20 || c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF;
  }
  static bool IsZeroWidth(std::string_view s, size_t i) {
    unsigned char b = static_cast<unsigned char>(s[i + 2]);
    return static_cast<unsigned char>(s[i + 1]) == 0x80 && b >= 0x8B && b <= 0x8D;
  }
  // Byte length of a whitespace or zero-width character at s[i], 0 if it is neither.
  static size_t SpecialLength(std::string_view s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
    if (c == 0xC2) return i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0 ? 2 : 0;
    if (i + 2 >= s.size()) return 0;
    unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
    unsigned char b2 = static_cast<unsigned char>(s[i + 2]);
    if (c == 0xE2) {
      if (b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8D) || b2 == 0xAF)) return 3;  // U+2000-200D, 202F
      if (b1 == 0x81 && b2 == 0x9F) return 3;                                  // U+205F
      return 0;
    }
    if (c == 0xE3) return b1 == 0x80 && b2 == 0x80 ? 3 : 0;  // U+3000
    if (c == 0xEF) return b1 == 0xBB && b2 == 0xBF ? 3 : 0;  // U+FEFF (zero width)
    return 0;
  }

  void Flush() {
    if (pending_break_ != 0) {
      if (!out_.empty()) out_.push_back(pending_break_ == kCell ? '\t' : '\n');
    } else if (pending_space_ && !out_.empty()) {
      out_.push_back(' ');
    }
    pending_break_ = 0;
    pending_space_ = false;
  }

  std::string out_;
  uint8_t pending_break_ = 0;
  bool pending_space_ = false;
};

TextBuilder::BreakKind BlockBreak(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_CAPTION:
      return TextBuilder::kRow;
    default:
      return TextBuilder::kLine;
  }
}

// ---------------------------------------------------------------------------------------------
// document.write in inline scripts.

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
      while (j < js.size() && js[j] != quote && js[j] != '\\' && js[j] != '\n') ++j;
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

// The string literals of a call whose '(' is at js[open]: concatenated, unescape() applied
// where the literal sits inside an unescape( ... ). Returns the offset after the ')'.
size_t ReadWriteArguments(std::string_view js, size_t open, std::string* out) {
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

void ExtractDocumentWrites(std::string_view js, std::string* out) {
  size_t i = 0;
  while (i < js.size() && out->size() < kMaxScriptWritten) {
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
        i = ReadWriteArguments(js, j, &written);
        if (!written.empty()) {
          out->append(written);
          out->push_back('\n');
        }
        continue;
      }
    }
    ++i;
  }
}

// ---------------------------------------------------------------------------------------------
// Tables.

struct TableBuilder {
  size_t page_index = 0;  // slot in Page::tables
  std::vector<std::vector<std::string>> grid;
  std::vector<std::vector<uint8_t>> occupied;
  struct RowInfo {
    int cells = 0;     // cells that start in this row
    int th_cells = 0;
    int nonempty_cells = 0;
  };
  std::vector<RowInfo> info;
  int real_rows = 0;    // rows opened by <tr>; rowspans do not add rows
  int current_row = -1;
  size_t cursor = 0;    // next column in the current row
  size_t cells_placed = 0;
  size_t row_bare_mark = 0;  // bare-label count when the current row started
  std::string caption;

  void EnsureRow(size_t r) {
    if (grid.size() <= r) {
      grid.resize(r + 1);
      occupied.resize(r + 1);
      info.resize(r + 1);
    }
  }

  void StartRow() {
    current_row = real_rows++;
    EnsureRow(current_row);
    cursor = 0;
  }

  void AddCell(std::string text, int colspan, int rowspan, bool is_th) {
    if (current_row < 0) StartRow();
    const size_t r = current_row;
    while (cursor < occupied[r].size() && occupied[r][cursor]) ++cursor;
    const size_t c = cursor;
    RowInfo& ri = info[r];
    ++ri.cells;
    ri.th_cells += is_th;
    ri.nonempty_cells += !text.empty();
    cursor = c + colspan;
    if (c >= kMaxTableColumns || cells_placed >= kMaxTableCells) return;
    colspan = static_cast<int>(std::min<size_t>(colspan, kMaxTableColumns - c));
    for (int dr = 0; dr < rowspan; ++dr) {
      size_t rr = r + dr;
      EnsureRow(rr);
      if (grid[rr].size() < c + colspan) {
        grid[rr].resize(c + colspan);
        occupied[rr].resize(c + colspan, 0);
      }
      for (int dc = 0; dc < colspan; ++dc) {
        if (++cells_placed > kMaxTableCells) break;
        grid[rr][c + dc] = text;
        occupied[rr][c + dc] = 1;
      }
    }
  }

  PageTable Finish() {
    PageTable t;
    grid.resize(real_rows);
    size_t width = 0;
    for (const auto& row : grid) width = std::max(width, row.size());
    for (auto& row : grid) row.resize(width);
    t.rows = std::move(grid);
    const int search = std::min(real_rows, kHeaderSearchRows);
    for (int r = 0; r < search && t.header_row < 0; ++r) {
      if (info[r].cells > 0 && info[r].th_cells == info[r].cells) t.header_row = r;
    }
    // Without <th>: the first row naming at least two columns, skipping title rows that span.
    for (int r = 0; r < search && t.header_row < 0; ++r) {
      if (info[r].nonempty_cells >= 2) t.header_row = r;
    }
    if (t.header_row < 0 && real_rows > 0) t.header_row = 0;
    t.caption = std::move(caption);
    // A title row spanning the table above the header ("…补贴对象信息一览表") names it.
    for (int r = 0; r < t.header_row && t.caption.empty(); ++r) {
      if (info[r].nonempty_cells != 1) continue;
      for (const std::string& cell : t.rows[r]) {
        if (!cell.empty()) {
          if (CodePoints(cell) <= kCaptionMaxCodePoints) t.caption = cell;
          break;
        }
      }
    }
    return t;
  }
};

int SpanAttr(const GumboNode* node, const char* name) {
  const char* v = Attr(node, name);
  if (v == nullptr) return 1;
  long n = 0;
  std::string_view s = TrimAscii(v);
  for (char c : s) {
    if (c < '0' || c > '9') break;
    n = n * 10 + (c - '0');
    if (n > kMaxSpan) return kMaxSpan;
  }
  return n < 1 ? 1 : static_cast<int>(n);
}

// ---------------------------------------------------------------------------------------------
// The walk.

enum CloseAction : uint16_t {
  kCloseLink = 1 << 0,
  kCloseCell = 1 << 1,
  kCloseCaption = 1 << 2,
  kCloseH1 = 1 << 3,
  kCloseTable = 1 << 4,
  kCloseRow = 1 << 5,
  kCloseLabel = 1 << 6,
  kCloseSuppress = 1 << 7,
  kCloseBold = 1 << 8,
  kCloseBlock = 1 << 9,
  kCloseCaptionCandidate = 1 << 10,
  kCloseBareLabelCheck = 1 << 11,
  kCloseListRow = 1 << 12,
};

struct Frame {
  const GumboNode* node;
  unsigned int next_child;
  uint16_t actions;
  size_t text_start;
  size_t bold_at_open;
  size_t plain_at_open;
};

struct OpenLink {
  size_t index;       // in links_
  size_t text_start;
  std::string alts;   // alt text of images inside
  bool has_name;      // aria-label, aria-labelledby or title
  bool visible;
};

class PageBuilder {
 public:
  PageBuilder(std::string_view url, bool read_scripts) : read_scripts_(read_scripts) {
    page_.url = std::string(url);
  }

  void Walk(const GumboNode* document) {
    if (document == nullptr) return;
    std::vector<Frame> stack;
    stack.push_back(Frame{document, 0, 0, 0, 0, 0});
    while (!stack.empty()) {
      Frame& top = stack.back();
      const GumboVector& children = top.node->type == GUMBO_NODE_DOCUMENT
                                        ? top.node->v.document.children
                                        : top.node->v.element.children;
      if (top.next_child >= children.length) {
        Frame done = top;
        stack.pop_back();
        Close(done);
        continue;
      }
      const GumboNode* child = static_cast<const GumboNode*>(children.data[top.next_child++]);
      switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
          OnText(child->v.text.text);
          break;
        case GUMBO_NODE_WHITESPACE:
          if (suppress_ == 0) text_.Whitespace();
          break;
        case GUMBO_NODE_ELEMENT: {
          Frame frame{child, 0, 0, text_.size(), bold_bytes_, plain_bytes_};
          if (Open(child, &frame)) stack.push_back(frame);
          break;
        }
        default:  // comments; <template> contents are never rendered
          break;
      }
    }
  }

  // Resolves links and script sources, completes tables and the text.
  void Finish() {
    std::string base = page_.url;
    if (!base_href_.empty()) {
      if (std::optional<std::string> b = NormalizeUrl(page_.url, base_href_)) base = *b;
    }
    const UrlResolver resolver(base);
    for (PageLink& link : links_) {
      link.url = resolver.Resolve(link.href).value_or("");
    }
    page_.links = std::move(links_);
    for (const std::string& src : script_srcs_raw_) {
      if (std::optional<std::string> u = resolver.Resolve(src)) page_.script_srcs.push_back(*u);
    }
    for (const std::string& id : unlabeled_field_ids_) {
      if (label_for_.count(id) == 0) ++page_.form_fields_without_label;
    }
    std::vector<PageTable> tables;
    tables.reserve(tables_.size());
    for (auto& t : tables_) {
      if (t.has_value() && !t->rows.empty()) tables.push_back(std::move(*t));
    }
    page_.tables = std::move(tables);
    page_.text = text_.Take();
  }

  Page& page() { return page_; }
  const std::string& base_href() const { return base_href_; }
  // For HTML written by the page's scripts: the page's <base href> applies to it too.
  void set_base_href(std::string href) { base_href_ = std::move(href); }
  const std::vector<size_t>& bare_label_ends() const { return bare_label_ends_; }
  const std::vector<std::string>& h1s() const { return h1s_; }

 private:
  bool Visible() const { return suppress_ == 0; }

  void OnText(const char* s) {
    if (!Visible()) return;
    size_t added = text_.Append(s);
    if (bold_depth_ > 0) {
      bold_bytes_ += added;
    } else {
      plain_bytes_ += added;
    }
  }

  // Handles an element's start; returns true to walk its children.
  bool Open(const GumboNode* node, Frame* frame) {
    const GumboElement& el = node->v.element;
    const GumboTag tag = el.tag;
    uint16_t flags = TagFlags()[tag];
    if (el.tag_namespace != GUMBO_NAMESPACE_HTML) {
      // SVG / MathML: only their text matters; <script>/<style> inside still hidden.
      if (flags & kSkipChildren) return false;
      return true;
    }
    const bool visible = Visible();

    switch (tag) {
      case GUMBO_TAG_HTML:
        if (const char* lang = Attr(node, "lang"); lang && page_.lang.empty()) {
          page_.lang = std::string(TrimAscii(lang));
        }
        break;
      case GUMBO_TAG_TITLE:
        if (!title_seen_) {
          title_seen_ = true;
          TextBuilder t;
          for (unsigned i = 0; i < el.children.length; ++i) {
            const GumboNode* c = static_cast<const GumboNode*>(el.children.data[i]);
            if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) t.Append(c->v.text.text);
          }
          page_.html_title = t.Take();
        }
        return false;
      case GUMBO_TAG_META: {
        const char* name = Attr(node, "name");
        const char* content = Attr(node, "content");
        if (name != nullptr && content != nullptr) page_.meta_tags.emplace(name, content);
        return false;
      }
      case GUMBO_TAG_BASE:
        if (const char* href = Attr(node, "href"); href && base_href_.empty()) base_href_ = href;
        return false;
      case GUMBO_TAG_SCRIPT:
        OnScript(node);
        return false;
      case GUMBO_TAG_A:
        if (const char* href = Attr(node, "href")) {
          open_links_.push_back(OpenLink{links_.size(), text_.size(), {},
                                         HasNonEmptyAttr(node, "aria-label") ||
                                             HasNonEmptyAttr(node, "aria-labelledby") ||
                                             HasNonEmptyAttr(node, "title"),
                                         visible});
          links_.push_back(MakeLink(node, href, "a"));
          frame->actions |= kCloseLink;
        }
        break;
      case GUMBO_TAG_AREA:
        if (const char* href = Attr(node, "href")) {
          PageLink link = MakeLink(node, href, "area");
          if (const char* alt = Attr(node, "alt")) link.anchor_text = CleanCapture(TrimAscii(alt));
          links_.push_back(std::move(link));
        }
        return false;
      case GUMBO_TAG_IFRAME:
      case GUMBO_TAG_FRAME:
        if (const char* src = Attr(node, "src")) {
          links_.push_back(MakeLink(node, src, tag == GUMBO_TAG_IFRAME ? "iframe" : "frame"));
        }
        return false;
      case GUMBO_TAG_IMG:
        if (visible) {
          const char* alt = Attr(node, "alt");
          if (alt == nullptr) {
            ++page_.images_without_alt;
          } else if (!open_links_.empty() && !TrimAscii(alt).empty()) {
            std::string& alts = open_links_.back().alts;
            if (!alts.empty()) alts.push_back(' ');
            alts.append(TrimAscii(alt));
          }
        }
        return false;
      case GUMBO_TAG_INPUT: {
        const char* type = Attr(node, "type");
        std::string_view t = type ? TrimAscii(type) : std::string_view("text");
        bool is_field = true;
        for (std::string_view skip : {"hidden", "submit", "button", "image", "reset"}) {
          if (EqualsIgnoreCase(t, skip)) is_field = false;
        }
        if (is_field && visible) OnFormField(node);
        return false;
      }
      case GUMBO_TAG_SELECT:
        if (visible) OnFormField(node);
        break;
      case GUMBO_TAG_TEXTAREA:
        if (visible) OnFormField(node);
        return false;
      case GUMBO_TAG_LABEL:
        if (const char* f = Attr(node, "for"); f && !TrimAscii(f).empty()) {
          label_for_.insert(std::string(TrimAscii(f)));
        }
        ++label_depth_;
        frame->actions |= kCloseLabel;
        break;
      case GUMBO_TAG_TABLE:
        if (visible) {
          TableBuilder t;
          t.page_index = tables_.size();
          if (!caption_candidate_.empty() &&
              text_.size() - caption_candidate_end_ <= kCaptionMaxDistance) {
            t.caption = caption_candidate_;
          }
          tables_.emplace_back();
          open_tables_.push_back(std::move(t));
          frame->actions |= kCloseTable;
        }
        break;
      case GUMBO_TAG_CAPTION:
        if (visible && !open_tables_.empty()) frame->actions |= kCloseCaption;
        break;
      case GUMBO_TAG_TR:
        if (visible && !open_tables_.empty()) {
          open_tables_.back().StartRow();
          open_tables_.back().row_bare_mark = bare_label_ends_.size();
          frame->actions |= kCloseRow;
        }
        break;
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
        text_.Break(TextBuilder::kCell);
        if (visible && !open_tables_.empty()) frame->actions |= kCloseCell;
        break;
      case GUMBO_TAG_H1:
        if (visible && h1s_.size() < kMaxH1) frame->actions |= kCloseH1;
        break;
      case GUMBO_TAG_BR:
        text_.Break(TextBuilder::kLine);
        return false;
      default:
        break;
    }
    if (visible && (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_TR || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_DT ||
                    tag == GUMBO_TAG_P)) {
      row_first_link_.push_back(links_.size());
      frame->actions |= kCloseListRow;
    }

    if (flags & kSkipChildren) return false;
    if (flags & kSuppressText) {
      ++suppress_;
      frame->actions |= kCloseSuppress;
    }
    if (flags & kBlock) {
      text_.Break(BlockBreak(tag));
      frame->actions |= kCloseBlock;
    }
    bool bold = (flags & kBold) != 0;
    if (!bold) {
      if (const char* style = Attr(node, "style")) {
        bold = std::strstr(style, "bold") != nullptr || std::strstr(style, "weight:700") != nullptr ||
               std::strstr(style, "weight: 700") != nullptr;
      }
    }
    if (bold) {
      ++bold_depth_;
      frame->actions |= kCloseBold;
    }
    if (visible) {
      if (flags & kCaptionCandidate) frame->actions |= kCloseCaptionCandidate;
      frame->actions |= kCloseBareLabelCheck;
    }
    return true;
  }

  void Close(const Frame& f) {
    const uint16_t a = f.actions;
    if (a == 0) return;
    const size_t end = text_.size();
    const size_t len = end - f.text_start;
    if (a & kCloseLink) CloseLink();
    if (a & kCloseListRow) {
      // Links of inner rows got their own row's text when those rows closed.
      const size_t first = row_first_link_.back();
      row_first_link_.pop_back();
      if (first < links_.size()) {
        std::string context = CleanCapture(Utf8Prefix(text_.Slice(f.text_start), kMaxLinkContextBytes));
        for (size_t i = first; i < links_.size(); ++i) {
          if (links_[i].context.empty()) links_[i].context = context;
        }
      }
    }
    if (a & kCloseCell) {
      const GumboNode* node = f.node;
      std::string cell = CleanCapture(Utf8Prefix(text_.Slice(f.text_start), kMaxCellBytes));
      open_tables_.back().AddCell(std::move(cell), SpanAttr(node, "colspan"), SpanAttr(node, "rowspan"),
                                  node->v.element.tag == GUMBO_TAG_TH);
    }
    if (a & kCloseCaption) {
      std::string caption = CleanCapture(Utf8Prefix(text_.Slice(f.text_start), kMaxCellBytes));
      if (!caption.empty()) {
        open_tables_.back().caption = std::move(caption);
      }
    }
    if (a & kCloseH1) {
      std::string h1 = CleanCapture(Utf8Prefix(text_.Slice(f.text_start), kMaxCellBytes));
      if (!h1.empty()) h1s_.push_back(std::move(h1));
    }
    if (a & kCloseRow) {
      TableBuilder& t = open_tables_.back();
      const TableBuilder::RowInfo& ri = t.info[t.current_row];
      // A header row of <th> labels ("发布日期", "有效性") in a list names columns; it does not
      // label the next cell.
      if (ri.cells >= 2 && ri.th_cells == ri.cells && bare_label_ends_.size() > t.row_bare_mark) {
        bare_label_ends_.resize(t.row_bare_mark);
      }
    }
    if (a & kCloseTable) {
      TableBuilder t = std::move(open_tables_.back());
      open_tables_.pop_back();
      size_t index = t.page_index;
      tables_[index] = t.Finish();
    }
    if (a & kCloseLabel) --label_depth_;
    if (a & kCloseSuppress) --suppress_;
    if (a & kCloseBlock) text_.Break(BlockBreak(f.node->v.element.tag));
    if (a & kCloseCaptionCandidate) {
      if (len > 0 && len <= kCaptionMaxBytes && bold_bytes_ > f.bold_at_open &&
          plain_bytes_ == f.plain_at_open) {
        std::string text = CleanCapture(text_.Slice(f.text_start));
        if (!text.empty() && CodePoints(text) <= kCaptionMaxCodePoints) {
          caption_candidate_ = std::move(text);
          caption_candidate_end_ = end;
        }
      }
    }
    if (a & kCloseBold) --bold_depth_;
    if ((a & kCloseBareLabelCheck) && len >= 6 && len <= kBareLabelMaxBytes &&
        (bare_label_ends_.empty() || bare_label_ends_.back() != end) &&
        IsBareLabel(text_.Slice(f.text_start))) {
      bare_label_ends_.push_back(end);
    }
  }

  PageLink MakeLink(const GumboNode* node, const char* href, const char* tag) {
    PageLink link;
    link.href = href;
    link.tag = tag;
    if (const char* title = Attr(node, "title")) link.title_attr = std::string(TrimAscii(title));
    return link;
  }

  void CloseLink() {
    OpenLink open = std::move(open_links_.back());
    open_links_.pop_back();
    PageLink& link = links_[open.index];
    if (open.visible) {
      link.anchor_text = CleanCapture(Utf8Prefix(text_.Slice(open.text_start), kMaxAnchorBytes));
    }
    if (!open.alts.empty()) {
      if (!link.anchor_text.empty()) link.anchor_text.push_back(' ');
      link.anchor_text.append(CleanCapture(open.alts));
    }
    if (open.visible && link.anchor_text.empty() && !open.has_name) ++page_.links_without_text;
  }

  void OnFormField(const GumboNode* node) {
    if (label_depth_ > 0 || HasNonEmptyAttr(node, "aria-label") ||
        HasNonEmptyAttr(node, "aria-labelledby") || HasNonEmptyAttr(node, "title")) {
      return;
    }
    const char* id = Attr(node, "id");
    if (id != nullptr && !TrimAscii(id).empty()) {
      unlabeled_field_ids_.emplace_back(TrimAscii(id));  // a <label for> may come later
    } else {
      ++page_.form_fields_without_label;
    }
  }

  void OnScript(const GumboNode* node) {
    const char* src = Attr(node, "src");
    if (src != nullptr && !TrimAscii(src).empty()) script_srcs_raw_.emplace_back(src);
    if (page_.jiucuo_site_code.empty()) {
      const char* code = Attr(node, "sitecode");
      if (code != nullptr && !TrimAscii(code).empty()) page_.jiucuo_site_code = std::string(TrimAscii(code));
    }
    if (!read_scripts_ || src != nullptr) return;
    if (const char* type = Attr(node, "type")) {
      std::string_view t = TrimAscii(type);
      if (!t.empty() && t.find("javascript") == std::string_view::npos &&
          t.find("ecmascript") == std::string_view::npos && t.find("jscript") == std::string_view::npos) {
        return;  // templates (text/html, text/template) and JSON are not run
      }
    }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const GumboNode* c = static_cast<const GumboNode*>(children.data[i]);
      if (c->type != GUMBO_NODE_TEXT && c->type != GUMBO_NODE_WHITESPACE) continue;
      const char* js = c->v.text.text;
      if (std::strstr(js, "document.write") == nullptr) continue;
      ExtractDocumentWrites(js, &page_.script_written_html);
    }
  }

  const bool read_scripts_;
  Page page_;
  TextBuilder text_;
  std::vector<PageLink> links_;
  std::vector<OpenLink> open_links_;
  std::vector<size_t> row_first_link_;  // per open list row: its first link's index in links_
  std::vector<std::optional<PageTable>> tables_;
  std::vector<TableBuilder> open_tables_;
  std::vector<size_t> bare_label_ends_;
  std::vector<std::string> script_srcs_raw_;
  std::unordered_set<std::string> label_for_;
  std::vector<std::string> unlabeled_field_ids_;
  std::string base_href_;
  std::vector<std::string> h1s_;  // non-empty <h1> texts in document order
  std::string caption_candidate_;
  size_t caption_candidate_end_ = 0;
  size_t bold_bytes_ = 0;
  size_t plain_bytes_ = 0;
  int bold_depth_ = 0;
  int suppress_ = 0;
  int label_depth_ = 0;
  bool title_seen_ = false;
};

std::string WithoutSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

// Drops markup some CMSs leave in meta content ("标题<div>——副题</div>").
std::string StripTags(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') {
      in_tag = true;
    } else if (c == '>' && in_tag) {
      in_tag = false;
    } else if (!in_tag) {
      out.push_back(c);
    }
  }
  return out;
}

// The first non-empty <h1>; else the ArticleTitle meta tag; else <title>. When ArticleTitle
// exists, an <h1> that matches neither it nor <title> is the site's logo text ("XX省人民政府
// 网站") and is passed over.
std::string ChooseTitle(const std::vector<std::string>& h1s,
                        const std::map<std::string, std::string>& meta_tags,
                        const std::string& html_title) {
  std::string article_title;
  for (const auto& [name, content] : meta_tags) {
    if (EqualsIgnoreCase(name, "ArticleTitle")) {
      TextBuilder t;
      t.Append(StripTags(content));
      article_title = t.Take();
      if (!article_title.empty()) break;
    }
  }
  if (article_title.empty()) return h1s.empty() ? html_title : h1s.front();
  const std::string compact_html_title = WithoutSpaces(html_title);
  const std::string compact_article_title = WithoutSpaces(article_title);
  for (const std::string& h1 : h1s) {
    std::string compact = WithoutSpaces(h1);
    if (compact_html_title.find(compact) != std::string::npos ||
        compact.find(compact_article_title) != std::string::npos ||
        compact_article_title.find(compact) != std::string::npos) {
      return h1;
    }
  }
  return article_title;
}

}  // namespace

Page ParsePage(std::string_view url, std::string_view html_utf8) {
  PageBuilder builder(url, /*read_scripts=*/true);
  {
    OwnedGumboDocument doc(html_utf8);
    builder.Walk(doc.document());
    builder.Finish();
  }
  Page& page = builder.page();

  std::vector<size_t> script_label_ends;
  if (!page.script_written_html.empty()) {
    PageBuilder written(url, /*read_scripts=*/false);
    written.set_base_href(builder.base_href());
    OwnedGumboDocument doc(page.script_written_html);
    written.Walk(doc.document());
    written.Finish();
    Page& w = written.page();
    page.script_written_text = std::move(w.text);
    script_label_ends = written.bare_label_ends();
    // What the scripts write is rendered like the rest of the page.
    for (PageLink& link : w.links) page.links.push_back(std::move(link));
    for (std::string& src : w.script_srcs) page.script_srcs.push_back(std::move(src));
    if (page.jiucuo_site_code.empty()) page.jiucuo_site_code = std::move(w.jiucuo_site_code);
  }

  const MetaTextSource sources[] = {
      {page.text, builder.bare_label_ends()},
      {page.script_written_text, script_label_ends},
  };
  page.meta = ExtractDisclosureMeta(sources, page.meta_tags);

  page.title = ChooseTitle(builder.h1s(), page.meta_tags, page.html_title);
  return std::move(page);
}

}  // namespace govaudit
