#!/usr/bin/env bash
# Runs every side-by-side benchmark script (scripts/bench/bench_*.sh|py) with the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
for f in scripts/bench/bench_*.py; do echo "== $f"; .venv/bin/python "$f"; done
for f in scripts/bench/bench_*.sh; do echo "== $f"; bash "$f"; done
