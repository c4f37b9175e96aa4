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
import { createWebhookHandler, JobMessage } from './handler';
import { HANDLER_ENV } from '../../private/runner-contract';
import { Env } from '../runtime/env';
import { Logger } from '../runtime/log';
import { SecretCache } from '../runtime/secret-cache';

/**
 * The current and previous secret versions are re-read once a minute per execution environment —
 * on a timer, never because a request failed, so bad requests cannot hold up good ones. A rotation
 * (put-secret-value, then GitHub) is picked up within a minute; deliveries signed with either
 * version are accepted meanwhile.
 */
const SECRET_TTL_MS = 60_000;

// Read once per execution environment; a misconfigured function fails at init, not per request.
const names = HANDLER_ENV.webhook;
const env = new Env('github webhook');
const queueUrl = env.string(names.queueUrl);
const fifo = queueUrl.endsWith('.fifo');
const secret = new SecretCache(new SecretsManagerClient({}), (input) => new GetSecretValueCommand(input), env.string(names.secretArn), {
  ttlMs: SECRET_TTL_MS, withPrevious: true,
});
const sqs = new SQSClient({});

async function enqueue(message: JobMessage): Promise<void> {
  await sqs.send(new SendMessageCommand({
    QueueUrl: queueUrl,
    MessageBody: JSON.stringify(message),
    // One group per job; the same event twice (a redelivery, `queued` around an environment
    // approval) is dropped by SQS within its 5-minute deduplication window.
    ...(fifo ? { MessageGroupId: String(message.jobId), MessageDeduplicationId: `${message.kind}-${message.jobId}` } : {}),
  }));
}

const webhook = createWebhookHandler({
  secrets: () => secret.values(),
  enqueue,
  log: new Logger(),
  now: () => Date.now(),
  config: {
    allowedRepositories: env.list(names.allowedRepositories),
    runnerLabels: env.list(names.runnerLabels),
    maxBodyBytes: env.int(names.maxBodyBytes, { min: 1, fallback: 1_048_576 }),
    maxJobAgeSeconds: env.int(names.maxJobAgeSeconds, { min: 60, fallback: 6 * 3600 }),
    allowPublicRepositories: env.bool(names.allowPublicRepositories, false),
    runnerPrefix: env.string(names.runnerPrefix),
  },
});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return webhook(event);
}
