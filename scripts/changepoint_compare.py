#!/usr/bin/env python3
"""Byte-for-byte comparison of `sextant changepoints --format json` between two builds.

Used to show that a change to the detector's search leaves its results unchanged where it must
(issue 13: the coarse-to-fine linear search beyond PELT.exactLinearLimit = 2048 points must not move
any result on the TCPD series or on series of the lengths the gate sees). Runs both binaries on
  - every series of datasets/tcpd/series and datasets/tcpd-extra/series (the TCPD JSON files), and
  - synthetic series from fixed seeds: steps, trends, kinks, piecewise-linear, white and AR(1) noise,
    with n from 50 up to 2048 (and, with --long, n = 3000, 8192 and 2e4, where the linear class's
    search is approximate),
with the default model (auto) and with --model linear; prints the number of identical outputs and
every difference, separately for n <= 2048 (must be identical: exit 1 otherwise) and beyond.

Usage: python3 scripts/changepoint_compare.py OLD_SEXTANT NEW_SEXTANT [--long] [--seeds K]
"""
import glob
import math
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def synthetic(kind, n, seed):
    rng = random.Random(seed * 1000003 + n)
    g = rng.gauss
    if kind == "noise":
        return [g(0, 1) for _ in range(n)]
    if kind == "ar1":
        x, out = 0.0, []
        for _ in range(n):
            x = 0.5 * x + g(0, 1)
            out.append(x)
        return out
    if kind == "trend":
        b = g(0, 3 / n)
        return [b * i + g(0, 1) for i in range(n)]
    if kind == "kink":
        c = rng.randrange(n // 4, 3 * n // 4)
        b = g(0, 6 / n)
        return [b * max(0, i - c) + g(0, 1) for i in range(n)]
    out, level, slope = [], 0.0, 0.0
    while len(out) < n:
        length = 3 + int(rng.expovariate(1 / max(10, n / 8)))
        level += g(0, 2)
        slope = g(0, 2 / max(10, n / 8)) if kind == "plinear" else 0.0
        for k in range(length):
            if len(out) < n:
                out.append(level + slope * k + g(0, 1))
    return out


def run(exe, path, extra):
    r = subprocess.run([exe, "changepoints", "--format", "json", "--input", path] + extra,
                       capture_output=True, text=True)
    return r.returncode, r.stdout


def main():
    args = sys.argv[1:]
    long_ = "--long" in args
    seeds = 10
    if "--seeds" in args:
        seeds = int(args[args.index("--seeds") + 1])
    old, new = [a for a in args if not a.startswith("--") and not a.isdigit()][:2]
    cases = [(os.path.relpath(p, ROOT), p, False) for d in ("datasets/tcpd/series", "datasets/tcpd-extra/series")
             for p in sorted(glob.glob(os.path.join(ROOT, d, "*.json")))]
    tmp = tempfile.mkdtemp()
    lengths = [50, 200, 1000, 2048] + ([3000, 8192, 20000] if long_ else [])
    LIMIT = 2048
    for kind in ("step", "plinear", "trend", "kink", "noise", "ar1"):
        for n in lengths:
            for seed in range(seeds if n <= LIMIT else 3):
                p = os.path.join(tmp, f"{kind}-{n}-{seed}.txt")
                with open(p, "w") as f:
                    f.write("\n".join(repr(v) for v in synthetic(kind, n, seed)) + "\n")
                cases.append((f"{kind} n={n} seed={seed}", p, n > LIMIT))
    counts = {False: [0, 0], True: [0, 0]}
    for name, path, beyond in cases:
        for extra in ([], ["--model", "linear"]):
            a, b = run(old, path, extra), run(new, path, extra)
            counts[beyond][0 if a == b else 1] += 1
            if a != b:
                print(f"DIFFERENT{' (n > 2048)' if beyond else ''}: {name} {' '.join(extra) or '(default)'}", flush=True)
    for beyond in (False, True):
        same, differ = counts[beyond]
        if same + differ:
            print(f"{'n > 2048' if beyond else 'TCPD and n <= 2048'}: {same} identical, {differ} different outputs "
                  f"(default model and --model linear)")
    return 1 if counts[False][1] else 0


if __name__ == "__main__":
    sys.exit(main())
