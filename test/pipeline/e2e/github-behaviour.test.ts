/**
 * The pipeline against GitHub as it really behaves (issue 9), one behaviour per test, on loopback:
 * the fake GitHub world (test/support/github, written from GitHub's docs) and moto.
 */
import { StopTaskCommand } from '@aws-sdk/client-ecs';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { ORG, PipelineWorld } from '../support/pipeline-world';

let world: PipelineWorld;
let n = 0;
/** A fresh pipeline name per test: every test has its own table, queues, path and runner names. */
const fresh = () => `p${++n}`;

beforeAll(async () => {
  world = await PipelineWorld.start();
}, 60_000);
afterAll(() => world?.close());
afterEach(() => {
  world.gh.fault = undefined;
  world.gh.limits({ secondary: null, primary: { remaining: 5000, limit: 5000 } });
  world.pipelines.splice(0);
});

describe('organization scope: runner groups', () => {
  test('runners register only in the configured group; a job of a repository outside the group cannot take them', async () => {
    const name = fresh();
    world.gh.addRepository({ fullName: `${ORG}/${name}-app` });
    world.gh.addRepository({ fullName: `${ORG}/${name}-other` });
    const group = world.gh.addRunnerGroup(ORG, { name: `${name}-runners`, visibility: 'selected', repositories: [`${ORG}/${name}-app`] });
    const p = await world.addPipeline({ name, runnerScope: ORG, runnerGroup: `${name}-runners`, allowedRepositories: [`${ORG}/${name}-app`] });
    // The stranger's job is older, so GitHub would offer it first to any runner that may take it.
    const stranger = world.gh.queueJob({ repository: `${ORG}/${name}-other`, labels: ['self-hosted'] });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}-app`, labels: ['self-hosted'] });
    await world.settle();
    const ours = world.gh.runners().filter(r => r.name.startsWith(`${name}-`));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ scope: 'organization', runnerGroupId: group.id });
    expect(world.gh.job(job.id)).toMatchObject({ status: 'in_progress', runnerName: ours[0].name });
    expect(world.gh.job(stranger.id).status).toBe('queued');
    expect(p.started.map(t => world.jobOf(t))).toEqual([job.id]);
    // organization tokens carry the runner permission only, for no repository
    const token = world.gh.tokens.find(t => t.permissions.organization_self_hosted_runners === 'write')!;
    expect(Object.keys(token.permissions)).toEqual(['organization_self_hosted_runners']);
  }, 60_000);

  test.each([
    ['the Default group', 'Default', /runner group "Default" is the organization's default group, which admits every repository/],
    ['a group that admits all repositories', 'all', /admits all repositories; restrict it to the selected, allowed repositories/],
    ['a group that admits a repository outside the allow-list', 'extra', /admits repositories outside allowedRepositories: octo-org\/p\d+-other/],
    ['a group that allows public repositories', 'public', /allows public repositories; turn that off or set allowPublicRepositories/],
  ])('%s: the job is dead-lettered with the reason, no runner registers', async (_n, kind, reason) => {
    const name = fresh();
    world.gh.addRepository({ fullName: `${ORG}/${name}-app` });
    world.gh.addRepository({ fullName: `${ORG}/${name}-other` });
    let groupName = kind;
    if (kind !== 'Default') {
      groupName = `${name}-${kind}`;
      world.gh.addRunnerGroup(ORG, {
        name: groupName,
        visibility: kind === 'all' ? 'all' : 'selected',
        repositories: kind === 'extra' ? [`${ORG}/${name}-app`, `${ORG}/${name}-other`] : [`${ORG}/${name}-app`],
        allowsPublicRepositories: kind === 'public',
      });
    }
    const p = await world.addPipeline({ name, runnerScope: ORG, runnerGroup: groupName, allowedRepositories: [`${ORG}/${name}-app`] });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}-app`, labels: ['self-hosted'] });
    await world.settle();
    expect(p.started).toHaveLength(0);
    expect(world.gh.runners().filter(r => r.name.startsWith(`${name}-`))).toEqual([]);
    const dead = await p.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0].body.jobId).toBe(job.id);
    expect(dead[0].reason).toMatch(reason);
  }, 60_000);
});

