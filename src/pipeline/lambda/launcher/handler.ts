/**
 * Runner launcher: consumes the job queue and keeps one ephemeral GitHub Actions runner per queued
 * job, as an ECS Fargate task.
 *
 * `queued` — per message, each step a conditional write in the jobs table (runtime/job-store.ts):
 *  1. jobs older than the pipeline's bound go to the dead-letter queue; a duplicate is acknowledged;
 *  2. a concurrency slot is taken in the same table (exact under concurrent launchers); at the cap
 *     the message comes back after an exponential backoff;
 *  3. organization scope: the runner group is checked (not the Default group, only the allowed
 *     repositories, no public ones unless allowed);
 *  4. GitHub issues a single-use JIT config for the runner name `<prefix>-<job>-<attempt>` with the
 *     pipeline's full label set (a 409 for that name — a registration left by a crash — is removed
 *     and the config asked for again);
 *  5. the config is stored as an SSM SecureString under the pipeline's path;
 *  6. RunTask with a client token derived from job and attempt, so a retry after a crash returns
 *     the task that already started instead of starting a second one.
 * Rate limits (GitHub's 403/429 with their headers) come back no earlier than GitHub asks; other
 * GitHub 4xx and refusals end in the dead-letter queue with the reason, as does a job whose
 * receives are used up. Nothing is acknowledged without a runner, a dead-letter message, or a
 * reason that needs neither (a duplicate, a job that already ended).
 *
 * `in_progress` — a runner took a job: if it is ours, its item is marked busy (no longer idle).
 * `completed` without a runner — the job was cancelled while queued: the idle runner started for
 * it (or, when that runner took another job, the one started for that job) is stopped and
 * deregistered, its config deleted, its slot freed.
 *
 * Secrets (JIT config, parameter names, tokens) never reach a log line: the logger redacts every
 * value registered with it.
 */
// The AWS SDK v3 ships with the nodejs22.x runtime; the clients are build-time devDependencies.
/* eslint-disable import/no-extraneous-dependencies */
import { randomBytes } from 'crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RunTaskCommand, StopTaskCommand, type ECSClient, type RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
/* eslint-enable import/no-extraneous-dependencies */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { PIPELINE_METRICS } from '../../private/pipeline-metrics';
import {
  HANDLER_ENV, JobCompletedMessage, JobInProgressMessage, JobMessage, parseRunnerName, QueuedJobMessage, RUNNER_CONFIG_ENV,
  RUNNER_CONTAINER_NAME, runnerName, TASK_TAGS,
} from '../../private/runner-contract';
import { Env } from '../runtime/env';
import { GitHubApi, GitHubApiError, runnerScopeFor } from '../runtime/github-app';
import { ConditionFailed, IN_FLIGHT, JobItem, JobStore } from '../runtime/job-store';
import { errorFields, Logger, stdoutSink, type LogSink } from '../runtime/log';
import { emf, reasonCategory } from '../runtime/metrics';


export interface LauncherConfig {
  readonly jobsTable: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly useFargateSpot: boolean;
  readonly maxConcurrentRunners: number;
  readonly kmsKeyId: string;
  /** `owner/repo` (repository runners) or `org` (organization runners in `runnerGroup`). */
  readonly runnerScope: string;
  /** Organization scope: the runner group, by ID or name. */
  readonly runnerGroup?: number | string;
  /** Repositories whose jobs are served (lower case). */
  readonly allowedRepositories: string[];
  /** Whether a runner group may admit public repositories. */
  readonly allowPublicRepositories: boolean;
  /** Every runner registers with these labels. */
  readonly runnerLabels: string[];
  /** SSM path of this pipeline's JIT configs (ends with "/"). */
  readonly parameterPath: string;
  /** `startedBy` of this pipeline's runner tasks. */
  readonly startedBy: string;
  /** Runner name prefix of this pipeline. */
  readonly runnerPrefix: string;
  /** Value of the `confluxdb:pipeline` task tag. */
  readonly pipelineName: string;
  /** Jobs created longer ago than this are not served. */
  readonly maxJobAgeSeconds: number;
  /** How long a job item lives after its last change (DynamoDB TTL). */
  readonly claimTtlSeconds: number;
  /** Receives of a message before it would move to the dead-letter queue by redrive. */
  readonly maxReceiveCount: number;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly retryBaseSeconds: number;
  readonly retryMaxSeconds: number;
}

