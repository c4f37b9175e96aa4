/**
 * The fake GitHub's world: accounts, repositories, the App's installations, runner groups,
 * self-hosted runners and workflow jobs, and the rules GitHub documents for them.
 *
 * Job routing ("Using self-hosted runners in a workflow", "Routing precedence"): GitHub assigns a
 * queued job to an online and idle runner that "matches the job's runs-on labels"; labels "operate
 * cumulatively", so the runner needs every job label, and "Labels are case-insensitive" (Using
 * labels with self-hosted runners). A repository runner serves only its repository. An
 * organization runner serves the repositories its runner group admits (REST "runner groups":
 * visibility `all`, `selected` or `private`; `allows_public_repositories`; "public repositories
 * can't use runners in a runner group by default"). Without a matching runner "the job will remain
 * queued until a runner comes online"; "If the job remains queued for more than 24 hours, the job
 * will fail." The fake assigns deterministically: oldest job first (created_at, then id), and for
 * each job the repository runners first, then organization runners, each by id.
 *
 * Runners: a JIT runner is registered offline and ephemeral (POST .../generate-jitconfig); its
 * encoded config "cannot register another runner" (single use); "Just-in-time (JIT) runners can
 * only run a single job"; "The GitHub Actions service will then automatically de-register the
 * runner after it has processed one job" (Autoscaling, ephemeral runners); "An ephemeral
 * self-hosted runner is automatically removed from GitHub if it has not connected to GitHub Actions
 * for more than 1 day." A runner whose process stops stays registered "in an Offline state"
 * (Removing self-hosted runners). Not modelled: the 60-second pick-up window after assignment
 * (assignment is immediate), environment-approval and waiting-job timeouts, runner groups
 * restricted to workflows, enterprise runners, the Default group inheriting enterprise settings.
 *
 * Installation webhooks: an App receives `workflow_job` events only for repositories an
 * installation of it can access. A job in any other repository still runs and can still take an
 * organization runner whose group admits that repository; the App just never hears of it.
 *
 * Time: `now()` is GitHub's clock (the base clock plus `advance()`); token expiry, JWT checks,
 * rate-limit windows, delivery retention and the time-outs above all read it.
 */
import { KeyObject } from 'crypto';
import { newEncodedJitConfig } from './auth';
import { RateLimiter } from './limits';
import {
  Account, AccountType, DeliveryRecord, Fault, Installation, InstallationInit, Job, JobConclusion, JobView, LimitsOptions, lower,
  PendingDelivery, QueueJobInit, RateLimitBucket, RateLimitView, Repository, RepositoryInit, RequestInfo, RequestRecord, Runner,
  RunnerGroup, RunnerGroupInit, RunnerScope, RunnerView, TokenRecord,
} from './model';
import { DELIVERY_RETENTION_MS, DeliveryHandler, DeliveryService, ReleaseOptions, workflowJobPayload } from './webhooks';

export interface GitHubWorldOptions {
  /** The App's id: JWT `iss` and X-GitHub-Hook-Installation-Target-ID. */
  readonly appId: string | number;
  /** The App's client id, also accepted as JWT `iss`. */
  readonly clientId?: string;
  /** Verifies App JWTs (RS256). */
  readonly publicKey: KeyObject | string;
  /** The webhook secret(s); the first is the current one GitHub signs with. @default no secret: deliveries are unsigned */
  readonly webhookSecrets?: () => string[];
  /** @default 42424242 */
  readonly hookId?: number;
  /** GitHub waits this long for the webhook answer. @default 10,000 ms (GitHub.com) */
  readonly deliveryTimeoutMs?: number;
  /** status_code recorded for a timed-out delivery. @default 0 (no response was received) */
  readonly timeoutStatusCode?: number;
  /** The base clock in ms. @default Date.now */
  readonly clock?: () => number;
  /** The App's webhook URL, as `GET /app/hook/deliveries/{id}` reports it. @default 'https://hooks.example.com/github' */
  readonly webhookUrl?: string;
}

