#!/usr/bin/env bash
# Makes or updates the Python virtual environment the tests use (.build-sdk-venv): the IMS SDK suite
# (tests/sdk/requirements.txt) and the S3 server the Swift S3ObjectStore tests start (tests/s3/requirements.txt).
# Reinstalls only when a requirements file changed since the last run.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-sdk-venv
requirements=(tests/sdk/requirements.txt tests/s3/requirements.txt)
stamp="$venv/.requirements.sha256"
wanted="$(cat "${requirements[@]}" | sha256sum | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -x "$venv/bin/moto_server" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  exit 0
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
args=()
for file in "${requirements[@]}"; do args+=(-r "$file"); done
"$venv/bin/pip" install -q --disable-pip-version-check "${args[@]}"
echo "$wanted" > "$stamp"
