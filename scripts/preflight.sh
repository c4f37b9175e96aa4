#!/usr/bin/env bash
# Preflight of the test command: names every missing or too old tool and how to get it, before
# anything fails deep inside jest, jsii-pacmak, pip or go. Prints nothing when all is well.
set -uo pipefail
cd "$(dirname "$0")/.."

problems=()
missing() { problems+=("$1"); }

# version_ge <have> <want>: numeric comparison of dotted versions
version_ge() {
  local IFS=.
  local -a a=($1) b=($2)
  for i in 0 1 2; do
    local x=${a[$i]:-0} y=${b[$i]:-0}
    x=${x%%[!0-9]*} y=${y%%[!0-9]*}
    ((10#${x:-0} > 10#${y:-0})) && return 0
    ((10#${x:-0} < 10#${y:-0})) && return 1
  done
  return 0
}

# Node.js: the floor in package.json "engines" (./npmw brings it when the machine's node is older).
node_floor=$(sed -n 's/.*"node": *">= *\([0-9.]*\)".*/\1/p' package.json | head -1)
if ! node_version=$(node -p 'process.versions.node' 2>/dev/null); then
  missing "Node.js >= $node_floor: not found. Install Node.js 22 or 24 LTS (https://nodejs.org/en/download, or nvm/fnm/volta)."
elif ! version_ge "$node_version" "$node_floor"; then
  missing "Node.js >= $node_floor: this is $node_version. Run the commands through ./npmw (e.g. ./npmw test), which fetches Node.js 22 into .tools/, or install Node.js 22 or 24 LTS."
fi

# Python 3.9+ with venv and pip (checkov and moto for the tests, the wheel for the Python example).
if ! py_version=$(python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null); then
  missing "Python >= 3.9: python3 not found. Install Python 3.9 or newer (https://www.python.org/downloads/; Debian/Ubuntu: apt-get install python3 python3-venv)."
elif ! version_ge "$py_version" 3.9; then
  missing "Python >= 3.9: python3 is $py_version. Install Python 3.9 or newer (https://www.python.org/downloads/)."
elif ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing "Python venv: python3 $py_version cannot create virtual environments (no ensurepip). Debian/Ubuntu: apt-get install python3-venv (or python3.X-venv for your version)."
fi

# Go: the Go module is generated and compiled (gofmt checks it; the Go example builds on it).
# jsii-runtime-go 1.140 declares go 1.25; Go 1.21+ fetches that toolchain itself unless GOTOOLCHAIN=local.
if ! go_version=$(go env GOVERSION 2>/dev/null); then
  missing "Go >= 1.25 (or >= 1.21, which fetches 1.25 itself): go not found. Install Go from https://go.dev/dl/ and put its bin/ on PATH."
else
  go_version=${go_version#go}
  if ! version_ge "$go_version" 1.21; then
    missing "Go >= 1.21: this is $go_version. Install a current Go from https://go.dev/dl/."
  elif ! version_ge "$go_version" 1.25 && [ "$(go env GOTOOLCHAIN)" = "local" ]; then
    missing "Go >= 1.25: this is $go_version with GOTOOLCHAIN=local, so it cannot fetch the go1.25 toolchain the jsii Go runtime needs. Install Go 1.25+ (https://go.dev/dl/) or unset GOTOOLCHAIN."
  fi
  command -v gofmt >/dev/null 2>&1 || missing "gofmt: not on PATH. It ships with Go in \$(go env GOROOT)/bin; add that folder to PATH."
fi

command -v git >/dev/null 2>&1 || missing "git: not found. Install git (https://git-scm.com/downloads; Debian/Ubuntu: apt-get install git)."

if [ ${#problems[@]} -gt 0 ]; then
  echo "preflight: the test command needs these first:" >&2
  for p in "${problems[@]}"; do echo "  - $p" >&2; done
  exit 1
fi
