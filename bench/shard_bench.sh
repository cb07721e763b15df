#!/usr/bin/env bash
# Per-site cost of a shard, the number that sizes how many shards a list needs
# (docs/scaling.md): generates S sites of P pages each (bench/gen_site.py), serves them on S
# loopback ports with one nginx (started and stopped here), and audits them as one shard
# process (govaudit audit --config sites.toml --shard 0/1), politeness off, with GNU time.
# Prints wall and CPU seconds for the shard and per site, and pages per second.
# Usage: bench/shard_bench.sh [SITES [PAGES [PARALLEL_SITES]]]   (default: 20 50 4)
#        GOVAUDIT_BIN=build/app/govaudit bench/shard_bench.sh    (skip the Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
sites=${1:-20}
pages=${2:-50}
lanes=${3:-4}
bin=${GOVAUDIT_BIN:-}
if [[ -z "$bin" ]]; then
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DGOVAUDIT_BUILD_TESTS=OFF >/dev/null
  cmake --build build-release -j "$(nproc)" --target govaudit >/dev/null
  bin=build-release/app/govaudit
fi
work=$(mktemp -d /tmp/govaudit-shard-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run as www-data
nginx_pid=""
stop() {
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap stop EXIT

python3 bench/gen_site.py "$work/site" "$pages"
servers="" master="$work/sites.toml"
printf '[audit]\nparallel_sites = %d\n[crawl]\nper_host_interval_s = 0\nsitemaps = false\nmax_depth = 1000\nmax_pages = %d\n' \
  "$lanes" $((pages + 100)) >"$master"
first_port=0
for ((i = 0; i < sites; i++)); do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ((first_port)) || first_port=$port
  servers+="  server { listen 127.0.0.1:$port; root $work/site; }"$'\n'
  printf '[[site]]\nname = "site-%d"\nslug = "site-%d"\nstart_urls = ["http://127.0.0.1:%d/p/0.html"]\n' "$i" "$i" "$port" >>"$master"
done
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
$servers}
CONF
/usr/sbin/nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$first_port/p/0.html" && break; sleep 0.1; done

/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" audit --config "$master" --shard 0/1 --as-of 2026-11-26 \
  --db "$work/shard.db" --out "$work/out" --quiet >"$work/audit.log" 2>&1 || { cat "$work/audit.log"; exit 1; }
read -r wall user sys rss <"$work/time"
audited=$(python3 -c "import json; print(json.load(open('$work/out/summary.json'))['sites_audited'])")
fetched=$(python3 -c "import json; print(sum(s['pages'] for s in json.load(open('$work/out/summary.json'))['sites']))")
python3 - "$sites" "$audited" "$fetched" "$wall" "$user" "$sys" "$rss" "$lanes" <<'PY'
import sys
sites, audited, pages, wall, user, sys_s, rss, lanes = sys.argv[1:]
sites, audited, pages, lanes = int(sites), int(audited), int(pages), int(lanes)
wall, cpu, rss = float(wall), float(user) + float(sys_s), int(rss) / 1024
print(f"sites {sites} (audited {audited}), pages {pages}, parallel_sites {lanes}")
print(f"shard: wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {rss:.0f} MB, {pages / wall:.0f} pages/s")
print(f"per site: wall {wall / sites:.3f} s, CPU {cpu / sites:.3f} s; per page: CPU {1000 * cpu / pages:.2f} ms")
PY
