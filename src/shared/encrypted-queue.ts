import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { AlarmOptions, AlarmThreshold } from './alarm-options';
import { IEncryptionKey } from './encryption-key';
import { Grant, IGrantable } from './grants';
import { MetricDescription, MetricOptions } from './metric';
import { RecommendedAlarms } from './private/alarms';
import { aws } from './private/aws';
import { describeMetric } from './private/metrics';
import { physicalName, tagsFor } from './private/naming';
import { invalidProp, NAMES, requireGrantee, requireIntegerInRange, requireName, requireProp, requireProps, requireTags } from './private/validation';

/** Where messages go that keep failing. */
export interface DeadLetterQueueOptions {
  /** The dead-letter queue. */
  readonly queue: EncryptedQueue;
  /** Receives of a message before it moves to the dead-letter queue (Allowed: 1–1000). */
  readonly maxReceiveCount: number;
}

/** Configuration of an `EncryptedQueue`. */
export interface EncryptedQueueProps {
  /** The customer-managed key that encrypts the messages. */
  readonly encryptionKey: IEncryptionKey;
  /** Queue name: letters, digits, "_" and "-" (Length: 1–80; standard queues only). @default - derived from the construct path */
  readonly queueName?: string;
  /** Seconds a received message stays invisible to other consumers (Allowed: 0–43200). @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** Seconds a message is kept (Allowed: 60–1209600, i.e. up to 14 days). @default 345600 (4 days) */
  readonly retentionPeriodSeconds?: number;
  /** Dead-letter queue for messages that keep failing. @default - none */
  readonly deadLetterQueue?: DeadLetterQueueOptions;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
  /**
   * The recommended alarm (see `QueueAlarms`): age of the oldest message, about $0.10 per month,
   * sent to the stack's `StackMonitoring` unless `actions` are given.
   * @default - on with its documented threshold
   */
  readonly alarms?: QueueAlarms;
}

/** The recommended alarms of an `EncryptedQueue`. */
export interface QueueAlarms extends AlarmOptions {
  /**
   * Age of the oldest message in seconds (60–1209600) at or above which, for 15 minutes, it alarms:
   * consumers stopped or cannot keep up.
   * @default 3600
   */
  readonly ageOfOldestMessage?: AlarmThreshold;
}

/**
 * A standard SQS queue encrypted with a customer-managed key whose policy denies every request
 * that is not sent over TLS, optionally with a dead-letter queue.
 * Cost: $0.40 per million requests after the free tier, plus KMS requests (data keys are reused for 5 minutes).
 */
export class EncryptedQueue extends Construct {
  /** The underlying queue (escape hatch). */
  public readonly queue: SqsQueue;
  /** The TLS-only queue policy. */
  public readonly policy: SqsQueuePolicy;
  public readonly queueArn: string;
  public readonly queueUrl: string;
  public readonly queueName: string;
  public readonly encryptionKey: IEncryptionKey;
  /** The recommended alarms created (escape hatches). */
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    requireProps(this, props);
    this.encryptionKey = requireProp(this, 'encryptionKey', props.encryptionKey, 'an IEncryptionKey');
    const name = props.queueName ?? physicalName(this, { maxLength: 80 });
    requireName(this, 'queueName', name, NAMES.sqsQueue);
    const visibility = props.visibilityTimeoutSeconds ?? 30;
    requireIntegerInRange(this, 'visibilityTimeoutSeconds', visibility, 0, 43200);
    const retention = props.retentionPeriodSeconds ?? 345600;
    requireIntegerInRange(this, 'retentionPeriodSeconds', retention, 60, 1209600);
    const dlq = props.deadLetterQueue;
    if (dlq) {
      if (!(dlq.queue instanceof EncryptedQueue)) throw invalidProp(this, 'deadLetterQueue.queue', dlq.queue, 'an EncryptedQueue');
      requireIntegerInRange(this, 'deadLetterQueue.maxReceiveCount', dlq.maxReceiveCount, 1, 1000);
    }
    requireTags(this, 'tags', props.tags);
    this.queue = new aws.SqsQueue(this, 'Queue', {
      name,
      kmsMasterKeyId: this.encryptionKey.keyArn,
      visibilityTimeoutSeconds: visibility,
      messageRetentionSeconds: retention,
      redrivePolicy: dlq ? JSON.stringify({ deadLetterTargetArn: dlq.queue.queueArn, maxReceiveCount: dlq.maxReceiveCount }) : undefined,
      tags: tagsFor(name, props.tags),
    });
    this.queueArn = this.queue.arn;
    this.queueUrl = this.queue.url;
    this.queueName = this.queue.name;
    this.policy = new aws.SqsQueuePolicy(this, 'Policy', {
      queueUrl: this.queue.url,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Resource: this.queue.arn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }],
      }),
    });

    const alarms = new RecommendedAlarms(this, 'alarms', props.alarms, props.tags);
    const age = alarms.threshold('ageOfOldestMessage', props.alarms?.ageOfOldestMessage, 3600, 60, 1209600);
    if (age !== undefined) {
      alarms.add(this, {
        id: 'AgeAlarm',
        suffix: 'oldest-message',
        description: `Oldest message of queue ${name} at least ${age} seconds old for 15 minutes`,
        metric: this.metricApproximateAgeOfOldestMessage(),
        threshold: age,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 3,
      });
    }
    this.alarms = alarms.alarms;
  }

  /** Lets `grantee` send messages (and encrypt them with the queue's key through SQS only). */
  public grantSendMessages(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return Grant.combine([
      Grant.addToPrincipal(grantee, { actions: ['sqs:SendMessage'], resources: [this.queueArn] }),
      this.encryptionKey.grant(grantee, ['kms:GenerateDataKey', 'kms:Decrypt'], 'sqs'),
    ]);
  }

  /**
   * Lets `grantee` receive, delete and re-time messages (a Lambda event source mapping and a
   * consumer that backs off with ChangeMessageVisibility), decrypting through SQS only.
   */
  public grantConsumeMessages(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return Grant.combine([
      Grant.addToPrincipal(grantee, {
        actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
        resources: [this.queueArn],
      }),
      this.encryptionKey.grantDecrypt(grantee, 'sqs'),
    ]);
  }

  // Metrics: AWS/SQS, dimension QueueName, as documented in
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html

  /** `ApproximateNumberOfMessagesVisible` (AWS/SQS, Count of messages waiting), by default the Maximum over 5 minutes. */
  public metricApproximateNumberOfMessagesVisible(options?: MetricOptions): MetricDescription {
    return describeMetric(this, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: this.queueName }, { statistic: 'Maximum', unit: 'Count' }, options);
  }

  /** `ApproximateAgeOfOldestMessage` (AWS/SQS, Seconds), by default the Maximum over 5 minutes. */
  public metricApproximateAgeOfOldestMessage(options?: MetricOptions): MetricDescription {
    return describeMetric(this, 'AWS/SQS', 'ApproximateAgeOfOldestMessage', { QueueName: this.queueName }, { statistic: 'Maximum', unit: 'Seconds' }, options);
  }
}
