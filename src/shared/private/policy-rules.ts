import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { allowedOnAnyResource, UNSCOPABLE_ACTION_TABLE, unscopableAction } from './unscopable-actions';
import { invalidProp } from './validation';
import { PolicyStatementProps } from '../policy';

/**
 * What AWS documents as required for a Lambda function in a VPC, all on `*`: Lambda Developer
 * Guide, "Required IAM permissions" for VPC access (DescribeNetworkInterfaces works only on `*`;
 * a narrower resource for DeleteNetworkInterface can cut the function off from its VPC) and the
 * managed policy AWSLambdaVPCAccessExecutionRole; hashicorp/terraform-provider-aws#20698 reports
 * CreateFunction failing with a scoped policy. Lambda creates and deletes these ENIs itself.
 */
export const LAMBDA_VPC_ACTIONS: readonly string[] = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/**
 * Actions that AWS does not let you scope to a resource ARN; only these may use `*` resources.
 * Published as `LeastPrivilegeRole.UNSCOPABLE_ACTIONS`; the reasons and required conditions are in
 * the table (unscopable-actions.ts), which ZeroTrustGuard reads too.
 */
export const UNSCOPABLE_ACTIONS: readonly string[] = UNSCOPABLE_ACTION_TABLE.map(e => e.action);

/**
 * Validates a statement: no `*` or `service:*` actions, and `*` resources only for the actions
 * AWS cannot scope. Throws a synth-time error naming `scope` and `prop`.
 */
export function validateStatement(scope: IConstruct, prop: string, statement: PolicyStatementProps): void {
  if (!statement || !Array.isArray(statement.actions)) {
    throw invalidProp(scope, `${prop}.actions`, statement?.actions, 'a list of actions such as ["s3:GetObject"] (required)');
  }
  if (statement.actions.length === 0) {
    throw invalidProp(scope, `${prop}.actions`, statement.actions, 'at least one action such as "s3:GetObject"');
  }
  for (const action of statement.actions) {
    if (Token.isUnresolved(action)) continue;
    if (typeof action !== 'string' || !/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(action) || action === '*' || /:\*$/.test(action)) {
      throw invalidProp(scope, `${prop}.actions`, action,
        'named actions such as "s3:GetObject" or a narrow prefix such as "s3:Get*"; "*" and "service:*" grant far more than any workload needs');
    }
  }
  if (!Array.isArray(statement.resources) || statement.resources.length === 0) {
    throw invalidProp(scope, `${prop}.resources`, statement.resources, 'at least one resource ARN');
  }
  for (const resource of statement.resources) {
    if (Token.isUnresolved(resource) || resource === '*') continue;
    if (typeof resource !== 'string' || !/^arn:[a-z-]+:[a-z0-9-]+:/.test(resource)) {
      throw invalidProp(scope, `${prop}.resources`, resource, 'resource ARNs ("arn:<partition>:<service>:...") or "*" for actions AWS cannot scope');
    }
  }
  if (statement.resources.includes('*')) {
    const scopable = statement.actions.filter(a => !UNSCOPABLE_ACTIONS.includes(a));
    if (scopable.length > 0) {
      throw invalidProp(scope, `${prop}.resources`, '*',
        `specific resource ARNs for ${scopable.join(', ')}; "*" is only accepted for actions AWS cannot scope (${UNSCOPABLE_ACTIONS.join(', ')})`);
    }
    const keys = (statement.conditions ?? []).map(c => c?.variable).filter((k): k is string => typeof k === 'string');
    const unconditioned = statement.actions.filter(a => !allowedOnAnyResource(a, keys));
    if (unconditioned.length > 0) {
      const needed = unconditioned.map(a => `${a} with a condition on ${unscopableAction(a)!.condition}`).join(', ');
      throw invalidProp(scope, `${prop}.conditions`, statement.conditions ?? [],
        `${needed}: AWS narrows it only by that condition key when the resource is "*"`);
    }
  }
  if (statement.sid !== undefined && !/^[A-Za-z0-9]+$/.test(statement.sid)) {
    throw invalidProp(scope, `${prop}.sid`, statement.sid, 'letters and digits only (IAM statement IDs)');
  }
  for (const c of statement.conditions ?? []) {
    if (!c || typeof c.test !== 'string' || typeof c.variable !== 'string' || !Array.isArray(c.values) || c.values.length === 0) {
      throw invalidProp(scope, `${prop}.conditions`, c, 'conditions with test, variable and at least one value');
    }
  }
}
