#include "classify/internal/labels.h"

#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "classify/internal/text.h"
#include "common/date.h"
#include "common/strings.h"
#include "common/utf8.h"

namespace govaudit::classify_internal {
namespace {

// A short numbered heading that starts with a label ("7 收费依据及标准") has at most this many
// characters.
constexpr size_t kMaxHeadingCodePoints = 14;
// A date right after a label: "回复时间 2026-03-05" (a few bytes of slack for brackets).
constexpr size_t kDateWindow = 40;
constexpr size_t kDateSlack = 4;

struct Hit {
  int set;
  std::string_view label;
  size_t start;        // in the line
  size_t end;          // just past the label
  size_t value_start;  // after the colon, if any
  bool alone;          // nothing else in its cell or line (a label cell, a heading)
};

bool IsNumbering(uint32_t cp) {
  if (DigitValue(cp) >= 0) return true;
  static const std::u32string kChars = U"一二三四五六七八九十百、.．()（）[]【】第条 \u3000";
  return kChars.find(static_cast<char32_t>(cp)) != std::u32string::npos;
}

bool IsBoundary(uint32_t cp) {
  static const std::u32string kChars = U"\t |｜】]）)：:，,；;。·•>》";
  return kChars.find(static_cast<char32_t>(cp)) != std::u32string::npos || IsSpaceCodePoint(cp);
}

// The code point before byte `pos` of `s` (0 at the start).
uint32_t Before(std::string_view s, size_t pos) {
  if (pos == 0) return 0;
  size_t start = pos - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  size_t len;
  return DecodeUtf8At(s, start, &len);
}

// The last code point of `s` (0 if empty).
uint32_t LastCodePoint(std::string_view s) { return Before(s, s.size()); }

// True if everything between the start of the label's cell and the label is numbering (or
// space, when numbering is not allowed).
bool StartsItsCell(std::string_view line, size_t pos, bool numbering) {
  size_t cell = line.rfind('\t', pos == 0 ? 0 : pos - 1);
  cell = (cell == npos || pos == 0) ? 0 : cell + 1;
  for (size_t i = cell; i < pos;) {
    size_t len;
    uint32_t cp = DecodeUtf8At(line, i, &len);
    if (!(numbering ? IsNumbering(cp) : IsSpaceCodePoint(cp))) return false;
    i += len;
  }
  return true;
}

// A short line ending in a colon is a label of its own ("咨询窗口："), though not one we read:
// the label above it has no value.
// So is a line that starts with a short label and its colon ("主办单位：…" in the footer).
bool IsOtherLabel(std::string_view line) {
  constexpr size_t kMaxLabelCodePoints = 12;
  constexpr size_t kMaxLeadingLabelCodePoints = 6;
  if ((line.ends_with(":") || line.ends_with("：")) && CodePoints(line) <= kMaxLabelCodePoints) return true;
  size_t colon = line.find("：");
  if (colon == npos) colon = line.find(':');
  if (colon == npos || colon == 0) return false;
  std::string_view label = line.substr(0, colon);
  if (CodePoints(label) > kMaxLeadingLabelCodePoints) return false;
  for (size_t i = 0; i < label.size();) {
    size_t len;
    if (!IsCjk(DecodeUtf8At(label, i, &len))) return false;
    i += len;
  }
  return true;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size()) {
    size_t len;
    uint32_t cp = DecodeUtf8At(s, i, &len);
    if (cp == '\t' || !IsSpaceCodePoint(cp)) break;
    i += len;
  }
  return i;
}

// The labels by their first two code points: every page's text is scanned, so each position is
// compared only with the labels that can start there (办理 begins a dozen labels, and is a
// common word). The index owns copies of the labels, so that it can outlive the settings it was
// built from (see CachedIndex).
class LabelIndex {
 public:
  explicit LabelIndex(const std::vector<LabelSet>& sets) {
    for (const LabelSet& s : sets) {
      for (const std::string& label : *s.labels) {
        if (!label.empty()) labels_.push_back({label, s.id});
      }
    }
    for (const auto& [label, id] : labels_) {
      size_t first_len;
      const uint32_t first = DecodeUtf8At(label, 0, &first_len);
      if (first_len == label.size()) {
        by_one_[first].push_back({&label, id});
      } else {
        size_t second_len;
        by_two_[TwoKey(first, DecodeUtf8At(label, first_len, &second_len))].push_back({&label, id});
      }
      may_start_.AddWord(label);
      const std::string_view trimmed = TrimSpaces(label);
      if (trimmed.empty()) {
        blank_label_ = true;  // it stands alone anywhere: no line can be ruled out
      } else {
        last_code_points_.insert(LastCodePoint(trimmed));
      }
    }
  }
  LabelIndex(const LabelIndex&) = delete;
  LabelIndex& operator=(const LabelIndex&) = delete;

