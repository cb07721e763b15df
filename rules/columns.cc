// column.stale, column.empty, home.stale: columns and a home page that are not kept up to date.
//
// Requirement: 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决 “首页不更新”（监测
// 2 周，首页无信息更新）and “栏目不更新”（动态、要闻类栏目 2 周，通知公告、政策文件类栏目 6 个月
// 未更新；应更新但长期未更新的栏目；空白栏目）; the first national census put 人事、规划计划类
// 栏目 at one year. Limits and word lists: config/indicators.toml, overridable in RulesConfig.
//
// These are page rules, not a site rule over stored facts: a column is judged on its own first
// page, which lists its newest items, so one page holds all the evidence. Later pages of a
// paginated list (index_1.html, ?page=2) show older items by design and are skipped, and an
// article's "related articles" box never makes it a column (IsListPage). Deciding per page
// keeps the rule free of the page-kind facts another part stores, and counts each column once
// because the crawler fetches each URL once; the veto verdict (assess/veto.cc) counts the
// findings against the 19号 thresholds.
#include <string>
#include <vector>

#include "common/url.h"
#include "rules/internal/families.h"
#include "page/columns.h"
#include "page/list_items.h"
#include "page/page.h"

namespace govaudit::internal {
namespace {

constexpr const char* kColumnRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“栏目不更新”：监测时间点前 2 周内的动态、要闻类"
    "栏目，以及监测时间点前 6 个月内的通知公告、政策文件类栏目，累计超过（含）5 个未更新；应更新但长期未更新的栏目数量"
    "超过（含）10 个（人事、规划计划类栏目按 1 年计）";
constexpr const char* kEmptyRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“栏目不更新”：空白栏目数量超过（含）5 个";
constexpr const char* kHomeRequirement =
    "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决“首页不更新”：监测 2 周，首页无信息更新";

// What the freshness rules read: the column kinds and the home page's limit.
struct ColumnSettings {
  std::vector<ColumnKind> kinds;
  int home_days = 14;
};

// The run's indicator settings with the run's overrides (RulesConfig fields other than 0).
ColumnSettings SettingsFor(const RuleContext& context) {
  const IndicatorSettings& indicators = IndicatorsOf(context);
  ColumnSettings s{indicators.column_kinds, indicators.home_stale_days};
  const RulesConfig* c = context.config;
  if (c == nullptr) return s;
  for (ColumnKind& k : s.kinds) {
    if (k.id == "news" && c->column_news_days > 0) {
      k.days = c->column_news_days;
      k.months = 0;
    } else if (k.id == "notice" && c->column_notice_months > 0) {
      k.months = c->column_notice_months;
      k.days = 0;
    } else if (k.id == "personnel" && c->column_personnel_months > 0) {
      k.months = c->column_personnel_months;
      k.days = 0;
    }
  }
  if (c->home_stale_days > 0) s.home_days = c->home_stale_days;
  return s;
}

Date MinusMonths(const Date& d, int months) {
  int index = d.year * 12 + (d.month - 1) - months;
  Date out{index / 12, index % 12 + 1, d.day};
  while (!IsValidDate(out.year, out.month, out.day)) --out.day;
  return out;
}

// The oldest date a column's newest item may have on `as_of`.
Date Deadline(const ColumnKind& kind, const Date& as_of) {
  return kind.days > 0 ? as_of.AddDays(-kind.days) : MinusMonths(as_of, kind.months);
}

std::string LimitText(const ColumnKind& kind) {
  if (kind.days > 0) return kind.days % 7 == 0 ? std::to_string(kind.days / 7) + " 周" : std::to_string(kind.days) + " 天";
  return kind.months % 12 == 0 ? std::to_string(kind.months / 12) + " 年" : std::to_string(kind.months) + " 个月";
}

// The kind named first by the most specific name: the ColumnName meta tag, the breadcrumb,
// the heading, the <title>.
const ColumnKind* KindOf(const ColumnSettings& s, const ColumnNames& names) {
  for (const std::string* name : {&names.meta, &names.breadcrumb, &names.heading, &names.html_title}) {
    if (name->empty()) continue;
    for (const ColumnKind& kind : s.kinds) {
      for (const std::string& word : kind.names) {
        if (name->find(word) != std::string::npos) return &kind;
      }
    }
  }
  return nullptr;
}

// The site's root page ("/", "/index.html") is its home page even when the audit started
// elsewhere or reached it under a second URL: home.stale judges it, not the column rule.
bool IsSiteRoot(const std::string& url) {
  std::optional<Url> u = ParseUrl(url);
  if (!u || u->has_query) return false;
  const std::string& p = u->path;
  return p == "/" || p.rfind("/index.", 0) == 0 || p.rfind("/default.", 0) == 0;
}

const RuleInfo& EmptyInfo() {
  static const RuleInfo info = MakeRuleInfo("column.empty", Severity::kMedium, "空白栏目：栏目页面没有任何信息（暂无信息、正在建设中）",
                                        kEmptyRequirement);
  return info;
}

class ColumnRule : public OneInfoRule<PageRule> {
 public:
  ColumnRule()
      : OneInfoRule(
            MakeRuleInfo("column.stale", Severity::kMedium,
                         "栏目超过更新期限未更新（动态要闻类 2 周、通知公告政策文件类 6 个月、人事规划类 1 年）",
                         kColumnRequirement)) {}

