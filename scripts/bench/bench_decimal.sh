#!/usr/bin/env bash
# The full bit-for-bit check of SextantText's decimal conversion against the C library's strtod
# (issue 16): 10 million random strings of every shape (make test runs 100 000 of the same stream).
# Usage: bash scripts/bench/bench_decimal.sh [CASES]   (default 10000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
CASES=${1:-10000000}
swift build --build-tests >/dev/null
start=$(date +%s)
SEXTANT_STRTOD_CASES=$CASES swift test --skip-build --filter 'DecimalTextTests/strtodAgreement' 2>&1 | tail -3
echo "decimal vs strtod: $CASES strings checked bit for bit in $(( $(date +%s) - start )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
