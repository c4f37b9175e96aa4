/**
 * The jobs table against DynamoDB as moto emulates it: claims, conditional transitions and the
 * slot counter under concurrency.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as fc from 'fast-check';
import { ConditionFailed, JobStore } from '../../../src/pipeline/lambda/runtime/job-store';
import type { QueuedJobMessage } from '../../../src/pipeline/private/runner-contract';
import { atomicDynamoDb, MotoServer, startMoto } from '../support/moto';

let moto: MotoServer;
let db: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  moto = await startMoto();
  db = atomicDynamoDb(new DynamoDBClient(moto.clientConfig));
}, 60_000);
afterAll(() => moto?.stop());

async function freshStore(now = () => Date.now()): Promise<JobStore> {
  const tableName = `jobs-${++tables}`;
  await db.send(new CreateTableCommand({
    TableName: tableName,
    KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  return new JobStore(db, { tableName, ttlSeconds: 3600, now });
}

const job = (jobId: number): QueuedJobMessage => ({
  kind: 'queued',
  deliveryId: 'd',
  jobId,
  runId: 1,
  repository: 'o/r',
  owner: 'o',
  repo: 'r',
  labels: ['self-hosted'],
  installationId: 1,
  createdAt: new Date().toISOString(),
  enqueuedAt: new Date().toISOString(),
});

test('one claim per job: a second message is a duplicate; the holder may resume its own in-flight claim', async () => {
  const store = await freshStore();
  expect((await store.claim(job(1), 'm-1'))?.status).toBe('claimed');
  expect(await store.claim(job(1), 'm-2')).toBeUndefined();
  expect((await store.claim(job(1), 'm-1'))?.attempt).toBe(1);
  await store.update(1, { status: 'launched', messageId: undefined }, { status: ['claimed'], attempt: 1 });
  expect(await store.claim(job(1), 'm-1')).toBeUndefined();
});

test('a requeued job is taken over by the next message with the next attempt', async () => {
  const store = await freshStore();
  await store.claim(job(2), 'm-1');
  await store.update(2, { status: 'requeued' }, { status: ['claimed'] });
  const item = await store.claim(job(2), 'm-9');
  expect(item).toMatchObject({ status: 'claimed', attempt: 2, messageId: 'm-9' });
  expect(await store.claim(job(2), 'm-10')).toBeUndefined();
});

test('a job that ended before it was claimed leaves a tombstone a late queued message cannot pass', async () => {
  const store = await freshStore();
  expect(await store.tombstone(3, 'cancelled while queued')).toBe(true);
  expect(await store.claim(job(3), 'm-1')).toBeUndefined();
  expect(await store.tombstone(3, 'again')).toBe(false);
});

test('conditional transitions: a stale attempt or status cannot move a job', async () => {
  const store = await freshStore();
  await store.claim(job(4), 'm-1');
  await expect(store.update(4, { status: 'registered' }, { status: ['claimed'], attempt: 2 })).rejects.toBeInstanceOf(ConditionFailed);
  await expect(store.update(4, { status: 'stored' }, { status: ['registered'] })).rejects.toBeInstanceOf(ConditionFailed);
  await store.update(4, { status: 'registered', runnerId: 7 }, { status: ['claimed'], attempt: 1 });
  expect(await store.get(4)).toMatchObject({ status: 'registered', runnerId: 7 });
  await store.update(4, { runnerId: undefined });
  expect((await store.get(4))?.runnerId).toBeUndefined();
});

test('slots: never more than the cap under concurrent acquisition; a slot is released once (property)', async () => {
  await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 10 }), async (max, jobs) => {
    const store = await freshStore();
    const ids = Array.from({ length: jobs }, (_, i) => 100 + i);
    for (const id of ids) await store.claim(job(id), `m-${id}`);
    const results = await Promise.all(ids.map(id => store.acquireSlot(id, 1, max)));
    const acquired = results.filter(r => r === 'acquired').length;
    expect(acquired).toBe(Math.min(max, jobs));
    expect(await store.slotsUsed()).toBe(acquired);
    const holder = ids[results.indexOf('acquired')];
    expect(await Promise.all([store.releaseSlot(holder), store.releaseSlot(holder)])).toEqual(expect.arrayContaining([true, false]));
    expect(await store.slotsUsed()).toBe(acquired - 1);
    return true;
  }), { numRuns: 8 });
}, 120_000);

test('a slot cannot be taken for a job that moved on, and the counter can be repaired only from what it read', async () => {
  const store = await freshStore();
  await store.claim(job(5), 'm-1');
  await store.update(5, { status: 'done' });
  expect(await store.acquireSlot(5, 1, 3)).toBe('stale');
  expect(await store.slotsUsed()).toBe(0);
  expect(await store.repairSlots(1, 0)).toBe(false);
  expect(await store.repairSlots(0, 2)).toBe(true);
  expect(await store.slotsUsed()).toBe(2);
});

test('redelivery marks: once per delivery GUID', async () => {
  const store = await freshStore();
  expect(await store.markRedelivered('guid-1')).toBe(true);
  expect(await store.markRedelivered('guid-1')).toBe(false);
  await store.unmarkRedelivered('guid-1');
  expect(await store.markRedelivered('guid-1')).toBe(true);
  // marks are not jobs
  expect(await store.scanActive()).toEqual([]);
});
