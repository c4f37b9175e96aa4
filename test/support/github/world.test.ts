/**
 * Self-tests of the fake GitHub: each modelled behaviour, as GitHub documents it, through the REST
 * API on loopback (fetch) and the world's test API.
 */
import { createSign, generateKeyPairSync, KeyObject } from 'crypto';
import { request as httpRequest } from 'http';
import type * as WebhookMethods from '@octokit/webhooks-methods' with { 'resolution-mode': 'import' };
import { Delivery, GitHubWorld, Repository, startGitHubWorld } from './index';

// ESM-only package, loaded as test/pipeline/webhook.test.ts does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verify } = require('@octokit/webhooks-methods') as typeof WebhookMethods;

const APP_ID = '424242';
const INSTALLATION = 77;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
let secrets = ['current-secret-Wq3', 'previous-secret-Zr8'];
let gh: GitHubWorld;
let received: Delivery[];

beforeEach(async () => {
  secrets = ['current-secret-Wq3', 'previous-secret-Zr8'];
  gh = await startGitHubWorld({ appId: APP_ID, publicKey: keys.publicKey, webhookSecrets: () => secrets, deliveryTimeoutMs: 200 });
  received = [];
  gh.onDelivery = (d) => {
    received.push(d);
    return 202;
  };
});
afterEach(() => gh.close());

// ---------------------------------------------------------------------------------------------
// Helpers

