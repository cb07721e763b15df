#!/usr/bin/env bash
# Installs govaudit's build and test dependencies from Debian 12 packages.
# Idempotent: installs only what is missing; safe to run again.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libcurl4-openssl-dev libgumbo-dev libsqlite3-dev sqlite3 libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libcpp-httplib-dev
  libuchardet-dev libpoppler-cpp-dev libzip-dev zlib1g-dev libidn2-dev libssl-dev libxlsxwriter-dev libpsl-dev
  python3 python3-yaml libpq-dev libxxhash-dev liblz4-dev
)
# Extra tools for the browser test, the crawl benchmark, the fuzz targets (clang's libFuzzer), the
# check of deploy/'s systemd units (systemd-analyze) and the PostgreSQL store's tests (a server of
# their own; skipped without it); asked for with --with-tools.
tools=(chromium fonts-wqy-microhei nginx wget2 poppler-utils bc curl time clang libclang-rt-14-dev systemd valgrind
  postgresql-15)

want=("${packages[@]}")
if [[ "${1:-}" == "--with-tools" ]]; then want+=("${tools[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#want[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
