#!/usr/bin/env bash
# The CDK Terrain flavour's packages as users get them (run after `npx projen build` and
# `npx projen cdktn:build`; .ci/run does): dist-cdktn/ holds the npm tarball, the Python wheel and
# the Go module; the cdktn assembly has the cdktf assembly's API; the TypeScript reference app on the
# built package and the Python reference app on the wheel synthesize the same stacks as the cdktf
# flavour (only required_providers differ). Needs Node.js >= 22.11, Python 3.10+ and gofmt.
set -euo pipefail
cd "$(dirname "$0")/../.."
npx ts-node -T -e "require('./scripts/cdktn/flavour').assertNodeVersion('cdktn:test-packages')"

version=$(node -p "require('./package.json').version")
dev() { node -p "require('./package.json').devDependencies['$1']"; }

echo "== dist-cdktn/ holds the npm tarball, the Python wheel and the Go module (version $version)"
tarball="dist-cdktn/js/cdktn-blueprint@${version}.jsii.tgz"
wheel="dist-cdktn/python/confluxdb_cdktn_blueprint-${version}-py3-none-any.whl"
ls -l "$tarball" "$wheel"
grep -qx 'module github.com/confluxdb/cdktn-blueprint-go/blueprint' dist-cdktn/go/blueprint/go.mod
grep -qx "$version" dist-cdktn/go/blueprint/version
gofmt -e -l dist-cdktn/go > /dev/null
manifest=$(tar -xzOf "$tarball" package/package.json)
node -e '
  const m = JSON.parse(process.argv[1]);
  const want = { name: "@confluxdb/cdktn-blueprint", version: process.argv[2] };
  for (const [k, v] of Object.entries(want)) if (m[k] !== v) throw new Error(`npm tarball: ${k} is ${m[k]}, expected ${v}`);
  if (!m.peerDependencies.cdktn || !m.peerDependencies["@cdktn/provider-aws"] || m.peerDependencies.cdktf) throw new Error("npm tarball: wrong peers " + JSON.stringify(m.peerDependencies));
' "$manifest" "$version"
files=$(tar -tzf "$tarball")
for f in package/.jsii package/lib/index.js package/API.md package/README.md package/assets/webhook.lambda/index.js; do
  grep -qx "$f" <<<"$files" || { echo "npm tarball lacks $f" >&2; exit 1; }
done
if grep -q '^package/src/' <<<"$files"; then echo "npm tarball ships src/" >&2; exit 1; fi
unzip -p "$wheel" '*/METADATA' | grep -E '^Requires-Dist: (cdktn|cdktn-provider-aws) '

echo "== the cdktn assembly has the cdktf assembly's API"
npx ts-node -T scripts/cdktn/compare-assemblies.ts

echo "== TypeScript reference app: cdktf synth vs the built cdktn package"
npx projen synth > /dev/null
npx ts-node -T scripts/cdktn/synth.ts --package --outdir cdktn.out
npx ts-node -T scripts/compare-stacks.ts --ignore-required-providers cdktf.out cdktn.out

echo "== Python reference app on the cdktn wheel (.venv-python-cdktn)"
[ -x .venv-python-cdktn/bin/python ] || python3 -m venv .venv-python-cdktn
.venv-python-cdktn/bin/pip install --quiet --disable-pip-version-check \
  "cdktn==$(dev cdktn)" "cdktn-provider-aws==$(dev @cdktn/provider-aws)" "constructs==$(dev constructs)"
.venv-python-cdktn/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
rm -rf cdktn.out.python
# From the repository root like the TypeScript synth: the default local backend path is cwd-relative.
CDKTF_OUTDIR="$PWD/cdktn.out.python" .venv-python-cdktn/bin/python scripts/cdktn/run_python_app.py examples/python/confluxdb/main.py
npx ts-node -T scripts/compare-stacks.ts --ignore-required-providers cdktf.out cdktn.out.python
echo "cdktn packages: npm, Python and Go built; the TypeScript and Python reference apps synthesize the cdktf stacks on cdktn"
