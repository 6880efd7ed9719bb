#!/usr/bin/env python3
"""Generates the scipy/numpy reference values the SextantNumerics tests compare against.

Run with the dev venv:  /work/venv-dev/bin/python scripts/make_numerics_fixtures.py
Writes Tests/SextantNumericsTests/Fixtures/{distributions,descriptive,two_sample}.json.
Numbers are written with repr() (17 significant digits, round-trip exact).
"""
import json, os, subprocess, sys
from fractions import Fraction
import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "SextantNumericsTests", "Fixtures")
os.makedirs(OUT, exist_ok=True)


def _finite_json(o):
    """Infinities become the strings "Infinity"/"-Infinity" (strict JSON has no such numbers)."""
    if isinstance(o, float) and not np.isfinite(o):
        return "NaN" if np.isnan(o) else ("Infinity" if o > 0 else "-Infinity")
    if isinstance(o, dict):
        return {k: _finite_json(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_finite_json(v) for v in o]
    return o


def dump(name, obj):
    obj = _finite_json(obj)
    obj["generator"] = {"script": "scripts/make_numerics_fixtures.py", "scipy": scipy.__version__, "numpy": np.__version__}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")


def fl(v):
    return float(v)


import mpmath as mp
mp.mp.dps = 40


def mp_funcs(kind, params):
    """High-precision (40 digits) cdf, sf, pdf via mpmath: the ground truth; scipy is recorded beside."""
    if kind == "normal":
        mu, s = map(mp.mpf, params)
        cdf = lambda x: mp.ncdf(x, mu, s)
        sf = lambda x: mp.ncdf(-x, -mu, s)
        pdf = lambda x: mp.npdf(x, mu, s)
    elif kind == "t":
        v = mp.mpf(params[0])
        def tail(x):  # P(T <= -|x|)
            x = abs(mp.mpf(x))
            return mp.betainc(v / 2, mp.mpf(1) / 2, 0, v / (v + x * x), regularized=True) / 2
        cdf = lambda x: tail(x) if x <= 0 else 1 - tail(x)
        sf = lambda x: tail(x) if x >= 0 else 1 - tail(x)
        pdf = lambda x: mp.exp(-(v + 1) / 2 * mp.log(1 + mp.mpf(x) ** 2 / v)) / (mp.sqrt(v) * mp.beta(v / 2, mp.mpf(1) / 2))
    elif kind == "chi2":
        k = mp.mpf(params[0])
        cdf = lambda x: mp.gammainc(k / 2, 0, mp.mpf(x) / 2, regularized=True)
        sf = lambda x: mp.gammainc(k / 2, mp.mpf(x) / 2, mp.inf, regularized=True)
        pdf = lambda x: mp.exp((k / 2 - 1) * mp.log(mp.mpf(x) / 2) - mp.mpf(x) / 2 - mp.loggamma(k / 2)) / 2
    else:
        d1, d2 = map(mp.mpf, params)
        cdf = lambda x: mp.betainc(d1 / 2, d2 / 2, 0, d1 * x / (d1 * x + d2), regularized=True)
        sf = lambda x: mp.betainc(d2 / 2, d1 / 2, 0, d2 / (d1 * x + d2), regularized=True)
        pdf = lambda x: mp.exp((d1 / 2) * mp.log(d1 * x / (d1 * x + d2)) + (d2 / 2) * mp.log(d2 / (d1 * x + d2)) - mp.log(mp.beta(d1 / 2, d2 / 2)) - mp.log(x))
    return cdf, sf, pdf


def mp_invert(fn, p, x0, positive):
    """Solves fn(x) = p in mpmath on the log scale, from scipy's estimate x0."""
    p = mp.mpf(p)
    if positive:
        g = lambda u: mp.log(fn(mp.exp(u))) - mp.log(p)
        u = mp.findroot(g, mp.log(mp.mpf(x0)), tol=mp.mpf(10) ** -35)
        x = mp.exp(u)
    else:
        sgn = -1 if x0 < 0 else 1
        g = lambda u: mp.log(fn(sgn * mp.exp(u))) - mp.log(p)
        u = mp.findroot(g, mp.log(abs(mp.mpf(x0))), tol=mp.mpf(10) ** -35)
        x = sgn * mp.exp(u)
    assert abs(fn(x) / p - 1) < mp.mpf(10) ** -25, (p, x0, x)
    return x


def distributions():
    cases = []
    ps = [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-6, 1e-3, 0.01, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.99, 0.999]

    def add(kind, params, dist, xs):
        cdf, sf, pdf = mp_funcs(kind, params)
        positive = kind in ("chi2", "f")
        for x in xs:
            cases.append({"kind": kind, "params": params, "x": x,
                          "cdf": fl(cdf(x)), "sf": fl(sf(x)), "pdf": fl(pdf(x)),
                          "scipy": {"cdf": fl(dist.cdf(x)), "sf": fl(dist.sf(x)), "pdf": fl(dist.pdf(x))}})
        for p in ps:
            q = fl(dist.ppf(p)); s = fl(dist.isf(p))
            if not (np.isfinite(q) and np.isfinite(s) and q != 0 and s != 0):
                continue
            # Reference quantiles solved in mpmath from scipy's estimates (scipy's own are
            # recorded beside: for F isf and extreme t quantiles they lose digits).
            lower = mp_invert(cdf, p, q, positive)
            upper = mp_invert(sf, p, s, positive)
            cases.append({"kind": kind, "params": params, "p": p, "ppf": fl(lower), "isf": fl(upper),
                          "scipy": {"ppf": q, "isf": s}})

    add("normal", [0.0, 1.0], stats.norm(), [-37.5, -30.0, -20.0, -8.0, -3.0, -1.0, -0.1, 0.0, 0.5, 1.96, 5.0, 10.0, 30.0, 37.5])
    add("normal", [3.0, 2.5], stats.norm(3.0, 2.5), [-10.0, 0.0, 3.0, 7.5, 40.0])
    for v in [1.0, 2.0, 3.0, 4.5, 10.0, 30.0, 100.0, 1000.0]:
        xs = [-1e150, -1e20, -1e6, -300.0, -50.0, -10.0, -2.0, -0.5, 0.0, 0.3, 1.0, 2.5, 7.0, 40.0, 1e4]
        add("t", [v], stats.t(v), [x for x in xs if stats.t(v).sf(abs(x)) > 1e-305])
    for k in [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 50.0, 100.0, 500.0]:
        xs = [1e-10, 1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 300.0, 600.0, 1000.0, 1200.0]
        add("chi2", [k], stats.chi2(k), [x for x in xs if stats.chi2(k).sf(x) > 1e-305 and stats.chi2(k).cdf(x) > 1e-305])
    for d1, d2 in [(1, 1), (1, 10), (2, 5), (3, 17), (5, 2), (10, 10), (4.5, 30.5), (50, 100), (200, 300)]:
        xs = [1e-8, 1e-3, 0.05, 0.3, 0.9, 1.0, 1.5, 3.0, 10.0, 50.0, 1e3, 1e6, 1e12]
        d = stats.f(d1, d2)
        add("f", [float(d1), float(d2)], d, [x for x in xs if d.sf(x) > 1e-305 and d.cdf(x) > 1e-305])
    specials = []
    for a, x in [(0.5, 0.1), (1.0, 1.0), (3.0, 2.0), (10.0, 12.0), (100.0, 90.0), (1000.0, 1050.0), (5.0, 50.0), (50.0, 5.0)]:
        specials.append({"fn": "gammainc", "a": a, "x": x, "P": fl(scipy.special.gammainc(a, x)), "Q": fl(scipy.special.gammaincc(a, x))})
    for a, b, x in [(0.5, 0.5, 0.2), (1.0, 3.0, 0.4), (2.5, 7.0, 0.9), (20.0, 30.0, 0.45), (200.0, 300.0, 0.38), (0.2, 5.0, 0.01), (5.0, 0.5, 0.999)]:
        specials.append({"fn": "betainc", "a": a, "b": b, "x": x, "I": fl(scipy.special.betainc(a, b, x))})
    for x in [0.1, 0.5, 1.0, 2.5, 10.0, 171.3, 1e5]:
        specials.append({"fn": "gammaln", "x": x, "value": fl(scipy.special.gammaln(x))})
    dump("distributions.json", {"cases": cases, "special": specials})


def descriptive():
    rng = np.random.default_rng(20261126)
    samples = {
        "small": [3.1, -1.2, 4.4, 4.4, 0.5, 9.75, 2.0],
        "even": [10.0, 1.0, 7.0, 3.0, 8.0, 2.0],
        "normal50": [fl(v) for v in rng.normal(100.0, 15.0, 50)],
        "offset": [1e9 + fl(v) for v in rng.normal(0.0, 1.0, 30)],
    }
    methods = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
               "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased"]
    out = {"samples": samples, "results": {}}
    for name, x in samples.items():
        a = np.array(x)
        r = {"mean": fl(np.mean(a)), "var": fl(np.var(a, ddof=1)), "sd": fl(np.std(a, ddof=1)),
             "median": fl(np.median(a)), "mad": fl(stats.median_abs_deviation(a, scale="normal")),
             "mad_raw": fl(stats.median_abs_deviation(a))}
        # Exact rational arithmetic for the autocorrelation (it is sensitive to the rounding of the mean).
        fx = [Fraction(v) for v in x]
        m = sum(fx) / len(fx)
        d = [v - m for v in fx]
        den = sum(v * v for v in d)
        r["acf"] = {str(k): fl(sum(d[t] * d[t + k] for t in range(len(d) - k)) / den) for k in (1, 2, 3)}
        r["quantiles"] = {}
        for i, meth in enumerate(methods):
            r["quantiles"][str(i + 1)] = {str(p): fl(np.quantile(a, p, method=meth)) for p in (0.0, 0.1, 0.25, 0.5, 0.63, 0.9, 1.0)}
        out["results"][name] = r
    dump("descriptive.json", out)


