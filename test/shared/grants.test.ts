import {
  EncryptedLogGroup, EncryptedQueue, EncryptedTable, EncryptionKey, Grant, LeastPrivilegeRole, OutOfBandSecret, SecureParameterPath, TrustedPrincipal,
} from '../../src';
import { onlyResource, policyDocumentFor, resourcesOf, synth, Synth, testStack } from '../util';

function setup() {
  const stack = testStack();
  const key = new EncryptionKey(stack, 'Key');
  const role = new LeastPrivilegeRole(stack, 'Role', { description: 'r', assumedBy: TrustedPrincipal.service('lambda.amazonaws.com', { sourceAccount: false }) });
  return { stack, key, role };
}

function statements(s: Synth): any[] {
  const policies = resourcesOf(s, 'aws_iam_role_policy');
  return policies.length ? policyDocumentFor(s, policies[0].policy).statement : [];
}

const via = (st: any) => st.condition?.find((c: any) => c.variable === 'kms:ViaService')?.values[0].split('.')[0];

describe('grant verbs return what they added', () => {
  test('key: decrypt, encrypt/decrypt, through a service only', () => {
    const { stack, key, role } = setup();
    const g1 = key.grantDecrypt(role);
    const g2 = key.grantEncryptDecrypt(role, 'ssm');
    expect(g1).toBeInstanceOf(Grant);
    expect(g1.grantee).toBe(role);
    expect(g1.actions).toEqual(['kms:Decrypt']);
    expect(g2.actions).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']);
    const s = synth(stack);
    const [a, b] = statements(s);
    expect(a.condition).toBeUndefined();
    expect(via(b)).toBe('ssm');
    expect(() => key.grant(role, ['s3:GetObject'])).toThrow(/Test\/Key: invalid actions "s3:GetObject"\. Allowed: named KMS actions/);
    expect(() => key.grantDecrypt(role, 'Secrets Manager')).toThrow(/invalid viaService "Secrets Manager"/);
  });

  test('the same grant twice is one statement', () => {
    const { stack, key, role } = setup();
    key.grantDecrypt(role, 'sqs');
    key.grantDecrypt(role, 'sqs');
    expect(statements(synth(stack))).toHaveLength(1);
  });

  test('log group: write to its streams; specific logs actions on group and streams', () => {
    const { stack, key, role } = setup();
    const logs = new EncryptedLogGroup(stack, 'Logs', { encryptionKey: key });
    expect(logs.grantWrite(role).actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    logs.grant(role, ['logs:DescribeLogStreams']);
    const [write, describe] = statements(synth(stack));
    expect(write.resources).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.Logs_LogGroup_.*\.arn\}:\*$/)]);
    expect(describe.resources).toHaveLength(2);
    expect(() => logs.grant(role, ['logs:*'])).toThrow(/invalid actions "logs:\*"/);
  });

  test('queue: TLS-only policy, redrive, send and consume with the key only through SQS', () => {
    const { stack, key, role } = setup();
    const dlq = new EncryptedQueue(stack, 'Dlq', { encryptionKey: key });
    const queue = new EncryptedQueue(stack, 'Queue', { encryptionKey: key, visibilityTimeoutSeconds: 120, deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
    expect(queue.grantSendMessages(role).actions).toEqual(['sqs:SendMessage', 'kms:GenerateDataKey', 'kms:Decrypt']);
    expect(queue.grantConsumeMessages(role).actions).toContain('sqs:ChangeMessageVisibility');
    const s = synth(stack);
    const q = resourcesOf(s, 'aws_sqs_queue').find(x => x.redrive_policy);
    expect(JSON.parse(q.redrive_policy).maxReceiveCount).toBe(5);
    expect(q.visibility_timeout_seconds).toBe(120);
    for (const p of resourcesOf(s, 'aws_sqs_queue_policy')) {
      expect(JSON.parse(p.policy).Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    }
    const sts = statements(s);
    expect(sts.filter(st => st.actions.some((a: string) => a.startsWith('kms:'))).map(via)).toEqual(['sqs', 'sqs']);
    expect(() => new EncryptedQueue(stack, 'Bad', { encryptionKey: key, queueName: 'jobs.fifo' })).toThrow(/Test\/Bad: invalid queueName "jobs\.fifo"/);
    expect(() => new EncryptedQueue(stack, 'Bad2', { encryptionKey: key, deadLetterQueue: { queue: dlq, maxReceiveCount: 0 } })).toThrow(/invalid deadLetterQueue\.maxReceiveCount 0/);
  });

  test('table: PITR, customer key, deletion protection by default; read/write grants on the table only', () => {
    const { stack, key, role } = setup();
    const table = new EncryptedTable(stack, 'Table', { encryptionKey: key, partitionKey: 'id', timeToLiveAttribute: 'expiresAt' });
    new EncryptedTable(stack, 'Scratch', { encryptionKey: key, partitionKey: 'id', deletionProtection: false });
    expect(table.grantReadData(role).actions).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'kms:Decrypt']);
    table.grantWriteData(role);
    const s = synth(stack);
    const t = Object.entries(s.resource.aws_dynamodb_table).find(([k]) => k.startsWith('Table_'))![1] as any;
    const scratch = Object.entries(s.resource.aws_dynamodb_table).find(([k]) => k.startsWith('Scratch_'))![1] as any;
    expect(t).toMatchObject({ billing_mode: 'PAY_PER_REQUEST', point_in_time_recovery: { enabled: true }, deletion_protection_enabled: true, ttl: { attribute_name: 'expiresAt', enabled: true } });
    expect(scratch.deletion_protection_enabled).toBe(false);
    expect(statements(s).filter(st => st.actions[0].startsWith('kms:')).map(via)).toEqual(['dynamodb', 'dynamodb']);
    expect(() => table.grant(role, ['dynamodb:*'])).toThrow(/invalid actions "dynamodb:\*"/);
  });

  test('out-of-band secret: created empty, customer key; grantRead is GetSecretValue on it plus decrypt through Secrets Manager', () => {
    const { stack, key, role } = setup();
    const secret = new OutOfBandSecret(stack, 'Secret', { encryptionKey: key, description: 'webhook secret', recoveryWindowDays: 0 });
    expect(secret.grantRead(role).actions).toEqual(['secretsmanager:GetSecretValue', 'kms:Decrypt']);
    const s = synth(stack);
    expect(onlyResource(s, 'aws_secretsmanager_secret')).toMatchObject({ recovery_window_in_days: 0 });
    expect(resourcesOf(s, 'aws_secretsmanager_secret_version')).toHaveLength(0);
    expect(via(statements(s)[1])).toBe('secretsmanager');
    expect(() => new OutOfBandSecret(stack, 'Bad', { encryptionKey: key, description: 'x', recoveryWindowDays: 3 })).toThrow(/invalid recoveryWindowDays 3\. Allowed: 0 \(delete at once\) or an integer from 7 to 30/);
  });

  test('an imported secret must be exactly one secret', () => {
    const { stack } = setup();
    expect(() => OutOfBandSecret.fromSecretArn(stack, 'All', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:*'))
      .toThrow(/Test\/All: invalid secretArn "arn:aws:secretsmanager:eu-west-1:111122223333:secret:\*"\. Allowed: a Secrets Manager secret ARN .*wildcards are refused/);
  });

  test('parameter path: writers and readers only under the path', () => {
    const { stack, key, role } = setup();
    const path = new SecureParameterPath(stack, 'Path', { path: '/app/runners/', encryptionKey: key });
    path.grantWrite(role);
    path.grantReadAndDelete(role);
    const sts = statements(synth(stack));
    expect(sts.filter(st => st.actions[0].startsWith('ssm:')).flatMap(st => st.resources)).toEqual([
      expect.stringMatching(/:parameter\/app\/runners\/\*$/), expect.stringMatching(/:parameter\/app\/runners\/\*$/),
    ]);
    for (const bad of ['app/runners/', '/app/runners', '/aws/x/', '/a b/']) {
      expect(() => new SecureParameterPath(stack, `Bad${bad.length}${bad.charCodeAt(1)}`, { path: bad, encryptionKey: key })).toThrow(/invalid path/);
    }
    // 14 levels as documented: SSM's 15 include the parameter name (#22)
    expect(() => new SecureParameterPath(stack, 'Deepest', { path: `/${'l/'.repeat(14)}`, encryptionKey: key })).not.toThrow();
    expect(() => new SecureParameterPath(stack, 'TooDeep', { path: `/${'l/'.repeat(15)}`, encryptionKey: key })).toThrow(/^Test\/TooDeep: invalid path .*at most 14 levels/);
  });

  test('role: grantPassRole names the role and the service it is passed to', () => {
    const { stack, role } = setup();
    const launcher = new LeastPrivilegeRole(stack, 'Launcher', { description: 'l', assumedBy: TrustedPrincipal.service('lambda.amazonaws.com', { sourceAccount: false }) });
    const grant = role.grantPassRole(launcher);
    expect(grant.statements[0].conditions).toEqual([{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['lambda.amazonaws.com'] }]);
    const web = new LeastPrivilegeRole(stack, 'Web', { description: 'w', assumedBy: TrustedPrincipal.federated('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', [{ test: 'StringEquals', variable: 'x', values: ['y'] }]) });
    expect(() => web.grantPassRole(launcher)).toThrow(/Test\/Web: invalid grantPassRole/);
  });
});
