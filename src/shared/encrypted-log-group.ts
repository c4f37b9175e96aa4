import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { IEncryptionKey } from './encryption-key';
import { Grant, IGrantable } from './grants';
import { aws } from './private/aws';
import { LOG_RETENTION_DAYS } from './private/log-retention';
import { physicalName, tagsFor } from './private/naming';
import { invalidProp, NAMES, requireGrantee, requireName, requireOneOf, requireProp, requireProps, requireTags } from './private/validation';

/** Configuration of an `EncryptedLogGroup`. */
export interface EncryptedLogGroupProps {
  /** The customer-managed key that encrypts the log data. */
  readonly encryptionKey: IEncryptionKey;
  /** Log group name: letters, digits and "._-/#" (Length: 1–512). @default - `/confluxdb/<derived name>` */
  readonly logGroupName?: string;
  /**
   * Days to keep log events; one of the values CloudWatch accepts
   * (`EncryptedLogGroup.RETENTION_DAYS`: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
   * 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
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
  /** Retention periods CloudWatch Logs accepts, in days. */
  public static readonly RETENTION_DAYS: number[] = [...LOG_RETENTION_DAYS];

  /** The underlying log group (escape hatch). */
  public readonly logGroup: CloudwatchLogGroup;
  public readonly logGroupName: string;
  /** ARN of the log group, without the trailing `:*`. */
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    requireProps(this, props);
    requireProp(this, 'encryptionKey', props.encryptionKey, 'an IEncryptionKey (EncryptionKey or EncryptionKey.fromKeyArn)');
    const retention = props.retentionDays ?? 365;
    requireOneOf(this, 'retentionDays', retention, LOG_RETENTION_DAYS);
    const name = props.logGroupName ?? `/confluxdb/${physicalName(this, { maxLength: 400, separator: '-' })}`;
    requireName(this, 'logGroupName', name, NAMES.logGroup);
    if (/^aws\//.test(name)) throw invalidProp(this, 'logGroupName', name, 'a name not starting with "aws/" (reserved by AWS)');
    requireTags(this, 'tags', props.tags);
    this.logGroup = new aws.CloudwatchLogGroup(this, 'LogGroup', {
      name,
      retentionInDays: retention,
      kmsKeyId: props.encryptionKey.keyArn,
      tags: tagsFor(name, props.tags),
    });
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = this.logGroup.arn;
  }

  /** Lets `grantee` create streams in this group and write events to them (what `awslogs` and Lambda need). */
  public grantWrite(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return Grant.addToPrincipal(grantee, { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${this.logGroupArn}:*`] });
  }

  /** Specific `logs:` actions on this group and its streams. */
  public grant(grantee: IGrantable, actions: string[]): Grant {
    for (const a of actions) {
      if (!/^logs:[A-Za-z]+$/.test(a)) throw invalidProp(this, 'actions', a, 'named CloudWatch Logs actions such as "logs:PutLogEvents"');
    }
    return Grant.addToPrincipal(grantee, { actions, resources: [this.logGroupArn, `${this.logGroupArn}:*`] });
  }
}
