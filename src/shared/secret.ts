import type { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct, IConstruct } from 'constructs';
import { IEncryptionKey } from './encryption-key';
import { Grant, IGrantable } from './grants';
import { aws } from './private/aws';
import { physicalName, tagsFor } from './private/naming';
import { ARNS, NAMES, requireArn, requireGrantee, requireName, requireProp, requireProps, requireRecoveryWindowDays, requireTags } from './private/validation';

/** A Secrets Manager secret, created here or imported, with its grant verbs. */
export interface ISecret extends IConstruct {
  /** ARN of the secret. */
  readonly secretArn: string;
  /** The customer-managed key of the secret, if it has one. */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Lets `grantee` read the secret's value (`secretsmanager:GetSecretValue` on exactly this
   * secret, any version stage) and decrypt it through Secrets Manager only.
   */
  grantRead(grantee: IGrantable): Grant;
}

/** Configuration of an `OutOfBandSecret`. */
export interface OutOfBandSecretProps {
  /** The customer-managed key that encrypts the secret. */
  readonly encryptionKey: IEncryptionKey;
  /** What the secret holds and how it is set (shown in the console). */
  readonly description: string;
  /** Name: letters, digits and "/_+=.@-" (Length: 1–512). @default - derived from the construct path */
  readonly secretName?: string;
  /**
   * Days a deleted secret stays recoverable: 0 (deleted at once, so a destroyed stack can be
   * re-created with the same names — for throwaway environments) or 7–30.
   * @default 30
   */
  readonly recoveryWindowDays?: number;
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * A Secrets Manager secret that Terraform creates EMPTY: its value is put out of band (for
 * example `aws secretsmanager put-secret-value` from a trusted machine), so it never enters
 * Terraform config or state. Encrypted with a customer-managed key.
 */
export class OutOfBandSecret extends Construct implements ISecret {
  /**
   * An existing secret, by its full ARN (exactly one secret; wildcards are refused because a
   * grant on them would read every matching secret). Pass its key if it has a customer-managed one.
   */
  public static fromSecretArn(scope: Construct, id: string, secretArn: string, encryptionKey?: IEncryptionKey): ISecret {
    return new ImportedSecret(scope, id, secretArn, encryptionKey);
  }

  /** The underlying secret (escape hatch). */
  public readonly secret: SecretsmanagerSecret;
  public readonly secretArn: string;
  public readonly secretName: string;
  /** The key that encrypts the secret (always set; optional in the type because imported secrets may have none). */
  public readonly encryptionKey?: IEncryptionKey;

  constructor(scope: Construct, id: string, props: OutOfBandSecretProps) {
    super(scope, id);
    requireProps(this, props);
    const key = requireProp(this, 'encryptionKey', props.encryptionKey, 'an IEncryptionKey');
    this.encryptionKey = key;
    requireProp(this, 'description', props.description, 'what the secret holds');
    const name = props.secretName ?? physicalName(this, { maxLength: 256, separator: '-' });
    requireName(this, 'secretName', name, NAMES.secret);
    const recovery = props.recoveryWindowDays ?? 30;
    requireRecoveryWindowDays(this, 'recoveryWindowDays', recovery);
    requireTags(this, 'tags', props.tags);
    this.secret = new aws.SecretsmanagerSecret(this, 'Secret', {
      name,
      description: props.description,
      kmsKeyId: key.keyArn,
      recoveryWindowInDays: recovery,
      tags: tagsFor(name, props.tags),
    });
    this.secretArn = this.secret.arn;
    this.secretName = this.secret.name;
  }

  public grantRead(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return grantRead(this, grantee);
  }
}

class ImportedSecret extends Construct implements ISecret {
  public readonly secretArn: string;
  public readonly encryptionKey?: IEncryptionKey;

  constructor(scope: Construct, id: string, secretArn: string, encryptionKey?: IEncryptionKey) {
    super(scope, id);
    requireArn(this, 'secretArn', secretArn, ARNS.secretsManagerSecret);
    this.secretArn = secretArn;
    this.encryptionKey = encryptionKey;
  }

  public grantRead(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return grantRead(this, grantee);
  }
}

function grantRead(secret: ISecret, grantee: IGrantable): Grant {
  const grants = [Grant.addToPrincipal(grantee, { actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] })];
  if (secret.encryptionKey) grants.push(secret.encryptionKey.grantDecrypt(grantee, 'secretsmanager'));
  return Grant.combine(grants);
}
