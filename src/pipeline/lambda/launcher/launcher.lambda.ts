/**
 * Lambda entry of the runner launcher (SQS event source with ReportBatchItemFailures).
 * Clients and the GitHub App key cache live in module scope, so warm invocations reuse them.
 */
// The AWS SDK v3 ships with the nodejs22.x runtime; the clients are build-time devDependencies.
/* eslint-disable import/no-extraneous-dependencies */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
/* eslint-enable import/no-extraneous-dependencies */
import { createLauncher, loadLauncherConfig } from './handler';
import { HANDLER_ENV } from '../../private/runner-contract';
import { githubAppFromEnv } from '../runtime/github-env';

// One quick SDK retry at most; bounded retries come from the queue (backoff, maxReceiveCount).
const clientConfig = { maxAttempts: 2 };

export const handler = createLauncher({
  config: loadLauncherConfig(process.env),
  ecs: new ECSClient(clientConfig),
  ssm: new SSMClient(clientConfig),
  dynamodb: new DynamoDBClient(clientConfig),
  sqs: new SQSClient(clientConfig),
  github: githubAppFromEnv('runner launcher', HANDLER_ENV.launcher),
});
