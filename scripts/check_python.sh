#!/usr/bin/env bash
# Runs every Python cross-check (scripts/checks/check_*.py) in the venv; each exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
passed=0; failed=0
shopt -s nullglob
for f in scripts/checks/check_*.py; do
  if "$PY" "$f"; then passed=$((passed+1)); echo "ok: $f"; else failed=$((failed+1)); echo "FAILED: $f"; fi
done
echo "python checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
