/**
 * AWS resources in moto and a wired-up launcher for the runner launcher tests: a job queue with a
 * dead-letter queue, ECS clusters with a Fargate task definition, the DynamoDB jobs table and the
 * Secrets Manager secret with a freshly generated GitHub App private key.
 */
import { generateKeyPairSync, KeyObject } from 'crypto';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  RunTaskCommandInput,
  Task,
} from '@aws-sdk/client-ecs';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParametersByPathCommand, Parameter, SSMClient } from '@aws-sdk/client-ssm';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { FakeGitHub, startFakeGitHub } from './fake-github';
import { createNetwork, MotoServer, startMoto } from './moto';
import {
  createLauncher,
  LauncherConfig,
  RUNNER_PARAMETER_PREFIX,
  RUNNER_STARTED_BY,
  RunnerJobMessage,
  type RetryBackoff,
} from '../../../src/pipeline/lambda/launcher/handler';
import { createGitHubApp } from '../../../src/pipeline/lambda/runtime/github-app';
import { SecretCache } from '../../../src/pipeline/lambda/runtime/secret-cache';

export const APP_ID = '424242';
export const JOBS_TABLE = 'runner-jobs';
export const TASK_FAMILY = 'confluxdb-runner';

export interface AwsFixture {
  readonly sqs: SQSClient;
  readonly ecs: ECSClient;
  readonly ssm: SSMClient;
  readonly dynamodb: DynamoDBClient;
  readonly secrets: SecretsManagerClient;
  readonly taskDefinitionArn: string;
  readonly secretArn: string;
  readonly privateKeyPem: string;
  readonly publicKey: KeyObject;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
}