const DAY_MS = 24 * 3600_000;
const JOB_QUEUE_TIMEOUT_MS = DAY_MS;
const EPHEMERAL_OFFLINE_REMOVAL_MS = DAY_MS;
const DEFAULT_LABELS = new Set(['self-hosted', 'linux', 'windows', 'macos', 'x64', 'arm', 'arm64']);
const RUNNER_VERSION = '2.329.0';

export class World {
  /** Base URL of the REST API (set when the server listens). */
  url = '';
  readonly webUrl = 'https://github.com';
  readonly webhookUrl: string;
  readonly appId: string;
  readonly clientId?: string;
  readonly publicKey: KeyObject | string;
  readonly hookId: number;
  readonly deliveryTimeoutMs: number;
  readonly timeoutStatusCode: number;
  /** Per-request fault injection, decided after authentication and rate limits. */
  fault: ((req: RequestInfo) => Fault | undefined) | undefined;
  /** The App's webhook endpoint. Unset: deliveries fail with "failed to connect". */
  onDelivery: DeliveryHandler | undefined;

  readonly accounts = new Map<string, Account>();
  readonly repositories = new Map<string, Repository>();
  readonly installations = new Map<number, Installation>();
  readonly runnersById = new Map<number, Runner>();
  readonly removedRunners: Array<Runner & { removedAt: number }> = [];
  readonly jobsById = new Map<number, Job>();
  readonly tokens: TokenRecord[] = [];
  readonly jwts: string[] = [];
  readonly requests: RequestRecord[] = [];
  readonly limiter: RateLimiter;
  readonly webhooks: DeliveryService;

  private readonly clock: () => number;
  private readonly secretsFn: () => string[];
  private offset = 0;
  private readonly users = new Map<string, number>();
  private readonly labelIds = new Map<string, number>();
  private nextAccountId = 9_100_001;
  private nextRepositoryId = 700_000_001;
  private nextRunnerId = 101;
  private nextJobId = 31_000_000_001;
  private nextRunId = 11_000_000_001;
  /** Stops the server (set by startGitHubWorld). */
  private closer: (() => Promise<void>) | undefined;

  constructor(opts: GitHubWorldOptions) {
    this.appId = String(opts.appId);
    this.webhookUrl = opts.webhookUrl ?? 'https://hooks.example.com/github';
    this.clientId = opts.clientId;
    this.publicKey = opts.publicKey;
    this.hookId = opts.hookId ?? 42424242;
    this.deliveryTimeoutMs = opts.deliveryTimeoutMs ?? 10_000;
    this.timeoutStatusCode = opts.timeoutStatusCode ?? 0;
    this.clock = opts.clock ?? Date.now;
    this.secretsFn = opts.webhookSecrets ?? (() => []);
    this.limiter = new RateLimiter(() => this.now());
    this.webhooks = new DeliveryService(this);
  }

  /** What stops the server. */
  onClose(closer: () => Promise<void>): void {
    this.closer = closer;
  }

  async close(): Promise<void> {
    await this.closer?.();
  }

  // ---------------------------------------------------------------------------------------------
  // Clock

  /** GitHub's clock, ms since the epoch. */
  now(): number {
    return this.clock() + this.offset;
  }

  /** Moves GitHub's clock forward and applies what time does (job and runner time-outs). */
  advance(ms: number): void {
    this.offset += ms;
    this.sweep();
  }

  webhookSecrets(): string[] {
    return this.secretsFn();
  }

  // ---------------------------------------------------------------------------------------------
  // Setup

