/**
 * Where a ZeroTrustGuard rule overlaps a checkov check, both are run on the same synthesized
 * fixture and must give the same verdict. One checkov run over one combined file keeps it fast.
 *
 * Three cases show where checkov is blind on cdktf output, on purpose: checkov reads `container_definitions`
 * only when HCL's jsonencode made it a list; in cdk.tf.json it is a JSON string, which CKV_AWS_336
 * passes without looking and CKV_AWS_334 (which also looks for a key named "privilege", not
 * "privileged") cannot see; and an inline security group ingress block, where cdktf writes unset
 * fields as null, passes CKV_AWS_24. Those cases assert that checkov passes and the guard fails.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { App, TerraformDataSource, TerraformElement, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { db, githubTrust, identityPolicy, sg, task, vpc } from './fixtures';
import { ZeroTrustFinding, ZeroTrustGuard } from '../../src';

type Verdict = 'fail' | 'pass';
/** What checkov said: a verdict, or nothing when it could not evaluate the resource. */
type CheckovVerdict = Verdict | 'not evaluated';
interface Case {
  readonly rule: string;
  readonly checkov: string;
  readonly expect: Verdict;
  /** checkov's verdict when it differs from the guard's (documented blind spots). */
  readonly checkovExpect?: CheckovVerdict;
  readonly build: (scope: Construct) => TerraformElement;
}

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SUB = { 'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:ref:refs/heads/main' };
const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
const SAFE = { user: '10001:10001', readonlyRootFilesystem: true };
function worldRule(scope: Construct, protocol: string, port: number, cidrBlocks: string[] | undefined): SecurityGroupRule {
  return new SecurityGroupRule(scope, 'Rule', {
    type: 'ingress',
    securityGroupId: 'sg-0123456789abcdef0',
    protocol,
    fromPort: port,
    toPort: port,
    description: 'admin',
    ...(cidrBlocks ? { cidrBlocks } : { sourceSecurityGroupId: 'sg-0fedcba9876543210' }),
  });
}
const lambda = (scope: Construct, variables: Record<string, string>) => new LambdaFunction(scope, 'Fn', {
  functionName: 'f', role: 'arn:aws:iam::123456789012:role/f', runtime: 'nodejs22.x', handler: 'index.handler', filename: 'f.zip', environment: { variables },
});
const oidcDoc = (scope: Construct, condition: Array<{ test: string; variable: string; values: string[] }>) => new DataAwsIamPolicyDocument(scope, 'Trust', {
  statement: [{
    actions: ['sts:AssumeRoleWithWebIdentity'],
    principals: [{ type: 'Federated', identifiers: ['arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'] }],
    condition,
  }],
});

