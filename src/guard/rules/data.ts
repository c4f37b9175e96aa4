import { Block, isExpression, isLiteral, isTrue, list, StackModel } from '../model';
import { documentStatements, readPolicy, Statement } from '../policy-document';
import { each, Rule } from '../rule';
import { FindingLevel, ZeroTrustPillar } from '../types';

/** A key argument that is missing, empty or names an AWS-managed key (`alias/aws/...`). */
function notCustomerKey(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  return isLiteral(value) && /(^|:)alias\/aws\//.test(value);
}

/** Buckets (by address) configured by a companion resource of `type` whose `bucket` refers to them. */
function companions(model: StackModel, type: string): Map<string, Block[]> {
  const byBucket = new Map<string, Block[]>();
  for (const c of model.ofType(type)) {
    for (const bucket of model.refs(c.body.bucket).filter(a => a.startsWith('aws_s3_bucket.'))) {
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), c]);
    }
  }
  return byBucket;
}

function s3CustomerKey(bucket: Block, model: StackModel): boolean {
  const inline = list(bucket.body.server_side_encryption_configuration);
  const configs = [...inline, ...(companions(model, 'aws_s3_bucket_server_side_encryption_configuration').get(bucket.address) ?? []).map(c => c.body)];
  return configs.some((c: any) => list(c.rule).some((r: any) => list(r.apply_server_side_encryption_by_default).some((d: any) =>
    (d.sse_algorithm === 'aws:kms' || d.sse_algorithm === 'aws:kms:dsse' || isExpression(d.sse_algorithm)) && !notCustomerKey(d.kms_master_key_id))));
}

/**
 * Where each kind of data keeps its key, and what "no customer-managed key" means for it. A key
 * given as an expression (`${aws_kms_key.k.arn}`, `${var.key}`) counts as customer-managed.
 */
const KEYED: Record<string, (b: Block, model: StackModel) => string | false> = {
  aws_cloudwatch_log_group: b => notCustomerKey(b.body.kms_key_id) && 'log group has no kms_key_id',
  aws_sqs_queue: b => notCustomerKey(b.body.kms_master_key_id) && `queue has ${b.body.kms_master_key_id ? `the AWS-managed key ${b.body.kms_master_key_id}` : isTrue(b.body.sqs_managed_sse_enabled) ? 'only SQS-managed encryption' : 'no kms_master_key_id'}`,
  aws_sns_topic: b => notCustomerKey(b.body.kms_master_key_id) && `topic has ${b.body.kms_master_key_id ? `the AWS-managed key ${b.body.kms_master_key_id}` : 'no kms_master_key_id'}`,
  aws_dynamodb_table: b => !list(b.body.server_side_encryption).some((s: any) => isTrue(s.enabled) && !notCustomerKey(s.kms_key_arn))
    && 'table has no server_side_encryption with enabled = true and a kms_key_arn',
  aws_secretsmanager_secret: b => notCustomerKey(b.body.kms_key_id) && 'secret has no kms_key_id (it uses aws/secretsmanager)',
  aws_s3_bucket: (b, model) => !s3CustomerKey(b, model) && 'bucket has no default encryption with aws:kms and a kms_master_key_id',
  aws_ebs_volume: b => notCustomerKey(b.body.kms_key_id) && 'volume has no kms_key_id',
  aws_efs_file_system: b => notCustomerKey(b.body.kms_key_id) && 'file system has no kms_key_id',
  aws_ecr_repository: b => !list(b.body.encryption_configuration).some((e: any) => e.encryption_type === 'KMS' && !notCustomerKey(e.kms_key))
    && 'repository has no encryption_configuration with encryption_type KMS and a kms_key',
  aws_kinesis_stream: b => (b.body.encryption_type !== 'KMS' || notCustomerKey(b.body.kms_key_id)) && 'stream has no encryption_type KMS with a customer kms_key_id',
  aws_ssm_parameter: b => b.body.type === 'SecureString' && notCustomerKey(b.body.key_id) && 'SecureString parameter has no key_id (it uses aws/ssm)',
  aws_db_instance: b => !b.body.replicate_source_db && notCustomerKey(b.body.kms_key_id) && 'database has no kms_key_id',
  aws_rds_cluster: b => notCustomerKey(b.body.kms_key_id) && 'cluster has no kms_key_id',
};

