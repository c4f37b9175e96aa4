/**
 * Who may talk to whom: a Mermaid diagram of a synthesized stack's security-group flows.
 *
 * Read from the Terraform JSON only (cdktf.out/stacks/<stack>/cdk.tf.json), never drawn by hand:
 * - a node per security group, named by the construct path of its `aws_security_group`
 *   (`//.metadata.path`), grouped by top-level construct; an endpoint security group lists the
 *   interface endpoints (`aws_vpc_endpoint`) it guards;
 * - a node per other peer a rule names: the internet (0.0.0.0/0, with the NAT gateways the private
 *   subnets leave through), a gateway endpoint's prefix list (e.g. S3), any other CIDR or prefix list;
 * - an edge per flow from client to server with its protocol and ports, from every ingress and egress
 *   rule (`aws_vpc_security_group_{ingress,egress}_rule`, `aws_security_group_rule`, inline rules).
 *   An ingress rule and the matching egress rule of the other group are one edge; a flow between two
 *   security groups that only one side allows (traffic is dropped) is drawn dashed, "one side only".
 *
 * `npm run synth` writes cdktf.out/stacks/<stack>/flows.mmd for every stack;
 * `node -r ./scripts/register.js scripts/flows.ts --readme` copies the reference app's dev stack
 * diagram into README.md (a test fails when that copy is stale).
 */
import * as fs from 'fs';
import * as path from 'path';

type Json = Record<string, any>;

export interface FlowNode {
  readonly id: string;
  readonly label: string;
  /** Top-level construct the node belongs to (a Mermaid subgraph), if any. */
  readonly group?: string;
}

export interface Flow {
  readonly from: string;
  readonly to: string;
  /** e.g. `tcp 5432`, `tcp 1024-65535`, `all traffic`. */
  readonly ports: string;
  /** False when only one of two security groups allows it. */
  readonly bothSides: boolean;
  /** Terraform addresses of the rules behind this flow. */
  readonly rules: string[];
}

export interface FlowGraph {
  readonly nodes: FlowNode[];
  readonly flows: Flow[];
}

const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/;
const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

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

interface RawRule {
  readonly address: string;
  readonly direction: 'ingress' | 'egress';
  /** Terraform name of the security group the rule belongs to. */
  readonly group: string;
  readonly ports: string;
  readonly peer: { kind: 'sg'; name: string } | { kind: 'cidr'; cidr: string } | { kind: 'prefix-list'; value: string } | { kind: 'self' };
}

function peersOf(body: Json): RawRule['peer'][] {
  const peers: RawRule['peer'][] = [];
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

/** The security-group flows of one synthesized stack (cdk.tf.json content). */
export function flowGraph(stack: Json): FlowGraph {
  const resources: Json = stack.resource ?? {};
  const nodes = new Map<string, FlowNode>();

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
      });
    }
    return id;
  };
  for (const name of Object.keys(resources.aws_security_group ?? {})) sgNode(name);

  const natGateways = Object.keys(resources.aws_nat_gateway ?? {}).length;
  const natRoutes = Object.values<Json>(resources.aws_route ?? {}).filter(r => r.destination_cidr_block === ANY_IPV4 && r.nat_gateway_id).length;
  const peerNode = (peer: RawRule['peer'], group: string): string => {
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
  const label = (id: string) => nodes.get(id)!.label;
  return {
    nodes: [...nodes.values()].sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '') || a.label.localeCompare(b.label)),
    flows: [...flows.values()]
      .map(f => ({ from: f.from, to: f.to, ports: f.ports, bothSides: !f.sgToSg || f.sides.size === 2, rules: [...f.rules].sort() }))
      .sort((a, b) => label(a.from).localeCompare(label(b.from)) || label(a.to).localeCompare(label(b.to)) || a.ports.localeCompare(b.ports)),
  };
}

function defaultSgNode(name: string, resources: Json, nodes: Map<string, FlowNode>): string {
  const id = `default_sg_${safeId(name)}`;
  if (!nodes.has(id)) {
    const { label, group } = constructLabel(resources.aws_default_security_group?.[name]?.['//']?.metadata?.path, name);
    nodes.set(id, { id, label: `${label} (default security group)`, group });
  }
  return id;
}

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
  for (const f of graph.flows) {
    const text = f.bothSides ? f.ports : `${f.ports} (one side only)`;
    lines.push(`  ${f.from} ${f.bothSides ? '-->' : '-.->'}|"${text}"| ${f.to}`);
  }
  return lines.join('\n') + '\n';
}

/** Writes flows.mmd next to every cdk.tf.json under `<outdir>/stacks`; returns the files written. */
export function writeFlowDiagrams(outdir: string): string[] {
  const stacksDir = path.join(outdir, 'stacks');
  return fs.readdirSync(stacksDir).sort().map(stack => {
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    const file = path.join(stacksDir, stack, 'flows.mmd');
    fs.writeFileSync(file, renderMermaid(flowGraph(json), `${stack}: security-group flows`));
    return file;
  });
}

/** The README block that shows one stack's diagram. */
export const README_STACK = 'confluxdb-dev';
const README_START = `<!-- flows:${README_STACK} (generated by \`./npmw run readme:flows\` from cdktf.out; a test compares) -->`;
const README_END = `<!-- /flows:${README_STACK} -->`;

export function readmeBlock(mermaid: string): string {
  return `${README_START}\n\`\`\`mermaid\n${mermaid}\`\`\`\n${README_END}`;
}

/** The diagram currently embedded in README text, or undefined. */
export function embeddedDiagram(readme: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  const block = readme.slice(start + README_START.length, end);
  const m = /```mermaid\n([\s\S]*?)```/.exec(block);
  return m?.[1];
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  if (process.argv.includes('--readme')) {
    const mermaid = fs.readFileSync(path.join(root, 'cdktf.out', 'stacks', README_STACK, 'flows.mmd'), 'utf8');
    const readmeFile = path.join(root, 'README.md');
    const readme = fs.readFileSync(readmeFile, 'utf8');
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END) + README_END.length;
    if (start < 0 || end < start + README_START.length) throw new Error(`README.md has no ${README_START} ... ${README_END} block`);
    fs.writeFileSync(readmeFile, readme.slice(0, start) + readmeBlock(mermaid) + readme.slice(end));
    console.log(`README.md: diagram of ${README_STACK} updated`);
  } else {
    for (const file of writeFlowDiagrams(path.join(root, 'cdktf.out'))) console.log(path.relative(root, file));
  }
}
