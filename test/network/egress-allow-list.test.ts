import { EgressAllowList, EgressFilterMode, EncryptionKey, ZeroTrustVpc } from '../../src';
import { domainSpecProblem } from '../../src/network/private/domain-names';
import { onlyResource, refName, resourcesOf, synth, testStack } from '../util';

function allowList(props: Partial<ConstructorParameters<typeof EgressAllowList>[2]> = {}) {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
  const egress = new EgressAllowList(stack, 'Egress', {
    vpc,
    allowLists: [
      { name: 'github', domains: EgressAllowList.GITHUB_ACTIONS_RUNNER },
      { name: 'registries', domains: ['registry.npmjs.org', '*.pypi.org'] },
    ],
    ...props,
  });
  return { stack, vpc, egress };
}

/** Rules of the synthesized group by their domain list's name, in priority order. */
function rulesByList(s: ReturnType<typeof synth>) {
  const lists = s.resource.aws_route53_resolver_firewall_domain_list;
  return resourcesOf(s, 'aws_route53_resolver_firewall_rule')
    .map(r => ({ ...r, list: lists[refName(r.firewall_domain_list_id, 'aws_route53_resolver_firewall_domain_list')] }))
    .sort((a, b) => a.priority - b.priority);
}

describe('EgressAllowList in block mode', () => {
  const { stack, egress } = allowList();
  const s = synth(stack);
  const vpcRef = `\${aws_vpc.${Object.keys(s.resource.aws_vpc)[0]}`;

  test('one rule group, associated with the VPC, failing closed', () => {
    const group = onlyResource(s, 'aws_route53_resolver_firewall_rule_group');
    const assoc = onlyResource(s, 'aws_route53_resolver_firewall_rule_group_association');
    expect(refName(assoc.firewall_rule_group_id, 'aws_route53_resolver_firewall_rule_group')).toBe(Object.keys(s.resource.aws_route53_resolver_firewall_rule_group)[0]);
    expect(assoc.vpc_id).toBe(`${vpcRef}.id}`);
    expect(assoc).toMatchObject({ priority: 1000, mutation_protection: 'DISABLED', name: group.name });
    expect(onlyResource(s, 'aws_route53_resolver_firewall_config')).toMatchObject({ resource_id: `${vpcRef}.id}`, firewall_fail_open: 'DISABLED' });
  });

  test('allow rules in order (AWS endpoints first, then the lists as given), then the catch-all that blocks with NXDOMAIN', () => {
    const rules = rulesByList(s);
    expect(rules.map(r => [r.priority, r.action])).toEqual([[100, 'ALLOW'], [200, 'ALLOW'], [300, 'ALLOW'], [10000, 'BLOCK']]);
    const region = '\\$\\{data\\.aws_region\\.[A-Za-z0-9_]+\\.region\\}';
    expect(rules[0].list.domains).toEqual([
      ...['', 'rds.', 'elb.', 'vpce.'].map(svc => expect.stringMatching(new RegExp(`^\\*\\.${region}\\.${svc.replace('.', '\\.')}amazonaws\\.com$`))),
      '*.compute.internal', '*.ec2.internal',
    ]);
    expect(rules[1].list.domains).toEqual(EgressAllowList.GITHUB_ACTIONS_RUNNER);
    expect(rules[2].list.domains).toEqual(['registry.npmjs.org', '*.pypi.org']);
    expect(rules[3].list.domains).toEqual(['*']);
    expect(rules[3].block_response).toBe('NXDOMAIN');
    for (const r of rules.slice(0, 3)) expect(r.firewall_domain_redirection_action).toBe('TRUST_REDIRECTION_DOMAIN');
    const group = Object.keys(s.resource.aws_route53_resolver_firewall_rule_group)[0];
    for (const r of rules) expect(refName(r.firewall_rule_group_id, 'aws_route53_resolver_firewall_rule_group')).toBe(group);
    expect(Object.keys(egress.rules).sort()).toEqual(['all-other-domains', 'aws-services', 'github', 'registries']);
  });

  test('names fit what Route 53 Resolver accepts (up to 64 of letters, digits, "-", "_", " ")', () => {
    const named = [
      ...resourcesOf(s, 'aws_route53_resolver_firewall_rule'), ...resourcesOf(s, 'aws_route53_resolver_firewall_domain_list'),
      ...resourcesOf(s, 'aws_route53_resolver_firewall_rule_group'), ...resourcesOf(s, 'aws_route53_resolver_firewall_rule_group_association'),
      ...resourcesOf(s, 'aws_route53_resolver_query_log_config'),
    ];
    for (const r of named) expect(r.name).toMatch(/^(?![0-9]+$)[A-Za-z0-9_' -]{1,64}$/);
  });

  test('the association waits for the rules', () => {
    const assoc = onlyResource(s, 'aws_route53_resolver_firewall_rule_group_association');
    expect(assoc.depends_on).toHaveLength(4);
    for (const d of assoc.depends_on) expect(d).toMatch(/^aws_route53_resolver_firewall_rule\./);
  });

  test('every query is logged to an encrypted log group with retention, associated with the VPC', () => {
    const config = onlyResource(s, 'aws_route53_resolver_query_log_config');
    const group = s.resource.aws_cloudwatch_log_group[refName(config.destination_arn, 'aws_cloudwatch_log_group')];
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
    expect(group.retention_in_days).toBe(365);
    expect(group.name).toMatch(/^\/confluxdb\/dns\/.+\/queries$/);
    const assoc = onlyResource(s, 'aws_route53_resolver_query_log_config_association');
    expect(refName(assoc.resolver_query_log_config_id, 'aws_route53_resolver_query_log_config')).toBe(Object.keys(s.resource.aws_route53_resolver_query_log_config)[0]);
    expect(assoc.resource_id).toBe(`${vpcRef}.id}`);
  });

  test('the log group admits the log delivery service of this account only, before the query log config exists', () => {
    const config = onlyResource(s, 'aws_route53_resolver_query_log_config');
    const policy = onlyResource(s, 'aws_cloudwatch_log_resource_policy');
    expect(config.depends_on).toEqual([`aws_cloudwatch_log_resource_policy.${Object.keys(s.resource.aws_cloudwatch_log_resource_policy)[0]}`]);
    const doc = JSON.parse(policy.policy_document);
    expect(doc.Statement).toHaveLength(1);
    const st = doc.Statement[0];
    expect(st.Principal.Service).toMatch(/^delivery\.logs\.\$\{data\.aws_partition\.[A-Za-z0-9_]+\.dns_suffix\}$/);
    expect(st.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(st.Resource).toBe(`${config.destination_arn}:log-stream:*`);
    expect(st.Condition.StringEquals['aws:SourceAccount']).toMatch(/data\.aws_caller_identity\./);
    expect(st.Condition.ArnLike['aws:SourceArn']).toMatch(/^arn:.*:logs:.*:\*$/);
  });

  test('the log group\'s key lets CloudWatch Logs encrypt for log groups of this account', () => {
    const group = s.resource.aws_cloudwatch_log_group[refName(onlyResource(s, 'aws_route53_resolver_query_log_config').destination_arn, 'aws_cloudwatch_log_group')];
    const key = s.resource.aws_kms_key[refName(group.kms_key_id, 'aws_kms_key')];
    const logs = JSON.parse(key.policy).Statement.find((x: any) => x.Sid === 'CloudWatchLogsOfThisAccountOnly');
    expect(logs.Action).toEqual(expect.arrayContaining(['kms:Encrypt*', 'kms:GenerateDataKey*']));
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toMatch(/:log-group:\*$/);
  });
});

describe('EgressAllowList options', () => {
  test('alert-only mode: the catch-all lets queries through and records them as ALERT', () => {
    const { stack, egress } = allowList({ mode: EgressFilterMode.ALERT, allowLists: [] });
    const rules = rulesByList(synth(stack));
    expect(rules.map(r => [r.priority, r.action])).toEqual([[100, 'ALLOW'], [10000, 'ALERT']]);
    expect(rules[1].block_response).toBeUndefined();
    expect(egress.mode).toBe(EgressFilterMode.ALERT);
  });

  test('failOpen, mutationProtection, associationPriority, a shared key and retention are passed through', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const key = new EncryptionKey(stack, 'Key');
    new EgressAllowList(stack, 'Egress', {
      vpc,
      allowLists: [{ name: 'npm', domains: ['registry.npmjs.org'] }],
      failOpen: true,
      mutationProtection: true,
      associationPriority: 101,
      encryptionKey: key,
      queryLogRetentionDays: 30,
    });
    const s = synth(stack);
    expect(onlyResource(s, 'aws_route53_resolver_firewall_config').firewall_fail_open).toBe('ENABLED');
    expect(onlyResource(s, 'aws_route53_resolver_firewall_rule_group_association')).toMatchObject({ mutation_protection: 'ENABLED', priority: 101 });
    const group = s.resource.aws_cloudwatch_log_group[refName(onlyResource(s, 'aws_route53_resolver_query_log_config').destination_arn, 'aws_cloudwatch_log_group')];
    expect(group.retention_in_days).toBe(30);
    expect(refName(group.kms_key_id, 'aws_kms_key')).toMatch(/^Key_/); // the shared key, at the stack's root
    expect(resourcesOf(s, 'aws_kms_key')).toHaveLength(2); // the VPC's and the shared one; the allow-list made none
  });

  test('without allowAwsServices only the given lists are allowed', () => {
    const { stack } = allowList({ allowAwsServices: false });
    const rules = rulesByList(synth(stack));
    expect(rules.map(r => r.list.domains[0])).toEqual(['github.com', 'registry.npmjs.org', '*']);
  });

  test('an imported VPC is filtered by its ID', () => {
    const stack = testStack();
    const vpc = ZeroTrustVpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      internetEgress: true,
      privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      isolatedSubnetIds: ['subnet-0123456789abcdef2', 'subnet-0123456789abcdef3'],
    });
    new EgressAllowList(stack, 'Egress', { vpc });
    const s = synth(stack);
    expect(onlyResource(s, 'aws_route53_resolver_firewall_rule_group_association').vpc_id).toBe('vpc-0123456789abcdef0');
    expect(onlyResource(s, 'aws_route53_resolver_query_log_config_association').resource_id).toBe('vpc-0123456789abcdef0');
  });
});