  // True if the index was built from these sets, or from sets with the same labels and ids
  // in the same order (empty labels aside, as the index has none).
  bool IndexesExactly(const std::vector<LabelSet>& sets) const {
    size_t k = 0;
    for (const LabelSet& s : sets) {
      for (const std::string& label : *s.labels) {
        if (label.empty()) continue;
        if (k == labels_.size() || labels_[k].second != s.id || labels_[k].first != label) return false;
        ++k;
      }
    }
    return k == labels_.size();
  }

  // True if some label ends with the code point `cp` (spaces after it aside).
  bool EndsALabel(uint32_t cp) const { return blank_label_ || last_code_points_.count(cp) > 0; }

  // The next position where a label may start (most characters of a page are stepped over
  // with a bit test, no decoding).
  size_t NextCandidate(std::string_view line, size_t pos) const { return may_start_.NextCandidate(line, pos); }

  // The longest label starting at line[pos] (whose first code point, cp, is cp_len bytes), with
  // its set; of labels as long, the first given.
  const std::string* LongestAt(std::string_view line, size_t pos, uint32_t cp, size_t cp_len, int* set) const {
    if (pos + cp_len < line.size()) {
      size_t second_len;
      auto it = by_two_.find(TwoKey(cp, DecodeUtf8At(line, pos + cp_len, &second_len)));
      if (it != by_two_.end()) {
        if (const std::string* label = LongestOf(it->second, line, pos, set)) return label;
      }
    }
    auto it = by_one_.find(cp);
    return it == by_one_.end() ? nullptr : LongestOf(it->second, line, pos, set);
  }

 private:
  using Entry = std::pair<const std::string*, int>;
  static uint64_t TwoKey(uint32_t first, uint32_t second) { return uint64_t{first} << 32 | second; }
  static const std::string* LongestOf(const std::vector<Entry>& entries, std::string_view line, size_t pos, int* set) {
    const std::string* best = nullptr;
    for (const auto& [label, id] : entries) {
      if ((best == nullptr || label->size() > best->size()) && line.compare(pos, label->size(), *label) == 0) {
        best = label;
        *set = id;
      }
    }
    return best;
  }

