/** Lambda entry of the runner reaper (EventBridge: a schedule, and ECS task state changes of the pipeline's runners). */
// The AWS SDK v3 ships with the nodejs22.x runtime; the clients are build-time devDependencies.
/* eslint-disable import/no-extraneous-dependencies */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
/* eslint-enable import/no-extraneous-dependencies */
import { createReaper, reaperConfigFromEnv } from './handler';
import { HANDLER_ENV } from '../../private/runner-contract';
import { githubAppFromEnv } from '../runtime/github-env';

const clientConfig = { maxAttempts: 3 };
const reap = createReaper({
  config: reaperConfigFromEnv(process.env),
  ecs: new ECSClient(clientConfig),
  ssm: new SSMClient(clientConfig),
  dynamodb: new DynamoDBClient(clientConfig),
  sqs: new SQSClient(clientConfig),
  github: githubAppFromEnv('runner reaper', HANDLER_ENV.reaper),
});

export const handler = async (): Promise<Record<string, unknown>> => {
  const result = await reap();
  return { ...result, stopped: result.stopped.length, requeued: result.requeued.length };
};
