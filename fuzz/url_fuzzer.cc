// URLs and hrefs as pages write them: parsing, resolution and normalisation.
#include "common/url.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = govaudit::fuzz::Input(data, size);
  (void)govaudit::NormalizeUrl(text);
  (void)govaudit::NormalizeUrl("https://www.example.gov.cn/a/b/c.html?x=1", text);
  (void)govaudit::ParseUrl(text);
  return 0;
}
