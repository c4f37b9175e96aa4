import { Block, isLiteral, list, StackModel } from '../model';
import { each, Rule } from '../rule';
import { FindingLevel, ZeroTrustPillar } from '../types';

const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** How the VPC reaches the internet: its internet, egress-only internet and NAT gateways. */
function internetGateways(vpc: Block, model: StackModel): string[] {
  const inVpc = (b: Block) => model.refs(b.body.vpc_id).includes(vpc.address);
  const natInVpc = (nat: Block) => {
    const subnet = model.target(nat.body.subnet_id, 'aws_subnet');
    return subnet !== undefined && inVpc(subnet) && nat.body.connectivity_type !== 'private';
  };
  return [
    ...model.ofType('aws_internet_gateway', 'aws_egress_only_internet_gateway', 'aws_internet_gateway_attachment').filter(inVpc),
    ...model.ofType('aws_nat_gateway').filter(natInVpc),
  ].map(b => b.address);
}

/** Security groups of the VPC that allow egress to 0.0.0.0/0 or ::/0, by any of the three ways to write a rule. */
function openEgressGroups(vpc: Block, model: StackModel): string[] {
  const groups = model.ofType('aws_security_group').filter(sg => model.refs(sg.body.vpc_id).includes(vpc.address));
  const open = new Set<string>();
  const world = (cidrs: unknown[]) => cidrs.some(c => isLiteral(c) && WORLD.has(c));
  for (const sg of groups) {
    if (list(sg.body.egress).some((e: any) => world([...list(e.cidr_blocks), ...list(e.ipv6_cidr_blocks)]))) open.add(sg.address);
  }
  const ofVpc = (ref: unknown) => groups.find(g => g === model.target(ref, 'aws_security_group'));
  for (const r of model.ofType('aws_security_group_rule')) {
    const sg = ofVpc(r.body.security_group_id);
    if (sg && r.body.type === 'egress' && world([...list(r.body.cidr_blocks), ...list(r.body.ipv6_cidr_blocks)])) open.add(sg.address);
  }
  for (const r of model.ofType('aws_vpc_security_group_egress_rule')) {
    const sg = ofVpc(r.body.security_group_id);
    if (sg && world([r.body.cidr_ipv4, r.body.cidr_ipv6])) open.add(sg.address);
  }
  return [...open];
}

export const EGRESS_RULES: Rule[] = [
  {
    id: 'ZT-NET-006',
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.NETWORK_ISOLATION,
    title: 'Internet egress without a domain allow-list',
    explanation: 'A workload whose security group allows egress to the whole internet, in a VPC with an internet or NAT gateway, can send anything anywhere: a compromised dependency or job step exfiltrates from next to the database.',
    fix: 'Associate a Route 53 Resolver DNS Firewall rule group that allows the domains the workloads need and blocks the rest with the VPC (EgressAllowList, on by default in EphemeralRunnerPipeline), or remove the route to the internet.',
    check: each(['aws_vpc'], (vpc, model) => {
      const gateways = internetGateways(vpc, model);
      const open = openEgressGroups(vpc, model);
      if (gateways.length === 0 || open.length === 0) return undefined;
      if (model.referencing(vpc, ['aws_route53_resolver_firewall_rule_group_association'], 'vpc_id').length > 0) return undefined;
      return `reaches the internet through ${gateways.join(', ')} and ${open.join(', ')} allow${open.length === 1 ? 's' : ''} egress to 0.0.0.0/0 or ::/0, ` +
        'but no aws_route53_resolver_firewall_rule_group_association filters its DNS';
    }),
  },
];
