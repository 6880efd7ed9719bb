#!/usr/bin/env bash
# Rehearses the performance CI job (.github/workflows/performance.yml, whose steps are
# scripts/ci_job.sh) on this machine, as GitHub Actions would run it, against a bare git repository
# standing in for GitHub's remote and scripts/fake_github_api.py standing in for its REST API on
# 127.0.0.1, with the GITHUB_* variables set as Actions sets them. Each job is a fresh "runner": a
# new clone, an empty store rebuilt from the history branch by `sync pull`.
#
#   1. three pushes to main: each gates against main's history, passes, records its runs and pushes
#      them to the history branch (the first bootstraps an empty history);
#   2. a pull request (forked from main's third commit) with optics-bench --inject-slowdown 25:
#      the gate, against main's runs up to the merge-base, fails; the PR comment is created;
#   3. a second push to that pull request: the same comment is updated (not a second one);
#   4. two pushes to main whose jobs push history at the same moment: both jobs' runs are kept;
#   5. (issue 19) a third push to the pull request commits a triage file naming the slow commit
#      expected: its gate passes and reports the regressions as expected; main jobs post nothing to
#      the webhook while they pass, and a push to main with a +25% slowdown posts one message
#      (the webhook URL's secret path never appears in any output).
# Every expectation is checked; any miss exits 1. The transcript (jobs' output, the comments as the
# API holds them, what the branch holds) goes to stdout and to $TRANSCRIPT.
#
# The jobs gate on instruction counts (optics-bench --counter instructions, METRIC=instructions):
# perf_event_open where the kernel has a hardware counter, else a Callgrind pass. Counts do not
# depend on what else the machine runs, so no check here judges live timings on a shared, loaded
# machine (timing belongs in benchmarks: the live gate trials of docs/gate-power.md, make bench).
# A timing gate failed a clean main job here on another process's load; counts cannot.
#
# Environment: BIN (folder of sextant and optics-bench, default .build/debug), RUNS (optics-bench
# runs per job, default 3), BENCH_ARGS (default: small samples, instruction counts), METRIC
# (default instructions; time rehearses the timing gate, which is load-dependent), TRANSCRIPT
# (default out/ci-rehearsal/transcript.txt), KEEP=1 keeps the scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$(cd "${BIN:-.build/debug}" && pwd)
RUNS=${RUNS:-3}
# Four fast operations; instruction counts are exact, so few iterations suffice (the Callgrind pass
# costs about a second of CPU per run, mostly its start-up).
BENCH_ARGS=${BENCH_ARGS:---filter lens_get,lens_set,lens_over,prism_preview --iterations 2000 --samples 10 --warmup 1 --counter instructions}
export METRIC=${METRIC:-instructions}
TRANSCRIPT=${TRANSCRIPT:-out/ci-rehearsal/transcript.txt}
mkdir -p "$(dirname "$TRANSCRIPT")"
TRANSCRIPT=$(cd "$(dirname "$TRANSCRIPT")" && pwd)/$(basename "$TRANSCRIPT")
for b in sextant optics-bench; do
  [ -x "$BIN/$b" ] || { echo "ci_rehearsal: $BIN/$b is missing (swift build first)" >&2; exit 2; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sextant-rehearsal.XXXXXX")
TOKEN="ghs_rehearsal_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
HOOK_SECRET="T0REHEARSAL/B0REHEARSAL/$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "scratch kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
exec > >(tee "$TRANSCRIPT") 2>&1

failures=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "  ok: $what"; else echo "  FAILED: $what"; failures=$((failures + 1)); fi
}
api() { python3 -c 'import sys,urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$API$1"; }
branch_runs() { git -C "$WORK/github.git" ls-tree -r --name-only sextant-history -- runs 2>/dev/null | wc -l; }
branch_distinct() { git -C "$WORK/github.git" ls-tree -r --name-only sextant-history -- runs 2>/dev/null | sort -u | wc -l; }

echo "== setup: a bare 'GitHub' remote with a small project on main, the loopback API"
git init --quiet --bare -b main "$WORK/github.git"
git init --quiet -b main "$WORK/dev"
git -C "$WORK/dev" config user.email dev@example.invalid
git -C "$WORK/dev" config user.name dev
# The toy project's policy: the repository's SLA limits with a 15% practical band (the injected
# slowdown is 25% of each operation's instructions; identical code gives identical counts).
python3 - "$ROOT/sla_thresholds.json" "$WORK/dev/sla_thresholds.json" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'"regressionThreshold":\s*[0-9.]+', '"regressionThreshold": 0.15', text)
open(sys.argv[2], "w").write(text)
PY
grep -q '"regressionThreshold": 0.15' "$WORK/dev/sla_thresholds.json" || { echo "ci_rehearsal: cannot set the policy's band" >&2; exit 2; }
commit_main() { echo "$1" >>"$WORK/dev/CHANGES"; git -C "$WORK/dev" add -A; git -C "$WORK/dev" commit --quiet -m "$1"; git -C "$WORK/dev" push --quiet origin HEAD 2>/dev/null; git -C "$WORK/dev" rev-parse HEAD; }
git -C "$WORK/dev" remote add origin "$WORK/github.git"
python3 "$ROOT/scripts/fake_github_api.py" --token "$TOKEN" --page-size 2 --seed-comments 3 \
  --port-file "$WORK/api.port" --lifetime 600 >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/api.port" ] && break; sleep 0.05; done