function bucketPolicyStatements(bucket: Block, model: StackModel): Statement[] | undefined {
  const statements: Statement[] = [];
  for (const policy of companions(model, 'aws_s3_bucket_policy').get(bucket.address) ?? []) {
    const read = readPolicy(policy.body.policy, model);
    if (read.kind === 'unreadable') return undefined;
    statements.push(...(read.kind === 'document' ? documentStatements(read.document) : read.statements));
  }
  return statements;
}

function deniesPlainHttp(statements: Statement[]): boolean {
  return statements.some(s => s.effect === 'Deny' && s.conditions.some(c =>
    (c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.map(v => String(v).toLowerCase()).includes('false'))
    || (c.test === 'NumericLessThan' && c.variable === 's3:TlsVersion')));
}

function allFourBlocks(b: Record<string, unknown>): boolean {
  return ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every(k => isTrue(b[k]));
}

/** The value of a DB parameter in a parameter group of the stack; undefined when absent. */
function parameter(group: Block | undefined, name: string): string | undefined {
  const p = list(group?.body.parameter).find((x: any) => x.name === name);
  return p === undefined ? undefined : String((p as any).value);
}

function forceSsl(db: Block, model: StackModel): string | false {
  const engine = String(db.body.engine ?? '');
  if (isExpression(engine)) return false;
  const name = db.body.parameter_group_name;
  const group = model.target(name, 'aws_db_parameter_group');
  // A group that is not in this stack (a variable, another stack, a name) cannot be read: no verdict.
  if (name && !group && !(isLiteral(name) && name.startsWith('default.'))) return false;
  if (engine === 'postgres') {
    const value = parameter(group, 'rds.force_ssl');
    if (value !== undefined) return value !== '1' && `rds.force_ssl is ${value}`;
    // AWS turns rds.force_ssl on by default from PostgreSQL 15; an unset version gets the current default (16+).
    const version = db.body.engine_version;
    if (version === undefined) return false;
    if (isExpression(version)) return false;
    const major = Number(String(version).split('.')[0]);
    return major < 15 && `PostgreSQL ${version} defaults rds.force_ssl to 0 and no parameter group sets it to 1`;
  }
  if (engine === 'mysql' || engine === 'mariadb') {
    const value = parameter(group, 'require_secure_transport');
    return !['1', 'ON', 'on'].includes(value ?? '') && `require_secure_transport is ${value ?? 'not set (default OFF)'}`;
  }
  if (engine.startsWith('sqlserver')) {
    const value = parameter(group, 'rds.force_ssl');
    return value !== '1' && `rds.force_ssl is ${value ?? 'not set (default 0)'}`;
  }
  return false;
}

