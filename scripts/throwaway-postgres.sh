#!/usr/bin/env bash
# A PostgreSQL server for benchmarks, on loopback, in a folder of its own:
#   scripts/throwaway-postgres.sh start FOLDER   makes and starts it; prints its URL (database floe)
#   scripts/throwaway-postgres.sh stop FOLDER    stops it and deletes FOLDER
# Durable as a real server (fsync on), with synchronous_commit off: a crash loses no consistency, only the
# last commits, as with Floe's SQLite store (WAL, synchronous NORMAL). As root, runs as the postgres user.
set -euo pipefail
action=${1:?start or stop}; folder=${2:?a folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: run scripts/ensure-deps.sh" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    mkdir -p "$folder"
    [ "$(id -u)" -eq 0 ] && chown postgres "$folder"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$bin/initdb" -D "$folder/data" -U floe --auth=trust -E UTF8 >/dev/null
    as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$folder -c synchronous_commit=off -c max_connections=200" \
      start >/dev/null
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U floe floe
    echo "postgres://floe@127.0.0.1:$port/floe?sslmode=disable" ;;
  stop)
    as_postgres "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null || true
    rm -rf "$folder" ;;
  *) echo "usage: $0 start|stop FOLDER" >&2; exit 64 ;;
esac
