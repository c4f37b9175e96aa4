import {
  ContainerImage, EgressAllowList, EgressFilterMode, EphemeralRunnerPipeline, EphemeralRunnerPipelineProps, ZeroTrustVpc,
} from '../../src';
import { onlyResource, refName, resourcesOf, synth, Synth, testStack } from '../util';

const image = ContainerImage.fromEcrRepositoryArn('arn:aws:ecr:eu-west-1:111122223333:repository/github-runner', '2.329.0');

function build(props: Partial<EphemeralRunnerPipelineProps> = {}) {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
  const pipeline = new EphemeralRunnerPipeline(stack, 'Pipeline', { vpc, githubAppId: '123456', runnerScope: 'confluxdb/platform', runnerImage: image, ...props });
  return { stack, vpc, pipeline };
}

/** [priority, action, domains] of every rule, in priority order. */
function rules(s: Synth): Array<[number, string, string[]]> {
  const lists = s.resource.aws_route53_resolver_firewall_domain_list;
  return resourcesOf(s, 'aws_route53_resolver_firewall_rule')
    .sort((a, b) => a.priority - b.priority)
    .map(r => [r.priority, r.action, lists[refName(r.firewall_domain_list_id, 'aws_route53_resolver_firewall_domain_list')].domains]);
}