function jwt(opts: { iat?: number; exp?: number; iss?: string; key?: KeyObject } = {}): string {
  const now = Math.floor(gh.now() / 1000);
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iat: opts.iat ?? now - 60, exp: opts.exp ?? now + 540, iss: opts.iss ?? APP_ID })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(opts.key ?? keys.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

interface CallOptions {
  auth?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

async function api(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const res = await fetch(`${gh.url}${path}`, {
    method,
    headers: {
      'accept': 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      ...(opts.auth ? { authorization: `Bearer ${opts.auth}` } : {}),
      ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const ORG_PERMISSIONS = { administration: 'write', organization_self_hosted_runners: 'write', actions: 'read' } as const;

/** octo-org with the App on app (private) and site (public); lib (private) and docs (public) exist outside it. */
function installOrg(): Record<'app' | 'site' | 'lib' | 'docs', Repository> {
  const app = gh.addRepository({ fullName: 'octo-org/app' });
  const site = gh.addRepository({ fullName: 'octo-org/site', private: false });
  gh.addInstallation({ id: INSTALLATION, account: 'octo-org', repositories: [app, site], permissions: { ...ORG_PERMISSIONS } });
  return { app, site, lib: gh.addRepository({ fullName: 'octo-org/lib' }), docs: gh.addRepository({ fullName: 'octo-org/docs', private: false }) };
}

async function token(body: unknown = {}): Promise<string> {
  const r = await api('POST', `/app/installations/${INSTALLATION}/access_tokens`, { auth: jwt(), body });
  expect(r.status).toBe(201);
  return r.body.token;
}

async function orgJit(tok: string, name: string, labels: string[], runnerGroupId = 1): Promise<{ id: number; config: string }> {
  const r = await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body: { name, runner_group_id: runnerGroupId, labels } });
  expect(r.status).toBe(201);
  return { id: r.body.runner.id, config: r.body.encoded_jit_config };
}

const actions = () => received.map((d) => `${d.payload.workflow_job.id}:${d.action}:${d.payload.workflow_job.status}`);

// ---------------------------------------------------------------------------------------------

describe('installation access tokens', () => {
  test('a verified JWT gets a token valid for one hour with the installation\'s permissions', async () => {
    installOrg();
    const r = await api('POST', `/app/installations/${INSTALLATION}/access_tokens`, { auth: jwt() });
    expect(r.status).toBe(201);
    expect(r.body.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(Date.parse(r.body.expires_at) - gh.now()).toBeGreaterThan(3599_000 - 1000);
    expect(Date.parse(r.body.expires_at) - gh.now()).toBeLessThanOrEqual(3600_000);
    expect(r.body).toMatchObject({ permissions: ORG_PERMISSIONS, repository_selection: 'selected' });
    expect(r.body.repositories.map((x: any) => x.full_name)).toEqual(['octo-org/app', 'octo-org/site']);
    expect(gh.tokens).toEqual([expect.objectContaining({ token: r.body.token, installationId: INSTALLATION, repositories: 'all' })]);
  });

  test('repositories (names) and permissions narrow the token; calls outside it are refused', async () => {
    const { site } = installOrg();
    const narrow = await token({ repositories: ['app'], permissions: { administration: 'write' } });
    expect(gh.tokens[0]).toMatchObject({ repositories: ['octo-org/app'], permissions: { administration: 'write' } });
    const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    // Missing permission: 403 with the permission the endpoint accepts.
    const noActions = await api('GET', `/repos/octo-org/app/actions/jobs/${job.id}`, { auth: narrow });
    expect(noActions).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } });
    expect(noActions.headers.get('x-accepted-github-permissions')).toBe('actions=read');
    const orgScope = await api('GET', '/orgs/octo-org/actions/runners', { auth: narrow });
    expect(orgScope.status).toBe(403);
    // Outside the token's repositories: a public repository 403, a private one 404.
    const publicOutside = await api('GET', '/repos/octo-org/site/actions/runners', { auth: narrow });
    expect(publicOutside).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } });
    expect((await api('GET', '/repos/octo-org/lib/actions/runners', { auth: narrow })).status).toBe(404);
    expect((await api('GET', '/repos/octo-org/app/actions/runners', { auth: narrow })).status).toBe(200);
    // repository_ids narrow too.
    await token({ repository_ids: [site.id] });
    expect(gh.tokens[gh.tokens.length - 1].repositories).toEqual(['octo-org/site']);
  });

  test.each([
    [{ repositories: ['octo-org/app'] }, 'There is at least one repository that does not exist or is not accessible to the parent installation.'],
    [{ repositories: ['lib'] }, 'There is at least one repository that does not exist or is not accessible to the parent installation.'],
    [{ repository_ids: [1] }, 'There is at least one repository that does not exist or is not accessible to the parent installation.'],
    [{ permissions: { administration: 'admin' } }, 'The permissions requested are not granted to this installation.'],
    [{ permissions: { contents: 'read' } }, 'The permissions requested are not granted to this installation.'],
  ])('asking for more than the installation has (%j) answers 422', async (body, message) => {
    installOrg();
    const r = await api('POST', `/app/installations/${INSTALLATION}/access_tokens`, { auth: jwt(), body });
    expect(r).toMatchObject({ status: 422, body: { message } });
    expect(gh.tokens).toHaveLength(0);
  });

  test('the App\'s client id is accepted as the JWT issuer', async () => {
    const world = await startGitHubWorld({ appId: APP_ID, clientId: 'Iv23liAbCdEf', publicKey: keys.publicKey });
    try {
      world.addInstallation({ id: 5, account: 'octo-org', permissions: { ...ORG_PERMISSIONS } });
      const r = await fetch(`${world.url}/app/installations/5/access_tokens`, { method: 'POST', headers: { authorization: `Bearer ${jwt({ iss: 'Iv23liAbCdEf' })}` } });
      expect(r.status).toBe(201);
    } finally {
      await world.close();
    }
  });

  test('an unknown installation is 404', async () => {
    installOrg();
    expect((await api('POST', '/app/installations/999/access_tokens', { auth: jwt() })).status).toBe(404);
  });

  test.each([
    ['signed with another key', () => jwt({ key: otherKeys.privateKey }), 'A JSON web token could not be decoded'],
    ['another app', () => jwt({ iss: '1' }), "'Issuer' claim ('iss') must be an Integer"],
    ['issued in the future', () => jwt({ iat: Math.floor(gh.now() / 1000) + 30 }), "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"],
    ['expired', () => jwt({ iat: Math.floor(gh.now() / 1000) - 700, exp: Math.floor(gh.now() / 1000) - 100 }), "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"],
    ['valid for over 10 minutes', () => jwt({ exp: Math.floor(gh.now() / 1000) + 660 }), "'Expiration time' claim ('exp') is too far in the future"],
    ['not a JWT', () => 'ghs_notAToken', 'A JSON web token could not be decoded'],
  ])('a JWT %s is refused with 401', async (_what, make, message) => {
    installOrg();
    const r = await api('POST', `/app/installations/${INSTALLATION}/access_tokens`, { auth: make() });
    expect(r).toMatchObject({ status: 401, body: { message } });
  });

  test('credentials: none 401, unknown 401, JWT on installation endpoints 403, token after an hour 401', async () => {
    installOrg();
    const tok = await token();
    expect(await api('GET', '/orgs/octo-org/actions/runners')).toMatchObject({ status: 401, body: { message: 'Requires authentication' } });
    expect(await api('GET', '/orgs/octo-org/actions/runners', { auth: 'ghs_' + 'x'.repeat(36) })).toMatchObject({ status: 401, body: { message: 'Bad credentials' } });
    expect(await api('GET', '/orgs/octo-org/actions/runners', { auth: jwt() })).toMatchObject({ status: 403, body: { message: 'Resource not accessible by integration' } });
    expect((await api('GET', '/app/hook/deliveries', { auth: tok })).status).toBe(401);
    expect((await api('GET', '/orgs/octo-org/actions/runners', { auth: tok })).status).toBe(200);
    gh.advance(3600_000);
    expect(await api('GET', '/orgs/octo-org/actions/runners', { auth: tok })).toMatchObject({ status: 401, body: { message: 'Bad credentials' } });
  });

  test('an installation on another account sees none of this organization', async () => {
    installOrg();
    gh.addInstallation({ id: 88, account: 'other-org', permissions: { ...ORG_PERMISSIONS } });
    const r = await api('POST', '/app/installations/88/access_tokens', { auth: jwt() });
    expect(r.body.repository_selection).toBe('all');
    expect((await api('GET', '/orgs/octo-org/actions/runners', { auth: r.body.token })).status).toBe(404);
    expect((await api('GET', '/repos/octo-org/site/actions/runners', { auth: r.body.token })).status).toBe(403);
  });
});

