/**
 * Retry backoff of the launcher against moto's SQS: a failed message's visibility is stretched
 * exponentially with its receive count, so retries spread out instead of hammering GitHub and ECS.
 */
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { FakeGitHub } from './support/fake-github';
import { AwsFixture, createCluster, createJobQueue, jobMessage, makeLauncher, useLauncherWorld } from './support/launcher-env';
import { backoffSeconds } from '../../src/pipeline/lambda/launcher/handler';

const world = useLauncherWorld();
let aws: AwsFixture;
let github: FakeGitHub;
beforeAll(() => {
  ({ aws, github } = world);
});

test('backoff doubles per receive and is capped', () => {
  expect([1, 2, 3, 4, 5, 6, 30].map(n => backoffSeconds(n, 20, 300))).toEqual([20, 40, 80, 160, 300, 300, 300]);
  expect(backoffSeconds(0, 20, 300)).toBe(20);
});

async function receiveAsEvent(queueUrl: string): Promise<SQSEvent> {
  const res = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
  return {
    Records: (res.Messages ?? []).map(m => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body!,
      attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1' } as any,
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q',
      awsRegion: 'us-east-1',
    })),
  };
}

test.each([
  ['without backoff the message returns after the queue visibility timeout', undefined, 1],
  ['with backoff a failed message stays invisible for the backoff', 30, 0],
])('%s', async (_name, retryBaseSeconds, visibleAfterwards) => {
  const { queueUrl } = await createJobQueue(aws, `backoff-${retryBaseSeconds ?? 'none'}`, 10);
  const clusterArn = await createCluster(aws, `backoff-${retryBaseSeconds ?? 'none'}`);
  const l = makeLauncher(aws, github, { clusterArn }, {
    backoff: retryBaseSeconds ? { sqs: aws.sqs, queueUrl, retryBaseSeconds } : undefined,
  });
  github.fault = req => (req.kind === 'jitconfig' ? { status: 500 } : undefined);
  await aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(jobMessage(9_100_000 + (retryBaseSeconds ?? 0))) }));

  const event = await receiveAsEvent(queueUrl);
  expect(event.Records).toHaveLength(1);
  const res = await l.handler(event);
  expect(res.batchItemFailures).toHaveLength(1);

  await new Promise(resolve => setTimeout(resolve, 1_500)); // the queue's visibility timeout is 1 s
  const again = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  expect(again.Messages ?? []).toHaveLength(visibleAfterwards);
}, 30_000);
