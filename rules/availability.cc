// availability.*: the site, or a key page, could not be opened too often in the week before the
// audit (probes stored by `govaudit probe`).
//
// Requirement: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“站点无法访问”：
// 监测 1 周，每天监测不少于 20 次，超过 15 秒网站仍打不开即为失败，失败次数占总监测次数的比例
// 达到（含）5% 即单项否决. Key pages (关键栏目、业务系统) are what commercial monitors probe
// besides the home page; their failures are a deduction (可用性), not a veto.
#include "rules/availability.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "rules/internal/families.h"

namespace govaudit {
namespace {

constexpr long kDay = 86400;

// "2026-11-26T14:51:00Z" → seconds since the epoch; -1 if malformed.
long Seconds(const std::string& iso) {
  if (iso.size() < 20 || iso[10] != 'T') return -1;
  std::optional<Date> d = ParseIsoDate(iso.substr(0, 10));
  int h = 0, m = 0, s = 0;
  if (!d || std::sscanf(iso.c_str() + 11, "%2d:%2d:%2d", &h, &m, &s) != 3) return -1;
  return d->DaysSinceEpoch() * kDay + h * 3600L + m * 60L + s;
}

std::string Iso(long seconds) {
  const long days = seconds >= 0 ? seconds / kDay : (seconds - kDay + 1) / kDay;
  const long rest = seconds - days * kDay;
  char buf[48];
  std::snprintf(buf, sizeof buf, "T%02ld:%02ld:%02ldZ", rest / 3600, rest / 60 % 60, rest % 60);
  return Date::FromDaysSinceEpoch(days).ToIso() + buf;
}

struct Tally {
  int probes = 0, failures = 0;
  std::vector<int> per_day;
  long longest = 0;
  std::string outage_from, outage_to;
  std::string last_error;
};

// Adds one URL's probes (in time order) to `t`.
void Count(const std::vector<const db::ProbeRecord*>& probes, long from, Tally* t) {
  long start = -1;
  std::string start_iso, last_fail_iso;
  auto close = [&](long end, const std::string& end_iso, bool recovered) {
    if (start < 0) return;
    if (end - start >= t->longest) {
      t->longest = end - start;
      t->outage_from = start_iso;
      t->outage_to = recovered ? end_iso : "";
    }
    start = -1;
  };
  for (const db::ProbeRecord* p : probes) {
    const long at = Seconds(p->at);
    if (at < 0) continue;
    ++t->probes;
    const long day = (at - from) / kDay;
    if (day >= 0 && day < static_cast<long>(t->per_day.size())) ++t->per_day[day];
    if (!p->ok) {
      ++t->failures;
      t->last_error = p->at.substr(0, 16) + " " + (p->error.empty() ? p->error_kind : p->error);
      if (start < 0) {
        start = at;
        start_iso = p->at;
      }
      last_fail_iso = p->at;
    } else {
      close(at, p->at, true);
    }
  }
  if (start >= 0) close(Seconds(last_fail_iso), last_fail_iso, false);
}

double Percent(int part, int whole) { return whole == 0 ? 0 : 100.0 * part / whole; }

int DaysShort(const std::vector<int>& per_day, int min) {
  return static_cast<int>(std::count_if(per_day.begin(), per_day.end(), [min](int n) { return n < min; }));
}

const char* kRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“站点无法访问”：监测 1 周，每天监测不少于 20 次，"
    "超过 15 秒网站仍打不开即为失败，失败次数占总监测次数的比例达到（含）5% 即单项否决";
const char* kKeyRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》可用性：首页、关键栏目和业务系统应能正常访问（关键页面"
    "连通性按与首页相同的方法监测，不达标扣分）";

class AvailabilityRule : public OneInfoRule<SiteRule> {
 public:
  AvailabilityRule()
      : OneInfoRule(internal::MakeRuleInfo(
            "availability.unreachable", Severity::kHigh,
            "近 7 天首页探测失败率达到 5%（每天不少于 20 次探测，超过 15 秒未打开即失败）", kRequirement)),
        key_info_(internal::MakeRuleInfo("availability.key_page_unreachable", Severity::kMedium,
                                         "近 7 天关键页面探测失败率达到 5%", kKeyRequirement)) {}

  const RuleInfo& key_info() const { return key_info_; }

