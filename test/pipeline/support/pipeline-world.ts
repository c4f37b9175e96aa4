/**
 * The runner pipeline end to end on loopback: the webhook handler, the launcher, the reaper and
 * the redeliverer as the Lambda functions run them, AWS APIs emulated by moto (SQS, ECS, SSM,
 * DynamoDB, Secrets Manager), GitHub by the fake world in test/support/github, and the runner
 * container simulated as runner-image/start-runner.sh and GitHub's run.sh behave: read and delete
 * the JIT config, register, take one job or exit after the idle timeout.
 *
 * Modelled where moto is kinder than AWS (each documented by AWS):
 * - RunTask client tokens: the same token with the same parameters returns the original task, with
 *   other parameters a ConflictException (ECS "Ensuring idempotency"); moto ignores the token.
 * - DynamoDB conditional writes and transactions are atomic (`atomicDynamoDb`).
 * A crash controller makes one invocation die between any two of its calls: every later call of
 * that invocation fails too, and the messages of its batch come back after the visibility timeout.
 */
import { generateKeyPairSync } from 'crypto';
import { AttributeValue, CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateClusterCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, Task,
} from '@aws-sdk/client-ecs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient,
} from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, DescribeParametersCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { atomicDynamoDb, createNetwork, MotoServer, startMoto } from './moto';
import { createLauncher, LauncherConfig } from '../../../src/pipeline/lambda/launcher/handler';
import { createReaper, ReaperResult } from '../../../src/pipeline/lambda/reaper/handler';
import { createRedeliverer } from '../../../src/pipeline/lambda/redeliver/handler';
import { createGitHubApp, GitHubApi } from '../../../src/pipeline/lambda/runtime/github-app';
import { Logger } from '../../../src/pipeline/lambda/runtime/log';
import { createWebhookHandler } from '../../../src/pipeline/lambda/webhook/handler';
import { RUNNER_CONFIG_ENV, TASK_TAGS } from '../../../src/pipeline/private/runner-contract';
import { GitHubWorld, startGitHubWorld } from '../../support/github';

export const APP_ID = '424242';
export const WEBHOOK_SECRET = 'pipeline-world-webhook-secret-7Qd';
export const INSTALLATION_ID = 7001;
export const ORG = 'octo-org';

/** Thrown by every call of an invocation the crash controller killed. */
export class Crash extends Error {
  constructor() {
    super('the Lambda invocation died here');
    this.name = 'Crash';
  }
}

/**
 * Kills one invocation at its n-th outside call (AWS or GitHub). `arm(n)` applies to the next
 * invocation that calls out at least n times.
 */
export class CrashController {
  private armedAt?: number;
  private calls = 0;
  private dead = false;
  public crashes = 0;

  public arm(atCall: number): void {
    this.armedAt = atCall;
  }

  public begin(): void {
    this.calls = 0;
    this.dead = false;
  }

  /** Whether the running invocation died. */
  public end(): boolean {
    const died = this.dead;
    this.dead = false;
    return died;
  }

  public check(): void {
    if (this.dead) throw new Crash();
    this.calls++;
    if (this.armedAt !== undefined && this.calls >= this.armedAt) {
      this.armedAt = undefined;
      this.dead = true;
      this.crashes++;
      throw new Crash();
    }
  }
}

/** Wraps an AWS SDK client: crash checks, call counts, and extra behaviour per command. */
function wrap<T extends { send: (...args: any[]) => Promise<any> }>(client: T, crash: CrashController, counts: Map<string, number>,
  intercept?: (command: any) => Promise<any> | undefined, offsetAt: (realMs: number) => number = () => 0): T {
  const send = async (command: any, ...rest: any[]) => {
    crash.check();
    const name = command?.constructor?.name ?? 'Command';
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const answered = intercept?.(command);
    if (answered) return answered;
    return shiftDates(await client.send(command, ...rest), offsetAt);
  };
  return new Proxy(client, { get: (target, prop) => (prop === 'send' ? send : (target as any)[prop]) });
}

/**
 * moto stamps tasks and parameters with the real clock; the handlers run on the world's clock
 * (real + time advanced so far). Map each stamp to the world's clock as it was when the stamp was
 * made, so that advancing the world ages what exists, as time does in AWS.
 */
