#include "assess/assessment.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "assess/changes.h"
#include "common/calendar.h"
#include "common/date.h"
#include "common/files.h"
#include "rules/links.h"

namespace govaudit {

bool IsDismissed(const db::StoredFinding& finding) { return finding.status == "false_positive"; }

bool StartFailed(const db::RunInfo& run) {
  return run.stop_reason == "start-page-failed" || run.stop_reason == "start-url-unreachable";
}

namespace {

constexpr int kTrendRuns = 30;

std::vector<std::string> NotesOf(const db::RunInfo& run) {
  std::vector<std::string> notes;
  auto settings = nlohmann::json::parse(run.settings_json, nullptr, false);
  if (!settings.is_object()) return notes;
  if (auto it = settings.find("start_redirects"); it != settings.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (r.is_string()) notes.push_back("起始网址跳转到另一主机，检查了跳转后的站点：" + r.get<std::string>() + "。");
    }
  }
  if (auto it = settings.find("refused_addresses"); it != settings.end() && it->is_object()) {
    std::string note = "有 " + std::to_string(it->value("count", 0)) +
                       " 个链接或跳转指向内部网络地址（本机、内网、链路本地等），按安全策略未访问（refused: internal "
                       "address），不计为断链";
    if (auto ex = it->find("examples"); ex != it->end() && ex->is_array() && !ex->empty() && (*ex)[0].is_string()) {
      note += "，例如 " + (*ex)[0].get<std::string>();
    }
    notes.push_back(note + "。如确需检查，可用 --allow-address 或配置 allow_addresses 放行。");
  }
  if (auto it = settings.find("refusing_hosts"); it != settings.end() && it->is_array() && !it->empty()) {
    std::string hosts;
    for (const auto& h : *it) {
      if (h.is_string()) hosts += (hosts.empty() ? "" : "、") + h.get<std::string>();
    }
    notes.push_back("以下主机多次以 403/429 拒绝访问，已放慢抓取：" + hosts + "。");
  }
  return notes;
}

// The run's own site-checks file and calendar when its settings name them (and they can still
// be read), else the compiled-in ones.
SiteCheckConfig SiteChecksOf(const nlohmann::json& settings) {
  if (settings.is_object() && settings.contains("site_checks") && settings["site_checks"].is_string()) {
    if (auto loaded = SiteCheckConfig::Load(settings["site_checks"].get<std::string>()); loaded.ok()) return *loaded;
  }
  return SiteCheckConfig::Builtin();
}

WorkdayCalendar CalendarOf(const nlohmann::json& settings) {
  if (settings.is_object() && settings.contains("calendar") && settings["calendar"].is_string()) {
    const std::string path = settings["calendar"].get<std::string>();
    if (auto csv = ReadWholeFile(path, "calendar"); csv.ok()) {
      if (auto parsed = WorkdayCalendar::Parse(*csv, path); parsed.ok()) return *parsed;
    }
  }
  return WorkdayCalendar::Builtin();
}

// The checks over more than one page, and the facts the veto rows need from them.
Status AssessSiteChecks(db::Store& store, RunAssessment* data, VetoFacts* facts) {
  const auto settings = nlohmann::json::parse(data->run.settings_json, nullptr, false);
  if (settings.is_object() && settings.contains("disabled_rules") && settings["disabled_rules"].is_array()) {
    for (const auto& id : settings["disabled_rules"]) {
      if (id.is_string()) facts->disabled_rules.insert(id.get<std::string>());
    }
  }
  facts->usable = !StartFailed(data->run);
  facts->complete = data->run.complete;
  if (!facts->usable) return Status::Ok();
  const SiteCheckConfig checks = SiteChecksOf(settings);
  ASSIGN_OR_RETURN(data->availability, SummarizeAvailability(store, data->run, checks.availability));
  const AvailabilitySummary& a = *data->availability;
  facts->probed = a.probes > 0;
  facts->probes_judged = a.judged();
  char ratio[16];
  std::snprintf(ratio, sizeof ratio, "%.1f%%", a.failure_percent);
  facts->probes_note = a.probes == 0 ? "近 " + std::to_string(a.window_days) + " 天没有首页探测记录"
                       : a.judged()
                           ? "近 " + std::to_string(a.window_days) + " 天首页探测 " + std::to_string(a.probes) +
                                 " 次，失败 " + std::to_string(a.failures) + " 次（" + ratio + "）"
                           : "探测不足：近 " + std::to_string(a.window_days) + " 天中有 " + std::to_string(a.days_short) +
                                 " 天首页探测少于 " + std::to_string(a.min_probes_per_day) + " 次（共 " +
                                 std::to_string(a.probes) + " 次，失败率 " + ratio + "），需监测满 1 周";
  const Date as_of = ParseIsoDate(data->run.as_of).value_or(TodayInChina());
  const WorkdayCalendar calendar = CalendarOf(settings);
  ASSIGN_OR_RETURN(data->interaction, SummarizeInteraction(store, data->run.id, as_of, calendar, checks.interaction));
  facts->messages = data->interaction->messages;
  ASSIGN_OR_RETURN(data->service, SummarizeService(store, data->run.id, checks.service));
  facts->guides = static_cast<int>(data->service->guides.size());
  facts->service_required = checks.service.required;
  return Status::Ok();
}

// The documents the interpretation rules judged, with what was found for each.
Status ReadInterpretations(db::Store& store, int64_t run_id, RunAssessment* data) {
  ASSIGN_OR_RETURN(std::vector<DocumentInterpretations> documents, PairInterpretations(store, run_id));
  auto& coverage = data->interpretation_coverage;
  for (DocumentInterpretations& doc : documents) {
    bool needed = doc.needs;
    if (!needed && doc.needs_if_listed) {
      auto listed = store.ListedInPolicyColumn(run_id, doc.url);
      needed = listed.ok() && listed->has_value();
    }
    if (!needed && doc.interpretations.empty()) continue;
    if (needed) {
      ++coverage.documents_needing;
      coverage.with_interpretation += doc.interpretations.empty() ? 0 : 1;
      coverage.with_several += doc.interpretations.size() >= 2 ? 1 : 0;
    }
    doc.needs = needed;
    for (const PairedInterpretation& i : doc.interpretations) {
      for (const std::string& form : i.forms) ++coverage.forms[form];
    }
    data->documents.push_back(std::move(doc));
  }
  return Status::Ok();
}

}  // namespace

