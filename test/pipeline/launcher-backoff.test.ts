import { backoffSeconds, parseJobMessage } from '../../src/pipeline/lambda/launcher/handler';

test('backoff doubles per receive and is capped (and never beyond SQS\'s 12 hours)', () => {
  expect([1, 2, 3, 4, 5, 6, 30].map(n => backoffSeconds(n, 20, 300))).toEqual([20, 40, 80, 160, 300, 300, 300]);
  expect(backoffSeconds(0, 20, 300)).toBe(20);
  expect(backoffSeconds(30, 3600, 86_400)).toBe(43_200);
});

test('queue messages: the three kinds, and anything else is not a job message', () => {
  const base = { deliveryId: 'd', jobId: 1, owner: 'o', repo: 'r', installationId: 2 };
  expect(parseJobMessage(JSON.stringify({ ...base, kind: 'queued', runId: 3, labels: ['x'], createdAt: 't', enqueuedAt: 'u' }))).toMatchObject({ kind: 'queued', repository: 'o/r' });
  expect(parseJobMessage(JSON.stringify({ ...base, kind: 'in_progress', runnerName: 'p-1-1' }))).toMatchObject({ kind: 'in_progress' });
  expect(parseJobMessage(JSON.stringify({ ...base, kind: 'completed', runnerName: null, conclusion: 'cancelled' }))).toMatchObject({ runnerName: null });
  for (const bad of ['not json', '[]', JSON.stringify({ ...base, jobId: -1 }), JSON.stringify({ ...base, owner: '../x' }), JSON.stringify({ ...base, kind: 'deleted' })]) {
    expect(parseJobMessage(bad)).toBeUndefined();
  }
});