function shiftDates(value: any, offsetAt: (realMs: number) => number): any {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime() + offsetAt(value.getTime()));
  if (Array.isArray(value)) return value.map(v => shiftDates(v, offsetAt));
  for (const key of Object.keys(value)) value[key] = shiftDates(value[key], offsetAt);
  return value;
}

export interface PipelineSpec {
  readonly name: string;
  /** `owner/repo` or an organization. */
  readonly runnerScope: string;
  readonly runnerGroup?: string;
  readonly allowedRepositories: string[];
  readonly labels?: string[];
  readonly maxConcurrentRunners?: number;
  readonly allowPublicRepositories?: boolean;
  readonly maxJobAgeSeconds?: number;
  readonly idleTimeoutSeconds?: number;
  readonly maxReceiveCount?: number;
}

interface RunnerSim {
  readonly taskArn: string;
  startedAt?: number;
  runnerName?: string;
  exited?: string;
}

export class PipelineUnderTest {
  public readonly launcherConfig: LauncherConfig;
  public readonly webhook: ReturnType<typeof createWebhookHandler>;
  public readonly launcher: ReturnType<typeof createLauncher>;
  public readonly reaper: () => Promise<ReaperResult>;
  public readonly redeliverer: ReturnType<typeof createRedeliverer>;
  public readonly runners = new Map<string, RunnerSim>();
  /** Every task RunTask started for this pipeline (in order). */
  public readonly started: Task[] = [];
  /** Highest number of this pipeline's tasks alive at once, seen after every RunTask. */
  public maxAlive = 0;
  public readonly logs: string[] = [];

