#!/usr/bin/env python3
"""Change points: Sextant (release `sextant-bench`) against ruptures and apache-otava on the same signals.

Writes the figures into BENCHMARKS.md's "Change points" section. Every timing is the median of
several runs in this one process run (peers: in-process wall time of the call; Sextant: wall time of
the call inside `sextant-bench`, which excludes process start and file reading).

Usage: python scripts/bench/bench_changepoint.py [--quick]
Needs: swift build -c release --product sextant-bench; pip install -r scripts/requirements-bench.txt
(peers that are not installed are reported as such and skipped).
"""
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, ".build", "release", "sextant-bench")
QUICK = "--quick" in sys.argv


def signal(n, seed=1, mean_segment=1000):
    """Piecewise-constant means (N(0, 2^2) levels, geometric segment lengths) plus unit normal noise."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    i = 0
    while i < n:
        length = int(rng.geometric(1.0 / mean_segment)) + 5
        x[i:i + length] += rng.normal(0, 2)
        i += length
    return x


def ours(case, x, repeats):
    with tempfile.NamedTemporaryFile(suffix=".f64", delete=False) as f:
        f.write(np.asarray(x, dtype="<f8").tobytes())
        path = f.name
    try:
        out = subprocess.run([BENCH, "changepoint", case, path, str(repeats)], check=True, capture_output=True, text=True)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        os.unlink(path)


def kernel_stats(x, penalty):
    """The PELT kernel's exact result and work counters (candidates per step) on `x`, min size 2."""
    path = write_tmp(x)
    try:
        out = subprocess.run([BENCH, "changepoint", "pelt-result", path, penalty, "2"], check=True, capture_output=True, text=True)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        os.unlink(path)


def write_tmp(x):
    f = tempfile.NamedTemporaryFile(suffix=".f64", delete=False)
    f.write(np.asarray(x, dtype="<f8").tobytes())
    f.close()
    return f.name


def timed(fn, repeats):
    """Median wall and CPU (process_time) milliseconds of `repeats` calls, and the last result."""
    runs, cpu = [], []
    result = None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        runs.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.process_time() - c) * 1e3)
    return (statistics.median(runs), statistics.median(cpu)), result


