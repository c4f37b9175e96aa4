/**
 * The GitHub App client against the fake GitHub world: App JWTs, narrowed installation tokens and
 * their cache, a rotated key, timeouts, and pagination as GitHub documents it.
 */
import { generateKeyPairSync } from 'crypto';
import { createAppJwt, createGitHubApp, GitHubApiError, RunnerScope } from '../../src/pipeline/lambda/runtime/github-app';
import { GitHubWorld, startGitHubWorld } from '../support/github';

const APP = '12345';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let gh: GitHubWorld;
const repoScope: RunnerScope = { kind: 'repo', installationId: 1, owner: 'confluxdb', repo: 'engine' };

beforeAll(async () => {
  gh = await startGitHubWorld({ appId: APP, publicKey: keys.publicKey });
  gh.addInstallation({ id: 1, account: 'confluxdb', repositories: [{ fullName: 'confluxdb/engine' }, { fullName: 'confluxdb/docs' }], permissions: { administration: 'write', actions: 'read', organization_self_hosted_runners: 'write' } });
});
afterAll(() => gh.close());
beforeEach(() => {
  gh.fault = undefined;
});

test('the JWT is RS256 with iss = app id, iat = now - 60 and exp = now + 540', () => {
  const jwt = createAppJwt(APP, pem, 1_800_000_000);
  const [header, payload] = jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(payload).toEqual({ iss: APP, iat: 1_800_000_000 - 60, exp: 1_800_000_000 + 540 });
});

test('installation tokens are narrowed to the repository and the permission, and cached', async () => {
  let keyReads = 0;
  const app = createGitHubApp({ appId: APP, privateKey: async () => { keyReads++; return pem; }, apiUrl: `${gh.url}/` });
  const before = gh.tokens.length;
  const a = await app.generateJitConfig({ scope: repoScope, name: 'r-1', labels: ['self-hosted'] });
  const b = await app.generateJitConfig({ scope: repoScope, name: 'r-2', labels: ['self-hosted'] });
  expect(a.encodedJitConfig).not.toBe(b.encodedJitConfig);
  expect(gh.tokens.slice(before)).toEqual([expect.objectContaining({ repositories: ['confluxdb/engine'], permissions: { administration: 'write' } })]);
  await app.getJob(1, 'confluxdb', 'engine', 999).catch(() => undefined);
  expect(gh.tokens.at(-1)).toMatchObject({ repositories: ['confluxdb/engine'], permissions: { actions: 'read' } });
  await app.listRunners({ kind: 'org', installationId: 1, org: 'confluxdb' }, 'x');
  expect(gh.tokens.at(-1)).toMatchObject({ repositories: 'all', permissions: { organization_self_hosted_runners: 'write' } });
  expect(keyReads).toBeGreaterThanOrEqual(1);
});

test('a JWT signed with another key is refused (401): retryable, and the key cache is told', async () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let invalidated = 0;
  const app = createGitHubApp({ appId: APP, privateKey: async () => other, onAuthFailure: () => invalidated++, apiUrl: gh.url });
  const err = await app.generateJitConfig({ scope: repoScope, name: 'r-3', labels: ['x'] }).catch((e) => e);
  expect(err).toBeInstanceOf(GitHubApiError);
  expect(err).toMatchObject({ status: 401, kind: 'auth', retryable: true });
  expect(invalidated).toBe(1);
});

test('no secret in an error message; a 409 name conflict is its own kind; deleting a missing runner is not an error', async () => {
  const app = createGitHubApp({ appId: APP, privateKey: async () => pem, apiUrl: gh.url });
  await app.generateJitConfig({ scope: repoScope, name: 'dup', labels: ['x'] });
  const err = await app.generateJitConfig({ scope: repoScope, name: 'dup', labels: ['x'] }).catch((e) => e);
  expect(err).toMatchObject({ status: 409, kind: 'conflict' });
  for (const secret of gh.secrets()) expect(err.message).not.toContain(secret);
  const found = await app.findRunner(repoScope, 'dup');
  expect(await app.deleteRunner(repoScope, found!.id)).toBe('deleted');
  expect(await app.deleteRunner(repoScope, found!.id)).toBe('not-found');
});

test('a hanging GitHub is abandoned after the timeout (transient); a refused connection too', async () => {
  const app = createGitHubApp({ appId: APP, privateKey: async () => pem, apiUrl: gh.url, timeoutMs: 200 });
  gh.fault = (req) => (req.route?.endsWith('generate-jitconfig') ? 'hang' : undefined);
  const started = Date.now();
  const err = await app.generateJitConfig({ scope: repoScope, name: 'r-4', labels: ['x'] }).catch((e) => e);
  expect(Date.now() - started).toBeLessThan(2000);
  expect(err).toMatchObject({ name: 'GitHubApiError', kind: 'transient', status: undefined });
  expect(err.message).toMatch(/timed out after 200 ms/);
  const offline = createGitHubApp({ appId: APP, privateKey: async () => pem, apiUrl: 'http://127.0.0.1:1' });
  await expect(offline.generateJitConfig({ scope: repoScope, name: 'r-5', labels: ['x'] })).rejects.toMatchObject({ kind: 'transient' });
});

test('runners and deliveries are read across pages', async () => {
  const app = createGitHubApp({ appId: APP, privateKey: async () => pem, apiUrl: gh.url });
  for (let i = 0; i < 105; i++) await app.generateJitConfig({ scope: repoScope, name: `page-${i}`, labels: ['x'] });
  expect((await app.listRunners(repoScope, 'page-')).length).toBe(105);
  gh.onDelivery = async () => 500;
  for (let i = 0; i < 120; i++) gh.queueJob({ repository: 'confluxdb/engine', labels: ['self-hosted'] });
  await gh.idle();
  const deliveries = await app.listDeliveries(new Date(Date.now() - 3600_000).toISOString());
  expect(deliveries.length).toBeGreaterThanOrEqual(120);
  expect(new Set(deliveries.map(d => d.guid)).size).toBe(deliveries.length);
}, 60_000);
