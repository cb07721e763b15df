#!/usr/bin/env bash
# Audits the bundled demo site and every fixture site, and keeps their findings.json with the
# run's clock times removed, so that a change that should not alter behaviour can be checked:
#   bash scripts/compare-findings.sh save DIR    # before the change
#   bash scripts/compare-findings.sh check DIR   # after it: exit 1 and a diff if anything moved
# Uses build/app/govaudit (built if missing); sites are served on 127.0.0.1 by `govaudit demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
dir=${2:-}
if [[ "$mode" != save && "$mode" != check ]] || [[ -z "$dir" ]]; then
  echo "usage: $0 save|check DIR" >&2
  exit 2
fi
bin=build/app/govaudit
[[ -x "$bin" ]] || bash scripts/build.sh govaudit >/dev/null

# site folder (empty: the bundled demo) and the audit date its expectations were written for
sites=(
  "demo::2026-11-26"
  "indicators-site:tests/fixtures/indicators-site:2026-11-26"
  "pii-site:tests/fixtures/pii-site:2023-11-01"
  "publication-site:tests/fixtures/publication-site:2022-11-30"
  "workpoints-site:tests/fixtures/workpoints-site:2022-12-31"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dir"
status=0
for entry in "${sites[@]}"; do
  IFS=: read -r name folder as_of <<<"$entry"
  args=(demo --quiet --as-of "$as_of" --out "$work/$name" --db "$work/$name.db")
  [[ -n "$folder" ]] && args+=(--site "$folder")
  "$bin" "${args[@]}" >"$work/$name.log" 2>&1 || true
  if [[ ! -f "$work/$name/findings.json" ]]; then
    echo "$name: no findings.json" >&2
    cat "$work/$name.log" >&2
    status=1
    continue
  fi
  # The work-points scorecard of the same run, re-rendered from the store.
  "$bin" report --db "$work/$name.db" --workpoints config/workpoints/zhongwei-2022.toml \
    --out "$work/$name-card" >>"$work/$name.log" 2>&1 || true
  # Clock times differ from run to run; everything else must not.
  grep -vhE '"(started_at|finished_at|first_seen|last_seen|first_seen_at|last_seen_at|fetched_at|generated_at)":' \
    "$work/$name/findings.json" "$work/$name-card/scorecard.json" >"$work/$name.json"
  if [[ "$mode" == save ]]; then
    cp "$work/$name.json" "$dir/$name.json"
    echo "$name: saved ($(wc -l <"$dir/$name.json") lines)"
  elif diff -u "$dir/$name.json" "$work/$name.json" >"$work/$name.diff"; then
    echo "$name: identical"
  else
    echo "$name: DIFFERENT" >&2
    head -60 "$work/$name.diff" >&2
    status=1
  fi
done
exit $status
