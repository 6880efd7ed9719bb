#!/usr/bin/env python3
"""OLS on n rows x 3 columns: Sextant's LinearRegression.fit with full inference (coefficients, SEs,
t, p, CIs, R², F, covariance, residuals; design built from the predictor columns inside the timed
region) beside numpy.linalg.lstsq (solution only, design prebuilt), side by side in one run.

Usage: python scripts/bench/bench_numerics_ols.py [N] [REPEATS] [ROUNDS]
Both run single-threaded BLAS (OPENBLAS_NUM_THREADS=1). Each round runs both; the figures are the
medians over all runs. Prints a Markdown row for BENCHMARKS.md.
"""
import json, os, statistics, subprocess, sys, time

os.environ["OPENBLAS_NUM_THREADS"] = "1"
import numpy as np  # noqa: E402  (after the thread setting)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
exe = os.path.join(ROOT, ".build", "release", "sextant-bench")

rng = np.random.default_rng(2026)
x1 = rng.uniform(0, 10, n); x2 = rng.uniform(-2, 3, n)
y = 1.5 + 0.8 * x1 - 2.1 * x2 + rng.uniform(-0.5, 0.5, n)
X = np.column_stack([np.ones(n), x1, x2])

ours, peer, ours_cpu, peer_cpu = [], [], [], []
for _ in range(rounds):
    out = subprocess.run([exe, "ols", str(n), str(repeats)], capture_output=True, text=True, check=True,
                         env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    ours += result["times_ms"]
    ours_cpu += result["cpu_ms"]
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.thread_time()
        np.linalg.lstsq(X, y, rcond=None)
        peer.append((time.perf_counter() - t0) * 1e3)
        peer_cpu.append((time.thread_time() - c0) * 1e3)
mo, mp = statistics.median(ours), statistics.median(peer)
co, cp = statistics.median(ours_cpu), statistics.median(peer_cpu)
print(f"n={n} x 3, {rounds} rounds x {repeats} runs each, OPENBLAS_NUM_THREADS=1, numpy {np.__version__}")
print(f"load average: {' '.join(open('/proc/loadavg').read().split()[:3])}")
print(f"sextant OLS + full inference: median {mo:.1f} ms wall (min {min(ours):.1f}), {co:.1f} ms CPU (thread)")
print(f"numpy.linalg.lstsq (solution only): median {mp:.1f} ms wall (min {min(peer):.1f}), {cp:.1f} ms CPU (thread)")
print(f"| OLS n={n:.0e} x 3, full inference vs numpy.linalg.lstsq | {mo:.1f} ms wall, {co:.1f} ms CPU | {mp:.1f} ms wall, {cp:.1f} ms CPU | {mo / mp:.2f}x wall, {co / cp:.2f}x CPU | `python scripts/bench/bench_numerics_ols.py {n} {repeats} {rounds}` |")
