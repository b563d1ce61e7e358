#!/usr/bin/env bash
# The API benchmark: signed StartWorkflow requests (a write), then signed GetWorkflowTask requests (a read)
# against the no-op route (GET /healthz) of the same `floe serve`, at concurrency 64, with wrk, in one run.
# The server runs API-only (--slots 0), so the figures are the API's and the store's, not FFmpeg's.
# Requests are signed before their timed run (scripts/bench_api_requests.py), each with its own nonce;
# scripts/bench_api.lua replays them. Beside each rate, the server's CPU time per request (user + system,
# from /proc/PID/stat over the run). After the StartWorkflow run, the tasks in the store are counted: every
# accepted StartWorkflow must have made one.
#   usage: scripts/bench-api.sh FLOE_BINARY   (prints Markdown table rows)
set -euo pipefail
cd "$(dirname "$0")/.."
floe=$1
seconds=${API_SECONDS:-10}
connections=${API_CONNECTIONS:-64}
requests=${API_REQUESTS:-150000}
threads=2

command -v wrk >/dev/null || { echo "bench-api: wrk is missing (scripts/ensure-deps.sh --bench installs it)" >&2; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$floe" serve --data-dir "$work/data" --port "$port" --slots 0 --log-level error > "$work/serve.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  [ -f "$work/data/credentials" ] && curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }
key_id=$(awk -F' = ' '/^access_key_id/ {print $2}' "$work/data/credentials")
secret=$(awk -F' = ' '/^access_key_secret/ {print $2}' "$work/data/credentials")

snapshots=a0000000000000000000000000000003
sign() { python3 scripts/bench_api_requests.py "127.0.0.1:$port" "$key_id" "$secret" "$requests" "$@"; }
sign StartWorkflow "$snapshots" "oss://floe-input/bench/clip.mp4" > "$work/requests.tsv"

# run SECONDS URL [-- REQUESTS THREADS]: wrk's RESULT line, with the server's CPU per request (cpu_us=) added.
ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
clock_ticks=$(getconf CLK_TCK)
run() {
  local before result
  before=$(ticks)
  result=$(wrk -t$threads -c"$connections" -d"$1"s --timeout 5s -s scripts/bench_api.lua "${@:2}" | awk '/^RESULT/')
  echo "$result cpu_us=$(awk "BEGIN {printf \"%.0f\", ($(ticks) - $before) * 1e6 / $clock_ticks / $(field "$result" requests)}")"
}
field() { sed -E "s/.* $2=([^ ]+).*/\1/" <<<"$1"; }
run 2 "http://127.0.0.1:$port/healthz" > /dev/null   # warm-up
noop=$(run "$seconds" "http://127.0.0.1:$port/healthz")
start=$(run "$seconds" "http://127.0.0.1:$port/" -- "$work/requests.tsv" "$threads")

sent=$(field "$start" requests)
[ "$sent" -lt "$requests" ] || echo "bench-api: every pre-signed request was used; raise API_REQUESTS" >&2
tasks=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from task').fetchone()[0])" "$work/data/floe.sqlite")
accepted=$(( sent - $(field "$start" non2xx) ))

# The read: one of those tasks, fetched again and again.
task_id=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select id from task limit 1').fetchone()[0])" "$work/data/floe.sqlite")
sign GetWorkflowTask "$task_id" > "$work/reads.tsv"
get=$(run "$seconds" "http://127.0.0.1:$port/" -- "$work/reads.tsv" "$threads")
[ "$(( $(field "$get" non2xx) + $(field "$get" socket_errors) ))" -eq 0 ] || { echo "bench-api: GetWorkflowTask failed: $get" >&2; exit 1; }

rate() { awk "BEGIN {printf \"%.0f\", $(field "$1" requests) / $(field "$1" seconds)}"; }
noop_rate=$(rate "$noop"); start_rate=$(rate "$start"); get_rate=$(rate "$get")
printf '| API, no-op route GET /healthz, %d connections | %s req/s, p50 %s ms, p99 %s ms; server CPU %s µs/request | | |\n' \
  "$connections" "$noop_rate" "$(field "$noop" p50_ms)" "$(field "$noop" p99_ms)" "$(field "$noop" cpu_us)"
# wrk stops with up to one request per connection in flight: the server finishes those, wrk does not count them.
in_flight=$(( tasks - accepted ))
if [ "$in_flight" -lt 0 ] || [ "$in_flight" -gt "$connections" ]; then
  echo "bench-api: $accepted StartWorkflow calls accepted but $tasks tasks in the store" >&2; exit 1
fi
printf '| API, signed StartWorkflow, %d connections (accepted %d; tasks in store %d, the %d more in flight when wrk stopped; errors %d) | %s req/s, p50 %s ms, p99 %s ms; server CPU %s µs/request | | %.3f of no-op |\n' \
  "$connections" "$accepted" "$tasks" "$in_flight" "$(( $(field "$start" non2xx) + $(field "$start" socket_errors) ))" \
  "$start_rate" "$(field "$start" p50_ms)" "$(field "$start" p99_ms)" "$(field "$start" cpu_us)" "$(awk "BEGIN {print $start_rate / $noop_rate}")"
printf '| API, signed GetWorkflowTask of one task, %d connections (errors 0) | %s req/s, p50 %s ms, p99 %s ms; server CPU %s µs/request | | %.3f of no-op |\n' \
  "$connections" "$get_rate" "$(field "$get" p50_ms)" "$(field "$get" p99_ms)" "$(field "$get" cpu_us)" "$(awk "BEGIN {print $get_rate / $noop_rate}")"
