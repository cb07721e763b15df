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
source bench/bench_lib.sh
bench_workdir govaudit-secbench
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

nginx_conf_head >"$work/nginx.conf"
cat >>"$work/nginx.conf" <<CONF
http {
  default_type text/html;
  log_format ua '\$server_port \$request_uri "\$http_user_agent"';
  access_log $work/access.log ua;
  server { listen 127.0.0.1:$port; root $work/site; }
  server { listen 127.0.0.1:$partner_port; root $work/partners; }
}
CONF
start_nginx "http://127.0.0.1:$port/p/0.html"

wrap=()
[[ -n "${CALLGRIND:-}" ]] && wrap=(valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out")
printf "%-10s %8s %8s %10s %8s %14s %12s %14s\n" security pages wall_s cpu_s rss_MB partner_reqs spider_reqs instructions
for mode in off on; do
  fast_crawl_toml "$n" >"$work/fast.toml"
  echo "allow_addresses = [\"127.0.0.1:$partner_port\"]" >>"$work/fast.toml"
  [[ $mode == off ]] && printf '[rules.security]\nenabled = false\n' >>"$work/fast.toml"
  rm -f "$work/audit.db"* && : >"$work/access.log"
  kill -USR1 "$(cat "$work/nginx.pid")"  # reopen the emptied log
  sleep 0.2
  /usr/bin/time -v "${wrap[@]}" "$bin" audit "http://127.0.0.1:$port/p/0.html" --config "$work/fast.toml" --db "$work/audit.db" \
    --out "$work/out-$mode" --quiet --as-of 2026-11-26 >/dev/null 2>"$work/ga.log" || true
  read -r rss wall cpu < <(measure "$work/ga.log")
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
