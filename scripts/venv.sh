#!/usr/bin/env bash
# Creates .venv with the pinned Python test tools (checkov for the conformance gate, moto's server
# that emulates AWS APIs on loopback). Re-installs only when scripts/requirements-test.txt changes.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
STAMP="$VENV/.requirements-test.txt"
if [ -x "$VENV/bin/python" ] && cmp -s scripts/requirements-test.txt "$STAMP"; then
  exit 0
fi
echo "installing Python test tools into $VENV (first run only, about a minute)"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
cp scripts/requirements-test.txt "$STAMP"
