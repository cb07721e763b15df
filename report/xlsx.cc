// findings.xlsx (libxlsxwriter): the findings as an inspector tracks them in Excel — one sheet
// of every finding, one per responsible department, one for the work-points scorecard. Every
// sheet has a frozen header and filters; dates are Excel dates, counts are numbers, so columns
// sort as a person expects. Every string passes the output gate for spreadsheets.
#include <xlsxwriter.h>

#include <map>
#include <memory>
#include <set>

#include "common/c_handle.h"
#include "common/date.h"
#include "common/strings.h"
#include "report/internal/output.h"
#include "report/report.h"

namespace govaudit::report {
namespace {

// Owns the workbook until it is closed (closing writes the file and frees everything).
using Workbook = CHandle<lxw_workbook, workbook_close>;

// Excel refuses longer cells.
constexpr size_t kMaxCellBytes = 32000;

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* wrap = nullptr;
  lxw_format* date = nullptr;
  lxw_format* datetime = nullptr;
};

// A sheet being filled row by row; remembers the first error.
class Sheet {
 public:
  Sheet(lxw_worksheet* sheet, const Formats& formats) : sheet_(sheet), formats_(formats) {}

  void Header(const std::vector<std::pair<std::string, double>>& columns) {
    for (size_t c = 0; c < columns.size(); ++c) {
      Check(worksheet_write_string(sheet_, 0, Col(c), columns[c].first.c_str(), formats_.header));
      Check(worksheet_set_column(sheet_, Col(c), Col(c), columns[c].second, nullptr));
    }
    columns_ = columns.size();
    worksheet_freeze_panes(sheet_, 1, 0);
  }
  void Text(lxw_row_t row, size_t col, std::string_view text, bool wrap = false) {
    if (text.empty()) return;
    const std::string safe(Utf8Prefix(pii::SafeText(text, pii::Sink::kCsv), kMaxCellBytes));
    Check(worksheet_write_string(sheet_, row, Col(col), safe.c_str(), wrap ? formats_.wrap : nullptr));
  }
  void Number(lxw_row_t row, size_t col, double value) { Check(worksheet_write_number(sheet_, row, Col(col), value, nullptr)); }
  // A YYYY-MM-DD date, or an ISO UTC time shown in Beijing time; anything else as text.
  void When(lxw_row_t row, size_t col, const std::string& value) {
    if (auto date = ParseIsoDate(value)) {
      lxw_datetime d = {date->year, date->month, date->day, 0, 0, 0};
      Check(worksheet_write_datetime(sheet_, row, Col(col), &d, formats_.date));
      return;
    }
    const std::string local = BeijingTime(value, true);  // "2026-11-26 23:18:03 北京时间"
    auto date = ParseIsoDate(local.substr(0, 10));
    if (local != value && date && local.size() >= 19) {
      lxw_datetime d = {date->year, date->month, date->day, std::stoi(local.substr(11, 2)), std::stoi(local.substr(14, 2)),
                        static_cast<double>(std::stoi(local.substr(17, 2)))};
      Check(worksheet_write_datetime(sheet_, row, Col(col), &d, formats_.datetime));
      return;
    }
    Text(row, col, value);
  }
  // Filters over the header and `rows` data rows.
  void Finish(lxw_row_t rows) {
    if (columns_ > 0) Check(worksheet_autofilter(sheet_, 0, 0, rows, Col(columns_ - 1)));
  }
  lxw_error error() const { return error_; }

