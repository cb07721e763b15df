#include <algorithm>

#include "common/strings.h"
#include "common/utf8.h"
#include "extract/internal/extract.h"

namespace govaudit::extract_internal {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsBlank(std::string_view s) { return TrimAscii(s).empty(); }

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Newlines as '\n' only; form feeds (PDF page breaks) dropped.
std::string NormalizeNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (c != '\f') {
      out.push_back(c);
    }
  }
  return out;
}

// Output assembly under the caps.

// Appends a block of text, '\n'-separated from what is already there. With allow_partial
// a block that does not fit is cut at a character boundary; otherwise it is dropped.
bool AppendBlock(AttachmentText& out, std::string_view block, Limits& lim, bool allow_partial) {
  if (lim.OutOfTime()) return false;
  const size_t sep = out.text.empty() ? 0 : 1;
  if (block.size() + sep <= lim.text_left) {
    if (sep) out.text.push_back('\n');
    out.text.append(block);
    lim.text_left -= block.size() + sep;
    return true;
  }
  lim.truncated = true;
  if (allow_partial && lim.text_left > sep) {
    std::string_view cut = Utf8Prefix(block, lim.text_left - sep);
    if (!cut.empty()) {
      if (sep) out.text.push_back('\n');
      out.text.append(cut);
    }
  }
  lim.text_left = 0;
  return false;
}

// One text line per row: cells joined by '\t', trailing empty cells dropped, and tabs and
// newlines inside a cell flattened so that the line keeps its shape.
std::string RowText(const std::vector<std::string>& row) {
  size_t last = row.size();
  while (last > 0 && IsBlank(row[last - 1])) --last;
  std::string line;
  for (size_t i = 0; i < last; ++i) {
    if (i > 0) line.push_back('\t');
    for (char c : row[i]) line.push_back((c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
  }
  return line;
}

// Adds a row to the table and, when emit_text, its line to the text. False once a cap is
// reached: the row is then dropped and the caller should stop.
bool AddRow(AttachmentTable& table, std::vector<std::string> row, AttachmentText& out, Limits& lim,
            bool emit_text) {
  const size_t cells = std::max<size_t>(row.size(), 1);
  if (lim.OutOfTime()) return false;
  if (cells > lim.cells_left) {
    lim.cells_left = 0;
    lim.truncated = true;
    return false;
  }
  if (emit_text) {
    const std::string line = RowText(row);
    if (!line.empty() && !AppendBlock(out, line, lim, /*allow_partial=*/false)) return false;
  }
  lim.cells_left -= cells;
  if (table.header_row < 0 &&
      std::any_of(row.begin(), row.end(), [](const std::string& c) { return !IsBlank(c); })) {
    table.header_row = static_cast<int>(table.rows.size());
  }
  table.rows.push_back(std::move(row));
  return true;
}

AttachmentText NotInspected(std::string reason) {
  AttachmentText out;
  out.inspected = false;
  out.not_inspected_reason = std::move(reason);
  return out;
}

}  // namespace govaudit::extract_internal
