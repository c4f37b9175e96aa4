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

// Jest has its own module registry, so this is measured in a plain Node process.
function providerModulesLoadedBy(entry: string): { root: boolean; submodules: number } {
  const script = `require(${JSON.stringify(entry)});
    const keys = Object.keys(require.cache).filter(k => /@cdktf[\\\\/]provider-aws[\\\\/]lib[\\\\/]/.test(k));
    console.log(JSON.stringify({ root: keys.some(k => /provider-aws[\\\\/]lib[\\\\/]index\\.js$/.test(k)), submodules: keys.length }));`;
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root, env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json') }, encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

test('loading the library does not load the provider package root', () => {
  const loaded = providerModulesLoadedBy(path.join(root, 'src', 'index.ts'));
  expect(loaded.root).toBe(false);
  expect(loaded.submodules).toBeGreaterThan(0);
  expect(loaded.submodules).toBeLessThan(100);
});

test('the probe above does detect a root import', () => {
  expect(providerModulesLoadedBy('@cdktf/provider-aws/lib/index.js').root).toBe(true);
}, 60000);

test('IAM policies are never built with jsonencode (scanners cannot read them)', () => {
  const offenders = tsFiles(path.join(root, 'src')).filter(f => /Fn\.jsonencode|jsonencode\(/.test(fs.readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});

test('jest never rewrites snapshots in the test task', () => {
  const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8'));
  expect(JSON.stringify(tasks.tasks.test)).not.toMatch(/updateSnapshot|-u\b/);
});