  addRepository(init: RepositoryInit): Repository {
    const [owner, name, ...rest] = init.fullName.split('/');
    if (!owner || !name || rest.length) throw new Error(`repository must be owner/name, got ${init.fullName}`);
    if (this.repositories.has(lower(init.fullName))) throw new Error(`repository ${init.fullName} exists`);
    const account = this.account(owner);
    const isPrivate = init.private ?? (init.visibility ? init.visibility !== 'public' : true);
    const visibility = init.visibility ?? (isPrivate ? 'private' : 'public');
    if ((visibility === 'public') === isPrivate) throw new Error(`repository ${init.fullName}: private ${isPrivate} contradicts visibility ${visibility}`);
    const id = init.id ?? this.nextRepositoryId++;
    const repo: Repository = {
      id,
      nodeId: Buffer.from(`010:Repository${id}`).toString('base64').replace(/=+$/, ''),
      owner: account.login,
      name,
      fullName: `${account.login}/${name}`,
      private: isPrivate,
      visibility,
    };
    this.repositories.set(lower(repo.fullName), repo);
    return repo;
  }

  addInstallation(init: InstallationInit): { id: number } {
    if (this.installations.has(init.id)) throw new Error(`installation ${init.id} exists`);
    if ([...this.installations.values()].some((i) => lower(i.account) === lower(init.account))) {
      throw new Error(`the App is already installed on ${init.account}`);
    }
    const account = this.account(init.account, init.accountType ?? 'Organization');
    const repositories = new Set<string>();
    for (const r of init.repositories ?? []) {
      const repo = this.repositories.get(lower(r.fullName)) ?? this.addRepository(r);
      if (lower(repo.owner) !== lower(account.login)) throw new Error(`${r.fullName} is not in ${account.login}`);
      repositories.add(lower(repo.fullName));
    }
    this.installations.set(init.id, {
      id: init.id, account: account.login, repositorySelection: init.repositories ? 'selected' : 'all', repositories, permissions: { ...init.permissions },
    });
    return { id: init.id };
  }

  /** Every organization has group 1, "Default" (visibility all, default: true, public repositories not allowed). */
  addRunnerGroup(org: string, init: RunnerGroupInit): { id: number } {
    const account = this.organization(org);
    if ([...account.runnerGroups.values()].some((g) => lower(g.name) === lower(init.name))) throw new Error(`runner group ${init.name} exists in ${org}`);
    const id = account.nextRunnerGroupId++;
    account.runnerGroups.set(id, {
      id,
      name: init.name,
      visibility: init.visibility,
      isDefault: false,
      selected: this.selected(account, init.repositories),
      allowsPublicRepositories: init.allowsPublicRepositories ?? false,
    });
    return { id };
  }

  /** Changes a group's access policy (the Default group's too); queued jobs are routed again. */
  updateRunnerGroup(org: string, id: number, patch: Partial<RunnerGroupInit>): void {
    const account = this.organization(org);
    const group = account.runnerGroups.get(id);
    if (!group) throw new Error(`no runner group ${id} in ${org}`);
    if (patch.name !== undefined) group.name = patch.name;
    if (patch.visibility !== undefined) group.visibility = patch.visibility;
    if (patch.repositories !== undefined) group.selected = this.selected(account, patch.repositories);
    if (patch.allowsPublicRepositories !== undefined) group.allowsPublicRepositories = patch.allowsPublicRepositories;
    this.dispatch();
  }

  // ---------------------------------------------------------------------------------------------
  // Jobs (the GitHub Actions side)

  /** A new job, queued (or waiting for its environment's reviewers); emits `queued` (and `waiting`). */
  queueJob(init: QueueJobInit): JobView {
    this.sweep();
    if (init.labels.length === 0) throw new Error('a job needs runs-on labels');
    const repo = this.repositories.get(lower(init.repository)) ?? this.addRepository({ fullName: init.repository });
    const createdAt = init.createdAt?.getTime() ?? this.now();
    const job: Job = {
      id: this.nextJobId++,
      runId: this.nextRunId++,
      runAttempt: init.runAttempt ?? 1,
      repository: repo.fullName,
      labels: [...init.labels],
      name: init.name ?? 'build',
      workflowName: init.workflowName ?? 'CI',
      headBranch: init.headBranch ?? 'main',
      headSha: Buffer.from(`${repo.fullName}#${this.nextRunId}`).toString('hex').padEnd(40, '0').slice(0, 40),
      createdAt,
      environment: init.environment,
      sender: init.sender ?? 'monalisa',
      status: init.environment ? 'waiting' : 'queued',
      conclusion: null,
      startedAt: createdAt,
      completedAt: null,
      runnerId: null,
      runnerName: null,
      runnerGroupId: null,
      runnerGroupName: null,
    };
    this.jobsById.set(job.id, job);
    this.emitJob(job, 'queued');
    if (job.status === 'waiting') this.emitJob(job, 'waiting');
    this.dispatch();
    return this.jobView(job);
  }

