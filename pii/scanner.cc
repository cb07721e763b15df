#include "pii/scanner.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "pii/internal/chars.h"

namespace govaudit::pii {

using namespace internal;  // NOLINT: the shared character helpers

namespace {

enum class Verdict { kNone, kCompliant, kHit, kUnderMasked };

struct Options {
  bool card_context = false;  // every digit run has bank-card context
  bool address_cell = false;  // the whole text is an address candidate (a table cell)
  bool track_tables = true;   // follow '\t'/'\n' cells and column headers
};

// One left-to-right pass over text[begin, end). Lookbacks (card context, labels) may
// read before begin; nothing reads at or after end.
class Scanner {
 public:
  Scanner(std::string_view text, size_t begin, size_t end, Options options)
      : view_(text.substr(0, end)), begin_(begin), end_(end), opt_(options) {
    cell_start_ = begin;
  }

  // When begin is inside a table block, recovers the column of begin and the column
  // flags from the block's header lines so that context matches a whole-text scan.
  void SeedTableState();

  std::vector<PiiHit> Run();

 private:
  struct Group {
    size_t byte_begin = 0;
    size_t byte_end = 0;
    uint32_t char_begin = 0;
    uint32_t char_len = 0;
    bool space_before = false;  // joined to the previous group by a space, not '-'
    bool plus = false;          // written with a leading '+'
  };
  struct Candidate {
    char c[kMaxCandidateChars + 1];
    int n = 0;
    int lens[kMaxCandidateChars + 1];
    int k = 0;
    bool plus = false;
  };

  size_t ParseChain(size_t p);
  void Evaluate();
  bool TryCandidate(size_t gb, size_t ge);
  bool Judge(const Candidate& cand, size_t begin, size_t end);
  void JudgeLoneRun(size_t begin, size_t end);
  Verdict ClassifyMobile(const Candidate& c, int* body_start) const;
  Verdict ClassifyCard(const Candidate& c, size_t pos) const;
  bool LeftBoundaryOk(size_t pos) const;
  bool RightBoundaryOk(size_t pos) const;
  bool HasCardContext(size_t pos) const;
  uint8_t CurrentCellFlags() const;
  void OnColon(size_t pos, size_t len);
  void OnHouseNumber(size_t digits);
  size_t AddressValueEnd(size_t vs) const;
  void CheckAddressValue(size_t vs, size_t ve);
  void EndCell(size_t pos, bool newline);
  void MergeLineFlags(std::string_view line);

  std::string_view view_;
  size_t begin_;
  size_t end_;
  Options opt_;
  std::vector<PiiHit> hits_;

  // Current digit chain.
  std::vector<Group> groups_;
  std::string chars_;

