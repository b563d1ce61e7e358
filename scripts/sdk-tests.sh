#!/usr/bin/env bash
# The end-to-end suite: the official IMS Python SDK, from PyPI, against a real `floe serve` on loopback.
# Makes its own virtual environment (.build-sdk-venv) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-sdk-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import alibabacloud_ice20201109, pytest" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r tests/sdk/requirements.txt
fi
export FLOE_BIN="$(swift build --show-bin-path)/floe"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/sdk "$@"
