#include <algorithm>
#include <climits>
#include <unordered_map>
#include <vector>

#include "extract/internal/extract.h"
#include "extract/internal/xml_scan.h"
#include "extract/internal/zip.h"

namespace govaudit::extract_internal {


struct SheetRef {
  std::string name;
  std::string rel_id;
  bool hidden = false;
};

std::vector<SheetRef> ParseWorkbookSheets(std::string_view xml) {
  std::vector<SheetRef> sheets;
  XmlScanner scanner(xml);
  XmlToken tok;
  while (scanner.NextElement("sheet", tok)) {
    SheetRef ref;
    ref.name = GetAttr(tok.attrs, "name").value_or("");
    ref.rel_id = GetAttr(tok.attrs, "id").value_or("");
    const std::string state = GetAttr(tok.attrs, "state").value_or("");
    ref.hidden = state == "hidden" || state == "veryHidden";
    sheets.push_back(std::move(ref));
  }
  return sheets;
}

std::vector<std::string> ParseSharedStrings(std::string_view xml) {
  std::vector<std::string> strings;
  XmlScanner scanner(xml);
  XmlToken tok;
  std::string current;
  bool in_si = false;
  bool in_t = false;
  int phonetic_depth = 0;  // <rPh> holds a reading guide, not cell text
  while (scanner.Next(tok)) {
    switch (tok.kind) {
      case XmlToken::Kind::kStart:
        if (tok.name == "si") {
          in_si = true;
          current.clear();
        } else if (tok.name == "rPh") {
          ++phonetic_depth;
        } else if (tok.name == "t") {
          in_t = true;
        }
        break;
      case XmlToken::Kind::kEmpty:
        if (tok.name == "si") strings.emplace_back();
        break;
      case XmlToken::Kind::kEnd:
        if (tok.name == "si") {
          if (in_si) strings.push_back(DecodeOoxmlEscapes(std::move(current)));
          current.clear();
          in_si = false;
        } else if (tok.name == "rPh") {
          if (phonetic_depth > 0) --phonetic_depth;
        } else if (tok.name == "t") {
          in_t = false;
        }
        break;
      case XmlToken::Kind::kText:
        if (in_si && in_t && phonetic_depth == 0) AppendTokenText(tok, current);
        break;
    }
  }
  return strings;
}

// "C5" -> column 2 (0-based); -1 if there are no letters or the column is out of range.
int ColumnFromRef(std::string_view ref) {
  long col = 0;
  size_t i = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col = col * 26 + (LowerAsciiChar(ref[i]) - 'a' + 1);
    if (col > kMaxSheetColumns) return -1;
    ++i;
  }
  return i == 0 ? -1 : static_cast<int>(col - 1);
}

long ParsePositive(std::string_view s, long max) {
  s = TrimAscii(s);
  if (s.empty()) return -1;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
    if (v > max) return -1;
  }
  return v;
}

// The cell text of a worksheet cell, by its type (shared string, inline string, boolean,
// formula string, number as stored).
std::string CellText(const std::string& type, const std::string& value, const std::string& inline_text,
                     const std::vector<std::string>& shared) {
  if (type == "s") {
    const long index = ParsePositive(value, LONG_MAX / 16);
    return index >= 0 && static_cast<size_t>(index) < shared.size() ? shared[index] : std::string();
  }
  if (type == "inlineStr") return DecodeOoxmlEscapes(inline_text);
  if (type == "b") {
    const std::string_view v = TrimAscii(value);
    return v == "1" ? "TRUE" : (v == "0" ? "FALSE" : std::string(v));
  }
  if (type == "str") return DecodeOoxmlEscapes(value);
  return value.empty() ? DecodeOoxmlEscapes(inline_text) : value;
}

