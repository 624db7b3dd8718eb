# Source this file. Two ways to get a PostgreSQL server without any setup, both on 127.0.0.1 only and
# with trust authentication for the user "postgres" (fine for a local or CI machine, not for a server):
#   start_postgres          a throwaway server in a temporary directory on a free port (the tests);
#                           exports PG_TEST_URL and stops and removes it when the shell exits.
#   start_local_postgres DIR PORT
#                           a lasting cluster in DIR (created on first use) on PORT, with a database
#                           "klikks"; exports PG_LOCAL_URL. Stop it with stop_local_postgres DIR.
# initdb refuses to run as root: as root the server runs as the system user "postgres".

_pg_setup() {
    PG_BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$PG_BINDIR" ]; then
        echo "PostgreSQL-Binärdateien nicht gefunden (apt-get install postgresql)" >&2
        return 1
    fi
    PG_RUN=()
    if [ "$(id -u)" = "0" ]; then
        PG_RUN=(runuser -u postgres --)
    fi
}

# _pg_start DATADIR PORT: initialise DATADIR if it is new, then start the server (socket in DATADIR/..).
_pg_start() {
    local datadir=$1 port=$2 home
    home=$(dirname "$datadir")
    if [ "$(id -u)" = "0" ]; then
        chown postgres:postgres "$home"
        if ! runuser -u postgres -- test -w "$home"; then
            echo "Der Nutzer postgres kann $home nicht erreichen (Rechte der Verzeichnisse darüber prüfen)" >&2
            return 1
        fi
    fi
    if [ ! -f "$datadir/PG_VERSION" ]; then
        "${PG_RUN[@]}" "$PG_BINDIR/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
            >"$home/initdb.log" 2>&1 || { cat "$home/initdb.log" >&2; return 1; }
    fi
    "${PG_RUN[@]}" "$PG_BINDIR/pg_ctl" -D "$datadir" -l "$home/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $home ${PG_EXTRA_OPTIONS:-}" start >/dev/null \
        || { tail -n 20 "$home/server.log" >&2; return 1; }
}

start_postgres() {
    _pg_setup || return 1
    PG_TMP=$(mktemp -d /tmp/klikks-pg.XXXXXX)
    PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    PG_EXTRA_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        _pg_start "$PG_TMP/data" "$PG_PORT" || return 1
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

start_local_postgres() {
    local home=$1 port=$2
    _pg_setup || return 1
    mkdir -p "$home"
    home=$(cd "$home" && pwd)
    if "${PG_RUN[@]}" "$PG_BINDIR/pg_ctl" -D "$home/data" status >/dev/null 2>&1; then
        echo "PostgreSQL läuft bereits ($home/data)"
    else
        _pg_start "$home/data" "$port" || return 1
        echo "PostgreSQL gestartet auf 127.0.0.1:$port (Daten: $home/data)"
    fi
    if ! "$PG_BINDIR/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'klikks'" \
        postgres | grep -q 1; then
        "$PG_BINDIR/createdb" -h 127.0.0.1 -p "$port" -U postgres klikks || return 1
    fi
    export PG_LOCAL_URL="postgresql://postgres@127.0.0.1:$port/klikks"
}

stop_local_postgres() {
    local home=$1
    _pg_setup || return 1
    "${PG_RUN[@]}" "$PG_BINDIR/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null 2>&1 || true
    echo "PostgreSQL gestoppt ($home/data)"
}
