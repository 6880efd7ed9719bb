#!/usr/bin/env bash
# The issue-14 trial on fresh runs recorded by scripts/gate_live_record.sh (trial:N):
# per trial, a new store with the 12 baseline runs, then
#   sextant gate --baseline window:12 --metric time CANDIDATE-1..5.json
# for the A/B candidates (5 runs --inject-slowdown 25) and, against 12 other clean runs, the A/A ones.
# Prints one line per trial and a summary; exit codes are the gate's (0 pass/inconclusive, 1 fail).
set -euo pipefail
data=$1
S=${SEXTANT:-.build/release/sextant}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ab_fail=0; aa_fail=0; n=0
for d in "$data"/trial/*/; do
  t=$(basename "$d"); n=$((n + 1))
  for kind in ab aa; do
    store=$tmp/$t-$kind.sqlite
    for f in "$d"/$kind-base-*.json; do "$S" ingest --store "$store" "$f" >/dev/null 2>&1; done
    set +e
    "$S" gate --store "$store" --baseline window:12 --metric time "$d"/$kind-cand-*.json > "$tmp/$t-$kind.txt" 2>&1
    code=$?
    set -e
    regress=$(grep -c "REGRESSION" "$tmp/$t-$kind.txt" || true)
    [ "$code" = 1 ] && { [ $kind = ab ] && ab_fail=$((ab_fail + 1)) || aa_fail=$((aa_fail + 1)); }
    echo "trial $t $kind: exit $code, $regress regression verdict(s)"
  done
done
echo "A/B (+25%, 5 vs 12 runs): gate failed $ab_fail of $n"
echo "A/A (5 vs 12 clean runs): gate failed $aa_fail of $n (false alarms)"