describe('EgressAllowList refuses at synth', () => {
  const cases: Array<[string, Partial<ConstructorParameters<typeof EgressAllowList>[2]>, RegExp]> = [
    ['a wildcard inside a name', { allowLists: [{ name: 'x', domains: ['api.*.github.com'] }] },
      /^Test\/Egress: invalid allowLists\[0\]\.domains "api\.\*\.github\.com"\. Allowed: domain names such as .*; it has an asterisk other than a leading "\*\."\.$/],
    ['an asterisk without its dot', { allowLists: [{ name: 'x', domains: ['*github.com'] }] }, /invalid allowLists\[0\]\.domains "\*github\.com"\. Allowed: .*asterisk/],
    ['"*" alone in an allow list', { allowLists: [{ name: 'x', domains: ['*'] }] }, /invalid allowLists\[0\]\.domains "\*"\. Allowed: /],
    ['a wildcard over a top-level domain', { allowLists: [{ name: 'x', domains: ['*.com'] }] }, /invalid allowLists\[0\]\.domains "\*\.com"\. .*top-level domain\.$/],
    ['an underscore', { allowLists: [{ name: 'x', domains: ['_acme.example.com'] }] }, /invalid allowLists\[0\]\.domains "_acme\.example\.com"\. .*label/],
    ['a URL instead of a name', { allowLists: [{ name: 'x', domains: ['https://github.com'] }] }, /invalid allowLists\[0\]\.domains "https:\/\/github\.com"\./],
    ['a label of 64 characters', { allowLists: [{ name: 'x', domains: [`${'a'.repeat(64)}.com`] }] }, /invalid allowLists\[0\]\.domains "a{64}\.com"\./],
    ['a name over 255 characters', { allowLists: [{ name: 'x', domains: [`${'a.'.repeat(128)}com`] }] }, /invalid allowLists\[0\]\.domains .*longer than 255 characters\.$/],
    ['a label starting with "-"', { allowLists: [{ name: 'x', domains: ['-x.example.com'] }] }, /invalid allowLists\[0\]\.domains "-x\.example\.com"/],
    ['a domain listed twice (case and trailing dot ignored)', { allowLists: [{ name: 'x', domains: ['GitHub.com', 'github.com.'] }] }, /invalid allowLists\[0\]\.domains "github\.com"\. Allowed: each value once/],
    ['more than 1,000 domains in a list', { allowLists: [{ name: 'x', domains: Array.from({ length: 1001 }, (_, i) => `h${i}.example.com`) }] },
      /invalid allowLists\[0\]\.domains "1001 domains"\. Allowed: a list of at most 1000 domains .*UpdateFirewallDomains/],
    ['more than 99 lists', { allowLists: Array.from({ length: 99 }, (_, i) => ({ name: `l${i}`, domains: [`h${i}.example.com`] })) },
      /^Test\/Egress: invalid allowLists "100 lists"\. Allowed: at most 99 lists \(a DNS Firewall rule group holds 100 rules/],
    ['two lists of the same name', { allowLists: [{ name: 'x', domains: ['a.example.com'] }, { name: 'X', domains: ['b.example.com'] }] }, /invalid allowLists "X"\. Allowed: each value once/],
    ['a list name DNS Firewall cannot take', { allowLists: [{ name: 'my list', domains: ['a.example.com'] }] }, /invalid allowLists\[0\]\.name "my list"\. Allowed: a name of 1 to 32 letters/],
    ['the catch-all\'s name', { allowLists: [{ name: 'all-other-domains', domains: ['a.example.com'] }] }, /invalid allowLists\[0\]\.name "all-other-domains"/],
    ['an empty allow-list in block mode', { allowAwsServices: false, allowLists: [] }, /^Test\/Egress: invalid allowLists \[\]\. Allowed: at least one domain in BLOCK mode/],
    ['an association priority outside 101-9900', { associationPriority: 100 }, /^Test\/Egress: invalid associationPriority 100\. Allowed: an integer from 101 to 9900\.$/],
    ['a retention CloudWatch does not offer', { queryLogRetentionDays: 10 }, /invalid queryLogRetentionDays 10\. Allowed: one of 1, 3, 5/],
    ['a mode that does not exist', { mode: 'DENY' as EgressFilterMode }, /invalid mode "DENY"\. Allowed: one of BLOCK, ALERT\.$/],
  ];
  test.each(cases)('%s', (_, props, message) => {
    expect(() => allowList(props)).toThrow(message);
  });

  test('a second allow-list for the same VPC (DNS Firewall acts per VPC)', () => {
    const { stack, vpc } = allowList();
    expect(() => new EgressAllowList(stack, 'Second', { vpc, allowLists: [{ name: 'x', domains: ['a.example.com'] }] }))
      .toThrow(/^Test\/Second: invalid vpc "Test\/Network"\. Allowed: a VPC without an allow-list; Test\/Egress already filters this VPC \(DNS Firewall acts per VPC/);
  });

  test('missing props and a missing vpc', () => {
    const stack = testStack();
    expect(() => new EgressAllowList(stack, 'A', undefined as any)).toThrow(/^Test\/A: invalid props \(missing\)\. Allowed: /);
    expect(() => new EgressAllowList(stack, 'B', {} as any)).toThrow(/^Test\/B: invalid vpc \(missing\)\. Allowed: an IZeroTrustVpc/);
  });
});

describe('the shipped lists', () => {
  const shipped = {
    GITHUB_ACTIONS_RUNNER: EgressAllowList.GITHUB_ACTIONS_RUNNER,
    GITHUB_ACTIONS_CACHE_AND_ARTIFACTS: EgressAllowList.GITHUB_ACTIONS_CACHE_AND_ARTIFACTS,
    GITHUB_PACKAGES: EgressAllowList.GITHUB_PACKAGES,
    GITHUB_API: EgressAllowList.GITHUB_API,
    awsServiceDomains: EgressAllowList.awsServiceDomains('eu-west-1'),
  };
  test.each(Object.entries(shipped))('%s is valid DNS Firewall syntax, without duplicates', (_, domains) => {
    expect(domains.length).toBeGreaterThan(0);
    for (const d of domains) expect([d, domainSpecProblem(d)]).toEqual([d, undefined]);
    expect(new Set(domains.map(d => d.toLowerCase())).size).toBe(domains.length);
  });

  test('GitHub\'s essential runner hosts are in the runner list (GitHub Docs, communication requirements)', () => {
    expect(EgressAllowList.GITHUB_ACTIONS_RUNNER).toEqual(expect.arrayContaining(['github.com', 'api.github.com', '*.actions.githubusercontent.com',
      'codeload.github.com', 'results-receiver.actions.githubusercontent.com']));
  });

  test('the region list covers regional endpoints, S3 and ECR\'s layer bucket', () => {
    const list = EgressAllowList.awsServiceDomains('eu-west-1');
    for (const host of ['ssm.eu-west-1.amazonaws.com', 'api.ecr.eu-west-1.amazonaws.com', '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
      'prod-eu-west-1-starport-layer-bucket.s3.eu-west-1.amazonaws.com', 'logs.eu-west-1.amazonaws.com',
      'confluxdb.abcdefghijkl.eu-west-1.rds.amazonaws.com', 'internal-app-123.eu-west-1.elb.amazonaws.com', 'vpce-0a1b-c2d3.ecr.api.eu-west-1.vpce.amazonaws.com']) {
      expect([host, list.some(d => d.startsWith('*.') ? host.endsWith(d.slice(1)) : host === d)]).toEqual([host, true]);
    }
    expect(list.some(d => 'sqs.us-east-1.amazonaws.com'.endsWith(d.slice(1)))).toBe(false);
  });

  test('the lists are copies: changing one does not change the next allow-list', () => {
    expect(EgressAllowList.awsServiceDomains('eu-west-1')).not.toBe(EgressAllowList.awsServiceDomains('eu-west-1'));
  });
});

describe('domain specification syntax', () => {
  test.each(['github.com', 'GitHub.COM', '*.actions.githubusercontent.com', 'github.com.', 'xn--bcher-kva.example', 'a-b.c-d.example', `${'a'.repeat(63)}.com`])('accepts %s', d => {
    expect(domainSpecProblem(d)).toBeUndefined();
  });
  test.each(['', '*', '*.', '.', 'a..b', 'a b.com', 'a.-b.com', 'a.b-.com', '**.a.com', 'a.*', 'a.com/path', '*.com.'])('refuses %j', d => {
    expect(domainSpecProblem(d)).toBeDefined();
  });
});
