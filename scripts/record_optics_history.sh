#!/usr/bin/env bash
# Records the bundled optics history (datasets/optics/) on this machine with the release
# build of optics-bench: a main history with injected slowdowns of known size at known
# runs, and a separate A/A set (no injection) for calibrating false-alarm rates.
# Usage: scripts/record_optics_history.sh [OUTDIR]   (default datasets/optics)
#   PARTS="main aa" (default) records both sets; PARTS=aa only the A/A set.
# Takes about ten minutes (a pause of PAUSE=1 s between runs). See datasets/optics/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-datasets/optics}
BIN=.build/release/optics-bench
[ -x "$BIN" ] || swift build -c release --product optics-bench
mkdir -p "$OUT/aa"

# The plan: run ranges (inclusive) and the slowdown injected in each, in percent.
plan() { # prints the injected percentage for run $1
  local r=$1
  if   [ "$r" -le  80 ]; then echo 0
  elif [ "$r" -le 110 ]; then echo 3
  elif [ "$r" -le 140 ]; then echo 0
  elif [ "$r" -le 160 ]; then echo 5
  elif [ "$r" -le 180 ]; then echo 0
  elif [ "$r" -le 200 ]; then echo 10
  elif [ "$r" -le 220 ]; then echo 25
  else echo 0; fi
}
RUNS=${RUNS:-240}
AA_RUNS=${AA_RUNS:-200}
# Seconds between runs, so the history spans minutes of the machine's changing load.
PAUSE=${PAUSE:-1}

PARTS=${PARTS:-main aa}

if [[ " $PARTS " == *" main "* ]]; then
echo "run,file,injectedSlowdownPercent,commit,startedUtc,loadavg1" > "$OUT/manifest.csv"
for ((r = 1; r <= RUNS; r++)); do
  n=$(printf "%04d" "$r"); p=$(plan "$r"); commit="hist-$n"
  load=$(cut -d' ' -f1 /proc/loadavg); started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  "$BIN" -q --commit "$commit" --inject-slowdown "$p" --output "$OUT/run-$n.json"
  echo "$r,run-$n.json,$p,$commit,$started,$load" >> "$OUT/manifest.csv"
  sleep "$PAUSE"
done

fi

if [[ " $PARTS " == *" aa "* ]]; then
echo "run,file,injectedSlowdownPercent,commit,startedUtc,loadavg1" > "$OUT/aa/manifest.csv"
for ((r = 1; r <= AA_RUNS; r++)); do
  n=$(printf "%04d" "$r"); commit="aa-$n"
  load=$(cut -d' ' -f1 /proc/loadavg); started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  "$BIN" -q --commit "$commit" --output "$OUT/aa/run-$n.json"
  echo "$r,aa/run-$n.json,0,$commit,$started,$load" >> "$OUT/aa/manifest.csv"
  sleep "$PAUSE"
done
fi
echo "recorded ($PARTS) into $OUT"
