#!/usr/bin/env bash
# Configures and builds govaudit into build/ (or build-sanitize/ with --sanitize).
# Further arguments name targets (default: everything, tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
# CI builds with warnings as errors: the code is kept free of them.
werror=OFF
if [[ "${CI:-}" == "true" ]]; then werror=ON; fi
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOVAUDIT_WERROR=$werror)
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  dir=build-sanitize
  flags=(-DCMAKE_BUILD_TYPE=Debug -DGOVAUDIT_SANITIZE=ON -DGOVAUDIT_BUILD_BENCH=OFF -DGOVAUDIT_WERROR=$werror)
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$jobs" "${targets[@]}"
