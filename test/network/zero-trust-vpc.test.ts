import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AnnotationMetadataEntryType, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { EncryptionKey, SecurityGroup, ZeroTrustVpc } from '../../src';
import { INTERFACE_ENDPOINT_SERVICES } from '../../src/shared/private/aws-catalog';
import { onlyResource, policyDocumentFor, refName, resourcesOf, synth, testStack } from '../util';

describe('ZeroTrustVpc defaults', () => {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network');
  const app = new SecurityGroup(stack, 'App', { vpcId: vpc.vpcId, description: 'test app' });
  vpc.endpointSecurityGroup.connections.allowDefaultPortFrom(app);
  const s = synth(stack);

  test('VPC 10.0.0.0/16 with DNS support for private endpoint DNS', () => {
    expect(onlyResource(s, 'aws_vpc')).toMatchObject({ cidr_block: '10.0.0.0/16', enable_dns_hostnames: true, enable_dns_support: true });
  });

  test('two AZs × three tiers, no subnet ever maps public IPs', () => {
    const subnets = resourcesOf(s, 'aws_subnet');
    expect(subnets).toHaveLength(6);
    for (const subnet of subnets) expect(subnet.map_public_ip_on_launch).toBe(false);
    const tiers = subnets.map(x => x.tags['confluxdb:tier']).sort();
    expect(tiers).toEqual(['isolated', 'isolated', 'private', 'private', 'public', 'public']);
    expect(subnets.map(x => x.cidr_block).sort()).toEqual(
      ['10.0.0.0/20', '10.0.16.0/20', '10.0.32.0/22', '10.0.36.0/22', '10.0.40.0/24', '10.0.41.0/24'].sort());
  });

  test('AZs come from the non-opt-in zones of the region, not filtered by momentary state', () => {
    const zones = s.data.aws_availability_zones;
    const z = Object.values(zones)[0] as any;
    expect(z.state).toBeUndefined();
    expect(z.filter).toEqual([{ name: 'opt-in-status', values: ['opt-in-not-required'] }]);
    expect(vpc.availabilityZones).toHaveLength(2);
  });

  test('one NAT gateway per AZ, in the public subnets, each private table routes to its own', () => {
    const nats = resourcesOf(s, 'aws_nat_gateway');
    expect(nats).toHaveLength(2);
    const publicSubnets = Object.entries(s.resource.aws_subnet).filter(([, v]: any) => v.tags['confluxdb:tier'] === 'public').map(([k]) => k);
    for (const nat of nats) expect(publicSubnets).toContain(refName(nat.subnet_id, 'aws_subnet'));
    expect(resourcesOf(s, 'aws_eip').every(e => e.domain === 'vpc')).toBe(true);
    const natRoutes = resourcesOf(s, 'aws_route').filter(r => r.nat_gateway_id);
    expect(natRoutes).toHaveLength(2);
    expect(new Set(natRoutes.map(r => r.nat_gateway_id)).size).toBe(2);
    expect(new Set(natRoutes.map(r => r.route_table_id)).size).toBe(2);
  });

  test('the isolated route table has no default route, and only the public table reaches the IGW', () => {
    const isolatedTable = Object.entries(s.resource.aws_route_table).find(([, v]: any) => v.tags.Name.endsWith('-isolated'))![0];
    const routes = resourcesOf(s, 'aws_route');
    expect(routes.filter(r => r.route_table_id.includes(`aws_route_table.${isolatedTable}.`))).toHaveLength(0);
    const igwRoutes = routes.filter(r => r.gateway_id);
    expect(igwRoutes).toHaveLength(1);
    expect(igwRoutes[0].route_table_id).toMatch(/public/i);
    // No inline routes either.
    for (const table of resourcesOf(s, 'aws_route_table')) expect(table.route).toBeUndefined();
  });

  test('isolated subnets are associated only with the isolated table', () => {
    const isolatedSubnets = Object.entries(s.resource.aws_subnet).filter(([, v]: any) => v.tags['confluxdb:tier'] === 'isolated').map(([k]) => k);
    const assoc = resourcesOf(s, 'aws_route_table_association').filter(a => isolatedSubnets.includes(refName(a.subnet_id, 'aws_subnet')));
    expect(assoc).toHaveLength(2);
    for (const a of assoc) expect(s.resource.aws_route_table[refName(a.route_table_id, 'aws_route_table')].tags.Name).toMatch(/-isolated$/);
  });

  test('S3 gateway endpoint on private and isolated tables, policy limited to the account and ECR layers', () => {
    const endpoints = resourcesOf(s, 'aws_vpc_endpoint');
    const s3 = endpoints.find(e => e.vpc_endpoint_type === 'Gateway');
    expect(s3.service_name).toMatch(/\.s3$/);
    expect(s3.route_table_ids).toHaveLength(3);
    const policy = JSON.parse(s3.policy);
    const account = policy.Statement.find((x: any) => x.Sid === 'BucketsOfThisAccount');
    expect(account.Condition.StringEquals['aws:ResourceAccount']).toMatch(/data\.aws_caller_identity/);
    expect(account.Action).not.toContain('s3:*');
    const ecr = policy.Statement.find((x: any) => x.Sid === 'EcrImageLayers');
    expect(ecr.Resource[0]).toMatch(/^arn:\$\{.*\}:s3:::prod-\$\{.*\}-starport-layer-bucket\/\*$/);
    expect(ecr.Action).toEqual(['s3:GetObject']);
  });

  test('default interface endpoints with private DNS in the private subnets behind the endpoint SG', () => {
    const iface = resourcesOf(s, 'aws_vpc_endpoint').filter(e => e.vpc_endpoint_type === 'Interface');
    expect(iface.map(e => e.service_name.split('}.')[1]).sort()).toEqual(['ecr.api', 'ecr.dkr', 'kms', 'logs', 'secretsmanager', 'sts']);
    for (const e of iface) {
      expect(e.private_dns_enabled).toBe(true);
      expect(e.subnet_ids).toHaveLength(2);
      expect(e.security_group_ids).toHaveLength(1);
    }
  });

  test('endpoint SG admits 443 only from granted security groups, never from a CIDR', () => {
    const ingress = resourcesOf(s, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ from_port: 443, to_port: 443, ip_protocol: 'tcp' });
    expect(ingress[0].referenced_security_group_id).toMatch(/aws_security_group\..*app.*\.id/i);
    expect(ingress[0].cidr_ipv4).toBeUndefined();
    const sgs = resourcesOf(s, 'aws_security_group');
    for (const sg of sgs) {
      expect(sg.ingress).toBeUndefined();
      expect(sg.description.length).toBeGreaterThan(0);
    }
    // The granted peer gets egress to the endpoint SG and to the S3 prefix list, nothing wider.
    const egress = resourcesOf(s, 'aws_vpc_security_group_egress_rule');
    expect(egress.map(e => e.referenced_security_group_id ?? e.prefix_list_id).length).toBe(2);
    expect(egress.every(e => e.cidr_ipv4 === undefined && e.from_port === 443)).toBe(true);
    expect(egress.some(e => /aws_vpc_endpoint\..*prefix_list_id/.test(e.prefix_list_id ?? ''))).toBe(true);
  });

  test('default security group declared with no rules', () => {
    const d = onlyResource(s, 'aws_default_security_group');
    expect(d.ingress).toBeUndefined();
    expect(d.egress).toBeUndefined();
    expect(d.vpc_id).toMatch(/aws_vpc\./);
  });

  test('flow logs: ALL traffic into an encrypted log group with 365 days retention', () => {
    const flow = onlyResource(s, 'aws_flow_log');
    expect(flow).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    const group = s.resource.aws_cloudwatch_log_group[refName(flow.log_destination, 'aws_cloudwatch_log_group')];
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
  });

  test('the flow log role may write only to its own log group', () => {
    const flow = onlyResource(s, 'aws_flow_log');
    const roleName = refName(flow.iam_role_arn, 'aws_iam_role');
    const role = s.resource.aws_iam_role[roleName];
    const trust = policyDocumentFor(s, role.assume_role_policy);
    expect(trust.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }]);
    expect(trust.statement[0].condition.map((c: any) => c.variable)).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
    const rolePolicy = resourcesOf(s, 'aws_iam_role_policy').find(p => p.role.includes(`aws_iam_role.${roleName}.`));
    const doc = policyDocumentFor(s, rolePolicy.policy);
    expect(doc.statement).toHaveLength(1);
    expect(doc.statement[0].actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']);
    const groupRef = refName(flow.log_destination, 'aws_cloudwatch_log_group');
    for (const r of doc.statement[0].resources) expect(r).toContain(`aws_cloudwatch_log_group.${groupRef}.arn`);
  });

  test('KMS key rotates and its policy names no wildcard principal', () => {
    const key = onlyResource(s, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    const policy = JSON.parse(key.policy);
    for (const st of policy.Statement) {
      expect(JSON.stringify(st.Principal)).not.toMatch(/"\*"/);
    }
    const logs = policy.Statement.find((x: any) => x.Sid === 'CloudWatchLogsOfThisAccountOnly');
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toMatch(/:logs:.*:log-group:\*$/);
  });

  test('exposes what consumers need', () => {
    expect(vpc.privateSubnetIds).toHaveLength(2);
    expect(vpc.isolatedSubnetIds).toHaveLength(2);
    expect(vpc.publicSubnetIds).toHaveLength(2);
    expect(vpc.vpcId).toMatch(/TOKEN/);
    expect(vpc.vpcCidrBlock).toMatch(/TOKEN/);
    expect(vpc.endpointSecurityGroup.securityGroupId).toMatch(/TOKEN/);
  });
});

