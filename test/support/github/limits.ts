/**
 * Rate limits, per "Rate limits for the REST API":
 * - Primary: requests per hour per actor. An installation token counts against its installation
 *   (5,000 an hour; 15,000 on Enterprise Cloud), a JWT against the App, unauthenticated requests
 *   against the caller's IP (60 an hour). Every response carries x-ratelimit-limit, -remaining,
 *   -used, -reset (UTC epoch seconds) and -resource. Exhausted: "you will receive a 403 or 429
 *   response, and the x-ratelimit-remaining header will be 0"; retry after x-ratelimit-reset.
 * - Secondary: "you will receive a 403 or 429 response and an error message that indicates that
 *   you exceeded a secondary rate limit. If the retry-after response header is present, you should
 *   not retry your request until after that many seconds has elapsed." Documented triggers modelled
 *   here: more than 100 concurrent requests; more than 900 points per minute for one REST endpoint
 *   (GET 1 point, POST/PATCH/PUT/DELETE 5). Others ("undisclosed reasons") are injected.
 */
import { LimitsOptions, RateLimitBucket, RateLimitView, RequestInfo, SecondaryLimitOptions } from './model';

const HOUR_MS = 3600_000;
export const PRIMARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
export const SECONDARY_DOCS = 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
const MAX_CONCURRENT = 100;
const POINTS_PER_MINUTE = 900;

interface Bucket {
  limit: number;
  remaining: number;
  resetAt: number;
  status: 403 | 429;
}

export interface LimitAnswer {
  readonly status: number;
  readonly message: string;
  readonly documentationUrl: string;
  readonly headers: Record<string, string>;
}

export interface Admission {
  /** Rate limit headers for the response. */
  readonly headers: Record<string, string>;
  /** Set when the request is refused. */
  readonly refusal?: LimitAnswer;
  /** Call when the response has been sent (or the client went away). */
  readonly done: () => void;
}

const keyOf = (b: RateLimitBucket): string => (typeof b === 'number' ? `installation:${b}` : b);

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private installationDefault = { limit: 5000, status: 403 as 403 | 429 };
  private secondary: (SecondaryLimitOptions & { left: number }) | undefined;
  private documented = true;
  private readonly inflight = new Map<string, number>();
  private readonly points = new Map<string, Array<{ at: number; points: number }>>();

  constructor(private readonly now: () => number) {}

  configure(opts: LimitsOptions): void {
    if (opts.documentedSecondary !== undefined) this.documented = opts.documentedSecondary;
    if (opts.secondary === null) this.secondary = undefined;
    else if (opts.secondary) this.secondary = { ...opts.secondary, left: opts.secondary.count ?? 1 };
    const p = opts.primary;
    if (!p) return;
    const apply = (b: Bucket) => {
      if (p.limit !== undefined) b.limit = p.limit;
      b.remaining = p.remaining ?? (p.limit !== undefined ? p.limit : b.remaining);
      if (p.resetInSeconds !== undefined) b.resetAt = this.now() + p.resetInSeconds * 1000;
      if (p.status !== undefined) b.status = p.status;
    };
    if (p.bucket === undefined) {
      this.installationDefault = { limit: p.limit ?? this.installationDefault.limit, status: p.status ?? this.installationDefault.status };
      for (const [k, b] of this.buckets) if (k.startsWith('installation:')) apply(this.fresh(b));
      return;
    }
    apply(this.bucket(keyOf(p.bucket)));
  }

  view(bucket: RateLimitBucket): RateLimitView {
    const b = this.bucket(keyOf(bucket));
    return { limit: b.limit, remaining: b.remaining, used: b.limit - b.remaining, reset: Math.ceil(b.resetAt / 1000) };
  }

  /** Counts an authenticated (or anonymous) request against its bucket, or refuses it. */
  admit(bucket: RateLimitBucket, who: string, info?: RequestInfo): Admission {
    const key = keyOf(bucket);
    const b = this.bucket(key);
    const headers = () => ({
      'x-ratelimit-limit': String(b.limit),
      'x-ratelimit-remaining': String(b.remaining),
      'x-ratelimit-used': String(b.limit - b.remaining),
      'x-ratelimit-reset': String(Math.ceil(b.resetAt / 1000)),
      'x-ratelimit-resource': 'core',
    });
    const none = () => undefined;
    if (b.remaining <= 0) {
      const message = bucket === 'anonymous'
        ? `API rate limit exceeded for ${who}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`
        : `API rate limit exceeded for ${who}.`;
      return { headers: headers(), refusal: { status: b.status, message, documentationUrl: PRIMARY_DOCS, headers: headers() }, done: none };
    }
    const secondary = (status: 403 | 429, retryAfter?: number): Admission => ({
      headers: headers(),
      refusal: {
        status,
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
        documentationUrl: SECONDARY_DOCS,
        headers: { ...headers(), ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) },
      },
      done: none,
    });
    const s = this.secondary;
    if (info && s && s.left > 0 && (s.match?.(info) ?? true)) {
      s.left--;
      return secondary(s.status ?? 403, s.retryAfter);
    }
    const cost = info && ['GET', 'HEAD', 'OPTIONS'].includes(info.method) ? 1 : 5;
    const pointsKey = `${key} ${info?.route ?? info?.path ?? ''}`;
    const window = (this.points.get(pointsKey) ?? []).filter((p) => p.at > this.now() - 60_000);
    this.points.set(pointsKey, window);
    if (this.documented && info) {
      if ((this.inflight.get(key) ?? 0) >= MAX_CONCURRENT) return secondary(403);
      const used = window.reduce((sum, p) => sum + p.points, 0);
      if (used + cost > POINTS_PER_MINUTE) {
        // Wait until enough of this minute's points have aged out.
        let freed = 0;
        let until = this.now();
        for (const p of window) {
          freed += p.points;
          until = p.at + 60_000;
          if (used - freed + cost <= POINTS_PER_MINUTE) break;
        }
        return secondary(403, Math.max(1, Math.ceil((until - this.now()) / 1000)));
      }
    }
    b.remaining--;
    window.push({ at: this.now(), points: cost });
    this.inflight.set(key, (this.inflight.get(key) ?? 0) + 1);
    let finished = false;
    return {
      headers: headers(),
      done: () => {
        if (finished) return;
        finished = true;
        this.inflight.set(key, (this.inflight.get(key) ?? 1) - 1);
      },
    };
  }

  private bucket(key: string): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      const limit = key === 'anonymous' ? 60 : key === 'app' ? 5000 : this.installationDefault.limit;
      const status = key.startsWith('installation:') ? this.installationDefault.status : 403;
      b = { limit, remaining: limit, resetAt: this.now() + HOUR_MS, status };
      this.buckets.set(key, b);
    }
    return this.fresh(b);
  }

  /** Starts a new window when the old one has reset. */
  private fresh(b: Bucket): Bucket {
    if (this.now() >= b.resetAt) {
      b.remaining = b.limit;
      b.resetAt = this.now() + HOUR_MS;
    }
    return b;
  }
}
