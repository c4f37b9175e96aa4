/**
 * Issue 19: each job's stages as CloudWatch embedded metric format (EMF) log lines, checked on the
 * pipeline against moto and the fake GitHub. Each line keeps the job and delivery IDs for Logs Insights.
 */
import { PIPELINE_METRICS, PIPELINE_METRICS_NAMESPACE } from '../../../src/pipeline/private/pipeline-metrics';
import { ORG, PipelineUnderTest, PipelineWorld } from '../support/pipeline-world';

let world: PipelineWorld;
let n = 0;
const fresh = () => `m${++n}`;

beforeAll(async () => {
  world = await PipelineWorld.start();
}, 60_000);
afterAll(() => world?.close());
afterEach(() => {
  world.pipelines.splice(0);
});

/** The EMF records of a pipeline's logs that carry `metric`, checked against the EMF specification's shape. */
function emfRecords(p: PipelineUnderTest, metric: string): any[] {
  return p.logs.map(l => JSON.parse(l)).filter(e => e._aws && e[metric] !== undefined).map((e) => {
    const directive = e._aws.CloudWatchMetrics[0];
    expect(directive.Namespace).toBe(PIPELINE_METRICS_NAMESPACE);
    expect(typeof e._aws.Timestamp).toBe('number');
    expect(directive.Metrics.map((m: any) => m.Name)).toContain(metric);
    for (const set of directive.Dimensions) for (const d of set) expect(typeof e[d]).toBe('string');
    expect(e.Pipeline).toBe(p.spec.name);
    return e;
  });
}

test('one job: webhook delay, queue → RunTask, created → RunTask and queued → in_progress, each once, with job and delivery IDs', async () => {
  const name = fresh();
  const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
  const job = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
  await world.settle();
  expect(world.gh.job(job.id).status).toBe('in_progress');

  const [delay] = emfRecords(p, PIPELINE_METRICS.webhookDelay);
  expect(delay).toMatchObject({ jobId: job.id, deliveryId: expect.any(String), outcome: 'queued' });
  expect(delay._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: PIPELINE_METRICS.webhookDelay, Unit: 'Milliseconds' }]);
  const started = emfRecords(p, PIPELINE_METRICS.queueToRunTask);
  expect(started).toHaveLength(1);
  expect(started[0]).toMatchObject({ jobId: job.id, deliveryId: delay.deliveryId, msg: 'runner task started' });
  expect(started[0][PIPELINE_METRICS.createdToRunTask]).toBeGreaterThanOrEqual(started[0][PIPELINE_METRICS.queueToRunTask]);
  const inProgress = emfRecords(p, PIPELINE_METRICS.queuedToInProgress);
  expect(inProgress).toHaveLength(1);
  expect(inProgress[0]).toMatchObject({ jobId: job.id, outcome: 'queued' });
  expect(inProgress[0][PIPELINE_METRICS.queuedToInProgress]).toBeGreaterThanOrEqual(0);
  expect(emfRecords(p, PIPELINE_METRICS.runnerTakenByOtherJob)).toEqual([]);
  // GitHub's x-ratelimit-remaining at the JIT config, per installation and as the pipeline's lowest
  const [limit] = emfRecords(p, PIPELINE_METRICS.rateLimitRemaining);
  expect(limit).toMatchObject({ jobId: job.id, Installation: expect.stringMatching(/^[0-9]+$/) });
  expect(limit[PIPELINE_METRICS.rateLimitRemaining]).toBeGreaterThan(0);
  expect(limit._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Pipeline'], ['Pipeline', 'Installation']]);
}, 120_000);

test('a job whose runner is taken by another job: counted, and the cancelled job before a runner too', async () => {
  const name = fresh();
  const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
  const a = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
  const b = world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
  await world.gh.idle();
  await p.pump();
  // B's runner comes up first and GitHub hands it the oldest job, A.
  const taskA = p.started.find(t => world.jobOf(t) === a.id)!;
  p.runners.set(taskA.taskArn!, { taskArn: taskA.taskArn!, exited: 'held back by the test' });
  await p.simulateRunners();
  await world.gh.idle();
  await p.pump();
  const taken = emfRecords(p, PIPELINE_METRICS.runnerTakenByOtherJob);
  expect(taken).toHaveLength(1);
  expect(taken[0]).toMatchObject({ jobId: a.id, startedFor: b.id, [PIPELINE_METRICS.runnerTakenByOtherJob]: 1 });
  // A's queued → in_progress is measured on B's runner.
  expect(emfRecords(p, PIPELINE_METRICS.queuedToInProgress).map(e => e.jobId)).toEqual([a.id]);

  world.gh.cancelJob(b.id); // B never got a runner: its own was taken by A
  await world.gh.idle();
  await p.pump();
  expect(emfRecords(p, PIPELINE_METRICS.cancelledBeforeRunner).map(e => e.jobId)).toEqual([b.id]);
}, 90_000);

test('RunTask failures are counted by reason (capacity), then the runner starts', async () => {
  const name = fresh();
  const p = await world.addPipeline({ name, runnerScope: `${ORG}/${name}`, allowedRepositories: [`${ORG}/${name}`] });
  let failures = 1;
  world.runTaskFault = () => (failures-- > 0 ? { tasks: [], failures: [{ reason: 'Capacity is unavailable at this time' }] } : undefined);
  try {
    world.gh.queueJob({ repository: `${ORG}/${name}`, labels: ['self-hosted'] });
    await world.settle(20);
    const records = emfRecords(p, PIPELINE_METRICS.runTaskFailures);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ Reason: 'Capacity', reason: 'Capacity is unavailable at this time' });
    expect(records[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Pipeline'], ['Pipeline', 'Reason']]);
    expect(p.started).toHaveLength(1);
  } finally {
    world.runTaskFault = undefined;
  }
}, 90_000);
