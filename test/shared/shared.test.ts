import { TerraformOutput, Testing } from 'cdktf';
import { EncryptedLogGroup, EncryptionKey, LeastPrivilegeRole, Port, PrivateMultiAzDatabase, SecurityGroup, TrustedPrincipal, ZeroTrustVpc } from '../../src';
import { physicalName } from '../../src/shared/private/naming';
import { onlyResource, policyDocumentFor, resourcesOf, synth, testStack } from '../util';

describe('EncryptionKey', () => {
  test('rotation on, 30-day deletion window, alias, no wildcard principal', () => {
    const stack = testStack();
    new EncryptionKey(stack, 'Key', { alias: 'confluxdb/data' });
    const s = synth(stack);
    const key = onlyResource(s, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, rotation_period_in_days: 365 });
    expect(onlyResource(s, 'aws_kms_alias').name).toBe('alias/confluxdb/data');
    const policy = JSON.parse(key.policy);
    const principals = policy.Statement.map((st: any) => st.Principal);
    expect(principals).toEqual([
      { AWS: expect.stringMatching(/^arn:\$\{data\.aws_partition\..*\}:iam::\$\{data\.aws_caller_identity\..*\.account_id\}:root$/) },
      { Service: expect.stringMatching(/^logs\.\$\{data\.aws_region\..*\.region\}\.\$\{data\.aws_partition\..*\.dns_suffix\}$/) },
    ]);
  });

  test.each([[6], [31]])('deletionWindowDays %p is refused', (days) => {
    expect(() => new EncryptionKey(testStack(), 'Key', { deletionWindowDays: days })).toThrow(/Test\/Key: invalid deletionWindowDays .*from 7 to 30/);
  });

  test('fromKeyArn keeps the ARN and derives the key ID', () => {
    const key = EncryptionKey.fromKeyArn(testStack(), 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(key.keyId).toBe('1234abcd-12ab-34cd-56ef-1234567890ab');
  });

  test('grantDecryptViaService scopes kms:Decrypt to the key and the service', () => {
    const stack = testStack();
    const key = new EncryptionKey(stack, 'Key');
    const role = new LeastPrivilegeRole(stack, 'Role', { description: 'r', assumedBy: TrustedPrincipal.service('ecs-tasks.amazonaws.com') });
    key.grantDecrypt(role, 'secretsmanager');
    const s = synth(stack);
    const doc = policyDocumentFor(s, onlyResource(s, 'aws_iam_role_policy').policy);
    expect(doc.statement[0].actions).toEqual(['kms:Decrypt']);
    expect(doc.statement[0].resources).toEqual([expect.stringMatching(/aws_kms_key\..*\.arn/)]);
    expect(doc.statement[0].condition[0]).toMatchObject({ test: 'StringEquals', variable: 'kms:ViaService' });
    expect(doc.statement[0].condition[0].values[0]).toMatch(/^secretsmanager\./);
  });
});

describe('EncryptedLogGroup', () => {
  test('KMS key and 365 days by default', () => {
    const stack = testStack();
    const key = new EncryptionKey(stack, 'Key');
    new EncryptedLogGroup(stack, 'Logs', { encryptionKey: key });
    const group = onlyResource(synth(stack), 'aws_cloudwatch_log_group');
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
    expect(group.name).toBe('/confluxdb/test-logs');
  });

  test('a retention CloudWatch does not offer is refused', () => {
    const stack = testStack();
    const key = new EncryptionKey(stack, 'Key');
    expect(() => new EncryptedLogGroup(stack, 'Logs', { encryptionKey: key, retentionDays: 0 })).toThrow(/Test\/Logs: invalid retentionDays 0/);
  });
});

describe('LeastPrivilegeRole', () => {
  const role = () => new LeastPrivilegeRole(testStack(), 'Role', { description: 'r', assumedBy: TrustedPrincipal.service('lambda.amazonaws.com') });

  test('starts with no permissions and an aws:SourceAccount trust condition', () => {
    const stack = testStack();
    new LeastPrivilegeRole(stack, 'Role', { description: 'r', assumedBy: TrustedPrincipal.service('lambda.amazonaws.com') });
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_iam_role_policy')).toHaveLength(0);
    const r = onlyResource(s, 'aws_iam_role');
    expect(r.max_session_duration).toBe(3600);
    const trust = policyDocumentFor(s, r.assume_role_policy);
    expect(trust.statement[0].condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [expect.stringMatching(/data\.aws_caller_identity/)] },
    ]);
  });

  test.each([['*'], ['s3:*'], ['iam:*']])('action %p is refused', (action) => {
    expect(() => role().addToPrincipalPolicy({ actions: [action], resources: ['arn:aws:s3:::bucket'] }))
      .toThrow(/Test\/Role: invalid statement\.actions .*"\*" and "service:\*" grant far more/);
  });

  test('"*" resources are refused for scopable actions and accepted for unscopable ones', () => {
    const r = role();
    expect(() => r.addToPrincipalPolicy({ actions: ['s3:GetObject'], resources: ['*'] }))
      .toThrow(/invalid statement\.resources "\*"\. Allowed: specific resource ARNs for s3:GetObject/);
    expect(() => r.addToPrincipalPolicy({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] })).not.toThrow();
  });

  test('only AWS-managed policies may be attached', () => {
    expect(() => new LeastPrivilegeRole(testStack(), 'Role', {
      description: 'r',
      assumedBy: TrustedPrincipal.service('lambda.amazonaws.com'),
      awsManagedPolicyArns: ['arn:aws:iam::111122223333:policy/Admin'],
    })).toThrow(/invalid awsManagedPolicyArns/);
  });

  test.each([
    ['a federated trust without conditions', TrustedPrincipal.federated('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com', []),
      /Test\/Role: invalid assumedBy \[\]\. Allowed: conditions that pin at least the audience and the subject/],
    ['a provider that is not an OIDC provider ARN', TrustedPrincipal.federated('arn:aws:iam::1:oidc-provider/x', [{ test: 'StringEquals', variable: 'a:aud', values: ['sts.amazonaws.com'] }]),
      /Test\/Role: invalid assumedBy "arn:aws:iam::1:oidc-provider\/x"\. Allowed: an IAM OIDC provider ARN such as/],
    ['a service principal that is not one', TrustedPrincipal.service('ecs-tasks'),
      /Test\/Role: invalid assumedBy "ecs-tasks"\. Allowed: an AWS service principal such as "ecs-tasks\.amazonaws\.com"/],
  ])('refused where the role is built, naming its path: %s', (_, assumedBy, message) => {
    expect(() => new LeastPrivilegeRole(testStack(), 'Role', { description: 'r', assumedBy })).toThrow(message);
  });
});

