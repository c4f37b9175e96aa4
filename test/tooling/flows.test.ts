import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SecurityGroup as AwsSecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { embeddedDiagram, flowGraph, README_STACK, renderMermaid } from '../../scripts/flows';
import { Port, PrivateMultiAzDatabase, SecurityGroup, ZeroTrustVpc } from '../../src';
import { main, USAGE } from '../../src/network/private/flow-diagram-cli';
import { testStack } from '../util';

const root = path.resolve(__dirname, '..', '..');

/** The stack's Terraform JSON as `cdktf synth` writes it, construct paths (`//`) included. */
function synthesized(stack: TerraformStack): any {
  const outdir = Testing.fullSynth(stack);
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
}

interface Edge { from: string; to: string; ports: string; dashed: boolean }

/** Nodes and edges read back from the Mermaid text, by node label (a thick `==>` edge counts as solid). */
function parseMermaid(text: string): Edge[] {
  const labels = new Map<string, string>();
  for (const m of text.matchAll(/^\s+(\w+)\["([^"]*)"\]$/gm)) labels.set(m[1], m[2]);
  return [...text.matchAll(/^\s+(\w+) (-->|-\.->|==>)\|"([^"]+)"\| (\w+)$/gm)].map(m => ({
    from: labels.get(m[1])!, to: labels.get(m[4])!, ports: m[3].replace(' (one side only)', ''), dashed: m[2] === '-.->',
  }));
}

