#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks of the PostgreSQL store (issue 20).
#
#   scripts/pg_test_server.sh start [DIR]   initdb + start on 127.0.0.1 at a free port in DIR (default: a new
#                                           temp dir); prints DIR on stdout; DIR/env holds
#                                           SEXTANT_TEST_POSTGRES_URL and PGPASSWORD (shell syntax)
#   scripts/pg_test_server.sh stop DIR      stops it and removes DIR
#
# PostgreSQL refuses to run as root, and CI runs as root: then initdb and the server run as the
# unprivileged user `nobody` (DIR owned by it), through setpriv. Authentication over TCP is
# scram-sha-256 with a random password, so that PGPASSWORD / ~/.pgpass are exercised for real.
# Exit status 3 (and one line on stderr) when no PostgreSQL server binaries are installed.
set -euo pipefail

bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
        echo "pg_test_server: no PostgreSQL server found under /usr/lib/postgresql/*/bin (Debian package postgresql)" >&2
        exit 3
    fi
    echo "$d"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env -- env PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$@"
    else
        "$@"
    fi
}

# Closes every open descriptor above 2 of the calling (sub)shell.
close_inherited_descriptors() {
    local fd
    for fd in $(ls /proc/$BASHPID/fd); do
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
}

case "${1:-}" in
start)
    BIN=$(bindir)
    DIR=${2:-$(mktemp -d /tmp/sextant-pg.XXXXXX)}
    mkdir -p "$DIR"
    PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    printf '%s\n' "$PASSWORD" > "$DIR/pwfile"
    if [ "$(id -u)" = 0 ]; then chown -R nobody:nogroup "$DIR"; fi
    chmod 700 "$DIR"; chmod 600 "$DIR/pwfile"
    as_owner "$BIN/initdb" -D "$DIR/data" -U sextant --pwfile="$DIR/pwfile" -E UTF8 --auth-local=trust \
        --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    rm -f "$DIR/pwfile"
    # A free port: bind port 0, read the number, release it (retried below if another process wins).
    for attempt in 1 2 3 4 5; do
        PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
        # fsync off and asynchronous commit: a test server whose data is thrown away; the benchmark
        # server (scripts/bench/bench_postgres.sh) keeps fsync on.
        # The server outlives this script: it must not keep any descriptor this script inherited (a
        # caller's pipe stays open as long as the server runs, and a caller reading it to its end waits
        # forever), so the subshell closes every descriptor above 2 before pg_ctl starts it.
        if ( close_inherited_descriptors
             as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
               -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c max_connections=60 ${SEXTANT_PG_OPTIONS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}" \
               start ) </dev/null >/dev/null 2>&1; then
            break
        fi
        PORT=""
    done
    if [ -z "$PORT" ]; then cat "$DIR/server.log" >&2 || true; exit 1; fi
    {
        echo "SEXTANT_TEST_POSTGRES_URL=postgresql://sextant@127.0.0.1:$PORT/postgres"
        echo "PGPASSWORD=$PASSWORD"
        echo "SEXTANT_TEST_POSTGRES_DIR=$DIR"
    } > "$DIR/env"
    chmod 644 "$DIR/env"
    echo "$DIR"
    ;;
stop)
    DIR=${2:?usage: pg_test_server.sh stop DIR}
    BIN=$(bindir)
    if [ -d "$DIR/data" ]; then as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR"
    ;;
*)
    echo "usage: $0 start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