/** Reads and validates the launcher configuration from environment variables. */
export function loadLauncherConfig(vars: Record<string, string | undefined>): LauncherConfig {
  const env = new Env('runner launcher', vars);
  const names = HANDLER_ENV.launcher;
  const groupName = env.optionalString(names.runnerGroup, '');
  const groupId = env.optionalString(names.runnerGroupId, '') ? env.int(names.runnerGroupId, { min: 2 }) : undefined;
  const runnerScope = env.string(names.runnerScope);
  if (!runnerScope.includes('/') && !groupName && groupId === undefined) {
    throw new Error(`runner launcher: ${names.runnerGroup} or ${names.runnerGroupId} is required for an organization scope`);
  }
  return {
    jobsTable: env.string(names.jobsTable),
    clusterArn: env.string(names.clusterArn),
    taskDefinitionArn: env.string(names.taskDefinitionArn),
    subnetIds: env.list(names.subnetIds).length ? env.list(names.subnetIds) : [env.string(names.subnetIds)],
    securityGroupId: env.string(names.securityGroupId),
    useFargateSpot: env.bool(names.useFargateSpot, false),
    maxConcurrentRunners: env.int(names.maxConcurrentRunners, { min: 1, max: 1000 }),
    kmsKeyId: env.string(names.kmsKeyId),
    runnerScope,
    runnerGroup: groupId ?? (groupName || undefined),
    allowedRepositories: env.list(names.allowedRepositories).map(r => r.toLowerCase()),
    allowPublicRepositories: env.bool(names.allowPublicRepositories, false),
    runnerLabels: env.list(names.runnerLabels),
    parameterPath: env.string(names.parameterPath),
    startedBy: env.string(names.startedBy),
    runnerPrefix: env.string(names.runnerPrefix),
    pipelineName: env.string(names.pipelineName),
    maxJobAgeSeconds: env.int(names.maxJobAgeSeconds, { min: 60 }),
    claimTtlSeconds: env.int(names.claimTtlSeconds, { min: 60, fallback: 7 * 24 * 3600 }),
    maxReceiveCount: env.int(names.maxReceiveCount, { min: 1, max: 1000 }),
    queueUrl: env.string(names.queueUrl),
    deadLetterQueueUrl: env.string(names.deadLetterQueueUrl),
    retryBaseSeconds: env.int(names.retryBaseSeconds, { min: 1, max: 43_200, fallback: 20 }),
    retryMaxSeconds: env.int(names.retryMaxSeconds, { min: 1, max: 43_200, fallback: 300 }),
  };
}

