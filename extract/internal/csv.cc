#include "extract/internal/extract.h"
#include "common/charset.h"

namespace govaudit::extract_internal {

// CSV and plain text.

char DetectDelimiter(std::string_view s) {
  const std::string_view sample = s.substr(0, 64 * 1024);
  size_t commas = 0;
  size_t tabs = 0;
  bool quoted = false;
  for (char c : sample) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == ',') ++commas;
      if (c == '\t') ++tabs;
    }
  }
  return tabs > commas ? '\t' : ',';
}

// RFC 4180 records, tolerant of what spreadsheets and hand edits produce: a quote inside an
// unquoted field is literal, text after a closing quote is kept, an unterminated quoted
// field runs to the end of the input.
class CsvParser {
 public:
  CsvParser(std::string_view s, char delimiter) : s_(s), delimiter_(delimiter) {}

  bool Next(std::vector<std::string>& fields) {
    fields.clear();
    if (pos_ >= s_.size()) return false;
    while (true) {
      std::string field;
      if (pos_ < s_.size() && s_[pos_] == '"') {
        ++pos_;
        while (true) {
          const size_t q = s_.find('"', pos_);
          if (q == std::string_view::npos) {
            field.append(s_.substr(pos_));
            pos_ = s_.size();
            break;
          }
          field.append(s_.substr(pos_, q - pos_));
          if (q + 1 < s_.size() && s_[q + 1] == '"') {
            field.push_back('"');
            pos_ = q + 2;
            continue;
          }
          pos_ = q + 1;
          break;
        }
      }
      while (pos_ < s_.size() && s_[pos_] != delimiter_ && s_[pos_] != '\r' && s_[pos_] != '\n') {
        field.push_back(s_[pos_++]);
      }
      fields.push_back(std::move(field));
      if (pos_ >= s_.size()) break;
      const char c = s_[pos_++];
      if (c == delimiter_) continue;
      if (c == '\r' && pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
      break;
    }
    if (fields.size() == 1 && fields[0].empty()) fields.clear();  // blank line
    return true;
  }

 private:
  std::string_view s_;
  char delimiter_;
  size_t pos_ = 0;
};

std::string StripUtf8Bom(std::string s) {
  if (StartsWith(s, "\xEF\xBB\xBF")) s.erase(0, 3);
  return s;
}

AttachmentText ExtractCsv(std::string_view body, std::string_view content_type,
                          std::string_view table_name, Limits& lim) {
  const std::string text = StripUtf8Bom(DecodeText(body, content_type).utf8);
  AttachmentText out;
  out.inspected = true;
  AttachmentTable table;
  table.name = std::string(table_name);
  CsvParser parser(text, DetectDelimiter(text));
  std::vector<std::string> fields;
  while (parser.Next(fields)) {
    if (!AddRow(table, fields, out, lim)) break;
  }
  out.tables.push_back(std::move(table));
  return out;
}

AttachmentText ExtractTxt(std::string_view body, std::string_view content_type, Limits& lim) {
  const std::string text = NormalizeNewlines(StripUtf8Bom(DecodeText(body, content_type).utf8));
  AttachmentText out;
  out.inspected = true;
  const std::string_view trimmed = TrimAscii(text);
  if (!trimmed.empty()) AppendBlock(out, trimmed, lim, /*allow_partial=*/true);
  return out;
}

}  // namespace govaudit::extract_internal
