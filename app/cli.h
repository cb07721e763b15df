// The govaudit command line. Returns the process exit code: 0 audit ran, 1 --fail-on
// matched, 2 bad usage, bad config or unreachable start URL.
#pragma once

namespace govaudit {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

int RunCommandLine(int argc, char** argv);

}  // namespace govaudit
