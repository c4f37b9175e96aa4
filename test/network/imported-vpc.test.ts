import { ContainerImage, EphemeralRunnerPipeline, LeastPrivilegeFargateService, PrivateMultiAzDatabase, ZeroTrustVpc, ZeroTrustVpcAttributes } from '../../src';
import { EXISTING_NETWORK, onlyResource, resourcesOf, synth, testStack } from '../util';

const ATTRS: ZeroTrustVpcAttributes = { ...EXISTING_NETWORK, interfaceEndpointServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] };
const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/app';

describe('ZeroTrustVpc.fromVpcAttributes: every construct can be placed in an existing network', () => {
  const stack = testStack();
  const vpc = ZeroTrustVpc.fromVpcAttributes(stack, 'Existing', ATTRS);
  const db = new PrivateMultiAzDatabase(stack, 'Db', { vpc });
  const service = new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), containerPort: 8080 });
  db.grantConnect(service, 'app');
  new EphemeralRunnerPipeline(stack, 'Pipeline', {
    vpc, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '2.329.0'),
  });
  const s = synth(stack);

  test('no VPC, subnet or endpoint is created; resources use the given IDs', () => {
    for (const type of ['aws_vpc', 'aws_subnet', 'aws_vpc_endpoint', 'aws_route_table', 'aws_nat_gateway']) expect(resourcesOf(s, type)).toHaveLength(0);
    expect(onlyResource(s, 'aws_db_subnet_group').subnet_ids).toEqual(ATTRS.isolatedSubnetIds);
    expect(onlyResource(s, 'aws_ecs_service').network_configuration.subnets).toEqual(ATTRS.privateSubnetIds);
    const groups = resourcesOf(s, 'aws_security_group');
    expect(groups.length).toBeGreaterThanOrEqual(5); // service, runner, three functions
    for (const sg of groups) expect(sg.vpc_id).toBe(ATTRS.vpcId);
  });

  test('workloads are let in to the existing endpoint security group and get egress to the S3 prefix list', () => {
    const toEndpoints = resourcesOf(s, 'aws_vpc_security_group_ingress_rule').filter(r => r.security_group_id === ATTRS.endpointSecurityGroupId);
    expect(toEndpoints.length).toBeGreaterThanOrEqual(5); // service, runner, three functions
    expect(toEndpoints.every(r => r.from_port === 443)).toBe(true);
    const s3 = resourcesOf(s, 'aws_vpc_security_group_egress_rule').filter(r => r.prefix_list_id);
    expect(s3.length).toBeGreaterThanOrEqual(toEndpoints.length); // every workload let in to the endpoints
    expect(s3.every(r => r.prefix_list_id.startsWith('${data.aws_prefix_list.'))).toBe(true);
    expect(onlyResource({ resource: s.data, data: {} } as any, 'aws_prefix_list').name).toMatch(/^com\.amazonaws\..*\.s3$/);
  });

  test('the network\'s default security group may have rules: functions keep their own group on destroy', () => {
    const functions = resourcesOf(s, 'aws_lambda_function');
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const fn of functions) expect(fn.replace_security_groups_on_destroy).toBeUndefined();
  });
});

