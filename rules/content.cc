// content.secret_marking: a page or attachment carrying a classification mark (秘密★, 机密★,
// 绝密★) or a 内部资料 / 不予公开 marking, which must never be public.
// content.serious_typo: serious errors (严重表述错误) in the country's name, party and state
// bodies, leaders' titles and political formulations, from a dictionary.
//
// Requirement: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“安全、泄密事故等严
// 重问题”：出现严重表述错误；泄露国家秘密. 卫政办发〔2022〕49号 四(一)：抓好保密审查和涉敏审核，
// 防止泄露国家秘密、工作秘密和敏感信息（任务 26）.
//
// The dictionary (config/serious-typos.txt plus RulesConfig::serious_typos_path) is compiled
// once per rule set into one Aho-Corasick automaton, so a page is read once however many
// entries there are.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/strings.h"
#include "common/utf8.h"
#include "config/resources.h"
#include "extract/attachment.h"
#include "rules/internal/families.h"
#include "page/page.h"
#include "pii/scanner.h"

namespace govaudit::internal {
namespace {

constexpr const char* kSecretRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“安全、泄密事故等严重问题”：泄露国家秘密；"
    "卫政办发〔2022〕49号 四(一)：抓好保密审查和涉敏审核，防止泄露国家秘密、工作秘密和敏感信息";
constexpr const char* kTypoRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“安全、泄密事故等严重问题”：出现严重表述错误；"
    "卫政办发〔2022〕49号 四(一)：确保信息发布内容准确、导向正确";
constexpr const char* kTask = "26";
// Bytes of text shown on each side of a hit.
constexpr size_t kExcerptContext = 45;

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// ---- The text a page shows, in parts that a location can name ----------------------------

struct TextPart {
  std::string_view text;
  const char* where;  // "正文"
};

// Where a hit sits, in words: the part, and for texts of several blocks the paragraph
// ("正文第 3 段"), counted from 1.
std::string LocationOf(const TextPart& part, size_t offset) {
  const std::string where = part.where;
  if (where == "网页标题") return where;
  const size_t end = std::min(offset, part.text.size());
  return where + "第 " + std::to_string(1 + std::count(part.text.begin(), part.text.begin() + end, '\n')) + " 段";
}

std::vector<TextPart> PartsOf(const PageInput& input) {
  std::vector<TextPart> parts;
  if (input.page != nullptr) {
    parts.push_back({input.page->html_title, "网页标题"});
    parts.push_back({input.page->text, "正文"});
    parts.push_back({input.page->script_written_text, "脚本写入的内容"});
  } else if (input.attachment != nullptr && input.attachment->inspected) {
    parts.push_back({input.attachment->text, "附件正文"});
  }
  return parts;
}


// ---- Aho-Corasick over bytes -------------------------------------------------------------

// Finds every occurrence of a fixed set of phrases in one pass over the text. Bytes that occur
// in no phrase share one class, so the transition table stays small (a few hundred KB for
// a hundred CJK phrases).
class PhraseMatcher {
 public:
  explicit PhraseMatcher(const std::vector<std::string>& phrases) {
    classes_ = 1;
    byte_class_.fill(0);
    for (const std::string& p : phrases) {
      for (unsigned char c : p) {
        if (byte_class_[c] == 0) byte_class_[c] = static_cast<uint16_t>(classes_++);
      }
    }
    // The trie, then the failure links breadth first, folded into a complete transition table.
    delta_.assign(classes_, -1);
    outputs_.emplace_back();
    for (size_t index = 0; index < phrases.size(); ++index) {
      int node = 0;
      for (unsigned char c : phrases[index]) {
        int& next = delta_[node * classes_ + byte_class_[c]];
        if (next < 0) {
          next = static_cast<int>(outputs_.size());
          outputs_.emplace_back();
          delta_.resize(delta_.size() + classes_, -1);
        }
        node = delta_[node * classes_ + byte_class_[c]];
      }
      if (!phrases[index].empty()) outputs_[node].push_back(static_cast<int>(index));
    }
    std::vector<int> fail(outputs_.size(), 0);
    std::deque<int> queue;
    for (int c = 0; c < classes_; ++c) {
      int& next = delta_[c];
      if (next < 0) {
        next = 0;
      } else {
        queue.push_back(next);
      }
    }
    while (!queue.empty()) {
      const int node = queue.front();
      queue.pop_front();
      const std::vector<int> inherited = outputs_[fail[node]];
      outputs_[node].insert(outputs_[node].end(), inherited.begin(), inherited.end());
      for (int c = 0; c < classes_; ++c) {
        int& next = delta_[node * classes_ + c];
        const int via_fail = delta_[fail[node] * classes_ + c];
        if (next < 0) {
          next = via_fail;
        } else {
          fail[next] = via_fail;
          queue.push_back(next);
        }
      }
    }
    // The scan follows row offsets (no multiply per byte) with the low bit saying whether
    // phrases end at the target; the phrase lists are touched only on a match.
    for (int& next : delta_) next = (next * classes_) << 1 | (outputs_[next].empty() ? 0 : 1);
    for (const std::string& p : phrases) starts_.AddWord(p);
  }

