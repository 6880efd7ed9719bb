#!/usr/bin/env bash
# The seed's entry point (lean-optics "Running Performance Tests Locally"), on Sextant:
#   1. build in release;
#   2. run the optics benchmarks (optics-bench) -> lean-optics metrics JSON with raw samples;
#   3. gate it against the baseline with sla_thresholds.json (sextant gate), unless there is no
#      baseline yet;
#   4. ingest the result into the history store (sextant ingest); on the first run create the
#      baseline from it, afterwards move the baseline to it when the gate passed;
#   5. write the report and the dashboard when those subcommands exist.
# Each sextant step is skipped with a message when its subcommand is not built yet.
# Exit status: 0 pass (or baseline created), 1 regression or SLA violation, 2 usage/input error.
#
# Environment: SEXTANT_STORE (default .sextant/history.sqlite), OUT (default out/performance),
# POLICY (default sla_thresholds.json), BASELINE (baseline name, default optics, or window:N),
# BASELINE_WINDOW (see below), BENCH_ARGS (extra
# optics-bench options, e.g. "--iterations 20000"), SKIP_BUILD=1 to use existing binaries,
# BIN (folder of the built sextant and optics-bench, default .build/release).
# HISTORY_REMOTE (a git remote name or URL): the CI flow's durable history (issue 15, as
# scripts/ci_job.sh): `sextant sync pull` from its HISTORY_BRANCH (default sextant-history) before
# the gate, and `sextant sync push` of the stored runs after a pass.
set -euo pipefail
cd "$(dirname "$0")/.."

STORE=${SEXTANT_STORE:-.sextant/history.sqlite}
OUT=${OUT:-out/performance}
POLICY=${POLICY:-sla_thresholds.json}
BASELINE=${BASELINE:-optics}
# The baseline created on the first run: a rolling window of the last N runs (default 20), so the
# gate judges a candidate against run-to-run noise (one pinned run only shows within-run noise
# and raises false alarms on this shared machine). BASELINE_WINDOW=0 gives the seed's literal
# rule: the baseline is one pinned run, moved to each run that passes.
BASELINE_WINDOW=${BASELINE_WINDOW:-20}
BIN=${BIN:-.build/release}
SEXTANT=$BIN/sextant
BENCH=$BIN/optics-bench

step() { printf '\n== %s\n' "$*"; }
skip() { echo "skipped: $*"; }

# Does the built sextant have this subcommand? (reads `sextant help`'s SUBCOMMANDS list)
has() { "$SEXTANT" help 2>&1 | grep -qE "^[[:space:]]+$1([[:space:]]|$)"; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  step "build (release)"
  swift build -c release --product optics-bench
  swift build -c release --product sextant
fi

mkdir -p "$OUT" "$(dirname "$STORE")"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
RESULT="$OUT/optics-$stamp.json"

step "run benchmarks -> $RESULT"
# shellcheck disable=SC2086
"$BENCH" ${BENCH_ARGS:-} --output "$RESULT"
cp "$RESULT" "$OUT/performance_results.json" # the seed's file name, always the latest run

if [ -n "${HISTORY_REMOTE:-}" ]; then
  step "pull the history branch ${HISTORY_BRANCH:-sextant-history} from $HISTORY_REMOTE"
  "$SEXTANT" sync pull --remote "$HISTORY_REMOTE" --branch "${HISTORY_BRANCH:-sextant-history}" --store "$STORE"
fi

# The gate reads the candidate file itself; it runs before the ingest so that a rolling-window
# baseline (BASELINE=window:N) never contains the candidate.
status=0
first_run=0
step "gate against baseline '$BASELINE' with $POLICY"
if ! has baseline; then
  skip "'sextant baseline' is not available in this build (history store, issue 3)"
elif [[ "$BASELINE" != window:* ]] && ! "$SEXTANT" baseline show "$BASELINE" --store "$STORE" >/dev/null 2>&1; then
  first_run=1
  echo "no baseline '$BASELINE' yet: this run will create it (the seed's first-run rule); nothing to gate against"
elif ! has gate; then
  "$SEXTANT" baseline show "$BASELINE" --store "$STORE"
  skip "'sextant gate' is not available in this build (issue 7)"
else
  set +e
  "$SEXTANT" gate "$RESULT" --baseline "$BASELINE" --policy "$POLICY" --store "$STORE" \
    --format md --output "$OUT/report.md"
  status=$?
  set -e
  "$SEXTANT" gate "$RESULT" --baseline "$BASELINE" --policy "$POLICY" --store "$STORE" \
    --format junit --output "$OUT/report.junit.xml" >/dev/null 2>&1 || true
  [ -f "$OUT/report.md" ] && cat "$OUT/report.md"
fi

step "ingest into $STORE (every result is kept, the seed's historical storage)"
if has ingest; then
  "$SEXTANT" ingest "$RESULT" --store "$STORE"
  if [ "$first_run" -eq 1 ]; then
    # The seed's "Initial Baseline: first run creates baseline from current metrics".
    if [ "$BASELINE_WINDOW" -gt 0 ]; then
      "$SEXTANT" baseline set "$BASELINE" --window "$BASELINE_WINDOW" --store "$STORE"
    else
      "$SEXTANT" baseline set "$BASELINE" latest --if-absent --store "$STORE"
    fi
  elif [ "$status" -eq 0 ] && has gate && [ "$BASELINE_WINDOW" -eq 0 ] && [[ "$BASELINE" != window:* ]]; then
    # The seed's "Baseline Updates: successful runs update the baseline".
    "$SEXTANT" baseline set "$BASELINE" latest --store "$STORE"
    echo "passed: baseline '$BASELINE' moved to this run"
  fi
else
  skip "'sextant ingest' is not available in this build (history store, issue 3)"
fi

if [ -n "${HISTORY_REMOTE:-}" ]; then
  if [ "$status" -eq 0 ]; then
    step "push the history to $HISTORY_REMOTE"
    "$SEXTANT" sync push --remote "$HISTORY_REMOTE" --branch "${HISTORY_BRANCH:-sextant-history}" --store "$STORE"
  else
    echo "gate status $status: the history branch is not pushed (only a pass joins it)"
  fi
fi

step "report and dashboard"
if has analyze; then
  "$SEXTANT" analyze --store "$STORE" --policy "$POLICY" --format md --output "$OUT/analysis.md" ||
    echo "warning: sextant analyze failed" >&2
else
  skip "'sextant analyze' is not available in this build (issue 7)"
fi
if has dashboard; then
  "$SEXTANT" dashboard --store "$STORE" --policy "$POLICY" --output "$OUT/dashboard.html" ||
    echo "warning: sextant dashboard failed" >&2
else
  skip "'sextant dashboard' is not available in this build (report issue)"
fi

step "outputs"
echo "metrics:   $RESULT (latest also at $OUT/performance_results.json)"
echo "store:     $STORE"
for f in report.md report.junit.xml analysis.md dashboard.html; do
  [ -f "$OUT/$f" ] && echo "$(printf '%-10s' "${f%%.*}:") $OUT/$f"
done
case $status in
  0) echo "result: pass" ;;
  1) echo "result: FAIL (regression or SLA violation)" ;;
  3) echo "result: inconclusive" ;;
  *) echo "result: error (exit $status)" ;;
esac
exit "$status"