  // Table tracking.
  size_t cell_start_ = 0;
  int col_ = 0;
  bool line_has_tab_ = false;
  int block_line_ = 0;                 // index of the current line in its table block
  std::vector<uint8_t> col_flags_;     // from the block's header lines
  std::vector<uint8_t> line_flags_;    // keyword flags of this line's cells
  uint8_t left_flags_ = 0;             // the previous cell of this line was a label
  size_t last_addr_begin_ = 0;
  size_t last_addr_end_ = 0;
};

std::vector<PiiHit> Scanner::Run() {
  const char* p = view_.data();
  size_t i = begin_;
  while (true) {
    i = SkipUninteresting(p, i, end_);
    if (i >= end_) break;
    const unsigned char c = U8(p[i]);
    if (IsAsciiDigit(static_cast<char>(c))) {
      // Most runs stand alone: no digit, mask, 'X' or separator continues them. Those are
      // judged here without the chain machinery; fewer than 11 digits (dates, amounts,
      // counts, short codes) cannot be a value at all.
      size_t r = i + 1;
      while (r < end_ && IsAsciiDigit(p[r])) ++r;
      const CharClass next = r < end_ ? Decode(view_, r).cls : kOther;
      if (next == kOther || next == kPlus) {
        if (r - i >= 11) {
          JudgeLoneRun(i, r);
        } else if (r + 3 <= end_ && (Eq3(p + r, "号") || Eq3(p + r, "组"))) {
          OnHouseNumber(i);
        }
        i = r;
        continue;
      }
      i = ParseChain(i);
      continue;
    }
    if (c == '*') {
      i = ParseChain(i);
      continue;
    }
    switch (c) {
      case '\t':
      case '\n':
        if (opt_.track_tables) EndCell(i, c == '\n');
        ++i;
        continue;
      case ':':
        OnColon(i, 1);
        ++i;
        continue;
      default:
        break;
    }
    const Decoded d = Decode(view_, i);
    if (d.cls == kDigit || d.cls == kMask ||
        (d.cls == kPlus && i + d.len < end_ && Decode(view_, i + d.len).cls == kDigit)) {
      i = ParseChain(i);
      continue;
    }
    if (d.len == 3 && c == 0xEF && U8(p[i + 1]) == 0xBC && U8(p[i + 2]) == 0x9A) {
      OnColon(i, 3);  // ：
    }
    i += d.len;
  }
  if (opt_.track_tables) EndCell(end_, true);
  if (opt_.address_cell) CheckAddressValue(begin_, end_);
  auto by_offset = [](const PiiHit& a, const PiiHit& b) { return a.offset < b.offset; };
  if (!std::is_sorted(hits_.begin(), hits_.end(), by_offset)) {
    std::stable_sort(hits_.begin(), hits_.end(), by_offset);
  }
  return std::move(hits_);
}

// Collects a chain of digit groups joined by single ' ' or '-' separators.
size_t Scanner::ParseChain(size_t p) {
  groups_.clear();
  chars_.clear();
  size_t q = p;
  bool space_before = false;
  while (true) {
    Group g;
    g.byte_begin = q;
    g.space_before = space_before;
    g.char_begin = static_cast<uint32_t>(chars_.size());
    Decoded d = Decode(view_, q);
    if (d.cls == kPlus) {
      g.plus = true;
      q += d.len;
    }
    while (q < end_) {
      if (IsAsciiDigit(view_[q])) {  // the common case: a run of ASCII digits at once
        size_t r = q + 1;
        while (r < end_ && IsAsciiDigit(view_[r])) ++r;
        chars_.append(view_.data() + q, r - q);
        q = r;
        continue;
      }
      d = Decode(view_, q);
      if (d.cls == kDigit || d.cls == kMask ||
          (d.cls == kLetterX && chars_.size() > g.char_begin)) {
        chars_.push_back(d.norm);
        q += d.len;
      } else {
        break;
      }
    }
    g.char_len = static_cast<uint32_t>(chars_.size() - g.char_begin);
    g.byte_end = q;
    groups_.push_back(g);
    if (q >= end_) break;
    d = Decode(view_, q);
    if (d.cls != kSep) break;
    const size_t r = q + d.len;
    if (r >= end_) break;
    const Decoded e = Decode(view_, r);
    const bool continues =
        e.cls == kDigit || e.cls == kMask ||
        (e.cls == kPlus && r + e.len < end_ && Decode(view_, r + e.len).cls == kDigit);
    if (!continues) break;
    space_before = d.norm == ' ';
    q = r;
  }
  Evaluate();
  return q;
}

// Splits the chain at spaces into segments ('-' binds harder: 0955-7012345 is one
// number) and tries the longest run of whole segments first at each position.
void Scanner::Evaluate() {
  if (chars_.size() < 11) return;  // dates, amounts, short codes: the usual chain
  const size_t g = groups_.size();
  size_t si = 0;
  size_t ends[kMaxCandidateChars + 1];
  while (si < g) {
    int n_ends = 0;
    size_t total = 0;
    for (size_t e = si; e < g; ++e) {
      total += groups_[e].char_len;
      if (total > static_cast<size_t>(kMaxCandidateChars)) break;
      if (e + 1 == g || groups_[e + 1].space_before) ends[n_ends++] = e;
    }
    bool matched = false;
    for (int k = n_ends - 1; k >= 0; --k) {
      if (TryCandidate(si, ends[k])) {
        si = ends[k] + 1;
        matched = true;
        break;
      }
    }
    if (!matched) {
      ++si;
      while (si < g && !groups_[si].space_before) ++si;
    }
  }
}

bool Scanner::TryCandidate(size_t gb, size_t ge) {
  Candidate cand;
  cand.plus = groups_[gb].plus;
  for (size_t e = gb; e <= ge; ++e) {
    const Group& grp = groups_[e];
    if (grp.char_len == 0 || (e != gb && grp.plus)) return false;
    std::memcpy(cand.c + cand.n, chars_.data() + grp.char_begin, grp.char_len);
    cand.n += static_cast<int>(grp.char_len);
    cand.lens[cand.k++] = static_cast<int>(grp.char_len);
  }
  cand.c[cand.n] = '\0';
  if (cand.n < 11) return false;  // shorter than any value we look for
  const size_t begin = groups_[gb].byte_begin;
  const size_t end = groups_[ge].byte_end;
  if (gb == 0 && !LeftBoundaryOk(begin)) return false;
  if (ge + 1 == groups_.size() && !RightBoundaryOk(end)) return false;
  return Judge(cand, begin, end);
}

// A chain that is one run of 11 or more ASCII digits and nothing else (IDs, cards and
// mobiles in table cells, order numbers): the one candidate ParseChain would try, without
// collecting groups. Longer than any value, it is none.
void Scanner::JudgeLoneRun(size_t begin, size_t end) {
  if (end - begin > static_cast<size_t>(kMaxCandidateChars)) return;
  Candidate cand;
  cand.n = static_cast<int>(end - begin);
  std::memcpy(cand.c, view_.data() + begin, end - begin);
  cand.c[cand.n] = '\0';
  cand.lens[cand.k++] = cand.n;
  if (!LeftBoundaryOk(begin) || !RightBoundaryOk(end)) return;
  Judge(cand, begin, end);
}

// Classifies a candidate whose boundaries passed: ID, then mobile, then card.
bool Scanner::Judge(const Candidate& cand, size_t begin, size_t end) {
  PiiKind kind = PiiKind::kIdNumber;
  Verdict verdict = Verdict::kNone;
  std::string_view body(cand.c, cand.n);
  // One run of digits, or an 18-character ID written in groups (4414 2319 8507 1523 41,
  // 441423 19850715 2341): the check digit keeps grouped card and account numbers out.
  bool grouped_like_id = cand.k <= 5;
  for (int g = 0; g < cand.k; ++g) grouped_like_id = grouped_like_id && cand.lens[g] >= 2;
  const bool id_shape = cand.k == 1 ? (cand.n == 18 || cand.n == 15) : (cand.n == 18 && grouped_like_id);
  if (id_shape && !cand.plus) {
    int hidden = 0;
    for (int i = 0; i < cand.n; ++i) {
      if (cand.c[i] == '*' || (cand.c[i] == 'X' && !(cand.n == 18 && i == 17))) ++hidden;
    }
    if (hidden == 0) {
      if (IsValidId(cand.c, cand.n)) verdict = Verdict::kHit;
    } else if (IsPlausibleMaskedId(cand.c, cand.n)) {
      verdict = hidden >= kIdMinHiddenChars ? Verdict::kCompliant : Verdict::kUnderMasked;
    }
  }
  if (verdict == Verdict::kNone) {
    int body_start = 0;
    verdict = ClassifyMobile(cand, &body_start);
    if (verdict != Verdict::kNone) {
      kind = PiiKind::kMobile;
      body = body.substr(body_start);
    }
  }
  if (verdict == Verdict::kNone) {
    verdict = ClassifyCard(cand, begin);
    if (verdict != Verdict::kNone) kind = PiiKind::kBankCard;
  }
  if (verdict == Verdict::kNone) return false;
  if (verdict != Verdict::kCompliant) {
    hits_.push_back(PiiHit{kind, begin, end - begin, MaskChars(kind, body),
                           verdict == Verdict::kUnderMasked});
  }
  return true;
}

Verdict Scanner::ClassifyMobile(const Candidate& cand, int* body_start) const {
  const char* c = cand.c;
  int gi = 0;    // first body group
  int skip = 0;  // prefix chars glued to the first body group
  if (cand.plus) {
    if (cand.n < 2 || c[0] != '8' || c[1] != '6') return Verdict::kNone;
    if (cand.lens[0] == 2) {
      gi = 1;
    } else {
      skip = 2;
    }
  } else if (cand.k >= 2 && cand.lens[0] == 2 && c[0] == '8' && c[1] == '6') {
    gi = 1;
  } else if (cand.k >= 2 && cand.lens[0] == 4 && std::memcmp(c, "0086", 4) == 0) {
    gi = 1;
  } else if (cand.k == 1 && cand.n == 13 && c[0] == '8' && c[1] == '6') {
    skip = 2;
  } else if (cand.k == 1 && cand.n == 15 && std::memcmp(c, "0086", 4) == 0) {
    skip = 4;
  }
  int blens[4];
  int bk = 0;
  for (int g = gi; g < cand.k; ++g) {
    const int len = cand.lens[g] - (g == gi ? skip : 0);
    if (len <= 0 || bk == 4) return Verdict::kNone;
    blens[bk++] = len;
  }
  const int start = (gi == 1 ? cand.lens[0] : 0) + skip;
  if (cand.n - start != 11) return Verdict::kNone;
  // 13954201234, 139 5420 1234, 139-54201234, 1395420-1234.
  const bool grouping = bk == 1 || (bk == 3 && blens[0] == 3 && blens[1] == 4) ||
                        (bk == 2 && (blens[0] == 3 || blens[0] == 7));
  if (!grouping) return Verdict::kNone;
  const char* b = c + start;
  if (b[0] != '1' || b[1] < '3' || b[1] > '9') return Verdict::kNone;
  int hidden = 0;
  for (int i = 2; i < 11; ++i) hidden += !Dig(b[i]);
  *body_start = start;
  if (hidden == 0) return Verdict::kHit;
  return hidden >= kMobileMinHiddenDigits ? Verdict::kCompliant : Verdict::kUnderMasked;
}

Verdict Scanner::ClassifyCard(const Candidate& cand, size_t pos) const {
  if (cand.plus || cand.n < 16 || cand.n > 19) return Verdict::kNone;
  if (cand.k > 1) {  // written in groups of four: 6222 0212 3456 7890 123
    for (int g = 0; g + 1 < cand.k; ++g) {
      if (cand.lens[g] != 4) return Verdict::kNone;
    }
    if (cand.lens[cand.k - 1] > 4) return Verdict::kNone;
  }
  if (cand.c[0] < '1' || cand.c[0] > '9') return Verdict::kNone;
  int hidden = 0;
  for (int i = 0; i < cand.n; ++i) hidden += !Dig(cand.c[i]);
  if (hidden >= kCardMinHiddenDigits) return Verdict::kCompliant;
  if (hidden == 0 && !LuhnOk(cand.c, cand.n)) return Verdict::kNone;
  if (!HasCardContext(pos)) return Verdict::kNone;
  return hidden == 0 ? Verdict::kHit : Verdict::kUnderMasked;
}

// Glued to a code (91640500MA76...), a decimal fraction or a currency sign: not PII.
bool Scanner::LeftBoundaryOk(size_t pos) const {
  if (pos == 0) return true;
  const char b = view_[pos - 1];
  if (IsAsciiAlpha(b) || b == '_') return false;
  if ((b == '.' || b == '-') && pos >= 2 && IsAsciiAlnum(view_[pos - 2])) return false;
  if (pos >= 2 && U8(view_[pos - 2]) == 0xC2 && U8(b) == 0xA5) return false;  // ¥
  if (pos >= 3 && view_.substr(pos - 3, 3) == "￥") return false;
  return true;
}

// Glued to letters, a decimal point with digits, a percent sign, or an amount unit.
bool Scanner::RightBoundaryOk(size_t pos) const {
  if (pos >= end_) return true;
  const char b = view_[pos];
  if (IsAsciiAlpha(b) || b == '_' || b == '%') return false;
  if ((b == '.' || b == '-') && pos + 1 < end_ && IsAsciiAlnum(view_[pos + 1])) return false;
  size_t q = pos;
  while (q < end_ && view_[q] == ' ') ++q;
  std::string_view rest = view_.substr(q, 6);
  if (rest.starts_with("元")) return false;
  if (rest == "万元" || rest == "亿元" || rest == "千元") return false;
  return true;
}

uint8_t Scanner::CurrentCellFlags() const {
  if (!opt_.track_tables) return 0;
  uint8_t flags = left_flags_;
  if (col_ < static_cast<int>(col_flags_.size())) flags |= col_flags_[col_];
  return flags;
}

bool Scanner::HasCardContext(size_t pos) const {
  if (opt_.card_context || (CurrentCellFlags() & kCardFlag)) return true;
  // A number under a label that names something else ("项目编号：…", "统一社会信用代码：…") is
  // that, whatever is said of cards before it ("通过“一卡通”发放…（项目编号：4510…）"). Other
  // labels ("号码：") leave it to the context.
  std::string_view before = view_.substr(0, pos);
  while (before.ends_with(" ")) before.remove_suffix(1);
  const size_t colon = before.ends_with("：") ? 3 : before.ends_with(":") ? 1 : 0;
  if (colon > 0) {
    before.remove_suffix(colon);
    const std::string_view label =
        before.substr(before.size() > kMaxNumberLabelBytes ? before.size() - kMaxNumberLabelBytes : 0);
    if (!ContainsAny(label, kCardKeywords)) {
      for (std::string_view other : kOtherNumberLabels) {
        if (label.ends_with(other)) return false;
      }
    }
  }
  size_t j = pos;
  size_t chars = 0;
  while (j > 0 && chars < kCardContextChars) {
    --j;
    if (!IsContinuation(view_[j])) ++chars;
  }
  return ContainsAny(view_.substr(j, pos - j), kCardKeywords);
}

void Scanner::OnColon(size_t pos, size_t len) {
  size_t e = pos;
  while (e > 0 && view_[e - 1] == ' ') --e;
  const std::string_view before = view_.substr(0, e);
  // Every label ends in 址 or 地: one compare rules out almost every colon.
  if (e < 3 || (!Eq3(before.data() + e - 3, "址") && !Eq3(before.data() + e - 3, "地"))) return;
  size_t label_len = 0;
  for (std::string_view label : kAddressColonLabels) {
    if (EndsWith(before, label)) {
      label_len = label.size();
      break;
    }
  }
  if (label_len == 0) return;
  const std::string_view prefix = before.substr(0, e - label_len);
  for (std::string_view office : kOfficeWords) {
    if (EndsWith(prefix, office)) return;  // 单位住址, 办公住址
  }
  const size_t vs = pos + len;
  CheckAddressValue(vs, AddressValueEnd(vs));
}

// A house or group number ("18号", "3组") may end an address written in running text after
// 家住 or 现住, with no label's colon ("张某，家住某县某镇某村18号"). The main loop steps over CJK
// text unseen (that is its speed), so the clause before such a number is searched instead.
void Scanner::OnHouseNumber(size_t digits) {
  // Only after a place's last unit ("…村18号", "…南大街18号", "…村3组"): a 文号's 〔2026〕3号
  // and most other numbers stop here.
  const char* p = view_.data();
  if (digits < begin_ + 3 || (U8(p[digits - 3]) & 0xF0) != 0xE0) return;
  bool after_place = false;
  for (std::string_view unit : {"村", "路", "街", "巷", "弄", "道", "组", "队", "社", "庄", "屯", "里"}) {
    after_place = after_place || Eq3(p + digits - 3, unit);
  }
  if (!after_place) return;
  constexpr size_t kMaxLookBack = 120;
  const size_t floor = digits > begin_ + kMaxLookBack ? digits - kMaxLookBack : begin_;
  for (size_t k = digits; k >= floor + 3;) {  // k: a character boundary
    const unsigned char last = U8(p[k - 1]);
    if (last == '\n' || last == '\t' || last == ':') return;  // another line, cell or label
    if (last < 0x80 || (U8(p[k - 3]) & 0xF0) != 0xE0) {
      --k;
      continue;
    }
    if (Eq3(p + k - 3, "，") || Eq3(p + k - 3, "。") || Eq3(p + k - 3, "；") || Eq3(p + k - 3, "：")) return;
    if (Eq3(p + k - 3, "住") && k >= begin_ + 6 && (Eq3(p + k - 6, "家") || Eq3(p + k - 6, "现"))) {
      if (view_.substr(k, 3) == "址") return;  // 家住址：, 现住址：: labels, read at their colon
      // A place must be named: "家住3号楼的居民" is a notice to a building, not an address.
      const size_t end = AddressValueEnd(k);
      if (ContainsAny(view_.substr(k, end - k), kPlaceUnits)) CheckAddressValue(k, end);
      return;
    }
    k -= 3;
  }
}

// An inline address ends at a cell/line break or a clause punctuation mark. A space
// ends it once the address is already detailed ("…村3组 张三") or when a new label
// follows ("… 电话："); otherwise the address goes on ("长胜街道 胜利路 12号").
size_t Scanner::AddressValueEnd(size_t vs) const {
  size_t i = vs;
  while (i < end_ && i - vs < kMaxAddressBytes) {
    size_t next = i;
    const char32_t cp = NextCp(view_, next);
    if (next - vs > kMaxAddressBytes) break;
    switch (cp) {
      case '\t': case '\n': case '\r': case ';': case ',': case ')': case ':':
      case U'；': case U'，': case U'。': case U'、': case U'）': case U'：':
        return i;
      default:
        break;
    }
    if (IsSpaceCp(cp) && i > vs) {
      if (IsDetailedAddress(view_.substr(vs, i - vs))) return i;
      // Look at the next chunk for a label colon.
      for (size_t k = next; k < end_ && k - next < 30;) {
        const char32_t c2 = NextCp(view_, k);
        if (c2 == ':' || c2 == U'：') return i;
        if (IsSpaceCp(c2) || c2 == '\t' || c2 == '\n' || c2 == U'，' || c2 == U'。') break;
      }
    }
    i = next;
  }
  return i;
}

void Scanner::CheckAddressValue(size_t vs, size_t ve) {
  const std::string_view raw = view_.substr(vs, ve - vs);
  const std::string_view value = TrimSpaces(raw);
  if (value.empty()) return;
  vs += static_cast<size_t>(value.data() - raw.data());
  ve = vs + value.size();
  if (vs < last_addr_end_ && ve > last_addr_begin_) return;  // already reported
  // The detail test first: it rejects most cells (masked ones, "平罗县姚伏镇***") in one
  // pass, where the agency words take a search each.
  if (!IsDetailedAddress(value)) return;
  if (ContainsAny(value, kAgencyValueWords)) return;
  hits_.push_back(PiiHit{PiiKind::kAddress, vs, value.size(), MaskAddress(value),
                         ContainsMask(value)});
  last_addr_begin_ = vs;
  last_addr_end_ = ve;
}

void Scanner::EndCell(size_t pos, bool newline) {
  const std::string_view cell = view_.substr(cell_start_, pos - cell_start_);
  const bool tabbed = line_has_tab_ || !newline;
  uint8_t flags = left_flags_;
  if (tabbed && col_ < static_cast<int>(col_flags_.size())) flags |= col_flags_[col_];
  if (flags & kAddrFlag) CheckAddressValue(cell_start_, pos);
  const uint8_t keyword = tabbed ? CellKeywordFlags(cell) : 0;
  if (keyword && block_line_ < kHeaderLines) {
    if (line_flags_.size() <= static_cast<size_t>(col_)) line_flags_.resize(col_ + 1, 0);
    line_flags_[col_] |= keyword;
  }
  if (!newline) {
    line_has_tab_ = true;
    left_flags_ = keyword;
    ++col_;
    cell_start_ = pos + 1;
    return;
  }
  if (line_has_tab_) {
    if (col_flags_.size() < line_flags_.size()) col_flags_.resize(line_flags_.size(), 0);
    for (size_t c = 0; c < line_flags_.size(); ++c) col_flags_[c] |= line_flags_[c];
    ++block_line_;
  } else {  // a block that is not a table row ends any table
    col_flags_.clear();
    block_line_ = 0;
  }
  line_flags_.clear();
  col_ = 0;
  line_has_tab_ = false;
  left_flags_ = 0;
  cell_start_ = pos + 1;
}

void Scanner::MergeLineFlags(std::string_view line) {
  size_t col = 0;
  while (true) {
    const size_t tab = line.find('\t');
    const uint8_t f = CellKeywordFlags(line.substr(0, tab));
    if (f) {
      if (col_flags_.size() <= col) col_flags_.resize(col + 1, 0);
      col_flags_[col] |= f;
    }
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
    ++col;
  }
}

void Scanner::SeedTableState() {
  const size_t limit = begin_ > kSeedLookbackBytes ? begin_ - kSeedLookbackBytes : 0;
  size_t ls = begin_;
  while (ls > limit && view_[ls - 1] != '\n') --ls;
  if (ls > 0 && view_[ls - 1] != '\n') return;  // too long to be a table row
  // Position of begin_ inside its line.
  const std::string_view head = view_.substr(ls, begin_ - ls);
  const size_t last_tab = head.rfind('\t');
  if (last_tab != std::string_view::npos) {
    col_ = static_cast<int>(std::count(head.begin(), head.end(), '\t'));
    line_has_tab_ = true;
    cell_start_ = ls + last_tab + 1;
    const std::string_view before = head.substr(0, last_tab);
    const size_t prev_tab = before.rfind('\t');
    left_flags_ = CellKeywordFlags(
        prev_tab == std::string_view::npos ? before : before.substr(prev_tab + 1));
  } else {
    cell_start_ = ls;
  }
  // Earlier tabbed lines of the same block, nearest first.
  std::vector<std::string_view> lines;
  size_t cur = ls;
  while (cur > limit && cur > 0) {
    const size_t le = cur - 1;  // the '\n' ending the previous line
    size_t ps = le;
    while (ps > limit && view_[ps - 1] != '\n') --ps;
    const std::string_view line = view_.substr(ps, le - ps);
    if (line.find('\t') == std::string_view::npos) break;
    lines.push_back(line);
    cur = ps;
  }
  block_line_ = static_cast<int>(lines.size());
  for (size_t k = 0; k < lines.size() && static_cast<int>(k) < kHeaderLines; ++k) {
    MergeLineFlags(lines[lines.size() - 1 - k]);
  }
}

// Normalised digits of a raw value (separators and '+' dropped).

}  // namespace

std::string_view RuleId(PiiKind kind) {
  switch (kind) {
    case PiiKind::kIdNumber: return "pii.id_number";
    case PiiKind::kMobile: return "pii.mobile";
    case PiiKind::kBankCard: return "pii.bank_card";
    case PiiKind::kAddress: return "pii.address";
  }
  return "pii.unknown";
}

std::vector<PiiHit> ScanText(std::string_view utf8_text) {
  Scanner scanner(utf8_text, 0, utf8_text.size(), Options{});
  return scanner.Run();
}

namespace {

// The header's keyword flags, with the plain address columns of a table of people marked as
// addresses: 联系地址 beside 身份证号 is a reporter's or a recipient's home, while on a contact
// list of offices it is an organisation's.
std::vector<uint8_t> HeaderFlags(const std::vector<std::string>& header) {
  std::vector<uint8_t> flags;
  bool people = false;
  for (const std::string& cell : header) {
    flags.push_back(CellKeywordFlags(cell));
    people = people || ContainsAny(cell, kIdHeaderWords);
  }
  for (size_t c = 0; people && c < header.size(); ++c) {
    const std::string_view cell = TrimSpaces(header[c]);
    if (cell.size() <= kMaxLabelCellBytes && ContainsAny(cell, kPlainAddressHeaderWords) &&
        !ContainsAny(cell, kOrganisationWords)) {
      flags[c] |= kAddrFlag;
    }
  }
  return flags;
}

}  // namespace

std::vector<TableHit> ScanTable(const std::vector<std::vector<std::string>>& rows,
                                int header_row) {
  std::vector<uint8_t> col_flags;
  if (header_row >= 0 && header_row < static_cast<int>(rows.size())) col_flags = HeaderFlags(rows[header_row]);
  std::vector<TableHit> out;
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    const auto& row = rows[r];
    for (int c = 0; c < static_cast<int>(row.size()); ++c) {
      uint8_t flags = 0;
      if (r != header_row) {
        if (r > header_row && header_row >= 0 && c < static_cast<int>(col_flags.size())) {
          flags |= col_flags[c];
        }
        if (c > 0) flags |= CellKeywordFlags(row[c - 1]);  // label cell on the left
      }
      Options options;
      options.card_context = flags & kCardFlag;
      options.address_cell = flags & kAddrFlag;
      options.track_tables = false;
      Scanner scanner(row[c], 0, row[c].size(), options);
      for (PiiHit& hit : scanner.Run()) out.push_back(TableHit{std::move(hit), r, c});
    }
  }
  return out;
}

