/**
 * GitHub App authentication, as "Generating a JSON Web Token (JWT) for a GitHub App" and
 * "Authenticating as a GitHub App installation" document it:
 * - the JWT is signed RS256 with the App's private key; `iss` is the App id (or its client id),
 *   `iat` the time it was issued (GitHub recommends 60 s in the past against clock drift, so a
 *   future `iat` is refused), `exp` at most 10 minutes in the future;
 * - a JWT goes in `Authorization: Bearer`; an installation token in `Bearer` or `token`.
 */
import { createVerify, KeyObject, randomBytes } from 'crypto';

export interface JwtCheck {
  readonly appId: string;
  readonly clientId?: string;
  readonly publicKey: KeyObject | string;
  /** GitHub's clock, in milliseconds. */
  readonly now: number;
}

/** Returns the message GitHub answers with (401), or undefined for a valid App JWT. */
export function jwtProblem(jwt: string, check: JwtCheck): string | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'A JSON web token could not be decoded';
  const [h, p, s] = parts;
  let header: any;
  let payload: any;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString());
    payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  } catch {
    return 'A JSON web token could not be decoded';
  }
  if (header?.alg !== 'RS256') return 'A JSON web token could not be decoded';
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${h}.${p}`);
  if (!verifier.verify(check.publicKey, Buffer.from(s, 'base64url'))) return 'A JSON web token could not be decoded';
  const iss = String(payload?.iss);
  if (iss !== check.appId && iss !== check.clientId) return "'Issuer' claim ('iss') must be an Integer";
  const now = Math.floor(check.now / 1000);
  if (!Number.isInteger(payload.iat) || payload.iat > now) {
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  }
  if (!Number.isInteger(payload.exp) || payload.exp <= now) {
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  }
  if (payload.exp > now + 600) return "'Expiration time' claim ('exp') is too far in the future";
  return undefined;
}

/** Looks like a JWT (three base64url parts), so GitHub tries it as one. */
export const looksLikeJwt = (credential: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new installation access token in the classic `ghs_` + 36 characters format. */
export function newInstallationToken(): string {
  const bytes = randomBytes(36);
  let out = 'ghs_';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/**
 * A new encoded JIT runner config: base64 of the runner's `.runner`, `.credentials` and
 * `.credentials_rsaparams` files, as `./run.sh --jitconfig` expects. Each holds fresh random
 * secret material, so every config is a distinct secret.
 */
export function newEncodedJitConfig(runner: { id: number; name: string; workFolder: string; runnerGroupId: number }, serverUrl: string): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
  return b64({
    '.runner': b64({ agentId: runner.id, agentName: runner.name, poolId: runner.runnerGroupId, serverUrl, workFolder: runner.workFolder, ephemeral: true }),
    '.credentials': b64({ scheme: 'OAuth', data: { clientId: randomBytes(16).toString('hex'), authorizationUrl: `${serverUrl}/_apis/oauth2/token` } }),
    '.credentials_rsaparams': b64({ d: randomBytes(64).toString('base64'), modulus: randomBytes(64).toString('base64') }),
  });
}
