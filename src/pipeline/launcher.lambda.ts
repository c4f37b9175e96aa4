/**
 * Lambda entry of the runner launcher (SQS event source with ReportBatchItemFailures).
 * Clients and the GitHub App key cache live in module scope, so warm invocations reuse them.
 */
// Lambda code is bundled with its dependencies by esbuild; the SDK clients are build-time devDependencies.
/* eslint-disable import/no-extraneous-dependencies */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
/* eslint-enable import/no-extraneous-dependencies */
import { createGitHubApp, DEFAULT_GITHUB_API_URL } from './lambda/github-app';
import { cachedSecret, createLauncher, loadLauncherConfig } from './lambda/launcher';

const env = process.env;
const config = loadLauncherConfig(env);

// One quick SDK retry at most; bounded retries come from the queue's maxReceiveCount.
const clientConfig = { maxAttempts: 2 };
const privateKey = cachedSecret(new SecretsManagerClient(clientConfig), required('GITHUB_APP_KEY_SECRET_ARN'));

export const handler = createLauncher({
  config,
  ecs: new ECSClient(clientConfig),
  ssm: new SSMClient(clientConfig),
  dynamodb: new DynamoDBClient(clientConfig),
  github: createGitHubApp({
    appId: required('GITHUB_APP_ID'),
    privateKey: () => privateKey.get(),
    onAuthFailure: () => privateKey.invalidate(),
    apiUrl: env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL,
    timeoutMs: Number(env.GITHUB_TIMEOUT_MS) > 0 ? Number(env.GITHUB_TIMEOUT_MS) : 5000,
  }),
  // Exponential backoff for failed messages when the queue URL is known (the construct sets it).
  backoff: env.QUEUE_URL ? {
    sqs: new SQSClient(clientConfig),
    queueUrl: env.QUEUE_URL,
    retryBaseSeconds: Number(env.RETRY_BASE_SECONDS) > 0 ? Number(env.RETRY_BASE_SECONDS) : undefined,
    retryMaxSeconds: Number(env.RETRY_MAX_SECONDS) > 0 ? Number(env.RETRY_MAX_SECONDS) : undefined,
  } : undefined,
});

function required(name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`runner launcher: environment variable ${name} is required`);
  return value;
}
