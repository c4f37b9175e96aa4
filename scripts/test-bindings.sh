#!/usr/bin/env bash
# Cross-language check: the Python reference app, installed from the freshly packaged wheel, must
# synthesize the same Terraform JSON as the TypeScript app (apart from metadata and asset paths).
# The same for the Go app, built on the generated Go module.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== TypeScript reference synth"
npx projen synth > /dev/null

echo "== Python: install the wheel from dist/python into .venv-python and synthesize"
wheel=$(ls dist/python/*.whl 2>/dev/null | head -1 || true)
[ -n "$wheel" ] || { echo "no wheel in dist/python: run npx projen compile && npx projen package:python first" >&2; exit 1; }
[ -x .venv-python/bin/python ] || python3 -m venv .venv-python
.venv-python/bin/pip install --quiet --disable-pip-version-check -r examples/python/confluxdb/requirements.txt
.venv-python/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
rm -rf cdktf.out.python
# Run from the repository root like the TypeScript synth: cdktf's default local backend path is cwd-relative.
CDKTF_OUTDIR="$PWD/cdktf.out.python" .venv-python/bin/python examples/python/confluxdb/main.py
npx ts-node --project tsconfig.dev.json scripts/compare-stacks.ts cdktf.out cdktf.out.python

echo "== Go: build the reference app against the generated module and synthesize"
# The Go module proxy does not serve github.com/cdktf/cdktf-provider-aws-go/aws/v21 (403), so its
# Go bindings are generated here from the npm package's jsii assembly (once per provider version,
# several minutes, ~600 MB in .go-provider/) and wired in with a local replace.
test -f dist/go/blueprint/go.mod
gofmt -e -l dist/go > /dev/null
provider_version=$(node -p "require('@cdktf/provider-aws/package.json').version")
if [ ! -f ".go-provider/done-$provider_version" ]; then
  rm -rf .go-provider
  npx jsii-pacmak node_modules/@cdktf/provider-aws --target go --code-only -o .go-provider > /dev/null
  touch ".go-provider/done-$provider_version"
fi
example=examples/go/confluxdb
cp "$example/go.mod" "$example/local.go.mod"
cat >> "$example/local.go.mod" <<MOD
replace github.com/cdktf/cdktf-provider-aws-go/aws/v21 => $PWD/.go-provider/go/aws
MOD
(cd "$example" && go mod tidy -modfile local.go.mod && go build -modfile local.go.mod -o "$OLDPWD/.go-app" .)
rm -rf cdktf.out.go
CDKTF_OUTDIR="$PWD/cdktf.out.go" ./.go-app > /dev/null
npx ts-node --project tsconfig.dev.json scripts/compare-stacks.ts cdktf.out cdktf.out.go
echo "bindings: the Python and Go reference apps synthesize the same stacks as TypeScript"
