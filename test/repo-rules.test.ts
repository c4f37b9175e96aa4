import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'cdktf.out' ? [] : tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

test('no file imports the root of @cdktf/provider-aws (~3 s and ~500 MB per process)', () => {
  const offenders = ['src', 'examples', 'scripts', 'test'].flatMap(d => tsFiles(path.join(root, d)))
    .filter(f => /from\s+['"]@cdktf\/provider-aws['"]|require\(\s*['"]@cdktf\/provider-aws['"]\s*\)/.test(fs.readFileSync(f, 'utf8')))
    .map(f => path.relative(root, f));
  expect(offenders).toEqual([]);
});

// Jest has its own module registry, so this is measured in a plain Node process: which provider
// modules and which modules of the guard's rule engine does requiring `entry` (and running `then`) load?
function modulesLoadedBy(entry: string, then = ''): { root: boolean; submodules: number; guardEngine: string[] } {
  const script = `const lib = require(${JSON.stringify(entry)}); ${then}
    const keys = Object.keys(require.cache);
    const provider = keys.filter(k => /@cdktf[\\\\/]provider-aws[\\\\/]lib[\\\\/]/.test(k));
    console.log(JSON.stringify({
      root: provider.some(k => /provider-aws[\\\\/]lib[\\\\/]index\\.js$/.test(k)),
      submodules: provider.length,
      guardEngine: keys.filter(k => /[\\\\/]guard[\\\\/](engine|rules|iam-actions\\.generated|report)[.\\\\/]/.test(k)).map(k => k.replace(/^.*[\\\\/]guard[\\\\/]/, '')),
    }));`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root, env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json') }, encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

// Each provider submodule costs 1-2 ms to evaluate and the guard's engine with its IAM action table
// ~35 ms: loaded at import, they made require() of the library ~1.9x bare cdktf (issue 10: <= 1.3x).
test('importing the library loads no provider module and not the guard engine', () => {
  const loaded = modulesLoadedBy(path.join(root, 'src', 'index.ts'));
  expect(loaded).toEqual({ root: false, submodules: 0, guardEngine: [] });
}, 60000);

test('the probe above does detect provider modules and the guard engine when they are used', () => {
  // Creating a construct loads just the classes it makes; reading the guard's rules loads the engine.
  const used = modulesLoadedBy(path.join(root, 'src', 'index.ts'), `
    const { App, TerraformStack } = require('cdktf');
    new lib.SecurityGroup(new TerraformStack(new App(), 's'), 'sg', { vpcId: 'vpc-0123456789abcdef0', description: 'probe' });
    lib.ZeroTrustGuard.ruleCatalogue();`);
  expect(used.root).toBe(false);
  expect(used.submodules).toBeGreaterThanOrEqual(1);
  expect(used.submodules).toBeLessThan(10);
  expect(used.guardEngine).toEqual(expect.arrayContaining([expect.stringMatching(/^rules/), expect.stringMatching(/^iam-actions/)]));
  expect(modulesLoadedBy('@cdktf/provider-aws/lib/index.js').root).toBe(true);
}, 60000);

test('IAM policies are never built with jsonencode (scanners cannot read them)', () => {
  const offenders = tsFiles(path.join(root, 'src')).filter(f => /Fn\.jsonencode|jsonencode\(/.test(fs.readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});

test('jest never rewrites snapshots in the test task', () => {
  const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8'));
  expect(JSON.stringify(tasks.tasks.test)).not.toMatch(/updateSnapshot|-u\b/);
});
