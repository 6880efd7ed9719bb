#!/usr/bin/env bash
# The steps of the performance CI job, one subcommand per workflow step, shared by
# .github/workflows/performance.yml, action.yml, scripts/ci_rehearsal.sh and
# scripts/run_performance_tests.sh, so that what the rehearsal runs is what CI runs.
#
#   ci_job.sh measure N           optics-bench N times -> $OUT/results/run-K.json
#   ci_job.sh pull                sextant sync pull (the history branch -> the store)
#   ci_job.sh gate FILE...        the gate: merge-base baseline on pull requests, window on pushes;
#                                 Markdown (+ $GITHUB_STEP_SUMMARY), JUnit, JSON; the status is kept
#                                 in $OUT/gate.status (and $GITHUB_OUTPUT) for the steps after it
#   ci_job.sh comment             the pull request comment (pull_request events, COMMENT=true)
#   ci_job.sh dashboard           $OUT/dashboard.html
#   ci_job.sh record FILE...      on a push to the default branch after a pass: ingest, import
#                                 $TRIAGE_FILE's records, sync push (runs and triage records)
#   ci_job.sh notify              on a push to the default branch: sextant notify $OUT/gate.json
#                                 (untriaged regressions and SLA violations; needs SEXTANT_WEBHOOK_URL;
#                                 a failed delivery is reported and does not fail the job)
#   ci_job.sh enforce             exit with the gate's status (1 fail; 3 only with FAIL_ON_INCONCLUSIVE)
#
# Environment (GitHub Actions sets the GITHUB_* ones): SEXTANT, OPTICS_BENCH (binaries, default
# .build/release/...), OUT (default out/ci), STORE (default $OUT/history.sqlite), POLICY (default
# sla_thresholds.json), REMOTE (default origin), HISTORY_BRANCH (default sextant-history),
# BASELINE (auto: merge-base:$GITHUB_BASE_REF on pull requests, window:$WINDOW otherwise),
# WINDOW (default 20), METRIC (default time), COMMENT (true/false), FAIL_ON_INCONCLUSIVE
# (true/false), DEFAULT_BRANCH (default main), BENCH_ARGS (extra optics-bench options),
# TRIAGE_FILE (default .sextant/triage.jsonl: triage records committed with the code, docs/triage.md),
# SEXTANT_WEBHOOK_URL and NOTIFY_FORMAT (slack or json, default slack) for notify,
# GITHUB_EVENT_NAME, GITHUB_BASE_REF, GITHUB_REF_NAME, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
set -euo pipefail

SEXTANT=${SEXTANT:-.build/release/sextant}
OPTICS_BENCH=${OPTICS_BENCH:-.build/release/optics-bench}
OUT=${OUT:-out/ci}
STORE=${STORE:-$OUT/history.sqlite}
POLICY=${POLICY:-sla_thresholds.json}
REMOTE=${REMOTE:-origin}
HISTORY_BRANCH=${HISTORY_BRANCH:-sextant-history}
BASELINE=${BASELINE:-auto}
WINDOW=${WINDOW:-20}
METRIC=${METRIC:-time}
COMMENT=${COMMENT:-true}
FAIL_ON_INCONCLUSIVE=${FAIL_ON_INCONCLUSIVE:-false}
DEFAULT_BRANCH=${DEFAULT_BRANCH:-main}
TRIAGE_FILE=${TRIAGE_FILE:-.sextant/triage.jsonl}
EVENT=${GITHUB_EVENT_NAME:-push}
mkdir -p "$OUT"

say() { printf 'ci_job %s: %s\n' "$step" "$*"; }
is_pr() { [ "$EVENT" = pull_request ] || [ "$EVENT" = pull_request_target ]; }
on_default_branch() { [ "$EVENT" = push ] && [ "${GITHUB_REF_NAME:-}" = "$DEFAULT_BRANCH" ]; }
gate_status() { cat "$OUT/gate.status" 2>/dev/null || echo -; }

step=${1:?usage: ci_job.sh measure|pull|gate|comment|dashboard|record|notify|enforce}
shift
case $step in
measure)
  n=${1:?measure N}
  mkdir -p "$OUT/results"
  for ((k = 1; k <= n; k++)); do
    # shellcheck disable=SC2086
    "$OPTICS_BENCH" -q ${BENCH_ARGS:-} --output "$OUT/results/run-$k.json"
  done
  say "$n run(s) -> $OUT/results/"
  ;;
pull)
  "$SEXTANT" sync pull --remote "$REMOTE" --branch "$HISTORY_BRANCH" --store "$STORE"
  ;;
