# Shared by the benchmark scripts (sourced, not run): a scratch folder removed on exit together
# with the nginx serving from it, free loopback ports, GNU time's figures, the crawl settings
# that take politeness out of the measurement.

# Makes the scratch folder $work (/tmp/<prefix>.XXXXXX) and removes it on exit (KEEP=1 keeps
# it), stopping the nginx whose pid is in $nginx_pid.
bench_workdir() {
  work=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$work"  # nginx workers run as www-data
  nginx_pid=""
  trap bench_cleanup EXIT
}

bench_cleanup() {
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The start of $work/nginx.conf: one worker in the foreground, logs and pid in $work. The
# caller appends its http block.
nginx_conf_head() {
  cat <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
CONF
}

# Starts nginx in the foreground of a background job with $work/nginx.conf, sets $nginx_pid
# and waits (5 s at most) until $1 answers.
start_nginx() {
  /usr/sbin/nginx -c "$work/nginx.conf" -p "$work" &
  nginx_pid=$!
  for _ in $(seq 50); do curl -s -o /dev/null "$1" && break; sleep 0.1; done
}

# "RSS_KB WALL_S CPU_S" from GNU time's -v output in file $1.
measure() {
  local log=$1
  local rss wall user sys
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  echo "$rss $wall $(echo "$user + $sys" | bc -l)"
}

# The [crawl] settings of a benchmark audit of $1 pages: no pause between requests, 16
# connections, every page of the generated site within reach.
fast_crawl_toml() {
  cat <<CONF
[crawl]
per_host_interval_s = 0
per_host_connections = 16
global_connections = 16
sitemaps = false
max_pages = $(($1 + 100))
max_depth = 1000
CONF
}
