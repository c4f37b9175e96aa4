/**
 * Names from AWS's closed sets that the library validates against, each list with its source.
 * A name that is not listed is refused at synth (a typo fails there, not at apply); each construct
 * that takes one has an escape hatch for a name AWS adds after this list was written
 * (`ZeroTrustVpcProps.allowUnlistedInterfaceEndpoints`,
 * `PrivateMultiAzDatabaseProps.allowUnlistedInstanceClass`), which accepts a name of the right
 * shape with a synth warning instead.
 */

/**
 * Short names (after `com.amazonaws.<region>.`) of AWS services with interface VPC endpoints.
 *
 * Source: Amazon VPC "AWS services that integrate with AWS PrivateLink"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html),
 * checked 2026-12. `s3` is left out: ZeroTrustVpc always gives S3 a gateway endpoint. Services
 * whose endpoint is not named after the region (`com.amazonaws.iam`, `aws.sagemaker.<region>.notebook`)
 * are left out too, because ZeroTrustVpc builds `com.amazonaws.<region>.<name>`.
 *
 * Regional availability: not every service offers its endpoint in every region (newer services
 * start in a few regions; `aws ec2 describe-vpc-endpoint-services --region <region>` is the
 * authority). This list is the union; AWS refuses an endpoint the region lacks at apply.
 */
export const INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
  'access-analyzer', 'acm-pca', 'airflow.api', 'airflow.env', 'airflow.ops', 'apigateway', 'app-integrations', 'appconfig', 'appconfigdata',
  'application-autoscaling', 'applicationinsights', 'appmesh', 'appmesh-envoy-management', 'apprunner', 'apprunner.requests', 'appstream.api',
  'appstream.streaming', 'appsync-api', 'aps', 'aps-workspaces', 'athena', 'auditmanager', 'autoscaling', 'autoscaling-plans', 'backup',
  'backup-gateway', 'batch', 'bedrock', 'bedrock-agent', 'bedrock-agent-runtime', 'bedrock-runtime', 'billingconductor', 'braket',
  'cassandra', 'cassandra-fips', 'cleanrooms', 'cloudcontrolapi', 'cloudcontrolapi-fips', 'cloudformation', 'cloudhsmv2', 'cloudtrail',
  'codeartifact.api', 'codeartifact.repositories', 'codebuild', 'codebuild-fips', 'codecatalyst', 'codecommit', 'codecommit-fips',
  'codeconnections.api', 'codedeploy', 'codedeploy-commands-secure', 'codeguru-profiler', 'codeguru-reviewer', 'codepipeline',
  'codestar-connections.api', 'codewhisperer', 'comprehend', 'comprehendmedical', 'config', 'connect-campaigns', 'databrew', 'dataexchange',
  'datasync', 'datazone', 'deadline.management', 'deadline.scheduling', 'devops-guru', 'dms', 'dms-fips', 'drs', 'ds', 'ds-data', 'dynamodb',
  'dynamodb-fips', 'ebs', 'ec2', 'ec2-fips', 'ec2messages', 'ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'eks', 'eks-auth',
  'elastic-inference.runtime', 'elasticache', 'elasticache-fips', 'elasticbeanstalk', 'elasticbeanstalk-health', 'elasticfilesystem',
  'elasticfilesystem-fips', 'elasticloadbalancing', 'elasticmapreduce', 'email-smtp', 'emr-containers', 'emr-serverless', 'entityresolution',
  'events', 'evidently', 'evidently-dataplane', 'execute-api', 'finspace', 'finspace-api', 'firehose', 'forecast', 'forecastquery',
  'frauddetector', 'fsx', 'fsx-fips', 'git-codecommit', 'git-codecommit-fips', 'glue', 'grafana', 'grafana-workspace', 'greengrass',
  'groundstation', 'guardduty-data', 'healthlake', 'identitystore', 'imagebuilder', 'inspector-scan', 'inspector2', 'iot.credentials',
  'iot.data', 'iot.fleethub.api', 'iotfleetwise', 'iotroborunner', 'iotsitewise.api', 'iotsitewise.data', 'iottwinmaker.api',
  'iottwinmaker.data', 'kendra', 'kendra-ranking', 'kinesis-firehose', 'kinesis-streams', 'kms', 'kms-fips', 'lakeformation', 'lambda',
  'license-manager', 'license-manager-fips', 'logs', 'lookoutequipment', 'lookoutmetrics', 'lookoutvision', 'lorawan.cups', 'lorawan.lns',
  'm2', 'macie2', 'managedblockchain-query', 'memory-db', 'memorydb', 'memorydb-fips', 'mgn', 'migrationhub-orchestrator',
  'migrationhub-strategy', 'monitoring', 'mq', 'network-firewall', 'network-firewall-fips', 'nimble', 'oam', 'omics.analytics',
  'omics.control-storage', 'omics.storage', 'omics.tags', 'omics.workflows', 'organizations', 'organizations-fips', 'panorama',
  'payment-cryptography.controlplane', 'payment-cryptography.dataplane', 'pca-connector-ad', 'personalize', 'personalize-events',
  'personalize-runtime', 'pinpoint', 'pinpoint-sms-voice-v2', 'pipes', 'pipes-data', 'pipes-fips', 'polly', 'private-networks', 'profile',
  'proton', 'q', 'qbusiness', 'qldb.session', 'ram', 'rbin', 'rds', 'rds-data', 'redshift', 'redshift-data', 'redshift-data-fips',
  'redshift-fips', 'redshift-serverless', 'rekognition', 'rekognition-fips', 'resource-groups', 'robomaker', 'rolesanywhere', 'rum',
  'rum-dataplane', 'runtime-medical-imaging', 's3-outposts', 'sagemaker.api', 'sagemaker.featurestore-runtime', 'sagemaker.metrics',
  'sagemaker.runtime', 'sagemaker.runtime-fips', 'scheduler', 'schemas', 'secretsmanager', 'securityhub', 'securitylake', 'servicecatalog',
  'servicecatalog-appregistry', 'servicediscovery', 'servicediscovery-data', 'servicediscovery-fips', 'signin', 'simspaceweaver', 'sms',
  'sms-fips', 'snow-device-management', 'sns', 'sqs', 'ssm', 'ssm-contacts', 'ssm-incidents', 'ssmmessages', 'states', 'storagegateway',
  'sts', 'swf', 'swf-fips', 'synthetics', 'tagging', 'textract', 'textract-fips', 'thinclient.api', 'timestream-influxdb', 'tnb',
  'transcribe', 'transcribestreaming', 'transfer', 'transfer.server', 'translate', 'verifiedpermissions', 'voiceid', 'vpc-lattice',
  'wisdom', 'workspaces', 'workspaces-web', 'xray',
];