 private:
  static lxw_col_t Col(size_t c) { return static_cast<lxw_col_t>(c); }
  void Check(lxw_error e) {
    if (error_ == LXW_NO_ERROR) error_ = e;
  }
  lxw_worksheet* sheet_;
  Formats formats_;
  size_t columns_ = 0;
  lxw_error error_ = LXW_NO_ERROR;
};

// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the workbook.
std::string SheetName(const std::string& wanted, std::set<std::string>* used) {
  std::string clean;
  for (char c : pii::SafeText(wanted, pii::Sink::kCsv)) {
    clean.push_back(std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_');
  }
  while (!clean.empty() && clean.front() == '\'') clean.erase(clean.begin());
  if (clean.empty()) clean = "部门";
  for (int n = 1;; ++n) {
    const std::string suffix = n == 1 ? "" : "（" + std::to_string(n) + "）";
    std::string base(clean);
    while (CodePoints(base) + CodePoints(suffix) > 31) {
      size_t cut = base.size() - 1;
      while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;
      base.resize(cut);
    }
    if (used->insert(base + suffix).second) return base + suffix;
  }
}

const std::vector<std::pair<std::string, double>>& FindingColumns() {
  static const std::vector<std::pair<std::string, double>> columns = {
      {"编号", 11},     {"类别", 8},      {"问题", 18},     {"规则编号", 22}, {"状态", 8},
      {"新发现", 7},    {"责任部门", 18}, {"页面标题", 28}, {"网址", 40},     {"问题说明", 50},
      {"证据", 50},     {"位置", 20},     {"首次发现", 19}, {"最近发现", 19}, {"整改期限", 11},
      {"页面抓取时间", 19}, {"内容哈希 SHA-256", 20}, {"页面快照", 30}, {"完整编号", 18}};
  return columns;
}

struct Context {
  const RunAssessment& data;
  std::set<std::string> fresh;
};

void FindingRow(Sheet& s, lxw_row_t row, const db::StoredFinding& sf, const Context& c) {
  const Finding& f = sf.finding;
  size_t col = 0;
  s.Text(row, col++, ShortId(sf.fingerprint));
  s.Text(row, col++, FindingClassLabel(ClassOf(f)));
  s.Text(row, col++, RuleName(f.rule_id));
  s.Text(row, col++, f.rule_id);
  s.Text(row, col++, internal::StatusLabel(sf.status));
  s.Text(row, col++, c.fresh.count(sf.fingerprint) ? "是" : "否");
  auto who = c.data.responsible.find(sf.fingerprint);
  const std::string department = who == c.data.responsible.end() ? "" : who->second.department;
  s.Text(row, col++, department);
  s.Text(row, col++, f.title, true);
  s.Text(row, col++, f.url);
  s.Text(row, col++, f.message, true);
  s.Text(row, col++, f.evidence, true);
  s.Text(row, col++, f.location);
  s.When(row, col++, sf.first_seen_at);
  s.When(row, col++, sf.last_seen_at);
  if (who != c.data.responsible.end() && !IsDismissed(sf)) s.When(row, col, who->second.deadline);
  ++col;
  auto snap = c.data.snapshots.find(sf.fingerprint);
  if (snap != c.data.snapshots.end()) {
    s.When(row, col, snap->second.fetched_at);
    s.Text(row, col + 1, snap->second.sha256);
    s.Text(row, col + 2, snap->second.file);
  }
  col += 3;
  s.Text(row, col, sf.fingerprint);
}

void ScorecardSheet(Sheet& s, const Scorecard& card) {
  s.Header({{"序号", 6},
            {"重点任务", 24},
            {"具体措施", 50},
            {"责任部门", 24},
            {"完成时限", 14},
            {"到期日", 11},
            {"核查方式", 10},
            {"结论", 12},
            {"说明", 50},
            {"计入页面数", 10},
            {"相关问题数", 10}});
  lxw_row_t row = 0;
  for (const TaskScore& t : card.tasks) {
    ++row;
    s.Number(row, 0, t.number);
    s.Text(row, 1, t.task, true);
    s.Text(row, 2, t.measure, true);
    s.Text(row, 3, t.departments_text, true);
    s.Text(row, 4, t.deadline);
    if (!t.due.empty()) s.When(row, 5, t.due);
    s.Text(row, 6, t.method == "keywords" ? "关键词" : t.method == "rule_family" ? "检查规则" : "无法核查");
    s.Text(row, 7, TaskStatusLabel(t.status));
    s.Text(row, 8, t.reason, true);
    s.Number(row, 9, t.count);
    s.Number(row, 10, t.findings_total);
  }
  s.Finish(row);
}

}  // namespace

Status WriteXlsx(const RunAssessment& data, const std::string& path) {
  internal::TempFile temp(path);
  if (!temp.ok()) return temp.Error();
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;  // cells are written column by column within a row
  Workbook book(workbook_new_opt(temp.temp_path().c_str(), &options));
  if (!book) return Status::Error("cannot write " + path + ": libxlsxwriter could not create the workbook");
  Formats formats;
  formats.header = workbook_add_format(book.get());
  format_set_bold(formats.header);
  format_set_bg_color(formats.header, 0xEEEEEE);
  formats.wrap = workbook_add_format(book.get());
  format_set_text_wrap(formats.wrap);
  formats.date = workbook_add_format(book.get());
  format_set_num_format(formats.date, "yyyy-mm-dd");
  formats.datetime = workbook_add_format(book.get());
  format_set_num_format(formats.datetime, "yyyy-mm-dd hh:mm");

  Context context{data, {data.new_fingerprints.begin(), data.new_fingerprints.end()}};
  std::set<std::string> names = {"问题清单", "工作要点评分"};
  std::vector<Sheet> sheets;
  sheets.reserve(3 + data.responsible.size());
  auto add_sheet = [&](const std::string& name) -> Sheet* {
    lxw_worksheet* sheet = workbook_add_worksheet(book.get(), name.c_str());
    if (sheet == nullptr) return nullptr;
    sheets.emplace_back(sheet, formats);
    return &sheets.back();
  };
  const Status bad_name = Status::Error("writing " + path + " failed: Excel refuses a sheet name");
  Sheet* first = add_sheet("问题清单");
  if (first == nullptr) return bad_name;
  Sheet& all = *first;
  all.Header(FindingColumns());
  lxw_row_t row = 0;
  for (const db::StoredFinding& sf : data.findings) FindingRow(all, ++row, sf, context);
  all.Finish(row);

  // One sheet per department, for the findings it must fix (dismissed ones left out).
  std::map<std::string, std::vector<const db::StoredFinding*>> by_department;
  for (const db::StoredFinding& sf : data.findings) {
    auto who = data.responsible.find(sf.fingerprint);
    if (who != data.responsible.end() && !IsDismissed(sf)) by_department[who->second.department].push_back(&sf);
  }
  for (const auto& [department, findings] : by_department) {
    Sheet* added = add_sheet(SheetName(department, &names));
    if (added == nullptr) return bad_name;
    Sheet& sheet = *added;
    sheet.Header(FindingColumns());
    row = 0;
    for (const db::StoredFinding* sf : findings) FindingRow(sheet, ++row, *sf, context);
    sheet.Finish(row);
  }
  if (data.scorecard) {
    Sheet* card = add_sheet("工作要点评分");
    if (card == nullptr) return bad_name;
    ScorecardSheet(*card, *data.scorecard);
  }
  for (const Sheet& s : sheets) {
    if (s.error() != LXW_NO_ERROR) return Status::Error("writing " + path + " failed: " + lxw_strerror(s.error()));
  }
  const lxw_error closed = workbook_close(book.release());
  if (closed != LXW_NO_ERROR) return Status::Error("writing " + path + " failed: " + lxw_strerror(closed));
  return temp.Commit();
}

}  // namespace govaudit::report
