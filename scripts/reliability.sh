#!/usr/bin/env bash
# The reliability suite (docs/RELIABILITY.md): kill loops, fuzz, load, full disk, corrupt media, each against a
# real `floe serve` on a fresh data folder and a free loopback port. Long (a few minutes after the build); not in `make test`.
#
#   scripts/reliability.sh                          build floe (release) and run every part
#   FLOE_BIN=path/to/floe scripts/reliability.sh    use that binary instead of building
#   RELIABILITY_ONLY=killloop|fuzz|load|disk|corrupt  one part (or several, comma-separated)
#   LOAD_SECONDS=60                                 how long the load part runs
#
# Prints one Markdown table (part, what was checked, figures, PASS/FAIL/SKIP); exits 1 when a part failed.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-deps.sh || exit 1
if [ -z "${FLOE_BIN:-}" ]; then
  # The release build of docs/OPERATIONS.md (and of make bench): Swift's runtime and Foundation linked in.
  swift build -c release --static-swift-stdlib --product floe || exit 1
  FLOE_BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)/floe"
fi
export FLOE_BIN
[ -x "$FLOE_BIN" ] || { echo "no floe executable at $FLOE_BIN" >&2; exit 1; }

parts="${RELIABILITY_ONLY:-killloop,fuzz,load,disk,corrupt}"
# Every folder and file the parts make (data folders, clips, logs) goes into one folder for the run: removed when
# every part passed, kept (and named) when one did not, for its logs.
run="$(mktemp -d "${TMPDIR:-/tmp}/floe-reliability-run.XXXXXX")"
trap 'rm -rf "$run"; exit 130' INT TERM
export TMPDIR="$run"
results="$run/results.jsonl"
: > "$results"
export RELIABILITY_RESULTS="$results"
status=0
for part in ${parts//,/ }; do
  case "$part" in killloop|fuzz|load|disk|corrupt) ;; *) echo "unknown part: $part" >&2; exit 2 ;; esac
  echo "== $part" >&2
  before=$(wc -l < "$results")
  python3 "scripts/reliability/$part.py" || status=1
  if [ "$(wc -l < "$results")" -eq "$before" ]; then
    # The part died before reporting (an uncaught error): a failure of its own.
    echo "{\"part\": \"$part\", \"checked\": \"(did not report)\", \"figures\": \"the script ended without a result\", \"result\": \"FAIL\"}" >> "$results"
    status=1
  fi
done

echo
echo "Reliability run $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, floe at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
python3 - "$results" <<'EOF'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
cell = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
print("| part | what was checked | figures | result |")
print("|---|---|---|---|")
for r in rows:
    print(f"| {cell(r['part'])} | {cell(r['checked'])} | {cell(r['figures'])} | **{r['result']}** |")
EOF
if [ "$status" -eq 0 ]; then
  rm -rf "$run"
else
  echo "A part failed: its data folders and logs are kept in $run" >&2
fi
exit $status
