#include "assess/notices.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "assess/assessment.h"
#include "classify/facts.h"
#include "common/strings.h"
#include "common/utf8.h"

namespace govaudit {
namespace {

// Names longer than this are a paragraph the metadata extraction caught, not a department.
constexpr size_t kMaxNameChars = 30;

// A department name as pages write it, without spaces and closing punctuation.
std::string CleanName(std::string_view raw) {
  std::string out;
  std::string_view s = TrimSpaces(raw);
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    const uint32_t cp = DecodeUtf8At(s, i, &len);
    if (!IsSpaceCodePoint(static_cast<char32_t>(cp))) out.append(s.substr(i, len));
    i += len;
  }
  for (const char* tail : {"。", "；", ";", "，", ",", "、", "："}) {
    const std::string t = tail;
    while (out.size() >= t.size() && out.compare(out.size() - t.size(), t.size(), t) == 0) out.resize(out.size() - t.size());
  }
  if (CodePoints(out) > kMaxNameChars) return "";
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The inspector's mapping, looked up by name, alias, URL prefix or column.
class Departments {
 public:
  explicit Departments(const NoticeOptions& options) : options_(options) {
    for (const DepartmentMapping& d : options.departments) {
      by_name_[CleanName(d.name)] = d.name;
      for (const std::string& alias : d.aliases) by_name_[CleanName(alias)] = d.name;
    }
  }

  // The configured name for a name pages use, or the name itself.
  std::string Canonical(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? name : it->second;
  }
  bool Known(const std::string& name) const { return by_name_.count(name) > 0; }

  // The mapping that claims `url` (longest prefix) or its column; nullptr if none.
  const DepartmentMapping* ByPlace(const std::string& url, const std::string& column, std::string* basis) const {
    const DepartmentMapping* best = nullptr;
    size_t best_length = 0;
    for (const DepartmentMapping& d : options_.departments) {
      for (const std::string& prefix : d.url_prefixes) {
        if (prefix.size() > best_length && url.rfind(prefix, 0) == 0) {
          best = &d;
          best_length = prefix.size();
          *basis = "网址属于 " + prefix;
        }
      }
    }
    if (best != nullptr || column.empty()) return best;
    for (const DepartmentMapping& d : options_.departments) {
      if (std::find(d.columns.begin(), d.columns.end(), column) != d.columns.end()) {
        *basis = "栏目“" + column + "”";
        return &d;
      }
    }
    return nullptr;
  }