def regression():
    import statsmodels.api as sm
    rng = np.random.default_rng(7)
    n = 40
    x1 = rng.uniform(0, 10, n); x2 = rng.normal(5, 2, n)
    e = np.zeros(n)
    for t in range(n):  # AR(1) errors so that HAC differs from classical
        e[t] = (0.6 * e[t - 1] if t else 0) + rng.normal(0, 1.5)
    y = 2.0 + 0.7 * x1 - 1.3 * x2 + e
    w = rng.uniform(0.5, 3.0, n)
    X = np.column_stack([np.ones(n), x1, x2])
    new = [1.0, 4.2, 6.5]

    def summary(res, pred=True):
        out = {"params": res.params.tolist(), "bse": res.bse.tolist(), "tvalues": res.tvalues.tolist(),
               "pvalues": res.pvalues.tolist(), "conf_int": res.conf_int(0.05).tolist(),
               "cov": res.cov_params().tolist(), "rsquared": fl(res.rsquared), "rsquared_adj": fl(res.rsquared_adj),
               "fvalue": fl(res.fvalue), "f_pvalue": fl(res.f_pvalue), "scale_sqrt": fl(np.sqrt(res.scale))}
        if pred:
            f = res.get_prediction(np.array([new])).summary_frame(alpha=0.1)
            out["predict90"] = {"mean": fl(f["mean"].iloc[0]), "mean_se": fl(f["mean_se"].iloc[0]),
                                "ci": [fl(f["mean_ci_lower"].iloc[0]), fl(f["mean_ci_upper"].iloc[0])],
                                "pi": [fl(f["obs_ci_lower"].iloc[0]), fl(f["obs_ci_upper"].iloc[0])]}
        return out

    ols = sm.OLS(y, X).fit()
    wls = sm.WLS(y, X, weights=w).fit()
    hac = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 3, "use_correction": False}, use_t=True)
    hac_auto = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": int(np.floor(4 * (n / 100) ** (2 / 9))), "use_correction": False}, use_t=True)
    dump("regression.json", {"x1": x1.tolist(), "x2": x2.tolist(), "y": y.tolist(), "w": w.tolist(), "new": new,
                             "ols": summary(ols), "wls": summary(wls),
                             "hac3": summary(hac, pred=False), "hac_auto": summary(hac_auto, pred=False),
                             "statsmodels": sm.__version__})


