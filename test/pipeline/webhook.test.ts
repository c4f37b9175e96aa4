import { createHash, createHmac, randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples';
import type * as WebhookMethods from '@octokit/webhooks-methods' with { 'resolution-mode': 'import' };
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as fc from 'fast-check';
import { Logger } from '../../src/pipeline/lambda/runtime/log';
import { createWebhookHandler, JobMessage, WebhookConfig } from '../../src/pipeline/lambda/webhook/handler';

// ESM-only package: see src/pipeline/lambda/webhook/handler.ts for why it is require()d (types stay exact).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sign } = require('@octokit/webhooks-methods') as typeof WebhookMethods;

const SECRET = 'It5-a-s3cret:webhook/\u00e9\u00e8-key';
const OLD_SECRET = 'old-secret-before-rotation-Qx81';
const NEW_SECRET = 'new-secret-after-rotation-Zk27';
const WRONG_SECRET = 'not-the-secret-Lm04';
const ALL_SECRETS = [SECRET, OLD_SECRET, NEW_SECRET, WRONG_SECRET];

// ---------------------------------------------------------------------------------------------
// Every log entry of the whole file, and every signature / HMAC a request carried or implied:
// the last test checks that no log entry contains any of them.
const logs: Record<string, unknown>[] = [];
const signaturesSeen = new Set<string>();
const hmacsOfRequests = new Set<string>();

function remember(raw: Buffer, signature: string | undefined, secrets = ALL_SECRETS): void {
  if (signature !== undefined) {
    signaturesSeen.add(signature);
    const hex = signature.replace(/^[^=]*=/, '');
    if (hex.length >= 16) signaturesSeen.add(hex);
  }
  for (const secret of secrets) {
    hmacsOfRequests.add(createHmac('sha256', secret).update(raw).digest('hex'));
  }
}
// ---------------------------------------------------------------------------------------------

interface Harness {
  handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  enqueued: JobMessage[];
  /** What the secret cache hands the handler: the current version first, then the previous one. */
  secrets: jest.Mock<Promise<string[]>, []>;
  clock: { now: number };
  versions: { current: string; previous?: string };
}

const NOW = Date.parse('2026-01-15T10:00:00.000Z');
const DEFAULT_CONFIG: WebhookConfig = {
  allowedRepositories: ['octo-org/app', 'LINEVILLE/elastic-machines-testing'],
  runnerLabels: ['self-hosted', 'K8S', 'linux', 'x64'],
  maxBodyBytes: 64 * 1024,
  maxJobAgeSeconds: 6 * 3600,
  allowPublicRepositories: false,
  runnerPrefix: 'confluxdb-ci',
};

function harness(options: {
  config?: Partial<WebhookConfig>;
  secret?: string;
  enqueue?: (m: JobMessage) => Promise<void>;
  secrets?: () => Promise<string[]>;
} = {}): Harness {
  const enqueued: JobMessage[] = [];
  const clock = { now: NOW };
  const versions: Harness['versions'] = { current: options.secret ?? SECRET };
  const both = async () => (versions.previous === undefined ? [versions.current] : [versions.current, versions.previous]);
  const secrets = jest.fn(options.secrets ?? both);
  const handler = createWebhookHandler({
    secrets,
    enqueue: options.enqueue ?? (async (m) => { enqueued.push(m); }),
    log: new Logger((line) => logs.push(JSON.parse(line))),
    now: () => clock.now,
    config: { ...DEFAULT_CONFIG, ...options.config },
  });
  return { handler, enqueued, secrets, clock, versions };
}

function hmacSignature(secret: string, raw: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/** A request as API Gateway (HTTP API, payload 2.0) hands it to Lambda. */
function request(options: {
  raw: Buffer;
  signature?: string;
  event?: string;
  delivery?: string;
  base64?: boolean;
  headers?: Record<string, string>;
  /** Secrets the handler may hash this body with (for the log check); default all test secrets. */
  hmacSecrets?: string[];
}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  if (options.signature !== undefined) headers['x-hub-signature-256'] = options.signature;
  if (options.event !== undefined) headers['x-github-event'] = options.event;
  if (options.delivery !== undefined) headers['x-github-delivery'] = options.delivery;
  Object.assign(headers, options.headers);
  remember(options.raw, options.signature ?? options.headers?.['X-Hub-Signature-256'], options.hmacSecrets);
  return {
    version: '2.0',
    routeKey: 'POST /webhook',
    rawPath: '/webhook',
    rawQueryString: '',
    headers,
    isBase64Encoded: options.base64 ?? false,
    body: options.base64 ? options.raw.toString('base64') : options.raw.toString('utf8'),
    requestContext: {} as APIGatewayProxyEventV2['requestContext'],
  };
}

/** A correctly signed GitHub delivery (signature by @octokit/webhooks-methods, an independent signer). */
async function delivery(eventName: string, payload: unknown, secret = SECRET, extra: { base64?: boolean; delivery?: string } = {}) {
  const body = JSON.stringify(payload);
  return request({
    raw: Buffer.from(body, 'utf8'),
    signature: await sign(secret, body),
    event: eventName,
    delivery: extra.delivery ?? randomUUID(),
    base64: extra.base64,
  });
}

function json(res: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  expect(res.headers).toEqual({ 'content-type': 'application/json' });
  return JSON.parse(res.body as string);
}

type Payload = Record<string, any>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

const workflowJobExamples = examples.find((d) => d.name === 'workflow_job')!.examples as Payload[];
/** workflow_job queued, lineville/elastic-machines-testing, labels [self-hosted, k8s], installation 23154469 — a public repository. */
const QUEUED_PUBLIC: Payload = workflowJobExamples.find((p) => p.action === 'queued' && p.workflow_job.labels.includes('self-hosted'))!;
/** The same job in a private repository, created a minute before the test clock. */
const QUEUED: Payload = clone(QUEUED_PUBLIC);
// The example is the first queued event of a job waiting for an environment approval (status
// waiting); this is the second one, after the approval, which starts the runner.
QUEUED.workflow_job.status = 'queued';
delete QUEUED.deployment;
QUEUED.repository.private = true;
QUEUED.repository.visibility = 'private';
QUEUED.workflow_job.created_at = new Date(NOW - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('every @octokit/webhooks-examples payload', () => {
  const all = examples.flatMap((d) => (d.examples as Payload[]).map((payload, i) => ({ name: d.name as string, i, payload })));

  test('the corpus is what the rules below are written against', () => {
    expect(all).toHaveLength(329);
    expect(new Set(all.map((e) => e.name)).size).toBe(58);
    expect(QUEUED.repository.full_name).toBe('lineville/elastic-machines-testing');
  });

  // The corpus dates from 2021–2023 and its repositories are public: this run serves public
  // repositories and jobs of any age, so every other rule is exercised on real payloads.
  const CORPUS_CONFIG: WebhookConfig = { ...DEFAULT_CONFIG, allowPublicRepositories: true, maxJobAgeSeconds: 20 * 365 * 24 * 3600 };

  // An oracle written from the rules, independent of the handler's code.
  function expectedAnswer(name: string, payload: Payload, config: WebhookConfig) {
    if (name === 'ping') return 'pong';
    if (name !== 'workflow_job' || !['queued', 'in_progress', 'completed'].includes(payload.action)) return 'ignored';
    const allowed = config.allowedRepositories.some((r) => r.toLowerCase() === payload.repository.full_name.toLowerCase());
    const labels: string[] = payload.workflow_job.labels;
    const served = labels.length > 0 && labels.every((l) => config.runnerLabels.some((s) => s.toLowerCase() === l.toLowerCase()));
    if (!allowed || !served || !Number.isInteger(payload.installation?.id)) return 'ignored';
    if (payload.action === 'in_progress' && !String(payload.workflow_job.runner_name).startsWith(`${config.runnerPrefix}-`)) return 'ignored';
    if (payload.action === 'queued' && payload.workflow_job.status !== 'queued') return 'ignored';
    return 'queued';
  }

  // Copies that exercise each rule on real payloads.
  const variants: { name: string; i: string; payload: Payload }[] = [];
  const wrongRepo = clone(QUEUED);
  wrongRepo.repository.full_name = 'lineville/other-repo';
  wrongRepo.repository.name = 'other-repo';
  variants.push({ name: 'workflow_job', i: 'repository not allowed', payload: wrongRepo });
  const upperRepo = clone(QUEUED);
  upperRepo.repository.full_name = 'LineVille/Elastic-Machines-Testing';
  variants.push({ name: 'workflow_job', i: 'repository in other case', payload: upperRepo });
  const oneUnservedLabel = clone(QUEUED);
  oneUnservedLabel.workflow_job.labels = ['self-hosted', 'k8s', 'gpu'];
  variants.push({ name: 'workflow_job', i: 'one label not served', payload: oneUnservedLabel });
  const noLabels = clone(QUEUED);
  noLabels.workflow_job.labels = [];
  variants.push({ name: 'workflow_job', i: 'no labels', payload: noLabels });
  const mixedCaseLabels = clone(QUEUED);
  mixedCaseLabels.workflow_job.labels = ['Self-Hosted', 'k8s', 'LINUX'];
  variants.push({ name: 'workflow_job', i: 'labels in other case', payload: mixedCaseLabels });

  test('are answered exactly per the rules', async () => {
    const h = harness({ config: CORPUS_CONFIG });
    const tally: Record<string, number> = {};
    for (const { name, i, payload } of [...all.map((e) => ({ ...e, i: String(e.i) })), ...variants]) {
      const before = h.enqueued.length;
      const deliveryId = randomUUID();
      const res = await h.handler(await delivery(name, payload, SECRET, { delivery: deliveryId }));
      const body = json(res);
      const expected = expectedAnswer(name, payload, CORPUS_CONFIG);
      tally[expected] = (tally[expected] ?? 0) + 1;
      const where = `${name} #${i}`;
      if (expected === 'pong') {
        expect({ where, status: res.statusCode }).toEqual({ where, status: 200 });
      } else if (expected === 'queued') {
        expect({ where, status: res.statusCode, body }).toEqual({ where, status: 202, body: { status: 'queued' } });
        expect(h.enqueued.length - before).toBe(1);
        const [owner, repo] = payload.repository.full_name.split('/');
        expect(h.enqueued[before]).toEqual({
          kind: 'queued',
          deliveryId,
          jobId: payload.workflow_job.id,
          runId: payload.workflow_job.run_id,
          repository: payload.repository.full_name,
          owner,
          repo,
          labels: payload.workflow_job.labels,
          installationId: payload.installation.id,
          createdAt: payload.workflow_job.created_at,
          enqueuedAt: '2026-01-15T10:00:00.000Z',
        });
      } else {
        expect({ where, status: res.statusCode, status_: body.status, reason: typeof body.reason })
          .toEqual({ where, status: 202, status_: 'ignored', reason: 'string' });
        expect({ where, enqueued: h.enqueued.length - before }).toEqual({ where, enqueued: 0 });
      }
    }
    // At least one accepted, and ignored ones for the event, action, repository and label rules.
    // The corpus's only self-hosted queued job waits for an environment approval (ignored); its
    // post-approval copies with the repository and the labels in other case are queued.
    expect(tally.queued).toBe(2);
    expect(tally.pong).toBeGreaterThanOrEqual(1);
  });

  test('ignored for the repository rule and the label rule on real payloads, with reasons', async () => {
    const h = harness();
    const reason = async (payload: Payload) => json(await h.handler(await delivery('workflow_job', payload))).reason;
    expect(await reason(wrongRepo)).toMatch(/repository lineville\/other-repo is not allowed/);
    expect(await reason(oneUnservedLabel)).toMatch(/labels not served: gpu/);
    expect(await reason(noLabels)).toMatch(/no labels/);
    const hosted = workflowJobExamples.find((p) => p.action === 'queued' && p.repository.full_name === 'Codertocat/Hello-World')!;
    const h2 = harness({ config: { allowedRepositories: ['codertocat/hello-world'], allowPublicRepositories: true } });
    expect(json(await h2.handler(await delivery('workflow_job', hosted))).reason).toMatch(/labels not served: ubuntu-latest/);
    expect(h.enqueued).toHaveLength(0);
    expect(h2.enqueued).toHaveLength(0);
  });

  test('a job without a GitHub App installation is ignored (the launcher authenticates as the app)', async () => {
    const h = harness();
    const payload = clone(QUEUED);
    delete payload.installation;
    const res = await h.handler(await delivery('workflow_job', payload));
    expect(res.statusCode).toBe(202);
    expect(json(res)).toEqual({ status: 'ignored', reason: 'no GitHub App installation in the payload' });
    expect(h.enqueued).toHaveLength(0);
  });

  test('an empty allow-list accepts nothing', async () => {
    const h = harness({ config: { allowedRepositories: [] } });
    const res = await h.handler(await delivery('workflow_job', QUEUED));
    expect(res.statusCode).toBe(202);
    expect(json(res).status).toBe('ignored');
    expect(h.enqueued).toHaveLength(0);
  });
});

describe('GitHub as it behaves: public repositories, stale jobs, runners taking jobs, cancellations', () => {
  test('a public repository is ignored unless public repositories are allowed (fork pull requests)', async () => {
    const h = harness();
    const fresh = clone(QUEUED);
    fresh.repository.private = false;
    fresh.repository.visibility = 'public';
    expect(json(await h.handler(await delivery('workflow_job', fresh))).reason).toMatch(/is public; fork pull requests could run on the runners/);
    const internal = clone(QUEUED);
    internal.repository.visibility = 'internal'; // GitHub Enterprise: private === true
    expect(json(await h.handler(await delivery('workflow_job', internal))).status).toBe('queued');
    const allowing = harness({ config: { allowPublicRepositories: true } });
    expect(json(await allowing.handler(await delivery('workflow_job', fresh))).status).toBe('queued');
    expect(h.enqueued).toHaveLength(1);
  });

  test('a queued job created longer ago than the bound is ignored; a replay of an old delivery starts nothing', async () => {
    const h = harness({ config: { maxJobAgeSeconds: 3600 } });
    const old = clone(QUEUED);
    old.workflow_job.created_at = new Date(NOW - 3601_000).toISOString();
    expect(json(await h.handler(await delivery('workflow_job', old))).reason).toMatch(/job created 60 minutes ago, beyond the 60-minute bound/);
    const withoutDate = clone(QUEUED);
    delete withoutDate.workflow_job.created_at;
    expect((await h.handler(await delivery('workflow_job', withoutDate))).statusCode).toBe(400);
    expect(h.enqueued).toHaveLength(0);
  });

  test('in_progress is forwarded only for this pipeline\'s runners', async () => {
    const h = harness();
    const taken = clone(QUEUED);
    taken.action = 'in_progress';
    taken.workflow_job.status = 'in_progress';
    taken.workflow_job.runner_name = 'confluxdb-ci-1234-1';
    await h.handler(await delivery('workflow_job', taken, SECRET, { delivery: 'ip-1' }));
    taken.workflow_job.runner_name = 'another-pipeline-1234-1';
    expect(json(await h.handler(await delivery('workflow_job', taken))).reason).toMatch(/another pipeline or host/);
    expect(h.enqueued).toEqual([expect.objectContaining({ kind: 'in_progress', jobId: QUEUED.workflow_job.id, runnerName: 'confluxdb-ci-1234-1', deliveryId: 'ip-1' })]);
  });

  test('completed is forwarded with its runner (null when the job was cancelled while queued) and conclusion', async () => {
    const h = harness();
    const cancelled = clone(QUEUED);
    cancelled.action = 'completed';
    Object.assign(cancelled.workflow_job, { status: 'completed', conclusion: 'cancelled', runner_id: null, runner_name: null });
    await h.handler(await delivery('workflow_job', cancelled));
    const done = clone(cancelled);
    Object.assign(done.workflow_job, { conclusion: 'success', runner_id: 7, runner_name: 'confluxdb-ci-1234-1' });
    await h.handler(await delivery('workflow_job', done));
    expect(h.enqueued.map((m) => m.kind === 'completed' && [m.runnerName, m.conclusion])).toEqual([[null, 'cancelled'], ['confluxdb-ci-1234-1', 'success']]);
  });

  test('a job waiting for an environment approval starts no runner; the queued event after the approval does', async () => {
    const h = harness();
    const announced = clone(QUEUED_PUBLIC); // GitHub's example: action queued, status waiting
    announced.repository.private = true;
    announced.repository.visibility = 'private';
    announced.workflow_job.created_at = QUEUED.workflow_job.created_at;
    expect(json(await h.handler(await delivery('workflow_job', announced))).reason).toMatch(/job is waiting, not yet queued for a runner/);
    const waiting = clone(announced);
    waiting.action = 'waiting';
    expect(json(await h.handler(await delivery('workflow_job', waiting))).reason).toMatch(/action waiting is not handled/);
    expect(h.enqueued).toHaveLength(0);
    expect(json(await h.handler(await delivery('workflow_job', QUEUED))).status).toBe('queued');
  });
});

describe('tampering', () => {
  const body = Buffer.from(JSON.stringify(QUEUED), 'utf8');
  const signature = hmacSignature(SECRET, body);

  test('the untampered delivery is accepted', async () => {
    const h = harness();
    const res = await h.handler(request({ raw: body, signature, event: 'workflow_job', delivery: randomUUID(), base64: true }));
    expect(res.statusCode).toBe(202);
    expect(h.enqueued).toHaveLength(1);
  });

  test('every single-byte change of the body gives 401 and nothing is queued', async () => {
    const h = harness();
    const statuses = new Map<number, number>();
    for (let i = 0; i < body.length; i++) {
      const tampered = Buffer.from(body);
      tampered[i] = (tampered[i] + 1) % 256;
      const res = await h.handler(request({ raw: tampered, signature, event: 'workflow_job', delivery: randomUUID(), base64: true, hmacSecrets: [SECRET] }));
      statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: body.length });
    expect(h.enqueued).toHaveLength(0);
    // Thousands of bad requests, one Secrets Manager re-read.
  });

  test('every single-character change of the signature gives 401 and nothing is queued', async () => {
    const h = harness();
    const hex = '0123456789abcdef';
    let count = 0;
    for (let i = 0; i < signature.length; i++) {
      const c = signature[i];
      const replacement = hex.includes(c) ? hex[(hex.indexOf(c) + 1) % 16] : String.fromCharCode(c.charCodeAt(0) + 1);
      const tampered = signature.slice(0, i) + replacement + signature.slice(i + 1);
      const res = await h.handler(request({ raw: body, signature: tampered, event: 'workflow_job', delivery: randomUUID() }));
      expect({ i, status: res.statusCode }).toEqual({ i, status: 401 });
      count++;
    }
    expect(count).toBe(71); // 'sha256=' and 64 hex characters
    expect(h.enqueued).toHaveLength(0);
  });
});

describe('malformed requests (property)', () => {
  const MAX = 2048;
  type SigKind = 'valid' | 'missing' | 'sha1' | 'upperAlgo' | 'noPrefix' | 'truncated' | 'nonHex' | 'upperHex' | 'whitespace' | 'wrongSecret' | 'overBase64Text';
  const validJob = JSON.stringify({ ...clone(QUEUED), repository: { ...QUEUED.repository, full_name: 'octo-org/app' } });

  const bodyArb: fc.Arbitrary<{ kind: string; raw: Buffer }> = fc.oneof(
    fc.constant({ kind: 'validJob', raw: Buffer.from(validJob) }),
    fc.string({ unit: 'grapheme', minLength: 1 }).map((s) => ({ kind: 'text', raw: Buffer.from(s) })),
    fc.string({ unit: 'binary', minLength: 1 }).map((s) => ({ kind: 'text', raw: Buffer.from(s) })),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
      fc.string({ unit: 'grapheme' }), fc.array(fc.jsonValue(), { maxLength: 5 }))
      .map((v) => ({ kind: 'nonObjectJson', raw: Buffer.from(JSON.stringify(v)) })),
    fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
      .map((v) => ({ kind: 'object', raw: Buffer.from(JSON.stringify(v)) })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => ({ kind: 'bytes', raw: Buffer.from(a) })),
    fc.constant({ kind: 'empty', raw: Buffer.alloc(0) }),
    fc.record({ n: fc.integer({ min: MAX + 1, max: 3 * MAX }), c: fc.constantFrom('x', '{', '\u00e9', '\u{1F600}') })
      .map(({ n, c }) => ({ kind: 'huge', raw: Buffer.from(c.repeat(Math.ceil(n / Buffer.byteLength(c)))) })),
    // Fewer characters than MAX, more bytes: the limit counts bytes.
    fc.constant({ kind: 'huge', raw: Buffer.from('\u00e9'.repeat(MAX / 2 + 1)) }),
  );

  const requestArb = fc.record({
    body: bodyArb,
    base64: fc.boolean(),
    sigKind: fc.constantFrom<SigKind>('valid', 'valid', 'missing', 'sha1', 'upperAlgo', 'noPrefix', 'truncated', 'nonHex',
      'upperHex', 'whitespace', 'wrongSecret', 'overBase64Text'),
    cut: fc.nat({ max: 70 }),
    pos: fc.nat({ max: 63 }),
    nonHexChar: fc.constantFrom('g', 'Z', '-', ' ', '\u00e9', '='),
    event: fc.option(fc.oneof(fc.constantFrom('workflow_job', 'ping', 'push'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })), { nil: undefined }),
    delivery: fc.option(fc.uuid(), { nil: undefined }),
    headerCase: fc.constantFrom<'lower' | 'canonical' | 'upper'>('lower', 'canonical', 'upper'),
  });

  type Req = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

  function signatureFor(r: Req): string | undefined {
    const raw = r.body.raw;
    const valid = hmacSignature(SECRET, raw);
    const hex = valid.slice('sha256='.length);
    switch (r.sigKind) {
      case 'valid': return valid;
      case 'missing': return undefined;
      case 'sha1': return `sha1=${createHmac('sha1', SECRET).update(raw).digest('hex')}`;
      case 'upperAlgo': return `SHA256=${hex}`;
      case 'noPrefix': return hex;
      case 'truncated': return valid.slice(0, r.cut);
      case 'nonHex': return `sha256=${hex.slice(0, r.pos)}${r.nonHexChar}${hex.slice(r.pos + 1)}`;
      case 'upperHex': return `sha256=${hex.toUpperCase()}`;
      case 'whitespace': return ` ${valid}`;
      case 'wrongSecret': return hmacSignature(WRONG_SECRET, raw);
      case 'overBase64Text': return hmacSignature(SECRET, Buffer.from(raw.toString('base64')));
    }
  }

  /** The rules, as an oracle: the 4xx a malformed request must get, or undefined if it is not malformed. */
  function expectedStatus(r: Req, signature: string | undefined): number | undefined {
    if (r.body.raw.length > MAX) return 413;
    const signedOverRaw = signature === hmacSignature(SECRET, r.body.raw);
    if (!signedOverRaw || r.body.raw.length === 0) return 401;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(r.body.raw);
    } catch {
      return 401; // not UTF-8: cannot be verified byte-exactly (and is not JSON anyway)
    }
    if (r.event === undefined) return 400;
    try {
      const value = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 400;
    } catch {
      return 400;
    }
    return undefined;
  }

  function headerName(name: string, c: 'lower' | 'canonical' | 'upper'): string {
    const canonical = { 'x-hub-signature-256': 'X-Hub-Signature-256', 'x-github-event': 'X-GitHub-Event', 'x-github-delivery': 'X-GitHub-Delivery' }[name]!;
    return c === 'lower' ? name : c === 'upper' ? name.toUpperCase() : canonical;
  }

  test('never throw, never queue, always the right 4xx (413, then 401, then 400)', async () => {
    const h = harness({ config: { maxBodyBytes: MAX, allowedRepositories: ['octo-org/app'] } });
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const signature = signatureFor(r);
        const expected = expectedStatus(r, signature);
        fc.pre(expected !== undefined);
        const headers: Record<string, string> = {};
        if (signature !== undefined) headers[headerName('x-hub-signature-256', r.headerCase)] = signature;
        if (r.event !== undefined) headers[headerName('x-github-event', r.headerCase)] = r.event;
        if (r.delivery !== undefined) headers[headerName('x-github-delivery', r.headerCase)] = r.delivery;
        remember(r.body.raw, signature);
        const event = request({ raw: r.body.raw, base64: r.base64, headers });
        const before = h.enqueued.length;
        const res = await h.handler(event); // a rejection fails the property
        const body = json(res);
        expect(res.statusCode).toBe(expected);
        expect(Object.keys(body)).toEqual(['message']);
        expect(res.body).not.toMatch(/Error|at |\n/);
        expect(h.enqueued.length).toBe(before);
        seen.set(res.statusCode ?? 0, (seen.get(res.statusCode ?? 0) ?? 0) + 1);
      }),
      { numRuns: 300, seed: 20260115 },
    );
    // The generators reach every answer.
    expect([...seen.keys()].sort()).toEqual([400, 401, 413]);
    expect(h.enqueued).toHaveLength(0);
  });

  test('413 comes before any hashing: the secret is not even read', async () => {
    const h = harness({ config: { maxBodyBytes: 100 } });
    const raw = Buffer.from(JSON.stringify({ pad: 'x'.repeat(100) }));
    for (const base64 of [false, true]) {
      const res = await h.handler(request({ raw, signature: hmacSignature(SECRET, raw), event: 'ping', base64 }));
      expect(res.statusCode).toBe(413);
    }
    expect(h.secrets).not.toHaveBeenCalled();
    // Exactly at the limit is fine.
    const atLimit = Buffer.from(JSON.stringify({ pad: 'x'.repeat(100 - 10) }));
    expect(atLimit.length).toBe(100);
    expect((await h.handler(request({ raw: atLimit, signature: hmacSignature(SECRET, atLimit), event: 'ping' }))).statusCode).toBe(200);
  });

  test('missing X-GitHub-Event with a valid signature is 400; without a signature 401', async () => {
    const h = harness();
    const raw = Buffer.from(JSON.stringify(QUEUED));
    expect((await h.handler(request({ raw, signature: hmacSignature(SECRET, raw) }))).statusCode).toBe(400);
    expect((await h.handler(request({ raw }))).statusCode).toBe(401);
    expect(h.enqueued).toHaveLength(0);
  });

  test('a body that is not valid base64 is 401', async () => {
    const h = harness();
    const raw = Buffer.from('{"zen":"x"}');
    const event = request({ raw, signature: hmacSignature(SECRET, raw), event: 'ping', base64: true });
    event.body = `${event.body}!`;
    expect((await h.handler(event)).statusCode).toBe(401);
  });

  test('the same header twice with different values is treated as absent', async () => {
    const h = harness();
    const raw = Buffer.from(JSON.stringify(QUEUED));
    const res = await h.handler(request({
      raw,
      event: 'workflow_job',
      headers: { 'x-hub-signature-256': hmacSignature(SECRET, raw), 'X-Hub-Signature-256': hmacSignature(WRONG_SECRET, raw) },
    }));
    expect(res.statusCode).toBe(401);
  });
});

