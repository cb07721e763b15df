#include "pii/safe_text.h"

#include "pii/internal/chars.h"
#include "pii/scanner.h"

namespace govaudit::pii {
namespace {

// Byte length of the control or format character at s[i] to drop, 0 to keep it.
size_t DroppedAt(std::string_view s, size_t i, Sink sink) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 || c == 0x7F) {
    if (c == '\n') return sink == Sink::kTerminal ? 0 : 0;
    if (c == '\t' || c == '\r') return sink == Sink::kText ? (c == '\r' ? 1 : 0) : 1;
    return 1;  // C0 controls, ESC (which starts terminal sequences) included
  }
  if (i + 1 < s.size() && c == 0xC2) {
    const unsigned char b = static_cast<unsigned char>(s[i + 1]);
    if (b >= 0x80 && b <= 0x9F) return 2;  // C1 controls (U+0080-U+009F), CSI among them
  }
  if (i + 2 < s.size() && c == 0xE2) {
    const unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
    const unsigned char b2 = static_cast<unsigned char>(s[i + 2]);
    // U+200E/200F marks, U+202A-202E embeddings and overrides, U+2066-2069 isolates.
    if (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) return 3;
    if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) return 3;
  }
  if (i + 1 < s.size() && c == 0xD8 && static_cast<unsigned char>(s[i + 1]) == 0x9C) return 2;  // U+061C
  return 0;
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
  const std::string masked = MaskPersonalData(text);
  std::string out;
  out.reserve(masked.size() + 1);
  for (size_t i = 0; i < masked.size();) {
    if (const size_t drop = DroppedAt(masked, i, sink)) {
      i += drop;
      continue;
    }
    out.push_back(masked[i++]);
  }
  if (sink == Sink::kCsv) {
    // A cell starting with = + - @ (or a tab or return before them) is a formula to Excel.
    const size_t first = out.find_first_not_of(' ');
    if (first != std::string::npos && (out[first] == '=' || out[first] == '+' || out[first] == '-' ||
                                       out[first] == '@')) {
      out.insert(0, "'");
    }
    if (!masked.empty() && (masked[0] == '\t' || masked[0] == '\r') && (out.empty() || out[0] != '\'')) {
      out.insert(0, "'");
    }
  }
  return out;
}

}  // namespace govaudit::pii