 private:
  const NoticeOptions& options_;
  std::map<std::string, std::string> by_name_;
};

struct Publisher {
  std::string issuer;
  std::string source;
  std::string column;
};

// The page whose publisher answers for a finding: the page itself when the run parsed it, else
// the first page linking to it (a broken link's page, an attachment's page).
StatusOr<std::string> PageOf(db::Store& store, int64_t run_id, const db::StoredFinding& sf,
                             const std::map<std::string, Publisher>& pages) {
  const Finding& f = sf.finding;
  if (pages.count(f.url) > 0) return f.url;
  for (const std::string& referrer : f.referrers) {
    if (pages.count(referrer) > 0) return referrer;
  }
  ASSIGN_OR_RETURN(std::vector<db::StoredLink> links, store.LinksTo(run_id, f.url, 1));
  if (!links.empty()) return links.front().from_url;
  return f.url;
}

}  // namespace

bool LooksLikeDepartment(std::string_view raw) {
  const std::string name = CleanName(raw);
  if (CodePoints(name) < 2 || EndsWith(name, "网站") || EndsWith(name, "网")) return false;
  // "本站", "本网", "本单位": the site speaking of itself names no department.
  if (name.rfind("本", 0) == 0) return false;
  static constexpr const char* kSuffixes[] = {"局",   "委",   "办",   "厅",   "院",     "部",       "署",
                                              "会",   "处",   "科",   "室",   "所",     "站",       "队",
                                              "中心", "政府", "街道", "镇",   "乡",     "委员会",   "办公室",
                                              "法院", "人大", "政协", "支队", "管委会", "管理委员会"};
  for (const char* suffix : kSuffixes) {
    if (EndsWith(name, suffix)) return true;
  }
  return false;
}

StatusOr<std::map<std::string, Responsibility>> AttributeFindings(db::Store& store, const RunAssessment& data,
                                                                  const NoticeOptions& options) {
  // The publishers of the pages findings may be attributed to (their own pages and referrers),
  // read in one pass over the store: a site's pages are not all held in memory.
  std::set<std::string> wanted;
  for (const db::StoredFinding& sf : data.findings) {
    wanted.insert(sf.finding.url);
    wanted.insert(sf.finding.referrers.begin(), sf.finding.referrers.end());
  }
  std::map<std::string, Publisher> pages;
  auto read_publishers = [&]() -> Status {
    return store.ForEachHtmlPage(data.run.id, {}, [&](db::StoredPage&& p) {
      if (wanted.count(p.url) == 0 || pages.count(p.url) > 0) return;
      const PageFacts facts = PageFacts::FromJson(p.facts_json);
      pages[p.url] = {facts.issuer, facts.source, p.column};
    });
  };
  RETURN_IF_ERROR(read_publishers());
  std::vector<std::string> page_of;  // by finding, in data.findings' order
  const size_t known = wanted.size();
  for (const db::StoredFinding& sf : data.findings) {
    ASSIGN_OR_RETURN(std::string page, PageOf(store, data.run.id, sf, pages));
    wanted.insert(page);  // the first page linking to a target, when it is neither
    page_of.push_back(std::move(page));
  }
  if (wanted.size() > known) RETURN_IF_ERROR(read_publishers());
  const Departments departments(options);
  std::map<std::string, Responsibility> out;
  for (size_t i = 0; i < data.findings.size(); ++i) {
    const db::StoredFinding& sf = data.findings[i];
    std::string page = std::move(page_of[i]);
    Responsibility r;
    r.page = page;
    auto it = pages.find(page);
    const Publisher publisher = it == pages.end() ? Publisher{} : it->second;
    const std::string issuer = CleanName(publisher.issuer);
    const std::string source = CleanName(publisher.source);
    std::string basis;
    // The page facts fall back on 来源 when no issuer is stated: name the basis as written.
    if (!issuer.empty() && issuer != source) {
      r.department = departments.Canonical(issuer);
      r.basis = "发布机构“" + issuer + "”";
    } else if (!source.empty() && (departments.Known(source) || LooksLikeDepartment(source))) {
      r.department = departments.Canonical(source);
      r.basis = "来源“" + source + "”";
    } else if (const DepartmentMapping* d = departments.ByPlace(page, publisher.column, &basis)) {
      r.department = d->name;
      r.basis = basis;
    } else {
      r.department = options.site_operator;
      r.basis = "未能确定发布部门，由网站主办单位负责";
    }
    out[sf.fingerprint] = std::move(r);
  }
  return out;
}

NoticePlan PlanNotices(const RunAssessment& data, const std::map<std::string, Responsibility>& responsible,
                       const NoticeOptions& options, const WorkdayCalendar& calendar) {
  NoticePlan plan;
  plan.site = data.run.site;
  plan.run_id = data.run.id;
  plan.as_of = data.run.as_of;
  plan.date = options.date.value_or(ParseIsoDate(data.run.as_of).value_or(TodayInChina()));
  plan.sender = options.sender;
  plan.not_rechecked = static_cast<int>(data.not_rechecked.size());
  std::map<std::string, RuleDescription> rules;
  for (const RuleDescription& r : data.rules) rules[r.id] = r;

  std::map<std::string, Notice> by_department;
  for (const db::StoredFinding& sf : data.findings) {
    if (IsDismissed(sf)) {
      ++plan.dismissed;
      continue;
    }
    auto who = responsible.find(sf.fingerprint);
    const std::string department = who == responsible.end() ? options.site_operator : who->second.department;
    NoticeItem item;
    item.finding = &sf;
    item.grade = ClassOf(sf.finding);
    item.rule_name = RuleName(sf.finding.rule_id);
    if (auto rule = rules.find(sf.finding.rule_id); rule != rules.end()) item.requirement = rule->second.requirement;
    item.basis = who == responsible.end() ? "" : who->second.basis;
    Notice& notice = by_department[department];
    notice.department = department;
    notice.by_grade[static_cast<int>(item.grade)]++;
    notice.items.push_back(std::move(item));
    ++plan.open_findings;
  }
  for (auto& [name, notice] : by_department) {
    if (name != options.site_operator) plan.notices.push_back(std::move(notice));
  }
  if (auto it = by_department.find(options.site_operator); it != by_department.end()) {
    plan.notices.push_back(std::move(it->second));
  }
  for (size_t i = 0; i < plan.notices.size(); ++i) {
    Notice& n = plan.notices[i];
    std::stable_sort(n.items.begin(), n.items.end(), [](const NoticeItem& a, const NoticeItem& b) {
      if (a.grade != b.grade) return a.grade < b.grade;
      if (a.finding->finding.rule_id != b.finding->finding.rule_id) {
        return a.finding->finding.rule_id < b.finding->finding.rule_id;
      }
      return a.finding->finding.url < b.finding->finding.url;
    });
    char number[64];
    std::snprintf(number, sizeof number, "第 %lld-%02zu 号", static_cast<long long>(data.run.id), i + 1);
    n.number = number;
    char file[48];
    std::snprintf(file, sizeof file, "notice-%02zu.html", i + 1);
    n.file = file;
    n.date = plan.date;
    n.workdays = n.by_grade[static_cast<int>(FindingClass::kVeto)] > 0
                     ? std::min(options.veto_reply_workdays, options.reply_workdays)
                     : options.reply_workdays;
    const WorkdayCalendar::Result due = calendar.AddWorkdays(plan.date, n.workdays);
    n.deadline = due.date;
    n.deadline_uncertain = due.outside_coverage;
  }
  return plan;
}

void ApplyDeadlines(const NoticePlan& plan, std::map<std::string, Responsibility>* responsible) {
  for (const Notice& n : plan.notices) {
    for (const NoticeItem& item : n.items) {
      auto it = responsible->find(item.finding->fingerprint);
      if (it != responsible->end()) it->second.deadline = n.deadline.ToIso();
    }
  }
}

}  // namespace govaudit