API="http://127.0.0.1:$(cat "$WORK/api.port")"
echo "API $API (token redacted), remote $WORK/github.git"

# job NAME EVENT REF SHA [PR_NUMBER] [EXTRA_BENCH_ARGS]: one CI job on a fresh runner.
job() {
  local name=$1 event=$2 ref=$3 sha=$4 pr=${5:-} extra=${6:-}
  local dir="$WORK/jobs/$name"
  mkdir -p "$dir"
  git clone --quiet "$WORK/github.git" "$dir/checkout"
  git -C "$dir/checkout" checkout --quiet "$sha"
  local event_path="$dir/event.json"
  if [ "$event" = pull_request ]; then
    printf '{"action":"synchronize","number":%s,"pull_request":{"number":%s,"head":{"sha":"%s","ref":"%s"},"base":{"ref":"main"}}}\n' \
      "$pr" "$pr" "$sha" "$ref" >"$event_path"
  else
    printf '{"ref":"refs/heads/%s","after":"%s"}\n' "$ref" "$sha" >"$event_path"
  fi
  local status=0
  (
    set -e
    cd "$dir/checkout"
    export GITHUB_ACTIONS=true CI=true GITHUB_EVENT_NAME=$event GITHUB_SHA=$sha GITHUB_REPOSITORY=octo/optics \
      GITHUB_API_URL=$API GITHUB_TOKEN=$TOKEN GITHUB_EVENT_PATH=$event_path GITHUB_RUN_ID=$RANDOM \
      GITHUB_STEP_SUMMARY=$dir/summary.md GITHUB_OUTPUT=$dir/output.txt \
      GITHUB_SERVER_URL=https://github.example SEXTANT_WEBHOOK_URL="$API/hooks/$HOOK_SECRET"
    if [ "$event" = pull_request ]; then
      export GITHUB_REF_NAME="$pr/merge" GITHUB_HEAD_REF=$ref GITHUB_BASE_REF=main
    else
      export GITHUB_REF_NAME=$ref GITHUB_HEAD_REF='' GITHUB_BASE_REF=
    fi
    export SEXTANT=$BIN/sextant OPTICS_BENCH=$BIN/optics-bench OUT=$dir/out POLICY=sla_thresholds.json \
      BENCH_ARGS="$BENCH_ARGS $extra" REMOTE=origin HISTORY_BRANCH=sextant-history
    CI_JOB=$ROOT/scripts/ci_job.sh
    # Jobs measure one at a time (a runner measures alone; two jobs timing on the same 2 cores would
    # judge each other's load, not the code). With BARRIER=N set, a job then waits until N jobs have
    # measured, so their pull, gate and history push still happen at the same moment (section 4).
    flock "$WORK/measure.lock" bash "$CI_JOB" measure "$RUNS"
    if [ -n "${BARRIER:-}" ]; then
      touch "$WORK/measured.$name"
      for _ in $(seq 1200); do
        [ "$(find "$WORK" -maxdepth 1 -name 'measured.*' | wc -l)" -ge "$BARRIER" ] && break
        sleep 0.1
      done
    fi
    bash "$CI_JOB" pull
    bash "$CI_JOB" gate "$OUT"/results/run-*.json
    bash "$CI_JOB" comment
    bash "$CI_JOB" notify
    bash "$CI_JOB" record "$OUT"/results/run-*.json
    bash "$CI_JOB" enforce
  ) >"$dir/log.txt" 2>&1 || status=$?
  sed "s/^/  [$name] /" "$dir/log.txt"
  if grep -q "$TOKEN" "$dir/log.txt" "$dir/summary.md" 2>/dev/null; then echo "  FAILED: the token appears in $name's output"; failures=$((failures + 1)); fi
  if grep -q -e "$HOOK_SECRET" -e "REHEARSAL" "$dir/log.txt" "$dir/summary.md" 2>/dev/null; then echo "  FAILED: the webhook secret appears in $name's output"; failures=$((failures + 1)); fi
  echo "$status" >"$dir/status"
  return 0
}
status_of() { cat "$WORK/jobs/$1/status"; }