def main():
    if not os.path.exists(BENCH):
        print(f"{BENCH} missing: run `swift build -c release --product sextant-bench` first", file=sys.stderr)
        return 1
    try:
        import ruptures as rpt
    except ImportError:
        rpt = None
    try:
        from otava.analysis import compute_change_points
    except ImportError:
        compute_change_points = None
    try:  # PyPI changepoint-cython: the Cython port of R changepoint's PELT (make bench installs it)
        import pandas as pd
        from pychangepoints import algo_changepoints
    except ImportError:
        algo_changepoints = None
    rows = []  # (what, n, sextant (wall ms, cpu ms), peer name, peer (wall ms, cpu ms), note)

    def add(what, n, k, peer=None, p=None, note=""):
        s = (k["median_ms"], k.get("median_cpu_ms"))
        rows.append((what, n, s, peer, p, note))
        ratio = (f"{p[0] / s[0]:.0f}x wall" + (f", {p[1] / s[1]:.0f}x CPU" if s[1] else "")) if p else ""
        print(f"{what:42s} n={n:>8} sextant={s[0]:10.3f} ms (CPU {s[1]:.3f})  {peer or '':28s} "
              f"{'' if p is None else f'{p[0]:10.1f} ms (CPU {p[1]:.1f})'} {ratio} {note}", flush=True)

    r = 3 if QUICK else 5
    # PELT, change in mean, MBIC (3 log n per change + log n_j per segment), min size 2.
    for n in ([10**4, 10**5] if QUICK else [10**4, 10**5, 10**6]):
        x = signal(n)
        k = k_mbic = ours("pelt-kernel", x, r)
        st = kernel_stats(x, "mbic")
        add("PELT kernel (mean, MBIC)", n, k,
            note=f"{k['change_points']} change points, {st['candidatesPerStep']:.1f} candidates per step ({st['vectorPath']})")
        k = ours("pelt-kernel-bic", x, r)
        st = kernel_stats(x, "bic")
        add("PELT kernel (mean, BIC)", n, k,
            note=f"{k['change_points']} change points, {st['candidatesPerStep']:.1f} candidates per step ({st['vectorPath']})")
        full = ours("pelt", x, 3 if n >= 10**6 else r)
        if algo_changepoints and n >= 10**5:
            # R's cpt.mean(x, method="PELT", penalty="MBIC"): 3 log n plus the MBIC cost's log-length
            # term, minseglen 1; the array is already in memory, the prefix sums are in the call.
            xs = pd.Series(np.ascontiguousarray(x, dtype=np.float64))
            p, res = timed(lambda: algo_changepoints.pelt(xs, 3, 1, "mbic_mean"), 3)
            add("PELT kernel (mean, MBIC) vs changepoint-cython PELT", n, k_mbic, "changepoint-cython pelt(mbic_mean)", p,
                f"ours {k_mbic['change_points']} / peer {int(res[1]) - 1} change points")
            add("default detector (auto) vs changepoint-cython PELT (mean only)", n, full,
                "changepoint-cython pelt(mbic_mean)", p, f"ours {full['change_points']} change points")
        else:
            add("default detector (auto: mean and linear PELT, BIC choice, stats)", n, full, note=f"{full['change_points']} change points")
        full = ours("pelt-mean", x, r)
        add("detector, mean model only (robust scale + PELT + stats)", n, full, note=f"{full['change_points']} change points")
        if n <= 10**6:
            k = ours("linear-kernel", x, r)
            add("PELT kernel (linear, MBIC)", n, k, note=f"{k['change_points']} change points")
    # ruptures' PELT is O(n^2)-ish in Python (l2 cost recomputed per segment): compare at small n.
    n = 2000
    x = signal(n, seed=2, mean_segment=200)
    k = ours("pelt-kernel", x, r)
    if rpt:
        pen = 3 * math.log(n)
        p, bkps = timed(lambda: rpt.Pelt(model="l2", min_size=2, jump=1).fit(x).predict(pen=pen), 1 if not QUICK else 1)
        add("PELT kernel (mean, MBIC) vs ruptures Pelt l2 jump=1", n, k, "ruptures Pelt(l2, jump=1)", p,
            f"ours {k['change_points']} / ruptures {len(bkps) - 1} change points")
    else:
        add("PELT kernel (mean, MBIC)", n, k, "ruptures not installed")
    # Binary segmentation.
    for n in ([10**5] if QUICK else [10**5, 10**6]):
        x = signal(n, seed=3)
        k = ours("binseg-kernel", x, r)
        add("binary segmentation kernel (mean, MBIC)", n, k, note=f"{k['change_points']} change points")
    n = 10**4
    x = signal(n, seed=4, mean_segment=500)
    k = ours("binseg-kernel", x, r)
    if rpt:
        p, bkps = timed(lambda: rpt.Binseg(model="l2", min_size=2, jump=1).fit(x).predict(pen=3 * math.log(n)), 3)
        add("binary segmentation vs ruptures Binseg l2", n, k, "ruptures Binseg(l2, jump=1)", p,
            f"ours {k['change_points']} / ruptures {len(bkps) - 1} change points")
    # Otava's windowed E-divisive (window 50, alpha 0.001), same parameters as apache-otava.
    for n in ([10**4] if QUICK else [10**4, 10**5]):
        x = signal(n, seed=5, mean_segment=500) + 100.0
        k = ours("otava", x, r)
        if compute_change_points:
            ours_idx = json.loads(subprocess.run([BENCH, "changepoint", "otava-indices", write_tmp(x), "1"],
                                                 check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])["indices"]
            reps = 3 if n <= 10**4 else (1 if QUICK else 3)
            p, res = timed(lambda: compute_change_points(list(x), window_len=50, max_pvalue=0.001), reps)
            cps = res[0] if isinstance(res, tuple) else res
            same = sorted(c.index for c in cps) == sorted(ours_idx)
            add("windowed E-divisive (Otava mode)", n, k, "apache-otava compute_change_points", p,
                f"ours {k['change_points']} / otava {len(cps)} change points, {'identical' if same else 'DIFFERENT'} indices")
        else:
            add("windowed E-divisive (Otava mode)", n, k, "apache-otava not installed")
    # E-divisive with the permutation test (199 permutations).
    n = 2000
    x = signal(n, seed=6, mean_segment=400)
    k = ours("edivisive", x, 3)
    add("E-divisive, permutation test (R = 199)", n, k, note=f"{k['change_points']} change points")

    if rpt is None or compute_change_points is None:
        # Keep the side-by-side figures in BENCHMARKS.md rather than replacing them with ours alone.
        print("peers missing (pip install -r scripts/requirements-bench.txt): BENCHMARKS.md not updated")
        return 0
    write_markdown(rows)
    return 0