export interface LauncherDeps {
  readonly config: LauncherConfig;
  readonly ecs: Pick<ECSClient, 'send'>;
  readonly ssm: Pick<SSMClient, 'send'>;
  readonly dynamodb: Pick<DynamoDBClient, 'send'>;
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly github: GitHubApi;
  /** @default one line per entry on stdout (stdoutSink) */
  readonly log?: LogSink;
  readonly now?: () => number;
  /**
   * Messages are not started when less than this remains of the invocation (Lambda context): they
   * come back later instead of being cut off by the Lambda timeout. @default 20000
   */
  readonly reserveMs?: number;
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

/** A step failed for a reason a later attempt can overcome. */
class RetryLater extends Error {
  constructor(public readonly reason: string, public readonly notBeforeSeconds?: number) {
    super(reason);
    this.name = 'RetryLater';
  }
}

/** A step failed for a reason no retry fixes: the job goes to the dead-letter queue. */
class Permanent extends Error {
  constructor(public readonly reason: string) {
    super(reason);
    this.name = 'Permanent';
  }
}

type Outcome = { readonly ack: true } | { readonly ack: false; readonly notBeforeSeconds?: number };
const ACK: Outcome = { ack: true };

/** Parses and validates a queue message; undefined when it is not a job message. */
export function parseJobMessage(body: string): JobMessage | undefined {
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
  const base = { deliveryId: String(m.deliveryId ?? ''), jobId: m.jobId, repository: `${m.owner}/${m.repo}`, owner: m.owner, repo: m.repo, installationId: m.installationId };
  const kind = m.kind ?? 'queued';
  if (kind === 'queued') {
    if (!Array.isArray(m.labels) || !m.labels.every((l: unknown) => typeof l === 'string' && l.length > 0 && l.length <= 100)) return undefined;
    return { ...base, kind, runId: Number(m.runId ?? 0), labels: m.labels, createdAt: String(m.createdAt ?? m.enqueuedAt ?? ''), enqueuedAt: String(m.enqueuedAt ?? '') };
  }
  if (kind === 'in_progress' && typeof m.runnerName === 'string') return { ...base, kind, runnerName: m.runnerName };
  if (kind === 'completed') {
    return { ...base, kind, runnerName: typeof m.runnerName === 'string' ? m.runnerName : null, conclusion: typeof m.conclusion === 'string' ? m.conclusion : null };
  }
  return undefined;
}

/** AWS errors worth retrying later: throttling, server-side errors and SDK-declared retryable errors. */
export function isRetryableAwsError(err: unknown): boolean {
  const e = err as { name?: string; $retryable?: unknown; $fault?: string; $metadata?: { httpStatusCode?: number } };
  if (!e || typeof e !== 'object') return false;
  return /Throttl|TooManyRequests|RequestLimitExceeded|ServiceUnavailable|ServerException|InternalError|TimeoutError|ECONN|socket/i.test(e.name ?? '')
    || Boolean(e.$retryable) || e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

/**
 * Creates the SQS batch handler. It reports partial batch failures (`batchItemFailures`), so one
 * message never fails the others; retries are spread with ChangeMessageVisibility.
 */
export function createLauncher(deps: LauncherDeps): (event: SQSEvent, context?: InvocationContext) => Promise<SQSBatchResponse> {
  const { config, ecs, ssm, sqs, github } = deps;
  const sink = deps.log ?? stdoutSink;
  const now = deps.now ?? Date.now;
  const store = new JobStore(deps.dynamodb, { tableName: config.jobsTable, ttlSeconds: config.claimTtlSeconds, now });
  const groupCache = new Map<number, { id: number; at: number }>();

  /** The checked runner group of an organization scope (cached for 5 minutes per installation). */
  async function runnerGroupId(installationId: number): Promise<number | undefined> {
    const scope = runnerScopeFor(config, installationId);
    if (scope.kind === 'repo') return undefined;
    const cached = groupCache.get(installationId);
    if (cached && now() - cached.at < 5 * 60_000) return cached.id;
    const group = await github.getRunnerGroup(installationId, scope.org, config.runnerGroup!);
    if (!group) throw new Permanent(`runner group ${JSON.stringify(config.runnerGroup)} does not exist in organization ${scope.org}`);
    if (group.default) {
      throw new Permanent(`runner group "${group.name}" is the organization's default group, which admits every repository; create a group restricted to the allowed repositories`);
    }
    if (group.visibility !== 'selected') {
      throw new Permanent(`runner group "${group.name}" admits ${group.visibility} repositories; restrict it to the selected, allowed repositories`);
    }
    const extra = group.repositories.filter(r => !config.allowedRepositories.includes(r.toLowerCase()));
    if (extra.length) throw new Permanent(`runner group "${group.name}" admits repositories outside allowedRepositories: ${extra.slice(0, 5).join(', ')}`);
    if (group.allowsPublicRepositories && !config.allowPublicRepositories) {
      throw new Permanent(`runner group "${group.name}" allows public repositories; turn that off or set allowPublicRepositories`);
    }
    groupCache.set(installationId, { id: group.id, at: now() });
    return group.id;
  }

  async function deleteParameter(name: string | undefined, log: Logger): Promise<void> {
    if (!name) return;
    try {
      await ssm.send(new DeleteParameterCommand({ Name: name }));
    } catch (err) {
      if ((err as Error)?.name === 'ParameterNotFound') return;
      log.warn('could not delete a runner config parameter; the reaper will', errorFields(err));
    }
  }

  /** Removes a registration that will never run: a crash left it, the job was cancelled, or a step failed. */
  async function deregister(item: Pick<JobItem, 'runnerId' | 'runnerName'>, installationId: number, log: Logger): Promise<void> {
    if (item.runnerId === undefined) return;
    try {
      const result = await github.deleteRunner(runnerScopeFor(config, installationId), item.runnerId);
      if (result === 'busy') log.info('runner took a job meanwhile; left registered', { runnerName: item.runnerName });
    } catch (err) {
      log.warn('could not remove a runner registration; the reaper will', { runnerName: item.runnerName, ...errorFields(err) });
    }
  }

  /** Undoes what an unfinished launch did (registration, stored config, slot). */
  async function abandon(item: JobItem, installationId: number, log: Logger): Promise<void> {
    await deregister(item, installationId, log);
    await deleteParameter(item.parameterName, log);
    await store.releaseSlot(item.jobId);
  }

  async function deadLetter(record: SQSRecord, reason: string, log: Logger): Promise<Outcome> {
    try {
      await sqs.send(new SendMessageCommand({
        QueueUrl: config.deadLetterQueueUrl,
        MessageBody: record.body,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: reason.slice(0, 1000) },
          sourceMessageId: { DataType: 'String', StringValue: record.messageId },
        },
      }));
      log.error('job dead-lettered', { reason, ...emf(config.runnerPrefix, now(), [{ name: PIPELINE_METRICS.deadLettered, value: 1, unit: 'Count' }], reasonCategory(reason)) });
      return ACK;
    } catch (err) {
      log.error('could not dead-letter a job; the message will come back', { reason, ...errorFields(err) });
      return { ack: false };
    }
  }