  constructor(
    private readonly world: PipelineWorld,
    public readonly spec: PipelineSpec,
    public readonly queueUrl: string,
    public readonly dlqUrl: string,
    public readonly tableName: string,
  ) {
    const w = world;
    const sink = (line: string) => {
      this.logs.push(line);
      if (process.env.PIPELINE_DEBUG) process.stderr.write(`[${spec.name}] ${line}\n`);
    };
    const labels = spec.labels ?? ['self-hosted', 'linux', 'x64'];
    this.launcherConfig = {
      jobsTable: tableName,
      clusterArn: w.clusterArn,
      taskDefinitionArn: w.taskDefinitionArn,
      subnetIds: w.subnetIds,
      securityGroupId: w.securityGroupId,
      useFargateSpot: false,
      maxConcurrentRunners: spec.maxConcurrentRunners ?? 10,
      kmsKeyId: 'alias/aws/ssm',
      runnerScope: spec.runnerScope,
      runnerGroup: spec.runnerGroup,
      allowedRepositories: spec.allowedRepositories.map(r => r.toLowerCase()),
      allowPublicRepositories: spec.allowPublicRepositories ?? false,
      runnerLabels: labels,
      parameterPath: `/confluxdb/runners/${spec.name}/`,
      startedBy: `${spec.name}-runner`,
      runnerPrefix: spec.name,
      pipelineName: spec.name,
      maxJobAgeSeconds: spec.maxJobAgeSeconds ?? 6 * 3600,
      claimTtlSeconds: 3 * 24 * 3600,
      maxReceiveCount: spec.maxReceiveCount ?? 8,
      queueUrl,
      deadLetterQueueUrl: dlqUrl,
      retryBaseSeconds: 1,
      retryMaxSeconds: 2,
    };
    this.webhook = createWebhookHandler({
      secrets: async () => [WEBHOOK_SECRET],
      enqueue: async (m) => { await w.rawSqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(m) })); },
      log: new Logger(sink, { fn: 'webhook' }),
      now: () => w.now(),
      config: {
        allowedRepositories: spec.allowedRepositories,
        runnerLabels: labels,
        maxBodyBytes: 1_048_576,
        maxJobAgeSeconds: this.launcherConfig.maxJobAgeSeconds,
        allowPublicRepositories: this.launcherConfig.allowPublicRepositories,
        runnerPrefix: spec.name,
      },
    });
    this.launcher = createLauncher({
      config: this.launcherConfig,
      ecs: w.ecs,
      ssm: w.ssm,
      dynamodb: w.dynamodb,
      sqs: w.sqs,
      github: w.github,
      log: sink,
      now: () => w.now(),
      reserveMs: 0,
    });
    this.reaper = createReaper({
      config: {
        clusterArn: w.clusterArn,
        startedBy: this.launcherConfig.startedBy,
        maxLifetimeMinutes: 360,
        idleTimeoutSeconds: spec.idleTimeoutSeconds ?? 600,
        jobsTable: tableName,
        queueUrl,
        parameterPath: this.launcherConfig.parameterPath,
        runnerScope: spec.runnerScope,
        runnerPrefix: spec.name,
        maxJobAgeSeconds: this.launcherConfig.maxJobAgeSeconds,
        claimTtlSeconds: this.launcherConfig.claimTtlSeconds,
      },
      ecs: w.ecs,
      ssm: w.ssm,
      dynamodb: w.dynamodb,
      sqs: w.sqs,
      github: w.github,
      now: () => w.now(),
      log: new Logger(sink, { fn: 'reaper' }),
    });
    this.redeliverer = createRedeliverer({
      config: { jobsTable: tableName, lookbackMinutes: 60 },
      github: w.github,
      dynamodb: w.dynamodb,
      now: () => w.now(),
      log: new Logger(sink, { fn: 'redeliverer' }),
    });
  }

  /** One Lambda invocation per batch of up to 10 visible messages, until none is visible. */
  public async pump(maxBatches = 50): Promise<number> {
    let invocations = 0;
    for (let i = 0; i < maxBatches; i++) {
      const res = await this.world.rawSqs.send(new ReceiveMessageCommand({
        QueueUrl: this.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 2, MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }));
      const messages = res.Messages ?? [];
      if (messages.length === 0) return invocations;
      const event: SQSEvent = {
        Records: messages.map(m => ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body!,
          attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1' } as any,
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: '',
          awsRegion: 'us-east-1',
        })),
      };
      this.world.crash.begin();
      this.world.actor = this.spec.name;
      let failures: string[] = [];
      let died = false;
      try {
        failures = (await this.launcher(event)).batchItemFailures.map(f => f.itemIdentifier);
      } catch (err) {
        if (!(err instanceof Crash)) throw err;
      } finally {
        this.world.actor = undefined;
      }
      died = this.world.crash.end();
      invocations++;
      // Lambda's event source mapping deletes what succeeded; a dead invocation deletes nothing.
      if (!died) {
        for (const m of messages) {
          if (failures.includes(m.MessageId!)) continue;
          await this.world.rawSqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: m.ReceiptHandle! }));
        }
      }
    }
    return invocations;
  }

  /** This pipeline's tasks (running, or all with `stopped`). */
  public async tasks(stopped = false): Promise<Task[]> {
    return this.world.tasksStartedBy(this.launcherConfig.startedBy, stopped);
  }

  /**
   * The runner containers: a new task reads and deletes its config and registers (or exits 65 when
   * the config is gone); a runner without a job past the idle timeout stops (start script, exit 124).
   */
  public async simulateRunners(): Promise<void> {
    const w = this.world;
    for (const task of await this.tasks()) {
      let sim = this.runners.get(task.taskArn!);
      if (!sim) {
        sim = { taskArn: task.taskArn! };
        this.runners.set(task.taskArn!, sim);
      }
      if (sim.exited) continue;
      if (sim.startedAt === undefined) {
        const name = task.overrides?.containerOverrides?.[0]?.environment?.find(e => e.name === RUNNER_CONFIG_ENV)?.value;
        let config: string | undefined;
        try {
          config = (await w.rawSsm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
          await w.rawSsm.send(new DeleteParameterCommand({ Name: name }));
        } catch {
          config = undefined;
        }
        if (!config) {
          await this.exit(sim, 'config could not be read (exit 65)');
          continue;
        }
        try {
          sim.runnerName = w.gh.startRunner(config).name;
          sim.startedAt = w.now();
        } catch {
          await this.exit(sim, 'runner could not register');
        }
        continue;
      }
      const runner = w.gh.runners({ includeRemoved: true }).find(r => r.name === sim!.runnerName);
      if (!runner || runner.removedAt) {
        await this.exit(sim, 'runner finished its job');
      } else if (!runner.busy && runner.jobId === null && w.now() - sim.startedAt > (this.spec.idleTimeoutSeconds ?? 600) * 1000) {
        w.gh.stopRunner(runner.name);
        await this.exit(sim, 'no job within the idle timeout (exit 124)');
      }
    }
  }

  /** The task stops (the container exited): what ECS does, and the task-stopped event runs the reaper. */
  private async exit(sim: RunnerSim, why: string): Promise<void> {
    sim.exited = why;
    if (process.env.PIPELINE_DEBUG) process.stderr.write(`runner ${sim.taskArn.split('/').pop()} (${sim.runnerName ?? 'unregistered'}) exits: ${why}\n`);
    await this.world.rawEcs.send(new StopTaskCommand({ cluster: this.world.clusterArn, task: sim.taskArn, reason: why }));
  }

  public async reap(): Promise<ReaperResult | undefined> {
    this.world.crash.begin();
    this.world.actor = this.spec.name;
    try {
      return await this.reaper();
    } catch (err) {
      if (err instanceof Crash) return undefined;
      throw err;
    } finally {
      this.world.crash.end();
      this.world.actor = undefined;
    }
  }

  public async deadLetters(): Promise<Array<{ body: any; reason: string }>> {
    const out: Array<{ body: any; reason: string }> = [];
    for (;;) {
      const res = await this.world.rawSqs.send(new ReceiveMessageCommand({ QueueUrl: this.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, MessageAttributeNames: ['All'] }));
      if (!res.Messages?.length) return out;
      for (const m of res.Messages) out.push({ body: JSON.parse(m.Body!), reason: m.MessageAttributes?.reason?.StringValue ?? '' });
    }
  }

  public async parameters(): Promise<string[]> {
    const out = await this.world.rawSsm.send(new DescribeParametersCommand({
      ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: [this.launcherConfig.parameterPath.replace(/\/$/, '')] }],
    }));
    return (out.Parameters ?? []).map(p => p.Name!);
  }

  public async items(): Promise<Array<Record<string, any>>> {
    const out = await this.world.rawDynamo.send(new ScanCommand({ TableName: this.tableName }));
    const plain = (v: AttributeValue) => v.S ?? (v.N !== undefined ? Number(v.N) : v.BOOL ?? v.NS);
    return (out.Items ?? []).map(i => Object.fromEntries(Object.entries(i).map(([k, v]) => [k, plain(v)])));
  }

  public async queueDepth(): Promise<number> {
    const out = await this.world.rawSqs.send(new GetQueueAttributesCommand({
      QueueUrl: this.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }));
    const a = out.Attributes ?? {};
    return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0)
      + Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
  }
}

