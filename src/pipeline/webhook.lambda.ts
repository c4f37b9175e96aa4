/**
 * Lambda entry of the GitHub webhook (API Gateway HTTP API, payload format 2.0).
 * Bundled by esbuild; the rules live in ./lambda/webhook.ts.
 *
 * Environment:
 *  - WEBHOOK_SECRET_ARN    Secrets Manager secret whose SecretString is the webhook secret
 *  - QUEUE_URL             SQS queue for RunnerJobMessage; a `.fifo` queue deduplicates by job id
 *  - ALLOWED_REPOSITORIES  comma-separated `owner/repo` (empty: no job is accepted)
 *  - RUNNER_LABELS         comma-separated labels the runners serve
 *  - MAX_BODY_BYTES        largest accepted body in bytes (default 1048576)
 */
// The AWS SDK clients are bundled into the Lambda asset by esbuild: build-time dependencies.
// eslint-disable-next-line import/no-extraneous-dependencies
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
// eslint-disable-next-line import/no-extraneous-dependencies
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createWebhookHandler, RunnerJobMessage } from './lambda/webhook';

/** A bad request forces a secret re-read at most once a minute per execution environment. */
const SECRET_REFRESH_INTERVAL_MS = 60_000;
const DEFAULT_MAX_BODY_BYTES = 1_048_576;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

function listEnv(name: string): string[] {
  return (process.env[name] ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function maxBodyBytes(): number {
  const value = process.env.MAX_BODY_BYTES;
  if (value === undefined || value === '') return DEFAULT_MAX_BODY_BYTES;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`MAX_BODY_BYTES must be a positive integer, got "${value}"`);
  return n;
}

// Read once per execution environment; a misconfigured function fails at init, not per request.
const secretArn = requiredEnv('WEBHOOK_SECRET_ARN');
const queueUrl = requiredEnv('QUEUE_URL');
const fifo = queueUrl.endsWith('.fifo');

// Created once at module load and reused by every invocation.
const secretsManager = new SecretsManagerClient({});
const sqs = new SQSClient({});

let cachedSecret: string | undefined;

async function getSecret(forceRefresh: boolean): Promise<string> {
  if (cachedSecret === undefined || forceRefresh) {
    const out = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!out.SecretString) throw new Error('the webhook secret has no SecretString');
    cachedSecret = out.SecretString;
  }
  return cachedSecret;
}

async function enqueue(message: RunnerJobMessage): Promise<void> {
  await sqs.send(new SendMessageCommand({
    QueueUrl: queueUrl,
    MessageBody: JSON.stringify(message),
    // One group per job (jobs do not wait for each other); the same job queued twice — a GitHub
    // redelivery, or `queued` sent twice around an environment approval — is dropped by SQS
    // within its 5-minute deduplication window.
    ...(fifo ? { MessageGroupId: String(message.jobId), MessageDeduplicationId: `job-${message.jobId}` } : {}),
  }));
}

const webhook = createWebhookHandler({
  getSecret,
  enqueue,
  log: (entry) => console.log(JSON.stringify(entry)),
  now: () => Date.now(),
  config: {
    allowedRepositories: listEnv('ALLOWED_REPOSITORIES'),
    runnerLabels: listEnv('RUNNER_LABELS'),
    maxBodyBytes: maxBodyBytes(),
    secretRefreshIntervalMs: SECRET_REFRESH_INTERVAL_MS,
  },
});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return webhook(event);
}
