/**
 * The App's webhook: `workflow_job` payloads shaped after @octokit/webhooks-examples, signed and
 * delivered the way GitHub documents it.
 *
 * - Headers ("Webhook events and payloads", "Delivery headers"): X-GitHub-Event, X-GitHub-Delivery
 *   (a GUID), X-GitHub-Hook-ID, X-GitHub-Hook-Installation-Target-Type/-ID (`integration` and the
 *   App id for an App's webhook), X-Hub-Signature (sha1, legacy) and X-Hub-Signature-256: the HMAC
 *   hex digest of the raw body with the webhook secret; User-Agent `GitHub-Hookshot/...`.
 * - "GitHub does not automatically redeliver failed deliveries" (Handling failed webhook
 *   deliveries): each delivery is attempted once. A redelivery (POST /app/hook/deliveries/{id}/attempts)
 *   sends the same payload with the same GUID (`redelivery: true`) as a new delivery id, signed with
 *   the secret current at that time.
 * - A delivery fails when the server answers 4xx/5xx ("Invalid HTTP response"), cannot be reached
 *   ("failed to connect"; status_code 502 as in the OpenAPI `hook-delivery-item` example), or does
 *   not answer within 10 seconds ("timed out": "GitHub terminates the connection and considers the
 *   delivery a failure"). GitHub documents no status_code for a timeout; none was received, so the
 *   fake records 0 (configurable). A failed delivery's `status` is never "OK", which is what GitHub's
 *   own redelivery script tests.
 * - "GitHub may deliver webhooks in a different order than the order in which the events took
 *   place" (Troubleshooting webhooks): pause, then release in any order, or drop, to model it.
 * - Deliveries are kept for 3 days ("You can redeliver webhook deliveries that occurred in the past 3 days").
 */
import { createHmac, randomUUID } from 'crypto';
import examples from '@octokit/webhooks-examples';
import { Account, Delivery, DeliveryRecord, isoSeconds, Job, PendingDelivery, Repository } from './model';

/** What the test wires to its webhook handler: an HTTP status, or an API Gateway style result. */
export type DeliveryHandler = (delivery: Delivery) => Promise<DeliveryAnswer> | DeliveryAnswer;
export type DeliveryAnswer = number | { readonly statusCode?: number; readonly body?: string; readonly headers?: Record<string, any> };

export const DELIVERY_RETENTION_MS = 3 * 24 * 3600_000;

type Payload = Record<string, any>;
const workflowJobExamples = examples.find((d) => d.name === 'workflow_job')!.examples as Payload[];
/** Codertocat/Hello-World, queued, with `installation`: the template for `repository` and `sender`. */
const TEMPLATE = workflowJobExamples.find((p) => p.action === 'queued' && p.repository.full_name === 'Codertocat/Hello-World' && p.installation)!;
/** octo-org: the template for `organization`. */
const ORG_TEMPLATE = workflowJobExamples.find((p) => p.organization?.login === 'octo-org')!.organization as Payload;
/** The queued payload of a job waiting for an environment's reviewers: the template for `deployment`. */
const DEPLOYMENT_TEMPLATE = workflowJobExamples.find((p) => p.deployment)!.deployment as Payload;

/** Deep copy of `value` with every string's `from` replaced by `to` (rebases URLs on another repository). */
function rebase<T>(value: T, pairs: Array<[string, string]>): T {
  return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === 'string' ? pairs.reduce((s, [from, to]) => s.split(from).join(to), v) : v));
}

const nodeId = (prefix: string, id: number) => Buffer.from(`${prefix}${id}`).toString('base64').replace(/=+$/, '');

export function userJson(login: string, id: number, type: 'User' | 'Organization' | 'Bot' = 'User'): Payload {
  return { ...rebase(TEMPLATE.sender, [['Codertocat', login]]), login, id, node_id: nodeId(type === 'Organization' ? '04:Organization' : '04:User', id), type, site_admin: false };
}

export function organizationJson(account: Account): Payload {
  return { ...rebase(ORG_TEMPLATE, [['octo-org', account.login]]), login: account.login, id: account.id, node_id: nodeId('012:Organization', account.id), description: null };
}

/** The webhook `repository` object: the example's fields, rebased on this repository. */
export function repositoryJson(repo: Repository, owner: Account): Payload {
  const r = rebase(TEMPLATE.repository, [['Codertocat/Hello-World', repo.fullName], ['Codertocat', repo.owner]]);
  return {
    ...r,
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    visibility: repo.visibility,
    owner: userJson(owner.login, owner.id, owner.type),
    description: null,
  };
}

