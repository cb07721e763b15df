#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, build and run the whole test suite.
# GOVAUDIT_SANITIZE=1 also builds with ASan+UBSan and runs the suite again under them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-tools
bash scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
(cd build && ctest --output-on-failure -j "$jobs")
# Every fuzz target for a few seconds from its seed corpus (the long runs: scripts/fuzz.sh).
bash scripts/fuzz.sh --smoke
if [[ "${GOVAUDIT_SANITIZE:-0}" == "1" ]]; then
  bash scripts/build.sh --sanitize
  (cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
fi
