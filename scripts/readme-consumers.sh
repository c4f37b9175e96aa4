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
#   bash scripts/readme-consumers.sh [ts] [python] [go]    # default: all three
set -euo pipefail
cd "$(dirname "$0")/.."
BLUEPRINT=$PWD
export BLUEPRINT

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
  (cd "$scratch" && bash -euo pipefail -c "$code")
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