export async function createAwsFixture(moto: MotoServer): Promise<AwsFixture> {
  const cfg = moto.clientConfig;
  const sqs = new SQSClient(cfg);
  const ecs = new ECSClient(cfg);
  const ssm = new SSMClient(cfg);
  const dynamodb = new DynamoDBClient(cfg);
  const secrets = new SecretsManagerClient(cfg);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

  const network = await createNetwork(moto);
  const td = await ecs.send(new RegisterTaskDefinitionCommand({
    family: TASK_FAMILY,
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '1024',
    memory: '2048',
    // moto needs container-level cpu/memory to place a task (real ECS accepts both levels).
    containerDefinitions: [{ name: 'runner', image: 'ghcr.io/actions/actions-runner:2.330.0', essential: true, cpu: 1024, memory: 2048 }],
  }));
  await dynamodb.send(new CreateTableCommand({
    TableName: JOBS_TABLE,
    KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  await dynamodb.send(new UpdateTimeToLiveCommand({
    TableName: JOBS_TABLE, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
  }));
  const secret = await secrets.send(new CreateSecretCommand({ Name: 'confluxdb/github-app-key', SecretString: privateKeyPem }));
  return {
    sqs,
    ecs,
    ssm,
    dynamodb,
    secrets,
    taskDefinitionArn: td.taskDefinition!.taskDefinitionArn!,
    secretArn: secret.ARN!,
    privateKeyPem,
    publicKey,
    ...network,
  };
}

export async function createCluster(aws: AwsFixture, name: string): Promise<string> {
  const res = await aws.ecs.send(new CreateClusterCommand({ clusterName: name, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }));
  return res.cluster!.clusterArn!;
}

/** A standard job queue (visibility timeout 1 s) with a dead-letter queue after `maxReceiveCount` receives. */
export async function createJobQueue(aws: AwsFixture, name: string, maxReceiveCount = 3): Promise<{ queueUrl: string; dlqUrl: string }> {
  const dlq = await aws.sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = (await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const q = await aws.sqs.send(new CreateQueueCommand({
    QueueName: name,
    Attributes: {
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
    },
  }));
  return { queueUrl: q.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}

export interface LauncherHarness {
  readonly handler: ReturnType<typeof createLauncher>;
  readonly config: LauncherConfig;
  readonly logs: string[];
  readonly runTaskInputs: RunTaskCommandInput[];
  /** Counts GetSecretValue calls. */
  readonly secretReads: { count: number };
  /** Return an error to make the next ECS command fail before it reaches moto (e.g. ThrottlingException). */
  ecsFault?: (command: unknown) => Error | undefined;
}

export function throttlingException(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

export function makeLauncher(
  aws: AwsFixture,
  github: FakeGitHub,
  overrides: Partial<LauncherConfig> & { clusterArn: string },
  opts: { timeoutMs?: number; backoff?: RetryBackoff } = {},
): LauncherHarness {
  const config: LauncherConfig = {
    jobsTable: JOBS_TABLE,
    taskDefinitionArn: aws.taskDefinitionArn,
    containerName: 'runner',
    subnetIds: aws.subnetIds,
    securityGroupId: aws.securityGroupId,
    useFargateSpot: false,
    maxConcurrentRunners: 10,
    kmsKeyId: 'alias/confluxdb-runner-config',
    scope: 'repo',
    claimTtlSeconds: 3600,
    parameterPath: RUNNER_PARAMETER_PREFIX,
    startedBy: RUNNER_STARTED_BY,
    ...overrides,
  };
  const harness: LauncherHarness = {
    config,
    logs: [],
    runTaskInputs: [],
    secretReads: { count: 0 },
    handler: undefined as any,
  };
  const ecs = {
    send: async (command: any) => {
      if (command instanceof RunTaskCommand) harness.runTaskInputs.push(structuredClone(command.input));
      const fault = harness.ecsFault?.(command);
      if (fault) throw fault;
      return aws.ecs.send(command);
    },
  } as Pick<ECSClient, 'send'>;
  const secretsClient = {
    send: async (command: any) => {
      harness.secretReads.count++;
      return aws.secrets.send(command);
    },
  } as { send: (command: unknown) => Promise<{ SecretString?: string }> };
  const key = new SecretCache(secretsClient, (input) => new GetSecretValueCommand(input), aws.secretArn);
  const gh = createGitHubApp({
    appId: APP_ID,
    privateKey: () => key.get(),
    onAuthFailure: () => key.invalidate(),
    apiUrl: github.url,
    timeoutMs: opts.timeoutMs ?? 400,
  });
  Object.assign(harness, {
    handler: createLauncher({ config, ecs, ssm: aws.ssm, dynamodb: aws.dynamodb, github: gh, backoff: opts.backoff, log: (line) => { harness.logs.push(line); if (process.env.LAUNCHER_DEBUG) process.stderr.write(`${line}\n`); } }),
  });
  return harness;
}

let messageCounter = 0;

export function jobMessage(jobId: number, extra: Partial<RunnerJobMessage> = {}): RunnerJobMessage {
  const owner = extra.owner ?? 'confluxdb';
  const repo = extra.repo ?? 'engine';
  return {
    deliveryId: `d-${jobId}-${++messageCounter}`,
    jobId,
    runId: jobId * 10,
    owner,
    repo,
    repository: `${owner}/${repo}`,
    labels: ['self-hosted', 'linux', 'confluxdb'],
    installationId: 77,
    enqueuedAt: new Date().toISOString(),
    ...extra,
  };
}

/** An SQS event as Lambda builds it, from bodies or from messages received from the queue. */
export function sqsEvent(items: Array<{ messageId?: string; body: string; receiveCount?: string }>): SQSEvent {
  return {
    Records: items.map((item): SQSRecord => ({
      messageId: item.messageId ?? `m-${++messageCounter}`,
      receiptHandle: `rh-${messageCounter}`,
      body: item.body,
      attributes: {
        ApproximateReceiveCount: item.receiveCount ?? '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'AIDATEST',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:runner-jobs',
      awsRegion: 'us-east-1',
    })),
  };
}

export async function runningTaskArns(aws: AwsFixture, clusterArn: string): Promise<string[]> {
  const res = await aws.ecs.send(new ListTasksCommand({ cluster: clusterArn, startedBy: RUNNER_STARTED_BY, desiredStatus: 'RUNNING' }));
  return res.taskArns ?? [];
}

/** Every runner task ever started in the cluster (running and stopped), with tags. */
export async function allTasks(aws: AwsFixture, clusterArn: string): Promise<Task[]> {
  const arns = [
    ...(await aws.ecs.send(new ListTasksCommand({ cluster: clusterArn, startedBy: RUNNER_STARTED_BY, desiredStatus: 'RUNNING' }))).taskArns ?? [],
    ...(await aws.ecs.send(new ListTasksCommand({ cluster: clusterArn, startedBy: RUNNER_STARTED_BY, desiredStatus: 'STOPPED' }))).taskArns ?? [],
  ];
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const res = await aws.ecs.send(new DescribeTasksCommand({ cluster: clusterArn, tasks: arns.slice(i, i + 100), include: ['TAGS'] }));
    tasks.push(...res.tasks ?? []);
  }
  return tasks;
}

export function tagValue(task: Task, key: string): string | undefined {
  return task.tags?.find((t) => t.key === key)?.value;
}

export function parameterNameOf(task: Task): string | undefined {
  return task.overrides?.containerOverrides?.[0]?.environment?.find((e) => e.name === 'RUNNER_CONFIG_PARAMETER')?.value;
}

export async function runnerParameters(aws: AwsFixture): Promise<Parameter[]> {
  const out: Parameter[] = [];
  let NextToken: string | undefined;
  do {
    const res = await aws.ssm.send(new GetParametersByPathCommand({
      Path: RUNNER_PARAMETER_PREFIX.replace(/\/$/, ''), Recursive: true, WithDecryption: true, NextToken, MaxResults: 10,
    }));
    out.push(...res.Parameters ?? []);
    NextToken = res.NextToken;
  } while (NextToken);
  return out;
}

/** A small seeded PRNG (Park-Miller MINSTD), so injected faults are random but reproducible. */
export function seededRandom(seed: number): () => number {
  let state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** The loopback world of the launcher tests: a moto server, the AWS fixture on it, a fake GitHub. */
export interface LauncherWorld {
  moto: MotoServer;
  aws: AwsFixture;
  github: FakeGitHub;
}

/**
 * Starts the world before the file's tests and stops it after them. Call at the top level of a
 * test file; the returned object is filled in by `beforeAll`.
 */
export function useLauncherWorld(): LauncherWorld {
  const world = {} as LauncherWorld;
  beforeAll(async () => {
    world.moto = await startMoto();
    world.aws = await createAwsFixture(world.moto);
    world.github = await startFakeGitHub({ appId: APP_ID, publicKey: world.aws.publicKey });
  }, 30_000);
  afterAll(async () => {
    if (process.env.LAUNCHER_DEBUG) process.stderr.write(world.moto?.stderrTail() ?? '');
    await world.github?.close();
    await world.moto?.stop();
  });
  return world;
}