  /** A reviewer approves the environment: the job is queued again and GitHub sends a second `queued`. */
  approveJob(jobId: number): JobView {
    this.sweep();
    const job = this.jobOrThrow(jobId);
    if (job.status !== 'waiting') throw new Error(`job ${jobId} is ${job.status}, not waiting`);
    job.status = 'queued';
    this.emitJob(job, 'queued');
    this.dispatch();
    return this.jobView(job);
  }

  /**
   * The run is cancelled. A queued or waiting job completes as cancelled with no runner; a running
   * job completes as cancelled and its ephemeral runner is de-registered.
   */
  cancelJob(jobId: number): JobView {
    this.sweep();
    const job = this.jobOrThrow(jobId);
    if (job.status === 'completed') throw new Error(`job ${jobId} is already completed`);
    this.finishJob(job, 'cancelled', true);
    return this.jobView(job);
  }

  /** The runner finishes the job; its ephemeral registration is removed. */
  completeJob(jobId: number, conclusion: JobConclusion = 'success'): JobView {
    this.sweep();
    const job = this.jobOrThrow(jobId);
    if (job.status !== 'in_progress') throw new Error(`job ${jobId} is ${job.status}, not in_progress`);
    this.finishJob(job, conclusion, true);
    return this.jobView(job);
  }

  // ---------------------------------------------------------------------------------------------
  // Runners (what `./run.sh --jitconfig <encoded>` does)

  /** The runner process starts with a JIT config: single use; the runner goes online and may take a job at once. */
  startRunner(encodedJitConfig: string): RunnerView {
    this.sweep();
    const runner = [...this.runnersById.values()].find((r) => r.encodedJitConfig === encodedJitConfig);
    if (!runner) {
      const removed = this.removedRunners.some((r) => r.encodedJitConfig === encodedJitConfig);
      throw new Error(removed ? 'Failed to create a session: the runner registration was deleted' : 'Invalid JIT configuration: not issued by this GitHub');
    }
    if (runner.configUsed) throw new Error(`Failed to create a session: runner ${runner.name} already used its JIT configuration`);
    runner.configUsed = true;
    runner.status = 'online';
    runner.os = 'linux';
    runner.version = RUNNER_VERSION;
    runner.lastSeenAt = this.now();
    this.dispatch();
    return this.runnerView(runner);
  }

  /**
   * The runner process exits. The runner goes offline (its config is spent, so it never comes
   * back); a job it was running fails. For a runner GitHub already removed (after its job, or
   * deleted) this changes nothing: its process was going to exit anyway.
   */
  stopRunner(nameOrId: string | number): RunnerView {
    this.sweep();
    const matches = (r: Runner) => (typeof nameOrId === 'number' ? r.id === nameOrId : r.name === nameOrId);
    const removed = this.removedRunners.filter(matches);
    if (![...this.runnersById.values()].some(matches) && removed.length > 0) {
      const last = removed[removed.length - 1];
      return this.runnerView(last, last.removedAt);
    }
    const runner = this.findRunner(nameOrId);
    runner.status = 'offline';
    runner.lastSeenAt = this.now();
    if (runner.jobId !== null) {
      const job = this.jobOrThrow(runner.jobId);
      runner.busy = false;
      runner.jobId = null;
      this.finishJob(job, 'failure', false);
    }
    return this.runnerView(runner);
  }

  // ---------------------------------------------------------------------------------------------
  // Webhook deliveries

  pauseDeliveries(): void {
    this.webhooks.pause();
  }

  releaseDeliveries(opts?: ReleaseOptions): void {
    this.webhooks.release(opts);
  }

