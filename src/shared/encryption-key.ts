import type { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lazy } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Grant, IGrantable } from './grants';
import { aws } from './private/aws';
import { AwsContext } from './private/aws-context';
import { physicalName, tagsFor } from './private/naming';
import { ARNS, invalidProp, isToken, NAMES, requireArn, requireGrantee, requireIntegerInRange, requireName, requireTags } from './private/validation';

/** A customer-managed KMS key, created here or imported, with its grant verbs. */
export interface IEncryptionKey extends IConstruct {
  /** ARN of the key. */
  readonly keyArn: string;
  /** ID of the key. */
  readonly keyId: string;
  /**
   * Lets `grantee` decrypt with this key (`kms:Decrypt`). With `viaService` (a service's short
   * name such as `secretsmanager`, `ssm` or `sqs`) only through that service in this region
   * (`kms:ViaService`), so the grantee can read what the service stores but decrypt nothing else.
   */
  grantDecrypt(grantee: IGrantable, viaService?: string): Grant;
  /** `kms:Encrypt`, `kms:Decrypt` and `kms:GenerateDataKey`, optionally only through `viaService`. */
  grantEncryptDecrypt(grantee: IGrantable, viaService?: string): Grant;
  /** Specific `kms:` actions, optionally only through `viaService`. */
  grant(grantee: IGrantable, actions: string[], viaService?: string): Grant;
}

/** Configuration of an `EncryptionKey`. */
export interface EncryptionKeyProps {
  /** What the key protects (Length: 0–8192). @default - derived from the construct path */
  readonly description?: string;
  /** Alias without the `alias/` prefix: letters, digits and "/_-", not starting with `aws/` (Length: 1–250). @default - derived from the construct path */
  readonly alias?: string;
  /** Days a deleted key stays recoverable (Allowed: 7–30). @default 30 */
  readonly deletionWindowDays?: number;
  /** Days between automatic rotations (Allowed: 90–2560). @default 365 */
  readonly rotationPeriodDays?: number;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * A customer-managed KMS key with rotation on, deletion window 30 days and a key policy without a
 * wildcard principal: the account root administers the key and IAM policies decide who uses it;
 * CloudWatch Logs in this region may use it only for log groups of this account
 * (`kms:EncryptionContext:aws:logs:arn` condition).
 *
 * Cost: about $1 per key per month plus $0.03 per 10,000 requests.
 */
export class EncryptionKey extends Construct implements IEncryptionKey {
  /**
   * An existing key, by ARN (`arn:aws:kms:<region>:<account>:key/<id>`; aliases are not accepted
   * because CloudWatch Logs and SQS need the key itself). Its key policy must already let the
   * account's IAM policies and the services that use it (e.g. CloudWatch Logs) use the key.
   */
  public static fromKeyArn(scope: Construct, id: string, keyArn: string): IEncryptionKey {
    return new ImportedEncryptionKey(scope, id, keyArn);
  }

  /** The underlying key (escape hatch). */
  public readonly key: KmsKey;
  /** The key's alias. */
  public readonly alias: KmsAlias;
  public readonly keyArn: string;
  public readonly keyId: string;
  private readonly extraStatements: object[] = [];

