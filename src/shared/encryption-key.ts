import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct, IConstruct } from 'constructs';
import { AwsContext } from './aws-context';
import { IGrantable } from './grants';
import { physicalName, tagsFor } from './naming';
import { requireIntegerInRange } from './validation';

/** A customer-managed KMS key, created here or imported. */
export interface IEncryptionKey {
  /** ARN of the key. */
  readonly keyArn: string;
  /** ID of the key. */
  readonly keyId: string;
}

export interface EncryptionKeyProps {
  /** What the key protects. @default - derived from the construct path */
  readonly description?: string;
  /** Alias without the `alias/` prefix. @default - derived from the construct path */
  readonly alias?: string;
  /** Days a deleted key stays recoverable (7–30). @default 30 */
  readonly deletionWindowDays?: number;
  /** Days between automatic rotations (90–2560). @default 365 */
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
  /** Wraps the ARN of an existing key; its key policy must already allow the services that use it. */
  public static fromKeyArn(keyArn: string): IEncryptionKey {
    const keyId = keyArn.includes(':key/') ? keyArn.split(':key/')[1] : keyArn;
    return { keyArn, keyId };
  }

  /** The underlying key (escape hatch). */
  public readonly key: KmsKey;
  /** The key's alias. */
  public readonly alias: KmsAlias;
  public readonly keyArn: string;
  public readonly keyId: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps = {}) {
    super(scope, id);
    const context = AwsContext.of(this);
    const deletionWindow = props.deletionWindowDays ?? 30;
    requireIntegerInRange(this, 'deletionWindowDays', deletionWindow, 7, 30);
    const rotation = props.rotationPeriodDays ?? 365;
    requireIntegerInRange(this, 'rotationPeriodDays', rotation, 90, 2560);
    const name = physicalName(this, { maxLength: 200 });

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

    this.key = new KmsKey(this, 'Key', {
      description: props.description ?? `ConfluxDB blueprint key for ${this.node.path}`,
      enableKeyRotation: true,
      rotationPeriodInDays: rotation,
      deletionWindowInDays: deletionWindow,
      policy: JSON.stringify(policy),
      tags: tagsFor(name, props.tags),
    });
    this.alias = new KmsAlias(this, 'Alias', {
      name: `alias/${props.alias ?? name}`,
      targetKeyId: this.key.keyId,
    });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
  }

  /** Lets the grantee decrypt with this key, only through the given AWS service (`kms:ViaService`). */
  public grantDecryptViaService(grantee: IGrantable, service: string): void {
    grantDecryptViaService(this, this, grantee, service);
  }
}

/**
 * Adds `kms:Decrypt` on `key` to the grantee, conditioned on `kms:ViaService`, e.g. so a role can
 * read a Secrets Manager secret encrypted with the key but not decrypt anything else with it.
 */
export function grantDecryptViaService(scope: IConstruct, key: IEncryptionKey, grantee: IGrantable, service: string): void {
  const context = AwsContext.of(scope);
  grantee.grantPrincipal.addToPrincipalPolicy({
    actions: ['kms:Decrypt'],
    resources: [key.keyArn],
    conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`${service}.${context.region}.${context.dnsSuffix}`] }],
  });
}
