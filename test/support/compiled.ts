import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { record, versionOf } from '../../scripts/lib-inputs';

const root = path.resolve(__dirname, '..', '..');

function newestSource(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }, 0);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The jsii assembly and compiled lib/ of the current sources: jsii runs when they are missing or
 * older than src/ (~10 s), so the tests that read them work from a clean clone. Test files run in
 * parallel workers, so one compiles while the others wait on a lock directory.
 */
export function compiledAssembly(): any {
  const file = path.join(root, '.jsii');
  const fresh = () => fs.existsSync(file) && fs.existsSync(path.join(root, 'lib', 'index.js')) && fs.statSync(file).mtimeMs >= newestSource(path.join(root, 'src'));
  const lock = path.join(root, '.jsii.lock');
  for (let waited = 0; !fresh(); waited += 200) {
    try {
      fs.mkdirSync(lock);
    } catch {
      if (waited > 180_000) throw new Error(`${lock} held for 3 minutes; remove it if no jsii is running`);
      sleep(200);
      continue;
    }
    try {
      if (!fresh()) {
        execFileSync(process.execPath, [require.resolve('jsii/bin/jsii'), '--silence-warnings=reserved-word'], { cwd: root, stdio: 'pipe' });
        record(root, versionOf('jsii')); // as the compile task does: the package tasks need not compile again
      }
    } finally {
      fs.rmdirSync(lock);
    }
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The compiled package, as a JavaScript user (and jsii's kernel for Python and Go) loads it. */
export function compiledLib(): any {
  compiledAssembly();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(root, 'lib'));
}
