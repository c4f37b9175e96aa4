import { sign, verify } from '@octokit/webhooks-methods';

test('ESM-only @octokit/webhooks-methods loads under jest', async () => {
  const sig = await sign('secret', '{"a":1}');
  expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(await verify('secret', '{"a":1}', sig)).toBe(true);
});