echo; echo "== 1. three pushes to main"
main_sha=()
for k in 1 2 3; do
  sha=$(commit_main "main change $k")
  main_sha[k]=$sha
  echo "push $k to main: $sha"
  job "main-$k" push main "$sha"
  check "main job $k passes (exit $(status_of main-$k))" test "$(status_of "main-$k")" = 0
  check "the history branch holds $((k * RUNS)) runs (has $(branch_runs))" test "$(branch_runs)" = $((k * RUNS))
done
grep -q "bootstrap" "$WORK/jobs/main-1/out/gate.md" "$WORK/jobs/main-1/log.txt" && echo "  (main job 1 bootstrapped the empty history)"

echo; echo "== 2. a pull request with an injected +25% slowdown, forked from main's third commit"
git -C "$WORK/dev" checkout --quiet -b feature
echo "slow" >"$WORK/dev/FEATURE"; git -C "$WORK/dev" add -A; git -C "$WORK/dev" commit --quiet -m "feature: slower"
git -C "$WORK/dev" push --quiet origin feature 2>/dev/null
pr1=$(git -C "$WORK/dev" rev-parse HEAD)
git -C "$WORK/dev" checkout --quiet main
sha=$(commit_main "main change 4 (after the fork)") # main moves on: the merge-base stays main 3
job pr-1 pull_request feature "$pr1" 1 "--inject-slowdown 25"
check "the PR gate fails (exit $(status_of pr-1))" test "$(status_of pr-1)" = 1
check "the gate compared with main's merge-base ${main_sha[3]:0:12}" grep -q "merge-base ${main_sha[3]:0:12} of HEAD and main" "$WORK/jobs/pr-1/out/gate.md"
check "the comment was created" grep -q "pr-comment: created comment" "$WORK/jobs/pr-1/log.txt"
check "nothing was recorded from the PR (branch still $((3 * RUNS)) runs)" test "$(branch_runs)" = $((3 * RUNS))
first_id=$(sed -n 's/.*created comment \([0-9]*\).*/\1/p' "$WORK/jobs/pr-1/log.txt")

echo; echo "== 3. a second push to the pull request"
git -C "$WORK/dev" checkout --quiet feature
echo "still slow" >>"$WORK/dev/FEATURE"; git -C "$WORK/dev" commit --quiet -am "feature: second push"
git -C "$WORK/dev" push --quiet origin feature 2>/dev/null
pr2=$(git -C "$WORK/dev" rev-parse HEAD)
git -C "$WORK/dev" checkout --quiet main
job pr-2 pull_request feature "$pr2" 1 "--inject-slowdown 25"
check "the PR gate fails again (exit $(status_of pr-2))" test "$(status_of pr-2)" = 1
check "the same comment $first_id was updated" grep -q "pr-comment: updated comment $first_id " "$WORK/jobs/pr-2/log.txt"
state=$(api /_sextant/state)
marked=$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); print(sum(1 for c in s["comments"] if c["issue"]==1 and c["body"].startswith("<!-- sextant:gate -->")))' "$state")
check "PR #1 holds exactly one Sextant comment (has $marked)" test "$marked" = 1

