import { ContainerImage, EphemeralRunnerPipeline, Port, SecurityGroup, ZeroTrustGuard, ZeroTrustVpc } from '../../src';
import { testStack } from '../util';

// ZT-NET-006 on the library's own constructs: a VPC with NAT whose workloads have HTTPS to anywhere.
const image = ContainerImage.fromEcrRepositoryArn('arn:aws:ecr:eu-west-1:111122223333:repository/github-runner', '2.329.0');

function findings(egressAllowList: boolean) {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
  new EphemeralRunnerPipeline(stack, 'Pipeline', { vpc, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: image, egressAllowList });
  return new ZeroTrustGuard().check(stack).filter(f => f.ruleId === 'ZT-NET-006');
}

test('a runner pipeline without its allow-list is reported on the VPC, naming the gateway and the open groups', () => {
  const [finding, ...rest] = findings(false);
  expect(rest).toEqual([]);
  expect(finding).toMatchObject({ level: 'warning', constructPath: 'Test/Network/Vpc', suppressed: false });
  expect(finding.message).toMatch(/reaches the internet through .*aws_(internet|nat)_gateway\..* and .*aws_security_group\..* allows? egress to 0\.0\.0\.0\/0/);
});

test('with the pipeline\'s default allow-list nothing is reported', () => {
  expect(findings(true)).toEqual([]);
});

test('a network without NAT gateways is not reported even though a group has open egress', () => {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 0 });
  const open = new SecurityGroup(stack, 'Open', { vpcId: vpc.vpcId, description: 'open egress' });
  open.connections.allowToAnyIpv4(Port.https(), 'HTTPS anywhere');
  expect(new ZeroTrustGuard().check(stack).filter(f => f.ruleId === 'ZT-NET-006')).toEqual([]);
  // the same group with a NAT gateway in the VPC is reported
  const stack2 = testStack();
  const vpc2 = new ZeroTrustVpc(stack2, 'Network', { natGateways: 1 });
  new SecurityGroup(stack2, 'Open', { vpcId: vpc2.vpcId, description: 'open egress' }).connections.allowToAnyIpv4(Port.https(), 'HTTPS anywhere');
  expect(new ZeroTrustGuard().check(stack2).filter(f => f.ruleId === 'ZT-NET-006')).toHaveLength(1);
});