describe('JIT runner registration', () => {
  test('registers an offline ephemeral runner with exactly the given labels in the given group', async () => {
    installOrg();
    const group = gh.addRunnerGroup('octo-org', { name: 'ci', visibility: 'selected', repositories: ['octo-org/app'] });
    const tok = await token();
    const r = await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', {
      auth: tok, body: { name: 'r-1', runner_group_id: group.id, labels: ['self-hosted', 'X64', 'no-gpu'], work_folder: '_work' },
    });
    expect(r.status).toBe(201);
    expect(r.body.runner).toMatchObject({
      name: 'r-1',
      os: 'unknown',
      status: 'offline',
      busy: false,
      ephemeral: true,
      runner_group_id: group.id,
      labels: [
        { name: 'self-hosted', type: 'read-only' }, { name: 'X64', type: 'read-only' }, { name: 'no-gpu', type: 'custom' },
      ],
    });
    expect(typeof r.body.encoded_jit_config).toBe('string');
    expect(gh.secrets()).toContain(r.body.encoded_jit_config);
    expect(gh.runners()).toEqual([expect.objectContaining({ name: 'r-1', scope: 'organization', owner: 'octo-org', runnerGroupId: group.id, status: 'offline', configUsed: false })]);
    const listed = await api('GET', `/orgs/octo-org/actions/runners/${r.body.runner.id}`, { auth: tok });
    expect(listed.body).toMatchObject({ id: r.body.runner.id, status: 'offline' });
  });

  test('a runner with that name already existing answers 409; repository and organization names are separate', async () => {
    installOrg();
    const tok = await token();
    await orgJit(tok, 'dup', ['self-hosted']);
    const again = await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'dup', runner_group_id: 1, labels: ['self-hosted'] } });
    expect(again).toMatchObject({ status: 409, body: { message: 'Already exists - A runner with the name dup already exists.' } });
    const repo = await api('POST', '/repos/octo-org/app/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'dup', runner_group_id: 1, labels: ['self-hosted'] } });
    expect(repo.status).toBe(201);
    expect(gh.runners()).toHaveLength(2);
  });

  test.each([
    [{ runner_group_id: 1, labels: ['self-hosted'] }, 422],
    [{ name: 'x', labels: ['self-hosted'] }, 422],
    [{ name: 'x', runner_group_id: 1 }, 422],
    [{ name: 'x', runner_group_id: 1, labels: [] }, 422],
    [{ name: 'x', runner_group_id: 1, labels: Array.from({ length: 101 }, (_, i) => `l${i}`) }, 422],
    [{ name: 'x', runner_group_id: 99999, labels: ['self-hosted'] }, 404],
  ])('%j answers %i and registers nothing', async (body, status) => {
    installOrg();
    const r = await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: await token(), body });
    expect(r.status).toBe(status);
    expect(gh.runners()).toHaveLength(0);
  });

  test('the encoded JIT config is single use: unknown, used or deleted configs fail', async () => {
    installOrg();
    const tok = await token();
    const a = await orgJit(tok, 'a', ['self-hosted']);
    const b = await orgJit(tok, 'b', ['self-hosted']);
    expect(gh.startRunner(a.config)).toMatchObject({ name: 'a', status: 'online', configUsed: true });
    expect(() => gh.startRunner(a.config)).toThrow(/already used/);
    expect(() => gh.startRunner('bm90IGEgY29uZmln')).toThrow(/not issued/);
    expect((await api('DELETE', `/orgs/octo-org/actions/runners/${b.id}`, { auth: tok })).status).toBe(204);
    expect(() => gh.startRunner(b.config)).toThrow(/deleted/);
  });

  test('an ephemeral runner offline for more than a day is removed; a job queued for more than 24 h fails', async () => {
    installOrg();
    const tok = await token();
    const never = await orgJit(tok, 'never-started', ['self-hosted']);
    const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', 'gpu'] });
    gh.advance(24 * 3600_000 + 1000);
    expect(gh.runners()).toHaveLength(0);
    expect(gh.runners({ includeRemoved: true })).toEqual([expect.objectContaining({ id: never.id, removedAt: expect.any(Date) })]);
    expect(() => gh.startRunner(never.config)).toThrow(/deleted/);
    expect(gh.job(job.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });
});