echo; echo "== 4. two pushes to main whose jobs push history at the same moment"
sha5=$(commit_main "main change 5")
sha6=$(commit_main "main change 6")
before=$(branch_runs)
BARRIER=2 job main-5 push main "$sha5" &
p5=$!
BARRIER=2 job main-6 push main "$sha6" &
p6=$!
wait "$p5" "$p6"
check "both concurrent main jobs pass (exit $(status_of main-5), $(status_of main-6))" test "$(status_of main-5)$(status_of main-6)" = 00
check "the branch grew by both jobs' runs: $before + 2 x $RUNS (has $(branch_runs))" test "$(branch_runs)" = $((before + 2 * RUNS))
check "no run file twice" test "$(branch_runs)" = "$(branch_distinct)"

echo; echo "== 5. triage and notifications (issue 19)"
hooks() { api /_sextant/state | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hooks"]))'; }
check "the passing main jobs posted nothing to the webhook (has $(hooks))" test "$(hooks)" = 0
git -C "$WORK/dev" checkout --quiet feature
mkdir -p "$WORK/dev/.sextant"
printf '// the feature is slower on purpose\n{"benchmark": "*", "commit": "%s", "status": "expected", "reason": "the feature costs 25 percent", "by": "dev"}\n' \
  "$pr1" >"$WORK/dev/.sextant/triage.jsonl"
git -C "$WORK/dev" add -A; git -C "$WORK/dev" commit --quiet -m "feature: triage the expected slowdown"
git -C "$WORK/dev" push --quiet origin feature 2>/dev/null
pr3=$(git -C "$WORK/dev" rev-parse HEAD)
git -C "$WORK/dev" checkout --quiet main
job pr-3 pull_request feature "$pr3" 1 "--inject-slowdown 25"
check "with the triage file the PR gate passes (exit $(status_of pr-3))" test "$(status_of pr-3)" = 0
check "the PR report names the regressions expected, with the reason" grep -q "regression (expected)" "$WORK/jobs/pr-3/out/gate.md"
check "the PR report carries the reason" grep -q "the feature costs 25 percent (by dev)" "$WORK/jobs/pr-3/out/gate.md"
sha7=$(commit_main "main change 7")
job main-7 push main "$sha7" "" "--inject-slowdown 25"
check "a +25% slowdown on main fails its gate (exit $(status_of main-7))" test "$(status_of main-7)" = 1
check "and posts one webhook message (has $(hooks))" test "$(hooks)" = 1
check "the notify step reported the delivery" grep -q "notify: sent .* alert(s) (slack) to $API/\*\*\*: HTTP 200" "$WORK/jobs/main-7/log.txt"
if api /_sextant/state | python3 -c '
import json, sys
h = json.load(sys.stdin)["hooks"][0]["body"]
print("webhook message:", h["text"].splitlines()[0])
ctx = h["blocks"][-1]["elements"][0]["text"]
sys.exit(0 if "https://github.example/octo/optics/actions/runs/" in ctx and "untriaged regression" in h["text"] else 1)'; then
  echo "  ok: the message names the untriaged regressions and links the run"
else
  echo "  FAILED: the webhook message"; failures=$((failures + 1))
fi

echo; echo "== the pull request's comments, as the API holds them"
python3 - "$state" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
for c in s["comments"]:
    if c["issue"] != 1:
        continue
    first = c["body"].split("\n")
    print("comment %d by %s, updated %d time(s): %s | %s" % (c["id"], c["user"], c["updates"], first[0], first[1] if len(first) > 1 else ""))
PY
echo; echo "== API requests (method path -> status)"
api /_sextant/log | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print("%s %s%s -> %s%s" % (r["method"], r["path"], "?" + r["query"] if r["query"] else "", r.get("status"), "" if r.get("authorized", True) else " (unauthorised)"))'
echo; echo "== the history branch"
git -C "$WORK/github.git" log --format='%h %s' sextant-history
echo "run files: $(branch_runs) ($(branch_distinct) distinct)"
git -C "$WORK/github.git" ls-tree -r --name-only sextant-history | head -n 3 | sed 's/^/  /'
echo "  ..."
git -C "$WORK/github.git" show "sextant-history:$(git -C "$WORK/github.git" ls-tree -r --name-only sextant-history | head -n 1)" | head -n 2 | cut -c1-300 | sed 's/^/  /'

echo
if [ "$failures" -eq 0 ]; then echo "ci rehearsal: all checks passed"; else echo "ci rehearsal: $failures check(s) FAILED"; fi
[ "$failures" -eq 0 ]
