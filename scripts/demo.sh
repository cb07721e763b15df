#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install, build, audit the bundled demo site.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh govaudit   # the command only; the tests are built by scripts/test.sh
./build/app/govaudit demo "$@"
