#!/usr/bin/env python3
"""Integrity of the bundled optics history (datasets/optics/), standard library only.

Checks that the manifests list at least 200 main runs and 200 A/A runs, that every listed file
exists and is a lean-optics metrics array with the seed's fields plus raw samples, that the
numbers are consistent (min <= avg <= max, avg * iterations = total, the samples' mean = avg),
that each file's injectedSlowdownPercent label matches the manifest and the documented plan,
and that the injected stretches show up in the data: the +10% and +25% stretches measure a
shift within 5 points of their size in the median over operations. Exits 1 on any failure.
"""

import csv
import json
import os
import statistics as st
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "datasets", "optics")
SEED = ["testName", "operation", "iterations", "totalTimeMs", "avgTimeMs", "minTimeMs", "maxTimeMs",
        "throughput", "memoryUsage", "timestamp", "leanVersion", "gitCommit"]
PLAN = [(1, 80, 0), (81, 110, 3), (111, 140, 0), (141, 160, 5), (161, 180, 0), (181, 200, 10),
        (201, 220, 25), (221, 240, 0)]

failures = []


def fail(msg):
    failures.append(msg)


def planned(run):
    return next(p for a, b, p in PLAN if a <= run <= b)


def load(manifest, main):
    rows = list(csv.DictReader(open(os.path.join(DATA, manifest), newline="")))
    if len(rows) < 200:
        fail(f"{manifest}: {len(rows)} runs, expected at least 200")
    out = {}
    for row in rows:
        run, p = int(row["run"]), float(row["injectedSlowdownPercent"])
        if main and p != planned(run):
            fail(f"{manifest} run {run}: injected {p} but the plan says {planned(run)}")
        path = os.path.join(DATA, row["file"])
        try:
            metrics = json.load(open(path))
        except (OSError, ValueError) as e:
            fail(f"{row['file']}: {e}")
            continue
        if not isinstance(metrics, list) or len(metrics) < 8:
            fail(f"{row['file']}: expected an array of at least 8 operations")
            continue
        for m in metrics:
            name = m.get("testName", "?")
            missing = [k for k in SEED + ["samplesMs", "toolchain"] if k not in m]
            if missing:
                fail(f"{row['file']} {name}: missing {missing}")
                continue
            s = m["samplesMs"]
            if m["injectedSlowdownPercent"] != p:
                fail(f"{row['file']} {name}: label {m['injectedSlowdownPercent']} != manifest {p}")
            if m["gitCommit"] != row["commit"]:
                fail(f"{row['file']} {name}: gitCommit {m['gitCommit']} != manifest {row['commit']}")
            if not (m["minTimeMs"] <= m["avgTimeMs"] * (1 + 1e-9) and m["avgTimeMs"] <= m["maxTimeMs"] * (1 + 1e-9)):
                fail(f"{row['file']} {name}: min <= avg <= max does not hold")
            if abs(m["avgTimeMs"] * m["iterations"] - m["totalTimeMs"]) > 1e-9 * m["totalTimeMs"]:
                fail(f"{row['file']} {name}: avg * iterations != total")
            if abs(st.fmean(s) - m["avgTimeMs"]) > 1e-9 * m["avgTimeMs"]:
                fail(f"{row['file']} {name}: mean of samplesMs != avgTimeMs")
        out[run] = {m["testName"]: st.median(m["samplesMs"]) for m in metrics}
    return out


main = load("manifest.csv", True)
load(os.path.join("aa", "manifest.csv"), False)

for (a, b, p), ref in (((181, 200, 10), (161, 180)), ((201, 220, 25), (161, 180))):
    shifts = []
    for name in main[a]:
        stretch = st.median(main[r][name] for r in range(a, b + 1))
        base = st.median(main[r][name] for r in range(ref[0], ref[1] + 1))
        shifts.append((stretch / base - 1) * 100)
    med = st.median(shifts)
    if abs(med - p) > 5:
        fail(f"runs {a}-{b}: median shift over operations {med:+.1f}%, injected {p}%")

if failures:
    print("\n".join(failures[:20]))
    print(f"check_optics_dataset: {len(failures)} failure(s)")
    sys.exit(1)
print("check_optics_dataset: ok")
