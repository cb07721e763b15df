#include "app/workflow.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <map>

#include "app/audit.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/evidence.h"
#include "app/verify.h"
#include "assess/assessment.h"
#include "common/files.h"
#include "crawler/address_policy.h"
#include "pii/safe_text.h"
#include "report/report.h"

namespace govaudit {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "govaudit: %s\n", pii::SafeText(message, pii::Sink::kTerminal).c_str());
  return kExitUsage;
}

// Everything printed passes the output gate: it quotes titles, URLs and evidence of crawled pages.
int Print(const StatusOr<std::string>& text) {
  if (!text.ok()) return Fail(text.status().message());
  std::fputs(pii::SafeText(*text, pii::Sink::kTerminal).c_str(), stdout);
  return kExitOk;
}

bool IsVerifySite(const std::string& site) {
  const std::string suffix = VerifySiteName("");
  return site.size() >= suffix.size() && site.compare(site.size() - suffix.size(), std::string::npos, suffix) == 0;
}

// The run notices are written for: the one asked for, else the latest audit that reached its
// site. A run whose start page failed re-checked nothing, so it sends no notice.
StatusOr<db::RunInfo> NoticeRun(db::Store& store, int64_t run_id, const std::string& db_path) {
  if (run_id != 0) {
    ASSIGN_OR_RETURN(db::RunInfo run, store.GetRun(run_id));
    if (StartFailed(run)) {
      return Status::Error("run " + std::to_string(run_id) + " failed (" + run.stop_reason +
                           "): it re-checked nothing; give the run of a complete audit");
    }
    return run;
  }
  ASSIGN_OR_RETURN(std::vector<db::RunInfo> runs, store.ListRuns("", 1000));
  for (const db::RunInfo& run : runs) {
    if (!IsVerifySite(run.site) && !StartFailed(run)) return run;
  }
  return Status::Error("database " + db_path + " holds no audit to write notices for");
}

StatusOr<WorkdayCalendar> CalendarAt(const std::string& path) {
  if (path.empty()) return WorkdayCalendar::Builtin();
  ASSIGN_OR_RETURN(std::string csv, ReadWholeFile(path, "calendar"));
  return WorkdayCalendar::Parse(csv, path);
}

std::string VerifyText(const VerifyOutcome& outcome) {
  const VerifyRun& r = outcome.results;
  std::map<ReportStatus, int> counts;
  std::string out = "复查网民报告：" + r.site + "，" + std::to_string(r.reports.size()) + " 条（第 " +
                    std::to_string(r.run_id) + " 次运行记录）\n";
  for (const VerifiedReport& v : r.reports) {
    const ReportVerdict& d = v.verdict;
    counts[d.status]++;
    out += "  第 " + std::to_string(v.report.line) + " 行" + (v.report.id.empty() ? "" : "（" + v.report.id + "）") + "  " +
           std::string(ReportStatusLabel(d.status)) + "  " + v.report.type_text + "  " + v.report.url + "\n      " +
           d.reason;
    if (d.deadline) {
      out += "；已过 " + std::to_string(d.workdays_elapsed) + " 个工作日，办理期限 " + d.deadline->ToIso() +
             (d.overdue ? "（已超期）" : "");
    }
    if (!v.fingerprint.empty()) out += "；跟踪编号 " + ShortId(v.fingerprint);
    out += "\n";
  }
  out += "已确认 " + std::to_string(counts[ReportStatus::kConfirmed]) + "，需人工核实 " +
         std::to_string(counts[ReportStatus::kManual]) + "，已整改 " + std::to_string(counts[ReportStatus::kFixed]) +
         "，未复现 " + std::to_string(counts[ReportStatus::kNotReproduced]) + "\n";
  return out + "结果：" + outcome.report_path + "\n";
}

}  // namespace

StatusOr<std::string> WriteNoticesFor(const NoticesRequest& request) {
  NoticeOptions notices;
  std::string calendar_path;
  if (!request.config.empty()) {
    ASSIGN_OR_RETURN(ConfigFile config, LoadConfigFile(request.config));
    notices = config.defaults.notices;
    calendar_path = config.defaults.calendar_path;
  }
  if (!request.date.empty()) {
    notices.date = ParseIsoDate(request.date);
    if (!notices.date) return Status::Error("--date '" + request.date + "' is not a date in the form YYYY-MM-DD");
  }
  if (request.reply_workdays) {
    if (*request.reply_workdays < 1 || *request.reply_workdays > 250) {
      return Status::Error("--reply-workdays must be between 1 and 250, got " + std::to_string(*request.reply_workdays));
    }
    notices.reply_workdays = *request.reply_workdays;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<db::Store> store, db::Store::OpenExisting(request.db_path));
  ASSIGN_OR_RETURN(WorkdayCalendar calendar, CalendarAt(calendar_path));
  ASSIGN_OR_RETURN(db::RunInfo run, NoticeRun(*store, request.run_id, request.db_path));
  const RuleSet rules = RuleSet::Build(RulesConfig{});
  ASSIGN_OR_RETURN(RunAssessment data, AssessForReports(*store, run.id, rules, nullptr, notices, calendar));
  const NoticePlan plan = PlanNotices(data, data.responsible, notices, calendar);
  RETURN_IF_ERROR(report::WriteNotices(plan, request.out_dir));

  std::string out = "整改通知：第 " + std::to_string(run.id) + " 次运行（" + run.site + "，检查基准日 " + run.as_of + "），" +
                    std::to_string(plan.notices.size()) + " 个责任部门，共 " + std::to_string(plan.open_findings) +
                    " 个问题\n";
  if (!run.complete) out += "注意：该次运行未完整完成，未检查到的页面上的问题不在通知中\n";
  if (plan.not_rechecked > 0) {
    out += "另有 " + std::to_string(plan.not_rechecked) + " 个问题本次未能复查（所在页面本次未能读取），未列入通知\n";
  }
  for (const Notice& n : plan.notices) {
    out += "  " + n.number + "  " + n.department + "  " + std::to_string(n.items.size()) + " 个问题，回复期限 " +
           n.deadline.ToIso() + "（" + std::to_string(n.workdays) + " 个工作日）  " +
           (std::filesystem::path(request.out_dir) / n.file).string() + "\n";
  }
  return out + "汇总表：" + (std::filesystem::path(request.out_dir) / "index.html").string() + "\n";
}

