/**
 * At most one runner per job even when the launcher dies between any two of its calls (each step
 * is a conditional write; the runner name and the RunTask client token come from job and attempt),
 * and the concurrency cap holds with launchers running at once — without reserved concurrency.
 */
import { ORG, PipelineWorld } from '../support/pipeline-world';

let world: PipelineWorld;

beforeAll(async () => {
  world = await PipelineWorld.start();
  world.gh.limits({ documentedSecondary: false });
}, 60_000);
afterAll(() => world?.close());
afterEach(() => world.pipelines.splice(0));

/** How many outside calls one clean launch makes (measured, so the test covers every gap). */
async function callsOfOneLaunch(): Promise<number> {
  const p = await world.addPipeline({ name: 'measure', runnerScope: `${ORG}/measure`, allowedRepositories: [`${ORG}/measure`] });
  world.gh.queueJob({ repository: `${ORG}/measure`, labels: ['self-hosted'] });
  await world.gh.idle();
  let calls = 0;
  const count = () => calls++;
  const check = world.crash.check.bind(world.crash);
  world.crash.check = () => { count(); check(); };
  await p.pump();
  world.crash.check = check;
  world.pipelines.splice(0);
  return calls;
}

test('a crash at any call of a launch: exactly one runner takes the job, no second task, nothing left behind', async () => {
  const total = await callsOfOneLaunch();
  expect(total).toBeGreaterThan(8);
  for (let at = 1; at <= total; at++) {
    const name = `crash${at}`;
    const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
    const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.gh.idle();
    world.crash.arm(at);
    await p.pump(); // dies at call `at`
    await world.settle(20);
    const where = `crash at call ${at} of ${total}`;
    expect({ where, tasks: p.started.filter(t => world.jobOf(t) === job.id).length }).toEqual({ where, tasks: 1 });
    expect({ where, status: world.gh.job(job.id).status }).toEqual({ where, status: 'in_progress' });
    world.gh.completeJob(job.id);
    await world.settle();
    expect({ where, params: await p.parameters() }).toEqual({ where, params: [] });
    expect({ where, registrations: world.gh.runners().filter(r => r.name.startsWith(`${name}-`)).map(r => r.name) }).toEqual({ where, registrations: [] });
    expect({ where, slots: (await p.items()).find(i => i.jobId === '#slots')!.used }).toEqual({ where, slots: 0 });
    expect({ where, dead: await p.deadLetters() }).toEqual({ where, dead: [] });
    world.pipelines.splice(0);
  }
}, 300_000);

test('the cap holds with four launchers at once', async () => {
  const p = await world.addPipeline({ name: 'cap', runnerScope: `${ORG}/cap`, allowedRepositories: [`${ORG}/cap`], maxConcurrentRunners: 3 });
  for (let i = 0; i < 12; i++) world.gh.queueJob({ repository: `${ORG}/cap`, labels: ['self-hosted'] });
  await world.gh.idle();
  await Promise.all([p.pump(), p.pump(), p.pump(), p.pump()]);
  expect(p.maxAlive).toBe(3);
  expect((await p.tasks()).length).toBe(3);
  // As jobs finish, the next ones start; never more than three at once.
  for (let round = 0; round < 10 && world.gh.jobs().some(j => j.repository === `${ORG}/cap` && j.status !== 'completed'); round++) {
    await world.settle(3);
    for (const j of world.gh.jobs().filter(x => x.repository === `${ORG}/cap` && x.status === 'in_progress')) world.gh.completeJob(j.id);
  }
  await world.settle();
  expect(p.maxAlive).toBe(3);
  expect(world.gh.jobs().filter(j => j.repository === `${ORG}/cap`).every(j => j.status === 'completed' && j.runnerName?.startsWith('cap-'))).toBe(true);
  expect(p.started).toHaveLength(12);
}, 180_000);
