import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as Entry from '../../src/pipeline/lambda/webhook/webhook.lambda';

// The SDK clients are replaced before the entry module loads; it creates them at module load.
const mockSecretsSend = jest.fn();
const mockSqsSend = jest.fn();
const mockSecretsClient = jest.fn();
const mockSqsClient = jest.fn();
jest.mock('@aws-sdk/client-secrets-manager', () => ({
  SecretsManagerClient: jest.fn().mockImplementation((...args: unknown[]) => {
    mockSecretsClient(...args);
    return { send: mockSecretsSend };
  }),
  GetSecretValueCommand: jest.fn().mockImplementation((input: unknown) => ({ name: 'GetSecretValueCommand', input })),
}));
jest.mock('@aws-sdk/client-sqs', () => ({
  SQSClient: jest.fn().mockImplementation((...args: unknown[]) => {
    mockSqsClient(...args);
    return { send: mockSqsSend };
  }),
  SendMessageCommand: jest.fn().mockImplementation((input: unknown) => ({ name: 'SendMessageCommand', input })),
}));

const SECRET = 'lambda-entry-secret-7Hq';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-webhook-AbCdEf';
const FIFO_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/runner-jobs.fifo';
const STANDARD_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/runner-jobs';

const ENV_NAMES = ['WEBHOOK_SECRET_ARN', 'QUEUE_URL', 'ALLOWED_REPOSITORIES', 'RUNNER_LABELS', 'MAX_BODY_BYTES', 'RUNNER_NAME_PREFIX', 'MAX_JOB_AGE_SECONDS', 'ALLOW_PUBLIC_REPOSITORIES'];
const savedEnv = Object.fromEntries(ENV_NAMES.map((n) => [n, process.env[n]]));

/** Loads a fresh copy of the entry module (its module-scope cache and clients) with this environment. */
function load(env: Record<string, string>): typeof Entry.handler {
  for (const n of ENV_NAMES) delete process.env[n];
  Object.assign(process.env, env);
  let mod: typeof Entry | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../../src/pipeline/lambda/webhook/webhook.lambda');
  });
  return mod!.handler;
}

const BASE_ENV = {
  WEBHOOK_SECRET_ARN: SECRET_ARN,
  QUEUE_URL: FIFO_URL,
  ALLOWED_REPOSITORIES: ' octo-org/app , octo-org/other ',
  RUNNER_LABELS: 'self-hosted,linux,x64',
  RUNNER_NAME_PREFIX: 'confluxdb-ci',
};

function queuedJob(jobId: number, labels = ['self-hosted', 'linux']) {
  return {
    action: 'queued',
    workflow_job: { id: jobId, run_id: 9000 + jobId, labels, created_at: new Date(Date.now() - 60_000).toISOString() },
    repository: { full_name: 'octo-org/app', name: 'app', private: true, owner: { login: 'octo-org' } },
    installation: { id: 42 },
  };
}

function signed(payload: unknown, delivery: string, secret = SECRET): APIGatewayProxyEventV2 {
  const raw = Buffer.from(JSON.stringify(payload));
  return {
    version: '2.0',
    routeKey: 'POST /webhook',
    rawPath: '/webhook',
    rawQueryString: '',
    headers: {
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
      'x-github-event': 'workflow_job',
      'x-github-delivery': delivery,
    },
    isBase64Encoded: true,
    body: raw.toString('base64'),
    requestContext: {} as APIGatewayProxyEventV2['requestContext'],
  };
}

let consoleLog: jest.SpyInstance;

/** Secrets Manager: the current version; AWSPREVIOUS does not exist until a rotation. */
const versions: { current: string; previous?: string } = { current: SECRET };