std::string SafeExcerpt(std::string_view text, size_t offset, size_t length,
                        size_t context_bytes) {
  const size_t n = text.size();
  offset = std::min(offset, n);
  length = std::min(length, n - offset);
  const size_t target_end = offset + length;
  size_t ws = offset > context_bytes ? offset - context_bytes : 0;
  while (ws < offset && IsContinuation(text[ws])) ++ws;
  size_t we = std::min(n, target_end + context_bytes);
  while (we > target_end && we < n && IsContinuation(text[we])) --we;

  // Scan a margin around the window so values crossing its edges are seen whole and
  // labels before it still count; start on a line when one is near.
  size_t rs = ws > 1024 ? ws - 1024 : 0;
  if (const size_t nl = text.substr(rs, ws - rs).rfind('\n'); nl != std::string_view::npos) {
    rs += nl + 1;
  }
  while (rs > 0 && IsContinuation(text[rs])) --rs;
  for (int guard = 0; rs > 0 && guard < 64; ++guard) {  // do not start inside a number
    size_t prev = rs - 1;
    while (prev > 0 && IsContinuation(text[prev])) --prev;
    if (Decode(text, prev).cls == kOther) break;
    rs = prev;
  }
  size_t re = std::min(n, we + 512);
  while (re < n && IsContinuation(text[re])) ++re;
  for (int guard = 0; re < n && guard < 64; ++guard) {
    const Decoded d = Decode(text, re);
    if (d.cls == kOther) break;
    re += d.len;
  }

  Options options;
  options.card_context = true;  // evidence never shows a card-like number
  Scanner scanner(text, rs, re, options);
  scanner.SeedTableState();
  std::vector<PiiHit> hits = scanner.Run();
  if (length > 0) {  // the value itself, whatever context made it a finding
    Options target;
    target.card_context = true;
    target.address_cell = true;
    target.track_tables = false;
    Scanner own(text, offset, target_end, target);
    for (PiiHit& hit : own.Run()) hits.push_back(std::move(hit));
  }
  std::sort(hits.begin(), hits.end(),
            [](const PiiHit& a, const PiiHit& b) { return a.offset < b.offset; });

  // A value crossing a window edge that is (part of) the target is taken in whole;
  // any other value crossing an edge is dropped below rather than shown in part.
  for (const PiiHit& h : hits) {
    const size_t hs = h.offset, he = h.offset + h.length;
    const bool touches_target = hs < std::max(target_end, offset + 1) && he > offset;
    if (!touches_target) continue;
    ws = std::min(ws, hs);
    we = std::max(we, he);
  }

  std::string out;
  size_t pos = ws;
  for (const PiiHit& h : hits) {
    const size_t hs = h.offset, he = h.offset + h.length;
    if (he <= ws || hs >= we) continue;
    if (hs < pos) {  // cut by the left edge, or overlaps a value already masked
      pos = std::max(pos, he);
      continue;
    }
    if (he > we) {  // cut by the right edge
      we = hs;
      break;
    }
    out.append(text.substr(pos, hs - pos));
    out.append(h.masked);
    pos = he;
  }
  if (pos < we) out.append(text.substr(pos, we - pos));
  return out;
}

}  // namespace govaudit::pii