M64 = (1 << 64) - 1


class Xoshiro:
    """Python twin of SeededGenerator (xoshiro256** seeded by SplitMix64, Lemire bounded ints)."""

    def __init__(self, seed):
        x = seed
        st = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            st.append(z ^ (z >> 31))
        self.s = st

    def next(self):
        s = self.s
        rotl = lambda v, k: ((v << k) | (v >> (64 - k))) & M64
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def index(self, bound):
        m = self.next() * bound
        low = m & M64
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                m = self.next() * bound
                low = m & M64
        return m >> 64


def bootstrap_reference(x, y, stat, B, seed, level):
    """Percentile and BCa intervals with scipy.stats.bootstrap's formulas on our resamples."""
    from scipy.special import ndtr, ndtri
    g = Xoshiro(seed)
    x = np.asarray(x); y = np.asarray(y) if y is not None else None
    reps = np.empty(B)
    for b in range(B):
        bx = x[[g.index(len(x)) for _ in range(len(x))]]
        if y is not None:
            by = y[[g.index(len(y)) for _ in range(len(y))]]
            reps[b] = stat(bx, by)
        else:
            reps[b] = stat(bx, None)
    theta = stat(x, y)
    alpha = (1 - level) / 2
    pct = [fl(np.percentile(reps, alpha * 100)), fl(np.percentile(reps, (1 - alpha) * 100))]
    z0 = ndtri((np.count_nonzero(reps < theta) + np.count_nonzero(reps <= theta)) / (2 * B))
    nums, dens = [], []
    for j, data in enumerate([x] + ([y] if y is not None else [])):
        n = len(data)
        jack = np.array([stat(np.delete(data, i), y) if j == 0 else stat(x, np.delete(data, i)) for i in range(n)])
        U = (n - 1) * (jack.mean() - jack)
        nums.append(np.sum(U ** 3) / n ** 3); dens.append(np.sum(U ** 2) / n ** 2)
    a = 1 / 6 * sum(nums) / sum(dens) ** 1.5
    za = ndtri(alpha)
    a1 = ndtr(z0 + (z0 + za) / (1 - a * (z0 + za)))
    a2 = ndtr(z0 + (z0 - za) / (1 - a * (z0 - za)))
    bca = [fl(np.percentile(reps, a1 * 100)), fl(np.percentile(reps, a2 * 100))]
    return {"estimate": fl(theta), "percentile": pct, "bca": bca, "z0": fl(z0), "a": fl(a), "B": B, "seed": seed, "level": level}


