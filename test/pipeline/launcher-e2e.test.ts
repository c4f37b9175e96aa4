/**
 * End to end on loopback: job messages go through a real (moto) SQS queue with a dead-letter queue;
 * the test plays Lambda's event source mapping (ReceiveMessage → launcher → DeleteMessage for the
 * successes) while GitHub and ECS fail at random (seeded), and runners finish between rounds.
 */
import { StopTaskCommand } from '@aws-sdk/client-ecs';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { Fault, FakeGitHub } from './support/fake-github';
import {
  allTasks,
  AwsFixture,
  createCluster,
  createJobQueue,
  jobMessage,
  LauncherHarness,
  makeLauncher,
  parameterNameOf,
  runnerParameters,
  runningTaskArns,
  seededRandom,
  sqsEvent,
  tagValue,
  throttlingException,
  useLauncherWorld,
} from './support/launcher-env';
import { JOB_ID_TAG, RUNNER_CONFIG_ENV } from '../../src/pipeline/lambda/launcher/handler';

jest.setTimeout(60_000);

const world = useLauncherWorld();
let aws: AwsFixture;
let github: FakeGitHub;
beforeAll(() => {
  ({ aws, github } = world);
});

const SEED = Number(process.env.LAUNCHER_E2E_SEED ?? 20261128);
const CAP = 4;
const MAX_RECEIVE_COUNT = 3;

interface Received { messageId: string; receiptHandle: string; body: string; receiveCount: string }

async function receive(queueUrl: string): Promise<Received[]> {
  const res = await aws.sqs.send(new ReceiveMessageCommand({
    QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'],
  }));
  return (res.Messages ?? []).map((m) => ({
    messageId: m.MessageId!, receiptHandle: m.ReceiptHandle!, body: m.Body!, receiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
  }));
}

async function queueDepth(queueUrl: string): Promise<number> {
  const attrs = (await aws.sqs.send(new GetQueueAttributesCommand({
    QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  }))).Attributes ?? {};
  return Number(attrs.ApproximateNumberOfMessages) + Number(attrs.ApproximateNumberOfMessagesNotVisible)
    + Number(attrs.ApproximateNumberOfMessagesDelayed);
}

/** One Lambda invocation as the SQS event source mapping makes it; returns what it deleted. */
async function invokeOnce(l: LauncherHarness, queueUrl: string, messages: Received[]): Promise<number> {
  const res = await l.handler(sqsEvent(messages));
  const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
  const done = messages.filter((m) => !failed.has(m.messageId));
  if (done.length) {
    const del = await aws.sqs.send(new DeleteMessageBatchCommand({
      QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle })),
    }));
    expect(del.Failed ?? []).toEqual([]);
  }
  return done.length;
}

