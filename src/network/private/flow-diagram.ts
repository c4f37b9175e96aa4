/**
 * Who may talk to whom: a Mermaid diagram of a synthesized stack's security-group flows.
 *
 * Read from the Terraform JSON only (cdktf.out/stacks/<stack>/cdk.tf.json), never drawn by hand:
 * - a node per security group, named by the construct path of its `aws_security_group`
 *   (`//.metadata.path`), grouped by top-level construct; an endpoint security group lists the
 *   interface endpoints (`aws_vpc_endpoint`) it guards; a security group attached to a database
 *   (`vpc_security_group_ids` of an `aws_db_instance` or `aws_rds_cluster`) is highlighted;
 * - a node per other peer a rule names: the internet (0.0.0.0/0, with the NAT gateways the private
 *   subnets leave through), a gateway endpoint's prefix list (e.g. S3), any other CIDR or prefix list;
 * - an edge per flow from client to server with its protocol and ports, from every ingress and egress
 *   rule (`aws_vpc_security_group_{ingress,egress}_rule`, `aws_security_group_rule`, inline rules).
 *   An ingress rule and the matching egress rule of the other group are one edge; a flow between two
 *   security groups that only one side allows (traffic is dropped) is drawn dashed, "one side only".
 *   An edge into a database security group is drawn thick and coloured.
 * - security groups of the same top-level construct with exactly the same flows (same peers,
 *   protocols, ports, in both directions) are one node, "N security groups with the same flows",
 *   with one edge per peer: five runner-pipeline groups that each reach the internet, the endpoints
 *   and S3 are 3 edges, not 15.
 *
 * Published with the package (not jsii API): `npx confluxdb-flows` runs ./flow-diagram-cli.ts.
 * No dependency beyond Node.js: the command loads neither cdktf nor the AWS provider.
 */

type Json = Record<string, any>;

export interface FlowNode {
  readonly id: string;
  readonly label: string;
  /** Top-level construct the node belongs to (a Mermaid subgraph), if any. */
  readonly group?: string;
  /** A security group attached to a database (RDS instance or cluster). */
  readonly database?: boolean;
  /** The security groups merged into this node because they have the same flows (their labels). */
  readonly members?: string[];
}

export interface Flow {
  readonly from: string;
  readonly to: string;
  /** e.g. `tcp 5432`, `tcp 1024-65535`, `all traffic`. */
  readonly ports: string;
  /** False when only one of two security groups allows it. */
  readonly bothSides: boolean;
  /** True when `to` is a database's security group. */
  readonly intoDatabase: boolean;
  /** Terraform addresses of the rules behind this flow. */
  readonly rules: string[];
}

export interface FlowGraph {
  readonly nodes: FlowNode[];
  readonly flows: Flow[];
}

export interface FlowGraphOptions {
  /**
   * Merge security groups of one top-level construct that have exactly the same flows into one node.
   * @default true
   */
  readonly groupRepeated?: boolean;
}

const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/;
const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';
/** Resource types whose `vpc_security_group_ids` make a security group a database's. */
const DATABASE_TYPES = ['aws_db_instance', 'aws_rds_cluster'];

function ref(value: unknown): { type: string; name: string; attribute: string } | undefined {
  const m = typeof value === 'string' ? REF.exec(value) : null;
  return m ? { type: m[1], name: m[2], attribute: m[3] } : undefined;
}

function portsOf(protocol: unknown, from: unknown, to: unknown): string {
  const p = String(protocol ?? '-1').toLowerCase();
  if (p === '-1' || p === 'all') return 'all traffic';
  const a = Number(from);
  const b = Number(to ?? from);
  if (p === 'icmp' || p === 'icmpv6') return p;
  if (!Number.isFinite(a)) return p;
  if (a === 0 && b === 65535) return `${p} all ports`;
  return a === b ? `${p} ${a}` : `${p} ${a}-${b}`;
}

function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_');
}

/** A security group's name in the diagram: its construct path below the stack, without a trailing SecurityGroup. */
function constructLabel(metadataPath: string | undefined, fallback: string): { label: string; group?: string } {
  if (!metadataPath) return { label: fallback };
  const parts = metadataPath.split('/').slice(1); // drop the stack
  while (parts.length > 1 && parts[parts.length - 1] === 'SecurityGroup') parts.pop();
  const label = parts.join('/').replace(/SecurityGroup$/, '') || fallback;
  return { label, group: parts.length > 1 ? parts[0] : undefined };
}

type Peer = { kind: 'sg'; name: string } | { kind: 'cidr'; cidr: string } | { kind: 'prefix-list'; value: string } | { kind: 'self' };

