#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "common/strings.h"
#include "report/internal/output.h"
#include "report/internal/site_checks.h"
#include "report/report.h"

namespace govaudit::report {
namespace {

// Documents and their interpretations (一文多解), with the coverage counts.
nlohmann::ordered_json DocumentsJson(const RunAssessment& data) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const DocumentInterpretations& doc : data.documents) {
    nlohmann::ordered_json interpretations = nlohmann::ordered_json::array();
    for (const PairedInterpretation& i : doc.interpretations) {
      interpretations.push_back({{"url", i.url},
                                 {"title", i.title},
                                 {"date", i.date ? i.date->ToIso() : ""},
                                 {"forms", i.forms},
                                 {"linked_by", i.how}});
    }
    list.push_back({{"url", doc.url},
                    {"title", doc.title},
                    {"doc_number", doc.doc_number},
                    {"date", doc.date ? doc.date->ToIso() : ""},
                    {"needs_interpretation", doc.needs},
                    {"interpretations", std::move(interpretations)}});
  }
  return list;
}

using internal::CsvField;



}  // namespace

Status WriteJson(const RunAssessment& data, const std::string& path) {
  std::set<std::string> fresh(data.new_fingerprints.begin(), data.new_fingerprints.end());
  nlohmann::ordered_json run = {
      {"id", data.run.id},
      {"site", data.run.site},
      {"started_at", data.run.started_at},
      {"finished_at", data.run.finished_at},
      {"as_of", data.run.as_of},
      {"pages", data.run.pages},
      {"fetch_errors", data.run.fetch_errors},
      {"complete", data.run.complete},
      {"stop_reason", data.run.stop_reason},
      {"previous_run", data.previous ? nlohmann::ordered_json(data.previous->id) : nlohmann::ordered_json()},
      {"new", data.new_fingerprints.size()},
      {"fixed", data.fixed.size()},
      {"attachments_not_inspected", data.attachments_not_inspected},
  };
  auto settings = nlohmann::json::parse(data.run.settings_json, nullptr, false);
  if (!settings.is_discarded()) run["settings"] = settings;
  if (!data.notes.empty()) run["notes"] = data.notes;
  if (!data.failure.empty()) run["failure"] = data.failure;
  if (!data.not_rechecked.empty()) run["not_rechecked"] = data.not_rechecked.size();
  run["veto"] = VetoJson(data.veto);
  const auto& coverage = data.interpretation_coverage;
  run["interpretation_coverage"] = {{"documents_needing", coverage.documents_needing},
                                    {"with_interpretation", coverage.with_interpretation},
                                    {"with_several", coverage.with_several},
                                    {"forms", coverage.forms}};
  internal::AddSiteChecksJson(data, &run);
  // Streamed one finding at a time: a run can hold tens of thousands of findings.
  // Invalid UTF-8 from a broken page must not abort the report: replace it.
  internal::OutputFile file(path);
  if (!file.ok()) return file.OpenError();
  std::ostream& out = file.stream();
  out << "{\n\"run\": " << internal::JsonDump(run) << ",\n\"findings\": [";
  bool first = true;
  for (const db::StoredFinding& sf : data.findings) {
    const Finding& f = sf.finding;
    nlohmann::ordered_json j = {
        {"id", sf.fingerprint},
        {"short_id", ShortId(sf.fingerprint)},
        {"rule", f.rule_id},
        {"rule_name", RuleName(f.rule_id)},
        {"severity", SeverityName(f.severity)},
        {"grade", FindingClassLabel(ClassOf(f))},
        {"url", f.url},
        {"title", f.title},
        {"message", f.message},
        {"evidence", f.evidence},
        {"location", f.location},
        {"referrers", f.referrers},
        {"page_kind_reasons", f.page_kind_reasons},
        {"status", sf.status},
        {"status_note", sf.status_note},
        {"new", fresh.count(sf.fingerprint) > 0},
        {"first_seen", sf.first_seen_at},
        {"first_seen_run", sf.first_seen_run},
        {"last_seen", sf.last_seen_at},
        {"last_seen_run", sf.last_seen_run},
    };
    if (auto who = data.responsible.find(sf.fingerprint); who != data.responsible.end()) {
      j["department"] = {{"name", who->second.department}, {"basis", who->second.basis}, {"page", who->second.page}};
      if (!who->second.deadline.empty()) j["department"]["reply_by"] = who->second.deadline;
    }
    if (auto snap = data.snapshots.find(sf.fingerprint); snap != data.snapshots.end()) {
      j["snapshot"] = {{"file", snap->second.file},
                       {"page", snap->second.page},
                       {"fetched_at", snap->second.fetched_at},
                       {"status", snap->second.status},
                       {"sha256", snap->second.sha256}};
    }
    out << (first ? "\n" : ",\n") << internal::JsonDump(j);
    first = false;
  }
  nlohmann::ordered_json fixed = nlohmann::ordered_json::array();
  for (const db::StoredFinding& sf : data.fixed) {
    fixed.push_back({{"id", sf.fingerprint}, {"rule", sf.finding.rule_id}, {"url", sf.finding.url},
                     {"message", sf.finding.message}});
  }
  out << "\n],\n\"fixed\": " << internal::JsonDump(fixed);
  out << ",\n\"documents\": " << internal::JsonDump(DocumentsJson(data));
  if (StartFailed(data.run) || !data.not_rechecked.empty()) {
    // Findings this run did not re-check (all of them on a failed night, those on pages it could
    // not read otherwise): carried, never marked fixed.
    nlohmann::ordered_json carried = nlohmann::ordered_json::array();
    for (const db::StoredFinding& sf : data.not_rechecked) {
      carried.push_back({{"id", sf.fingerprint}, {"rule", sf.finding.rule_id}, {"url", sf.finding.url},
                         {"message", sf.finding.message}, {"status", sf.status}});
    }
    out << ",\n\"not_rechecked\": " << internal::JsonDump(carried);
  }
  out << "\n}\n";
  return file.Finish();
}