describe('labels', () => {
  test('every runner registers with the pipeline\'s full label set, whatever the job asked for', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`], labels: ['self-hosted', 'linux', 'gpu'] });
    const a = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    const b = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['linux', 'gpu'] });
    await world.settle();
    expect(p.started).toHaveLength(2);
    for (const r of world.gh.runners().filter(x => x.name.startsWith(`${name}-`))) expect(r.labels.map(l => l.toLowerCase()).sort()).toEqual(['gpu', 'linux', 'self-hosted']);
    expect([world.gh.job(a.id).status, world.gh.job(b.id).status]).toEqual(['in_progress', 'in_progress']);
  }, 60_000);
});

describe('rate limits and errors, as GitHub answers them', () => {
  test('a primary rate limit (403, remaining 0) is retried no earlier than the reset, then the runner starts', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    world.gh.limits({ primary: { bucket: 7001, remaining: 0, resetInSeconds: 3, status: 403 } });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    const queuedAt = Date.now();
    await world.settle(20);
    expect(world.gh.job(job.id).status).toBe('in_progress');
    const jit = world.gh.requests.filter(r => r.route?.endsWith('generate-jitconfig') && r.path.includes(`/${name}/`) && r.status === 201);
    expect(jit).toHaveLength(1);
    expect(jit[0].at.getTime() - queuedAt).toBeGreaterThanOrEqual(2500);
    expect(world.gh.requests.some(r => r.path.includes(`/${name}/`) && r.status === 403)).toBe(true);
    expect(await p.deadLetters()).toEqual([]);
  }, 90_000);

  test.each([[403], [429]])('a secondary rate limit answered %i with retry-after is retried after it', async (status) => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    world.gh.limits({ secondary: { status: status as 403 | 429, retryAfter: 2, count: 1, match: (r) => !!r.route?.endsWith('generate-jitconfig') } });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.settle(20);
    expect(world.gh.job(job.id).status).toBe('in_progress');
    expect(await p.deadLetters()).toEqual([]);
  }, 90_000);

  test('a 403 without rate-limit signals (a missing permission) is permanent: dead-lettered with the reason, not retried', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    world.gh.fault = (r) => (r.route?.endsWith('generate-jitconfig') ? { status: 403, message: 'Resource not accessible by integration' } : undefined);
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.settle();
    const dead = await p.deadLetters();
    expect(dead.map(d => [d.body.jobId, d.reason])).toEqual([[job.id, expect.stringMatching(/answered 403: Resource not accessible by integration/)]]);
    expect(world.gh.requests.filter(r => r.route?.endsWith('generate-jitconfig') && r.path.includes(`/${name}/`))).toHaveLength(1);
    expect((await p.items()).find(i => i.jobId === '#slots')?.used ?? 0).toBe(0);
  }, 60_000);
});

describe('cancellations and idle runners', () => {
  test('a job cancelled while its runner waits: the task is stopped, the registration and config removed, the slot freed', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.gh.idle();
    await p.pump(); // the task runs, but its container has not started the runner yet
    expect(await p.tasks()).toHaveLength(1);
    world.gh.cancelJob(job.id);
    await world.gh.idle();
    await p.pump();
    expect(await p.tasks()).toHaveLength(0);
    expect(world.stopTaskCalls.at(-1)!.reason).toMatch(/cancelled before its runner took it/);
    expect(await p.parameters()).toEqual([]);
    expect(world.gh.runners().filter(r => r.name.startsWith(`${name}-`))).toEqual([]);
    expect((await p.items()).find(i => i.jobId === '#slots')!.used).toBe(0);
  }, 60_000);

  test('a cancelled job whose runner took another job: the runner started for that other job is the idle one, and it goes', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    const a = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    const b = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.gh.idle();
    await p.pump();
    // B's runner comes up first and GitHub hands it the oldest job, A.
    const taskB = p.started.find(t => world.jobOf(t) === b.id)!;
    const taskA = p.started.find(t => world.jobOf(t) === a.id)!;
    p.runners.set(taskA.taskArn!, { taskArn: taskA.taskArn!, exited: 'held back by the test' });
    await p.simulateRunners();
    expect(world.gh.job(a.id).runnerName).toBe(`${name}-${b.id}-1`);
    await world.gh.idle();
    await p.pump(); // in_progress: B's runner is busy
    world.gh.cancelJob(b.id);
    await world.gh.idle();
    await p.pump();
    expect((await p.tasks()).map(t => t.taskArn)).toEqual([taskB.taskArn]);
    expect((await p.items()).find(i => i.jobId === String(a.id))).toMatchObject({ status: 'done', holdsSlot: false });
  }, 60_000);

  test('a runner that gets no job exits after the idle timeout; the reaper removes its registration and frees the slot', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`], idleTimeoutSeconds: 60 });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.gh.idle();
    await p.pump();
    // A hosted runner takes the job meanwhile: GitHub reports it in progress elsewhere.
    world.gh.cancelJob(job.id);
    world.gh.pauseDeliveries(); // and the cancellation never reaches us
    await p.simulateRunners();
    world.advance(61_000);
    await p.simulateRunners();
    await p.reap();
    world.gh.resumeDeliveries();
    expect(await p.tasks()).toHaveLength(0);
    expect(world.gh.runners().filter(r => r.name.startsWith(`${name}-`))).toEqual([]);
    expect((await p.items()).find(i => i.jobId === '#slots')!.used).toBe(0);
  }, 60_000);
});

