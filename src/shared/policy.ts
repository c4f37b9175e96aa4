import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { invalidProp } from './validation';

/** A condition of an IAM policy statement, e.g. `StringEquals aws:SourceAccount = 123456789012`. */
export interface PolicyCondition {
  /** Condition operator, e.g. `StringEquals`, `ArnLike`, `Bool`. */
  readonly test: string;
  /** Condition key, e.g. `aws:SourceAccount`. */
  readonly variable: string;
  /** Values, any of which satisfies the condition. */
  readonly values: string[];
}

/** An IAM policy statement that grants (never denies) specific actions on specific resources. */
export interface PolicyStatementProps {
  /** Statement ID. @default - none */
  readonly sid?: string;
  /** Actions, e.g. `s3:GetObject`. `*` and `service:*` are refused. */
  readonly actions: string[];
  /**
   * Resource ARNs. `*` is accepted only for actions AWS cannot scope to a resource
   * (see `UNSCOPABLE_ACTIONS`).
   */
  readonly resources: string[];
  /** Conditions. @default - none */
  readonly conditions?: PolicyCondition[];
}

/**
 * Actions that AWS does not let you scope to a resource ARN; only these may use `*` resources.
 */
export const UNSCOPABLE_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'cloudwatch:PutMetricData',
  'ssm:DescribeParameters',
  'sts:GetCallerIdentity',
  // Authorized on container instances, which Fargate has none of; scope it with the ecs:cluster condition.
  'ecs:ListTasks',
];

/**
 * Validates a statement: no `*` or `service:*` actions, and `*` resources only for the actions
 * AWS cannot scope. Throws a synth-time error naming `scope` and `prop`.
 */
export function validateStatement(scope: IConstruct, prop: string, statement: PolicyStatementProps): void {
  if (statement.actions.length === 0) {
    throw invalidProp(scope, `${prop}.actions`, statement.actions, 'at least one action such as "s3:GetObject"');
  }
  for (const action of statement.actions) {
    if (Token.isUnresolved(action)) continue;
    if (!/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(action) || action === '*' || /:\*$/.test(action)) {
      throw invalidProp(scope, `${prop}.actions`, action,
        'named actions such as "s3:GetObject" or a narrow prefix such as "s3:Get*"; "*" and "service:*" grant far more than any workload needs');
    }
  }
  if (statement.resources.length === 0) {
    throw invalidProp(scope, `${prop}.resources`, statement.resources, 'at least one resource ARN');
  }
  if (statement.resources.includes('*')) {
    const scopable = statement.actions.filter(a => !UNSCOPABLE_ACTIONS.includes(a));
    if (scopable.length > 0) {
      throw invalidProp(scope, `${prop}.resources`, '*',
        `specific resource ARNs for ${scopable.join(', ')}; "*" is only accepted for actions AWS cannot scope (${UNSCOPABLE_ACTIONS.join(', ')})`);
    }
  }
}
