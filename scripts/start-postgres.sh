#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for claimledger's tests and print its SQLAlchemy URL.
#
#   eval "export CLAIMLEDGER_TEST_PG_URL=$(bash scripts/start-postgres.sh)"
#
# Idempotent: installs Debian's postgresql package when it is missing, creates a data directory
# on first use, starts the server only when it is not already running, and creates the role and
# database only when they do not exist. Works as root (as in CI): PostgreSQL refuses to run as
# root, so the server and the admin commands run as the `postgres` OS user.
#
# Settings (environment): CLAIMLEDGER_PG_PORT (55432), CLAIMLEDGER_PG_DATA
# (/var/tmp/claimledger-pg), CLAIMLEDGER_PG_DB (claimledger_test), CLAIMLEDGER_PG_USER
# (claimledger), CLAIMLEDGER_PG_PASSWORD (claimledger). Progress goes to stderr; stdout is the URL.
set -euo pipefail

PORT="${CLAIMLEDGER_PG_PORT:-55432}"
DATA="${CLAIMLEDGER_PG_DATA:-/var/tmp/claimledger-pg}"
DB="${CLAIMLEDGER_PG_DB:-claimledger_test}"
ROLE="${CLAIMLEDGER_PG_USER:-claimledger}"
PASSWORD="${CLAIMLEDGER_PG_PASSWORD:-claimledger}"
HOST=127.0.0.1

say() { echo "start-postgres: $*" >&2; }

# Run a command as the postgres OS user (the current user when that is not root).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

find_bindir() {
    local pg_config
    for pg_config in /usr/lib/postgresql/*/bin/pg_config; do
        [ -x "$pg_config" ] && dirname "$pg_config"
    done | sort -V | tail -n 1
}

BINDIR="$(find_bindir)"
if [ -z "$BINDIR" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "PostgreSQL is not installed and this user cannot install it; run as root or" \
            "install Debian's 'postgresql' package"
        exit 1
    fi
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y postgresql >&2
    BINDIR="$(find_bindir)"
fi

if [ ! -s "$DATA/PG_VERSION" ]; then
    say "creating data directory $DATA"
    mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA"
    chmod 700 "$DATA"
    # Local socket logins by OS user; TCP logins by password.
    as_pg "$BINDIR/initdb" -D "$DATA" -U postgres --auth-local=peer \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2
fi

if as_pg "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    say "server already running in $DATA"
else
    say "starting server on $HOST:$PORT"
    # The socket goes into the data directory so no /run/postgresql permissions are needed.
    # A throwaway test server: durability is traded for speed (no fsync on commit).
    as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-h $HOST -p $PORT -k $DATA -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off" start >&2
fi

psql_admin() {
    as_pg "$BINDIR/psql" -h "$DATA" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -qAt "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
    say "creating role $ROLE"
    psql_admin -c "CREATE ROLE \"$ROLE\" LOGIN CREATEDB PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    say "creating database $DB"
    psql_admin -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\""
fi

echo "postgresql+psycopg://$ROLE:$PASSWORD@$HOST:$PORT/$DB"
