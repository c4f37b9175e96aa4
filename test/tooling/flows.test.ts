import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SecurityGroup as AwsSecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformStack, Testing } from 'cdktf';
import { embeddedDiagram, flowGraph, README_STACK, renderMermaid } from '../../scripts/flows';
import { Port, PrivateMultiAzDatabase, SecurityGroup, ZeroTrustVpc } from '../../src';
import { testStack } from '../util';

const root = path.resolve(__dirname, '..', '..');

/** The stack's Terraform JSON as `cdktf synth` writes it, construct paths (`//`) included. */
function synthesized(stack: TerraformStack): any {
  const outdir = Testing.fullSynth(stack);
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
}

interface Edge { from: string; to: string; ports: string; dashed: boolean }

/** Nodes and edges read back from the Mermaid text, by node label. */
function parseMermaid(text: string): Edge[] {
  const labels = new Map<string, string>();
  for (const m of text.matchAll(/^\s+(\w+)\["([^"]*)"\]$/gm)) labels.set(m[1], m[2]);
  return [...text.matchAll(/^\s+(\w+) (-->|-\.->)\|"([^"]+)"\| (\w+)$/gm)].map(m => ({
    from: labels.get(m[1])!, to: labels.get(m[4])!, ports: m[3].replace(' (one side only)', ''), dashed: m[2] === '-.->',
  }));
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
      expect(fresh).toMatch(/sg_DataPlatform\w* -->\|"tcp 5432"\| sg_Database\w*/);
    } finally {
      process.env = saved;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60000);
});
