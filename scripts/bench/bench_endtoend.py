#!/usr/bin/env python3
"""End-to-end benchmark (issue 16): whole-process times of Sextant beside its peers, in one run.

Cases, each repeated REPEATS times, the Sextant and peer runs interleaved so that both see the same
machine load; medians reported, ratios computed from the medians:

  changepoints at n = 1e5, 1e6, 1e7 values (one value per line, shortest round-trip text):
    sextant changepoints --method pelt --penalty mbic --input FILE   (whole process, wall)
    sextant changepoints --input FILE                                (the default detector, whole process)
    sextant changepoints --method pelt --penalty mbic --model mean --input FILE   (the peer's model)
    sextant-bench text read FILE                                     (reading alone, in process)
    peer: pychangepoints.algo_changepoints.pelt(x, 3, 1, "mbic_mean") (PyPI changepoint-cython,
          the Cython port of R changepoint's PELT; algorithm only, array already in memory)
    peer: pandas.read_csv(FILE, header=None, engine="c") and numpy.loadtxt(FILE) (reading only)
  ingest / export of 1e6 measurements (1000 benchmarks x 1000 runs, the long CSV of bench_history.sh):
    sextant ingest FILE --store S ; sextant export --store S --output OUT
    peer: sqlite3 shell `.import --csv` into one table + the index of the same key
          (benchmark, metric, unit, run), in one session; `sqlite3 -csv DB "SELECT * FROM m"`

Peak RSS and CPU (user + sys) of the whole processes come from /usr/bin/time (the `sqlite3` peers
too); in-process reading reports the thread's CPU time, pandas `time.process_time()`. The load average is printed: the
machine is shared, so ratios from the same run are what to compare.

Usage: .venv/bin/python scripts/bench/bench_endtoend.py [REPEATS] [--sizes 1e5,1e6,1e7] [--skip-history]
Needs: swift build -c release --product sextant --product sextant-bench; make bench (installs changepoint-cython)
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEXTANT = os.path.join(ROOT, ".build", "release", "sextant")
BENCH = os.path.join(ROOT, ".build", "release", "sextant-bench")


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed(cmd, stdin=None, cpu=None, stdout=subprocess.DEVNULL):
    """Wall seconds and peak RSS (MB) of one whole process; its user + sys CPU seconds appended to `cpu`."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + cmd, stdin=stdin, stdout=stdout,
                       stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    kb, user, system = p.stderr.strip().splitlines()[-1].split()
    if cpu is not None:
        cpu.append(float(user) + float(system))
    return wall, int(kb) / 1024


