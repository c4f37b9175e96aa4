/**
 * Runner launcher: consumes `workflow_job` messages from the job queue and starts one ephemeral
 * GitHub Actions runner per job as an ECS Fargate task.
 *
 * Per message, in order:
 *  1. claim the job id in DynamoDB (conditional PutItem) — a duplicate is acknowledged, nothing starts;
 *  2. check the concurrency cap (ECS ListTasks, counted once per batch) — at the cap the message is a
 *     batch item failure and comes back after an exponential backoff (20 s, 40 s, ... 5 min);
 *  3. ask GitHub for a single-use JIT runner config;
 *  4. store it as an SSM SecureString under an unguessable name;
 *  5. RunTask with only the parameter NAME in the container environment.
 * Any failure before RunTask succeeded releases the claim (and deletes the parameter), so the
 * queue's retry can proceed. Messages are processed one after the other: the capacity count stays
 * exact within a batch and GitHub's JIT rate limit (~170/min) is not hit in bursts. The Lambda's
 * reserved concurrency should be 1 for the cap to hold across invocations.
 *
 * Secrets (JIT config, installation token, JWT, private key) never reach a log line: the logger
 * redacts every secret value the invocation has seen, and nothing logs them on purpose.
 */
// Lambda code is bundled with its dependencies by esbuild; the SDK clients are build-time devDependencies.
/* eslint-disable import/no-extraneous-dependencies */
import { randomBytes } from 'crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ListTasksCommand, RunTaskCommand, type ECSClient, type RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
/* eslint-enable import/no-extraneous-dependencies */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { HANDLER_ENV, RUNNER_CONFIG_ENV, RUNNER_CONTAINER_NAME, RUNNER_PARAMETER_PREFIX, RUNNER_STARTED_BY, type RunnerJobMessage } from '../../private/runner-contract';
import { Env } from '../runtime/env';
import { GitHubApiError, randomSuffix, type GitHubRunnerApi } from '../runtime/github-app';
import { errorFields, Logger, type LogSink } from '../runtime/log';

export { RUNNER_CONFIG_ENV, RUNNER_PARAMETER_PREFIX, RUNNER_STARTED_BY };
export type { RunnerJobMessage };
/** ECS task tag with the job id, for operators and orphan cleanup. */
export const JOB_ID_TAG = 'confluxdb:job-id';

export interface LauncherConfig {
  readonly jobsTable: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  /** Name of the runner container in the task definition. */
  readonly containerName: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly useFargateSpot: boolean;
  readonly maxConcurrentRunners: number;
  readonly kmsKeyId: string;
  /** JIT configs for a repository (`/repos/...`) or for the owner organization (`/orgs/...`). */
  readonly scope: 'repo' | 'org';
  /** How long a claim protects a job id against redeliveries. GitHub lets users redeliver for 3 days. */
  readonly claimTtlSeconds: number;
  /** SSM path of this pipeline's JIT configs (ends with "/"). */
  readonly parameterPath: string;
  /** `startedBy` of this pipeline's runner tasks. */
  readonly startedBy: string;
}

/** Reads and validates the launcher configuration from environment variables. */
export function loadLauncherConfig(vars: Record<string, string | undefined>): LauncherConfig {
  const env = new Env('runner launcher', vars);
  const names = HANDLER_ENV.launcher;
  return {
    jobsTable: env.string(names.jobsTable),
    clusterArn: env.string(names.clusterArn),
    taskDefinitionArn: env.string(names.taskDefinitionArn),
    containerName: env.optionalString(names.containerName, RUNNER_CONTAINER_NAME),
    subnetIds: env.list(names.subnetIds).length ? env.list(names.subnetIds) : [env.string(names.subnetIds)],
    securityGroupId: env.string(names.securityGroupId),
    useFargateSpot: env.bool(names.useFargateSpot, false),
    maxConcurrentRunners: env.int(names.maxConcurrentRunners, { min: 1, max: 1000 }),
    kmsKeyId: env.string(names.kmsKeyId),
    scope: env.oneOf(names.scope, ['repo', 'org'] as const, 'repo'),
    claimTtlSeconds: env.int(names.claimTtlSeconds, { min: 60, fallback: 7 * 24 * 3600 }),
    parameterPath: env.optionalString(names.parameterPath, RUNNER_PARAMETER_PREFIX),
    startedBy: env.optionalString(names.startedBy, RUNNER_STARTED_BY),
  };
}

