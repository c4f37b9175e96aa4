/**
 * The state of the fake GitHub and the read-only views a test sees. No behaviour lives here:
 * world.ts changes the state, server.ts answers REST requests from it, webhooks.ts tells the App.
 *
 * Sources (GitHub REST API version 2022-11-28; OpenAPI description in @octokit/openapi):
 * - self-hosted runners: https://docs.github.com/rest/actions/self-hosted-runners
 * - runner groups: https://docs.github.com/rest/actions/self-hosted-runner-groups
 * - workflow jobs: https://docs.github.com/rest/actions/workflow-jobs
 * - installation tokens: https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app
 * - App webhook deliveries: https://docs.github.com/rest/apps/webhooks
 * - rate limits: https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */

/** An App permission level; `admin` implies `write` implies `read`. */
export type PermissionLevel = 'read' | 'write' | 'admin';
/** App permissions by name, e.g. `{ administration: 'write', organization_self_hosted_runners: 'write', actions: 'read' }`. */
export type Permissions = Record<string, PermissionLevel>;

export type AccountType = 'Organization' | 'User';
export type RepositoryVisibility = 'public' | 'private' | 'internal';
export type RunnerGroupVisibility = 'all' | 'selected' | 'private';
export type JobStatus = 'queued' | 'in_progress' | 'completed' | 'waiting';
/** The conclusions the workflow_job `completed` webhook documents. */
export type JobConclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface RepositoryInit {
  /** `owner/name`. */
  readonly fullName: string;
  /** @default true */
  readonly private?: boolean;
  /** @default 'private' when private, else 'public' ('internal' repositories are private too) */
  readonly visibility?: RepositoryVisibility;
  /** @default a new id */
  readonly id?: number;
}

export interface InstallationInit {
  readonly id: number;
  /** Login of the account the App is installed on. */
  readonly account: string;
  /** @default 'Organization' */
  readonly accountType?: AccountType;
  /**
   * The repositories the installation was granted ("Only select repositories"). They are created
   * in the world if they do not exist yet.
   * @default every repository of the account, present and future ("All repositories")
   */
  readonly repositories?: RepositoryInit[];
  readonly permissions: Permissions;
}

export interface RunnerGroupInit {
  readonly name: string;
  readonly visibility: RunnerGroupVisibility;
  /** Full names of the repositories a `selected` group admits. */
  readonly repositories?: string[];
  /**
   * "For security reasons, public repositories can't use runners in a runner group by default,
   * but you can override this in the runner group's settings." (Adding self-hosted runners)
   * @default false
   */
  readonly allowsPublicRepositories?: boolean;
}

export interface QueueJobInit {
  /** `owner/name`; created (private) if the world does not know it. */
  readonly repository: string;
  /** The job's `runs-on` labels. */
  readonly labels: string[];
  /** @default now */
  readonly createdAt?: Date;
  /** @default 'build' */
  readonly name?: string;
  /** @default 'CI' */
  readonly workflowName?: string;
  /** @default 'main' */
  readonly headBranch?: string;
  /**
   * A deployment environment with required reviewers: the job waits for approval. GitHub then sends
   * `queued` (status `waiting`) and `waiting`, and after `approveJob` a second `queued` (status
   * `queued`), as in the @octokit/webhooks-examples `workflow_job` payloads of lineville/elastic-machines-testing.
   */
  readonly environment?: string;
  /** Login of the user who triggered the run. @default 'monalisa' */
  readonly sender?: string;
  /** @default 1 */
  readonly runAttempt?: number;
}

export interface Repository {
  readonly id: number;
  readonly nodeId: string;
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  readonly private: boolean;
  readonly visibility: RepositoryVisibility;
}

export interface Account {
  readonly login: string;
  readonly id: number;
  readonly type: AccountType;
  readonly runnerGroups: Map<number, RunnerGroup>;
  nextRunnerGroupId: number;
}