describe('EphemeralRunnerPipeline egress allow-list', () => {
  test('on by default: block mode, the region\'s AWS endpoints, GitHub\'s runner domains and their storage', () => {
    const { stack, pipeline } = build();
    const s = synth(stack);
    expect(rules(s).map(([p, a, d]) => [p, a, d[0]])).toEqual([
      [100, 'ALLOW', expect.stringMatching(/^\*\.\$\{data\.aws_region\..+\}\.amazonaws\.com$/)],
      [200, 'ALLOW', 'github.com'],
      [300, 'ALLOW', '*.blob.core.windows.net'],
      [10000, 'BLOCK', '*'],
    ]);
    expect(rules(s)[1][2]).toEqual(EgressAllowList.GITHUB_ACTIONS_RUNNER);
    expect(onlyResource(s, 'aws_route53_resolver_firewall_rule_group_association').vpc_id).toMatch(/^\$\{aws_vpc\./);
    expect(pipeline.egressAllowList?.mode).toBe(EgressFilterMode.BLOCK);
  });

  test('the query logs use the pipeline\'s key and log retention', () => {
    const { stack } = build({ logRetentionDays: 90 });
    const s = synth(stack);
    const group = s.resource.aws_cloudwatch_log_group[refName(onlyResource(s, 'aws_route53_resolver_query_log_config').destination_arn, 'aws_cloudwatch_log_group')];
    expect(group.retention_in_days).toBe(90);
    expect(refName(group.kms_key_id, 'aws_kms_key')).toMatch(/^Pipeline_Key_/); // the pipeline's key, no key of its own
    expect(resourcesOf(s, 'aws_kms_key')).toHaveLength(2); // the VPC's and the pipeline's
  });

  test('allowedEgressDomains become one more list after GitHub\'s', () => {
    const { stack } = build({ allowedEgressDomains: ['registry.npmjs.org', '*.pypi.org'] });
    expect(rules(synth(stack)).map(([p, a, d]) => [p, a, d])).toContainEqual([400, 'ALLOW', ['registry.npmjs.org', '*.pypi.org']]);
  });

  test('alert-only mode', () => {
    const { stack } = build({ egressFilterMode: EgressFilterMode.ALERT });
    expect(rules(synth(stack)).at(-1)!.slice(0, 2)).toEqual([10000, 'ALERT']);
  });

  test('egressAllowList false: no DNS Firewall at all', () => {
    const { stack, pipeline } = build({ egressAllowList: false });
    const s = synth(stack);
    for (const t of ['aws_route53_resolver_firewall_rule_group', 'aws_route53_resolver_firewall_rule_group_association', 'aws_route53_resolver_query_log_config']) {
      expect(resourcesOf(s, t)).toHaveLength(0);
    }
    expect(pipeline.egressAllowList).toBeUndefined();
  });

  test('refuses a bad domain naming the pipeline\'s prop, and domains while the allow-list is off', () => {
    expect(() => build({ allowedEgressDomains: ['https://registry.npmjs.org'] }))
      .toThrow(/^Test\/Pipeline: invalid allowedEgressDomains "https:\/\/registry\.npmjs\.org"\. Allowed: domain names such as /);
    expect(() => build({ allowedEgressDomains: ['*.com'] })).toThrow(/^Test\/Pipeline: invalid allowedEgressDomains "\*\.com"\. .*top-level domain\.$/);
    expect(() => build({ egressAllowList: false, allowedEgressDomains: ['registry.npmjs.org'] }))
      .toThrow(/^Test\/Pipeline: invalid allowedEgressDomains \["registry\.npmjs\.org"\]\. Allowed: none when egressAllowList is off/);
  });

  test('two pipelines in one VPC share its one allow-list; each adds its own domains', () => {
    const { stack, vpc, pipeline } = build({ allowedEgressDomains: ['registry.npmjs.org'] });
    const second = new EphemeralRunnerPipeline(stack, 'Second', {
      vpc, githubAppId: '123456', runnerScope: 'confluxdb/other', runnerImage: image, allowedEgressDomains: ['proxy.golang.org'],
    });
    expect(second.egressAllowList).toBe(pipeline.egressAllowList);
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_route53_resolver_firewall_rule_group_association')).toHaveLength(1);
    expect(rules(s).map(([p, a, d]) => [p, a, d[0]])).toEqual([
      [100, 'ALLOW', expect.stringMatching(/amazonaws\.com$/)], [200, 'ALLOW', 'github.com'], [300, 'ALLOW', '*.blob.core.windows.net'],
      [400, 'ALLOW', 'registry.npmjs.org'], [500, 'ALLOW', 'proxy.golang.org'], [10000, 'BLOCK', '*'],
    ]);
    // the association waits for the added rule too
    expect(onlyResource(s, 'aws_route53_resolver_firewall_rule_group_association').depends_on).toHaveLength(6);
    expect(() => new EphemeralRunnerPipeline(stack, 'Third', {
      vpc, githubAppId: '1', runnerScope: 'confluxdb/third', runnerImage: image, egressFilterMode: EgressFilterMode.ALERT,
    })).toThrow(/^Test\/Third: invalid egressFilterMode "ALERT"\. Allowed: BLOCK, the mode of Test\/Pipeline\/Egress, which filters this VPC already\.$/);
  });

  test('runners in a VPC of their own: each VPC has its own list, the services\' one without GitHub', () => {
    const stack = testStack();
    const network = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const runnerNetwork = new ZeroTrustVpc(stack, 'RunnerNetwork', { cidrBlock: '10.41.0.0/16', natGateways: 1 });
    const pipeline = new EphemeralRunnerPipeline(stack, 'Pipeline', { vpc: runnerNetwork, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: image });
    const platform = new EgressAllowList(stack, 'PlatformEgress', { vpc: network, allowLists: [] });
    expect(EgressAllowList.ofVpc(network)).toBe(platform);
    expect(EgressAllowList.ofVpc(runnerNetwork)).toBe(pipeline.egressAllowList);
    expect(platform.listNames).toEqual(['aws-services']);
    const s = synth(stack);
    const groupsByVpc = Object.fromEntries(resourcesOf(s, 'aws_route53_resolver_firewall_rule_group_association').map(a => [refName(a.vpc_id, 'aws_vpc'), a.firewall_rule_group_id]));
    expect(Object.keys(groupsByVpc).sort()).toEqual(Object.keys(s.resource.aws_vpc).sort());
    expect(new Set(Object.values(groupsByVpc)).size).toBe(2);
  });

  test('an allow-list the app put on the VPC first gets the pipeline\'s lists', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const own = new EgressAllowList(stack, 'Egress', { vpc, allowLists: [{ name: 'platform', domains: ['api.example.com'] }] });
    const pipeline = new EphemeralRunnerPipeline(stack, 'Pipeline', { vpc, githubAppId: '1', runnerScope: 'confluxdb/platform', runnerImage: image });
    expect(pipeline.egressAllowList).toBe(own);
    expect(own.listNames).toEqual(['aws-services', 'platform', 'github-actions', 'github-storage']);
    expect(() => own.addAllowList({ name: 'platform', domains: ['b.example.com'] })).toThrow(/^Test\/Egress: invalid list\.name "platform"\. Allowed: a name not used yet/);
  });
});
