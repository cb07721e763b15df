// Bytes of any encoding with any declared charset, decoded to UTF-8. The first byte picks the
// header the bytes arrive with.
#include "common/charset.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* kTypes[] = {"", "text/html", "text/html; charset=gbk", "text/html; charset=utf-8",
                                 "text/html; charset=big5", "text/plain; charset=\"GB2312\"", "text/csv"};
  const char* type = kTypes[data[0] % (sizeof kTypes / sizeof *kTypes)];
  const std::string_view body = govaudit::fuzz::Input(data + 1, size - 1);
  (void)govaudit::DecodeHtml(body, type);
  (void)govaudit::DecodeText(body, type);
  (void)govaudit::LooksLikeHtml(body);
  return 0;
}
