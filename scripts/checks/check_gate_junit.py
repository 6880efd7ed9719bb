#!/usr/bin/env python3
"""`sextant gate --format junit` read by a real consumer: the junitparser package.

Builds a small history of lean-optics runs (10 baseline runs with raw samples), gates a candidate
whose `lens.set` is 30% slower, and checks with junitparser that the XML has one test case per
(benchmark, metric) comparison and per SLA check, that the regression is a failure carrying the
effect and its interval, that SLA checks are their own cases, and that the exit code is 1.
Exits non-zero on any failure. Needs the debug build (`swift build`), or SEXTANT_BIN.
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile

from junitparser import JUnitXml, Failure, Skipped

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SEXTANT_BIN", os.path.join(ROOT, ".build", "debug", "sextant"))
NAMES = ["lens.get", "lens.set", "prism.preview"]


def write_run(path, day, rng, slow=None):
    items = []
    for k, name in enumerate(NAMES):
        level = 0.0002 * (k + 1) * (slow or {}).get(name, 1.0) * math.exp(rng.gauss(0, 0.01))
        s = [level * math.exp(rng.gauss(0, 0.03)) for _ in range(40)]
        avg = sum(s) / len(s)
        items.append(dict(testName=name, operation=name, iterations=40, totalTimeMs=avg * 40, avgTimeMs=avg,
                          minTimeMs=min(s), maxTimeMs=max(s), throughput=1000 / avg, memoryUsage=4096,
                          timestamp=f"2026-11-{day:02d}T10:00:00Z", leanVersion="4.9.0", gitCommit=f"c{day}",
                          samplesMs=s))
    with open(path, "w") as f:
        json.dump(items, f)


def main():
    if not os.path.exists(BIN):
        print(f"check_gate_junit: {BIN} not built", file=sys.stderr)
        return 1
    rng = random.Random(7)
    failures = []
    with tempfile.TemporaryDirectory() as d:
        store = os.path.join(d, "h.sqlite")
        files = []
        for day in range(1, 11):
            p = os.path.join(d, f"run{day}.json")
            write_run(p, day, rng)
            files.append(p)
        subprocess.run([BIN, "ingest", *files, "--store", store], check=True, capture_output=True)
        cand = os.path.join(d, "cand.json")
        write_run(cand, 11, rng, slow={"lens.set": 1.3})
        policy = os.path.join(d, "sla.json")
        with open(policy, "w") as f:
            f.write('{\n  "maxAvgTimeMs": 1.0, // ms\n  "minThroughput": 1000.0,\n  "regressionThreshold": 0.1\n}\n')
        out = os.path.join(d, "gate.xml")
        r = subprocess.run([BIN, "gate", cand, "--store", store, "--policy", policy, "--format", "junit", "--output", out],
                           capture_output=True, text=True)
        if r.returncode != 1:
            failures.append(f"exit code {r.returncode}, expected 1: {r.stderr}")
        xml = JUnitXml.fromfile(out)
        suites = list(xml)
        cases = [c for s in suites for c in s]
        # 3 benchmarks x 4 metrics comparisons + SLA checks (maxAvgTimeMs, minThroughput per benchmark).
        regression_cases = [c for c in cases if c.classname.startswith("sextant.regression.")]
        sla_cases = [c for c in cases if c.classname.startswith("sextant.sla.")]
        if len(regression_cases) != 12:
            failures.append(f"{len(regression_cases)} comparison cases, expected 12")
        if len(sla_cases) != 6:
            failures.append(f"{len(sla_cases)} SLA cases, expected 6")
        failed = {(c.classname, c.name): [res for res in c.result if isinstance(res, Failure)] for c in cases}
        time_fail = failed.get(("sextant.regression.time", "lens.set"), [])
        if not time_fail:
            failures.append("lens.set time is not a failure")
        else:
            msg = time_fail[0].message or ""
            if not (msg.startswith("regression +") and "[" in msg and "%" in msg):
                failures.append(f"failure message lacks effect and interval: {msg!r}")
            if time_fail[0].type != "regression":
                failures.append(f"failure type {time_fail[0].type!r}")
        for name in ("lens.get", "prism.preview"):
            if failed.get(("sextant.regression.time", name)):
                failures.append(f"{name} time failed on the same code")
        if any(failed.get((c.classname, c.name)) for c in sla_cases):
            failures.append("an SLA check failed though every level is far inside the limits")
        total_failures = sum(1 for c in cases if failed[(c.classname, c.name)])
        if suites[0].failures != total_failures or suites[0].tests != len(cases):
            failures.append(f"suite counts tests={suites[0].tests} failures={suites[0].failures} vs {len(cases)}/{total_failures}")
        skipped = sum(1 for c in cases for res in c.result if isinstance(res, Skipped))
        if suites[0].skipped != skipped:
            failures.append(f"suite skipped={suites[0].skipped} vs {skipped}")
    for f in failures:
        print("check_gate_junit: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
