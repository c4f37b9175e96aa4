#!/usr/bin/env bash
# Runs the README's "use it from a checkout" blocks exactly as written, so they cannot rot.
#
# For each language (ts, python, go) the ```sh blocks between <!-- consumer:LANG --> and
# <!-- /consumer:LANG --> in README.md are joined and run with bash -euo pipefail in a fresh scratch
# directory (mktemp), with BLUEPRINT set to this checkout, as a reader would after the README's build
# step. Needs the packages in dist/ (./npmw run package-all) and, for Go, the AWS provider's Go
# bindings in .go-provider/ (./npmw run example:go). Each block must end by synthesizing a stack;
# this script then checks its cdk.tf.json holds a Multi-AZ database.
#
# The blocks run in the environment a reader's shell has, not npm's: no npm_* variables, no
# node_modules/.bin of this checkout on PATH, and Node.js 22 on PATH as the README's prerequisites
# ask (the machine's node when it is new enough, else the one ./npmw fetched into .tools/, first on
# PATH). `scripts/preflight.sh consumer` checks that environment first. A block whose output
# carries a Node.js version warning (scripts/node-warnings.txt: the jsii runtime's banner, also in
# the Python runtime's byte-string form, npm's EBADENGINE, the AWS SDK's) fails.
#
#   bash scripts/readme-consumers.sh [ts] [python] [go]    # default: all three
set -euo pipefail
cd "$(dirname "$0")/.."
BLUEPRINT=$PWD
export BLUEPRINT

# A reader's PATH: without npm's node_modules/.bin entries and ./npmw's Node.js ...
user_path=
IFS=: read -r -a entries <<< "$PATH"
for entry in "${entries[@]}"; do
  case "$entry" in
    */node_modules/.bin | "$BLUEPRINT"/.tools/*) ;;
    *) user_path=${user_path:+$user_path:}$entry ;;
  esac
done
# ... with Node.js >= the engines floor first: the machine's if it has one, else ./npmw's.
if ! PATH=$user_path bash scripts/preflight.sh consumer 2>/dev/null; then
  for dir in "$BLUEPRINT"/.tools/node-*/node_modules/node-*/bin; do
    [ -x "$dir/node" ] && user_path=$dir:$user_path && break
  done
fi
while read -r name; do unset "$name"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
unset INIT_CWD NODE
export PATH=$user_path
bash scripts/preflight.sh consumer
echo "== the blocks run on node $(node --version) from $(dirname "$(command -v node)")"

blocks() { # <lang>: the shell code of that language's consumer blocks
  awk -v lang="$1" '
    $0 == "<!-- consumer:" lang " -->" { inside = 1; next }
    $0 == "<!-- /consumer:" lang " -->" { inside = 0; next }
    inside && /^```sh$/ { code = 1; next }
    inside && code && /^```$/ { code = 0; next }
    inside && code { print }
  ' README.md
}

langs=("$@")
[ ${#langs[@]} -gt 0 ] || langs=(ts python go)
for lang in "${langs[@]}"; do
  code=$(blocks "$lang")
  [ -n "$code" ] || { echo "README.md has no <!-- consumer:$lang --> block with a \`\`\`sh block inside" >&2; exit 1; }
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/readme-consumer-$lang.XXXXXX")
  echo "== README consumer block ($lang) in $scratch"
  start=$(date +%s)
  output="$scratch.log"
  (cd "$scratch" && bash -euo pipefail -c "$code") 2>&1 | tee "$output"
  if grep -n -i -F -f scripts/node-warnings.txt "$output" >&2; then
    echo "the $lang block printed a Node.js version warning (above): the README's route must run without one" >&2
    exit 1
  fi
  rm -f "$output"
  stack=$(find "$scratch" -path '*/cdktf.out/stacks/*/cdk.tf.json' -not -path '*/node_modules/*' | head -1)
  [ -n "$stack" ] || { echo "the $lang block synthesized no stack under $scratch" >&2; exit 1; }
  node -e '
    const j = require(process.argv[1]);
    const db = Object.values(j.resource?.aws_db_instance ?? {});
    if (db.length !== 1 || db[0].multi_az !== true) { console.error("expected one Multi-AZ aws_db_instance in " + process.argv[1]); process.exit(1); }
  ' "$stack"
  echo "== $lang: $(realpath --relative-to="$scratch" "$stack") synthesized in $(( $(date +%s) - start )) s"
  rm -rf "$scratch"
done