// Reads one worksheet into `table`, one row per spreadsheet row (rows[i] is row i+1 when
// the file numbers its rows), each cell at its column. Numbers keep the text stored in <v>:
// long IDs saved as numbers (6.40521199001011E+17) are shown as stored, dates as serial days.
class WorksheetReader {
 public:
  WorksheetReader(const std::vector<std::string>& shared, AttachmentTable& table, AttachmentText& out, Limits& lim)
      : shared_(shared), table_(table), out_(out), lim_(lim) {}

  // False once a cap stops it.
  bool Read(std::string_view xml) {
    XmlScanner scanner(xml);
    XmlToken tok;
    while (scanner.Next(tok)) {
      if (!OnToken(tok)) return false;
    }
    if (in_row_) return EndRow();  // truncated part: keep what was read
    return true;
  }

 private:
  bool OnToken(const XmlToken& tok) {
    switch (tok.kind) {
      case XmlToken::Kind::kStart:
        if (tok.name == "row") return (!in_row_ || EndRow()) && BeginRow(tok.attrs);
        if (tok.name == "c") BeginCell(tok.attrs);
        if (in_cell_ && tok.name == "v") in_v_ = true;
        if (in_cell_ && tok.name == "is") in_is_ = true;
        if (in_is_ && tok.name == "rPh") ++phonetic_depth_;
        if (in_is_ && tok.name == "t") in_t_ = true;
        return true;
      case XmlToken::Kind::kEmpty:
        if (tok.name == "row") return (!in_row_ || EndRow()) && BeginRow(tok.attrs) && EndRow();
        if (tok.name == "c") {
          BeginCell(tok.attrs);
          EndCell();
        }
        return true;
      case XmlToken::Kind::kEnd:
        if (tok.name == "row") return !in_row_ || EndRow();
        if (tok.name == "c" && in_cell_) EndCell();
        if (tok.name == "v") in_v_ = false;
        if (tok.name == "is") in_is_ = false;
        if (tok.name == "rPh" && phonetic_depth_ > 0) --phonetic_depth_;
        if (tok.name == "t") in_t_ = false;
        return true;
      case XmlToken::Kind::kText:
        if (in_v_) {
          AppendTokenText(tok, value_);
        } else if (in_t_ && phonetic_depth_ == 0) {
          AppendTokenText(tok, inline_text_);
        }
        return true;
    }
    return true;
  }

  bool BeginRow(std::string_view attrs) {
    const long r = ParsePositive(GetAttr(attrs, "r").value_or(""), kMaxSheetRows);
    row_number_ = r > 0 ? r : next_row_;
    // Keep rows aligned with the spreadsheet's numbering across empty rows.
    while (next_row_ < row_number_) {
      if (!AddRow(table_, {}, out_, lim_)) return false;
      ++next_row_;
    }
    in_row_ = true;
    cells_.clear();
    next_col_ = 0;
    return true;
  }

  bool EndRow() {
    in_row_ = false;
    next_row_ = std::max(next_row_, row_number_) + 1;
    return AddRow(table_, std::move(cells_), out_, lim_);
  }

  void BeginCell(std::string_view attrs) {
    const int col = ColumnFromRef(GetAttr(attrs, "r").value_or(""));
    cell_col_ = col >= 0 ? col : next_col_;
    cell_type_ = GetAttr(attrs, "t").value_or("n");
    value_.clear();
    inline_text_.clear();
    in_cell_ = true;
  }

  void EndCell() {
    in_cell_ = false;
    in_v_ = in_is_ = in_t_ = false;
    next_col_ = cell_col_ + 1;
    std::string text = CellText(cell_type_, value_, inline_text_, shared_);
    if (text.empty() || !in_row_ || cell_col_ >= kMaxSheetColumns) return;
    if (cells_.size() <= static_cast<size_t>(cell_col_)) cells_.resize(cell_col_ + 1);
    cells_[cell_col_] = std::move(text);
  }