const CASES: Case[] = [
  { rule: 'ZT-NET-002', checkov: 'CKV_AWS_24', expect: 'fail', build: s => worldRule(s, 'tcp', 22, ['0.0.0.0/0']) },
  { rule: 'ZT-NET-002', checkov: 'CKV_AWS_24', expect: 'pass', build: s => worldRule(s, 'tcp', 22, undefined) },
  { rule: 'ZT-NET-002', checkov: 'CKV_AWS_25', expect: 'fail', build: s => worldRule(s, 'tcp', 3389, ['0.0.0.0/0']) },
  { rule: 'ZT-NET-002', checkov: 'CKV_AWS_277', expect: 'fail', build: s => worldRule(s, '-1', 0, ['0.0.0.0/0']) },
  {
    rule: 'ZT-NET-002',
    checkov: 'CKV_AWS_260',
    expect: 'fail',
    build: s => new VpcSecurityGroupIngressRule(s, 'Http', {
      securityGroupId: 'sg-0123456789abcdef0', cidrIpv4: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 80, toPort: 80, description: 'http',
    }),
  },
  // cdktf writes every unset field of an inline ingress block as null; checkov then reads
  // prefix_list_ids as set and passes the rule.
  {
    rule: 'ZT-NET-002',
    checkov: 'CKV_AWS_24',
    expect: 'fail',
    checkovExpect: 'pass',
    build: s => sg(s, vpc(s), 'Sg', [{ description: 'ssh', protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }] as any),
  },
  { rule: 'ZT-NET-003', checkov: 'CKV_AWS_130', expect: 'fail', build: s => new Subnet(s, 'Subnet', { vpcId: 'vpc-0123456789abcdef0', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true }) },
  { rule: 'ZT-NET-003', checkov: 'CKV_AWS_130', expect: 'pass', build: s => new Subnet(s, 'Subnet', { vpcId: 'vpc-0123456789abcdef0', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: false }) },
  { rule: 'ZT-NET-003', checkov: 'CKV_AWS_88', expect: 'fail', build: s => new Instance(s, 'Vm', { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro', associatePublicIpAddress: true }) },
  { rule: 'ZT-NET-003', checkov: 'CKV_AWS_88', expect: 'pass', build: s => new Instance(s, 'Vm', { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro', associatePublicIpAddress: false }) },
  { rule: 'ZT-NET-005', checkov: 'CKV2_AWS_11', expect: 'fail', build: s => vpc(s) },
  {
    rule: 'ZT-NET-005',
    checkov: 'CKV2_AWS_11',
    expect: 'pass',
    build: s => {
      const v = vpc(s);
      new FlowLog(s, 'FlowLog', { vpcId: v.id, trafficType: 'ALL', logDestination: 'arn:aws:logs:eu-west-1:123456789012:log-group:flow', iamRoleArn: 'arn:aws:iam::123456789012:role/flow' });
      return v;
    },
  },
  { rule: 'ZT-IAM-001', checkov: 'CKV_AWS_63', expect: 'fail', build: s => identityPolicy(s, 'Policy', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }) },
  { rule: 'ZT-IAM-001', checkov: 'CKV_AWS_63', expect: 'pass', build: s => identityPolicy(s, 'Policy', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
  { rule: 'ZT-IAM-001', checkov: 'CKV_AWS_49', expect: 'fail', build: s => new DataAwsIamPolicyDocument(s, 'Doc', { statement: [{ actions: ['*'], resources: ['arn:aws:s3:::b/*'] }] }) },
  { rule: 'ZT-IAM-001', checkov: 'CKV_AWS_49', expect: 'pass', build: s => new DataAwsIamPolicyDocument(s, 'Doc', { statement: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] }) },
  // CKV_AWS_355 hands the policy string to cloudsplaining, which wants the object HCL's
  // jsonencode gives; on a JSON string it logs "could not run cloudsplaining analysis" and reports nothing.
  { rule: 'ZT-IAM-003', checkov: 'CKV_AWS_355', expect: 'fail', checkovExpect: 'not evaluated', build: s => identityPolicy(s, 'Policy', { Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }) },
  { rule: 'ZT-IAM-003', checkov: 'CKV_AWS_355', expect: 'pass', checkovExpect: 'not evaluated', build: s => identityPolicy(s, 'Policy', { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' }) },
  { rule: 'ZT-IAM-003', checkov: 'CKV_AWS_356', expect: 'fail', build: s => new DataAwsIamPolicyDocument(s, 'Doc', { statement: [{ actions: ['sqs:SendMessage'], resources: ['*'] }] }) },
  { rule: 'ZT-IAM-003', checkov: 'CKV_AWS_356', expect: 'pass', build: s => new DataAwsIamPolicyDocument(s, 'Doc', { statement: [{ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:123456789012:orders'] }] }) },
  { rule: 'ZT-IAM-005', checkov: 'CKV_AWS_393', expect: 'fail', build: s => githubTrust(s, 'Role', { StringEquals: AUD }) },
  { rule: 'ZT-IAM-005', checkov: 'CKV_AWS_393', expect: 'pass', build: s => githubTrust(s, 'Role', { StringEquals: { ...AUD, ...SUB } }) },
  { rule: 'ZT-IAM-005', checkov: 'CKV_AWS_358', expect: 'fail', build: s => oidcDoc(s, [{ test: 'StringLike', variable: 'token.actions.githubusercontent.com:sub', values: ['*'] }]) },
  { rule: 'ZT-IAM-005', checkov: 'CKV_AWS_358', expect: 'pass', build: s => oidcDoc(s, [{ test: 'StringEquals', variable: 'token.actions.githubusercontent.com:sub', values: [SUB['token.actions.githubusercontent.com:sub']] }]) },
  { rule: 'ZT-DATA-001', checkov: 'CKV_AWS_158', expect: 'fail', build: s => new CloudwatchLogGroup(s, 'Logs', { name: 'app', retentionInDays: 365 }) },
  { rule: 'ZT-DATA-001', checkov: 'CKV_AWS_158', expect: 'pass', build: s => new CloudwatchLogGroup(s, 'Logs', { name: 'app', retentionInDays: 365, kmsKeyId: KEY }) },
  { rule: 'ZT-DATA-001', checkov: 'CKV_AWS_27', expect: 'fail', build: s => new SqsQueue(s, 'Queue', { name: 'q' }) },
  { rule: 'ZT-DATA-001', checkov: 'CKV_AWS_27', expect: 'pass', build: s => new SqsQueue(s, 'Queue', { name: 'q', kmsMasterKeyId: KEY }) },
  { rule: 'ZT-DATA-001', checkov: 'CKV_AWS_26', expect: 'fail', build: s => new SnsTopic(s, 'Topic', { name: 't' }) },
  { rule: 'ZT-DATA-001', checkov: 'CKV_AWS_26', expect: 'pass', build: s => new SnsTopic(s, 'Topic', { name: 't', kmsMasterKeyId: KEY }) },
  { rule: 'ZT-DATA-001', checkov: 'CKV_AWS_149', expect: 'fail', build: s => new SecretsmanagerSecret(s, 'Secret', { name: 's' }) },
  { rule: 'ZT-DATA-001', checkov: 'CKV_AWS_149', expect: 'pass', build: s => new SecretsmanagerSecret(s, 'Secret', { name: 's', kmsKeyId: KEY }) },
  { rule: 'ZT-DATA-002', checkov: 'CKV_AWS_17', expect: 'fail', build: s => db(s, 'Db', { publiclyAccessible: true }) },
  { rule: 'ZT-DATA-002', checkov: 'CKV_AWS_17', expect: 'pass', build: s => db(s, 'Db') },
  { rule: 'ZT-DATA-003', checkov: 'CKV_AWS_157', expect: 'fail', build: s => db(s, 'Db', { multiAz: false }) },
  { rule: 'ZT-DATA-003', checkov: 'CKV_AWS_157', expect: 'pass', build: s => db(s, 'Db') },
  { rule: 'ZT-DATA-004', checkov: 'CKV_AWS_16', expect: 'fail', build: s => db(s, 'Db', { storageEncrypted: false }) },
  { rule: 'ZT-DATA-004', checkov: 'CKV_AWS_16', expect: 'pass', build: s => db(s, 'Db') },
  {
    rule: 'ZT-DATA-005',
    checkov: 'CKV2_AWS_69',
    expect: 'fail',
    build: s => db(s, 'Db', {
      engineVersion: '14.12', parameterGroupName: new DbParameterGroup(s, 'Params', { family: 'postgres14', parameter: [{ name: 'rds.force_ssl', value: '0' }] }).name,
    }),
  },
  {
    rule: 'ZT-DATA-005',
    checkov: 'CKV2_AWS_69',
    expect: 'pass',
    build: s => db(s, 'Db', {
      engineVersion: '14.12', parameterGroupName: new DbParameterGroup(s, 'Params', { family: 'postgres14', parameter: [{ name: 'rds.force_ssl', value: '1' }] }).name,
    }),
  },
  { rule: 'ZT-DATA-006', checkov: 'CKV2_AWS_6', expect: 'fail', build: s => new S3Bucket(s, 'Bucket', { bucketPrefix: 'b' }) },
  {
    rule: 'ZT-DATA-006',
    checkov: 'CKV2_AWS_6',
    expect: 'pass',
    build: s => {
      const bucket = new S3Bucket(s, 'Bucket', { bucketPrefix: 'b' });
      new S3BucketPublicAccessBlock(s, 'Block', { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
      return bucket;
    },
  },
  // The example secret access key of the IAM User Guide.
  { rule: 'ZT-COMP-001', checkov: 'CKV_AWS_45', expect: 'fail', build: s => lambda(s, { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }) },
  { rule: 'ZT-COMP-001', checkov: 'CKV_AWS_45', expect: 'pass', build: s => lambda(s, { LOG_LEVEL: 'info' }) },
  { rule: 'ZT-COMP-006', checkov: 'CKV_AWS_249', expect: 'fail', build: s => task(s, 'Task', SAFE, { task: 'arn:aws:iam::123456789012:role/x', execution: 'arn:aws:iam::123456789012:role/x' }) },
  { rule: 'ZT-COMP-006', checkov: 'CKV_AWS_249', expect: 'pass', build: s => task(s, 'Task', SAFE) },
  // checkov's blind spots: the container definitions are a JSON string in cdk.tf.json.
  { rule: 'ZT-COMP-004', checkov: 'CKV_AWS_336', expect: 'fail', checkovExpect: 'pass', build: s => task(s, 'Task', { ...SAFE, readonlyRootFilesystem: false }) },
  { rule: 'ZT-COMP-005', checkov: 'CKV_AWS_334', expect: 'fail', checkovExpect: 'not evaluated', build: s => task(s, 'Task', { ...SAFE, privileged: true }) },
];

function addressOf(el: TerraformElement): string {
  return `${el instanceof TerraformDataSource ? 'data.' : ''}${(el as any).terraformResourceType}.${el.friendlyUniqueId}`;
}

interface CheckovResult { readonly check_id: string; readonly resource: string }
/**
 * checkov names resources of a terraform_json file "resource.<name>" for resource checks and
 * "<type>.<name>" for graph checks; the names (cdktf logical IDs) are unique, so key by name.
 */
const key = (checkId: string, address: string): string => `${checkId} ${address.split('.').pop()}`;

describe('ZeroTrustGuard and checkov agree on the checks they share', () => {
  const built: Array<{ c: Case; address: string }> = [];
  let checkov: Map<string, CheckovVerdict>;
  let ours: ZeroTrustFinding[];

  beforeAll(() => {
    const checkovBin = path.join(__dirname, '..', '..', '.venv', 'bin', 'checkov');
    if (!fs.existsSync(checkovBin)) throw new Error(`${checkovBin} is missing: run \`bash scripts/venv.sh\` (the test task does)`);
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-checkov-')) });
    const stack = new TerraformStack(app, 'agreement');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    CASES.forEach((c, i) => built.push({ c, address: addressOf(c.build(new Construct(stack, `Case${i}`))) }));
    app.synth();
    ours = new ZeroTrustGuard().check(stack);
    const file = path.join(app.outdir, 'stacks', 'agreement', 'cdk.tf.json');
    const ids = [...new Set(CASES.map(c => c.checkov))].join(',');
    const run = spawnSync(checkovBin, ['-f', file, '--framework', 'terraform_json', '--skip-download', '--compact', '-o', 'json', '--check', ids], { encoding: 'utf8', timeout: 240_000 });
    const out = JSON.parse(run.stdout);
    const results = (Array.isArray(out) ? out : [out]).flatMap((r: any) => [
      ...(r.results?.failed_checks ?? []).map((x: CheckovResult) => [key(x.check_id, x.resource), 'fail'] as const),
      ...(r.results?.passed_checks ?? []).map((x: CheckovResult) => [key(x.check_id, x.resource), 'pass'] as const),
    ]);
    checkov = new Map(results);
  }, 300_000);

  test.each(CASES.map((c, i) => [`${c.rule} ~ ${c.checkov}: ${c.expect}${c.checkovExpect ? ` (checkov: ${c.checkovExpect})` : ''} #${i}`, i]))('%s', (_name, i) => {
    const { c, address } = built[i as number];
    const guard: Verdict = ours.some(f => f.ruleId === c.rule && f.address === address && !f.suppressed) ? 'fail' : 'pass';
    expect({ address, guard, checkov: checkov.get(key(c.checkov, address)) ?? 'not evaluated' })
      .toEqual({ address, guard: c.expect, checkov: c.checkovExpect ?? c.expect });
  });

  test('every overlap the catalogue claims is exercised here, or is a documented variant', () => {
    const claimed = ZeroTrustGuard.ruleCatalogue().flatMap(r => r.checkovIds.map(id => `${r.id} ${id}`));
    const tested = new Set(CASES.map(c => `${c.rule} ${c.checkov}`));
    // Same rule, other resource types: covered by the ZT-DATA-001 / ZT-IAM-001 fixtures of rules.test.ts.
    const variants = ['ZT-IAM-001 CKV_AWS_62', 'ZT-IAM-001 CKV_AWS_1', 'ZT-NET-003 CKV_AWS_333', 'ZT-DATA-004 CKV_AWS_96',
      ...['CKV_AWS_119', 'CKV_AWS_145', 'CKV_AWS_189', 'CKV_AWS_184', 'CKV_AWS_136', 'CKV_AWS_185', 'CKV_AWS_337'].map(id => `ZT-DATA-001 ${id}`)];
    expect(claimed.filter(x => !tested.has(x)).sort()).toEqual(variants.sort());
  });
});
