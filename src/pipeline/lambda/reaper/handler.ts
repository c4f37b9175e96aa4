/**
 * Runner reaper: the pipeline's janitor, run every minute and whenever one of its runner tasks
 * stops. It leaves nothing behind and never touches another pipeline's runners (it lists tasks by
 * this pipeline's `startedBy`, runners by this pipeline's name prefix, parameters by its path):
 *
 *  - tasks past their lifetime are stopped;
 *  - runners that took no job within the idle timeout (plus start-up grace) are stopped — the
 *    start script normally ends them first;
 *  - a stopped task frees its slot and its JIT config; if its runner never took a job, the
 *    registration is removed and, while GitHub still shows the job queued (and it is younger
 *    than the pipeline's bound), the job is queued again for a new runner;
 *  - launches left half-done by a crashed launcher are adopted (a task with the job's tag runs)
 *    or undone;
 *  - JIT configs nobody read within 15 minutes are deleted, and offline registrations of this
 *    pipeline that belong to no live runner are removed;
 *  - the slot counter is repaired when it drifted from the items holding slots.
 */
// The AWS SDK v3 ships with the nodejs22.x runtime; the clients are build-time devDependencies.
/* eslint-disable import/no-extraneous-dependencies */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeTasksCommand, ListTasksCommand, StopTaskCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, DescribeParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
/* eslint-enable import/no-extraneous-dependencies */
import { PIPELINE_METRICS } from '../../private/pipeline-metrics';
import { HANDLER_ENV, parseRunnerName, TASK_TAGS } from '../../private/runner-contract';
import { Env } from '../runtime/env';
import { GitHubApi, GitHubApiError, RunnerScope, runnerScopeFor } from '../runtime/github-app';
import { ConditionFailed, IN_FLIGHT, JobItem, JobStore } from '../runtime/job-store';
import { errorFields, Logger } from '../runtime/log';
import { emf } from '../runtime/metrics';

export interface ReaperConfig {
  readonly clusterArn: string;
  readonly startedBy: string;
  readonly maxLifetimeMinutes: number;
  readonly idleTimeoutSeconds: number;
  readonly jobsTable: string;
  readonly queueUrl: string;
  readonly parameterPath: string;
  readonly runnerScope: string;
  readonly runnerPrefix: string;
  readonly maxJobAgeSeconds: number;
  readonly claimTtlSeconds: number;
}

export interface ReaperResult {
  readonly examined: number;
  /** Tasks stopped (past lifetime, or idle). */
  readonly stopped: string[];
  /** Slots freed. */
  readonly released: number;
  /** Jobs queued again for a new runner. */
  readonly requeued: number[];
  readonly parametersDeleted: number;
  readonly registrationsRemoved: number;
}

/** Start-up grace on top of the idle timeout: provisioning and image pull come before the runner's own timer. */
const START_GRACE_SECONDS = 300;
/** Half-done launches and unread JIT configs older than this are cleaned up. */
const STALE_SECONDS = 15 * 60;

export function reaperConfigFromEnv(vars: Record<string, string | undefined>): ReaperConfig {
  const env = new Env('runner reaper', vars);
  const names = HANDLER_ENV.reaper;
  return {
    clusterArn: env.string(names.clusterArn),
    startedBy: env.string(names.startedBy),
    maxLifetimeMinutes: env.int(names.maxLifetimeMinutes, { min: 1, max: 7 * 24 * 60 }),
    idleTimeoutSeconds: env.int(names.idleTimeoutSeconds, { min: 30, max: 24 * 3600 }),
    jobsTable: env.string(names.jobsTable),
    queueUrl: env.string(names.queueUrl),
    parameterPath: env.string(names.parameterPath),
    runnerScope: env.string(names.runnerScope),
    runnerPrefix: env.string(names.runnerPrefix),
    maxJobAgeSeconds: env.int(names.maxJobAgeSeconds, { min: 60 }),
    claimTtlSeconds: env.int(names.claimTtlSeconds, { min: 60, fallback: 7 * 24 * 3600 }),
  };
}

export interface ReaperDeps {
  readonly config: ReaperConfig;
  readonly ecs: Pick<ECSClient, 'send'>;
  readonly ssm: Pick<SSMClient, 'send'>;
  readonly dynamodb: Pick<DynamoDBClient, 'send'>;
  readonly sqs: Pick<SQSClient, 'send'>;
  readonly github: GitHubApi;
  readonly now?: () => number;
  readonly log?: Logger;
}

const tag = (task: Task, key: string) => task.tags?.find((t) => t.key === key)?.value;