  /** Issues the JIT config for `item`'s attempt, removing a same-named registration a crash left behind. */
  async function issueConfig(job: QueuedJobMessage, name: string, log: Logger) {
    const scope = runnerScopeFor(config, job.installationId);
    const request = { scope, name, labels: config.runnerLabels, runnerGroupId: await runnerGroupId(job.installationId) };
    try {
      return await github.generateJitConfig(request);
    } catch (err) {
      if (!(err instanceof GitHubApiError) || err.kind !== 'conflict') throw err;
      const stale = await github.findRunner(scope, name);
      if (stale) {
        log.info('removing a registration a previous attempt left behind', { runnerName: name });
        const result = await github.deleteRunner(scope, stale.id);
        if (result === 'busy') throw new Permanent(`runner ${name} is registered and busy; it cannot be reissued`);
      }
      return github.generateJitConfig(request);
    }
  }

  async function runTask(job: QueuedJobMessage, item: JobItem, log: Logger): Promise<string> {
    const input: RunTaskCommandInput = {
      cluster: config.clusterArn,
      taskDefinition: config.taskDefinitionArn,
      count: 1,
      startedBy: config.startedBy,
      // ECS returns the task of an earlier identical request with this token instead of starting another.
      clientToken: `${config.runnerPrefix}-${job.jobId}-${item.attempt}`.slice(0, 64),
      enableExecuteCommand: false,
      networkConfiguration: {
        awsvpcConfiguration: { subnets: config.subnetIds, securityGroups: [config.securityGroupId], assignPublicIp: 'DISABLED' },
      },
      overrides: {
        containerOverrides: [{ name: RUNNER_CONTAINER_NAME, environment: [{ name: RUNNER_CONFIG_ENV, value: item.parameterName! }] }],
      },
      tags: [
        { key: TASK_TAGS.jobId, value: String(job.jobId) },
        { key: TASK_TAGS.repository, value: job.repository },
        { key: TASK_TAGS.pipeline, value: config.pipelineName },
        { key: TASK_TAGS.runnerName, value: item.runnerName! },
      ],
      ...(config.useFargateSpot
        ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
        : { launchType: 'FARGATE' as const, platformVersion: 'LATEST' }),
    };
    const res = await ecs.send(new RunTaskCommand(input));
    const taskArn = res.tasks?.[0]?.taskArn;
    if (!taskArn) {
      const reason = res.failures?.map((f) => f.reason).join(', ') || 'no task';
      log.warn('RunTask started no task', { reason, ...emf(config.runnerPrefix, now(), [{ name: PIPELINE_METRICS.runTaskFailures, value: 1, unit: 'Count' }], reasonCategory(reason)) });
      throw Object.assign(new RetryLater(`RunTask started no task: ${reason}`), { nothingStarted: true });
    }
    log.secret(item.parameterName);
    return taskArn;
  }

