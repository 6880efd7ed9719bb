#!/usr/bin/env bash
# Gate and analysis timings (issue 7), release build. Figures go to BENCHMARKS.md "Gate and analysis".
#  1. a gate over 200 raw-sample benchmarks x 10,000 bootstrap resamples (20 and 100 samples per side),
#  2. the batch analysis kernel over 1000 series x 1000 runs (in memory),
#  3. `sextant analyze` end to end over a store of 1000 series x 1000 runs (SQLite read + analysis + CSV).
# Each: median of several runs; wall and CPU time (the machine is shared: wall ~ CPU / cores when idle).
set -euo pipefail
cd "$(dirname "$0")/../.."
export OPENBLAS_NUM_THREADS=1
swift build -c release --product sextant-bench >/dev/null
swift build -c release --product sextant >/dev/null
B=.build/release/sextant-bench
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
$B gate bootstrap 200 10000 20 7
$B gate bootstrap 200 10000 100 7
$B gate analyze 1000 1000 5
# End to end through the CLI and the store.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/bench/make_history_csv.py --shifts "$tmp/history.csv"
t0=$(date +%s.%N)
.build/release/sextant ingest "$tmp/history.csv" --store "$tmp/h.sqlite" >/dev/null
t1=$(date +%s.%N)
echo "{\"case\":\"ingest-1000x1000\",\"wall_s\":$(python3 -c "print(round($t1 - $t0, 3))")}"
times=()
for i in 1 2 3 4 5; do
  s=$(date +%s.%N)
  .build/release/sextant analyze --store "$tmp/h.sqlite" --format csv --output "$tmp/a.csv"
  e=$(date +%s.%N)
  times+=("$(python3 -c "print(round($e - $s, 3))")")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -g | tr '\n' ' ')
median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)
echo "{\"case\":\"sextant-analyze-cli\",\"series\":1000,\"runs\":1000,\"wall_s_sorted\":\"$sorted\",\"median_wall_s\":$median,\"rows\":$(($(wc -l < "$tmp/a.csv") - 1))}"
