/**
 * One job from GitHub's queue to a finished runner, repository scope, every call on loopback.
 */
import { ORG, PipelineWorld } from '../support/pipeline-world';

let world: PipelineWorld;

beforeAll(async () => {
  world = await PipelineWorld.start();
}, 60_000);
afterAll(() => world?.close());

test('queued → webhook → launcher → one runner with the pipeline\'s labels → job runs → everything cleaned up', async () => {
  const p = await world.addPipeline({ name: 'ci-a', runnerScope: `${ORG}/app`, allowedRepositories: [`${ORG}/app`], labels: ['self-hosted', 'linux', 'x64'] });
  const job = world.gh.queueJob({ repository: `${ORG}/app`, labels: ['self-hosted'] });
  await world.settle();
  // one task, its runner took the job
  expect(p.started).toHaveLength(1);
  expect(world.jobOf(p.started[0])).toBe(job.id);
  expect(world.gh.job(job.id)).toMatchObject({ status: 'in_progress', runnerName: `ci-a-${job.id}-1` });
  const runner = world.gh.runners().find(r => r.name === `ci-a-${job.id}-1`)!;
  expect(runner.labels.map(l => l.toLowerCase()).sort()).toEqual(['linux', 'self-hosted', 'x64']);
  expect(runner.scope).toBe('repository');
  // the token that registered it could administer runners of that one repository only
  const jitToken = world.gh.tokens.find(t => t.permissions.administration === 'write')!;
  expect(jitToken.repositories).toEqual([`${ORG}/app`]);
  expect(Object.keys(jitToken.permissions)).toEqual(['administration']);
  // the config was read and deleted by the runner
  expect(await p.parameters()).toEqual([]);

  world.gh.completeJob(job.id);
  await world.settle();
  expect(await p.tasks()).toHaveLength(0);
  const item = (await p.items()).find(i => i.jobId === String(job.id))!;
  expect(item).toMatchObject({ status: 'done', holdsSlot: false, busy: true });
  expect((await p.items()).find(i => i.jobId === '#slots')!.used).toBe(0);
  expect(world.gh.runners().filter(r => r.name.startsWith('ci-a-'))).toEqual([]);
  expect(await p.deadLetters()).toEqual([]);
}, 120_000);
