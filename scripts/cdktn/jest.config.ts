/**
 * Jest on the CDK Terrain flavour: the same test files and the same sources (tests import ../src),
 * with `cdktf` resolved to `cdktn` and `@cdktf/provider-aws/lib/*` to `@cdktn/provider-aws/lib/*` —
 * exactly the rewrite scripts/cdktn/build.ts applies to the published cdktn build.
 *
 * Run: npx jest --config scripts/cdktn/jest.config.ts   (projen task `test:cdktn`, part of `npm test`)
 * Everything else is the project's jest configuration (package.json, written by projen).
 * Loaded through ts-node (Node's own type stripping cannot import ./flavour without an extension):
 * @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true}
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, assertNodeVersion, jestModuleNameMapper, loadsCdktf } from './flavour';

assertNodeVersion('The cdktn test run (test:cdktn)');

const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).jest;

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : /\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

// A test file that never loads cdktf (Lambda handler logic, the runner image, repository rules, or
// cdktf in a child process outside jest's mapping) would run the very same code a second time here;
// it runs once, on the cdktf run. Every test file that loads cdktf, directly or through the files
// it imports, runs on cdktn too.
// test/repo-rules.test.ts names cdktf only in the scripts of the plain Node processes it starts.
const CHILD_PROCESSES_ONLY = new Set(['test/repo-rules.test.ts']);
const flavourFree = testFiles(path.join(ROOT, 'test'))
  .filter(f => !loadsCdktf(f) || CHILD_PROCESSES_ONLY.has(path.relative(ROOT, f).split(path.sep).join('/')));

export default {
  ...base,
  rootDir: ROOT,
  displayName: 'cdktn',
  moduleNameMapper: { ...base.moduleNameMapper, ...jestModuleNameMapper() },
  // Coverage is measured once, on the cdktf run: the same lines run here.
  collectCoverage: false,
  // Cross-flavour tests (test/cdktn/) compare cdktf with cdktn themselves; they run once, on cdktf.
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '<rootDir>/test/cdktn/',
    ...flavourFree.map(f => `<rootDir>/${path.relative(ROOT, f).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  ],
  reporters: ['default', ['jest-junit', { outputDirectory: 'test-reports', outputName: 'junit-cdktn.xml' }]],
};