  async function launch(record: SQSRecord, job: QueuedJobMessage, log: Logger): Promise<Outcome> {
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    const created = Date.parse(job.createdAt);
    if (Number.isFinite(created) && now() - created > config.maxJobAgeSeconds * 1000) {
      return deadLetter(record, `job created ${Math.round((now() - created) / 60_000)} minutes ago, beyond the pipeline's ${config.maxJobAgeSeconds / 60}-minute bound`, log);
    }
    let item = await store.claim(job, record.messageId);
    if (!item) {
      log.info('duplicate or finished job, acknowledged');
      return ACK;
    }
    log.secret(item.parameterName);
    try {
      if (!item.holdsSlot) {
        const slot = await store.acquireSlot(job.jobId, item.attempt, config.maxConcurrentRunners, job.installationId);
        if (slot === 'full') throw Object.assign(new RetryLater(`at the concurrency cap (${config.maxConcurrentRunners})`), { atCapacity: true });
        if (slot === 'stale') return ACK; // cancelled or taken over meanwhile
      }
      // A registration without a stored config (the previous invocation died after GitHub issued it):
      // remove it and start a fresh attempt.
      if (item.status === 'registered' || (item.status === 'claimed' && item.runnerId !== undefined)) {
        await deregister(item, job.installationId, log);
        await deleteParameter(item.parameterName, log);
        item = await store.update(job.jobId, { status: 'claimed', attempt: item.attempt + 1, runnerId: undefined, runnerName: undefined, parameterName: undefined },
          { status: [item.status], attempt: item.attempt });
        // The slot moves with the item; acquireSlot checked the old attempt.
      }
      if (item.status === 'claimed') {
        const name = runnerName(config.runnerPrefix, job.jobId, item.attempt);
        const jit = await issueConfig(job, name, log);
        log.secret(jit.encodedJitConfig);
        if (jit.rateLimitRemaining !== undefined) {
          log.info('github rate limit', {
            installationId: job.installationId,
            remaining: jit.rateLimitRemaining,
            ...emf(config.runnerPrefix, now(), [{ name: PIPELINE_METRICS.rateLimitRemaining, value: jit.rateLimitRemaining, unit: 'Count' }], undefined, job.installationId),
          });
        }
        const parameterName = `${config.parameterPath}${job.jobId}-${item.attempt}-${randomBytes(12).toString('hex')}`;
        log.secret(parameterName);
        try {
          await store.update(job.jobId, { status: 'registered', runnerId: jit.runnerId, runnerName: name, parameterName }, { status: ['claimed'], attempt: item.attempt });
        } catch (err) {
          await deregister({ runnerId: jit.runnerId, runnerName: name }, job.installationId, log);
          throw err;
        }
        await ssm.send(new PutParameterCommand({
          Name: parameterName,
          Type: 'SecureString',
          KeyId: config.kmsKeyId,
          Value: jit.encodedJitConfig,
          Overwrite: true,
          Tier: 'Standard',
          Description: `JIT runner config for GitHub job ${job.jobId}`,
        }));
        item = await store.update(job.jobId, { status: 'stored' }, { status: ['registered'], attempt: item.attempt });
      }
      if (item.status === 'stored') {
        const taskArn = await runTask(job, item, log);
        try {
          await store.update(job.jobId, { status: 'launched', taskArn, launchedAt: Math.floor(now() / 1000), messageId: undefined }, { status: ['stored'], attempt: item.attempt });
        } catch (err) {
          if (!(err instanceof ConditionFailed)) throw err;
          // Cancelled between RunTask and here: the task must not wait for a job that is gone.
          await ecs.send(new StopTaskCommand({ cluster: config.clusterArn, task: taskArn, reason: 'job cancelled while its runner was starting' }));
          await abandon(item, job.installationId, log);
          await store.update(job.jobId, { status: 'done', reason: 'cancelled while starting' });
          return ACK;
        }
        const waitedMs = Date.parse(job.enqueuedAt) ? now() - Date.parse(job.enqueuedAt) : undefined;
        log.info('runner task started', {
          taskArn,
          runnerName: item.runnerName,
          attempt: item.attempt,
          receiveCount: receives,
          waitedMs,
          ...emf(config.runnerPrefix, now(), [
            { name: PIPELINE_METRICS.queueToRunTask, value: waitedMs ?? NaN, unit: 'Milliseconds' },
            { name: PIPELINE_METRICS.createdToRunTask, value: now() - created, unit: 'Milliseconds' },
          ]),
        });
      }
      return ACK;
    } catch (err) {
      return failed(record, job, item.attempt, err, receives, log);
    }
  }

