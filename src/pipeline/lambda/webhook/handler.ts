/**
 * GitHub webhook → runner job queue: the pure logic of the webhook Lambda.
 *
 * No AWS SDK in here: the secret, the queue, the clock and the logger are injected, so every rule
 * below is unit-tested without AWS. `webhook.lambda.ts` next to it wires in Secrets Manager and SQS.
 *
 * Order of checks (each answer says as little as possible to a caller that is not GitHub):
 *  1. body larger than `maxBodyBytes`                                   → 413 (before any hashing)
 *  2. body or `X-Hub-Signature-256` missing or malformed, or the HMAC
 *     matches neither the current nor the previous secret version       → 401
 *     (the secrets are re-read on a timer, never because of a request, so no sequence of bad
 *     requests can delay a correctly signed delivery)
 *  3. `X-GitHub-Event` missing, body not a JSON object                   → 400
 *  4. `ping`                                                             → 200
 *  5. anything but a `workflow_job` `queued`, `in_progress` or `completed` event of an allowed,
 *     private (unless public ones are allowed) repository, whose labels we all serve, sent by a
 *     GitHub App installation; a `queued` job created longer ago than `maxJobAgeSeconds`; an
 *     `in_progress` event of someone else's runner                      → 202 ignored
 *  6. queued for the launcher                                           → 202 queued (500 if the queue refuses)
 */
import type { verify as octokitVerify } from '@octokit/webhooks-methods' with { 'resolution-mode': 'import' };
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// @octokit/webhooks-methods ships ESM only. This file is CommonJS (module node16), where a static
// import of an ESM package is a type error (TS1479) and a dynamic import() does not run under jest.
// require() of ESM works on Node >= 20.19, under jest (moduleNameMapper + ts-jest) and in the
// esbuild bundle; the types come from the type-only import above.
// eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
const { verify } = require('@octokit/webhooks-methods') as { verify: typeof octokitVerify };

import { PIPELINE_METRICS } from '../../private/pipeline-metrics';
import { parseRunnerName, type JobMessage } from '../../private/runner-contract';
import type { Logger } from '../runtime/log';
import { emf, type MetricValue } from '../runtime/metrics';
export type { JobMessage };

export interface WebhookConfig {
  /** `owner/repo` names whose jobs are accepted (case-insensitive). Empty: nothing is accepted. */
  readonly allowedRepositories: string[];
  /** Labels our runners serve (case-insensitive). A job is accepted only if we serve all its labels. */
  readonly runnerLabels: string[];
  /** Largest body (decoded bytes) that is hashed at all; larger bodies get 413. */
  readonly maxBodyBytes: number;
  /** `queued` jobs created longer ago than this are ignored (stale or replayed deliveries). */
  readonly maxJobAgeSeconds: number;
  /** Serve jobs of public repositories (their fork pull requests could run on our runners). */
  readonly allowPublicRepositories: boolean;
  /** Name prefix of this pipeline's runners (`in_progress` events of other runners are ignored). */
  readonly runnerPrefix: string;
}

export interface WebhookDeps {
  readonly config: WebhookConfig;
  /** The handler's logger (one JSON line per request). */
  readonly log: Logger;
  /** The secret versions that may sign a delivery: current first, then the previous one during a rotation. */
  secrets(): Promise<string[]>;
  enqueue(message: JobMessage): Promise<void>;
  /** Milliseconds since the epoch. */
  now(): number;
}

export type WebhookHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/;
const BASE64_FORMAT = /^[A-Za-z0-9+/]*={0,2}$/;
/** Header values are attacker-controlled until the signature is checked: log at most this much. */
const MAX_LOGGED_HEADER_CHARS = 100;
/** Throws on bytes that are not UTF-8; keeps a BOM, so decoding and re-encoding gives the same bytes. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface LogContext {
  deliveryId?: string;
  event?: string;
  action?: string;
  repository?: string;
  jobId?: number;
  /** Embedded-metric fields for the log line (see runtime/metrics). */
  metrics?: Record<string, unknown>;
}

class Answer {
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
    readonly outcome: string,
    readonly reason?: string,
  ) {}
}