  // Calls on_match(phrase index, offset of its first byte) for every occurrence, overlapping
  // ones included, in order of their end.
  template <typename F>
  void Scan(std::string_view text, const std::vector<std::string>& phrases, F on_match) const {
    int row = 0;  // the current node's row in delta_
    for (size_t i = 0; i < text.size(); ++i) {
      // At the root and at a character's start, the characters no phrase starts with would
      // lead back to the root with no match: they are stepped over without the table.
      if (row == 0 && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        i = starts_.NextCandidate(text, i);
        if (i >= text.size()) break;
      }
      const int next = delta_[row + byte_class_[static_cast<unsigned char>(text[i])]];
      row = next >> 1;
      if ((next & 1) == 0) continue;
      for (int index : outputs_[row / classes_]) on_match(index, i + 1 - phrases[index].size());
    }
  }

 private:
  std::array<uint16_t, 256> byte_class_{};
  int classes_ = 1;
  // Transitions: delta_[node * classes_ + class] = (target * classes_) << 1 | (phrases end there).
  std::vector<int> delta_;
  std::vector<std::vector<int>> outputs_;  // phrases ending at each node
  Utf8StartFilter starts_;                 // the phrases' first two characters
};

// ---- content.serious_typo ----------------------------------------------------------------

struct TypoEntry {
  std::string wrong;
  std::string right;
  std::string note;
};

// Reads wrong<TAB>right<TAB>note lines; a line that is not one is reported with its number.
void ParseTypos(std::string_view text, const std::string& name, std::vector<TypoEntry>* out,
                std::vector<std::string>* errors) {
  LineReader lines(text);
  std::string_view line;
  while (lines.Next(&line)) {
    const size_t line_no = lines.number();
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    size_t from = 0;
    while (true) {
      size_t tab = line.find('\t', from);
      fields.emplace_back(line.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from));
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) {
      errors->push_back(name + ":" + std::to_string(line_no) + ": expected wrong<TAB>right<TAB>note");
      continue;
    }
    if (fields[1].find(fields[0]) != std::string::npos) {
      errors->push_back(name + ":" + std::to_string(line_no) + ": the wrong form '" + fields[0] +
                        "' is part of its right form and would match correct text");
      continue;
    }
    out->push_back({fields[0], fields[1], fields.size() > 2 ? fields[2] : ""});
  }
}

struct TypoDictionary {
  std::vector<TypoEntry> entries;
  std::vector<std::string> wrong;  // entries[i].wrong, for the matcher
  std::unique_ptr<PhraseMatcher> matcher;
};

class SeriousTypoRule : public OneInfoRule<PageRule> {
 public:
  SeriousTypoRule()
      : OneInfoRule(MakeRuleInfo("content.serious_typo", Severity::kHigh,
                                 "严重表述错误：国名、党和国家机构名称、领导人称谓、重要政治表述写错", kTypoRequirement,
                                 kTask)) {}

