/** Lambda entry of the runner reaper (EventBridge schedule). */
// The AWS SDK v3 ships with the nodejs22.x runtime; the client is a build-time devDependency.
// eslint-disable-next-line import/no-extraneous-dependencies
import { ECSClient } from '@aws-sdk/client-ecs';
import { createReaper, reaperConfigFromEnv } from './handler';

const reap = createReaper(new ECSClient({}), reaperConfigFromEnv(process.env));

export const handler = async (): Promise<{ examined: number; stopped: number }> => {
  const result = await reap();
  return { examined: result.examined, stopped: result.stopped.length };
};
