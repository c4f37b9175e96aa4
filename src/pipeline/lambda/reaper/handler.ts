/**
 * Runner reaper: stops runner tasks that have lived longer than the allowed lifetime, so a stuck
 * or abandoned runner can neither hold a concurrency slot nor keep credentials forever.
 * Runs on a schedule; counts tasks by the same `startedBy` the launcher uses.
 */
// Lambda code is bundled with its dependencies by esbuild; the SDK clients are build-time devDependencies.
// eslint-disable-next-line import/no-extraneous-dependencies
import { DescribeTasksCommand, ListTasksCommand, StopTaskCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { HANDLER_ENV, RUNNER_STARTED_BY } from '../../private/runner-contract';
import { Env } from '../runtime/env';
import { Logger } from '../runtime/log';

export interface ReaperConfig {
  readonly clusterArn: string;
  readonly startedBy: string;
  readonly maxLifetimeMinutes: number;
}

export interface ReaperResult {
  readonly examined: number;
  readonly stopped: string[];
}

export function reaperConfigFromEnv(vars: Record<string, string | undefined>): ReaperConfig {
  const env = new Env('runner reaper', vars);
  const names = HANDLER_ENV.reaper;
  return {
    clusterArn: env.string(names.clusterArn),
    startedBy: env.optionalString(names.startedBy, RUNNER_STARTED_BY),
    maxLifetimeMinutes: env.int(names.maxLifetimeMinutes, { min: 1, max: 7 * 24 * 60 }),
  };
}

export function createReaper(ecs: Pick<ECSClient, 'send'>, config: ReaperConfig, now: () => number = Date.now, log: Logger = new Logger()) {
  return async (): Promise<ReaperResult> => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListTasksCommand({ cluster: config.clusterArn, startedBy: config.startedBy, nextToken }));
      arns.push(...(page.taskArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);

    const stopped: string[] = [];
    const cutoff = now() - config.maxLifetimeMinutes * 60_000;
    for (let i = 0; i < arns.length; i += 100) { // DescribeTasks takes at most 100 ARNs
      const described = await ecs.send(new DescribeTasksCommand({ cluster: config.clusterArn, tasks: arns.slice(i, i + 100) }));
      for (const task of described.tasks ?? []) {
        const born = (task.startedAt ?? task.createdAt)?.getTime();
        if (born === undefined || born > cutoff || task.lastStatus === 'STOPPED' || !task.taskArn) continue;
        await ecs.send(new StopTaskCommand({
          cluster: config.clusterArn,
          task: task.taskArn,
          reason: `runner exceeded its maximum lifetime of ${config.maxLifetimeMinutes} minutes`,
        }));
        stopped.push(task.taskArn);
        log.warn('stopped runner past its lifetime', { task: task.taskArn, ageMinutes: Math.round((now() - born) / 60_000) });
      }
    }
    log.info('reaper run', { examined: arns.length, stopped: stopped.length });
    return { examined: arns.length, stopped };
  };
}
