#!/usr/bin/env python3
"""Leave-one-series-out cross-validation of the change-point detector on annotated TCPD series.

Every configuration of a small grid of choosable settings (signal model, penalty, minimum segment
length) is scored once per series with `sextant evaluate-changepoints` (TCPDBench's F1 with margin 5
and cover). Then, for each held-out series, the configuration with the best mean of (F1 + cover) / 2
on the other series is chosen and scored on the held-out one. Printed: the out-of-fold mean of that
procedure beside its in-sample mean (the configuration best on all series), and the default
configuration's score, which has no chosen parameter (its out-of-fold score is its in-sample score).

Usage: python3 scripts/changepoint_cv.py [--sextant PATH] [DIR ANNOTATIONS.json] [--markdown]
"""
import itertools
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRID = {
    "--model": ["mean", "linear", "auto"],
    "--penalty": ["mbic", "bic"],
    "--min-size": ["3", "5"],
}


def evaluate(exe, directory, annotations, options):
    out = subprocess.run([exe, "evaluate-changepoints", directory, annotations, "--format", "json", *options],
                         check=True, capture_output=True, text=True).stdout
    return {s["name"]: (s["f1"], s["cover"]) for s in json.loads(out)["series"]}


def main():
    args = [a for a in sys.argv[1:] if a != "--markdown"]
    exe = os.path.join(ROOT, ".build", "debug", "sextant")
    if "--sextant" in args:
        i = args.index("--sextant")
        exe = args[i + 1]
        del args[i:i + 2]
    directory = args[0] if args else os.path.join(ROOT, "datasets/tcpd/series")
    annotations = args[1] if len(args) > 1 else os.path.join(ROOT, "datasets/tcpd/annotations.json")
    configs = [tuple(itertools.chain.from_iterable(zip(GRID, values))) for values in itertools.product(*GRID.values())]
    scores = {c: evaluate(exe, directory, annotations, c) for c in configs}
    default = evaluate(exe, directory, annotations, ())
    names = sorted(default)
    mean = lambda xs: sum(xs) / len(xs)

    def objective(c, subset):
        return mean([(scores[c][s][0] + scores[c][s][1]) / 2 for s in subset])

    oof, chosen = {}, {}
    for held in names:
        train = [s for s in names if s != held]
        best = max(configs, key=lambda c: objective(c, train))  # first maximum: grid order
        chosen[held] = best
        oof[held] = scores[best][held]
    in_best = max(configs, key=lambda c: objective(c, names))
    md = "--markdown" in sys.argv
    rows = [
        ("default (no chosen parameter)", mean([default[s][0] for s in names]), mean([default[s][1] for s in names]),
         mean([default[s][0] for s in names]), mean([default[s][1] for s in names])),
        ("grid choice (model x penalty x min size)", mean([oof[s][0] for s in names]), mean([oof[s][1] for s in names]),
         mean([scores[in_best][s][0] for s in names]), mean([scores[in_best][s][1] for s in names])),
    ]
    if md:
        print(f"| procedure ({len(names)} series) | out-of-fold F1 | out-of-fold cover | in-sample F1 | in-sample cover |")
        print("|---|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r[0]} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.3f} | {r[4]:.3f} |")
        print()
        print("| held-out series | chosen on the other series | out-of-fold F1 | out-of-fold cover | default F1 | default cover |")
        print("|---|---|---:|---:|---:|---:|")
        for s in names:
            print(f"| {s} | {' '.join(chosen[s])} | {oof[s][0]:.3f} | {oof[s][1]:.3f} | {default[s][0]:.3f} | {default[s][1]:.3f} |")
        print()
        print(f"In-sample best configuration: `{' '.join(in_best)}`.")
    else:
        for r in rows:
            print(f"{r[0]:45s} out-of-fold F1 {r[1]:.3f} cover {r[2]:.3f}   in-sample F1 {r[3]:.3f} cover {r[4]:.3f}")
        for s in names:
            print(f"  {s:20s} chosen {' '.join(chosen[s]):40s} oof {oof[s][0]:.3f} {oof[s][1]:.3f}  default {default[s][0]:.3f} {default[s][1]:.3f}")
        print("in-sample best:", " ".join(in_best))


if __name__ == "__main__":
    main()