/** The `workflow_job` object of the webhook payloads (and, with `run_url` etc., of GET .../actions/jobs/{id}). */
export function workflowJobJson(job: Job, api: string, web: string): Payload {
  return {
    id: job.id,
    run_id: job.runId,
    workflow_name: job.workflowName,
    head_branch: job.headBranch,
    run_url: `${api}/repos/${job.repository}/actions/runs/${job.runId}`,
    run_attempt: job.runAttempt,
    node_id: nodeId('CR_', job.id),
    head_sha: job.headSha,
    url: `${api}/repos/${job.repository}/actions/jobs/${job.id}`,
    html_url: `${web}/${job.repository}/actions/runs/${job.runId}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: isoSeconds(job.createdAt),
    started_at: isoSeconds(job.startedAt),
    completed_at: job.completedAt === null ? null : isoSeconds(job.completedAt),
    name: job.name,
    steps: [],
    check_run_url: `${api}/repos/${job.repository}/check-runs/${job.id}`,
    labels: [...job.labels],
    runner_id: job.runnerId,
    runner_name: job.runnerName,
    runner_group_id: job.runnerGroupId,
    runner_group_name: job.runnerGroupName,
  };
}

export interface WorkflowJobEventInput {
  readonly action: 'queued' | 'waiting' | 'in_progress' | 'completed';
  readonly job: Job;
  readonly repository: Repository;
  readonly owner: Account;
  readonly sender: { login: string; id: number };
  readonly installationId: number;
  readonly api: string;
  readonly web: string;
}

/** A `workflow_job` payload with the keys in the order GitHub sends them. */
export function workflowJobPayload(e: WorkflowJobEventInput): Payload {
  const payload: Payload = { action: e.action, workflow_job: workflowJobJson(e.job, e.api, e.web) };
  if (e.job.environment) {
    payload.deployment = {
      ...rebase(DEPLOYMENT_TEMPLATE, [['lineville/elastic-machines-testing', e.repository.fullName], ['lineville', e.owner.login]]),
      id: e.job.runId,
      environment: e.job.environment,
      original_environment: e.job.environment,
      sha: e.job.headSha,
      ref: e.job.headBranch,
      created_at: isoSeconds(e.job.createdAt),
      updated_at: isoSeconds(e.job.createdAt),
      creator: userJson(e.sender.login, e.sender.id),
    };
  }
  payload.repository = repositoryJson(e.repository, e.owner);
  if (e.owner.type === 'Organization') payload.organization = organizationJson(e.owner);
  payload.sender = userJson(e.sender.login, e.sender.id);
  payload.installation = { id: e.installationId, node_id: nodeId('023:IntegrationInstallation', e.installationId) };
  return payload;
}

/** `sha256=` + the HMAC-SHA256 hex digest of the raw body, as in X-Hub-Signature-256. */
export function signature256(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DeliveryHost {
  readonly appId: string;
  readonly hookId: number;
  readonly deliveryTimeoutMs: number;
  readonly timeoutStatusCode: number;
  readonly onDelivery?: DeliveryHandler;
  now(): number;
  webhookSecrets(): string[];
}

export interface ReleaseOptions {
  /** @default 'fifo' */
  readonly order?: 'fifo' | 'lifo' | ((a: PendingDelivery, b: PendingDelivery) => number);
  /** Deliveries GitHub never attempts (they do not appear in the deliveries API either). */
  readonly drop?: (d: PendingDelivery) => boolean;
  /** Attempt them all at once instead of one after the other. @default false */
  readonly concurrent?: boolean;
}

type Outcome = { kind: 'answer'; value: DeliveryAnswer } | { kind: 'error' } | { kind: 'timeout' };

export class DeliveryService {
  /** Every attempt, oldest first. */
  readonly records: DeliveryRecord[] = [];
  private pending: PendingDelivery[] = [];
  private paused = false;
  private chain: Promise<void> = Promise.resolve();
  private nextId = 90_000_000_001;
  /** The exact body of each attempt, for redelivery (records and deliveries hold parsed copies a test may change). */
  private readonly bodies = new Map<number, PendingDelivery>();

  constructor(private readonly host: DeliveryHost) {}

  /** A new event: delivered in turn, or held while paused. */
  emit(event: string, payload: Payload, installationId: number | null): void {
    this.enqueue({
      guid: randomUUID(),
      event,
      action: typeof payload.action === 'string' ? payload.action : null,
      payload,
      body: JSON.stringify(payload),
      installationId,
      repositoryId: typeof payload.repository?.id === 'number' ? payload.repository.id : null,
      redelivery: false,
    });
  }

  /** Sends a recorded delivery again: same GUID and body, a new delivery id. */
  redeliver(record: DeliveryRecord): void {
    const original = this.bodies.get(record.id)!;
    this.enqueue({ ...original, payload: JSON.parse(original.body), redelivery: true });
  }

  pause(): void {
    this.paused = true;
  }

  /** Attempts what is pending (in the given order, minus the dropped); stays paused. */
  release(opts: ReleaseOptions = {}): void {
    let batch = this.pending;
    this.pending = [];
    const order = opts.order ?? 'fifo';
    if (order === 'lifo') batch = [...batch].reverse();
    else if (typeof order === 'function') batch = [...batch].sort(order);
    batch = batch.filter((d) => !opts.drop?.(d));
    if (opts.concurrent) {
      this.chain = this.chain.then(async () => { await Promise.all(batch.map((d) => this.attempt(d))); });
    } else {
      for (const d of batch) this.chain = this.chain.then(() => this.attempt(d));
    }
  }

  /** Delivers what is pending in order and delivers new events as they happen. */
  resume(): void {
    this.paused = false;
    this.release();
  }

  pendingDeliveries(): PendingDelivery[] {
    return [...this.pending];
  }

  /** Resolves when every released delivery has been attempted (held ones excepted). */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  private enqueue(d: PendingDelivery): void {
    this.pending.push(d);
    if (!this.paused) this.release();
  }

  private headers(d: PendingDelivery): Record<string, string> {
    const headers: Record<string, string> = {
      'Accept': '*/*',
      'Content-Type': 'application/json',
      'User-Agent': 'GitHub-Hookshot/2a5f3e4',
      'X-GitHub-Delivery': d.guid,
      'X-GitHub-Event': d.event,
      'X-GitHub-Hook-ID': String(this.host.hookId),
      'X-GitHub-Hook-Installation-Target-ID': this.host.appId,
      'X-GitHub-Hook-Installation-Target-Type': 'integration',
    };
    const secret = this.host.webhookSecrets()[0];
    if (secret !== undefined && secret !== '') {
      headers['X-Hub-Signature'] = `sha1=${createHmac('sha1', secret).update(d.body).digest('hex')}`;
      headers['X-Hub-Signature-256'] = signature256(secret, d.body);
    }
    return headers;
  }

  private async attempt(d: PendingDelivery): Promise<void> {
    const id = this.nextId++;
    const headers = this.headers(d);
    const deliveredAt = this.host.now();
    const started = process.hrtime.bigint();
    const handler = this.host.onDelivery;
    let status: string;
    let statusCode: number;
    let responseHeaders: Record<string, string> = {};
    let responseBody: string | null = null;
    if (!handler) {
      status = 'failed to connect';
      statusCode = 502;
    } else {
      const outcome = await this.call(handler, { ...d, payload: JSON.parse(d.body), id, headers });
      if (outcome.kind === 'timeout') {
        status = 'timed out';
        statusCode = this.host.timeoutStatusCode;
      } else if (outcome.kind === 'error') {
        status = 'Invalid HTTP Response: 500';
        statusCode = 500;
      } else {
        const answer = outcome.value;
        statusCode = typeof answer === 'number' ? answer : answer.statusCode ?? 200;
        if (typeof answer !== 'number') {
          responseBody = answer.body ?? null;
          responseHeaders = Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k, String(v)]));
        }
        status = statusCode >= 200 && statusCode < 300 ? 'OK' : `Invalid HTTP Response: ${statusCode}`;
      }
    }
    this.bodies.set(id, d);
    this.records.push({
      id,
      guid: d.guid,
      delivered_at: isoSeconds(deliveredAt),
      redelivery: d.redelivery,
      duration: Number(process.hrtime.bigint() - started) / 1e9,
      status,
      status_code: statusCode,
      event: d.event,
      action: d.action,
      installation_id: d.installationId,
      repository_id: d.repositoryId,
      throttled_at: null,
      request: { headers, payload: JSON.parse(d.body) },
      response: { headers: responseHeaders, payload: responseBody },
    });
  }

  /** Calls the handler; after the timeout GitHub hangs up, but the handler keeps running, as a real server would. */
  private call(handler: DeliveryHandler, delivery: Delivery): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => resolve({ kind: 'timeout' }), this.host.deliveryTimeoutMs);
      void Promise.resolve()
        .then(() => handler(delivery))
        .then((value) => resolve({ kind: 'answer', value }), () => resolve({ kind: 'error' }))
        .finally(() => clearTimeout(timer));
    });
  }
}
