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
python3 - "$tmp/history.csv" <<'PY'
import math, random, sys
rng = random.Random(1)
with open(sys.argv[1], "w") as f:
    f.write("run,commit,branch,timestamp,benchmark,metric,unit,value\n")
    for r in range(1000):
        ts = f"2026-01-01T00:00:00Z"
        day, sec = divmod(r, 86400)
        ts = f"2026-01-{1 + r // 1440:02d}T{(r // 60) % 24:02d}:{r % 60:02d}:00Z"
        for b in range(1000):
            level = 1000.0 * (1 + b % 7) * (1.1 if (b % 3 == 0 and r > 600) else 1.0)
            f.write(f"r{r},c{r},main,{ts},bench_{b},time,ns,{level * math.exp(rng.gauss(0, 0.03)):.3f}\n")
PY
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
