import type { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Grant, IGrantable, IGrantPrincipal } from './grants';
import { PolicyCondition, PolicyStatementProps } from './policy';
import { aws } from './private/aws';
import { AwsContext } from './private/aws-context';
import { BROAD_MANAGED_POLICIES } from './private/broad-managed-policies.generated';
import { physicalName, tagsFor } from './private/naming';
import { UNSCOPABLE_ACTIONS, validateStatement } from './private/policy-rules';
import { ARNS, invalidProp, isToken, NAMES, requireArn, requireGrantee, requireIntegerInRange, requireList, requireName, requireProp, requireProps, requireTags } from './private/validation';

/** Who may assume a role. Build one with the static factories. */
export abstract class TrustedPrincipal {
  /**
   * An AWS service in this account, e.g. `ecs-tasks.amazonaws.com`. Adds an
   * `aws:SourceAccount` condition so the service cannot be used as a confused deputy by
   * another account.
   */
  public static service(servicePrincipal: string, options: ServiceTrustOptions = {}): TrustedPrincipal {
    return new ServiceTrust(servicePrincipal, options ?? {});
  }

  /** A web-identity (OIDC) provider; the conditions pin audience and subject. */
  public static federated(providerArn: string, conditions: PolicyCondition[]): TrustedPrincipal {
    return new FederatedTrust(providerArn, conditions);
  }

  /** @internal */
  public abstract _statement(context: AwsContext): DataAwsIamPolicyDocumentStatement;

  /** The service principal roles with this trust are passed to (`iam:PassedToService`), if a service. @internal */
  public abstract get _passedToService(): string | undefined;

  /** Checks the principal where it is used, so that errors name the role's construct path. @internal */
  public abstract _validate(scope: Construct): void;
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
  public get _passedToService(): string | undefined {
    return this.principal;
  }
  public _validate(scope: Construct): void {
    if (!isToken(this.principal) && (typeof this.principal !== 'string' || !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(this.principal))) {
      throw invalidProp(scope, 'assumedBy', this.principal, 'an AWS service principal such as "ecs-tasks.amazonaws.com"');
    }
  }
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
  public get _passedToService(): string | undefined {
    return undefined;
  }
  public _validate(scope: Construct): void {
    requireArn(scope, 'assumedBy', this.providerArn, ARNS.oidcProvider);
    if (!Array.isArray(this.conditions) || this.conditions.length === 0) {
      throw invalidProp(scope, 'assumedBy', this.conditions, 'conditions that pin at least the audience and the subject');
    }
  }
  public _statement(): DataAwsIamPolicyDocumentStatement {
    return {
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [this.providerArn] }],
      condition: this.conditions.map(c => ({ test: c.test, variable: c.variable, values: c.values })),
    };
  }
}

/** Configuration of a `LeastPrivilegeRole`. */
export interface LeastPrivilegeRoleProps {
  /** Who may assume the role. */
  readonly assumedBy: TrustedPrincipal;
  /** What the role is for; shown in the IAM console (Length: 1–1000). */
  readonly description: string;
  /** Role name: letters, digits and "+=,.@_-" (Length: 1–64). @default - derived from the construct path (at most 64 characters) */
  readonly roleName?: string;
  /** Maximum session duration in seconds (Allowed: 3600–43200). @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /**
   * ARNs of AWS-managed policies to attach (`arn:<partition>:iam::aws:policy/...`), for the few
   * service roles AWS defines one for (e.g. RDS enhanced monitoring). Policies that grant more than
   * specific actions are refused: those with an Allow statement on the action `*`, on a whole
   * service (`service:*`) or with `NotAction`, or with wildcard actions of 10 or more services on
   * every resource — e.g. AdministratorAccess, PowerUserAccess, IAMFullAccess, ReadOnlyAccess,
   * AmazonS3FullAccess (`LeastPrivilegeRole.BROAD_MANAGED_POLICIES` lists all of them, generated
   * from the documents of all AWS-managed policies). @default - none
   */
  readonly awsManagedPolicyArns?: string[];
  /** Statements to start with; more arrive through `addToPrincipalPolicy` and grants. @default - none */
  readonly statements?: PolicyStatementProps[];
  /** Extra tags. @default - only `Name` */
  readonly tags?: { [key: string]: string };
}

/**
 * An IAM role that starts with no permissions and only ever holds specific actions on specific
 * resources: every statement is checked (no `*` actions, `*` resources only for
 * `UNSCOPABLE_ACTIONS`), and all of them live in one inline policy rendered from an
 * `aws_iam_policy_document` data source, which scanners can read. A statement granted twice is
 * kept once.
 */
export class LeastPrivilegeRole extends Construct implements IGrantable, IGrantPrincipal {
  /** Actions that AWS does not let you scope to a resource ARN; only these may use `*` resources. */
  public static readonly UNSCOPABLE_ACTIONS: string[] = [...UNSCOPABLE_ACTIONS];

  /**
   * Names (with their path, e.g. `job-function/ViewOnlyAccess`) of the AWS-managed policies that
   * `awsManagedPolicyArns` refuses because of what they grant (see that prop).
   */
  public static readonly BROAD_MANAGED_POLICIES: string[] = Object.keys(BROAD_MANAGED_POLICIES);

