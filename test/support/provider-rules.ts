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
/** route53resolver/validate.go validResolverName: at most 64 of [0-9A-Za-z_' -], not a single digit. */
const RESOLVER_NAME = /^(?![0-9]$)[0-9A-Za-z_' -]+$/;

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
    attributes: ['period', 'evaluation_periods', 'metric_query.period', 'metric_query.metric.period'],
    kind: 'range',
    source: `CloudWatch API Reference PutMetricAlarm: Period 10, 20, 30 or a multiple of 60; EvaluationPeriods >= 1; period x evaluation periods <= 1 day; ${PROVIDER}/cloudwatch/metric_alarm.go: period and metric_query[].metric.period validation.Any(IntInSlice, IntDivisibleBy(60))`,
    rule: 'period (or, for metric math, every metric_query period) is 10, 20, 30 or a multiple of 60 (metric_query also 1 and 5), and period x evaluation_periods <= 86400',
    check: r => {
      const e = Number(r.body.evaluation_periods);
      const math = isSet(r.body, 'metric_query');
      const periods = math ? [...known(r.body, 'metric_query.period'), ...known(r.body, 'metric_query.metric.period')].map(Number) : [Number(r.body.period)];
      const allowed = math ? [1, 5, 10, 20, 30] : [10, 20, 30];
      const out: string[] = [];
      for (const p of periods) if (!(allowed.includes(p) || (p > 0 && p % 60 === 0))) out.push(`period ${p}`);
      const p = Math.max(0, ...periods.filter(Number.isFinite));
      if (!(e >= 1) || p * e > 86400) out.push(`evaluation window ${p} x ${e}`);
      return out;
    },
  }),
  apiRule({
    id: 'alarm-metric-or-math',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attributes: ['metric_name', 'namespace', 'statistic', 'extended_statistic', 'period', 'dimensions', 'metric_query'],
    kind: 'conflicts-with',
    phase: 'plan',
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: metric_name, namespace, period, dimensions, statistic and extended_statistic ConflictsWith metric_query; statistic ConflictsWith extended_statistic; CustomizeDiff "One of \`statistic\` or \`extended_statistic\` must be set"; CloudWatch API Reference PutMetricAlarm: a single-metric alarm names MetricName, Namespace and Period`,
    rule: 'either a single metric (metric_name, namespace, period and exactly one of statistic, extended_statistic) or metric_query, never both',
    check: r => {
      const single = ['metric_name', 'namespace', 'period', 'dimensions', 'statistic', 'extended_statistic'].filter(a => isSet(r.body, a));
      if (isSet(r.body, 'metric_query')) return single.map(a => `${a} conflicts with metric_query`);
      const stats = ['statistic', 'extended_statistic'].filter(a => isSet(r.body, a));
      const out = ['metric_name', 'namespace', 'period'].filter(a => !isSet(r.body, a)).map(a => `single-metric alarm without ${a}`);
      if (stats.length !== 1) out.push(`${stats.length} of statistic, extended_statistic are set`);
      return out;
    },
  }),
  apiRule({
    id: 'alarm-extended-statistic',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attributes: ['extended_statistic', 'metric_query.metric.stat'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: extended_statistic validation.StringMatch(^((p|tm|wm|tc|ts)(\\d{1,2}(\\.\\d{1,2})?|100)|IQM|(TM|WM|PR|TC|TS)(...))$); metric_query.metric.stat: that or enum.Validate[types.Statistic]`,
    rule: 'extended_statistic (and a metric_query metric\'s stat that is not a plain statistic) is a percentile or trimmed statistic such as p95, p99.9, tm90 or IQM',
    check: r => {
      const extended = /^((p|tm|wm|tc|ts)(\d{1,2}(\.\d{1,2})?|100)|IQM|(TM|WM|PR|TC|TS)\((\d+(\.\d+)?%?)?:(\d+(\.\d+)?%?)?\))$/;
      const plain = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
      return [
        ...known(r.body, 'extended_statistic').filter(v => !extended.test(String(v))).map(v => `extended_statistic ${JSON.stringify(v)}`),
        ...known(r.body, 'metric_query.metric.stat').filter(v => !plain.includes(v) && !extended.test(String(v))).map(v => `metric_query stat ${JSON.stringify(v)}`),
      ];
    },
  }),
  apiRule({
    id: 'alarm-metric-query-shape',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attributes: ['metric_query.id', 'metric_query.expression', 'metric_query.metric', 'metric_query.return_data'],
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: CustomizeDiff "No metric_query may have both \`expression\` and a \`metric\`"; CloudWatch API Reference MetricDataQuery: Id starts with a lowercase letter (letters, digits, _), unique; PutMetricAlarm: exactly one query has ReturnData true`,
    rule: 'metric_query ids are unique and start with a lowercase letter, no query has both expression and metric, and exactly one query returns data',
    check: r => {
      const queries: any[] = [r.body.metric_query ?? []].flat();
      if (queries.length === 0) return [];
      const out: string[] = [];
      const ids = queries.map(q => q.id).filter(id => !isExpression(id));
      for (const id of ids) if (!/^[a-z][A-Za-z0-9_]*$/.test(String(id)) || ids.indexOf(id) !== ids.lastIndexOf(id)) out.push(`metric_query id ${JSON.stringify(id)}`);
      for (const q of queries) if (q.expression !== undefined && q.metric !== undefined) out.push(`metric_query ${q.id} has both expression and metric`);
      const returning = queries.filter(q => q.return_data === true).length;
      if (returning !== 1) out.push(`${returning} metric_query entries return data`);
      return out;
    },
  }),
  apiRule({
    id: 'alarm-actions',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attributes: ['alarm_actions', 'ok_actions', 'insufficient_data_actions'],
    kind: 'length',
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: ok_actions, insufficient_data_actions MaxItems 5, elements verify.ValidARN; CloudWatch API Reference PutMetricAlarm: AlarmActions at most 5 items`,
    rule: 'alarm_actions, ok_actions and insufficient_data_actions have at most 5 ARNs each',
    check: r => ['alarm_actions', 'ok_actions', 'insufficient_data_actions'].flatMap(a => {
      const v = r.body[a];
      if (!Array.isArray(v)) return [];
      const out = v.length > 5 ? [`${a} has ${v.length} actions`] : [];
      return [...out, ...v.filter(x => !isExpression(x) && !/^arn:aws[a-z-]*:/.test(String(x))).map(x => `${a} ${JSON.stringify(x)} is not an ARN`)];
    }),
  }),
  apiRule({
    id: 'alarm-datapoints',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attributes: ['datapoints_to_alarm', 'evaluation_periods'],
    kind: 'range',
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: datapoints_to_alarm IntAtLeast(1); CloudWatch API Reference PutMetricAlarm: DatapointsToAlarm ("M out of N") is at most EvaluationPeriods`,
    rule: 'datapoints_to_alarm, when set, is between 1 and evaluation_periods',
    check: r => {
      if (!isSet(r.body, 'datapoints_to_alarm') || isExpression(r.body.datapoints_to_alarm)) return [];
      const m = Number(r.body.datapoints_to_alarm);
      return m >= 1 && m <= Number(r.body.evaluation_periods) ? [] : [`datapoints_to_alarm ${m} of ${r.body.evaluation_periods}`];
    },
  }),
  lengthRule({
    id: 'alarm-description',
    resourceType: 'aws_cloudwatch_metric_alarm',
    attribute: 'alarm_description',
    max: 1024,
    source: `${PROVIDER}/cloudwatch/metric_alarm.go: alarm_description validation.StringLenBetween(0, 1024)`,
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

  // ---- Route 53 Resolver DNS Firewall and query logging (EgressAllowList) ----
  ...([
    ['aws_route53_resolver_firewall_domain_list', 'firewall_domain_list.go'],
    ['aws_route53_resolver_firewall_rule_group', 'firewall_rule_group.go'],
    ['aws_route53_resolver_firewall_rule', 'firewall_rule.go'],
    ['aws_route53_resolver_firewall_rule_group_association', 'firewall_rule_group_association.go'],
    ['aws_route53_resolver_query_log_config', 'query_log_config.go'],
  ] as const).map(([type, file]) => nameRule({
    id: `${type.replace(/^aws_route53_resolver_/, 'r53-').replace(/_/g, '-')}-name`,
    resourceType: type,
    attribute: 'name',
    max: 64,
    pattern: RESOLVER_NAME,
    describe: 'letters, digits, space, \' _ -, not a single digit',
    source: `${PROVIDER}/route53resolver/${file}: name ValidateFunc validResolverName (route53resolver/validate.go: max 64, [0-9A-Za-z_' -]+, not one digit)`,
  })),
  apiRule({
    id: 'r53-firewall-domains',
    resourceType: 'aws_route53_resolver_firewall_domain_list',
    attributes: ['domains'],
    kind: 'regex',
    source: `${PROVIDER}/route53resolver/firewall_domain_list.go: resourceFirewallDomainListUpdate sends all domains in one UpdateFirewallDomains (REPLACE); Route 53 Resolver API Reference UpdateFirewallDomains: at most 1000 domains a request, each 1-255 characters of A-Z a-z 0-9 - . with an optional leading *`,
    rule: 'at most 1000 domains; each is 1-255 characters of letters, digits, "-" and "." with an optional leading "*"',
    check: r => {
      const all = [r.body.domains ?? []].flat();
      const out = all.length > 1000 ? [`${all.length} domains`] : [];
      return [...out, ...known(r.body, 'domains').filter(d => !(String(d).length <= 255 && /^\*?[A-Za-z0-9.-]*$/.test(String(d)) && String(d).length > 0)).map(d => `domain ${JSON.stringify(d)}`)];
    },
  }),
  enumRule({
    id: 'r53-firewall-rule-action',
    resourceType: 'aws_route53_resolver_firewall_rule',
    attribute: 'action',
    values: ['ALLOW', 'BLOCK', 'ALERT'],
    source: `${PROVIDER}/route53resolver/firewall_rule.go: action Required, enum.Validate[awstypes.Action]`,
  }),
  enumRule({
    id: 'r53-firewall-rule-block-response',
    resourceType: 'aws_route53_resolver_firewall_rule',
    attribute: 'block_response',
    values: ['NODATA', 'NXDOMAIN', 'OVERRIDE'],
    source: `${PROVIDER}/route53resolver/firewall_rule.go: block_response enum.Validate[awstypes.BlockResponse]`,
  }),
  enumRule({
    id: 'r53-firewall-rule-redirection',
    resourceType: 'aws_route53_resolver_firewall_rule',
    attribute: 'firewall_domain_redirection_action',
    values: ['INSPECT_REDIRECTION_DOMAIN', 'TRUST_REDIRECTION_DOMAIN'],
    source: `${PROVIDER}/route53resolver/firewall_rule.go: firewall_domain_redirection_action enum.Validate[awstypes.FirewallDomainRedirectionAction], Default INSPECT_REDIRECTION_DOMAIN`,
  }),
  apiRule({
    id: 'r53-firewall-rule-block-settings',
    resourceType: 'aws_route53_resolver_firewall_rule',
    attributes: ['action', 'block_response', 'block_override_domain', 'block_override_dns_type', 'block_override_ttl'],
    kind: 'required-with',
    source: 'Route 53 Resolver API Reference CreateFirewallRule: BlockResponse is required when Action is BLOCK (and only used with it); BlockOverrideDomain, BlockOverrideDnsType and BlockOverrideTtl are required when BlockResponse is OVERRIDE (the provider validates neither)',
    rule: 'a BLOCK rule has block_response, other actions have none; block_override_* are set exactly when block_response is OVERRIDE',
    check: r => {
      const out: string[] = [];
      if (isExpression(r.body.action)) return out;
      if (r.body.action === 'BLOCK' && !isSet(r.body, 'block_response')) out.push('BLOCK rule without block_response');
      if (r.body.action !== 'BLOCK' && isSet(r.body, 'block_response')) out.push(`${r.body.action} rule with block_response`);
      const override = r.body.block_response === 'OVERRIDE';
      for (const a of ['block_override_domain', 'block_override_dns_type', 'block_override_ttl']) {
        if (override && !isSet(r.body, a)) out.push(`OVERRIDE without ${a}`);
        if (!override && isSet(r.body, a)) out.push(`${a} without block_response OVERRIDE`);
      }
      return out;
    },
  }),
  apiRule({
    id: 'r53-firewall-rule-unique',
    resourceType: 'aws_route53_resolver_firewall_rule',
    attributes: ['firewall_rule_group_id', 'firewall_domain_list_id', 'priority'],
    source: `Route 53 Resolver API Reference CreateFirewallRule: Priority must be unique within the rule group; ${PROVIDER}/route53resolver/firewall_rule.go: the ID is firewall_rule_group_id:firewall_domain_list_id (findFirewallRuleByTwoPartKey), so a list is used once per group`,
    rule: 'within a rule group, every rule has its own priority and its own domain list',
    check: (r, s) => {
      const group = String(r.body.firewall_rule_group_id);
      const others = resourcesOfType(s, r.type).filter(o => o.name !== r.name && String(o.body.firewall_rule_group_id) === group);
      return [
        ...others.filter(o => !isExpression(r.body.priority) && o.body.priority === r.body.priority).map(o => `priority ${r.body.priority} also used by ${o.name}`),
        ...others.filter(o => o.body.firewall_domain_list_id === r.body.firewall_domain_list_id).map(o => `domain list also used by ${o.name}`),
      ];
    },
  }),
  apiRule({
    id: 'r53-firewall-rule-group-size',
    resourceType: 'aws_route53_resolver_firewall_rule_group',
    attributes: ['aws_route53_resolver_firewall_rule.firewall_rule_group_id'],
    kind: 'range',
    source: 'Amazon Route 53 Developer Guide, Quotas, "Quotas on Route 53 Resolver DNS Firewall": 100 rules per rule group',
    rule: 'a rule group has at most 100 rules',
    check: (r, s) => {
      const rules = resourcesOfType(s, 'aws_route53_resolver_firewall_rule').filter(o => String(o.body.firewall_rule_group_id).includes(`aws_route53_resolver_firewall_rule_group.${r.name}.`));
      return rules.length > 100 ? [`${rules.length} rules`] : [];
    },
  }),
  rangeRule({
    id: 'r53-firewall-association-priority',
    resourceType: 'aws_route53_resolver_firewall_rule_group_association',
    attribute: 'priority',
    min: 101,
    max: 9900,
    phase: 'apply',
    source: 'Route 53 Resolver API Reference AssociateFirewallRuleGroup: "The allowed values for Priority are between 100 and 9900" (the provider does not validate it); AWS CDK\'s FirewallRuleGroupAssociation requires more than 100, hence 101-9900, the range EgressAllowList accepts',
  }),
  apiRule({
    id: 'r53-firewall-association-unique',
    resourceType: 'aws_route53_resolver_firewall_rule_group_association',
    attributes: ['vpc_id', 'priority', 'firewall_rule_group_id'],
    source: 'Route 53 Resolver API Reference AssociateFirewallRuleGroup: "You must specify a unique priority for each rule group that you associate with a single VPC"; a rule group is associated with a VPC once (ConflictException)',
    rule: 'the rule groups associated with one VPC have distinct priorities and are each associated once',
    check: (r, s) => {
      const others = resourcesOfType(s, r.type).filter(o => o.name !== r.name && o.body.vpc_id === r.body.vpc_id);
      return [
        ...others.filter(o => !isExpression(r.body.priority) && o.body.priority === r.body.priority).map(o => `priority ${r.body.priority} also used by ${o.name}`),
        ...others.filter(o => o.body.firewall_rule_group_id === r.body.firewall_rule_group_id).map(o => `rule group also associated by ${o.name}`),
      ];
    },
  }),
  enumRule({
    id: 'r53-firewall-association-mutation-protection',
    resourceType: 'aws_route53_resolver_firewall_rule_group_association',
    attribute: 'mutation_protection',
    values: ['ENABLED', 'DISABLED'],
    source: `${PROVIDER}/route53resolver/firewall_rule_group_association.go: mutation_protection StringInSlice(MutationProtectionStatus_Values())`,
  }),
  enumRule({
    id: 'r53-firewall-config-fail-open',
    resourceType: 'aws_route53_resolver_firewall_config',
    attribute: 'firewall_fail_open',
    values: ['ENABLED', 'DISABLED', 'USE_LOCAL_RESOURCE_SETTING'],
    source: `${PROVIDER}/route53resolver/firewall_config.go: firewall_fail_open StringInSlice(FirewallFailOpenStatus_Values())`,
  }),
  apiRule({
    id: 'r53-firewall-config-once',
    resourceType: 'aws_route53_resolver_firewall_config',
    attributes: ['resource_id'],
    source: `${PROVIDER}/route53resolver/firewall_config.go: create and update both call UpdateFirewallConfig on resource_id and delete resets it to DISABLED, so two configs of one VPC overwrite each other`,
    rule: 'at most one firewall config per VPC',
    check: (r, s) => {
      const same = resourcesOfType(s, r.type).filter(o => o.body.resource_id === r.body.resource_id);
      return same.length > 1 ? [`${same.length} firewall configs for ${r.body.resource_id}`] : [];
    },
  }),
  apiRule({
    id: 'r53-query-log-destination',
    resourceType: 'aws_route53_resolver_query_log_config',
    attributes: ['destination_arn'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/route53resolver/query_log_config.go: destination_arn Required, ForceNew, verify.ValidARN; Route 53 Resolver API Reference CreateResolverQueryLogConfig: DestinationArn of a CloudWatch Logs log group, S3 bucket or Firehose stream`,
    rule: 'destination_arn is the ARN of a log group, S3 bucket or Firehose delivery stream',
    check: (r, s) => {
      const v = r.body.destination_arn;
      if (!isSet(r.body, 'destination_arn')) return ['destination_arn missing'];
      if (!isExpression(v)) return /^arn:aws[a-z-]*:(logs|s3|firehose):/.test(String(v)) ? [] : [`destination_arn ${v}`];
      const ok = ['aws_cloudwatch_log_group', 'aws_s3_bucket', 'aws_kinesis_firehose_delivery_stream'].some(t => referenced(s, v, t) && String(v).endsWith('.arn}'));
      return ok ? [] : [`destination_arn ${v} is not the arn of a log group, bucket or stream of this stack`];
    },
  }),
  apiRule({
    id: 'r53-query-log-delivery-policy',
    resourceType: 'aws_route53_resolver_query_log_config',
    attributes: ['destination_arn', 'depends_on', 'aws_cloudwatch_log_resource_policy.policy_document'],
    source: 'Amazon Route 53 Developer Guide "Resolver query logging": logs to CloudWatch Logs are vended logs; Amazon CloudWatch Logs User Guide "Enabling logging from AWS services" (Logs sent to CloudWatch Logs): delivery.logs.amazonaws.com needs logs:CreateLogStream and logs:PutLogEvents in a resource policy, which AWS otherwise tries to add itself (and fails without logs:PutResourcePolicy or at 10 policies)',
    rule: 'a query log config writing to a log group depends on a CloudWatch Logs resource policy that lets delivery.logs write that group',
    check: (r, s) => {
      const group = referenced(s, r.body.destination_arn, 'aws_cloudwatch_log_group');
      if (!group) return [];
      const policies = resourcesOfType(s, 'aws_cloudwatch_log_resource_policy').filter(p => {
        const doc = String(p.body.policy_document);
        return doc.includes('delivery.logs.') && doc.includes(`aws_cloudwatch_log_group.${group.name}.arn`) && doc.includes('logs:PutLogEvents') && doc.includes('logs:CreateLogStream');
      });
      if (policies.length === 0) return [`no resource policy lets delivery.logs write ${group.name}`];
      const deps: string[] = r.body.depends_on ?? [];
      return policies.some(p => deps.includes(`aws_cloudwatch_log_resource_policy.${p.name}`)) ? [] : ['does not depend on the delivery resource policy'];
    },
  }),
  apiRule({
    id: 'r53-query-log-association',
    resourceType: 'aws_route53_resolver_query_log_config_association',
    attributes: ['resolver_query_log_config_id', 'resource_id'],
    kind: 'required-with',
    phase: 'plan',
    source: `${PROVIDER}/route53resolver/query_log_config_association.go: resolver_query_log_config_id and resource_id Required, ForceNew`,
    rule: 'resolver_query_log_config_id and resource_id are set',
    check: r => ['resolver_query_log_config_id', 'resource_id'].filter(a => !isSet(r.body, a)).map(a => `${a} missing`),
  }),
  exactlyOneRule({
    id: 'log-resource-policy-scope',
    resourceType: 'aws_cloudwatch_log_resource_policy',
    attributes: ['policy_name', 'resource_arn'],
    source: `${PROVIDER}/logs/resource_policy.go: policy_name and resource_arn ExactlyOneOf, ConflictsWith`,
  }),
  apiRule({
    id: 'log-resource-policy-document',
    resourceType: 'aws_cloudwatch_log_resource_policy',
    attributes: ['policy_document'],
    kind: 'length',
    source: `${PROVIDER}/logs/resource_policy.go: policy_document sdkv2.IAMPolicyDocumentSchemaRequired (valid policy JSON); CloudWatch Logs API Reference PutResourcePolicy: policyDocument 1-5120 characters`,
    rule: 'policy_document is a JSON policy of at most 5120 characters (expressions counted as 80)',
    check: r => {
      const doc = r.body.policy_document;
      if (typeof doc !== 'string') return [];
      let parsed: any;
      try {
        parsed = JSON.parse(doc);
      } catch {
        return isExpression(doc) && doc.trim().startsWith('${') ? [] : ['policy_document is not JSON'];
      }
      const size = doc.replace(/\$\{[^}]*\}/g, 'x'.repeat(80)).length;
      return [...(Array.isArray(parsed.Statement) || typeof parsed.Statement === 'object' ? [] : ['no Statement']), ...(size > 5120 ? [`${size} characters`] : [])];
    },
  }),
  apiRule({
    id: 'log-resource-policy-quota',
    resourceType: 'aws_cloudwatch_log_resource_policy',
    attributes: ['policy_name'],
    kind: 'range',
    source: 'Amazon CloudWatch Logs User Guide, CloudWatch Logs quotas: 10 resource policies per Region per account (not adjustable)',
    rule: 'the stacks of an app (one account and region) create at most 10 account-level resource policies, leaving none for AWS to add',
    check: (r, s) => {
      const all = s.app.flatMap(st => resourcesOfType(st, r.type).filter(o => isSet(o.body, 'policy_name')));
      return all.length > 10 ? [`${all.length} resource policies in one account and region`] : [];
    },
  }),

  // ---- CloudWatch dashboard and the SNS alarm topic (StackMonitoring) ----
  nameRule({
    id: 'dashboard-name',
    resourceType: 'aws_cloudwatch_dashboard',
    attribute: 'dashboard_name',
    max: 255,
    pattern: /^[0-9A-Za-z_-]+$/,
    describe: 'letters, digits, _ and -',
    source: `${PROVIDER}/cloudwatch/dashboard.go: dashboard_name ForceNew, validDashboardName (cloudwatch/validate.go: max 255, ^[0-9A-Za-z_-]+$)`,
  }),
  apiRule({
    id: 'dashboard-body',
    resourceType: 'aws_cloudwatch_dashboard',
    attributes: ['dashboard_body'],
    kind: 'api',
    source: `${PROVIDER}/cloudwatch/dashboard.go: dashboard_body validation.StringIsJSON; CloudWatch API Reference "Dashboard Body Structure and Syntax": widgets (required, at most 500), each with type, width 1-24, height 1-1000, x 0-23 and x + width <= 24; PutDashboard DashboardValidationMessages`,
    rule: 'dashboard_body is a JSON object with a widgets array of at most 500 widgets, each with a known type and fitting the 24-column grid',
    check: r => {
      const body = r.body.dashboard_body;
      if (typeof body !== 'string' || (isExpression(body) && body.trim().startsWith('${'))) return [];
      let parsed: any;
      try {
        parsed = JSON.parse(body);
      } catch {
        return ['dashboard_body is not JSON'];
      }
      if (!Array.isArray(parsed?.widgets)) return ['dashboard_body has no widgets array'];
      const out = parsed.widgets.length > 500 ? [`${parsed.widgets.length} widgets`] : [];
      parsed.widgets.forEach((w: any, i: number) => {
        if (!['metric', 'text', 'log', 'alarm', 'explorer', 'custom'].includes(w?.type)) out.push(`widget ${i} type ${JSON.stringify(w?.type)}`);
        const x = w.x ?? 0; const width = w.width ?? 6; const height = w.height ?? 6;
        if (!(width >= 1 && width <= 24 && height >= 1 && height <= 1000 && x >= 0 && x + width <= 24)) out.push(`widget ${i} at x ${x} width ${width} height ${height}`);
        if (w.type === 'metric' && !Array.isArray(w.properties?.metrics) && w.properties?.query === undefined) out.push(`metric widget ${i} without metrics`);
        if (w.type === 'text' && typeof w.properties?.markdown !== 'string') out.push(`text widget ${i} without markdown`);
      });
      return out;
    },
  }),
  apiRule({
    id: 'sns-topic-name',
    resourceType: 'aws_sns_topic',
    attributes: ['name', 'fifo_topic'],
    kind: 'regex',
    phase: 'plan',
    source: `${PROVIDER}/sns/topic.go: resourceTopicCustomizeDiff: name ^[a-zA-Z0-9_-]{1,256}$, or ^[a-zA-Z0-9_-]{1,251}\\.fifo$ for a FIFO topic`,
    rule: 'name is 1-256 letters, digits, _ and - (a FIFO topic: up to 251 of them then .fifo)',
    check: r => known(r.body, 'name').filter(v => !(r.body.fifo_topic === true ? /^[a-zA-Z0-9_-]{1,251}\.fifo$/ : /^[a-zA-Z0-9_-]{1,256}$/).test(String(v))).map(v => `name ${JSON.stringify(v)}`),
  }),
  conflictsRule({
    id: 'sns-topic-name-prefix',
    resourceType: 'aws_sns_topic',
    attributes: ['name', 'name_prefix'],
    source: `${PROVIDER}/sns/topic.go: name ConflictsWith name_prefix`,
  }),
  apiRule({
    id: 'sns-topic-fifo-settings',
    resourceType: 'aws_sns_topic',
    attributes: ['fifo_topic', 'content_based_deduplication'],
    kind: 'required-with',
    phase: 'plan',
    source: `${PROVIDER}/sns/topic.go: resourceTopicCustomizeDiff "content-based deduplication can only be set for FIFO topics"`,
    rule: 'content_based_deduplication only on a FIFO topic',
    check: r => (r.body.content_based_deduplication === true && r.body.fifo_topic !== true ? ['content_based_deduplication on a standard topic'] : []),
  }),
  lengthRule({
    id: 'sns-topic-display-name',
    resourceType: 'aws_sns_topic',
    attribute: 'display_name',
    max: 100,
    source: 'Amazon SNS API Reference SetTopicAttributes: DisplayName, for SMS subscriptions, up to 100 characters (the provider does not validate it)',
  }),
  apiRule({
    id: 'sns-topic-kms-for-alarms',
    resourceType: 'aws_sns_topic',
    attributes: ['kms_master_key_id', 'aws_kms_key.policy', 'aws_cloudwatch_metric_alarm.alarm_actions'],
    source: 'Amazon SNS Developer Guide "Configure AWS KMS permissions for AWS services" (encrypted topics): CloudWatch alarms publish to an SSE-KMS topic only if the key policy lets cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*; otherwise notifications are dropped silently',
    rule: 'a topic that alarms of the stack notify is encrypted (kms_master_key_id) with a key whose policy admits the CloudWatch service for kms:Decrypt and kms:GenerateDataKey*',
    check: (r, s) => {
      const notified = resourcesOfType(s, 'aws_cloudwatch_metric_alarm').some(a => [a.body.alarm_actions ?? [], a.body.ok_actions ?? []].flat().some((x: unknown) => String(x).includes(`aws_sns_topic.${r.name}.arn`)));
      if (!notified) return [];
      if (!isSet(r.body, 'kms_master_key_id')) return ['alarm topic without kms_master_key_id'];
      const key = referenced(s, r.body.kms_master_key_id, 'aws_kms_key');
      if (!key || typeof key.body.policy !== 'string') return [];
      let statements: any[];
      try {
        statements = [JSON.parse(key.body.policy).Statement].flat();
      } catch {
        return [];
      }
      const admits = statements.some(st => st?.Effect === 'Allow'
        && [st.Principal?.Service].flat().some((p: unknown) => String(p).startsWith('cloudwatch.'))
        && ['kms:Decrypt', 'kms:GenerateDataKey*'].every(a => [st.Action].flat().some((x: unknown) => x === a || x === 'kms:*')));
      return admits ? [] : [`key ${key.name} does not admit CloudWatch alarms`];
    },
  }),
  apiRule({
    id: 'sns-topic-policy',
    resourceType: 'aws_sns_topic_policy',
    attributes: ['arn', 'policy'],
    source: `${PROVIDER}/sns/topic_policy.go: arn Required, ForceNew, verify.ValidARN; policy sdkv2.IAMPolicyDocumentSchemaRequired; Amazon SNS quotas: a topic policy is at most 30 KB; each aws_sns_topic_policy replaces the topic's whole policy`,
    rule: 'arn is a topic ARN, policy is JSON of at most 30 KB, and a topic has at most one aws_sns_topic_policy',
    check: (r, s) => {
      const out: string[] = [];
      const arn = r.body.arn;
      if (!isSet(r.body, 'arn')) out.push('arn missing');
      else if (!isExpression(arn) && !/^arn:aws[a-z-]*:sns:/.test(String(arn))) out.push(`arn ${arn}`);
      else if (isExpression(arn) && !(referenced(s, arn, 'aws_sns_topic') && String(arn).endsWith('.arn}'))) out.push(`arn ${arn} is not the arn of a topic of this stack`);
      if (typeof r.body.policy === 'string' && !(isExpression(r.body.policy) && r.body.policy.trim().startsWith('${'))) {
        try {
          JSON.parse(r.body.policy);
        } catch {
          out.push('policy is not JSON');
        }
        if (r.body.policy.replace(/\$\{[^}]*\}/g, 'x'.repeat(80)).length > 30720) out.push('policy over 30 KB');
      }
      const same = resourcesOfType(s, r.type).filter(o => o.body.arn === arn);
      if (same.length > 1) out.push(`${same.length} policies for ${arn}`);
      return out;
    },
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
    ['aws_cloudwatch_log_resource_policy', 'policy_name', 'CloudWatch Logs API Reference PutResourcePolicy (a policy of the same name is replaced)'],
    ['aws_cloudwatch_dashboard', 'dashboard_name', 'CloudWatch API Reference PutDashboard (a dashboard of the same name is replaced)'],
    ['aws_sns_topic', 'name', 'Amazon SNS API Reference CreateTopic (an existing topic of that name is returned and then shared)'],
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
  aws_route53_resolver_firewall_domain_list: { attributes: ['name'], source: 'route53resolver/firewall_domain_list.go (domains are replaced in place)' },
  aws_route53_resolver_firewall_rule_group: { attributes: ['name'], source: 'route53resolver/firewall_rule_group.go' },
  aws_route53_resolver_firewall_rule: { attributes: ['firewall_rule_group_id', 'firewall_domain_list_id'], source: 'route53resolver/firewall_rule.go (action, priority and block settings update in place)' },
  aws_route53_resolver_firewall_rule_group_association: { attributes: ['firewall_rule_group_id', 'vpc_id'], source: 'route53resolver/firewall_rule_group_association.go (name, priority and mutation_protection update in place)' },
  aws_route53_resolver_firewall_config: { attributes: ['resource_id'], source: 'route53resolver/firewall_config.go' },
  aws_route53_resolver_query_log_config: { attributes: ['name', 'destination_arn'], source: 'route53resolver/query_log_config.go' },
  aws_route53_resolver_query_log_config_association: { attributes: ['resolver_query_log_config_id', 'resource_id'], source: 'route53resolver/query_log_config_association.go' },
  aws_cloudwatch_log_resource_policy: { attributes: ['policy_name', 'resource_arn'], source: 'logs/resource_policy.go' },
  aws_cloudwatch_dashboard: { attributes: ['dashboard_name'], source: 'cloudwatch/dashboard.go' },
  aws_sns_topic: { attributes: ['name', 'name_prefix', 'fifo_topic'], source: 'sns/topic.go' },
  aws_sns_topic_policy: { attributes: ['arn'], source: 'sns/topic_policy.go' },
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