interface RawRule {
  readonly address: string;
  readonly direction: 'ingress' | 'egress';
  /** Terraform name of the security group the rule belongs to. */
  readonly group: string;
  readonly ports: string;
  readonly peer: Peer;
}

function peersOf(body: Json): Peer[] {
  const peers: Peer[] = [];
  const sgRef = ref(body.referenced_security_group_id ?? body.source_security_group_id);
  if (sgRef?.type === 'aws_security_group') peers.push({ kind: 'sg', name: sgRef.name });
  for (const cidr of [body.cidr_ipv4, body.cidr_ipv6].filter(Boolean)) peers.push({ kind: 'cidr', cidr: String(cidr) });
  for (const cidr of [...(body.cidr_blocks ?? []), ...(body.ipv6_cidr_blocks ?? [])]) peers.push({ kind: 'cidr', cidr: String(cidr) });
  for (const pl of [body.prefix_list_id, ...(body.prefix_list_ids ?? [])].filter(Boolean)) peers.push({ kind: 'prefix-list', value: String(pl) });
  for (const sg of body.security_groups ?? []) {
    const r = ref(sg);
    if (r?.type === 'aws_security_group') peers.push({ kind: 'sg', name: r.name });
  }
  if (body.self === true) peers.push({ kind: 'self' });
  return peers;
}

function rawRules(resources: Json): RawRule[] {
  const rules: RawRule[] = [];
  const add = (address: string, direction: 'ingress' | 'egress', group: string | undefined, body: Json) => {
    if (!group) return;
    const ports = portsOf(body.ip_protocol ?? body.protocol, body.from_port, body.to_port);
    for (const peer of peersOf(body)) rules.push({ address, direction, group, ports, peer });
  };
  for (const direction of ['ingress', 'egress'] as const) {
    for (const [name, body] of Object.entries<Json>(resources[`aws_vpc_security_group_${direction}_rule`] ?? {})) {
      add(`aws_vpc_security_group_${direction}_rule.${name}`, direction, ref(body.security_group_id)?.name, body);
    }
  }
  for (const [name, body] of Object.entries<Json>(resources.aws_security_group_rule ?? {})) {
    add(`aws_security_group_rule.${name}`, body.type === 'egress' ? 'egress' : 'ingress', ref(body.security_group_id)?.name, body);
  }
  for (const type of ['aws_security_group', 'aws_default_security_group']) {
    for (const [name, body] of Object.entries<Json>(resources[type] ?? {})) {
      for (const direction of ['ingress', 'egress'] as const) {
        (body[direction] ?? []).forEach((inline: Json, i: number) => add(`${type}.${name}.${direction}[${i}]`, direction, type === 'aws_security_group' ? name : `default:${name}`, inline));
      }
    }
  }
  return rules;
}

/** Terraform names of the security groups attached to a database (RDS instance or cluster). */
function databaseSecurityGroups(resources: Json): Set<string> {
  const names = new Set<string>();
  for (const type of DATABASE_TYPES) {
    for (const body of Object.values<Json>(resources[type] ?? {})) {
      const ids: unknown = body.vpc_security_group_ids;
      for (const id of Array.isArray(ids) ? ids : []) {
        const r = ref(id);
        if (r?.type === 'aws_security_group') names.add(r.name);
      }
    }
  }
  return names;
}

