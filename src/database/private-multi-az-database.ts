import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import type { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import type { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { IZeroTrustVpc } from '../network/zero-trust-vpc';
import { AlarmOptions, AlarmThreshold } from '../shared/alarm-options';
import { Connections, IConnectable, Port } from '../shared/connections';
import { EncryptedLogGroup } from '../shared/encrypted-log-group';
import { EncryptionKey, IEncryptionKey } from '../shared/encryption-key';
import { Grant, IConnectableGrantee } from '../shared/grants';
import { LeastPrivilegeRole, TrustedPrincipal } from '../shared/least-privilege-role';
import { MetricDescription, MetricOptions } from '../shared/metric';
import { RecommendedAlarms } from '../shared/private/alarms';
import { aws } from '../shared/private/aws';
import { postgresInstanceClassProblem } from '../shared/private/aws-catalog';
import { AwsContext } from '../shared/private/aws-context';
import { LOG_RETENTION_DAYS } from '../shared/private/log-retention';
import { describeMetric, MetricDefaults } from '../shared/private/metrics';
import { physicalName, tagsFor } from '../shared/private/naming';
import { invalidProp, isToken, requireGrantee, requireIntegerInRange, requireOneOf, requirePort, requireProp, requireProps, requireTags } from '../shared/private/validation';
import { SecurityGroup } from '../shared/security-group';
import { ServiceSecret } from '../shared/service-secret';
import { StackMonitoring } from '../shared/stack-monitoring';

/** The certificate authority whose certificate the database presents for TLS. */
export enum DatabaseCaCertificate {
  /** RSA 2048, SHA-256, valid until 2061 (AWS's default for new instances). */
  RSA2048_G1 = 'rds-ca-rsa2048-g1',
  /** RSA 4096, SHA-384, valid until 2121. */
  RSA4096_G1 = 'rds-ca-rsa4096-g1',
  /** ECC 384, SHA-384, valid until 2121. */
  ECC384_G1 = 'rds-ca-ecc384-g1',
}

/** Configuration of a `PrivateMultiAzDatabase`. */
export interface PrivateMultiAzDatabaseProps {
  /** The network; the database lives in its isolated subnets (at least two availability zones). */
  readonly vpc: IZeroTrustVpc;
  /**
   * PostgreSQL major version, 14 or newer. Only the major is pinned: minor upgrades are applied
   * automatically in the maintenance window.
   * @default '17'
   */
  readonly engineVersion?: string;
  /**
   * Instance class, `db.<family>.<size>` such as `db.m7g.large`. Multi-AZ runs two instances, so the cost doubles.
   * Cost: db.m7g.large is about $0.17 per hour per instance (~$250 per month Multi-AZ);
   * db.t4g.medium (~$0.07/hour, ~$100 per month Multi-AZ) suits non-production.
   *
   * The family and size must be one RDS for PostgreSQL offers (the list in
   * src/shared/private/aws-catalog.ts, from AWS's "Supported DB engines for DB instance
   * classes"), so `db.t4g.medum` or `db.m7.large` fails at synth; see `allowUnlistedInstanceClass`
   * for a class newer than that list.
   * @default 'db.m7g.large'
   */
  readonly instanceClass?: string;
  /**
   * Accept an `instanceClass` that is not on the library's list of PostgreSQL instance classes
   * (a class AWS added after this release) with a synth warning instead of an error. It still
   * needs the shape `db.<family>.<size>`; AWS refuses an unknown class at apply.
   * @default false - unlisted classes are refused
   */
  readonly allowUnlistedInstanceClass?: boolean;
  /**
   * Initial gp3 storage in GiB (Allowed: 20–65535; maxAllocatedStorageGiB must be above it). Cost: about $0.115 per GB-month, doubled by Multi-AZ.
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Ceiling for storage autoscaling in GiB (Allowed: 21–65536), above `allocatedStorageGiB`.
   * @default 100, or twice allocatedStorageGiB (at most 65536) when that is 100 or more
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Days of automated backups (Allowed: 7–35).
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * Name of the database created with the instance: a letter followed by letters, digits or
   * underscores (Length: 1–63), not `postgres`, `template0`, `template1` or `rdsadmin`. Changing it
   * replaces the instance.
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Master user name: a letter followed by letters, digits or underscores (Length: 1–63); `postgres`,
   * `admin`, `rdsadmin` and other well-known names are refused. Changing it replaces the instance.
   * Its password is generated and kept by RDS in Secrets Manager, never in Terraform.
   * @default 'dbmaster'
   */
  readonly masterUsername?: string;
  /**
   * TCP port (Allowed: 1150–65535).
   * @default 5432
   */
  readonly port?: number;
  /**
   * Customer-managed key for storage, the master secret, Performance Insights and log groups.
   * Changing it replaces the instance.
   * @default - a new key (about $1 per month)
   */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Instance identifier (lower-case letters, digits, hyphens; Length: 1–63). Changing it
   * replaces the instance.
   * @default - derived from the construct path
   */
  readonly instanceIdentifier?: string;
  /**
   * Certificate authority for TLS connections.
   * @default DatabaseCaCertificate.RSA2048_G1
   */
  readonly caCertificate?: DatabaseCaCertificate;
  /**
   * Enhanced monitoring interval in seconds: 1, 5, 10, 15, 30 or 60 (`PrivateMultiAzDatabase.MONITORING_INTERVALS`).
   * Cost: CloudWatch Logs ingestion of the OS metrics (a few dollars per month at 60 s).
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Days to keep the exported `postgresql` and `upgrade` logs; one of `EncryptedLogGroup.RETENTION_DAYS`.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Protects the instance from deletion (also by `terraform destroy`). Turning it off is a
   * deliberate choice for throwaway environments that must be destroyable, never a default.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Take a final snapshot (`<instanceIdentifier>-final`) when the instance is deleted. A throwaway
   * environment that is destroyed and re-created repeatedly turns it off: a second destroy fails
   * while a snapshot of that name exists.
   * @default true
   */
  readonly finalSnapshot?: boolean;
  /**
   * Keep the automated backups when the instance is deleted: they stay restorable (and billed as
   * backup storage) until `backupRetentionDays` runs out. A throwaway environment turns it off, so
   * that `terraform destroy` leaves nothing billable behind.
   * @default true
   */
  readonly retainAutomatedBackups?: boolean;
  /**
   * Statements slower than this (milliseconds; Allowed: -1–2147483647, -1 turns it off) are logged
   * with their duration (`log_min_duration_statement`).
   * @default 1000
   */
  readonly logMinDurationStatementMs?: number;
  /** Preferred daily backup window in UTC, `hh:mm-hh:mm`, at least 30 minutes, e.g. `03:00-04:00`. @default - chosen by RDS */
  readonly backupWindow?: string;
  /**
   * Preferred weekly maintenance window in UTC, `ddd:hh:mm-ddd:hh:mm`, at least 30 minutes, not
   * overlapping the backup window, e.g. `sun:04:30-sun:05:30`. @default - chosen by RDS
   */
  readonly maintenanceWindow?: string;
  /** Extra tags for every resource. @default - only `Name` */
  readonly tags?: { [key: string]: string };
  /**
   * The recommended alarms (see `DatabaseAlarms`): CPU, free storage and freeable memory, each
   * about $0.10 per month, sent to the stack's `StackMonitoring` unless `actions` are given.
   * @default - all on with their documented thresholds
   */
  readonly alarms?: DatabaseAlarms;
}

const RESERVED_USERNAMES = ['postgres', 'admin', 'administrator', 'root', 'rdsadmin', 'rds_superuser', 'rdsrepladmin', 'master', 'user', 'public'];
const RESERVED_DATABASES = ['postgres', 'template0', 'template1', 'rdsadmin'];
const IDENTIFIER = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;

/**
 * PostgreSQL on RDS that cannot be reached from the internet and never leaves data unencrypted:
 * Multi-AZ with automatic failover, in the isolated subnets, not publicly accessible, gp3 storage
 * with autoscaling, encrypted at rest with a customer-managed key and in transit (`rds.force_ssl`,
 * pinned CA). The master password is generated by RDS and kept in Secrets Manager under the same
 * key, so it never enters Terraform config or state; applications use IAM authentication through
 * `grantConnect`. Backups, deletion protection, a final snapshot, enhanced monitoring,
 * Performance Insights and encrypted log exports are on. The security group has no egress and
 * admits the database port only from security groups let in through `connections`
 * (`db.connections.allowDefaultPortFrom(peer)`) or `grantConnect`.
 */
export class PrivateMultiAzDatabase extends Construct implements IConnectable {
  /** Enhanced monitoring intervals RDS accepts, in seconds. */
  public static readonly MONITORING_INTERVALS: number[] = [1, 5, 10, 15, 30, 60];

  /** The underlying DB instance (escape hatch). */
  public readonly instance: DbInstance;
  public readonly parameterGroup: DbParameterGroup;
  public readonly subnetGroup: DbSubnetGroup;
  public readonly securityGroup: SecurityGroup;
  public readonly connections: Connections;
  public readonly encryptionKey: IEncryptionKey;
  /** Log groups the instance exports to, by log type (`postgresql`, `upgrade`). */
  public readonly logGroups: { [logType: string]: EncryptedLogGroup } = {};
  /** Role RDS uses for enhanced monitoring. */
  public readonly monitoringRole: LeastPrivilegeRole;
  /** Host name of the instance (resolves to the current primary). */
  public readonly endpointAddress: string;
  /** TCP port of the instance. */
  public readonly port: number;
  public readonly instanceIdentifier: string;
  /** Resource ID (`db-...`), the key of IAM database authentication ARNs. */
  public readonly resourceId: string;
  public readonly databaseName: string;
  public readonly masterUsername: string;
  /**
   * ARN of the Secrets Manager secret in which RDS keeps the master credentials
   * (JSON keys `username` and `password`), for runtime injection into containers.
   */
  public readonly masterUserSecretArn: string;
  /** The recommended alarms created (escape hatches). */
  public readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: PrivateMultiAzDatabaseProps) {
    super(scope, id);
    requireProps(this, props);
    requireProp(this, 'vpc', props.vpc, 'an IZeroTrustVpc (a ZeroTrustVpc or ZeroTrustVpc.fromVpcAttributes)');
    const context = AwsContext.of(this);

    // --- validation ---
    const engineVersion = props.engineVersion ?? '17';
    if (!Token.isUnresolved(engineVersion) && (!/^\d+$/.test(engineVersion) || Number(engineVersion) < 14)) {
      throw invalidProp(this, 'engineVersion', engineVersion, 'a PostgreSQL major version number of 14 or newer, e.g. "17" (minor versions are upgraded automatically)');
    }
    const allocated = props.allocatedStorageGiB ?? 20;
    requireIntegerInRange(this, 'allocatedStorageGiB', allocated, 20, 65535);
    const maxAllocated = props.maxAllocatedStorageGiB ?? (isToken(allocated) || allocated < 100 ? 100 : Math.min(2 * allocated, 65536));
    requireIntegerInRange(this, 'maxAllocatedStorageGiB', maxAllocated, 21, 65536);
    if (maxAllocated <= allocated) {
      throw invalidProp(this, 'maxAllocatedStorageGiB', maxAllocated, `a value above allocatedStorageGiB (${allocated}), so storage can grow`);
    }
    const backupRetention = props.backupRetentionDays ?? 7;
    requireIntegerInRange(this, 'backupRetentionDays', backupRetention, 7, 35);
    const databaseName = props.databaseName ?? 'app';
    if (!IDENTIFIER.test(databaseName) || RESERVED_DATABASES.includes(databaseName.toLowerCase())) {
      throw invalidProp(this, 'databaseName', databaseName, `a letter followed by up to 62 letters, digits or underscores, not one of ${RESERVED_DATABASES.join(', ')}`);
    }
    const masterUsername = props.masterUsername ?? 'dbmaster';
    if (!IDENTIFIER.test(masterUsername) || RESERVED_USERNAMES.includes(masterUsername.toLowerCase())) {
      throw invalidProp(this, 'masterUsername', masterUsername,
        `a letter followed by up to 62 letters, digits or underscores, not a well-known name (${RESERVED_USERNAMES.join(', ')})`);
    }
    const port = props.port ?? 5432;
    requirePort(this, 'port', port, 1150, 65535);
    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    requireOneOf(this, 'monitoringIntervalSeconds', monitoringInterval, PrivateMultiAzDatabase.MONITORING_INTERVALS);
    const logRetention = props.logRetentionDays ?? 365;
    requireOneOf(this, 'logRetentionDays', logRetention, LOG_RETENTION_DAYS);
    const identifier = props.instanceIdentifier ?? physicalName(this, { maxLength: 63 });
    if (!Token.isUnresolved(identifier) && (!/^[a-z][a-z0-9-]{0,62}$/.test(identifier) || /--|-$/.test(identifier))) {
      throw invalidProp(this, 'instanceIdentifier', identifier, 'a lower-case letter followed by up to 62 lower-case letters, digits or single hyphens, not ending in a hyphen');
    }
    const logMinDuration = props.logMinDurationStatementMs ?? 1000;
    requireIntegerInRange(this, 'logMinDurationStatementMs', logMinDuration, -1, 2147483647);
    const instanceClass = props.instanceClass ?? 'db.m7g.large';
    if (!Token.isUnresolved(instanceClass)) {
      const shape = typeof instanceClass === 'string' && /^db\.[a-z0-9-]+\.[a-z0-9-]+$/.test(instanceClass);
      const problem = shape ? postgresInstanceClassProblem(instanceClass) : undefined;
      if (!shape || (problem && !props.allowUnlistedInstanceClass)) {
        throw invalidProp(this, 'instanceClass', instanceClass,
          `an RDS for PostgreSQL instance class such as "db.m7g.large" or "db.t4g.medium"${problem ? ` (${problem})` : ''}; `
          + 'for a class newer than the library\'s list (AWS "Supported DB engines for DB instance classes") set allowUnlistedInstanceClass: true');
      }
      if (problem) {
        Annotations.of(this).addWarning(`instanceClass: "${instanceClass}" is not on the library's list of PostgreSQL instance classes (${problem}); `
          + 'it is accepted because allowUnlistedInstanceClass is set, and AWS refuses it at apply if RDS does not offer it');
      }
    }
    const caCertificate = props.caCertificate ?? DatabaseCaCertificate.RSA2048_G1;
    requireOneOf(this, 'caCertificate', caCertificate, Object.values(DatabaseCaCertificate));
    const backup = props.backupWindow === undefined ? undefined : parseWindow(this, 'backupWindow', props.backupWindow, false);
    const maintenance = props.maintenanceWindow === undefined ? undefined : parseWindow(this, 'maintenanceWindow', props.maintenanceWindow, true);
    if (backup && maintenance && windowsOverlap(backup, maintenance)) {
      throw invalidProp(this, 'maintenanceWindow', props.maintenanceWindow, `a window that does not overlap backupWindow (${props.backupWindow})`);
    }
    requireTags(this, 'tags', props.tags);
    const tags = (suffix?: string) => tagsFor(suffix ? `${identifier}-${suffix}` : identifier, props.tags);

    this.encryptionKey = props.encryptionKey ?? new EncryptionKey(this, 'Key', { description: `PostgreSQL ${identifier}: storage, secret, insights, logs`, tags: props.tags });

    // --- network identity: no egress at all; ingress only from named security groups ---
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpcId: props.vpc.vpcId,
      description: `PostgreSQL ${identifier}: port ${port} only from security groups granted access`,
      defaultPort: Port.tcp(port),
      tags: props.tags,
    });
    this.connections = this.securityGroup.connections;
    this.subnetGroup = new aws.DbSubnetGroup(this, 'SubnetGroup', {
      name: identifier,
      description: `Isolated subnets of ${identifier}`,
      subnetIds: props.vpc.isolatedSubnetIds,
      tags: tags(),
    });

    // --- in transit: TLS forced; statements that change schema and slow statements logged ---
    // A versioned name prefix plus create-before-destroy lets a major upgrade swap families.
    this.parameterGroup = new aws.DbParameterGroup(this, 'ParameterGroup', {
      namePrefix: `${identifier.slice(0, 40)}-pg${engineVersion}-`,
      family: `postgres${engineVersion}`,
      description: `PostgreSQL ${engineVersion} for ${identifier}: TLS only, DDL and slow statement logging`,
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'ssl_min_protocol_version', value: 'TLSv1.2' },
        { name: 'log_statement', value: 'ddl' },
        { name: 'log_min_duration_statement', value: String(logMinDuration) },
        { name: 'log_connections', value: '1' },
        { name: 'log_disconnections', value: '1' },
      ],
      lifecycle: { createBeforeDestroy: true },
      tags: tags(),
    });

    // --- log exports land in groups we created: encrypted and with retention ---
    for (const logType of ['postgresql', 'upgrade']) {
      this.logGroups[logType] = new EncryptedLogGroup(this, `LogGroup-${logType}`, {
        encryptionKey: this.encryptionKey,
        logGroupName: `/aws/rds/instance/${identifier}/${logType}`,
        retentionDays: logRetention,
        tags: props.tags,
      });
    }

    this.monitoringRole = new LeastPrivilegeRole(this, 'MonitoringRole', {
      description: `Enhanced monitoring of ${identifier}`,
      assumedBy: TrustedPrincipal.service('monitoring.rds.amazonaws.com'),
      awsManagedPolicyArns: [`arn:${context.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`],
      tags: props.tags,
    });

    this.instance = new aws.DbInstance(this, 'Instance', {
      identifier,
      engine: 'postgres',
      engineVersion,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      instanceClass,
      dbName: databaseName,
      username: masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.encryptionKey.keyArn,
      port,
      multiAz: true,
      publiclyAccessible: false,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
      parameterGroupName: this.parameterGroup.name,
      caCertIdentifier: caCertificate,
      storageType: 'gp3',
      allocatedStorage: allocated,
      maxAllocatedStorage: maxAllocated,
      storageEncrypted: true,
      kmsKeyId: this.encryptionKey.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: backupRetention,
      backupWindow: props.backupWindow,
      maintenanceWindow: props.maintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: !(props.retainAutomatedBackups ?? true),
      deletionProtection: props.deletionProtection ?? true,
      skipFinalSnapshot: !(props.finalSnapshot ?? true),
      finalSnapshotIdentifier: (props.finalSnapshot ?? true) ? `${identifier}-final` : undefined,
      monitoringInterval,
      monitoringRoleArn: this.monitoringRole.roleArn,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.encryptionKey.keyArn,
      performanceInsightsRetentionPeriod: 7,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      applyImmediately: false,
      tags: tags(),
      dependsOn: Object.values(this.logGroups).map(g => g.logGroup),
    });

    this.endpointAddress = this.instance.address;
    this.port = port;
    this.instanceIdentifier = identifier;
    this.resourceId = this.instance.resourceId;
    this.databaseName = databaseName;
    this.masterUsername = masterUsername;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;

    // --- recommended alarms ---
    const alarms = new RecommendedAlarms(this, 'alarms', props.alarms, props.tags);
    const a = props.alarms ?? {};
    const cpu = alarms.threshold('cpuUtilization', a.cpuUtilization, 90, 1, 100);
    if (cpu !== undefined) {
      alarms.add(this, {
        id: 'CpuAlarm',
        suffix: 'cpu-high',
        description: `CPU of ${identifier} at or above ${cpu}% for 15 minutes`,
        metric: this.metricCpuUtilization(),
        threshold: cpu,
        comparison: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 3,
      });
    }
    const storage = alarms.threshold('freeStorageSpace', a.freeStorageSpace, Math.max(1, Math.round(allocated / 10)), 0, 65536);
    if (storage !== undefined) {
      alarms.add(this, {
        id: 'StorageAlarm',
        suffix: 'storage-low',
        description: `Free storage of ${identifier} below ${storage} GiB for 10 minutes`,
        metric: this.metricFreeStorageSpace(),
        threshold: storage * 1024 ** 3,
        comparison: 'LessThanThreshold',
        evaluationPeriods: 2,
      });
    }
    const memory = alarms.threshold('freeableMemory', a.freeableMemory, 256, 0, 1048576);
    if (memory !== undefined) {
      alarms.add(this, {
        id: 'MemoryAlarm',
        suffix: 'memory-low',
        description: `Freeable memory of ${identifier} below ${memory} MiB for 15 minutes`,
        metric: this.metricFreeableMemory(),
        threshold: memory * 1024 ** 2,
        comparison: 'LessThanThreshold',
        evaluationPeriods: 3,
      });
    }
    this.alarms = alarms.alarms;
    StackMonitoring.of(this).addSection(`Database ${identifier}`, [
      { title: 'CPU utilization (%)', metrics: [this.metricCpuUtilization(), this.metricCpuUtilization({ statistic: 'Maximum' })] },
      { title: 'Connections', metrics: [this.metricDatabaseConnections()] },
      { title: 'Free storage and freeable memory (bytes)', metrics: [this.metricFreeStorageSpace(), this.metricFreeableMemory()] },
      { title: 'Read and write latency (s)', metrics: [this.metricReadLatency(), this.metricWriteLatency()], width: 24 },
    ]);
  }

  /**
   * One field of the RDS-managed master secret (`username` or `password`) as a reference for
   * runtime injection, e.g. `secrets: { DB_PASSWORD: db.masterUserSecret('password') }`.
   * Prefer IAM authentication (`grantConnect`) for applications; the master user is for
   * migrations and administration.
   */
  public masterUserSecret(field: string): ServiceSecret {
    if (field !== 'username' && field !== 'password') {
      throw invalidProp(this, 'field', field, '"username" or "password"');
    }
    return ServiceSecret.fromSecretsManager(this.masterUserSecretArn, { jsonKey: field, encryptionKey: this.encryptionKey });
  }

  /**
   * Lets `grantee` connect as database user `dbUser` with IAM authentication: the database's
   * security group admits the grantee's security group on the database port (and the grantee gets
   * the matching egress) — the seed's "DB SG allows 5432 FROM App SG ID" — plus `rds-db:connect`
   * for exactly that user on this instance. The user must exist in PostgreSQL with
   * `GRANT rds_iam TO <dbUser>`.
   */
  public grantConnect(grantee: IConnectableGrantee, dbUser: string): Grant {
    requireGrantee(this, 'grantee', grantee);
    if (typeof dbUser !== 'string' || !IDENTIFIER.test(dbUser)) {
      throw invalidProp(this, 'dbUser', dbUser, 'a letter followed by up to 62 letters, digits or underscores');
    }
    this.connections.allowDefaultPortFrom(grantee, `PostgreSQL from ${grantee.connections?._ownerPath}`);
    return Grant.addToPrincipal(grantee, {
      actions: ['rds-db:connect'],
      resources: [AwsContext.of(this).arn('rds-db', `dbuser:${this.resourceId}/${dbUser}`)],
    });
  }

  // Metrics: AWS/RDS, dimension DBInstanceIdentifier, as documented in
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html and dimensions.html.

  /** `CPUUtilization` (AWS/RDS, Percent), by default the Average over 5 minutes. */
  public metricCpuUtilization(options?: MetricOptions): MetricDescription {
    return this.rdsMetric('CPUUtilization', { statistic: 'Average', unit: 'Percent' }, options);
  }

  /** `FreeableMemory` (AWS/RDS, Bytes of available RAM), by default the Minimum over 5 minutes. */
  public metricFreeableMemory(options?: MetricOptions): MetricDescription {
    return this.rdsMetric('FreeableMemory', { statistic: 'Minimum', unit: 'Bytes' }, options);
  }

  /** `FreeStorageSpace` (AWS/RDS, Bytes), by default the Minimum over 5 minutes. */
  public metricFreeStorageSpace(options?: MetricOptions): MetricDescription {
    return this.rdsMetric('FreeStorageSpace', { statistic: 'Minimum', unit: 'Bytes' }, options);
  }

  /** `DatabaseConnections` (AWS/RDS, Count of client connections), by default the Maximum over 5 minutes. */
  public metricDatabaseConnections(options?: MetricOptions): MetricDescription {
    return this.rdsMetric('DatabaseConnections', { statistic: 'Maximum', unit: 'Count' }, options);
  }

  /** `ReadLatency` (AWS/RDS, Seconds per disk read), by default the Average over 5 minutes. */
  public metricReadLatency(options?: MetricOptions): MetricDescription {
    return this.rdsMetric('ReadLatency', { statistic: 'Average', unit: 'Seconds' }, options);
  }

  /** `WriteLatency` (AWS/RDS, Seconds per disk write), by default the Average over 5 minutes. */
  public metricWriteLatency(options?: MetricOptions): MetricDescription {
    return this.rdsMetric('WriteLatency', { statistic: 'Average', unit: 'Seconds' }, options);
  }

  private rdsMetric(name: string, defaults: MetricDefaults, options?: MetricOptions): MetricDescription {
    return describeMetric(this, 'AWS/RDS', name, { DBInstanceIdentifier: this.instanceIdentifier }, defaults, options);
  }
}