  void Check(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const override {
    const TypoDictionary& dict = Dictionary(context);
    if (dict.entries.empty()) return;
    struct Hit {
      size_t count = 0;
      const TextPart* part = nullptr;
      size_t offset = 0;
    };
    std::map<int, Hit> hits;  // by entry, in dictionary order
    const std::vector<TextPart> parts = PartsOf(input);
    for (const TextPart& part : parts) {
      dict.matcher->Scan(part.text, dict.wrong, [&](int index, size_t offset) {
        Hit& h = hits[index];
        if (h.count++ == 0) {
          h.part = &part;
          h.offset = offset;
        }
      });
    }
    for (const auto& [index, hit] : hits) {
      const TypoEntry& e = dict.entries[index];
      Finding f = NewFinding(info_, input);
      f.message = "出现严重表述错误“" + e.wrong + "”，应为“" + e.right + "”" + (e.note.empty() ? "" : "（" + e.note + "）") +
                  (hit.count > 1 ? "，共 " + std::to_string(hit.count) + " 处" : "");
      f.evidence = pii::SafeExcerpt(hit.part->text, hit.offset, e.wrong.size(), kExcerptContext) + " → 应为“" +
                   e.right + "”";
      f.highlight = e.wrong;
      f.location = LocationOf(*hit.part, hit.offset);
      f.evidence_key = e.wrong;
      out->push_back(std::move(f));
    }
  }

  // The built-in dictionary, for tests.
  static std::vector<TypoEntry> Builtin(std::vector<std::string>* errors) {
    std::vector<TypoEntry> entries;
    ParseTypos(resources::Get("serious-typos.txt"), "config/serious-typos.txt", &entries, errors);
    return entries;
  }

 private:
  // Built on first use: RuleSet::Build does not pass the settings to a rule's constructor,
  // and the first page brings them in its context. Each RuleSet has its own rule objects, so
  // this is once per RuleSet.
  const TypoDictionary& Dictionary(const RuleContext& context) const {
    std::call_once(built_, [&] {
      std::vector<std::string> errors;
      dict_.entries = Builtin(&errors);
      const std::string path = context.config != nullptr ? context.config->serious_typos_path : "";
      if (!path.empty()) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
          errors.push_back("cannot read serious-typo dictionary " + path);
        } else {
          std::stringstream buffer;
          buffer << in.rdbuf();
          ParseTypos(buffer.str(), path, &dict_.entries, &errors);
        }
      }
      // The audit goes on with the entries that could be read.
      for (const std::string& e : errors) spdlog::warn("content.serious_typo: {}", e);
      for (const TypoEntry& e : dict_.entries) dict_.wrong.push_back(e.wrong);
      dict_.matcher = std::make_unique<PhraseMatcher>(dict_.wrong);
    });
    return dict_;
  }

  mutable std::once_flag built_;
  mutable TypoDictionary dict_;
};

// ---- content.secret_marking --------------------------------------------------------------

const ContentSettings& Secrets() { return IndicatorSettings::Builtin().content; }

constexpr std::string_view kStar = "★";

// What is left of a short line once spaces, brackets and punctuation are dropped, and a
// leading 此件: "（此件不予公开）" → "不予公开".
std::string Bare(std::string_view line) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    bool skipped = false;
    for (std::string_view p : {" ", "\t", "（", "）", "(", ")", "【", "】", "[", "]", "，", ",", "。", "、", "：", ":",
                               "★", "*"}) {
      if (line.compare(i, p.size(), p) == 0) {
        i += p.size();
        skipped = true;
        break;
      }
    }
    if (!skipped) out.push_back(line[i++]);
  }
  if (out.rfind("此件", 0) == 0) out.erase(0, std::string_view("此件").size());
  return out;
}

bool IsLabelMarking(std::string_view bare, const std::string& label) {
  if (bare == label) return true;
  if (bare.rfind(label, 0) != 0) return false;
  std::string_view rest = bare.substr(label.size());
  for (std::string_view suffix : {"注意保存", "请勿外传", "严禁外传", "不得外传", "妥善保管"}) {
    if (rest == suffix) return true;
  }
  return false;
}

struct SecretHit {
  std::string mark;  // as reported: "秘密★", "内部资料"
  const TextPart* part;
  size_t offset;
  size_t length;
};

