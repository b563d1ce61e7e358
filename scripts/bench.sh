#!/usr/bin/env bash
# Benchmarks Floe against plain FFmpeg on this machine, in one run:
#   1. one Transcode of a 30 s 720p clip through `floe run`, against the very same FFmpeg command run
#      directly (captured from Floe through a logging wrapper); wall time of each, alternated, 3 rounds;
#   2. peak RSS (VmHWM) of an idle `floe serve`;
#   3. signed StartWorkflow requests against the no-op route of the same server (scripts/bench-api.sh);
#   4. the delay from a completed S3 upload (and from a file dropped into a watched folder) to its task's
#      creation (scripts/bench_trigger.py, with boto3 and the IMS SDK from .build-sdk-venv);
#   5. per-file trigger matching with 100,000 bound locations, index against a linear scan (floe-bench-matching);
#   6. the delay from a task's end to its callback's arrival at a receiver on loopback (scripts/bench_callbacks.py);
#   7. engine throughput: one-activity no-op tasks per second with 1 and 3 worker processes, on SQLite and on a
#      throwaway PostgreSQL server (floe-bench-engine, scripts/throwaway-postgres.sh).
# Prints a Markdown table. Needs a release build (made here). BENCH_ONLY=api runs the third part only,
# BENCH_ONLY=trigger the fourth and fifth (TRIGGER_UPLOADS, TRIGGER_DROPS: how many of each, 30 and 10),
# BENCH_ONLY=callbacks the sixth (CALLBACK_TASKS: how many tasks in each of its two rows, 30),
# BENCH_ONLY=engine the seventh (ENGINE_TASKS: how many tasks, 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}

swift build -c release --product floe >&2
floe="$(swift build -c release --show-bin-path)/floe"
trigger_rows() {
  scripts/python-env.sh >&2
  .build-sdk-venv/bin/python scripts/bench_trigger.py "$floe" --uploads "${TRIGGER_UPLOADS:-30}" --drops "${TRIGGER_DROPS:-10}"
  swift build -c release --product floe-bench-matching >&2
  "$(swift build -c release --show-bin-path)/floe-bench-matching"
}
callback_rows() {
  scripts/python-env.sh >&2
  .build-sdk-venv/bin/python scripts/bench_callbacks.py "$floe" --tasks "${CALLBACK_TASKS:-30}"
}
engine_rows() {
  swift build -c release --product floe-bench-engine >&2
  local bench pg url
  bench="$(swift build -c release --show-bin-path)/floe-bench-engine"
  "$bench" --tasks "${ENGINE_TASKS:-2000}"
  # The same on a throwaway PostgreSQL server (installed by ensure-deps when missing).
  pg=$(mktemp -d -u "${TMPDIR:-/tmp}/floe-bench-pg.XXXXXX")
  url=$(scripts/throwaway-postgres.sh start "$pg")
  "$bench" --tasks "${ENGINE_TASKS:-2000}" --database-url "$url" || { scripts/throwaway-postgres.sh stop "$pg"; return 1; }
  scripts/throwaway-postgres.sh stop "$pg"
}
case "${BENCH_ONLY:-}" in
  api)       # just the API rows
    echo "| measure | Floe | plain FFmpeg | ratio |"; echo "|---|---|---|---|"
    exec scripts/bench-api.sh "$floe" ;;
  trigger)   # just the trigger rows: upload → task delay, matching cost
    echo "| measure | Floe | plain FFmpeg | ratio |"; echo "|---|---|---|---|"
    trigger_rows
    exit 0 ;;
  engine)    # just the engine rows: no-op tasks per second
    echo "| measure | Floe | plain FFmpeg | ratio |"; echo "|---|---|---|---|"
    engine_rows
    exit 0 ;;
  callbacks) # just the callback rows: task end → callback received
    echo "| measure | Floe | plain FFmpeg | ratio |"; echo "|---|---|---|---|"
    callback_rows
    exit 0 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clip="$work/clip-30s-720p.mp4"
