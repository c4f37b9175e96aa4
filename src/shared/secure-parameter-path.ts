import { Construct } from 'constructs';
import { IEncryptionKey } from './encryption-key';
import { Grant, IGrantable } from './grants';
import { AwsContext } from './private/aws-context';
import { invalidProp, isToken, requireGrantee, requireProp, requireProps } from './private/validation';

/** Configuration of a `SecureParameterPath`. */
export interface SecureParameterPathProps {
  /**
   * The path, starting and ending with "/", e.g. `/confluxdb/runners/my-pipeline/`: letters,
   * digits and "/_.-", at most 14 levels deep (SSM allows 15 levels including the parameter
   * name) and 1000 characters.
   */
  readonly path: string;
  /** The customer-managed key of the SecureString parameters under the path. */
  readonly encryptionKey: IEncryptionKey;
}

/**
 * A path in SSM Parameter Store under which SecureString parameters live, encrypted with a
 * customer-managed key — no Terraform resource of its own, but the unit permissions are granted
 * on: writers may put and delete parameters under the path only, readers may read (and delete)
 * them, nobody reaches a parameter outside it.
 */
export class SecureParameterPath extends Construct {
  /** The path, with its leading and trailing "/". */
  public readonly path: string;
  /** ARN pattern of every parameter under the path. */
  public readonly parametersArn: string;
  public readonly encryptionKey: IEncryptionKey;

  constructor(scope: Construct, id: string, props: SecureParameterPathProps) {
    super(scope, id);
    requireProps(this, props);
    const path = requireProp(this, 'path', props.path, 'a parameter path such as "/app/config/"');
    // SSM's hierarchy is at most 15 levels deep including the parameter name, so the path has 14.
    this.encryptionKey = requireProp(this, 'encryptionKey', props.encryptionKey, 'an IEncryptionKey');
    if (!isToken(path) && (!/^\/([A-Za-z0-9_.-]+\/){1,14}$/.test(path) || path.length > 1000 || /^\/(aws|ssm)\//i.test(path))) {
      throw invalidProp(this, 'path', path, 'a path such as "/app/config/": starting and ending with "/", letters, digits and "_.-", at most 14 levels and 1000 characters, not under /aws/ or /ssm/');
    }
    this.path = path;
    this.parametersArn = AwsContext.of(this).arn('ssm', `parameter${path}*`);
  }

  /** Lets `grantee` create, overwrite, tag and delete SecureString parameters under the path. */
  public grantWrite(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return Grant.combine([
      Grant.addToPrincipal(grantee, { actions: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource'], resources: [this.parametersArn] }),
      this.encryptionKey.grantEncryptDecrypt(grantee, 'ssm'),
    ]);
  }

  /** Lets `grantee` read a parameter under the path (decrypted) and delete it: read-once consumers. */
  public grantReadAndDelete(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return Grant.combine([
      Grant.addToPrincipal(grantee, { actions: ['ssm:GetParameter', 'ssm:DeleteParameter'], resources: [this.parametersArn] }),
      this.encryptionKey.grantDecrypt(grantee, 'ssm'),
    ]);
  }

  /** Lets `grantee` list the parameters under the path (names and metadata, not values) and delete them: cleanup jobs. */
  public grantListAndDelete(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    return Grant.combine([
      Grant.addToPrincipal(grantee, { actions: ['ssm:DescribeParameters'], resources: ['*'] }),
      Grant.addToPrincipal(grantee, { actions: ['ssm:DeleteParameter', 'ssm:DeleteParameters'], resources: [this.parametersArn] }),
    ]);
  }
}
