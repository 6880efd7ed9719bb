#!/usr/bin/env python3
"""Noise of each optics-bench operation, from the bundled history (datasets/optics/).

Standard library only. For every operation it reports, over the runs with no injected
slowdown:

- the per-iteration time (median over runs of the per-run median sample), in ns;
- the within-run coefficient of variation: the CV (sample standard deviation / mean) of one
  run's raw `samplesMs`, summarised by its median over runs (and the 90th percentile), and
  its robust version (1.4826 * MAD / median of the samples), which a few preempted samples
  do not dominate;
- the between-run coefficient of variation: the CV across runs of the per-run value, for the
  seed's `avgTimeMs` (one value per run) and for the per-run median sample, plus a robust
  version (1.4826 * MAD / median) of the latter, which ignores the occasional run disturbed
  by another process on this shared machine;
- how many runs' medians lie more than 10% and 20% above the median run: whole runs that were
  slowed (the heavy tail of the run-to-run noise).

It also reports, for each stretch of the main history with an injected slowdown, the shift
measured against the uninjected runs just before it (median of per-run medians), to show
how visible each injected step is next to the noise.

Usage: scripts/optics_noise.py [--dataset datasets/optics] [--set main|aa|both]
Prints Markdown tables to stdout.
"""

import argparse
import csv
import json
import os
import statistics as st
import sys


def load(dataset, manifest):
    """[(run, injected%, {testName: metrics})] in run order, from a manifest CSV."""
    rows = []
    with open(os.path.join(dataset, manifest), newline="") as f:
        for row in csv.DictReader(f):
            with open(os.path.join(dataset, row["file"])) as g:
                metrics = {m["testName"]: m for m in json.load(g)}
            rows.append((int(row["run"]), float(row["injectedSlowdownPercent"]), metrics))
    rows.sort(key=lambda r: r[0])
    return rows


def cv(values):
    m = st.fmean(values)
    return st.stdev(values) / m if len(values) > 1 and m > 0 else float("nan")


def robust_cv(values):
    med = st.median(values)
    mad = st.median(abs(v - med) for v in values)
    return 1.4826 * mad / med if med > 0 else float("nan")


def quantile(values, q):
    s = sorted(values)
    i = q * (len(s) - 1)
    lo = int(i)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (i - lo)


def noise_table(rows, title):
    clean = [r for r in rows if r[1] == 0]
    names = list(clean[0][2].keys())
    out = [f"### {title}: {len(clean)} runs without injection", "",
           "| operation | ns/iter (median) | within-run CV (median, p90) | robust within-run CV (median) | "
           "between-run CV of avgTimeMs | between-run CV of run medians | robust between-run CV | "
           "runs >10% / >20% above the median run |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in names:
        per_run = [r[2][name] for r in clean if name in r[2]]
        medians = [st.median(m["samplesMs"]) for m in per_run]
        avgs = [m["avgTimeMs"] for m in per_run]
        within = [cv(m["samplesMs"]) for m in per_run]
        within_robust = [robust_cv(m["samplesMs"]) for m in per_run]
        out.append(
            f"| {name} | {st.median(medians) * 1e6:.2f} | {st.median(within) * 100:.1f}% "
            f"({quantile(within, 0.9) * 100:.1f}%) | {st.median(within_robust) * 100:.1f}% | {cv(avgs) * 100:.1f}% | {cv(medians) * 100:.1f}% | "
            f"{robust_cv(medians) * 100:.1f}% | {sum(x > 1.1 * st.median(medians) for x in medians)} / "
            f"{sum(x > 1.2 * st.median(medians) for x in medians)} |")
    return "\n".join(out)


def stretches(rows):
    """[(first, last, injected%)] maximal runs of equal injection, in order."""
    out = []
    for run, p, _ in rows:
        if out and out[-1][2] == p:
            out[-1][1] = run
        else:
            out.append([run, run, p])
    return out


def shift_table(rows):
    by_run = {r[0]: r for r in rows}
    segs = stretches(rows)
    names = list(rows[0][2].keys())
    header = "| operation | " + " | ".join(
        f"runs {a}-{b}: +{p:g}%" for a, b, p in segs if p > 0) + " |"
    out = ["### Measured shift of each injected stretch against the uninjected stretch before it",
           "", "(median of per-run median samples; the injected size is in the column header)", "",
           header, "|---|" + "---:|" * sum(1 for s in segs if s[2] > 0)]
    for name in names:
        cells = []
        for i, (a, b, p) in enumerate(segs):
            if p == 0:
                continue
            # The nearest preceding stretch without injection.
            ref = next((s for s in reversed(segs[:i]) if s[2] == 0), None)
            if ref is None:
                cells.append("-")
                continue
            med = lambda lo, hi: st.median(
                st.median(by_run[r][2][name]["samplesMs"]) for r in range(lo, hi + 1) if r in by_run)
            cells.append(f"{(med(a, b) / med(ref[0], ref[1]) - 1) * 100:+.1f}%")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--dataset", default=os.path.join(here, "..", "datasets", "optics"))
    ap.add_argument("--set", choices=["main", "aa", "both"], default="both")
    args = ap.parse_args()
    parts = []
    if args.set in ("main", "both"):
        rows = load(args.dataset, "manifest.csv")
        parts.append(noise_table(rows, "Main history (datasets/optics/run-*.json)"))
        parts.append(shift_table(rows))
    if args.set in ("aa", "both"):
        aa = load(args.dataset, os.path.join("aa", "manifest.csv"))
        parts.append(noise_table(aa, "A/A set (datasets/optics/aa/)"))
    print("\n\n".join(parts))


if __name__ == "__main__":
    sys.exit(main())