  /** The underlying role (escape hatch). */
  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly grantPrincipal: IGrantPrincipal = this;
  /** The statements granted so far. */
  private readonly statements: PolicyStatementProps[] = [];
  private readonly statementKeys = new Set<string>();
  private readonly passedToService?: string;
  private policyDocument?: DataAwsIamPolicyDocument;
  private policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: LeastPrivilegeRoleProps) {
    super(scope, id);
    requireProps(this, props);
    requireProp(this, 'assumedBy', props.assumedBy, 'a TrustedPrincipal (TrustedPrincipal.service or TrustedPrincipal.federated)');
    if (!(props.assumedBy instanceof TrustedPrincipal)) {
      throw invalidProp(this, 'assumedBy', props.assumedBy, 'a TrustedPrincipal (TrustedPrincipal.service or TrustedPrincipal.federated)');
    }
    props.assumedBy._validate(this);
    requireProp(this, 'description', props.description, 'a description of what the role is for');
    if (!isToken(props.description) && (typeof props.description !== 'string' || props.description.trim() === '' || props.description.length > 1000
      || !/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/.test(props.description))) {
      throw invalidProp(this, 'description', props.description, 'a non-empty text of at most 1000 printable Latin-1 characters');
    }
    const context = AwsContext.of(this);
    const maxSession = props.maxSessionDurationSeconds ?? 3600;
    requireIntegerInRange(this, 'maxSessionDurationSeconds', maxSession, 3600, 43200);
    for (const arn of requireList(this, 'awsManagedPolicyArns', props.awsManagedPolicyArns, 'AWS-managed policy ARNs') ?? []) {
      requireArn(this, 'awsManagedPolicyArns', arn, ARNS.awsManagedPolicy);
      requireNarrowManagedPolicy(this, arn);
    }
    const name = props.roleName ?? physicalName(this, { maxLength: 64 });
    requireName(this, 'roleName', name, NAMES.iamRole);
    requireTags(this, 'tags', props.tags);
    this.passedToService = props.assumedBy._passedToService;
    const trust = new aws.DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [props.assumedBy._statement(context)],
    });
    this.role = new aws.IamRole(this, 'Role', {
      name,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: maxSession,
      tags: tagsFor(name, props.tags),
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    (props.awsManagedPolicyArns ?? []).forEach((policyArn, i) => {
      new aws.IamRolePolicyAttachment(this, `ManagedPolicy${i}`, { role: this.role.name, policyArn });
    });
    (props.statements ?? []).forEach((statement, i) => this.add(`statements[${i}]`, statement));
  }

  /**
   * The inline policy holding the granted statements, once there is one; resources that need the
   * permissions at creation time (a Lambda function in a VPC) should depend on it.
   */
  public get inlinePolicy(): IamRolePolicy | undefined {
    return this.policy;
  }

  public addToPrincipalPolicy(statement: PolicyStatementProps): void {
    this.add('statement', statement);
  }

  /**
   * Lets `grantee` pass this role to the service that assumes it (`iam:PassRole` on exactly this
   * role, with an `iam:PassedToService` condition), e.g. a launcher that starts ECS tasks with it.
   */
  public grantPassRole(grantee: IGrantable): Grant {
    requireGrantee(this, 'grantee', grantee);
    if (!this.passedToService) {
      throw invalidProp(this, 'grantPassRole', this.node.path, 'a role assumed by an AWS service (roles trusted by a web identity are never passed)');
    }
    return Grant.addToPrincipal(grantee, {
      actions: ['iam:PassRole'],
      resources: [this.roleArn],
      conditions: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [this.passedToService] }],
    });
  }

  private add(prop: string, statement: PolicyStatementProps): void {
    validateStatement(this, prop, statement);
    const key = JSON.stringify([statement.sid, statement.actions, statement.resources.map(r => Token.asString(r)), statement.conditions]);
    if (this.statementKeys.has(key)) return;
    this.statementKeys.add(key);
    this.statements.push(statement);
    if (!this.policyDocument) {
      this.policyDocument = new aws.DataAwsIamPolicyDocument(this, 'PermissionsPolicy', {});
      this.policy = new aws.IamRolePolicy(this, 'Permissions', {
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

const BROAD_BY_NAME = new Map(Object.entries(BROAD_MANAGED_POLICIES).map(([pathAndName, why]) => [pathAndName.split('/').pop()!, why]));

/** Refuses an AWS-managed policy that grants `*`, a whole service, NotAction or account-wide reads. */
function requireNarrowManagedPolicy(scope: Construct, arn: string): void {
  if (isToken(arn)) return;
  const name = arn.split('/').pop()!;
  const why = BROAD_BY_NAME.get(name);
  if (why === undefined) return;
  throw invalidProp(scope, 'awsManagedPolicyArns', arn,
    `an AWS-managed policy that grants specific actions (${name} allows ${why === 'NotAction' ? 'every action but a list (NotAction)' : why}; `
    + 'LeastPrivilegeRole.BROAD_MANAGED_POLICIES lists the refused ones); grant what the role needs with statements or grant verbs instead');
}
