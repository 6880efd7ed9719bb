#!/usr/bin/env bash
# The libFuzzer runs of issue 12 (docs/reliability.md, "Fuzzing"). Targets: Fuzz/fuzz-*/main.swift.
#
#   scripts/fuzz.sh smoke   each target for a fixed number of executions (FUZZ_SMOKE_RUNS_<target>) from
#                           its committed corpus Fuzz/corpus/<target>/, which is replayed whole first, so
#                           every crash once found and added there stays found. Run by `make test`.
#                           Debug build (cheap to compile; speed does not matter for a few thousand runs).
#   scripts/fuzz.sh long    each target, one at a time, under `nice -n 19`, until FUZZ_RUNS executions
#                           (default 10,000,000) or FUZZ_TIME seconds (default: none), release build.
#                           New inputs go to .build-fuzz/corpus/<target> (kept between runs; never the
#                           committed corpus); logs to .build-fuzz/log-<mode>-<target>.txt;
#                           a summary line per target goes to .build-fuzz/long-<target>.txt. `make fuzz`.
#                           FUZZ_TIME_<target> (e.g. FUZZ_TIME_fuzz_json) sets one target's own time limit.
#
# Options: -max_len=4096 (seeds are cut there), -timeout=120 (an input that takes longer is a hang and
# fails the run), -detect_leaks=0: LeakSanitizer's heap scan after each new input took 65% of the
# renderer target's time (perf), and a leak in Swift (a reference cycle) costs memory, not safety.
#   scripts/fuzz.sh build [debug|release]
#
# FUZZ_BUILD_PATH sets the build folder (default .build-fuzz; another one lets a debug build run beside
# a long run, which holds SwiftPM's lock only while it builds). FUZZ_TARGETS limits the targets (default: all nine). Crashes: libFuzzer writes the input to
# .build-fuzz/artifacts/<target>/crash-<sha1>; the run fails and prints how to reproduce it.
# The toolset (Fuzz/toolset.json: -sanitize=fuzzer,address, linked with lld) needs nothing from Debian:
# lld, libclang_rt.fuzzer/asan and llvm-symbolizer ship with the Swift toolchain; checked below.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-smoke}
RENDER_TARGETS="fuzz-render-md fuzz-render-junit fuzz-render-csv fuzz-render-table fuzz-render-json fuzz-render-html"
TARGETS=(${FUZZ_TARGETS:-fuzz-json fuzz-policy fuzz-importers $RENDER_TARGETS})
BUILD=${FUZZ_BUILD_PATH:-.build-fuzz}
SWIFT=${SWIFT:-swift}

# Fixed executions per target in `make test`: seconds each on this 2-core machine (debug build). The
# renderer targets cost 1-10 ms of CPU per execution in the release build (fuzz-render-json and -html most).
# Raised after the renderers stopped going through Foundation per cell (0.13-0.7 ms a rendering in
# release, 1.9 ms for html): the nine smoke runs together took 42 s of a debug build (session 6).
declare -A SMOKE_RUNS=([fuzz-json]=20000 [fuzz-policy]=20000 [fuzz-importers]=3000 [fuzz-render-md]=10000
  [fuzz-render-junit]=10000 [fuzz-render-csv]=20000 [fuzz-render-table]=10000 [fuzz-render-json]=3000 [fuzz-render-html]=1000)

check_toolchain() {
  local bin; bin=$(dirname "$(readlink -f "$(command -v swiftc)")")
  local rt; rt=$(ls "$bin"/../lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null | head -1 || true)
  if [ ! -x "$bin/ld.lld" ] || [ -z "$rt" ]; then
    echo "fuzz: the Swift toolchain at $bin lacks ld.lld or libclang_rt.fuzzer (both ship with swift.org toolchains)" >&2
    exit 2
  fi
  export ASAN_SYMBOLIZER_PATH="$bin/llvm-symbolizer"
}

build() {
  local config=$1
  for t in "${TARGETS[@]}"; do
    SEXTANT_FUZZ=1 $SWIFT build --build-path "$BUILD" -c "$config" --toolset Fuzz/toolset.json --product "$t" 2>&1 \
      | grep -E "error|warning: unre|Compiling|Build of product" | grep -v "^\[" || true
    [ -x "$BUILD/$config/$t" ] || { echo "fuzz: building $t failed" >&2; exit 1; }
  done
}

# run CONFIG TARGET LIBFUZZER-OPTIONS...: runs one target with a fresh output folder first (libFuzzer
# adds new inputs to the first folder only, so the committed corpus is read, never written).
run() {
  local config=$1 t=$2; shift 2
  local out="${OUT:-$BUILD/corpus}/$t" art="$BUILD/artifacts/$t/" log="$BUILD/log-$mode-$t.txt"
  mkdir -p "$out" "$art"
  local start=$SECONDS status=0
  ${NICE:-} "$BUILD/$config/$t" "$out" "Fuzz/corpus/$t" -artifact_prefix="$art" -seed=1 -max_len=4096 -rss_limit_mb=2048 \
    -timeout=120 -detect_leaks=0 \
    -print_final_stats=1 "$@" >"$log" 2>&1 || status=$?
  local execs; execs=$(grep -aE "^stat::number_of_executed_units" "$log" | awk '{print $2}' | tail -1)
  local rss; rss=$(grep -aE "^stat::peak_rss_mb" "$log" | awk '{print $2}' | tail -1)
  local line="$t: ${execs:-?} executions in $((SECONDS - start)) s, peak RSS ${rss:-?} MB, exit $status"
  echo "$line"
  if [ "$status" -ne 0 ]; then
    grep -aE "fuzz invariant violated|ERROR: AddressSanitizer|Fatal error|SUMMARY|Test unit written" "$log" | head -5 >&2 || true
    echo "fuzz: $t failed; reproduce with: $BUILD/$config/$t <the crash file above>; log: $log" >&2
    return 1
  fi
}

check_toolchain
case "$mode" in
  build) build "${2:-release}" ;;
  smoke)
    build debug
    # New inputs of a smoke run are thrown away: each run starts from the committed corpus alone.
    OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
    failed=0; passed=0
    for t in "${TARGETS[@]}"; do
      if run debug "$t" -runs="${SMOKE_RUNS[$t]}"; then passed=$((passed+1)); else failed=$((failed+1)); fi
    done
    echo "fuzz smoke: $passed passed, $failed failed"
    [ "$failed" -eq 0 ] ;;
  long)
    build release
    for t in "${TARGETS[@]}"; do
      opts=(-runs="${FUZZ_RUNS:-10000000}")
      own="FUZZ_TIME_${t//-/_}"
      time_limit=${!own:-${FUZZ_TIME:-}}
      [ -n "$time_limit" ] && opts+=(-max_total_time="$time_limit")
      # Long runs only: no allocation stacks in ASan's reports (unwinding at each malloc was 16% of
      # fuzz-json's CPU; rerun a crash file without this for them) and a 16 MB quarantine instead of
      # 256 MB (peak RSS 96 MB instead of 400 MB on a shared machine; Swift frees rarely reach freed memory).
      ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0:quarantine_size_mb=16} \
        NICE="nice -n 19" run release "$t" "${opts[@]}" | tee "$BUILD/long-$t.txt"
      [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
    done ;;
  *) echo "usage: scripts/fuzz.sh smoke|long|build [debug|release]" >&2; exit 64 ;;
esac