describe('ZeroTrustVpc.fromVpcAttributes refuses what cannot work', () => {
  const cases: Array<[string, Partial<ZeroTrustVpcAttributes>, RegExp]> = [
    ['a subnet that is not a subnet ID', { privateSubnetIds: ['10.0.1.0/24'] }, /Test\/Existing: invalid privateSubnetIds "10\.0\.1\.0\/24"\. Allowed: subnet IDs/],
    ['one isolated subnet (RDS needs two AZs)', { isolatedSubnetIds: ['subnet-0bbbbbbbbbbbbbbb1'] }, /invalid isolatedSubnetIds \["subnet-0bbbbbbbbbbbbbbb1"\]\. Allowed: one subnet per availability zone \(2\), in the order of availabilityZones\./],
    ['an endpoint security group that is not one', { endpointSecurityGroupId: 'endpoints' }, /^Test\/Existing: invalid endpointSecurityGroupId "endpoints"\. Allowed: a security group ID/],
    ['a VPC ID that is not one', { vpcId: 'my-vpc' }, /invalid vpcId "my-vpc"/],
    ['endpoint services without their security group', { endpointSecurityGroupId: undefined }, /invalid endpointSecurityGroupId \(missing\)/],
    ['duplicate zones', { availabilityZones: ['eu-west-1a', 'eu-west-1a'] }, /invalid availabilityZones "eu-west-1a"\. Allowed: each value once/],
    ['zones of another region than the provider\'s', { availabilityZones: ['us-east-1a', 'us-east-1b'] },
      /Test\/Existing: invalid availabilityZones \["us-east-1a", "us-east-1b"\]\. Allowed: zones of the AwsProvider's region eu-west-1/],
    ['zones of two regions', { availabilityZones: ['eu-west-1a', 'us-east-1b'] }, /Test\/Existing: invalid availabilityZones .*Allowed: zones of one region/],
    ['one zone', { availabilityZones: ['eu-west-1a'] }, /Test\/Existing: invalid availabilityZones \["eu-west-1a"\]\. Allowed: at least two availability zone names/],
    ['an endpoint service twice', { interfaceEndpointServices: ['logs', 'logs'] }, /Test\/Existing: invalid interfaceEndpointServices "logs"\. Allowed: each value once/],
  ];
  test.each(cases)('%s', (_n, attrs, message) => {
    expect(() => ZeroTrustVpc.fromVpcAttributes(testStack(), 'Existing', { ...ATTRS, ...attrs })).toThrow(message);
  });

  test('internetEgress must be stated (JavaScript callers)', () => {
    const { internetEgress: _omit, ...rest } = ATTRS;
    expect(() => ZeroTrustVpc.fromVpcAttributes(testStack(), 'Existing', rest as any)).toThrow(/invalid internetEgress \(missing\)/);
  });

  test('a network without NAT cannot host the runner pipeline; without endpoints a service needs internet egress', () => {
    const stack = testStack();
    const isolated = ZeroTrustVpc.fromVpcAttributes(stack, 'Existing', { ...ATTRS, internetEgress: false });
    expect(() => new EphemeralRunnerPipeline(stack, 'Pipeline', {
      vpc: isolated, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'),
    })).toThrow(/Test\/Pipeline: invalid vpc "a network without NAT gateways"/);
    const bare = ZeroTrustVpc.fromVpcAttributes(stack, 'Bare', {
      vpcId: ATTRS.vpcId,
      availabilityZones: ATTRS.availabilityZones,
      internetEgress: true,
      privateSubnetIds: ATTRS.privateSubnetIds,
      isolatedSubnetIds: ATTRS.isolatedSubnetIds,
    });
    expect(() => new LeastPrivilegeFargateService(stack, 'Service', { vpc: bare, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0') }))
      .toThrow(/Test\/Service: invalid vpc "a network without interface endpoints for ecr\.api, ecr\.dkr, logs and an S3 gateway endpoint"\. Allowed: .*or allowInternetEgress: true to reach them through NAT/);
    expect(() => new LeastPrivilegeFargateService(stack, 'Service2', { vpc: bare, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), allowInternetEgress: true })).not.toThrow();
  });

  test('an ECR image needs the S3 gateway endpoint (image layers) or NAT, like any other service it calls', () => {
    const stack = testStack();
    const noS3 = ZeroTrustVpc.fromVpcAttributes(stack, 'NoS3', { ...ATTRS, s3GatewayEndpoint: false });
    expect(() => new LeastPrivilegeFargateService(stack, 'Service', { vpc: noS3, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0') }))
      .toThrow(/Test\/Service: invalid vpc "a network without an S3 gateway endpoint"\. Allowed: .*s3GatewayEndpoint.*or allowInternetEgress: true/);
    new LeastPrivilegeFargateService(stack, 'Egress', { vpc: noS3, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), allowInternetEgress: true });
    const egress = resourcesOf(synth(stack), 'aws_vpc_security_group_egress_rule').filter(r => r.cidr_ipv4 === '0.0.0.0/0');
    expect(egress.map(r => [r.from_port, r.to_port])).toEqual([[443, 443]]);
  });
});
