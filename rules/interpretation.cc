// interpretation.*: a policy document's interpretation (政策解读) must be online at the latest
// N working days (default 3) after the document.
//
// Requirement: 卫政办发〔2022〕49号 三(一)：“解读材料……完整、全面、准确传递政策意图，做到一文多解，
// 且最迟在文件公布后3个工作日内上网”（任务分工表第 19 项）。
//
// A site rule over the store after the crawl: documents and interpretations are read from the
// page facts (never the pages themselves) and linked by
//   1. explicit links: a 相关解读 link on the document, or a 原文链接 / 政策原文 / 相关文件 link on
//      the interpretation (the anchor text or a label just before it; facts "related"), or a
//      short tag ("[解读]", "图解") beside the document in a list page's row (facts
//      "listed_interpretations");
//   2. the title: the interpretation's normalised title contains a form of the document's
//      (facts "title_keys": whole, without the issuing body, the name inside 印发《…》);
//   3. the 文号, or the document's whole title in 《》: only for an interpretation that neither
//      of the above linked, and that quotes at most kMaxQuotedForLinking 文号s or titles (one
//      that cites many is background, not a match).
// One document may have several interpretations; the earliest counts.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/date.h"
#include "db/store.h"
#include "common/calendar.h"
#include "rules/internal/families.h"
#include "rules/interpretations.h"
#include "classify/facts.h"
#include "classify/page_kinds.h"

namespace govaudit {
namespace {

using internal::RuleList;
using internal::RuleSource;

constexpr RuleSource kSource{
    "卫政办发〔2022〕49号 三(一)：“解读材料……完整、全面、准确传递政策意图，做到一文多解，"
    "且最迟在文件公布后3个工作日内上网”",
    "19"};
constexpr size_t kMaxQuotedForLinking = 3;

// The infos of the family's rules, built once.
struct InterpretationInfos {
  RuleInfo late;
  RuleInfo missing;
};

const InterpretationInfos& Infos() {
  static const InterpretationInfos infos{
      kSource.Info("interpretation.late", Severity::kMedium, "政策解读晚于文件发布超过规定的工作日数才上网"),
      kSource.Info("interpretation.missing", Severity::kHigh,
                   "需要解读的政策文件（政府及其办公室发文）超过规定的工作日数仍无政策解读")};
  return infos;
}

struct Interpretation {
  std::string url;
  std::string title;
  std::optional<Date> date;
  std::string norm_title;
  std::vector<std::pair<std::string, std::string>> related;
  std::vector<std::string> quoted;
  std::vector<std::string> quoted_titles;
  std::vector<std::string> forms;
};

struct Candidate {
  DocumentInterpretations doc;
  std::vector<std::string> title_keys;
};

struct Link {
  size_t interpretation;
  std::string how;  // why they belong together, for the evidence
};

std::vector<std::pair<std::string, std::string>> RelatedOf(const PageFacts& facts) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const RelatedLink& r : facts.related) {
    if (!r.url.empty()) out.emplace_back(r.url, r.label);
  }
  return out;
}

// The part of a normalised 文号 from its year bracket on ("〔2026〕12号"), the key the
// documents are indexed by.
std::string Tail(const std::string& doc_number) {
  size_t open = doc_number.find("〔");
  return open == std::string::npos ? doc_number : doc_number.substr(open);
}

