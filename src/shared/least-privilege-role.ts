import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AwsContext } from './aws-context';
import { IGrantable, IGrantPrincipal } from './grants';
import { physicalName, tagsFor } from './naming';
import { PolicyCondition, PolicyStatementProps, validateStatement } from './policy';
import { invalidProp, requireIntegerInRange } from './validation';

/** Who may assume a role. Build one with the static factories. */
export abstract class TrustedPrincipal {
  /**
   * An AWS service in this account, e.g. `ecs-tasks.amazonaws.com`. Adds an
   * `aws:SourceAccount` condition so the service cannot be used as a confused deputy by
   * another account.
   */
  public static service(servicePrincipal: string, options: ServiceTrustOptions = {}): TrustedPrincipal {
    return new ServiceTrust(servicePrincipal, options);
  }

  /** A web-identity (OIDC) provider; the conditions pin audience and subject. */
  public static federated(providerArn: string, conditions: PolicyCondition[]): TrustedPrincipal {
    if (conditions.length === 0) throw new Error('TrustedPrincipal.federated: conditions must pin at least the audience and subject');
    return new FederatedTrust(providerArn, conditions);
  }

  /** @internal */
  public abstract _statement(context: AwsContext): DataAwsIamPolicyDocumentStatement;
}

/** Options for `TrustedPrincipal.service`. */
export interface ServiceTrustOptions {
  /**
   * Add the `aws:SourceAccount` condition. Off only for services that do not send it when they
   * assume a role (Lambda execution roles).
   * @default true
   */
  readonly sourceAccount?: boolean;
  /**
   * Restrict assumption to requests made on behalf of this ARN pattern (`aws:SourceArn`, ArnLike).
   * @default - only the `aws:SourceAccount` condition
   */
  readonly sourceArnLike?: string;
}

class ServiceTrust extends TrustedPrincipal {
  constructor(private readonly principal: string, private readonly options: ServiceTrustOptions) { super(); }
  public _statement(context: AwsContext): DataAwsIamPolicyDocumentStatement {
    const condition = this.options.sourceAccount === false ? [] : [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [context.accountId] }];
    if (this.options.sourceArnLike) condition.push({ test: 'ArnLike', variable: 'aws:SourceArn', values: [this.options.sourceArnLike] });
    return {
      effect: 'Allow',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: [this.principal] }],
      condition: condition.length ? condition : undefined,
    };
  }
}

class FederatedTrust extends TrustedPrincipal {
  constructor(private readonly providerArn: string, private readonly conditions: PolicyCondition[]) { super(); }
  public _statement(): DataAwsIamPolicyDocumentStatement {
    return {
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [this.providerArn] }],
      condition: this.conditions.map(c => ({ test: c.test, variable: c.variable, values: c.values })),
    };
  }
}

export interface LeastPrivilegeRoleProps {
  /** Who may assume the role. */
  readonly assumedBy: TrustedPrincipal;
  /** What the role is for; shown in the IAM console. */
  readonly description: string;
  /** Role name. @default - derived from the construct path (at most 64 characters) */
  readonly roleName?: string;
  /** Maximum session duration in seconds (3600–43200). @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /**
   * ARNs of AWS-managed policies to attach, for the few service roles AWS defines one for
   * (e.g. RDS enhanced monitoring). @default - none
   */
  readonly awsManagedPolicyArns?: string[];
  /** Statements to start with; more arrive through `addToPrincipalPolicy` and grants. @default - none */
  readonly statements?: PolicyStatementProps[];
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * An IAM role that starts with no permissions and only ever holds specific actions on specific
 * resources: every statement passes `validateStatement`, and all of them live in one inline
 * policy rendered from an `aws_iam_policy_document` data source, which scanners can read.
 */
export class LeastPrivilegeRole extends Construct implements IGrantable, IGrantPrincipal {
  /** The underlying role (escape hatch). */
  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly grantPrincipal: IGrantPrincipal = this;
  /** The statements granted so far. */
  private readonly statements: PolicyStatementProps[] = [];
  private policyDocument?: DataAwsIamPolicyDocument;
  private policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: LeastPrivilegeRoleProps) {
    super(scope, id);
    const context = AwsContext.of(this);
    const maxSession = props.maxSessionDurationSeconds ?? 3600;
    requireIntegerInRange(this, 'maxSessionDurationSeconds', maxSession, 3600, 43200);
    for (const arn of props.awsManagedPolicyArns ?? []) {
      if (!Token.isUnresolved(arn) && !/^arn:[a-z-]+:iam::aws:policy\//.test(arn)) {
        throw invalidProp(this, 'awsManagedPolicyArns', arn, 'ARNs of AWS-managed policies (arn:<partition>:iam::aws:policy/...)');
      }
    }
    const name = props.roleName ?? physicalName(this, { maxLength: 64 });
    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [props.assumedBy._statement(context)],
    });
    this.role = new IamRole(this, 'Role', {
      name,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: maxSession,
      tags: tagsFor(name, props.tags),
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    (props.awsManagedPolicyArns ?? []).forEach((policyArn, i) => {
      new IamRolePolicyAttachment(this, `ManagedPolicy${i}`, { role: this.role.name, policyArn });
    });
    for (const statement of props.statements ?? []) this.addToPrincipalPolicy(statement);
  }

  /**
   * The inline policy holding the granted statements, once there is one; resources that need the
   * permissions at creation time (a Lambda function in a VPC) should depend on it.
   */
  public get inlinePolicy(): IamRolePolicy | undefined {
    return this.policy;
  }

  public addToPrincipalPolicy(statement: PolicyStatementProps): void {
    validateStatement(this, 'statement', statement);
    this.statements.push(statement);
    if (!this.policyDocument) {
      this.policyDocument = new DataAwsIamPolicyDocument(this, 'PermissionsPolicy', {});
      this.policy = new IamRolePolicy(this, 'Permissions', {
        name: 'least-privilege',
        role: this.role.id,
        policy: this.policyDocument.json,
      });
    }
    this.policyDocument.putStatement(this.statements.map(s => ({
      sid: s.sid,
      effect: 'Allow',
      actions: s.actions,
      resources: s.resources,
      condition: s.conditions?.map(c => ({ test: c.test, variable: c.variable, values: c.values })),
    })));
  }
}