export function createWebhookHandler(deps: WebhookDeps): WebhookHandler {
  const { config } = deps;
  const allowedRepositories = new Set(config.allowedRepositories.map((r) => r.toLowerCase()));
  const runnerLabels = new Set(config.runnerLabels.map((l) => l.toLowerCase()));

  async function authenticate(headers: RequestHeaders, event: APIGatewayProxyEventV2): Promise<Answer | string> {
    const body = event.body ?? '';
    const size = event.isBase64Encoded ? Buffer.byteLength(body, 'base64') : Buffer.byteLength(body, 'utf8');
    if (size > config.maxBodyBytes) {
      return new Answer(413, { message: 'payload too large' }, 'rejected', `body larger than ${config.maxBodyBytes} bytes`);
    }
    const unauthorized = (reason: string) => new Answer(401, { message: 'unauthorized' }, 'rejected', reason);

    const signature = headers.get('x-hub-signature-256');
    if (signature === undefined) return unauthorized('missing X-Hub-Signature-256');
    if (!SIGNATURE_FORMAT.test(signature)) return unauthorized('malformed X-Hub-Signature-256');

    // The signature is over the raw bytes as sent. verify() hashes a string as UTF-8, which gives
    // back exactly those bytes only if they are valid UTF-8: anything else cannot be verified.
    if (event.isBase64Encoded && (body.length % 4 !== 0 || !BASE64_FORMAT.test(body))) {
      return unauthorized('body is not valid base64');
    }
    const raw = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
    if (raw.length === 0) return unauthorized('empty body');
    let payload: string;
    try {
      payload = UTF8.decode(raw);
    } catch {
      return unauthorized('body is not valid UTF-8');
    }

    const secrets = await deps.secrets();
    if (secrets.length === 0 || secrets.some((x) => !x)) throw new Error('the webhook secret is empty');
    for (const secret of secrets) {
      if (await verify(secret, payload, signature)) return payload;
    }
    return unauthorized('signature mismatch');
  }

  async function handle(event: APIGatewayProxyEventV2, ctx: LogContext): Promise<Answer> {
    const headers = new RequestHeaders(event.headers);
    ctx.deliveryId = truncate(headers.get('x-github-delivery'));
    ctx.event = truncate(headers.get('x-github-event'));

    const authenticated = await authenticate(headers, event);
    if (authenticated instanceof Answer) return authenticated;

    const badRequest = (reason: string) => new Answer(400, { message: 'bad request' }, 'rejected', reason);
    const eventName = headers.get('x-github-event');
    if (!eventName) return badRequest('missing X-GitHub-Event');
    let payload: unknown;
    try {
      payload = JSON.parse(authenticated);
    } catch {
      return badRequest('body is not JSON');
    }
    if (!isObject(payload)) return badRequest('body is not a JSON object');
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    ctx.action = action;
    const repository = isObject(payload.repository) && typeof payload.repository.full_name === 'string'
      ? payload.repository.full_name : undefined;
    ctx.repository = repository;

    if (eventName === 'ping') return new Answer(200, { status: 'pong' }, 'pong');
    const ignored = (reason: string) => new Answer(202, { status: 'ignored', reason }, 'ignored', reason);
    if (eventName !== 'workflow_job') return ignored(`event ${eventName} is not handled`);
    if (action !== 'queued' && action !== 'in_progress' && action !== 'completed') return ignored(`workflow_job action ${action ?? '(none)'} is not handled`);

    const job = isObject(payload.workflow_job) ? payload.workflow_job : undefined;
    const nameParts = repository?.split('/') ?? [];
    const labels = job?.labels;
    if (!job || !isId(job.id) || nameParts.length !== 2 || !nameParts[0] || !nameParts[1]
      || !Array.isArray(labels) || !labels.every((l): l is string => typeof l === 'string')) {
      return badRequest('workflow_job payload without id, labels or repository.full_name owner/repo');
    }
    ctx.jobId = job.id;

    if (!allowedRepositories.has(repository!.toLowerCase())) return ignored(`repository ${repository} is not allowed`);
    const repo = payload.repository as Record<string, unknown>;
    if (!config.allowPublicRepositories && (repo.private === false || repo.visibility === 'public')) {
      return ignored(`repository ${repository} is public; fork pull requests could run on the runners`);
    }
    if (labels.length === 0) return ignored('job has no labels');
    const unserved = labels.filter((l) => !runnerLabels.has(l.toLowerCase()));
    if (unserved.length > 0) return ignored(`labels not served: ${unserved.join(', ')}`);
    // The handlers act as the GitHub App installation; a repository webhook without one would
    // queue a job nobody can serve.
    const installation = isObject(payload.installation) && isId(payload.installation.id) ? payload.installation.id : undefined;
    if (installation === undefined) return ignored('no GitHub App installation in the payload');

    const base = {
      deliveryId: headers.get('x-github-delivery') ?? '',
      jobId: job.id,
      repository: repository!,
      owner: nameParts[0],
      repo: nameParts[1],
      installationId: installation,
    };
    let message: JobMessage;
    let metrics: MetricValue[] = [];
    if (action === 'queued') {
      // A job waiting for an environment's reviewers is announced as queued with status waiting;
      // its runner is started by the second queued event that follows the approval.
      if (typeof job.status === 'string' && job.status !== 'queued') return ignored(`job is ${job.status}, not yet queued for a runner`);
      if (!isId(job.run_id)) return badRequest('workflow_job payload without run_id');
      const createdAt = typeof job.created_at === 'string' ? job.created_at : undefined;
      const created = createdAt === undefined ? NaN : Date.parse(createdAt);
      if (!Number.isFinite(created)) return badRequest('workflow_job payload without created_at');
      if (deps.now() - created > config.maxJobAgeSeconds * 1000) {
        return ignored(`job created ${Math.round((deps.now() - created) / 60_000)} minutes ago, beyond the ${Math.round(config.maxJobAgeSeconds / 60)}-minute bound`);
      }
      message = { ...base, kind: 'queued', runId: job.run_id, labels: [...labels], createdAt: createdAt!, enqueuedAt: new Date(deps.now()).toISOString() };
      metrics = [{ name: PIPELINE_METRICS.webhookDelay, value: deps.now() - created, unit: 'Milliseconds' }];
    } else if (action === 'in_progress') {
      const runnerName = typeof job.runner_name === 'string' ? job.runner_name : undefined;
      if (!parseRunnerName(config.runnerPrefix, runnerName)) return ignored('the job runs on a runner of another pipeline or host');
      message = { ...base, kind: 'in_progress', runnerName: runnerName! };
      // GitHub's own timestamps: queued (created_at) to picked up by one of our runners (started_at).
      const waited = Date.parse(String(job.started_at)) - Date.parse(String(job.created_at));
      metrics = [{ name: PIPELINE_METRICS.queuedToInProgress, value: waited, unit: 'Milliseconds' }];
    } else {
      message = {
        ...base,
        kind: 'completed',
        runnerName: typeof job.runner_name === 'string' && job.runner_name ? job.runner_name : null,
        conclusion: typeof job.conclusion === 'string' ? job.conclusion : null,
      };
      if (message.runnerName === null && message.conclusion === 'cancelled') metrics = [{ name: PIPELINE_METRICS.cancelledBeforeRunner, value: 1, unit: 'Count' }];
    }
    try {
      await deps.enqueue(message);
    } catch (err) {
      // GitHub shows the failed delivery; the redeliverer asks for it again.
      return new Answer(500, { message: 'could not queue the job' }, 'enqueue_failed', describe(err));
    }
    ctx.metrics = emf(config.runnerPrefix, deps.now(), metrics);
    return new Answer(202, { status: 'queued' }, 'queued');
  }

  return async (event) => {
    const started = deps.now();
    const ctx: LogContext = {};
    let answer: Answer;
    try {
      answer = await handle(event, ctx);
    } catch (err) {
      answer = new Answer(500, { message: 'internal error' }, 'error', describe(err));
    }
    const { metrics, ...context } = ctx;
    deps.log.info('github webhook', {
      ...context,
      outcome: answer.outcome,
      statusCode: answer.statusCode,
      ...(answer.reason === undefined ? {} : { reason: answer.reason }),
      durationMs: deps.now() - started,
      ...metrics,
    });
    return {
      statusCode: answer.statusCode,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answer.body),
    };
  };
}

/** Case-insensitive view of the request headers (HTTP APIs lower-case them, REST APIs do not). */
class RequestHeaders {
  private readonly values = new Map<string, string | null>();

  constructor(headers: Record<string, string | undefined> | undefined | null) {
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (typeof value !== 'string') continue;
      const key = name.toLowerCase();
      // The same header twice with different values is ambiguous: treat it as absent.
      this.values.set(key, this.values.has(key) && this.values.get(key) !== value ? null : value);
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name) ?? undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function truncate(value: string | undefined): string | undefined {
  return value === undefined || value.length <= MAX_LOGGED_HEADER_CHARS ? value : `${value.slice(0, MAX_LOGGED_HEADER_CHARS)}…`;
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length <= 300 ? text : `${text.slice(0, 300)}…`;
}
