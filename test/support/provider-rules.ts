/**
 * The plan-time and apply-time rules of the AWS provider and of the AWS APIs that the synthesized
 * stacks must satisfy, as data (issue 18, item 8). test/provider-rules.test.ts runs every rule over
 * every synthesized resource of the reference app and of representative construct stacks, fails
 * when a synthesized resource type has no entry here, and checks that docs/provider-rules.md is
 * generated from this file (`./npmw run provider-rules`).
 *
 * Sources: the AWS provider v6 (the library pins @cdktf/provider-aws 21.22.1 = provider 6.25),
 * `internal/service/<svc>/<file>.go` of hashicorp/terraform-provider-aws, and AWS API references.
 *
 * A value that is a Terraform expression (`${...}`) is unknown at synth; rules skip it.
 */

export type RuleKind = 'enum' | 'range' | 'length' | 'regex' | 'conflicts-with' | 'exactly-one-of' | 'required-with' | 'api';
/** plan: terraform plan refuses it; apply: the AWS API refuses it (or it breaks at apply); destroy: at destroy. */
export type RulePhase = 'plan' | 'apply' | 'destroy';

export interface SynthResource {
  readonly type: string;
  readonly name: string;
  readonly body: any;
}

export interface SynthStack {
  /** e.g. `confluxdb-dev` or `construct:pipeline` */
  readonly name: string;
  /** The cdk.tf.json object. */
  readonly json: any;
  /** All stacks synthesized by the same app (stacks deployed to one account). */
  readonly app: readonly SynthStack[];
}

export interface ProviderRule {
  readonly id: string;
  readonly resourceType: string;
  readonly attributes: readonly string[];
  readonly kind: RuleKind;
  readonly phase: RulePhase;
  /** What must hold, in one sentence. */
  readonly rule: string;
  /** Provider file and function/attribute, or the AWS documentation page. */
  readonly source: string;
  /** Set while the library breaks the rule and another change fixes it, e.g. 'fixed by #18 item 1'. */
  readonly status?: string;
  /** The violations of one resource (empty when it complies). */
  readonly check: (resource: SynthResource, stack: SynthStack) => string[];
}

/** Terraform expressions are only known at plan or apply time. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** The values at a dotted path; nested blocks may be synthesized as an object or a list of objects. */
export function valuesAt(body: any, path: string): any[] {
  const keys = path.split('.');
  let current: any[] = [body];
  keys.forEach((key, i) => {
    const next: any[] = [];
    for (const c of current) {
      const v = c?.[key];
      if (v === undefined || v === null) continue;
      if (Array.isArray(v) && i < keys.length - 1) next.push(...v);
      else next.push(v);
    }
    current = next;
  });
  return current;
}

const PROVIDER = 'hashicorp/terraform-provider-aws internal/service';

function known(body: any, path: string): any[] {
  return valuesAt(body, path).flatMap(v => (Array.isArray(v) ? v : [v])).filter(v => !isExpression(v));
}

