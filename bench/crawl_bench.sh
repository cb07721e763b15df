#!/usr/bin/env bash
# Crawl benchmark: generates a site of N pages (about 14 KB each, a quarter GBK), serves it on
# 127.0.0.1 with nginx (started and stopped here), and measures in the same run:
#   - govaudit's full audit with politeness off (pages/s, CPU seconds, peak RSS);
#   - the fetch-and-parse baseline (bench/fetch_parse_baseline.cc: libcurl multi with the same
#     16 transfers, Gumbo on as many threads as govaudit's parsers, links followed; nothing else);
#   - Gumbo parsing alone of the same files on the same cores, with charset decoding;
#   - wget2 -r on the same site (downloads and extracts links only);
# and prints govaudit's ratio to each. With COSTS=1 it also profiles one audit of the first N
# pages under callgrind (instructions: repeatable on a busy machine) and prints the per-rule
# cost table (bench/rule_costs.py); use a small N (600) for that.
# Usage: bench/crawl_bench.sh [N ...]      (default: 5000 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(5000 20000)
bash scripts/setup.sh --with-tools >/dev/null
# -g: the cost table names each rule's file; debug information does not change the code.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O3 -DNDEBUG -g" \
  -DGOVAUDIT_BUILD_TESTS=OFF >/dev/null
cmake --build build-release -j "$(nproc)" --target govaudit parse_ceiling fetch_parse_baseline >/dev/null
source bench/bench_lib.sh
bench_workdir govaudit-bench
threads=$(nproc)
port=$(free_port)

printf "%-8s %-22s %10s %10s %10s %12s\n" pages tool pages/s wall_s cpu_s peak_rss_MB
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  python3 bench/gen_site.py "$site" "$n"
  nginx_conf_head > "$work/nginx.conf"
  cat >> "$work/nginx.conf" <<CONF
http {
  access_log off;
  default_type text/html;
  server { listen 127.0.0.1:$port; root $site; }
}
CONF
  start_nginx "http://127.0.0.1:$port/p/0.html"

  fast_crawl_toml "$n" > "$work/fast.toml"
  rm -f "$work/audit.db"*
  /usr/bin/time -v build-release/app/govaudit audit "http://127.0.0.1:$port/p/0.html" --config "$work/fast.toml" \
    --db "$work/audit.db" --out "$work/out" --quiet --as-of 2026-11-26 >/dev/null 2>"$work/ga.log"
  read -r rss wall cpu < <(measure "$work/ga.log")
  fetched=$(sqlite3 "$work/audit.db" "SELECT count(*) FROM pages WHERE is_html=1")
  printf "%-8s %-22s %10.0f %10.2f %10.2f %12.1f\n" "$n" govaudit "$(echo "$fetched / $wall" | bc -l)" "$wall" "$cpu" "$(echo "$rss/1024" | bc -l)"
  ga_rate=$(echo "$fetched / $wall" | bc -l)
  # What the audit leaves on disk (the database and any WAL left beside it): bodies are most of it.
  store_bytes=$(find "$work" -maxdepth 1 \( -name audit.db -o -name audit.db-wal \) -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  printf "%-8s govaudit store: %.1f MB on disk\n" "$n" "$(echo "$store_bytes / 1000000" | bc -l)"

  /usr/bin/time -v build-release/bench/fetch_parse_baseline "http://127.0.0.1:$port/p/0.html" 16 "$threads" \
    >"$work/baseline.out" 2>"$work/baseline.log"
  read -r rss wall cpu < <(measure "$work/baseline.log")
  b_pages=$(sed -E 's/.*pages=([0-9]+).*/\1/' "$work/baseline.out")
  b_rate=$(echo "$b_pages / $wall" | bc -l)
  printf "%-8s %-22s %10.0f %10.2f %10.2f %12.1f\n" "$n" "fetch+parse baseline" "$b_rate" "$wall" "$cpu" "$(echo "$rss/1024" | bc -l)"

  ceiling=$(build-release/bench/parse_ceiling "$site" "$threads")
  c_rate=$(sed -E 's/.*pages_per_s=([0-9.]+).*/\1/' <<<"$ceiling")
  c_wall=$(sed -E 's/.*wall_s=([0-9.]+).*/\1/' <<<"$ceiling")
  c_cpu=$(sed -E 's/.*cpu_s=([0-9.]+).*/\1/' <<<"$ceiling")
  printf "%-8s %-22s %10.0f %10.2f %10.2f %12s\n" "$n" "gumbo-only ($threads thr)" "$c_rate" "$c_wall" "$c_cpu" "-"

  rm -rf "$work/wget"
  /usr/bin/time -v wget2 -r -l 0 -q --no-robots -P "$work/wget" "http://127.0.0.1:$port/p/0.html" 2>"$work/wget.log" || true
  read -r rss wall cpu < <(measure "$work/wget.log")
  got=$(find "$work/wget" -name '*.html' | wc -l)
  printf "%-8s %-22s %10.0f %10.2f %10.2f %12.1f\n" "$n" wget2 "$(echo "$got / $wall" | bc -l)" "$wall" "$cpu" "$(echo "$rss/1024" | bc -l)"
  wget_rate=$(echo "$got / $wall" | bc -l)
  printf "%-8s govaudit / fetch+parse baseline = %.2f x, / gumbo-only = %.2f x, / wget2 = %.2f x\n" "$n" \
    "$(echo "$ga_rate / $b_rate" | bc -l)" "$(echo "$ga_rate / $c_rate" | bc -l)" "$(echo "$ga_rate / $wget_rate" | bc -l)"

  if [[ -n "${COSTS:-}" ]]; then
    sed "s/^max_pages = .*/max_pages = $n/" "$work/fast.toml" >"$work/costs.toml"
    rm -rf "$work/audit.db"* "$work/out"
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" build-release/app/govaudit audit \
      "http://127.0.0.1:$port/p/0.html" --config "$work/costs.toml" --db "$work/audit.db" --out "$work/out" \
      --quiet --as-of 2026-11-26 >/dev/null 2>"$work/callgrind.log" || true
    callgrind_annotate --inclusive=yes --threshold=100 "$work/callgrind.out" | python3 bench/rule_costs.py "$n"
  fi

  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
  rm -rf "$site" "$work/wget" "$work/out" "$work/audit.db"*
done