  /** Turns a failed step into a retry, a dead letter, or (cancelled meanwhile) an acknowledgement. */
  async function failed(record: SQSRecord, job: QueuedJobMessage, attempt: number, err: unknown, receives: number, log: Logger): Promise<Outcome> {
    const item = await store.get(job.jobId).catch(() => undefined);
    if (err instanceof ConditionFailed || (item && (item.cancelRequested || item.status === 'done'))) {
      // Undo only what this attempt did; a newer attempt belongs to someone else.
      if (item && item.attempt === attempt && (item.status === 'done' || item.cancelRequested)) {
        await abandon(item, job.installationId, log);
        if (item.status !== 'done') await store.update(job.jobId, { status: 'done', reason: 'cancelled while starting' }, { attempt }).catch(() => undefined);
      }
      log.info('job ended or moved on while its runner was being prepared', errorFields(err));
      return ACK;
    }
    // Waiting for capacity must not use up the receives: a fresh copy waits on, the job age bound ends it.
    if ((err as { atCapacity?: boolean }).atCapacity && receives >= config.maxReceiveCount - 1) {
      try {
        const delay = Math.min(900, config.retryMaxSeconds);
        await sqs.send(new SendMessageCommand({ QueueUrl: config.queueUrl, MessageBody: record.body, DelaySeconds: delay }));
        log.info('still at the concurrency cap; the job waits on in a fresh message');
        return ACK;
      } catch (sendErr) {
        log.warn('could not re-queue a job waiting for capacity', errorFields(sendErr));
      }
    }
    const permanent = err instanceof Permanent ? err.reason
      : err instanceof GitHubApiError && !err.retryable ? err.message
        : !(err instanceof RetryLater) && !(err instanceof GitHubApiError) && !isRetryableAwsError(err) ? `${(err as Error)?.name}: ${(err as Error)?.message}` : undefined;
    if (permanent !== undefined || receives >= config.maxReceiveCount) {
      const reason = permanent ?? `gave up after ${receives} attempts: ${(err as Error).message}`;
      if (item) {
        await abandon(item, job.installationId, log);
        await store.update(job.jobId, { status: 'failed', reason: reason.slice(0, 500), messageId: undefined }).catch(() => undefined);
      }
      return deadLetter(record, reason, log);
    }
    // A retry: free the slot unless RunTask may have started a task (the retry with the same
    // client token then finds it).
    const mayHaveStarted = item?.status === 'stored' && !(err as { nothingStarted?: boolean }).nothingStarted;
    if (item && !mayHaveStarted) await store.releaseSlot(job.jobId);
    const notBefore = err instanceof GitHubApiError ? err.retryAfterSeconds : err instanceof RetryLater ? err.notBeforeSeconds : undefined;
    log.warn('runner launch failed, will retry', { receiveCount: receives, ...errorFields(err), notBeforeSeconds: notBefore });
    return { ack: false, notBeforeSeconds: notBefore };
  }

  async function inProgress(msg: JobInProgressMessage, log: Logger): Promise<Outcome> {
    const ours = parseRunnerName(config.runnerPrefix, msg.runnerName);
    if (!ours) return ACK; // another pipeline's runner, or a hosted one
    try {
      await store.update(ours.jobId, { busy: true, servedJobId: msg.jobId }, { attempt: ours.attempt });
      log.info('runner took a job', {
        runnerName: msg.runnerName,
        startedFor: ours.jobId,
        // GitHub hands jobs to runners by label: this runner was started for another job.
        ...(ours.jobId === msg.jobId ? {} : emf(config.runnerPrefix, now(), [{ name: PIPELINE_METRICS.runnerTakenByOtherJob, value: 1, unit: 'Count' }])),
      });
    } catch (err) {
      if (!(err instanceof ConditionFailed)) throw err;
    }
    return ACK;
  }