describe('job assignment', () => {
  test('every job label must be a runner label, case-insensitively; extra runner labels are fine', async () => {
    installOrg();
    const tok = await token();
    const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', 'Linux'] });
    gh.startRunner((await orgJit(tok, 'only-self-hosted', ['self-hosted'])).config);
    expect(gh.job(job.id).status).toBe('queued');
    gh.startRunner((await orgJit(tok, 'linux-gpu', ['SELF-HOSTED', 'linux', 'gpu'])).config);
    expect(gh.job(job.id)).toMatchObject({ status: 'in_progress', runnerName: 'linux-gpu' });
    // A job with fewer labels takes the remaining runner that was meant for another.
    const fewer = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    expect(gh.job(fewer.id)).toMatchObject({ status: 'in_progress', runnerName: 'only-self-hosted' });
  });

  test('the oldest queued job is assigned first', async () => {
    installOrg();
    const newer = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'], createdAt: new Date(gh.now() - 1000) });
    const older = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'], createdAt: new Date(gh.now() - 5000) });
    gh.startRunner((await orgJit(await token(), 'one', ['self-hosted'])).config);
    expect(gh.job(older.id)).toMatchObject({ status: 'in_progress', runnerName: 'one' });
    expect(gh.job(newer.id).status).toBe('queued');
  });

  test('a repository runner is chosen before an organization runner, even an older one', async () => {
    installOrg();
    const tok = await token();
    gh.startRunner((await orgJit(tok, 'org-runner', ['self-hosted'])).config);
    const repo = await api('POST', '/repos/octo-org/app/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'repo-runner', runner_group_id: 1, labels: ['self-hosted'] } });
    gh.startRunner(repo.body.encoded_jit_config);
    const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    expect(gh.job(job.id)).toMatchObject({ runnerName: 'repo-runner', runnerGroupId: 1, runnerGroupName: 'Default' });
  });

  test('the Default group admits every private repository of the organization, also those outside the installation', async () => {
    installOrg();
    const tok = await token();
    const outside = gh.queueJob({ repository: 'octo-org/lib', labels: ['self-hosted'] });
    gh.startRunner((await orgJit(tok, 'started-for-app', ['self-hosted'])).config);
    expect(gh.job(outside.id)).toMatchObject({ status: 'in_progress', runnerName: 'started-for-app', runnerGroupName: 'Default' });
    await gh.idle();
    expect(received).toHaveLength(0); // the App never hears of octo-org/lib
  });

  test.each([
    ['all', 'octo-org/lib', {}, true],
    ['all', 'octo-org/docs', {}, false],
    ['all', 'octo-org/docs', { allowsPublicRepositories: true }, true],
    ['private', 'octo-org/lib', {}, true],
    ['private', 'octo-org/docs', { allowsPublicRepositories: true }, false],
    ['selected', 'octo-org/app', {}, true],
    ['selected', 'octo-org/lib', {}, false],
    ['selected', 'octo-org/site', { allowsPublicRepositories: true }, true],
    ['selected', 'octo-org/site', {}, false],
  ] as const)('a %s group takes %s jobs (%j): %s', async (visibility, repository, extra, taken) => {
    installOrg();
    const group = gh.addRunnerGroup('octo-org', { name: 'g', visibility, repositories: ['octo-org/app', 'octo-org/site'], ...extra });
    const job = gh.queueJob({ repository, labels: ['self-hosted'] });
    gh.startRunner((await orgJit(await token(), 'r', ['self-hosted'], group.id)).config);
    expect(gh.job(job.id).status).toBe(taken ? 'in_progress' : 'queued');
    const visible = await api('GET', `/orgs/octo-org/actions/runner-groups?visible_to_repository=${repository.split('/')[1]}`, { auth: await token() });
    expect(visible.body.runner_groups.some((g: any) => g.id === group.id)).toBe(taken);
  });

  test('a repository runner serves only its repository, public or not', async () => {
    installOrg();
    const tok = await token();
    const other = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    const r = await api('POST', '/repos/octo-org/site/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'site-runner', runner_group_id: 1, labels: ['self-hosted'] } });
    gh.startRunner(r.body.encoded_jit_config);
    expect(gh.job(other.id).status).toBe('queued');
    const own = gh.queueJob({ repository: 'octo-org/site', labels: ['self-hosted'] });
    expect(gh.job(own.id).runnerName).toBe('site-runner');
  });

  test('updating the Default group re-routes queued jobs', async () => {
    installOrg();
    const job = gh.queueJob({ repository: 'octo-org/site', labels: ['self-hosted'] });
    gh.startRunner((await orgJit(await token(), 'r', ['self-hosted'])).config);
    expect(gh.job(job.id).status).toBe('queued');
    gh.updateRunnerGroup('octo-org', 1, { allowsPublicRepositories: true });
    expect(gh.job(job.id).status).toBe('in_progress');
  });
});

describe('workflow_job webhooks and job life cycle', () => {
  test('queued, in_progress and completed payloads carry the documented fields', async () => {
    installOrg();
    const tok = await token();
    const runner = await orgJit(tok, 'r-9', ['self-hosted', 'linux']);
    const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', 'linux'], sender: 'hubot' });
    gh.startRunner(runner.config);
    gh.completeJob(job.id);
    await gh.idle();
    expect(actions()).toEqual([`${job.id}:queued:queued`, `${job.id}:in_progress:in_progress`, `${job.id}:completed:completed`]);
    const [queued, inProgress, completed] = received.map((d) => d.payload);
    expect(Object.keys(queued)).toEqual(['action', 'workflow_job', 'repository', 'organization', 'sender', 'installation']);
    expect(queued.workflow_job).toMatchObject({
      id: job.id,
      run_id: job.runId,
      labels: ['self-hosted', 'linux'],
      status: 'queued',
      conclusion: null,
      runner_id: null,
      runner_name: null,
      runner_group_id: null,
      runner_group_name: null,
      head_branch: 'main',
      workflow_name: 'CI',
    });
    expect(queued.workflow_job.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(queued.repository).toMatchObject({ full_name: 'octo-org/app', name: 'app', private: true, visibility: 'private', owner: { login: 'octo-org', type: 'Organization' } });
    expect(queued.repository.html_url).toBe('https://github.com/octo-org/app');
    expect(queued).toMatchObject({ installation: { id: INSTALLATION }, organization: { login: 'octo-org' }, sender: { login: 'hubot', type: 'User' } });
    expect(inProgress.workflow_job).toMatchObject({ status: 'in_progress', runner_id: runner.id, runner_name: 'r-9', runner_group_id: 1, runner_group_name: 'Default' });
    expect(completed.workflow_job).toMatchObject({ status: 'completed', conclusion: 'success', runner_name: 'r-9' });
    // The ephemeral runner is de-registered after its job.
    expect(gh.runners()).toHaveLength(0);
    expect((await api('GET', `/orgs/octo-org/actions/runners/${runner.id}`, { auth: tok })).status).toBe(404);
  });

  test('cancelling a queued job: completed/cancelled with no runner; the idle runner stays', async () => {
    installOrg();
    const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', 'gpu'] });
    const runner = await orgJit(await token(), 'idle', ['self-hosted']);
    gh.startRunner(runner.config);
    gh.cancelJob(job.id);
    await gh.idle();
    expect(actions()).toEqual([`${job.id}:queued:queued`, `${job.id}:completed:completed`]);
    expect(received[1].payload.workflow_job).toMatchObject({ conclusion: 'cancelled', runner_id: null, runner_name: null, runner_group_id: null, runner_group_name: null });
    expect(gh.runners()).toEqual([expect.objectContaining({ name: 'idle', status: 'online', busy: false })]);
  });

  test('cancelling a running job: cancelled, its runner removed; a stopped runner fails its job and stays offline', async () => {
    installOrg();
    const tok = await token();
    const a = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    gh.startRunner((await orgJit(tok, 'a', ['self-hosted'])).config);
    gh.cancelJob(a.id);
    expect(gh.job(a.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled', runnerName: 'a' });
    expect(gh.runners()).toHaveLength(0);
    const b = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    const bRunner = await orgJit(tok, 'b', ['self-hosted']);
    gh.startRunner(bRunner.config);
    gh.stopRunner('b');
    expect(gh.job(b.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(gh.runners()).toEqual([expect.objectContaining({ name: 'b', status: 'offline', busy: false })]);
    expect(() => gh.startRunner(bRunner.config)).toThrow(/already used/);
    // The process of a runner GitHub already removed just exits.
    expect(gh.stopRunner('a')).toMatchObject({ name: 'a', removedAt: expect.any(Date) });
    expect(() => gh.stopRunner('nobody')).toThrow(/no runner/);
  });

  test('an App on a user account: repository runners only, no organization in payloads', async () => {
    gh.addInstallation({ id: 9, account: 'monalisa', accountType: 'User', repositories: [{ fullName: 'monalisa/dotfiles' }], permissions: { ...ORG_PERMISSIONS } });
    const tok = (await api('POST', '/app/installations/9/access_tokens', { auth: jwt() })).body.token;
    expect((await api('POST', '/orgs/monalisa/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'r', runner_group_id: 1, labels: ['self-hosted'] } })).status).toBe(404);
    const r = await api('POST', '/repos/monalisa/dotfiles/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'r', runner_group_id: 1, labels: ['self-hosted'] } });
    gh.startRunner(r.body.encoded_jit_config);
    const job = gh.queueJob({ repository: 'monalisa/dotfiles', labels: ['self-hosted'] });
    await gh.idle();
    expect(gh.job(job.id).runnerName).toBe('r');
    expect(received[0].payload.organization).toBeUndefined();
    expect(received[0].payload.repository.owner).toMatchObject({ login: 'monalisa', type: 'User' });
  });

  test('an environment approval sends queued twice: status waiting (plus waiting), then queued', async () => {
    installOrg();
    const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'], environment: 'production' });
    gh.startRunner((await orgJit(await token(), 'r', ['self-hosted'])).config);
    expect(gh.job(job.id).status).toBe('waiting');
    gh.approveJob(job.id);
    await gh.idle();
    expect(actions()).toEqual([`${job.id}:queued:waiting`, `${job.id}:waiting:waiting`, `${job.id}:queued:queued`, `${job.id}:in_progress:in_progress`]);
    expect(received[0].payload.deployment).toMatchObject({ environment: 'production', repository_url: expect.stringContaining('/repos/octo-org/app') });
  });

  test('GET a job returns the REST job object; a job of another repository is 404', async () => {
    installOrg();
    const tok = await token();
    const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    const r = await api('GET', `/repos/octo-org/app/actions/jobs/${job.id}`, { auth: tok });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: job.id, run_id: job.runId, status: 'queued', conclusion: null, labels: ['self-hosted'], runner_id: null, run_attempt: 1, steps: [] });
    expect(r.body.url).toBe(`${gh.url}/repos/octo-org/app/actions/jobs/${job.id}`);
    expect((await api('GET', `/repos/octo-org/site/actions/jobs/${job.id}`, { auth: tok })).status).toBe(404);
  });
});

describe('runner removal', () => {
  test('DELETE: 204, then 404; 422 while the runner runs a job; the other scope\'s path is 404', async () => {
    installOrg();
    const tok = await token();
    const idle = await orgJit(tok, 'idle', ['self-hosted']);
    const busy = await orgJit(tok, 'busy', ['self-hosted']);
    gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    gh.startRunner(busy.config);
    expect((await api('DELETE', `/repos/octo-org/app/actions/runners/${idle.id}`, { auth: tok })).status).toBe(404);
    expect((await api('DELETE', `/orgs/octo-org/actions/runners/${idle.id}`, { auth: tok })).status).toBe(204);
    expect((await api('DELETE', `/orgs/octo-org/actions/runners/${idle.id}`, { auth: tok })).status).toBe(404);
    const refused = await api('DELETE', `/orgs/octo-org/actions/runners/${busy.id}`, { auth: tok });
    expect(refused).toMatchObject({ status: 422, body: { message: 'Bad request - Runner "busy" is still running a job"' } });
    expect(gh.runners().map((r) => r.name)).toEqual(['busy']);
  });
});

describe('pagination', () => {
  test('runners: per_page and page with a link header; name filters', async () => {
    installOrg();
    const tok = await token();
    for (const n of ['r1', 'r2', 'r3', 'r4', 'r5']) await orgJit(tok, n, ['self-hosted']);
    const first = await api('GET', '/orgs/octo-org/actions/runners?per_page=2', { auth: tok });
    expect(first.body.total_count).toBe(5);
    expect(first.body.runners.map((r: any) => r.name)).toEqual(['r1', 'r2']);
    expect(first.headers.get('link')).toBe(
      `<${gh.url}/orgs/octo-org/actions/runners?per_page=2&page=2>; rel="next", <${gh.url}/orgs/octo-org/actions/runners?per_page=2&page=3>; rel="last"`);
    const middle = await api('GET', '/orgs/octo-org/actions/runners?per_page=2&page=2', { auth: tok });
    expect(middle.headers.get('link')).toMatch(/page=1>; rel="prev", .*page=3>; rel="next", .*page=3>; rel="last", .*page=1>; rel="first"$/);
    const last = await api('GET', '/orgs/octo-org/actions/runners?per_page=2&page=3', { auth: tok });
    expect(last.body.runners.map((r: any) => r.name)).toEqual(['r5']);
    expect(last.headers.get('link')).not.toMatch(/rel="next"/);
    const all = await api('GET', '/orgs/octo-org/actions/runners', { auth: tok });
    expect(all.headers.get('link')).toBeNull();
    const named = await api('GET', '/orgs/octo-org/actions/runners?name=r3', { auth: tok });
    expect(named.body).toMatchObject({ total_count: 1, runners: [{ name: 'r3' }] });
  });

  test('runner groups and their repositories', async () => {
    installOrg();
    const tok = await token();
    const g = gh.addRunnerGroup('octo-org', { name: 'pipeline', visibility: 'selected', repositories: ['octo-org/app', 'octo-org/lib'] });
    const list = await api('GET', '/orgs/octo-org/actions/runner-groups', { auth: tok });
    expect(list.body).toMatchObject({
      total_count: 2,
      runner_groups: [
        { id: 1, name: 'Default', visibility: 'all', default: true, allows_public_repositories: false, inherited: false },
        { id: g.id, name: 'pipeline', visibility: 'selected', default: false, selected_repositories_url: `${gh.url}/orgs/octo-org/actions/runner-groups/${g.id}/repositories` },
      ],
    });
    const one = await api('GET', `/orgs/octo-org/actions/runner-groups/${g.id}`, { auth: tok });
    expect(one.body.name).toBe('pipeline');
    const repos = await api('GET', `/orgs/octo-org/actions/runner-groups/${g.id}/repositories?per_page=1`, { auth: tok });
    expect(repos.body).toMatchObject({ total_count: 2, repositories: [{ full_name: 'octo-org/app' }] });
    expect(repos.headers.get('link')).toMatch(/rel="next"/);
    expect((await api('GET', '/orgs/octo-org/actions/runner-groups/999', { auth: tok })).status).toBe(404);
  });
});

describe('webhook deliveries', () => {
  test('headers and a signature @octokit/webhooks-methods verifies with the current secret', async () => {
    installOrg();
    gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    await gh.idle();
    const [d] = received;
    expect(d.headers).toMatchObject({
      'X-GitHub-Event': 'workflow_job',
      'X-GitHub-Delivery': d.guid,
      'X-GitHub-Hook-ID': '42424242',
      'X-GitHub-Hook-Installation-Target-Type': 'integration',
      'X-GitHub-Hook-Installation-Target-ID': APP_ID,
      'Content-Type': 'application/json',
      'User-Agent': expect.stringMatching(/^GitHub-Hookshot\//),
    });
    expect(d.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(JSON.parse(d.body)).toEqual(d.payload);
    expect(d.headers['X-Hub-Signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(await verify(secrets[0], d.body, d.headers['X-Hub-Signature-256'])).toBe(true);
    expect(await verify(secrets[1], d.body, d.headers['X-Hub-Signature-256'])).toBe(false);
    // After a rotation GitHub signs with the new secret.
    secrets = ['rotated-secret-Kp1', ...secrets];
    gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    await gh.idle();
    expect(await verify('rotated-secret-Kp1', received[1].body, received[1].headers['X-Hub-Signature-256'])).toBe(true);
  });

  test('each attempt is recorded once, never retried: OK, invalid HTTP response, error, timed out, failed to connect', async () => {
    installOrg();
    const answers: Array<() => any> = [
      () => ({ statusCode: 202, body: 'accepted' }),
      () => 503,
      () => { throw new Error('boom'); },
      () => new Promise((resolve) => setTimeout(() => resolve(200), 400)),
    ];
    gh.onDelivery = () => answers.shift()!();
    for (let i = 0; i < 4; i++) gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', `l${i}`] });
    await gh.idle();
    gh.onDelivery = undefined;
    gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    await gh.idle();
    expect(gh.deliveries().map((d) => [d.status, d.status_code])).toEqual([
      ['OK', 202], ['Invalid HTTP Response: 503', 503], ['Invalid HTTP Response: 500', 500], ['timed out', 0], ['failed to connect', 502],
    ]);
    expect(gh.deliveries()[0]).toMatchObject({ event: 'workflow_job', action: 'queued', installation_id: INSTALLATION, redelivery: false, response: { payload: 'accepted' } });
    expect(new Set(gh.deliveries().map((d) => d.guid)).size).toBe(5);
  });

  test('redelivery keeps the GUID and body, is a new delivery id with redelivery: true', async () => {
    installOrg();
    gh.onDelivery = () => 500;
    gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    await gh.idle();
    const [failed] = gh.deliveries();
    failed.request.payload.action = 'tampered'; // what a test does to its copies does not change GitHub's
    gh.onDelivery = (d) => {
      received.push(d);
      return 200;
    };
    secrets = ['rotated-secret-Kp1'];
    const r = await api('POST', `/app/hook/deliveries/${failed.id}/attempts`, { auth: jwt() });
    expect(r.status).toBe(202);
    await gh.idle();
    const again = gh.deliveries()[1];
    expect(again).toMatchObject({ guid: failed.guid, redelivery: true, status: 'OK', status_code: 200 });
    expect(again.id).toBeGreaterThan(failed.id);
    expect(received[0]).toMatchObject({ guid: failed.guid, redelivery: true, headers: { 'X-GitHub-Delivery': failed.guid } });
    expect(received[0].body).toBe(JSON.stringify({ ...failed.request.payload, action: 'queued' }));
    expect(received[0].payload.action).toBe('queued');
    expect(await verify('rotated-secret-Kp1', received[0].body, received[0].headers['X-Hub-Signature-256'])).toBe(true);
    expect((await api('POST', '/app/hook/deliveries/12345/attempts', { auth: jwt() })).status).toBe(404);
  });

  test('the deliveries list: newest first, per_page and cursor with a link header, status filter, 3 days kept', async () => {
    installOrg();
    let n = 0;
    gh.onDelivery = () => (n++ % 2 === 0 ? 200 : 502);
    for (let i = 0; i < 5; i++) gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', `l${i}`] });
    await gh.idle();
    const ids = gh.deliveries().map((d) => d.id).reverse();
    const first = await api('GET', '/app/hook/deliveries?per_page=2', { auth: jwt() });
    expect(first.body.map((d: any) => d.id)).toEqual(ids.slice(0, 2));
    expect(Object.keys(first.body[0]).sort()).toEqual(
      ['action', 'delivered_at', 'duration', 'event', 'guid', 'id', 'installation_id', 'redelivery', 'repository_id', 'status', 'status_code', 'throttled_at']);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1];
    expect(next).toContain(`cursor=v1_${ids[1]}`);
    const second = await api('GET', next.slice(gh.url.length), { auth: jwt() });
    expect(second.body.map((d: any) => d.id)).toEqual(ids.slice(2, 4));
    const failures = await api('GET', '/app/hook/deliveries?status=failure', { auth: jwt() });
    expect(failures.body.map((d: any) => d.status_code)).toEqual([502, 502]);
    expect((await api('GET', '/app/hook/deliveries?cursor=garbage', { auth: jwt() })).status).toBe(400);
    const one = await api('GET', `/app/hook/deliveries/${ids[0]}`, { auth: jwt() });
    expect(one.body).toMatchObject({ id: ids[0], request: { headers: { 'X-GitHub-Event': 'workflow_job' }, payload: { action: 'queued' } }, url: 'https://hooks.example.com/github' });
    gh.advance(3 * 24 * 3600_000 + 1000); // (the queued jobs time out meanwhile: new deliveries)
    const later = await api('GET', '/app/hook/deliveries?per_page=100', { auth: jwt() });
    expect(later.body.map((d: any) => d.action)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    expect(later.body.filter((d: any) => ids.includes(d.id))).toEqual([]);
    expect((await api('GET', `/app/hook/deliveries/${ids[0]}`, { auth: jwt() })).status).toBe(404);
  });

  test('deliveries can be held, reordered and dropped (GitHub may deliver out of order, or not at all)', async () => {
    installOrg();
    gh.pauseDeliveries();
    const a = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', 'a'] });
    const b = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', 'b'] });
    const c = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', 'c'] });
    expect(gh.pendingDeliveries()).toHaveLength(3);
    gh.releaseDeliveries({ order: 'lifo', drop: (d) => d.payload.workflow_job.id === b.id });
    await gh.idle();
    expect(actions()).toEqual([`${c.id}:queued:queued`, `${a.id}:queued:queued`]);
    expect(gh.deliveries()).toHaveLength(2);
    gh.resumeDeliveries();
    gh.cancelJob(a.id);
    await gh.idle();
    expect(actions()).toHaveLength(3);
  });

  test('held deliveries can be released concurrently, as a busy GitHub would send them', async () => {
    installOrg();
    let inFlight = 0;
    let most = 0;
    gh.onDelivery = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
      return 200;
    };
    gh.pauseDeliveries();
    for (let i = 0; i < 3; i++) gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted'] });
    gh.releaseDeliveries({ concurrent: true });
    await gh.idle();
    expect(most).toBe(3);
    expect(gh.deliveries().map((d) => d.status)).toEqual(['OK', 'OK', 'OK']);
  });
});

describe('rate limits', () => {
  test('primary: headers on every response; exhausted → 403 (or 429) with remaining 0 until the reset', async () => {
    installOrg();
    const tok = await token();
    const ok = await api('GET', '/orgs/octo-org/actions/runners', { auth: tok });
    expect(ok.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(ok.headers.get('x-ratelimit-used')).toBe('1');
    expect(ok.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(ok.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((gh.now() + 3600_000) / 1000));
    gh.limits({ primary: { bucket: INSTALLATION, remaining: 1 } });
    expect((await api('GET', '/orgs/octo-org/actions/runners', { auth: tok })).headers.get('x-ratelimit-remaining')).toBe('0');
    const refused = await api('GET', '/orgs/octo-org/actions/runners', { auth: tok });
    expect(refused).toMatchObject({ status: 403, body: { message: `API rate limit exceeded for installation ID ${INSTALLATION}.` } });
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-used')).toBe('5000');
    expect(refused.headers.get('retry-after')).toBeNull();
    // JWT requests count against the App, not the installation.
    expect((await api('GET', '/app/hook/deliveries', { auth: jwt() })).status).toBe(200);
    gh.limits({ primary: { bucket: INSTALLATION, status: 429, resetInSeconds: 60 } });
    const tooMany = await api('GET', '/orgs/octo-org/actions/runners', { auth: tok });
    expect(tooMany.status).toBe(429);
    expect(Number(tooMany.headers.get('x-ratelimit-reset'))).toBe(Math.ceil((gh.now() + 60_000) / 1000));
    gh.advance(61_000);
    const after = await api('GET', '/orgs/octo-org/actions/runners', { auth: tok });
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('4999');
  });

  test('unauthenticated requests share the IP\'s 60 an hour', async () => {
    const replies = await Promise.all(Array.from({ length: 60 }, () => api('GET', '/orgs/octo-org/actions/runners')));
    expect(replies.map((r) => r.status)).toEqual(Array(60).fill(401));
    const refused = await api('GET', '/orgs/octo-org/actions/runners');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^API rate limit exceeded for 127\.0\.0\.1\./);
    expect(gh.rateLimit('anonymous')).toMatchObject({ limit: 60, remaining: 0, used: 60 });
  });

  test.each([
    [403, undefined],
    [429, 7],
  ] as const)('secondary: %i, retry-after %s, a secondary-rate-limit message and remaining > 0', async (status, retryAfter) => {
    installOrg();
    const tok = await token();
    gh.limits({ secondary: { status, retryAfter, count: 1, match: (r) => r.route === 'POST /orgs/{org}/actions/runners/generate-jitconfig' } });
    expect((await api('GET', '/orgs/octo-org/actions/runners', { auth: tok })).status).toBe(200);
    const refused = await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'r', runner_group_id: 1, labels: ['self-hosted'] } });
    expect(refused.status).toBe(status);
    expect(refused.body.message).toMatch(/You have exceeded a secondary rate limit/);
    expect(refused.headers.get('retry-after')).toBe(retryAfter === undefined ? null : String(retryAfter));
    expect(Number(refused.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect(gh.runners()).toHaveLength(0);
    expect((await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'r', runner_group_id: 1, labels: ['self-hosted'] } })).status).toBe(201);
  });

  test('secondary, documented: 900 points a minute per endpoint (POST costs 5), retry-after until points free up', async () => {
    installOrg();
    const tok = await token();
    for (let batch = 0; batch < 3; batch++) {
      const replies = await Promise.all(Array.from({ length: 60 }, (_, i) =>
        api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body: { name: `r${batch}-${i}`, runner_group_id: 1, labels: ['self-hosted'] } })));
      expect(replies.map((r) => r.status)).toEqual(Array(60).fill(201));
    }
    const refused = await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'one-too-many', runner_group_id: 1, labels: ['self-hosted'] } });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/secondary rate limit/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await api('GET', '/orgs/octo-org/actions/runners', { auth: tok })).status).toBe(200);
    gh.advance(61_000);
    expect((await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body: { name: 'later', runner_group_id: 1, labels: ['self-hosted'] } })).status).toBe(201);
  });

  test('secondary, documented: no more than 100 concurrent requests', async () => {
    installOrg();
    const tok = await token();
    gh.fault = (r) => (r.route === 'GET /orgs/{org}/actions/runners' ? 'hang' : undefined);
    const abort = new AbortController();
    const hung = Array.from({ length: 100 }, () => fetch(`${gh.url}/orgs/octo-org/actions/runners`, { headers: { authorization: `Bearer ${tok}` }, signal: abort.signal }).catch(() => 'aborted'));
    while (gh.requests.filter((r) => r.status === 'hang').length < 100) await new Promise((resolve) => setImmediate(resolve));
    const refused = await api('GET', '/repos/octo-org/app/actions/runners', { auth: tok });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/secondary rate limit/);
    abort.abort();
    expect(await Promise.all(hung)).toEqual(Array(100).fill('aborted'));
    // Once the server sees the connections close, requests are admitted again.
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await api('GET', '/repos/octo-org/app/actions/runners', { auth: tok })).status;
    }
    expect(status).toBe(200);
  });
});

