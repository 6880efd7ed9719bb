#!/usr/bin/env python3
"""LREs (log relative errors, digits, capped at 15) on the 11 NIST StRD linear-regression sets:
Sextant (`sextant fit --strd FILE --format json`) beside numpy.linalg.lstsq and statsmodels OLS.

Usage: python scripts/strd_compare.py [--sextant PATH]   (default .build/release/sextant, else .build/debug)
Prints a Markdown table: minimum LRE over the coefficients / over the standard errors.

numpy has no standard errors; for it they are computed as a numpy user would from its own SVD
solution: s^2 * diag(pinv(X) pinv(X)^T) with s^2 = RSS/(n-p) from the lstsq residuals.
"""
import json, math, os, re, subprocess, sys, warnings
import numpy as np
import statsmodels.api as sm

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SETS = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
        "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]
NEED = {"Norris": (12, 13), "Pontius": (12, 12.5), "NoInt1": (14, 14), "NoInt2": (14, 14), "Filip": (7.5, 7.5),
        "Longley": (10.5, 12), "Wampler1": (9, 9), "Wampler2": (12.5, 14), "Wampler3": (9, 13),
        "Wampler4": (7.5, 13), "Wampler5": (5.5, 13)}


def parse(path):
    lines = open(path).read().splitlines()
    cert = {}
    model = None
    header = None
    for k, line in enumerate(lines):
        t = line.split()
        if header is None and len(t) == 3 and re.fullmatch(r"B\d+", t[0]):
            try:
                cert[int(t[0][1:])] = (float(t[1]), float(t[2]))
            except ValueError:
                pass
        elif model is None and len(t) > 1 and t[0] == "y" and t[1] == "=":
            model = line
        elif len(t) > 1 and t[0] == "Data:" and t[1] == "y":
            header = k
    data = np.array([[float(v) for v in l.split()] for l in lines[header + 1:] if l.strip()])
    y, xs = data[:, 0], data[:, 1:]
    intercept = 0 in cert
    p = len(cert)
    if xs.shape[1] == 1:
        degree = p - (1 if intercept else 0)
        X = np.column_stack([xs[:, 0] ** k for k in range(0 if intercept else 1, degree + 1)])
    else:
        X = np.column_stack(([np.ones(len(y))] if intercept else []) + [xs[:, j] for j in range(xs.shape[1])])
    keys = sorted(cert)
    return X, y, np.array([cert[k][0] for k in keys]), np.array([cert[k][1] for k in keys])


def lre(est, cert):
    est = np.asarray(est, dtype=float)
    out = []
    for e, c in zip(est, cert):
        if not np.isfinite(e):
            out.append(0.0)
        elif e == c:
            out.append(15.0)
        elif c == 0:
            out.append(max(0.0, min(15.0, -math.log10(abs(e)))))
        else:
            out.append(max(0.0, min(15.0, -math.log10(abs(e - c) / abs(c)))))
    return min(out)


def main():
    exe = None
    if "--sextant" in sys.argv:
        exe = sys.argv[sys.argv.index("--sextant") + 1]
    else:
        # The most recently built of the release and debug binaries (a stale one would mislead).
        found = [os.path.join(ROOT, c) for c in (".build/release/sextant", ".build/debug/sextant")
                 if os.path.exists(os.path.join(ROOT, c))]
        if not found:
            print("no sextant binary: run `swift build` first", file=sys.stderr)
            return 2
        exe = max(found, key=os.path.getmtime)
    rows = []
    for name in SETS:
        path = os.path.join(ROOT, "datasets", "strd", f"{name}.dat")
        X, y, cb, cs = parse(path)
        n, p = X.shape
        out = subprocess.run([exe, "fit", "--strd", path, "--format", "json"], capture_output=True, text=True, check=True)
        ours = json.loads(out.stdout)
        sol, _, rank, _ = np.linalg.lstsq(X, y, rcond=None)
        resid = y - X @ sol
        s2 = resid @ resid / (n - p)
        P = np.linalg.pinv(X)
        np_se = np.sqrt(s2 * np.sum(P * P, axis=1))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # statsmodels warns that Filip is rank deficient
            res = sm.OLS(y, X).fit()
        rows.append((name, lre(ours["coefficients"], cb), lre(ours["standardErrors"], cs),
                     lre(sol, cb), lre(np_se, cs), int(rank), lre(res.params, cb), lre(res.bse, cs), NEED[name]))
    print(f"sextant: {os.path.relpath(exe, ROOT)}; numpy {np.__version__}, statsmodels {sm.__version__}; LRE = digits of agreement with the certified values (max 15)\n")
    print("| data set | Sextant coef | Sextant SE | numpy coef | numpy SE (rank) | statsmodels coef | statsmodels SE | required coef / SE |")
    print("|---|---|---|---|---|---|---|---|")
    ok = True
    for name, ob, os_, nb, ns, rk, sb, ss, need in rows:
        flag = "" if (ob >= need[0] and os_ >= need[1]) else " **below**"
        ok &= flag == ""
        print(f"| {name} | {ob:.1f} | {os_:.1f}{flag} | {nb:.1f} | {ns:.1f} ({rk}) | {sb:.1f} | {ss:.1f} | {need[0]} / {need[1]} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
