/**
 * GitHub App authentication and just-in-time (JIT) runner configuration, with Node's `crypto` and
 * global `fetch` only (no @octokit/auth-app: it is ESM-only and this code is bundled for Lambda).
 *
 * Nothing in this module logs. Tokens, JWTs and JIT configs are returned to the caller and never
 * put into error messages.
 */
import { createSign, randomBytes } from 'crypto';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** A failed GitHub API call. `retryable` is true for 429, 5xx, 401 (stale key/clock) and network errors or timeouts. */
export class GitHubApiError extends Error {
  /** HTTP status, or undefined for a network error or a timeout. */
  public readonly status: number | undefined;
  public readonly retryable: boolean;
  /** Seconds from `retry-after`, when GitHub sent one. */
  public readonly retryAfterSeconds: number | undefined;

  constructor(message: string, opts: { status?: number; retryable: boolean; retryAfterSeconds?: number }) {
    super(message);
    this.name = 'GitHubApiError';
    this.status = opts.status;
    this.retryable = opts.retryable;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

/** Whether an HTTP status from GitHub is worth retrying later. */
export function isRetryableStatus(status: number): boolean {
  // 401: the JWT was rejected (key rotated, clock skew) — a fresh key and a later attempt may succeed.
  return status === 429 || status >= 500 || status === 401;
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

export interface JitConfigRequest {
  readonly installationId: number;
  /** `repo`: /repos/{owner}/{repo}/...; `org`: /orgs/{owner}/... */
  readonly scope: 'repo' | 'org';
  readonly owner: string;
  readonly repo: string;
  readonly name: string;
  readonly labels: readonly string[];
}

export interface JitConfig {
  readonly runnerId: number | undefined;
  /** Secret: a single-use credential that registers a runner. */
  readonly encodedJitConfig: string;
}

export interface GitHubRunnerApi {
  generateJitConfig(req: JitConfigRequest): Promise<JitConfig>;
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
}

interface CachedToken {
  readonly token: string;
  readonly expiresAtMs: number;
}

/** A GitHub App client that caches installation tokens (until 5 minutes before they expire). */
export function createGitHubApp(opts: GitHubAppOptions): GitHubRunnerApi {
  const apiUrl = (opts.apiUrl ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 5000;
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const tokens = new Map<number, CachedToken>();

  async function call(method: string, path: string, authorization: string, body?: unknown): Promise<any> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await doFetch(`${apiUrl}${path}`, {
        method,
        headers: {
          'accept': 'application/vnd.github+json',
          'authorization': authorization,
          'content-type': 'application/json',
          'user-agent': 'confluxdb-runner-launcher',
          'x-github-api-version': '2022-11-28',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      const text = await res.text();
      if (!res.ok) {
        const retryAfter = Number(res.headers.get('retry-after'));
        throw new GitHubApiError(`GitHub ${method} ${path.replace(/\/[0-9]+\//g, '/{id}/')} answered ${res.status}`, {
          status: res.status,
          retryable: isRetryableStatus(res.status),
          retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
        });
      }
      return text ? JSON.parse(text) : {};
    } catch (err) {
      if (err instanceof GitHubApiError) throw err;
      const timedOut = controller.signal.aborted;
      // Network errors and timeouts: the request may or may not have reached GitHub; retry later.
      throw new GitHubApiError(timedOut ? `GitHub ${method} timed out after ${timeoutMs} ms` : `GitHub ${method} failed: ${(err as Error).name}`, {
        retryable: true,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async function installationToken(installationId: number): Promise<string> {
    const cached = tokens.get(installationId);
    if (cached && cached.expiresAtMs - 5 * 60_000 > now()) return cached.token;
    const jwt = createAppJwt(opts.appId, await opts.privateKey(), Math.floor(now() / 1000));
    let res: any;
    try {
      res = await call('POST', `/app/installations/${installationId}/access_tokens`, `Bearer ${jwt}`);
    } catch (err) {
      if (err instanceof GitHubApiError && err.status === 401) opts.onAuthFailure?.();
      throw err;
    }
    if (typeof res.token !== 'string') throw new GitHubApiError('GitHub returned no installation token', { retryable: true });
    const expiresAtMs = Date.parse(res.expires_at) || now() + 60 * 60_000;
    tokens.set(installationId, { token: res.token, expiresAtMs });
    return res.token;
  }

  return {
    async generateJitConfig(req) {
      const token = await installationToken(req.installationId);
      const path = req.scope === 'org'
        ? `/orgs/${encodeURIComponent(req.owner)}/actions/runners/generate-jitconfig`
        : `/repos/${encodeURIComponent(req.owner)}/${encodeURIComponent(req.repo)}/actions/runners/generate-jitconfig`;
      let res: any;
      try {
        res = await call('POST', path, `Bearer ${token}`, { name: req.name, runner_group_id: 1, labels: req.labels, work_folder: '_work' });
      } catch (err) {
        // A revoked installation token: forget it so the next attempt fetches a new one.
        if (err instanceof GitHubApiError && err.status === 401) tokens.delete(req.installationId);
        throw err;
      }
      if (typeof res.encoded_jit_config !== 'string' || !res.encoded_jit_config) {
        throw new GitHubApiError('GitHub returned no JIT config', { retryable: true });
      }
      return { runnerId: res.runner?.id, encodedJitConfig: res.encoded_jit_config };
    },
  };
}

/** A random runner name suffix, so two attempts for the same job never collide on GitHub. */
export function randomSuffix(bytes = 3): string {
  return randomBytes(bytes).toString('hex');
}
