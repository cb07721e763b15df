// index.html and summary.json of a multi-site audit. index.html is self-contained (no
// external CSS, scripts, fonts or images), in Chinese; every name, URL and reason goes
// through HtmlEscape, since site names come from a file and reasons quote fetched URLs.
#include "report/overview.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "common/date.h"
#include "report/internal/output.h"

namespace govaudit::report {
namespace {

using internal::WriteFile;

std::string ReportLink(const SiteSummary& site) { return site.slug + "/report.html"; }

const char* StopLabel(const std::string& reason) {
  if (reason == "finished") return "完整";
  if (reason == "max-pages") return "达到页面上限，未完整";
  if (reason == "interrupted") return "被中断，未完整";
  return nullptr;
}

std::string Num(int64_t n, const char* css = "") {
  std::string cls = std::string("num") + (n == 0 ? " zero" : *css ? std::string(" ") + css : "");
  return "<td class=\"" + cls + "\">" + std::to_string(n) + "</td>";
}

constexpr const char* kStyle = R"CSS(
:root{--high:#b3261e;--medium:#b26a00;--low:#3b6ea8;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:15px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:var(--ink);background:#fff}
header{background:#8b1a1a;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.9}
main{padding:16px 24px;max-width:1400px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px;background:var(--bg)}
.card b{display:block;font-size:24px}.card.high b{color:var(--high)}.card.medium b{color:var(--medium)}.card.low b{color:var(--low)}.card.failed b{color:var(--high)}
h2{font-size:18px;border-left:4px solid #8b1a1a;padding-left:8px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);white-space:nowrap}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.zero{color:var(--muted)}
td.high{color:var(--high);font-weight:bold}td.medium{color:var(--medium);font-weight:bold}td.low{color:var(--low)}
.muted{color:var(--muted);font-size:13px}.url{word-break:break-all}.reason{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
.failed-tag{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;background:var(--high);font-size:13px}
tr.failed td{background:#fff5f5}
@media print{header{background:#fff;color:#000;border-bottom:2px solid #000}a{color:#000;text-decoration:none}tr{break-inside:avoid}
.card,.failed-tag{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)CSS";

// The counts of every site together, for the cards and summary.json.
struct Totals {
  int64_t failed = 0, high = 0, medium = 0, low = 0, fresh = 0, fixed = 0, not_rechecked = 0;
};

Totals Sum(const std::vector<SiteSummary>& sites) {
  Totals t;
  for (const SiteSummary& s : sites) {
    t.failed += s.failed ? 1 : 0;
    t.high += s.open_high;
    t.medium += s.open_medium;
    t.low += s.open_low;
    t.fresh += s.new_findings;
    t.fixed += s.fixed;
    t.not_rechecked += s.not_rechecked;
  }
  return t;
}

std::string StartUrls(const SiteSummary& site) {
  std::string out;
  for (const std::string& url : site.start_urls) {
    out += "<div class=\"url muted\">" + HtmlEscape(url) + "</div>";
  }
  return out;
}

// A merged overview: each shard read, failed ones with why, and what the merge noticed.
void AddShardsJson(const Overview& overview, nlohmann::ordered_json* doc) {
  nlohmann::ordered_json shards = nlohmann::ordered_json::array();
  int64_t failed = 0;
  for (const ShardStatus& s : overview.shards) {
    failed += s.failed ? 1 : 0;
    shards.push_back({{"dir", s.dir.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.dir)},
                      {"shard", s.shard.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.shard)},
                      {"as_of", s.as_of},
                      {"status", s.failed ? "failed" : "merged"},
                      {"failure", s.failed ? nlohmann::ordered_json(s.failure) : nlohmann::ordered_json()},
                      {"sites", s.sites}});
  }
  (*doc)["shards_total"] = overview.shards.size();
  (*doc)["shards_failed"] = failed;
  (*doc)["shards"] = shards;
  (*doc)["notes"] = overview.notes;
}

std::string ShardsHtml(const Overview& overview) {
  if (overview.shards.empty() && overview.notes.empty()) return "";
  std::string h = "<h2 id=\"shards\">分片</h2><p class=\"muted\">本总览由各分片的 summary.json 汇总而成；"
                  "失败的分片及其站点在此列出，不会被省略。</p>";
  h += "<table><thead><tr><th>分片</th><th>文件夹</th><th>检查日期</th><th class=\"num\">站点</th><th>状态</th>"
       "</tr></thead><tbody>";
  for (const ShardStatus& s : overview.shards) {
    h += std::string(s.failed ? "<tr class=\"failed\">" : "<tr>") + "<td>" + HtmlEscape(s.shard) + "</td>";
    h += "<td class=\"url\">" + HtmlEscape(s.dir) + "</td><td>" + HtmlEscape(s.as_of) + "</td>" + Num(s.sites);
    h += "<td>" + (s.failed ? "<span class=\"failed-tag\">失败</span> <span class=\"reason\">" + HtmlEscape(s.failure) +
                                  "</span>"
                            : std::string("已汇总")) +
         "</td></tr>";
  }
  h += "</tbody></table>";
  if (!overview.notes.empty()) {
    h += "<h2 id=\"notes\">汇总说明</h2><ul>";
    for (const std::string& note : overview.notes) h += "<li class=\"reason\">" + HtmlEscape(note) + "</li>";
    h += "</ul>";
  }
  return h;
}

}  // namespace

Status WriteOverviewJson(const Overview& overview, const std::string& path) {
  nlohmann::ordered_json sites = nlohmann::ordered_json::array();
  int64_t rank = 0;
  for (const SiteSummary& s : overview.sites) {
    nlohmann::ordered_json j;
    j["rank"] = s.failed ? nlohmann::ordered_json() : nlohmann::ordered_json(++rank);
    j["name"] = s.name;
    j["slug"] = s.slug;
    j["start_urls"] = s.start_urls;
    j["status"] = s.failed ? "failed" : "audited";
    j["failure"] = s.failed ? nlohmann::ordered_json(s.failure) : nlohmann::ordered_json();
    j["run"] = s.run_id ? nlohmann::ordered_json(s.run_id) : nlohmann::ordered_json();
    j["previous_run"] = s.previous_run ? nlohmann::ordered_json(*s.previous_run) : nlohmann::ordered_json();
    j["complete"] = s.complete;
    j["stop_reason"] = s.stop_reason;
    j["pages"] = s.pages;
    j["fetch_errors"] = s.fetch_errors;
    j["open"] = {{"high", s.open_high}, {"medium", s.open_medium}, {"low", s.open_low}, {"total", s.open()}};
    j["new"] = s.new_findings;
    j["fixed"] = s.fixed;
    j["not_rechecked"] = s.not_rechecked;
    j["report"] = s.has_report ? nlohmann::ordered_json(ReportLink(s)) : nlohmann::ordered_json();
    j["findings_json"] = s.has_report ? nlohmann::ordered_json(s.slug + "/findings.json") : nlohmann::ordered_json();
    sites.push_back(std::move(j));
  }
  const Totals t = Sum(overview.sites);
  nlohmann::ordered_json doc = {
      {"as_of", overview.as_of},
      {"generated_at", overview.generated_at},
      {"sites_total", overview.sites.size()},
      {"sites_audited", static_cast<int64_t>(overview.sites.size()) - t.failed},
      {"sites_failed", t.failed},
      {"open", {{"high", t.high}, {"medium", t.medium}, {"low", t.low}, {"total", t.high + t.medium + t.low}}},
      {"new", t.fresh},
      {"fixed", t.fixed},
      {"not_rechecked", t.not_rechecked},
  };
  if (!overview.shard.empty()) doc["shard"] = overview.shard;
  if (!overview.shards.empty()) AddShardsJson(overview, &doc);
  doc["sites"] = sites;
  return WriteFile(path, internal::JsonDump(doc) + "\n");
}

Status WriteOverviewHtml(const Overview& overview, const std::string& path) {
  const Totals t = Sum(overview.sites);
  const int64_t failed = t.failed;
  const int64_t total = static_cast<int64_t>(overview.sites.size());
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<title>政务网站检查总览 " + HtmlEscape(overview.as_of) + "</title><style>" + kStyle + "</style></head><body>";
  const std::string shard = overview.shard.empty() ? "" : "（分片 " + HtmlEscape(overview.shard) + "）";
  h += "<header><h1>政务网站检查总览" + shard + "</h1><p>检查日期 " + HtmlEscape(overview.as_of) + " · 共 " +
       std::to_string(total) +
       " 个站点 · 生成于 " + HtmlEscape(BeijingTime(overview.generated_at)) + "</p></header><main>";
  h += "<div class=\"cards\">";
  h += "<div class=\"card\"><b>" + std::to_string(total - failed) + "</b>已完成检查的站点</div>";
  h += "<div class=\"card" + std::string(failed ? " failed" : "") + "\"><b>" + std::to_string(failed) + "</b>检查失败的站点</div>";
  h += "<div class=\"card high\"><b>" + std::to_string(t.high) + "</b>高风险问题</div>";
  h += "<div class=\"card medium\"><b>" + std::to_string(t.medium) + "</b>中风险问题</div>";
  h += "<div class=\"card low\"><b>" + std::to_string(t.low) + "</b>低风险问题</div>";
  h += "<div class=\"card\"><b>" + std::to_string(t.fresh) + "</b>较上次新增</div>";
  h += "<div class=\"card\"><b>" + std::to_string(t.fixed) + "</b>较上次已整改</div>";
  if (t.not_rechecked > 0) {
    h += "<div class=\"card\"><b id=\"count-not-rechecked\">" + std::to_string(t.not_rechecked) + "</b>未能复查</div>";
  }
  h += "</div>";

  if (failed > 0) {
    h += "<h2 id=\"failed\">检查失败的站点</h2><p class=\"muted\">这些站点本次未能完成检查，未参与排名；"
         "其他站点的检查不受影响。</p>";
    h += "<table><thead><tr><th>站点</th><th>原因</th><th>报告</th></tr></thead><tbody>";
    for (const SiteSummary& s : overview.sites) {
      if (!s.failed) continue;
      h += "<tr class=\"failed\"><td><span class=\"failed-tag\">失败</span> " + HtmlEscape(s.name) + StartUrls(s) + "</td>";
      h += "<td class=\"reason\">" + HtmlEscape(s.failure) + "</td>";
      h += "<td>" + (s.has_report ? "<a href=\"" + HtmlEscape(ReportLink(s)) + "\">查看报告</a>" : std::string("无")) +
           "</td></tr>";
    }
    h += "</tbody></table>";
  }

  h += ShardsHtml(overview);
  h += "<h2 id=\"ranking\">站点排名（按未整改问题：先高风险，再中风险，再低风险）</h2>";
  h += "<p class=\"muted\">未整改问题不含已标记为误报的问题。“新增”“已整改”与该站点上一次检查相比；"
       "未完整完成的检查不判定已整改；本次未再发现、但所在页面本次未能读取的问题计为“未能复查”，仍未整改。</p>";
  h += "<table id=\"sites\"><thead><tr><th class=\"num\">排名</th><th>站点</th><th class=\"num\">高</th>"
       "<th class=\"num\">中</th><th class=\"num\">低</th><th class=\"num\">合计</th><th class=\"num\">新增</th>"
       "<th class=\"num\">已整改</th><th class=\"num\">未能复查</th><th class=\"num\">页面</th><th "
       "class=\"num\">抓取错误</th><th>检查</th></tr></thead><tbody>";
  int64_t rank = 0;
  for (const SiteSummary& s : overview.sites) {
    if (s.failed) continue;
    h += "<tr><td class=\"num\">" + std::to_string(++rank) + "</td><td>";
    h += s.has_report ? "<a href=\"" + HtmlEscape(ReportLink(s)) + "\">" + HtmlEscape(s.name) + "</a>" : HtmlEscape(s.name);
    h += StartUrls(s) + "</td>";
    h += Num(s.open_high, "high") + Num(s.open_medium, "medium") + Num(s.open_low, "low") + Num(s.open());
    h += s.previous_run ? Num(s.new_findings) : "<td class=\"num muted\">首次检查</td>";
    h += Num(s.fixed) + Num(s.not_rechecked) + Num(s.pages) + Num(s.fetch_errors);
    const char* label = StopLabel(s.stop_reason);
    h += "<td>" + (label ? std::string(label) : HtmlEscape(s.stop_reason)) + "</td></tr>";
  }
  if (rank == 0) h += "<tr><td colspan=\"12\" class=\"muted\">没有完成检查的站点。</td></tr>";
  h += "</tbody></table>";
  h += "<p class=\"muted\">机器可读的同一内容：<a href=\"summary.json\">summary.json</a>；"
       "各站点的问题清单见其文件夹中的 findings.json 与 findings.csv。</p>";
  h += "</main></body></html>\n";
  return WriteFile(path, h);
}

Status WriteOverview(const Overview& overview, const std::string& out_dir) {
  RETURN_IF_ERROR(internal::CreateOutputFolder(out_dir));
  Status s = WriteOverviewJson(overview, (std::filesystem::path(out_dir) / "summary.json").string());
  if (!s.ok()) return s;
  return WriteOverviewHtml(overview, (std::filesystem::path(out_dir) / "index.html").string());
}

}  // namespace govaudit::report
