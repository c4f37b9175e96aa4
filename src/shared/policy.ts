/** A condition of an IAM policy statement, e.g. `StringEquals aws:SourceAccount = 123456789012`. */
export interface PolicyCondition {
  /** Condition operator, e.g. `StringEquals`, `ArnLike`, `Bool`. */
  readonly test: string;
  /** Condition key, e.g. `aws:SourceAccount`. */
  readonly variable: string;
  /** Values, any of which satisfies the condition. */
  readonly values: string[];
}

/**
 * An IAM policy statement that grants (never denies) specific actions on specific resources.
 * Every statement is checked when it is added to a role: no `*` or `service:*` actions, and `*`
 * resources only for the actions AWS cannot scope (`LeastPrivilegeRole.UNSCOPABLE_ACTIONS`).
 */
export interface PolicyStatementProps {
  /** Statement ID (letters and digits). @default - none */
  readonly sid?: string;
  /** Actions, e.g. `s3:GetObject`, or a narrow prefix such as `s3:Get*`. `*` and `service:*` are refused. */
  readonly actions: string[];
  /**
   * Resource ARNs. `*` is accepted only for actions AWS cannot scope to a resource
   * (`LeastPrivilegeRole.UNSCOPABLE_ACTIONS`).
   */
  readonly resources: string[];
  /** Conditions. @default - none */
  readonly conditions?: PolicyCondition[];
}