describe('faults and HTTP details', () => {
  test('an injected status answers instead; applied: GitHub did it but the client got the error; hang never answers', async () => {
    installOrg();
    const tok = await token();
    const body = { name: 'r', runner_group_id: 1, labels: ['self-hosted'] };
    gh.fault = () => ({ status: 502, headers: { 'retry-after': '3' } });
    const injected = await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body });
    expect(injected.status).toBe(502);
    expect(injected.headers.get('retry-after')).toBe('3');
    expect(injected.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(gh.runners()).toHaveLength(0);
    gh.fault = () => ({ status: 504, applied: true });
    expect((await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body })).status).toBe(504);
    expect(gh.runners()).toEqual([expect.objectContaining({ name: 'r', status: 'offline' })]);
    gh.fault = () => 'hang';
    await expect(fetch(`${gh.url}/orgs/octo-org/actions/runners`, { headers: { authorization: `Bearer ${tok}` }, signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(gh.requests[gh.requests.length - 1]).toMatchObject({ route: 'GET /orgs/{org}/actions/runners', status: 'hang', auth: 'installation', installationId: INSTALLATION });
  });

  test('unknown paths and trailing slashes 404, bad JSON 400, unsupported API version 400, no User-Agent 403', async () => {
    installOrg();
    const tok = await token();
    expect((await api('GET', '/orgs/octo-org/actions/runners/', { auth: tok })).status).toBe(404);
    expect((await api('GET', '/orgs/octo-org/actions/secrets', { auth: tok })).status).toBe(404);
    expect((await api('PUT', '/orgs/octo-org/actions/runners', { auth: tok })).status).toBe(404);
    expect(await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, raw: '{nope' })).toMatchObject({ status: 400, body: { message: 'Problems parsing JSON' } });
    expect(await api('POST', '/orgs/octo-org/actions/runners/generate-jitconfig', { auth: tok, body: ['x'] })).toMatchObject({ status: 400, body: { message: 'Body should be a JSON object' } });
    expect((await api('GET', '/orgs/octo-org/actions/runners', { auth: tok, headers: { 'x-github-api-version': '2099-01-01' } })).status).toBe(400);
    const status = await new Promise<number>((resolve, reject) => {
      httpRequest(`${gh.url}/orgs/octo-org/actions/runners`, { headers: { authorization: `Bearer ${tok}` } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      }).on('error', reject).end();
    });
    expect(status).toBe(403);
  });

  test('requests, tokens and secrets are observable', async () => {
    installOrg();
    const appJwt = jwt();
    const r = await api('POST', `/app/installations/${INSTALLATION}/access_tokens`, { auth: appJwt, body: { repositories: ['app'] } });
    const runner = await orgJit(r.body.token, 'r', ['self-hosted']);
    expect(gh.requests.map((q) => [q.route, q.status, q.auth])).toEqual([
      ['POST /app/installations/{installation_id}/access_tokens', 201, 'jwt'],
      ['POST /orgs/{org}/actions/runners/generate-jitconfig', 201, 'installation'],
    ]);
    expect(gh.requests[1].tokenRepositories).toEqual(['octo-org/app']);
    expect(gh.secrets()).toEqual([appJwt, r.body.token, runner.config]);
  });
});
