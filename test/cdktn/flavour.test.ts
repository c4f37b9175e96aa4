/**
 * The cdktf -> cdktn transformation (scripts/cdktn/flavour.ts): it rewrites module specifiers and
 * nothing else, refuses a cdktf specifier it has no rule for, and the jest run on cdktn maps exactly
 * what the build rewrites.
 */
import * as fs from 'fs';
import * as path from 'path';
import { jestModuleNameMapper, loadsCdktf, rewriteSource, rewriteSpecifier, specifiersOf } from '../../scripts/cdktn/flavour';

const root = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('rewrites cdktf and provider specifiers in every position, and nothing else', () => {
  const source = [
    "import { App, TerraformStack } from 'cdktf';",
    "import { Vpc } from '@cdktf/provider-aws/lib/vpc';",
    'export { Fn } from "cdktf";',
    "const { Token } = require('cdktf');",
    "import { name } from 'cdktf/package.json';",
    "import { Construct } from 'constructs';",
    "const label = 'cdktf'; // a cdktf app, written for cdktf users",
  ].join('\n');
  const out = rewriteSource(source, 'sample.ts');
  expect(out.rewritten).toBe(5);
  expect(out.text).toBe([
    "import { App, TerraformStack } from 'cdktn';",
    "import { Vpc } from '@cdktn/provider-aws/lib/vpc';",
    'export { Fn } from "cdktn";',
    "const { Token } = require('cdktn');",
    "import { name } from 'cdktn/package.json';",
    "import { Construct } from 'constructs';",
    "const label = 'cdktf'; // a cdktf app, written for cdktf users",
  ].join('\n'));
});

test.each(['@cdktf/provider-aws', 'cdktf/lib/app', '@cdktf/provider-google/lib/x'])('refuses %s, which has no rule', (spec) => {
  expect(() => rewriteSpecifier(spec, 'src/x.ts')).toThrow(`src/x.ts: no cdktn equivalent is known for '${spec}'`);
});

test('every cdktf specifier in src/, test/ and examples/ has a rule, and none survives the rewrite', () => {
  const files = ['src', 'test', 'examples'].flatMap(d => tsFiles(path.join(root, d)));
  let rewritten = 0;
  for (const file of files) {
    const out = rewriteSource(fs.readFileSync(file, 'utf8'), path.relative(root, file));
    rewritten += out.rewritten;
    expect(specifiersOf(out.text).filter(s => /^(cdktf|@cdktf)(\/|$)/.test(s))).toEqual([]);
  }
  expect(rewritten).toBeGreaterThan(100);
});

test('the jest mapping of the cdktn run is the build rewrite', () => {
  const mapper = Object.entries(jestModuleNameMapper()).map(([from, to]) => [new RegExp(from), to] as const);
  const specifiers = new Set(['src', 'test', 'examples'].flatMap(d => tsFiles(path.join(root, d)))
    .flatMap(f => specifiersOf(fs.readFileSync(f, 'utf8')))
    .filter(s => /^(cdktf|@cdktf)(\/|$)/.test(s)));
  expect(specifiers.size).toBeGreaterThan(30);
  for (const spec of specifiers) {
    const mapped = mapper.find(([from]) => from.test(spec));
    expect(mapped && spec.replace(mapped[0], mapped[1])).toBe(rewriteSpecifier(spec, spec));
  }
});

test('a test file runs on cdktn when it loads cdktf directly or through what it imports', () => {
  expect(loadsCdktf(path.join(root, 'test/util.ts'))).toBe(true);
  // grants.test.ts imports only ../../src and ../util: cdktf is two or more files away.
  expect(fs.readFileSync(path.join(root, 'test/shared/grants.test.ts'), 'utf8')).not.toMatch(/from 'cdktf'/);
  expect(loadsCdktf(path.join(root, 'test/shared/grants.test.ts'))).toBe(true);
  // Lambda handler logic and the runner image never load cdktf: they run once.
  expect(loadsCdktf(path.join(root, 'test/pipeline/webhook.lambda.test.ts'))).toBe(false);
  expect(loadsCdktf(path.join(root, 'test/runner-image/start-runner.test.ts'))).toBe(false);
});
