#!/usr/bin/env python3
"""What fresh optics-bench runs allow any gate to detect (issue 14): run-to-run noise and the power bound.

Usage: python3 scripts/gate_power_bound.py DIR   (DIR as written by `scripts/gate_live_record.sh DIR power:N:5`)

For every cycle of DIR/power5 (12 clean baseline runs, 10 runs at +5%, 10 clean A/A runs) and every operation,
one value per run: z = log(median of samplesMs) - log(median of controlSamplesMs), the shared-factor statistic
the gate judges (docs/policy.md, "Shared factor"). Reported per operation:

- sigma: the run-to-run standard deviation of z inside a cycle's 12 baseline runs (median over cycles);
- the A/A shift: the standard deviation over cycles of mean(z of the 10 A/A runs) - mean(z of the 12 baseline
  runs), against sigma * sqrt(1/12 + 1/10), what it would be if runs were independent; a ratio above 1 means
  the run effects drift with time (serial correlation), which no i.i.d. test can absorb;
- the power bound: the best any level-alpha test of a mean shift can do on 10 against 12 independent normal
  runs of that sigma, a one-sided z-test with known sigma: Phi(d / se - z_{1-alpha}), d = log(1.05),
  se = sigma * sqrt(1/12 + 1/10), with alpha = 0.05 for one operation alone and 0.05 / 10 (Bonferroni over the
  10 operations, the family-wise A/A target) beside it. Estimating sigma (a t-test) and the drift above only
  lower it further, so this is an upper bound on what the gate's comparisons can reach on these runs.
"""
import glob, json, math, os, statistics as st, sys
from collections import defaultdict
from statistics import NormalDist

def run_values(path):
    return {b["testName"]: math.log(st.median(b["samplesMs"])) - math.log(st.median(b["controlSamplesMs"]))
            for b in json.load(open(path))}

def main(root):
    cycles = sorted(glob.glob(os.path.join(root, "power5", "[0-9]*")))
    if not cycles:
        sys.exit(f"{root}: no power5 cycles (record with scripts/gate_live_record.sh {root} power:20:5)")
    sigma, shift = defaultdict(list), defaultdict(list)
    for c in cycles:
        base = [run_values(f) for f in sorted(glob.glob(os.path.join(c, "base-*.json")))]
        aa = [run_values(f) for f in sorted(glob.glob(os.path.join(c, "aa-*.json")))]
        for op in base[0]:
            b = [r[op] for r in base]; a = [r[op] for r in aa]
            sigma[op].append(st.stdev(b))
            shift[op].append(st.mean(a) - st.mean(b))
    n = NormalDist()
    d = math.log(1.05)
    print(f"{len(cycles)} cycles from {root}\n")
    print("| operation | run-to-run sigma | A/A shift sd | i.i.d. prediction | ratio | power bound, alpha 0.05 | power bound, alpha 0.005 |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for op in sigma:
        s = st.median(sigma[op]); se = s * math.sqrt(1 / 12 + 1 / 10); sh = st.stdev(shift[op])
        p1 = n.cdf(d / se - n.inv_cdf(0.95)); p10 = n.cdf(d / se - n.inv_cdf(1 - 0.005))
        print(f"| {op} | {100 * s:.2f}% | {100 * sh:.2f}% | {100 * se:.2f}% | {sh / se:.1f} | {100 * p1:.0f}% | {100 * p10:.0f}% |")

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.splitlines()[2])
    main(sys.argv[1])
