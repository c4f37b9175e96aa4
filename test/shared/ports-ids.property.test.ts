/**
 * Ports and IDs that used to skip validation (issue 22): only Ports made by the factories reach a
 * rule, construct IDs follow the rule's content (distinct rules never collide, identical ones are
 * kept once), and IDs are checked by kind — prefix lists, security groups, cluster ARNs.
 */
import * as fc from 'fast-check';
import { ContainerImage, IConnectable, LeastPrivilegeRole, LeastPrivilegeTaskDefinition, Port, SecurityGroup, TrustedPrincipal, ZeroTrustVpc } from '../../src';
import { EXISTING_NETWORK, refusal, resourcesOf, synth, testStack } from '../util';

const VPC = 'vpc-0a1b2c3d4e5f60718';
const SHAPE = /^(Test\/[A-Za-z0-9/]+|Port\.(tcp|tcpRange)): invalid [A-Za-z]+ .+\. Allowed: .+\.$/s;
const RUNS = { numRuns: 60 };

function twoGroups() {
  const stack = testStack();
  const a = new SecurityGroup(stack, 'A', { vpcId: VPC, description: 'a' });
  const b = new SecurityGroup(stack, 'B', { vpcId: VPC, description: 'b' });
  return { stack, a, b };
}

const validPort = fc.oneof(
  fc.integer({ min: 1, max: 65535 }).map(p => ({ port: Port.tcp(p), from: p, to: p })),
  fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }))
    .map(([x, y]) => ({ port: Port.tcpRange(Math.min(x, y), Math.max(x, y)), from: Math.min(x, y), to: Math.max(x, y) })),
);

describe('ports', () => {
  test('valid ports are accepted; each distinct rule gets its own resource, an identical one is kept once', () => {
    fc.assert(fc.property(fc.array(fc.tuple(validPort, fc.boolean()), { minLength: 1, maxLength: 8 }), (rules) => {
      const { stack, a, b } = twoGroups();
      const expected = new Set<string>();
      for (const [{ port, from, to }, towardsB] of [...rules, ...rules]) {
        const [target, peer]: IConnectable[] = towardsB ? [b, a] : [a, b];
        target.connections.allowFrom(peer, port);
        expected.add(`${towardsB ? 'B' : 'A'}:${from}-${to}`);
      }
      const ingress = resourcesOf(synth(stack), 'aws_vpc_security_group_ingress_rule');
      const got = new Set(ingress.map(r => `${r.security_group_id.includes('.B_') ? 'B' : 'A'}:${r.from_port}-${r.to_port}`));
      return ingress.length === expected.size && [...expected].every(e => got.has(e));
    }), { numRuns: 25 });
  });

  const notAPort = fc.oneof(
    fc.record({ fromPort: fc.integer({ min: -1, max: 70000 }), toPort: fc.integer({ min: -1, max: 70000 }) }), // the shape TypeScript accepts
    fc.integer({ min: -10, max: 70000 }),
    fc.string({ maxLength: 6 }),
    fc.constantFrom(null, undefined, [], [443], { port: 443 }, { fromPort: 0, toPort: 65535, toString: () => 'tcp443' }),
  );
  test('anything that is not a Port made by the factories is refused, naming the construct and the prop', () => {
    fc.assert(fc.property(notAPort, fc.constantFrom('allowFrom', 'allowTo', 'allowToAnyIpv4', 'allowToPrefixList'), (port, method) => {
      const { a, b } = twoGroups();
      const c = a.connections as any;
      const msg = refusal(() => method === 'allowToAnyIpv4' ? c.allowToAnyIpv4(port, 'd')
        : method === 'allowToPrefixList' ? c.allowToPrefixList('pl-6ca54005', port, 'd') : c[method](b, port));
      return SHAPE.test(msg) && msg.startsWith('Test/A: invalid port ') && msg.includes('Allowed: a Port made by Port.tcp');
    }), RUNS);
  });

  test('the factories refuse every malformed number, naming the factory and the argument', () => {
    const badNumber = fc.oneof(
      fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.double({ min: 1.01, max: 65534.99, noInteger: true }), fc.constant(Number.NaN),
    );
    fc.assert(fc.property(badNumber, fc.integer({ min: 1, max: 65535 }), (bad, good) =>
      [() => Port.tcp(bad), () => Port.tcpRange(bad, good), () => Port.tcpRange(good, bad)].every(f => SHAPE.test(refusal(f)))), RUNS);
    fc.assert(fc.property(fc.integer({ min: 2, max: 65535 }), (to) => /^Port\.tcpRange: invalid toPort/.test(refusal(() => Port.tcpRange(to, to - 1)))), RUNS);
  });

  test('a default port that is not a Port is refused where it is given', () => {
    expect(refusal(() => new SecurityGroup(testStack(), 'Db', { vpcId: VPC, description: 'db', defaultPort: 5432 as any })))
      .toBe('Test/Db: invalid defaultPort 5432. Allowed: a Port made by Port.tcp, Port.tcpRange or Port.https.');
  });
});

