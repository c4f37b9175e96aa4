import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { IEncryptionKey } from './encryption-key';
import { ARNS, ArnRule, invalidProp } from './private/validation';
import { ISecret } from './secret';

/** Options for a secret injected from Secrets Manager. */
export interface SecretsManagerSecretOptions {
  /** Inject only this key of a JSON secret (e.g. `password`): letters, digits, ".", "_" or "-". @default - the whole secret string */
  readonly jsonKey?: string;
  /** The customer-managed key that encrypts the secret. @default - the AWS-managed key (no kms:Decrypt needed) */
  readonly encryptionKey?: IEncryptionKey;
}

/** Options for a secret injected from SSM Parameter Store. */
export interface SsmParameterSecretOptions {
  /** The customer-managed key of the SecureString. @default - the AWS-managed key */
  readonly encryptionKey?: IEncryptionKey;
}

/**
 * A reference to a secret that the ECS agent fetches at task start and injects as an environment
 * variable (the container definition's `secrets`): the value never appears in Terraform, the
 * task definition or the environment of the task definition. Build one with the static factories;
 * only references (ARNs of exactly one secret) are accepted, never values or wildcards.
 */
export abstract class ServiceSecret {
  /** A Secrets Manager secret, by ARN, whole or one JSON key. */
  public static fromSecretsManager(secretArn: string, options: SecretsManagerSecretOptions = {}): ServiceSecret {
    return new SecretsManagerSecret(secretArn, options ?? {});
  }

  /** A secret of this library (`OutOfBandSecret`, or one imported with `OutOfBandSecret.fromSecretArn`), whole or one JSON key. */
  public static fromSecret(secret: ISecret, jsonKey?: string): ServiceSecret {
    return new SecretsManagerSecret(secret.secretArn, { jsonKey, encryptionKey: secret.encryptionKey });
  }

  /** An SSM parameter (String or SecureString), by ARN. */
  public static fromSsmParameter(parameterArn: string, options: SsmParameterSecretOptions = {}): ServiceSecret {
    return new SsmSecret(parameterArn, options ?? {});
  }

  /** @internal */
  public abstract _bind(scope: IConstruct, prop: string): BoundSecret;
}

/** @internal */
export interface BoundSecret {
  /** The container definition's `valueFrom`. */
  readonly valueFrom: string;
  /** The ARN IAM must allow. */
  readonly resourceArn: string;
  readonly service: 'secretsmanager' | 'ssm';
  readonly encryptionKey?: IEncryptionKey;
}

/**
 * Checks a secret reference. The value is echoed in the message only when it is an ARN with a
 * wildcard (which is not secret); anything else that is not an ARN might be a pasted secret value
 * and is redacted.
 */
function requireSecretArn(scope: IConstruct, prop: string, arn: string, rule: ArnRule): void {
  if (Token.isUnresolved(arn) || (typeof arn === 'string' && rule.pattern.test(arn))) return;
  if (typeof arn === 'string' && /^arn:/.test(arn) && /[*?]/.test(arn)) {
    throw invalidProp(scope, prop, arn, `${rule.what} of exactly one secret, without wildcards: a wildcard would let the role read every matching secret`);
  }
  if (typeof arn === 'string' && /^arn:/.test(arn)) {
    throw invalidProp(scope, prop, arn, `${rule.what} such as "${rule.example}"`);
  }
  throw invalidProp(scope, prop, '<redacted>',
    `${rule.what} such as "${rule.example}"; secret values are never accepted — store the value and pass its ARN`);
}

class SecretsManagerSecret extends ServiceSecret {
  constructor(private readonly arn: string, private readonly options: SecretsManagerSecretOptions) { super(); }

  public _bind(scope: IConstruct, prop: string): BoundSecret {
    requireSecretArn(scope, prop, this.arn, ARNS.secretsManagerSecret);
    const key = this.options.jsonKey;
    if (key !== undefined && (typeof key !== 'string' || !/^[A-Za-z0-9_.-]{1,256}$/.test(key))) {
      throw invalidProp(scope, `${prop}.jsonKey`, key, 'a JSON key of letters, digits, ".", "_" or "-"');
    }
    return {
      // <arn>:<json-key>:<version-stage>:<version-id>; empty stage and id mean AWSCURRENT.
      valueFrom: key ? `${this.arn}:${key}::` : this.arn,
      resourceArn: this.arn,
      service: 'secretsmanager',
      encryptionKey: this.options.encryptionKey,
    };
  }
}

class SsmSecret extends ServiceSecret {
  constructor(private readonly arn: string, private readonly options: SsmParameterSecretOptions) { super(); }

  public _bind(scope: IConstruct, prop: string): BoundSecret {
    requireSecretArn(scope, prop, this.arn, ARNS.ssmParameter);
    return { valueFrom: this.arn, resourceArn: this.arn, service: 'ssm', encryptionKey: this.options.encryptionKey };
  }
}
