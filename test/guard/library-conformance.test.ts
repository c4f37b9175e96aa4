import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { toBeValidSarifLog } from '@microsoft/jest-sarif';
import { App, TerraformStack } from 'cdktf';
import {
  ContainerImage, EncryptedLogGroup, EncryptedQueue, EncryptedTable, EncryptionKey, EphemeralRunnerPipeline, FargateCluster,
  GitHubOidcDeployRole, LeastPrivilegeFargateService, LeastPrivilegeRole, LeastPrivilegeTaskDefinition, OutOfBandSecret,
  PrivateMultiAzDatabase, SecureParameterPath, SecurityGroup, ServiceSecret, SuppressedBy, TrustedPrincipal, ZeroTrustGuard, ZeroTrustVpc,
} from '../../src';

expect.extend({ toBeValidSarifLog });
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> { toBeValidSarifLog(): R }
  }
}

const REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/platform';
const RUNNER_READONLY_REASON = /GitHub Actions runner writes its work directory/;

/**
 * Every construct the package root exports, with typical props and grants between them, in one
 * app under ZeroTrustGuard.applyTo(app) and without a single ZeroTrustGuard.suppress call.
 */
function everyConstruct(stack: TerraformStack): void {
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const key = new EncryptionKey(stack, 'Key', { description: 'platform data and logs' });
  const vpc = new ZeroTrustVpc(stack, 'Vpc', {
    cidrBlock: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: 1,
    encryptionKey: key,
    // The service below is granted a queue, a table and parameters: their endpoints (no internet egress).
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'sts', 'kms', 'sqs', 'dynamodb', 'ssm'],
  });
  const database = new PrivateMultiAzDatabase(stack, 'Database', { vpc, instanceClass: 'db.t4g.medium', encryptionKey: key, databaseName: 'app', masterUsername: 'app_admin' });
  const cluster = new FargateCluster(stack, 'Cluster');
  const secret = new OutOfBandSecret(stack, 'ApiToken', { encryptionKey: key, description: 'token of the partner API' });
  const service = new LeastPrivilegeFargateService(stack, 'Service', {
    vpc,
    cluster,
    image: ContainerImage.fromEcrRepositoryArn(REPO, '1.2.3'),
    containerPort: 8080,
    encryptionKey: key,
    environment: { DB_HOST: database.endpointAddress },
    secrets: { API_TOKEN: ServiceSecret.fromSecret(secret), DB_PASSWORD: database.masterUserSecret('password') },
  });
  database.grantConnect(service, 'app');
  const dlq = new EncryptedQueue(stack, 'Dlq', { encryptionKey: key });
  const queue = new EncryptedQueue(stack, 'Jobs', { encryptionKey: key, deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
  queue.grantSendMessages(service);
  const table = new EncryptedTable(stack, 'Table', { encryptionKey: key, partitionKey: 'id' });
  table.grantReadWriteData(service);
  const parameters = new SecureParameterPath(stack, 'Parameters', { path: '/platform/config/', encryptionKey: key });
  parameters.grantReadAndDelete(service);
  const audit = new EncryptedLogGroup(stack, 'Audit', { encryptionKey: key });
  audit.grantWrite(service);

  const batch = new LeastPrivilegeTaskDefinition(stack, 'Batch', { image: ContainerImage.fromEcrRepositoryArn(REPO, '1.2.3'), encryptionKey: key });
  const scheduler = new LeastPrivilegeRole(stack, 'Scheduler', { description: 'starts batch tasks', assumedBy: TrustedPrincipal.service('events.amazonaws.com') });
  batch.grantRun(scheduler, cluster.clusterArn);
  const sg = new SecurityGroup(stack, 'Batch-Sg', { vpcId: vpc.vpcId, description: 'batch tasks' });
  database.connections.allowDefaultPortFrom(sg, 'batch jobs');

  new GitHubOidcDeployRole(stack, 'Deploy', {
    repository: 'confluxdb/platform',
    environment: 'production',
    existingProviderArn: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
    statements: [{ actions: ['ecs:UpdateService'], resources: [service.serviceArn] }],
  });
  new EphemeralRunnerPipeline(stack, 'Runners', {
    vpc,
    cluster,
    encryptionKey: key,
    githubAppId: '123456',
    runnerScope: 'confluxdb/platform',
    runnerImage: ContainerImage.fromEcrRepositoryArn(REPO, '2.329.0'),
    deployRole: { repository: 'confluxdb/platform', statements: [{ actions: ['ecs:DescribeServices'], resources: [service.serviceArn] }] },
  });
}

describe('every construct of the library under ZeroTrustGuard', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-library-'));
  let report: any;
  let sarif: any;
  let printed = '';

  beforeAll(() => {
    const app = new App({ outdir });
    everyConstruct(new TerraformStack(app, 'library'));
    ZeroTrustGuard.applyTo(app);
    const log = jest.spyOn(console, 'log').mockImplementation((...args) => { printed += `${args.join(' ')}\n`; });
    try {
      app.synth(); // throws on any unsuppressed error finding
    } finally {
      log.mockRestore();
    }
    report = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'library', 'zero-trust-report.json'), 'utf8'));
    sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'library', 'zero-trust.sarif'), 'utf8'));
  }, 120_000);

  test('zero error findings, and nothing suppressed by the app', () => {
    expect(report.findings.filter((f: any) => f.level === 'error' && !f.suppressed)).toEqual([]);
    expect(report.findings.filter((f: any) => f.suppressed && f.suppression.by !== 'library')).toEqual([]);
    expect(report.findings.filter((f: any) => f.ruleId.startsWith('ZT-GUARD-'))).toEqual([]);
  });

  test('each library suppression carries its reason in the JSON report, the SARIF file and the console summary', () => {
    const suppressed = report.findings.filter((f: any) => f.suppressed);
    expect(suppressed.map((f: any) => `${f.ruleId} ${f.constructPath}`)).toEqual(['ZT-COMP-004 library/Runners/Runner/Definition/TaskDefinition']);
    expect(report.summary).toMatchObject({ errors: 0, suppressed: 1, suppressedByLibrary: 1 });
    for (const f of suppressed) {
      expect(f.suppression).toMatchObject({ by: 'library', reason: expect.stringMatching(RUNNER_READONLY_REASON) });
      expect(f.suppression.reason.length).toBeGreaterThanOrEqual(20);
    }

    expect(sarif).toBeValidSarifLog();
    const run = sarif.runs[0];
    expect(run.results.filter((r: any) => r.ruleId === 'ZT-COMP-004')).toEqual([]); // no code-scanning alert
    expect(run.invocations[0].toolConfigurationNotifications).toEqual([expect.objectContaining({
      associatedRule: expect.objectContaining({ id: 'ZT-COMP-004' }),
      level: 'note',
      message: { text: expect.stringMatching(/suppressed by the library: The GitHub Actions runner writes/) },
      properties: expect.objectContaining({ suppressedBy: 'library', reason: expect.stringMatching(RUNNER_READONLY_REASON) }),
    })]);

    expect(printed).toMatch(/ZeroTrustGuard library: 0 error\(s\), \d+ warning\(s\), 1 suppressed \(1 by the library\)/);
    expect(printed).toMatch(/suppressed ZT-COMP-004 aws_ecs_task_definition\.\S+: suppressed by the library: The GitHub Actions runner writes/);
  });

  test('docs/zero-trust-guard.md lists each library suppression with its reason', () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'zero-trust-guard.md'), 'utf8');
    const section = docs.slice(docs.indexOf('### Suppressions the library carries'));
    for (const f of report.findings.filter((x: any) => x.suppressed)) {
      expect(section).toContain(`| ${f.ruleId} |`);
      expect(section).toContain(f.suppression.reason);
    }
  });

  test('the public findings say who suppressed', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'zt-library-')) });
    const stack = new TerraformStack(app, 'library');
    everyConstruct(stack);
    const suppressed = new ZeroTrustGuard().check(stack).filter(f => f.suppressed);
    expect(suppressed).toEqual([expect.objectContaining({ ruleId: 'ZT-COMP-004', suppressedBy: SuppressedBy.LIBRARY, suppressionReason: expect.stringMatching(RUNNER_READONLY_REASON) })]);
  });
});