WorkflowCommands::WorkflowCommands(CLI::App* app) {
  const char* db_help = "The database of earlier audits (default: govaudit.db)";
  show_ = app->add_subcommand("show", "A finding with its evidence as archived: fetch time, HTTP status, content hash");
  show_->add_option("id", id_, "The finding's id: its short id (3F2A-9C01) or at least 6 characters of it")->required();
  show_->add_option("--db", db_path_, db_help);
  show_->add_option("--out", show_out_, "Also write the page's snapshot into this folder");

  notices_ = app->add_subcommand("notices", "Rectification notices (整改通知书), one per responsible department, and a summary");
  notices_->add_option("--db", notices_request_.db_path, db_help);
  notices_->add_option("--run", notices_request_.run_id, "Run number (default: the latest audit)");
  notices_->add_option("--out", notices_request_.out_dir, "Folder for the notices (default: govaudit-notices)");
  notices_->add_option("--config", notices_request_.config,
                       "Configuration file: its [notices] (departments, deadlines) and [audit] calendar");
  notices_->add_option("--date", notices_request_.date, "The notices' date YYYY-MM-DD (default: the run's audit date)");
  notices_->add_option("--reply-workdays", notices_request_.reply_workdays,
                       "Working days to reply (default: 10; 5 for a notice with a 否决项)");

  verify_ = app->add_subcommand("verify", "Check citizens' error reports (我为政府网站找错 export, CSV or XLSX) on the live site");
  verify_->add_option("reports", verify_input_, "The platform's export: CSV or XLSX")->required();
  verify_->add_option("--db", db_path_, db_help);
  verify_->add_option("--site", verify_site_, "The audited site the reports are about (default: the latest audited)");
  verify_->add_option("--out", verify_out_, "Folder for verify.html, verify.csv, verify.json (default: govaudit-verify)");
  verify_->add_option("--as-of", verify_as_of_, "The verify date YYYY-MM-DD (default: today in China)");
  verify_->add_option("--deadline-workdays", verify_deadline_, "Working days to handle a report (default: 3)");
  verify_->add_option("--config", verify_config_, "Configuration file: its [crawl], [rules] and [audit] calendar");
  verify_->add_option("--allow-address", verify_allow_, "An internal address the checks may contact: HOST or HOST:PORT");
}

std::optional<int> WorkflowCommands::Run() {
  if (show_->parsed()) return Print(ShowFinding(db_path_, id_, show_out_));
  if (notices_->parsed()) return Print(WriteNoticesFor(notices_request_));
  if (!verify_->parsed()) return std::nullopt;
  VerifyOptions options;
  if (!verify_config_.empty()) {
    auto config = LoadConfigFile(verify_config_);
    if (!config.ok()) return Fail(config.status().message());
    options.crawl = config->defaults.crawl;
    options.rules = config->defaults.rules;
    options.calendar_path = config->defaults.calendar_path;
  }
  options.input = verify_input_;
  options.db_path = db_path_;
  options.site = verify_site_;
  options.out_dir = verify_out_;
  if (!verify_as_of_.empty()) {
    options.as_of = ParseIsoDate(verify_as_of_);
    if (!options.as_of) return Fail("--as-of '" + verify_as_of_ + "' is not a date in the form YYYY-MM-DD");
  }
  if (verify_deadline_ < 1 || verify_deadline_ > 250) {
    return Fail("--deadline-workdays must be between 1 and 250, got " + std::to_string(verify_deadline_));
  }
  options.deadline_workdays = verify_deadline_;
  for (const std::string& entry : verify_allow_) {
    if (!AddressPolicy::IsValidEntry(entry)) return Fail("--allow-address '" + entry + "' is not HOST or HOST:PORT");
    options.crawl.allow_addresses.push_back(entry);
  }
  auto outcome = RunVerify(options);
  if (!outcome.ok()) return Fail(outcome.status().message());
  return Print(VerifyText(*outcome));
}

}  // namespace govaudit