export interface RunnerGroup {
  readonly id: number;
  name: string;
  visibility: RunnerGroupVisibility;
  readonly isDefault: boolean;
  /** Lower-case full names admitted by a `selected` group. */
  selected: Set<string>;
  allowsPublicRepositories: boolean;
}

export interface Installation {
  readonly id: number;
  readonly account: string;
  readonly repositorySelection: 'all' | 'selected';
  /** Lower-case full names, for `selected`. */
  readonly repositories: Set<string>;
  readonly permissions: Permissions;
}

export type RunnerScope = { readonly kind: 'organization'; readonly org: string } | { readonly kind: 'repository'; readonly repository: string };

export interface Runner {
  readonly id: number;
  readonly name: string;
  readonly scope: RunnerScope;
  readonly runnerGroupId: number;
  readonly labels: string[];
  readonly workFolder: string;
  readonly encodedJitConfig: string;
  readonly registeredAt: number;
  status: 'online' | 'offline';
  busy: boolean;
  os: string;
  version: string | null;
  configUsed: boolean;
  jobId: number | null;
  /** When the runner last talked to GitHub (registration, start, stop). */
  lastSeenAt: number;
}

export interface Job {
  readonly id: number;
  readonly runId: number;
  readonly runAttempt: number;
  readonly repository: string;
  readonly labels: string[];
  readonly name: string;
  readonly workflowName: string;
  readonly headBranch: string;
  readonly headSha: string;
  readonly createdAt: number;
  readonly environment?: string;
  readonly sender: string;
  status: JobStatus;
  conclusion: JobConclusion | null;
  startedAt: number;
  completedAt: number | null;
  runnerId: number | null;
  runnerName: string | null;
  runnerGroupId: number | null;
  runnerGroupName: string | null;
}

/** An installation access token the fake issued. */
export interface TokenRecord {
  readonly token: string;
  readonly installationId: number;
  /** Full names the token was narrowed to, or 'all' (every repository of the installation). */
  readonly repositories: string[] | 'all';
  readonly permissions: Permissions;
  readonly expiresAt: Date;
}

/** What a fault or secondary-limit matcher sees of a request, after authentication. */
export interface RequestInfo {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The OpenAPI route, e.g. `POST /orgs/{org}/actions/runners/generate-jitconfig`; undefined for unknown paths. */
  readonly route?: string;
  readonly auth: 'jwt' | 'installation';
  readonly installationId?: number;
  readonly body?: unknown;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly route?: string;
  /** The status answered; 'hang' for a request that never got an answer. */
  status: number | 'hang';
  readonly auth: 'jwt' | 'installation' | 'none' | 'invalid';
  readonly installationId?: number;
  /** For installation tokens: the repositories the token was narrowed to. */
  readonly tokenRepositories?: string[] | 'all';
  readonly at: Date;
}

/**
 * A per-request fault, decided after authentication and the rate limits:
 * - `{ status, headers?, message? }` answers that instead of handling the request;
 * - with `applied: true` the request is handled first (state changes), then the answer is replaced:
 *   GitHub did it, the client never learnt;
 * - `'hang'` never answers; `'hang-after-apply'` handles the request and never answers.
 */
export type Fault =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly message?: string; readonly applied?: boolean }
  | 'hang' | 'hang-after-apply';

export type RateLimitBucket = 'app' | 'anonymous' | number;

export interface PrimaryLimitOptions {
  /** 'app' (JWT requests), 'anonymous' (no or bad credentials, per IP) or an installation id. @default every installation bucket */
  readonly bucket?: RateLimitBucket;
  /** Requests per hour. @default 5,000 (installations and the app), 60 (anonymous) */
  readonly limit?: number;
  /** Requests left in the current window. @default limit */
  readonly remaining?: number;
  /** Seconds until the window resets. @default 3600 */
  readonly resetInSeconds?: number;
  /** GitHub answers an exhausted limit with 403 or 429. @default 403 */
  readonly status?: 403 | 429;
}