  resumeDeliveries(): void {
    this.webhooks.resume();
  }

  pendingDeliveries(): PendingDelivery[] {
    return this.webhooks.pendingDeliveries();
  }

  /** Resolves when every released delivery has been attempted. */
  idle(): Promise<void> {
    return this.webhooks.idle();
  }

  /** Every attempt, oldest first (the REST API lists the last 3 days, newest first). */
  deliveries(): DeliveryRecord[] {
    return [...this.webhooks.records];
  }

  /** Attempts still listed by GET /app/hook/deliveries. */
  retainedDeliveries(): DeliveryRecord[] {
    const since = this.now() - DELIVERY_RETENTION_MS;
    return this.webhooks.records.filter((d) => Date.parse(d.delivered_at) > since);
  }

  // ---------------------------------------------------------------------------------------------
  // Limits

  limits(opts: LimitsOptions): void {
    this.limiter.configure(opts);
  }

  rateLimit(bucket: RateLimitBucket): RateLimitView {
    return this.limiter.view(bucket);
  }

  // ---------------------------------------------------------------------------------------------
  // Observation

  runners(opts: { includeRemoved?: boolean } = {}): RunnerView[] {
    this.sweep();
    const live = [...this.runnersById.values()].map((r) => this.runnerView(r));
    return opts.includeRemoved ? [...live, ...this.removedRunners.map((r) => this.runnerView(r, r.removedAt))].sort((a, b) => a.id - b.id) : live;
  }

  jobs(): JobView[] {
    this.sweep();
    return [...this.jobsById.values()].map((j) => this.jobView(j));
  }

  job(jobId: number): JobView {
    this.sweep();
    return this.jobView(this.jobOrThrow(jobId));
  }

  /** Every JWT it received and every installation token and JIT config it issued, for log scans. */
  secrets(): string[] {
    return [
      ...this.jwts,
      ...this.tokens.map((t) => t.token),
      ...[...this.runnersById.values(), ...this.removedRunners].map((r) => r.encodedJitConfig),
    ];
  }

  // ---------------------------------------------------------------------------------------------
  // Used by the REST API (server.ts)

