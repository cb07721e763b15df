// subsidy.*: a 惠民惠农财政补贴政策目录清单 must give, for every subsidy, its name, the document it
// rests on, the department in charge, what the money is for, who receives it, how much, and a
// telephone number for questions.
//
// Requirement: 卫政办发〔2022〕49号 四(二)：“及时公布惠民惠农财政补贴政策目录清单，包括补贴政策名称、
// 文件依据、主管部门、资金用途、补贴对象、补助标准、政策解答电话等”（任务分工表第 29 项）。
//
// The fields and the column names sites use for them live in config/subsidy-fields.toml. A list
// given as a table is checked column by column and row by row; a list written as headings and
// "标签：" paragraphs is checked for the labels it uses (each heading names a subsidy, so the
// name counts as given).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "classify/documents.h"
#include "common/strings.h"
#include "page/page.h"
#include "pii/scanner.h"
#include "rules/internal/families.h"

namespace govaudit::internal {
namespace {

constexpr RuleSource kSource{
    "卫政办发〔2022〕49号 四(二)：“及时公布惠民惠农财政补贴政策目录清单，包括补贴政策名称、文件依据、主管部门、"
    "资金用途、补贴对象、补助标准、政策解答电话等”",
    "29"};
// Rows reported per table; the rest are counted in the last finding's message.
constexpr size_t kMaxRowFindings = 50;

// The infos of the family's rules, built once.
struct SubsidyInfos {
  RuleInfo fields_missing;
  RuleInfo field_empty;
};

const SubsidyInfos& Infos() {
  static const SubsidyInfos infos{
      kSource.Info("subsidy.fields_missing", Severity::kMedium,
                   "惠民惠农财政补贴政策目录清单缺少规定字段（补贴政策名称、文件依据、主管部门、"
                   "资金用途、补贴对象、补助标准、政策解答电话）"),
      kSource.Info("subsidy.field_empty", Severity::kLow, "惠民惠农财政补贴政策目录清单某一行的规定字段为空")};
  return infos;
}

// An empty cell, or one holding only the template's mark for "no value" ("—  —").
bool IsBlank(std::string_view s) { return TrimSpaces(s).empty() || IsDashPlaceholder(s); }

// A row as evidence, personal data masked (a list of policies holds office numbers only, but
// a site may have pasted anything into it).
std::string RowEvidence(const std::vector<std::string>& row) {
  std::vector<std::string> cells;
  for (const std::string& c : row) cells.push_back(c.empty() ? "（空）" : c);
  const std::string joined = Join(cells, " | ");
  std::string out;
  size_t from = 0;
  for (const pii::PiiHit& hit : pii::ScanText(joined)) {
    out.append(joined, from, hit.offset - from);
    out += hit.masked;
    from = hit.offset + hit.length;
  }
  out.append(joined, from, std::string::npos);
  return out;
}

class SubsidyRules : public PageRule {
 public:
  const RuleInfo& info() const override { return Infos().fields_missing; }

  void Check(const PageInput& input, const RuleContext& context, std::vector<Finding>* out) const override {
    if (input.page == nullptr) return;
    PageKinds storage;
    const PageKinds& kinds = KindsOf(input, context, &storage);
    if (!kinds.Has(kSubsidyList)) return;
    const KindConfig& config = KindConfigOf(context);
    const Page& page = *input.page;
    bool checked_table = false;
    for (size_t t = 0; t < page.tables.size(); ++t) {
      PageTable turned;
      std::vector<int> columns = SubsidyFields(page.tables[t], config, &turned);
      const PageTable& table = turned.rows.empty() ? page.tables[t] : turned;
      int named = 0;
      for (int c : columns) named += c >= 0 ? 1 : 0;
      if (named < config.subsidy_min_fields) continue;
      checked_table = true;
      CheckTable(input, kinds, config, table, static_cast<int>(t), columns, out);
    }
    if (!checked_table) CheckParagraphs(input, kinds, config, out);
  }

 private:
  static Finding Base(const RuleInfo& info, const PageInput& input, const PageKinds& kinds) {
    Finding f = NewFinding(info, input);
    f.page_kind_reasons = kinds.reasons;
    return f;
  }