/** The Mermaid styling read back: which edges (by index, as `linkStyle` counts) and nodes are highlighted, and how. */
function highlighted(text: string): { edges: { from: string; to: string; arrow: string }[]; nodes: string[] } {
  const labels = new Map<string, string>();
  for (const m of text.matchAll(/^\s+(\w+)\["([^"]*)"\]$/gm)) labels.set(m[1], m[2]);
  const all = [...text.matchAll(/^\s+(\w+) (-->|-\.->|==>)\|"[^"]+"\| (\w+)$/gm)];
  const styled = [...text.matchAll(/^\s+linkStyle ([\d,]+) stroke:[^,]+,stroke-width:\d+px$/gm)].flatMap(m => m[1].split(',').map(Number));
  const classDef = /^\s+classDef database \S+$/m.test(text);
  const nodes = classDef ? [...text.matchAll(/^\s+class ([\w,]+) database$/gm)].flatMap(m => m[1].split(',')).map(id => labels.get(id)!) : [];
  return { edges: styled.map(i => ({ from: labels.get(all[i][1])!, to: labels.get(all[i][3])!, arrow: all[i][2] })), nodes };
}

/**
 * The oracle: what each rule resource of the stack must show, worked out independently of
 * scripts/flows.ts from the rule's own attributes and the construct path of its security groups.
 */
function expectedEdges(json: any): Set<string> {
  const res = json.resource;
  const sgLabel = (reference: string) => {
    const name = /^\$\{aws_security_group\.([^.]+)\.id\}$/.exec(reference)![1];
    return res.aws_security_group[name]['//'].metadata.path.split('/').slice(1).filter((p: string) => p !== 'SecurityGroup').join('/').replace(/SecurityGroup$/, '');
  };
  const peer = (rule: any) => rule.referenced_security_group_id ? sgLabel(rule.referenced_security_group_id)
    : rule.cidr_ipv4 === '0.0.0.0/0' ? 'internet'
      : rule.prefix_list_id ? 'S3 gateway endpoint' : `unexpected peer ${JSON.stringify(rule)}`;
  const edges = new Set<string>();
  for (const rule of Object.values<any>(res.aws_vpc_security_group_ingress_rule ?? {})) {
    edges.add(`${peer(rule)} -> ${sgLabel(rule.security_group_id)} : ${rule.ip_protocol} ${rule.from_port}`);
  }
  for (const rule of Object.values<any>(res.aws_vpc_security_group_egress_rule ?? {})) {
    edges.add(`${sgLabel(rule.security_group_id)} -> ${peer(rule)} : ${rule.ip_protocol} ${rule.from_port}`);
  }
  return edges;
}

/** Diagram labels shortened to what the oracle knows (the first line of a label, peers by kind). */
function short(label: string): string {
  const first = label.split('<br/>')[0];
  if (first.startsWith('Internet 0.0.0.0/0')) return 'internet';
  return first;
}

describe('security-group flow diagram', () => {
  const stack = testStack('Small');
  const network = new ZeroTrustVpc(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
  const db = new PrivateMultiAzDatabase(stack, 'Database', { vpc: network, instanceClass: 'db.t4g.medium' });
  const app = new SecurityGroup(stack, 'App', { vpcId: network.vpcId, description: 'ConfluxDB app' });
  db.connections.allowDefaultPortFrom(app);
  network.endpointSecurityGroup.connections.allowDefaultPortFrom(app);
  app.connections.allowToAnyIpv4(Port.https(), 'HTTPS to the internet through NAT');
  const json = synthesized(stack);
  const mermaid = renderMermaid(flowGraph(json), 'Small');
  const edges = parseMermaid(mermaid);

  test('every security-group rule of the stack is an edge, and there is no other edge', () => {
    const drawn = new Set(edges.map(e => `${short(e.from)} -> ${short(e.to)} : ${e.ports}`));
    const expected = expectedEdges(json);
    // 6 rules: App<->Database and App<->endpoints (an egress and an ingress rule each), S3, internet.
    const rules = ['ingress', 'egress'].flatMap(d => Object.keys(json.resource[`aws_vpc_security_group_${d}_rule`] ?? {}));
    expect(rules).toHaveLength(6);
    expect(expected.size).toBe(4);
    expect([...drawn].sort()).toEqual([...expected].sort());
  });

  test('the seed flow: App -> Database on 5432, allowed on both sides (solid)', () => {
    expect(edges).toContainEqual({ from: 'App', to: 'Database', ports: 'tcp 5432', dashed: false });
  });

  test('the edge into the database security group is highlighted (thick, linkStyle), and only that one', () => {
    expect(highlighted(mermaid)).toEqual({ edges: [{ from: 'App', to: 'Database', arrow: '==>' }], nodes: ['Database'] });
    expect(flowGraph(json).flows.filter(f => f.intoDatabase).map(f => f.ports)).toEqual(['tcp 5432']);
  });

  test('nodes carry the construct names, the endpoints behind the endpoint group and the NAT path', () => {
    expect(mermaid).toMatch(/\["Network\/Endpoint<br\/>interface endpoints: ecr\.api, ecr\.dkr, kms, logs, secretsmanager, sts"\]/);
    expect(mermaid).toMatch(/\["Internet 0\.0\.0\.0\/0<br\/>through 1 NAT gateway"\]/);
    expect(mermaid).toMatch(/\["S3 gateway endpoint<br\/>prefix list"\]/);
    expect(mermaid.split('\n').slice(0, 4)).toEqual(['---', 'title: "Small"', '---', 'flowchart LR']);
  });

  test('a flow only one security group allows is drawn dashed', () => {
    const s = testStack('OneSided');
    const a = new AwsSecurityGroup(s, 'Client', { description: 'client', vpcId: 'vpc-1' });
    const b = new AwsSecurityGroup(s, 'Server', { description: 'server', vpcId: 'vpc-1' });
    new VpcSecurityGroupIngressRule(s, 'In', { securityGroupId: b.id, referencedSecurityGroupId: a.id, ipProtocol: 'tcp', fromPort: 8080, toPort: 8080 });
    const oneSided = parseMermaid(renderMermaid(flowGraph(synthesized(s))));
    expect(oneSided).toEqual([{ from: 'Client', to: 'Server', ports: 'tcp 8080', dashed: true }]);
  });

  test('without a NAT gateway the internet node says it is unreachable', () => {
    const s = testStack('NoNat');
    const vpc = new ZeroTrustVpc(s, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
    const sg = new SecurityGroup(s, 'App', { vpcId: vpc.vpcId, description: 'app' });
    sg.connections.allowToAnyIpv4(Port.https(), 'HTTPS out');
    expect(renderMermaid(flowGraph(synthesized(s)))).toContain('no NAT route: unreachable from private subnets');
  });
});

describe('database security groups are those an RDS instance is attached to', () => {
  test('a security group named Database without a database is not highlighted; one attached to aws_db_instance is', () => {
    const s = testStack('DbByAttachment');
    const network = new ZeroTrustVpc(s, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
    const store = new PrivateMultiAzDatabase(s, 'Store', { vpc: network, instanceClass: 'db.t4g.medium' });
    const decoy = new SecurityGroup(s, 'Database', { vpcId: network.vpcId, description: 'not a database' });
    const app = new SecurityGroup(s, 'App', { vpcId: network.vpcId, description: 'app' });
    store.connections.allowDefaultPortFrom(app);
    decoy.connections.allowFrom(app, Port.tcp(5432), 'looks like a database');
    const json = synthesized(s);
    const attached = Object.values<any>(json.resource.aws_db_instance).flatMap(db => db.vpc_security_group_ids);
    expect(attached).toHaveLength(1);
    const text = renderMermaid(flowGraph(json));
    expect(highlighted(text)).toEqual({ edges: [{ from: 'App', to: 'Store', arrow: '==>' }], nodes: ['Store'] });
    expect(parseMermaid(text)).toContainEqual({ from: 'App', to: 'Database', ports: 'tcp 5432', dashed: false });
  });

  test('a one-sided rule into a database stays dashed, and is still highlighted', () => {
    const s = testStack('DbOneSided');
    const network = new ZeroTrustVpc(s, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
    const store = new PrivateMultiAzDatabase(s, 'Store', { vpc: network, instanceClass: 'db.t4g.medium' });
    const client = new AwsSecurityGroup(s, 'Client', { description: 'client', vpcId: network.vpcId });
    new VpcSecurityGroupIngressRule(s, 'In', { securityGroupId: store.connections.securityGroupId, referencedSecurityGroupId: client.id, ipProtocol: 'tcp', fromPort: 5432, toPort: 5432 });
    const text = renderMermaid(flowGraph(synthesized(s)));
    expect(parseMermaid(text)).toEqual([{ from: 'Client', to: 'Store', ports: 'tcp 5432', dashed: true }]);
    expect(highlighted(text)).toEqual({ edges: [{ from: 'Client', to: 'Store', arrow: '-.->' }], nodes: ['Store'] });
  });
});

describe('security groups with the same flows are one node', () => {
  /** A network and a construct `Workers` with one security group per entry, each given its flows. */
  function workers(id: string, flows: ((sg: SecurityGroup, network: ZeroTrustVpc) => void)[]): any {
    const s = testStack(id);
    const network = new ZeroTrustVpc(s, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
    const scope = new Construct(s, 'Workers');
    flows.forEach((give, i) => give(new SecurityGroup(scope, `W${i + 1}`, { vpcId: network.vpcId, description: `worker ${i + 1}` }), network));
    return synthesized(s);
  }
  const httpsOutAndEndpoints = (sg: SecurityGroup, network: ZeroTrustVpc) => {
    sg.connections.allowToAnyIpv4(Port.https(), 'HTTPS out');
    network.endpointSecurityGroup.connections.allowDefaultPortFrom(sg);
  };

  test('three sources with identical edges become one node with one edge per target', () => {
    const json = workers('Same', [httpsOutAndEndpoints, httpsOutAndEndpoints, httpsOutAndEndpoints]);
    const text = renderMermaid(flowGraph(json));
    const grouped = 'Workers: 3 security groups with the same flows<br/>W1, W2, W3';
    expect(parseMermaid(text).filter(e => e.from.startsWith('Workers')).map(e => `${e.from} -> ${short(e.to)} : ${e.ports}`).sort()).toEqual([
      `${grouped} -> Network/Endpoint : tcp 443`,
      `${grouped} -> S3 gateway endpoint : tcp 443`,
      `${grouped} -> internet : tcp 443`,
    ]);
    expect(text).not.toMatch(/\["Workers\/W\d"\]/);
    const node = flowGraph(json).nodes.find(n => n.members);
    expect(node?.members).toEqual(['Workers/W1', 'Workers/W2', 'Workers/W3']);
    // The merged edge keeps every rule behind it: 3 egress rules to the internet.
    expect(flowGraph(json).flows.find(f => f.from === node!.id && f.to === 'internet')?.rules).toHaveLength(3);
    // Ungrouped, the same stack draws an edge per security group and target.
    const ungrouped = parseMermaid(renderMermaid(flowGraph(json, { groupRepeated: false })));
    expect(ungrouped.filter(e => e.from.startsWith('Workers/'))).toHaveLength(9);
  });

  test('no grouping when the edges differ: a different port, or one more target', () => {
    const json = workers('Differ', [
      httpsOutAndEndpoints,
      httpsOutAndEndpoints,
      (sg, network) => { httpsOutAndEndpoints(sg, network); sg.connections.allowToAnyIpv4(Port.tcp(80), 'HTTP out'); },
      (sg, network) => { sg.connections.allowToAnyIpv4(Port.tcp(8443), 'other port'); network.endpointSecurityGroup.connections.allowDefaultPortFrom(sg); },
    ]);
    const froms = new Set(parseMermaid(renderMermaid(flowGraph(json))).map(e => e.from).filter(f => f.startsWith('Workers')));
    expect([...froms].sort()).toEqual(['Workers/W3', 'Workers/W4', 'Workers: 2 security groups with the same flows<br/>W1, W2']);
  });

  test('security groups of different top-level constructs are not merged', () => {
    const s = testStack('Apart');
    const network = new ZeroTrustVpc(s, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
    for (const id of ['A', 'B']) httpsOutAndEndpoints(new SecurityGroup(new Construct(s, id), 'Sg', { vpcId: network.vpcId, description: id }), network);
    const froms = new Set(parseMermaid(renderMermaid(flowGraph(synthesized(s)))).map(e => e.from));
    expect(froms).toEqual(new Set(['A/Sg', 'B/Sg']));
  });
});

describe('README diagram of the reference app', () => {
  test(`equals a fresh generation from the ${README_STACK} stack (run \`./npmw run readme:flows\` to update)`, () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-readme-'));
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(process.env)) if (k.startsWith('CONFLUXDB_') || k === 'AWS_REGION') delete process.env[k];
      process.env.CDKTF_OUTDIR = outdir;
      process.env.CONFLUXDB_PROFILE = README_STACK.replace('confluxdb-', '');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app synthesizes when loaded
      jest.isolateModules(() => require('../../examples/confluxdb/main'));
      const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', README_STACK, 'cdk.tf.json'), 'utf8'));
      const fresh = renderMermaid(flowGraph(json), `${README_STACK}: security-group flows`);
      expect(embeddedDiagram(fs.readFileSync(path.join(root, 'README.md'), 'utf8'))).toEqual(fresh);
      // The seed's App SG -> DB SG rule is the highlighted edge; the runner pipeline's five security
      // groups (each to the internet, the endpoints and S3) are one node with 3 edges, not 15.
      expect(fresh).toMatch(/sg_DataPlatform\w* ==>\|"tcp 5432"\| sg_Database\w*/);
      expect(highlighted(fresh)).toEqual({ edges: [{ from: 'DataPlatform', to: 'Database', arrow: '==>' }], nodes: ['Database'] });
      const automation = parseMermaid(fresh).filter(e => e.from.startsWith('Automation'));
      expect(automation.map(e => short(e.to)).sort()).toEqual(['Network/Endpoint', 'S3 gateway endpoint', 'internet']);
      expect(automation[0].from).toMatch(/^Automation: 5 security groups with the same flows<br\/>.*Launcher.*Reaper.*Runner/);
    } finally {
      process.env = saved;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60000);
});

describe('the confluxdb-flows command users run on their own stacks', () => {
  const stack = testStack('Mine');
  const network = new ZeroTrustVpc(stack, 'Network', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
  const db = new PrivateMultiAzDatabase(stack, 'Database', { vpc: network, instanceClass: 'db.t4g.medium' });
  db.connections.allowDefaultPortFrom(new SecurityGroup(stack, 'App', { vpcId: network.vpcId, description: 'app' }));
  const outdir = Testing.fullSynth(stack);
  const stackFile = path.join(outdir, 'stacks', 'Mine', 'cdk.tf.json');
  const expected = renderMermaid(flowGraph(JSON.parse(fs.readFileSync(stackFile, 'utf8'))), 'Mine: security-group flows');

  function run(args: string[]): { code: number; out: string; err: string } {
    let out = '';
    let err = '';
    const code = main(args, s => { out += s; }, s => { err += s; });
    return { code, out, err };
  }

  test('a cdk.tf.json (or its stack folder): the diagram on stdout, titled with the stack; -o writes a file', () => {
    expect(run([stackFile])).toEqual({ code: 0, out: expected, err: '' });
    expect(run([path.dirname(stackFile)]).out).toEqual(expected);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flows-cli-')), 'mine.mmd');
    expect(run(['-o', file, stackFile])).toEqual({ code: 0, out: `${file}\n`, err: '' });
    expect(fs.readFileSync(file, 'utf8')).toEqual(expected);
    expect(run(['--ungrouped', stackFile]).out).toContain('==>|"tcp 5432"|');
    // Copied elsewhere, the stack keeps its name (cdktf's metadata, not the folder).
    const copy = path.join(path.dirname(file), 'copy.json');
    fs.copyFileSync(stackFile, copy);
    expect(run([copy]).out).toEqual(expected);
  });

  test('a cdktf output folder: flows.mmd next to every stack', () => {
    const written = path.join(outdir, 'stacks', 'Mine', 'flows.mmd');
    fs.rmSync(written, { force: true });
    expect(run([outdir])).toEqual({ code: 0, out: `${written}\n`, err: '' });
    expect(fs.readFileSync(written, 'utf8')).toEqual(expected);
  });

  test('bad input: a missing path, a file that is not a stack, an unknown option, help', () => {
    const missing = run([path.join(outdir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.json does not exist\. Synthesize first/);
    const notStack = path.join(outdir, 'manifest.json');
    expect(run([notStack])).toMatchObject({ code: 1, err: expect.stringContaining('is not a synthesized Terraform stack') });
    expect(run(['--colour', stackFile])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --colour') });
    expect(run(['--help'])).toEqual({ code: 0, out: USAGE, err: '' });
  });

  test('the package ships it as the `confluxdb-flows` bin: a compiled src/ file with a shebang that loads neither cdktf nor the provider', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const bin: string = pkg.bin['confluxdb-flows'];
    expect(bin).toMatch(/^lib\/.*\.js$/);
    const source = path.join(root, bin.replace(/^lib\//, 'src/').replace(/\.js$/, '.ts'));
    expect(fs.readFileSync(source, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    // As a process, the way npm's bin link runs it (here from source through esbuild).
    const out = execFileSync(process.execPath, ['-r', './scripts/register.js', source, stackFile], { cwd: root, encoding: 'utf8' });
    expect(out).toEqual(expected);
    const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-r', './scripts/register.js', '-e',
      `require(${JSON.stringify(source)}); console.log(JSON.stringify(Object.keys(require.cache)))`], { cwd: root, encoding: 'utf8' }));
    // Nothing from node_modules but what scripts/register.js itself reads: no dependency to install.
    expect(loaded.filter(f => /node_modules/.test(f) && !/node_modules\/esbuild\/package\.json$/.test(f))).toEqual([]);
  }, 30000);
});
