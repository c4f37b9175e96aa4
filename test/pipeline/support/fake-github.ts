/**
 * A fake GitHub REST API on 127.0.0.1 for the runner launcher: it verifies the GitHub App JWT
 * (RS256, with the app's public key), issues installation tokens and returns a fresh random JIT
 * runner config per request. Every secret it hands out is remembered, so a test can search logs
 * and AWS requests for them. Faults (429, 500, 404, 422, hang) are injected per request.
 */
import { createVerify, KeyObject, randomBytes } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';

export type Fault = { status: number; retryAfter?: number } | 'hang';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly kind: 'token' | 'jitconfig' | 'other';
}

export interface JitRecord {
  readonly config: string;
  readonly name: string;
  readonly path: string;
  readonly labels: string[];
  readonly runnerGroupId: number;
  readonly workFolder: string;
}

export interface FakeGitHubOptions {
  readonly appId: string;
  readonly publicKey: KeyObject | string;
  /** Decides a fault per request (after authentication checks); undefined answers normally. */
  fault?: (req: FakeRequest) => Fault | undefined;
}

export interface FakeGitHub {
  readonly url: string;
  readonly tokens: string[];
  readonly jwts: string[];
  readonly jitConfigs: JitRecord[];
  /** Every request with the status answered ('hang' for a request that got no answer). */
  readonly requests: Array<FakeRequest & { status: number | 'hang' }>;
  fault: FakeGitHubOptions['fault'];
  /** Every secret the fake issued or received: JWTs, installation tokens and JIT configs. */
  secrets(): string[];
  close(): Promise<void>;
}

function verifyJwt(jwt: string, appId: string, publicKey: KeyObject | string): string | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'malformed JWT';
  const [h, p, s] = parts;
  let header: any;
  let payload: any;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString());
    payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  } catch {
    return 'undecodable JWT';
  }
  if (header.alg !== 'RS256') return `alg ${header.alg}`;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${h}.${p}`);
  if (!verifier.verify(publicKey, Buffer.from(s, 'base64url'))) return 'bad signature';
  const now = Math.floor(Date.now() / 1000);
  if (payload.iss !== appId) return `iss ${payload.iss}`;
  if (!(payload.iat <= now) || !(payload.exp > now) || payload.exp - payload.iat > 600) return 'bad iat/exp';
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

export async function startFakeGitHub(opts: FakeGitHubOptions): Promise<FakeGitHub> {
  const tokens: string[] = [];
  const jwts: string[] = [];
  const jitConfigs: JitRecord[] = [];
  const requests: FakeGitHub['requests'] = [];
  let nextRunnerId = 1000;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const fake: FakeGitHub = {
    url: '',
    tokens,
    jwts,
    jitConfigs,
    requests,
    fault: opts.fault,
    secrets: () => [...jwts, ...tokens, ...jitConfigs.map((j) => j.config)],
    close: async () => undefined,
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0];
      const method = req.method ?? 'GET';
      const auth = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const tokenMatch = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
      const jitMatch = /^\/(repos\/[^/]+\/[^/]+|orgs\/[^/]+)\/actions\/runners\/generate-jitconfig$/.exec(path);
      const kind: FakeRequest['kind'] = tokenMatch ? 'token' : jitMatch ? 'jitconfig' : 'other';
      const answer = (status: number, payload: unknown, headers?: Record<string, string>) => {
        requests.push({ method, path, kind, status });
        send(res, status, payload, headers);
      };

      if (method !== 'POST' || kind === 'other') return answer(404, { message: 'Not Found' });
      if (kind === 'token') {
        jwts.push(auth);
        const problem = verifyJwt(auth, opts.appId, opts.publicKey);
        if (problem) return answer(401, { message: `A JSON web token could not be decoded (${problem})` });
      } else if (!tokens.includes(auth)) {
        return answer(401, { message: 'Bad credentials' });
      }

      const fault = fake.fault?.({ method, path, kind });
      if (fault === 'hang') {
        requests.push({ method, path, kind, status: 'hang' });
        return; // never answers; the socket is destroyed when the client gives up or on close()
      }
      if (fault) {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
        return answer(fault.status, { message: `injected ${fault.status}` }, headers);
      }

      if (kind === 'token') {
        const token = `ghs_${randomBytes(18).toString('hex')}`;
        tokens.push(token);
        return answer(201, { token, expires_at: new Date(Date.now() + 3600_000).toISOString() });
      }
      let parsed: any;
      try {
        parsed = JSON.parse(body);
      } catch {
        return answer(400, { message: 'Problems parsing JSON' });
      }
      if (typeof parsed.name !== 'string' || !Array.isArray(parsed.labels) || typeof parsed.runner_group_id !== 'number') {
        return answer(422, { message: 'Invalid request' });
      }
      const config = randomBytes(48).toString('base64');
      jitConfigs.push({
        config, name: parsed.name, path, labels: parsed.labels, runnerGroupId: parsed.runner_group_id, workFolder: parsed.work_folder,
      });
      return answer(201, {
        runner: { id: nextRunnerId++, name: parsed.name, os: 'linux', status: 'offline', busy: false, labels: parsed.labels },
        encoded_jit_config: config,
      });
    })().catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
  return fake;
}
