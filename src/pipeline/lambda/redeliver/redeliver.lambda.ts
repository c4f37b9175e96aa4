/** Lambda entry of the webhook redeliverer (EventBridge schedule). */
// The AWS SDK v3 ships with the nodejs22.x runtime; the client is a build-time devDependency.
// eslint-disable-next-line import/no-extraneous-dependencies
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createRedeliverer, redelivererConfigFromEnv } from './handler';
import { HANDLER_ENV } from '../../private/runner-contract';
import { githubAppFromEnv } from '../runtime/github-env';

const run = createRedeliverer({
  config: redelivererConfigFromEnv(process.env),
  github: githubAppFromEnv('webhook redeliverer', HANDLER_ENV.redeliverer),
  dynamodb: new DynamoDBClient({ maxAttempts: 3 }),
});

export const handler = async (): Promise<{ examined: number; redelivered: number }> => {
  const result = await run();
  return { examined: result.examined, redelivered: result.redelivered.length };
};
