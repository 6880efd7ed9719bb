#!/usr/bin/env python3
"""Are optics-bench's injected slowdowns real? An interleaved A/B on this machine.

A = `optics-bench` (no injection), B = `optics-bench --inject-slowdown 10`, both the release
build with default options. The runs alternate in ABBA order (A B B A A B B A ...) so slow
drifts of the shared machine's load hit both arms equally. For each run and operation the
run's value is the median of its raw per-sample times (`samplesMs`), which the occasional
preempted sample does not move. Per operation the measured slowdown is

    median(B run values) / median(A run values) - 1,

with a 95% percentile-bootstrap interval (2000 resamples of runs within each arm) and, as a
cross-check, the median of the paired ratios B_i / A_i of neighbouring runs. The expectation
for --inject-slowdown 10 is a slowdown between 7% and 13% in every operation.

Standard library only. Usage:
    scripts/bench/bench_optics_injection.py [--pairs 20] [--percent 10] [--binary PATH] [--strict]
--strict exits 1 when an operation falls outside [percent - 3, percent + 3].
"""

import argparse
import json
import os
import random
import statistics as st
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run(binary, inject, extra):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        path = f.name
    try:
        cmd = [binary, "-q", "--output", path] + extra
        if inject:
            cmd += ["--inject-slowdown", str(inject)]
        subprocess.run(cmd, check=True)
        with open(path) as f:
            return {m["testName"]: st.median(m["samplesMs"]) for m in json.load(f)}
    finally:
        os.unlink(path)


def bootstrap_ratio(a, b, rng, resamples=2000):
    ratios = []
    for _ in range(resamples):
        ra = st.median(rng.choices(a, k=len(a)))
        rb = st.median(rng.choices(b, k=len(b)))
        ratios.append(rb / ra - 1)
    ratios.sort()
    return ratios[int(0.025 * resamples)], ratios[int(0.975 * resamples) - 1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=20)
    ap.add_argument("--percent", type=float, default=10.0)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "optics-bench"))
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("extra", nargs="*", help="extra optics-bench options (after --)")
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        print(f"error: {args.binary} not found; run `swift build -c release --product optics-bench`",
              file=sys.stderr)
        return 2

    a_runs, b_runs, pairs = [], [], []
    for i in range(args.pairs):
        order = (0, args.percent) if i % 2 == 0 else (args.percent, 0)  # ABBA
        got = {p: run(args.binary, p, args.extra) for p in order}
        a_runs.append(got[0])
        b_runs.append(got[args.percent])
        pairs.append((got[0], got[args.percent]))

    rng = random.Random(42)
    lo_ok, hi_ok = args.percent - 3, args.percent + 3
    ok = True
    print(f"### Injected slowdown A/B: --inject-slowdown {args.percent:g} vs none, "
          f"{args.pairs} interleaved pairs (ABBA)\n")
    print("| operation | A ns/iter | B ns/iter | measured slowdown | 95% bootstrap CI | "
          f"median paired ratio | within {lo_ok:g}-{hi_ok:g}% |")
    print("|---|---:|---:|---:|---:|---:|:---:|")
    for name in a_runs[0]:
        a = [r[name] for r in a_runs]
        b = [r[name] for r in b_runs]
        slow = st.median(b) / st.median(a) - 1
        lo, hi = bootstrap_ratio(a, b, rng)
        paired = st.median(pb[name] / pa[name] - 1 for pa, pb in pairs)
        inside = lo_ok <= slow * 100 <= hi_ok
        ok &= inside
        print(f"| {name} | {st.median(a) * 1e6:.2f} | {st.median(b) * 1e6:.2f} | {slow * 100:+.1f}% | "
              f"[{lo * 100:+.1f}%, {hi * 100:+.1f}%] | {paired * 100:+.1f}% | {'yes' if inside else 'NO'} |")
    print(f"\nall operations within {lo_ok:g}-{hi_ok:g}%: {'yes' if ok else 'NO'}")
    return 1 if (args.strict and not ok) else 0


if __name__ == "__main__":
    sys.exit(main())
