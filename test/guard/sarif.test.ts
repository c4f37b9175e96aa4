import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { toBeValidSarifLog } from '@microsoft/jest-sarif';
import { App, TerraformResource, TerraformStack } from 'cdktf';
import { db, githubTrust, identityPolicy, publicSubnet, sg, task, vpc } from './fixtures';
import { ZeroTrustGuard } from '../../src';
import { stableStringify } from '../../src/guard/report';

expect.extend({ toBeValidSarifLog });
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> { toBeValidSarifLog(): R }
  }
}

/**
 * A stack written by hand with plain provider resources and a dozen deliberate violations, as a
 * team that never used this library might write it.
 */
function violations(stack: TerraformStack): Array<[string, TerraformResource]> {
  const v = vpc(stack); // no flow log
  const web = sg(stack, v, 'Web', [{ description: 'SSH from anywhere', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }] as any);
  const fromCidr = new VpcSecurityGroupIngressRule(stack, 'DbFromVpc', {
    securityGroupId: web.id, cidrIpv4: '10.0.0.0/16', ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, description: 'PostgreSQL from the VPC',
  });
  const autoPublic = new Subnet(stack, 'AutoPublic', { vpcId: v.id, cidrBlock: '10.0.9.0/24', mapPublicIpOnLaunch: true });
  const server = new Instance(stack, 'Server', { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro', subnetId: publicSubnet(stack, v).id });
  const admin = identityPolicy(stack, 'Admin', { Effect: 'Allow', Action: '*', Resource: '*' });
  const anyBucket = identityPolicy(stack, 'AnyBucket', { Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' });
  const passRole = identityPolicy(stack, 'PassRole', { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/*' });
  const deploy = githubTrust(stack, 'Deploy', { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
  const queue = new SqsQueue(stack, 'Orders', { name: 'orders' });
  const publicDb = db(stack, 'Reporting', { publiclyAccessible: true, storageEncrypted: false, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
  const bucket = new S3Bucket(stack, 'Exports', { bucketPrefix: 'exports' });
  const rootTask = task(stack, 'Worker', { user: '0', readonlyRootFilesystem: true, privileged: true },
    { task: 'arn:aws:iam::123456789012:role/worker', execution: 'arn:aws:iam::123456789012:role/worker' });
  const fn = new LambdaFunction(stack, 'Notifier', {
    functionName: 'notifier',
    role: 'arn:aws:iam::123456789012:role/notifier',
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    filename: 'notifier.zip',
    environment: { variables: { SLACK_TOKEN: 'xoxb-not-a-real-token-but-a-literal', LOG_LEVEL: 'info' } },
  });
  return [
    ['ZT-NET-005', v], ['ZT-NET-002', web], ['ZT-NET-001', fromCidr], ['ZT-NET-003', autoPublic], ['ZT-NET-004', server],
    ['ZT-IAM-001', admin], ['ZT-IAM-003', anyBucket], ['ZT-IAM-004', passRole], ['ZT-IAM-005', deploy],
    ['ZT-DATA-001', queue], ['ZT-DATA-002', publicDb], ['ZT-DATA-004', publicDb], ['ZT-DATA-006', bucket], ['ZT-DATA-007', bucket],
    ['ZT-COMP-002', rootTask], ['ZT-COMP-005', rootTask], ['ZT-COMP-006', rootTask], ['ZT-COMP-001', fn],
  ];
}

describe('SARIF of a hand-written stack with a dozen violations', () => {
  const cwd = process.cwd();
  let root: string;
  let sarif: any;
  let synthesized: string[];
  let expected: Array<[string, TerraformResource]>;

  beforeAll(() => {
    // Synthesize from a project folder, as `cdktf synth` does, so URIs are relative to it.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-sarif-'));
    process.chdir(root);
    const app = new App({ outdir: 'cdktf.out' });
    const stack = new TerraformStack(app, 'legacy');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    expected = violations(stack);
    ZeroTrustGuard.applyTo(app, { reportOnly: true, printSummary: false });
    app.synth();
    sarif = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.out/stacks/legacy/zero-trust.sarif'), 'utf8'));
    synthesized = fs.readFileSync(path.join(root, 'cdktf.out/stacks/legacy/cdk.tf.json'), 'utf8').split('\n');
  });
  afterAll(() => process.chdir(cwd));

  test('is a valid SARIF 2.1.0 log (schema from @microsoft/jest-sarif)', () => {
    expect(sarif).toBeValidSarifLog();
    // The validator is not vacuous: a level SARIF does not define is refused.
    const broken = JSON.parse(JSON.stringify(sarif));
    broken.runs[0].results[0].level = 'fatal';
    expect(broken).not.toBeValidSarifLog();
  });

  test('line numbers come from the same text cdktf writes', () => {
    const text = synthesized.join('\n');
    expect(stableStringify(JSON.parse(text))).toBe(text);
  });

  test('declares every rule with id, short description, help and tags', () => {
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(ZeroTrustGuard.ruleCatalogue().map(r => r.id));
    for (const rule of rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(5);
      expect(rule.help.text).toContain('Fix: ');
      expect(rule.properties.tags).toEqual(expect.arrayContaining(['security']));
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    }
    expect(sarif.runs[0].automationDetails.id).toBe('zero-trust-guard/legacy/');
  });

  test('reports each violation with its rule ID, Terraform address, construct path and line in cdk.tf.json', () => {
    const results = sarif.runs[0].results;
    for (const [ruleId, resource] of expected) {
      const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
      const result = results.find((r: any) => r.ruleId === ruleId && r.locations[0].logicalLocations[0].name === address);
      expect({ ruleId, address, found: !!result }).toEqual({ ruleId, address, found: true });
      const location = result.locations[0];
      expect(location.physicalLocation.artifactLocation.uri).toBe('cdktf.out/stacks/legacy/cdk.tf.json');
      expect(location.logicalLocations[0].fullyQualifiedName).toBe(resource.node.path);
      // The line is where the resource's block opens in the file cdktf wrote.
      const line = location.physicalLocation.region.startLine;
      expect(synthesized[line - 1].trim()).toBe(`"${resource.friendlyUniqueId}": {`);
      expect(synthesized.slice(0, line).reverse().find(l => /^ {4}"aws_/.test(l))!.trim()).toBe(`"${resource.terraformResourceType}": {`);
      expect(result.level).toBe(ZeroTrustGuard.ruleCatalogue().find(r => r.id === ruleId)!.level);
      expect(sarif.runs[0].tool.driver.rules[result.ruleIndex].id).toBe(ruleId);
    }
    expect(new Set(expected.map(([id]) => id)).size).toBeGreaterThanOrEqual(12);
  });
});
