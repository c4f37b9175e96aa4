#!/usr/bin/env bash
# Conformance gate: checkov over every synthesized example stack (cdktf.out/stacks/*/cdk.tf.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh
exec .venv/bin/python scripts/conformance.py "$@"