def series(n, seed=1):
    rng = np.random.default_rng(seed)
    levels = np.repeat(rng.normal(0, 3, n // 1000 + 1), 1000)[:n]
    return 100 + levels + rng.normal(0, 1, n)


def write_text(path, x):
    with open(path, "w") as f:
        f.write("\n".join(repr(float(v)) for v in x))
        f.write("\n")


def median(xs):
    return statistics.median(xs)


def fmt_ms(s):
    return f"{s * 1e3:.0f} ms" if s < 10 else f"{s:.1f} s"


def changepoint_cases(sizes, repeats, tmp, rows):
    import pandas as pd
    try:
        from pychangepoints import algo_changepoints
    except ImportError:
        sys.exit("needs changepoint-cython (make bench installs it; module pychangepoints)")
    for n in sizes:
        x = series(n)
        path = os.path.join(tmp, f"values_{n}.txt")
        write_text(path, x)
        size_mb = os.path.getsize(path) / 1e6
        t = {k: [] for k in ["pelt", "default", "read", "read_cpu", "cython", "cython_cpu", "pandas", "pandas_cpu", "numpy", "pelt_rss",
                             "default_rss", "pelt_cpu", "default_cpu", "mean", "mean_cpu", "mean_rss"]}
        peer_cps = None
        for r in range(repeats):
            w, rss = timed([SEXTANT, "changepoints", "--method", "pelt", "--penalty", "mbic", "--input", path], cpu=t["pelt_cpu"])
            t["pelt"].append(w); t["pelt_rss"].append(rss)
            w, rss = timed([SEXTANT, "changepoints", "--input", path], cpu=t["default_cpu"])
            t["default"].append(w); t["default_rss"].append(rss)
            # The peer's own model: a change in mean only (`--method pelt` keeps `--model auto`).
            w, rss = timed([SEXTANT, "changepoints", "--method", "pelt", "--penalty", "mbic", "--model", "mean", "--input", path],
                           cpu=t["mean_cpu"])
            t["mean"].append(w); t["mean_rss"].append(rss)
            out = subprocess.run([BENCH, "text", "read", path, "1"], capture_output=True, text=True, check=True).stdout
            import json
            j = json.loads(out)
            assert j["n"] == n, j
            t["read"].append(j["median_ms"] / 1e3); t["read_cpu"].append(j["median_cpu_ms"] / 1e3)
            xs = pd.Series(np.ascontiguousarray(x, dtype=np.float64))
            # R's cpt.mean(x, method="PELT", penalty="MBIC"): penalty 3 log n with the MBIC cost's
            # log-length term, minseglen 1 (R's default); the prefix sums are part of the timed call.
            t0, c0 = time.perf_counter(), time.process_time()
            res = algo_changepoints.pelt(xs, 3, 1, "mbic_mean")
            t["cython"].append(time.perf_counter() - t0)
            t["cython_cpu"].append(time.process_time() - c0)
            peer_cps = res[1] - 1  # the count includes the series end
            t0, c0 = time.perf_counter(), time.process_time()
            df = pd.read_csv(path, header=None, engine="c")
            t["pandas"].append(time.perf_counter() - t0)
            t["pandas_cpu"].append(time.process_time() - c0)
            assert len(df) == n
            if n <= 1_000_000 or r == 0:
                t0 = time.perf_counter()
                arr = np.loadtxt(path)
                t["numpy"].append(time.perf_counter() - t0)
                assert len(arr) == n
        m = {k: median(v) for k, v in t.items() if v}
        k_peer = int(peer_cps)
        rows.append((n, size_mb, m, t, k_peer))
        print(f"n={n:.0e}: pelt {fmt_ms(m['pelt'])} wall {fmt_ms(m['pelt_cpu'])} CPU (rss {m['pelt_rss']:.0f} MB), "
              f"default {fmt_ms(m['default'])} wall {fmt_ms(m['default_cpu'])} CPU (rss {m['default_rss']:.0f} MB), "
              f"cython {fmt_ms(m['cython'])} wall {fmt_ms(m['cython_cpu'])} CPU, "
              f"read {fmt_ms(m['read'])}, cython {fmt_ms(m['cython'])}, pandas {fmt_ms(m['pandas'])}, "
              f"numpy {fmt_ms(m['numpy'])}; peer change points {k_peer}; load {load()}", flush=True)


def history_cases(repeats, tmp, rows):
    big = os.path.join(tmp, "big.csv")
    with open(big, "w") as f:
        f.write("run,commit,branch,timestamp,benchmark,metric,unit,value\n")
        for r in range(1000):
            ts = f"2024-{1 + r // 28 % 12:02d}-{1 + r % 28:02d}T{r % 24:02d}:00:00Z"
            commit = f"{r:040x}"
            f.writelines(f"{r},{commit},main,{ts},bench_{b:04d},time,ns,{1000 + b + (r * 7919 + b * 104729) % 997 / 10}\n"
                         for b in range(1000))
    t = {k: [] for k in ["ingest", "export", "import", "sqlexport", "ingest_rss", "export_rss",
                         "ingest_cpu", "export_cpu", "import_cpu", "sqlexport_cpu"]}
    store, peer = os.path.join(tmp, "s.sqlite"), os.path.join(tmp, "p.sqlite")
    script = os.path.join(tmp, "import.sql")
    with open(script, "w") as f:
        f.write("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n"
                "CREATE TABLE m(run INTEGER, commit_id TEXT, branch TEXT, timestamp TEXT, benchmark TEXT, metric TEXT, unit TEXT, value REAL);\n"
                f".import --csv --skip 1 {big} m\n"
                "CREATE INDEX m_series_run ON m(benchmark, metric, unit, run);\n")
    for _ in range(repeats):
        for p in [store, peer]:
            for suffix in ["", "-wal", "-shm"]:
                if os.path.exists(p + suffix):
                    os.remove(p + suffix)
        w, rss = timed([SEXTANT, "ingest", big, "--store", store], cpu=t["ingest_cpu"]); t["ingest"].append(w); t["ingest_rss"].append(rss)
        w, rss = timed([SEXTANT, "export", "--store", store, "--output", os.path.join(tmp, "out.csv")], cpu=t["export_cpu"])
        t["export"].append(w); t["export_rss"].append(rss)
        with open(script) as s:
            w, _ = timed(["sqlite3", peer], stdin=s, cpu=t["import_cpu"])
        t["import"].append(w)
        with open(os.path.join(tmp, "peer.csv"), "w") as out:
            w, _ = timed(["sqlite3", "-csv", peer, "SELECT * FROM m"], stdout=out, cpu=t["sqlexport_cpu"])
            t["sqlexport"].append(w)
    with open(os.path.join(tmp, "out.csv")) as f:
        exported = sum(1 for _ in f) - 1
    assert exported == 1_000_000, exported
    m = {k: median(v) for k, v in t.items()}
    rows.append(("history", os.path.getsize(big) / 1e6, m, t, None))
    print(f"ingest {fmt_ms(m['ingest'])} vs sqlite3 .import+index {fmt_ms(m['import'])}; "
          f"export {fmt_ms(m['export'])} vs sqlite3 -csv {fmt_ms(m['sqlexport'])}; load {load()}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repeats", nargs="?", type=int, default=5)
    ap.add_argument("--sizes", default="1e5,1e6,1e7")
    ap.add_argument("--skip-history", action="store_true")
    ap.add_argument("--skip-changepoints", action="store_true")
    a = ap.parse_args()
    sizes = [int(float(s)) for s in a.sizes.split(",") if s]
    print(f"load average at start: {load()}; {os.cpu_count()} cores", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if not a.skip_changepoints:
            changepoint_cases(sizes, a.repeats, tmp, rows)
        if not a.skip_history:
            history_cases(a.repeats, tmp, rows)
    print(f"\nload average at end: {load()}; median of {a.repeats} runs\n")
    print("| case | n | Sextant (whole process) wall / CPU | peer | peer wall / CPU | ratio wall / CPU | Sextant peak RSS |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for n, size_mb, m, t, k_peer in rows:
        if n == "history":
            print(f"| ingest 1e6 measurements ({size_mb:.0f} MB CSV) | 1e6 | {fmt_ms(m['ingest'])} / {fmt_ms(m['ingest_cpu'])} | sqlite3 shell `.import --csv` + index (benchmark, metric, unit, run) | {fmt_ms(m['import'])} / {fmt_ms(m['import_cpu'])} | {m['ingest'] / m['import']:.2f}x / {m['ingest_cpu'] / m['import_cpu']:.2f}x | {m['ingest_rss']:.0f} MB |")
            print(f"| export 1e6 measurements as CSV | 1e6 | {fmt_ms(m['export'])} / {fmt_ms(m['export_cpu'])} | `sqlite3 -csv DB 'SELECT * FROM m'` | {fmt_ms(m['sqlexport'])} / {fmt_ms(m['sqlexport_cpu'])} | {m['export'] / m['sqlexport']:.2f}x / {m['export_cpu'] / m['sqlexport_cpu']:.2f}x | {m['export_rss']:.0f} MB |")
            continue
        e = f"{n:.0e}".replace("+0", "").replace("+", "")
        cy = f"{fmt_ms(m['cython'])} / {fmt_ms(m['cython_cpu'])}"
        print(f"| `changepoints --method pelt --penalty mbic --input` ({size_mb:.0f} MB text) | {e} | {fmt_ms(m['pelt'])} / {fmt_ms(m['pelt_cpu'])} | changepoint-cython PELT, MBIC, algorithm only | {cy} | {m['pelt'] / m['cython']:.2f}x / {m['pelt_cpu'] / m['cython_cpu']:.2f}x | {m['pelt_rss']:.0f} MB |")
        print(f"| `changepoints --method pelt --penalty mbic --model mean --input` (the peer's model) | {e} | {fmt_ms(m['mean'])} / {fmt_ms(m['mean_cpu'])} | same | {cy} | {m['mean'] / m['cython']:.2f}x / {m['mean_cpu'] / m['cython_cpu']:.2f}x | {m['mean_rss']:.0f} MB |")
        print(f"| `changepoints --input` (default detector) | {e} | {fmt_ms(m['default'])} / {fmt_ms(m['default_cpu'])} | same | {cy} | {m['default'] / m['cython']:.2f}x / {m['default_cpu'] / m['cython_cpu']:.2f}x | {m['default_rss']:.0f} MB |")
        print(f"| reading alone (`sextant-bench text read`, in process) | {e} | {fmt_ms(m['read'])} / {fmt_ms(m['read_cpu'])} | `pandas.read_csv(engine='c')` | {fmt_ms(m['pandas'])} / {fmt_ms(m['pandas_cpu'])} | {m['read'] / m['pandas']:.2f}x / {m['read_cpu'] / m['pandas_cpu']:.2f}x | |")
        print(f"| reading alone | {e} | {fmt_ms(m['read'])} | `numpy.loadtxt` | {fmt_ms(m['numpy'])} | {m['read'] / m['numpy']:.2f}x | |")


if __name__ == "__main__":
    main()