export const DATA_RULES: Rule[] = [
  {
    id: 'ZT-DATA-001',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.ENCRYPTION_EVERYWHERE,
    title: 'Data not encrypted with a customer-managed KMS key',
    explanation: 'With an AWS-managed or service key, anyone with read access to the data reads it; a customer-managed key adds a key policy you control, audit in CloudTrail and can revoke.',
    fix: 'Create an aws_kms_key with rotation and pass its ARN (kms_key_id, kms_master_key_id, kms_key_arn, kms_key) to the resource.',
    checkov: ['CKV_AWS_158', 'CKV_AWS_27', 'CKV_AWS_26', 'CKV_AWS_119', 'CKV_AWS_149', 'CKV_AWS_145', 'CKV_AWS_189', 'CKV_AWS_184', 'CKV_AWS_136', 'CKV_AWS_185', 'CKV_AWS_337'],
    check: each(Object.keys(KEYED), (b, model) => KEYED[b.type](b, model)),
  },
  {
    id: 'ZT-DATA-002',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.NETWORK_ISOLATION,
    title: 'Database publicly accessible',
    explanation: 'publicly_accessible gives the database a public DNS name and address; only its security group stands between it and the internet.',
    fix: 'Set publicly_accessible = false and place the database in isolated subnets; reach it from named security groups.',
    checkov: ['CKV_AWS_17'],
    check: each(['aws_db_instance', 'aws_rds_cluster_instance'], b => isTrue(b.body.publicly_accessible) && 'publicly_accessible is true'),
  },
  {
    id: 'ZT-DATA-003',
    level: FindingLevel.WARNING,
    pillar: ZeroTrustPillar.RESILIENCE,
    title: 'Database in a single Availability Zone',
    explanation: 'A single-AZ instance is down for the whole of an AZ outage or a host failure, and maintenance causes downtime.',
    fix: 'Set multi_az = true (a standby in another AZ, automatic failover).',
    checkov: ['CKV_AWS_157'],
    check: each(['aws_db_instance'], b => !isTrue(b.body.multi_az) && !isExpression(b.body.multi_az) && !String(b.body.engine ?? '').startsWith('aurora')
      && `multi_az is ${b.body.multi_az ?? 'not set (default false)'}`),
  },
  {
    id: 'ZT-DATA-004',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.ENCRYPTION_EVERYWHERE,
    title: 'Database storage not encrypted',
    explanation: 'Unencrypted storage, snapshots, backups and replicas can be read by anyone who gets hold of them; encryption cannot be turned on later without a copy.',
    fix: 'Set storage_encrypted = true with kms_key_id of a customer-managed key (it replaces an existing instance: migrate through an encrypted snapshot).',
    checkov: ['CKV_AWS_16', 'CKV_AWS_96'],
    check: each(['aws_db_instance', 'aws_rds_cluster'], b => !b.body.replicate_source_db && !isTrue(b.body.storage_encrypted) && !isExpression(b.body.storage_encrypted)
      && `storage_encrypted is ${b.body.storage_encrypted ?? 'not set (default false)'}`),
  },
  {
    id: 'ZT-DATA-005',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.ENCRYPTION_EVERYWHERE,
    title: 'Database accepts connections without TLS',
    explanation: 'Unless the server forces TLS, a client that does not ask for it sends credentials and data in clear text inside the VPC.',
    fix: 'Use a parameter group with rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = 1 (MySQL, MariaDB).',
    checkov: ['CKV2_AWS_69'],
    check: each(['aws_db_instance'], forceSsl),
  },
  {
    id: 'ZT-DATA-006',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.NETWORK_ISOLATION,
    title: 'S3 bucket without a full public access block',
    explanation: 'Without all four public access block settings, one ACL or bucket policy statement is enough to publish the bucket to the internet.',
    fix: 'Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.',
    checkov: ['CKV2_AWS_6'],
    check: model => {
      if (model.ofType('aws_s3_account_public_access_block').some(a => allFourBlocks(a.body))) return [];
      const blocks = companions(model, 'aws_s3_bucket_public_access_block');
      return each(['aws_s3_bucket'], b => !(blocks.get(b.address) ?? []).some(p => allFourBlocks(p.body))
        && 'no aws_s3_bucket_public_access_block with all four settings true refers to this bucket')(model);
    },
  },
  {
    id: 'ZT-DATA-007',
    level: FindingLevel.ERROR,
    pillar: ZeroTrustPillar.ENCRYPTION_EVERYWHERE,
    title: 'S3 bucket accepts requests without TLS',
    explanation: 'S3 answers plain HTTP unless the bucket policy denies it; requests and their credentials-signed data then travel unencrypted.',
    fix: 'Add a bucket policy statement that denies s3:* to "*" when Bool aws:SecureTransport is false.',
    check: each(['aws_s3_bucket'], (b, model) => {
      const statements = bucketPolicyStatements(b, model);
      return statements !== undefined && !deniesPlainHttp(statements) && 'no bucket policy denies requests with aws:SecureTransport false';
    }),
  },
];