// 秘密★, also written with spaces before the star.
// Where a part's text holds a star and whether it holds any of the labels, found in one pass
// that stops only at their first characters (pages rarely hold either).
struct MarkCandidates {
  std::vector<size_t> stars;
  bool any_label = false;
};
MarkCandidates FindCandidates(std::string_view text) {
  const ContentSettings& s = Secrets();
  static const Utf8StartFilter firsts = [&s] {
    Utf8StartFilter f;
    size_t len;
    f.Add(DecodeUtf8At(kStar, 0, &len));
    for (const std::string& label : s.secret_labels) f.AddWord(label);
    return f;
  }();
  MarkCandidates out;
  for (size_t at = firsts.NextCandidate(text, 0); at < text.size();
       at = firsts.NextCandidate(text, at + Utf8StepAt(text, at))) {
    if (text.compare(at, kStar.size(), kStar) == 0) out.stars.push_back(at);
    for (const std::string& label : s.secret_labels) {
      out.any_label = out.any_label || (!label.empty() && text.compare(at, label.size(), label) == 0);
    }
  }
  return out;
}

// Every mark ends with the star: each mark is looked for just before the stars (the same hits,
// in the same order, as a search for each mark's word).
void FindMarks(const TextPart& part, const std::vector<size_t>& stars, std::vector<SecretHit>* hits) {
  for (const std::string& mark : Secrets().secret_marks) {
    const std::string_view base = std::string_view(mark).substr(0, mark.size() - kStar.size());
    for (size_t star : stars) {
      size_t end = star;  // of the mark's word: spaces may stand between it and the star
      while (end > 0 && part.text[end - 1] == ' ') --end;
      if (base.empty() || end < base.size() || part.text.compare(end - base.size(), base.size(), base) != 0) continue;
      hits->push_back({mark, &part, end - base.size(), star + kStar.size() - (end - base.size())});
    }
  }
}

// 内部资料 / 不予公开 as a marking: a short line or cell of its own, or the value of a
// 公开属性 label. Elsewhere (an annual report's table row "（三）不予公开") they are words.
void FindLabels(const TextPart& part, std::vector<SecretHit>* hits) {
  const ContentSettings& s = Secrets();
  std::string_view text = part.text;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of("\n\t", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view cell = text.substr(start, end - start);
    for (const std::string& label : s.secret_labels) {
      const size_t at = cell.find(label);
      if (at == std::string_view::npos) continue;
      bool marking = CodePoints(cell) <= 16 && IsLabelMarking(Bare(cell), label);
      for (const std::string& d : s.disclosure_labels) {
        const size_t dl = cell.find(d);
        if (dl != std::string_view::npos && dl < at && at - (dl + d.size()) <= 6) marking = true;
      }
      if (marking) hits->push_back({label, &part, start + at, label.size()});
    }
    start = end + 1;
  }
}

class SecretMarkingRule : public OneInfoRule<PageRule> {
 public:
  SecretMarkingRule()
      : OneInfoRule(MakeRuleInfo("content.secret_marking", Severity::kHigh,
                                 "公开页面或附件带有密级标志（秘密★、机密★、绝密★）或“内部资料”“不予公开”标注",
                                 kSecretRequirement, kTask)) {}

  void Check(const PageInput& input, const RuleContext& /*context*/, std::vector<Finding>* out) const override {
    const std::vector<TextPart> parts = PartsOf(input);
    std::vector<SecretHit> hits;
    for (const TextPart& part : parts) {
      const MarkCandidates candidates = FindCandidates(part.text);
      FindMarks(part, candidates.stars, &hits);
      if (candidates.any_label) FindLabels(part, &hits);  // most pages hold none of the labels
    }
    if (hits.empty()) return;
    std::set<std::string> marks;
    for (const SecretHit& h : hits) marks.insert(h.mark);
    const std::vector<std::string> names(marks.begin(), marks.end());
    const SecretHit& first = hits.front();
    Finding f = NewFinding(info_, input);
    f.message = std::string(input.page != nullptr ? "页面" : "附件") + "带有不应公开的标注：" + Join(names, "、") +
                "，须立即撤下并核查是否泄露国家秘密或工作秘密";
    f.evidence = pii::SafeExcerpt(first.part->text, first.offset, first.length, kExcerptContext);
    f.highlight = std::string(first.part->text.substr(first.offset, first.length));
    f.location = LocationOf(*first.part, first.offset);
    f.evidence_key = Join(names, ",");
    out->push_back(std::move(f));
  }
};

}  // namespace

void AddContentRules(RuleList* list) {
  list->page.push_back(std::make_unique<SecretMarkingRule>());
  list->page.push_back(std::make_unique<SeriousTypoRule>());
}

}  // namespace govaudit::internal