test('30 deliveries with duplicates, random GitHub/ECS faults and a cap: no job lost, none launched twice, no secret leaked', async () => {
  const started = Date.now();
  const rand = seededRandom(SEED);
  const clusterArn = await createCluster(aws, 'e2e');
  const { queueUrl, dlqUrl } = await createJobQueue(aws, 'runner-jobs', MAX_RECEIVE_COUNT);
  const l = makeLauncher(aws, github, { clusterArn, maxConcurrentRunners: CAP }, { timeoutMs: 250 });

  // 24 distinct jobs (2 in a repository the app cannot see) + 6 redeliveries = 30 messages, shuffled.
  const jobIds = Array.from({ length: 24 }, (_, i) => 7_000_000 + i);
  const missingRepoJobs = new Set([jobIds[5], jobIds[17]]);
  const message = (id: number) => JSON.stringify(jobMessage(id, missingRepoJobs.has(id) ? { repo: 'deleted-repo' } : {}));
  const bodies = jobIds.map(message);
  for (let i = 0; i < 6; i++) bodies.push(message(jobIds[Math.floor(rand() * jobIds.length)]));
  for (let i = bodies.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [bodies[i], bodies[j]] = [bodies[j], bodies[i]];
  }
  const copiesSent = new Map<number, number>();
  for (const b of bodies) copiesSent.set(JSON.parse(b).jobId, (copiesSent.get(JSON.parse(b).jobId) ?? 0) + 1);
  for (let i = 0; i < bodies.length; i += 10) {
    const res = await aws.sqs.send(new SendMessageBatchCommand({
      QueueUrl: queueUrl, Entries: bodies.slice(i, i + 10).map((MessageBody, k) => ({ Id: String(k), MessageBody })),
    }));
    expect(res.Failed ?? []).toEqual([]);
  }

  // Seeded faults: GitHub 429/500/hang on JIT requests, 500 on token requests, ECS throttling on RunTask.
  // The first JIT requests fail once each way, so every fault kind occurs whatever the seed.
  const injected = { github: 0, ecs: 0 };
  const scripted: Fault[] = ['hang', { status: 429, retryAfter: 1 }, { status: 500 }];
  let jitRequests = 0;
  let runTasks = 0;
  github.fault = (req): Fault | undefined => {
    if (req.path.includes('/deleted-repo/')) return { status: 404 };
    const r = rand();
    const fault: Fault | undefined = req.kind === 'token'
      ? (r < 0.1 ? { status: 500 } : undefined)
      : scripted[jitRequests++] ?? (r < 0.08 ? { status: 429, retryAfter: 1 } : r < 0.16 ? { status: 500 } : r < 0.2 ? 'hang' : undefined);
    if (fault) injected.github++;
    return fault;
  };
  l.ecsFault = (command) => {
    if (command?.constructor?.name !== 'RunTaskCommand') return undefined;
    if (runTasks++ > 0 && rand() >= 0.1) return undefined;
    injected.ecs++;
    return throttlingException();
  };

  // The event source mapping: receive → invoke → delete successes, until the queue is drained.
  let rounds = 0;
  let maxRunning = 0;
  let emptyPolls = 0;
  while (Date.now() - started < 40_000 && rounds < 200) {
    rounds++;
    const messages = await receive(queueUrl);
    if (messages.length === 0) {
      if ((await queueDepth(queueUrl)) === 0 && ++emptyPolls >= 2) break;
      await new Promise((r) => setTimeout(r, 250)); // failed messages come back after the 1 s visibility timeout
      continue;
    }
    emptyPolls = 0;
    expect((await runningTaskArns(aws, clusterArn)).length).toBeLessThanOrEqual(CAP);
    await invokeOnce(l, queueUrl, messages);
    const running = await runningTaskArns(aws, clusterArn);
    maxRunning = Math.max(maxRunning, running.length);
    expect(running.length).toBeLessThanOrEqual(CAP);
    // Runners finish at random.
    for (const arn of running) {
      if (rand() < 0.6) await aws.ecs.send(new StopTaskCommand({ cluster: clusterArn, task: arn, reason: 'job completed' }));
    }
  }
  expect(await queueDepth(queueUrl)).toBe(0);

  // Outcomes per job id.
  const tasks = await allTasks(aws, clusterArn);
  const tasksPerJob = new Map<number, number>();
  for (const t of tasks) {
    const id = Number(tagValue(t, JOB_ID_TAG));
    tasksPerJob.set(id, (tasksPerJob.get(id) ?? 0) + 1);
  }
  const dlqPerJob = new Map<number, number>();
  const dlqMessages: Received[] = [];
  for (let batch = await receive(dlqUrl); batch.length; batch = await receive(dlqUrl)) {
    dlqMessages.push(...batch);
    for (const m of batch) dlqPerJob.set(JSON.parse(m.body).jobId, (dlqPerJob.get(JSON.parse(m.body).jobId) ?? 0) + 1);
  }

  for (const id of jobIds) {
    const launched = tasksPerJob.get(id) ?? 0;
    const dead = dlqPerJob.get(id) ?? 0;
    if (missingRepoJobs.has(id)) {
      // Permanent GitHub 404: acknowledged and logged as an error, never a runner. It can still be
      // dead-lettered if it kept failing before it reached GitHub (cap, token errors).
      expect({ id, launched }).toEqual({ id, launched: 0 });
      expect(dead <= copiesSent.get(id)!).toBe(true);
      continue;
    }
    expect(launched).toBeLessThanOrEqual(1); // none doubled
    expect(launched + dead).toBeGreaterThanOrEqual(1); // none lost
    expect(dead).toBeLessThanOrEqual(copiesSent.get(id)!);
    // A job in the DLQ without a runner sits there exactly once unless GitHub delivered it twice.
    if (launched === 0 && copiesSent.get(id) === 1) expect(dead).toBe(1);
  }
  const permanentErrors = l.logs.map((line) => JSON.parse(line)).filter((e) => e.level === 'error' && e.status === 404);
  for (const e of permanentErrors) expect(missingRepoJobs.has(e.jobId)).toBe(true);
  for (const id of missingRepoJobs) expect(permanentErrors.some((e) => e.jobId === id) || dlqPerJob.has(id)).toBe(true);

  // Every task got only a parameter name; each parameter holds a distinct JIT config GitHub issued; no parameter leaked.
  const issued = new Set(github.jitConfigs.map((j) => j.config));
  const params = new Map((await runnerParameters(aws)).map((p) => [p.Name!, p.Value!]));
  expect(params.size).toBe(tasks.length);
  const values = new Set<string>();
  for (const t of tasks) {
    expect(t.overrides?.containerOverrides).toEqual([{ name: 'runner', environment: [{ name: RUNNER_CONFIG_ENV, value: parameterNameOf(t) }] }]);
    const value = params.get(parameterNameOf(t)!);
    expect(value !== undefined && issued.has(value)).toBe(true);
    values.add(value!);
  }
  expect(values.size).toBe(tasks.length);

  // No RunTask request and no log line carried a JIT config, an installation token or a JWT.
  const secrets = github.secrets();
  expect(secrets.length).toBeGreaterThan(tasks.length);
  const runTaskText = JSON.stringify(l.runTaskInputs);
  const logText = l.logs.join('\n');
  expect(secrets.filter((s) => runTaskText.includes(s) || logText.includes(s))).toEqual([]);
  expect(logText).not.toContain('PRIVATE KEY');
  for (const line of l.logs) expect(() => JSON.parse(line)).not.toThrow();

  // Faults really happened, and the queue really retried and dead-lettered.
  expect(injected.github).toBeGreaterThanOrEqual(scripted.length);
  expect(injected.ecs).toBeGreaterThanOrEqual(1);
  expect(github.requests.some((r) => r.status === 'hang')).toBe(true);
  expect(maxRunning).toBeGreaterThan(0);

  // Redrive: replaying the DLQ (faults off, capacity free) launches the missing jobs exactly once;
  // DLQ copies of jobs that did launch are acknowledged as duplicates.
  github.fault = (req) => (req.path.includes('/deleted-repo/') ? { status: 404 } : undefined);
  l.ecsFault = undefined;
  for (const arn of await runningTaskArns(aws, clusterArn)) {
    await aws.ecs.send(new StopTaskCommand({ cluster: clusterArn, task: arn, reason: 'job completed' }));
  }
  for (let i = 0; i < dlqMessages.length; i += CAP) {
    const res = await l.handler(sqsEvent(dlqMessages.slice(i, i + CAP)));
    expect(res.batchItemFailures).toEqual([]);
    for (const arn of await runningTaskArns(aws, clusterArn)) {
      await aws.ecs.send(new StopTaskCommand({ cluster: clusterArn, task: arn, reason: 'job completed' }));
    }
  }
  const finalTasks = await allTasks(aws, clusterArn);
  const finalPerJob = new Map<number, number>();
  for (const t of finalTasks) finalPerJob.set(Number(tagValue(t, JOB_ID_TAG)), (finalPerJob.get(Number(tagValue(t, JOB_ID_TAG))) ?? 0) + 1);
  for (const id of jobIds) expect({ id, tasks: finalPerJob.get(id) ?? 0 }).toEqual({ id, tasks: missingRepoJobs.has(id) ? 0 : 1 });

  const reasons: Record<string, number> = {};
  for (const e of l.logs.map((line) => JSON.parse(line))) {
    if (e.msg === 'runner launch failed, message will be retried') reasons[e.reason ?? e.error] = (reasons[e.reason ?? e.error] ?? 0) + 1;
  }
  process.stderr.write(`launcher e2e (seed ${SEED}): ${bodies.length} messages, ${rounds} rounds, ${tasks.length} tasks, `
    + `retryable failures ${JSON.stringify(reasons)}, `
    + `${dlqMessages.length} dead-lettered, faults github=${injected.github} ecs=${injected.ecs}, max running ${maxRunning}/${CAP}, `
    + `${Date.now() - started} ms\n`);
});