  std::vector<std::pair<std::string, int>> labels_;  // not resized once built: the maps point into it
  Utf8StartFilter may_start_;                        // the labels' first two characters
  std::unordered_map<uint64_t, std::vector<Entry>> by_two_;  // labels of two characters or more
  std::unordered_map<uint32_t, std::vector<Entry>> by_one_;  // labels of one character
  std::unordered_set<uint32_t> last_code_points_;            // of every label, spaces after it aside
  bool blank_label_ = false;                                 // a label of spaces only
};

// Building an index costs more than scanning a short text, and a run scans every page with
// the same few label sets (the settings'): each thread keeps the indexes it built, and finds
// one by comparing its labels with the sets' (not by address: settings may be freed and others
// built in their place). Comparing costs less than building a key of every label would.
const LabelIndex& CachedIndex(const std::vector<LabelSet>& sets) {
  thread_local std::vector<std::unique_ptr<LabelIndex>> cache;
  constexpr size_t kMaxCached = 32;  // a run uses a handful; tests build many settings
  for (const std::unique_ptr<LabelIndex>& index : cache) {
    if (index->IndexesExactly(sets)) return *index;
  }
  if (cache.size() >= kMaxCached) cache.clear();
  cache.push_back(std::make_unique<LabelIndex>(sets));
  return *cache.back();
}

// True if `line` holds a colon (: or ：), a tab or an ASCII digit.
bool HoldsColonTabOrDigit(std::string_view line) {
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  const size_t n = line.size();
  size_t i = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time: '\t', '0'-'9' and ':' (0x30-0x3A), and ： (EF BC 9A) as the three
  // bytes at i, i+1, i+2. Chinese prose has none of them, and its lines are most of the text.
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i zero_digit = _mm_set1_epi8('0');
  const __m128i colon_offset = _mm_set1_epi8(':' - '0');
  const __m128i zero = _mm_setzero_si128();
  for (; i + 18 <= n; i += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    // '0' <= byte <= ':' when byte - '0' (wrapping) is at most ':' - '0'.
    const __m128i in_range =
        _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(b, zero_digit), colon_offset), zero);
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(b, tab), in_range);
    const __m128i b1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    const __m128i b2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 2));
    const __m128i wide_colon =
        _mm_and_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(static_cast<char>(0xEF))),
                      _mm_and_si128(_mm_cmpeq_epi8(b1, _mm_set1_epi8(static_cast<char>(0xBC))),
                                    _mm_cmpeq_epi8(b2, _mm_set1_epi8(static_cast<char>(0x9A)))));
    hit = _mm_or_si128(hit, wide_colon);
    if (_mm_movemask_epi8(hit) != 0) return true;
  }
#endif
  for (; i < n; ++i) {
    const unsigned char c = p[i];
    if (c == '\t' || (c >= '0' && c <= ':')) return true;
    if (c == 0xEF && i + 2 < n && p[i + 1] == 0xBC && p[i + 2] == 0x9A) return true;
  }
  return false;
}

// True if no label can stand in `line`, so that HitsOf would find none: a label needs a colon
// after it, a tab or the line's end after it (alone in its cell), a date after it (an ASCII
// digit), or a short line (a numbered heading). A long line of prose has none of these unless
// it ends with a label.
bool HoldsNoLabel(std::string_view line, const LabelIndex& index) {
  constexpr size_t kMaxShortLineBytes = kMaxHeadingCodePoints * 4;
  const std::string_view trimmed = TrimSpaces(line);
  if (trimmed.size() <= kMaxShortLineBytes || HoldsColonTabOrDigit(line)) return false;
  return !index.EndsALabel(LastCodePoint(trimmed));
}