export interface SecondaryLimitOptions {
  /** @default 403 */
  readonly status?: 403 | 429;
  /** Seconds in the `retry-after` header; omitted when undefined (GitHub sends it only sometimes). */
  readonly retryAfter?: number;
  /** How many matching requests get the answer. @default 1 */
  readonly count?: number;
  /** Which requests. @default every authenticated request */
  readonly match?: (req: RequestInfo) => boolean;
}

export interface LimitsOptions {
  readonly primary?: PrimaryLimitOptions;
  /** Injects secondary-rate-limit answers; `null` clears the injection. */
  readonly secondary?: SecondaryLimitOptions | null;
  /**
   * The documented secondary limits: at most 100 concurrent requests, and 900 points per minute
   * per REST endpoint (GET 1 point, POST/PATCH/PUT/DELETE 5). @default true
   */
  readonly documentedSecondary?: boolean;
}

export interface RateLimitView {
  readonly limit: number;
  readonly remaining: number;
  readonly used: number;
  /** UTC epoch seconds. */
  readonly reset: number;
}

export interface JobView {
  readonly id: number;
  readonly runId: number;
  readonly repository: string;
  readonly labels: string[];
  readonly status: JobStatus;
  readonly conclusion: JobConclusion | null;
  readonly createdAt: Date;
  readonly startedAt: Date;
  readonly completedAt: Date | null;
  readonly runnerId: number | null;
  readonly runnerName: string | null;
  readonly runnerGroupId: number | null;
  readonly runnerGroupName: string | null;
  readonly environment?: string;
}

export interface RunnerView {
  readonly id: number;
  readonly name: string;
  readonly scope: 'organization' | 'repository';
  /** The organization login or the repository full name the runner is registered in. */
  readonly owner: string;
  readonly runnerGroupId: number;
  readonly labels: string[];
  readonly status: 'online' | 'offline';
  readonly busy: boolean;
  readonly ephemeral: true;
  readonly jobId: number | null;
  /** Whether `./run.sh --jitconfig` has used the runner's JIT config. */
  readonly configUsed: boolean;
  readonly registeredAt: Date;
  /** When GitHub removed the registration (after its job, by DELETE, or offline for a day); null while registered. */
  readonly removedAt: Date | null;
}

/** A delivery the fake is about to make (not attempted yet). */
export interface PendingDelivery {
  readonly guid: string;
  readonly event: string;
  readonly action: string | null;
  readonly payload: Record<string, any>;
  readonly body: string;
  readonly installationId: number | null;
  readonly repositoryId: number | null;
  readonly redelivery: boolean;
}

/** What the App's webhook endpoint receives. */
export interface Delivery extends PendingDelivery {
  /** The id of this attempt in the deliveries API. */
  readonly id: number;
  /** The request headers as GitHub sends them (GitHub's capitalisation). */
  readonly headers: Record<string, string>;
}

/** One attempt, as `GET /app/hook/deliveries/{id}` shows it. */
export interface DeliveryRecord {
  readonly id: number;
  readonly guid: string;
  /** ISO 8601, seconds precision. */
  readonly delivered_at: string;
  readonly redelivery: boolean;
  /** Seconds. */
  readonly duration: number;
  /** 'OK', 'Invalid HTTP Response: 503', 'timed out' or 'failed to connect'. */
  readonly status: string;
  readonly status_code: number;
  readonly event: string;
  readonly action: string | null;
  readonly installation_id: number | null;
  readonly repository_id: number | null;
  readonly throttled_at: null;
  readonly request: { readonly headers: Record<string, string>; readonly payload: Record<string, any> };
  readonly response: { readonly headers: Record<string, string>; readonly payload: string | null };
}

/** ISO 8601 with seconds precision, as GitHub writes timestamps. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export const lower = (s: string): string => s.toLowerCase();

export const LEVELS: Record<PermissionLevel, number> = { read: 1, write: 2, admin: 3 };
