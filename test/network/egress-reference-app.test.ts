import { allowedBy } from '../support/dns-firewall';
import { synthReferenceApp } from '../util';

// The reference app turns the egress allow-list on through the runner pipeline's default: each
// stack's VPC is filtered in block mode, and what the app's workloads resolve is on the lists.
const stacks = synthReferenceApp();

describe.each(Object.entries(stacks))('%s', (_, json) => {
  const resources = json.resource;
  const vpcs = Object.keys(resources.aws_vpc);
  const lists = resources.aws_route53_resolver_firewall_domain_list;
  const rules = Object.values<any>(resources.aws_route53_resolver_firewall_rule).sort((a, b) => a.priority - b.priority);
  const domainsOf = (rule: any) => lists[/\.([^.]+)\.id\}$/.exec(rule.firewall_domain_list_id)![1]].domains as string[];

  test('its one VPC is filtered by one rule group, failing closed, and its queries are logged', () => {
    expect(vpcs).toHaveLength(1);
    const vpcId = `\${aws_vpc.${vpcs[0]}.id}`;
    expect(Object.values<any>(resources.aws_route53_resolver_firewall_rule_group_association).map(a => a.vpc_id)).toEqual([vpcId]);
    expect(Object.values<any>(resources.aws_route53_resolver_firewall_config).map(c => [c.resource_id, c.firewall_fail_open])).toEqual([[vpcId, 'DISABLED']]);
    expect(Object.values<any>(resources.aws_route53_resolver_query_log_config_association).map(a => a.resource_id)).toEqual([vpcId]);
  });

  test('block mode: everything not allowed gets NXDOMAIN', () => {
    expect(rules.at(-1)).toMatchObject({ action: 'BLOCK', block_response: 'NXDOMAIN', priority: 10000 });
    expect(domainsOf(rules.at(-1))).toEqual(['*']);
  });

  test('the names the app\'s workloads use are allowed (region eu-west-1)', () => {
    const allowed = rules.filter(r => r.action === 'ALLOW').map(r => domainsOf(r).map(d => d.replace(/\$\{data\.aws_region\.[A-Za-z0-9_]+\.region\}/, 'eu-west-1')));
    for (const host of ['api.github.com', 'github.com', 'results-receiver.actions.githubusercontent.com', 'ssm.eu-west-1.amazonaws.com',
      'sqs.eu-west-1.amazonaws.com', 'dynamodb.eu-west-1.amazonaws.com', 'ecs.eu-west-1.amazonaws.com', 'api.ecr.eu-west-1.amazonaws.com',
      'confluxdb.abcdefghijkl.eu-west-1.rds.amazonaws.com']) {
      expect([host, allowedBy(allowed, host)]).toEqual([host, true]);
    }
  });
});
