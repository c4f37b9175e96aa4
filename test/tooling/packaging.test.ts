/**
 * The README's route from a checkout, `./npmw ci && ./npmw run package-all`, on a fresh clone: each
 * package task builds what it packages (Lambda bundles, lib/ and .jsii) unless it is current, and
 * refuses a package without the Lambda bundles; an app that meets a package without them is told
 * what to do (a checkout: bundle; an installed package: it is broken, reinstall).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { missingFiles, REQUIRED } from '../../scripts/check-package';
import { packageStaleReason, record, recordPackage, staleReason } from '../../scripts/lib-inputs';
import { LAMBDA_HANDLERS, missingBundleAdvice } from '../../src/shared/private/lambda-assets';

const root = path.resolve(__dirname, '..', '..');

interface Step { spawn?: string; exec?: string; execArgs?: string[]; condition?: string }
const tasks: Record<string, { steps?: Step[] }> = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;
const steps = (task: string): Step[] => tasks[task]?.steps ?? [];
const command = (s: Step) => s.exec ?? s.execArgs?.join(' ') ?? '';

/** Every exec'd command a task runs, depth-first through its spawns (a spawn's condition applies to what it runs). */
function flatten(task: string, inherited?: string): Array<{ command: string; condition?: string }> {
  return steps(task).flatMap(s => (s.spawn
    ? flatten(s.spawn, s.condition ?? inherited)
    : [{ command: command(s), condition: s.condition ?? inherited }]));
}

describe('the packaging task graph', () => {
  test.each(['js', 'python', 'go'])('package:%s bundles and compiles (when stale) before jsii-pacmak, then checks the package', (lang) => {
    const run = flatten(`package:${lang}`);
    const at = (re: RegExp) => run.findIndex(s => re.test(s.command));
    expect(at(/bundle-lambdas\.ts/)).toBeGreaterThanOrEqual(0);
    expect(run[at(/^jsii --silence-warnings/)].condition).toMatch(/lib-inputs\.ts stale$/);
    expect(at(/bundle-lambdas\.ts/)).toBeLessThan(at(/^jsii --silence-warnings/));
    expect(at(/^jsii --silence-warnings/)).toBeLessThan(at(/lib-inputs\.ts record$/));
    expect(at(/lib-inputs\.ts record$/)).toBeLessThan(at(/^jsii-pacmak/));
    expect(run[at(/^jsii-pacmak/)].condition).toMatch(new RegExp(`lib-inputs\\.ts stale ${lang}$`));
    expect(run[run.length - 1].command).toMatch(new RegExp(`check-package\\.ts ${lang}$`));
  });

  test('package-all packages all three; test:bindings and the examples reach the compiler only through build:lib', () => {
    expect(steps('package-all').map(s => s.spawn)).toEqual(['package:js', 'package:python', 'package:go']);
    for (const task of ['test:bindings', 'example:python', 'example:go']) {
      expect(steps(task).map(s => s.spawn)).not.toContain('compile');
    }
    // Every compile records its inputs, so the next package task does not compile again.
    expect(command(steps('compile').at(-1)!)).toMatch(/lib-inputs\.ts record$/);
  });
});

