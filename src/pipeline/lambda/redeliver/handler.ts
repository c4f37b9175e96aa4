/**
 * Redelivery of failed webhook deliveries. GitHub does not retry a delivery that failed (an error
 * answer, a timeout, an unreachable endpoint), so a job could wait forever for a runner. On a
 * schedule this lists the GitHub App's recent deliveries (`GET /app/hook/deliveries`), and for
 * every `workflow_job` delivery GUID none of whose attempts succeeded asks GitHub to deliver it again
 * (`POST /app/hook/deliveries/{id}/attempts`) — at most once per GUID, recorded in the jobs table.
 * A rate limit ends the run (the next one continues); the launcher deduplicates what arrives twice.
 */
// The AWS SDK v3 ships with the nodejs22.x runtime; the client is a build-time devDependency.
// eslint-disable-next-line import/no-extraneous-dependencies
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HANDLER_ENV } from '../../private/runner-contract';
import { Env } from '../runtime/env';
import { GitHubApi, GitHubApiError, WebhookDelivery } from '../runtime/github-app';
import { JobStore } from '../runtime/job-store';
import { errorFields, Logger } from '../runtime/log';

export interface RedelivererConfig {
  readonly jobsTable: string;
  /** Deliveries older than this are not looked at. */
  readonly lookbackMinutes: number;
}

export function redelivererConfigFromEnv(vars: Record<string, string | undefined>): RedelivererConfig {
  const env = new Env('webhook redeliverer', vars);
  const names = HANDLER_ENV.redeliverer;
  return { jobsTable: env.string(names.jobsTable), lookbackMinutes: env.int(names.lookbackMinutes, { min: 5, max: 3 * 24 * 60 }) };
}

export interface RedelivererDeps {
  readonly config: RedelivererConfig;
  readonly github: GitHubApi;
  readonly dynamodb: Pick<DynamoDBClient, 'send'>;
  readonly now?: () => number;
  readonly log?: Logger;
}

export interface RedeliveryResult {
  readonly examined: number;
  /** GUIDs asked for again in this run. */
  readonly redelivered: string[];
}

const succeeded = (d: WebhookDelivery) => d.statusCode >= 200 && d.statusCode < 300;

export function createRedeliverer(deps: RedelivererDeps): () => Promise<RedeliveryResult> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? new Logger();
  // Marks live as long as GitHub keeps deliveries (3 days).
  const store = new JobStore(deps.dynamodb, { tableName: deps.config.jobsTable, ttlSeconds: 3 * 24 * 3600, now });

  return async () => {
    const since = new Date(now() - deps.config.lookbackMinutes * 60_000).toISOString();
    let deliveries: WebhookDelivery[];
    try {
      deliveries = await deps.github.listDeliveries(since);
    } catch (err) {
      log.warn('could not list webhook deliveries; next run', errorFields(err));
      return { examined: 0, redelivered: [] };
    }
    const byGuid = new Map<string, WebhookDelivery[]>();
    for (const d of deliveries) byGuid.set(d.guid, [...(byGuid.get(d.guid) ?? []), d]);
    const redelivered: string[] = [];
    for (const [guid, attempts] of byGuid) {
      if (attempts[0].event !== 'workflow_job' || attempts.some(succeeded)) continue;
      if (!(await store.markRedelivered(guid))) continue;
      const latest = attempts.reduce((a, b) => (a.deliveredAt >= b.deliveredAt ? a : b));
      try {
        await deps.github.redeliver(latest.id);
        redelivered.push(guid);
        log.info('asked GitHub to redeliver a failed delivery', { guid, statusCode: latest.statusCode, action: latest.action });
      } catch (err) {
        const gone = err instanceof GitHubApiError && (err.kind === 'not-found' || err.kind === 'permanent');
        // An answer that says GitHub did not take it: ask again next run. No answer (a timeout) may
        // have been taken, so the mark stays — at most once.
        if (err instanceof GitHubApiError && err.status !== undefined && !gone) await store.unmarkRedelivered(guid);
        log.warn('redelivery request failed', { guid, ...errorFields(err) });
        if (err instanceof GitHubApiError && err.kind === 'rate-limit') break;
      }
    }
    log.info('redelivery run', { examined: deliveries.length, redelivered: redelivered.length });
    return { examined: deliveries.length, redelivered };
  };
}
