import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Logger } from '../../src/pipeline/lambda/runtime/log';
import { emf, reasonCategory } from '../../src/pipeline/lambda/runtime/metrics';
import { createWebhookHandler } from '../../src/pipeline/lambda/webhook/handler';
import { PIPELINE_METRICS, PIPELINE_METRICS_NAMESPACE } from '../../src/pipeline/private/pipeline-metrics';

const SECRET = 'stage-metrics-webhook-secret';
const NOW = Date.parse('2026-01-15T10:00:00.000Z');

function webhook() {
  const logs: any[] = [];
  const handler = createWebhookHandler({
    secrets: async () => [SECRET],
    enqueue: async () => undefined,
    log: new Logger((line) => logs.push(JSON.parse(line))),
    now: () => NOW,
    config: { allowedRepositories: ['octo-org/app'], runnerLabels: ['self-hosted'], maxBodyBytes: 65536, maxJobAgeSeconds: 6 * 3600, allowPublicRepositories: false, runnerPrefix: 'ci' },
  });
  const send = (action: string, job: object, delivery: string) => {
    const body = JSON.stringify({
      action,
      repository: { full_name: 'octo-org/app', private: true },
      installation: { id: 7 },
      workflow_job: { id: 42, run_id: 9, labels: ['self-hosted'], status: action, created_at: '2026-01-15T09:58:00Z', ...job },
    });
    const event = {
      version: '2.0',
      routeKey: 'POST /webhook',
      rawPath: '/webhook',
      rawQueryString: '',
      isBase64Encoded: false,
      body,
      headers: { 'x-github-event': 'workflow_job', 'x-github-delivery': delivery, 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
      requestContext: {} as APIGatewayProxyEventV2['requestContext'],
    } as APIGatewayProxyEventV2;
    return handler(event);
  };
  return { logs, send };
}

test('the webhook measures GitHub → webhook delay and queued → in_progress from GitHub\'s timestamps, on its one log line', async () => {
  const { logs, send } = webhook();
  await send('queued', {}, 'delivery-1');
  await send('in_progress', { started_at: '2026-01-15T09:59:30Z', runner_name: 'ci-42-1' }, 'delivery-2');
  await send('in_progress', { started_at: '2026-01-15T09:59:30Z', runner_name: 'hosted-runner' }, 'delivery-3');
  await send('completed', { runner_name: null, conclusion: 'cancelled' }, 'delivery-4');
  expect(logs).toHaveLength(4);
  expect(logs[0]).toMatchObject({
    msg: 'github webhook',
    jobId: 42,
    deliveryId: 'delivery-1',
    outcome: 'queued',
    Pipeline: 'ci',
    [PIPELINE_METRICS.webhookDelay]: 120_000,
    _aws: { Timestamp: NOW, CloudWatchMetrics: [{ Namespace: PIPELINE_METRICS_NAMESPACE, Dimensions: [['Pipeline']], Metrics: [{ Name: 'JobWebhookDelay', Unit: 'Milliseconds' }] }] },
  });
  expect(logs[1]).toMatchObject({ jobId: 42, deliveryId: 'delivery-2', [PIPELINE_METRICS.queuedToInProgress]: 90_000 });
  expect(logs[2]._aws).toBeUndefined(); // another host's runner: not ours to measure
  expect(logs[3]).toMatchObject({ deliveryId: 'delivery-4', [PIPELINE_METRICS.cancelledBeforeRunner]: 1 });
});

test('emf: invalid values are left out; reasons are short categories published with and without the Reason dimension', () => {
  expect(emf('ci', NOW, [{ name: 'X', value: NaN, unit: 'Milliseconds' }])).toEqual({});
  expect(emf('ci', NOW, [{ name: 'X', value: 1, unit: 'Count' }], 'Capacity')).toMatchObject({
    Pipeline: 'ci', Reason: 'Capacity', X: 1, _aws: { CloudWatchMetrics: [{ Dimensions: [['Pipeline'], ['Pipeline', 'Reason']] }] },
  });
  expect(reasonCategory('Capacity is unavailable at this time')).toBe('Capacity');
  expect(reasonCategory('job created 400 minutes ago, beyond the pipeline\'s 360-minute bound')).toBe('JobTooOld');
  expect(reasonCategory('gave up after 30 attempts: boom')).toBe('RetriesExhausted');
  expect(reasonCategory('something new')).toBe('Other');
});
