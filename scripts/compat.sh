#!/usr/bin/env bash
# API compatibility gate: jsii-diff compares the compiled assembly with the last release on npm
# and fails on a breaking change (unless listed in .compatignore). Before the first release there
# is nothing to compare with; that, and only that, is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$(node -p "require('./package.json').name")
if ! out=$(npm view "$name" version 2>&1); then
  if grep -q "E404" <<<"$out"; then
    echo "compat: $name has no release on npm yet; nothing to compare"
    exit 0
  fi
  echo "$out" >&2
  exit 1
fi
echo "compat: comparing the API with $name@$out"
touch .compatignore
exec npx jsii-diff "npm:$name@$out" --keys --ignore-file .compatignore