describe('identity model', () => {
  test('Port refuses numbers outside 1-65535 and reversed ranges', () => {
    expect(() => Port.tcp(0)).toThrow(/^Port\.tcp: invalid port 0\. Allowed: an integer from 1 to 65535\.$/);
    expect(() => Port.tcp(65536)).toThrow(/invalid port 65536/);
    expect(() => Port.tcpRange(10, 5)).toThrow(/^Port\.tcpRange: invalid toPort 5\. Allowed: an integer from fromPort \(10\) to 65535\.$/);
    expect(Port.tcp(5432).toString()).toBe('tcp5432');
  });

  test('a security group starts without any rule and requires a description', () => {
    const stack = testStack();
    new SecurityGroup(stack, 'Sg', { vpcId: 'vpc-0123456789abcdef0', description: 'x' });
    const sg = onlyResource(synth(stack), 'aws_security_group');
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(() => new SecurityGroup(testStack(), 'Sg', { vpcId: 'vpc-0123456789abcdef0', description: ' ' })).toThrow(/invalid description/);
  });

  test('allowTo is the mirror of allowFrom', () => {
    const stack = testStack();
    const a = new SecurityGroup(stack, 'A', { vpcId: 'vpc-0123456789abcdef0', description: 'a' });
    const b = new SecurityGroup(stack, 'B', { vpcId: 'vpc-0123456789abcdef0', description: 'b' });
    a.connections.allowTo(b, Port.tcp(8080));
    const s = synth(stack);
    expect(onlyResource(s, 'aws_vpc_security_group_ingress_rule').security_group_id).toMatch(/aws_security_group\.B_/);
    expect(onlyResource(s, 'aws_vpc_security_group_egress_rule').security_group_id).toMatch(/aws_security_group\.A_/);
  });

  test('internet egress is explicit, HTTPS only where asked', () => {
    const stack = testStack();
    const a = new SecurityGroup(stack, 'A', { vpcId: 'vpc-0123456789abcdef0', description: 'a' });
    a.connections.allowToAnyIpv4(Port.https(), 'HTTPS to the internet through NAT');
    const rule = onlyResource(synth(stack), 'aws_vpc_security_group_egress_rule');
    expect(rule).toMatchObject({ cidr_ipv4: '0.0.0.0/0', from_port: 443, to_port: 443, description: 'HTTPS to the internet through NAT' });
  });
});

describe('naming', () => {
  test('names come from the stack and construct path, lower-case', () => {
    const stack = testStack('MyStack');
    const key = new EncryptionKey(stack, 'PlatformKey');
    expect(physicalName(key, { maxLength: 64 })).toBe('my-stack-platform-key');
    expect(physicalName(key, { maxLength: 64, suffix: 'Logs' })).toBe('my-stack-platform-key-logs');
  });

  test('long names are cut and end in a stable hash', () => {
    const stack = testStack('AVeryLongStackNameForTesting');
    const key = new EncryptionKey(stack, 'AnEvenLongerConstructIdThatGoesOnAndOn');
    const name = physicalName(key, { maxLength: 32 });
    expect(name).toHaveLength(32);
    expect(name).toMatch(/-[0-9a-f]{8}$/);
    expect(physicalName(key, { maxLength: 32 })).toBe(name);
  });

  test('the master secret ARN output references the RDS-managed secret', () => {
    const stack = testStack();
    const db = new PrivateMultiAzDatabase(stack, 'Db', { vpc: new ZeroTrustVpc(stack, 'Net') });
    new TerraformOutput(stack, 'secret', { value: db.masterUserSecretArn });
    const out = JSON.parse(Testing.synth(stack)).output.secret.value;
    expect(out).toMatch(/^\$\{aws_db_instance\..*\.master_user_secret\[0\]\.secret_arn\}$/);
  });
});

describe('stable logical IDs', () => {
  function ruleIds(extraTokensFirst: number): string[] {
    const stack = testStack();
    // Tokens created before the constructs shift every token number in the stack.
    for (let i = 0; i < extraTokensFirst; i++) new EncryptionKey(stack, `Noise${i}`);
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
    const app = new SecurityGroup(stack, 'App', { vpcId: vpc.vpcId, description: 'app' });
    vpc.endpointSecurityGroup.connections.allowDefaultPortFrom(app);
    new PrivateMultiAzDatabase(stack, 'Db', { vpc }).connections.allowDefaultPortFrom(app);
    const s = synth(stack);
    return [...Object.keys(s.resource.aws_vpc_security_group_ingress_rule), ...Object.keys(s.resource.aws_vpc_security_group_egress_rule)].sort();
  }

  test('security group rule IDs do not depend on token numbering', () => {
    expect(ruleIds(0)).toEqual(ruleIds(3));
  });
});