export class PipelineWorld {
  public static async start(opts: { installationPermissions?: Record<string, 'read' | 'write'>; accountType?: 'Organization' | 'User' } = {}): Promise<PipelineWorld> {
    const moto = await startMoto();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const gh = await startGitHubWorld({ appId: APP_ID, publicKey, webhookSecrets: () => [WEBHOOK_SECRET] });
    gh.addInstallation({
      id: INSTALLATION_ID,
      account: ORG,
      accountType: opts.accountType ?? 'Organization',
      permissions: opts.installationPermissions ?? { administration: 'write', organization_self_hosted_runners: 'write', actions: 'read' },
    });
    const world = new PipelineWorld(moto, gh, pem);
    await world.setUp();
    return world;
  }

  public readonly crash = new CrashController();
  /** Calls per AWS command and GitHub route, for the benchmark and call budgets. */
  public readonly calls = new Map<string, number>();
  /** Virtual time added to the real clock for the handlers (idle timeouts, job ages). */
  public offsetMs = 0;
  /** When (real clock) each advance happened and the offset from then on, oldest first. */
  private readonly offsets: Array<{ fromRealMs: number; offsetMs: number }> = [];
  public readonly pipelines: PipelineUnderTest[] = [];
  public readonly stopTaskCalls: Array<{ task: string; reason?: string; by?: string }> = [];
  /** Every parameter a handler deleted, and which pipeline's handler it was. */
  public readonly parameterDeletes: Array<{ name: string; by?: string }> = [];
  /** The pipeline whose handler is running (for the isolation invariants). */
  public actor?: string;
  /** Answers RunTask instead of ECS when it returns something (e.g. `{ tasks: [], failures: [...] }`). */
  public runTaskFault?: () => any;