describe('headers and encodings', () => {
  test('header names are case-insensitive', async () => {
    const h = harness();
    const raw = Buffer.from(JSON.stringify(QUEUED));
    const res = await h.handler(request({
      raw,
      headers: { 'X-Hub-Signature-256': hmacSignature(SECRET, raw), 'X-GitHub-Event': 'workflow_job', 'X-GITHUB-DELIVERY': 'd-1' },
    }));
    expect(res.statusCode).toBe(202);
    expect(h.enqueued.map((m) => m.deliveryId)).toEqual(['d-1']);
  });

  test('a base64-encoded body is accepted when signed over the raw bytes, not over the base64 text', async () => {
    const payload = clone(QUEUED);
    payload.workflow_job.workflow_name = 'D\u00e9ploiement \u{1F680} \u65e5\u672c';
    const raw = Buffer.from(JSON.stringify(payload), 'utf8');
    expect(raw.length).toBeGreaterThan(JSON.stringify(payload).length); // multi-byte characters
    const h = harness();
    const ok = await h.handler(request({ raw, signature: hmacSignature(SECRET, raw), event: 'workflow_job', delivery: 'b64', base64: true }));
    expect(ok.statusCode).toBe(202);
    expect(json(ok)).toEqual({ status: 'queued' });
    const overText = hmacSignature(SECRET, Buffer.from(raw.toString('base64')));
    const bad = await h.handler(request({ raw, signature: overText, event: 'workflow_job', base64: true }));
    expect(bad.statusCode).toBe(401);
    expect(h.enqueued).toHaveLength(1);
  });

  test('a body that is not UTF-8 cannot be verified byte-exactly: 401 even with a signature over its bytes', async () => {
    const h = harness();
    const raw = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]); // {"a":"\xff"}
    const res = await h.handler(request({ raw, signature: hmacSignature(SECRET, raw), event: 'ping', base64: true }));
    expect(res.statusCode).toBe(401);
  });
});

