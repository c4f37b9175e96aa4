/**
 * Lambda entry of the GitHub webhook (API Gateway HTTP API, payload format 2.0).
 * The rules live in ./handler.ts; this file wires in Secrets Manager and SQS.
 */
// The AWS SDK v3 ships with the nodejs22.x runtime; the clients are build-time devDependencies.
// eslint-disable-next-line import/no-extraneous-dependencies
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
// eslint-disable-next-line import/no-extraneous-dependencies
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createWebhookHandler, RunnerJobMessage } from './handler';
import { HANDLER_ENV } from '../../private/runner-contract';
import { Env } from '../runtime/env';
import { Logger } from '../runtime/log';
import { SecretCache } from '../runtime/secret-cache';

/** A bad request forces a secret re-read at most once a minute per execution environment. */
const SECRET_REFRESH_INTERVAL_MS = 60_000;

// Read once per execution environment; a misconfigured function fails at init, not per request.
const names = HANDLER_ENV.webhook;
const env = new Env('github webhook');
const queueUrl = env.string(names.queueUrl);
const fifo = queueUrl.endsWith('.fifo');
const secret = new SecretCache(new SecretsManagerClient({}), (input) => new GetSecretValueCommand(input), env.string(names.secretArn));
const sqs = new SQSClient({});

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
  getSecret: (forceRefresh) => {
    if (forceRefresh) secret.invalidate();
    return secret.get();
  },
  enqueue,
  log: new Logger(),
  now: () => Date.now(),
  config: {
    allowedRepositories: env.list(names.allowedRepositories),
    runnerLabels: env.list(names.runnerLabels),
    maxBodyBytes: env.int(names.maxBodyBytes, { min: 1, fallback: 1_048_576 }),
    secretRefreshIntervalMs: SECRET_REFRESH_INTERVAL_MS,
  },
});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return webhook(event);
}