  constructor(scope: Construct, id: string, props: EncryptionKeyProps = {}) {
    super(scope, id);
    props = props ?? {};
    const context = AwsContext.of(this);
    const deletionWindow = props.deletionWindowDays ?? 30;
    requireIntegerInRange(this, 'deletionWindowDays', deletionWindow, 7, 30);
    const rotation = props.rotationPeriodDays ?? 365;
    requireIntegerInRange(this, 'rotationPeriodDays', rotation, 90, 2560);
    const name = physicalName(this, { maxLength: 200 });
    const alias = props.alias ?? name;
    requireName(this, 'alias', alias, NAMES.kmsAlias);
    if (props.description !== undefined && !isToken(props.description) && (typeof props.description !== 'string' || props.description.length > 8192)) {
      throw invalidProp(this, 'description', props.description, 'a text of at most 8192 characters');
    }
    requireTags(this, 'tags', props.tags);

    // Plain JSON (not jsonencode) so scanners can read it. No wildcard principal anywhere.
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccountRootAdministersKeyAndDelegatesUseToIam',
          Effect: 'Allow',
          Principal: { AWS: `arn:${context.partition}:iam::${context.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'CloudWatchLogsOfThisAccountOnly',
          Effect: 'Allow',
          Principal: { Service: context.servicePrincipal('logs', true) },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': context.arn('logs', 'log-group:*') },
          },
        },
      ],
    };

    this.key = new aws.KmsKey(this, 'Key', {
      description: props.description ?? `ConfluxDB blueprint key for ${this.node.path}`,
      enableKeyRotation: true,
      rotationPeriodInDays: rotation,
      deletionWindowInDays: deletionWindow,
      // Lazy so that allowCloudWatchAlarms() can add its statement after construction.
      policy: Lazy.stringValue({ produce: () => JSON.stringify({ ...policy, Statement: [...policy.Statement, ...this.extraStatements] }) }),
      tags: tagsFor(name, props.tags),
    });
    this.alias = new aws.KmsAlias(this, 'Alias', {
      name: `alias/${alias}`,
      targetKeyId: this.key.keyId,
    });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
  }

  public grantDecrypt(grantee: IGrantable, viaService?: string): Grant {
    requireGrantee(this, 'grantee', grantee);
    return grantKey(this, this, grantee, ['kms:Decrypt'], viaService);
  }

  public grantEncryptDecrypt(grantee: IGrantable, viaService?: string): Grant {
    requireGrantee(this, 'grantee', grantee);
    return grantKey(this, this, grantee, ENCRYPT_DECRYPT, viaService);
  }

  public grant(grantee: IGrantable, actions: string[], viaService?: string): Grant {
    return grantKey(this, this, grantee, actions, viaService);
  }

  /**
   * Lets CloudWatch alarms of this account and region use the key (`kms:Decrypt`,
   * `kms:GenerateDataKey*`), so they can publish to an SNS topic encrypted with it — the key policy
   * AWS documents for CloudWatch and encrypted topics
   * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
   * limited by `aws:SourceAccount` and `aws:SourceArn` to this account's alarms. Idempotent.
   */
  public allowCloudWatchAlarms(): void {
    if (this.extraStatements.some(st => (st as { Sid?: string }).Sid === 'CloudWatchAlarmsOfThisAccountOnly')) return;
    const context = AwsContext.of(this);
    this.extraStatements.push({
      Sid: 'CloudWatchAlarmsOfThisAccountOnly',
      Effect: 'Allow',
      Principal: { Service: context.servicePrincipal('cloudwatch') },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': context.accountId },
        ArnLike: { 'aws:SourceArn': context.arn('cloudwatch', 'alarm:*') },
      },
    });
  }
}

const ENCRYPT_DECRYPT = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];

class ImportedEncryptionKey extends Construct implements IEncryptionKey {
  public readonly keyArn: string;
  public readonly keyId: string;

  constructor(scope: Construct, id: string, keyArn: string) {
    super(scope, id);
    requireArn(this, 'keyArn', keyArn, ARNS.kmsKey);
    this.keyArn = keyArn;
    this.keyId = keyArn.includes(':key/') ? keyArn.split(':key/')[1] : keyArn;
  }

  public grantDecrypt(grantee: IGrantable, viaService?: string): Grant {
    requireGrantee(this, 'grantee', grantee);
    return grantKey(this, this, grantee, ['kms:Decrypt'], viaService);
  }

  public grantEncryptDecrypt(grantee: IGrantable, viaService?: string): Grant {
    requireGrantee(this, 'grantee', grantee);
    return grantKey(this, this, grantee, ENCRYPT_DECRYPT, viaService);
  }

  public grant(grantee: IGrantable, actions: string[], viaService?: string): Grant {
    return grantKey(this, this, grantee, actions, viaService);
  }
}

function grantKey(scope: IConstruct, key: IEncryptionKey, grantee: IGrantable, actions: string[], viaService?: string): Grant {
  for (const a of actions) {
    if (!/^kms:[A-Za-z]+$/.test(a)) throw invalidProp(scope, 'actions', a, 'named KMS actions such as "kms:Decrypt"');
  }
  if (viaService !== undefined && !/^[a-z0-9-]+$/.test(viaService)) {
    throw invalidProp(scope, 'viaService', viaService, 'the short name of an AWS service such as "secretsmanager", "ssm" or "sqs"');
  }
  const context = AwsContext.of(scope);
  return Grant.addToPrincipal(grantee, {
    actions,
    resources: [key.keyArn],
    conditions: viaService === undefined ? undefined
      : [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`${viaService}.${context.region}.${context.dnsSuffix}`] }],
  });
}
