#include "classify/documents.h"

#include <algorithm>

#include "classify/internal/text.h"
#include "common/strings.h"
#include "common/utf8.h"
#include "page/doc_numbers.h"

namespace govaudit {

using namespace classify_internal;  // NOLINT: the classifiers' text helpers

namespace {

// Title forms shorter than this match too much.
constexpr size_t kMinTitleKeyCodePoints = 6;
// A "标签：" line: the colon lies within this many bytes of the line start (after numbering).
constexpr size_t kMaxLabelBytes = 36;
// Text searched after a related-link label, and occurrences of one label looked at.
constexpr size_t kRelatedWindowBytes = 600;
constexpr int kRelatedListLines = 5;
constexpr int kMaxLabelOccurrences = 5;
constexpr size_t kMaxRelated = 20;
// A list row's interpretation tag is short ("[解读]", "【政策解读】"); an item's title is longer.
constexpr size_t kMaxTagBytes = 20;
constexpr size_t kMaxListedInterpretations = 200;
constexpr size_t kMinRelatedAnchorBytes = 9;

bool MatchTemplate(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p[0] == '*') {
      p.remove_prefix(1);
      if (p.empty()) return true;
      for (size_t k = 0; k <= s.size(); ++k) {
        if (MatchTemplate(p, s.substr(k))) return true;
      }
      return false;
    }
    if (p.substr(0, 4) == "YYYY") {
      if (s.size() < 4) return false;
      for (int k = 0; k < 4; ++k) {
        if (s[k] < '0' || s[k] > '9') return false;
      }
      p.remove_prefix(4);
      s.remove_prefix(4);
      continue;
    }
    if (p[0] == 'N') {
      size_t n = 0;
      while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
      if (n == 0) return false;
      p.remove_prefix(1);
      s.remove_prefix(n);
      continue;
    }
    if (s.empty() || p[0] != s[0]) return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

bool IsNumberingCp(uint32_t cp) {
  return DigitValue(cp) >= 0 || cp == '.' || cp == 0xFF0E || cp == 0x3001 || cp == ')' || cp == 0xFF09 || cp == '(' ||
         cp == 0xFF08 || cp == ' ' || cp == 0x4E00 || cp == 0x4E8C || cp == 0x4E09 || cp == 0x56DB || cp == 0x4E94 ||
         cp == 0x516D || cp == 0x4E03 || cp == 0x516B || cp == 0x4E5D || cp == 0x5341;
}

// The label of a "1.标签：值" line, or empty.
std::string_view LineLabel(std::string_view line) {
  size_t i = 0;
  // Numbering: 1.  1、  （1）  一、
  size_t numbering_end = 0;
  while (i < line.size() && i < 12) {
    size_t len;
    uint32_t cp = DecodeUtf8At(line, i, &len);
    if (!IsNumberingCp(cp)) break;
    i += len;
    numbering_end = i;
  }
  // A numeral like 一 could begin the label itself ("一次性补贴：") only when no separator
  // follows it; keep it simple and accept either reading by searching from both starts.
  std::string_view head = line.substr(0, std::min(line.size(), numbering_end + kMaxLabelBytes));
  size_t colon = Find(head, "：", numbering_end);
  if (colon == npos) colon = head.find(':', numbering_end);
  if (colon == npos || colon == numbering_end) return {};
  return line.substr(numbering_end, colon - numbering_end);
}

}  // namespace

const std::string* MatchingPattern(std::string_view doc_number, const std::vector<std::string>& patterns) {
if (doc_number.empty()) return nullptr;
  for (const std::string& p : patterns) {
    if (MatchDocNumber(NormalizeDocNumber(p), doc_number)) return &p;
  }
  return nullptr;
}

std::string NormalizeDocNumber(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  ForEachCodePoint(s, [&out](uint32_t cp) {
    if (IsSpaceCodePoint(cp)) return;
    if (IsDocNumberOpenBracket(cp)) {
      out += "〔";
    } else if (IsDocNumberCloseBracket(cp)) {
      out += "〕";
    } else if (int d = DigitValue(cp); d >= 0) {
      out.push_back(static_cast<char>('0' + d));
    } else {
      AppendUtf8(cp, &out);
    }
  });
  return out;
}

bool MatchDocNumber(std::string_view pattern, std::string_view normalized_doc_number) {
  return MatchTemplate(pattern, normalized_doc_number);
}

std::vector<std::string> QuotedDocNumbers(std::string_view text, size_t max_count) {
  std::vector<std::string> out;
  for (DocNumberMatch& m : FindDocNumbers(text, max_count)) out.push_back(std::move(m.number));
  return out;
}

namespace {

// A title's key: ASCII and full-width letters and digits folded, spaces and punctuation dropped.
void AppendTitleKey(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z')) {
      out->push_back(static_cast<char>(cp));
    } else if (cp >= 'A' && cp <= 'Z') {
      out->push_back(static_cast<char>(cp - 'A' + 'a'));
    }
    return;  // ASCII punctuation and spaces
  }
  if (int d = DigitValue(cp); d >= 0) {
    out->push_back(static_cast<char>('0' + d));
    return;
  }
  if (cp >= 0xFF21 && cp <= 0xFF3A) {
    out->push_back(static_cast<char>('a' + (cp - 0xFF21)));
    return;
  }
  if (cp >= 0xFF41 && cp <= 0xFF5A) {
    out->push_back(static_cast<char>('a' + (cp - 0xFF41)));
    return;
  }
  const bool punctuation = IsSpaceCodePoint(cp) || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
                           (cp >= 0xFF00 && cp <= 0xFF65) || cp == 0xB7 || (cp >= 0xFE30 && cp <= 0xFE4F);
  if (!punctuation) AppendUtf8(cp, out);
}

}  // namespace

