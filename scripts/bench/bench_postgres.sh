#!/usr/bin/env bash
# PostgreSQL store vs SQLite store (issue 20), side by side in one run, release build:
#   - ingest of 1e6 measurements (1000 benchmarks x 1000 runs, one long-CSV file, one transaction)
#   - `sextant series` reading all 1e6 points back (the store's read path alone)
#   - `sextant analyze` over the 1000 series x 1000 runs
#   - `sextant export --format csv` (and a byte comparison of both exports)
# The same file and commands on both backends, interleaved per repeat; wall and CPU time of the
# sextant process (the server's own CPU is not in "cpu"), median of REPEATS runs.
# The server: scripts/pg_test_server.sh on 127.0.0.1 with fsync on and synchronous_commit=off, the
# like of the SQLite store's WAL with synchronous=NORMAL (a crash of the OS may lose the last
# commits, never corrupt the store).
# Usage: bash scripts/bench/bench_postgres.sh [REPEATS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEATS=${1:-3}
BIN=.build/release/sextant
[ -x "$BIN" ] || swift build -c release --product sextant >/dev/null
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
TMP=$(mktemp -d)
PGDIR=$(SEXTANT_PG_OPTIONS="-c synchronous_commit=off -c shared_buffers=256MB -c max_wal_size=4GB" bash scripts/pg_test_server.sh start)
trap 'bash scripts/pg_test_server.sh stop "$PGDIR"; rm -rf "$TMP"' EXIT
set -a; . "$PGDIR/env"; set +a
BASE=${SEXTANT_TEST_POSTGRES_URL%/postgres}
PSQL="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql"

python3 scripts/bench/make_history_csv.py "$TMP/big.csv"
echo "input: $(wc -l < "$TMP/big.csv") lines, $(du -h "$TMP/big.csv" | cut -f1); server: $($PSQL "$SEXTANT_TEST_POSTGRES_URL" -Atc 'SHOW server_version')"

measure() { # appends "wall_seconds cpu_seconds" to $1, runs the rest
  local out=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$TMP/time.txt" "$@" >/dev/null 2>"$TMP/err.txt" || { cat "$TMP/err.txt" "$TMP/time.txt"; exit 1; }
  awk '{print $1, $2 + $3}' "$TMP/time.txt" >> "$out"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for k in ingest series analyze export; do : > "$TMP/sqlite_$k"; : > "$TMP/pg_$k"; done
for i in $(seq "$REPEATS"); do
  rm -f "$TMP"/s.sqlite*
  db="bench_$i"
  $PSQL "$SEXTANT_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  measure "$TMP/sqlite_ingest" "$BIN" ingest "$TMP/big.csv" --store "$TMP/s.sqlite"
  measure "$TMP/pg_ingest" "$BIN" ingest "$TMP/big.csv" --store "$BASE/$db"
  $PSQL "$BASE/$db" -qc "VACUUM ANALYZE"
  measure "$TMP/sqlite_series" "$BIN" series --store "$TMP/s.sqlite"
  measure "$TMP/pg_series" "$BIN" series --store "$BASE/$db"
  measure "$TMP/sqlite_analyze" "$BIN" analyze --store "$TMP/s.sqlite"
  measure "$TMP/pg_analyze" "$BIN" analyze --store "$BASE/$db"
  measure "$TMP/sqlite_export" "$BIN" export --store "$TMP/s.sqlite" --output "$TMP/a.csv"
  measure "$TMP/pg_export" "$BIN" export --store "$BASE/$db" --output "$TMP/b.csv"
  cmp -s "$TMP/a.csv" "$TMP/b.csv" || { echo "the two exports differ"; exit 1; }
  [ "$i" -lt "$REPEATS" ] && $PSQL "$SEXTANT_TEST_POSTGRES_URL" -qc "DROP DATABASE $db"
done
rows=$(($(wc -l < "$TMP/a.csv") - 1))
[ "$rows" -eq 1000000 ] || { echo "export wrote $rows rows, expected 1000000"; exit 1; }
echo "median of $REPEATS; load average now: $(cut -d' ' -f1-3 /proc/loadavg); exports byte-identical ($rows rows)"
printf "%-28s %12s %12s %9s   %s\n" "step" "SQLite wall" "PG wall" "PG/SQLite" "(wall runs SQLite | PostgreSQL; sextant cpu median SQLite / PG)"
for k in ingest series analyze export; do
  a=$(cut -d' ' -f1 "$TMP/sqlite_$k" | median); b=$(cut -d' ' -f1 "$TMP/pg_$k" | median)
  ca=$(cut -d' ' -f2 "$TMP/sqlite_$k" | median); cb=$(cut -d' ' -f2 "$TMP/pg_$k" | median)
  printf "%-28s %10.2f s %10.2f s %8.2fx   (%s| %s; cpu %s / %s s)\n" "$k" "$a" "$b" "$(echo "$b / $a" | bc -l)" \
    "$(cut -d' ' -f1 "$TMP/sqlite_$k" | tr '\n' ' ')" "$(cut -d' ' -f1 "$TMP/pg_$k" | tr '\n' ' ')" "$ca" "$cb"
done
