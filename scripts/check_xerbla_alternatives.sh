#!/usr/bin/env bash
# Shows that an illegal LAPACK argument becomes a thrown Swift error (and the test run goes on)
# with BOTH LAPACK implementations Debian offers: OpenBLAS's liblapack.so.3 and reference LAPACK.
#
#   scripts/check_xerbla_alternatives.sh            # per-process: LD_LIBRARY_PATH picks the library
#   scripts/check_xerbla_alternatives.sh --system   # flips `update-alternatives` (root), runs, restores
#
# Not run by `make test`: --system changes a machine-wide setting, and both modes need the test
# binary built (`swift build --build-tests`). Reference LAPACK's own xerbla prints a message and
# executes STOP (exit status 0), so without the override the run would end "green" half way; the
# check therefore requires the test run's summary line and both probes' "intercepted true".
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
NAME=liblapack.so.3-x86_64-linux-gnu
ARCH=/usr/lib/x86_64-linux-gnu
REF=$ARCH/lapack/liblapack.so.3
OPENBLAS=$ARCH/openblas-pthread/liblapack.so.3
mode=${1:-env}

run_probe() { # $1 label; remaining: env assignments
  local label=$1; shift
  local out
  out=$(env "$@" LD_DEBUG=libs swift test --skip-build --filter LapackErrorTests 2>&1) || { echo "$out"; echo "FAIL [$label]: test run failed"; return 1; }
  local lib
  lib=$(grep -o "calling init: [^ ]*liblapack\.so\.3" <<<"$out" | head -1 | sed 's/calling init: //')
  grep "xerbla probe" <<<"$out" | sed "s|^|  [$label] |"
  local n
  n=$(grep -c "intercepted true" <<<"$out" || true)
  if [[ $n -ne 2 ]] || ! grep -q "Test run with .* passed" <<<"$out"; then
    echo "FAIL [$label]: override not effective or run did not finish"; return 1
  fi
  echo "ok   [$label] liblapack loaded: $lib -> $(readlink -f "$lib")"
}

if [[ $mode == --system ]]; then
  before=$(update-alternatives --query $NAME | awk '/^Value:/ {print $2}')
  status=$(update-alternatives --query $NAME | awk '/^Status:/ {print $2}')
  restore() {
    if [[ $status == auto ]]; then update-alternatives --auto $NAME >/dev/null; else update-alternatives --set $NAME "$before" >/dev/null; fi
    echo "restored $NAME -> $(readlink -f $ARCH/liblapack.so.3)"
  }
  trap restore EXIT
  for lib in "$OPENBLAS" "$REF"; do
    update-alternatives --set $NAME "$lib" >/dev/null
    run_probe "alternatives: $lib"
  done
else
  run_probe "OpenBLAS (LD_LIBRARY_PATH)" LD_LIBRARY_PATH=$ARCH/openblas-pthread
  run_probe "reference LAPACK (LD_LIBRARY_PATH)" LD_LIBRARY_PATH=$ARCH/lapack
fi
echo "xerbla overrides effective with both LAPACK implementations"
