/**
 * The whole pipeline (webhook → queue → launcher → ECS/SSM/DynamoDB in moto → GitHub → runner
 * start → reaper) through random interleavings of duplicate and replayed deliveries, cancellations,
 * rate limits, tasks dying before their runner starts, launcher crashes between any two calls, and
 * two pipelines on one cluster. After each run, when everything has settled:
 *  - every job of an allowed repository ended: run by exactly one runner of its own pipeline, or
 *    cancelled, or dead-lettered exactly once — never both, never two runners;
 *  - a runner was only ever taken by a job of an allowed repository;
 *  - no pipeline exceeded its cap, stopped another's task or deleted another's config;
 *  - nothing is left: no task, no JIT config, no registration, no slot.
 */
import { StopTaskCommand } from '@aws-sdk/client-ecs';
import * as fc from 'fast-check';
import { ORG, PipelineUnderTest, PipelineWorld } from '../support/pipeline-world';

type Op =
  | { kind: 'queue'; repo: 'a1' | 'a2' | 'b' | 'stranger' }
  | { kind: 'duplicate' }
  | { kind: 'cancel'; pick: number }
  | { kind: 'rateLimit'; status: 403 | 429; secondary: boolean }
  | { kind: 'killBeforeStart' }
  | { kind: 'crash'; at: number }
  | { kind: 'step' }
  | { kind: 'complete'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom<'a1' | 'a2' | 'b' | 'stranger'>('a1', 'a2', 'b', 'stranger').map(repo => ({ kind: 'queue' as const, repo })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  { weight: 2, arbitrary: fc.nat(20).map(pick => ({ kind: 'cancel' as const, pick })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rateLimit' as const), status: fc.constantFrom<403 | 429>(403, 429), secondary: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'killBeforeStart' as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 18 }).map(at => ({ kind: 'crash' as const, at })) },
  { weight: 4, arbitrary: fc.constant({ kind: 'step' as const }) },
  { weight: 3, arbitrary: fc.nat(20).map(pick => ({ kind: 'complete' as const, pick })) },
);

let world: PipelineWorld;
let run = 0;

beforeAll(async () => {
  world = await PipelineWorld.start();
  world.gh.limits({ documentedSecondary: false });
}, 60_000);
afterAll(() => world?.close());

async function oneRun(ops: Op[]): Promise<void> {
  run++;
  if (process.env.PIPELINE_DEBUG) process.stderr.write(`run ${run}: ${JSON.stringify(ops)}\n`);
  const a = `ra${run}`;
  const b = `rb${run}`;
  const repos = { a1: `${ORG}/${a}-one`, a2: `${ORG}/${a}-two`, b: `${ORG}/${b}`, stranger: `${ORG}/${a}-stranger` };
  for (const r of Object.values(repos)) world.gh.addRepository({ fullName: r });
  world.gh.addRunnerGroup(ORG, { name: `${a}-group`, visibility: 'selected', repositories: [repos.a1, repos.a2] });
  world.pipelines.splice(0);
  const pa = await world.addPipeline({ name: a, runnerScope: ORG, runnerGroup: `${a}-group`, allowedRepositories: [repos.a1, repos.a2], maxConcurrentRunners: 2, maxReceiveCount: 30 });
  const pb = await world.addPipeline({ name: b, runnerScope: repos.b, allowedRepositories: [repos.b], maxConcurrentRunners: 3, maxReceiveCount: 30 });
  const pipelines: PipelineUnderTest[] = [pa, pb];
  const ours = new Set<number>();
  const cancelled = new Set<number>();
  const kills = new Map<number, number>();

  for (const o of ops) {
    switch (o.kind) {
      case 'queue': {
        const job = world.gh.queueJob({ repository: repos[o.repo], labels: ['self-hosted'] });
        if (o.repo !== 'stranger') ours.add(job.id);
        break;
      }
      case 'duplicate': {
        // A redelivery of an earlier delivery (same GUID): the App asks GitHub for it again.
        const earlier = world.gh.deliveries().filter(d => d.event === 'workflow_job' && String(d.request.payload.repository?.full_name ?? '').includes(`${ORG}/r`));
        if (earlier.length) await world.testGithub.redeliver(earlier[earlier.length - 1].id).catch(() => undefined); // rate-limited: no redelivery
        break;
      }
      case 'cancel': {
        const queued = world.gh.jobs().filter(j => ours.has(j.id) && j.status === 'queued');
        if (queued.length) {
          const j = queued[o.pick % queued.length];
          world.gh.cancelJob(j.id);
          cancelled.add(j.id);
        }
        break;
      }
      case 'rateLimit':
        if (o.secondary) world.gh.limits({ secondary: { status: o.status, retryAfter: 1, count: 2 } });
        else world.gh.limits({ primary: { bucket: 7001, remaining: 0, resetInSeconds: 1, status: o.status } });
        break;
      case 'killBeforeStart':
        for (const p of pipelines) {
          const fresh = (await p.tasks()).find(t => !p.runners.has(t.taskArn!));
          if (fresh) {
            await world.rawEcs.send(new StopTaskCommand({ cluster: world.clusterArn, task: fresh.taskArn, reason: 'CannotPullContainerError' }));
            p.runners.set(fresh.taskArn!, { taskArn: fresh.taskArn!, exited: 'died before start' });
            kills.set(world.jobOf(fresh), (kills.get(world.jobOf(fresh)) ?? 0) + 1);
            break;
          }
        }
        break;
      case 'crash':
        world.crash.arm(o.at);
        break;
      case 'step':
        await world.settle(2);
        break;
      case 'complete': {
        const running = world.gh.jobs().filter(j => j.status === 'in_progress' && ours.has(j.id));
        if (running.length) world.gh.completeJob(running[o.pick % running.length].id);
        break;
      }
    }
  }

  // Drain: let everything happen, finish every job that runs, then let idle runners time out.
  world.crash.arm(Number.MAX_SAFE_INTEGER);
  world.gh.limits({ secondary: null, primary: { bucket: 7001, remaining: 5000, limit: 5000 } });
  for (let i = 0; i < 8; i++) {
    await world.settle(4);
    for (const j of world.gh.jobs().filter(x => x.status === 'in_progress' && ours.has(x.id))) world.gh.completeJob(j.id);
    if (world.gh.jobs().filter(x => ours.has(x.id)).every(x => x.status === 'completed')) break;
  }
  await world.settle(4);
  world.advance(11 * 60_000); // past the idle timeout and the start-up grace
  for (const p of pipelines) await p.simulateRunners();
  await world.settle(4);
  world.advance(16 * 60_000); // past the unread-config bound
  await world.settle(4);

  // --- invariants ---
  const dead = new Map<number, number>();
  for (const p of pipelines) for (const d of await p.deadLetters()) dead.set(d.body.jobId, (dead.get(d.body.jobId) ?? 0) + 1);
  const prefixOf = (repo: string) => (repo === repos.b ? `${b}-` : `${a}-`);
  for (const id of ours) {
    const job = world.gh.job(id);
    const where = { job: id, repo: job.repository, status: job.status, conclusion: job.conclusion, runner: job.runnerName, dead: dead.get(id) ?? 0 };
    expect({ ...where, ended: job.status === 'completed' }).toEqual({ ...where, ended: true });
    const ranOnOurs = job.conclusion === 'success' && !!job.runnerName?.startsWith(prefixOf(job.repository));
    const outcomes = [ranOnOurs, job.conclusion === 'cancelled' && cancelled.has(id), (dead.get(id) ?? 0) === 1].filter(Boolean).length;
    expect({ ...where, outcomes }).toEqual({ ...where, outcomes: 1 });
    expect(dead.get(id) ?? 0).toBeLessThanOrEqual(1);
  }
  for (const job of world.gh.jobs()) {
    if (job.runnerName?.startsWith(`${a}-`)) expect([repos.a1, repos.a2]).toContain(job.repository);
    if (job.runnerName?.startsWith(`${b}-`)) expect(job.repository).toBe(repos.b);
  }
  for (const p of pipelines) {
    const where = { pipeline: p.spec.name };
    expect({ ...where, maxAlive: p.maxAlive <= p.launcherConfig.maxConcurrentRunners }).toEqual({ ...where, maxAlive: true });
    // at most one runner per job, but a killed task's job may get another
    const perJob = new Map<number, number>();
    for (const t of p.started) perJob.set(world.jobOf(t), (perJob.get(world.jobOf(t)) ?? 0) + 1);
    for (const [job, count] of perJob) expect({ ...where, job, count: count <= 1 + (kills.get(job) ?? 0) }).toEqual({ ...where, job, count: true });
    expect({ ...where, tasks: (await p.tasks()).map(t => t.taskArn) }).toEqual({ ...where, tasks: [] });
    expect({ ...where, params: await p.parameters() }).toEqual({ ...where, params: [] });
    expect({ ...where, registrations: world.gh.runners().filter(r => r.name.startsWith(`${p.spec.name}-`)).map(r => r.name) }).toEqual({ ...where, registrations: [] });
    expect({ ...where, slots: (await p.items()).find(i => i.jobId === '#slots')?.used ?? 0 }).toEqual({ ...where, slots: 0 });
    const mine = new Set(p.started.map(t => t.taskArn));
    for (const stop of world.stopTaskCalls.filter(s => s.by === p.spec.name)) {
      expect({ ...where, stop: mine.has(stop.task) }).toEqual({ ...where, stop: true });
    }
    for (const del of world.parameterDeletes.filter(d => d.by === p.spec.name)) {
      expect(del.name.startsWith(p.launcherConfig.parameterPath)).toBe(true);
    }
  }
}

test('random interleavings keep every invariant', async () => {
  // Replay a failing case printed by fast-check: PIPELINE_REPLAY='[{"kind":"queue","repo":"a1"},...]'
  if (process.env.PIPELINE_REPLAY) return oneRun(JSON.parse(process.env.PIPELINE_REPLAY));
  await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 6, maxLength: 18 }), async (ops) => {
    await oneRun(ops);
    return true;
  }), { numRuns: Number(process.env.PIPELINE_PROPERTY_RUNS ?? 10), endOnFailure: true });
}, 600_000);
