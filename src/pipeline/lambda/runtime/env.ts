/**
 * The one configuration loader of the Lambda handlers: reads environment variables set by the
 * construct, validates them, and fails at init (cold start) with a message naming the handler
 * and the variable — never per request.
 */
export class Env {
  constructor(private readonly component: string, private readonly env: Record<string, string | undefined> = process.env) {}

  /** A required, non-empty string. */
  public string(name: string): string {
    const value = this.env[name]?.trim();
    if (!value) throw new Error(`${this.component}: environment variable ${name} is required`);
    return value;
  }

  /** An optional string, or `fallback`. */
  public optionalString(name: string, fallback: string): string {
    return this.env[name]?.trim() || fallback;
  }

  /** An integer within [min, max]; `fallback` when unset (required when no fallback). */
  public int(name: string, opts: { min: number; max?: number; fallback?: number }): number {
    const raw = this.env[name]?.trim();
    if (!raw) {
      if (opts.fallback !== undefined) return opts.fallback;
      throw new Error(`${this.component}: environment variable ${name} is required`);
    }
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < opts.min || (opts.max !== undefined && n > opts.max)) {
      throw new Error(`${this.component}: ${name} must be an integer from ${opts.min}${opts.max !== undefined ? ` to ${opts.max}` : ''}, got "${raw}"`);
    }
    return n;
  }

  /** A comma-separated list (empty entries dropped). */
  public list(name: string): string[] {
    return (this.env[name] ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  }

  /** `true` or `false`; `fallback` when unset. */
  public bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if (raw !== 'true' && raw !== 'false') throw new Error(`${this.component}: ${name} must be "true" or "false", got "${raw}"`);
    return raw === 'true';
  }
}
