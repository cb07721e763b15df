#include "report/stats.h"

#include <algorithm>

#include "report/internal/output.h"

namespace govaudit::report {
namespace {

using internal::CsvField;
using internal::JsonDump;

std::string T(std::string_view text) { return pii::SafeText(text, pii::Sink::kTerminal); }

struct Group {
  std::string key;  // a rule or a site
  int64_t open = 0;
  std::vector<std::pair<std::string, int64_t>> parts;  // sites of a rule, or rules of a site
};

// Open counts grouped by rule or by site, most open first (then by name); parts likewise.
std::vector<Group> GroupBy(const StoreStats& stats, StatsBy by) {
  std::map<std::string, Group> groups;
  for (const db::OpenFindingCount& c : stats.open) {
    const std::string& key = by == StatsBy::kRule ? c.rule : c.site;
    Group& g = groups[key];
    g.key = key;
    g.open += c.open;
    g.parts.emplace_back(by == StatsBy::kRule ? c.site : c.rule, c.open);
  }
  auto most_first = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  std::vector<Group> out;
  for (auto& [key, g] : groups) {
    std::sort(g.parts.begin(), g.parts.end(), most_first);
    out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(), [](const Group& a, const Group& b) { return a.open > b.open; });
  return out;
}

std::string SeverityOf(const StoreStats& stats, const std::string& rule) {
  auto it = stats.severity.find(rule);
  return it == stats.severity.end() ? "" : it->second;
}

const SiteTrend* TrendOf(const StoreStats& stats, const std::string& site) {
  for (const SiteTrend& t : stats.trends) {
    if (t.site == site) return &t;
  }
  return nullptr;
}

}  // namespace

std::string StatsText(const StoreStats& stats, StatsBy by) {
  const std::vector<Group> groups = GroupBy(stats, by);
  int64_t total = 0;
  for (const Group& g : groups) total += g.open;
  std::string out = std::string("未整改问题（按") + (by == StatsBy::kRule ? "规则" : "网站") + "）：共 " +
                    std::to_string(total) + " 条，" + std::to_string(stats.trends.size()) + " 个网站\n";
  for (const Group& g : groups) {
    if (by == StatsBy::kRule) {
      out += T(g.key) + "  " + SeverityOf(stats, g.key) + "  未整改 " + std::to_string(g.open) + "，" +
             std::to_string(g.parts.size()) + " 个网站\n";
    } else {
      out += T(g.key) + "  未整改 " + std::to_string(g.open) + "\n";
    }
    for (const auto& [name, open] : g.parts) out += "  " + T(name) + "  " + std::to_string(open) + "\n";
  }
  if (by == StatsBy::kSite) {
    out += "最近 " + std::to_string(stats.runs) + " 次运行的未整改问题数（运行号 日期：条数）：\n";
    for (const SiteTrend& t : stats.trends) {
      out += T(t.site) + "：";
      for (size_t i = 0; i < t.runs.size(); ++i) {
        out += (i ? " → " : "") + std::string("#") + std::to_string(t.runs[i].run_id) + " " + T(t.runs[i].date) + "：" +
               std::to_string(t.runs[i].open_findings);
      }
      out += "\n";
    }
  }
  return out;
}

std::string StatsJson(const StoreStats& stats, StatsBy by) {
  nlohmann::ordered_json doc;
  doc["by"] = by == StatsBy::kRule ? "rule" : "site";
  doc["runs"] = stats.runs;
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for (const Group& g : GroupBy(stats, by)) {
    nlohmann::ordered_json group;
    group[by == StatsBy::kRule ? "rule" : "site"] = g.key;
    if (by == StatsBy::kRule) group["severity"] = SeverityOf(stats, g.key);
    group["open"] = g.open;
    nlohmann::ordered_json parts = nlohmann::ordered_json::array();
    for (const auto& [name, open] : g.parts) {
      nlohmann::ordered_json part;
      part[by == StatsBy::kRule ? "site" : "rule"] = name;
      if (by == StatsBy::kSite) part["severity"] = SeverityOf(stats, name);
      part["open"] = open;
      parts.push_back(part);
    }
    group[by == StatsBy::kRule ? "sites" : "rules"] = parts;
    if (by == StatsBy::kSite) {
      nlohmann::ordered_json trend = nlohmann::ordered_json::array();
      if (const SiteTrend* t = TrendOf(stats, g.key)) {
        for (const db::RunTrendPoint& p : t->runs)
          trend.push_back({{"run", p.run_id}, {"date", p.date}, {"open", p.open_findings}});
      }
      group["trend"] = trend;
    }
    groups.push_back(group);
  }
  doc[by == StatsBy::kRule ? "rules" : "sites"] = groups;
  return JsonDump(doc) + "\n";
}

std::string StatsCsv(const StoreStats& stats, StatsBy by) {
  std::string out;
  if (by == StatsBy::kRule) {
    out = "rule,severity,site,open\r\n";
    for (const Group& g : GroupBy(stats, by)) {
      for (const auto& [site, open] : g.parts) {
        out += CsvField(g.key) + "," + CsvField(SeverityOf(stats, g.key)) + "," + CsvField(site) + "," +
               std::to_string(open) + "\r\n";
      }
    }
    return out;
  }
  out = "site,run,date,open\r\n";
  for (const SiteTrend& t : stats.trends) {
    for (const db::RunTrendPoint& p : t.runs) {
      out += CsvField(t.site) + "," + std::to_string(p.run_id) + "," + CsvField(p.date) + "," +
             std::to_string(p.open_findings) + "\r\n";
    }
  }
  return out;
}

}  // namespace govaudit::report
