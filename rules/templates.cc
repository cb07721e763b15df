#include "rules/templates.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/strings.h"
#include "common/url.h"
#include "pii/safe_text.h"

namespace govaudit {
namespace {

constexpr size_t kExamples = 5;

// The deepest folder all `urls` share ("https://x.gov.cn/xwdt/"), else their origin's root.
std::string CommonFolder(const std::vector<std::string>& urls) {
  std::string prefix = urls.front();
  for (const std::string& u : urls) {
    size_t n = 0;
    while (n < prefix.size() && n < u.size() && prefix[n] == u[n]) ++n;
    prefix.resize(n);
  }
  prefix = prefix.substr(0, prefix.rfind('/') + 1);
  std::optional<Url> first = ParseUrl(urls.front());
  const std::string root = first ? first->Origin() + "/" : prefix;
  return prefix.size() < root.size() ? root : prefix;
}

}  // namespace

StatusOr<TemplateRollUp> RollUpTemplates(db::Store& store, int64_t run_id, const TemplateSettings& settings) {
  TemplateRollUp out;
  if (settings.rules.empty()) return out;
  // Findings and templates are joined and counted in the store: a run's pages and findings
  // are not all held in memory at once.
  using PageCounts = std::map<std::string, int>;
  ASSIGN_OR_RETURN(PageCounts pages_of, store.TemplatePageCounts(run_id));
  struct Member {
    std::string url;
    std::string fingerprint;
  };
  struct Group {
    std::vector<Member> members;
    Severity severity = Severity::kMedium;  // of the first member, the group's example
    std::string message;
    std::string label;  // the first member's page's template label
  };
  using Key = std::tuple<std::string, std::string, std::string>;  // rule, template, evidence key
  std::map<Key, Group> groups;
  RETURN_IF_ERROR(store.ForEachTemplatedFinding(run_id, [&](db::TemplatedFinding&& tf) {
    Finding& f = tf.finding;
    if (std::find(settings.rules.begin(), settings.rules.end(), f.rule_id) == settings.rules.end()) return;
    Group& g = groups[{f.rule_id, tf.signature, f.evidence_key}];
    if (g.members.empty()) {
      g.severity = f.severity;
      g.message = std::move(f.message);
      g.label = std::move(tf.label);
    }
    g.members.push_back({std::move(f.url), std::move(tf.fingerprint)});
  }));
  for (const auto& [key, group] : groups) {
    const auto& [rule, signature, evidence_key] = key;
    const int n = static_cast<int>(group.members.size());
    const int total = pages_of[signature];
    if (n < settings.min_pages || n * 100 < settings.min_share_percent * total) continue;
    std::vector<std::string> urls;
    for (const Member& m : group.members) {
      urls.push_back(m.url);
      out.replaced.push_back(m.fingerprint);
    }
    const std::string& label = group.label;
    std::sort(urls.begin(), urls.end());
    Finding f;
    f.rule_id = rule;
    f.severity = group.severity;
    f.url = CommonFolder(urls);
    f.title = "页面模板（" + label + "）";
    f.message = "同一页面模板的 " + std::to_string(n) + " 个页面（该模板共 " + std::to_string(total) +
                " 个页面）有同一问题，应在模板中修改一次：" + group.message;
    std::vector<std::string> examples(urls.begin(), urls.begin() + std::min(urls.size(), kExamples));
    f.evidence = "模板 " + signature + "（导航：" + label + "）；页面示例：" + Join(examples, "、") +
                 (urls.size() > kExamples ? " 等" : "");
    f.location = "模板 " + signature;
    f.evidence_key = "template|" + signature + "|" + evidence_key;
    for (std::string* s : {&f.url, &f.title, &f.message, &f.evidence, &f.location, &f.evidence_key}) {
      *s = pii::SafeText(*s);
    }
    out.findings.push_back(std::move(f));
  }
  return out;
}

}  // namespace govaudit