/**
 * DB instance classes that RDS for PostgreSQL runs on: family -> sizes.
 *
 * Source: Amazon RDS User Guide, "Supported DB engines for DB instance classes"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.SupportAggregation.html)
 * and "Hardware specifications for DB instance classes"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html),
 * checked 2026-12. Families RDS offers only for other engines (db.z1d, db.x1, db.x1e, db.x2iezn,
 * the `.tpc`/`.mem` Oracle and SQL Server variants) are left out. Not every class exists in every
 * region or for every PostgreSQL minor version (`aws rds describe-orderable-db-instance-options
 * --engine postgres` is the authority); AWS refuses those at apply.
 */
const SIZES_GRAVITON2 = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const SIZES_INTEL6 = [...SIZES_GRAVITON2, '24xlarge', '32xlarge'];
const SIZES_GEN5 = [...SIZES_GRAVITON2, '24xlarge'];
const SIZES_GEN7I = [...SIZES_GRAVITON2, '24xlarge', '48xlarge'];
const SIZES_GEN8G = [...SIZES_GRAVITON2, '24xlarge', '48xlarge'];
const SIZES_BURSTABLE = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
export const POSTGRES_INSTANCE_CLASSES: { readonly [family: string]: readonly string[] } = {
  // general purpose
  'db.m8g': SIZES_GEN8G,
  'db.m7g': SIZES_GRAVITON2,
  'db.m7i': SIZES_GEN7I,
  'db.m6g': SIZES_GRAVITON2,
  'db.m6gd': SIZES_GRAVITON2,
  'db.m6i': SIZES_INTEL6,
  'db.m6id': SIZES_INTEL6,
  'db.m6idn': SIZES_INTEL6,
  'db.m6in': SIZES_INTEL6,
  'db.m5': SIZES_GEN5,
  'db.m5d': SIZES_GEN5,
  'db.m4': ['large', 'xlarge', '2xlarge', '4xlarge', '10xlarge', '16xlarge'],
  // memory optimized
  'db.r8g': SIZES_GEN8G,
  'db.r7g': SIZES_GRAVITON2,
  'db.r7i': SIZES_GEN7I,
  'db.r6g': SIZES_GRAVITON2,
  'db.r6gd': SIZES_GRAVITON2,
  'db.r6i': SIZES_INTEL6,
  'db.r6id': SIZES_INTEL6,
  'db.r6idn': SIZES_INTEL6,
  'db.r6in': SIZES_INTEL6,
  'db.r5': SIZES_GEN5,
  'db.r5b': SIZES_GEN5,
  'db.r5d': SIZES_GEN5,
  'db.r4': ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge'],
  'db.x2g': SIZES_GRAVITON2,
  'db.x2idn': ['16xlarge', '24xlarge', '32xlarge'],
  'db.x2iedn': ['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge', '24xlarge', '32xlarge'],
  // burstable (non-production)
  'db.t4g': SIZES_BURSTABLE,
  'db.t3': SIZES_BURSTABLE,
};

/** Why `instanceClass` is not a PostgreSQL class, or undefined when it is one. */
export function postgresInstanceClassProblem(instanceClass: string): string | undefined {
  const m = /^(db\.[a-z0-9-]+)\.([a-z0-9-]+)$/.exec(instanceClass);
  if (!m) return 'it is not of the form db.<family>.<size>';
  const sizes = POSTGRES_INSTANCE_CLASSES[m[1]];
  if (!sizes) return `RDS for PostgreSQL has no family ${m[1]} (families: ${Object.keys(POSTGRES_INSTANCE_CLASSES).join(', ')})`;
  if (!sizes.includes(m[2])) return `${m[1]} comes in ${sizes.join(', ')}`;
  return undefined;
}

/** Whether two names differ by at most one edit (a typo): `secretmanager` and `secretsmanager`. */
export function nearName(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}