describe('nothing is left behind', () => {
  test('a task that dies before its runner starts: config deleted, registration removed, and the job (still queued) gets a new runner', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.gh.idle();
    await p.pump();
    const [first] = await p.tasks();
    await world.rawEcs.send(new StopTaskCommand({ cluster: world.clusterArn, task: first.taskArn, reason: 'CannotPullContainerError' }));
    p.runners.set(first.taskArn!, { taskArn: first.taskArn!, exited: 'died before start' });
    const reaped = await p.reap();
    expect(reaped).toMatchObject({ requeued: [job.id], registrationsRemoved: 1, parametersDeleted: 1 });
    await world.settle();
    expect(p.started).toHaveLength(2);
    expect(world.gh.job(job.id)).toMatchObject({ status: 'in_progress', runnerName: `${name}-${job.id}-2` });
    expect(world.gh.runners({ includeRemoved: true }).find(r => r.name === `${name}-${job.id}-1`)!.removedAt).not.toBeNull();
  }, 60_000);

  test('RunTask failing after GitHub issued the config: retried with the same registration; nothing is duplicated', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    let failures = 2;
    world.runTaskFault = () => (failures-- > 0 ? { tasks: [], failures: [{ reason: 'Capacity is unavailable at this time' }] } : undefined);
    try {
      const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
      await world.settle(20);
      expect(p.started).toHaveLength(1);
      expect(world.gh.job(job.id).status).toBe('in_progress');
      expect(world.gh.runners({ includeRemoved: true }).filter(r => r.name.startsWith(`${name}-`))).toHaveLength(1);
    } finally {
      world.runTaskFault = undefined;
    }
  }, 90_000);

  test('JIT configs nobody read are deleted within 15 minutes; offline registrations of no live runner are removed', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    // What a launcher that died between its calls leaves: a registration and a stored config, no item.
    world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['gpu'] }); // creates the repository; a job we do not serve
    await world.gh.idle();
    const scope = { kind: 'repo' as const, installationId: 7001, owner: ORG, repo: name };
    const jit = await world.github.generateJitConfig({ scope, name: `${name}-424242-1`, labels: ['self-hosted'] });
    await world.rawSsm.send(new PutParameterCommand({ Name: `/confluxdb/runners/${name}/424242-1-orphan`, Type: 'SecureString', Value: jit.encodedJitConfig }));
    // the reaper knows the installation from an earlier job of the pipeline
    const own = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.settle();
    world.gh.completeJob(own.id);
    await world.settle();
    // An offline registration that no job item knows goes at once; the config waits out its 15 minutes.
    expect(world.gh.runners().filter(r => r.name === `${name}-424242-1`)).toEqual([]);
    expect(await p.parameters()).toEqual([`/confluxdb/runners/${name}/424242-1-orphan`]);
    await p.reap(); // too young: kept
    expect(await p.parameters()).toHaveLength(1);
    world.advance(16 * 60_000);
    const result = await p.reap();
    world.advance(-16 * 60_000);
    expect(result).toMatchObject({ parametersDeleted: 1 });
    expect(await p.parameters()).toEqual([]);
    expect(world.gh.runners().filter(r => r.name.startsWith(`${name}-`))).toEqual([]);
  }, 60_000);
});

