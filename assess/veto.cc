#include "assess/veto.h"

#include <nlohmann/json.hpp>

#include <set>

#include "assess/assessment.h"
#include "common/indicators.h"
#include "common/url.h"

namespace govaudit {
namespace {

// The run's home page(s): its start URLs, normalised as page URLs are stored.
std::set<std::string> HomeUrls(const db::RunInfo& run) {
  std::set<std::string> homes;
  auto settings = nlohmann::json::parse(run.settings_json, nullptr, false);
  if (settings.is_object() && settings.contains("start_urls") && settings["start_urls"].is_array()) {
    for (const auto& u : settings["start_urls"]) {
      if (!u.is_string()) continue;
      if (auto n = NormalizeUrl(u.get<std::string>())) homes.insert(*n);
    }
  }
  return homes;
}

// The kind a column.stale finding was judged by: its evidence key is "kind|column name".
std::string StaleKind(const Finding& f) { return f.evidence_key.substr(0, f.evidence_key.find('|')); }

VetoItem Item(std::string id, std::string indicator, std::string criterion, std::vector<std::string> rules, int threshold) {
  VetoItem item;
  item.id = std::move(id);
  item.indicator = std::move(indicator);
  item.criterion = std::move(criterion);
  item.rules = std::move(rules);
  item.threshold = threshold;
  return item;
}

void Count(VetoItem* item, const db::StoredFinding& sf, std::string text = "") {
  ++item->count;
  item->evidence.push_back({sf.fingerprint, sf.finding.url, text.empty() ? sf.finding.message : text});
}

// security.* findings rest on a lexicon and on heuristics: they fail the row once a person has
// confirmed one in triage (acknowledged); until then the row asks for that review.
void CountSecurity(VetoItem* item, const db::StoredFinding& sf) {
  if (sf.status == "acknowledged") return Count(item, sf);
  ++item->to_review;
  item->evidence.push_back({sf.fingerprint, sf.finding.url, "【待人工复核】" + sf.finding.message});
}

}  // namespace

bool VetoSummary::passed() const {
  for (const VetoItem& item : items) {
    if (!item.passed()) return false;
  }
  return true;
}

bool VetoSummary::needs_review() const {
  if (!passed()) return false;
  for (const VetoItem& item : items) {
    if (item.needs_review()) return true;
  }
  return false;
}

VetoSummary EvaluateVeto(const db::RunInfo& run, const std::vector<db::StoredFinding>& findings) {
  const VetoThresholds& t = IndicatorSettings::Builtin().veto;
  const std::string n_news = std::to_string(t.stale_news_notice_columns);
  VetoSummary summary;
  summary.items = {
      Item("serious_problems", "安全、泄密事故等严重问题",
           "出现严重表述错误，或泄露国家秘密（页面带密级标志），或链接赌博色情等内容、被植入暗链或恶意脚本（经人工复核确认），"
           "出现任意一种即否决",
           {"content.serious_typo", "content.secret_marking", "security.hijacked_link", "security.link_target_changed",
            "security.hidden_link", "security.injected_script", "security.cloaking"},
           1),
      Item("home_stale", "首页不更新", "监测 2 周，首页无信息更新", {"home.stale"}, 1),
      Item("column_stale_news_notice", "栏目不更新",
           "监测时间点前 2 周内的动态、要闻类栏目，以及前 6 个月内的通知公告、政策文件类栏目，累计超过（含）" + n_news +
               " 个未更新",
           {"column.stale"}, t.stale_news_notice_columns),
      Item("column_stale_all", "栏目不更新",
           "应更新但长期未更新的栏目数量超过（含）" + std::to_string(t.stale_columns) + " 个（含人事、规划类栏目 1 年未更新）",
           {"column.stale"}, t.stale_columns),
      Item("column_empty", "栏目不更新", "空白栏目数量超过（含）" + std::to_string(t.empty_columns) + " 个", {"column.empty"},
           t.empty_columns),
      Item("home_links", "首页可用性", "首页上有不可用链接（错链、断链）" + std::to_string(t.home_broken_links) + " 个及以上",
           {"link.broken"}, t.home_broken_links),
      Item("site_identity", "网站标识",
           "首页底部未列明网站标识码、ICP备案编号、公安机关备案号、党政机关网站标识、主办单位，或标识码不一致",
           {"site.identity_missing"}, 1),
  };
  auto item = [&](const char* id) -> VetoItem* {
    for (VetoItem& i : summary.items) {
      if (i.id == id) return &i;
    }
    return nullptr;
  };

  const std::set<std::string> homes = HomeUrls(run);
  for (const db::StoredFinding& sf : findings) {
    if (IsDismissed(sf)) continue;
    const Finding& f = sf.finding;
    if (f.rule_id == "content.serious_typo" || f.rule_id == "content.secret_marking") {
      Count(item("serious_problems"), sf);
    } else if (f.rule_id.rfind("security.", 0) == 0) {
      CountSecurity(item("serious_problems"), sf);
    } else if (f.rule_id == "home.stale") {
      Count(item("home_stale"), sf);
    } else if (f.rule_id == "column.stale") {
      const std::string kind = StaleKind(f);
      if (kind == "news" || kind == "notice") Count(item("column_stale_news_notice"), sf);
      Count(item("column_stale_all"), sf);
    } else if (f.rule_id == "column.empty") {
      Count(item("column_empty"), sf);
    } else if (f.rule_id == "link.broken") {
      for (const std::string& referrer : f.referrers) {
        if (homes.count(referrer) > 0) {
          Count(item("home_links"), sf, f.url + "（" + f.message + "）");
          break;
        }
      }
    } else if (f.rule_id == "site.identity_missing") {
      Count(item("site_identity"), sf);
    }
  }
  return summary;
}

}  // namespace govaudit
