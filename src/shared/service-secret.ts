import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { IEncryptionKey } from './encryption-key';
import { invalidProp } from './validation';

/** Options for a secret injected from Secrets Manager. */
export interface SecretsManagerSecretOptions {
  /** Inject only this key of a JSON secret (e.g. `password`). @default - the whole secret string */
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
 * only references (ARNs) are accepted, never values.
 */
export abstract class ServiceSecret {
  /** A Secrets Manager secret, by ARN, whole or one JSON key. */
  public static fromSecretsManager(secretArn: string, options: SecretsManagerSecretOptions = {}): ServiceSecret {
    return new SecretsManagerSecret(secretArn, options);
  }

  /** An SSM parameter (String or SecureString), by ARN. */
  public static fromSsmParameter(parameterArn: string, options: SsmParameterSecretOptions = {}): ServiceSecret {
    return new SsmSecret(parameterArn, options);
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

class SecretsManagerSecret extends ServiceSecret {
  constructor(private readonly arn: string, private readonly options: SecretsManagerSecretOptions) { super(); }

  public _bind(scope: IConstruct, prop: string): BoundSecret {
    if (!Token.isUnresolved(this.arn) && !/^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/.test(this.arn)) {
      throw invalidProp(scope, prop, '<redacted>',
        'a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>); secret values are never accepted — store the value in Secrets Manager and pass its ARN');
    }
    const key = this.options.jsonKey;
    if (key !== undefined && !/^[A-Za-z0-9_.-]+$/.test(key)) {
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
    if (!Token.isUnresolved(this.arn) && !/^arn:[a-z-]+:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+$/.test(this.arn)) {
      throw invalidProp(scope, prop, '<redacted>',
        'an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>); secret values are never accepted');
    }
    return { valueFrom: this.arn, resourceArn: this.arn, service: 'ssm', encryptionKey: this.options.encryptionKey };
  }
}
