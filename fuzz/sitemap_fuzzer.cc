// Sitemaps and sitemap indexes, plain or gzip, as a hostile server writes them.
#include "crawler/sitemap.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)govaudit::ParseSitemap(govaudit::fuzz::Input(data, size));
  return 0;
}
