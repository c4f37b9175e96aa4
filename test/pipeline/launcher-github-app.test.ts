/**
 * GitHub App auth of the runner launcher against the fake GitHub on loopback.
 */
import { generateKeyPairSync } from 'crypto';
import { FakeGitHub, startFakeGitHub } from './support/fake-github';
import { createAppJwt, createGitHubApp, GitHubApiError } from '../../src/pipeline/lambda/runtime/github-app';

const APP = '12345';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub({ appId: APP, publicKey: keys.publicKey });
});
afterAll(() => github.close());
beforeEach(() => {
  github.fault = undefined;
});

const request = { installationId: 1, scope: 'repo' as const, owner: 'confluxdb', repo: 'engine', name: 'r-1', labels: ['self-hosted'] };

test('the JWT is RS256 with iss = app id, iat = now - 60 and exp = now + 540', () => {
  const jwt = createAppJwt(APP, pem, 1_800_000_000);
  const [header, payload] = jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(payload).toEqual({ iss: APP, iat: 1_800_000_000 - 60, exp: 1_800_000_000 + 540 });
});

test('exchanges a verified JWT for an installation token, caches the token and returns the JIT config', async () => {
  let keyReads = 0;
  const app = createGitHubApp({ appId: APP, privateKey: async () => { keyReads++; return pem; }, apiUrl: `${github.url}/` });
  const before = github.requests.length;
  const a = await app.generateJitConfig(request);
  const b = await app.generateJitConfig({ ...request, name: 'r-2' });
  expect(a.encodedJitConfig).not.toBe(b.encodedJitConfig);
  expect(github.jitConfigs.map((j) => j.config)).toEqual(expect.arrayContaining([a.encodedJitConfig, b.encodedJitConfig]));
  expect(typeof a.runnerId).toBe('number');
  expect(github.requests.slice(before).map((r) => `${r.kind} ${r.status}`)).toEqual(['token 201', 'jitconfig 201', 'jitconfig 201']);
  expect(keyReads).toBe(1);
});

test('a JWT signed with another key is refused (401, retryable) and the key cache is invalidated', async () => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let invalidated = 0;
  const app = createGitHubApp({ appId: APP, privateKey: async () => other, onAuthFailure: () => invalidated++, apiUrl: github.url });
  const err = await app.generateJitConfig(request).catch((e) => e);
  expect(err).toBeInstanceOf(GitHubApiError);
  expect(err).toMatchObject({ status: 401, retryable: true });
  expect(invalidated).toBe(1);
  expect(github.requests[github.requests.length - 1]).toMatchObject({ kind: 'token', status: 401 });
});

test.each([
  [{ status: 429, retryAfter: 7 }, { status: 429, retryable: true, retryAfterSeconds: 7 }],
  [{ status: 502 }, { status: 502, retryable: true }],
  [{ status: 404 }, { status: 404, retryable: false }],
  [{ status: 422 }, { status: 422, retryable: false }],
])('GitHub answering %j becomes %j, without any secret in the message', async (fault, expected) => {
  const app = createGitHubApp({ appId: APP, privateKey: async () => pem, apiUrl: github.url });
  github.fault = (req) => (req.kind === 'jitconfig' ? fault : undefined);
  const err = await app.generateJitConfig(request).catch((e) => e);
  expect(err).toMatchObject(expected);
  for (const secret of github.secrets()) expect(err.message).not.toContain(secret);
});

test('a hanging GitHub is abandoned after the timeout and is retryable', async () => {
  const app = createGitHubApp({ appId: APP, privateKey: async () => pem, apiUrl: github.url, timeoutMs: 200 });
  github.fault = (req) => (req.kind === 'jitconfig' ? 'hang' : undefined);
  const started = Date.now();
  const err = await app.generateJitConfig(request).catch((e) => e);
  expect(Date.now() - started).toBeLessThan(2000);
  expect(err).toMatchObject({ name: 'GitHubApiError', retryable: true, status: undefined });
  expect(err.message).toMatch(/timed out after 200 ms/);
});

test('organization scope uses the org endpoint', async () => {
  const app = createGitHubApp({ appId: APP, privateKey: async () => pem, apiUrl: github.url });
  await app.generateJitConfig({ ...request, scope: 'org' });
  expect(github.jitConfigs[github.jitConfigs.length - 1].path).toBe('/orgs/confluxdb/actions/runners/generate-jitconfig');
});

test('a connection refused is a retryable network error', async () => {
  const app = createGitHubApp({ appId: APP, privateKey: async () => pem, apiUrl: 'http://127.0.0.1:1' });
  await expect(app.generateJitConfig(request)).rejects.toMatchObject({ retryable: true, status: undefined });
});
