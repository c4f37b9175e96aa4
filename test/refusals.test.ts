/**
 * Every refusal has one shape (issue 22, requirement 3). test/setup.ts checks each refusal that
 * `invalidProp` makes while any test runs; this file checks that the check is wired, and that
 * construct code throws nothing else except the few errors listed below, each for a reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EncryptionKey, Grant, LeastPrivilegeRole, Port, TrustedPrincipal } from '../src';
import { REFUSAL_SHAPE, shapeProblem } from './support/refusal-shape';
import { refusal, testStack } from './util';
import { REFUSALS } from '../src/shared/private/validation';

test('the setup file watches every refusal', () => {
  const seen: string[] = [];
  const observer = REFUSALS.observer!;
  expect(observer).toBeDefined();
  REFUSALS.observer = (r) => {
    seen.push(r.message); observer(r);
  };
  try {
    refusal(() => new LeastPrivilegeRole(testStack(), 'Role', { description: 'r', assumedBy: TrustedPrincipal.service('lambda.amazonaws.com'), maxSessionDurationSeconds: 1 }));
  } finally {
    REFUSALS.observer = observer;
  }
  expect(seen).toEqual(['Test/Role: invalid maxSessionDurationSeconds 1. Allowed: an integer from 3600 to 43200.']);
});

test('the shape check refuses what names no path, no prop or nothing allowed', () => {
  const ok = { path: 'Test/A', prop: 'statements[0].actions', allowed: 'named actions', message: 'Test/A: invalid statements[0].actions "*". Allowed: named actions.' };
  expect(shapeProblem(ok)).toBeUndefined();
  expect(shapeProblem({ ...ok, path: '' })).toBe('no construct path');
  expect(shapeProblem({ ...ok, prop: 'grant actions' })).toMatch(/not a prop name/);
  expect(shapeProblem({ ...ok, allowed: ' ' })).toMatch(/allowed/);
  expect(shapeProblem({ ...ok, message: 'invalid "*"' })).toMatch(/not the shape/);
});

test('grants to a non-grantee name the resource, the prop and what is allowed', () => {
  const key = new EncryptionKey(testStack(), 'Key', { description: 'k' });
  expect(refusal(() => key.grantDecrypt({} as any))).toBe('Test/Key: invalid grantee (Object). Allowed: a grantable construct (a LeastPrivilegeRole, a Fargate service, a task definition).');
  expect(refusal(() => Grant.addToPrincipal(undefined as any, { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }))).toMatch(REFUSAL_SHAPE);
});

/**
 * Construct code: everything but Lambda handlers (which run in AWS and log instead of refusing
 * props) and the package's command-line tools (src/preflight, *-cli.ts: they report to a terminal).
 */
function constructSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'lambda' || e.name === 'preflight' ? [] : constructSources(p);
    return p.endsWith('.ts') && !p.endsWith('-cli.ts') ? [p] : [];
  });
}

/**
 * The throws that are not `invalidProp`, and why. Factories and statics with no construct to
 * name put themselves in the place of the path (`Port.tcp: invalid port 0. Allowed: ...`).
 */
const OTHER_THROWS: Record<string, { count: number; why: string }> = {
  'shared/connections.ts': { count: 2, why: 'Port factories: no construct yet; "Port.tcp: invalid port ..." in the shape' },
  'shared/grants.ts': { count: 2, why: 'Grant statics: "Grant.addToPrincipal: invalid grantee ..." in the shape; the grant verbs check first, naming their resource' },
  'shared/private/aws-context.ts': { count: 1, why: 'rethrows the invalidProp refusal it builds once for now and once for the synth-time validation' },
  'shared/private/node-function.ts': { count: 1, why: 'a missing Lambda bundle is a build step not run, not a prop' },
  'guard/zero-trust-guard.ts': { count: 2, why: 'guard findings and a second guard on a stack: not props' },
};

test('construct code throws invalidProp refusals only, apart from the listed exceptions', () => {
  const src = path.join(__dirname, '..', 'src');
  const found: Record<string, number> = {};
  for (const file of constructSources(src)) {
    const text = fs.readFileSync(file, 'utf8').split('\n').filter(l => !/^\s*(\*|\/\/)/.test(l)).join('\n');
    const others = (text.match(/\bthrow\s+(?!invalidProp\()/g) ?? []).length;
    if (others) found[path.relative(src, file)] = others;
  }
  expect(found).toEqual(Object.fromEntries(Object.entries(OTHER_THROWS).map(([f, e]) => [f, e.count])));
});

test('the shaped exceptions have the shape', () => {
  for (const f of [() => Port.tcp(0), () => Port.tcpRange(2, 1), () => Grant.combine([])]) expect(refusal(f)).toMatch(REFUSAL_SHAPE);
});
