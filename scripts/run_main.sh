#!/usr/bin/env bash
# The main job (`make run`, after `swift build -c release`): measure the Optics library on this
# machine with optics-bench a few times, put the new runs into a temporary history store
# together with the bundled history (datasets/optics/), run the analysis and the gate, write
# the reports, and print where everything is. Steps whose sextant subcommand is not built yet
# are skipped with a message. Well under 3 minutes.
#
# Like for like (issue 15): the bundled history was recorded on another machine, and comparing
# across machines compares hardware, not code (it once reported 28 "improvements" of -60%). So the
# job first records a fresh baseline of BASELINE_RUNS runs on this machine, then gates the RUNS
# candidates against it; the gate takes only runs of the candidates' machine (optics-bench's
# fingerprint) and refuses the bundled runs. The bundled history is still analysed and drawn.
#
# Environment: RUNS (new optics-bench runs, default 3), BASELINE_RUNS (fresh baseline runs on this
# machine, default 5), OUT (default out/run).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.build/release}
SEXTANT=$BIN/sextant
BENCH=$BIN/optics-bench
RUNS=${RUNS:-3}
BASELINE_RUNS=${BASELINE_RUNS:-5}
OUT=${OUT:-out/run}
POLICY=sla_thresholds.json
HISTORY=datasets/optics

step() { printf '\n== %s\n' "$*"; }
skip() { echo "skipped: $*"; }
has() { "$SEXTANT" help 2>&1 | grep -qE "^[[:space:]]+$1([[:space:]]|$)"; }

for b in "$BENCH" "$SEXTANT"; do
  [ -x "$b" ] || { echo "error: $b is missing; run 'swift build -c release' (make run does)" >&2; exit 2; }
done

# A fresh store for every run of the job (the "temporary store": rebuilt from scratch each time).
rm -rf "$OUT"; mkdir -p "$OUT/runs"
STORE="$OUT/history.sqlite"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo local)

mkdir -p "$OUT/baseline-runs"
step "baseline: optics-bench x $BASELINE_RUNS on this machine (release build)"
for ((i = 1; i <= BASELINE_RUNS; i++)); do
  "$BENCH" -q --commit "$commit" --output "$OUT/baseline-runs/run-$i.json"
done
machine=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["machine"])' "$OUT/baseline-runs/run-1.json" 2>/dev/null || echo "this machine")
echo "this machine: $machine"

step "measure: optics-bench x $RUNS candidates (release build)"
for ((i = 1; i <= RUNS; i++)); do
  f="$OUT/runs/run-$i.json"
  "$BENCH" -q --commit "$commit" --output "$f"
  echo "run $i -> $f"
done
if command -v python3 >/dev/null; then
echo "per-iteration medians of the last run (ns):"
python3 - "$OUT/runs/run-$RUNS.json" <<'EOF'
import json, statistics, sys
for m in json.load(open(sys.argv[1])):
    print(f"  {m['testName']:<28} {statistics.median(m['samplesMs']) * 1e6:10.2f}")
EOF
fi

# The new runs are the gate's candidates (pooled: several runs average out run-to-run noise);
# the bundled history is the baseline. They are ingested after the gate, before the analysis.
CANDIDATES=("$OUT"/runs/run-*.json)
step "ingest: bundled history ($HISTORY, $(find "$HISTORY" -maxdepth 1 -name 'run-*.json' | wc -l) runs) into $STORE"
if has ingest; then
  "$SEXTANT" ingest "$HISTORY"/run-*.json --store "$STORE" >"$OUT/ingest.log"
  echo "$(wc -l <"$OUT/ingest.log") files ingested (log: $OUT/ingest.log)"
else
  skip "'sextant ingest' is not available in this build (history store, issue 3)"
fi

step "gate: like for like: the $RUNS candidates against the $BASELINE_RUNS fresh baseline runs of this machine, with $POLICY"
gate_status=-
if has ingest && has gate; then
  echo "the bundled history comes from another machine; the gate refuses it as a baseline:"
  "$SEXTANT" gate "${CANDIDATES[@]}" --baseline window:20 --store "$STORE" --policy "$POLICY" 2>&1 >/dev/null | sed 's/^/  /' || true
  "$SEXTANT" ingest "$OUT"/baseline-runs/run-*.json --store "$STORE" >>"$OUT/ingest.log"
  echo "baseline: $BASELINE_RUNS fresh runs of machine \"$machine\" (the window takes only the candidates' machine)"
  set +e
  "$SEXTANT" gate "${CANDIDATES[@]}" --baseline window:"$BASELINE_RUNS" --store "$STORE" --policy "$POLICY" \
    --format md --output "$OUT/gate.md"
  gate_status=$?
  set -e
  "$SEXTANT" gate "${CANDIDATES[@]}" --baseline window:"$BASELINE_RUNS" --store "$STORE" --policy "$POLICY" \
    --format junit --output "$OUT/gate.junit.xml" >/dev/null 2>&1 || true
  if [ -f "$OUT/gate.md" ]; then head -n 30 "$OUT/gate.md"; fi
  if [ "$gate_status" -ge 4 ] || [ "$gate_status" -eq 2 ]; then
    echo "error: sextant gate failed with exit $gate_status" >&2; exit "$gate_status"
  fi
else
  skip "'sextant gate' is not available in this build (issue 7)"
fi

if has ingest; then
  "$SEXTANT" ingest "${CANDIDATES[@]}" --store "$STORE" >>"$OUT/ingest.log"
  if has runs; then echo; echo "newest stored runs:"; "$SEXTANT" runs --store "$STORE" | tail -n "$RUNS"; fi
fi

step "analysis: change points, trend, forecast and SLA status of every series"
if has ingest && has analyze; then
  "$SEXTANT" analyze --store "$STORE" --policy "$POLICY" --format md --output "$OUT/analysis.md"
  "$SEXTANT" analyze --store "$STORE" --policy "$POLICY" --format json --output "$OUT/analysis.json"
  head -n 30 "$OUT/analysis.md" | cut -c1-220
else
  skip "'sextant analyze' is not available in this build (issue 7)"
fi

step "dashboard"
if has ingest && has dashboard; then
  "$SEXTANT" dashboard --store "$STORE" --policy "$POLICY" --output "$OUT/dashboard.html"
else
  skip "'sextant dashboard' is not available in this build"
fi

step "numerics: an NIST StRD fit"
if has fit; then
  "$SEXTANT" fit --strd datasets/strd/Longley.dat
else
  skip "'sextant fit' is not available in this build"
fi

step "outputs (in $OUT)"
echo "new runs:   $OUT/runs/run-1..$RUNS.json"
if [ -f "$STORE" ]; then echo "store:      $STORE (bundled history + new runs)"; fi
for f in analysis.md analysis.json gate.md gate.junit.xml dashboard.html; do
  if [ -f "$OUT/$f" ]; then echo "            $OUT/$f"; fi
done
case $gate_status in
  -) echo "gate:       not run" ;;
  0) echo "gate:       pass" ;;
  1) echo "gate:       regression or SLA violation (exit 1)" ;;
  3) echo "gate:       inconclusive (exit 3)" ;;
esac
echo "noise of each operation in the bundled history: python3 scripts/optics_noise.py"
