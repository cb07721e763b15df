#include "rules/templates.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "common/strings.h"
#include "common/url.h"
#include "pii/safe_text.h"

namespace govaudit {
namespace {

constexpr size_t kExamples = 5;

// The deepest folder all of a group's URLs share ("https://x.gov.cn/xwdt/"), else their origin's
// root. The URLs between the first and the last in byte order share at least what those two do.
std::string CommonFolder(const std::string& first, const std::string& last) {
  size_t n = 0;
  while (n < first.size() && n < last.size() && first[n] == last[n]) ++n;
  std::string prefix = first.substr(0, n);
  prefix = prefix.substr(0, prefix.rfind('/') + 1);
  std::optional<Url> parsed = ParseUrl(first);
  const std::string root = parsed ? parsed->Origin() + "/" : prefix;
  return prefix.size() < root.size() ? root : prefix;
}

// ForEachFinding's order within a rule: severity (Severity's own order, high first), then URL
// and fingerprint.
bool ComesBefore(const db::TemplatedFinding& a, const db::TemplatedFinding& b) {
  return std::tie(a.severity, a.url, a.fingerprint) < std::tie(b.severity, b.url, b.fingerprint);
}

// One template group as its findings stream by: how many, the first and last URL, the first
// URLs, and its example (the first finding in ForEachFinding's order).
struct OpenGroup {
  db::TemplateGroup key;
  int findings = 0;
  std::string last_url;
  std::vector<std::string> urls;  // the first kExamples
  db::TemplatedFinding example;

  bool Holds(const db::TemplatedFinding& f) const {
    return findings > 0 && f.rule == key.rule && f.signature == key.signature && f.evidence_key == key.evidence_key;
  }
  void Add(db::TemplatedFinding&& f) {
    if (findings == 0) key = {f.rule, f.signature, f.evidence_key};
    ++findings;
    last_url = f.url;
    if (urls.size() < kExamples) urls.push_back(f.url);
    if (findings == 1 || ComesBefore(f, example)) example = std::move(f);
  }
};

// The finding of a template group that covers enough of its template's pages, else nothing.
std::optional<Finding> RolledUp(const OpenGroup& group, int template_pages, const TemplateSettings& settings) {
  const int n = group.findings;
  if (n < settings.min_pages || n * 100 < settings.min_share_percent * template_pages) return std::nullopt;
  const std::string& signature = group.key.signature;
  const std::string& label = group.example.label;
  Finding f;
  f.rule_id = group.key.rule;
  f.severity = group.example.severity;
  f.url = CommonFolder(group.urls.front(), group.last_url);
  f.title = "页面模板（" + label + "）";
  f.message = "同一页面模板的 " + std::to_string(n) + " 个页面（该模板共 " + std::to_string(template_pages) +
              " 个页面）有同一问题，应在模板中修改一次：" + group.example.message;
  f.evidence = "模板 " + signature + "（导航：" + label + "）；页面示例：" + Join(group.urls, "、") +
               (static_cast<size_t>(n) > kExamples ? " 等" : "");
  f.location = "模板 " + signature;
  f.evidence_key = "template|" + signature + "|" + group.key.evidence_key;
  for (std::string* s : {&f.url, &f.title, &f.message, &f.evidence, &f.location, &f.evidence_key}) {
    *s = pii::SafeText(*s);
  }
  return f;
}

}  // namespace

StatusOr<TemplateRollUp> RollUpTemplates(db::Store& store, int64_t run_id, const TemplateSettings& settings) {
  TemplateRollUp out;
  if (settings.rules.empty()) return out;
  // The store streams the findings group by group: one group is held at a time, never a run's
  // pages or findings.
  using PageCounts = std::map<std::string, int>;
  ASSIGN_OR_RETURN(PageCounts pages_of, store.TemplatePageCounts(run_id));
  OpenGroup group;
  auto close = [&] {
    if (group.findings == 0) return;
    if (std::optional<Finding> f = RolledUp(group, pages_of[group.key.signature], settings)) {
      out.findings.push_back(std::move(*f));
      out.replaced.push_back(group.key);
    }
    group = OpenGroup();
  };
  RETURN_IF_ERROR(store.ForEachTemplatedFinding(run_id, [&](db::TemplatedFinding&& f) {
    if (std::find(settings.rules.begin(), settings.rules.end(), f.rule) == settings.rules.end()) return;
    if (!group.Holds(f)) close();
    group.Add(std::move(f));
  }));
  close();
  return out;
}

}  // namespace govaudit
