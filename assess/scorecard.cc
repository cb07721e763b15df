#include "assess/scorecard.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "assess/assessment.h"
#include "classify/page_kinds.h"
#include "common/enum_names.h"

namespace govaudit {
namespace {


// Pseudo-kinds a rule-family task may name besides the classifier's kinds.
constexpr std::string_view kHomeKind = "home";  // the start pages of the run
constexpr std::string_view kAnyKind = "any";    // every HTML page

// One in-scope HTML page of the run that answered 2xx, as the scorecard reads it.
struct StoredPage {
  std::string url;
  std::string final_url;
  int depth = 0;
  std::string title;
  std::optional<Date> date;  // publish date, else the written date
  std::string kind;
  std::string column;
};

bool Contains(std::string_view haystack, std::string_view needle) {
  return !needle.empty() && haystack.find(needle) != std::string_view::npos;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::string Quoted(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += "“" + s + "”";
  return out;
}

std::string KindLabel(std::string_view kind) {
  static const std::map<std::string, std::string, std::less<>> labels = {
      {"policy_document", "政策文件"},      {"interpretation", "政策解读"},
      {"normative_document", "行政规范性文件"}, {"normative_library", "规范性文件库"},
      {"subsidy_list", "惠民惠农财政补贴政策清单"}, {"column_list", "栏目列表"},
      {"notice", "公示公告"},             {"news", "新闻动态"},
      {"home", "首页"},                   {"any", "网页"},
  };
  auto it = labels.find(kind);
  return it == labels.end() ? std::string(kind) : it->second;
}

std::string WindowText(const std::pair<Date, Date>& window) {
  return window.first.ToIso() + " 至 " + window.second.ToIso() + " 期间，";
}

// Everything the scorer needs from the store, read once per run.
class RunData {
 public:
  RunData(db::Store& store, int64_t run_id) : store_(store), run_id_(run_id) {}

  // The run's pages and its findings that still count (not dismissed).
  Status Load() {
    ASSIGN_OR_RETURN(auto pages, store_.HtmlPages(run_id_));
    for (const db::StoredPage& stored : pages) {
      StoredPage p;
      p.url = stored.url;
      p.final_url = stored.final_url;
      p.depth = stored.depth;
      p.title = stored.title;
      p.date = ParseIsoDate(stored.publish_date);
      if (!p.date) p.date = ParseIsoDate(stored.written_date);
      p.kind = stored.kind;
      p.column = stored.column;
      by_url_[p.url] = pages_.size();
      pages_.push_back(std::move(p));
    }
    ASSIGN_OR_RETURN(auto findings, store_.FindingsForRun(run_id_));
    for (db::StoredFinding& f : findings) {
      // Dismissed (false positive) findings never count against a task.
      if (IsDismissed(f) || f.status == "fixed") continue;
      findings_.push_back(std::move(f));
    }
    return Status::Ok();
  }

  const std::vector<StoredPage>& pages() const { return pages_; }
  const std::vector<db::StoredFinding>& findings() const { return findings_; }
  const StoredPage* Page(const std::string& url) const {
    auto it = by_url_.find(url);
    return it == by_url_.end() ? nullptr : &pages_[it->second];
  }

  // Links anywhere on the site whose text holds `keyword`.
  StatusOr<std::vector<db::StoredLink>> LinksWithText(const std::string& keyword) {
    if (auto it = links_by_keyword_.find(keyword); it != links_by_keyword_.end()) return it->second;
    return store_.LinksWithText(run_id_, keyword);
  }
  // Finds the links of every keyword of `wanted` in one pass over the site's links.
  Status IndexLinks(const std::set<std::string>& wanted) {
    const std::vector<std::string> keywords(wanted.begin(), wanted.end());
    ASSIGN_OR_RETURN(auto found, store_.LinksWithAnyText(run_id_, keywords));
    for (size_t i = 0; i < keywords.size(); ++i) links_by_keyword_[keywords[i]] = std::move(found[i]);
    return Status::Ok();
  }

  // Pages that link to `url`.
  StatusOr<std::vector<std::string>> Referrers(const std::string& url) {
    ASSIGN_OR_RETURN(auto links, store_.LinksTo(run_id_, url, kMaxReferrers));
    std::vector<std::string> out;
    for (const db::StoredLink& l : links) out.push_back(l.from_url);
    return out;
  }

  // Which pages' text holds each keyword of `wanted`: recorded when the page was parsed during
  // the crawl and searched in the store (no body is parsed again).
  Status IndexBodies(const std::set<std::string>& wanted) {
    std::set<std::string> keywords;
    for (const std::string& keyword : wanted) {
      if (indexed_keywords_.insert(keyword).second) keywords.insert(keyword);
    }
    ASSIGN_OR_RETURN(auto by_page, store_.KeywordsByPage(run_id_, keywords));
    for (auto& [url, held] : by_page) body_keywords_[url].insert(held.begin(), held.end());
    return Status::Ok();
  }
  // Keywords of `wanted` the run did not look for in page text (it was audited with another
  // plan, or before text keywords were recorded): body evidence cannot be checked for them.
  std::vector<std::string> Unrecorded(const std::vector<std::string>& wanted) const {
    std::vector<std::string> out;
    for (const std::string& k : wanted) {
      if (!recorded_keywords_.count(k)) out.push_back(k);
    }
    return out;
  }
  void set_recorded_keywords(std::set<std::string> keywords) { recorded_keywords_ = std::move(keywords); }

  bool BodyHolds(const std::string& url, const std::string& keyword) const {
    auto it = body_keywords_.find(url);
    return it != body_keywords_.end() && it->second.count(keyword) > 0;
  }

 private:
  // Far more than any evidence page has; the cap only bounds a pathological site.
  static constexpr int kMaxReferrers = 100000;

  db::Store& store_;
  int64_t run_id_;
  std::vector<StoredPage> pages_;
  std::map<std::string, size_t> by_url_;
  std::vector<db::StoredFinding> findings_;
  std::set<std::string> indexed_keywords_;
  std::set<std::string> recorded_keywords_;
  std::map<std::string, std::set<std::string>> body_keywords_;
  std::map<std::string, std::vector<db::StoredLink>> links_by_keyword_;
};

// Where and by which keyword a page matches the evidence, if it does.
std::optional<std::pair<std::string, std::string>> MatchPage(const StoredPage& p, const WorkEvidence& e,
                                                             const RunData& data) {
  if (!e.require.empty()) {
    bool required = false;
    for (const std::string& r : e.require) required = required || Contains(p.title, r);
    if (!required) return std::nullopt;
  }
  for (const std::string& k : e.keywords) {
    if (e.match_title && Contains(p.title, k)) return std::make_pair(k, std::string("标题"));
  }
  for (const std::string& k : e.keywords) {
    if (e.match_column && Contains(p.column, k)) return std::make_pair(k, std::string("栏目"));
  }
  for (const std::string& k : e.keywords) {
    if (e.match_body && data.BodyHolds(p.url, k)) return std::make_pair(k, std::string("正文"));
  }
  return std::nullopt;
}

bool Excluded(const StoredPage& p, const WorkEvidence& e) {
  for (const std::string& k : e.exclude_kinds) {
    if (HasKind(p.kind, k)) return true;
  }
  return false;
}

std::string WhereText(const WorkEvidence& e) {
  std::vector<std::string> where;
  if (e.match_title) where.push_back("标题");
  if (e.match_column) where.push_back("栏目");
  if (e.match_body) where.push_back("正文");
  if (e.match_link) where.push_back("链接文字");
  if (where.size() <= 1) return where.empty() ? "" : where[0];
  return Join(std::vector<std::string>(where.begin(), where.end() - 1), "、") + "或" + where.back();
}

EvidencePage ToEvidence(const StoredPage& p, const std::string& matched, const std::string& where) {
  EvidencePage e;
  e.url = p.final_url.empty() ? p.url : p.final_url;
  e.title = p.title;
  e.date = p.date ? p.date->ToIso() : "";
  e.matched = matched;
  e.where = where;
  return e;
}

std::string DepartmentsSentence(const WorkTask& t) { return "责任部门：" + Join(t.departments, "、") + "。"; }

// Link evidence (an entry such as 找错 or 智能问答): one per target, dated or not.
Status AddLinkMatches(RunData& data, const WorkEvidence& e, std::set<std::string>* seen, std::vector<EvidencePage>* out) {
  if (!e.match_link) return Status::Ok();
  for (const std::string& k : e.keywords) {
    auto links = data.LinksWithText(k);
    if (!links.ok()) return links.status();
    for (const db::StoredLink& link : *links) {
      if (!seen->insert(link.to_url).second) continue;
      EvidencePage p;
      p.url = link.to_url;
      p.title = link.anchor_text;
      p.matched = k;
      p.where = "链接";
      p.from_url = link.from_url;
      out->push_back(std::move(p));
    }
  }
  return Status::Ok();
}

Status ScoreKeywords(RunData& data, const Workpoints& plan, const WorkTask& t, const Date& as_of, TaskScore* s) {
  const WorkEvidence& e = t.evidence;
  std::pair<Date, Date> window = *plan.WindowOf(t);
  const Date due_end = window.second;
  window.second = std::min(window.second, as_of);
  s->window_first = window.first.ToIso();
  s->window_last = window.second.ToIso();
  s->keywords = e.keywords;
  s->min_count = e.min_count;

  std::vector<EvidencePage> counted, others;
  std::set<std::string> seen_urls, seen_items;
  for (const StoredPage& p : data.pages()) {
    if (Excluded(p, e)) continue;
    auto match = MatchPage(p, e, data);
    if (!match) continue;
    const std::string url = p.final_url.empty() ? p.url : p.final_url;
    // One item reached under two URLs, or posted in two columns, counts once.
    if (!seen_urls.insert(url).second) continue;
    if (!seen_items.insert(p.title + "|" + (p.date ? p.date->ToIso() : url)).second) continue;
    EvidencePage ev = ToEvidence(p, match->first, match->second);
    if (!p.date) {
      ev.note = "未能确定发布日期，未计入";
      others.push_back(std::move(ev));
    } else if (*p.date < window.first) {
      ev.note = "发布于 " + p.date->ToIso() + "，早于统计区间";
      others.push_back(std::move(ev));
    } else if (*p.date > as_of) {
      ev.note = "发布日期 " + p.date->ToIso() + " 晚于检查基准日";
      others.push_back(std::move(ev));
    } else if (*p.date > window.second) {
      ev.note = "发布于 " + p.date->ToIso() + "，晚于完成时限 " + due_end.ToIso();
      others.push_back(std::move(ev));
    } else {
      counted.push_back(std::move(ev));
    }
  }
  Status linked = AddLinkMatches(data, e, &seen_urls, &counted);
  if (!linked.ok()) return linked;
  std::stable_sort(counted.begin(), counted.end(), [](const EvidencePage& a, const EvidencePage& b) {
    return std::tie(a.date, a.url) < std::tie(b.date, b.url);
  });
  s->count = static_cast<int>(counted.size());
  s->not_counted_total = static_cast<int>(others.size());
  if (counted.size() > kMaxListed) counted.resize(kMaxListed);
  if (others.size() > kMaxListed) others.resize(kMaxListed);
  s->pages = std::move(counted);
  s->not_counted = std::move(others);

  const std::string span = WindowText(window);
  const std::string what = WhereText(e) + "含" + Quoted(e.keywords) + (e.keywords.size() > 1 ? "之一" : "");
  const std::string required = e.require.empty() ? "" : "且标题含" + Quoted(e.require) + (e.require.size() > 1 ? "之一" : "");
  if (s->count >= e.min_count) {
    s->status = TaskStatus::kMet;
    s->reason = span + "网站发布相关信息 " + std::to_string(s->count) + " 条（" + what + required + "），" +
                (e.min_count > 1 ? "达到不少于 " + std::to_string(e.min_count) + " 条的要求。" : "可见任务已开展。");
  } else if (s->count > 0) {
    s->status = TaskStatus::kPartlyMet;
    s->reason = span + "网站只发布相关信息 " + std::to_string(s->count) + " 条（" + what + required + "），少于要求的 " +
                std::to_string(e.min_count) + " 条。";
  } else {
    s->status = TaskStatus::kNotMet;
    s->reason = span + "网站上未找到" + what + required + "的信息。";
  }
  if (s->not_counted_total > 0) {
    s->reason += "另有 " + std::to_string(s->not_counted_total) + " 条相关信息在统计区间外或无发布日期，未计入。";
  }
  if (e.match_body) {
    if (std::vector<std::string> missing = data.Unrecorded(e.keywords); !missing.empty()) {
      s->reason += "本次检查未记录页面正文是否含" + Quoted(missing) + "，正文未能比对。";
    }
  }
  if (s->status != TaskStatus::kMet && !s->deadline_passed) s->reason += "尚未到完成时限（" + due_end.ToIso() + "）。";
  if (s->status != TaskStatus::kMet) s->reason += DepartmentsSentence(t);
  return Status::Ok();
}

bool InFamilies(const std::string& rule, const std::vector<std::string>& families) {
  for (const std::string& f : families) {
    if (rule == f || (rule.size() > f.size() && rule.compare(0, f.size(), f) == 0 && rule[f.size()] == '.')) return true;
  }
  return false;
}

Status ScoreRuleFamily(RunData& data, const Workpoints& plan, const WorkTask& t, TaskScore* s) {
  const WorkEvidence& e = t.evidence;
  const std::optional<std::pair<Date, Date>> window = plan.WindowOf(t);
  if (window) {
    s->window_first = window->first.ToIso();
    s->window_last = window->second.ToIso();
  }
  s->rule_families = e.rule_families;
  s->kinds = e.kinds;
  s->keywords = e.keywords;
  auto in_window = [&](const StoredPage& p) {
    return !window || (p.date && *p.date >= window->first && *p.date <= window->second);
  };

  // The pages that show the task: of the kinds named, or matching the keywords.
  std::vector<EvidencePage> relevant;
  std::set<std::string> relevant_urls;
  int relevant_total = 0;
  bool any_page = std::find(e.kinds.begin(), e.kinds.end(), kAnyKind) != e.kinds.end();
  for (const StoredPage& p : data.pages()) {
    if (!in_window(p)) continue;
    std::optional<std::pair<std::string, std::string>> match;
    for (const std::string& k : e.kinds) {
      bool is = k == kHomeKind ? p.depth == 0 : k == kAnyKind ? true : HasKind(p.kind, k);
      if (is) {
        match = std::make_pair(k, std::string("页面类型"));
        break;
      }
    }
    if (!match && !e.keywords.empty() && !Excluded(p, e)) match = MatchPage(p, e, data);
    if (!match) continue;
    ++relevant_total;
    relevant_urls.insert(p.url);
    if (!p.final_url.empty()) relevant_urls.insert(p.final_url);
    // Every page is relevant for "any": listing them would say nothing.
    if (any_page && match->first == kAnyKind) continue;
    EvidencePage ev = ToEvidence(p, match->first, match->second);
    if (match->second == "页面类型") ev.matched = KindLabel(match->first) + "（" + match->first + "）";
    relevant.push_back(std::move(ev));
  }
  std::set<std::string> seen_links;
  std::vector<EvidencePage> links;
  Status linked = AddLinkMatches(data, e, &seen_links, &links);
  if (!linked.ok()) return linked;
  relevant_total += static_cast<int>(links.size());
  for (EvidencePage& l : links) relevant.push_back(std::move(l));
  s->count = relevant_total;
  if (relevant.size() > kMaxListed) relevant.resize(kMaxListed);
  s->pages = std::move(relevant);

  // The family's open findings (only those on or linked from the relevant pages, if asked).
  std::map<std::string, int> by_rule;
  std::vector<EvidenceFinding> findings;
  for (const db::StoredFinding& sf : data.findings()) {
    const Finding& f = sf.finding;
    if (!InFamilies(f.rule_id, e.rule_families)) continue;
    if (window) {
      const StoredPage* page = data.Page(f.url);
      if (page != nullptr && page->date && !in_window(*page)) continue;
    }
    if (e.findings_on_evidence_pages && relevant_urls.count(f.url) == 0) {
      auto referrers = data.Referrers(f.url);
      if (!referrers.ok()) return referrers.status();
      bool linked_from_relevant = false;
      for (const std::string& r : *referrers) linked_from_relevant = linked_from_relevant || relevant_urls.count(r) > 0;
      if (!linked_from_relevant) continue;
    }
    by_rule[f.rule_id]++;
    findings.push_back({sf.fingerprint, f.rule_id, std::string(SeverityName(f.severity)), sf.status, f.url, f.title,
                        f.message});
  }
  std::stable_sort(findings.begin(), findings.end(), [](const EvidenceFinding& a, const EvidenceFinding& b) {
    return std::tie(a.rule, a.url) < std::tie(b.rule, b.url);
  });
  s->findings_total = static_cast<int>(findings.size());
  if (findings.size() > kMaxListed) findings.resize(kMaxListed);
  s->findings = std::move(findings);

  // What the relevant pages are, in words.
  std::vector<std::string> shown;
  for (const std::string& k : e.kinds) shown.push_back(KindLabel(k) + (k == kHomeKind || k == kAnyKind ? "" : "页面"));
  if (!e.keywords.empty()) {
    std::string where = WhereText(e);
    shown.push_back(where + "含" + Quoted(e.keywords) + (e.keywords.size() > 1 ? "之一" : "") + "的" +
                    (e.match_link && !e.match_title && !e.match_column && !e.match_body ? "链接" : "页面"));
  }
  const std::string pages_text = Join(shown, "或");
  const std::string families = Join(e.rule_families, "、");
  const std::string span = window ? WindowText(*window) : "";
  if (s->count == 0) {
    s->status = TaskStatus::kNotMet;
    s->reason = span + "网站上未找到" + pages_text + "，无法证明任务完成。";
    if (s->findings_total > 0) {
      s->reason += "相关规则（" + families + "）另有 " + std::to_string(s->findings_total) + " 条待整改问题。";
    }
  } else if (s->findings_total > 0) {
    std::vector<std::string> counts;
    for (const auto& [rule, n] : by_rule) counts.push_back(rule + " " + std::to_string(n) + " 条");
    s->status = TaskStatus::kPartlyMet;
    s->reason = span + "网站上有" + pages_text + " " + std::to_string(s->count) + " 个，但相关规则（" + families + "）仍有 " +
                std::to_string(s->findings_total) + " 条待整改问题（" + Join(counts, "、") + "）。";
  } else {
    s->status = TaskStatus::kMet;
    s->reason = span + "网站上有" + pages_text + " " + std::to_string(s->count) + " 个，相关规则（" + families +
                "）未发现待整改问题。";
  }
  if (s->status != TaskStatus::kMet) s->reason += DepartmentsSentence(t);
  return Status::Ok();
}

constexpr EnumName<TaskStatus> kTaskStatusNames[] = {
    {TaskStatus::kNotMet, "not_met", "未完成"},
    {TaskStatus::kMet, "met", "已完成"},
    {TaskStatus::kPartlyMet, "partly_met", "部分完成"},
    {TaskStatus::kNotVerifiable, "not_verifiable", "无法通过网站核查"},
};

}  // namespace

std::string_view TaskStatusId(TaskStatus status) { return NameOf(kTaskStatusNames, status).id; }
std::string_view TaskStatusLabel(TaskStatus status) { return NameOf(kTaskStatusNames, status).label; }

int Scorecard::Count(TaskStatus status) const {
  int n = 0;
  for (const TaskScore& t : tasks) n += t.status == status ? 1 : 0;
  return n;
}

std::vector<DepartmentOrder> DepartmentOrders(const Scorecard& card) {
  std::vector<DepartmentOrder> orders;
  std::map<std::string, size_t> index;
  for (const TaskScore& t : card.tasks) {
    for (const std::string& d : t.departments) {
      if (index.emplace(d, orders.size()).second) orders.push_back({d, {}});
    }
  }
  for (const TaskScore& t : card.tasks) {
    if (t.status != TaskStatus::kNotMet && t.status != TaskStatus::kPartlyMet) continue;
    for (const std::string& d : t.departments) orders[index[d]].tasks.push_back(&t);
  }
  std::vector<DepartmentOrder> open;
  for (DepartmentOrder& o : orders) {
    if (!o.tasks.empty()) open.push_back(std::move(o));
  }
  return open;
}

StatusOr<Scorecard> Score(db::Store& store, int64_t run_id, const Workpoints& plan, const Date& as_of) {
  auto run = store.GetRun(run_id);
  if (!run.ok()) return run.status();
  RunData data(store, run_id);
  Status loaded = data.Load();
  if (!loaded.ok()) return loaded.WithContext("scoring the work points");

  std::set<std::string> body_keywords;
  std::set<std::string> link_keywords;
  for (const WorkTask& t : plan.tasks) {
    if (t.mode == EvidenceMode::kNotVerifiable) continue;
    if (t.evidence.match_body) body_keywords.insert(t.evidence.keywords.begin(), t.evidence.keywords.end());
    if (t.evidence.match_link) link_keywords.insert(t.evidence.keywords.begin(), t.evidence.keywords.end());
  }
  if (Status linked = data.IndexLinks(link_keywords); !linked.ok()) return linked.WithContext("scoring the work points");
  data.set_recorded_keywords({run->text_keywords.begin(), run->text_keywords.end()});
  Status indexed = data.IndexBodies(body_keywords);
  if (!indexed.ok()) return indexed.WithContext("scoring the work points");

  Scorecard card;
  card.title = plan.title;
  card.document = plan.document;
  card.source = plan.source;
  card.year = plan.year;
  card.run_id = run_id;
  card.site = run->site;
  card.as_of = as_of.ToIso();
  for (const WorkTask& t : plan.tasks) {
    TaskScore s;
    s.id = t.id;
    s.number = t.number;
    s.task = t.task;
    s.measure = t.measure;
    s.departments = t.departments;
    s.lead = t.lead;
    s.departments_text = t.departments_text;
    s.metric = t.metric;
    s.deadline = t.deadline;
    s.due = t.due ? t.due->ToIso() : "";
    s.deadline_passed = as_of >= plan.DueOf(t);  // on the due day the task should be done
    Status scored;
    switch (t.mode) {
      case EvidenceMode::kNotVerifiable:
        s.method = "not_verifiable";
        s.status = TaskStatus::kNotVerifiable;
        s.reason = "无法通过网站核查：" + t.reason + "。";
        break;
      case EvidenceMode::kKeywords:
        s.method = "keywords";
        scored = ScoreKeywords(data, plan, t, as_of, &s);
        break;
      case EvidenceMode::kRuleFamily:
        s.method = "rule_family";
        scored = ScoreRuleFamily(data, plan, t, &s);
        break;
    }
    if (!scored.ok()) return scored.WithContext("scoring task " + t.id);
    card.tasks.push_back(std::move(s));
  }
  return card;
}

}  // namespace govaudit
