#!/usr/bin/env bash
# Conformance gate: checkov over every synthesized example stack (cdktf.out/stacks/*/cdk.tf.json).
# checkov is installed into .venv on first use, pinned, so a fresh machine needs only python3.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION=3.3.30
VENV=.venv
if [ ! -x "$VENV/bin/checkov" ] || [ "$("$VENV/bin/checkov" --version 2>/dev/null)" != "$CHECKOV_VERSION" ]; then
  echo "installing checkov $CHECKOV_VERSION into $VENV (first run only)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
exec "$VENV/bin/python" scripts/conformance.py "$@"