describe('scripts/lib-inputs.ts: is lib/ current, is a package current', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lib-inputs-'));
    fs.mkdirSync(path.join(dir, 'src', 'pipeline'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), 'export * from "./pipeline/a";\n');
    fs.writeFileSync(path.join(dir, 'src', 'pipeline', 'a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x","version":"1.0.0"}\n');
    fs.writeFileSync(path.join(dir, 'README.md'), '# x\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a fresh clone compiles; after a recorded compile nothing does until an input changes', () => {
    expect(staleReason(dir, '5.9.0')).toMatch(/no \.jsii/);
    fs.writeFileSync(path.join(dir, '.jsii'), '{}');
    expect(staleReason(dir, '5.9.0')).toMatch(/no lib\/\.build-inputs\.json/);
    record(dir, '5.9.0');
    expect(staleReason(dir, '5.9.0')).toBeUndefined();
    expect(staleReason(dir, '5.9.1')).toMatch(/changed/); // a new jsii compiles again
    for (const change of [
      () => fs.appendFileSync(path.join(dir, 'src', 'pipeline', 'a.ts'), 'export const b = 2;\n'),
      () => fs.writeFileSync(path.join(dir, 'src', 'pipeline', 'new.ts'), ''),
      () => fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x","version":"1.1.0"}\n'), // the release bump
      () => fs.appendFileSync(path.join(dir, 'README.md'), 'more\n'),
    ]) {
      change();
      expect(staleReason(dir, '5.9.0')).toMatch(/changed since the last compile/);
      record(dir, '5.9.0');
      expect(staleReason(dir, '5.9.0')).toBeUndefined();
    }
  });

  test('a package is built again when it is missing, unrecorded, or lib/ or a Lambda bundle changed', () => {
    record(dir, '5.9.0');
    expect(packageStaleReason(dir, 'python', '1.0')).toMatch(/no dist\/python\/\*\.whl/);
    fs.mkdirSync(path.join(dir, 'dist', 'python'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', 'python', 'x-1.0.0-py3-none-any.whl'), '');
    expect(packageStaleReason(dir, 'python', '1.0')).toMatch(/no record/);
    recordPackage(dir, 'python', '1.0');
    expect(packageStaleReason(dir, 'python', '1.0')).toBeUndefined();
    expect(packageStaleReason(dir, 'js', '1.0')).toMatch(/no dist\/js/);
    expect(packageStaleReason(dir, 'python', '1.1')).toMatch(/changed/);
    fs.mkdirSync(path.join(dir, 'assets', '.bundle-inputs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'assets', '.bundle-inputs', 'webhook.lambda.json'), '{"key":"a"}');
    expect(packageStaleReason(dir, 'python', '1.0')).toMatch(/changed/);
    recordPackage(dir, 'python', '1.0');
    fs.appendFileSync(path.join(dir, 'src', 'index.ts'), '// edit\n');
    record(dir, '5.9.0'); // the compile that follows an edit
    expect(packageStaleReason(dir, 'python', '1.0')).toMatch(/changed/);
  });
});

describe('scripts/check-package.ts: a package must carry .jsii, lib/ and every Lambda bundle', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-package-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** An npm tarball `name` in `out` with the given package files. */
  function tarball(out: string, name: string, files: string[]): string {
    const stage = path.join(dir, 'stage');
    fs.rmSync(stage, { recursive: true, force: true });
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
      fs.writeFileSync(path.join(stage, f), 'x');
    }
    fs.mkdirSync(out, { recursive: true });
    execFileSync('tar', ['-czf', path.join(out, name), '-C', stage, 'package']);
    return path.join(out, name);
  }

  test('a complete tarball passes; one without a Lambda zip names it', () => {
    const js = path.join(dir, 'js');
    tarball(js, 'x@1.0.0.jsii.tgz', REQUIRED);
    expect(missingFiles(js).missing).toEqual([]);
    tarball(js, 'x@1.0.0.jsii.tgz', REQUIRED.filter(f => f !== 'package/assets/launcher.lambda.zip'));
    expect(missingFiles(js).missing).toEqual(['package/assets/launcher.lambda.zip']);
  });

  test('the wheel and the Go module are checked through the tarball they embed', () => {
    const inner = tarball(path.join(dir, 'inner'), 'x-1.0.0.tgz', REQUIRED.filter(f => !f.startsWith('package/assets/')));
    const wheel = path.join(dir, 'python', 'x-1.0.0-py3-none-any.whl');
    fs.mkdirSync(path.dirname(wheel));
    execFileSync('python3', ['-c', 'import sys,zipfile\nwith zipfile.ZipFile(sys.argv[1],"w") as z: z.write(sys.argv[2],"x/_jsii/x-1.0.0.tgz")', wheel, inner]);
    const missing = LAMBDA_HANDLERS.flatMap(h => [`package/assets/${h}.lambda.zip`, `package/assets/${h}.lambda/index.js`]);
    expect(missingFiles(path.join(dir, 'python')).missing).toEqual(missing);
    fs.mkdirSync(path.join(dir, 'go', 'blueprint', 'jsii'), { recursive: true });
    fs.copyFileSync(inner, path.join(dir, 'go', 'blueprint', 'jsii', 'x-1.0.0.tgz'));
    expect(missingFiles(path.join(dir, 'go')).missing).toEqual(missing);
  });

  test('the npm package of this checkout publishes the Lambda bundles and zips, not their build stamps', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    for (const h of LAMBDA_HANDLERS) {
      expect(files).toContain(`assets/${h}.lambda.zip`);
      expect(files).toContain(`assets/${h}.lambda/index.js`);
    }
    expect(files.filter(f => /^(src|test|scripts|assets\/\.bundle-inputs)\//.test(f))).toEqual([]);
  }, 60_000);
});

describe('a missing Lambda bundle: what the error tells the user', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-root-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"@confluxdb/cdktf-blueprint","version":"1.2.3"}');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('in a checkout: run the bundle task', () => {
    fs.writeFileSync(path.join(dir, '.projenrc.ts'), '');
    const advice = missingBundleAdvice('/x/assets/webhook.lambda.zip', dir);
    expect(advice).toMatch(/webhook\.lambda\.zip is missing; in this checkout run `\.\/npmw run bundle`/);
  });

  test('in an installed package: it is broken, reinstall; no checkout command as the fix', () => {
    const advice = missingBundleAdvice('/x/assets/webhook.lambda.zip', dir);
    expect(advice).toMatch(/the package @confluxdb\/cdktf-blueprint@1\.2\.3 .* was packaged without its Lambda bundles and is broken\. Reinstall it/);
    expect(advice).not.toMatch(/npmw run bundle|npx projen/);
  });

  test('the error a construct raises names its path and that advice', () => {
    const lib = spawnSync(process.execPath, ['-e', `
      const fs = require('fs');
      const real = fs.existsSync;
      fs.existsSync = p => (String(p).endsWith('.lambda.zip') ? false : real(p));
      require('./scripts/register.js');
      const { App, TerraformStack } = require('cdktf');
      const { NodeFunction } = require('./src/shared/private/node-function');
      const stack = new TerraformStack(new App(), 's');
      try { new NodeFunction(stack, 'Fn', { handler: 'webhook' }); } catch (e) { console.log(e.message); }
    `], { cwd: root, encoding: 'utf8' });
    expect(lib.stdout).toMatch(/^s\/Fn: the Lambda bundle .*webhook\.lambda\.zip is missing; in this checkout run `\.\/npmw run bundle`/);
  }, 60_000);
});