StatusOr<RunAssessment> AssessRun(db::Store& store, int64_t run_id, std::vector<RuleDescription> rules,
                                  const Workpoints* workpoints) {
  RunAssessment data;
  data.rules = std::move(rules);
  ASSIGN_OR_RETURN(data.run, store.GetRun(run_id));
  ASSIGN_OR_RETURN(data.findings, store.FindingsForRun(run_id));

  ASSIGN_OR_RETURN(auto runs, store.ListRuns(data.run.site, 1000));
  for (const db::RunInfo& r : runs) {
    if (r.id < run_id) {
      data.previous = r;
      break;
    }
  }
  std::vector<db::StoredFinding> before;
  if (data.previous) {
    ASSIGN_OR_RETURN(before, store.FindingsForRun(data.previous->id));
  }
  const ChangeIndex changes = ClassifyChanges(before, data.findings);
  for (size_t i : changes.added) data.new_fingerprints.push_back(data.findings[i].fingerprint);
  // Fixed: what the history says this run fixed (only a complete run that re-checked the page
  // fixes). Not re-checked: open findings it did not see, on pages it could not read.
  if (data.run.complete) {
    ASSIGN_OR_RETURN(data.fixed, store.FixedByRun(run_id));
    ASSIGN_OR_RETURN(std::vector<db::StoredFinding> unseen, store.OpenNotSeenBy(run_id));
    ASSIGN_OR_RETURN(std::vector<size_t> unchecked, NotRechecked(store, run_id, unseen));
    MoveOut(unchecked, &unseen, &data.not_rechecked);
  }

  ASSIGN_OR_RETURN(data.trend, store.OpenFindingsTrend(data.run.site, run_id, kTrendRuns));
  ASSIGN_OR_RETURN(db::PageTotals totals, store.CountPages(run_id));
  data.totals = totals;
  data.pages_html = totals.html;
  data.attachments = totals.attachments;
  data.attachments_not_inspected = totals.not_inspected;
  ASSIGN_OR_RETURN(data.not_inspected, store.NotInspected(run_id));
  if (StartFailed(data.run)) {
    auto settings = nlohmann::json::parse(data.run.settings_json, nullptr, false);
    data.failure = settings.is_object() ? settings.value("failure", data.run.stop_reason) : data.run.stop_reason;
    for (const db::RunInfo& r : runs) {
      if (r.id < run_id && r.complete) {
        data.last_complete = r;
        break;
      }
    }
    if (data.last_complete) {
      ASSIGN_OR_RETURN(auto carried, store.FindingsForRun(data.last_complete->id));
      for (db::StoredFinding& f : carried) {
        if (!IsDismissed(f) && f.status != "fixed") data.not_rechecked.push_back(std::move(f));
      }
    }
  }
  data.notes = NotesOf(data.run);
  if (totals.links_dropped > 0) {
    data.notes.push_back(std::to_string(totals.pages_over_link_cap) + " 个页面的链接超过每页上限，超出的 " +
                         std::to_string(totals.links_dropped) + " 个链接未保存、未检查（[crawl] max_links_per_page）。");
  }
  if (std::optional<std::string> offline = ExternalNetworkDownNote(store, run_id)) data.notes.push_back(*offline);
  RETURN_IF_ERROR(ReadInterpretations(store, run_id, &data));
  VetoFacts facts;
  RETURN_IF_ERROR(AssessSiteChecks(store, &data, &facts));
  data.veto = EvaluateVeto(data.run, data.findings, facts);
  if (workpoints != nullptr) {
    // Scored as of the run's own audit date, so a re-render says what the audit said.
    Date as_of = ParseIsoDate(data.run.as_of).value_or(TodayInChina());
    ASSIGN_OR_RETURN(data.scorecard, Score(store, run_id, *workpoints, as_of));
  }
  return data;
}

}  // namespace govaudit
