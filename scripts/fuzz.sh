#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, AddressSanitizer and UBSan into build-fuzz/
# and runs each for a while, starting from the seed corpora in fuzz/corpus/.
#   bash scripts/fuzz.sh            # every target for 600 s, two at a time
#   bash scripts/fuzz.sh 60         # every target for 60 s
#   bash scripts/fuzz.sh --smoke    # every target for 5 s (CI)
#   bash scripts/fuzz.sh 600 page_fuzzer pii_fuzzer   # some targets
#   FUZZ_JOBS=1 bash scripts/fuzz.sh  # one at a time
# A crash stops with exit 1 and leaves the input in build-fuzz/crashes/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=600
if [[ "${1:-}" == "--smoke" ]]; then seconds=5; shift; elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(sed -n 's/^  \([a-z_]*_fuzzer\):.*/\1/p' fuzz/CMakeLists.txt)
fi
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOVAUDIT_FUZZ=ON \
  -DGOVAUDIT_BUILD_TESTS=OFF -DGOVAUDIT_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}" >/dev/null
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
status=0
run_one() {
  local t=$1
  local corpus=build-fuzz/corpus/$t crashes=build-fuzz/crashes/$t
  mkdir -p "$corpus" "$crashes"
  cp -n fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  if build-fuzz/fuzz/"$t" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" >build-fuzz/"$t".log 2>&1; then
    local runs cov
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/"$t".log | tail -1)
    cov=$(grep -o 'cov: [0-9]*' build-fuzz/"$t".log | tail -1 | awk '{print $2}')
    printf "%-26s %6ss %12s runs  %6s edges  corpus %5s  no crash\n" "$t" "$seconds" "${runs:-?}" "${cov:-?}" \
      "$(ls "$corpus" | wc -l)"
  else
    printf "%-26s CRASH: see build-fuzz/%s.log and %s\n" "$t" "$t" "$crashes"
    return 1
  fi
}
running=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  running=$((running + 1))
  if ((running >= jobs)); then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
    running=$((running - 1))
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
