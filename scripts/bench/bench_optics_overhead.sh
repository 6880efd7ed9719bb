#!/usr/bin/env bash
# The optics runner's own overhead, in release: the `empty` control operation (the measured
# loop with one opaque identity-closure call and nothing else) in ns per iteration, with big
# batches (the per-iteration floor every operation pays) and with batches of one iteration
# (adds the two monotonic-clock reads and the batch call of every sample). Batches longer
# than a few ms are not shown: on this shared machine most such samples include a preemption.
# Median over 7 runs of each run's median sample. Usage: scripts/bench/bench_optics_overhead.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.build/release/optics-bench
[ -x "$BIN" ] || swift build -c release --product optics-bench
measure() { # label, options...
  local label=$1; shift
  for i in 1 2 3 4 5 6 7; do "$BIN" -q --filter empty "$@"; done | python3 -c '
import json, statistics, sys
text = sys.stdin.read().replace("]\n[", ",")
runs = [statistics.median(m["samplesMs"]) * 1e6 for m in json.loads(text)]
print(f"| {sys.argv[1]} | {statistics.median(runs):.2f} | {min(runs):.2f} - {max(runs):.2f} |")' "$label"
}
echo "| empty operation | ns per iteration (median of 7 runs) | range over runs |"
echo "|---|---:|---:|"
measure "batch of 5,000, 20 samples (the default options' batch for fast operations)" --iterations 100000 --samples 20
measure "batch of 50,000, 20 samples (--iterations 1000000)" --iterations 1000000 --samples 20
measure "batch of 100, 200 samples (--iterations 20000 --samples 200)" --iterations 20000 --samples 200
measure "batch of 1 (--iterations 1000 --samples 1000): per-sample cost incl. two clock reads" --iterations 1000 --samples 1000
