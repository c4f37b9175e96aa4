/**
 * The one table of IAM actions that may use `"Resource": "*"`. Both the library's statement
 * validator (policy-rules.ts, published as `LeastPrivilegeRole.UNSCOPABLE_ACTIONS`) and
 * ZeroTrustGuard's ZT-IAM-003 read it, so the two never disagree.
 *
 * Source: AWS Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/), one page per service, as
 * packaged in src/guard/iam-actions.generated.ts. An action belongs here when AWS lists no
 * resource type for it, or when it lists one that cannot name what the workload uses (then
 * `resourceTypes` says which, and `reason` why; test/shared/unscopable-actions.test.ts checks both
 * against the IAM data). When AWS offers a condition key that narrows the action, `condition` names
 * it and a statement with `*` must use it.
 *
 * One entry per action: additions merge as single lines.
 */
export interface UnscopableAction {
  /** The action, as IAM spells it. */
  readonly action: string;
  /** Why `*` is the only resource that works. */
  readonly reason: string;
  /** The Service Authorization Reference page of the service. */
  readonly source: string;
  /** A condition key a statement with `*` must carry (e.g. `ecs:cluster`). */
  readonly condition?: string;
  /** Resource types the IAM data lists for the action although `*` is needed (explained by `reason`). */
  readonly resourceTypes?: string[];
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
const LAMBDA_VPC = 'Lambda creates and deletes the function\'s network interfaces itself, so their IDs are unknown at synth; '
  + 'AWS documents these actions on "*" for a function in a VPC (AWSLambdaVPCAccessExecutionRole, Lambda Developer Guide "Giving Lambda functions access to resources in an Amazon VPC")';

export const UNSCOPABLE_ACTION_TABLE: readonly UnscopableAction[] = [
  { action: 'ecr:GetAuthorizationToken', source: `${SAR}/list_amazonelasticcontainerregistry.html`, reason: 'returns a registry-wide token; AWS lists no resource type' },
  { action: 'ec2:CreateNetworkInterface', source: `${SAR}/list_amazonec2.html`, reason: LAMBDA_VPC, resourceTypes: ['network-interface', 'security-group', 'subnet'] },
  { action: 'ec2:DescribeNetworkInterfaces', source: `${SAR}/list_amazonec2.html`, reason: 'Describe* actions of EC2 support no resource-level permissions' },
  { action: 'ec2:DescribeSubnets', source: `${SAR}/list_amazonec2.html`, reason: 'Describe* actions of EC2 support no resource-level permissions; Lambda needs it for a function in a VPC (AWSLambdaVPCAccessExecutionRole)' },
  { action: 'ec2:DeleteNetworkInterface', source: `${SAR}/list_amazonec2.html`, reason: LAMBDA_VPC, resourceTypes: ['network-interface'] },
  { action: 'ec2:AssignPrivateIpAddresses', source: `${SAR}/list_amazonec2.html`, reason: LAMBDA_VPC, resourceTypes: ['network-interface'] },
  { action: 'ec2:UnassignPrivateIpAddresses', source: `${SAR}/list_amazonec2.html`, reason: LAMBDA_VPC, resourceTypes: ['network-interface'] },
  { action: 'xray:PutTraceSegments', source: `${SAR}/list_awsx-ray.html`, reason: 'AWS lists no resource type' },
  { action: 'xray:PutTelemetryRecords', source: `${SAR}/list_awsx-ray.html`, reason: 'AWS lists no resource type' },
  {
    action: 'cloudwatch:PutMetricData',
    source: `${SAR}/list_amazoncloudwatch.html`,
    reason: 'the optional dataset resource applies only to OTLP datasets; metrics in CloudWatch format have no resource (narrow them with the cloudwatch:namespace condition)',
    resourceTypes: ['dataset'],
  },
  { action: 'ssm:DescribeParameters', source: `${SAR}/list_awssystemsmanager.html`, reason: 'AWS lists no resource type' },
  { action: 'sts:GetCallerIdentity', source: `${SAR}/list_awssecuritytokenservice.html`, reason: 'AWS lists no resource type; it needs no permission at all' },
  {
    action: 'ecs:ListTasks',
    source: `${SAR}/list_amazonelasticcontainerservice.html`,
    reason: 'authorized on container instances, which Fargate has none of; the ecs:cluster condition limits it to one cluster',
    condition: 'ecs:cluster',
    resourceTypes: ['container-instance'],
  },
];

/** The table's entry for `action` (IAM action names are case-insensitive), if any. */
export function unscopableAction(action: string): UnscopableAction | undefined {
  const key = action.toLowerCase();
  return UNSCOPABLE_ACTION_TABLE.find(e => e.action.toLowerCase() === key);
}

/** Whether `action` may use `"Resource": "*"` in a statement with these condition keys. */
export function allowedOnAnyResource(action: string, conditionKeys: readonly string[]): boolean {
  const entry = unscopableAction(action);
  if (!entry) return false;
  return !entry.condition || conditionKeys.some(k => k.toLowerCase() === entry.condition!.toLowerCase());
}
