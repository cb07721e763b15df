// A page as an attacker may plant it: its style rules (hidden links), inline code (injection
// signatures), what it shows as a link target (the lexicon) and as a search engine's view.
#include "fuzz/fuzz_util.h"
#include "page/page.h"
#include "rules/security.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const govaudit::SecurityInspector inspector =
      govaudit::SecurityInspector::Load(govaudit::RulesConfig{}).value();
  const std::string url = "https://www.example.gov.cn/a/b.html";
  const govaudit::Page page = govaudit::ParsePage(url, govaudit::fuzz::Input(data, size));
  govaudit::RuleContext context;
  context.start_urls = {"https://www.example.gov.cn/"};
  (void)inspector.ObservePage(url, page, context);
  (void)inspector.SampleTarget(url, page);
  const govaudit::Page plain = govaudit::ParsePage(url, "<a href='/x'>x</a>");
  (void)inspector.ObserveCloaking(url, {&plain}, page, url, url, context);
  return 0;
}
