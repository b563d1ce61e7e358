#!/usr/bin/env bash
# Benchmarks Floe against plain FFmpeg on this machine, in one run:
#   1. one Transcode of a 30 s 720p clip through `floe run`, against the very same FFmpeg command run
#      directly (captured from Floe through a logging wrapper); wall time of each, alternated, 3 rounds; then the
#      same on a 120 s clip (TRANSCODE_LONG_SECONDS);
#   2. peak RSS (VmHWM) of an idle `floe serve`, and of an API-only one holding 1,000 queued tasks
#      (scripts/bench_memory.py; QUEUED_TASKS: how many);
#   3. signed StartWorkflow (a write) and GetWorkflowTask (a read) requests against the no-op route of the same
#      server, with the server's CPU per request (scripts/bench-api.sh);
#   4. the delay from a completed S3 upload (and from a file dropped into a watched folder) to its task's
#      creation (scripts/bench_trigger.py, with boto3 and the IMS SDK from .build-sdk-venv);
#   5. per-file trigger matching with 100,000 bound locations, index against a linear scan (floe-bench-matching);
#   6. the delay from a task's end to its callback's arrival at a receiver on loopback (scripts/bench_callbacks.py);
#   7. engine throughput: one-activity no-op tasks per second with 1 and 3 worker processes, and the start-to-end
#      latency of one such task, on SQLite and on a throwaway PostgreSQL server (floe-bench-engine,
#      scripts/throwaway-postgres.sh);
#   8. the ladder: an HLS set of three rungs (the presets h264-1080p, -720p, -360p) from a 30 s 1080p clip, made
#      by one Package activity through `floe run` (one FFmpeg, one decode), against three separate FFmpeg runs
#      that each make one rung's HLS set; and Floe's FFmpeg command run directly against the same three.
# Prints a Markdown table. Needs a release build (made here). BENCH_ONLY=api runs the third part only,
# BENCH_ONLY=trigger the fourth and fifth (TRIGGER_UPLOADS, TRIGGER_DROPS: how many of each, 30 and 10),
# BENCH_ONLY=callbacks the sixth (CALLBACK_TASKS: how many tasks in each of its two rows, 30),
# BENCH_ONLY=engine the seventh (ENGINE_TASKS: how many tasks, 2000), BENCH_ONLY=ladder the eighth,
# BENCH_ONLY=memory the second, BENCH_ONLY=transcode the first.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}

