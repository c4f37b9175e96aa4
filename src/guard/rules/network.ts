import { Block, isLiteral, isTrue, list, StackModel } from '../model';
import { each, Hit, Rule } from '../rule';
import { FindingLevel, ZeroTrustPillar } from '../types';

/** One ingress permission, wherever it was written (inline block, security_group_rule, vpc_security_group_ingress_rule). */
interface Ingress {
  readonly rule: Block;
  /** The security group it opens, when known. */
  readonly group?: Block;
  readonly cidrs: string[];
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly protocol: string;
  readonly where: string;
}

const ingressCache = new WeakMap<StackModel, Ingress[]>();
function ingresses(model: StackModel): Ingress[] {
  let found = ingressCache.get(model);
  if (found) return found;
  found = [];
  for (const sg of model.ofType('aws_security_group', 'aws_default_security_group')) {
    list(sg.body.ingress).forEach((i: any, n: number) => found!.push({
      rule: sg,
      group: sg,
      cidrs: [...list<string>(i.cidr_blocks), ...list<string>(i.ipv6_cidr_blocks)],
      fromPort: i.from_port,
      toPort: i.to_port,
      protocol: String(i.protocol ?? '-1'),
      where: `ingress ${n + 1}`,
    }));
  }
  for (const r of model.ofType('aws_security_group_rule')) {
    if (r.body.type !== 'ingress') continue;
    found.push({
      rule: r,
      group: model.target(r.body.security_group_id, 'aws_security_group'),
      cidrs: [...list<string>(r.body.cidr_blocks), ...list<string>(r.body.ipv6_cidr_blocks)],
      fromPort: r.body.from_port,
      toPort: r.body.to_port,
      protocol: String(r.body.protocol ?? '-1'),
      where: 'rule',
    });
  }
  for (const r of model.ofType('aws_vpc_security_group_ingress_rule')) {
    found.push({
      rule: r,
      group: model.target(r.body.security_group_id, 'aws_security_group'),
      cidrs: [r.body.cidr_ipv4, r.body.cidr_ipv6].filter(c => c !== undefined && c !== null),
      fromPort: r.body.from_port,
      toPort: r.body.to_port,
      protocol: String(r.body.ip_protocol ?? '-1'),
      where: 'rule',
    });
  }
  ingressCache.set(model, found);
  return found;
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** RFC 1918, RFC 6598 (carrier-grade NAT) and IPv6 unique-local ranges: addresses inside private networks. */
function isPrivateCidr(cidr: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+\/\d+$/.exec(cidr);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^f[cd][0-9a-f]{0,2}:/i.test(cidr);
}

function ports(i: Ingress): string {
  if (i.protocol === '-1' || i.protocol === 'all') return 'all ports';
  return i.fromPort === i.toPort ? `${i.protocol} ${i.fromPort}` : `${i.protocol} ${i.fromPort}-${i.toPort}`;
}

/** Load balancers attached to a security group. */
function loadBalancersOf(model: StackModel, group: Block): Block[] {
  return model.ofType('aws_lb', 'aws_alb', 'aws_elb').filter(lb => model.refs(lb.body.security_groups).includes(group.address));
}

/** Route tables that send traffic to an internet gateway, with the gateway that makes them public. */
function publicRouteTables(model: StackModel): Map<string, string> {
  const igws = new Set(model.ofType('aws_internet_gateway').map(b => b.address));
  const toIgw = (gateway: unknown): string | undefined => {
    if (isLiteral(gateway) && gateway.startsWith('igw-')) return gateway;
    return model.refs(gateway).find(a => igws.has(a));
  };
  const tables = new Map<string, string>();
  for (const rt of model.ofType('aws_route_table', 'aws_default_route_table')) {
    for (const route of list(rt.body.route)) {
      const igw = toIgw((route as any).gateway_id);
      if (igw) tables.set(rt.address, igw);
    }
  }
  for (const route of model.ofType('aws_route')) {
    const igw = toIgw(route.body.gateway_id);
    const rt = model.target(route.body.route_table_id, 'aws_route_table', 'aws_default_route_table');
    if (igw && rt) tables.set(rt.address, igw);
  }
  return tables;
}

/** Subnets (by address) whose route table has a route to an internet gateway, with why. */
const publicSubnetCache = new WeakMap<StackModel, Map<string, string>>();
function publicSubnets(model: StackModel): Map<string, string> {
  let found = publicSubnetCache.get(model);
  if (found) return found;
  found = new Map();
  const tables = publicRouteTables(model);
  const associated = new Set<string>();
  for (const assoc of model.ofType('aws_route_table_association')) {
    const subnet = model.target(assoc.body.subnet_id, 'aws_subnet');
    const rt = model.target(assoc.body.route_table_id, 'aws_route_table', 'aws_default_route_table');
    if (!subnet) continue;
    associated.add(subnet.address);
    if (rt && tables.has(rt.address)) found.set(subnet.address, `${rt.address} routes to internet gateway ${tables.get(rt.address)}`);
  }
  // A subnet without an association uses its VPC's main route table.
  const mainTables = new Map<string, string>();
  for (const main of model.ofType('aws_main_route_table_association')) {
    const vpc = model.target(main.body.vpc_id, 'aws_vpc');
    const rt = model.target(main.body.route_table_id, 'aws_route_table');
    if (vpc && rt) mainTables.set(vpc.address, rt.address);
  }
  for (const rt of model.ofType('aws_default_route_table')) {
    const vpc = model.refs(rt.body.default_route_table_id).find(a => a.startsWith('aws_vpc.'));
    if (vpc && !mainTables.has(vpc)) mainTables.set(vpc, rt.address);
  }
  for (const subnet of model.ofType('aws_subnet')) {
    if (associated.has(subnet.address)) continue;
    const vpc = model.target(subnet.body.vpc_id, 'aws_vpc');
    const rt = vpc && mainTables.get(vpc.address);
    if (rt && tables.has(rt)) found.set(subnet.address, `its VPC's main route table ${rt} routes to internet gateway ${tables.get(rt)}`);
  }
  publicSubnetCache.set(model, found);
  return found;
}

/** Subnet references of a workload, per type (direct, or through a DB/cache subnet group). */
function workloadSubnets(block: Block, model: StackModel): unknown[] {
  const b = block.body;
  const group = (name: unknown, type: string): unknown[] => list(model.target(name, type)?.body.subnet_ids);
  switch (block.type) {
    case 'aws_instance': return [b.subnet_id];
    case 'aws_efs_mount_target': return [b.subnet_id];
    case 'aws_ecs_service': return list(b.network_configuration).flatMap((n: any) => list(n.subnets));
    case 'aws_lambda_function': return list(b.vpc_config).flatMap((v: any) => list(v.subnet_ids));
    case 'aws_autoscaling_group': return list(b.vpc_zone_identifier);
    case 'aws_eks_node_group': return list(b.subnet_ids);
    case 'aws_db_instance':
    case 'aws_rds_cluster': return group(b.db_subnet_group_name, 'aws_db_subnet_group');
    case 'aws_elasticache_cluster':
    case 'aws_elasticache_replication_group': return group(b.subnet_group_name, 'aws_elasticache_subnet_group');
    default: return [];
  }
}

export const NETWORK_RULES: Rule[] = [
  {
    id: 'ZT-NET-001',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.SECURITY_GROUPS_AS_IDENTITY,
    title: 'Ingress from a private address range instead of a security group',
    explanation: 'A CIDR inside your network admits every present and future host in it; naming the source security group admits exactly the workloads that carry it.',
    fix: 'Replace cidr_blocks / cidr_ipv4 with source_security_group_id / referenced_security_group_id of the clients.',
    check: model => ingresses(model).flatMap((i): Hit[] => {
      const internal = i.cidrs.filter(c => isLiteral(c)
        ? !WORLD.has(c) && isPrivateCidr(c)
        : model.refs(c).some(a => a.startsWith('aws_vpc.') || a.startsWith('aws_subnet.')));
      return internal.map(c => ({ address: i.rule.address, message: `${i.where} admits ${ports(i)} from ${c}, an address range inside the network` }));
    }),
  },
  {
    id: 'ZT-NET-002',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.NETWORK_ISOLATION,
    title: 'Ingress from the whole internet',
    explanation: 'Only a load balancer\'s HTTPS listener should be reachable from 0.0.0.0/0 or ::/0; anything else exposes a workload or an admin port to every scanner.',
    fix: 'Put the service behind a load balancer that admits 443 only, and let the load balancer\'s security group be the only source of the service\'s ingress.',
    checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260', 'CKV_AWS_277'],
    check: model => ingresses(model).flatMap((i): Hit[] => {
      const world = i.cidrs.filter(c => WORLD.has(c));
      if (world.length === 0) return [];
      const https = ['tcp', '6'].includes(i.protocol) && Number(i.fromPort) === 443 && Number(i.toPort) === 443;
      if (https && i.group && loadBalancersOf(model, i.group).length > 0) return [];
      const what = https ? 'a security group that is not attached to a load balancer' : 'a port other than a load balancer\'s 443';
      return world.map(c => ({ address: i.rule.address, message: `${i.where} admits ${ports(i)} from ${c} (${what})` }));
    }),
  },
  {
    id: 'ZT-NET-003',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.NETWORK_ISOLATION,
    title: 'Public IP address assigned at launch',
    explanation: 'A public IP makes the instance, task or subnet member directly addressable from the internet, bypassing load balancers and NAT.',
    fix: 'Set map_public_ip_on_launch / associate_public_ip_address / assign_public_ip to false; reach the internet through a NAT gateway and be reached through a load balancer.',
    checkov: ['CKV_AWS_130', 'CKV_AWS_88', 'CKV_AWS_333'],
    check: each(['aws_subnet', 'aws_default_subnet', 'aws_instance', 'aws_launch_template', 'aws_ecs_service'], b => {
      switch (b.type) {
        case 'aws_subnet': return isTrue(b.body.map_public_ip_on_launch) && 'map_public_ip_on_launch is true';
        case 'aws_default_subnet': return b.body.map_public_ip_on_launch !== false && 'map_public_ip_on_launch is not false (a default subnet assigns public IPs unless told not to)';
        case 'aws_instance': return isTrue(b.body.associate_public_ip_address) && 'associate_public_ip_address is true';
        case 'aws_launch_template': return list(b.body.network_interfaces).some((n: any) => isTrue(n.associate_public_ip_address)) && 'a network interface has associate_public_ip_address true';
        default: return list(b.body.network_configuration).some((n: any) => isTrue(n.assign_public_ip)) && 'network_configuration.assign_public_ip is true';
      }
    }),
  },
  {
    id: 'ZT-NET-004',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.NETWORK_ISOLATION,
    title: 'Workload placed in a subnet routed to an internet gateway',
    explanation: 'Instances, tasks, functions, databases and caches belong in private subnets; a route to an internet gateway makes the subnet public, one misconfiguration away from exposure.',
    fix: 'Place the workload in private subnets whose default route goes to a NAT gateway (or nowhere, for databases).',
    check: each(['aws_instance', 'aws_efs_mount_target', 'aws_ecs_service', 'aws_lambda_function', 'aws_autoscaling_group', 'aws_eks_node_group',
      'aws_db_instance', 'aws_rds_cluster', 'aws_elasticache_cluster', 'aws_elasticache_replication_group'], (b, model) => {
      const pub = publicSubnets(model);
      return [...new Set(workloadSubnets(b, model).flatMap(s => model.refs(s)))]
        .filter(s => pub.has(s))
        .map(s => `runs in subnet ${s}: ${pub.get(s)}`);
    }),
  },
  {
    id: 'ZT-NET-005',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.NETWORK_ISOLATION,
    title: 'VPC without flow logs',
    explanation: 'Without flow logs there is no record of who talked to what, so an intrusion or an exfiltration cannot be traced.',
    fix: 'Add an aws_flow_log with vpc_id of this VPC, traffic_type ALL, to an encrypted log group or bucket with retention.',
    checkov: ['CKV2_AWS_11'],
    check: each(['aws_vpc'], (vpc, model) =>
      model.referencing(vpc, ['aws_flow_log'], 'vpc_id').length === 0 && 'no aws_flow_log has this VPC as vpc_id'),
  },
];