beforeEach(() => {
  versions.current = SECRET;
  versions.previous = undefined;
  mockSecretsSend.mockImplementation(async (command: { input: { VersionStage?: string } }) => {
    if (command.input.VersionStage !== 'AWSPREVIOUS') return { SecretString: versions.current };
    if (versions.previous === undefined) throw Object.assign(new Error("Secrets Manager can't find the specified secret version."), { name: 'ResourceNotFoundException' });
    return { SecretString: versions.previous };
  });
  mockSqsSend.mockResolvedValue({ MessageId: 'm-1' });
  consoleLog = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  consoleLog.mockRestore();
});

afterAll(() => {
  for (const n of ENV_NAMES) {
    if (savedEnv[n] === undefined) delete process.env[n];
    else process.env[n] = savedEnv[n];
  }
});

test('FIFO queue: MessageGroupId and MessageDeduplicationId from the job id; the secret versions are read once for two invocations', async () => {
  const handler = load(BASE_ENV);
  expect(mockSecretsClient).toHaveBeenCalledTimes(1);
  expect(mockSqsClient).toHaveBeenCalledTimes(1);

  const first = await handler(signed(queuedJob(123), 'delivery-1'));
  // GitHub redelivery of the same job: same deduplication id, so SQS drops the copy.
  const second = await handler(signed(queuedJob(123), 'delivery-1'));
  expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
  expect(JSON.parse(first.body as string)).toEqual({ status: 'queued' });

  // current and (not yet existing) previous version, once
  expect(mockSecretsSend).toHaveBeenCalledTimes(2);
  expect(mockSecretsSend.mock.calls.map((c) => c[0].input)).toEqual([{ SecretId: SECRET_ARN }, { SecretId: SECRET_ARN, VersionStage: 'AWSPREVIOUS' }]);
  expect(mockSqsSend).toHaveBeenCalledTimes(2);
  const input = mockSqsSend.mock.calls[0][0].input;
  expect(input).toEqual({
    QueueUrl: FIFO_URL,
    MessageBody: expect.any(String),
    MessageGroupId: '123',
    MessageDeduplicationId: 'queued-123',
  });
  expect(mockSqsSend.mock.calls[1][0].input.MessageDeduplicationId).toBe('queued-123');
  expect(JSON.parse(input.MessageBody)).toEqual({
    kind: 'queued',
    createdAt: expect.any(String),
    deliveryId: 'delivery-1',
    jobId: 123,
    runId: 9123,
    repository: 'octo-org/app',
    owner: 'octo-org',
    repo: 'app',
    labels: ['self-hosted', 'linux'],
    installationId: 42,
    enqueuedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  });
  // Clients are not re-created per invocation.
  expect(mockSecretsClient).toHaveBeenCalledTimes(1);
  expect(mockSqsClient).toHaveBeenCalledTimes(1);
});

test('standard queue: no FIFO parameters', async () => {
  const handler = load({ ...BASE_ENV, QUEUE_URL: STANDARD_URL });
  expect((await handler(signed(queuedJob(7), 'd-7'))).statusCode).toBe(202);
  const input = mockSqsSend.mock.calls[0][0].input;
  expect(input.QueueUrl).toBe(STANDARD_URL);
  expect(input).not.toHaveProperty('MessageGroupId');
  expect(input).not.toHaveProperty('MessageDeduplicationId');
});

test('allow-list and labels come from the environment (comma-separated, trimmed)', async () => {
  const handler = load(BASE_ENV);
  const other = { ...queuedJob(8), repository: { full_name: 'octo-org/other', name: 'other', private: true, owner: { login: 'octo-org' } } };
  expect(JSON.parse((await handler(signed(other, 'd-8'))).body as string)).toEqual({ status: 'queued' });
  const gpu = await handler(signed(queuedJob(9, ['self-hosted', 'gpu']), 'd-9'));
  expect(JSON.parse(gpu.body as string)).toMatchObject({ status: 'ignored' });
  const stranger = { ...queuedJob(10), repository: { full_name: 'evil/app', name: 'app', private: true, owner: { login: 'evil' } } };
  expect(JSON.parse((await handler(signed(stranger, 'd-10'))).body as string)).toMatchObject({ status: 'ignored' });
  expect(mockSqsSend).toHaveBeenCalledTimes(1);
});

