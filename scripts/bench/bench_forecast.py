#!/usr/bin/env python3
"""Side-by-side timing: automatic ETS selection + 8-step forecast with 80%/95% intervals of all
174 M3 "Other" series, Sextant (sextant-bench forecast-m3-other, release build) versus statsmodels
ETSModel fitting the same six non-seasonal models (ANN, AAN, AAdN, MNN, MAN, MAdN) by maximum
likelihood and keeping the lowest AICc, and, when `Rscript` with the forecast package is installed
(Debian: r-base-core r-cran-forecast), R's `forecast(ets(y), h = 8, level = c(80, 95))`.
Single thread (OPENBLAS_NUM_THREADS=1 for all).

Run:  make build-release && .venv/bin/python scripts/bench/bench_forecast.py [--runs N] [--peer-runs M]
Prints one JSON line per tool and the ratio of medians (wall and CPU time).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import shutil
import tempfile
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "datasets", "m3-other", "m3_other.json")
BENCH = os.path.join(ROOT, ".build", "release", "sextant-bench")

MODELS = [("add", None, False), ("add", "add", False), ("add", "add", True),
          ("mul", None, False), ("mul", "add", False), ("mul", "add", True)]


def statsmodels_auto(series):
    import numpy as np
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    out = []
    for s in series:
        y = pd.Series(np.asarray(s["train"], dtype=float))
        best = None
        for error, trend, damped in MODELS:
            if error == "mul" and (y <= 0).any():
                continue
            try:
                res = ETSModel(y, error=error, trend=trend, damped_trend=damped,
                               initialization_method="estimated").fit(disp=False)
            except Exception:  # noqa: BLE001 - a failed fit is skipped, as Sextant skips it
                continue
            if np.isfinite(res.aicc) and (best is None or res.aicc < best.aicc):
                best = res
        frame = best.get_prediction(start=len(y), end=len(y) + s["h"] - 1).summary_frame(alpha=0.05)
        out.append(frame["mean"].to_numpy())
    return out


R_SCRIPT = r"""
suppressMessages(library(forecast))
series <- lapply(strsplit(readLines(commandArgs(TRUE)[1]), ","), as.numeric)
runs <- as.integer(commandArgs(TRUE)[2])
wall <- c(); cpu <- c()
for (i in seq_len(runs)) {
  t0 <- proc.time()
  for (y in series) f <- forecast(ets(ts(y, frequency = 1)), h = 8, level = c(80, 95))
  d <- proc.time() - t0
  wall <- c(wall, d[["elapsed"]]); cpu <- c(cpu, d[["user.self"]] + d[["sys.self"]])
}
cat(sprintf('{"median_wall_s": %.6f, "median_cpu_s": %.6f, "forecast_version": "%s"}\n',
            median(wall), median(cpu), as.character(packageVersion("forecast"))))
"""


def r_ets(series, runs):
    """Median wall/CPU seconds of R forecast::ets over the series, or None without R."""
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        data, script = os.path.join(tmp, "train.txt"), os.path.join(tmp, "bench.R")
        with open(data, "w") as fh:
            fh.write("\n".join(",".join(repr(v) for v in s["train"]) for s in series) + "\n")
        with open(script, "w") as fh:
            fh.write(R_SCRIPT)
        done = subprocess.run(["Rscript", script, data, str(runs)], capture_output=True, text=True)
        if done.returncode != 0:
            return None
        return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9, help="Sextant runs (median)")
    ap.add_argument("--peer-runs", type=int, default=3, help="statsmodels and R runs (median)")
    args = ap.parse_args()
    series = json.load(open(DATA))["series"]

    sx = json.loads(subprocess.run([BENCH, "forecast-m3-other", str(args.runs), DATA], check=True,
                                   capture_output=True, text=True, cwd=ROOT).stdout.strip().splitlines()[-1])
    print(json.dumps({"tool": "sextant", "median_wall_s": sx["median_seconds"],
                      "median_cpu_s": sx["median_cpu_seconds"], "runs": args.runs}))

    warnings.filterwarnings("ignore")
    walls, cpus = [], []
    for _ in range(args.peer_runs):
        w0, c0 = time.perf_counter(), time.process_time()
        statsmodels_auto(series)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    sm_wall, sm_cpu = statistics.median(walls), statistics.median(cpus)
    print(json.dumps({"tool": "statsmodels ETSModel (6 models, AICc)", "median_wall_s": sm_wall,
                      "median_cpu_s": sm_cpu, "runs": args.peer_runs}))
    print(json.dumps({"ratio_wall (statsmodels/sextant)": sm_wall / sx["median_seconds"],
                      "ratio_cpu (statsmodels/sextant)": sm_cpu / sx["median_cpu_seconds"]}))
    r = r_ets(series, args.peer_runs)
    if r is None:
        print(json.dumps({"tool": "R forecast::ets", "skipped": "Rscript or the forecast package not installed"}))
    else:
        print(json.dumps({"tool": f"R forecast::ets ({r['forecast_version']})", "median_wall_s": r["median_wall_s"],
                          "median_cpu_s": r["median_cpu_s"], "runs": args.peer_runs}))
        print(json.dumps({"ratio_wall (R/sextant)": r["median_wall_s"] / sx["median_seconds"],
                          "ratio_cpu (R/sextant)": r["median_cpu_s"] / sx["median_cpu_seconds"]}))


if __name__ == "__main__":
    sys.exit(main())
