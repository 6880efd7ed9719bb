#!/usr/bin/env bash
# `make notebooks`: fills a data folder with Sextant's outputs on the bundled optics history, then executes
# every notebook of notebooks-export/ headlessly (nbclient) on it. Writes the executed notebooks and their
# PNG figures to OUT (default .build/notebooks). Needs the debug build (.build/debug/sextant) and the venv.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-.build/notebooks}
S=${SEXTANT:-.build/debug/sextant}
PY=${PY:-.venv/bin/python}
DATA="$OUT/data"
rm -rf "$OUT"
mkdir -p "$DATA"
optics=(datasets/optics/run-*.json)
"$S" ingest "${optics[@]}" --store "$DATA/history.sqlite" --quiet >/dev/null
"$S" export --store "$DATA/history.sqlite" --format csv --output "$DATA/history.csv"
"$S" changepoints --store "$DATA/history.sqlite" --benchmark '*' --format csv > "$DATA/changepoints.csv"
# Forecast: lens_get time on runs 161-209 (its two steps up at 181 and 200), an illustrative 4.2 ns limit.
"$S" ingest datasets/optics/run-01[6-9][0-9].json datasets/optics/run-020[0-9].json --store "$DATA/forecast.sqlite" --quiet >/dev/null
"$S" export --store "$DATA/forecast.sqlite" --format csv --benchmark lens_get --output "$DATA/forecast_history.csv"
"$S" forecast --store "$DATA/forecast.sqlite" --benchmark lens_get --metric time --limit 4.2e-9 --horizon 60 --format json > "$DATA/forecast.json"
# Gate: run 221 against the policy's default window (the 30 runs before it, 191-220).
"$S" ingest datasets/optics/run-019[1-9].json datasets/optics/run-02[01][0-9].json datasets/optics/run-0220.json \
  --store "$DATA/gate.sqlite" --quiet >/dev/null
rc=0
"$S" gate datasets/optics/run-0221.json --store "$DATA/gate.sqlite" --policy sla_thresholds.json --format csv > "$DATA/gate.csv" || rc=$?
[ "$rc" -le 1 ] || { echo "sextant gate failed ($rc)" >&2; exit 1; }
"$PY" scripts/run_notebooks.py "$DATA" "$OUT" notebooks-export/*.ipynb
