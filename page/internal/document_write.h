// What inline scripts put on a page, read without running them: the HTML they write with
// document.write / document.writeln (string literals and variables holding them concatenated,
// unescape() decoded, `if (a == b) … else …` on such values decided), and the other pages of a
// TRS column list that createPageHTML(count, …) links to. Some templates write metadata cells,
// whole rows and footer badges this way. Not a JavaScript engine: anything computed at run time
// is not seen.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace govaudit::internal {

// One reader per page: variables set by one script are seen by the next, as in a browser.
class ScriptReader {
 public:
  // Appends what `js` writes (each call's output followed by '\n') to *written, up to max_bytes.
  void Read(std::string_view js, size_t max_bytes, std::string* written);
  // Relative hrefs of the list's other pages ("index_1.html"), from createPageHTML calls.
  const std::vector<std::string>& paging_hrefs() const { return paging_hrefs_; }
  // This page's number in the list (1 = first), from the same calls; 0 if none.
  int pager_page() const { return pager_page_; }

 private:
  std::optional<std::string> Operand(std::string_view js, size_t* i) const;
  std::optional<std::string> Expression(std::string_view js, size_t* i) const;
  std::optional<bool> Condition(std::string_view js, size_t open, size_t* end) const;
  size_t WriteArguments(std::string_view js, size_t open, std::string* out) const;
  std::vector<std::optional<std::string>> Arguments(std::string_view js, size_t open, size_t* end) const;
  void Paging(const std::vector<std::optional<std::string>>& args);

  std::map<std::string, std::string> vars_;  // string and number values, as text
  std::vector<std::string> paging_hrefs_;
  int pager_page_ = 0;
};

// Appends what `js` alone writes to *out (a fresh reader).
void ExtractDocumentWrites(std::string_view js, size_t max_bytes, std::string* out);

// True if `js` writes with document.write and spells letters and markup with escapes
// ("\x3c\x61", unescape("%3C%61"), "\u0068"), a way of hiding links from a reader of the source.
// Escaped Chinese text is not counted (some templates write all their text so).
bool EncodesWhatItWrites(std::string_view js);

// "$.ajax /list.json": the first call in a script that loads data from the server, with the
// first quoted path after it when there is one; empty if the script loads nothing.
std::string ScriptDataCall(std::string_view js);

// The HTML inside a Hanweb datastore's CDATA records, in order, up to max_bytes.
std::string DatastoreRecords(std::string_view xml, size_t max_bytes);

}  // namespace govaudit::internal