std::vector<Hit> HitsOf(std::string_view line, const LabelIndex& index, const LabelScan& options) {
  std::vector<Hit> hits;
  for (size_t pos = index.NextCandidate(line, 0); pos < line.size(); pos = index.NextCandidate(line, pos)) {
    int set = 0;
    size_t cp_len;
    const uint32_t cp = DecodeUtf8At(line, pos, &cp_len);
    const std::string* label = index.LongestAt(line, pos, cp, cp_len, &set);
    if (label == nullptr) {
      pos += cp_len;
      continue;
    }
    const size_t end = pos + label->size();
    size_t j = SkipSpaces(line, end);
    bool colon = false;
    if (j < line.size() && line[j] == ':') {
      colon = true;
      ++j;
    } else if (line.compare(j, 3, "：") == 0) {
      colon = true;
      j += 3;
    }
    const bool starts_cell = StartsItsCell(line, pos, options.numbering);
    const size_t after = SkipSpaces(line, j);
    const bool alone = starts_cell && (after >= line.size() || line[after] == '\t');
    const uint32_t before = Before(line, pos);
    bool date_follows = false;
    if (!colon && !alone && after < line.size() && (pos == 0 || IsBoundary(before) || starts_cell)) {
      // The value must start with the date (its first digit within a bracket or two).
      std::string_view window = line.substr(after, kDateWindow);
      size_t first_digit = window.find_first_of("0123456789");
      date_follows = first_digit != npos && first_digit <= kDateSlack && FindDateInText(window).has_value();
    }
    // A short numbered heading that starts with a label ("7 收费依据及标准"): its value is below.
    const bool heading = !colon && !alone && options.numbering && starts_cell && pos > 0 && line.find('\t') == npos &&
                         CodePoints(TrimSpaces(line)) <= kMaxHeadingCodePoints;
    if (heading) {
      hits.push_back({set, *label, pos, end, line.size(), true});
      pos = end;
    } else if (colon || alone || date_follows) {
      hits.push_back({set, *label, pos, end, j, alone});
      pos = end;
    } else {
      pos = end;  // a word inside running text: not a label, and not matched again inside
    }
  }
  return hits;
}

// The value of hits[i] on its own line: up to the next label, the end of its cell or line.
std::string_view InlineValue(std::string_view line, const std::vector<Hit>& hits, size_t i) {
  const Hit& h = hits[i];
  const size_t limit = i + 1 < hits.size() ? hits[i + 1].start : line.size();
  std::string_view raw = line.substr(h.value_start, limit - h.value_start);
  size_t k = SkipSpaces(raw, 0);
  raw.remove_prefix(k);
  if (!raw.empty() && raw.front() == '\t') {
    raw.remove_prefix(1);  // a label cell: its value is the next cell
  }
  if (size_t tab = raw.find('\t'); tab != npos) raw = raw.substr(0, tab);
  return TrimSpaces(raw);
}

}  // namespace

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == npos) end = text.size();
    out.push_back(TrimSpaces(text.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

std::vector<LabelledValue> ScanLabels(std::string_view text, const std::vector<LabelSet>& sets,
                                      const LabelScan& options) {
  struct LineHits {
    std::string_view line;
    size_t offset;
    std::vector<Hit> hits;
  };
  const LabelIndex& index = CachedIndex(sets);
  std::vector<LineHits> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (options.skip_plain_lines && HoldsNoLabel(line, index)) {
      lines.push_back({line, start, {}});
    } else {
      lines.push_back({line, start, HitsOf(line, index, options)});
    }
    start = end + 1;
  }
  std::vector<LabelledValue> out;
  for (size_t l = 0; l < lines.size(); ++l) {
    const LineHits& lh = lines[l];
    for (size_t i = 0; i < lh.hits.size(); ++i) {
      const Hit& h = lh.hits[i];
      std::string value(InlineValue(lh.line, lh.hits, i));
      if (IsOtherLabel(value)) value.clear();
      const bool last_on_line = i + 1 == lh.hits.size();
      if (value.empty() && last_on_line && TrimSpaces(lh.line.substr(h.value_start)).empty()) {
        // A heading or a label line: the value is on the lines below, up to the next label.
        for (size_t next = l + 1; next < lines.size(); ++next) {
          const LineHits& below = lines[next];
          if (!below.hits.empty() && StartsItsCell(below.line, below.hits.front().start, options.numbering)) break;
          std::string_view part = TrimSpaces(below.line);
          if (part.empty()) continue;
          if (IsOtherLabel(part)) break;
          value += (value.empty() ? "" : "\n") + std::string(part);
          if (!options.multi_line_values || value.size() >= options.max_value_bytes) break;
        }
      }
      if (value.size() > options.max_value_bytes) value = std::string(Utf8Prefix(value, options.max_value_bytes));
      out.push_back({h.set, std::string(h.label), std::move(value), lh.offset + h.start});
    }
  }
  return out;
}

}  // namespace govaudit::classify_internal
