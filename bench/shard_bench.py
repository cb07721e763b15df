#!/usr/bin/env python3
"""Per-site cost of a shard, the number that sizes how many shards a list needs
(docs/scaling.md): generates S sites of P pages each (bench/gen_site.py), serves them on S
loopback ports with one nginx (started and stopped here) and audits them as one shard process
(govaudit audit --config sites.toml --shard 0/1), politeness off, under GNU time. Prints wall
and CPU seconds for the shard and per site, and pages per second.

Usage: bench/shard_bench.py [SITES [PAGES [PARALLEL_SITES]]]    (default: 20 50 4)
       GOVAUDIT_BIN=build/app/govaudit bench/shard_bench.py      (skips the Release build)
"""
import json
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary():
    if os.environ.get("GOVAUDIT_BIN"):
        return os.environ["GOVAUDIT_BIN"]
    build = ROOT / "build-release"
    subprocess.run(["cmake", "-S", ROOT, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DGOVAUDIT_BUILD_TESTS=OFF"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build, "-j", str(os.cpu_count()), "--target", "govaudit"], check=True,
                   stdout=subprocess.DEVNULL)
    return str(build / "app" / "govaudit")


def main():
    sites, pages, lanes = (int(a) for a in (sys.argv[1:] + ["20", "50", "4"][len(sys.argv) - 1:])[:3])
    govaudit = binary()
    with tempfile.TemporaryDirectory(prefix="govaudit-shard-bench.") as tmp:
        work = pathlib.Path(tmp)
        work.chmod(0o755)  # nginx workers run as www-data
        subprocess.run([sys.executable, ROOT / "bench" / "gen_site.py", work / "site", str(pages)], check=True)
        ports = [free_port() for _ in range(sites)]
        listen = "".join(f"  server {{ listen 127.0.0.1:{p}; root {work}/site; }}\n" for p in ports)
        (work / "nginx.conf").write_text(
            f"worker_processes 1;\ndaemon off;\nerror_log {work}/nginx-error.log;\npid {work}/nginx.pid;\n"
            f"events {{ worker_connections 1024; }}\nhttp {{\n  access_log off;\n  default_type text/html;\n{listen}}}\n")
        master = f"[audit]\nparallel_sites = {lanes}\n[crawl]\nper_host_interval_s = 0\nsitemaps = false\n" \
                 f"max_depth = 1000\nmax_pages = {pages + 100}\n"
        for i, port in enumerate(ports):
            master += f'[[site]]\nname = "site-{i}"\nslug = "site-{i}"\nstart_urls = ["http://127.0.0.1:{port}/p/0.html"]\n'
        (work / "sites.toml").write_text(master)
        nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", work / "nginx.conf", "-p", work])
        try:
            for _ in range(50):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{ports[0]}/p/0.html", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            audit = subprocess.run(
                ["/usr/bin/time", "-f", "%e %U %S %M", "-o", work / "time", govaudit, "audit", "--config",
                 work / "sites.toml", "--shard", "0/1", "--as-of", "2026-11-26", "--db", work / "shard.db", "--out",
                 work / "out", "--quiet"], capture_output=True, text=True)
        finally:
            nginx.terminate()
            nginx.wait()
        if audit.returncode != 0:
            print(audit.stdout + audit.stderr)
            return 1
        wall, user, system, rss = (float(v) for v in (work / "time").read_text().split()[-4:])
        summary = json.loads((work / "out" / "summary.json").read_text())
    fetched = sum(s["pages"] for s in summary["sites"])
    cpu = user + system
    print(f"sites {sites} (audited {summary['sites_audited']}), pages {fetched}, parallel_sites {lanes}")
    print(f"shard: wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {rss / 1024:.0f} MB, {fetched / wall:.0f} pages/s")
    print(f"per site: wall {wall / sites:.3f} s, CPU {cpu / sites:.3f} s; per page: CPU {1000 * cpu / fetched:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
