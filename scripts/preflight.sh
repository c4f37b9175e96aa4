#!/usr/bin/env bash
# Preflight: names every missing or too old tool and how to get it, before anything fails deep
# inside jest, jsii-pacmak, pip or go. Prints nothing when all is well.
#
#   bash scripts/preflight.sh            # the test command and the packages (run through ./npmw)
#   bash scripts/preflight.sh consumer   # an app that uses the packages (the README's consumer route)
#
# The floors, stated once: Node.js from package.json "engines" (the package's), Python 3.10 (the
# wheel's Requires-Python, written by jsii-pacmak), Go 1.25 (go.mod of the Go module). In the
# checkout ./npmw brings Node.js; an app outside it runs on the `node` on PATH (the jsii runtime of
# the Python and Go packages starts it too), so the consumer route needs Node.js on PATH.
set -uo pipefail
cd "$(dirname "$0")/.."
route=${1:-test}
case "$route" in
  test | consumer) ;;
  *) echo "usage: preflight.sh [test|consumer]" >&2; exit 2 ;;
esac
python_floor=3.10
go_floor=1.25

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
npmw_node=
for dir in "$PWD"/.tools/node-*/node_modules/node-*/bin; do [ -x "$dir/node" ] && npmw_node=$dir && break; done
if ! node_version=$(node -p 'process.versions.node' 2>/dev/null); then
  missing "Node.js >= $node_floor: not found. Install Node.js 22 or 24 LTS (https://nodejs.org/en/download, or nvm/fnm/volta)."
elif ! version_ge "$node_version" "$node_floor"; then
  if [ "$route" = consumer ]; then
    fix="install Node.js 22 or 24 LTS (https://nodejs.org/en/download, or nvm/fnm/volta)"
    [ -n "$npmw_node" ] && fix="$fix, or put the Node.js that ./npmw fetched first on PATH: export PATH=\"$npmw_node:\$PATH\""
    missing "Node.js >= $node_floor on PATH: this is $node_version. Apps that use the packages run on the node on PATH (the Python and Go packages start it too; ./npmw does not help outside the checkout): $fix."
  else
    missing "Node.js >= $node_floor: this is $node_version. Run the commands through ./npmw (e.g. ./npmw test), which fetches Node.js 22 into .tools/, or install Node.js 22 or 24 LTS."
  fi
fi

# Python with venv and pip (checkov and moto for the tests; the wheel, which requires $python_floor).
if ! py_version=$(python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null); then
  missing "Python >= $python_floor: python3 not found. Install Python $python_floor or newer (https://www.python.org/downloads/; Debian/Ubuntu: apt-get install python3 python3-venv)."
elif ! version_ge "$py_version" "$python_floor"; then
  missing "Python >= $python_floor: python3 is $py_version (the wheel requires Python >= $python_floor). Install Python $python_floor or newer (https://www.python.org/downloads/)."
elif ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing "Python venv: python3 $py_version cannot create virtual environments (no ensurepip). Debian/Ubuntu: apt-get install python3-venv (or python3.X-venv for your version)."
fi

# Go: the Go module is generated and compiled (gofmt checks it; the Go example builds on it).
# Its go.mod (jsii-pacmak) and jsii-runtime-go 1.140 declare go 1.25; Go 1.21+ fetches that
# toolchain itself unless GOTOOLCHAIN=local.
if ! go_version=$(go env GOVERSION 2>/dev/null); then
  missing "Go >= $go_floor (or >= 1.21, which fetches $go_floor itself): go not found. Install Go from https://go.dev/dl/ and put its bin/ on PATH."
else
  go_version=${go_version#go}
  if ! version_ge "$go_version" 1.21; then
    missing "Go >= 1.21: this is $go_version. Install a current Go from https://go.dev/dl/."
  elif ! version_ge "$go_version" "$go_floor" && [ "$(go env GOTOOLCHAIN)" = "local" ]; then
    missing "Go >= $go_floor: this is $go_version with GOTOOLCHAIN=local, so it cannot fetch the go$go_floor toolchain the jsii Go runtime needs. Install Go $go_floor+ (https://go.dev/dl/) or unset GOTOOLCHAIN."
  fi
  if [ "$route" = test ]; then
    command -v gofmt >/dev/null 2>&1 || missing "gofmt: not on PATH. It ships with Go in \$(go env GOROOT)/bin; add that folder to PATH."
  fi
fi

if [ "$route" = test ]; then
  command -v git >/dev/null 2>&1 || missing "git: not found. Install git (https://git-scm.com/downloads; Debian/Ubuntu: apt-get install git)."
fi

if [ ${#problems[@]} -gt 0 ]; then
  if [ "$route" = consumer ]; then
    echo "preflight: an app that uses the packages needs these first:" >&2
  else
    echo "preflight: the test command needs these first:" >&2
  fi
  for p in "${problems[@]}"; do echo "  - $p" >&2; done
  exit 1
fi
