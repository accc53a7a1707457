#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the store and API tests.
#
# Usage:  source .ci/postgres.sh               # as scripts/test.sh does: exports TOWNSQUARE_TEST_POSTGRES_URL
#         eval "$(bash .ci/postgres.sh)"      # the same from any shell
#         bash .ci/postgres.sh stop            # stops the server and deletes its cluster
#
# Installs PostgreSQL with apt-get when it is missing (CI runs as root). The cluster lives under
# ${TOWNSQUARE_PG_DIR:-/tmp/townsquare-pg}, listens on 127.0.0.1:${TOWNSQUARE_PG_PORT:-54329}, trusts
# local connections and is owned by the invoking user (or "postgres" when run as root, since the
# server refuses to run as root). Progress goes to stderr; stdout carries only the export line, so
# it can be eval'ed; the URL is also written to $PGDIR/url.

# Sourced: do the work in a child shell (so `set -e`, variables and `exit` stay out of the caller)
# and export the URL it prints into the caller's environment.
if (return 0 2>/dev/null); then
  _townsquare_pg_line="$(bash "${BASH_SOURCE[0]}" start)" || { echo "postgres.sh: failed" >&2; return 1; }
  eval "$_townsquare_pg_line"
  unset _townsquare_pg_line
  return 0
fi

set -euo pipefail

PGDIR="${TOWNSQUARE_PG_DIR:-/tmp/townsquare-pg}"
PORT="${TOWNSQUARE_PG_PORT:-54329}"
DB="${TOWNSQUARE_PG_DB:-townsquare_test}"
log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" ]]; then echo "$d"; fi
  done | sort -V | tail -n 1
}

BINDIR="$(find_bindir || true)"
if [[ -z "${BINDIR}" ]]; then
  if [[ "$(id -u)" != "0" ]]; then
    log "PostgreSQL is not installed; install it (apt-get install postgresql) or run as root"
    exit 1
  fi
  log "installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BINDIR="$(find_bindir)"
fi

if [[ "$(id -u)" == "0" ]]; then
  RUN=(runuser -u postgres --)
  OWNER=postgres
else
  RUN=()
  OWNER="$(id -un)"
fi

if [[ "${1:-start}" == "stop" ]]; then
  if [[ -d "$PGDIR/data" ]]; then
    "${RUN[@]}" "$BINDIR/pg_ctl" -D "$PGDIR/data" -m fast stop >&2 || true
  fi
  rm -rf "$PGDIR"
  log "stopped and removed $PGDIR"
  exit 0
fi

mkdir -p "$PGDIR"
chown "$OWNER" "$PGDIR"
cd "$PGDIR"  # the server user may not be able to read the caller's working directory
if [[ ! -f "$PGDIR/data/PG_VERSION" ]]; then
  log "creating cluster in $PGDIR/data"
  "${RUN[@]}" "$BINDIR/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || "${RUN[@]}" "$BINDIR/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C >&2
fi

if ! "${RUN[@]}" "$BINDIR/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  log "starting server on 127.0.0.1:$PORT"
  "${RUN[@]}" "$BINDIR/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=on -c max_connections=100" start >&2
fi

for _ in $(seq 1 60); do
  if "$BINDIR/pg_isready" -h 127.0.0.1 -p "$PORT" -q; then break; fi
  sleep 0.5
done
"$BINDIR/pg_isready" -h 127.0.0.1 -p "$PORT" >&2

if ! "$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
  "$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE DATABASE $DB" >&2
fi

URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
echo "$URL" > "$PGDIR/url"
log "ready: $URL"
echo "export TOWNSQUARE_TEST_POSTGRES_URL=$URL"