  /** Applies time-outs that are due: jobs queued over 24 h fail; ephemeral runners offline over a day are removed. */
  sweep(): void {
    const now = this.now();
    for (const job of [...this.jobsById.values()].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)) {
      if (job.status === 'queued' && now - job.createdAt > JOB_QUEUE_TIMEOUT_MS) this.finishJob(job, 'failure', false);
    }
    for (const runner of [...this.runnersById.values()]) {
      if (runner.status === 'offline' && now - runner.lastSeenAt > EPHEMERAL_OFFLINE_REMOVAL_MS) this.removeRunner(runner);
    }
  }

  repository(fullName: string): Repository | undefined {
    return this.repositories.get(lower(fullName));
  }

  organizationAccount(login: string): Account | undefined {
    const account = this.accounts.get(lower(login));
    return account?.type === 'Organization' ? account : undefined;
  }

  /** The installation (if any) that can access the repository. */
  installationFor(repo: Repository): Installation | undefined {
    return [...this.installations.values()].find((i) => lower(i.account) === lower(repo.owner)
      && (i.repositorySelection === 'all' || i.repositories.has(lower(repo.fullName))));
  }

  /** The repositories an installation can access. */
  installationRepositories(inst: Installation): Repository[] {
    return [...this.repositories.values()].filter((r) => this.installationFor(r)?.id === inst.id).sort((a, b) => a.id - b.id);
  }

  /** Whether an organization's runner group admits a repository. */
  admits(group: RunnerGroup, repo: Repository): boolean {
    if (repo.visibility === 'public' && !group.allowsPublicRepositories) return false;
    if (group.visibility === 'all') return true;
    if (group.visibility === 'private') return repo.private;
    return group.selected.has(lower(repo.fullName));
  }

  /** Registers an offline ephemeral runner for a JIT config. */
  registerJitRunner(scope: RunnerScope, req: { name: string; runnerGroupId: number; labels: string[]; workFolder: string }): Runner {
    const id = this.nextRunnerId++;
    const runner: Runner = {
      id,
      name: req.name,
      scope,
      runnerGroupId: req.runnerGroupId,
      labels: [...req.labels],
      workFolder: req.workFolder,
      encodedJitConfig: newEncodedJitConfig({ id, name: req.name, workFolder: req.workFolder, runnerGroupId: req.runnerGroupId }, this.webUrl),
      registeredAt: this.now(),
      status: 'offline',
      busy: false,
      os: 'unknown',
      version: null,
      configUsed: false,
      jobId: null,
      lastSeenAt: this.now(),
    };
    this.runnersById.set(id, runner);
    return runner;
  }

  runnersIn(scope: RunnerScope): Runner[] {
    return [...this.runnersById.values()].filter((r) => sameScope(r.scope, scope)).sort((a, b) => a.id - b.id);
  }

  /** Forced removal (DELETE .../runners/{id}); the caller has checked the runner is not busy. */
  removeRunner(runner: Runner): void {
    this.runnersById.delete(runner.id);
    this.removedRunners.push({ ...runner, status: 'offline', removedAt: this.now() });
  }

  labelId(name: string): number {
    const key = lower(name);
    if (!this.labelIds.has(key)) this.labelIds.set(key, this.labelIds.size + 1);
    return this.labelIds.get(key)!;
  }

  labelType(name: string): 'read-only' | 'custom' {
    return DEFAULT_LABELS.has(lower(name)) ? 'read-only' : 'custom';
  }

  runnerGroupName(runner: Runner): string {
    if (runner.scope.kind === 'repository') return 'Default';
    return this.organizationAccount(runner.scope.org)?.runnerGroups.get(runner.runnerGroupId)?.name ?? 'Default';
  }

  // ---------------------------------------------------------------------------------------------

  /** The account, created (an organization unless said otherwise) if new. */
  private account(login: string, type?: AccountType): Account {
    let account = this.accounts.get(lower(login));
    if (!account) {
      account = { login, id: this.nextAccountId++, type: type ?? 'Organization', runnerGroups: new Map(), nextRunnerGroupId: 2 };
      if (account.type === 'Organization') {
        account.runnerGroups.set(1, { id: 1, name: 'Default', visibility: 'all', isDefault: true, selected: new Set(), allowsPublicRepositories: false });
      }
      this.accounts.set(lower(login), account);
    } else if (type !== undefined && account.type !== type) {
      throw new Error(`${login} is a${account.type === 'User' ? ' User' : 'n Organization'}`);
    }
    return account;
  }

  private organization(org: string): Account {
    const account = this.organizationAccount(org);
    if (!account) throw new Error(`no organization ${org}`);
    return account;
  }

  private selected(account: Account, repositories: string[] = []): Set<string> {
    return new Set(repositories.map((r) => {
      const repo = this.repositories.get(lower(r)) ?? this.addRepository({ fullName: r });
      if (lower(repo.owner) !== lower(account.login)) throw new Error(`${r} is not in ${account.login}`);
      return lower(repo.fullName);
    }));
  }

  private userId(login: string): number {
    if (!this.users.has(login)) this.users.set(login, 5_000_001 + this.users.size);
    return this.users.get(login)!;
  }

  private jobOrThrow(jobId: number): Job {
    const job = this.jobsById.get(jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    return job;
  }

  private findRunner(nameOrId: string | number): Runner {
    const matches = [...this.runnersById.values()].filter((r) => (typeof nameOrId === 'number' ? r.id === nameOrId : r.name === nameOrId));
    if (matches.length !== 1) throw new Error(matches.length ? `runner name ${nameOrId} is ambiguous; use its id` : `no runner ${nameOrId}`);
    return matches[0];
  }

  private finishJob(job: Job, conclusion: JobConclusion, runnerDone: boolean): void {
    job.status = 'completed';
    job.conclusion = conclusion;
    job.completedAt = this.now();
    const runner = job.runnerId === null ? undefined : this.runnersById.get(job.runnerId);
    if (runner && runnerDone) {
      // An ephemeral runner is de-registered after its one job, and its process exits.
      this.removeRunner(runner);
    } else if (runner) {
      runner.busy = false;
      runner.jobId = null;
    }
    this.emitJob(job, 'completed');
    this.dispatch();
  }

  /** Hands queued jobs to online idle runners that match them. */
  private dispatch(): void {
    const queued = [...this.jobsById.values()].filter((j) => j.status === 'queued').sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    for (const job of queued) {
      const repo = this.repositories.get(lower(job.repository))!;
      const runner = this.candidates(repo).find((r) => job.labels.every((l) => r.labels.some((rl) => lower(rl) === lower(l))));
      if (!runner) continue;
      runner.busy = true;
      runner.jobId = job.id;
      job.status = 'in_progress';
      job.startedAt = this.now();
      job.runnerId = runner.id;
      job.runnerName = runner.name;
      job.runnerGroupId = runner.scope.kind === 'repository' ? 1 : runner.runnerGroupId;
      job.runnerGroupName = this.runnerGroupName(runner);
      this.emitJob(job, 'in_progress');
    }
  }

  private candidates(repo: Repository): Runner[] {
    const idle = [...this.runnersById.values()].filter((r) => r.status === 'online' && !r.busy && r.jobId === null).sort((a, b) => a.id - b.id);
    const org = this.organizationAccount(repo.owner);
    return [
      ...idle.filter((r) => r.scope.kind === 'repository' && lower(r.scope.repository) === lower(repo.fullName)),
      ...idle.filter((r) => {
        if (r.scope.kind !== 'organization' || !org || lower(r.scope.org) !== lower(org.login)) return false;
        const group = org.runnerGroups.get(r.runnerGroupId);
        return group !== undefined && this.admits(group, repo);
      }),
    ];
  }

  private emitJob(job: Job, action: 'queued' | 'waiting' | 'in_progress' | 'completed'): void {
    const repo = this.repositories.get(lower(job.repository))!;
    const inst = this.installationFor(repo);
    if (!inst) return;
    const payload = workflowJobPayload({
      action,
      job,
      repository: repo,
      owner: this.accounts.get(lower(repo.owner))!,
      sender: { login: job.sender, id: this.userId(job.sender) },
      installationId: inst.id,
      api: this.url,
      web: this.webUrl,
    });
    this.webhooks.emit('workflow_job', payload, inst.id);
  }

  private jobView(job: Job): JobView {
    return {
      id: job.id,
      runId: job.runId,
      repository: job.repository,
      labels: [...job.labels],
      status: job.status,
      conclusion: job.conclusion,
      createdAt: new Date(job.createdAt),
      startedAt: new Date(job.startedAt),
      completedAt: job.completedAt === null ? null : new Date(job.completedAt),
      runnerId: job.runnerId,
      runnerName: job.runnerName,
      runnerGroupId: job.runnerGroupId,
      runnerGroupName: job.runnerGroupName,
      ...(job.environment ? { environment: job.environment } : {}),
    };
  }

  private runnerView(r: Runner, removedAt?: number): RunnerView {
    return {
      id: r.id,
      name: r.name,
      scope: r.scope.kind,
      owner: r.scope.kind === 'organization' ? r.scope.org : r.scope.repository,
      runnerGroupId: r.runnerGroupId,
      labels: [...r.labels],
      status: r.status,
      busy: r.busy,
      ephemeral: true,
      jobId: r.jobId,
      configUsed: r.configUsed,
      registeredAt: new Date(r.registeredAt),
      removedAt: removedAt === undefined ? null : new Date(removedAt),
    };
  }
}

export function sameScope(a: RunnerScope, b: RunnerScope): boolean {
  if (a.kind === 'organization' && b.kind === 'organization') return lower(a.org) === lower(b.org);
  if (a.kind === 'repository' && b.kind === 'repository') return lower(a.repository) === lower(b.repository);
  return false;
}
