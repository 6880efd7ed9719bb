"""Reference values for SextantNumerics.WilcoxonSignedRank (Tests/SextantNumericsTests/WilcoxonSignedRankTests.swift).

p-values: scipy.stats.wilcoxon (two-sided, zero_method="wilcox", correction=False; exact without ties for
n <= 50, else the normal approximation). Interval: the Hodges-Lehmann interval obtained by inverting the
same scipy test over the Walsh averages (independent of the order-statistic formula under test): the
smallest and largest shift theta with p(d - theta) > alpha, evaluated just inside each Walsh average.
Run: python3 scripts/make_wilcoxon_fixture.py
"""
import numpy as np
from scipy import stats

cases = {
    "exact8": [0.8, -0.3, 1.9, 2.4, 0.6, -1.1, 3.2, 1.5],
    "exact12": [0.051, 0.032, -0.012, 0.044, 0.071, 0.018, 0.039, -0.006, 0.058, 0.027, 0.063, 0.011],
    "ties": [1.0, 2.0, 2.0, -1.0, 3.0, 3.0, 3.0, -2.0, 4.0, 1.0, 5.0],
}

def p_of(d):
    d = np.asarray(d)
    nz = d[d != 0]
    absd = np.abs(nz)
    ties = len(np.unique(absd)) < len(absd)
    method = "exact" if (not ties and len(nz) <= 50) else "approx"
    return stats.wilcoxon(nz, zero_method="wilcox", correction=False, method=method).pvalue, method

for name, d in cases.items():
    d = np.asarray(d, float)
    p, method = p_of(d)
    walsh = np.sort([(d[i] + d[j]) / 2 for i in range(len(d)) for j in range(i, len(d))])
    eps = 1e-9 * max(1.0, np.abs(walsh).max())
    inside = [w for w in walsh if p_of(d - (w + eps))[0] > 0.05 or p_of(d - (w - eps))[0] > 0.05]
    # The interval [A_(C), A_(M+1-C)]: the Walsh averages at which acceptance starts and ends.
    lo = min(w for w in walsh if p_of(d - (w + eps))[0] > 0.05)
    hi = max(w for w in walsh if p_of(d - (w - eps))[0] > 0.05)
    print(f'"{name}": (p: {p!r}, method: "{method}", estimate: {np.median(walsh)!r}, lower: {lo!r}, upper: {hi!r}),')