  void Check(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const override {
    const Page* page = input.page;
    if (page == nullptr || input.is_home || IsSiteRoot(input.url) || IsLaterListPage(input.url) ||
        page->pager_page >= 2) {
      return;
    }
    const ListPage& list = input.ListItems(context.as_of);
    const ColumnNames names = ColumnNamesOf(*page);
    const std::string& name = names.Best();
    PageKinds storage;
    const PageKinds& kinds = KindsOf(input, context, &storage);
    // The classifier may know a column the item reader alone would not (a heading naming the
    // column over two items); a page whose items come from a script has none to judge.
    const bool column = IsListPage(*page, list) || (kinds.Has(kColumnList) && page->script_data_call.empty());
    if (column) {
      CheckStale(input, context, list, names, out);
    } else if (list.empty_marker && list.dated_items() == 0 && !page->meta.publish_date && !name.empty()) {
      Finding f = Base(input, EmptyInfo());
      f.message = "栏目“" + name + "”为空白栏目，页面显示“" + list.empty_marker_line + "”";
      f.evidence = "栏目：" + name + "；页面提示：" + list.empty_marker_line;
      f.highlight = list.empty_marker_line;
      f.evidence_key = name;
      out->push_back(std::move(f));
    }
  }

 private:
  Finding Base(const PageInput& input, const RuleInfo& info) const {
    Finding f;
    f.rule_id = info.id;
    f.severity = info.severity;
    f.url = input.url;
    f.title = input.page->title;
    return f;
  }

  void CheckStale(const PageInput& input, const RuleContext& context, const ListPage& list, const ColumnNames& names,
                  std::vector<Finding>* out) const {
    const ColumnSettings settings = SettingsFor(context);
    const ColumnKind* kind = KindOf(settings, names);
    if (kind == nullptr) return;  // columns of no named kind have no limit
    const ListItem* newest = list.Newest(context.as_of);
    if (newest == nullptr) return;  // every date lies after the audit date: nothing to judge
    const Date deadline = Deadline(*kind, context.as_of);
    if (!(*newest->date < deadline)) return;
    const std::string& name = names.Best();
    const std::string limit = LimitText(*kind);
    Finding f = Base(input, info_);
    f.message = "栏目“" + name + "”（" + kind->label + "，更新期限 " + limit + "）最新信息发布于 " +
                newest->date->ToIso() + "，截至 " + context.as_of.ToIso() + " 已超过 " + limit + "未更新";
    f.evidence = "最新条目：《" + newest->title + "》" + newest->date->ToIso() + "；适用期限：" + kind->label + "栏目 " +
                 limit + "（应不早于 " + deadline.ToIso() + "）；带日期条目 " + std::to_string(list.dated_items()) + " 条";
    f.highlight = newest->date->ToIso();
    f.location = newest->url;
    // The kind leads the key: the veto summary counts stale columns by kind.
    f.evidence_key = kind->id + "|" + name;
    out->push_back(std::move(f));
  }
};

class HomeStaleRule : public OneInfoRule<PageRule> {
 public:
  HomeStaleRule()
      : OneInfoRule(MakeRuleInfo("home.stale", Severity::kHigh, "首页超过 2 周没有新信息", kHomeRequirement)) {}

  void Check(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const override {
    if (input.page == nullptr || !input.is_home) return;
    const int days = SettingsFor(context).home_days;
    const ListPage& list = input.ListItems(context.as_of);
    const ListItem* newest = list.Newest(context.as_of);
    const Date deadline = context.as_of.AddDays(-days);
    if (newest != nullptr && !(*newest->date < deadline)) return;
    const std::string limit = days % 7 == 0 ? std::to_string(days / 7) + " 周" : std::to_string(days) + " 天";
    Finding f;
    f.rule_id = info_.id;
    f.severity = info_.severity;
    f.url = input.url;
    f.title = input.page->title;
    if (newest != nullptr) {
      f.message = "首页最新信息发布于 " + newest->date->ToIso() + "，截至 " + context.as_of.ToIso() + " 已超过 " + limit +
                  "没有更新";
      f.evidence = "首页最新条目：《" + newest->title + "》" + newest->date->ToIso() + "；应不早于 " + deadline.ToIso() +
                   "；首页带日期条目 " + std::to_string(list.dated_items()) + " 条";
      f.highlight = newest->date->ToIso();
      f.location = newest->url;
    } else {
      f.message = "首页没有带日期的信息条目，无法确认 " + limit + "内有更新";
      f.evidence = "首页列表条目 " + std::to_string(list.items.size()) + " 条，均无日期";
    }
    f.evidence_key = "home";
    out->push_back(std::move(f));
  }
};

}  // namespace

void AddColumnRules(RuleList* list) {
  list->page.push_back(std::make_unique<ColumnRule>());
  list->page.push_back(std::make_unique<HomeStaleRule>());
  list->extra_infos.push_back(EmptyInfo());
}

}  // namespace govaudit::internal