ffmpeg -hide_banner -loglevel error -nostdin -y \
  -f lavfi -i testsrc2=size=1280x720:rate=30:duration=30 -f lavfi -i sine=frequency=440:sample_rate=48000:duration=30 \
  -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$clip"

cat > "$work/bench.yaml" <<'YAML'
Name: bench-transcode
Activities:
  Start: {Type: Start}
  mp4: {Type: Transcode, Parameters: {Outputs: [
          {Name: 720p, Container: mp4, Video: {Codec: h264, Height: 720, Bitrate: 2500, Preset: veryfast}, Audio: {Codec: aac, Bitrate: 128}}]}}
  End: {Type: End}
Dependencies: {Start: [mp4], mp4: [End]}
YAML

# A wrapper that records each ffmpeg command Floe runs, then runs it.
real_ffmpeg=$(command -v ffmpeg)
cat > "$work/ffmpeg-logged" <<SH
#!/usr/bin/env bash
printf '%s\0' "\$@" > "$work/last-command.\$\$"
exec "$real_ffmpeg" "\$@"
SH
chmod +x "$work/ffmpeg-logged"

now() { date +%s.%N; }
calc() { awk "BEGIN {print $*}"; }
floe_times=(); ffmpeg_times=()
for round in $(seq 1 "$rounds"); do
  rm -rf "$work/data" "$work"/last-command.*
  start=$(now)
  "$floe" run --data-dir "$work/data" --ffmpeg "$work/ffmpeg-logged" --heartbeat 1 --lease 10 --template "$work/bench.yaml" "$clip" > "$work/floe.out"
  floe_times+=("$(calc "$(now) - $start")")
  command_file=$(ls "$work"/last-command.* | head -1)
  mapfile -d '' args < "$command_file"
  # The same command, writing where Floe wrote (its scratch folder, gone by now).
  for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in "$work"/data/scratch/*) mkdir -p "$(dirname "${args[$i]}")" ;; esac
  done
  start=$(now)
  "$real_ffmpeg" "${args[@]}" > /dev/null 2>&1
  ffmpeg_times+=("$(calc "$(now) - $start")")
done

# Idle RSS of `floe serve`.
rm -rf "$work/idle"
"$floe" serve --data-dir "$work/idle" --port 0 --log-level error &
pid=$!
sleep 5
hwm_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
kill -TERM $pid; wait $pid || true

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mf=$(median "${floe_times[@]}"); mg=$(median "${ffmpeg_times[@]}")
ratios=(); for ((i = 0; i < rounds; i++)); do ratios+=("$(calc "${floe_times[$i]} / ${ffmpeg_times[$i]}")"); done
mr=$(median "${ratios[@]}")
echo
echo "| measure | Floe | plain FFmpeg | ratio |"
echo "|---|---|---|---|"
for ((i = 0; i < rounds; i++)); do
  printf '| transcode 30 s 720p, round %d | %.2f s | %.2f s | %.3f |\n' $((i + 1)) "${floe_times[$i]}" "${ffmpeg_times[$i]}" "$(calc "${floe_times[$i]} / ${ffmpeg_times[$i]}")"
done
printf '| transcode 30 s 720p, median (ratio: median of the rounds'"'"' ratios) | %.2f s | %.2f s | %.3f |\n' "$mf" "$mg" "$mr"
printf '| idle floe serve, peak RSS (VmHWM) | %.1f MB | | |\n' "$(calc "$hwm_kb / 1024")"
printf '| idle floe serve, RSS after 5 s | %.1f MB | | |\n' "$(calc "$rss_kb / 1024")"
scripts/bench-api.sh "$floe"
trigger_rows
callback_rows
engine_rows
echo
echo "FFmpeg command measured: ffmpeg ${args[*]}" | sed "s|$work|<tmp>|g"