std::string NormalizeTitle(std::string_view title) {
  std::string out;
  out.reserve(title.size());
  ForEachCodePoint(title, [&out](uint32_t cp) { AppendTitleKey(cp, &out); });
  for (std::string_view suffix : {"的通知", "的意见"}) {
    if (out.size() > suffix.size() && std::string_view(out).ends_with(suffix)) {
      out.resize(out.size() - suffix.size());
      break;
    }
  }
  return out;
}

std::vector<std::string> DocumentTitleKeys(std::string_view title) {
  std::vector<std::string> keys;
  auto add = [&keys](std::string key) {
    if (CodePoints(key) < kMinTitleKeyCodePoints) return;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  };
  std::string full = NormalizeTitle(title);
  add(full);
  if (size_t about = Find(full, "关于"); about != npos && about > 0) add(full.substr(about));
  if (size_t issue = Find(full, "关于印发"); issue != npos)
    add(full.substr(issue + std::string_view("关于印发").size()));
  if (size_t open = Find(title, "《"); open != npos) {
    size_t close = Find(title, "》", open);
    if (close != npos) add(NormalizeTitle(title.substr(open, close - open)));
  }
  return keys;
}

std::vector<std::string> QuotedTitles(std::string_view text, size_t max_count) {
  std::vector<std::string> out;
  for (size_t open = Find(text, "《"); open != npos && out.size() < max_count; open = Find(text, "《", open + 1)) {
    const size_t close = Find(text, "》", open);
    if (close == npos) break;
    std::string key = NormalizeTitle(text.substr(open, close - open));
    if (CodePoints(key) >= kMinTitleKeyCodePoints && std::find(out.begin(), out.end(), key) == out.end()) {
      out.push_back(std::move(key));
    }
  }
  return out;
}

std::vector<int> SubsidyColumns(const PageTable& table, const KindConfig& config) {
  std::vector<int> columns(config.subsidy_fields.size(), -1);
  if (table.header_row < 0 || table.header_row >= static_cast<int>(table.rows.size())) return columns;
  std::vector<std::string> header;
  for (const std::string& cell : table.rows[table.header_row]) header.push_back(WithoutSpaces(cell));
  for (size_t f = 0; f < config.subsidy_fields.size(); ++f) {
    const SubsidyField& field = config.subsidy_fields[f];
    // A cell naming the field exactly wins over one that merely contains a synonym.
    for (int pass = 0; pass < 2 && columns[f] < 0; ++pass) {
      for (size_t c = 0; c < header.size() && columns[f] < 0; ++c) {
        for (const std::string& synonym : field.synonyms) {
          if (pass == 0 ? header[c] == synonym : Contains(header[c], synonym)) {
            columns[f] = static_cast<int>(c);
            break;
          }
        }
      }
    }
  }
  return columns;
}

std::vector<int> SubsidyFields(const PageTable& table, const KindConfig& config, PageTable* turned) {
  turned->rows.clear();
  turned->header_row = -1;
  std::vector<int> columns = SubsidyColumns(table, config);
  auto named = [](const std::vector<int>& c) {
    return std::count_if(c.begin(), c.end(), [](int i) { return i >= 0; });
  };
  if (named(columns) >= config.subsidy_min_fields || table.rows.size() < 4) return columns;
  for (const std::vector<std::string>& row : table.rows) {
    if (row.size() != 2) return columns;
  }
  PageTable down;
  down.rows.resize(2);
  for (const std::vector<std::string>& row : table.rows) {
    down.rows[0].push_back(row[0]);
    down.rows[1].push_back(row[1]);
  }
  down.header_row = 0;
  down.caption = table.caption;
  std::vector<int> down_columns = SubsidyColumns(down, config);
  if (named(down_columns) <= named(columns)) return columns;
  *turned = std::move(down);
  return down_columns;
}

