#include "pii/safe_text.h"

#include <utility>

#include "pii/internal/chars.h"
#include "pii/scanner.h"

namespace govaudit::pii {
namespace {

// Byte length of the control, format or zero-width character at s[i] to drop, 0 to keep it.
size_t DroppedAt(std::string_view s, size_t i, Sink sink) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 || c == 0x7F) {
    if (c == '\n') return 0;
    if (c == '\t') return sink == Sink::kText ? 0 : 1;
    return 1;  // C0 controls, CR and ESC (which starts terminal sequences) included
  }
  const unsigned char b1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
  const unsigned char b2 = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
  if (c == 0xC2 && b1 >= 0x80 && b1 <= 0x9F) return 2;  // C1 controls (U+0080-U+009F), CSI among them
  if (c == 0xD8 && b1 == 0x9C) return 2;                 // U+061C arabic letter mark
  if (c == 0xE2 && b1 == 0x80) {
    // U+200B-200D zero-width (they split a number for a program, not for a reader),
    // U+200E/200F marks, U+202A-202E embeddings and overrides.
    if ((b2 >= 0x8B && b2 <= 0x8F) || (b2 >= 0xAA && b2 <= 0xAE)) return 3;
  }
  if (c == 0xE2 && b1 == 0x81 && (b2 == 0xA0 || (b2 >= 0xA6 && b2 <= 0xA9))) return 3;  // U+2060, isolates
  if (c == 0xEF && b1 == 0xBB && b2 == 0xBF) return 3;                                    // U+FEFF
  return 0;
}

// The first bytes DroppedAt may drop a character at (or keep a newline or tab at).
constexpr bool MayStartDropped(unsigned char c) {
  return c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xD8 || c == 0xE2 || c == 0xEF;
}

}  // namespace

std::string MaskPersonalData(std::string_view text) {
  std::vector<PiiHit> hits = ScanText(text);
  if (hits.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const PiiHit& h : hits) {
    if (h.offset < pos) continue;  // overlaps a value already masked
    out.append(text.substr(pos, h.offset - pos));
    out.append(h.masked);
    pos = h.offset + h.length;
  }
  out.append(text.substr(pos));
  return out;
}

std::string SafeText(std::string_view text, Sink sink) {
  // Invisible characters go first: dropped after masking they could join the halves of a
  // number the scanner saw as two ("1391\0\02345678").
  std::string visible;
  visible.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    // Runs of bytes that start no dropped character are copied whole (text is mostly those).
    size_t kept = i;
    while (kept < text.size() && !MayStartDropped(static_cast<unsigned char>(text[kept]))) ++kept;
    visible.append(text, i, kept - i);
    i = kept;
    if (i == text.size()) break;
    if (const size_t drop = DroppedAt(text, i, sink)) {
      i += drop;
      continue;
    }
    visible.push_back(text[i++]);
  }
  std::string out = MaskPersonalData(visible);
  // Masking one value can bring another nearer the words that make it personal data (a card
  // number within reach of its 账号 once the text between was masked): mask again until a
  // pass finds nothing. Each pass only turns digits into '*', so this ends.
  constexpr int kMaxMaskPasses = 4;
  for (int pass = 0; pass < kMaxMaskPasses && out != visible; ++pass) {
    std::string again = MaskPersonalData(out);
    if (again == out) break;
    out = std::move(again);
  }
  if (sink == Sink::kCsv) {
    // A cell starting with = + - @ (or a tab or return before them) is a formula to Excel.
    const size_t first = out.find_first_not_of(' ');
    if (first != std::string::npos && (out[first] == '=' || out[first] == '+' || out[first] == '-' ||
                                       out[first] == '@')) {
      out.insert(0, "'");
    }
    // A tab or return before the formula was dropped above; one given first still marks the cell.
    if (!text.empty() && (text[0] == '\t' || text[0] == '\r') && (out.empty() || out[0] != '\'')) {
      out.insert(0, "'");
    }
  }
  return out;
}

}  // namespace govaudit::pii