/** The security-group flows of one synthesized stack (cdk.tf.json content). */
export function flowGraph(stack: Json, options: FlowGraphOptions = {}): FlowGraph {
  const resources: Json = stack.resource ?? {};
  const nodes = new Map<string, FlowNode>();
  const databases = databaseSecurityGroups(resources);

  // Interface endpoints by the security group that guards them.
  const endpointsBySg = new Map<string, string[]>();
  for (const body of Object.values<Json>(resources.aws_vpc_endpoint ?? {})) {
    if ((body.vpc_endpoint_type ?? 'Gateway') !== 'Interface') continue;
    const service = String(body.service_name ?? '').replace(/^com\.amazonaws\.(\$\{[^}]+\}|[a-z0-9-]+)\./, '');
    for (const sg of body.security_group_ids ?? []) {
      const r = ref(sg);
      if (r?.type === 'aws_security_group') endpointsBySg.set(r.name, [...(endpointsBySg.get(r.name) ?? []), service].sort());
    }
  }
  const sgNode = (name: string): string => {
    const id = `sg_${safeId(name)}`;
    if (!nodes.has(id)) {
      const body = resources.aws_security_group?.[name];
      const { label, group } = constructLabel(body?.['//']?.metadata?.path, name);
      const endpoints = endpointsBySg.get(name);
      nodes.set(id, {
        id,
        label: endpoints ? `${label}<br/>interface endpoints: ${endpoints.join(', ')}` : label,
        group,
        ...(databases.has(name) ? { database: true } : {}),
      });
    }
    return id;
  };
  for (const name of Object.keys(resources.aws_security_group ?? {})) sgNode(name);

  const natGateways = Object.keys(resources.aws_nat_gateway ?? {}).length;
  const natRoutes = Object.values<Json>(resources.aws_route ?? {}).filter(r => r.destination_cidr_block === ANY_IPV4 && r.nat_gateway_id).length;
  const peerNode = (peer: Peer, group: string): string => {
    let id: string;
    let label: string;
    if (peer.kind === 'self') return sgNode(group);
    if (peer.kind === 'sg') return sgNode(peer.name);
    if (peer.kind === 'cidr' && (peer.cidr === ANY_IPV4 || peer.cidr === ANY_IPV6)) {
      id = peer.cidr === ANY_IPV4 ? 'internet' : 'internet_v6';
      label = peer.cidr === ANY_IPV4
        ? (natGateways > 0 && natRoutes > 0
          ? `Internet ${ANY_IPV4}<br/>through ${natGateways} NAT gateway${natGateways > 1 ? 's' : ''}`
          : `Internet ${ANY_IPV4}<br/>no NAT route: unreachable from private subnets`)
        : `Internet ${ANY_IPV6}`;
    } else if (peer.kind === 'cidr') {
      id = `cidr_${safeId(peer.cidr)}`;
      label = peer.cidr;
    } else {
      const r = ref(peer.value);
      const endpoint = r?.type === 'aws_vpc_endpoint' ? resources.aws_vpc_endpoint?.[r.name] : undefined;
      if (endpoint) {
        const service = String(endpoint.service_name ?? '').split('.').pop() ?? 'service';
        id = `gateway_${safeId(r!.name)}`;
        label = `${service === 's3' ? 'S3' : service === 'dynamodb' ? 'DynamoDB' : service} gateway endpoint<br/>prefix list`;
      } else {
        id = `prefix_${safeId(peer.value)}`;
        label = `prefix list ${peer.value}`;
      }
    }
    if (!nodes.has(id)) nodes.set(id, { id, label });
    return id;
  };

  const flows = new Map<string, { from: string; to: string; ports: string; sides: Set<string>; sgToSg: boolean; rules: Set<string> }>();
  for (const rule of rawRules(resources)) {
    const own = rule.group.startsWith('default:') ? defaultSgNode(rule.group.slice(8), resources, nodes) : sgNode(rule.group);
    const other = peerNode(rule.peer, rule.group);
    const [from, to] = rule.direction === 'ingress' ? [other, own] : [own, other];
    const key = `${from}|${to}|${rule.ports}`;
    const flow = flows.get(key) ?? { from, to, ports: rule.ports, sides: new Set<string>(), sgToSg: false, rules: new Set<string>() };
    flow.sides.add(rule.direction);
    flow.sgToSg = flow.sgToSg || rule.peer.kind === 'sg' || rule.peer.kind === 'self';
    flow.rules.add(rule.address);
    flows.set(key, flow);
  }
  const graph: FlowGraph = {
    nodes: [...nodes.values()],
    flows: [...flows.values()].map(f => ({
      from: f.from,
      to: f.to,
      ports: f.ports,
      bothSides: !f.sgToSg || f.sides.size === 2,
      intoDatabase: nodes.get(f.to)?.database === true,
      rules: [...f.rules].sort(),
    })),
  };
  return sorted(options.groupRepeated === false ? graph : groupRepeated(graph));
}

function defaultSgNode(name: string, resources: Json, nodes: Map<string, FlowNode>): string {
  const id = `default_sg_${safeId(name)}`;
  if (!nodes.has(id)) {
    const { label, group } = constructLabel(resources.aws_default_security_group?.[name]?.['//']?.metadata?.path, name);
    nodes.set(id, { id, label: `${label} (default security group)`, group });
  }
  return id;
}

/**
 * Security groups (`sg_*` nodes) of the same top-level construct whose flows are identical — the same
 * peers, protocols, ports and sidedness, outgoing and incoming — become one node with one edge per
 * peer. Nodes without any flow, or with a flow to themselves, stay as they are.
 */