  const std::vector<std::string>& shared_;
  AttachmentTable& table_;
  AttachmentText& out_;
  Limits& lim_;
  long next_row_ = 1;  // 1-based spreadsheet row number of the next row to append
  long row_number_ = 0;
  bool in_row_ = false;
  std::vector<std::string> cells_;
  int next_col_ = 0;
  bool in_cell_ = false;
  int cell_col_ = 0;
  std::string cell_type_;
  std::string value_;        // <v>
  std::string inline_text_;  // <is><t>
  bool in_v_ = false;
  bool in_is_ = false;
  bool in_t_ = false;
  int phonetic_depth_ = 0;
};

bool ParseWorksheet(std::string_view xml, const std::vector<std::string>& shared, AttachmentTable& table,
                    AttachmentText& out, Limits& lim) {
  return WorksheetReader(shared, table, out, lim).Read(xml);
}

AttachmentText ExtractXlsx(const ZipReader& zip, std::string_view table_prefix, Limits& lim) {
  std::vector<SheetRef> sheets;
  std::unordered_map<std::string, Relationship> rels;
  if (StatusOr<std::string> workbook = zip.ReadByName("xl/workbook.xml", lim); workbook.ok()) {
    sheets = ParseWorkbookSheets(XmlPartToUtf8(std::move(*workbook)));
  }
  if (StatusOr<std::string> r = zip.ReadByName("xl/_rels/workbook.xml.rels", lim); r.ok()) {
    rels = ParseRelationships(XmlPartToUtf8(std::move(*r)));
  }

  std::string shared_path = "xl/sharedStrings.xml";
  for (const auto& [id, rel] : rels) {
    if (EndsWith(rel.type, "/sharedStrings")) shared_path = ResolvePartName("xl/", rel.target);
  }
  std::vector<std::string> shared;
  if (zip.Locate(shared_path)) {
    StatusOr<std::string> xml = zip.ReadByName(shared_path, lim);
    if (!xml.ok())
      return NotInspected("cannot read shared strings of .xlsx: " + xml.status().message());
    shared = ParseSharedStrings(XmlPartToUtf8(std::move(*xml)));
  }

  // Each sheet's part, through the workbook relationships; by convention when they are missing.
  std::vector<std::pair<SheetRef, std::string>> parts;
  for (size_t i = 0; i < sheets.size(); ++i) {
    const auto rel = rels.find(sheets[i].rel_id);
    if (rel != rels.end()) {
      // Chart and dialog sheets hold no cells.
      if (!rel->second.type.empty() && !EndsWith(rel->second.type, "/worksheet")) continue;
      parts.emplace_back(sheets[i], ResolvePartName("xl/", rel->second.target));
    } else {
      parts.emplace_back(sheets[i], "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml");
    }
  }
  if (sheets.empty()) {
    for (int i = 1; i <= 255; ++i) {
      const std::string path = "xl/worksheets/sheet" + std::to_string(i) + ".xml";
      if (!zip.Locate(path)) break;
      parts.emplace_back(SheetRef{"sheet" + std::to_string(i), "", false}, path);
    }
  }
  if (parts.empty()) return NotInspected("not a readable .xlsx: no worksheets found");

  AttachmentText out;
  std::string first_error;
  for (const auto& [ref, path] : parts) {
    const std::string sheet_label = ref.name.empty() ? path : ref.name;
    StatusOr<std::string> xml = zip.ReadByName(path, lim);
    if (!xml.ok()) {
      if (first_error.empty()) first_error = xml.status().message();
      out.skipped_parts.push_back(sheet_label + ": " + xml.status().message());
      if (lim.truncated) break;
      continue;
    }
    AttachmentTable table;
    table.name = table_prefix.empty() ? sheet_label : std::string(table_prefix) + "/" + sheet_label;
    table.hidden = ref.hidden;
    const bool complete = ParseWorksheet(XmlPartToUtf8(std::move(*xml)), shared, table, out, lim);
    out.tables.push_back(std::move(table));
    out.inspected = true;
    if (!complete) break;
  }
  if (!out.inspected) return NotInspected("not a readable .xlsx: " + first_error);
  return out;
}

}  // namespace govaudit::extract_internal
