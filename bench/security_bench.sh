#!/usr/bin/env bash
# Cost of the security rules (security.*) on the crawl benchmark's site: bench/gen_site.py's
# pages, each with a footer of links (ASCII: a quarter of the pages are GBK) to 20 partner
# pages served on a second nginx port (one of them a casino page), audited twice by the same
# binary — security rules off, then on — with politeness off. Prints wall and CPU seconds,
# peak RSS, the requests the partner pages received (one per distinct external URL) and the
# home page's requests as Baiduspider.
# Usage: bench/security_bench.sh [N]   (default 5000; GOVAUDIT_BIN picks the binary)
# CALLGRIND=1 runs each audit under callgrind and adds its instruction count: repeatable on a
# busy machine, where wall and CPU seconds are not (use a few hundred pages: it is slow).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
bin=${GOVAUDIT_BIN:-build-release/app/govaudit}
if [[ ! -x "$bin" ]]; then
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DGOVAUDIT_BUILD_TESTS=OFF >/dev/null
  cmake --build build-release -j "$(nproc)" --target govaudit >/dev/null
fi
work=$(mktemp -d /tmp/govaudit-secbench.XXXXXX)
chmod 755 "$work"  # nginx workers run as www-data
nginx_pid=""
cleanup() {
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
partner_port=$(free_port)

python3 bench/gen_site.py "$work/site" "$n"
mkdir -p "$work/partners/f"
for k in $(seq 0 19); do
  title="合作单位${k}"
  text="<p>$(printf '企业简介与服务项目介绍。%.0s' $(seq 200))</p>"
  if [[ $k == 7 ]]; then title="澳门新葡京娱乐城"; text="<p>真人荷官在线发牌，注册送彩金，百家乐</p>$text"; fi
  printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>%s</body></html>' \
    "$title" "$text" >"$work/partners/f/$k.html"
done
footer="<div class=\"footer\">Links: "
for k in $(seq 0 19); do footer+="<a href=\"http://127.0.0.1:$partner_port/f/$k.html\">Partner $k</a> "; done
footer+='</div>'
find "$work/site/p" -name '*.html' -print0 | xargs -0 perl -0pi -e "s#</body>#$footer</body>#"

cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  default_type text/html;
  log_format ua '\$server_port \$request_uri "\$http_user_agent"';
  access_log $work/access.log ua;
  server { listen 127.0.0.1:$port; root $work/site; }
  server { listen 127.0.0.1:$partner_port; root $work/partners; }
}
CONF
/usr/sbin/nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/p/0.html" && break; sleep 0.1; done

wrap=()
[[ -n "${CALLGRIND:-}" ]] && wrap=(valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out")
printf "%-10s %8s %8s %10s %8s %14s %12s %14s\n" security pages wall_s cpu_s rss_MB partner_reqs spider_reqs instructions
for mode in off on; do
  cat >"$work/fast.toml" <<CONF
[crawl]
per_host_interval_s = 0
per_host_connections = 16
global_connections = 16
sitemaps = false
max_pages = $((n + 100))
max_depth = 1000
allow_addresses = ["127.0.0.1:$partner_port"]
CONF
  [[ $mode == off ]] && printf '[rules.security]\nenabled = false\n' >>"$work/fast.toml"
  rm -f "$work/audit.db"* && : >"$work/access.log"
  kill -USR1 "$(cat "$work/nginx.pid")"  # reopen the emptied log
  sleep 0.2
  /usr/bin/time -v "${wrap[@]}" "$bin" audit "http://127.0.0.1:$port/p/0.html" --config "$work/fast.toml" --db "$work/audit.db" \
    --out "$work/out-$mode" --quiet --as-of 2026-11-26 >/dev/null 2>"$work/ga.log" || true
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/ga.log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/ga.log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/ga.log")
  pages=$(sqlite3 "$work/audit.db" "SELECT count(*) FROM pages WHERE is_html=1 AND in_scope=1")
  partner=$(grep -c "^$partner_port " "$work/access.log" || true)
  spider=$(grep -c "Baiduspider" "$work/access.log" || true)
  instructions=-
  [[ -n "${CALLGRIND:-}" ]] && instructions=$(awk '/^summary:/ {print $2}' "$work/callgrind.out")
  printf "%-10s %8s %8.2f %10.2f %8.1f %14s %12s %14s\n" "$mode" "$pages" "$wall" "$cpu" "$(echo "$rss/1024" | bc -l)" \
    "$partner" "$spider" "$instructions"
  if [[ $mode == on ]]; then
    echo "security findings: $(python3 -c "import json,sys; f=json.load(open('$work/out-on/findings.json'))['findings']; print(sorted((x['rule'], x['url'].split('/')[-1]) for x in f if x['rule'].startswith('security.')))")"
  fi
done
