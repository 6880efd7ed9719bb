#!/usr/bin/env python3
"""Writes a Sextant long CSV with N measurements (default 5,000,000): R runs of N/R benchmarks each,
for the streaming-export memory check in docs/reliability.md (issue 12):

    python3 scripts/make_large_store.py 5000000 50 > big.csv
    sextant ingest --store big.sqlite big.csv
    /usr/bin/time -v sextant export --store big.sqlite --format csv > /dev/null
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
per = n // runs
out = sys.stdout
out.write("run,commit,timestamp,benchmark,metric,unit,value\n")
for r in range(runs):
    ts = f"2024-01-{1 + r // 24:02d}T{r % 24:02d}:00:00Z"
    commit = f"{r:040x}"
    for b in range(per):
        out.write(f"r{r},{commit},{ts},bench/{b:07d},time,ns,{1000 + (b * 7919 + r) % 977}\n")