export interface LauncherDeps {
  readonly config: LauncherConfig;
  readonly ecs: Pick<ECSClient, 'send'>;
  readonly ssm: Pick<SSMClient, 'send'>;
  readonly dynamodb: Pick<DynamoDBClient, 'send'>;
  readonly github: GitHubRunnerApi;
  /** @default console.log */
  readonly log?: LogSink;
  readonly now?: () => number;
  /**
   * Messages are not started when less than this remains of the invocation (Lambda context): they
   * are reported as batch item failures instead of being cut off by the Lambda timeout, which would
   * fail the whole batch. @default 20000
   */
  readonly reserveMs?: number;
  /**
   * Backs off failed messages: with a client and `queueUrl`, a failed message's visibility is set
   * to `retryBaseSeconds × 2^(receives-1)`, at most `retryMaxSeconds`, so retries (at the cap, on
   * GitHub 429/5xx, on throttling) spread out instead of hammering GitHub and ECS; the queue's
   * maxReceiveCount still bounds them. @default - the queue's visibility timeout for every retry
   */
  readonly backoff?: RetryBackoff;
}

/** See `LauncherDeps.backoff`. */
export interface RetryBackoff {
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly queueUrl: string;
  /** @default 20 */
  readonly retryBaseSeconds?: number;
  /** @default 300 */
  readonly retryMaxSeconds?: number;
}

/** Seconds until the next attempt of a message received `receiveCount` times. */
export function backoffSeconds(receiveCount: number, baseSeconds: number, maxSeconds: number): number {
  const exponent = Math.min(Math.max(receiveCount, 1) - 1, 20);
  return Math.min(Math.round(baseSeconds * 2 ** exponent), maxSeconds, 43_200);
}

/** The part of the Lambda context the launcher uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

type Outcome = 'launched' | 'duplicate' | 'rejected' | 'failed';

class RetryableError extends Error {
  constructor(message: string, public readonly reason: string) {
    super(message);
    this.name = 'RetryableError';
  }
}

/** Parses and validates a queue message; undefined when it is not a job message. */
export function parseJobMessage(body: string): RunnerJobMessage | undefined {
  let m: any;
  try {
    m = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const okInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  const okName = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9_.-]{1,100}$/.test(v);
  if (!okInt(m.jobId) || !okInt(m.installationId) || !okName(m.owner) || !okName(m.repo)) return undefined;
  if (!Array.isArray(m.labels) || !m.labels.every((l: unknown) => typeof l === 'string' && l.length > 0 && l.length <= 100)) return undefined;
  return {
    deliveryId: String(m.deliveryId ?? ''),
    jobId: m.jobId,
    runId: Number(m.runId ?? 0),
    repository: `${m.owner}/${m.repo}`,
    owner: m.owner,
    repo: m.repo,
    labels: m.labels,
    installationId: m.installationId,
    enqueuedAt: String(m.enqueuedAt ?? ''),
  };
}