gate)
  [ "$#" -ge 1 ] || { echo "ci_job gate: no result files" >&2; exit 2; }
  baseline=$BASELINE
  branch_args=()
  if [ "$baseline" = auto ]; then
    if is_pr; then
      baseline="merge-base:${GITHUB_BASE_REF:-$DEFAULT_BRANCH}"
    else
      baseline="window:$WINDOW"
      branch_args=(--branch "$DEFAULT_BRANCH")
    fi
  fi
  common=("$@" --baseline "$baseline" "${branch_args[@]}" --store "$STORE" --policy "$POLICY" --bootstrap)
  [ -n "$METRIC" ] && common+=(--metric "$METRIC")
  [ "$FAIL_ON_INCONCLUSIVE" = true ] && common+=(--fail-on-inconclusive)
  [ -f "$TRIAGE_FILE" ] && common+=(--triage "$TRIAGE_FILE")
  set +e
  "$SEXTANT" gate "${common[@]}" --format md --output "$OUT/gate.md"
  status=$?
  set -e
  "$SEXTANT" gate "${common[@]}" --format junit --output "$OUT/gate.junit.xml" 2>/dev/null || true
  "$SEXTANT" gate "${common[@]}" --format json --output "$OUT/gate.json" 2>/dev/null || true
  echo "$status" >"$OUT/gate.status"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$OUT/gate.md" ]; then cat "$OUT/gate.md" >>"$GITHUB_STEP_SUMMARY"; fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "status=$status" >>"$GITHUB_OUTPUT"; fi
  say "baseline $baseline: exit $status ($(head -n 1 "$OUT/gate.md" 2>/dev/null | sed 's/^#* *//'))"
  [ "$status" -ne 2 ] || exit 2 # an input error: nothing after this step can be trusted
  ;;
comment)
  if ! is_pr; then say "not a pull request: no comment"; exit 0; fi
  if [ "$COMMENT" != true ]; then say "COMMENT=$COMMENT: no comment"; exit 0; fi
  [ -f "$OUT/gate.md" ] || { echo "ci_job comment: no $OUT/gate.md (run the gate step first)" >&2; exit 2; }
  "$SEXTANT" pr-comment "$OUT/gate.md" --marker gate
  ;;
dashboard)
  "$SEXTANT" dashboard --store "$STORE" --policy "$POLICY" --output "$OUT/dashboard.html"
  say "$OUT/dashboard.html"
  ;;
record)
  s=$(gate_status)
  if ! on_default_branch; then say "not a push to $DEFAULT_BRANCH: not recorded"; exit 0; fi
  if [ "$s" != 0 ]; then say "gate status $s: not recorded (only a pass joins the history)"; exit 0; fi
  [ "$#" -ge 1 ] || { echo "ci_job record: no result files" >&2; exit 2; }
  "$SEXTANT" ingest "$@" --store "$STORE" >/dev/null
  if [ -f "$TRIAGE_FILE" ]; then "$SEXTANT" triage --import "$TRIAGE_FILE" --store "$STORE"; fi
  "$SEXTANT" sync push --remote "$REMOTE" --branch "$HISTORY_BRANCH" --store "$STORE" \
    --message "sextant: runs of ${GITHUB_SHA:-$(git rev-parse --short HEAD 2>/dev/null || echo local)}"
  ;;
notify)
  if ! on_default_branch; then say "not a push to $DEFAULT_BRANCH: no notification"; exit 0; fi
  if [ -z "${SEXTANT_WEBHOOK_URL:-}" ]; then say "SEXTANT_WEBHOOK_URL is not set: no notification"; exit 0; fi
  [ -f "$OUT/gate.json" ] || { echo "ci_job notify: no $OUT/gate.json (run the gate step first)" >&2; exit 2; }
  set +e
  "$SEXTANT" notify "$OUT/gate.json" --format "${NOTIFY_FORMAT:-slack}"
  status=$?
  set -e
  [ "$status" -eq 0 ] || say "the notification was not delivered (exit $status); the job goes on"
  ;;
enforce)
  s=$(gate_status)
  case $s in
    0) say "pass" ;;
    1) say "FAIL: regression or SLA violation"; exit 1 ;;
    3) say "inconclusive (FAIL_ON_INCONCLUSIVE=true)"; exit 3 ;;
    *) say "no gate result ($s)"; exit 2 ;;
  esac
  ;;
*)
  echo "ci_job.sh: unknown step $step" >&2; exit 2 ;;
esac