# The release build as docs/OPERATIONS.md makes it: the Swift runtime and Foundation linked in (a self-contained
# binary that starts faster and holds about 4 MB less than one linked to the shared libraries). Every product
# here is built with the same flags, or each build would recompile the others' modules.
release=(swift build -c release --static-swift-stdlib)
"${release[@]}" --product floe >&2
floe="$("${release[@]}" --show-bin-path)/floe"
trigger_rows() {
  scripts/python-env.sh >&2
  .build-sdk-venv/bin/python scripts/bench_trigger.py "$floe" --uploads "${TRIGGER_UPLOADS:-30}" --drops "${TRIGGER_DROPS:-10}"
  "${release[@]}" --product floe-bench-matching >&2
  "$("${release[@]}" --show-bin-path)/floe-bench-matching"
}
callback_rows() {
  scripts/python-env.sh >&2
  .build-sdk-venv/bin/python scripts/bench_callbacks.py "$floe" --tasks "${CALLBACK_TASKS:-30}"
}
engine_rows() {
  "${release[@]}" --product floe-bench-engine >&2
  local bench pg url
  bench="$("${release[@]}" --show-bin-path)/floe-bench-engine"
  "$bench" --tasks "${ENGINE_TASKS:-2000}"
  # The same on a throwaway PostgreSQL server (installed by ensure-deps when missing).
  pg=$(mktemp -d -u "${TMPDIR:-/tmp}/floe-bench-pg.XXXXXX")
  url=$(scripts/throwaway-postgres.sh start "$pg")
  "$bench" --tasks "${ENGINE_TASKS:-2000}" --database-url "$url" || { scripts/throwaway-postgres.sh stop "$pg"; return 1; }
  scripts/throwaway-postgres.sh stop "$pg"
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
calc() { awk "BEGIN {print $*}"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# A wrapper that records each ffmpeg command Floe runs, then runs it.
real_ffmpeg=$(command -v ffmpeg)
cat > "$work/ffmpeg-logged" <<SH
#!/usr/bin/env bash
printf '%s\0' "\$@" > "$work/last-command.\$\$"
exec "$real_ffmpeg" "\$@"
SH
chmod +x "$work/ffmpeg-logged"

# floe_run_logged TEMPLATE FILE: runs the template on the file with `floe run` through the wrapper. Sets
# floe_time (the whole command's wall time) and args (the one FFmpeg command Floe ran, its scratch folders
# made again so that it can be run directly, writing where Floe wrote). Every timed run uses the one data
# folder, as a user's runs do: making it (the database, its migrations, the built-in templates, the root
# key) is a first run's cost, paid once here by an untimed run on a 1 s clip.
floe_run_logged() {
  if [ ! -d "$work/data" ]; then
    ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=1" \
      -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=1" -c:v libx264 -preset veryfast -pix_fmt yuv420p \
      -c:a aac -shortest "$work/first-run.mp4"
    "$floe" run --data-dir "$work/data" --heartbeat 1 --lease 10 --template "$1" "$work/first-run.mp4" > /dev/null
  fi
  rm -f "$work"/last-command.*
  local start
  start=$(now)
  "$floe" run --data-dir "$work/data" --ffmpeg "$work/ffmpeg-logged" --heartbeat 1 --lease 10 --template "$1" "$2" > "$work/floe.out"
  floe_time=$(calc "$(now) - $start")
  local commands=("$work"/last-command.*)
  [ "${#commands[@]}" -eq 1 ] || { echo "expected one FFmpeg command, Floe ran ${#commands[@]}" >&2; return 1; }
  mapfile -d '' args < "${commands[0]}"
  local arg
  for arg in "${args[@]}"; do
    case "$arg" in "$work"/data/scratch/*) mkdir -p "$(dirname "$arg")" ;; esac
  done
}

# run_direct: runs the FFmpeg command floe_run_logged captured, directly; sets direct_time (its wall time).
run_direct() {
  local start
  start=$(now)
  "$real_ffmpeg" "${args[@]}" > /dev/null 2>&1
  direct_time=$(calc "$(now) - $start")
}

# transcode_rows SECONDS [median-only]: a SECONDS-long 720p clip through a one-Transcode template with `floe run`,
# against the very same FFmpeg command run directly, alternated ROUNDS times; a row per round (unless median-only)
# and the medians. Floe's overhead is about fixed (start-up, a probe of the input and one of the output): the
# longer clip shows what it is worth on an encode of more than a few seconds.
transcode_rows() {
  local seconds=$1 clip="$work/clip-$1s-720p.mp4" i
  ffmpeg -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=$seconds" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" \
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
  local floe_times=() ffmpeg_times=() ratios=()
  for round in $(seq 1 "$rounds"); do
    floe_run_logged "$work/bench.yaml" "$clip"
    floe_times+=("$floe_time")
    run_direct
    ffmpeg_times+=("$direct_time")
  done
  for ((i = 0; i < rounds; i++)); do
    ratios+=("$(calc "${floe_times[$i]} / ${ffmpeg_times[$i]}")")
    [ "${2:-}" = median-only ] || printf '| transcode %d s 720p, round %d | %.2f s | %.2f s | %.3f |\n' \
      "$seconds" $((i + 1)) "${floe_times[$i]}" "${ffmpeg_times[$i]}" "${ratios[$i]}"
  done
  printf '| transcode %d s 720p, median of %d rounds (ratio: median of the rounds'"'"' ratios; overhead: median of Floe − FFmpeg) | %.2f s | %.2f s | %.3f (%+.2f s) |\n' \
    "$seconds" "$rounds" "$(median "${floe_times[@]}")" "$(median "${ffmpeg_times[@]}")" "$(median "${ratios[@]}")" \
    "$(median $(for ((i = 0; i < rounds; i++)); do calc "${floe_times[$i]} - ${ffmpeg_times[$i]}"; done))"
}

# The ladder: one Package (one FFmpeg, one decode, three rungs) against three FFmpeg runs of one rung each.
ladder_rows() {
  local ladder_clip="$work/clip-30s-1080p.mp4"
  ffmpeg -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i testsrc2=size=1920x1080:rate=30:duration=30 -f lavfi -i sine=frequency=440:sample_rate=48000:duration=30 \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 128k -shortest "$ladder_clip"
  cat > "$work/ladder.yaml" <<'YAML'
Name: bench-ladder
Activities:
  Start: {Type: Start}
  hls: {Type: Package, Parameters: {Format: hls, SegmentDuration: 6, Renditions: [
          {TemplateId: h264-1080p}, {TemplateId: h264-720p}, {TemplateId: h264-360p}]}}
  End: {Type: End}
Dependencies: {Start: [hls], hls: [End]}
YAML
  # One rung of the presets (height, video and audio kbit/s) as its own HLS set.
  one_rung() {
    local out="$work/separate/$1"
    rm -rf "$out"; mkdir -p "$out"
    "$real_ffmpeg" -hide_banner -loglevel error -nostdin -y -i "$ladder_clip" -map 0:v:0 -map 0:a:0 \
      -vf "scale=-2:$1,format=yuv420p" -c:v libx264 -preset veryfast -b:v "$2k" -force_key_frames "expr:gte(t,n_forced*6)" \
      -c:a aac -b:a "$3k" -ar 48000 -ac 2 \
      -f hls -hls_time 6 -hls_playlist_type vod -hls_segment_type fmp4 -hls_segment_filename "$out/s_%05d.m4s" "$out/index.m3u8"
  }
  local floe_ladder=() direct_ladder=() separate_ladder=() start
  for round in $(seq 1 "$rounds"); do
    floe_run_logged "$work/ladder.yaml" "$ladder_clip"
    floe_ladder+=("$floe_time")
    run_direct
    direct_ladder+=("$direct_time")
    start=$(now)
    one_rung 1080 5000 128; one_rung 720 2800 128; one_rung 360 800 96
    separate_ladder+=("$(calc "$(now) - $start")")
  done
  local floe_ratios=() direct_ratios=()
  for ((i = 0; i < rounds; i++)); do
    floe_ratios+=("$(calc "${floe_ladder[$i]} / ${separate_ladder[$i]}")")
    direct_ratios+=("$(calc "${direct_ladder[$i]} / ${separate_ladder[$i]}")")
    printf '| ladder 3 rungs from 30 s 1080p, round %d: Floe Package / three FFmpeg runs | %.2f s | %.2f s | %.3f |\n' \
      $((i + 1)) "${floe_ladder[$i]}" "${separate_ladder[$i]}" "${floe_ratios[$i]}"
  done
  printf '| ladder, median: Floe Package (`floe run`) / three FFmpeg runs | %.2f s | %.2f s | %.3f |\n' \
    "$(median "${floe_ladder[@]}")" "$(median "${separate_ladder[@]}")" "$(median "${floe_ratios[@]}")"
  printf "| ladder, median: Floe's one FFmpeg command run directly / three FFmpeg runs | %.2f s | %.2f s | %.3f |\n" \
    "$(median "${direct_ladder[@]}")" "$(median "${separate_ladder[@]}")" "$(median "${direct_ratios[@]}")"
  echo
  echo "Ladder command measured: ffmpeg ${args[*]}" | sed "s|$work|<tmp>|g"
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
  transcode) # just the transcode rows: Floe against the same FFmpeg command, 30 s and a longer clip
    echo "| measure | Floe | plain FFmpeg | ratio |"; echo "|---|---|---|---|"
    transcode_rows 30
    transcode_rows "${TRANSCODE_LONG_SECONDS:-120}" median-only
    echo
    echo "FFmpeg command measured: ffmpeg ${args[*]}" | sed "s|$work|<tmp>|g"
    exit 0 ;;
  ladder)    # just the ladder rows: one Package against three FFmpeg runs
    echo "| measure | Floe | plain FFmpeg | ratio |"; echo "|---|---|---|---|"
    ladder_rows
    exit 0 ;;
  memory)    # just the memory rows: idle, and with queued tasks
    echo "| measure | Floe | plain FFmpeg | ratio |"; echo "|---|---|---|---|"
    python3 scripts/bench_memory.py "$floe" --queued "${QUEUED_TASKS:-1000}"
    exit 0 ;;
esac

echo "| measure | Floe | plain FFmpeg | ratio |"
echo "|---|---|---|---|"
transcode_rows 30
transcode_rows "${TRANSCODE_LONG_SECONDS:-120}" median-only
transcode_args=("${args[@]}")

# Idle RSS of `floe serve`.
rm -rf "$work/idle"
"$floe" serve --data-dir "$work/idle" --port 0 --log-level error &
pid=$!
sleep 5
hwm_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
kill -TERM $pid; wait $pid || true
printf '| idle floe serve, peak RSS (VmHWM) | %.1f MB | | |\n' "$(calc "$hwm_kb / 1024")"
printf '| idle floe serve, RSS after 5 s | %.1f MB | | |\n' "$(calc "$rss_kb / 1024")"
python3 scripts/bench_memory.py "$floe" --queued "${QUEUED_TASKS:-1000}"
scripts/bench-api.sh "$floe"
trigger_rows
callback_rows
engine_rows
ladder_rows
args=("${transcode_args[@]}")
echo
echo "FFmpeg command measured: ffmpeg ${args[*]}" | sed "s|$work|<tmp>|g"