std::vector<bool> SubsidyLabelsInText(std::string_view text, const KindConfig& config) {
  std::vector<bool> found(config.subsidy_fields.size(), false);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == npos) end = text.size();
    std::string_view label = LineLabel(text.substr(start, end - start));
    if (!label.empty()) {
      std::string bare = WithoutSpaces(label);
      for (size_t f = 0; f < config.subsidy_fields.size(); ++f) {
        if (!found[f] && FirstIn(bare, config.subsidy_fields[f].synonyms) != nullptr) found[f] = true;
      }
    }
    start = end + 1;
  }
  return found;
}

namespace {

// A tag's text without its brackets: "[图解]" → "图解".
std::string_view WithoutBrackets(std::string_view s) {
  s = TrimSpaces(s);
  for (auto [open, close] :
       {std::pair<std::string_view, std::string_view>{"[", "]"}, {"【", "】"}, {"(", ")"}, {"（", "）"}}) {
    if (s.size() > open.size() + close.size() && s.starts_with(open) && s.ends_with(close)) {
      return TrimSpaces(s.substr(open.size(), s.size() - open.size() - close.size()));
    }
  }
  return s;
}

}  // namespace

std::vector<ListedInterpretation> ListedInterpretations(const Page& page, const std::vector<std::string>& tags) {
  std::vector<ListedInterpretation> out;
  const std::vector<PageLink>& links = page.links;
  for (size_t i = 1; i < links.size() && out.size() < kMaxListedInterpretations; ++i) {
    const PageLink& tag = links[i];
    if (tag.url.empty() || tag.context.empty() || tag.anchor_text.size() > kMaxTagBytes) continue;
    const std::string_view bare = WithoutBrackets(tag.anchor_text);
    if (std::find(tags.begin(), tags.end(), bare) == tags.end()) continue;
    // The item is the nearest link before the tag in the same row that is not a tag itself.
    for (size_t j = i; j-- > 0 && links[j].context == tag.context;) {
      const PageLink& item = links[j];
      if (item.anchor_text.size() <= kMaxTagBytes || item.url.empty()) continue;
      if (item.url != tag.url) out.push_back({item.url, tag.url, tag.anchor_text});
      break;
    }
  }
  return out;
}

std::vector<RelatedLink> RelatedLinks(const Page& page, const std::vector<std::string>& labels) {
  std::vector<RelatedLink> out;
  auto add = [&out](const std::string& url, const std::string& label) {
    if (url.empty() || out.size() >= kMaxRelated) return;
    for (const RelatedLink& r : out) {
      if (r.url == url) return;
    }
    out.push_back({url, label});
  };
  std::string_view text = page.text;
  for (const std::string& label : labels) {
    for (const PageLink& link : page.links) {
      if (Contains(link.anchor_text, label)) add(link.url, label);
    }
    size_t pos = 0;
    for (int k = 0; k < kMaxLabelOccurrences; ++k) {
      pos = Find(text, label, pos);
      if (pos == npos) break;
      const size_t from = pos + label.size();
      // The rest of the label's line and, when the label stands alone (a heading over a list),
      // the next lines up to one that starts another "标签：" section.
      size_t end = text.find('\n', from);
      if (end == npos) end = text.size();
      if (TrimSpaces(text.substr(from, end - from)).size() <= 3) {
        for (int lines = 0; lines < kRelatedListLines && end < text.size(); ++lines) {
          size_t next = text.find('\n', end + 1);
          if (next == npos) next = text.size();
          std::string_view line = text.substr(end + 1, next - end - 1);
          std::string_view head = line.substr(0, std::min<size_t>(line.size(), kMaxLabelBytes));
          if (Contains(head, "：") || Contains(head, ":")) break;
          // The list is the run of linked lines under the heading: a line naming no link ends
          // it (an empty list filled by a script is followed by the footer, not by its items).
          const bool linked = std::any_of(page.links.begin(), page.links.end(), [&](const PageLink& link) {
            return link.anchor_text.size() >= kMinRelatedAnchorBytes && Contains(line, link.anchor_text);
          });
          if (!linked) break;
          end = next;
        }
      }
      end = std::min(end, from + kRelatedWindowBytes);
      std::string_view window = text.substr(from, end - from);
      for (const PageLink& link : page.links) {
        if (link.anchor_text.size() >= kMinRelatedAnchorBytes && Contains(window, link.anchor_text)) {
          add(link.url, label);
        }
      }
      pos = from;
    }
  }
  return out;
}

}  // namespace govaudit
