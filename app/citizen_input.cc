// Reading the 我为政府网站找错 platform's export: the columns are found by their header words,
// since the platform's exports and the copies inspectors make of them name them differently.
#include <algorithm>
#include <array>
#include <map>

#include "app/verify.h"
#include "common/files.h"
#include "common/strings.h"
#include "common/url.h"
#include "extract/attachment.h"

namespace govaudit {
namespace {

enum Field { kId, kUrl, kType, kDescription, kDate, kFieldCount };

// Header words of each field, most specific first; a column serves one field.
const std::vector<std::string>& HeaderWords(Field field) {
  static const std::vector<std::string> words[kFieldCount] = {
      {"留言编号", "工单编号", "纠错编号", "问题编号", "编号", "ID", "id"},
      {"问题页面网址", "页面网址", "问题网址", "网址", "页面地址", "链接地址", "URL", "url", "链接"},
      {"问题类型", "错误类型", "纠错类型", "类型"},
      {"问题描述", "描述", "问题详情", "留言内容", "内容"},
      {"留言时间", "提交时间", "报告时间", "报告日期", "纠错时间", "时间", "日期"},
  };
  return words[field];
}

const char* FieldName(Field field) {
  switch (field) {
    case kId: return "编号";
    case kUrl: return "问题页面网址（网址 / URL）";
    case kType: return "问题类型";
    case kDescription: return "问题描述";
    case kDate: return "留言时间";
    case kFieldCount: break;
  }
  return "";
}

// The column of each field in the header row, -1 when none.
std::array<int, kFieldCount> MapColumns(const std::vector<std::string>& header) {
  std::array<int, kFieldCount> columns;
  columns.fill(-1);
  std::vector<bool> taken(header.size(), false);
  for (Field field : {kUrl, kType, kDescription, kDate, kId}) {
    for (const std::string& word : HeaderWords(field)) {
      for (size_t c = 0; c < header.size() && columns[field] < 0; ++c) {
        if (!taken[c] && header[c].find(word) != std::string::npos) {
          columns[field] = static_cast<int>(c);
          taken[c] = true;
        }
      }
    }
  }
  return columns;
}

// A report's date: written out (2026-11-20 10:30, 2026年11月20日), or an Excel date serial.
std::optional<Date> ReportDate(const std::string& cell) {
  if (auto date = FindDateInText(cell)) return date;
  const std::string_view t = TrimSpaces(cell);
  const std::string_view whole = t.substr(0, t.find('.'));
  if (whole.size() == 5 && std::all_of(whole.begin(), whole.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Date{1899, 12, 30}.AddDays(std::stol(std::string(whole)));  // Excel's day 0 (with its 1900 leap day)
  }
  return std::nullopt;
}

std::string Cell(const std::vector<std::string>& row, int column) {
  if (column < 0 || column >= static_cast<int>(row.size())) return "";
  return std::string(TrimSpaces(row[column]));
}

}  // namespace

StatusOr<std::vector<CitizenReport>> ParseCitizenReports(const std::string& bytes, const std::string& name) {
  const AttachmentFormat format = DetectAttachmentFormat(name, "", bytes);
  if (format != AttachmentFormat::kCsv && format != AttachmentFormat::kXlsx && format != AttachmentFormat::kTxt) {
    return Status::Error(name + ": expected the platform's export as CSV or XLSX, got " +
                         std::string(FormatName(format)));
  }
  // A .txt or extension-less export is read as CSV.
  const std::string as = format == AttachmentFormat::kXlsx ? "reports.xlsx" : "reports.csv";
  AttachmentText text = ExtractAttachmentText(as, "", bytes);
  if (!text.inspected) return Status::Error(name + ": cannot be read: " + text.not_inspected_reason);
  // The first sheet with a header naming the address and the type.
  for (const AttachmentTable& table : text.tables) {
    if (table.header_row < 0 || table.hidden) continue;
    const auto columns = MapColumns(table.rows[table.header_row]);
    if (columns[kUrl] < 0 || columns[kType] < 0) continue;
    std::vector<CitizenReport> reports;
    for (size_t r = table.header_row + 1; r < table.rows.size(); ++r) {
      const std::vector<std::string>& row = table.rows[r];
      CitizenReport report;
      report.line = static_cast<int>(r) + 1;
      report.url = Cell(row, columns[kUrl]);
      report.type_text = Cell(row, columns[kType]);
      if (report.url.empty() && report.type_text.empty()) continue;  // a blank line
      report.id = Cell(row, columns[kId]);
      report.description = Cell(row, columns[kDescription]);
      report.reported_text = Cell(row, columns[kDate]);
      report.reported = ReportDate(report.reported_text);
      report.type = ParseReportType(report.type_text + " " + (report.type_text.empty() ? report.description : ""));
      if (auto url = NormalizeUrl(report.url)) report.url = *url;
      reports.push_back(std::move(report));
    }
    return reports;
  }
  std::string missing;
  for (Field field : {kUrl, kType}) missing += (missing.empty() ? "" : "、") + std::string(FieldName(field));
  return Status::Error(name + ": no header row names the columns " + missing +
                       " (the 我为政府网站找错 export, or a sheet with those headers)");
}

StatusOr<std::vector<CitizenReport>> ReadCitizenReports(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path, "reports file"));
  return ParseCitizenReports(bytes, path);
}

}  // namespace govaudit
