#include <algorithm>
#include <unordered_map>

#include "extract/internal/extract.h"
#include "extract/internal/xml_scan.h"
#include "extract/internal/zip.h"

namespace govaudit::extract_internal {

// DOCX.

// Walks a WordprocessingML part: paragraphs become lines, tables become AttachmentTables
// (and tab-separated lines). Text boxes appear twice in files (mc:Choice and the legacy
// mc:Fallback copy); only the first is read.
class WordXmlReader {
 public:
  WordXmlReader(AttachmentText& out, Limits& lim, std::string_view table_prefix, int& table_count)
      : out_(out), lim_(lim), table_prefix_(table_prefix), table_count_(table_count) {}

  // False once a cap stops it.
  bool Read(std::string_view xml) {
    XmlScanner scanner(xml);
    XmlToken tok;
    while (!stopped_ && scanner.Next(tok)) Handle(tok);
    while (!stopped_ && !tables_.empty()) CloseTable();  // truncated part
    if (!stopped_) FlushParagraph();
    return !stopped_;
  }

 private:
  struct OpenTable {
    size_t slot = 0;  // index in out_.tables, reserved when the table opens (document order)
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool in_cell = false;
    bool paragraph_break = false;  // the cell's previous paragraph ended
  };

  std::string& Sink() {
    if (!tables_.empty() && tables_.back().in_cell) {
      OpenTable& t = tables_.back();
      if (t.paragraph_break && !t.cell.empty()) t.cell.push_back(' ');
      t.paragraph_break = false;
      return t.cell;
    }
    return paragraph_;
  }

  bool InCell() const { return !tables_.empty() && tables_.back().in_cell; }

  void FlushParagraph() {
    const std::string_view p = TrimAscii(paragraph_);
    if (!p.empty() && !AppendBlock(out_, p, lim_, /*allow_partial=*/true)) stopped_ = true;
    paragraph_.clear();
  }

  void CloseTable() {
    OpenTable t = std::move(tables_.back());
    tables_.pop_back();
    if (t.in_cell) t.row.push_back(std::string(TrimAscii(t.cell)));
    if (!t.row.empty()) t.rows.push_back(std::move(t.row));
    const bool nested = !tables_.empty();
    AttachmentTable& table = out_.tables[t.slot];
    std::string flattened;
    for (auto& row : t.rows) {
      if (nested) {
        const std::string line = RowText(row);
        if (!line.empty()) flattened += (flattened.empty() ? "" : " ") + line;
      }
      if (!AddRow(table, std::move(row), out_, lim_, /*emit_text=*/!nested)) {
        stopped_ = true;
        return;
      }
    }
    // A nested table's text also belongs to the cell that holds it.
    if (nested && !flattened.empty()) {
      for (char& c : flattened) {
        if (c == '\t') c = ' ';
      }
      Sink() += flattened;
    }
  }

