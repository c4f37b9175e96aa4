/**
 * Runner launcher against real AWS APIs emulated by moto on loopback, and a fake GitHub API.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { StopTaskCommand } from '@aws-sdk/client-ecs';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { FakeGitHub } from './support/fake-github';
import {
  allTasks,
  APP_ID,
  AwsFixture,
  createCluster,
  jobMessage,
  JOBS_TABLE,
  makeLauncher,
  parameterNameOf,
  runnerParameters,
  runningTaskArns,
  sqsEvent,
  tagValue,
  throttlingException,
  useLauncherWorld,
} from './support/launcher-env';
import { JOB_ID_TAG, loadLauncherConfig, RUNNER_CONFIG_ENV } from '../../src/pipeline/lambda/launcher/handler';

jest.setTimeout(30_000);

const world = useLauncherWorld();
let aws: AwsFixture;
let github: FakeGitHub;
let clusterCount = 0;
let nextJobId = 5_000_000;
beforeAll(() => {
  ({ aws, github } = world);
});

beforeEach(() => {
  github.fault = undefined;
});

const newCluster = () => createCluster(aws, `runners-${++clusterCount}`);
const body = (jobId: number, extra = {}) => JSON.stringify(jobMessage(jobId, extra));

async function claimOf(jobId: number) {
  return (await aws.dynamodb.send(new GetItemCommand({ TableName: JOBS_TABLE, Key: { jobId: { S: String(jobId) } }, ConsistentRead: true }))).Item;
}

function expectNoSecretsIn(text: string) {
  for (const secret of github.secrets()) expect(text.includes(secret)).toBe(false);
}

function expectStructuredLogs(lines: string[]) {
  for (const line of lines) {
    expect(line).not.toContain('\n');
    expect(() => JSON.parse(line)).not.toThrow();
  }
  expectNoSecretsIn(lines.join('\n'));
}

describe('launching a runner', () => {
  test('stores the JIT config as a SecureString and starts a private Fargate task that gets only its name', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    const jobId = ++nextJobId;
    const jitBefore = github.jitConfigs.length;

    const res = await l.handler(sqsEvent([{ body: body(jobId) }]));

    expect(res.batchItemFailures).toEqual([]);
    // GitHub got the JIT request the API documents.
    const jit = github.jitConfigs.slice(jitBefore);
    expect(jit).toHaveLength(1);
    expect(jit[0]).toMatchObject({
      path: '/repos/confluxdb/engine/actions/runners/generate-jitconfig',
      labels: ['self-hosted', 'linux', 'confluxdb'],
      runnerGroupId: 1,
      workFolder: '_work',
    });
    expect(jit[0].name).toMatch(new RegExp(`^confluxdb-${jobId}-[0-9a-f]{6}$`));

    // The task in moto: private networking, only the parameter name in the override.
    const tasks = await allTasks(aws, clusterArn);
    expect(tasks).toHaveLength(1);
    expect(tagValue(tasks[0], JOB_ID_TAG)).toBe(String(jobId));
    const input = l.runTaskInputs[0];
    expect(input).toMatchObject({
      cluster: clusterArn,
      taskDefinition: aws.taskDefinitionArn,
      launchType: 'FARGATE',
      startedBy: 'confluxdb-runner',
      enableExecuteCommand: false,
      networkConfiguration: {
        awsvpcConfiguration: { subnets: aws.subnetIds, securityGroups: [aws.securityGroupId], assignPublicIp: 'DISABLED' },
      },
    });
    expect(input.capacityProviderStrategy).toBeUndefined();
    expect(input.overrides).toEqual({ containerOverrides: [{ name: 'runner', environment: [{ name: RUNNER_CONFIG_ENV, value: expect.any(String) }] }] });
    const parameterName = parameterNameOf(tasks[0])!;
    expect(parameterName).toMatch(/^\/confluxdb\/runners\/[0-9a-f]{32}$/);
    expectNoSecretsIn(JSON.stringify(l.runTaskInputs));
    expectNoSecretsIn(JSON.stringify(tasks));

    // The parameter holds the JIT config, encrypted with the configured key.
    const param = (await aws.ssm.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }))).Parameter!;
    expect(param.Type).toBe('SecureString');
    expect(param.Value).toBe(jit[0].config);

    // The claim is marked launched and expires.
    const claim = await claimOf(jobId);
    expect(claim?.status?.S).toBe('launched');
    expect(claim?.taskArn?.S).toBe(tasks[0].taskArn);
    expect(Number(claim?.expiresAt?.N)).toBeGreaterThan(Date.now() / 1000 + 3000);

    expectStructuredLogs(l.logs);
    expect(l.logs.some((line) => JSON.parse(line).msg === 'runner task started')).toBe(true);
    expect(l.logs.join('\n')).not.toContain(parameterName);
  });

  test('Fargate Spot when configured, and organization-scoped JIT configs', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn, useFargateSpot: true, scope: 'org' });
    const jitBefore = github.jitConfigs.length;
    const res = await l.handler(sqsEvent([{ body: body(++nextJobId) }]));
    expect(res.batchItemFailures).toEqual([]);
    expect(l.runTaskInputs[0].capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
    expect(l.runTaskInputs[0].launchType).toBeUndefined();
    expect(github.jitConfigs[jitBefore].path).toBe('/orgs/confluxdb/actions/runners/generate-jitconfig');
    expect(await allTasks(aws, clusterArn)).toHaveLength(1);
  });

  test('the GitHub App key is read from Secrets Manager once and cached', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    await l.handler(sqsEvent([{ body: body(++nextJobId, { installationId: 901 }) }]));
    await l.handler(sqsEvent([{ body: body(++nextJobId, { installationId: 902 }) }]));
    expect(await allTasks(aws, clusterArn)).toHaveLength(2);
    expect(l.secretReads.count).toBe(1);
  });
});

describe('idempotency', () => {
  test('a job delivered twice (same batch and a later redelivery) starts one runner; duplicates are acknowledged', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    const jobId = ++nextJobId;
    const jitBefore = github.jitConfigs.length;

    const first = await l.handler(sqsEvent([{ body: body(jobId) }, { body: body(jobId) }]));
    const later = await l.handler(sqsEvent([{ body: body(jobId) }]));

    expect(first.batchItemFailures).toEqual([]);
    expect(later.batchItemFailures).toEqual([]);
    expect(await allTasks(aws, clusterArn)).toHaveLength(1);
    expect(github.jitConfigs.length - jitBefore).toBe(1);
    expect(l.logs.filter((line) => JSON.parse(line).msg === 'duplicate job message, acknowledged')).toHaveLength(2);
  });

  test('a retryable failure releases the claim, so a redelivered message for the job can launch it', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    const jobId = ++nextJobId;
    github.fault = (req) => (req.kind === 'jitconfig' ? { status: 500 } : undefined);
    const failed = await l.handler(sqsEvent([{ messageId: 'first', body: body(jobId) }]));
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: 'first' }]);
    expect(await claimOf(jobId)).toBeUndefined();

    github.fault = undefined;
    const retried = await l.handler(sqsEvent([{ messageId: 'redelivery', body: body(jobId) }]));
    expect(retried.batchItemFailures).toEqual([]);
    expect(await allTasks(aws, clusterArn)).toHaveLength(1);
  });
});

describe('concurrency cap', () => {
  test('at the cap, messages are batch item failures until runners finish', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn, maxConcurrentRunners: 2 });
    const jobs = [++nextJobId, ++nextJobId, ++nextJobId];
    const event = sqsEvent(jobs.map((j) => ({ messageId: `cap-${j}`, body: body(j) })));

    const res = await l.handler(event);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: `cap-${jobs[2]}` }]);
    expect(await runningTaskArns(aws, clusterArn)).toHaveLength(2);
    expect(await claimOf(jobs[2])).toBeUndefined();

    // Still full: the same message fails again without starting anything.
    const again = await l.handler(sqsEvent([{ messageId: `cap-${jobs[2]}`, body: body(jobs[2]) }]));
    expect(again.batchItemFailures).toHaveLength(1);
    expect(await runningTaskArns(aws, clusterArn)).toHaveLength(2);

    // A runner finishes; the next delivery launches.
    const [one] = await runningTaskArns(aws, clusterArn);
    await aws.ecs.send(new StopTaskCommand({ cluster: clusterArn, task: one, reason: 'job done' }));
    const later = await l.handler(sqsEvent([{ messageId: `cap-${jobs[2]}`, body: body(jobs[2]) }]));
    expect(later.batchItemFailures).toEqual([]);
    expect(await runningTaskArns(aws, clusterArn)).toHaveLength(2);
    expect(await allTasks(aws, clusterArn)).toHaveLength(3);
  });
});

describe('errors', () => {
  test.each([
    ['429 with retry-after', { status: 429, retryAfter: 30 } as const],
    ['500', { status: 500 } as const],
    ['a hang longer than the timeout', 'hang' as const],
  ])('GitHub %s on the JIT request is retryable: batch item failure, nothing left behind', async (_name, fault) => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn }, { timeoutMs: 300 });
    const bad = ++nextJobId;
    const good = ++nextJobId;
    const paramsBefore = (await runnerParameters(aws)).length;
    let jitCalls = 0;
    // Only the first JIT request (job `bad`) faults; the next message in the batch succeeds.
    github.fault = (req) => (req.kind === 'jitconfig' && jitCalls++ === 0 ? fault : undefined);

    const started = Date.now();
    const res = await l.handler(sqsEvent([{ messageId: 'bad', body: body(bad) }, { messageId: 'good', body: body(good) }]));

    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    const tasks = await allTasks(aws, clusterArn);
    expect(tasks.map((t) => tagValue(t, JOB_ID_TAG))).toEqual([String(good)]);
    expect(await claimOf(bad)).toBeUndefined();
    expect((await runnerParameters(aws)).length).toBe(paramsBefore + 1);
    const failure = l.logs.map((line) => JSON.parse(line)).find((e) => e.msg === 'runner launch failed, message will be retried');
    expect(failure).toMatchObject({ level: 'warn', jobId: bad, retryable: true, reason: 'github' });
    expectStructuredLogs(l.logs);
  });

  test('GitHub failing the installation token (500) is retryable', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    github.fault = (req) => (req.kind === 'token' ? { status: 500 } : undefined);
    const res = await l.handler(sqsEvent([{ messageId: 'tok', body: body(++nextJobId, { installationId: 4711 }) }]));
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'tok' }]);
    expect(await allTasks(aws, clusterArn)).toHaveLength(0);
  });

  test('ECS throttling on RunTask is retryable: the parameter is deleted and the claim released', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    const jobId = ++nextJobId;
    const paramsBefore = (await runnerParameters(aws)).map((p) => p.Name);
    l.ecsFault = (command) => (command?.constructor?.name === 'RunTaskCommand' ? throttlingException() : undefined);

    const res = await l.handler(sqsEvent([{ messageId: 'throttled', body: body(jobId) }]));

    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'throttled' }]);
    expect(l.runTaskInputs).toHaveLength(1);
    expect((await runnerParameters(aws)).map((p) => p.Name)).toEqual(paramsBefore);
    expect(await claimOf(jobId)).toBeUndefined();
    const failure = l.logs.map((line) => JSON.parse(line)).find((e) => e.msg === 'runner launch failed, message will be retried');
    expect(failure).toMatchObject({ retryable: true, error: 'ThrottlingException' });

    l.ecsFault = undefined;
    expect((await l.handler(sqsEvent([{ messageId: 'throttled', body: body(jobId) }]))).batchItemFailures).toEqual([]);
    expect(await allTasks(aws, clusterArn)).toHaveLength(1);
  });

  test.each([404, 422])('GitHub %i is permanent: logged as an error and acknowledged, no runner, claim released', async (status) => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    const jobId = ++nextJobId;
    github.fault = (req) => (req.kind === 'jitconfig' ? { status } : undefined);
    const res = await l.handler(sqsEvent([{ body: body(jobId, { repo: 'gone' }) }]));
    expect(res.batchItemFailures).toEqual([]);
    expect(await allTasks(aws, clusterArn)).toHaveLength(0);
    expect(await claimOf(jobId)).toBeUndefined();
    const entry = l.logs.map((line) => JSON.parse(line)).find((e) => e.level === 'error');
    expect(entry).toMatchObject({ jobId, status, repository: 'confluxdb/gone' });
  });

  test('messages are deferred, not cut off, when the invocation runs out of time', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    let remaining = 60_000;
    // Every message "takes" 25 s of a 60 s invocation; 20 s are kept in reserve.
    const context = { getRemainingTimeInMillis: () => (remaining -= 25_000) + 25_000 };
    const res = await l.handler(sqsEvent([1, 2, 3].map((i) => ({ messageId: `t${i}`, body: body(++nextJobId) }))), context);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 't3' }]);
    expect(await allTasks(aws, clusterArn)).toHaveLength(2);
  });

  test('a malformed message does not fail the batch and is not retried', async () => {
    const clusterArn = await newCluster();
    const l = makeLauncher(aws, github, { clusterArn });
    const res = await l.handler(sqsEvent([
      { messageId: 'garbage', body: '{not json' },
      { messageId: 'no-job', body: JSON.stringify({ owner: 'confluxdb', repo: 'engine', labels: [] }) },
      { messageId: 'ok', body: body(++nextJobId) },
    ]));
    expect(res.batchItemFailures).toEqual([]);
    expect(await allTasks(aws, clusterArn)).toHaveLength(1);
    expect(l.logs.filter((line) => JSON.parse(line).msg === 'malformed job message, dropped')).toHaveLength(2);
  });
});

describe('Lambda entry', () => {
  test('builds SDK clients from the environment once and launches through them', async () => {
    const clusterArn = await newCluster();
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: world.moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      JOBS_TABLE,
      CLUSTER_ARN: clusterArn,
      RUNNER_TASK_DEFINITION_ARN: aws.taskDefinitionArn,
      SUBNET_IDS: aws.subnetIds.join(' , '),
      SECURITY_GROUP_ID: aws.securityGroupId,
      MAX_CONCURRENT_RUNNERS: '5',
      RUNNER_CONFIG_KMS_KEY_ID: 'alias/confluxdb-runner-config',
      GITHUB_APP_KEY_SECRET_ARN: aws.secretArn,
      GITHUB_APP_ID: APP_ID,
      GITHUB_API_URL: github.url,
      USE_FARGATE_SPOT: 'true',
      QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/runner-jobs',
    });
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    try {
      let entry: typeof import('../../src/pipeline/lambda/launcher/launcher.lambda') | undefined;
      // The entry reads its environment at module load (once per Lambda container).
      jest.isolateModules(() => {
        entry = jest.requireActual<typeof import('../../src/pipeline/lambda/launcher/launcher.lambda')>('../../src/pipeline/lambda/launcher/launcher.lambda');
      });
      const res = await entry!.handler(sqsEvent([{ body: body(++nextJobId) }, { body: body(++nextJobId) }]));
      expect(res.batchItemFailures).toEqual([]);
      const tasks = await allTasks(aws, clusterArn);
      expect(tasks).toHaveLength(2);
      expect(tasks.every((t) => t.capacityProviderName === 'FARGATE_SPOT')).toBe(true);
      expect(lines).toHaveLength(2);
      expectStructuredLogs(lines);
    } finally {
      spy.mockRestore();
      process.env = saved;
    }
  });

  test('configuration errors name the variable', () => {
    expect(() => loadLauncherConfig({})).toThrow(/runner launcher: environment variable JOBS_TABLE is required/);
    const env = {
      JOBS_TABLE: 't',
      CLUSTER_ARN: 'c',
      RUNNER_TASK_DEFINITION_ARN: 'td',
      SUBNET_IDS: 'a,b',
      SECURITY_GROUP_ID: 'sg',
      RUNNER_CONFIG_KMS_KEY_ID: 'k',
      MAX_CONCURRENT_RUNNERS: '0',
    };
    expect(() => loadLauncherConfig(env)).toThrow(/MAX_CONCURRENT_RUNNERS must be an integer from 1 to 1000, got "0"/);
    expect(() => loadLauncherConfig({ ...env, MAX_CONCURRENT_RUNNERS: '3', RUNNER_SCOPE: 'enterprise' })).toThrow(/RUNNER_SCOPE/);
    expect(loadLauncherConfig({ ...env, MAX_CONCURRENT_RUNNERS: '3' })).toMatchObject({
      subnetIds: ['a', 'b'], useFargateSpot: false, scope: 'repo', containerName: 'runner', maxConcurrentRunners: 3,
    });
  });
});
