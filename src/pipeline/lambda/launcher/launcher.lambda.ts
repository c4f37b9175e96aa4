/**
 * Lambda entry of the runner launcher (SQS event source with ReportBatchItemFailures).
 * Clients and the GitHub App key cache live in module scope, so warm invocations reuse them.
 */
// The AWS SDK v3 ships with the nodejs22.x runtime; the clients are build-time devDependencies.
/* eslint-disable import/no-extraneous-dependencies */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
/* eslint-enable import/no-extraneous-dependencies */
import { createLauncher, loadLauncherConfig } from './handler';
import { HANDLER_ENV } from '../../private/runner-contract';
import { Env } from '../runtime/env';
import { createGitHubApp, DEFAULT_GITHUB_API_URL } from '../runtime/github-app';
import { SecretCache } from '../runtime/secret-cache';

const names = HANDLER_ENV.launcher;
const env = new Env('runner launcher');
const config = loadLauncherConfig(process.env);

// One quick SDK retry at most; bounded retries come from the queue's maxReceiveCount.
const clientConfig = { maxAttempts: 2 };
const privateKey = new SecretCache(
  new SecretsManagerClient(clientConfig), (input) => new GetSecretValueCommand(input), env.string(names.githubAppKeySecretArn));

export const handler = createLauncher({
  config,
  ecs: new ECSClient(clientConfig),
  ssm: new SSMClient(clientConfig),
  dynamodb: new DynamoDBClient(clientConfig),
  github: createGitHubApp({
    appId: env.string(names.githubAppId),
    privateKey: () => privateKey.get(),
    onAuthFailure: () => privateKey.invalidate(),
    apiUrl: env.optionalString(names.githubApiUrl, DEFAULT_GITHUB_API_URL),
    timeoutMs: env.int(names.githubTimeoutMs, { min: 100, max: 30_000, fallback: 5000 }),
  }),
  // Exponential backoff for failed messages (ChangeMessageVisibility on the job queue).
  backoff: {
    sqs: new SQSClient(clientConfig),
    queueUrl: env.string(names.queueUrl),
    retryBaseSeconds: env.int(names.retryBaseSeconds, { min: 1, max: 43_200, fallback: 20 }),
    retryMaxSeconds: env.int(names.retryMaxSeconds, { min: 1, max: 43_200, fallback: 300 }),
  },
});