Status WriteCsv(const RunAssessment& data, const std::string& path) {
  internal::OutputFile file(path);
  if (!file.ok()) return file.OpenError();
  std::ostream& out = file.stream();
  out << "\xEF\xBB\xBF";  // BOM: Excel opens UTF-8 Chinese correctly only with it
  out << "id,rule,severity,status,url,title,message,evidence,location,referrers,first_seen,last_seen,"
      << "short_id,rule_name,grade,department,snapshot,sha256\r\n";
  auto row = [&out, &data](const db::StoredFinding& sf, const std::string& status) {
    const Finding& f = sf.finding;
    auto who = data.responsible.find(sf.fingerprint);
    auto snap = data.snapshots.find(sf.fingerprint);
    std::vector<std::string> fields = {sf.fingerprint, f.rule_id, std::string(SeverityName(f.severity)),
                                       status,         f.url,     f.title,
                                       f.message,      f.evidence, f.location,
                                       govaudit::Join(f.referrers, " "), sf.first_seen_at, sf.last_seen_at,
                                       ShortId(sf.fingerprint), RuleName(f.rule_id),
                                       std::string(FindingClassLabel(ClassOf(f))),
                                       who == data.responsible.end() ? "" : who->second.department,
                                       snap == data.snapshots.end() ? "" : snap->second.file,
                                       snap == data.snapshots.end() ? "" : snap->second.sha256};
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out << ',';
      out << CsvField(fields[i]);
    }
    out << "\r\n";
  };
  for (const db::StoredFinding& sf : data.findings) row(sf, sf.status);
  for (const db::StoredFinding& sf : data.not_rechecked) row(sf, "not_rechecked");
  return file.Finish();
}

}  // namespace govaudit::report
