#!/usr/bin/env python3
"""The long-CSV histories of the benchmarks: 1000 runs x 1000 benchmarks.

Usage: python3 scripts/bench/make_history_csv.py [--shifts] OUT.csv

Default: deterministic values without noise model (bench_history.sh and bench_postgres.sh, so both time
the same 1e6 measurements of store ingest and reads).
--shifts: series for the analysis: seven levels (1000-7000 ns), log-normal noise (sd 3% on the log
scale, random.Random(1)) and a +10% level shift after run 600 in every third benchmark
(bench_gate.sh and bench_dashboard.sh, so `analyze` and `dashboard` are timed on the same store).
"""
import math
import random
import sys


def plain(f):
    for r in range(1000):
        ts = f"2024-{1 + r // 28 % 12:02d}-{1 + r % 28:02d}T{r % 24:02d}:00:00Z"
        commit = f"{r:040x}"
        lines = [f"{r},{commit},main,{ts},bench_{b:04d},time,ns,{1000 + b + (r * 7919 + b * 104729) % 997 / 10}\n" for b in range(1000)]
        f.writelines(lines)


def shifts(f):
    rng = random.Random(1)
    for r in range(1000):
        ts = f"2026-01-{1 + r // 1440:02d}T{(r // 60) % 24:02d}:{r % 60:02d}:00Z"
        for b in range(1000):
            level = 1000.0 * (1 + b % 7) * (1.1 if (b % 3 == 0 and r > 600) else 1.0)
            f.write(f"r{r},c{r},main,{ts},bench_{b},time,ns,{level * math.exp(rng.gauss(0, 0.03)):.3f}\n")


args = sys.argv[1:]
kind = shifts if args[:1] == ["--shifts"] else plain
if kind is shifts:
    args = args[1:]
if len(args) != 1:
    sys.exit("usage: make_history_csv.py [--shifts] OUT.csv")
with open(args[0], "w") as f:
    f.write("run,commit,branch,timestamp,benchmark,metric,unit,value\n")
    kind(f)
