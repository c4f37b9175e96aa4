import { PolicyStatementProps } from './policy';

/**
 * Something that can receive IAM permissions: an IAM role, or a construct that owns one
 * (a Fargate service hands out its task role).
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