export function createReaper(deps: ReaperDeps): () => Promise<ReaperResult> {
  const { config, ecs, ssm, sqs, github } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? new Logger();
  const store = new JobStore(deps.dynamodb, { tableName: config.jobsTable, ttlSeconds: config.claimTtlSeconds, now });

  async function listRunningTasks(): Promise<Task[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListTasksCommand({ cluster: config.clusterArn, startedBy: config.startedBy, desiredStatus: 'RUNNING', nextToken }));
      arns.push(...(page.taskArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return describe(arns);
  }

  async function describe(arns: string[]): Promise<Task[]> {
    const tasks: Task[] = [];
    for (let i = 0; i < arns.length; i += 100) { // DescribeTasks takes at most 100 ARNs
      const out = await ecs.send(new DescribeTasksCommand({ cluster: config.clusterArn, tasks: arns.slice(i, i + 100), include: ['TAGS'] }));
      tasks.push(...(out.tasks ?? []));
    }
    return tasks;
  }

  async function stop(taskArn: string, reason: string): Promise<void> {
    await ecs.send(new StopTaskCommand({ cluster: config.clusterArn, task: taskArn, reason: reason.slice(0, 255) }));
  }

  async function deleteParameter(name: string | undefined): Promise<boolean> {
    if (!name) return false;
    try {
      await ssm.send(new DeleteParameterCommand({ Name: name }));
      return true;
    } catch (err) {
      if ((err as Error)?.name === 'ParameterNotFound') return false;
      throw err;
    }
  }

  async function deregister(item: JobItem): Promise<boolean> {
    if (item.runnerId === undefined || !item.job) return false;
    const result = await github.deleteRunner(runnerScopeFor(config, item.job.installationId), item.runnerId);
    return result === 'deleted';
  }

  /** Whether the job the item was started for still waits for a runner on GitHub. */
  async function stillQueued(item: JobItem): Promise<boolean> {
    const job = item.job;
    if (!job || item.cancelRequested) return false;
    const created = Date.parse(job.createdAt);
    if (Number.isFinite(created) && now() - created > config.maxJobAgeSeconds * 1000) return false;
    try {
      const info = await github.getJob(job.installationId, job.owner, job.repo, job.jobId);
      return info.status === 'queued';
    } catch (err) {
      // A job GitHub no longer shows (deleted run, repository gone) waits for nobody.
      if (err instanceof GitHubApiError && (err.kind === 'not-found' || err.kind === 'permanent')) return false;
      throw err;
    }
  }

  /** After its runner is gone: free everything and, if the job still waits, queue it again. */
  type Tally = { released: number; requeued: number[]; registrationsRemoved: number; parametersDeleted: number };
  async function finish(item: JobItem, result: Tally, why: string) {
    if (await deleteParameter(item.parameterName)) result.parametersDeleted++;
    if (!item.busy && (await deregister(item).catch((err) => { log.warn('could not remove a registration', { runnerName: item.runnerName, ...errorFields(err) }); return false; }))) {
      result.registrationsRemoved++;
    }
    if (await store.releaseSlot(item.jobId)) result.released++;
    const requeue = !item.busy && await stillQueued(item).catch((err) => {
      log.warn('could not read the job from GitHub; not requeued this time', { jobId: item.jobId, ...errorFields(err) });
      throw err;
    });
    try {
      await store.update(item.jobId, { status: requeue ? 'requeued' : 'done', reason: why, messageId: undefined, taskArn: undefined },
        { status: [item.status], attempt: item.attempt });
    } catch (err) {
      if (err instanceof ConditionFailed) return;
      throw err;
    }
    if (requeue && item.job) {
      await sqs.send(new SendMessageCommand({ QueueUrl: config.queueUrl, MessageBody: JSON.stringify(item.job) }));
      result.requeued.push(item.jobId);
      log.info('job queued again: its runner stopped before taking it', { jobId: item.jobId, why });
    }
    if (!item.busy) {
      log.info('runner stopped without a job', {
        jobId: item.jobId,
        runnerName: item.runnerName,
        why,
        requeued: requeue,
        ...emf(config.runnerPrefix, now(), [{ name: PIPELINE_METRICS.runnersStopped, value: 1, unit: 'Count' }], 'RunnerExitedIdle'),
      });
    }
  }

  return async () => {
    const result = { released: 0, requeued: [] as number[], parametersDeleted: 0, registrationsRemoved: 0 };
    const stopped: string[] = [];
    const nowSeconds = Math.floor(now() / 1000);
    const running = await listRunningTasks();
    const alive = new Map(running.filter(t => t.lastStatus !== 'STOPPED' && t.taskArn).map(t => [t.taskArn!, t]));

    // 1. lifetime
    const cutoff = now() - config.maxLifetimeMinutes * 60_000;
    for (const task of alive.values()) {
      const born = (task.startedAt ?? task.createdAt)?.getTime();
      if (born !== undefined && born <= cutoff) {
        await stop(task.taskArn!, `runner exceeded its maximum lifetime of ${config.maxLifetimeMinutes} minutes`);
        stopped.push(task.taskArn!);
        log.warn('stopped runner past its lifetime', { task: task.taskArn, ageMinutes: Math.round((now() - born) / 60_000) });
      }
    }

    // 2. items
    const items = await store.scanActive();
    // Tasks of launched items that ListTasks no longer shows may still be stopping.
    const missing = items.filter(i => i.status === 'launched' && i.taskArn && !alive.has(i.taskArn)).map(i => i.taskArn!);
    const stopping = new Set((await describe(missing)).filter(t => t.lastStatus !== 'STOPPED').map(t => t.taskArn!));
    let githubLimited = false;
    const guard = async (fn: () => Promise<void>) => {
      if (githubLimited) return;
      try {
        await fn();
      } catch (err) {
        if (err instanceof GitHubApiError && err.kind === 'rate-limit') {
          githubLimited = true; // the next run continues; GitHub asked us to wait
          log.warn('GitHub rate limit; cleanup continues next run', { retryAfterSeconds: err.retryAfterSeconds });
          return;
        }
        log.error('cleanup step failed', { ...errorFields(err) });
      }
    };
    for (const item of items) {
      if (item.status === 'launched') {
        const task = item.taskArn ? alive.get(item.taskArn) : undefined;
        if (task || (item.taskArn && stopping.has(item.taskArn))) {
          const idleFor = nowSeconds - (item.launchedAt ?? nowSeconds);
          if (task && !item.busy && idleFor > config.idleTimeoutSeconds + START_GRACE_SECONDS && !stopped.includes(task.taskArn!)) {
            await stop(task.taskArn!, `runner took no job within ${config.idleTimeoutSeconds} seconds`);
            stopped.push(task.taskArn!);
          }
          continue;
        }
        await guard(() => finish(item, result, 'runner task stopped'));
      } else if (IN_FLIGHT.includes(item.status) && nowSeconds - item.updatedAt > STALE_SECONDS) {
        const adopted = [...alive.values()]
          .find(t => tag(t, TASK_TAGS.jobId) === String(item.jobId) && tag(t, TASK_TAGS.runnerName) === item.runnerName);
        if (adopted && item.status === 'stored') {
          await store.update(item.jobId, { status: 'launched', taskArn: adopted.taskArn!, launchedAt: nowSeconds, messageId: undefined }, { status: ['stored'], attempt: item.attempt })
            .catch((err) => { if (!(err instanceof ConditionFailed)) throw err; });
          continue;
        }
        await guard(() => finish(item, result, 'launch left unfinished'));
      } else if (item.status === 'requeued' && nowSeconds - item.updatedAt > STALE_SECONDS && item.job) {
        // The requeue message was lost (or is still waiting for capacity): send it again; claims deduplicate.
        await sqs.send(new SendMessageCommand({ QueueUrl: config.queueUrl, MessageBody: JSON.stringify(item.job) }));
        await store.update(item.jobId, {}, { status: ['requeued'], attempt: item.attempt }).catch(() => undefined);
      } else if ((item.status === 'done' || item.status === 'failed') && item.holdsSlot) {
        if (await store.releaseSlot(item.jobId)) result.released++;
      }
    }

    // 3. the slot counter: the items holding a slot are the truth
    const seen = await store.slotsUsed();
    const holding = (await store.scanActive()).filter(i => i.holdsSlot).length;
    if (seen !== holding && await store.repairSlots(seen, holding)) log.warn('slot counter repaired', { seen, actual: holding });

    // 4. JIT configs nobody read
    let token: string | undefined;
    do {
      const page = await ssm.send(new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: [config.parameterPath.replace(/\/$/, '')] }],
        MaxResults: 50,
        NextToken: token,
      }));
      for (const p of page.Parameters ?? []) {
        if (p.Name && p.LastModifiedDate && now() - p.LastModifiedDate.getTime() > STALE_SECONDS * 1000 && await deleteParameter(p.Name)) {
          result.parametersDeleted++;
        }
      }
      token = page.NextToken;
    } while (token);

    // 5. registrations of this pipeline that belong to no live runner
    const byJob = new Map(items.map(i => [i.jobId, i]));
    const scopes = new Map<string, RunnerScope>();
    for (const installation of await store.installations()) scopes.set(String(installation), runnerScopeFor(config, installation));
    for (const scope of scopes.values()) {
      await guard(async () => {
        for (const runner of await github.listRunners(scope, `${config.runnerPrefix}-`)) {
          const parsed = parseRunnerName(config.runnerPrefix, runner.name);
          const item = parsed ? byJob.get(parsed.jobId) : undefined;
          // A launch in flight may have registered the runner a moment before recording it.
          const inFlight = item && IN_FLIGHT.includes(item.status) && nowSeconds - item.updatedAt <= STALE_SECONDS;
          const launched = item && item.runnerName === runner.name && item.status === 'launched' && item.taskArn
            && (alive.has(item.taskArn) || stopping.has(item.taskArn));
          const live = inFlight || launched;
          if (!live && runner.status === 'offline' && !runner.busy && (await github.deleteRunner(scope, runner.id)) === 'deleted') {
            result.registrationsRemoved++;
          }
        }
      });
    }

    log.info('reaper run', { examined: alive.size, stopped: stopped.length, ...result, requeued: result.requeued.length });
    return { examined: alive.size, stopped, ...result };
  };
}
