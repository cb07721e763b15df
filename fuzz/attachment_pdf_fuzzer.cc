// Attachments named .pdf, whatever their bytes are: text and tables extracted within the
// limits (memory, time, nested archives).
#include "extract/attachment.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)govaudit::ExtractAttachmentText("https://www.example.gov.cn/files/a.pdf", "",
                                        govaudit::fuzz::Input(data, size));
  return 0;
}
