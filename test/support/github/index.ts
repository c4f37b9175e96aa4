/**
 * A fake GitHub for the runner pipeline's tests, written from GitHub's REST, webhook and Actions
 * documentation (see model.ts for the sources): a REST API on 127.0.0.1 and the GitHub Actions
 * world behind it (installations, runner groups, JIT runners, workflow jobs, the App's webhook).
 *
 *   const gh = await startGitHubWorld({ appId, publicKey, webhookSecrets: () => [current, previous] });
 *   gh.addInstallation({ id: 1, account: 'octo-org', repositories: [{ fullName: 'octo-org/app' }],
 *     permissions: { organization_self_hosted_runners: 'write', actions: 'read' } });
 *   gh.onDelivery = async (d) => handler(d);          // the App's webhook endpoint
 *   const job = gh.queueJob({ repository: 'octo-org/app', labels: ['self-hosted', 'linux'] });
 *   await gh.idle();                                  // every delivery attempted
 *   gh.startRunner(encodedJitConfig);                 // what the runner task's ./run.sh does
 *   gh.completeJob(job.id);
 *   await gh.close();
 */
import {
  DeliveryRecord, Fault, InstallationInit, JobConclusion, JobView, LimitsOptions, PendingDelivery, QueueJobInit, RateLimitBucket,
  RateLimitView, Repository, RepositoryInit, RequestInfo, RequestRecord, RunnerGroupInit, RunnerView, TokenRecord,
} from './model';
import { startServer } from './server';
import { DeliveryHandler, ReleaseOptions } from './webhooks';
import { GitHubWorldOptions, World } from './world';

export * from './model';
export { signature256 } from './webhooks';
export type { DeliveryAnswer, DeliveryHandler, ReleaseOptions } from './webhooks';
export type { GitHubWorldOptions } from './world';

export interface GitHubWorld {
  /** Base URL of the REST API, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly appId: string;
  /** The App's webhook endpoint: return the HTTP status (or an API Gateway result). Unset: "failed to connect". */
  onDelivery: DeliveryHandler | undefined;
  /** Per-request fault injection, after authentication and rate limits. */
  fault: ((req: RequestInfo) => Fault | undefined) | undefined;
  /** Every request, with the status answered. */
  readonly requests: RequestRecord[];
  /** Every installation token issued, with what it was narrowed to. */
  readonly tokens: TokenRecord[];

  // Setup ------------------------------------------------------------------------------------
  /** A repository (private unless said otherwise); its owner becomes an organization if new. */
  addRepository(init: RepositoryInit): Repository;
  /** Installs the App on an account, on all or on selected repositories, with these permissions. */
  addInstallation(init: InstallationInit): { id: number };
  /** A runner group of an organization (group 1 "Default" always exists: visibility all, no public repositories). */
  addRunnerGroup(org: string, init: RunnerGroupInit): { id: number };
  /** Changes a runner group's access policy (including the Default group's). */
  updateRunnerGroup(org: string, id: number, patch: Partial<RunnerGroupInit>): void;

  // Jobs -------------------------------------------------------------------------------------
  /** Queues a job (status queued, or waiting with `environment`); emits workflow_job `queued`. */
  queueJob(init: QueueJobInit): JobView;
  /** Approves a waiting job's environment: queued again, a second `queued` delivery. */
  approveJob(jobId: number): JobView;
  /** Cancels a queued, waiting or running job: completed/cancelled; emits `completed`. */
  cancelJob(jobId: number): JobView;
  /** The runner finishes the job (default success); its ephemeral runner is removed; emits `completed`. */
  completeJob(jobId: number, conclusion?: JobConclusion): JobView;

  // Runners ----------------------------------------------------------------------------------
  /** `./run.sh --jitconfig <encoded>`: throws for an unknown, deleted or already used config; else the runner is online. */
  startRunner(encodedJitConfig: string): RunnerView;
  /** The runner process exits: offline for good; a job it runs fails. */
  stopRunner(nameOrId: string | number): RunnerView;

  // Clock ------------------------------------------------------------------------------------
  /** GitHub's clock (ms). */
  now(): number;
  /** Moves GitHub's clock (only GitHub's: a JWT minted on the real clock then looks old). */
  advance(ms: number): void;

  // Webhooks ---------------------------------------------------------------------------------
  /** Holds new deliveries until released. */
  pauseDeliveries(): void;
  /** Attempts the held deliveries (in an order, some dropped, or concurrently); stays paused. */
  releaseDeliveries(opts?: ReleaseOptions): void;
  /** Releases what is held, in order, and delivers as events happen again. */
  resumeDeliveries(): void;
  pendingDeliveries(): PendingDelivery[];
  /** Resolves when every released delivery has been attempted. Do not await it inside onDelivery. */
  idle(): Promise<void>;

  // Faults and limits ------------------------------------------------------------------------
  limits(opts: LimitsOptions): void;
  rateLimit(bucket: RateLimitBucket): RateLimitView;

  // Observation ------------------------------------------------------------------------------
  runners(opts?: { includeRemoved?: boolean }): RunnerView[];
  jobs(): JobView[];
  job(jobId: number): JobView;
  /** Every delivery attempt, oldest first, as the deliveries API shows it (with request and response). */
  deliveries(): DeliveryRecord[];
  /** Every JWT received and every installation token and JIT config issued. */
  secrets(): string[];

  close(): Promise<void>;
}

export async function startGitHubWorld(opts: GitHubWorldOptions): Promise<GitHubWorld> {
  const world = new World(opts);
  const server = await startServer(world);
  world.url = server.url;
  world.onClose(server.close);
  return world;
}
