#!/usr/bin/env bash
# Runs the Python or Go reference app on the freshly built package and checks that it synthesizes
# the same Terraform JSON as the TypeScript app (apart from metadata and asset paths).
#
#   bash scripts/example.sh python   # npm run example:python builds the wheel first
#   bash scripts/example.sh go       # npm run example:go builds the Go module first
#
# python: a virtual environment .venv-python with examples/python/confluxdb/requirements.txt and the
#         wheel from dist/python, then `python main.py` -> cdktf.out.python/
# go:     the app in examples/go/confluxdb built against dist/go/blueprint and the AWS provider's Go
#         bindings (see below) -> cdktf.out.go/
set -euo pipefail
cd "$(dirname "$0")/.."
lang=${1:?usage: example.sh python|go}

echo "== TypeScript reference synth (the expected stacks)"
node -r ./scripts/register.js scripts/synth-examples.ts > /dev/null

compare() {
  node -r ./scripts/register.js scripts/compare-stacks.ts cdktf.out "$1"
}

case "$lang" in
python)
  wheel=$(ls dist/python/*.whl 2>/dev/null | head -1 || true)
  [ -n "$wheel" ] || { echo "no wheel in dist/python: run ./npmw run example:python (it builds it)" >&2; exit 1; }
  echo "== Python: $wheel into .venv-python, then examples/python/confluxdb/main.py"
  [ -x .venv-python/bin/python ] || python3 -m venv .venv-python
  .venv-python/bin/pip install --quiet --disable-pip-version-check -r examples/python/confluxdb/requirements.txt
  .venv-python/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
  rm -rf cdktf.out.python
  CDKTF_OUTDIR="$PWD/cdktf.out.python" .venv-python/bin/python examples/python/confluxdb/main.py
  compare cdktf.out.python
  echo "example:python: cdktf.out.python/stacks/* synthesized from the wheel, identical to the TypeScript app"
  ;;
go)
  test -f dist/go/blueprint/go.mod || { echo "no Go module in dist/go: run ./npmw run example:go (it builds it)" >&2; exit 1; }
  # The Go module proxy does not serve github.com/cdktf/cdktf-provider-aws-go/aws/v21 (it answers
  # 403: the module is larger than the proxy serves), so its Go bindings are generated here from
  # the npm package's jsii assembly (once per provider version, a few minutes, ~600 MB in
  # .go-provider/) and wired in with a local replace. Everything else comes from the Go proxy.
  provider_version=$(node -p "require('@cdktf/provider-aws/package.json').version")
  if [ ! -f ".go-provider/done-$provider_version" ]; then
    echo "== Go: generating the AWS provider's Go bindings $provider_version into .go-provider/ (once)"
    rm -rf .go-provider
    # pacmak writes ~20,000 files at once; on a loaded machine that can exceed the per-process open
    # file limit (EMFILE, seen here with the limit at 20,000 and no right to raise it): try once more.
    npx jsii-pacmak node_modules/@cdktf/provider-aws --target go --code-only -o .go-provider > /dev/null ||
      { echo "== Go: generating the provider's bindings failed (above); once more" >&2; rm -rf .go-provider;
        npx jsii-pacmak node_modules/@cdktf/provider-aws --target go --code-only -o .go-provider > /dev/null; }
    touch ".go-provider/done-$provider_version"
  fi
  example=examples/go/confluxdb
  echo "== Go: building $example against dist/go/blueprint"
  # local.go.mod/.sum (gitignored) = go.mod plus the provider replace; go.sum is resolved here.
  cp "$example/go.mod" "$example/local.go.mod"
  echo "replace github.com/cdktf/cdktf-provider-aws-go/aws/v21 => $PWD/.go-provider/go/aws" >> "$example/local.go.mod"
  (cd "$example" && go mod tidy -modfile local.go.mod && go build -modfile local.go.mod -o "$OLDPWD/.go-app" .)
  rm -rf cdktf.out.go
  CDKTF_OUTDIR="$PWD/cdktf.out.go" ./.go-app > /dev/null
  compare cdktf.out.go
  echo "example:go: cdktf.out.go/stacks/* synthesized by the Go app, identical to the TypeScript app"
  ;;
*)
  echo "usage: example.sh python|go" >&2
  exit 2
  ;;
esac