/** A maintenance or backup window: start minute and length, on a day (1440) or a week (10080). */
interface Window { readonly start: number; readonly length: number }

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEK = 7 * 1440;

/** Parses an RDS window; undefined for an unresolved token. */
function parseWindow(scope: Construct, prop: string, value: string, weekly: boolean): Window | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const time = '([01]\\d|2[0-3]):([0-5]\\d)';
  const day = '(mon|tue|wed|thu|fri|sat|sun)';
  const m = (weekly ? new RegExp(`^${day}:${time}-${day}:${time}$`) : new RegExp(`^${time}-${time}$`)).exec(String(value));
  const allowed = weekly
    ? 'a weekly UTC window "ddd:hh:mm-ddd:hh:mm" of at least 30 minutes, e.g. "sun:04:30-sun:05:30"'
    : 'a daily UTC window "hh:mm-hh:mm" of at least 30 minutes, e.g. "03:00-04:00"';
  if (!m) throw invalidProp(scope, prop, value, allowed);
  const minute = (d: string | undefined, h: string, min: string) => (d ? DAYS.indexOf(d) * 1440 : 0) + Number(h) * 60 + Number(min);
  const [start, end] = weekly ? [minute(m[1], m[2], m[3]), minute(m[4], m[5], m[6])] : [minute(undefined, m[1], m[2]), minute(undefined, m[3], m[4])];
  const length = (end - start + (weekly ? WEEK : 1440)) % (weekly ? WEEK : 1440);
  if (length < 30) throw invalidProp(scope, prop, value, allowed);
  return { start, length };
}

/** Whether the daily backup window overlaps the weekly maintenance window on any day. */
function windowsOverlap(daily: Window, weekly: Window): boolean {
  const mod = (x: number) => ((x % WEEK) + WEEK) % WEEK;
  for (let d = 0; d < 7; d++) {
    const start = d * 1440 + daily.start;
    if (mod(weekly.start - start) < daily.length || mod(start - weekly.start) < weekly.length) return true;
  }
  return false;
}

/** The recommended alarms of a `PrivateMultiAzDatabase` (AWS's recommended RDS alarms). */
export interface DatabaseAlarms extends AlarmOptions {
  /** Average CPU (percent, 1–100) at or above which, for 15 minutes, it alarms. @default 90 */
  readonly cpuUtilization?: AlarmThreshold;
  /** Free storage in GiB below which, for 10 minutes, it alarms. @default - 10% of `allocatedStorageGiB` */
  readonly freeStorageSpace?: AlarmThreshold;
  /** Freeable memory in MiB below which, for 15 minutes, it alarms. @default 256 */
  readonly freeableMemory?: AlarmThreshold;
}