  public rawSqs!: SQSClient;
  public rawEcs!: ECSClient;
  public rawSsm!: SSMClient;
  public rawDynamo!: DynamoDBClient;
  public sqs!: SQSClient;
  public ecs!: ECSClient;
  public ssm!: SSMClient;
  public dynamodb!: DynamoDBClient;
  public github!: GitHubApi;
  /** A GitHub client for the test itself: not counted, never crashed. */
  public testGithub!: GitHubApi;
  public clusterArn!: string;
  public taskDefinitionArn!: string;
  public subnetIds!: string[];
  public securityGroupId!: string;
  private readonly clientTokens = new Map<string, { params: string; response: any }>();

  private constructor(public readonly moto: MotoServer, public readonly gh: GitHubWorld, private readonly pem: string) {}

  public now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the handlers' clock and GitHub's together. */
  public advance(ms: number): void {
    this.offsetMs += ms;
    this.offsets.push({ fromRealMs: Date.now(), offsetMs: this.offsetMs });
    this.gh.advance(ms);
  }

  private async setUp(): Promise<void> {
    // moto advances an ECS task one lifecycle state per DescribeTasks (RUNNING → … → STOPPED after four
    // calls). A Fargate task stays RUNNING until its container exits or StopTask: hold moto's there.
    const res = await fetch(`${this.moto.endpoint}/moto-api/state-manager/set-transition`, {
      method: 'POST',
      body: JSON.stringify({ model_name: 'ecs::task', transition: { progression: 'manual', times: 1_000_000_000 } }),
    });
    if (!res.ok) throw new Error(`moto state manager: ${res.status} ${await res.text()}`);
    const cfg = this.moto.clientConfig;
    this.rawSqs = new SQSClient(cfg);
    this.rawEcs = new ECSClient(cfg);
    this.rawSsm = new SSMClient(cfg);
    this.rawDynamo = atomicDynamoDb(new DynamoDBClient(cfg));
    const secrets = new SecretsManagerClient(cfg);
    const network = await createNetwork(this.moto);
    this.subnetIds = network.subnetIds;
    this.securityGroupId = network.securityGroupId;
    this.clusterArn = (await this.rawEcs.send(new CreateClusterCommand({ clusterName: 'runners', capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }))).cluster!.clusterArn!;
    this.taskDefinitionArn = (await this.rawEcs.send(new RegisterTaskDefinitionCommand({
      family: 'runner',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '1024',
      memory: '2048',
      containerDefinitions: [{ name: 'runner', image: 'ghcr.io/actions/actions-runner:2.338.0', essential: true, cpu: 1024, memory: 2048 }],
    }))).taskDefinition!.taskDefinitionArn!;
    await secrets.send(new CreateSecretCommand({ Name: 'github-app-key', SecretString: this.pem }));

    const offset = (realMs: number) => {
      let at = 0;
      for (const o of this.offsets) if (o.fromRealMs <= realMs) at = o.offsetMs;
      return at;
    };
    this.sqs = wrap(this.rawSqs, this.crash, this.calls);
    this.ssm = wrap(this.rawSsm, this.crash, this.calls, (command) => {
      if (command instanceof DeleteParameterCommand) this.parameterDeletes.push({ name: command.input.Name!, by: this.actor });
      return undefined;
    }, offset);
    this.dynamodb = wrap(this.rawDynamo, this.crash, this.calls);
    this.ecs = wrap(this.rawEcs, this.crash, this.calls, (command) => {
      if (command instanceof StopTaskCommand) this.stopTaskCalls.push({ task: command.input.task!, reason: command.input.reason, by: this.actor });
      if (command instanceof RunTaskCommand) return this.runTask(command);
      return undefined;
    }, offset);
    const pem = this.pem;
    this.github = createGitHubApp({
      appId: APP_ID,
      privateKey: async () => pem,
      apiUrl: this.gh.url,
      timeoutMs: 2000,
      // The handlers and GitHub share the world's clock (JWTs, token expiry).
      now: () => this.now(),
      fetch: (async (url: any, init: any) => {
        this.crash.check();
        return fetch(url, init);
      }) as typeof fetch,
      onRequest: (method, path) => {
        const route = `${method} ${path.replace(/\?.*$/, '').replace(/\/[0-9]+(?=\/|$)/g, '/{id}').replace(/\/(repos|orgs)\/[^/]+(\/[^/]+)?\/actions/, '/$1/{scope}/actions')}`;
        this.calls.set(route, (this.calls.get(route) ?? 0) + 1);
      },
    });
    this.testGithub = createGitHubApp({ appId: APP_ID, privateKey: async () => pem, apiUrl: this.gh.url, now: () => this.now() });
    // One App, one webhook: every pipeline's handler sees every delivery (each serves its own repositories).
    this.gh.onDelivery = async (delivery) => {
      let status = 202;
      for (const p of this.pipelines) {
        const event: APIGatewayProxyEventV2 = {
          version: '2.0',
          routeKey: 'POST /webhook',
          rawPath: '/webhook',
          rawQueryString: '',
          headers: Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v])),
          isBase64Encoded: false,
          body: delivery.body,
          requestContext: {} as any,
        };
        const answer = await p.webhook(event);
        if ((answer.statusCode ?? 500) >= 300) status = answer.statusCode ?? 500;
      }
      return status;
    };
  }

  /** RunTask with ECS's client-token idempotency (24 hours, per cluster). */
  private async runTask(command: RunTaskCommand): Promise<any> {
    const fault = this.runTaskFault?.();
    if (fault) return fault;
    const { clientToken, ...params } = command.input;
    const key = `${params.cluster}|${clientToken}`;
    const seen = clientToken ? this.clientTokens.get(key) : undefined;
    if (seen) {
      if (seen.params !== JSON.stringify(params)) {
        throw Object.assign(new Error('The specified client token has already been used in a different request.'), { name: 'ConflictException', $fault: 'client' });
      }
      return seen.response;
    }
    const response = await this.rawEcs.send(new RunTaskCommand(command.input));
    if (clientToken && response.tasks?.length) this.clientTokens.set(key, { params: JSON.stringify(params), response });
    for (const task of response.tasks ?? []) {
      const p = this.pipelines.find(x => x.launcherConfig.startedBy === task.startedBy);
      if (!p) continue;
      p.started.push(task);
      p.maxAlive = Math.max(p.maxAlive, (await p.tasks()).length);
    }
    return response;
  }

  public async addPipeline(spec: PipelineSpec): Promise<PipelineUnderTest> {
    const tableName = `${spec.name}-jobs`;
    await this.rawDynamo.send(new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    const dlq = await this.rawSqs.send(new CreateQueueCommand({ QueueName: `${spec.name}-dlq` }));
    const dlqArn = (await this.rawSqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const q = await this.rawSqs.send(new CreateQueueCommand({
      QueueName: `${spec.name}-jobs`,
      Attributes: { VisibilityTimeout: '2', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount ?? 8 }) },
    }));
    const p = new PipelineUnderTest(this, spec, q.QueueUrl!, dlq.QueueUrl!, tableName);
    this.pipelines.push(p);
    return p;
  }

  public async tasksStartedBy(startedBy: string, stopped: boolean): Promise<Task[]> {
    const arns: string[] = [];
    for (const desiredStatus of stopped ? ['RUNNING', 'STOPPED'] as const : ['RUNNING'] as const) {
      const res = await this.rawEcs.send(new ListTasksCommand({ cluster: this.clusterArn, startedBy, desiredStatus }));
      arns.push(...(res.taskArns ?? []));
    }
    if (arns.length === 0) return [];
    const out = await this.rawEcs.send(new DescribeTasksCommand({ cluster: this.clusterArn, tasks: arns, include: ['TAGS'] }));
    return (out.tasks ?? []).filter(t => stopped || t.lastStatus !== 'STOPPED');
  }

  /** Everything moves until nothing does: deliveries, launchers, runners, reapers. */
  public async settle(rounds = 12): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      await this.gh.idle();
      let work = 0;
      for (const p of this.pipelines) work += await p.pump();
      for (const p of this.pipelines) await p.simulateRunners();
      await this.gh.idle();
      for (const p of this.pipelines) work += await p.pump();
      for (const p of this.pipelines) await p.reap();
      const pending = await Promise.all(this.pipelines.map(p => p.queueDepth()));
      if (work === 0 && pending.every(d => d === 0)) return;
      // Messages a launcher deferred come back after their visibility timeout (1–2 s here).
      if (work === 0) await new Promise(r => setTimeout(r, 600));
    }
  }

  public tag(task: Task, key: string): string | undefined {
    return task.tags?.find(t => t.key === key)?.value;
  }

  public jobOf(task: Task): number {
    return Number(this.tag(task, TASK_TAGS.jobId));
  }

  public async close(): Promise<void> {
    await this.gh.close();
    await this.moto.stop();
  }
}
