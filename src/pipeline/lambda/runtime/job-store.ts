/**
 * The jobs table of a runner pipeline: one item per GitHub job id (its claim and the state of its
 * runner) and one counter item holding the concurrency slots. Every transition is a conditional
 * write, so two launchers, a redelivered message, a cancellation and the reaper can run at the same
 * time and exactly one of them wins each step.
 *
 *   claimed ──JIT config issued──▶ registered ──config stored──▶ stored ──RunTask──▶ launched
 *      ▲                                                                              │
 *      └── requeued (the task died before its runner took a job, GitHub still shows the job queued)
 *   any ──▶ done (served, or cancelled)   any ──▶ failed (permanent error, dead-lettered)
 *
 * Slots: `holdsSlot` on a job item and the `used` count of the counter item change together in one
 * transaction, so the count is exact under concurrency; the reaper repairs it if a release is lost.
 */
// The AWS SDK v3 ships with the nodejs22.x runtime; the client is a build-time devDependency.
/* eslint-disable import/no-extraneous-dependencies */
import {
  type AttributeValue,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
/* eslint-enable import/no-extraneous-dependencies */
import type { QueuedJobMessage } from '../../private/runner-contract';

export type JobStatus = 'claimed' | 'registered' | 'stored' | 'launched' | 'requeued' | 'done' | 'failed';
export const IN_FLIGHT: readonly JobStatus[] = ['claimed', 'registered', 'stored'];

export interface JobItem {
  readonly jobId: number;
  readonly status: JobStatus;
  readonly attempt: number;
  /** The SQS message that holds an in-flight claim. */
  readonly messageId?: string;
  readonly holdsSlot: boolean;
  readonly runnerName?: string;
  readonly runnerId?: number;
  readonly parameterName?: string;
  readonly taskArn?: string;
  /** The runner took a job (any job: GitHub matches by labels). */
  readonly busy: boolean;
  /** The job the runner took, when it is known. */
  readonly servedJobId?: number;
  /** The queued message, kept so the reaper can requeue the job. */
  readonly job?: QueuedJobMessage;
  /** A cancellation arrived while a launch was in flight. */
  readonly cancelRequested: boolean;
  readonly updatedAt: number;
  readonly launchedAt?: number;
  readonly reason?: string;
}

const SLOTS_KEY = '#slots';

export class ConditionFailed extends Error {
  constructor(what: string) {
    super(`condition failed: ${what}`);
    this.name = 'ConditionFailed';
  }
}

/** The cancellation reasons of a TransactionCanceledException, in the order of the transaction's items. */
function cancellationCodes(err: unknown): string[] | undefined {
  if ((err as Error)?.name !== 'TransactionCanceledException') return undefined;
  return ((err as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).map(r => r.Code ?? 'None');
}

/**
 * Runs a transaction, retrying (with jitter) while DynamoDB cancels it because another
 * transaction touched the same items at the same time (`TransactionConflict`).
 */
async function transact<T>(run: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      const codes = cancellationCodes(err);
      const conflict = (err as Error)?.name === 'TransactionConflictException' || (codes !== undefined && codes.includes('TransactionConflict'));
      if (!conflict || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}

function isConditionFailure(err: unknown): boolean {
  const name = (err as Error)?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

function toItem(raw: Record<string, AttributeValue> | undefined): JobItem | undefined {
  if (!raw || !raw.jobId?.S || !/^[0-9]+$/.test(raw.jobId.S)) return undefined;
  const n = (k: string) => (raw[k]?.N !== undefined ? Number(raw[k].N) : undefined);
  const s = (k: string) => raw[k]?.S;
  let job: QueuedJobMessage | undefined;
  try {
    job = raw.job?.S ? JSON.parse(raw.job.S) : undefined;
  } catch {
    job = undefined;
  }
  return {
    jobId: Number(raw.jobId.S),
    status: (s('status') ?? 'claimed') as JobStatus,
    attempt: n('attempt') ?? 1,
    messageId: s('messageId'),
    holdsSlot: raw.holdsSlot?.BOOL === true,
    runnerName: s('runnerName'),
    runnerId: n('runnerId'),
    parameterName: s('parameterName'),
    taskArn: s('taskArn'),
    busy: raw.busy?.BOOL === true,
    servedJobId: n('servedJobId'),
    job,
    cancelRequested: raw.cancelRequested?.BOOL === true,
    updatedAt: n('updatedAt') ?? 0,
    launchedAt: n('launchedAt'),
    reason: s('reason'),
  };
}

type Value = string | number | boolean | undefined;

function av(v: Exclude<Value, undefined>): AttributeValue {
  return typeof v === 'string' ? { S: v } : typeof v === 'number' ? { N: String(v) } : { BOOL: v };
}

export interface JobStoreOptions {
  readonly tableName: string;
  /** Seconds an item lives after its last write (DynamoDB TTL). */
  readonly ttlSeconds: number;
  readonly now?: () => number;
}

export class JobStore {
  private readonly now: () => number;

  constructor(private readonly db: Pick<DynamoDBClient, 'send'>, private readonly opts: JobStoreOptions) {
    this.now = opts.now ?? Date.now;
  }

  private get seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private key(jobId: number): Record<string, AttributeValue> {
    return { jobId: { S: String(jobId) } };
  }

  public async get(jobId: number): Promise<JobItem | undefined> {
    const out = await this.db.send(new GetItemCommand({ TableName: this.opts.tableName, Key: this.key(jobId), ConsistentRead: true }));
    return toItem(out.Item);
  }

  /**
   * Claims a queued job for `messageId`: a new claim, the same message resuming its own in-flight
   * claim (the previous invocation died), or taking over a job the reaper requeued. Anything else
   * is a duplicate (undefined).
   */
  public async claim(job: QueuedJobMessage, messageId: string): Promise<JobItem | undefined> {
    const now = this.seconds;
    const claimed = {
      ...this.key(job.jobId),
      status: { S: 'claimed' },
      attempt: { N: '1' },
      messageId: { S: messageId },
      job: { S: JSON.stringify(job) },
      updatedAt: { N: String(now) },
      expiresAt: { N: String(now + this.opts.ttlSeconds) },
    };
    try {
      await this.db.send(new PutItemCommand({ TableName: this.opts.tableName, Item: claimed, ConditionExpression: 'attribute_not_exists(jobId)' }));
      return toItem(claimed); // what was just written: no read back
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const item = await this.get(job.jobId);
    if (!item) return undefined;
    if (IN_FLIGHT.includes(item.status) && item.messageId === messageId && !item.cancelRequested) return item;
    if (item.status === 'requeued') {
      try {
        // A fresh attempt: nothing of the previous runner carries over.
        await this.update(job.jobId, {
          status: 'claimed',
          messageId,
          attempt: item.attempt + 1,
          runnerId: undefined,
          runnerName: undefined,
          parameterName: undefined,
          taskArn: undefined,
          busy: undefined,
          servedJobId: undefined,
        }, { status: ['requeued'], attempt: item.attempt });
        return await this.get(job.jobId);
      } catch (err) {
        if (err instanceof ConditionFailed) return undefined;
        throw err;
      }
    }
    return undefined;
  }

  /** Marks a job that ended before it was claimed, so a late `queued` message is a duplicate. */
  public async tombstone(jobId: number, reason: string): Promise<boolean> {
    const now = this.seconds;
    try {
      await this.db.send(new PutItemCommand({
        TableName: this.opts.tableName,
        Item: { ...this.key(jobId), status: { S: 'done' }, attempt: { N: '0' }, reason: { S: reason }, updatedAt: { N: String(now) }, expiresAt: { N: String(now + this.opts.ttlSeconds) } },
        ConditionExpression: 'attribute_not_exists(jobId)',
      }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Sets fields (undefined removes them) when the item is in one of `when.status` and, if given, at
   * `when.attempt`; throws ConditionFailed otherwise (someone else moved the job on). Returns the
   * item as it is after the update.
   */
  public async update(
    jobId: number,
    set: Record<string, Value>,
    when: { status?: readonly JobStatus[]; attempt?: number } = {},
  ): Promise<JobItem> {
    const names: Record<string, string> = {};
    const values: Record<string, AttributeValue> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    const fields: Record<string, Value> = { ...set, updatedAt: this.seconds, expiresAt: this.seconds + this.opts.ttlSeconds };
    Object.entries(fields).forEach(([k, v], i) => {
      names[`#f${i}`] = k;
      if (v === undefined) {
        removes.push(`#f${i}`);
      } else {
        values[`:v${i}`] = av(v);
        sets.push(`#f${i} = :v${i}`);
      }
    });
    const conditions = ['attribute_exists(jobId)'];
    if (when.status) {
      names['#status'] = 'status';
      conditions.push(`#status IN (${when.status.map((st, i) => { values[`:s${i}`] = { S: st }; return `:s${i}`; }).join(', ')})`);
    }
    if (when.attempt !== undefined) {
      names['#attempt'] = 'attempt';
      values[':attempt'] = { N: String(when.attempt) };
      conditions.push('#attempt = :attempt');
    }
    try {
      const out = await this.db.send(new UpdateItemCommand({
        TableName: this.opts.tableName,
        Key: this.key(jobId),
        ReturnValues: 'ALL_NEW',
        UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' '),
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
      }));
      return toItem(out.Attributes)!; // the condition required the item to exist
    } catch (err) {
      if (isConditionFailure(err)) throw new ConditionFailed(`job ${jobId} ${JSON.stringify(when)}`);
      throw err;
    }
  }

  /**
   * Takes one concurrency slot for an in-flight job at `attempt`: 'acquired', 'full' (at the cap)
   * or 'stale' (the job moved on; nothing taken).
   */
  public async acquireSlot(jobId: number, attempt: number, max: number, installationId?: number): Promise<'acquired' | 'full' | 'stale'> {
    try {
      await transact(() => this.db.send(new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.opts.tableName,
              Key: { jobId: { S: SLOTS_KEY } },
              // The installations seen are kept with the counter, so the reaper knows where to look
              // for orphaned registrations even when no job is active.
              UpdateExpression: `SET used = if_not_exists(used, :zero) + :one${installationId !== undefined ? ' ADD installationIds :installation' : ''}`,
              ConditionExpression: 'attribute_not_exists(used) OR used < :max',
              ExpressionAttributeValues: {
                ':zero': { N: '0' },
                ':one': { N: '1' },
                ':max': { N: String(max) },
                ...(installationId !== undefined ? { ':installation': { NS: [String(installationId)] } } : {}),
              },
            },
          },
          {
            Update: {
              TableName: this.opts.tableName,
              Key: this.key(jobId),
              UpdateExpression: 'SET holdsSlot = :true',
              ConditionExpression: 'attribute_exists(jobId) AND #status IN (:c, :r, :s) AND attempt = :attempt AND (attribute_not_exists(holdsSlot) OR holdsSlot = :false)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':true': { BOOL: true },
                ':false': { BOOL: false },
                ':attempt': { N: String(attempt) },
                ':c': { S: 'claimed' },
                ':r': { S: 'registered' },
                ':s': { S: 'stored' },
              },
            },
          },
        ],
      })));
      return 'acquired';
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[0] === 'ConditionalCheckFailed') return 'full';
      if (codes?.[1] === 'ConditionalCheckFailed') return 'stale';
      throw err;
    }
  }

  /** Gives a job's slot back; false when it held none (already released by someone else). */
  public async releaseSlot(jobId: number): Promise<boolean> {
    try {
      await transact(() => this.db.send(new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.opts.tableName,
              Key: { jobId: { S: SLOTS_KEY } },
              UpdateExpression: 'SET used = used - :one',
              ConditionExpression: 'used > :zero',
              ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' } },
            },
          },
          {
            Update: {
              TableName: this.opts.tableName,
              Key: this.key(jobId),
              UpdateExpression: 'SET holdsSlot = :false',
              ConditionExpression: 'holdsSlot = :true',
              ExpressionAttributeValues: { ':true': { BOOL: true }, ':false': { BOOL: false } },
            },
          },
        ],
      })));
      return true;
    } catch (err) {
      // The job holds no slot (released already), or the counter is already at zero.
      if (cancellationCodes(err)?.includes('ConditionalCheckFailed')) return false;
      throw err;
    }
  }

  /** Slots in use according to the counter. */
  public async slotsUsed(): Promise<number> {
    return (await this.counter()).used;
  }

  /** GitHub App installations that have had jobs here. */
  public async installations(): Promise<number[]> {
    return (await this.counter()).installationIds;
  }

  private async counter(): Promise<{ used: number; installationIds: number[] }> {
    const out = await this.db.send(new GetItemCommand({ TableName: this.opts.tableName, Key: { jobId: { S: SLOTS_KEY } }, ConsistentRead: true }));
    return { used: Number(out.Item?.used?.N ?? 0), installationIds: (out.Item?.installationIds?.NS ?? []).map(Number) };
  }

  /** Sets the counter to `actual` if it still reads `seen` (repairs a lost release). */
  public async repairSlots(seen: number, actual: number): Promise<boolean> {
    try {
      await this.db.send(new UpdateItemCommand({
        TableName: this.opts.tableName,
        Key: { jobId: { S: SLOTS_KEY } },
        UpdateExpression: 'SET used = :actual',
        ConditionExpression: seen === 0 ? 'attribute_not_exists(used) OR used = :seen' : 'used = :seen',
        ExpressionAttributeValues: { ':actual': { N: String(actual) }, ':seen': { N: String(seen) } },
      }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Records that a failed webhook delivery (by GUID) was sent for redelivery; false when it already
   * was, so each delivery is redelivered at most once.
   */
  public async markRedelivered(guid: string): Promise<boolean> {
    const now = this.seconds;
    try {
      await this.db.send(new PutItemCommand({
        TableName: this.opts.tableName,
        Item: { jobId: { S: `delivery:${guid}` }, redeliveredAt: { N: String(now) }, expiresAt: { N: String(now + this.opts.ttlSeconds) } },
        ConditionExpression: 'attribute_not_exists(jobId)',
      }));
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Forgets a redelivery mark (GitHub did not take the request), so the next run asks again. */
  public async unmarkRedelivered(guid: string): Promise<void> {
    await this.db.send(new DeleteItemCommand({ TableName: this.opts.tableName, Key: { jobId: { S: `delivery:${guid}` } } }));
  }

  /** Items the reaper looks after: in flight, launched, requeued, or still holding a slot. */
  public async scanActive(): Promise<JobItem[]> {
    const out: JobItem[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.db.send(new ScanCommand({
        TableName: this.opts.tableName,
        ConsistentRead: true,
        FilterExpression: 'holdsSlot = :true OR #status IN (:c, :r, :s, :l, :q)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':true': { BOOL: true }, ':c': { S: 'claimed' }, ':r': { S: 'registered' }, ':s': { S: 'stored' }, ':l': { S: 'launched' }, ':q': { S: 'requeued' },
        },
        ExclusiveStartKey: start,
      }));
      for (const i of page.Items ?? []) {
        const item = toItem(i);
        if (item) out.push(item);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