def two_sample():
    from itertools import combinations
    from statsmodels.stats.multitest import multipletests
    rng = np.random.default_rng(11)
    pairs = {
        "small_8_10": (rng.normal(0, 1, 8).tolist(), rng.normal(0.8, 1, 10).tolist()),
        "equal_12_12": (rng.normal(0, 1, 12).tolist(), rng.normal(1.0, 1.5, 12).tolist()),
        "mid_30_45": (rng.exponential(1.0, 30).tolist(), rng.exponential(1.6, 45).tolist()),
        "large_120_90": (rng.normal(10, 2, 120).tolist(), rng.normal(10.9, 2, 90).tolist()),
        "far_40_40": (rng.normal(0, 1, 40).tolist(), rng.normal(6, 1, 40).tolist()),
        "ties_25_30": (rng.integers(0, 8, 25).astype(float).tolist(), rng.integers(2, 10, 30).astype(float).tolist()),
        # Far apart: Welch p ~ 1e-200, KS exact p ~ 1/C(400, 200), Mann-Whitney asymptotic p ~ 1e-60.
        "extreme_200_200": (rng.normal(0, 1, 200).tolist(), rng.normal(6.5, 1, 200).tolist()),
    }
    out = {"pairs": {}}
    alts = ["two-sided", "less", "greater"]
    for name, (x, y) in pairs.items():
        r = {"x": x, "y": y}
        r["welch"] = {}
        r["pooled"] = {}
        for alt in alts:
            for key, ev in (("welch", False), ("pooled", True)):
                t = stats.ttest_ind(x, y, equal_var=ev, alternative=alt)
                ci = t.confidence_interval(0.95)
                r[key][alt] = {"t": fl(t.statistic), "df": fl(t.df), "p": fl(t.pvalue), "ci": [fl(ci.low), fl(ci.high)]}
        r["mwu"] = {}
        ties = len(set(x + y)) < len(x) + len(y)
        for alt in alts:
            d = {}
            for cc in (True, False):
                m = stats.mannwhitneyu(x, y, alternative=alt, method="asymptotic", use_continuity=cc)
                d["asymptotic_cc" if cc else "asymptotic"] = {"U": fl(m.statistic), "p": fl(m.pvalue)}
            if not ties and min(len(x), len(y)) <= 12:
                m = stats.mannwhitneyu(x, y, alternative=alt, method="exact")
                d["exact"] = {"U": fl(m.statistic), "p": fl(m.pvalue)}
            m = stats.mannwhitneyu(x, y, alternative=alt, method="auto")
            d["auto"] = {"U": fl(m.statistic), "p": fl(m.pvalue)}
            r["mwu"][alt] = d
        r["ks"] = {}
        for alt in alts:
            k = stats.ks_2samp(x, y, alternative=alt, method="exact")
            d = {"exact": {"D": fl(k.statistic), "p": fl(k.pvalue)}}
            if alt != "two-sided":
                k2 = stats.ks_2samp(x, y, alternative=alt, method="asymp")
                d["asymp"] = {"D": fl(k2.statistic), "p": fl(k2.pvalue)}
            else:
                en = len(x) * len(y) / (len(x) + len(y))
                d["kolmogorov_limit"] = {"D": fl(k.statistic), "p": fl(stats.kstwobign.sf(np.sqrt(en) * k.statistic))}
            r["ks"][alt] = d
        diffs = np.sort(np.subtract.outer(np.array(x), np.array(y)).ravel())
        hl = {"estimate": fl(np.median(diffs))}
        n1, n2 = len(x), len(y)
        if not ties and min(n1, n2) <= 8:
            # Exact U null distribution by brute-force enumeration of rank subsets.
            N = n1 + n2
            counts = {}
            for comb in combinations(range(1, N + 1), n1):
                u = sum(comb) - n1 * (n1 + 1) // 2
                counts[u] = counts.get(u, 0) + 1
            total = sum(counts.values()); cum = 0; k = None
            for u in sorted(counts):
                cum += counts[u]
                if cum / total >= 0.025 and k is None:
                    k = u
            k = max(k, 1)
            hl["ci95"] = [fl(diffs[k - 1]), fl(diffs[n1 * n2 - k])]
            hl["exact"] = True
        else:
            z = stats.norm.ppf(0.975)
            k = max(int(np.floor(n1 * n2 / 2 - z * np.sqrt(n1 * n2 * (n1 + n2 + 1) / 12))), 1)
            hl["ci95"] = [fl(diffs[k - 1]), fl(diffs[n1 * n2 - k])]
            hl["exact"] = False
        r["hodges_lehmann"] = hl
        out["pairs"][name] = r
    # R (wilcox.test / ks.test, exact) on the small pair, when Rscript is installed.
    import shutil
    if shutil.which("Rscript"):
        x, y = pairs["small_8_10"]
        code = ("x<-c(%s);y<-c(%s);w<-wilcox.test(x,y,conf.int=TRUE,exact=TRUE);k<-ks.test(x,y,exact=TRUE);"
                "cat(sprintf('%%.17g', c(w$statistic, w$p.value, w$estimate, w$conf.int, k$statistic, k$p.value)), sep='\\n')"
                % (",".join(repr(v) for v in x), ",".join(repr(v) for v in y)))
        vals = [float(v) for v in subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, check=True).stdout.split()]
        version = subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True, text=True).stdout.strip()
        out["r_small_8_10"] = {"W": vals[0], "p_exact": vals[1], "hl_estimate": vals[2], "hl_ci95": vals[3:5],
                               "ks_D": vals[5], "ks_p_exact": vals[6], "R": version}
    # Bootstrap, reproduced with the Python twin of SeededGenerator.
    x, y = pairs["mid_30_45"]
    out["bootstrap"] = {
        "ratio_of_medians": bootstrap_reference(x, y, lambda a, b: np.median(a) / np.median(b), 999, 42, 0.95),
        "ratio_of_means": bootstrap_reference(x, y, lambda a, b: np.mean(a) / np.mean(b), 999, 7, 0.90),
        "mean_one_sample": bootstrap_reference(x, None, lambda a, b: np.mean(a), 1999, 123, 0.95),
    }
    g = Xoshiro(42)
    out["generator_seed42_first"] = [str(g.next()) for _ in range(3)]
    # Theil-Sen and Mann-Kendall.
    t = np.arange(30.0)
    series = (3 + 0.2 * t + rng.normal(0, 1, 30)).tolist()
    tied = np.round(series).tolist()
    ts = {}
    for name, yv in (("series", series), ("tied", tied)):
        res = stats.theilslopes(yv, t, alpha=0.95)
        ts[name] = {"y": yv, "slope": fl(res.slope), "intercept": fl(res.intercept), "ci": [fl(res.low_slope), fl(res.high_slope)]}
        res90 = stats.theilslopes(yv, t, alpha=0.90)
        ts[name]["ci90"] = [fl(res90.low_slope), fl(res90.high_slope)]
        # Mann-Kendall by its textbook formula (independent of the Swift code).
        n = len(yv)
        S = sum(np.sign(yv[j] - yv[i]) for i in range(n) for j in range(i + 1, n))
        _, cnt = np.unique(yv, return_counts=True)
        var = (n * (n - 1) * (2 * n + 5) - sum(c * (c - 1) * (2 * c + 5) for c in cnt)) / 18
        z = (S - np.sign(S)) / np.sqrt(var)
        ts[name]["mk"] = {"S": fl(S), "var": fl(var), "z": fl(z), "p": fl(2 * stats.norm.sf(abs(z))),
                          "p_greater": fl(stats.norm.sf(z)), "kendall_tau_b": fl(stats.kendalltau(t, yv).statistic)}
    out["theil_sen"] = ts
    pv = [0.01, 0.04, 0.03, 0.005, 0.20, 0.5, 0.041, 0.9, 1e-8, 0.049]
    out["multiple"] = {"p": pv, "bh": multipletests(pv, method="fdr_bh")[1].tolist(), "holm": multipletests(pv, method="holm")[1].tolist()}
    dump("two_sample.json", out)


if __name__ == "__main__":
    parts = sys.argv[1:] or ["distributions", "descriptive", "regression", "two_sample"]
    for p in parts:
        if p in globals():
            globals()[p]()
