import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { IEncryptionKey } from './encryption-key';
import { physicalName, tagsFor } from './naming';
import { requireOneOf } from './validation';

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export interface EncryptedLogGroupProps {
  /** The customer-managed key that encrypts the log data. */
  readonly encryptionKey: IEncryptionKey;
  /** Log group name. @default - `/confluxdb/<derived name>` */
  readonly logGroupName?: string;
  /**
   * Days to keep log events; one of the values CloudWatch accepts.
   * Cost: $0.03 per GB-month stored (after $0.50–0.76 per GB ingested).
   * @default 365
   */
  readonly retentionDays?: number;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * A CloudWatch log group encrypted with a customer-managed key and with a retention period.
 * Created before whatever writes to it, so no service ever auto-creates an unencrypted,
 * never-expiring group in its place.
 */
export class EncryptedLogGroup extends Construct {
  /** The underlying log group (escape hatch). */
  public readonly logGroup: CloudwatchLogGroup;
  public readonly logGroupName: string;
  /** ARN of the log group, without the trailing `:*`. */
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const retention = props.retentionDays ?? 365;
    requireOneOf(this, 'retentionDays', retention, LOG_RETENTION_DAYS);
    const name = props.logGroupName ?? `/confluxdb/${physicalName(this, { maxLength: 400, separator: '-' })}`;
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name,
      retentionInDays: retention,
      kmsKeyId: props.encryptionKey.keyArn,
      tags: tagsFor(name, props.tags),
    });
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
  }
}
