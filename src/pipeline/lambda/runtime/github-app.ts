/**
 * GitHub App client of the pipeline's handlers, with Node's `crypto` and global `fetch` only (no
 * @octokit/auth-app: it is ESM-only and this code is bundled for Lambda).
 *
 * - Installation tokens are narrowed to what the call needs (GitHub's access_tokens body): the
 *   one repository and `administration: write` for repository runners,
 *   `organization_self_hosted_runners: write` for organization runners, `actions: read` for job
 *   status. They are cached per installation and scope until 5 minutes before they expire.
 * - Errors are classified as GitHub documents them ("Rate limits for the REST API"): a 403 or 429
 *   with `x-ratelimit-remaining: 0`, a `retry-after` header or a rate-limit message is a rate
 *   limit, retried no earlier than GitHub asks; 5xx, timeouts and network errors are transient;
 *   401 is an authentication failure (a stale key or token); 409 a conflict; other 4xx permanent.
 * - Nothing in this module logs. Tokens, JWTs and JIT configs are returned to the caller and
 *   never put into error messages.
 */
import { createSign } from 'crypto';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

export type GitHubErrorKind = 'rate-limit' | 'transient' | 'auth' | 'conflict' | 'not-found' | 'permanent';

/** A failed GitHub API call. */
export class GitHubApiError extends Error {
  /** HTTP status, or undefined for a network error or a timeout. */
  public readonly status: number | undefined;
  public readonly kind: GitHubErrorKind;
  /** Seconds GitHub asked to wait (retry-after, or until x-ratelimit-reset); only for rate limits. */
  public readonly retryAfterSeconds: number | undefined;

