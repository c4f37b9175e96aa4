/**
 * Imported networks that cannot exist are refused, naming the prop (issue 22): subnets per tier
 * must match the zones one to one, and a subnet is in one tier only. Consistent layouts — with or
 * without public subnets, interface endpoints, the S3 gateway endpoint — are accepted, including
 * the most common real one: NAT plus an S3 gateway endpoint and no interface endpoints.
 */
import * as fc from 'fast-check';
import { ContainerImage, LeastPrivilegeFargateService, ZeroTrustVpc, ZeroTrustVpcAttributes } from '../../src';
import { refusal, resourcesOf, synth, testStack } from '../util';

const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/app';
const SHAPE = /^Test\/Existing: invalid [A-Za-z]+ .+\. Allowed: .+\.$/s;

/** A consistent layout: n zones, n private, n isolated, 0 or n public subnets, all distinct. */
const layout = fc.record({
  zones: fc.integer({ min: 2, max: 6 }),
  withPublic: fc.boolean(),
  internetEgress: fc.boolean(),
  s3GatewayEndpoint: fc.boolean(),
  interfaces: fc.subarray(['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'kms']),
  ids: fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{17}$/), { minLength: 18, maxLength: 18 }),
}).map(({ zones, withPublic, internetEgress, s3GatewayEndpoint, interfaces, ids }): ZeroTrustVpcAttributes => {
  const sub = (i: number) => `subnet-${ids[i]}`;
  return {
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    availabilityZones: 'abcdef'.slice(0, zones).split('').map(z => `eu-west-1${z}`),
    privateSubnetIds: Array.from({ length: zones }, (_, i) => sub(i)),
    isolatedSubnetIds: Array.from({ length: zones }, (_, i) => sub(6 + i)),
    publicSubnetIds: withPublic ? Array.from({ length: zones }, (_, i) => sub(12 + i)) : undefined,
    internetEgress,
    s3GatewayEndpoint,
    interfaceEndpointServices: interfaces.length ? interfaces : undefined,
    endpointSecurityGroupId: interfaces.length ? 'sg-0ccccccccccccccc1' : undefined,
  };
});

const importing = (attrs: ZeroTrustVpcAttributes) => () => ZeroTrustVpc.fromVpcAttributes(testStack(), 'Existing', attrs);

test('consistent layouts are accepted', () => {
  fc.assert(fc.property(layout, (attrs) => refusal(importing(attrs)) === ''), { numRuns: 100 });
});

type Tier = 'privateSubnetIds' | 'isolatedSubnetIds' | 'publicSubnetIds';
/** One inconsistency applied to a consistent layout, and the prop the refusal must name. */
const inconsistency = fc.oneof(
  // fewer or more subnets than zones in a tier (public: any count but none or one per zone)
  fc.tuple(fc.constantFrom<Tier>('privateSubnetIds', 'isolatedSubnetIds', 'publicSubnetIds'), fc.integer({ min: -5, max: 3 }).filter(d => d !== 0))
    .map(([tier, delta]) => ({
      prop: tier,
      apply: (a: ZeroTrustVpcAttributes): ZeroTrustVpcAttributes | undefined => {
        const base = a[tier] ?? a.privateSubnetIds.map((s, i) => s.replace(/^subnet-0/, 'subnet-f').replace(/.$/, String(i)));
        const n = base.length + delta;
        if (n < 1) return undefined;
        const extra = Array.from({ length: Math.max(0, delta) }, (_, i) => `subnet-e${i}eeeeeeeeeeeeeee`);
        return { ...a, [tier]: [...base.slice(0, n), ...extra].slice(0, n) };
      },
    })),
  // the same subnet in two tiers
  fc.tuple(fc.constantFrom<[Tier, Tier]>(['privateSubnetIds', 'isolatedSubnetIds'], ['publicSubnetIds', 'privateSubnetIds'], ['publicSubnetIds', 'isolatedSubnetIds']), fc.nat(), fc.nat())
    .map(([[from, to], i, j]) => ({
      prop: from === 'privateSubnetIds' ? 'isolatedSubnetIds' : 'publicSubnetIds', // the later of the two in validation order
      apply: (a: ZeroTrustVpcAttributes): ZeroTrustVpcAttributes | undefined => {
        const source = a[from];
        const target = [...(a[to] ?? [])];
        if (!source || target.length === 0) return undefined;
        target[j % target.length] = source[i % source.length];
        return { ...a, [to]: target };
      },
    })),
);

test('each kind of inconsistency is refused, naming the prop', () => {
  fc.assert(fc.property(layout, inconsistency, (attrs, { prop, apply }) => {
    const broken = apply(attrs);
    fc.pre(broken !== undefined);
    const msg = refusal(importing(broken!));
    return SHAPE.test(msg) && msg.startsWith(`Test/Existing: invalid ${prop} `);
  }), { numRuns: 150 });
});

test('the same subnet as private and isolated names both tiers', () => {
  const msg = refusal(importing({
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    internetEgress: true,
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    isolatedSubnetIds: ['subnet-0aaaaaaaaaaaaaaa2', 'subnet-0bbbbbbbbbbbbbbb2'],
  }));
  expect(msg).toBe('Test/Existing: invalid isolatedSubnetIds "subnet-0aaaaaaaaaaaaaaa2". Allowed: subnets that are in no other tier '
    + '("subnet-0aaaaaaaaaaaaaaa2" is also in privateSubnetIds; a subnet has one route table).');
});

test('NAT plus an S3 gateway endpoint and no interface endpoints hosts a service: S3 through the endpoint, the rest through NAT', () => {
  const stack = testStack();
  const vpc = ZeroTrustVpc.fromVpcAttributes(stack, 'Existing', {
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    internetEgress: true,
    s3GatewayEndpoint: true,
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
    isolatedSubnetIds: ['subnet-0bbbbbbbbbbbbbbb1', 'subnet-0bbbbbbbbbbbbbbb2'],
    publicSubnetIds: ['subnet-0ccccccccccccccc1', 'subnet-0ccccccccccccccc2'],
  });
  expect(vpc.endpoints).toBeUndefined();
  new LeastPrivilegeFargateService(stack, 'Service', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0'), allowInternetEgress: true });
  const egress = resourcesOf(synth(stack), 'aws_vpc_security_group_egress_rule');
  expect(egress.filter(r => r.prefix_list_id?.startsWith('${data.aws_prefix_list.')).map(r => r.from_port)).toEqual([443]);
  expect(egress.filter(r => r.cidr_ipv4 === '0.0.0.0/0').map(r => r.from_port)).toEqual([443]);
  // without the workload's internet egress the interface-endpoint services stay unreachable, and the refusal says how to fix it
  expect(refusal(() => new LeastPrivilegeFargateService(stack, 'Closed', { vpc, image: ContainerImage.fromEcrRepositoryArn(REPO, '1.0.0') })))
    .toMatch(/^Test\/Closed: invalid vpc "a network without interface endpoints for ecr\.api, ecr\.dkr, logs"\. Allowed: .*or allowInternetEgress: true to reach them through NAT\.$/);
});