describe('secret rotation', () => {
  test('during a rotation, deliveries signed with the current or the previous version are accepted', async () => {
    const h = harness({ secret: NEW_SECRET });
    h.versions.previous = OLD_SECRET;
    expect((await h.handler(await delivery('workflow_job', QUEUED, OLD_SECRET))).statusCode).toBe(202);
    expect((await h.handler(await delivery('workflow_job', QUEUED, NEW_SECRET))).statusCode).toBe(202);
    expect((await h.handler(await delivery('workflow_job', QUEUED, WRONG_SECRET))).statusCode).toBe(401);
    expect(h.enqueued).toHaveLength(2);
  });

  test('no sequence of bad requests delays a correctly signed delivery (property)', async () => {
    const h = harness({ secret: NEW_SECRET });
    h.versions.previous = OLD_SECRET;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.constantFrom(WRONG_SECRET, 'x', SECRET), { maxLength: 25 }),
      fc.constantFrom(NEW_SECRET, OLD_SECRET),
      async (bad, good) => {
        for (const secret of bad) {
          h.clock.now += 1_000;
          expect((await h.handler(await delivery('ping', { zen: 'z' }, secret))).statusCode).toBe(401);
        }
        return (await h.handler(await delivery('ping', { zen: 'z' }, good))).statusCode === 200;
      },
    ), { numRuns: 30 });
  });
});

