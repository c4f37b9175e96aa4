import { AnnotationMetadataEntryType } from 'cdktf';
import { DatabaseCaCertificate, LeastPrivilegeRole, PrivateMultiAzDatabase, SecurityGroup, TrustedPrincipal, ZeroTrustVpc, EncryptionKey } from '../../src';
import { onlyResource, policyDocumentFor, refName, resourcesOf, synth, testStack } from '../util';

function setup(props: object = {}) {
  const stack = testStack();
  const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 1 });
  const db = new PrivateMultiAzDatabase(stack, 'Database', { vpc, ...props });
  return { stack, vpc, db };
}

describe('PrivateMultiAzDatabase secure defaults', () => {
  const { stack, db } = setup();
  const s = synth(stack);
  const instance = onlyResource(s, 'aws_db_instance');

  test('PostgreSQL 17, major pinned only, minor upgrades automatic', () => {
    expect(instance).toMatchObject({ engine: 'postgres', engine_version: '17', auto_minor_version_upgrade: true, allow_major_version_upgrade: false });
  });

  test('Multi-AZ, not publicly accessible, in the isolated subnets', () => {
    expect(instance.multi_az).toBe(true);
    expect(instance.publicly_accessible).toBe(false);
    const group = s.resource.aws_db_subnet_group[refName(instance.db_subnet_group_name, 'aws_db_subnet_group')];
    expect(group.subnet_ids).toHaveLength(2);
    for (const ref of group.subnet_ids) {
      expect(s.resource.aws_subnet[refName(ref, 'aws_subnet')].tags['confluxdb:tier']).toBe('isolated');
    }
  });

  test('gp3 with storage autoscaling 20 -> 100 GiB, encrypted with the customer key', () => {
    expect(instance).toMatchObject({ storage_type: 'gp3', allocated_storage: 20, max_allocated_storage: 100, storage_encrypted: true });
    expect(instance.kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
  });

  test('TLS forced by a versioned parameter group with logging parameters, CA pinned', () => {
    const pg = s.resource.aws_db_parameter_group[refName(instance.parameter_group_name, 'aws_db_parameter_group')];
    expect(pg.family).toBe('postgres17');
    expect(pg.name_prefix).toMatch(/-pg17-$/);
    expect(pg.lifecycle).toEqual({ create_before_destroy: true });
    const params = Object.fromEntries(pg.parameter.map((p: any) => [p.name, p.value]));
    expect(params).toMatchObject({ 'rds.force_ssl': '1', 'log_statement': 'ddl', 'log_min_duration_statement': '1000' });
    expect(instance.ca_cert_identifier).toBe('rds-ca-rsa2048-g1');
  });

  test('RDS manages the master password in Secrets Manager under the customer key; no password anywhere', () => {
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance.master_user_secret_kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
    expect(instance.password).toBeUndefined();
    expect(instance.password_wo).toBeUndefined();
    expect(resourcesOf(s, 'aws_secretsmanager_secret_version')).toHaveLength(0);
    expect(db.masterUserSecretArn).toMatch(/TOKEN/);
    expect(instance.username).toBe('dbmaster');
  });

  test('IAM auth, deletion protection, final snapshot, copy tags, 7 days of backups', () => {
    expect(instance).toMatchObject({
      iam_database_authentication_enabled: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      delete_automated_backups: false, // kept by default, restorable for the retention period
      copy_tags_to_snapshot: true,
      backup_retention_period: 7,
    });
    expect(instance.final_snapshot_identifier).toMatch(/-final$/);
  });

  test('Performance Insights with the key, enhanced monitoring through a scoped role', () => {
    expect(instance.performance_insights_enabled).toBe(true);
    expect(instance.performance_insights_kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
    expect(instance.monitoring_interval).toBe(60);
    const role = s.resource.aws_iam_role[refName(instance.monitoring_role_arn, 'aws_iam_role')];
    const trust = policyDocumentFor(s, role.assume_role_policy);
    expect(trust.statement[0].principals[0].identifiers).toEqual(['monitoring.rds.amazonaws.com']);
    const attachments = resourcesOf(s, 'aws_iam_role_policy_attachment');
    expect(attachments.map(a => a.policy_arn)).toEqual([expect.stringMatching(/:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/)]);
  });

  test('postgresql and upgrade logs exported into pre-created, encrypted groups with retention', () => {
    expect(instance.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
    const groups = resourcesOf(s, 'aws_cloudwatch_log_group').filter(g => g.name.startsWith('/aws/rds/instance/'));
    expect(groups.map(g => g.name.split('/').pop()).sort()).toEqual(['postgresql', 'upgrade']);
    for (const g of groups) {
      expect(g.retention_in_days).toBe(365);
      expect(g.kms_key_id).toMatch(/aws_kms_key\./);
      expect(g.name).toBe(`/aws/rds/instance/${instance.identifier}/${g.name.split('/').pop()}`);
    }
    expect(instance.depends_on.filter((d: string) => d.startsWith('aws_cloudwatch_log_group.'))).toHaveLength(2);
  });

  test('security group with no rules until a peer is allowed', () => {
    const sg = s.resource.aws_security_group[refName(instance.vpc_security_group_ids[0], 'aws_security_group')];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(resourcesOf(s, 'aws_vpc_security_group_ingress_rule')).toHaveLength(0);
    expect(resourcesOf(s, 'aws_vpc_security_group_egress_rule')).toHaveLength(0);
  });
});

describe('PrivateMultiAzDatabase access', () => {
  test('connections.allowDefaultPortFrom: DB SG admits 5432 from the app SG ID; the app SG gets the matching egress', () => {
    const { stack, vpc, db } = setup();
    const app = new SecurityGroup(stack, 'App', { vpcId: vpc.vpcId, description: 'app' });
    db.connections.allowDefaultPortFrom(app);
    app.connections.allowDefaultPortTo(db); // the same rule from the other side: idempotent
    const s = synth(stack);
    const ingress = onlyResource(s, 'aws_vpc_security_group_ingress_rule');
    const dbSg = refName(onlyResource(s, 'aws_db_instance').vpc_security_group_ids[0], 'aws_security_group');
    const appSg = Object.entries(s.resource.aws_security_group).find(([, v]: any) => v.description === 'app')![0];
    expect(app.securityGroupId).toMatch(/TOKEN/);
    expect(ingress).toMatchObject({ from_port: 5432, to_port: 5432, ip_protocol: 'tcp' });
    expect(refName(ingress.security_group_id, 'aws_security_group')).toBe(dbSg);
    expect(refName(ingress.referenced_security_group_id, 'aws_security_group')).toBe(appSg);
    expect(ingress.cidr_ipv4).toBeUndefined();
    const egress = onlyResource(s, 'aws_vpc_security_group_egress_rule');
    expect(refName(egress.security_group_id, 'aws_security_group')).toBe(appSg);
    expect(refName(egress.referenced_security_group_id, 'aws_security_group')).toBe(dbSg);
    expect(egress).toMatchObject({ from_port: 5432, to_port: 5432 });
  });

  test('an imported security group: only the database side opens', () => {
    const { stack, db } = setup();
    db.connections.allowDefaultPortFrom(SecurityGroup.fromSecurityGroupId(stack, 'Legacy', 'sg-0123456789abcdef0'));
    const s = synth(stack);
    expect(onlyResource(s, 'aws_vpc_security_group_ingress_rule').referenced_security_group_id).toBe('sg-0123456789abcdef0');
    expect(resourcesOf(s, 'aws_vpc_security_group_egress_rule')).toHaveLength(0);
  });

  test('grantConnect: the network rule plus rds-db:connect for exactly that user', () => {
    const { stack, vpc, db } = setup();
    const sg = new SecurityGroup(stack, 'App', { vpcId: vpc.vpcId, description: 'app' });
    const role = new LeastPrivilegeRole(stack, 'AppRole', { description: 'app', assumedBy: TrustedPrincipal.service('ecs-tasks.amazonaws.com') });
    db.grantConnect({ connections: sg.connections, grantPrincipal: role }, 'app_user');
    const s = synth(stack);
    expect(onlyResource(s, 'aws_vpc_security_group_ingress_rule').from_port).toBe(5432);
    const policy = resourcesOf(s, 'aws_iam_role_policy').find(p => /AppRole/i.test(p.role));
    const doc = policyDocumentFor(s, policy.policy);
    expect(doc.statement).toHaveLength(1);
    expect(doc.statement[0].actions).toEqual(['rds-db:connect']);
    expect(doc.statement[0].resources[0]).toMatch(/^arn:\$\{.*\}:rds-db:\$\{.*\}:\$\{.*\}:dbuser:\$\{aws_db_instance\..*\.resource_id\}\/app_user$/);
  });

  test('grantConnect refuses a malformed database user', () => {
    const { stack, vpc, db } = setup();
    const sg = new SecurityGroup(stack, 'App', { vpcId: vpc.vpcId, description: 'app' });
    const role = new LeastPrivilegeRole(stack, 'AppRole', { description: 'app', assumedBy: TrustedPrincipal.service('ecs-tasks.amazonaws.com') });
    expect(() => db.grantConnect({ connections: sg.connections, grantPrincipal: role }, 'app-user; drop')).toThrow(/Test\/Database: invalid dbUser "app-user; drop"/);
  });

  test('a shared key is used for storage, secret, insights and logs; no extra key is created', () => {
    const stack = testStack();
    const key = new EncryptionKey(stack, 'Shared');
    const vpc = new ZeroTrustVpc(stack, 'Network', { encryptionKey: key });
    new PrivateMultiAzDatabase(stack, 'Database', { vpc, encryptionKey: key, engineVersion: '16', port: 6432, backupRetentionDays: 14 });
    const s = synth(stack);
    expect(resourcesOf(s, 'aws_kms_key')).toHaveLength(1);
    const instance = onlyResource(s, 'aws_db_instance');
    expect(instance).toMatchObject({ engine_version: '16', port: 6432, backup_retention_period: 14 });
    expect(onlyResource(s, 'aws_db_parameter_group').family).toBe('postgres16');
  });
});

describe('PrivateMultiAzDatabase bad input fails at synth naming the path and prop', () => {
  const cases: Array<[string, object, RegExp]> = [
    ['engine version below 14', { engineVersion: '13' }, /Test\/Database: invalid engineVersion "13"\. Allowed: a PostgreSQL major version number of 14 or newer/],
    ['engine version not a major number', { engineVersion: '16.3' }, /invalid engineVersion "16\.3"/],
    ['storage max below allocated', { allocatedStorageGiB: 200, maxAllocatedStorageGiB: 100 }, /Test\/Database: invalid maxAllocatedStorageGiB 100\. Allowed: a value above allocatedStorageGiB \(200\)/],
    ['storage max equal to allocated', { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 100 }, /invalid maxAllocatedStorageGiB 100/],
    ['allocated storage below gp3 minimum', { allocatedStorageGiB: 10 }, /invalid allocatedStorageGiB 10\. Allowed: an integer from 20 to 65535/],
    ['backup retention below 7', { backupRetentionDays: 3 }, /Test\/Database: invalid backupRetentionDays 3\. Allowed: an integer from 7 to 35/],
    ['backup retention above 35', { backupRetentionDays: 36 }, /invalid backupRetentionDays 36/],
    ['master username postgres', { masterUsername: 'postgres' }, /Test\/Database: invalid masterUsername "postgres"\. Allowed: .*not a well-known name/],
    ['master username admin (any case)', { masterUsername: 'Admin' }, /invalid masterUsername "Admin"/],
    ['master username malformed', { masterUsername: '1user' }, /invalid masterUsername "1user"/],
    ['instance class that is not one', { instanceClass: 'm7g.large' }, /Test\/Database: invalid instanceClass "m7g\.large"\. Allowed: an RDS for PostgreSQL instance class such as "db\.m7g\.large"/],
    ['instance class with a size typo', { instanceClass: 'db.t4g.medum' },
      /Test\/Database: invalid instanceClass "db\.t4g\.medum"\. Allowed: an RDS for PostgreSQL instance class such as "db\.m7g\.large" or "db\.t4g\.medium" \(db\.t4g comes in micro, small, medium, large, xlarge, 2xlarge\); for a class newer .* set allowUnlistedInstanceClass: true/],
    ['instance class with a family typo', { instanceClass: 'db.m7.large' }, /invalid instanceClass "db\.m7\.large"\. Allowed: .*\(RDS for PostgreSQL has no family db\.m7 \(families: db\.m8g, db\.m7g/],
    ['instance class of another engine only', { instanceClass: 'db.z1d.large' }, /invalid instanceClass "db\.z1d\.large"/],
    ['instance class size the family does not have', { instanceClass: 'db.m7g.24xlarge' }, /invalid instanceClass "db\.m7g\.24xlarge"\. Allowed: .*db\.m7g comes in large, xlarge/],
    ['malformed class even with the escape hatch', { instanceClass: 'm7g.large', allowUnlistedInstanceClass: true }, /invalid instanceClass "m7g\.large"/],
    ['CA certificate outside the enum (JavaScript)', { caCertificate: 'rds-ca-2019' }, /invalid caCertificate "rds-ca-2019"\. Allowed: one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1/],
    ['backup window shorter than 30 minutes', { backupWindow: '03:00-03:15' }, /invalid backupWindow "03:00-03:15"\. Allowed: a daily UTC window "hh:mm-hh:mm" of at least 30 minutes/],
    ['maintenance window malformed', { maintenanceWindow: 'sunday 04:00' }, /invalid maintenanceWindow "sunday 04:00"\. Allowed: a weekly UTC window/],
    ['maintenance window overlapping the backup window', { backupWindow: '03:00-04:00', maintenanceWindow: 'tue:03:30-tue:04:30' },
      /invalid maintenanceWindow "tue:03:30-tue:04:30"\. Allowed: a window that does not overlap backupWindow \(03:00-04:00\)/],
    ['backup window across midnight overlapping a Monday maintenance window', { backupWindow: '23:30-00:30', maintenanceWindow: 'mon:00:00-mon:00:30' }, /does not overlap backupWindow/],
    ['a missing vpc (JavaScript)', { vpc: undefined }, /Test\/Database: invalid vpc \(missing\)/],
    ['port below 1150', { port: 1000 }, /Test\/Database: invalid port 1000\. Allowed: an integer from 1150 to 65535/],
    ['port above 65535', { port: 70000 }, /invalid port 70000/],
    ['database name reserved', { databaseName: 'postgres' }, /invalid databaseName "postgres"/],
    ['monitoring interval not offered', { monitoringIntervalSeconds: 20 }, /invalid monitoringIntervalSeconds 20\. Allowed: one of 1, 5, 10, 15, 30, 60/],
    ['identifier malformed', { instanceIdentifier: 'My_DB' }, /invalid instanceIdentifier "My_DB"/],
    ['log retention not offered', { logRetentionDays: 10 }, /invalid logRetentionDays 10/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network');
    expect(() => new PrivateMultiAzDatabase(stack, 'Database', { vpc, ...props })).toThrow(message);
  });
});

describe('PrivateMultiAzDatabase throwaway environments', () => {
  test('windows that do not overlap pass; deletion protection and the final snapshot can be turned off', () => {
    const stack = testStack();
    const vpc = new ZeroTrustVpc(stack, 'Network', { natGateways: 0 });
    new PrivateMultiAzDatabase(stack, 'Database', {
      vpc,
      backupWindow: '03:00-04:00',
      maintenanceWindow: 'sun:04:30-sun:05:30',
      deletionProtection: false,
      finalSnapshot: false,
      retainAutomatedBackups: false,
      caCertificate: DatabaseCaCertificate.ECC384_G1,
    });
    const instance = onlyResource(synth(stack), 'aws_db_instance');
    expect(instance).toMatchObject({ deletion_protection: false, skip_final_snapshot: true, delete_automated_backups: true, ca_cert_identifier: 'rds-ca-ecc384-g1' });
    expect(instance.final_snapshot_identifier).toBeUndefined();
  });
});

describe('PrivateMultiAzDatabase instance classes', () => {
  test.each(['db.m7g.large', 'db.t4g.medium', 'db.r6i.32xlarge', 'db.m8g.48xlarge', 'db.t3.micro', 'db.x2iedn.xlarge'])('%s is accepted', instanceClass => {
    const stack = testStack();
    new PrivateMultiAzDatabase(stack, 'Database', { vpc: new ZeroTrustVpc(stack, 'Network'), instanceClass });
    expect(onlyResource(synth(stack), 'aws_db_instance').instance_class).toBe(instanceClass);
  });

  test('a class newer than the list passes with allowUnlistedInstanceClass, with a warning naming it', () => {
    const stack = testStack();
    const db = new PrivateMultiAzDatabase(stack, 'Database', { vpc: new ZeroTrustVpc(stack, 'Network'), instanceClass: 'db.m9g.large', allowUnlistedInstanceClass: true });
    expect(onlyResource(synth(stack), 'aws_db_instance').instance_class).toBe('db.m9g.large');
    const warnings = db.node.metadata.filter(m => m.type === AnnotationMetadataEntryType.WARN).map(m => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/^instanceClass: "db\.m9g\.large" is not on the library's list of PostgreSQL instance classes \(RDS for PostgreSQL has no family db\.m9g/)]);
  });
});
