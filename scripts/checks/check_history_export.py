"""Cross-check: `sextant export` of the bundled histories is read by pandas.read_csv with numeric
columns as floats, timestamps parsed, and the values equal to the source files' values.

Runs the built debug binary (.build/debug/sextant); exits non-zero on any failure.
"""
import gzip
import json
import math
import os
import subprocess
import sys
import tempfile

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import ROOT, SEXTANT, check, failures, sextant  # noqa: E402

HISTORIES = os.path.join(ROOT, "datasets", "histories", "gh-action-benchmark")
UNITS = {"ns/iter": 1e-9, "sec": 1.0}


def main():
    if not os.path.exists(SEXTANT):
        raise SystemExit(f"{SEXTANT} is missing: run `swift build` first")
    with tempfile.TemporaryDirectory() as tmp:
        for name, entries, measurements in [("tokio__ghpages_b99a2d4", 1784, 10698),
                                            ("bsl-language-server__ghpages_bf776f9", 1277, 1277)]:
            store = os.path.join(tmp, name + ".sqlite")
            js = os.path.join(tmp, name + ".data.js")
            with gzip.open(os.path.join(HISTORIES, name + "__data.js.gz"), "rb") as f, open(js, "wb") as out:
                raw = f.read()
                out.write(raw)
            sextant("ingest", js, "--store", store)
            csv = os.path.join(tmp, name + ".csv")
            sextant("export", "--store", store, "--output", csv)

            df = pd.read_csv(csv, parse_dates=["timestamp"])
            check(len(df) == measurements, f"{name}: {len(df)} rows, expected {measurements}")
            check(df["run"].nunique() == entries, f"{name}: {df['run'].nunique()} runs, expected {entries}")
            for col in ["run", "commit", "branch", "timestamp", "benchmark", "metric", "unit", "value"]:
                check(col in df.columns, f"{name}: column {col} missing")
            check(df["value"].dtype == "float64", f"{name}: value dtype {df['value'].dtype}")
            check(str(df["timestamp"].dtype).startswith("datetime64"), f"{name}: timestamp dtype {df['timestamp'].dtype}")
            check(df["timestamp"].dt.tz is not None, f"{name}: timestamps lack a time zone")

            # every value equals the source value times its unit factor, to the last bit
            text = raw.decode("utf-8")
            data = json.loads(text[text.index("=") + 1:].strip().rstrip(";"))
            expected = {}
            for suite, runs in data["entries"].items():
                for entry in runs:
                    ts = pd.Timestamp(entry["date"], unit="ms", tz="UTC")
                    for b in entry["benches"]:
                        expected[(f"{suite}/{b['name']}", ts)] = b["value"] * UNITS[b["unit"]]
            got = {(r.benchmark, r.timestamp): r.value for r in df.itertuples()}
            check(len(expected) == len(got), f"{name}: {len(got)} distinct (benchmark, timestamp) keys, expected {len(expected)}")
            mismatched = [k for k, v in expected.items() if k not in got or got[k] != v]
            check(not mismatched, f"{name}: {len(mismatched)} values differ, e.g. {mismatched[:2]}")
            check(all(math.isfinite(v) for v in df["value"]), f"{name}: non-finite values")
            print(f"ok: {name}: {len(df)} rows, {df['run'].nunique()} runs, exact values")

        # export safety as pandas sees it: '-1.5' stays text, values stay floats
        src = os.path.join(tmp, "safety.csv")
        with open(src, "w", newline="") as f:
            f.write("run,commit,branch,timestamp,benchmark,metric,unit,value\r\n")
            f.write('1,abc,main,2024-05-01T10:00:00Z,"=HYPERLINK(""http://x"",""y"")",time,s,0.5\r\n')
            f.write("1,abc,main,2024-05-01T10:00:00Z,-1.5,time,s,-0.0\r\n")
        store = os.path.join(tmp, "safety.sqlite")
        sextant("ingest", src, "--store", store)
        out = os.path.join(tmp, "safety-out.csv")
        sextant("export", "--store", store, "--output", out)
        df = pd.read_csv(out, parse_dates=["timestamp"])
        names = set(df["benchmark"])
        check(names == {"'=HYPERLINK(\"http://x\",\"y\")", "'-1.5"}, f"safety: benchmark cells {names}")
        check(df["value"].dtype == "float64", "safety: value column is not float")
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