function isSet(body: any, attr: string): boolean {
  const v = body[attr];
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

interface Base {
  readonly id: string;
  readonly resourceType: string;
  readonly source: string;
  readonly phase?: RulePhase;
  readonly status?: string;
}

function enumRule(b: Base & { attribute: string; values: readonly (string | number)[] }): ProviderRule {
  return {
    id: b.id,
    resourceType: b.resourceType,
    attributes: [b.attribute],
    kind: 'enum',
    phase: b.phase ?? 'plan',
    source: b.source,
    status: b.status,
    rule: `${b.attribute} is one of ${b.values.join(', ')}`,
    check: r => known(r.body, b.attribute).filter(v => !b.values.includes(v)).map(v => `${b.attribute} ${JSON.stringify(v)} is not one of ${b.values.join(', ')}`),
  };
}

function rangeRule(b: Base & { attribute: string; min: number; max: number }): ProviderRule {
  return {
    id: b.id,
    resourceType: b.resourceType,
    attributes: [b.attribute],
    kind: 'range',
    phase: b.phase ?? 'plan',
    source: b.source,
    status: b.status,
    rule: `${b.attribute} is between ${b.min} and ${b.max}`,
    check: r => known(r.body, b.attribute).map(Number).filter(v => !(v >= b.min && v <= b.max)).map(v => `${b.attribute} ${v} is outside ${b.min}..${b.max}`),
  };
}

function nameRule(b: Base & { attribute: string; pattern: RegExp; min?: number; max: number; describe: string }): ProviderRule {
  return {
    id: b.id,
    resourceType: b.resourceType,
    attributes: [b.attribute],
    kind: 'regex',
    phase: b.phase ?? 'plan',
    source: b.source,
    status: b.status,
    rule: `${b.attribute}: ${b.min ?? 1}-${b.max} characters, ${b.describe}`,
    check: r => known(r.body, b.attribute).map(String).flatMap(v => {
      const out: string[] = [];
      if (v.length < (b.min ?? 1) || v.length > b.max) out.push(`${b.attribute} ${JSON.stringify(v)} has ${v.length} characters (allowed ${b.min ?? 1}-${b.max})`);
      if (!b.pattern.test(v)) out.push(`${b.attribute} ${JSON.stringify(v)} does not match ${b.pattern}`);
      return out;
    }),
  };
}

function lengthRule(b: Base & { attribute: string; max: number }): ProviderRule {
  return {
    id: b.id,
    resourceType: b.resourceType,
    attributes: [b.attribute],
    kind: 'length',
    phase: b.phase ?? 'plan',
    source: b.source,
    status: b.status,
    rule: `${b.attribute} has at most ${b.max} characters`,
    check: r => known(r.body, b.attribute).map(String).filter(v => v.length > b.max).map(v => `${b.attribute} has ${v.length} characters (max ${b.max})`),
  };
}

function conflictsRule(b: Base & { attributes: readonly string[] }): ProviderRule {
  return {
    id: b.id,
    resourceType: b.resourceType,
    attributes: b.attributes,
    kind: 'conflicts-with',
    phase: b.phase ?? 'plan',
    source: b.source,
    status: b.status,
    rule: `at most one of ${b.attributes.join(', ')}`,
    check: r => {
      const set = b.attributes.filter(a => isSet(r.body, a));
      return set.length > 1 ? [`${set.join(' and ')} conflict`] : [];
    },
  };
}

function exactlyOneRule(b: Base & { attributes: readonly string[] }): ProviderRule {
  return {
    id: b.id,
    resourceType: b.resourceType,
    attributes: b.attributes,
    kind: 'exactly-one-of',
    phase: b.phase ?? 'plan',
    source: b.source,
    status: b.status,
    rule: `exactly one of ${b.attributes.join(', ')}`,
    check: r => {
      const set = b.attributes.filter(a => isSet(r.body, a));
      return set.length === 1 ? [] : [`${set.length} of ${b.attributes.join(', ')} are set`];
    },
  };
}

function apiRule(b: Base & { attributes: readonly string[]; kind?: RuleKind; rule: string; check: ProviderRule['check'] }): ProviderRule {
  return {
    id: b.id,
    resourceType: b.resourceType,
    attributes: b.attributes,
    kind: b.kind ?? 'api',
    phase: b.phase ?? 'apply',
    source: b.source,
    status: b.status,
    rule: b.rule,
    check: b.check,
  };
}

// ---- helpers for cross-resource rules ----

/** The resource a `${type.name.attr}` expression names, in the same stack. */
export function referenced(stack: SynthStack, expression: unknown, type: string): SynthResource | undefined {
  if (typeof expression !== 'string') return undefined;
  const m = new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)[.\\[}]`).exec(expression);
  if (!m) return undefined;
  const body = stack.json.resource?.[type]?.[m[1]];
  return body ? { type, name: m[1], body } : undefined;
}

export function resourcesOfType(stack: SynthStack, type: string): SynthResource[] {
  return Object.entries<any>(stack.json.resource?.[type] ?? {}).map(([name, body]) => ({ type, name, body }));
}

/** The statements of every inline policy (aws_iam_role_policy + aws_iam_policy_document) of a role. */
export function inlineStatementsOf(stack: SynthStack, role: SynthResource): any[] {
  const statements: any[] = [];
  for (const p of resourcesOfType(stack, 'aws_iam_role_policy')) {
    if (!String(p.body.role).includes(`aws_iam_role.${role.name}.`)) continue;
    const m = /data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json/.exec(String(p.body.policy));
    if (m) statements.push(...(stack.json.data?.aws_iam_policy_document?.[m[1]]?.statement ?? []));
    else if (!isExpression(p.body.policy)) statements.push(...[JSON.parse(p.body.policy).Statement].flat().map(lowerStatement));
  }
  return statements;
}

function lowerStatement(s: any): any {
  return { effect: s.Effect, actions: [s.Action].flat(), resources: [s.Resource].flat() };
}

function attachedPolicyArns(stack: SynthStack, role: SynthResource): string[] {
  return resourcesOfType(stack, 'aws_iam_role_policy_attachment')
    .filter(a => String(a.body.role).includes(`aws_iam_role.${role.name}.`))
    .map(a => String(a.body.policy_arn));
}

/** Rough size of an inline policy as IAM counts it (JSON without whitespace); expressions count as 80 characters, the length of a typical ARN. */
function policySize(statements: any[]): number {
  const doc = {
    Version: '2012-10-17',
    Statement: statements.map(s => ({
      Sid: s.sid,
      Effect: s.effect ?? 'Allow',
      Action: s.actions,
      Resource: s.resources,
      Condition: s.condition,
    })),
  };
  return JSON.stringify(doc).replace(/\$\{[^}]*\}/g, 'x'.repeat(80)).length;
}

/** Container definitions of a task definition, when they are JSON at synth. */
function containers(body: any): any[] | undefined {
  if (typeof body.container_definitions !== 'string') return undefined;
  // Expressions inside strings stay strings in the JSON, so it parses.
  try {
    return JSON.parse(body.container_definitions);
  } catch {
    return undefined;
  }
}

/** The Fargate task sizes AWS supports (vCPU units -> memory MiB). */
export function fargateMemoryAllowed(cpu: number, memory: number): boolean {
  const gib = memory / 1024;
  switch (cpu) {
    case 256: return [512, 1024, 2048].includes(memory);
    case 512: return memory >= 1024 && memory <= 4096 && memory % 1024 === 0;
    case 1024: return memory >= 2048 && memory <= 8192 && memory % 1024 === 0;
    case 2048: return memory >= 4096 && memory <= 16384 && memory % 1024 === 0;
    case 4096: return memory >= 8192 && memory <= 30720 && memory % 1024 === 0;
    case 8192: return gib >= 16 && gib <= 60 && gib % 4 === 0;
    case 16384: return gib >= 32 && gib <= 120 && gib % 8 === 0;
    default: return false;
  }
}

const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** The actions AWSLambdaVPCAccessExecutionRole grants on `*`, which a function in a VPC needs. */
export const LAMBDA_VPC_ACTIONS = [
  'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
];
const IAM_NAME = /^[\w+=,.@-]+$/;

export const PROVIDER_RULES: readonly ProviderRule[] = [
  // ---- network ----
  apiRule({
    id: 'vpc-cidr-size',
    resourceType: 'aws_vpc',
    attributes: ['cidr_block'],
    kind: 'range',
    phase: 'plan',
    source: `${PROVIDER}/ec2/vpc_.go: cidr_block ValidateFunc verify.ValidIPv4CIDRNetworkAddress; Amazon VPC User Guide "VPC CIDR blocks" (/16 to /28)`,
    rule: 'cidr_block is an IPv4 network address with a prefix between /16 and /28',
    check: r => known(r.body, 'cidr_block').flatMap(v => {
      const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(v);
      return m && Number(m[5]) >= 16 && Number(m[5]) <= 28 ? [] : [`cidr_block ${v} is not an IPv4 /16../28 network`];
    }),
  }),
  apiRule({
    id: 'vpc-dns-for-private-endpoints',
    resourceType: 'aws_vpc_endpoint',
    attributes: ['private_dns_enabled', 'aws_vpc.enable_dns_support', 'aws_vpc.enable_dns_hostnames'],
    source: 'AWS PrivateLink Guide "Enable private DNS": private DNS of an interface endpoint needs enableDnsSupport and enableDnsHostnames on the VPC',
    rule: 'an interface endpoint with private_dns_enabled is in a VPC with DNS support and DNS hostnames',
    check: (r, s) => {
      if (r.body.private_dns_enabled !== true) return [];
      const vpc = referenced(s, r.body.vpc_id, 'aws_vpc');
      if (!vpc) return [];
      return vpc.body.enable_dns_support === false || vpc.body.enable_dns_hostnames !== true ? [`VPC ${vpc.name} lacks DNS support or hostnames`] : [];
    },
  }),
  nameRule({
    id: 'subnet-cidr',
    resourceType: 'aws_subnet',
    attribute: 'cidr_block',
    max: 18,
    pattern: /^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-8])$/,
    describe: 'an IPv4 network between /16 and /28',
    source: `${PROVIDER}/ec2/vpc_subnet.go: cidr_block verify.ValidIPv4CIDRNetworkAddress; Amazon VPC User Guide "Subnet CIDR blocks"`,
  }),
  conflictsRule({
    id: 'subnet-az',
    resourceType: 'aws_subnet',
    attributes: ['availability_zone', 'availability_zone_id'],
    source: `${PROVIDER}/ec2/vpc_subnet.go: availability_zone ConflictsWith availability_zone_id`,
  }),
  exactlyOneRule({
    id: 'route-destination',
    resourceType: 'aws_route',
    attributes: ['destination_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id'],
    source: `${PROVIDER}/ec2/vpc_route.go: routeValidDestinations ExactlyOneOf`,
  }),
  exactlyOneRule({
    id: 'route-target',
    resourceType: 'aws_route',
    attributes: ['carrier_gateway_id', 'core_network_arn', 'egress_only_gateway_id', 'gateway_id', 'local_gateway_id', 'nat_gateway_id', 'network_interface_id', 'transit_gateway_id', 'vpc_endpoint_id', 'vpc_peering_connection_id'],
    source: `${PROVIDER}/ec2/vpc_route.go: routeValidTargets ExactlyOneOf`,
  }),
  exactlyOneRule({
    id: 'route-table-association-target',
    resourceType: 'aws_route_table_association',
    attributes: ['subnet_id', 'gateway_id'],
    source: `${PROVIDER}/ec2/vpc_route_table_association.go: subnet_id/gateway_id ExactlyOneOf`,
  }),
  apiRule({
    id: 'route-table-vpc',
    resourceType: 'aws_route_table',
    attributes: ['vpc_id'],
    kind: 'required-with',
    phase: 'plan',
    source: `${PROVIDER}/ec2/vpc_route_table.go: vpc_id Required, ForceNew`,
    rule: 'vpc_id is set (it forces replacement)',
    check: r => (isSet(r.body, 'vpc_id') ? [] : ['vpc_id is missing']),
  }),
  apiRule({
    id: 'internet-gateway-vpc',
    resourceType: 'aws_internet_gateway',
    attributes: ['vpc_id'],
    source: 'Amazon VPC User Guide "Internet gateways": a VPC has at most one internet gateway attached (AttachInternetGateway Resource.AlreadyAssociated)',
    rule: 'at most one internet gateway per VPC',
    check: (r, s) => {
      const same = resourcesOfType(s, 'aws_internet_gateway').filter(o => o.body.vpc_id === r.body.vpc_id);
      return same.length > 1 ? [`${same.length} internet gateways for ${r.body.vpc_id}`] : [];
    },
  }),
  enumRule({
    id: 'eip-domain',
    resourceType: 'aws_eip',
    attribute: 'domain',
    values: ['vpc', 'standard'],
    source: `${PROVIDER}/ec2/ec2_eip.go: domain ValidateDiagFunc enum.Validate[types.DomainType]`,
  }),
  enumRule({
    id: 'nat-connectivity',
    resourceType: 'aws_nat_gateway',
    attribute: 'connectivity_type',
    values: ['private', 'public'],
    source: `${PROVIDER}/ec2/vpc_nat_gateway.go: connectivity_type enum.Validate[types.ConnectivityType]`,
  }),
  apiRule({
    id: 'nat-public-eip',
    resourceType: 'aws_nat_gateway',
    attributes: ['allocation_id', 'connectivity_type', 'subnet_id'],
    source: 'Amazon EC2 API Reference CreateNatGateway: AllocationId is required for a public NAT gateway',
    rule: 'a public NAT gateway has an Elastic IP allocation and a subnet',
    check: r => (r.body.connectivity_type === 'private' || (isSet(r.body, 'allocation_id') && isSet(r.body, 'subnet_id')) ? [] : ['public NAT gateway without allocation_id or subnet_id']),
  }),
  lengthRule({
    id: 'security-group-name-length',
    resourceType: 'aws_security_group',
    attribute: 'name',
    max: 255,
    source: `${PROVIDER}/ec2/vpc_security_group.go: name ValidateFunc validation.StringLenBetween(0, 255)`,
  }),
  nameRule({
    id: 'security-group-description',
    resourceType: 'aws_security_group',
    attribute: 'description',
    max: 255,
    pattern: /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/,
    describe: 'a-zA-Z0-9. _-:/()#,@[]+=&;{}!$* (it forces replacement)',
    source: `${PROVIDER}/ec2/vpc_security_group.go: description StringLenBetween(0, 255), ForceNew; Amazon EC2 API Reference CreateSecurityGroup GroupDescription constraints`,
  }),
  conflictsRule({
    id: 'security-group-name-prefix',
    resourceType: 'aws_security_group',
    attributes: ['name', 'name_prefix'],
    source: `${PROVIDER}/ec2/vpc_security_group.go: name ConflictsWith name_prefix`,
  }),
  apiRule({
    id: 'security-group-no-sg-prefix',
    resourceType: 'aws_security_group',
    attributes: ['name'],
    kind: 'regex',
    source: 'Amazon EC2 API Reference CreateSecurityGroup: GroupName cannot start with sg-',
    rule: 'name does not start with sg-',
    check: r => known(r.body, 'name').filter(v => String(v).startsWith('sg-')).map(v => `name ${v} starts with sg-`),
  }),
  apiRule({
    id: 'default-security-group-empty',
    resourceType: 'aws_default_security_group',
    attributes: ['ingress', 'egress'],
    source: `${PROVIDER}/ec2/vpc_default_security_group.go (adopts and strips the default group's rules); CIS AWS Foundations 5.4`,
    rule: 'the default security group is adopted with no ingress and no egress rules',
    check: r => (isSet(r.body, 'ingress') || isSet(r.body, 'egress') ? ['the default security group keeps rules'] : []),
  }),
  ...['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'].flatMap(type => {
    const short = type.includes('ingress') ? 'ingress' : 'egress';
    return [
      exactlyOneRule({
        id: `${short}-rule-peer`,
        resourceType: type,
        attributes: ['cidr_ipv4', 'cidr_ipv6', 'prefix_list_id', 'referenced_security_group_id'],
        source: `${PROVIDER}/ec2/vpc_security_group_${short}_rule.go: ExactlyOneOf cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_security_group_id`,
      }),
      apiRule({
        id: `${short}-rule-ports`,
        resourceType: type,
        attributes: ['ip_protocol', 'from_port', 'to_port'],
        kind: 'required-with',
        source: 'Amazon EC2 API Reference IpPermission: FromPort and ToPort for tcp and udp (from <= to); ip_protocol -1 means all ports (the provider does not validate ports)',
        rule: 'tcp/udp rules have from_port <= to_port; ip_protocol "-1" has no ports',
        check: r => {
          const p = String(r.body.ip_protocol);
          if (p === '-1' || p === 'all') return isSet(r.body, 'from_port') || isSet(r.body, 'to_port') ? ['ports set with ip_protocol -1'] : [];
          if (['tcp', 'udp', '6', '17'].includes(p)) {
            if (!isSet(r.body, 'from_port') || !isSet(r.body, 'to_port')) return [`${p} rule without ports`];
            if (!isExpression(r.body.from_port) && Number(r.body.from_port) > Number(r.body.to_port)) return ['from_port > to_port'];
          }
          return [];
        },
      }),
      lengthRule({
        id: `${short}-rule-description`,
        resourceType: type,
        attribute: 'description',
        max: 255,
        source: 'Amazon EC2 API Reference IpRange/UserIdGroupPair Description: up to 255 characters',
      }),
    ];
  }),
  enumRule({
    id: 'vpc-endpoint-type',
    resourceType: 'aws_vpc_endpoint',
    attribute: 'vpc_endpoint_type',
    values: ['Gateway', 'GatewayLoadBalancer', 'Interface', 'Resource', 'ServiceNetwork'],
    source: `${PROVIDER}/ec2/vpc_endpoint.go: vpc_endpoint_type enum.Validate[awstypes.VpcEndpointType]`,
  }),
  apiRule({
    id: 'vpc-endpoint-gateway-shape',
    resourceType: 'aws_vpc_endpoint',
    attributes: ['vpc_endpoint_type', 'route_table_ids', 'subnet_ids', 'security_group_ids', 'private_dns_enabled'],
    source: 'Amazon EC2 API Reference CreateVpcEndpoint: RouteTableIds for Gateway endpoints only; SubnetIds, SecurityGroupIds and PrivateDnsEnabled for Interface endpoints only',
    rule: 'gateway endpoints take route tables and no subnets, security groups or private DNS; interface endpoints take subnets and no route tables',
    check: r => {
      const gateway = r.body.vpc_endpoint_type === 'Gateway' || r.body.vpc_endpoint_type === undefined;
      if (gateway) return ['subnet_ids', 'security_group_ids', 'private_dns_enabled'].filter(a => isSet(r.body, a)).map(a => `gateway endpoint sets ${a}`);
      return isSet(r.body, 'route_table_ids') ? ['interface endpoint sets route_table_ids'] : [];
    },
  }),
  exactlyOneRule({
    id: 'flow-log-source',
    resourceType: 'aws_flow_log',
    attributes: ['eni_id', 'subnet_id', 'transit_gateway_attachment_id', 'transit_gateway_id', 'vpc_id'],
    source: `${PROVIDER}/ec2/vpc_flow_log.go: ExactlyOneOf eni_id, subnet_id, transit_gateway_attachment_id, transit_gateway_id, vpc_id`,
  }),
  enumRule({
    id: 'flow-log-traffic-type',
    resourceType: 'aws_flow_log',
    attribute: 'traffic_type',
    values: ['ACCEPT', 'REJECT', 'ALL'],
    source: `${PROVIDER}/ec2/vpc_flow_log.go: traffic_type enum.Validate[awstypes.TrafficType]`,
  }),
  enumRule({
    id: 'flow-log-aggregation',
    resourceType: 'aws_flow_log',
    attribute: 'max_aggregation_interval',
    values: [60, 600],
    source: `${PROVIDER}/ec2/vpc_flow_log.go: max_aggregation_interval validation.IntInSlice([]int{60, 600})`,
  }),
  apiRule({
    id: 'flow-log-cloudwatch-role',
    resourceType: 'aws_flow_log',
    attributes: ['log_destination_type', 'iam_role_arn'],
    kind: 'required-with',
    source: 'Amazon EC2 API Reference CreateFlowLogs: DeliverLogsPermissionArn is required when publishing to CloudWatch Logs',
    rule: 'flow logs to CloudWatch Logs have iam_role_arn',
    check: r => ((r.body.log_destination_type ?? 'cloud-watch-logs') === 'cloud-watch-logs' && !isSet(r.body, 'iam_role_arn') ? ['cloud-watch-logs destination without iam_role_arn'] : []),
  }),

  // ---- keys, logs, secrets ----
  rangeRule({
    id: 'kms-deletion-window',
    resourceType: 'aws_kms_key',
    attribute: 'deletion_window_in_days',
    min: 7,
    max: 30,
    source: `${PROVIDER}/kms/key.go: deletion_window_in_days validation.IntBetween(7, 30)`,
  }),
  rangeRule({
    id: 'kms-rotation-period',
    resourceType: 'aws_kms_key',
    attribute: 'rotation_period_in_days',
    min: 90,
    max: 2560,
    source: `${PROVIDER}/kms/key.go: rotation_period_in_days validation.IntBetween(90, 2560)`,
  }),
  apiRule({
    id: 'kms-rotation-symmetric',
    resourceType: 'aws_kms_key',
    attributes: ['enable_key_rotation', 'customer_master_key_spec', 'rotation_period_in_days'],
    kind: 'required-with',
    source: 'AWS KMS API Reference EnableKeyRotation: only symmetric encryption keys; rotation_period_in_days needs enable_key_rotation (kms/key.go RequiredWith)',
    rule: 'rotation is enabled only on SYMMETRIC_DEFAULT keys, and a rotation period only with rotation enabled',
    check: r => {
      const out: string[] = [];
      if (r.body.enable_key_rotation === true && (r.body.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT') out.push('rotation on an asymmetric key');
      if (isSet(r.body, 'rotation_period_in_days') && r.body.enable_key_rotation !== true) out.push('rotation_period_in_days without enable_key_rotation');
      return out;
    },
  }),
  lengthRule({
    id: 'kms-description',
    resourceType: 'aws_kms_key',
    attribute: 'description',
    max: 8192,
    source: `${PROVIDER}/kms/key.go: description validation.StringLenBetween(0, 8192)`,
  }),
  apiRule({
    id: 'kms-policy-size',
    resourceType: 'aws_kms_key',
    attributes: ['policy'],
    kind: 'length',
    source: 'AWS KMS Developer Guide "Key policy document size": 32 KiB',
    rule: 'the key policy is at most 32,768 bytes',
    check: r => (typeof r.body.policy === 'string' && r.body.policy.length > 32768 ? [`policy has ${r.body.policy.length} characters`] : []),
  }),
  nameRule({
    id: 'kms-alias-name',
    resourceType: 'aws_kms_alias',
    attribute: 'name',
    max: 256,
    pattern: /^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/,
    describe: 'alias/ then a-zA-Z0-9/_-, not alias/aws/',
    source: `${PROVIDER}/kms/validate.go: validNameForResource (name ForceNew)`,
  }),
  nameRule({
    id: 'log-group-name',
    resourceType: 'aws_cloudwatch_log_group',
    attribute: 'name',
    max: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    describe: '.-_/#A-Za-z0-9',
    source: `${PROVIDER}/logs/group.go: name validLogGroupName`,
  }),
  enumRule({
    id: 'log-group-retention',
    resourceType: 'aws_cloudwatch_log_group',
    attribute: 'retention_in_days',
    values: LOG_RETENTION_DAYS,
    source: `${PROVIDER}/logs/group.go: retention_in_days validation.IntInSlice(...)`,
  }),
  enumRule({
    id: 'log-group-class',
    resourceType: 'aws_cloudwatch_log_group',
    attribute: 'log_group_class',
    values: ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'],
    source: `${PROVIDER}/logs/group.go: log_group_class enum.Validate[types.LogGroupClass] (ForceNew)`,
  }),
  nameRule({
    id: 'secret-name',
    resourceType: 'aws_secretsmanager_secret',
    attribute: 'name',
    max: 512,
    pattern: /^[\w/+=.@-]+$/,
    describe: 'letters, digits and /_+=.@-',
    source: `${PROVIDER}/secretsmanager/validate.go: validSecretName`,
  }),
  apiRule({
    id: 'secret-recovery-window',
    resourceType: 'aws_secretsmanager_secret',
    attributes: ['recovery_window_in_days'],
    kind: 'range',
    phase: 'plan',
    source: `${PROVIDER}/secretsmanager/secret.go: recovery_window_in_days validation.Any(IntBetween(7, 30), IntInSlice([]int{0}))`,
    rule: 'recovery_window_in_days is 0 or between 7 and 30',
    check: r => known(r.body, 'recovery_window_in_days').filter(v => !(v === 0 || (v >= 7 && v <= 30))).map(v => `recovery_window_in_days ${v}`),
  }),
  conflictsRule({
    id: 'secret-name-prefix',
    resourceType: 'aws_secretsmanager_secret',
    attributes: ['name', 'name_prefix'],
    source: `${PROVIDER}/secretsmanager/secret.go: name ConflictsWith name_prefix`,
  }),

  // ---- database ----
  nameRule({
    id: 'db-identifier',
    resourceType: 'aws_db_instance',
    attribute: 'identifier',
    max: 63,
    pattern: /^[a-z][0-9a-z-]*$/,
    describe: 'starts with a letter, lowercase letters, digits and hyphens',
    source: `${PROVIDER}/rds/instance.go: identifier ValidateFunc validIdentifier`,
  }),
  apiRule({
    id: 'db-identifier-hyphens',
    resourceType: 'aws_db_instance',
    attributes: ['identifier'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/rds/validate.go: validIdentifier (no two consecutive hyphens, no hyphen at the end)`,
    rule: 'identifier has no "--" and does not end with "-"',
    check: r => known(r.body, 'identifier').filter(v => /--|-$/.test(v)).map(v => `identifier ${v}`),
  }),
  conflictsRule({
    id: 'db-identifier-prefix',
    resourceType: 'aws_db_instance',
    attributes: ['identifier', 'identifier_prefix'],
    source: `${PROVIDER}/rds/instance.go: identifier ConflictsWith identifier_prefix`,
  }),
  rangeRule({
    id: 'db-backup-retention',
    resourceType: 'aws_db_instance',
    attribute: 'backup_retention_period',
    min: 0,
    max: 35,
    source: `${PROVIDER}/rds/instance.go: backup_retention_period validation.IntBetween(0, 35)`,
  }),
  enumRule({
    id: 'db-monitoring-interval',
    resourceType: 'aws_db_instance',
    attribute: 'monitoring_interval',
    values: [0, 1, 5, 10, 15, 30, 60],
    source: `${PROVIDER}/rds/instance.go: monitoring_interval validation.IntInSlice([]int{0, 1, 5, 10, 15, 30, 60})`,
  }),
  apiRule({
    id: 'db-monitoring-role',
    resourceType: 'aws_db_instance',
    attributes: ['monitoring_interval', 'monitoring_role_arn'],
    kind: 'required-with',
    source: 'Amazon RDS API Reference CreateDBInstance: MonitoringRoleArn is required when MonitoringInterval is not 0',
    rule: 'monitoring_interval > 0 comes with monitoring_role_arn',
    check: r => (Number(r.body.monitoring_interval ?? 0) > 0 && !isSet(r.body, 'monitoring_role_arn') ? ['enhanced monitoring without a role'] : []),
  }),
  apiRule({
    id: 'db-performance-insights-retention',
    resourceType: 'aws_db_instance',
    attributes: ['performance_insights_retention_period'],
    kind: 'enum',
    source: 'Amazon RDS API Reference CreateDBInstance PerformanceInsightsRetentionPeriod: 7, 31 x months (1-23) or 731 (the provider does not validate it: rds/instance.go)',
    rule: 'performance_insights_retention_period is 7, 731 or 31 x 1..23',
    check: r => known(r.body, 'performance_insights_retention_period').filter(v => !(v === 7 || v === 731 || (v % 31 === 0 && v >= 31 && v <= 713))).map(v => `retention ${v}`),
  }),
  enumRule({
    id: 'db-storage-type',
    resourceType: 'aws_db_instance',
    attribute: 'storage_type',
    values: ['standard', 'gp2', 'gp3', 'io1', 'io2'],
    source: `${PROVIDER}/rds/instance.go: storage_type validation.StringInSlice(instanceStorageType_Values())`,
  }),
  apiRule({
    id: 'db-password-source',
    resourceType: 'aws_db_instance',
    attributes: ['manage_master_user_password', 'password', 'password_wo'],
    kind: 'conflicts-with',
    phase: 'plan',
    source: `${PROVIDER}/rds/instance.go: manage_master_user_password ConflictsWith password, password_wo`,
    rule: 'the password is either managed by RDS (Secrets Manager) or given, not both',
    check: r => (r.body.manage_master_user_password === true && (isSet(r.body, 'password') || isSet(r.body, 'password_wo')) ? ['managed and explicit password'] : []),
  }),
  apiRule({
    id: 'db-kms-needs-encryption',
    resourceType: 'aws_db_instance',
    attributes: ['kms_key_id', 'storage_encrypted'],
    kind: 'required-with',
    source: 'Amazon RDS API Reference CreateDBInstance: KmsKeyId requires StorageEncrypted',
    rule: 'kms_key_id comes with storage_encrypted = true',
    check: r => (isSet(r.body, 'kms_key_id') && r.body.storage_encrypted !== true ? ['kms_key_id without storage_encrypted'] : []),
  }),
  apiRule({
    id: 'db-storage-autoscaling',
    resourceType: 'aws_db_instance',
    attributes: ['allocated_storage', 'max_allocated_storage'],
    kind: 'range',
    source: 'Amazon RDS User Guide "Managing capacity automatically with storage autoscaling": the maximum storage threshold must be at least 10% more than the allocated storage',
    rule: 'max_allocated_storage is 0 or at least 10% above allocated_storage',
    check: r => {
      const a = Number(r.body.allocated_storage); const m = Number(r.body.max_allocated_storage ?? 0);
      return m === 0 || isExpression(r.body.max_allocated_storage) || m >= Math.ceil(a * 1.1) ? [] : [`max_allocated_storage ${m} < 110% of ${a}`];
    },
  }),
  apiRule({
    id: 'db-postgres-name',
    resourceType: 'aws_db_instance',
    attributes: ['db_name', 'username'],
    kind: 'regex',
    source: 'Amazon RDS API Reference CreateDBInstance DBName and MasterUsername (PostgreSQL): 1-63 letters, digits or underscores, starting with a letter; not a reserved word (rdsadmin, postgres may not be the master user name for names such as "admin")',
    rule: 'db_name and username are 1-63 letters, digits or underscores starting with a letter; username is not rdsadmin',
    check: r => ['db_name', 'username'].flatMap(a => known(r.body, a).filter(v => !/^[A-Za-z]\w{0,62}$/.test(v) || v === 'rdsadmin').map(v => `${a} ${v}`)),
  }),
  apiRule({
    id: 'db-final-snapshot',
    resourceType: 'aws_db_instance',
    attributes: ['skip_final_snapshot', 'final_snapshot_identifier'],
    kind: 'required-with',
    phase: 'destroy',
    source: `${PROVIDER}/rds/instance.go: resourceInstanceDelete ("final_snapshot_identifier is required when skip_final_snapshot is false")`,
    rule: 'skip_final_snapshot = false comes with final_snapshot_identifier, or destroy fails',
    check: r => (r.body.skip_final_snapshot !== true && !isSet(r.body, 'final_snapshot_identifier') ? ['destroy needs final_snapshot_identifier'] : []),
  }),
  apiRule({
    id: 'db-multi-az-no-az',
    resourceType: 'aws_db_instance',
    attributes: ['multi_az', 'availability_zone'],
    kind: 'conflicts-with',
    source: 'Amazon RDS API Reference CreateDBInstance: AvailabilityZone cannot be set when MultiAZ is true',
    rule: 'a Multi-AZ instance does not pin availability_zone',
    check: r => (r.body.multi_az === true && isSet(r.body, 'availability_zone') ? ['availability_zone with multi_az'] : []),
  }),
  apiRule({
    id: 'db-parameter-group-name',
    resourceType: 'aws_db_parameter_group',
    attributes: ['name', 'name_prefix'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/rds/validate.go: validParamGroupName / validParamGroupNamePrefix (name ConflictsWith name_prefix)`,
    rule: 'name (or name_prefix) is lowercase letters, digits and hyphens, starts with a letter, at most 255 (prefix 229) characters; not both',
    check: r => {
      const out: string[] = [];
      if (isSet(r.body, 'name') && isSet(r.body, 'name_prefix')) out.push('name and name_prefix conflict');
      for (const [a, max] of [['name', 255], ['name_prefix', 229]] as const) {
        for (const v of known(r.body, a)) if (!/^[a-z][0-9a-z-]*$/.test(v) || v.length > max || (a === 'name' && /--|-$/.test(v))) out.push(`${a} ${v}`);
      }
      return out;
    },
  }),
  apiRule({
    id: 'db-parameter-apply-method',
    resourceType: 'aws_db_parameter_group',
    attributes: ['parameter.apply_method'],
    kind: 'enum',
    phase: 'plan',
    source: `${PROVIDER}/rds/parameter_group.go: parameter.apply_method enum immediate, pending-reboot`,
    rule: 'parameter.apply_method is immediate or pending-reboot',
    check: r => known(r.body, 'parameter.apply_method').filter(v => !['immediate', 'pending-reboot'].includes(v)).map(v => `apply_method ${v}`),
  }),
  apiRule({
    id: 'db-subnet-group',
    resourceType: 'aws_db_subnet_group',
    attributes: ['name', 'subnet_ids'],
    kind: 'regex',
    source: `${PROVIDER}/rds/validate.go: validSubnetGroupName; Amazon RDS User Guide "Working with DB subnet groups" (subnets in at least two AZs)`,
    rule: 'name is lowercase letters, digits, spaces, dots, underscores and hyphens, not "default"; at least two subnets',
    check: r => {
      const out = known(r.body, 'name').filter(v => !/^[ .0-9a-z_-]+$/.test(v) || v === 'default' || v.length > 255).map(v => `name ${v}`);
      if (Array.isArray(r.body.subnet_ids) && r.body.subnet_ids.length < 2) out.push('fewer than two subnets');
      return out;
    },
  }),

  // ---- queues and tables ----
  apiRule({
    id: 'sqs-name',
    resourceType: 'aws_sqs_queue',
    attributes: ['name', 'fifo_queue'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/sqs/queue.go: resourceQueueCustomizeDiff (1-80 alphanumerics, hyphens, underscores; .fifo suffix for FIFO queues)`,
    rule: 'name is 1-80 characters of A-Za-z0-9_- (plus .fifo for FIFO queues)',
    check: r => known(r.body, 'name').flatMap(v => {
      const re = r.body.fifo_queue === true ? /^[\w-]{1,75}\.fifo$/ : /^[\w-]{1,80}$/;
      return re.test(v) ? [] : [`name ${v}`];
    }),
  }),
  rangeRule({
    id: 'sqs-retention',
    resourceType: 'aws_sqs_queue',
    attribute: 'message_retention_seconds',
    min: 60,
    max: 1209600,
    source: `${PROVIDER}/sqs/queue.go (queueSchema): message_retention_seconds validation.IntBetween(60, 1209600)`,
  }),
  rangeRule({
    id: 'sqs-visibility',
    resourceType: 'aws_sqs_queue',
    attribute: 'visibility_timeout_seconds',
    min: 0,
    max: 43200,
    source: `${PROVIDER}/sqs/queue.go (queueSchema): visibility_timeout_seconds validation.IntBetween(0, 43200)`,
  }),
  rangeRule({
    id: 'sqs-wait',
    resourceType: 'aws_sqs_queue',
    attribute: 'receive_wait_time_seconds',
    min: 0,
    max: 20,
    source: `${PROVIDER}/sqs/queue.go (queueSchema): receive_wait_time_seconds validation.IntBetween(0, 20)`,
  }),
  rangeRule({
    id: 'sqs-delay',
    resourceType: 'aws_sqs_queue',
    attribute: 'delay_seconds',
    min: 0,
    max: 900,
    source: `${PROVIDER}/sqs/queue.go (queueSchema): delay_seconds validation.IntBetween(0, 900)`,
  }),
  conflictsRule({
    id: 'sqs-encryption',
    resourceType: 'aws_sqs_queue',
    attributes: ['kms_master_key_id', 'sqs_managed_sse_enabled'],
    source: `${PROVIDER}/sqs/queue.go (queueSchema): kms_master_key_id ConflictsWith sqs_managed_sse_enabled`,
  }),
  apiRule({
    id: 'sqs-redrive',
    resourceType: 'aws_sqs_queue',
    attributes: ['redrive_policy'],
    kind: 'range',
    source: 'Amazon SQS Developer Guide "Using dead-letter queues": maxReceiveCount between 1 and 1,000',
    rule: 'redrive_policy.maxReceiveCount is between 1 and 1000',
    check: r => {
      if (typeof r.body.redrive_policy !== 'string') return [];
      const m = /"maxReceiveCount":\s*"?(\d+)/.exec(r.body.redrive_policy);
      return m && (Number(m[1]) < 1 || Number(m[1]) > 1000) ? [`maxReceiveCount ${m[1]}`] : [];
    },
  }),
  apiRule({
    id: 'sqs-queue-policy-target',
    resourceType: 'aws_sqs_queue_policy',
    attributes: ['queue_url', 'policy'],
    kind: 'required-with',
    phase: 'plan',
    source: `${PROVIDER}/sqs/queue_policy.go: queue_url Required ForceNew, policy Required`,
    rule: 'queue_url and policy are set',
    check: r => ['queue_url', 'policy'].filter(a => !isSet(r.body, a)).map(a => `${a} missing`),
  }),
  nameRule({
    id: 'dynamodb-name',
    resourceType: 'aws_dynamodb_table',
    attribute: 'name',
    min: 3,
    max: 255,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    describe: 'a-zA-Z0-9_.-',
    source: 'Amazon DynamoDB Developer Guide "Naming rules" (table names 3-255 characters)',
  }),
  enumRule({
    id: 'dynamodb-billing',
    resourceType: 'aws_dynamodb_table',
    attribute: 'billing_mode',
    values: ['PROVISIONED', 'PAY_PER_REQUEST'],
    source: `${PROVIDER}/dynamodb/table.go: billing_mode enum.Validate[awstypes.BillingMode]`,
  }),
  apiRule({
    id: 'dynamodb-attributes-indexed',
    resourceType: 'aws_dynamodb_table',
    attributes: ['attribute', 'hash_key', 'range_key'],
    kind: 'api',
    phase: 'plan',
    source: `${PROVIDER}/dynamodb/table.go: validateTableAttributes ("all attributes must be indexed"); attribute.type enum S, N, B`,
    rule: 'every attribute is a key of the table or of an index, hash_key is an attribute, attribute types are S, N or B',
    check: r => {
      const attrs = valuesAt(r.body, 'attribute').flat();
      const keys = new Set([r.body.hash_key, r.body.range_key,
        ...valuesAt(r.body, 'global_secondary_index').flat().flatMap((i: any) => [i.hash_key, i.range_key]),
        ...valuesAt(r.body, 'local_secondary_index').flat().map((i: any) => i.range_key)].filter(Boolean));
      const out = attrs.filter((a: any) => !keys.has(a.name)).map((a: any) => `attribute ${a.name} is not indexed`);
      out.push(...attrs.filter((a: any) => !['S', 'N', 'B'].includes(a.type)).map((a: any) => `attribute ${a.name} type ${a.type}`));
      if (!attrs.some((a: any) => a.name === r.body.hash_key)) out.push(`hash_key ${r.body.hash_key} is not an attribute`);
      return out;
    },
  }),
  apiRule({
    id: 'dynamodb-on-demand-capacity',
    resourceType: 'aws_dynamodb_table',
    attributes: ['billing_mode', 'read_capacity', 'write_capacity'],
    kind: 'conflicts-with',
    phase: 'plan',
    source: `${PROVIDER}/dynamodb/table.go: CustomizeDiff (read/write capacity only with PROVISIONED)`,
    rule: 'PAY_PER_REQUEST tables set no read_capacity or write_capacity',
    check: r => (r.body.billing_mode === 'PAY_PER_REQUEST' ? ['read_capacity', 'write_capacity'].filter(a => Number(r.body[a] ?? 0) > 0).map(a => `${a} with PAY_PER_REQUEST`) : []),
  }),

  // ---- IAM ----
  nameRule({
    id: 'iam-role-name',
    resourceType: 'aws_iam_role',
    attribute: 'name',
    max: 64,
    pattern: IAM_NAME,
    describe: 'letters, digits and +=,.@_-',
    source: `${PROVIDER}/iam/role.go: name validResourceName(roleNameMaxLen = 64)`,
  }),
  rangeRule({
    id: 'iam-role-session',
    resourceType: 'aws_iam_role',
    attribute: 'max_session_duration',
    min: 3600,
    max: 43200,
    source: `${PROVIDER}/iam/role.go: max_session_duration validation.IntBetween(3600, 43200)`,
  }),
  lengthRule({
    id: 'iam-role-description',
    resourceType: 'aws_iam_role',
    attribute: 'description',
    max: 1000,
    source: `${PROVIDER}/iam/role.go: description validation.StringLenBetween(0, 1000)`,
  }),
  apiRule({
    id: 'iam-role-inline-size',
    resourceType: 'aws_iam_role',
    attributes: ['aws_iam_role_policy.policy'],
    kind: 'length',
    source: 'IAM User Guide "IAM and AWS STS quotas": the inline policies of a role total at most 10,240 characters (whitespace not counted)',
    rule: "the role's inline policies total at most 10,240 characters (expressions counted as 80)",
    check: (r, s) => {
      const size = policySize(inlineStatementsOf(s, r));
      return size > 10240 ? [`inline policies ~${size} characters`] : [];
    },
  }),
  nameRule({
    id: 'iam-role-policy-name',
    resourceType: 'aws_iam_role_policy',
    attribute: 'name',
    max: 128,
    pattern: IAM_NAME,
    describe: 'letters, digits and +=,.@_-',
    source: `${PROVIDER}/iam/role_policy.go: name validResourceName(rolePolicyNameMaxLen = 128)`,
  }),
  apiRule({
    id: 'iam-attachment-arn',
    resourceType: 'aws_iam_role_policy_attachment',
    attributes: ['policy_arn'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/iam/role_policy_attachment.go: policy_arn verify.ValidARN`,
    rule: 'policy_arn is an IAM policy ARN',
    check: r => known(r.body, 'policy_arn').filter(v => !/^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/.+$/.test(v)).map(v => `policy_arn ${v}`),
  }),
  apiRule({
    id: 'oidc-provider-url',
    resourceType: 'aws_iam_openid_connect_provider',
    attributes: ['url', 'client_id_list'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/iam/openid_connect_provider.go: url validOpenIDURL (https), client_id_list items StringLenBetween(1, 255)`,
    rule: 'url is https:// without a query; every client ID is 1-255 characters',
    check: r => [
      ...known(r.body, 'url').filter(v => !/^https:\/\/[^?#]+$/.test(v)).map(v => `url ${v}`),
      ...known(r.body, 'client_id_list').filter(v => String(v).length < 1 || String(v).length > 255).map(v => `client id ${v}`),
    ],
  }),
  apiRule({
    id: 'oidc-provider-once-per-account',
    resourceType: 'aws_iam_openid_connect_provider',
    attributes: ['url'],
    status: 'fixed by #18 item 3',
    source: 'IAM API Reference CreateOpenIDConnectProvider: EntityAlreadyExists when a provider for the URL exists in the account',
    rule: 'an app creates at most one provider per URL across its stacks (one account)',
    check: (r, s) => {
      const same = s.app.flatMap(st => resourcesOfType(st, 'aws_iam_openid_connect_provider').map(p => ({ st: st.name, p })))
        .filter(x => x.p.body.url === r.body.url);
      return same.length > 1 ? [`${same.length} providers for ${r.body.url} in ${same.map(x => x.st).join(', ')}`] : [];
    },
  }),

  // ---- Lambda ----
  nameRule({
    id: 'lambda-name',
    resourceType: 'aws_lambda_function',
    attribute: 'function_name',
    max: 64,
    pattern: /^[a-zA-Z0-9_-]+$/,
    describe: 'a-zA-Z0-9_- (it forces replacement)',
    source: `${PROVIDER}/lambda/function.go: function_name validFunctionName`,
  }),
  enumRule({
    id: 'lambda-runtime',
    resourceType: 'aws_lambda_function',
    attribute: 'runtime',
    values: ['nodejs22.x', 'nodejs24.x'],
    source: `${PROVIDER}/lambda/function.go: runtime enum.Validate[awstypes.Runtime]; Lambda Developer Guide "Lambda runtimes" (supported Node.js runtimes)`,
  }),
  rangeRule({
    id: 'lambda-timeout',
    resourceType: 'aws_lambda_function',
    attribute: 'timeout',
    min: 1,
    max: 900,
    source: 'Lambda Developer Guide "Lambda quotas": timeout 900 seconds',
  }),
  rangeRule({
    id: 'lambda-memory',
    resourceType: 'aws_lambda_function',
    attribute: 'memory_size',
    min: 128,
    max: 10240,
    source: `${PROVIDER}/lambda/function.go: memory_size validation.IntBetween(128, 10240)`,
  }),
  enumRule({
    id: 'lambda-architecture',
    resourceType: 'aws_lambda_function',
    attribute: 'architectures',
    values: ['x86_64', 'arm64'],
    source: `${PROVIDER}/lambda/function.go: architectures enum.Validate[awstypes.Architecture]`,
  }),
  enumRule({
    id: 'lambda-log-format',
    resourceType: 'aws_lambda_function',
    attribute: 'logging_config.log_format',
    values: ['JSON', 'Text'],
    source: `${PROVIDER}/lambda/function.go: logging_config.log_format enum.Validate[awstypes.LogFormat]`,
  }),
  apiRule({
    id: 'lambda-vpc-config',
    resourceType: 'aws_lambda_function',
    attributes: ['vpc_config.subnet_ids', 'vpc_config.security_group_ids'],
    kind: 'required-with',
    source: 'Lambda API Reference VpcConfig: SubnetIds and SecurityGroupIds are given together',
    rule: 'vpc_config has both subnet_ids and security_group_ids',
    check: r => {
      const v = [r.body.vpc_config].flat()[0];
      return v && (!isSet(v, 'subnet_ids') || !isSet(v, 'security_group_ids')) ? ['vpc_config without subnets or security groups'] : [];
    },
  }),
  apiRule({
    id: 'lambda-vpc-permissions',
    resourceType: 'aws_lambda_function',
    attributes: ['vpc_config', 'role'],
    status: 'fixed by #18 item 1',
    source: 'Lambda Developer Guide "Giving Lambda functions access to resources in an Amazon VPC" (Required IAM permissions; AWSLambdaVPCAccessExecutionRole grants them on *); terraform-provider-aws issue #20698',
    rule: `a function in a VPC has ${LAMBDA_VPC_ACTIONS.join(', ')} on "*" (inline or through AWSLambdaVPCAccessExecutionRole)`,
    check: (r, s) => {
      if (!r.body.vpc_config) return [];
      const role = referenced(s, r.body.role, 'aws_iam_role');
      if (!role) return [];
      if (attachedPolicyArns(s, role).some(a => a.endsWith(':policy/service-role/AWSLambdaVPCAccessExecutionRole'))) return [];
      const statements = inlineStatementsOf(s, role).filter(st => (st.effect ?? 'Allow') === 'Allow');
      return LAMBDA_VPC_ACTIONS
        .filter(action => !statements.some(st => (st.actions ?? []).includes(action) && (st.resources ?? []).includes('*')))
        .map(action => `${action} is not granted on "*"`);
    },
  }),
  apiRule({
    id: 'lambda-reserved-concurrency',
    resourceType: 'aws_lambda_function',
    attributes: ['reserved_concurrent_executions'],
    status: 'fixed by #18 item 2',
    source: 'Lambda Developer Guide "Configuring reserved concurrency" (100 unreserved executions are kept per account; new accounts may have a concurrency quota below 1,000); Lambda API Reference PutFunctionConcurrency',
    rule: 'functions reserve no concurrency by default (a fresh account with a low quota refuses PutFunctionConcurrency)',
    check: r => (Number(r.body.reserved_concurrent_executions ?? -1) > 0 ? [`reserves ${r.body.reserved_concurrent_executions}`] : []),
  }),
  nameRule({
    id: 'lambda-permission-statement',
    resourceType: 'aws_lambda_permission',
    attribute: 'statement_id',
    max: 100,
    pattern: /^[a-zA-Z0-9_-]+$/,
    describe: 'a-zA-Z0-9_-',
    source: `${PROVIDER}/lambda/permission.go: statement_id validPolicyStatementID`,
  }),
  apiRule({
    id: 'lambda-permission-action',
    resourceType: 'aws_lambda_permission',
    attributes: ['action', 'principal'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/lambda/permission.go: action validPermissionAction (lambda:[*A-Za-z]+)`,
    rule: 'action is lambda:<Action>; a principal is set',
    check: r => [...known(r.body, 'action').filter(v => !/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(v)).map(v => `action ${v}`),
      ...(isSet(r.body, 'principal') ? [] : ['principal missing'])],
  }),
  apiRule({
    id: 'event-source-sqs-batch',
    resourceType: 'aws_lambda_event_source_mapping',
    attributes: ['batch_size', 'maximum_batching_window_in_seconds'],
    kind: 'range',
    source: 'Lambda API Reference CreateEventSourceMapping: for SQS, BatchSize 1-10,000; above 10 needs MaximumBatchingWindowInSeconds >= 1',
    rule: 'an SQS batch_size is 1-10000, and above 10 only with a batching window',
    check: r => {
      const b = Number(r.body.batch_size ?? 10);
      if (b < 1 || b > 10000) return [`batch_size ${b}`];
      return b > 10 && Number(r.body.maximum_batching_window_in_seconds ?? 0) < 1 ? [`batch_size ${b} without a batching window`] : [];
    },
  }),
  apiRule({
    id: 'event-source-max-concurrency',
    resourceType: 'aws_lambda_event_source_mapping',
    attributes: ['scaling_config.maximum_concurrency'],
    kind: 'range',
    phase: 'plan',
    source: `${PROVIDER}/lambda/event_source_mapping.go: scaling_config.maximum_concurrency validation.IntAtLeast(2); Lambda API Reference ScalingConfig MaximumConcurrency (2-1000)`,
    rule: 'scaling_config.maximum_concurrency is between 2 and 1000',
    check: r => known(r.body, 'scaling_config.maximum_concurrency').filter(v => v < 2 || v > 1000).map(v => `maximum_concurrency ${v}`),
  }),
  enumRule({
    id: 'event-source-response-types',
    resourceType: 'aws_lambda_event_source_mapping',
    attribute: 'function_response_types',
    values: ['ReportBatchItemFailures'],
    source: `${PROVIDER}/lambda/event_source_mapping.go: function_response_types enum.Validate[awstypes.FunctionResponseType]`,
  }),
  apiRule({
    id: 'event-source-visibility-timeout',
    resourceType: 'aws_lambda_event_source_mapping',
    attributes: ['event_source_arn', 'aws_sqs_queue.visibility_timeout_seconds', 'aws_lambda_function.timeout'],
    source: 'Lambda Developer Guide "Using Lambda with Amazon SQS": CreateEventSourceMapping fails when the queue visibility timeout is below the function timeout (AWS recommends 6x)',
    rule: "the queue's visibility timeout is at least the function's timeout",
    check: (r, s) => {
      const queue = referenced(s, r.body.event_source_arn, 'aws_sqs_queue');
      const fn = referenced(s, r.body.function_name, 'aws_lambda_function');
      if (!queue || !fn) return [];
      const visibility = Number(queue.body.visibility_timeout_seconds ?? 30); const timeout = Number(fn.body.timeout ?? 3);
      return visibility < timeout ? [`visibility timeout ${visibility} s < function timeout ${timeout} s`] : [];
    },
  }),

  // ---- API Gateway, EventBridge, CloudWatch ----
  enumRule({
    id: 'http-api-protocol',
    resourceType: 'aws_apigatewayv2_api',
    attribute: 'protocol_type',
    values: ['HTTP', 'WEBSOCKET'],
    source: `${PROVIDER}/apigatewayv2/api.go: protocol_type enum.Validate[awstypes.ProtocolType] (ForceNew)`,
  }),
  lengthRule({
    id: 'http-api-name',
    resourceType: 'aws_apigatewayv2_api',
    attribute: 'name',
    max: 128,
    source: `${PROVIDER}/apigatewayv2/api.go: name validation.StringLenBetween(1, 128)`,
  }),
  enumRule({
    id: 'http-integration-type',
    resourceType: 'aws_apigatewayv2_integration',
    attribute: 'integration_type',
    values: ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'],
    source: `${PROVIDER}/apigatewayv2/integration.go: integration_type enum.Validate[awstypes.IntegrationType] (ForceNew)`,
  }),
  rangeRule({
    id: 'http-integration-timeout',
    resourceType: 'aws_apigatewayv2_integration',
    attribute: 'timeout_milliseconds',
    min: 50,
    max: 30000,
    source: `${PROVIDER}/apigatewayv2/integration.go: timeout_milliseconds validation.IntBetween(50, 30000)`,
  }),
  enumRule({
    id: 'http-integration-payload',
    resourceType: 'aws_apigatewayv2_integration',
    attribute: 'payload_format_version',
    values: ['1.0', '2.0'],
    source: `${PROVIDER}/apigatewayv2/integration.go: payload_format_version validation.StringInSlice("1.0", "2.0")`,
  }),
  apiRule({
    id: 'http-route-key',
    resourceType: 'aws_apigatewayv2_route',
    attributes: ['route_key', 'authorization_type'],
    kind: 'regex',
    source: 'API Gateway Developer Guide "Routes for HTTP APIs" (METHOD /path or $default); apigatewayv2/route.go authorization_type enum',
    rule: 'route_key is "$default" or "<METHOD> /<path>"; authorization_type is NONE, AWS_IAM, CUSTOM or JWT',
    check: r => [
      ...known(r.body, 'route_key').filter(v => !/^(\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[\w{}+./-]*)$/.test(v)).map(v => `route_key ${v}`),
      ...known(r.body, 'authorization_type').filter(v => !['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'].includes(v)).map(v => `authorization_type ${v}`),
    ],
  }),
  apiRule({
    id: 'http-stage-access-log',
    resourceType: 'aws_apigatewayv2_stage',
    attributes: ['access_log_settings.format'],
    kind: 'required-with',
    source: 'API Gateway Developer Guide "Configure logging for HTTP APIs": the access log format must include $context.requestId or $context.extendedRequestId',
    rule: 'an access log format contains $context.requestId',
    check: r => known(r.body, 'access_log_settings.format').filter(v => !/\$context\.(extendedR|r)equestId/.test(v)).map(() => 'format without $context.requestId'),
  }),
  lengthRule({
    id: 'http-stage-name',
    resourceType: 'aws_apigatewayv2_stage',
    attribute: 'name',
    max: 128,
    source: `${PROVIDER}/apigatewayv2/stage.go: name validation.StringLenBetween(1, 128)`,
  }),
  nameRule({
    id: 'event-rule-name',
    resourceType: 'aws_cloudwatch_event_rule',
    attribute: 'name',
    max: 64,
    pattern: /^[.\-_A-Za-z0-9]+$/,
    describe: '.-_A-Za-z0-9',
    source: `${PROVIDER}/events/validate.go: validateRuleName`,
  }),
  apiRule({
    id: 'event-rule-trigger',
    resourceType: 'aws_cloudwatch_event_rule',
    attributes: ['schedule_expression', 'event_pattern'],
    kind: 'exactly-one-of',
    phase: 'plan',
    source: `${PROVIDER}/events/rule.go: schedule_expression AtLeastOneOf event_pattern; schedule_expression StringLenBetween(0, 256); event_pattern validateEventPatternValue (2048)`,
    rule: 'a rule has a schedule_expression (<= 256 characters) or an event_pattern (<= 4096 characters)',
    check: r => {
      if (!isSet(r.body, 'schedule_expression') && !isSet(r.body, 'event_pattern')) return ['neither schedule_expression nor event_pattern'];
      const out: string[] = [];
      if (typeof r.body.schedule_expression === 'string' && r.body.schedule_expression.length > 256) out.push('schedule_expression too long');
      if (typeof r.body.event_pattern === 'string' && r.body.event_pattern.length > 4096) out.push('event_pattern too long');
      return out;
    },
  }),
  nameRule({
    id: 'event-target-id',
    resourceType: 'aws_cloudwatch_event_target',
    attribute: 'target_id',
    max: 64,
    pattern: /^[.\-_A-Za-z0-9]+$/,
    describe: '.-_A-Za-z0-9',
    source: `${PROVIDER}/events/validate.go: validateTargetID`,
  }),
  apiRule({
    id: 'event-target-rule',
    resourceType: 'aws_cloudwatch_event_target',
    attributes: ['rule', 'arn'],
    kind: 'required-with',
    phase: 'plan',
    source: `${PROVIDER}/events/target.go: rule Required ForceNew, arn Required`,
    rule: 'rule and arn are set',
    check: r => ['rule', 'arn'].filter(a => !isSet(r.body, a)).map(a => `${a} missing`),
  }),
  enumRule({
    id: 'alarm-comparison',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attribute: 'comparison_operator',
    values: ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold', 'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'],
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: comparison_operator enum.Validate[types.ComparisonOperator]`,
  }),
  enumRule({
    id: 'alarm-statistic',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attribute: 'statistic',
    values: ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'],
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: statistic enum.Validate[types.Statistic], ConflictsWith extended_statistic, metric_query`,
  }),
  enumRule({
    id: 'alarm-missing-data',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attribute: 'treat_missing_data',
    values: ['missing', 'ignore', 'breaching', 'notBreaching'],
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: treat_missing_data validation.StringInSlice`,
  }),
  apiRule({
    id: 'alarm-period',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attributes: ['period', 'evaluation_periods'],
    kind: 'range',
    source: 'CloudWatch API Reference PutMetricAlarm: Period 10, 20, 30 or a multiple of 60; EvaluationPeriods >= 1; period x evaluation periods <= 1 day',
    rule: 'period is 10, 20, 30 or a multiple of 60, and period x evaluation_periods <= 86400',
    check: r => {
      const p = Number(r.body.period); const e = Number(r.body.evaluation_periods);
      const out: string[] = [];
      if (!([10, 20, 30].includes(p) || p % 60 === 0)) out.push(`period ${p}`);
      if (!(e >= 1) || p * e > 86400) out.push(`evaluation window ${p} x ${e}`);
      return out;
    },
  }),
  lengthRule({
    id: 'alarm-name',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attribute: 'alarm_name',
    max: 255,
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: alarm_name validation.StringLenBetween(1, 255)`,
  }),

  // ---- ECS and Application Auto Scaling ----
  nameRule({
    id: 'ecs-cluster-name',
    resourceType: 'aws_ecs_cluster',
    attribute: 'name',
    max: 255,
    pattern: /^[a-zA-Z0-9_-]+$/,
    describe: 'a-zA-Z0-9_-',
    source: 'Amazon ECS API Reference CreateCluster clusterName (up to 255 letters, numbers, underscores and hyphens); ecs/cluster.go name ForceNew',
  }),
  apiRule({
    id: 'ecs-cluster-container-insights',
    resourceType: 'aws_ecs_cluster',
    attributes: ['setting'],
    kind: 'enum',
    phase: 'plan',
    source: `${PROVIDER}/ecs/cluster.go: setting.name enum.Validate[awstypes.ClusterSettingName], value (enabled, disabled, enhanced)`,
    rule: 'setting containerInsights is enabled, disabled or enhanced',
    check: r => valuesAt(r.body, 'setting').flat().filter((s: any) => s.name !== 'containerInsights' || !['enabled', 'disabled', 'enhanced'].includes(s.value)).map((s: any) => `setting ${s.name}=${s.value}`),
  }),
  apiRule({
    id: 'ecs-capacity-providers-default',
    resourceType: 'aws_ecs_cluster_capacity_providers',
    attributes: ['capacity_providers', 'default_capacity_provider_strategy'],
    source: 'Amazon ECS API Reference PutClusterCapacityProviders: the default strategy names only providers associated with the cluster',
    rule: 'the default strategy uses only providers in capacity_providers',
    check: r => valuesAt(r.body, 'default_capacity_provider_strategy').flat().map((s: any) => s.capacity_provider)
      .filter((p: string) => !(r.body.capacity_providers ?? []).includes(p)).map((p: string) => `${p} is not in capacity_providers`),
  }),
  apiRule({
    id: 'ecs-service-launch',
    resourceType: 'aws_ecs_service',
    attributes: ['launch_type', 'capacity_provider_strategy'],
    kind: 'conflicts-with',
    phase: 'plan',
    source: `${PROVIDER}/ecs/service.go: launch_type ConflictsWith capacity_provider_strategy`,
    rule: 'launch_type and capacity_provider_strategy are not both set',
    check: r => (isSet(r.body, 'launch_type') && isSet(r.body, 'capacity_provider_strategy') ? ['launch_type and capacity_provider_strategy'] : []),
  }),
  apiRule({
    id: 'ecs-service-capacity-providers-ready',
    resourceType: 'aws_ecs_service',
    attributes: ['capacity_provider_strategy', 'depends_on'],
    status: 'fixed by #18 item 5',
    source: 'Amazon ECS API Reference CreateService: "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster"; terraform-provider-aws docs for aws_ecs_cluster_capacity_providers (add depends_on)',
    rule: 'a service with a capacity provider strategy depends on its cluster\'s aws_ecs_cluster_capacity_providers',
    check: (r, s) => {
      if (!isSet(r.body, 'capacity_provider_strategy')) return [];
      const cluster = referenced(s, r.body.cluster, 'aws_ecs_cluster');
      if (!cluster) return [];
      const associations = resourcesOfType(s, 'aws_ecs_cluster_capacity_providers').filter(c => String(c.body.cluster_name).includes(`aws_ecs_cluster.${cluster.name}.`));
      const deps: string[] = r.body.depends_on ?? [];
      return associations.filter(a => !deps.includes(`aws_ecs_cluster_capacity_providers.${a.name}`)).map(a => `no depends_on aws_ecs_cluster_capacity_providers.${a.name}`);
    },
  }),
  apiRule({
    id: 'ecs-service-deployment',
    resourceType: 'aws_ecs_service',
    attributes: ['deployment_minimum_healthy_percent', 'deployment_maximum_percent', 'propagate_tags'],
    kind: 'range',
    phase: 'plan',
    source: 'Amazon ECS API Reference DeploymentConfiguration (minimumHealthyPercent 0-100, maximumPercent >= 100 for rolling updates); ecs/service.go propagate_tags enum',
    rule: 'minimum healthy 0-100 %, maximum >= 100 %; propagate_tags is SERVICE, TASK_DEFINITION or NONE',
    check: r => {
      const out: string[] = [];
      const min = r.body.deployment_minimum_healthy_percent; const max = r.body.deployment_maximum_percent;
      if (min !== undefined && (min < 0 || min > 100)) out.push(`minimum healthy ${min}`);
      if (max !== undefined && max < 100) out.push(`maximum ${max}`);
      out.push(...known(r.body, 'propagate_tags').filter(v => !['SERVICE', 'TASK_DEFINITION', 'NONE'].includes(v)).map(v => `propagate_tags ${v}`));
      return out;
    },
  }),
  apiRule({
    id: 'ecs-service-awsvpc',
    resourceType: 'aws_ecs_service',
    attributes: ['network_configuration'],
    kind: 'required-with',
    source: 'Amazon ECS API Reference CreateService: networkConfiguration is required for task definitions that use the awsvpc network mode (all Fargate tasks)',
    rule: 'a service of an awsvpc task definition has network_configuration with subnets',
    check: (r, s) => {
      const td = referenced(s, r.body.task_definition, 'aws_ecs_task_definition');
      if (!td || td.body.network_mode !== 'awsvpc') return [];
      return valuesAt(r.body, 'network_configuration.subnets').length ? [] : ['no network_configuration.subnets'];
    },
  }),
  apiRule({
    id: 'ecs-service-grace-period',
    resourceType: 'aws_ecs_service',
    attributes: ['health_check_grace_period_seconds', 'load_balancer'],
    kind: 'required-with',
    source: 'Amazon ECS API Reference CreateService healthCheckGracePeriodSeconds: only valid for services configured to use load balancers',
    rule: 'health_check_grace_period_seconds only with a load_balancer',
    check: r => (isSet(r.body, 'health_check_grace_period_seconds') && !isSet(r.body, 'load_balancer') ? ['grace period without a load balancer'] : []),
  }),
  nameRule({
    id: 'ecs-task-family',
    resourceType: 'aws_ecs_task_definition',
    attribute: 'family',
    max: 255,
    pattern: /^[a-zA-Z0-9_-]+$/,
    describe: 'a-zA-Z0-9_-',
    source: 'Amazon ECS API Reference RegisterTaskDefinition family (up to 255 letters, numbers, hyphens and underscores)',
  }),
  apiRule({
    id: 'ecs-task-fargate-size',
    resourceType: 'aws_ecs_task_definition',
    attributes: ['requires_compatibilities', 'cpu', 'memory', 'network_mode'],
    kind: 'enum',
    source: 'Amazon ECS Developer Guide "Amazon ECS task definition parameters for Fargate" (Task size: supported CPU and memory combinations; awsvpc network mode)',
    rule: 'a Fargate task uses awsvpc and a supported cpu/memory combination',
    check: r => {
      if (!(r.body.requires_compatibilities ?? []).includes('FARGATE')) return [];
      const out: string[] = [];
      if (r.body.network_mode !== 'awsvpc') out.push(`network_mode ${r.body.network_mode}`);
      if (!isExpression(r.body.cpu) && !fargateMemoryAllowed(Number(r.body.cpu), Number(r.body.memory))) out.push(`cpu ${r.body.cpu} with memory ${r.body.memory}`);
      return out;
    },
  }),
  apiRule({
    id: 'ecs-task-runtime-platform',
    resourceType: 'aws_ecs_task_definition',
    attributes: ['runtime_platform'],
    kind: 'enum',
    phase: 'plan',
    source: `${PROVIDER}/ecs/task_definition.go: runtime_platform cpu_architecture enum.Validate[awstypes.CPUArchitecture], operating_system_family enum`,
    rule: 'runtime_platform.cpu_architecture is X86_64 or ARM64; operating_system_family LINUX (or a Windows family)',
    check: r => [
      ...known(r.body, 'runtime_platform.cpu_architecture').filter(v => !['X86_64', 'ARM64'].includes(v)).map(v => `cpu_architecture ${v}`),
      ...known(r.body, 'runtime_platform.operating_system_family').filter(v => v !== 'LINUX' && !String(v).startsWith('WINDOWS_')).map(v => `operating_system_family ${v}`),
    ],
  }),
  apiRule({
    id: 'ecs-containers-essential',
    resourceType: 'aws_ecs_task_definition',
    attributes: ['container_definitions'],
    source: 'Amazon ECS API Reference ContainerDefinition: name (up to 255 letters, numbers, underscores, hyphens), image; a task definition needs at least one essential container',
    rule: 'container definitions are JSON with named, imaged containers, at least one essential',
    check: r => {
      const cs = containers(r.body);
      if (!cs) return ['container_definitions is not JSON'];
      const out = cs.filter(c => !/^[a-zA-Z0-9_-]{1,255}$/.test(String(c.name)) || !c.image).map(c => `container ${c.name}`);
      if (!cs.some(c => c.essential !== false)) out.push('no essential container');
      return out;
    },
  }),
  apiRule({
    id: 'ecs-containers-ecs-form',
    resourceType: 'aws_ecs_task_definition',
    attributes: ['container_definitions'],
    status: 'fixed by #18 item 4',
    source: `${PROVIDER}/ecs/container_definitions.go: containerDefinitionsAreEquivalent (compares with what DescribeTaskDefinition returns); container_definitions is ForceNew`,
    rule: 'Linux capabilities are written as ECS returns them: drop comes with add (an empty list) so the next plan has no diff',
    check: r => (containers(r.body) ?? []).filter(c => c.linuxParameters?.capabilities && !Array.isArray(c.linuxParameters.capabilities.add))
      .map(c => `container ${c.name}: capabilities without add`),
  }),
  apiRule({
    id: 'ecs-containers-awslogs',
    resourceType: 'aws_ecs_task_definition',
    attributes: ['container_definitions'],
    kind: 'required-with',
    source: 'Amazon ECS Developer Guide "Using the awslogs log driver": awslogs-group and awslogs-region are required; Fargate needs awslogs-stream-prefix',
    rule: 'awslogs containers name awslogs-group, awslogs-region and awslogs-stream-prefix',
    check: r => (containers(r.body) ?? []).filter(c => c.logConfiguration?.logDriver === 'awslogs')
      .flatMap(c => ['awslogs-group', 'awslogs-region', 'awslogs-stream-prefix'].filter(k => !c.logConfiguration.options?.[k]).map(k => `container ${c.name} lacks ${k}`)),
  }),
  apiRule({
    id: 'autoscaling-target-range',
    resourceType: 'aws_appautoscaling_target',
    attributes: ['min_capacity', 'max_capacity', 'service_namespace', 'scalable_dimension'],
    kind: 'range',
    source: 'Application Auto Scaling API Reference RegisterScalableTarget (MinCapacity <= MaxCapacity); appautoscaling/target.go service_namespace enum',
    rule: 'min_capacity <= max_capacity; ECS targets use ecs:service:DesiredCount',
    check: r => {
      const out: string[] = [];
      if (Number(r.body.min_capacity) > Number(r.body.max_capacity)) out.push(`min ${r.body.min_capacity} > max ${r.body.max_capacity}`);
      if (r.body.service_namespace === 'ecs' && r.body.scalable_dimension !== 'ecs:service:DesiredCount') out.push(`dimension ${r.body.scalable_dimension}`);
      return out;
    },
  }),
  apiRule({
    id: 'autoscaling-policy-type',
    resourceType: 'aws_appautoscaling_policy',
    attributes: ['policy_type', 'target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type'],
    kind: 'enum',
    phase: 'plan',
    source: `${PROVIDER}/appautoscaling/policy.go: policy_type enum (PredictiveScaling, StepScaling, TargetTrackingScaling); predefined_metric_type enum.Validate[awstypes.MetricType]`,
    rule: 'policy_type is StepScaling, TargetTrackingScaling or PredictiveScaling; ECS target tracking uses ECSServiceAverage{CPU,Memory}Utilization or ALBRequestCountPerTarget',
    check: r => [
      ...known(r.body, 'policy_type').filter(v => !['StepScaling', 'TargetTrackingScaling', 'PredictiveScaling'].includes(v)).map(v => `policy_type ${v}`),
      ...known(r.body, 'target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type')
        .filter(v => !['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization', 'ALBRequestCountPerTarget'].includes(v)).map(v => `metric ${v}`),
    ],
  }),
  lengthRule({
    id: 'autoscaling-policy-name',
    resourceType: 'aws_appautoscaling_policy',
    attribute: 'name',
    max: 255,
    source: `${PROVIDER}/appautoscaling/policy.go: name validation.StringLenBetween(0, 255)`,
  }),

  // ---- ECR (the reference app's repositories) ----
  nameRule({
    id: 'ecr-name',
    resourceType: 'aws_ecr_repository',
    attribute: 'name',
    min: 2,
    max: 256,
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    describe: 'lowercase path segments of a-z0-9 separated by . _ -',
    source: 'Amazon ECR API Reference CreateRepository repositoryName pattern',
  }),
  enumRule({
    id: 'ecr-tag-mutability',
    resourceType: 'aws_ecr_repository',
    attribute: 'image_tag_mutability',
    values: ['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'],
    source: `${PROVIDER}/ecr/repository.go: image_tag_mutability enum.Validate[types.ImageTagMutability]`,
  }),
  enumRule({
    id: 'ecr-encryption',
    resourceType: 'aws_ecr_repository',
    attribute: 'encryption_configuration.encryption_type',
    values: ['AES256', 'KMS', 'KMS_DSSE'],
    source: `${PROVIDER}/ecr/repository.go: encryption_configuration.encryption_type enum (ForceNew)`,
  }),

  // ---- names that must be unique in an account (and region): stacks of one app share one ----
  ...([
    ['aws_iam_role', 'name', 'IAM API Reference CreateRole: EntityAlreadyExists (role names are unique per account, in every region)'],
    ['aws_lambda_function', 'function_name', 'Lambda API Reference CreateFunction: ResourceConflictException'],
    ['aws_cloudwatch_log_group', 'name', 'CloudWatch Logs API Reference CreateLogGroup: ResourceAlreadyExistsException'],
    ['aws_sqs_queue', 'name', 'Amazon SQS API Reference CreateQueue: QueueNameExists for different attributes, or an existing queue is silently shared'],
    ['aws_secretsmanager_secret', 'name', 'Secrets Manager API Reference CreateSecret: ResourceExistsException'],
    ['aws_ecs_cluster', 'name', 'Amazon ECS API Reference CreateCluster (an existing cluster of that name is returned and then shared)'],
    ['aws_ecs_task_definition', 'family', 'Amazon ECS API Reference RegisterTaskDefinition (a shared family mixes the revisions of two stacks)'],
    ['aws_db_instance', 'identifier', 'Amazon RDS API Reference CreateDBInstance: DBInstanceAlreadyExists'],
    ['aws_db_subnet_group', 'name', 'Amazon RDS API Reference CreateDBSubnetGroup: DBSubnetGroupAlreadyExists'],
    ['aws_dynamodb_table', 'name', 'DynamoDB API Reference CreateTable: ResourceInUseException'],
    ['aws_kms_alias', 'name', 'AWS KMS API Reference CreateAlias: AlreadyExistsException'],
    ['aws_cloudwatch_event_rule', 'name', 'EventBridge API Reference PutRule (an existing rule of that name is overwritten)'],
    ['aws_cloudwatch_metric_alarm', 'alarm_name', `${PROVIDER}/cloudwatch/metric_alarm.go: resourceMetricAlarmCreate ("CloudWatch metric alarm %q already exists")`],
    ['aws_ecr_repository', 'name', 'Amazon ECR API Reference CreateRepository: RepositoryAlreadyExistsException'],
  ] as const).map(([type, attribute, source]) => apiRule({
    id: `${type.replace(/^aws_/, '').replace(/_/g, '-')}-unique-name`,
    resourceType: type,
    attributes: [attribute],
    kind: 'regex',
    source,
    rule: `${attribute} is unique across the stacks of an app (one account and region)`,
    check: (r, s) => {
      const value = r.body[attribute];
      if (value === undefined || isExpression(value)) return [];
      const same = s.app.flatMap(st => resourcesOfType(st, type).filter(o => o.body[attribute] === value).map(o => `${st.name}/${o.name}`));
      return same.length > 1 ? [`${attribute} ${value} is used by ${same.join(', ')}`] : [];
    },
  })),
];

/**
 * The attributes that force replacement (ForceNew / RequiresReplace in the provider) for every
 * resource type the library synthesizes. test/provider-rules.test.ts compares the reference app's
 * values of these attributes with test/support/force-new-baseline.json.
 */
export const FORCE_NEW: Readonly<Record<string, { readonly attributes: readonly string[]; readonly source: string }>> = {
  aws_vpc: { attributes: ['cidr_block', 'ipv4_ipam_pool_id'], source: 'ec2/vpc_.go' },
  aws_subnet: { attributes: ['vpc_id', 'cidr_block', 'availability_zone', 'availability_zone_id'], source: 'ec2/vpc_subnet.go' },
  aws_route_table: { attributes: ['vpc_id'], source: 'ec2/vpc_route_table.go' },
  aws_route_table_association: { attributes: ['subnet_id', 'gateway_id'], source: 'ec2/vpc_route_table_association.go' },
  aws_route: { attributes: ['route_table_id', 'destination_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id'], source: 'ec2/vpc_route.go' },
  aws_internet_gateway: { attributes: [], source: 'ec2/vpc_internet_gateway.go (vpc_id detaches/attaches in place)' },
  aws_nat_gateway: { attributes: ['allocation_id', 'subnet_id', 'connectivity_type', 'private_ip'], source: 'ec2/vpc_nat_gateway.go' },
  aws_eip: { attributes: ['domain', 'network_border_group', 'public_ipv4_pool'], source: 'ec2/ec2_eip.go' },
  aws_security_group: { attributes: ['name', 'name_prefix', 'description', 'vpc_id'], source: 'ec2/vpc_security_group.go' },
  aws_default_security_group: { attributes: ['vpc_id'], source: 'ec2/vpc_default_security_group.go' },
  aws_vpc_security_group_ingress_rule: { attributes: ['security_group_id'], source: 'ec2/vpc_security_group_ingress_rule.go (RequiresReplace; ModifyPlan also replaces a rule whose kind of peer changes)' },
  aws_vpc_security_group_egress_rule: { attributes: ['security_group_id'], source: 'ec2/vpc_security_group_egress_rule.go (RequiresReplace; ModifyPlan also replaces a rule whose kind of peer changes)' },
  aws_vpc_endpoint: { attributes: ['vpc_id', 'service_name', 'vpc_endpoint_type'], source: 'ec2/vpc_endpoint.go' },
  aws_flow_log: {
    attributes: ['vpc_id', 'subnet_id', 'eni_id', 'traffic_type', 'log_destination', 'log_destination_type', 'log_format', 'iam_role_arn', 'max_aggregation_interval', 'deliver_cross_account_role'],
    source: 'ec2/vpc_flow_log.go',
  },
  aws_kms_key: { attributes: ['customer_master_key_spec', 'key_usage', 'multi_region', 'custom_key_store_id', 'xks_key_id'], source: 'kms/key.go' },
  aws_kms_alias: { attributes: ['name', 'name_prefix'], source: 'kms/alias.go' },
  aws_cloudwatch_log_group: { attributes: ['name', 'name_prefix', 'log_group_class'], source: 'logs/group.go' },
  aws_cloudwatch_metric_alarm: { attributes: ['alarm_name'], source: 'cloudwatch/metric_alarm.go' },
  aws_secretsmanager_secret: { attributes: ['name', 'name_prefix'], source: 'secretsmanager/secret.go' },
  aws_db_instance: {
    attributes: ['identifier', 'identifier_prefix', 'engine', 'db_name', 'username', 'storage_encrypted', 'kms_key_id', 'availability_zone', 'character_set_name', 'timezone', 'snapshot_identifier'],
    source: 'rds/instance.go',
  },
  aws_db_parameter_group: { attributes: ['name', 'name_prefix', 'family', 'description'], source: 'rds/parameter_group.go' },
  aws_db_subnet_group: { attributes: ['name', 'name_prefix'], source: 'rds/subnet_group.go' },
  aws_sqs_queue: { attributes: ['name', 'name_prefix', 'fifo_queue'], source: 'sqs/queue.go' },
  aws_sqs_queue_policy: { attributes: ['queue_url'], source: 'sqs/queue_policy.go' },
  aws_dynamodb_table: { attributes: ['name', 'hash_key', 'range_key', 'local_secondary_index'], source: 'dynamodb/table.go' },
  aws_iam_role: { attributes: ['name', 'name_prefix', 'path'], source: 'iam/role.go' },
  aws_iam_role_policy: { attributes: ['name', 'name_prefix', 'role'], source: 'iam/role_policy.go' },
  aws_iam_role_policy_attachment: { attributes: ['role', 'policy_arn'], source: 'iam/role_policy_attachment.go' },
  aws_iam_openid_connect_provider: { attributes: ['url'], source: 'iam/openid_connect_provider.go' },
  aws_lambda_function: { attributes: ['function_name', 'package_type'], source: 'lambda/function.go' },
  aws_lambda_permission: {
    attributes: ['action', 'event_source_token', 'function_name', 'function_url_auth_type', 'principal', 'principal_org_id', 'qualifier', 'source_account', 'source_arn', 'statement_id', 'statement_id_prefix'],
    source: 'lambda/permission.go',
  },
  aws_lambda_event_source_mapping: { attributes: ['event_source_arn', 'starting_position', 'starting_position_timestamp', 'topics', 'queues'], source: 'lambda/event_source_mapping.go' },
  aws_apigatewayv2_api: { attributes: ['protocol_type'], source: 'apigatewayv2/api.go' },
  aws_apigatewayv2_integration: { attributes: ['api_id', 'integration_type'], source: 'apigatewayv2/integration.go' },
  aws_apigatewayv2_route: { attributes: ['api_id'], source: 'apigatewayv2/route.go' },
  aws_apigatewayv2_stage: { attributes: ['api_id', 'name'], source: 'apigatewayv2/stage.go' },
  aws_cloudwatch_event_rule: { attributes: ['name', 'name_prefix', 'event_bus_name'], source: 'events/rule.go' },
  aws_cloudwatch_event_target: { attributes: ['rule', 'target_id', 'event_bus_name'], source: 'events/target.go' },
  aws_appautoscaling_target: { attributes: ['resource_id', 'scalable_dimension', 'service_namespace'], source: 'appautoscaling/target.go' },
  aws_appautoscaling_policy: { attributes: ['name', 'resource_id', 'scalable_dimension', 'service_namespace'], source: 'appautoscaling/policy.go' },
  aws_ecs_cluster: { attributes: ['name'], source: 'ecs/cluster.go' },
  aws_ecs_cluster_capacity_providers: { attributes: ['cluster_name'], source: 'ecs/cluster_capacity_providers.go' },
  aws_ecs_service: { attributes: ['name', 'cluster', 'launch_type', 'iam_role', 'scheduling_strategy', 'deployment_controller'], source: 'ecs/service.go' },
  aws_ecs_task_definition: {
    attributes: ['family', 'container_definitions', 'cpu', 'memory', 'network_mode', 'requires_compatibilities', 'execution_role_arn', 'task_role_arn', 'runtime_platform', 'volume', 'ephemeral_storage', 'pid_mode', 'ipc_mode'],
    source: 'ecs/task_definition.go (every argument but tags and skip_destroy)',
  },
  aws_ecr_repository: { attributes: ['name', 'encryption_configuration'], source: 'ecr/repository.go' },
};

/** For every resource of the stacks: `<stack>/<type>.<name>` -> the values of its ForceNew attributes that are set. */
export function forceNewValues(stacks: readonly SynthStack[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const stack of stacks) {
    for (const [type, byName] of Object.entries<Record<string, any>>(stack.json.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const values: Record<string, unknown> = {};
        for (const attr of FORCE_NEW[type]?.attributes ?? []) {
          if (body[attr] === undefined) continue;
          // Container definitions as a structure, so a change reads as a diff of fields.
          values[attr] = attr === 'container_definitions' && typeof body[attr] === 'string' ? JSON.parse(body[attr]) : body[attr];
        }
        out[`${stack.name}/${type}.${name}`] = values;
      }
    }
  }
  return out;
}

/** Field-level differences between two JSON values: `path: before -> after` (undefined when absent). */
export function jsonDiff(before: unknown, after: unknown, at = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObject = (v: unknown) => typeof v === 'object' && v !== null;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
    return [...keys].flatMap(k => jsonDiff((before as any)[k], (after as any)[k], Array.isArray(before) ? `${at}[${k}]` : `${at}.${k}`));
  }
  return [`${at || '.'}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** docs/provider-rules.md, generated from PROVIDER_RULES and FORCE_NEW. */
export function renderRulesMarkdown(): string {
  const lines = [
    '# Provider and API rules of the synthesized resources',
    '',
    '<!-- Generated from test/support/provider-rules.ts by scripts/provider-rules.ts; do not edit. -->',
    '',
    'Every resource type the library synthesizes, the rules of the AWS provider (v6, `internal/service/...` of',
    'hashicorp/terraform-provider-aws) and of the AWS APIs it must satisfy, and the attributes that force',
    'replacement. `test/provider-rules.test.ts` checks every rule on the reference app\'s stacks and on',
    'representative construct stacks, fails when a synthesized type has no entry, and compares the reference',
    'app\'s force-new attributes with `test/support/force-new-baseline.json`, so a change that would replace',
    'a database, queue or table in users\' state fails the build until the baseline is updated on purpose',
    '(`./npmw run provider-rules -- --baseline`).',
    '',
    'Phase: **plan** = `terraform plan` refuses it; **apply** = the AWS API refuses it (or it breaks at apply);',
    '**destroy** = `terraform destroy` fails.',
    '',
  ];
  const types = [...new Set([...Object.keys(FORCE_NEW), ...PROVIDER_RULES.map(r => r.resourceType)])].sort();
  for (const type of types) {
    lines.push(`## ${type}`, '');
    const fn = FORCE_NEW[type];
    if (fn) {
      lines.push(`Force replacement: ${fn.attributes.length ? fn.attributes.map(a => `\`${a}\``).join(', ') : 'none of the synthesized attributes'} (${fn.source}).`, '');
    }
    lines.push('| Rule | Kind | Phase | Must hold | Source | Status |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of PROVIDER_RULES.filter(x => x.resourceType === type)) {
      lines.push(`| ${r.id} | ${r.kind} | ${r.phase} | ${cell(r.rule)} | ${cell(r.source)} | ${r.status ?? 'holds'} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
