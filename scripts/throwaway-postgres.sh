#!/usr/bin/env bash
# A PostgreSQL server for benchmarks, on loopback, in a folder of its own:
#   scripts/throwaway-postgres.sh start FOLDER   makes and starts it; prints its URL (database floe)
#   scripts/throwaway-postgres.sh pause FOLDER   stops the server, keeping its data (an outage)
#   scripts/throwaway-postgres.sh resume FOLDER  starts it again, on the same port
#   scripts/throwaway-postgres.sh stop FOLDER    stops it and deletes FOLDER
# Durable as a real server (fsync on), with synchronous_commit off: a crash loses no consistency, only the
# last commits, as with Floe's SQLite store (WAL, synchronous NORMAL). As root, runs as the postgres user.
set -euo pipefail
# The server outlives this script: it must not inherit a caller's descriptors (a pipe the caller reads to its end
# would never end). Keep only standard input, output and error.
for fd in /proc/$$/fd/*; do
  fd=${fd##*/}
  if [ "$fd" -gt 2 ] && [ "$fd" -ne 255 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
done
action=${1:?start or stop}; folder=${2:?a folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: run scripts/ensure-deps.sh" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_server() {
  as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$folder -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null
}
case "$action" in
  start)
    mkdir -p "$folder"
    [ "$(id -u)" -eq 0 ] && chown postgres "$folder"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" > "$folder/port"
    as_postgres "$bin/initdb" -D "$folder/data" -U floe --auth=trust -E UTF8 >/dev/null
    start_server
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U floe floe
    echo "postgres://floe@127.0.0.1:$port/floe?sslmode=disable" ;;
  pause)
    as_postgres "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null ;;
  resume)
    port=$(cat "$folder/port")
    start_server ;;
  stop)
    as_postgres "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null || true
    rm -rf "$folder" ;;
  *) echo "usage: $0 start|pause|resume|stop FOLDER" >&2; exit 64 ;;
esac
