#!/usr/bin/env bash
# Prints the accuracy tables of docs/accuracy.md: every template-family fixture site audited on
# its labels' date and compared with its labels. `train`, `validation` or (default) both.
set -euo pipefail
cd "$(dirname "$0")/.."
split="${1:-all}"
case "$split" in train|validation|all) ;; *) echo "usage: scripts/accuracy.sh [train|validation|all], not '$split'" >&2; exit 2;; esac
[ -x build/tests/corpus_test ] || bash scripts/build.sh
cmake --build build -j"$(nproc)" --target corpus_test govaudit >/dev/null
GOVAUDIT_ACCURACY="$split" build/tests/corpus_test --gtest_brief=1 | sed -n '/^### /,$p'