test('a queue error is a 500 for GitHub to show (the redeliverer asks for it again)', async () => {
  const handler = load(BASE_ENV);
  mockSqsSend.mockRejectedValueOnce(new Error('ServiceUnavailable'));
  expect((await handler(signed(queuedJob(11), 'd-11'))).statusCode).toBe(500);
});

test('rotation: the versions are re-read on a one-minute timer, never because a request failed; then both are accepted', async () => {
  jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  try {
    const handler = load(BASE_ENV);
    expect((await handler(signed(queuedJob(12), 'd-12'))).statusCode).toBe(202);
    versions.previous = SECRET;
    versions.current = 'rotated-secret-0Pz';
    // A bad request, and a delivery with the new secret inside the minute: no re-read is triggered.
    expect((await handler(signed(queuedJob(13), 'd-13', 'forged'))).statusCode).toBe(401);
    expect((await handler(signed(queuedJob(14), 'd-14', 'rotated-secret-0Pz'))).statusCode).toBe(401);
    expect(mockSecretsSend).toHaveBeenCalledTimes(2);
    jest.setSystemTime(Date.now() + 60_000);
    expect((await handler(signed(queuedJob(15), 'd-15', 'rotated-secret-0Pz'))).statusCode).toBe(202);
    expect((await handler(signed(queuedJob(16), 'd-16', SECRET))).statusCode).toBe(202);
    expect(mockSecretsSend).toHaveBeenCalledTimes(4);
  } finally {
    jest.useRealTimers();
  }
});

test('MAX_BODY_BYTES: default 1048576, overridable', async () => {
  const big = { ...queuedJob(13), pad: 'x'.repeat(1_048_576) };
  expect((await load(BASE_ENV)(signed(big, 'd-13'))).statusCode).toBe(413);
  expect((await load(BASE_ENV)(signed({ ...queuedJob(14), pad: 'x'.repeat(1_000_000) }, 'd-14'))).statusCode).toBe(202);
  expect((await load({ ...BASE_ENV, MAX_BODY_BYTES: '100' })(signed(queuedJob(15), 'd-15'))).statusCode).toBe(413);
  expect(() => load({ ...BASE_ENV, MAX_BODY_BYTES: 'lots' })).toThrow(/MAX_BODY_BYTES/);
});

test('missing required environment fails at load', () => {
  expect(() => load({ ...BASE_ENV, WEBHOOK_SECRET_ARN: '' })).toThrow(/WEBHOOK_SECRET_ARN/);
  expect(() => load({ ...BASE_ENV, QUEUE_URL: '' })).toThrow(/QUEUE_URL/);
  expect(() => load({ ...BASE_ENV, RUNNER_NAME_PREFIX: '' })).toThrow(/RUNNER_NAME_PREFIX/);
});

test('logs are single-line JSON on stdout without the secret or the signature', async () => {
  const handler = load(BASE_ENV);
  const event = signed(queuedJob(16), 'd-16');
  await handler(event);
  await handler({ ...event, headers: { ...event.headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } });
  expect(consoleLog).toHaveBeenCalledTimes(2);
  const signature = event.headers['x-hub-signature-256']!;
  for (const [written] of consoleLog.mock.calls) {
    expect(typeof written).toBe('string');
    expect(written.endsWith('\n')).toBe(true);
    const line = written.slice(0, -1);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ deliveryId: 'd-16' });
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(signature.slice('sha256='.length));
  }
  expect(JSON.parse(consoleLog.mock.calls[0][0])).toMatchObject({ outcome: 'queued', statusCode: 202, jobId: 16 });
  expect(JSON.parse(consoleLog.mock.calls[1][0])).toMatchObject({ outcome: 'rejected', statusCode: 401 });
});