/** AWS errors worth retrying later: throttling, server-side errors and SDK-declared retryable errors. */
export function isRetryableAwsError(err: unknown): boolean {
  const e = err as { name?: string; $retryable?: unknown; $fault?: string; $metadata?: { httpStatusCode?: number } };
  if (!e || typeof e !== 'object') return false;
  return /Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|ServerException|InternalError|TimeoutError/i.test(e.name ?? '')
    || Boolean(e.$retryable) || e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

/**
 * Creates the SQS batch handler. It reports partial batch failures (`batchItemFailures`), so one bad
 * message never fails the whole batch; the queue's maxReceiveCount bounds the retries and moves
 * a message that keeps failing to the dead-letter queue. There is no retry loop in here.
 *
 * Permanent GitHub errors (4xx other than 401/429: repository not found, app not installed,
 * invalid labels) are logged at level `error` and ACKNOWLEDGED: retrying cannot fix them, and an
 * alarm on the error log is how an operator learns about them. The claim is released, so a later
 * redelivery (after fixing the installation) tries again.
 */
export function createLauncher(deps: LauncherDeps): (event: SQSEvent, context?: InvocationContext) => Promise<SQSBatchResponse> {
  const { config, ecs, ssm, dynamodb, github } = deps;
  const sink = deps.log ?? ((line: string) => console.log(line));
  const now = deps.now ?? Date.now;

  async function countRunners(): Promise<number> {
    let count = 0;
    let nextToken: string | undefined;
    do {
      // desiredStatus RUNNING covers PENDING and RUNNING tasks.
      const res = await ecs.send(new ListTasksCommand({
        cluster: config.clusterArn, startedBy: config.startedBy, desiredStatus: 'RUNNING', nextToken, maxResults: 100,
      }));
      count += res.taskArns?.length ?? 0;
      nextToken = res.nextToken;
    } while (nextToken);
    return count;
  }

  async function claim(job: RunnerJobMessage, messageId: string): Promise<boolean> {
    const nowSeconds = Math.floor(now() / 1000);
    try {
      await dynamodb.send(new PutItemCommand({
        TableName: config.jobsTable,
        Item: {
          jobId: { S: String(job.jobId) },
          status: { S: 'launching' },
          messageId: { S: messageId },
          deliveryId: { S: job.deliveryId },
          repository: { S: job.repository },
          claimedAt: { N: String(nowSeconds) },
          expiresAt: { N: String(nowSeconds + config.claimTtlSeconds) },
        },
        // The same message may re-enter a claim it still holds (the invocation died mid-launch);
        // any other message for this job id is a duplicate.
        ConditionExpression: 'attribute_not_exists(jobId) OR (#status = :launching AND messageId = :messageId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':launching': { S: 'launching' }, ':messageId': { S: messageId } },
      }));
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as Error)?.name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  async function release(job: RunnerJobMessage, messageId: string, log: Logger): Promise<void> {
    try {
      await dynamodb.send(new DeleteItemCommand({
        TableName: config.jobsTable,
        Key: { jobId: { S: String(job.jobId) } },
        ConditionExpression: '#status = :launching AND messageId = :messageId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':launching': { S: 'launching' }, ':messageId': { S: messageId } },
      }));
    } catch (err) {
      if ((err as Error)?.name === 'ConditionalCheckFailedException') return;
      // The same message can still re-enter its own claim, so the retry is not blocked.
      log.log('warn', 'could not release job claim', errorFields(err));
    }
  }

  async function markLaunched(job: RunnerJobMessage, taskArn: string, log: Logger): Promise<void> {
    try {
      await dynamodb.send(new UpdateItemCommand({
        TableName: config.jobsTable,
        Key: { jobId: { S: String(job.jobId) } },
        UpdateExpression: 'SET #status = :launched, taskArn = :taskArn',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':launched': { S: 'launched' }, ':taskArn': { S: taskArn } },
      }));
    } catch (err) {
      // The task runs; the claim still blocks other messages for this job.
      log.log('warn', 'could not mark job as launched', errorFields(err));
    }
  }

  async function deleteParameter(name: string, log: Logger): Promise<void> {
    try {
      await ssm.send(new DeleteParameterCommand({ Name: name }));
    } catch (err) {
      if ((err as Error)?.name === 'ParameterNotFound') return;
      log.log('error', 'could not delete runner config parameter', errorFields(err));
    }
  }

  async function launch(job: RunnerJobMessage, log: Logger): Promise<string> {
    let jit;
    try {
      jit = await github.generateJitConfig({
        installationId: job.installationId,
        scope: config.scope,
        owner: job.owner,
        repo: job.repo,
        name: `confluxdb-${job.jobId}-${randomSuffix()}`.slice(0, 64),
        labels: job.labels,
      });
    } catch (err) {
      throw err instanceof GitHubApiError && err.retryable ? new RetryableError(err.message, 'github') : err;
    }
    log.secret(jit.encodedJitConfig);

    const parameterName = `${config.parameterPath}${randomBytes(16).toString('hex')}`;
    log.secret(parameterName);
    const input: RunTaskCommandInput = {
      cluster: config.clusterArn,
      taskDefinition: config.taskDefinitionArn,
      count: 1,
      startedBy: config.startedBy,
      enableExecuteCommand: false,
      networkConfiguration: {
        awsvpcConfiguration: { subnets: config.subnetIds, securityGroups: [config.securityGroupId], assignPublicIp: 'DISABLED' },
      },
      overrides: {
        containerOverrides: [{ name: config.containerName, environment: [{ name: RUNNER_CONFIG_ENV, value: parameterName }] }],
      },
      tags: [
        { key: JOB_ID_TAG, value: String(job.jobId) },
        { key: 'confluxdb:repository', value: job.repository },
      ],
      ...(config.useFargateSpot
        ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
        : { launchType: 'FARGATE' as const, platformVersion: 'LATEST' }),
    };
    try {
      await ssm.send(new PutParameterCommand({
        Name: parameterName,
        Type: 'SecureString',
        KeyId: config.kmsKeyId,
        Value: jit.encodedJitConfig,
        Tier: 'Standard',
        Description: `JIT runner config for GitHub job ${job.jobId}`,
        Tags: [{ Key: JOB_ID_TAG, Value: String(job.jobId) }],
      }));
      const res = await ecs.send(new RunTaskCommand(input));
      const taskArn = res.tasks?.[0]?.taskArn;
      if (!taskArn) {
        const reason = res.failures?.map((f) => f.reason).join(', ') || 'no task';
        throw new RetryableError(`RunTask started no task: ${reason}`, 'ecs-capacity');
      }
      return taskArn;
    } catch (err) {
      // Also after a failed PutParameter: a timed-out call may still have stored the config.
      await deleteParameter(parameterName, log);
      throw err;
    }
  }

  async function processRecord(record: SQSRecord, state: { running?: number }): Promise<Outcome> {
    const log = new Logger(sink, { messageId: record.messageId });
    const job = parseJobMessage(record.body);
    if (!job) {
      // A malformed message can never succeed; acknowledged so it does not cycle through retries.
      log.log('error', 'malformed job message, dropped');
      return 'rejected';
    }
    const ctx = { jobId: job.jobId, deliveryId: job.deliveryId, repository: job.repository };
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);

    let claimed: boolean;
    try {
      claimed = await claim(job, record.messageId);
    } catch (err) {
      log.log('warn', 'could not claim job, will retry', { ...ctx, receiveCount, ...errorFields(err) });
      return 'failed';
    }
    if (!claimed) {
      log.log('info', 'duplicate job message, acknowledged', ctx);
      return 'duplicate';
    }

    try {
      if (state.running === undefined) state.running = await countRunners();
      if (state.running >= config.maxConcurrentRunners) {
        throw new RetryableError(`at the concurrency cap (${state.running}/${config.maxConcurrentRunners})`, 'at-capacity');
      }
      const taskArn = await launch(job, log);
      state.running++;
      await markLaunched(job, taskArn, log);
      const waitedMs = Date.parse(job.enqueuedAt) ? now() - Date.parse(job.enqueuedAt) : undefined;
      log.log('info', 'runner task started', { ...ctx, taskArn, receiveCount, waitedMs });
      return 'launched';
    } catch (err) {
      await release(job, record.messageId, log);
      if (err instanceof GitHubApiError && !err.retryable) {
        log.log('error', 'GitHub refused the JIT runner config; job acknowledged without a runner', { ...ctx, ...errorFields(err) });
        return 'rejected';
      }
      const retryable = err instanceof RetryableError || isRetryableAwsError(err);
      log.log(retryable ? 'warn' : 'error', 'runner launch failed, message will be retried', {
        ...ctx, receiveCount, retryable, reason: err instanceof RetryableError ? err.reason : undefined, ...errorFields(err),
      });
      return 'failed';
    }
  }

  const reserveMs = deps.reserveMs ?? 20_000;

  async function deferRetry(record: SQSRecord): Promise<void> {
    const backoff = deps.backoff;
    if (!backoff || !record.receiptHandle) return;
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    const seconds = backoffSeconds(receives, backoff.retryBaseSeconds ?? 20, backoff.retryMaxSeconds ?? 300);
    try {
      await backoff.sqs.send(new ChangeMessageVisibilityCommand({
        QueueUrl: backoff.queueUrl,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: seconds,
      }));
    } catch (err) {
      // The queue's own visibility timeout applies instead; the message is not lost.
      new Logger(sink, { messageId: record.messageId }).log('warn', 'could not set retry backoff', errorFields(err));
    }
  }

  return async (event, context) => {
    const state: { running?: number } = {};
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records ?? []) {
      if (context && context.getRemainingTimeInMillis() < reserveMs) {
        new Logger(sink, { messageId: record.messageId }).log('warn', 'not enough invocation time left, message deferred');
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      let outcome: Outcome;
      try {
        outcome = await processRecord(record, state);
      } catch (err) {
        new Logger(sink, { messageId: record.messageId }).log('error', 'unexpected launcher error', errorFields(err));
        outcome = 'failed';
      }
      if (outcome === 'failed') {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        await deferRetry(record);
      }
    }
    return { batchItemFailures };
  };
}
