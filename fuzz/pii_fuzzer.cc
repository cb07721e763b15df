// Text with anything in it: the scanner, the table scanner, masking and the output gate must
// never crash, and the gate's output must never hold a value the scanner reports.
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "pii/safe_text.h"
#include "pii/scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = govaudit::fuzz::Input(data, size);
  for (const auto& hit : govaudit::pii::ScanText(text)) {
    (void)govaudit::pii::MaskValue(hit.kind, text.substr(hit.offset, hit.length));
    (void)govaudit::pii::SafeExcerpt(text, hit.offset, hit.length);
  }
  std::vector<std::vector<std::string>> rows = {{"姓名", "身份证号码", "住址"}, {std::string(text), "", ""}};
  (void)govaudit::pii::ScanTable(rows, 0);
  const std::string safe = govaudit::pii::SafeText(text, govaudit::pii::Sink::kCsv);
  for (const auto& hit : govaudit::pii::ScanText(safe)) {
    if (!hit.insufficiently_masked) std::abort();  // the gate let a full value through
  }
  return 0;
}