describe('failures', () => {
  test('enqueue failure is 500 with a generic body, and the failure is logged', async () => {
    const h = harness({ enqueue: async () => { throw new Error('SQS: AccessDenied for arn:aws:sqs:queue'); } });
    const res = await h.handler(await delivery('workflow_job', QUEUED, SECRET, { delivery: 'fail-1' }));
    expect(res.statusCode).toBe(500);
    expect(json(res)).toEqual({ message: 'could not queue the job' });
    expect(logs[logs.length - 1]).toMatchObject({ deliveryId: 'fail-1', outcome: 'enqueue_failed', statusCode: 500 });
  });

  test('an unexpected exception is 500 with a generic body, never a stack trace', async () => {
    const h = harness({ secrets: async () => { throw new TypeError('boom at secretsmanager'); } });
    const res = await h.handler(await delivery('workflow_job', QUEUED));
    expect(res.statusCode).toBe(500);
    expect(json(res)).toEqual({ message: 'internal error' });
    expect(res.body).not.toMatch(/boom|TypeError|at /);
    const empty = harness({ secret: '' });
    const raw = Buffer.from('{}');
    expect((await empty.handler(request({ raw, signature: hmacSignature('x', raw), event: 'ping' }))).statusCode).toBe(500);
  });

  test('a workflow_job queued payload without the fields a runner needs is 400', async () => {
    const h = harness();
    const payload = clone(QUEUED);
    delete payload.workflow_job.id;
    expect((await h.handler(await delivery('workflow_job', payload))).statusCode).toBe(400);
    const badName = clone(QUEUED);
    badName.repository.full_name = 'lineville/elastic-machines-testing/extra';
    expect((await h.handler(await delivery('workflow_job', badName))).statusCode).toBe(400);
    expect(h.enqueued).toHaveLength(0);
  });
});

