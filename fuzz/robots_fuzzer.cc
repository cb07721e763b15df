// robots.txt as a hostile server writes it: parsed, then asked about a few paths.
#include "crawler/robots.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto rules = govaudit::RobotsRules::Parse(govaudit::fuzz::Input(data, size), "govaudit");
  for (const char* path : {"/", "/a/b?c=d", "/%E6%94%BF", "/*$"}) (void)rules.Allowed(path);
  (void)rules.crawl_delay_seconds();
  return 0;
}