  static void CheckTable(const PageInput& input, const PageKinds& kinds, const KindConfig& config,
                         const PageTable& table, int index, const std::vector<int>& columns,
                         std::vector<Finding>* out) {
    const std::string where = "表格 " + std::to_string(index + 1);
    const std::vector<std::string>& header = table.rows[table.header_row];
    std::vector<std::string> missing;
    for (size_t f = 0; f < columns.size(); ++f) {
      if (columns[f] < 0) missing.push_back(config.subsidy_fields[f].name);
    }
    if (!missing.empty()) {
      Finding f = Base(Infos().fields_missing, input, kinds);
      f.message = "补贴政策目录清单缺少字段：" + Join(missing, "、");
      f.evidence = "表头：" + RowEvidence(header);
      f.evidence_key = where + ":" + Join(missing, "、");
      f.location = where + " 表头";
      out->push_back(std::move(f));
    }

    // The name column identifies a row across runs; its row number is the fallback.
    const int name_column = columns.empty() ? -1 : columns[0];
    size_t reported = 0, skipped = 0;
    for (size_t r = table.header_row + 1; r < table.rows.size(); ++r) {
      const std::vector<std::string>& row = table.rows[r];
      if (row == header) continue;  // the header repeated
      std::vector<std::string> distinct;
      for (const std::string& cell : row) {
        if (!IsBlank(cell) && std::find(distinct.begin(), distinct.end(), cell) == distinct.end())
          distinct.push_back(cell);
      }
      if (distinct.size() <= 1) continue;  // empty row, or a title / group row spanning the table
      std::vector<std::string> empty;
      for (size_t f = 0; f < columns.size(); ++f) {
        const int c = columns[f];
        if (c >= 0 && c < static_cast<int>(row.size()) && IsBlank(row[c]))
          empty.push_back(config.subsidy_fields[f].name);
      }
      if (empty.empty()) continue;
      if (reported == kMaxRowFindings) {
        ++skipped;
        continue;
      }
      ++reported;
      const std::string row_name = name_column >= 0 && !IsBlank(row[name_column]) ? row[name_column] : "";
      Finding f = Base(Infos().field_empty, input, kinds);
      f.message = "第 " + std::to_string(r - table.header_row) + " 行" +
                  (row_name.empty() ? "" : "（" + row_name + "）") + "的" + Join(empty, "、") + "为空";
      f.evidence = RowEvidence(row);
      f.evidence_key =
          where + ":" + (row_name.empty() ? "row " + std::to_string(r) : row_name) + ":" + Join(empty, "、");
      f.location = where + " 第 " + std::to_string(r + 1) + " 行";
      out->push_back(std::move(f));
    }
    if (skipped > 0 && !out->empty())
      out->back().message += "（另有 " + std::to_string(skipped) + " 行同样有空字段，未逐一列出）";
  }

  static void CheckParagraphs(const PageInput& input, const PageKinds& kinds, const KindConfig& config,
                              std::vector<Finding>* out) {
    std::vector<bool> labels = SubsidyLabelsInText(input.page->text, config);
    std::vector<std::string> present, missing;
    for (size_t f = 0; f < labels.size(); ++f) {
      // Each section's heading names its subsidy.
      if (labels[f] || f == 0) {
        present.push_back(config.subsidy_fields[f].name);
      } else {
        missing.push_back(config.subsidy_fields[f].name);
      }
    }
    if (missing.empty()) return;
    Finding f = Base(Infos().fields_missing, input, kinds);
    f.message = "补贴政策目录清单（段落式）缺少字段：" + Join(missing, "、");
    f.evidence = "以“标签：”段落列出的字段：" + Join(present, "、");
    f.evidence_key = "text:" + Join(missing, "、");
    f.location = "正文";
    out->push_back(std::move(f));
  }
};

}  // namespace

void AddSubsidyRules(RuleList* list) {
  list->page.push_back(std::make_unique<SubsidyRules>());
  list->extra_infos.push_back(Infos().field_empty);
}

}  // namespace govaudit::internal
