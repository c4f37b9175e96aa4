/**
 * The public surface is the same in every language: what the package root exports at runtime is
 * exactly the classes and enums of the jsii assembly (interfaces have no runtime form). A helper
 * exported from the root but missing from the assembly would exist for TypeScript users only.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { lambdaEntries } from '../scripts/bundle-lambdas';
import { compiledAssembly } from './support/compiled';
import { LAMBDA_HANDLERS } from '../src/shared/private/lambda-assets';

const root = path.resolve(__dirname, '..');

/** The assembly and compiled lib/ of the current sources (jsii runs when they are stale, ~8 s). */
function assembly(): { types: Record<string, { kind: string; fqn: string; namespace?: string }> } {
  return compiledAssembly();
}

test('runtime exports of the package root are exactly the jsii assembly\'s classes and enums', () => {
  const asm = assembly();
  const runtimeTypes = Object.values(asm.types).filter(t => t.kind === 'class' || t.kind === 'enum').map(t => t.fqn.split('.').pop()!).sort();
  // A fresh process: jest's module registry must not hide anything lib/index.js exports.
  const exported: string[] = JSON.parse(execFileSync(process.execPath, ['-e', `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(path.join(root, 'lib', 'index.js'))}))))`], { encoding: 'utf8' }));
  expect(exported.sort()).toEqual(runtimeTypes);
  expect(runtimeTypes.length).toBeGreaterThan(20);
}, 120_000);

test('every assembly type is documented', () => {
  const undocumented = Object.values(assembly().types).filter((t: any) => !t.docs?.summary).map(t => t.fqn);
  expect(undocumented).toEqual([]);
}, 120_000);

test('the typed handler list and the Lambda entry files agree', () => {
  const entries = lambdaEntries(path.join(root, 'src')).map(p => path.relative(path.join(root, 'src'), p));
  // Each handler lives at src/<area>/lambda/<name>/<name>.lambda.ts, its logic next to it.
  expect(entries.map(e => path.basename(e, '.lambda.ts')).sort()).toEqual([...LAMBDA_HANDLERS].sort());
  for (const e of entries) expect(e).toMatch(/(^|\/)lambda\/([a-z-]+)\/\2\.lambda\.ts$/);
});
