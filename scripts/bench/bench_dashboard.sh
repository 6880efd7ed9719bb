#!/usr/bin/env bash
# Dashboard at scale (issue 18), release build: `sextant dashboard` against `sextant analyze` on the same
# store of 1000 series x 1000 runs (scripts/bench/make_history_csv.py --shifts, as bench_gate.sh), alternated in one run, median of 5 each;
# the size of the page a browser opens first and of everything the dashboard writes.
# Figures go to BENCHMARKS.md "Dashboard at scale".
set -euo pipefail
cd "$(dirname "$0")/../.."
export OPENBLAS_NUM_THREADS=1
swift build -c release --product sextant >/dev/null
S=.build/release/sextant
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/bench/make_history_csv.py --shifts "$tmp/history.csv"
"$S" ingest "$tmp/history.csv" --store "$tmp/h.sqlite" --quiet >/dev/null
mkdir -p "$tmp/site"
analyze=(); dashboard=(); analyze_cpu=(); dashboard_cpu=()
# Wall and CPU (user + sys of the child) seconds of one command.
timed() { python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.time()
subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round(time.time() - t, 3), round(r.ru_utime + r.ru_stime, 3))
PY
}
for i in 1 2 3 4 5; do
  read -r w c < <(timed "$S" analyze --store "$tmp/h.sqlite" --format csv --output "$tmp/a.csv" --quiet)
  analyze+=("$w"); analyze_cpu+=("$c")
  read -r w c < <(timed "$S" dashboard --store "$tmp/h.sqlite" --output "$tmp/site/dashboard.html" --quiet)
  dashboard+=("$w"); dashboard_cpu+=("$c")
done
median() { printf '%s\n' "$@" | sort -g | sed -n 3p; }
ma=$(median "${analyze[@]}"); md=$(median "${dashboard[@]}")
mac=$(median "${analyze_cpu[@]}"); mdc=$(median "${dashboard_cpu[@]}")
index=$(stat -c %s "$tmp/site/dashboard.html")
total=$(du -sb "$tmp/site" | cut -f1)
files=$(find "$tmp/site" -type f | wc -l)
largest=$(find "$tmp/site/dashboard-data" -type f -printf '%s\n' | sort -n | tail -1)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "{\"case\":\"dashboard-vs-analyze-1000x1000\",\"analyze_wall_s\":\"${analyze[*]}\",\"dashboard_wall_s\":\"${dashboard[*]}\",\"median_analyze_s\":$ma,\"median_dashboard_s\":$md,\"ratio\":$(python3 -c "print(round($md / $ma, 2))"),\"analyze_cpu_s\":\"${analyze_cpu[*]}\",\"dashboard_cpu_s\":\"${dashboard_cpu[*]}\",\"cpu_ratio\":$(python3 -c "print(round($mdc / $mac, 2))"),\"index_bytes\":$index,\"total_bytes\":$total,\"files\":$files,\"largest_data_file_bytes\":$largest}"
