import { IConnectable } from './connections';
import { PolicyStatementProps } from './policy';
import { requireReachable } from './private/workload-placement';

/**
 * Something that can receive IAM permissions: an IAM role, or a construct that owns one
 * (a Fargate service hands out its task role, a function its execution role).
 */
export interface IGrantable {
  /** The principal that receives the permissions. */
  readonly grantPrincipal: IGrantPrincipal;
}

/** An IAM principal to which policy statements can be added. */
export interface IGrantPrincipal {
  /** ARN of the IAM role. */
  readonly roleArn: string;
  /** Name of the IAM role. */
  readonly roleName: string;
  /**
   * Adds a statement to the principal's own policy. Refuses `*` actions, and `*` resources
   * for actions that can be scoped.
   */
  addToPrincipalPolicy(statement: PolicyStatementProps): void;
}

/** A peer that has both a security-group identity and an IAM principal, e.g. a Fargate service. */
export interface IConnectableGrantee extends IConnectable, IGrantable {}

/**
 * The result of a grant method such as `key.grantDecrypt(role)` or `queue.grantSendMessages(fn)`:
 * the grantee and exactly the statements that were added to its policy.
 */
export class Grant {
  /** Adds `statement` to the grantee's own policy and returns the grant. */
  public static addToPrincipal(grantee: IGrantable, statement: PolicyStatementProps): Grant {
    if (!grantee || !grantee.grantPrincipal || typeof grantee.grantPrincipal.addToPrincipalPolicy !== 'function') {
      // No construct to name here; the grant verbs of this library check the grantee first, naming their resource.
      throw new Error(`Grant.addToPrincipal: invalid grantee ${grantee === undefined || grantee === null ? '(missing)' : `(${(grantee as object).constructor?.name ?? 'object'})`}. `
        + 'Allowed: a grantable construct (a LeastPrivilegeRole, a Fargate service, a task definition).');
    }
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
    // A workload in a VPC must be able to reach the service it is granted (endpoint or NAT).
    requireReachable(grantee.grantPrincipal, statement);
    return new Grant(grantee, [statement]);
  }

  /** One grant made of several (e.g. a queue permission and the key permission it needs). */
  public static combine(grants: Grant[]): Grant {
    if (!Array.isArray(grants) || grants.length === 0) throw new Error('Grant.combine: invalid grants []. Allowed: at least one grant.');
    return new Grant(grants[0].grantee, grants.flatMap(g => g.statements));
  }

  private constructor(
    /** Who received the permissions. */
    public readonly grantee: IGrantable,
    /** The statements added to the grantee's policy. */
    public readonly statements: PolicyStatementProps[],
  ) {}

  /** All actions this grant added. */
  public get actions(): string[] {
    return [...new Set(this.statements.flatMap(s => s.actions))];
  }
}
