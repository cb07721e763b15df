// An HTML page as any site may write it: the page model, its list items, column names and kinds
// (metadata, tables, document.write included), built from one parse.
#include "classify/page_kinds.h"
#include "common/date.h"
#include "fuzz/fuzz_util.h"
#include "page/columns.h"
#include "page/list_items.h"
#include "page/page.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const govaudit::Page page = govaudit::ParsePage("https://www.example.gov.cn/a/b.html", govaudit::fuzz::Input(data, size));
  const auto list = govaudit::ExtractListItems(page, govaudit::Date{2026, 11, 26});
  (void)govaudit::IsListPage(page, list);
  (void)govaudit::ColumnNamesOf(page);
  (void)govaudit::ClassifyPage(page, govaudit::KindConfig::Builtin());
  return 0;
}
