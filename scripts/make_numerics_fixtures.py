#!/usr/bin/env python3
"""Generates the scipy/numpy reference values the SextantNumerics tests compare against.

Run with the dev venv:  /work/venv-dev/bin/python scripts/make_numerics_fixtures.py
Writes Tests/SextantNumericsTests/Fixtures/{distributions,descriptive,two_sample}.json.
Numbers are written with repr() (17 significant digits, round-trip exact).
"""
import json, os, sys
from fractions import Fraction
import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "SextantNumericsTests", "Fixtures")
os.makedirs(OUT, exist_ok=True)


def dump(name, obj):
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


if __name__ == "__main__":
    parts = sys.argv[1:] or ["distributions", "descriptive", "regression", "two_sample"]
    for p in parts:
        if p in globals():
            globals()[p]()
