import type { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { IEncryptionKey } from './encryption-key';
import { Grant, IGrantable } from './grants';
import { aws } from './private/aws';
import { physicalName, tagsFor } from './private/naming';
import { invalidProp, NAMES, requireGrantee, requireName, requireProp, requireProps, requireTags } from './private/validation';

/** Configuration of an `EncryptedTable`. */
export interface EncryptedTableProps {
  /** The customer-managed key that encrypts the table. */
  readonly encryptionKey: IEncryptionKey;
  /** Name of the string partition key attribute: letters, digits, "_", "." and "-" (Length: 1–255). */
  readonly partitionKey: string;
  /** Name of a string sort key attribute. @default - none */
  readonly sortKey?: string;
  /** Table name: letters, digits, "_", "." and "-" (Length: 3–255). @default - derived from the construct path */
  readonly tableName?: string;
  /** Attribute holding an expiry time in epoch seconds; DynamoDB deletes expired items. @default - no TTL */
  readonly timeToLiveAttribute?: string;
  /**
   * Refuse to delete the table (also through `terraform destroy`). Turn it off only for throwaway
   * environments that must be destroyable.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * An on-demand DynamoDB table encrypted with a customer-managed key, with point-in-time recovery
 * and deletion protection. Cost: on-demand requests ($1.25 per million writes, $0.25 per million
 * reads in us-east-1) plus storage and PITR ($0.20 per GB-month).
 */
export class EncryptedTable extends Construct {
  /** The underlying table (escape hatch). */
  public readonly table: DynamodbTable;
  public readonly tableArn: string;
  public readonly tableName: string;
  public readonly encryptionKey: IEncryptionKey;

  constructor(scope: Construct, id: string, props: EncryptedTableProps) {
    super(scope, id);
    requireProps(this, props);
    this.encryptionKey = requireProp(this, 'encryptionKey', props.encryptionKey, 'an IEncryptionKey');
    requireProp(this, 'partitionKey', props.partitionKey, 'the name of the partition key attribute');
    for (const [prop, value] of [['partitionKey', props.partitionKey], ['sortKey', props.sortKey], ['timeToLiveAttribute', props.timeToLiveAttribute]] as const) {
      if (value !== undefined) requireName(this, prop, value, NAMES.dynamodbAttribute);
    }
    if (props.sortKey !== undefined && props.sortKey === props.partitionKey) {
      throw invalidProp(this, 'sortKey', props.sortKey, 'an attribute other than the partition key');
    }
    const name = props.tableName ?? physicalName(this, { maxLength: 255 });
    requireName(this, 'tableName', name, NAMES.dynamodbTable);
    requireTags(this, 'tags', props.tags);
    const keys = [props.partitionKey, ...(props.sortKey ? [props.sortKey] : [])];
    this.table = new aws.DynamodbTable(this, 'Table', {
      name,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: props.partitionKey,
      rangeKey: props.sortKey,
      attribute: keys.map(k => ({ name: k, type: 'S' })),
      ttl: props.timeToLiveAttribute ? { attributeName: props.timeToLiveAttribute, enabled: true } : undefined,
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: this.encryptionKey.keyArn },
      deletionProtectionEnabled: props.deletionProtection ?? true,
      tags: tagsFor(name, props.tags),
    });
    this.tableArn = this.table.arn;
    this.tableName = this.table.name;
  }

  /** GetItem, Query and ConditionCheckItem on this table, decrypting through DynamoDB only. */
  public grantReadData(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return this.grantData(grantee, READ, false);
  }

  /** PutItem, UpdateItem and DeleteItem on this table (conditional writes included). */
  public grantWriteData(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return this.grantData(grantee, WRITE, true);
  }

  /** Both of the above. */
  public grantReadWriteData(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return this.grantData(grantee, [...READ, ...WRITE], true);
  }

  /** Specific `dynamodb:` item actions on this table. */
  public grant(grantee: IGrantable, actions: string[]): Grant {
    for (const a of actions) {
      if (!/^dynamodb:[A-Za-z]+$/.test(a)) throw invalidProp(this, 'actions', a, 'named DynamoDB actions such as "dynamodb:GetItem"');
    }
    return this.grantData(grantee, actions, actions.some(a => WRITE.includes(a) || a === 'dynamodb:BatchWriteItem'));
  }

  private grantData(grantee: IGrantable, actions: string[], write: boolean): Grant {
    return Grant.combine([
      Grant.addToPrincipal(grantee, { actions, resources: [this.tableArn] }),
      write ? this.encryptionKey.grantEncryptDecrypt(grantee, 'dynamodb') : this.encryptionKey.grantDecrypt(grantee, 'dynamodb'),
    ]);
  }
}

const READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