  void Handle(const XmlToken& tok) {
    using Kind = XmlToken::Kind;
    if (tok.name == "Fallback") {
      if (tok.kind == Kind::kStart) ++fallback_depth_;
      if (tok.kind == Kind::kEnd && fallback_depth_ > 0) --fallback_depth_;
      return;
    }
    if (fallback_depth_ > 0) return;
    switch (tok.kind) {
      case Kind::kText:
        if (in_t_) AppendTokenText(tok, Sink());
        return;
      case Kind::kStart:
      case Kind::kEmpty: {
        const bool empty = tok.kind == Kind::kEmpty;
        if (tok.name == "t") {
          in_t_ = !empty;
        } else if (tok.name == "r") {
          if (!empty) ++run_depth_;
        } else if (run_depth_ > 0 && tok.name == "tab") {  // not the tab stops in <w:tabs>
          Sink().push_back(' ');
        } else if (run_depth_ > 0 && (tok.name == "br" || tok.name == "cr")) {
          Sink().push_back(InCell() ? ' ' : '\n');
        } else if (tok.name == "tbl" && !empty) {
          if (tables_.empty()) FlushParagraph();
          OpenTable t;
          t.slot = out_.tables.size();
          AttachmentTable table;
          const std::string label = "table " + std::to_string(++table_count_);
          table.name = table_prefix_.empty() ? label : std::string(table_prefix_) + "/" + label;
          out_.tables.push_back(std::move(table));
          tables_.push_back(std::move(t));
        } else if (tok.name == "tr" && !tables_.empty()) {
          tables_.back().row.clear();
          if (empty) tables_.back().rows.emplace_back();
        } else if (tok.name == "tc" && !tables_.empty()) {
          OpenTable& t = tables_.back();
          if (empty) {
            t.row.emplace_back();
          } else {
            t.in_cell = true;
            t.cell.clear();
            t.paragraph_break = false;
          }
        }
        return;
      }
      case Kind::kEnd:
        if (tok.name == "t") {
          in_t_ = false;
        } else if (tok.name == "r") {
          if (run_depth_ > 0) --run_depth_;
        } else if (tok.name == "p") {
          if (InCell()) {
            tables_.back().paragraph_break = true;
          } else {
            FlushParagraph();
          }
        } else if (tok.name == "tc" && !tables_.empty() && tables_.back().in_cell) {
          OpenTable& t = tables_.back();
          t.row.push_back(std::string(TrimAscii(t.cell)));
          t.cell.clear();
          t.in_cell = false;
        } else if (tok.name == "tr" && !tables_.empty()) {
          OpenTable& t = tables_.back();
          t.rows.push_back(std::move(t.row));
          t.row.clear();
        } else if (tok.name == "tbl" && !tables_.empty()) {
          CloseTable();
        }
        return;
    }
  }

  AttachmentText& out_;
  Limits& lim_;
  std::string_view table_prefix_;
  int& table_count_;
  std::vector<OpenTable> tables_;
  std::string paragraph_;
  bool in_t_ = false;
  int run_depth_ = 0;
  int fallback_depth_ = 0;
  bool stopped_ = false;
};

AttachmentText ExtractDocx(const ZipReader& zip, std::string_view table_prefix, Limits& lim) {
  std::string main_part = "word/document.xml";
  if (!zip.Locate(main_part)) {
    if (StatusOr<std::string> r = zip.ReadByName("_rels/.rels", lim); r.ok()) {
      for (const auto& [id, rel] : ParseRelationships(XmlPartToUtf8(std::move(*r)))) {
        if (EndsWith(rel.type, "/officeDocument")) main_part = ResolvePartName("", rel.target);
      }
    }
  }
  StatusOr<std::string> xml = zip.ReadByName(main_part, lim);
  if (!xml.ok()) return NotInspected("not a readable .docx: " + xml.status().message());

  AttachmentText out;
  out.inspected = true;
  int table_count = 0;
  if (!WordXmlReader(out, lim, table_prefix, table_count).Read(XmlPartToUtf8(std::move(*xml)))) {
    return out;
  }
  // Headers, footers, notes and comments are published with the document too.
  std::vector<std::string> extra;
  for (uint64_t i = 0; i < zip.NumEntries(); ++i) {
    const std::optional<std::string> name = zip.RawName(i);
    if (!name) continue;
    const std::string lower = LowerAscii(*name);
    if (!StartsWith(lower, "word/") || !EndsWith(lower, ".xml") ||
        lower.find('/', 5) != std::string::npos) {
      continue;
    }
    const std::string_view base = std::string_view(lower).substr(5);
    if (StartsWith(base, "header") || StartsWith(base, "footer") || base == "footnotes.xml" ||
        base == "endnotes.xml" || base == "comments.xml") {
      extra.push_back(*name);
    }
  }
  std::sort(extra.begin(), extra.end());
  for (const std::string& part : extra) {
    StatusOr<std::string> part_xml = zip.ReadByName(part, lim);
    if (!part_xml.ok()) {
      out.skipped_parts.push_back(part + ": " + part_xml.status().message());
      if (lim.truncated) break;
      continue;
    }
    if (!WordXmlReader(out, lim, table_prefix, table_count)
             .Read(XmlPartToUtf8(std::move(*part_xml)))) {
      break;
    }
  }
  return out;
}

}  // namespace govaudit::extract_internal
