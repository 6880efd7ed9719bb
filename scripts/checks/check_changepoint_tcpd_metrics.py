#!/usr/bin/env python3
"""Cross-check of `sextant evaluate-changepoints`: recomputes F1 and cover of its predictions with an
independent implementation of TCPDBench's definitions (van den Burg and Williams 2020, metrics.py
semantics: margin 5, 0 added to every set, precision against the union of annotators, recall averaged
over annotators; cover = length-weighted best Jaccard, averaged over annotators). Exits 1 on mismatch."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def true_positives(truth, preds, margin=5):
    avail = set(preds)
    tp = set()
    for tau in sorted(truth):
        close = sorted((abs(tau - x), x) for x in avail if abs(tau - x) <= margin)
        if close:
            tp.add(tau)
            avail.remove(close[0][1])
    return tp


def f_measure(annotations, predictions, margin=5):
    sets = [set(a) | {0} for a in annotations.values()]
    x = set(predictions) | {0}
    union = set().union(*sets)
    p = len(true_positives(union, x, margin)) / len(x)
    r = sum(len(true_positives(s, x, margin)) / len(s) for s in sets) / len(sets)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def partition(cps, n):
    parts, cur = [], set()
    cps = sorted(set(cps))
    k = 0
    for i in range(n):
        if k < len(cps) and i == cps[k]:
            if cur:
                parts.append(cur)
            cur = set()
            k += 1
        cur.add(i)
    parts.append(cur)
    return parts


def cover(annotations, predictions, n):
    pred = partition(predictions, n)
    scores = []
    for a in annotations.values():
        c = sum(len(r) * max(len(r & q) / len(r | q) for q in pred) for r in partition(a, n))
        scores.append(c / n)
    return sum(scores) / len(scores)


def main():
    exe = os.environ.get("SEXTANT", os.path.join(ROOT, ".build", "debug", "sextant"))
    if not os.path.exists(exe):
        print(f"skip: {exe} not built")
        return 0
    out = subprocess.run([exe, "evaluate-changepoints", os.path.join(ROOT, "datasets/tcpd/series"),
                          os.path.join(ROOT, "datasets/tcpd/annotations.json"), "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    ann = json.load(open(os.path.join(ROOT, "datasets/tcpd/annotations.json")))
    bad = 0
    for s in result["series"]:
        preds = [x for x in s["predictions"] if 1 <= x < s["n"] - 1]
        f = f_measure(ann[s["name"]], preds)
        c = cover(ann[s["name"]], preds, s["n"])
        if abs(f - s["f1"]) > 6e-4 or abs(c - s["cover"]) > 6e-4:
            print(f"mismatch {s['name']}: sextant f1={s['f1']} cover={s['cover']}, python f1={f:.4f} cover={c:.4f}")
            bad += 1
    print(f"{len(result['series'])} series checked, {bad} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
