#!/usr/bin/env python3
"""The long-CSV history of the store benchmarks: 1000 runs x 1000 benchmarks, deterministic values.

Usage: python3 scripts/bench/make_history_csv.py OUT.csv
Used by bench_history.sh and bench_postgres.sh, so both time the same 1e6 measurements.
"""
import sys

with open(sys.argv[1], "w") as f:
    f.write("run,commit,branch,timestamp,benchmark,metric,unit,value\n")
    for r in range(1000):
        ts = f"2024-{1 + r // 28 % 12:02d}-{1 + r % 28:02d}T{r % 24:02d}:00:00Z"
        commit = f"{r:040x}"
        lines = [f"{r},{commit},main,{ts},bench_{b:04d},time,ns,{1000 + b + (r * 7919 + b * 104729) % 997 / 10}\n" for b in range(1000)]
        f.writelines(lines)