describe('logs', () => {
  test('an accepted job logs delivery id, event, action, repository, job id, outcome and status code', async () => {
    const h = harness();
    await h.handler(await delivery('workflow_job', QUEUED, SECRET, { delivery: 'log-1' }));
    expect(logs[logs.length - 1]).toMatchObject({
      deliveryId: 'log-1',
      event: 'workflow_job',
      action: 'queued',
      repository: 'lineville/elastic-machines-testing',
      jobId: QUEUED.workflow_job.id,
      outcome: 'queued',
      statusCode: 202,
    });
  });

  test('attacker-controlled header values are logged truncated', async () => {
    const h = harness();
    await h.handler(request({ raw: Buffer.from('{}'), event: 'e'.repeat(5000), delivery: 'd'.repeat(5000) }));
    const entry = logs[logs.length - 1];
    expect((entry.event as string).length).toBeLessThanOrEqual(101);
    expect((entry.deliveryId as string).length).toBeLessThanOrEqual(101);
  });

  // Runs last: every entry logged by every test above.
  test('no entry of the whole suite contains a secret, a received signature or a computed HMAC', () => {
    expect(logs.length).toBeGreaterThan(329 + 8000);
    expect(signaturesSeen.size).toBeGreaterThan(300);
    expect(hmacsOfRequests.size).toBeGreaterThan(1000);
    const lines = logs.map((entry) => JSON.stringify(entry));
    expect(lines.filter((line) => line.includes('\n'))).toEqual([]);
    const text = lines.join('\n');
    // A forbidden string with a run of 16+ hex digits can only appear inside a hex run of the logs
    // (there are few); the others (secrets, short or odd signatures) are searched for directly.
    const hexRunsOfLogs = text.match(/[0-9a-fA-F]{16,}/g) ?? [];
    const leaks: string[] = [];
    for (const s of new Set([...ALL_SECRETS, ...signaturesSeen, ...hmacsOfRequests])) {
      if (s.length < 8) continue;
      const run = (s.match(/[0-9a-fA-F]{16,}/g) ?? []).sort((a, b) => b.length - a.length)[0];
      const leaked = run !== undefined ? hexRunsOfLogs.some((r) => r.includes(run)) && text.includes(s) : text.includes(s);
      if (leaked) leaks.push(createHash('sha256').update(s).digest('hex').slice(0, 12));
      if (leaks.length >= 10) break; // enough to fail, and a leak everywhere would be slow to list
    }
    expect(leaks).toEqual([]);
  });
});