def write_markdown(rows):
    lines = [
        "## Change points (issue 4)",
        "",
        "Command: `swift build -c release --product sextant-bench && python scripts/bench/bench_changepoint.py`",
        "(venv with `scripts/requirements-bench.txt`: ruptures, apache-otava). Signals: piecewise-constant",
        "means plus unit normal noise, the same arrays for Sextant and the peers; medians of 5 runs for",
        "Sextant (in-process time of the call, release build), of 1 to 3 runs for the peers; wall time and",
        "CPU time (Sextant: `CLOCK_THREAD_CPUTIME_ID` of the calling thread; peers: `time.process_time()`),",
        "since the shared machine is loaded and wall time also counts other processes' turns. Targets of",
        "issue 4: PELT (MBIC, mean) n = 1e6 <= 50 ms and n = 1e5 <= 5 ms, binary segmentation n = 1e6",
        "<= 100 ms, windowed E-divisive n = 1e5 <= 100 ms.",
        "",
        "| case | n | Sextant wall (ms) | Sextant CPU (ms) | peer | peer wall (ms) | peer CPU (ms) | peer / Sextant (wall, CPU) | note |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for what, n, s, peer, p, note in rows:
        ratio = (f"{p[0] / s[0]:.0f}x" + (f", {p[1] / s[1]:.0f}x" if s[1] else "")) if p else ""
        pw = "" if p is None else f"{p[0]:.1f}"
        pc = "" if p is None else f"{p[1]:.1f}"
        lines.append(f"| {what} | {n:.0e} | {s[0]:.2f} | {s[1]:.2f} | {peer or ''} | {pw} | {pc} | {ratio} | {note} |")
    def find(prefix, n):
        for what, nn, t, *_ in rows:
            if what == prefix and nn == n:
                return t
        return None

    load = os.getloadavg()
    lines += ["", f"Load average during the run: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on 2 cores (other helpers",
              "building at the same time), so absolute times are inflated; the ratios are from the same run.", "",
              "Against the issue's targets on this (shared, 2-core, loaded) machine:", ""]
    for label, prefix, n, target in [
        ("PELT (MBIC, mean), n = 1e5", "PELT kernel (mean, MBIC)", 10**5, 5),
        ("PELT (MBIC, mean), n = 1e6", "PELT kernel (mean, MBIC)", 10**6, 50),
        ("binary segmentation, n = 1e6", "binary segmentation kernel (mean, MBIC)", 10**6, 100),
        ("windowed E-divisive, n = 1e5", "windowed E-divisive (Otava mode)", 10**5, 100),
    ]:
        t = find(prefix, n)
        if t is not None:
            wall, cpu = t
            verdict = "met" if wall <= target else ("met in CPU time only" if cpu <= target else "NOT met")
            lines.append(f"- {label}: {wall:.1f} ms wall, {cpu:.1f} ms CPU, target {target} ms: {verdict}")
    lines += [
        "",
        "PELT here is exact also with MBIC (see docs/changepoints.md); R's pruning rule, which keeps the",
        "MBIC `log(n_j)` term in the pruning comparison, prunes more but is not exact. The change-in-mean",
        "kernel (`Sources/_ChangePointKernels/pelt_mean.c`) works on four candidates at a time (clang",
        "vector extensions: AVX2 where the CPU has it, else portable code with bit-identical results) and,",
        "for MBIC, recomputes each candidate's exclusion interval at ages 8m, 32m, 128m, ... (the MBIC",
        "advantage of a later candidate shrinks with time, so the region where earlier ones beat it",
        "grows): with MBIC, 8.2 candidates per step at n = 1e5 instead of 13.7; BIC keeps 6.6 (a full",
        "union of the earlier candidates' exclusions instead of one interval would not lower it). The",
        "kernel it replaced (pure Swift, one candidate at a time, commit 529564d, quiet machine): 50 ms at",
        "1e5 and 479 ms at 1e6 with MBIC, 293 ms at 1e6 with BIC; change points and objective are",
        "unchanged, bit for bit, on these signals.",
        "",
        "Where the PELT time goes now (n = 1e6, MBIC, about 0.22 us per point): half in the one pass per",
        "step that prunes with the new candidate and takes the minimum (two square roots, two divisions,",
        "a `log(n_j)` table lookup and about 70 vector operations per block of four candidates: about",
        "45 ns per block, two to three blocks per step), the rest in the exclusion widening, compaction,",
        "refreshes (0.13 per step) and bookkeeping. This machine's CPU (AMD EPYC, family 17h model 1,",
        "Zen 1) splits 256-bit operations into two halves and has a slow divide/square-root unit: the",
        "AVX2 path is only about 25% faster than the portable (SSE2) one here. Measured alternatives",
        "that did not pay: square roots from the float reciprocal-square-root estimate with a Newton",
        "step (conservatively widened), `1/a` from a table, pruning only every k-th step (candidates",
        "grow faster than the pass cost falls), pruning candidates older than 16m only every fourth",
        "step (8.0 candidates instead of 7.9, but the ordered layout it needs cost more than it saved),",
        "refreshing at every age 2^k m. The targets (50 ns per",
        "point) would need about two candidates per step at this cost, or giving up exactness (R's",
        "rule), which issue 4 does not allow.",
        "",
        "ruptures' `Pelt` recomputes the l2 cost of each candidate segment in Python, so it is timed at",
        "n = 2e3 only (at n = 1e4 it takes about a minute). R's `changepoint` itself is not installable",
        "here (no Debian package, CRAN unreachable); its PELT is timed through changepoint-cython, the",
        "Cython port of its C code (`pelt(x, 3, 1, \"mbic_mean\")`: MBIC, minimum segment 1, change in mean",
        "only), which the default detector (two model classes, robust scale, statistics) is compared with",
        "as well. The linear-kernel rows are the change-in-level-and-slope class alone (coarse-to-fine",
        "beyond 8192 points, docs/changepoints.md). The PELT kernel is `NormalSegmentCost` (prefix",
        "sums) + `PELT.segment`; the default detector adds the robust scale, winsorising and the per-change",
        "statistics.",
        "",
        "",
    ]
    path = os.path.join(ROOT, "BENCHMARKS.md")
    text = open(path).read()
    start = text.index("## Change points (issue 4)")
    end = text.find("\n## ", start + 5)
    end = len(text) if end < 0 else end + 1
    text = text[:start] + "\n".join(lines) + text[end:]
    open(path, "w").write(text)
    print("BENCHMARKS.md updated")


if __name__ == "__main__":
    sys.exit(main())
