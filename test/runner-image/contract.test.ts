import * as fs from 'fs';
import * as path from 'path';
import { openPgpFingerprint } from './support/openpgp';
import {
  RUNNER_EXIT_CODES, RUNNER_IDLE_TIMEOUT_DEFAULT_SECONDS, RUNNER_IDLE_TIMEOUT_ENV, RUNNER_START_SCRIPT,
  RUNNER_STOP_GRACE_DEFAULT_SECONDS, RUNNER_STOP_GRACE_ENV, RUNNER_UID, RUNNER_WORKDIR,
} from '../../src/pipeline/private/runner-contract';

// One source of truth: the constants in src/pipeline/private/runner-contract.ts. The Dockerfile stays a
// plain, hand-written file (users read and extend it; Renovate and Dependabot bump its FROM line,
// which a generated file would overwrite), and this test fails whenever it or the start script
// disagrees with the constants.

const dir = path.resolve(__dirname, '../../runner-image');
const dockerfile = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
const script = fs.readFileSync(path.join(dir, 'start-runner.sh'), 'utf8');

interface Instruction { readonly keyword: string; readonly args: string }

/** Instructions of the Dockerfile (continuations joined, comments dropped), grouped by stage. */
function stages(text: string): Instruction[][] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw) && current === '') continue;
    if (/^\s*#/.test(raw)) continue; // a comment inside a continued instruction
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('\\')) { current += line.slice(0, -1) + ' '; continue; }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  const result: Instruction[][] = [];
  for (const l of logical) {
    const [keyword, ...rest] = l.split(/\s+/);
    const ins = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (ins.keyword === 'FROM') result.push([]);
    if (result.length === 0) continue; // ARGs before the first FROM
    result[result.length - 1].push(ins);
  }
  return result;
}

const all = stages(dockerfile);
const final = all[all.length - 1];
const last = (keyword: string) => [...final].reverse().find(i => i.keyword === keyword)?.args;

describe('runner-image/Dockerfile matches the runner contract', () => {
  test('the final image runs as the runner uid, in the runner directory', () => {
    expect(last('USER')).toBe(String(RUNNER_UID));
    expect(last('WORKDIR')).toBe(RUNNER_WORKDIR);
  });

  test('the entry point is the start script, without arguments', () => {
    expect(JSON.parse(last('ENTRYPOINT')!)).toEqual([RUNNER_START_SCRIPT]);
    expect(JSON.parse(last('CMD')!)).toEqual([]);
  });

  test('the start script is copied to its contract path, read-only and executable', () => {
    const copy = final.find(i => i.keyword === 'COPY' && / start-runner\.sh /.test(` ${i.args} `));
    expect(copy?.args.split(/\s+/)).toEqual(['--chmod=0555', 'start-runner.sh', RUNNER_START_SCRIPT]);
  });

  test('the base is GitHub\'s actions-runner image pinned by version and digest, and the only external image', () => {
    const froms = all.map(s => s[0].args.split(/\s+/));
    const external = froms.filter(f => f[0].includes('/'));
    expect(external).toHaveLength(1);
    expect(external[0][0]).toMatch(/^ghcr\.io\/actions\/actions-runner:\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    const aliases = froms.filter(f => f[1]?.toUpperCase() === 'AS').map(f => f[2]);
    for (const f of froms.slice(1)) expect(aliases).toContain(f[0]);
  });

  test('the build context holds exactly the files the Dockerfile copies', () => {
    const copied = all.flat().filter(i => i.keyword === 'COPY' && !i.args.includes('--from='))
      .map(i => i.args.split(/\s+/).filter(a => !a.startsWith('--')).slice(0, -1)).flat().sort();
    const allowed = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8').split('\n')
      .filter(l => l.startsWith('!')).map(l => l.slice(1)).sort();
    expect(copied).toEqual(allowed);
    copied.forEach(f => expect(fs.existsSync(path.join(dir, f))).toBe(true));
  });

  test('the AWS CLI installer is verified against the key the repository holds', () => {
    const fingerprint = openPgpFingerprint(fs.readFileSync(path.join(dir, 'aws-cli-public-key.asc'), 'utf8'));
    // AWS's published fingerprint of the AWS CLI signing key.
    expect(fingerprint).toBe('FB5DB77FD5C118B80511ADA8A6310ACC4672475C');
    expect(dockerfile).toContain(`sh verify-signature.sh awscliv2.zip awscliv2.sig aws-cli-public-key.asc ${fingerprint} `);
    // ... and the installer is unzipped only after that check, in the same RUN.
    const run = all[1].find(i => i.keyword === 'RUN' && i.args.includes('verify-signature.sh'))!.args;
    expect(run.indexOf('verify-signature.sh')).toBeLessThan(run.indexOf('unzip'));
  });
});

describe('start-runner.sh matches the runner contract', () => {
  test('its defaults are the contract defaults', () => {
    expect(script).toContain(`\${${RUNNER_IDLE_TIMEOUT_ENV}:-${RUNNER_IDLE_TIMEOUT_DEFAULT_SECONDS}}`);
    expect(script).toContain(`\${${RUNNER_STOP_GRACE_ENV}:-${RUNNER_STOP_GRACE_DEFAULT_SECONDS}}`);
  });

  test('its exit codes are the contract exit codes', () => {
    const line = script.split('\n').find(l => l.startsWith('readonly EXIT_'))!;
    const codes = Object.fromEntries([...line.matchAll(/EXIT_([A-Z_]+)=(\d+)/g)].map(m => [m[1], Number(m[2])]));
    expect(codes).toEqual({
      ENVIRONMENT: RUNNER_EXIT_CODES.environment,
      READ_FAILED: RUNNER_EXIT_CODES.readFailed,
      DELETE_FAILED: RUNNER_EXIT_CODES.deleteFailed,
      IDLE_TIMEOUT: RUNNER_EXIT_CODES.idleTimeout,
    });
  });

  test('it is executable in the repository (the image copies it with its own mode, too)', () => {
    expect(() => fs.accessSync(path.join(dir, 'start-runner.sh'), fs.constants.X_OK)).not.toThrow();
  });
});