  void Check(db::Store& store, int64_t run_id, const RuleContext& context, std::vector<Finding>* out) const override {
    auto run = store.GetRun(run_id);
    if (!run.ok()) return;
    const AvailabilitySettings& settings = internal::SiteChecksOf(context).availability;
    auto summary = SummarizeAvailability(store, *run, settings);
    if (!summary.ok()) return;
    const std::string window = summary->from.substr(0, 10) + " 至 " + summary->to.substr(0, 10);
    for (const AvailabilityOfUrl& u : summary->urls) {
      if (u.probes == 0 || u.days_short > 0 || u.failure_percent < settings.max_failure_percent) continue;
      if (!u.key_page && !summary->failed()) continue;
      Finding f;
      const RuleInfo& info = u.key_page ? key_info_ : info_;
      f.rule_id = info.id;
      f.severity = info.severity;
      f.url = u.url;
      char ratio[32];
      std::snprintf(ratio, sizeof ratio, "%.1f%%", u.failure_percent);
      f.message = std::string(u.key_page ? "关键页面" : "首页") + "近 " + std::to_string(settings.window_days) +
                  " 天探测 " + std::to_string(u.probes) + " 次，失败 " + std::to_string(u.failures) + " 次（" + ratio +
                  "，达到 " + std::to_string(static_cast<int>(settings.max_failure_percent)) + "%）";
      f.evidence = "监测时段 " + window + "（UTC）；最长中断 " + DurationText(u.longest_outage_s) + "（自 " +
                   u.outage_from +
                   (u.outage_to.empty() ? " 起，至时段结束未恢复）" : " 起，" + u.outage_to + " 恢复）") +
                   "；最近一次失败：" + u.last_error;
      f.highlight = ratio;
      f.evidence_key = "";  // the same defect while the site keeps failing
      out->push_back(std::move(f));
    }
  }

 private:
  RuleInfo key_info_;
};

}  // namespace

void AvailabilityWindow(const db::RunInfo& run, int window_days, std::string* from, std::string* to) {
  long end = -1;
  if (std::optional<Date> as_of = ParseIsoDate(run.as_of)) end = as_of->DaysSinceEpoch() * kDay + 16 * 3600L;
  const long started = Seconds(run.started_at);
  if (started >= 0 && (end < 0 || started < end)) end = started;
  if (end < 0) end = 0;
  *to = Iso(end);
  *from = Iso(end - window_days * kDay);
}

AvailabilitySummary SummarizeProbes(const std::vector<db::ProbeRecord>& probes, const std::string& from,
                                    const std::string& to, const AvailabilitySettings& settings) {
  AvailabilitySummary s;
  s.from = from;
  s.to = to;
  s.window_days = settings.window_days;
  s.min_probes_per_day = settings.min_probes_per_day;
  s.max_failure_percent = settings.max_failure_percent;
  const long start = Seconds(from);
  std::map<std::pair<bool, std::string>, std::vector<const db::ProbeRecord*>> by_url;  // home pages first
  for (const db::ProbeRecord& p : probes) {
    if (p.at >= from && p.at < to) by_url[{p.key_page, p.url}].push_back(&p);
  }
  Tally home;
  home.per_day.assign(settings.window_days, 0);
  for (auto& [key, list] : by_url) {
    std::stable_sort(list.begin(), list.end(), [](const auto* a, const auto* b) { return a->at < b->at; });
    Tally t;
    t.per_day.assign(settings.window_days, 0);
    Count(list, start, &t);
    AvailabilityOfUrl u{key.second,
                        key.first,
                        t.probes,
                        t.failures,
                        Percent(t.failures, t.probes),
                        DaysShort(t.per_day, settings.min_probes_per_day),
                        t.longest,
                        t.outage_from,
                        t.outage_to,
                        t.last_error};
    s.urls.push_back(u);
    if (key.first) continue;
    home.probes += t.probes;
    home.failures += t.failures;
    for (size_t d = 0; d < t.per_day.size(); ++d) home.per_day[d] += t.per_day[d];
    if (t.longest >= home.longest && !t.outage_from.empty()) {
      home.longest = t.longest;
      home.outage_from = t.outage_from;
      home.outage_to = t.outage_to;
    }
  }
  s.probes = home.probes;
  s.failures = home.failures;
  s.failure_percent = Percent(home.failures, home.probes);
  s.longest_outage_s = home.longest;
  s.outage_from = home.outage_from;
  s.outage_to = home.outage_to;
  s.days_short = DaysShort(home.per_day, settings.min_probes_per_day);
  return s;
}

StatusOr<AvailabilitySummary> SummarizeAvailability(db::Store& store, const db::RunInfo& run,
                                                    const AvailabilitySettings& settings) {
  std::string from, to;
  AvailabilityWindow(run, settings.window_days, &from, &to);
  ASSIGN_OR_RETURN(std::vector<db::ProbeRecord> probes, store.Probes(run.site, from, to));
  return SummarizeProbes(probes, from, to, settings);
}

std::string DurationText(long seconds) {
  if (seconds < 60) return std::to_string(seconds) + " 秒";
  const long minutes = seconds / 60;
  if (minutes < 60) return std::to_string(minutes) + " 分";
  const long hours = minutes / 60;
  if (hours < 48)
    return std::to_string(hours) + " 小时" + (minutes % 60 ? " " + std::to_string(minutes % 60) + " 分" : "");
  return std::to_string(hours / 24) + " 天" + (hours % 24 ? " " + std::to_string(hours % 24) + " 小时" : "");
}

namespace internal {

void AddAvailabilityRules(RuleList* list) {
  auto rule = std::make_unique<AvailabilityRule>();
  list->extra_infos.push_back(rule->key_info());
  list->site.push_back(std::move(rule));
}

}  // namespace internal
}  // namespace govaudit