  constructor(message: string, opts: { status?: number; kind: GitHubErrorKind; retryAfterSeconds?: number }) {
    super(message);
    this.name = 'GitHubApiError';
    this.status = opts.status;
    this.kind = opts.kind;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  /** Whether a later attempt can succeed (rate limits, transient failures, stale credentials). */
  public get retryable(): boolean {
    return this.kind === 'rate-limit' || this.kind === 'transient' || this.kind === 'auth';
  }
}

/** Secondary rate limits without retry-after: GitHub says to wait at least one minute. */
const SECONDARY_WAIT_SECONDS = 60;

/**
 * Classifies a non-2xx answer. `headers.get` reads response headers; `message` is GitHub's
 * `message` field; `nowSeconds` the clock (x-ratelimit-reset is epoch seconds).
 */
export function classifyResponse(status: number, headers: { get(name: string): string | null }, message: string, nowSeconds: number): {
  kind: GitHubErrorKind; retryAfterSeconds?: number;
} {
  if (status === 403 || status === 429) {
    const retryAfter = Number(headers.get('retry-after'));
    const remaining = headers.get('x-ratelimit-remaining');
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(retryAfter) && retryAfter > 0 && headers.get('retry-after') !== null) return { kind: 'rate-limit', retryAfterSeconds: Math.ceil(retryAfter) };
    if (remaining === '0') {
      const wait = Number.isFinite(reset) && reset > 0 ? Math.max(1, reset - nowSeconds) : SECONDARY_WAIT_SECONDS;
      return { kind: 'rate-limit', retryAfterSeconds: wait };
    }
    if (/rate limit/i.test(message) || status === 429) return { kind: 'rate-limit', retryAfterSeconds: SECONDARY_WAIT_SECONDS };
    return { kind: 'permanent' };
  }
  if (status === 401) return { kind: 'auth' };
  if (status === 404) return { kind: 'not-found' };
  if (status === 409) return { kind: 'conflict' };
  if (status >= 500) return { kind: 'transient' };
  return { kind: 'permanent' };
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs the RS256 JWT a GitHub App uses to authenticate as itself (iat = now-60 s, exp = now+540 s). */
export function createAppJwt(appId: string, privateKeyPem: string, nowSeconds: number = Math.floor(Date.now() / 1000)): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iat: nowSeconds - 60, exp: nowSeconds + 540, iss: appId }));
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${base64url(signer.sign(privateKeyPem))}`;
}

/** Where runners register: one repository, or an organization (then in a runner group). */
export type RunnerScope =
  | { readonly kind: 'repo'; readonly installationId: number; readonly owner: string; readonly repo: string }
  | { readonly kind: 'org'; readonly installationId: number; readonly org: string };

/** Where a pipeline's runners register for jobs of one installation: `runnerScope` is `owner/repo` or `org`. */
export function runnerScopeFor(config: { readonly runnerScope: string }, installationId: number): RunnerScope {
  const [owner, repo] = config.runnerScope.split('/');
  return repo ? { kind: 'repo', installationId, owner, repo } : { kind: 'org', installationId, org: owner };
}

export interface JitConfigRequest {
  readonly scope: RunnerScope;
  readonly name: string;
  readonly labels: readonly string[];
  /** Organization runners: the runner group to register in. */
  readonly runnerGroupId?: number;
}

export interface JitConfig {
  readonly runnerId: number;
  /** Secret: a single-use credential that registers a runner. */
  readonly encodedJitConfig: string;
  /** `x-ratelimit-remaining` of GitHub's answer (the installation's primary rate limit), when it sent one. */
  readonly rateLimitRemaining?: number;
}

export interface RunnerInfo {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly busy: boolean;
}

export interface RunnerGroupInfo {
  readonly id: number;
  readonly name: string;
  readonly default: boolean;
  /** `all`, `private` or `selected`. */
  readonly visibility: string;
  readonly allowsPublicRepositories: boolean;
  /** `owner/repo` of every repository a `selected` group admits. */
  readonly repositories: string[];
}

export interface JobInfo {
  /** `queued`, `in_progress`, `completed`, `waiting`, ... */
  readonly status: string;
  readonly conclusion: string | null;
  readonly runnerName: string | null;
}

export interface WebhookDelivery {
  readonly id: number;
  readonly guid: string;
  readonly deliveredAt: string;
  readonly redelivery: boolean;
  readonly statusCode: number;
  readonly event: string;
  readonly action: string | null;
}

/** What the handlers ask of GitHub. */
export interface GitHubApi {
  generateJitConfig(req: JitConfigRequest): Promise<JitConfig>;
  /** The runner of this name in the scope, if there is one. */
  findRunner(scope: RunnerScope, name: string): Promise<RunnerInfo | undefined>;
  /** Runners of the scope whose name starts with `prefix` (all pages). */
  listRunners(scope: RunnerScope, prefix: string): Promise<RunnerInfo[]>;
  /** `deleted`, `not-found` (already gone), or `busy` (running a job: GitHub answers 422). */
  deleteRunner(scope: RunnerScope, runnerId: number): Promise<'deleted' | 'not-found' | 'busy'>;
  /** A job of a repository (needs `actions: read`). */
  getJob(installationId: number, owner: string, repo: string, jobId: number): Promise<JobInfo>;
  /** An organization's runner group by ID or name, with the repositories a `selected` group admits. */
  getRunnerGroup(installationId: number, org: string, group: number | string): Promise<RunnerGroupInfo | undefined>;
  /** The App's webhook deliveries, newest first, until `since` (ISO) or `maxPages`. */
  listDeliveries(since: string, maxPages?: number): Promise<WebhookDelivery[]>;
  /** Asks GitHub to redeliver one delivery. */
  redeliver(deliveryId: number): Promise<void>;
}

export interface GitHubAppOptions {
  readonly appId: string;
  /** Returns the PEM private key (cached by the caller). */
  readonly privateKey: () => Promise<string>;
  /** Called after GitHub rejected the JWT (401), so a cached key can be re-read next time. */
  readonly onAuthFailure?: () => void;
  /** @default https://api.github.com */
  readonly apiUrl?: string;
  /** Per request, in milliseconds. @default 5000 */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Counts every request (for benchmarks and tests). */
  readonly onRequest?: (method: string, path: string) => void;
}

interface CachedToken {
  readonly token: string;
  readonly expiresAtMs: number;
}

type Permissions = Record<string, 'read' | 'write'>;

/** Paths are logged in errors with numbers replaced, so no job or runner id leaks into alerts needlessly. */
function redactPath(path: string): string {
  return path.replace(/\/[0-9]+(?=\/|$|\?)/g, '/{id}').replace(/\?.*$/, '');
}

export function createGitHubApp(opts: GitHubAppOptions): GitHubApi {
  const apiUrl = (opts.apiUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 5000;
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const tokens = new Map<string, CachedToken>();

  async function call(method: string, path: string, authorization: string, body?: unknown): Promise<{ json: any; headers: Headers; status: number }> {
    opts.onRequest?.(method, path);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await doFetch(`${apiUrl}${path}`, {
        method,
        headers: {
          'accept': 'application/vnd.github+json',
          'authorization': authorization,
          'content-type': 'application/json',
          'user-agent': 'confluxdb-runner-pipeline',
          'x-github-api-version': '2022-11-28',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      const text = await res.text();
      let json: any = {};
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        json = {};
      }
      if (!res.ok) {
        const message = typeof json.message === 'string' ? json.message : '';
        const { kind, retryAfterSeconds } = classifyResponse(res.status, res.headers, message, Math.floor(now() / 1000));
        throw new GitHubApiError(`GitHub ${method} ${redactPath(path)} answered ${res.status}${message ? `: ${message.slice(0, 200)}` : ''}`, {
          status: res.status, kind, retryAfterSeconds,
        });
      }
      return { json, headers: res.headers, status: res.status };
    } catch (err) {
      if (err instanceof GitHubApiError) throw err;
      const timedOut = controller.signal.aborted;
      // The request may or may not have reached GitHub; a later attempt decides.
      throw new GitHubApiError(timedOut ? `GitHub ${method} ${redactPath(path)} timed out after ${timeoutMs} ms` : `GitHub ${method} ${redactPath(path)} failed: ${(err as Error).name}`, {
        kind: 'transient',
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async function appJwt(): Promise<string> {
    return createAppJwt(opts.appId, await opts.privateKey(), Math.floor(now() / 1000));
  }

  /** Calls an /app endpoint with the App's JWT; a 401 lets the key cache re-read. */
  async function appCall(method: string, path: string, body?: unknown) {
    try {
      return await call(method, path, `Bearer ${await appJwt()}`, body);
    } catch (err) {
      if (err instanceof GitHubApiError && err.kind === 'auth') opts.onAuthFailure?.();
      throw err;
    }
  }

  async function installationToken(installationId: number, repositories: string[] | undefined, permissions: Permissions): Promise<string> {
    const key = `${installationId}|${repositories?.join(',') ?? '*'}|${JSON.stringify(permissions)}`;
    const cached = tokens.get(key);
    if (cached && cached.expiresAtMs - 5 * 60_000 > now()) return cached.token;
    const { json } = await appCall('POST', `/app/installations/${installationId}/access_tokens`, { ...(repositories ? { repositories } : {}), permissions });
    if (typeof json.token !== 'string') throw new GitHubApiError('GitHub returned no installation token', { kind: 'transient' });
    tokens.set(key, { token: json.token, expiresAtMs: Date.parse(json.expires_at) || now() + 60 * 60_000 });
    return json.token;
  }

  /** A token narrowed to runner administration in `scope`. */
  function runnerToken(scope: RunnerScope): Promise<string> {
    return scope.kind === 'repo'
      ? installationToken(scope.installationId, [scope.repo], { administration: 'write' })
      : installationToken(scope.installationId, undefined, { organization_self_hosted_runners: 'write' });
  }

  async function withToken<T>(token: () => Promise<string>, fn: (authorization: string) => Promise<T>): Promise<T> {
    const t = await token();
    try {
      return await fn(`Bearer ${t}`);
    } catch (err) {
      // A revoked or expired token: forget it so the next attempt fetches a new one.
      if (err instanceof GitHubApiError && err.kind === 'auth') for (const [k, v] of tokens) if (v.token === t) tokens.delete(k);
      throw err;
    }
  }

  const runnersPath = (scope: RunnerScope) => (scope.kind === 'repo'
    ? `/repos/${encodeURIComponent(scope.owner)}/${encodeURIComponent(scope.repo)}/actions/runners`
    : `/orgs/${encodeURIComponent(scope.org)}/actions/runners`);

  const toRunner = (r: any): RunnerInfo => ({ id: r.id, name: r.name, status: r.status, busy: Boolean(r.busy) });

  return {
    async generateJitConfig(req) {
      const body = { name: req.name, labels: req.labels, work_folder: '_work', ...(req.scope.kind === 'org' ? { runner_group_id: req.runnerGroupId } : { runner_group_id: 1 }) };
      const { json, headers } = await withToken(() => runnerToken(req.scope), (auth) => call('POST', `${runnersPath(req.scope)}/generate-jitconfig`, auth, body));
      if (typeof json.encoded_jit_config !== 'string' || !json.encoded_jit_config || typeof json.runner?.id !== 'number') {
        throw new GitHubApiError('GitHub returned no JIT config', { kind: 'transient' });
      }
      const remaining = headers.get('x-ratelimit-remaining');
      return {
        runnerId: json.runner.id,
        encodedJitConfig: json.encoded_jit_config,
        ...(remaining !== null && /^[0-9]+$/.test(remaining) ? { rateLimitRemaining: Number(remaining) } : {}),
      };
    },

    async findRunner(scope, name) {
      const { json } = await withToken(() => runnerToken(scope), (auth) => call('GET', `${runnersPath(scope)}?name=${encodeURIComponent(name)}&per_page=100`, auth));
      const found = (json.runners ?? []).find((r: any) => r.name === name);
      return found ? toRunner(found) : undefined;
    },

    async listRunners(scope, prefix) {
      const out: RunnerInfo[] = [];
      for (let page = 1; page <= 50; page++) {
        const { json } = await withToken(() => runnerToken(scope), (auth) => call('GET', `${runnersPath(scope)}?per_page=100&page=${page}`, auth));
        const runners: any[] = json.runners ?? [];
        out.push(...runners.filter(r => typeof r.name === 'string' && r.name.startsWith(prefix)).map(toRunner));
        if (runners.length < 100) break;
      }
      return out;
    },

    async deleteRunner(scope, runnerId) {
      try {
        await withToken(() => runnerToken(scope), (auth) => call('DELETE', `${runnersPath(scope)}/${runnerId}`, auth));
        return 'deleted';
      } catch (err) {
        if (err instanceof GitHubApiError && err.kind === 'not-found') return 'not-found';
        // GitHub refuses to remove a runner that is running a job (422).
        if (err instanceof GitHubApiError && err.status === 422) return 'busy';
        throw err;
      }
    },

    async getJob(installationId, owner, repo, jobId) {
      const { json } = await withToken(() => installationToken(installationId, [repo], { actions: 'read' }),
        (auth) => call('GET', `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/jobs/${jobId}`, auth));
      return { status: String(json.status), conclusion: json.conclusion ?? null, runnerName: json.runner_name ?? null };
    },

    async getRunnerGroup(installationId, org, group) {
      const token = () => installationToken(installationId, undefined, { organization_self_hosted_runners: 'read' });
      const base = `/orgs/${encodeURIComponent(org)}/actions/runner-groups`;
      let found: any;
      for (let page = 1; page <= 20 && !found; page++) {
        const { json } = await withToken(token, (auth) => call('GET', `${base}?per_page=100&page=${page}`, auth));
        const groups: any[] = json.runner_groups ?? [];
        found = groups.find(g => (typeof group === 'number' ? g.id === group : g.name === group));
        if (groups.length < 100) break;
      }
      if (!found) return undefined;
      const repositories: string[] = [];
      if (found.visibility === 'selected') {
        for (let page = 1; page <= 50; page++) {
          const { json } = await withToken(token, (auth) => call('GET', `${base}/${found.id}/repositories?per_page=100&page=${page}`, auth));
          const repos: any[] = json.repositories ?? [];
          repositories.push(...repos.map(r => String(r.full_name)));
          if (repos.length < 100) break;
        }
      }
      return {
        id: found.id,
        name: found.name,
        default: Boolean(found.default),
        visibility: String(found.visibility),
        allowsPublicRepositories: Boolean(found.allows_public_repositories),
        repositories,
      };
    },

    async listDeliveries(since, maxPages = 10) {
      const out: WebhookDelivery[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const { json, headers } = await appCall('GET', `/app/hook/deliveries?per_page=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        const items: any[] = Array.isArray(json) ? json : [];
        for (const d of items) {
          if (typeof d.delivered_at === 'string' && d.delivered_at < since) return out;
          out.push({
            id: d.id,
            guid: String(d.guid),
            deliveredAt: String(d.delivered_at),
            redelivery: Boolean(d.redelivery),
            statusCode: Number(d.status_code ?? 0),
            event: String(d.event),
            action: d.action ?? null,
          });
        }
        // Link: <...?cursor=v1_123&per_page=100>; rel="next"
        const next = /<[^>]*[?&]cursor=([^&>]+)[^>]*>;\s*rel="next"/.exec(headers.get('link') ?? '');
        if (!next || items.length === 0) break;
        cursor = decodeURIComponent(next[1]);
      }
      return out;
    },

    async redeliver(deliveryId) {
      await appCall('POST', `/app/hook/deliveries/${deliveryId}/attempts`);
    },
  };
}
