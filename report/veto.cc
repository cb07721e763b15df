#include "report/veto.h"

#include <toml++/toml.h>

#include <set>
#include <sstream>

#include "common/url.h"
#include "config/resources.h"

namespace govaudit::report {
namespace {

// config/indicators.toml [veto].
struct VetoThresholds {
  int stale_news_notice_columns = 5;
  int stale_columns = 10;
  int empty_columns = 5;
  int home_broken_links = 1;
};

const VetoThresholds& Thresholds() {
  static const VetoThresholds thresholds = [] {
    VetoThresholds t;
    toml::table root;
    try {
      root = toml::parse(resources::Get("indicators.toml"), std::string_view("config/indicators.toml"));
    } catch (const toml::parse_error&) {
      return t;  // tests/rules/indicator_rules_test.cc keeps the file valid
    }
    auto veto = root["veto"];
    t.stale_news_notice_columns = static_cast<int>(veto["stale_news_notice_columns"].value_or<int64_t>(5));
    t.stale_columns = static_cast<int>(veto["stale_columns"].value_or<int64_t>(10));
    t.empty_columns = static_cast<int>(veto["empty_columns"].value_or<int64_t>(5));
    t.home_broken_links = static_cast<int>(veto["home_broken_links"].value_or<int64_t>(1));
    return t;
  }();
  return thresholds;
}

// The run's home page(s): its start URLs, normalised as page URLs are stored.
std::set<std::string> HomeUrls(const ReportData& data) {
  std::set<std::string> homes;
  auto settings = nlohmann::json::parse(data.run.settings_json, nullptr, false);
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

}  // namespace

bool VetoSummary::passed() const {
  for (const VetoItem& item : items) {
    if (!item.passed()) return false;
  }
  return true;
}

VetoSummary EvaluateVeto(const ReportData& data) {
  const VetoThresholds& t = Thresholds();
  const std::string n_news = std::to_string(t.stale_news_notice_columns);
  VetoSummary summary;
  summary.items = {
      Item("serious_problems", "安全、泄密事故等严重问题", "出现严重表述错误，或泄露国家秘密（页面带密级标志），出现任意一种即否决",
           {"content.serious_typo", "content.secret_marking"}, 1),
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

  const std::set<std::string> homes = HomeUrls(data);
  for (const db::StoredFinding& sf : data.findings) {
    if (IsDismissed(sf)) continue;
    const Finding& f = sf.finding;
    if (f.rule_id == "content.serious_typo" || f.rule_id == "content.secret_marking") {
      Count(item("serious_problems"), sf);
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

std::string VetoHtml(const ReportData& data) {
  const VetoSummary summary = EvaluateVeto(data);
  std::ostringstream h;
  h << "<section id=\"veto\"><h2>单项否决指标</h2><p class=\"muted\">依据国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》"
    << "及国办发〔2017〕47号《政府网站发展指引》。出现任意一项不通过，网站即判定为不合格；以下为可由程序判定的部分，"
    << "其余指标（站点无法访问、互动回应差、服务不实用等）需人工核查。</p>"
    << "<p>总体结论：<strong id=\"veto-result\" style=\"color:" << (summary.passed() ? "#1a7f37" : "var(--high)") << "\">"
    << (summary.passed() ? "未发现单项否决问题" : "存在单项否决问题") << "</strong></p>";
  h << "<table class=\"veto\"><thead><tr><th>指标</th><th>否决条件</th><th>结果</th><th class=\"num\">问题数 / 阈值</th>"
    << "<th>依据的问题</th></tr></thead><tbody>";
  for (const VetoItem& item : summary.items) {
    h << "<tr data-veto=\"" << HtmlEscape(item.id) << "\" data-passed=\"" << (item.passed() ? "1" : "0") << "\"><td>"
      << HtmlEscape(item.indicator) << "</td><td>" << HtmlEscape(item.criterion) << "</td><td style=\"white-space:nowrap\">"
      << (item.passed() ? "<span class=\"sev\" style=\"background:#1a7f37\">通过</span>"
                        : "<span class=\"sev high\">不通过</span>")
      << "</td><td class=\"num\">" << item.count << " / " << item.threshold << "</td><td>";
    if (item.evidence.empty()) {
      h << "<span class=\"muted\">无</span>";
    } else {
      h << "<details><summary>" << item.evidence.size() << " 条（" << HtmlEscape(item.rules.front())
        << (item.rules.size() > 1 ? " 等" : "") << "）</summary><ul>";
      for (const VetoItem::Evidence& e : item.evidence) {
        h << "<li>" << HtmlEscape(e.text) << " <span class=\"url\">" << HtmlEscape(e.url) << "</span> <span class=\"muted\">编号 "
          << HtmlEscape(e.fingerprint) << "</span></li>";
      }
      h << "</ul></details>";
    }
    h << "</td></tr>";
  }
  h << "</tbody></table></section>";
  return h.str();
}

nlohmann::ordered_json VetoJson(const ReportData& data) {
  const VetoSummary summary = EvaluateVeto(data);
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const VetoItem& item : summary.items) {
    nlohmann::ordered_json findings = nlohmann::ordered_json::array();
    for (const VetoItem::Evidence& e : item.evidence) findings.push_back(e.fingerprint);
    items.push_back({{"id", item.id},
                     {"indicator", item.indicator},
                     {"criterion", item.criterion},
                     {"rules", item.rules},
                     {"count", item.count},
                     {"threshold", item.threshold},
                     {"passed", item.passed()},
                     {"findings", findings}});
  }
  return {{"passed", summary.passed()}, {"items", items}};
}

}  // namespace govaudit::report