export function groupRepeated(graph: FlowGraph): FlowGraph {
  const signature = new Map<string, string>();
  for (const node of graph.nodes) {
    if (!node.id.startsWith('sg_')) continue;
    const out = graph.flows.filter(f => f.from === node.id).map(f => `>${f.to}|${f.ports}|${f.bothSides}`);
    const into = graph.flows.filter(f => f.to === node.id).map(f => `<${f.from}|${f.ports}|${f.bothSides}`);
    const self = graph.flows.some(f => f.from === node.id && f.to === node.id);
    if (self || out.length + into.length === 0) continue;
    signature.set(node.id, JSON.stringify([node.group ?? '', node.database === true, [...out, ...into].sort()]));
  }
  const classes = new Map<string, FlowNode[]>();
  for (const node of graph.nodes) {
    const sig = signature.get(node.id);
    if (sig !== undefined) classes.set(sig, [...(classes.get(sig) ?? []), node]);
  }
  const mergedInto = new Map<string, string>();
  const merged: FlowNode[] = [];
  for (const members of classes.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => a.label.localeCompare(b.label));
    const group = members[0].group;
    const names = members.map(m => {
      const first = m.label.split('<br/>')[0];
      return group && first.startsWith(`${group}/`) ? first.slice(group.length + 1) : first;
    });
    const id = `sgs_${members[0].id.slice('sg_'.length)}`;
    merged.push({
      id,
      label: `${group ? `${group}: ` : ''}${members.length} security groups with the same flows<br/>${names.join(', ')}`,
      group,
      ...(members[0].database ? { database: true } : {}),
      members: members.map(m => m.label.split('<br/>')[0]),
    });
    for (const m of members) mergedInto.set(m.id, id);
  }
  if (merged.length === 0) return graph;
  const flows = new Map<string, Flow>();
  for (const f of graph.flows) {
    const from = mergedInto.get(f.from) ?? f.from;
    const to = mergedInto.get(f.to) ?? f.to;
    const key = `${from}|${to}|${f.ports}|${f.bothSides}`;
    const seen = flows.get(key);
    flows.set(key, { ...f, from, to, rules: [...new Set([...(seen?.rules ?? []), ...f.rules])].sort() });
  }
  return { nodes: [...graph.nodes.filter(n => !mergedInto.has(n.id)), ...merged], flows: [...flows.values()] };
}

function sorted(graph: FlowGraph): FlowGraph {
  const labels = new Map(graph.nodes.map(n => [n.id, n.label]));
  const label = (id: string) => labels.get(id) ?? id;
  return {
    nodes: [...graph.nodes].sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '') || a.label.localeCompare(b.label)),
    flows: [...graph.flows].sort((a, b) =>
      label(a.from).localeCompare(label(b.from)) || label(a.to).localeCompare(label(b.to)) || a.ports.localeCompare(b.ports)),
  };
}

/** Mermaid styles: database security groups and the edges into them stand out. */
export const DATABASE_NODE_STYLE = 'fill:#fff4e6,stroke:#d9480f,stroke-width:3px';
export const DATABASE_EDGE_STYLE = 'stroke:#d9480f,stroke-width:4px';

/** Mermaid flowchart text of a flow graph. */
export function renderMermaid(graph: FlowGraph, title?: string): string {
  const lines: string[] = [];
  if (title) lines.push('---', `title: ${JSON.stringify(title)}`, '---'); // YAML front matter, quoted (titles contain ': ')
  lines.push('flowchart LR');
  const groups = new Map<string, FlowNode[]>();
  for (const node of graph.nodes) groups.set(node.group ?? '', [...(groups.get(node.group ?? '') ?? []), node]);
  const nodeLine = (n: FlowNode) => `${n.id}["${n.label.replace(/"/g, '#quot;')}"]`;
  for (const [group, members] of groups) {
    if (!group) {
      members.forEach(n => lines.push(`  ${nodeLine(n)}`));
      continue;
    }
    lines.push(`  subgraph ${safeId(`group_${group}`)}["${group}"]`);
    members.forEach(n => lines.push(`    ${nodeLine(n)}`));
    lines.push('  end');
  }
  const databaseEdges: number[] = [];
  graph.flows.forEach((f, i) => {
    const text = f.bothSides ? f.ports : `${f.ports} (one side only)`;
    const arrow = !f.bothSides ? '-.->' : f.intoDatabase ? '==>' : '-->';
    if (f.intoDatabase) databaseEdges.push(i);
    lines.push(`  ${f.from} ${arrow}|"${text}"| ${f.to}`);
  });
  const databaseNodes = graph.nodes.filter(n => n.database).map(n => n.id);
  if (databaseNodes.length > 0) {
    lines.push(`  classDef database ${DATABASE_NODE_STYLE}`);
    lines.push(`  class ${databaseNodes.join(',')} database`);
  }
  if (databaseEdges.length > 0) lines.push(`  linkStyle ${databaseEdges.join(',')} ${DATABASE_EDGE_STYLE}`);
  return lines.join('\n') + '\n';
}