/** Mutations of a valid ID: wrong prefix, case, length, characters, wildcards. */
function malformed(prefix: string, minHex: number, maxHex: number) {
  const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: minHex, maxLength: maxHex });
  return fc.oneof(
    hex.map(h => h.toUpperCase()).filter(h => /[A-F]/.test(h)).map(h => `${prefix}${h}`),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), maxLength: minHex - 1 }).map(h => `${prefix}${h}`),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: maxHex + 1, maxLength: maxHex + 5 }).map(h => `${prefix}${h}`),
    fc.tuple(hex, fc.constantFrom('g', 'z', '*', ' ', '-', '_')).map(([h, c]) => `${prefix}${h}${c}`),
    hex.map(h => `${prefix.replace(/-$/, '_')}${h}`),
    fc.constantFrom('sg-', 'pl-', 'subnet-', 'vpc-').filter(p => p !== prefix).chain(p => hex.map(h => `${p}${h}`)),
  );
}
const valid = (prefix: string) => fc.constantFrom(8, 17).chain(n => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: n, maxLength: n })).map(h => `${prefix}${h}`);

describe('IDs by kind', () => {
  test('prefix list IDs: malformed ones are refused at synth, in props and in allowToPrefixList', () => {
    fc.assert(fc.property(malformed('pl-', 8, 17), (id) => {
      const a = refusal(() => new SecurityGroup(testStack(), 'Endpoints', { vpcId: VPC, description: 'e', prefixListIds: [id] }));
      const b = refusal(() => twoGroups().a.connections.allowToPrefixList(id, Port.https(), 'S3'));
      return SHAPE.test(a) && a.startsWith('Test/Endpoints: invalid prefixListIds ') && SHAPE.test(b) && b.startsWith('Test/A: invalid prefixListId ');
    }), RUNS);
    fc.assert(fc.property(valid('pl-'), (id) => refusal(() => twoGroups().a.connections.allowToPrefixList(id, Port.https(), 'S3')) === ''), RUNS);
  });

  test('security group IDs', () => {
    fc.assert(fc.property(malformed('sg-', 8, 17), (id) => {
      const msg = refusal(() => SecurityGroup.fromSecurityGroupId(testStack(), 'Peer', id));
      return SHAPE.test(msg) && msg.startsWith('Test/Peer: invalid securityGroupId ');
    }), RUNS);
    fc.assert(fc.property(valid('sg-'), (id) => refusal(() => SecurityGroup.fromSecurityGroupId(testStack(), 'Peer', id)) === ''), RUNS);
  });

  test('subnet and VPC IDs of an imported network', () => {
    fc.assert(fc.property(malformed('subnet-', 8, 17), fc.constantFrom('privateSubnetIds', 'isolatedSubnetIds', 'publicSubnetIds'), (id, prop) => {
      const attrs = { ...EXISTING_NETWORK, [prop]: [id, 'subnet-0ddddddddddddddd2'] };
      const msg = refusal(() => ZeroTrustVpc.fromVpcAttributes(testStack(), 'Existing', attrs));
      return SHAPE.test(msg) && msg.startsWith(`Test/Existing: invalid ${prop} `);
    }), RUNS);
    fc.assert(fc.property(malformed('vpc-', 8, 17), (vpcId) => refusal(() => ZeroTrustVpc.fromVpcAttributes(testStack(), 'Existing', { ...EXISTING_NETWORK, vpcId }))
      .startsWith('Test/Existing: invalid vpcId ')), RUNS);
    fc.assert(fc.property(valid('subnet-'), valid('subnet-'), (a, b) => {
      fc.pre(a !== b);
      return refusal(() => ZeroTrustVpc.fromVpcAttributes(testStack(), 'Existing', { ...EXISTING_NETWORK, privateSubnetIds: [a, b] })) === '';
    }), RUNS);
  });

  test('cluster ARNs in grantRun: a name or another ARN would give a condition that never matches', () => {
    const stack = testStack();
    const task = new LeastPrivilegeTaskDefinition(stack, 'Task', { image: ContainerImage.fromEcrRepositoryArn('arn:aws:ecr:eu-west-1:111122223333:repository/app', '1.0.0') });
    const launcher = new LeastPrivilegeRole(stack, 'Launcher', { description: 'l', assumedBy: TrustedPrincipal.service('lambda.amazonaws.com') });
    const notCluster = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/), // a cluster name
      fc.constantFrom('arn:aws:ecs:eu-west-1:111122223333:service/platform/app', 'arn:aws:ecs:eu-west-1:111122223333:cluster/*', 'arn:aws:ecs:eu-west-1:*:cluster/platform', ''),
    );
    fc.assert(fc.property(notCluster, (arn) => {
      const msg = refusal(() => task.grantRun(launcher, arn));
      return SHAPE.test(msg) && msg.startsWith('Test/Task: invalid clusterArn ');
    }), RUNS);
    expect(refusal(() => task.grantRun(launcher, 'arn:aws:ecs:eu-west-1:111122223333:cluster/platform'))).toBe('');
  });
});
