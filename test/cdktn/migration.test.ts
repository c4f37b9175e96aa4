/**
 * Moving an app from cdktf to CDK Terrain keeps its Terraform state: the reference app synthesized
 * with the cdktf flavour (in this process) and with the cdktn flavour (a child process in which
 * `cdktf` resolves to `cdktn`, scripts/cdktn/synth.ts) declares the same resource, data source and
 * output addresses, the same backend, and the same provider, only at a newer version.
 *
 * Runs on the cdktf jest run only (scripts/cdktn/jest.config.ts leaves test/cdktn/ out).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { differences, normalize } from '../../scripts/compare-stacks';
import { synthReferenceApp } from '../util';

const root = path.resolve(__dirname, '..', '..');

function synthOnCdktn(): Record<string, any> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'confluxdb-cdktn-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json') };
    delete env.CONFLUXDB_PROFILE;
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/cdktn/synth.ts', '--outdir', outdir], { cwd: root, env, stdio: 'pipe' });
    return Object.fromEntries(fs.readdirSync(path.join(outdir, 'stacks')).map(name =>
      [name, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Terraform addresses: `type.name` for resources, `data.type.name`, `output.name`. */
function addresses(stack: any): string[] {
  const of = (block: any, prefix: string) => Object.entries<Record<string, unknown>>(block ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map(name => `${prefix}${type}.${name}`));
  return [...of(stack.resource, ''), ...of(stack.data, 'data.'), ...Object.keys(stack.output ?? {}).map(n => `output.${n}`)].sort();
}

/** registry.terraform.io/<namespace>/<type>: a bare `aws` means hashicorp/aws. */
function providerAddress(source: string): string {
  const parts = source.split('/');
  return [...(parts.length === 3 ? [] : ['registry.terraform.io']), ...(parts.length === 1 ? ['hashicorp'] : []), ...parts].join('/');
}

const semver = (v: string) => v.split('.').map(Number);

const cdktf = synthReferenceApp();
const cdktn = synthOnCdktn();
const stackNames = Object.keys(cdktf).sort();

test('both flavours synthesize the same stacks', () => {
  expect(stackNames).toEqual(['confluxdb-dev', 'confluxdb-prod']);
  expect(Object.keys(cdktn).sort()).toEqual(stackNames);
});

test.each(stackNames)('%s: every resource, data source and output keeps its address', (name) => {
  const before = addresses(cdktf[name]);
  expect(before.length).toBeGreaterThan(100);
  expect(addresses(cdktn[name])).toEqual(before);
});

test.each(stackNames)('%s: the same backend (state location) and the same resource bodies', (name) => {
  expect(cdktn[name].terraform.backend).toEqual(cdktf[name].terraform.backend);
  const [a, b] = [cdktf[name], cdktn[name]].map(json => normalize(json) as any);
  for (const json of [a, b]) delete json.terraform.required_providers;
  const out: string[] = [];
  differences(a, b, name, out);
  expect(out).toEqual([]);
});

test.each(stackNames)('%s: the same AWS provider, at the same or a newer version', (name) => {
  const [before, after] = [cdktf[name], cdktn[name]].map(json => json.terraform.required_providers);
  expect(Object.keys(after)).toEqual(Object.keys(before));
  expect(providerAddress(after.aws.source)).toBe('registry.terraform.io/hashicorp/aws');
  expect(providerAddress(before.aws.source)).toBe('registry.terraform.io/hashicorp/aws');
  const [b, a] = [semver(before.aws.version), semver(after.aws.version)];
  expect(a[0]).toBe(b[0]); // the same major: no breaking provider upgrade is part of the move
  expect(a[1] * 1000 + a[2]).toBeGreaterThanOrEqual(b[1] * 1000 + b[2]);
});
