#!/usr/bin/env bash
# The end-to-end suite: the official IMS Python SDK, from PyPI, against a real `floe serve` on loopback.
# The virtual environment (.build-sdk-venv) is made or updated by scripts/python-env.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-sdk-venv
scripts/python-env.sh
export FLOE_BIN="$(swift build --show-bin-path)/floe"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/sdk "$@"