describe('isolation, public repositories, stale jobs', () => {
  test('two pipelines on one cluster: caps, runners, configs and cleanup stay apart', async () => {
    const [a, b] = [fresh(), fresh()];
    const pa = await world.addPipeline({ name: a, runnerScope: `${ORG}/${a}`, allowedRepositories: [`${ORG}/${a}`], maxConcurrentRunners: 1 });
    const pb = await world.addPipeline({ name: b, runnerScope: `${ORG}/${b}`, allowedRepositories: [`${ORG}/${b}`], maxConcurrentRunners: 3 });
    for (let i = 0; i < 3; i++) {
      world.gh.queueJob({ repository: `${ORG}/${a}`, labels: ['self-hosted'] });
      world.gh.queueJob({ repository: `${ORG}/${b}`, labels: ['self-hosted'] });
    }
    await world.gh.idle();
    await Promise.all([pa.pump(), pb.pump()]);
    expect((await pa.tasks()).length).toBe(1);
    expect((await pb.tasks()).length).toBe(3);
    // A's reaper with A's clock past every lifetime would stop only A's tasks.
    const before = (await pb.tasks()).map(t => t.taskArn);
    world.advance(7 * 3600_000);
    await pa.reap();
    expect((await pb.tasks()).map(t => t.taskArn)).toEqual(before);
    expect(world.stopTaskCalls.every(c => !before.includes(c.task))).toBe(true);
    expect((await pb.parameters()).every(x => x.startsWith(`/confluxdb/runners/${b}/`))).toBe(true);
    world.advance(-7 * 3600_000);
  }, 60_000);

  test('public repositories start no runner unless allowed; jobs older than the bound start none', async () => {
    const name = fresh();
    world.gh.addRepository({ fullName: `${ORG}/${name}-public`, private: false });
    const p = await world.addPipeline({ name, runnerScope: ORG, runnerGroup: `${name}-g`, allowedRepositories: [`${ORG}/${name}-public`, `${ORG}/${name}`], maxJobAgeSeconds: 3600 });
    world.gh.addRunnerGroup(ORG, { name: `${name}-g`, visibility: 'selected', repositories: [`${ORG}/${name}-public`, `${ORG}/${name}`] });
    world.gh.queueJob({ repository: `${ORG}/${name}-public`, labels: ['self-hosted'] });
    world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'], createdAt: new Date(world.now() - 2 * 3600_000) });
    await world.settle();
    expect(p.started).toHaveLength(0);
    expect(p.logs.filter(l => /"outcome":"ignored"/.test(l)).map(l => JSON.parse(l).reason)).toEqual(expect.arrayContaining([
      expect.stringMatching(/is public; fork pull requests/), expect.stringMatching(/beyond the 60-minute bound/),
    ]));
  }, 60_000);

  test('a job that waited in the queue past the bound is dead-lettered, not started', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`], maxJobAgeSeconds: 600 });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.gh.idle();
    world.advance(11 * 60_000);
    await p.pump();
    world.advance(-11 * 60_000);
    expect(p.started).toHaveLength(0);
    expect((await p.deadLetters()).map(d => [d.body.jobId, d.reason])).toEqual([[job.id, expect.stringMatching(/beyond the pipeline's 10-minute bound/)]]);
  }, 60_000);
});

describe('failed deliveries are redelivered', () => {
  test('a delivery our endpoint failed is redelivered once, with the same GUID, and the job gets its runner', async () => {
    const name = fresh();
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    const handler = world.gh.onDelivery;
    world.gh.onDelivery = async () => 502; // the API was down
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.gh.idle();
    world.gh.onDelivery = handler;
    const first = await p.redeliverer();
    const second = await p.redeliverer();
    await world.gh.idle();
    expect(first.redelivered).toHaveLength(1);
    expect(second.redelivered).toEqual([]);
    const attempts = world.gh.deliveries().filter(d => d.guid === first.redelivered[0]);
    expect(attempts.map(d => [d.redelivery, d.status_code])).toEqual([[false, 502], [true, 202]]);
    await world.settle();
    expect(world.gh.job(job.id).status).toBe('in_progress');
  }, 60_000);
});
