/**
 * The test command's runner (scripts/test-all.sh): every step in order, one summary line at the
 * end (`test: N passed, M failed`, steps counted), the failed steps just above it, a non-zero exit
 * when any failed; a failed preflight stops the run.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');

/** Runs the runner with a stub for `projen STEP`: it logs its arguments and fails for the steps in `failing`. */
function runAll(args: string[], failing: string[] = []): { status: number | null; lines: string[]; calls: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-all-'));
  try {
    const log = path.join(dir, 'calls');
    const stub = path.join(dir, 'step.sh');
    fs.writeFileSync(stub, `echo "$*" >> ${log}\ncase " ${failing.join(' ')} " in *" $1 "*) echo "$1 failed" >&2; exit 3;; esac\n`);
    const r = spawnSync('bash', [path.join(root, 'scripts', 'test-all.sh'), ...args], {
      env: { ...process.env, TEST_ALL_RUN: `bash ${stub}` }, encoding: 'utf8',
    });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    return { status: r.status, lines: r.stdout.trimEnd().split('\n'), calls };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('scripts/test-all.sh', () => {
  test('all steps pass: exit 0 and the last line counts them', () => {
    const r = runAll(['preflight', 'typecheck', 'test:jest']);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(['preflight', 'typecheck', 'test:jest']);
    expect(r.lines.at(-1)).toBe('test: 3 passed, 0 failed');
  });

  test('a failing step: non-zero exit, later steps still run, the failure listed just above the summary', () => {
    const r = runAll(['preflight', 'typecheck', 'test:jest', 'eslint'], ['typecheck']);
    expect(r.status).toBe(1);
    expect(r.calls).toEqual(['preflight', 'typecheck', 'test:jest', 'eslint']);
    expect(r.lines.slice(-2)).toEqual(['test: failed: typecheck', 'test: 3 passed, 1 failed']);
    expect(r.lines.filter(l => /^test: \d+ passed, \d+ failed$/.test(l))).toHaveLength(1);
    expect(r.lines.find(l => l.includes('typecheck') && l.includes('FAILED'))).toBeDefined();
  });

  test('a failed preflight stops the run; the rest is reported as not run', () => {
    const r = runAll(['preflight', 'typecheck', 'test:jest'], ['preflight']);
    expect(r.status).toBe(1);
    expect(r.calls).toEqual(['preflight']);
    expect(r.lines.filter(l => /^  not run /.test(l))).toHaveLength(2);
    expect(r.lines.at(-1)).toBe('test: 0 passed, 1 failed');
  });

  test('arguments after -- go to the --args-to step only', () => {
    const r = runAll(['--args-to=test:jest', 'typecheck', 'test:jest', 'eslint', '--', 'test/network', '-t', 'a b']);
    expect(r.calls).toEqual(['typecheck', 'test:jest test/network -t a b', 'eslint']);
  });

  test('the test task runs every step through the runner, jest as the task test:jest', () => {
    const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;
    const [step, ...more] = tasks.test.steps;
    expect(more).toEqual([]);
    expect(step.receiveArgs).toBe(true);
    expect(step.exec).toMatch(/^bash scripts\/test-all\.sh --args-to=test:jest preflight .* test:jest .* --$/);
    const named = step.exec.replace(/ --$/, '').split(' ').slice(3);
    for (const name of named) expect(tasks[name]).toBeDefined();
    expect(tasks['test:jest'].steps[0].execArgs[0]).toBe('jest');
  });
});
