import { SecretCache } from '../../../src/pipeline/lambda/runtime/secret-cache';

function secretsManager(state: { current: string; previous?: string; fail?: boolean }) {
  const calls: Array<{ SecretId: string; VersionStage?: string }> = [];
  return {
    calls,
    client: {
      send: async (input: any) => {
        calls.push(input);
        if (state.fail) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        if (input.VersionStage === 'AWSPREVIOUS') {
          if (state.previous === undefined) throw Object.assign(new Error('no such version'), { name: 'ResourceNotFoundException' });
          return { SecretString: state.previous };
        }
        return { SecretString: state.current };
      },
    },
  };
}

test('read once per TTL, with the previous version during a rotation', async () => {
  const state: { current: string; previous?: string } = { current: 'v1' };
  const sm = secretsManager(state);
  let now = 0;
  const cache = new SecretCache(sm.client, (input) => input, 'arn', { ttlMs: 60_000, withPrevious: true, now: () => now });
  expect(await cache.values()).toEqual(['v1']);
  state.current = 'v2';
  state.previous = 'v1';
  now = 59_999;
  expect(await cache.values()).toEqual(['v1']);
  expect(sm.calls).toHaveLength(2);
  now = 60_000;
  expect(await cache.values()).toEqual(['v2', 'v1']);
  expect(await cache.get()).toBe('v2');
});

test('a failed read is not cached; invalidate forces a re-read', async () => {
  const state = { current: 'k', fail: true };
  const sm = secretsManager(state);
  const cache = new SecretCache(sm.client, (input) => input, 'arn');
  await expect(cache.get()).rejects.toThrow(/throttled/);
  state.fail = false;
  expect(await cache.get()).toBe('k');
  expect(await cache.get()).toBe('k');
  expect(sm.calls).toHaveLength(2);
  cache.invalidate();
  await cache.get();
  expect(sm.calls).toHaveLength(3);
});

test('an empty secret is an error that names what to do', async () => {
  const cache = new SecretCache({ send: async () => ({}) }, (input) => input, 'arn');
  await expect(cache.get()).rejects.toThrow(/has no SecretString \(set it with put-secret-value/);
});
