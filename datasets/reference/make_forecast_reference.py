#!/usr/bin/env python3
"""Extra forecasting references: Newey-West (HAC) covariance of the Nile OLS trend (statsmodels).

Run:  python datasets/reference/make_forecast_reference.py   (venv with numpy, statsmodels)
Writes nile_hac.json beside this script.
"""
import json
import os

import numpy as np
import statsmodels
import statsmodels.api as sm

OUT = os.path.dirname(os.path.abspath(__file__))
ref = json.load(open(os.path.join(OUT, "nile_ols_trend.json")))
y = np.array(ref["data"]["volume"], dtype=float)
t = np.arange(len(y), dtype=float)
X = sm.add_constant(t)
out = {"source": f"statsmodels {statsmodels.__version__}: OLS(volume ~ 1 + t), t = 0..99, "
                 "fit(cov_type='HAC', cov_kwds={'maxlags': L, 'use_correction': c}), Bartlett kernel"}
for lags in (1, 4, 8):
    for corr in (True, False):
        r = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": corr})
        out[f"maxlags={lags},use_correction={corr}"] = {
            "params": r.params.tolist(), "bse": r.bse.tolist(), "cov_params": r.cov_params().tolist()}
with open(os.path.join(OUT, "nile_hac.json"), "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote nile_hac.json")
