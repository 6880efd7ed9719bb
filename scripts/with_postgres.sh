#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (scripts/pg_test_server.sh) and its
# SEXTANT_TEST_POSTGRES_URL / PGPASSWORD in the environment; the server is stopped when the command
# ends, also on failure or interrupt. Without PostgreSQL installed, one line says so and the
# command runs with SEXTANT_TEST_POSTGRES=unavailable, which the PostgreSQL tests report as skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if DIR=$(bash "$here/pg_test_server.sh" start); then
    trap 'bash "$here/pg_test_server.sh" stop "$DIR"' EXIT
    set -a; . "$DIR/env"; set +a
    echo "with_postgres: PostgreSQL test server at $SEXTANT_TEST_POSTGRES_URL (data in $DIR)" >&2
else
    status=$?
    if [ "$status" != 3 ]; then echo "with_postgres: the PostgreSQL test server failed to start" >&2; exit "$status"; fi
    echo "with_postgres: SKIP PostgreSQL store tests: PostgreSQL is not installed (make setup installs it)" >&2
    export SEXTANT_TEST_POSTGRES=unavailable
fi
"$@"