  /** Stops an idle runner of `item` and frees what it holds. */
  async function retire(item: JobItem, installationId: number, reason: string, log: Logger): Promise<boolean> {
    try {
      await store.update(item.jobId, { status: 'done', reason }, { status: ['launched'], attempt: item.attempt });
    } catch (err) {
      if (err instanceof ConditionFailed) return false;
      throw err;
    }
    if (item.taskArn) {
      await ecs.send(new StopTaskCommand({ cluster: config.clusterArn, task: item.taskArn, reason: reason.slice(0, 255) })).catch((err) => {
        log.warn('could not stop a runner task; the reaper will', errorFields(err));
      });
    }
    await abandon(item, installationId, log);
    log.info('idle runner retired', { runnerName: item.runnerName, reason, ...emf(config.runnerPrefix, now(), [{ name: PIPELINE_METRICS.runnersStopped, value: 1, unit: 'Count' }], 'JobEnded') });
    return true;
  }

  async function completed(msg: JobCompletedMessage, log: Logger): Promise<Outcome> {
    if (msg.runnerName) return ACK; // it ran; its ephemeral runner exits and the reaper frees the slot
    const item = await store.get(msg.jobId);
    if (!item) {
      await store.tombstone(msg.jobId, `ended (${msg.conclusion ?? 'unknown'}) before a runner was started`);
      return ACK;
    }
    if (IN_FLIGHT.includes(item.status)) {
      // The launch in flight fails its next conditional step and undoes itself; if its launcher
      // died, the reaper frees the slot and removes what it left.
      await store.update(msg.jobId, { status: 'done', cancelRequested: true, reason: `job ${msg.conclusion ?? 'ended'} while its runner was being prepared` },
        { status: IN_FLIGHT }).catch((err) => {
        if (!(err instanceof ConditionFailed)) throw err;
      });
      return ACK;
    }
    if (item.status === 'requeued') {
      await store.update(msg.jobId, { status: 'done', reason: 'cancelled while requeued' }, { status: ['requeued'] }).catch(() => undefined);
      return ACK;
    }
    if (item.status !== 'launched') return ACK;
    if (!item.busy) {
      await retire(item, msg.installationId, `job ${msg.jobId} ${msg.conclusion ?? 'ended'} before its runner took it`, log);
      return ACK;
    }
    // Its runner took another job K; K's own runner is the surplus one, if still idle.
    const other = item.servedJobId !== undefined ? await store.get(item.servedJobId) : undefined;
    if (other && other.status === 'launched' && !other.busy) {
      await retire(other, msg.installationId, `job ${msg.jobId} was cancelled and its runner serves job ${other.jobId}`, log);
    }
    return ACK;
  }

  async function processRecord(record: SQSRecord): Promise<Outcome> {
    const msg = parseJobMessage(record.body);
    const log = new Logger(sink, {
      messageId: record.messageId,
      ...(msg ? { jobId: msg.jobId, deliveryId: msg.deliveryId, kind: msg.kind, repository: msg.repository } : {}),
    });
    if (!msg) return deadLetter(record, 'malformed job message', log);
    try {
      if (msg.kind === 'queued') return await launch(record, msg, log);
      if (msg.kind === 'in_progress') return await inProgress(msg, log);
      return await completed(msg, log);
    } catch (err) {
      log.error('unexpected launcher error, will retry', errorFields(err));
      return { ack: false };
    }
  }

  async function deferRetry(record: SQSRecord, notBeforeSeconds?: number): Promise<void> {
    if (!record.receiptHandle) return;
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    const seconds = Math.min(43_200, Math.max(backoffSeconds(receives, config.retryBaseSeconds, config.retryMaxSeconds), notBeforeSeconds ?? 0));
    try {
      await sqs.send(new ChangeMessageVisibilityCommand({
        QueueUrl: config.queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds,
      }));
    } catch (err) {
      // The queue's own visibility timeout applies instead; the message is not lost.
      new Logger(sink, { messageId: record.messageId }).warn('could not set retry backoff', errorFields(err));
    }
  }

  const reserveMs = deps.reserveMs ?? 20_000;

  return async (event, context) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records ?? []) {
      if (context && context.getRemainingTimeInMillis() < reserveMs) {
        new Logger(sink, { messageId: record.messageId }).warn('not enough invocation time left, message deferred');
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      const outcome = await processRecord(record);
      if (!outcome.ack) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        await deferRetry(record, outcome.notBeforeSeconds);
      }
    }
    return { batchItemFailures };
  };
}
