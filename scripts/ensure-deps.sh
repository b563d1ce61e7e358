#!/usr/bin/env bash
# Installs what Floe needs to build, run and test when it is missing: FFmpeg (ffmpeg + ffprobe), libavformat's
# headers (Floe reads the files its FFmpeg encoded with libavformat in process; built without them, it runs
# ffprobe for those too), Python
# with venv for the SDK suite (which installs its own packages from PyPI), and PostgreSQL's server binaries
# (initdb, pg_ctl) for the PostgreSQL store's tests, which start a throwaway server of their own.
# With --bench, also wrk (the API benchmark's load generator).
# Uses Debian's packages; runs apt-get as root or through sudo.
set -euo pipefail

missing=()
if [ "${1:-}" = "--bench" ]; then command -v wrk >/dev/null 2>&1 || missing+=(wrk); fi
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
have_libav_headers() { compgen -G '/usr/include/*/libavformat/avformat.h' >/dev/null || [ -e /usr/include/libavformat/avformat.h ]; }
have_libav_headers || missing+=(libavformat-dev)
# The SDK suite makes a virtual environment: python3 with venv and ensurepip.
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || missing+=(python3 python3-venv)
have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_postgres || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || { echo "FFmpeg did not install" >&2; exit 1; }
have_libav_headers || { echo "libavformat's headers did not install" >&2; exit 1; }
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || { echo "Python's venv did not install" >&2; exit 1; }
have_postgres || { echo "PostgreSQL did not install" >&2; exit 1; }
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  # The package may have made and started a system cluster; the tests need none: stop and disable it.
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters --no-header 2>/dev/null | while read -r version cluster _; do
      $sudo pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true
    done
  fi
  if command -v systemctl >/dev/null; then $sudo systemctl disable --now postgresql >/dev/null 2>&1 || true; fi
fi
if [ "${1:-}" = "--bench" ]; then command -v wrk >/dev/null || { echo "wrk did not install" >&2; exit 1; }; fi
