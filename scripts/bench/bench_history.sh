#!/usr/bin/env bash
# History store benchmark (issue 3): ingest of 1e6 measurements (1000 benchmarks x 1000 runs, one
# long-CSV file, one transaction) and their CSV export, with the release build, timed and peak RSS
# measured by /usr/bin/time -v; the median of REPEATS runs. Peer, side by side on the same file:
# pandas.read_csv + sqlite3 executemany into an equivalent schema, and pandas.to_csv of the same rows.
# Usage: bash scripts/bench/bench_history.sh [REPEATS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEATS=${1:-3}
BIN=.build/release/sextant
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/venv-dev/bin/python
[ -x "$BIN" ] || swift build -c release --product sextant >/dev/null
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$PY" scripts/bench/make_history_csv.py "$TMP/big.csv"
echo "input: $(wc -l < "$TMP/big.csv") lines, $(du -h "$TMP/big.csv" | cut -f1)"

measure() { # prints "wall_seconds maxrss_kb cpu_seconds"
  /usr/bin/time -v "$@" >/dev/null 2>"$TMP/time.txt" || { cat "$TMP/time.txt"; exit 1; }
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "$TMP/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$TMP/time.txt" | awk '{print $NF}')
  cpu=$(grep -E "(User|System) time" "$TMP/time.txt" | awk '{s+=$NF} END {print s}')
  echo "$wall $rss $cpu"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > "$TMP/ingest"; : > "$TMP/export"; : > "$TMP/peer_ingest"; : > "$TMP/peer_export"
for i in $(seq "$REPEATS"); do
  rm -f "$TMP"/s.sqlite*
  measure "$BIN" ingest "$TMP/big.csv" --store "$TMP/s.sqlite" >> "$TMP/ingest"
  measure "$BIN" export --store "$TMP/s.sqlite" --output "$TMP/out.csv" >> "$TMP/export"
  rm -f "$TMP"/p.sqlite*
  measure "$PY" - "$TMP/big.csv" "$TMP/p.sqlite" <<'PYEOF' >> "$TMP/peer_ingest"
import sqlite3, sys, pandas as pd
df = pd.read_csv(sys.argv[1])
db = sqlite3.connect(sys.argv[2])
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE m(run INTEGER, commit_id TEXT, branch TEXT, timestamp TEXT, benchmark TEXT, metric TEXT, unit TEXT, value REAL)")
with db:
    db.executemany("INSERT INTO m VALUES (?,?,?,?,?,?,?,?)", df.itertuples(index=False, name=None))
PYEOF
  measure "$PY" -c "import sqlite3,sys,pandas as pd; pd.read_sql_query('SELECT * FROM m', sqlite3.connect(sys.argv[1])).to_csv(sys.argv[2], index=False)" "$TMP/p.sqlite" "$TMP/peer.csv" >> "$TMP/peer_export"
done
rows=$(($(wc -l < "$TMP/out.csv") - 1))
[ "$rows" -eq 1000000 ] || { echo "export wrote $rows rows, expected 1000000"; exit 1; }
report() { # name file
  local t r c
  t=$(cut -d' ' -f1 "$2" | median); r=$(cut -d' ' -f2 "$2" | median); c=$(cut -d' ' -f3 "$2" | median)
  printf "%-34s wall %7.2f s   cpu %7.2f s   peak RSS %6.0f MB   (wall runs: %s)\n" "$1" "$t" "$c" "$(echo "$r / 1024" | bc -l)" "$(cut -d' ' -f1 "$2" | tr '\n' ' ')"
}
echo "median of $REPEATS, 1e6 measurements (1000 benchmarks x 1000 runs); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
report "sextant ingest (CSV -> SQLite)" "$TMP/ingest"
report "sextant export --format csv" "$TMP/export"
report "peer: pandas + sqlite3 ingest" "$TMP/peer_ingest"
report "peer: pandas read_sql + to_csv" "$TMP/peer_export"