describe('ZeroTrustVpc options', () => {
  test('natGateways 0: no internet gateway, no NAT, no public subnets, no default routes', () => {
    const stack = testStack();
    new ZeroTrustVpc(stack, 'Network', { natGateways: 0 });
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_internet_gateway')).toHaveLength(0);
    expect(resourcesOf(s, 'aws_nat_gateway')).toHaveLength(0);
    expect(resourcesOf(s, 'aws_route')).toHaveLength(0);
    expect(resourcesOf(s, 'aws_subnet').some(x => x.tags['confluxdb:tier'] === 'public')).toBe(false);
  });

  test('natGateways 1 with three AZs: every private table routes through the one gateway', () => {
    const stack = testStack();
    new ZeroTrustVpc(stack, 'Network', { azCount: 3, natGateways: 1 });
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_nat_gateway')).toHaveLength(1);
    const routes = resourcesOf(s, 'aws_route').filter(r => r.nat_gateway_id);
    expect(routes).toHaveLength(3);
    expect(new Set(routes.map(r => r.nat_gateway_id)).size).toBe(1);
  });

  test('explicit availability zones are used as given', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
    const s = synth(stack);
    expect(vpc.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(s.data.aws_availability_zones).toBeUndefined();
    expect(resourcesOf(s, 'aws_subnet').map(x => x.availability_zone).sort()).toEqual(
      ['eu-west-1a', 'eu-west-1a', 'eu-west-1a', 'eu-west-1b', 'eu-west-1b', 'eu-west-1b', 'eu-west-1c', 'eu-west-1c', 'eu-west-1c']);
  });

  test('custom interface endpoints, retention and a shared key', () => {
    const stack = testStack();
    const key = new EncryptionKey(stack, 'Shared');
    new ZeroTrustVpc(stack, 'Network', { interfaceEndpoints: ['ssm'], flowLogRetentionDays: 731, encryptionKey: key });
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_vpc_endpoint').filter(e => e.vpc_endpoint_type === 'Interface')).toHaveLength(1);
    expect(resourcesOf(s, 'aws_kms_key')).toHaveLength(1);
    expect(onlyResource(s, 'aws_cloudwatch_log_group').retention_in_days).toBe(731);
  });

  test('subnet layout packs a /20 VPC', () => {
    const stack = testStack();
    new ZeroTrustVpc(stack, 'Network', { cidrBlock: '172.16.0.0/20', azCount: 3 });
    const cidrs = resourcesOf(synth(stack), 'aws_subnet').map(x => x.cidr_block);
    expect(new Set(cidrs).size).toBe(9);
    expect(cidrs.filter(c => c.endsWith('/24'))).toHaveLength(3);
  });
});

