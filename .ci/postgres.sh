# Source this file: start_postgres starts a throwaway PostgreSQL server on 127.0.0.1 and a free port,
# exports PG_TEST_URL, and registers stop_postgres to run on exit. Runs the server as user postgres
# when called as root (initdb refuses root).
start_postgres() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bindir" ]; then
        echo "PostgreSQL-Binärdateien nicht gefunden (apt-get install postgresql)" >&2
        return 1
    fi
    PG_TMP=$(mktemp -d /tmp/klikks-pg.XXXXXX)
    PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    local run=()
    if [ "$(id -u)" = "0" ]; then
        chown postgres:postgres "$PG_TMP"
        run=(runuser -u postgres --)
    fi
    "${run[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    "${run[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
        || { cat "$PG_TMP/server.log" >&2; return 1; }
    PG_BINDIR=$bindir
    PG_RUN=("${run[@]}")
    export PG_TEST_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
    trap stop_postgres EXIT
    echo "PostgreSQL läuft auf 127.0.0.1:$PG_PORT"
}

stop_postgres() {
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
        "${PG_RUN[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
}
