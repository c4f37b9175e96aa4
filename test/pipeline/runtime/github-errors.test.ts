/**
 * GitHub's error answers, classified as GitHub documents them ("Rate limits for the REST API",
 * "Troubleshooting the REST API"): a 403 is a rate limit only with its signals.
 */
import { classifyResponse, GitHubApiError } from '../../../src/pipeline/lambda/runtime/github-app';

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null });
const NOW = 1_800_000_000;

test.each([
  // primary rate limit: remaining 0, wait until the reset time
  [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW + 1200) }, 'API rate limit exceeded for installation ID 1.', { kind: 'rate-limit', retryAfterSeconds: 1200 }],
  [429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW + 30) }, 'API rate limit exceeded', { kind: 'rate-limit', retryAfterSeconds: 30 }],
  // secondary rate limit with retry-after
  [403, { 'retry-after': '90' }, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', { kind: 'rate-limit', retryAfterSeconds: 90 }],
  [429, { 'retry-after': '5' }, '', { kind: 'rate-limit', retryAfterSeconds: 5 }],
  // secondary rate limit without retry-after: at least one minute
  [403, { 'x-ratelimit-remaining': '4000' }, 'You have exceeded a secondary rate limit.', { kind: 'rate-limit', retryAfterSeconds: 60 }],
  [429, {}, '', { kind: 'rate-limit', retryAfterSeconds: 60 }],
  // a 403 without any rate-limit signal is a refusal (e.g. missing permission): permanent
  [403, { 'x-ratelimit-remaining': '4999' }, 'Resource not accessible by integration', { kind: 'permanent' }],
  [401, {}, 'Bad credentials', { kind: 'auth' }],
  [404, {}, 'Not Found', { kind: 'not-found' }],
  [409, {}, 'Already exists - A runner with the name x already exists.', { kind: 'conflict' }],
  [422, {}, 'Validation Failed', { kind: 'permanent' }],
  [502, {}, 'Server Error', { kind: 'transient' }],
])('%i %j %j → %j', (status, h, message, expected) => {
  expect(classifyResponse(status, headers(h), message, NOW)).toEqual(expected);
});

test('retryable: rate limits, transient failures and stale credentials; not refusals', () => {
  const retryable = (kind: any) => new GitHubApiError('x', { kind }).retryable;
  expect(['rate-limit', 'transient', 'auth'].map(retryable)).toEqual([true, true, true]);
  expect(['permanent', 'not-found', 'conflict'].map(retryable)).toEqual([false, false, false]);
});