describe('ZeroTrustVpc bad input fails at synth naming the path and prop', () => {
  const cases: Array<[string, object, RegExp]> = [
    ['malformed CIDR', { cidrBlock: '10.0.0/16' }, /Test\/Network: invalid cidrBlock "10\.0\.0\/16"\. Allowed: an IPv4 network address/],
    ['CIDR with host bits', { cidrBlock: '10.0.0.1/16' }, /invalid cidrBlock "10\.0\.0\.1\/16"/],
    ['CIDR prefix too large', { cidrBlock: '10.0.0.0/8' }, /invalid cidrBlock "10\.0\.0\.0\/8".*\/16 to \/24/],
    ['CIDR prefix too small', { cidrBlock: '10.0.0.0/26' }, /invalid cidrBlock "10\.0\.0\.0\/26"/],
    ['layout that does not fit', { cidrBlock: '10.0.0.0/24', azCount: 6 }, /invalid cidrBlock "10\.0\.0\.0\/24"\. Allowed: a block large enough for 6 AZs/],
    ['explicit subnet prefix that does not fit', { cidrBlock: '10.0.0.0/16', privateSubnetPrefix: 17, azCount: 3 }, /invalid cidrBlock .*large enough for 3 AZs/],
    ['subnet prefix out of range', { privateSubnetPrefix: 30 }, /invalid privateSubnetPrefix 30\. Allowed: an integer from 17 to 28/],
    ['azCount below 2', { azCount: 1 }, /Test\/Network: invalid azCount 1\. Allowed: an integer from 2 to 6/],
    ['azCount above 6', { azCount: 7 }, /invalid azCount 7/],
    ['azCount not an integer', { azCount: 2.5 }, /invalid azCount 2\.5/],
    ['availabilityZones too short', { availabilityZones: ['eu-west-1a'] }, /invalid availabilityZones \["eu-west-1a"\]\. Allowed: a list of 2 to 6/],
    ['availabilityZones too long', { availabilityZones: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(x => `eu-west-1${x}`) }, /invalid availabilityZones .*2 to 6/],
    ['availabilityZones malformed', { availabilityZones: ['eu-west-1a', 'west'] }, /invalid availabilityZones "west"/],
    ['availabilityZones of another region than the provider\'s', { availabilityZones: ['us-east-1a', 'us-east-1b'] },
      /Test\/Network: invalid availabilityZones \["us-east-1a", "us-east-1b"\]\. Allowed: zones of the AwsProvider's region eu-west-1, such as "eu-west-1a" \(these are in us-east-1\)/],
    ['availabilityZones of two regions', { availabilityZones: ['eu-west-1a', 'eu-central-1b'] },
      /Test\/Network: invalid availabilityZones \["eu-west-1a", "eu-central-1b"\]\. Allowed: zones of one region \(these are in eu-west-1 and eu-central-1\)/],
    ['availabilityZones duplicated', { availabilityZones: ['eu-west-1a', 'eu-west-1a'] }, /invalid availabilityZones "eu-west-1a"\. Allowed: each value once/],
    ['natGateways negative', { natGateways: -1 }, /invalid natGateways -1\. Allowed: an integer from 0 to 2/],
    ['natGateways above AZ count', { natGateways: 3 }, /invalid natGateways 3\. Allowed: an integer from 0 to 2/],
    ['interface endpoint malformed', { interfaceEndpoints: ['ECR API'] }, /invalid interfaceEndpoints "ECR API"/],
    ['interface endpoint for s3', { interfaceEndpoints: ['s3'] }, /invalid interfaceEndpoints "s3".*gateway endpoint/],
    ['interface endpoint with a typo', { interfaceEndpoints: ['secretmanager'] },
      /Test\/Network: invalid interfaceEndpoints "secretmanager"\. Allowed: a service AWS offers as an interface endpoint \(did you mean "secretsmanager"\?\), .*set allowUnlistedInterfaceEndpoints: true/],
    ['interface endpoint that AWS does not offer', { interfaceEndpoints: ['ecr.api', 'route53'] }, /invalid interfaceEndpoints "route53"\. Allowed: a service AWS offers as an interface endpoint, e\.g\./],
    ['malformed endpoint even with the escape hatch', { interfaceEndpoints: ['ECR API'], allowUnlistedInterfaceEndpoints: true }, /invalid interfaceEndpoints "ECR API"/],
    ['flow log retention CloudWatch does not offer', { flowLogRetentionDays: 100 }, /invalid flowLogRetentionDays 100\. Allowed: one of 1, 3, 5/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const stack = testStack();
    expect(() => new ZeroTrustVpc(stack, 'Network', props)).toThrow(message);
  });
});

describe('ZeroTrustVpc interface endpoint names', () => {
  test('every service the library itself reaches is on the list of AWS interface endpoint services', () => {
    for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts', 'kms', 'ssm', 'sqs', 'dynamodb', 'ecs', 'lambda', 'states', 'sns', 'monitoring', 'xray']) {
      expect(INTERFACE_ENDPOINT_SERVICES).toContain(service);
    }
    expect(INTERFACE_ENDPOINT_SERVICES).not.toContain('s3');
    expect(new Set(INTERFACE_ENDPOINT_SERVICES).size).toBe(INTERFACE_ENDPOINT_SERVICES.length);
  });

  test('names read on AWS pages are accepted; names AWS serves under another prefix are refused', () => {
    // account, appconfig*-fips: the PrivateLink page; *-omics: HealthOmics page; eventsv2: EventBridge page.
    const stack = testStack();
    const seen = ['account', 'appconfig-fips', 'appconfigdata-fips', 'analytics-omics', 'workflows-omics', 'eventsv2'];
    new ZeroTrustVpc(stack, 'Network', { interfaceEndpoints: seen });
    const names = resourcesOf(synth(stack), 'aws_vpc_endpoint').map((e: any) => e.service_name);
    for (const service of seen) expect(names.some((n: string) => n.endsWith(`.${service}`))).toBe(true);
    // aws.api.<region>.kendra-ranking / .qbusiness, aws.api.global.codecatalyst, <x>-omics: not com.amazonaws.<region>.<name>.
    for (const service of ['kendra-ranking', 'qbusiness', 'codecatalyst', 'omics.storage']) {
      expect(() => new ZeroTrustVpc(testStack(), 'Network', { interfaceEndpoints: [service] })).toThrow(`invalid interfaceEndpoints "${service}"`);
    }
  });

  test('a service newer than the list passes with allowUnlistedInterfaceEndpoints, with a warning naming it', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { interfaceEndpoints: ['ecr.api', 'brand-new-service'], allowUnlistedInterfaceEndpoints: true });
    const names = resourcesOf(synth(stack), 'aws_vpc_endpoint').map((e: any) => e.service_name);
    expect(names.some((n: string) => n.endsWith('.brand-new-service'))).toBe(true);
    const warnings = vpc.node.metadata.filter(m => m.type === AnnotationMetadataEntryType.WARN).map(m => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/^interfaceEndpoints: "brand-new-service" is not on the library's list/)]);
  });
});

describe('ZeroTrustVpc zones and the provider region', () => {
  test('a provider added after the VPC is still checked, at synth', () => {
    const stack = new TerraformStack(Testing.app(), 'Late');
    new ZeroTrustVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b'] });
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    expect(() => Testing.synth(stack, true)).toThrow(/Late\/Network: invalid availabilityZones \["us-east-1a", "us-east-1b"\]\. Allowed: zones of the AwsProvider's region eu-west-1/);
  });

  test('a region only known at apply, or only an aliased provider, is not judged', () => {
    const stack = new TerraformStack(Testing.app(), 'Unknown');
    new AwsProvider(stack, 'aws', { region: new TerraformVariable(stack, 'region', { type: 'string' }).stringValue });
    new AwsProvider(stack, 'other', { region: 'eu-west-1', alias: 'other' });
    new ZeroTrustVpc(stack, 'Network', { availabilityZones: ['us-east-1a', 'us-east-1b'] });
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
