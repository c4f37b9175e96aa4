/**
 * The one secret cache of the Lambda handlers: a Secrets Manager secret read at most once per
 * `ttlMs` per execution environment (warm invocations reuse it), with the previous version on
 * request so a rotation never locks out requests signed with the old value. A failed read is not
 * cached. No SDK import here: the client is injected (`{ send }`), so the cache is tested without AWS.
 */
export interface SecretsClient {
  send(command: unknown): Promise<{ SecretString?: string }>;
}

export type GetSecretValueCommandFactory = (input: { SecretId: string; VersionStage?: string }) => unknown;

export interface SecretCacheOptions {
  /** Re-read after this many milliseconds. @default Infinity (only `invalidate` re-reads) */
  readonly ttlMs?: number;
  /** Also read the AWSPREVIOUS version (rotation). @default false */
  readonly withPrevious?: boolean;
  readonly now?: () => number;
}

export class SecretCache {
  private cached?: { values: Promise<string[]>; at: number };

  constructor(
    private readonly client: SecretsClient,
    private readonly command: GetSecretValueCommandFactory,
    private readonly secretId: string,
    private readonly options: SecretCacheOptions = {},
  ) {}

  /** The current value. */
  public async get(): Promise<string> {
    return (await this.values())[0];
  }

  /** The current value, then the previous one if there is one (with `withPrevious`). */
  public values(): Promise<string[]> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? Infinity;
    if (!this.cached || now - this.cached.at >= ttl) {
      const values = this.read();
      this.cached = { values, at: now };
      values.catch(() => { if (this.cached?.values === values) this.cached = undefined; });
    }
    return this.cached.values;
  }

  /** Forgets the cached values; the next call reads again. */
  public invalidate(): void {
    this.cached = undefined;
  }

  private async read(): Promise<string[]> {
    const current = await this.client.send(this.command({ SecretId: this.secretId }));
    if (!current.SecretString) throw new Error('the secret has no SecretString (set it with put-secret-value, see README)');
    if (!this.options.withPrevious) return [current.SecretString];
    try {
      const previous = await this.client.send(this.command({ SecretId: this.secretId, VersionStage: 'AWSPREVIOUS' }));
      const distinct = previous.SecretString && previous.SecretString !== current.SecretString;
      return distinct ? [current.SecretString, previous.SecretString!] : [current.SecretString];
    } catch (err) {
      // A secret that was never rotated has no AWSPREVIOUS version.
      if ((err as Error)?.name === 'ResourceNotFoundException') return [current.SecretString];
      throw err;
    }
  }
}
