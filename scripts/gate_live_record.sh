#!/usr/bin/env bash
# Records fresh optics-bench runs on this machine for the gate's live validation (issue 14).
# Usage: scripts/gate_live_record.sh OUTDIR PLAN...
#   PLAN items: "trial:N"   N trials of the issue's shape: 12 clean runs, then 5 runs --inject-slowdown 25
#                            (A/B), then 12 clean + 5 clean (A/A)
#               "power:N:P" N cycles of 12 clean runs + 10 runs at +P% (+ 10 clean runs when P is 5: A/A)
#               "abba:N:P"  N interleaved comparisons of 10 ABBA pairs (A clean, B +P%)
#               "instr:N:P" N runs with --counter instructions at +P% (P = 0: the baseline)
# Each run is OUTDIR/<set>/<trial>/<role>-<k>.json; OUTDIR/load.log records the 1-minute load average
# before every run. optics-bench itself is never niced (its noise is the regime under test); the
# Callgrind pass of --counter instructions is (its counts do not depend on CPU share).
set -euo pipefail
out=$1; shift
B=${OPTICS_BENCH:-.build/release/optics-bench}
mkdir -p "$out"
run() { # file inject [args...]
  local f=$1 inj=$2; shift 2
  mkdir -p "$(dirname "$f")"
  echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1 /proc/loadavg) $f" >> "$out/load.log"
  "$B" --samples 15 --quiet --inject-slowdown "$inj" "$@" -o "$f"
}
for plan in "$@"; do
  IFS=: read -r kind n p <<<"$plan"
  for t in $(seq -w 1 "$n"); do
    case $kind in
      trial)
        d=$out/trial/$t
        for k in $(seq -w 1 12); do run "$d/ab-base-$k.json" 0; done
        for k in $(seq -w 1 5); do run "$d/ab-cand-$k.json" 25; done
        for k in $(seq -w 1 12); do run "$d/aa-base-$k.json" 0; done
        for k in $(seq -w 1 5); do run "$d/aa-cand-$k.json" 0; done ;;
      power)
        d=$out/power$p/$t
        for k in $(seq -w 1 12); do run "$d/base-$k.json" 0; done
        for k in $(seq -w 1 10); do run "$d/cand-$k.json" "$p"; done
        if [ "$p" = 5 ]; then for k in $(seq -w 1 10); do run "$d/aa-$k.json" 0; done; fi ;;
      abba)
        d=$out/abba$p/$t
        for k in $(seq -w 1 10); do
          if [ $((10#$k % 2)) = 1 ]; then run "$d/a-$k.json" 0; run "$d/b-$k.json" "$p"
          else run "$d/b-$k.json" "$p"; run "$d/a-$k.json" 0; fi
        done ;;
      instr)
        d=$out/instr
        mkdir -p "$d"
        echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1 /proc/loadavg) $d/p$p-$t.json" >> "$out/load.log"
        nice "$B" --samples 15 --quiet --inject-slowdown "$p" --counter instructions -o "$d/p$p-$t.json" ;;
    esac
  done
done
