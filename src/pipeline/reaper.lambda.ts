// eslint-disable-next-line import/no-extraneous-dependencies
import { ECSClient } from '@aws-sdk/client-ecs';
import { createReaper, reaperConfigFromEnv } from './lambda/reaper';

const reap = createReaper(new ECSClient({}), reaperConfigFromEnv(process.env));

export const handler = async (): Promise<{ examined: number; stopped: number }> => {
  const result = await reap();
  return { examined: result.examined, stopped: result.stopped.length };
};