size_t CodePointLength(char lead) {
  const unsigned char c = static_cast<unsigned char>(lead);
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

// The first two characters of a normalised title: the index key of the title forms.
std::string_view KeyPrefix(std::string_view s) {
  size_t n = 0;
  for (int k = 0; k < 2 && n < s.size(); ++k) n += CodePointLength(s[n]);
  return s.substr(0, std::min(n, s.size()));
}

std::string CoverageNote(bool outside) {
  return outside ? "（工作日日历未覆盖其中的日期，这些日期只按周一至周五计算）" : "";
}

bool Load(db::Store& store, int64_t run_id, std::vector<Candidate>* documents,
          std::vector<Interpretation>* interpretations, std::vector<ListedInterpretation>* listed) {
  auto pages =
      store.HtmlPages(run_id, {std::string(kPolicyDocument), std::string(kInterpretation), std::string(kColumnList)});
  if (!pages.ok()) return false;
  for (const db::StoredPage& page : *pages) {
    PageFacts facts = PageFacts::FromJson(page.facts_json);
    if (HasKind(page.kind, kColumnList)) {
      for (ListedInterpretation& l : facts.listed_interpretations) listed->push_back(std::move(l));
      if (!HasKind(page.kind, kPolicyDocument) && !HasKind(page.kind, kInterpretation)) continue;
    }
    std::optional<Date> published = ParseIsoDate(page.publish_date);
    if (HasKind(page.kind, kInterpretation)) {
      Interpretation i;
      i.url = page.url;
      i.title = page.title;
      i.date = published;
      i.norm_title = facts.norm_title;
      i.related = RelatedOf(facts);
      i.quoted = facts.quoted_doc_numbers;
      i.quoted_titles = facts.quoted_titles;
      i.forms = facts.interpretation_forms;
      interpretations->push_back(std::move(i));
      continue;
    }
    Candidate c;
    DocumentInterpretations& doc = c.doc;
    doc.url = page.url;
    doc.title = page.title;
    doc.kind_reasons = page.kind_reasons;
    doc.doc_number = page.doc_number;
    doc.doc_number_norm = facts.doc_number_norm;
    doc.date = published;
    if (!doc.date) {
      doc.date = ParseIsoDate(page.written_date);
      doc.date_is_written = doc.date.has_value();
    }
    c.title_keys = facts.title_keys;
    doc.related = RelatedOf(facts);
    doc.needs = facts.needs_interpretation;
    doc.needs_if_listed = facts.needs_interpretation_if_listed;
    // "部分失效": the rest of it still applies.
    doc.in_force =
        !facts.validity || facts.validity->find("部分") != std::string::npos ||
        (facts.validity->find("废止") == std::string::npos && facts.validity->find("失效") == std::string::npos);
    documents->push_back(std::move(c));
  }
  return true;
}

std::vector<std::vector<Link>> Match(const std::vector<Candidate>& documents,
                                     const std::vector<Interpretation>& interpretations,
                                     const std::vector<ListedInterpretation>& listed) {
  std::vector<std::vector<Link>> links(documents.size());
  std::map<std::string, size_t> doc_by_url, interp_by_url;
  std::multimap<std::string, size_t> doc_by_tail;
  for (size_t d = 0; d < documents.size(); ++d) {
    doc_by_url[documents[d].doc.url] = d;
    if (!documents[d].doc.doc_number_norm.empty()) doc_by_tail.emplace(Tail(documents[d].doc.doc_number_norm), d);
  }
  for (size_t i = 0; i < interpretations.size(); ++i) interp_by_url[interpretations[i].url] = i;
  std::multimap<std::string_view, size_t> doc_by_whole_title;  // the first key is the whole title
  for (size_t d = 0; d < documents.size(); ++d) {
    if (!documents[d].title_keys.empty()) doc_by_whole_title.emplace(documents[d].title_keys.front(), d);
  }
  std::unordered_multimap<std::string_view, std::pair<size_t, size_t>> key_index;  // → document, key
  for (size_t d = 0; d < documents.size(); ++d) {
    for (size_t k = 0; k < documents[d].title_keys.size(); ++k) {
      key_index.emplace(KeyPrefix(documents[d].title_keys[k]), std::make_pair(d, k));
    }
  }

  auto link = [&links](size_t d, size_t i, std::string how) {
    for (const Link& l : links[d]) {
      if (l.interpretation == i) return;
    }
    links[d].push_back({i, std::move(how)});
  };
  for (size_t d = 0; d < documents.size(); ++d) {
    for (const auto& [url, label] : documents[d].doc.related) {
      if (auto it = interp_by_url.find(url); it != interp_by_url.end()) {
        link(d, it->second, "文件页“" + label + "”链接");
      }
    }
  }
  for (const ListedInterpretation& l : listed) {
    auto doc = doc_by_url.find(l.document_url);
    auto interp = interp_by_url.find(l.url);
    if (doc != doc_by_url.end() && interp != interp_by_url.end()) {
      link(doc->second, interp->second, "列表中文件旁的“" + l.label + "”链接");
    }
  }
  for (size_t i = 0; i < interpretations.size(); ++i) {
    const Interpretation& interp = interpretations[i];
    bool linked = false;
    for (const auto& [url, label] : interp.related) {
      if (auto it = doc_by_url.find(url); it != doc_by_url.end()) {
        link(it->second, i, "解读页“" + label + "”链接");
        linked = true;
      }
    }
    // Every position of the title is looked up in the index of the keys' beginnings, so the
    // cost grows with the interpretations' titles, not with documents × interpretations.
    const std::string& title = interp.norm_title;
    for (size_t pos = 0; pos < title.size(); pos += CodePointLength(title[pos])) {
      auto [begin, end] = key_index.equal_range(KeyPrefix(std::string_view(title).substr(pos)));
      for (auto it = begin; it != end; ++it) {
        const std::string& key = documents[it->second.first].title_keys[it->second.second];
        if (title.compare(pos, key.size(), key) == 0) {
          link(it->second.first, i, "解读标题包含文件标题“" + key + "”");
          linked = true;
        }
      }
    }
    for (size_t d = 0; d < documents.size() && !linked; ++d) {
      for (const Link& l : links[d]) linked = linked || l.interpretation == i;
    }
    if (linked) continue;
    // A document's whole title quoted in 《》 (一图读懂《…》), by an interpretation that quotes
    // few titles.
    if (interp.quoted_titles.size() <= kMaxQuotedForLinking) {
      for (const std::string& quoted : interp.quoted_titles) {
        auto [begin, end] = doc_by_whole_title.equal_range(quoted);
        for (auto it = begin; it != end; ++it) {
          link(it->second, i, "解读正文引用文件标题《" + documents[it->second].doc.title + "》");
        }
      }
    }
    if (interp.quoted.size() > kMaxQuotedForLinking) continue;
    for (const std::string& quoted : interp.quoted) {
      auto [begin, end] = doc_by_tail.equal_range(Tail(quoted));
      for (auto it = begin; it != end; ++it) {
        // The quoted form may carry words before the issuer code ("根据示政发…").
        const DocumentInterpretations& doc = documents[it->second].doc;
        if (std::string_view(quoted).ends_with(doc.doc_number_norm)) {
          link(it->second, i, "解读正文引用文号“" + doc.doc_number + "”");
        }
      }
    }
  }
  return links;
}

// The earliest dated interpretation (ties: the smaller URL), or nullptr.
const PairedInterpretation* Earliest(const DocumentInterpretations& doc) {
  const PairedInterpretation* earliest = nullptr;
  for (const PairedInterpretation& interp : doc.interpretations) {
    if (!interp.date) continue;
    if (earliest == nullptr || *interp.date < *earliest->date ||
        (*interp.date == *earliest->date && interp.url < earliest->url)) {
      earliest = &interp;
    }
  }
  return earliest;
}

class InterpretationRules : public SiteRule {
 public:
  const RuleInfo& info() const override { return Infos().late; }

  void Check(db::Store& store, int64_t run_id, const RuleContext& context, std::vector<Finding>* out) const override {
    auto documents = PairInterpretations(store, run_id);
    if (!documents.ok()) return;
    const WorkdayCalendar& calendar = context.calendar != nullptr ? *context.calendar : WorkdayCalendar::Builtin();
    const int workdays = context.config != nullptr ? context.config->interpretation_workdays : 3;
    for (const DocumentInterpretations& doc : *documents) {
      if (!doc.date) continue;  // undated: nothing to count from
      if (!doc.interpretations.empty()) {
        CheckLate(doc, calendar, workdays, out);
        continue;
      }
      std::string listed_by;
      if (!doc.needs && doc.needs_if_listed) {
        auto listed = store.ListedInPolicyColumn(run_id, doc.url);
        if (listed.ok() && *listed) listed_by = **listed;
      }
      if (!doc.needs && listed_by.empty()) continue;
      // A document no longer in force is not asked for an interpretation now: it would explain
      // a rule that no longer applies. (One that came late is still reported above.)
      if (!doc.in_force) continue;
      // A 相关解读 link to a page this crawl never fetched (page limit, scope): the document
      // names an interpretation we could not read, so it is not reported as having none.
      bool unread_interpretation = false;
      for (const auto& [url, label] : doc.related) {
        auto status = store.PageStatus(run_id, url);
        unread_interpretation = unread_interpretation || (status.ok() && !*status);
      }
      if (!unread_interpretation) CheckMissing(doc, listed_by, calendar, workdays, context.as_of, out);
    }
  }

 private:
  // A finding on a document's page, with the label of the date it is judged from.
  static Finding DocumentFinding(const RuleInfo& info, const DocumentInterpretations& doc) {
    Finding f;
    f.rule_id = info.id;
    f.severity = info.severity;
    f.url = doc.url;
    f.title = doc.title;
    return f;
  }
  static std::string DateLabel(const DocumentInterpretations& doc) {
    return doc.date_is_written ? "成文日期" : "发布日期";
  }

  static void CheckLate(const DocumentInterpretations& doc, const WorkdayCalendar& calendar, int workdays,
                        std::vector<Finding>* out) {
    const PairedInterpretation* earliest = Earliest(doc);
    if (earliest == nullptr) return;  // interpretations without a date: present, lateness unknown
    const PairedInterpretation& interp = *earliest;
    if (*interp.date <= *doc.date) return;  // before or with the document: on time
    WorkdayCalendar::Count count = calendar.WorkdaysBetween(*doc.date, *interp.date);
    if (count.days <= workdays) return;
    Finding f = DocumentFinding(Infos().late, doc);
    const std::string doc_date_label = DateLabel(doc);
    f.message = "最早的政策解读发布于 " + interp.date->ToIso() + "，文件" + doc_date_label + "为 " + doc.date->ToIso() +
                "，相隔 " + std::to_string(count.days) + " 个工作日，超过 " + std::to_string(workdays) +
                " 个工作日的时限" + CoverageNote(count.outside_coverage);
    f.evidence = "文件" + doc_date_label + "：" + doc.date->ToIso() + "；解读“" + interp.title + "”发布日期：" +
                 interp.date->ToIso() + "（" + interp.url + "）；关联依据：" + interp.how;
    if (doc.interpretations.size() > 1) {
      f.evidence += "；共关联 " + std::to_string(doc.interpretations.size()) + " 篇解读，取最早一篇";
    }
    f.highlight = std::to_string(count.days) + " 个工作日";
    f.referrers.push_back(interp.url);
    f.evidence_key = interp.url + "|" + doc.date->ToIso() + "|" + interp.date->ToIso();
    f.page_kind_reasons = doc.kind_reasons;
    f.location = doc_date_label;
    out->push_back(std::move(f));
  }

  static void CheckMissing(const DocumentInterpretations& doc, const std::string& listed_by, const WorkdayCalendar& calendar,
                           int workdays, Date as_of, std::vector<Finding>* out) {
    WorkdayCalendar::Result deadline = calendar.AddWorkdays(*doc.date, workdays);
    if (as_of <= deadline.date) return;  // still time
    Finding f = DocumentFinding(Infos().missing, doc);
    const std::string doc_date_label = DateLabel(doc);
    f.message = "文件" + doc_date_label + "为 " + doc.date->ToIso() + "，解读应在 " + std::to_string(workdays) +
                " 个工作日内（" + deadline.date.ToIso() + " 前）上网，截至 " + as_of.ToIso() +
                " 仍未找到对应的政策解读" + CoverageNote(deadline.outside_coverage);
    f.evidence = (doc.doc_number.empty() ? "" : "文号：" + doc.doc_number + "；") + doc_date_label + "：" +
                 doc.date->ToIso() + "；未发现以“相关解读”链接、标题或文号与之关联的解读页面";
    if (!listed_by.empty()) f.evidence += "；由政策文件栏目 " + listed_by + " 列出";
    f.highlight = doc.doc_number;
    f.evidence_key = doc.doc_number_norm.empty() ? "date:" + doc.date->ToIso() : doc.doc_number_norm;
    f.page_kind_reasons = doc.kind_reasons;
    f.location = doc_date_label;
    out->push_back(std::move(f));
  }
};

}  // namespace

StatusOr<std::vector<DocumentInterpretations>> PairInterpretations(db::Store& store, int64_t run_id) {
  std::vector<Candidate> candidates;
  std::vector<Interpretation> interpretations;
  std::vector<ListedInterpretation> listed;
  if (!Load(store, run_id, &candidates, &interpretations, &listed)) {
    return Status::Error("cannot read the documents and interpretations of run " + std::to_string(run_id));
  }
  std::vector<std::vector<Link>> links = Match(candidates, interpretations, listed);
  std::vector<DocumentInterpretations> out;
  out.reserve(candidates.size());
  for (size_t d = 0; d < candidates.size(); ++d) {
    DocumentInterpretations doc = std::move(candidates[d].doc);
    for (Link& l : links[d]) {
      const Interpretation& i = interpretations[l.interpretation];
      doc.interpretations.push_back({i.url, i.title, i.date, i.forms, std::move(l.how)});
    }
    out.push_back(std::move(doc));
  }
  return out;
}

namespace internal {

void AddInterpretationRules(RuleList* list) {
  list->site.push_back(std::make_unique<InterpretationRules>());
  list->extra_infos.push_back(Infos().missing);
}

}  // namespace internal
}  // namespace govaudit
