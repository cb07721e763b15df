// The files a user hands govaudit: the configuration, work points, page kinds and indicators
// readers must turn any text into a value or an error naming the file, never a crash.
#include <string>

#include "app/config.h"
#include "assess/workpoints.h"
#include "classify/page_kinds.h"
#include "common/indicators.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(govaudit::fuzz::Input(data, size));
  (void)govaudit::ParseConfig(text, "fuzz.toml");
  (void)govaudit::ParseWorkpoints(text, "fuzz.toml");
  (void)govaudit::KindConfig::Parse(text, "fuzz.toml", text, "fields.toml");
  (void)govaudit::IndicatorSettings::Parse(text, "fuzz.toml");
  return 0;
}
