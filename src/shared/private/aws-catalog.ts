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
 * Authority: Amazon VPC "AWS services that integrate with AWS PrivateLink"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html), and
 * `aws ec2 describe-vpc-endpoint-services --region <region>` for one region. `s3` is left out:
 * ZeroTrustVpc always gives S3 a gateway endpoint. Services whose endpoint is not named
 * `com.amazonaws.<region>.<name>` are left out too, because ZeroTrustVpc builds that name: `iam`,
 * `s3-global.accesspoint`, `savingsplans` (`com.amazonaws.<name>`, global), `codecatalyst`
 * (`aws.api.global.codecatalyst`), `kendra-ranking`, `qbusiness`, `freetier`, `bcm-data-exports`
 * (`aws.api.<region>.<name>`) and the SageMaker `notebook`, `studio`, `experiments`, `partner-app`
 * (`aws.sagemaker.<region>.<name>`).
 *
 * What each group below rests on, as checked on 2026-12-08 through the stored copies a search tool
 * returns (excerpts of pages, not live pages; no AWS account was queried):
 * - SEEN_ON_PRIVATELINK_PAGE: read in the stored English copy of that page
 *   (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.md). Only
 *   its opening (AWS Account Management to App Mesh) came back in excerpts; the rest of the page
 *   could not be read. Its stored Chinese copy (docs.amazonaws.cn) shows, in the example output of
 *   `describe-vpc-endpoint-services`, `aws.api.us-east-1.kendra-ranking` and
 *   `aws.api.us-east-1.qbusiness`: why those two are left out.
 * - SEEN_ON_SERVICE_PAGES: read in the service's own AWS page: AWS HealthOmics "interface VPC
 *   endpoints" (https://docs.aws.amazon.com/omics/latest/dev/vpc-interface-endpoints.html, names seen in
 *   its stored Korean and Chinese copies; this replaces the `omics.<x>` names an earlier version of
 *   this list had) and Amazon EventBridge "Using Amazon EventBridge with Interface VPC endpoints"
 *   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-related-service-vpc.md: `eventsv2`).
 * - FROM_AWS_CDK: not from a page; the names AWS's own CDK builds as `com.amazonaws.<region>.<name>`
 *   in `InterfaceVpcEndpointAwsService` (aws/aws-cdk, packages/aws-cdk-lib/aws-ec2/lib/vpc-endpoint.ts
 *   at commit 000a9eb6dd93c8025d184934c66dee83868c8f28, read 2026-12-08). It names Cloud Map's data
 *   endpoint `data-servicediscovery`, which replaces the `servicediscovery-data` this list had.
 * - NOT_CONFIRMED: on this list before 2026-12-08 and seen in none of the sources above; kept
 *   because nothing seen shows them under another name. (AWS's EventBridge Scheduler page says it
 *   has an interface endpoint, but the excerpt did not show its name.)
 *
 * Regional availability: not every service offers its endpoint in every region (newer services
 * start in a few regions). This list is the union; AWS refuses an endpoint the region lacks at apply.
 */
const SEEN_ON_PRIVATELINK_PAGE: readonly string[] = [
  'account', 'apigateway', 'appconfig', 'appconfig-fips', 'appconfigdata', 'appconfigdata-fips', 'appmesh',
  'appmesh-envoy-management', 'execute-api',
];
const SEEN_ON_SERVICE_PAGES: readonly string[] = [
  'analytics-omics', 'control-storage-omics', 'eventsv2', 'eventsv2-fips', 'storage-omics', 'storage-omics-fips',
  'tags-omics', 'workflows-omics',
];
const FROM_AWS_CDK: readonly string[] = [
  'access-analyzer', 'acm', 'acm-fips', 'acm-pca', 'acm-pca-fips', 'airflow.api', 'airflow.api-fips', 'airflow.env',
  'airflow.env-fips', 'airflow.ops', 'app-integrations', 'application-autoscaling', 'application-signals',
  'applicationinsights', 'apprunner', 'apprunner.requests', 'appstream.api', 'appstream.streaming', 'appsync-api',
  'apptest', 'aps', 'aps-workspaces', 'arsenal-discovery', 'athena', 'auditmanager', 'autoscaling', 'autoscaling-plans',
  'awsconnector', 'b2bi', 'backup', 'backup-gateway', 'batch', 'bcm-pricing-calculator', 'bedrock', 'bedrock-agent',
  'bedrock-agent-runtime', 'bedrock-agentcore', 'bedrock-agentcore.gateway', 'bedrock-data-automation',
  'bedrock-data-automation-fips', 'bedrock-data-automation-runtime', 'bedrock-data-automation-runtime-fips',
  'bedrock-fips', 'bedrock-runtime', 'bedrock-runtime-fips', 'billing', 'billingconductor', 'braket', 'cases',
  'cassandra', 'cassandra-fips', 'ce', 'cleanrooms', 'cleanrooms-ml', 'cloudcontrolapi', 'cloudcontrolapi-fips',
  'clouddirectory', 'cloudformation', 'cloudhsmv2', 'cloudtrail', 'codeartifact.api', 'codeartifact.repositories',
  'codebuild', 'codebuild-fips', 'codecatalyst.git', 'codecatalyst.packages', 'codecommit', 'codecommit-fips',
  'codeconnections.api', 'codedeploy', 'codedeploy-commands-secure', 'codeguru-profiler', 'codeguru-reviewer',
  'codepipeline', 'codestar-connections.api', 'codewhisperer', 'cognito-identity', 'cognito-identity-fips',
  'cognito-idp', 'cognito-idp-fips', 'comprehend', 'comprehendmedical', 'compute-optimizer', 'config',
  'connect-campaigns', 'console', 'controlcatalog', 'cost-optimization-hub', 'data-servicediscovery',
  'data-servicediscovery-fips', 'databrew', 'dataexchange', 'datasync', 'datazone', 'deadline.management',
  'deadline.scheduling', 'deviceadvisor.iot', 'devops-guru', 'dicom-medical-imaging', 'discovery', 'dms', 'dms-fips',
  'drs', 'ds', 'ds-data', 'dsql', 'dynamodb', 'dynamodb-fips', 'dynamodb-streams', 'ebs', 'ec2', 'ec2messages',
  'ecr-public.api', 'ecr.api', 'ecr.dkr', 'ecs', 'ecs-agent', 'ecs-telemetry', 'eks', 'eks-auth',
  'elastic-inference.runtime', 'elasticache', 'elasticache-fips', 'elasticbeanstalk', 'elasticbeanstalk-health',
  'elasticfilesystem', 'elasticfilesystem-fips', 'elasticloadbalancing', 'elasticmapreduce', 'email', 'email-fips',
  'email-smtp', 'emr-containers', 'emr-serverless', 'emr-serverless-services.livy', 'emr-serverless.dashboard',
  'emrwal.prod', 'entityresolution', 'events', 'evidently', 'evidently-dataplane', 'finspace', 'finspace-api', 'fis',
  'forecast', 'forecast-fips', 'forecastquery', 'forecastquery-fips', 'frauddetector', 'fsx', 'fsx-fips',
  'geo.geofencing', 'geo.maps', 'geo.metadata', 'geo.places', 'geo.routes', 'geo.tracking', 'git-codecommit',
  'git-codecommit-fips', 'glue', 'glue.dashboard', 'grafana', 'grafana-workspace', 'greengrass', 'groundstation',
  'guardduty', 'guardduty-data', 'guardduty-data-fips', 'guardduty-fips', 'healthlake', 'identitystore', 'imagebuilder',
  'inspector-scan', 'inspector2', 'internetmonitor', 'internetmonitor-fips', 'invoicing', 'iot.credentials', 'iot.data',
  'iot.fleethub.api', 'iotfleetwise', 'iotroborunner', 'iotsitewise.api', 'iotsitewise.data', 'iottwinmaker.api',
  'iottwinmaker.data', 'iotwireless.api', 'kafka', 'kafka-fips', 'kafkaconnect', 'kendra', 'kinesis-firehose',
  'kinesis-streams', 'kinesis-streams-fips', 'kms', 'kms-fips', 'lakeformation', 'lambda', 'launchwizard',
  'license-manager', 'license-manager-fips', 'license-manager-linux-subscriptions',
  'license-manager-linux-subscriptions-fips', 'license-manager-user-subscriptions', 'logs', 'lookoutequipment',
  'lookoutmetrics', 'lookoutvision', 'lorawan.cups', 'lorawan.lns', 'm2', 'macie2', 'mail-manager', 'mail-manager-fips',
  'managedblockchain-query', 'managedblockchain.bitcoin.mainnet', 'managedblockchain.bitcoin.testnet', 'mediaconnect',
  'medical-imaging', 'memory-db', 'memorydb-fips', 'mgn', 'migrationhub-orchestrator', 'migrationhub-strategy',
  'models-v2-lex', 'monitoring', 'mq', 'neptune-graph', 'neptune-graph-data', 'neptune-graph-fips', 'network-firewall',
  'network-firewall-fips', 'networkflowmonitor', 'networkflowmonitorreports', 'networkmonitor', 'nimble',
  'observabilityadmin', 'organizations', 'organizations-fips', 'outposts', 'panorama',
  'payment-cryptography.controlplane', 'payment-cryptography.dataplane', 'pca-connector-ad', 'pca-connector-scep',
  'pcs', 'pcs-fips', 'personalize', 'personalize-events', 'personalize-runtime', 'pi', 'pi-fips', 'pinpoint',
  'pinpoint-sms-voice-v2', 'pipes', 'pipes-data', 'pipes-fips', 'polly', 'pricing.api', 'private-networks', 'profile',
  'proton', 'q', 'qapps', 'qldb.session', 'quicksight-website', 'ram', 'rbin', 'rds', 'rds-data', 'redshift',
  'redshift-data', 'redshift-data-fips', 'redshift-fips', 'redshift-serverless', 'redshift-serverless-fips',
  'refactor-spaces', 'rekognition', 'rekognition-fips', 'repostspace', 'resource-groups', 'resource-groups-fips',
  'robomaker', 'rolesanywhere', 'rum', 'rum-dataplane', 'runtime-medical-imaging', 'runtime-v2-lex', 's3-outposts',
  's3tables', 's3vectors', 'sagemaker-data-science-assistant', 'sagemaker-geospatial', 'sagemaker.api',
  'sagemaker.api-fips', 'sagemaker.featurestore-runtime', 'sagemaker.metrics', 'sagemaker.runtime',
  'sagemaker.runtime-fips', 'schemas', 'scn', 'secretsmanager', 'securityhub', 'securitylake', 'securitylake-fips',
  'serverlessrepo', 'service.user-subscriptions', 'servicecatalog', 'servicecatalog-appregistry', 'servicediscovery',
  'servicediscovery-fips', 'shield', 'shield-fips', 'signin', 'simspaceweaver', 'sms', 'sms-fips',
  'snow-device-management', 'sns', 'social-messaging', 'sqs', 'sqs-fips', 'ssm', 'ssm-contacts', 'ssm-fips',
  'ssm-incidents', 'ssm-quicksetup', 'ssmmessages', 'states', 'storagegateway', 'streaming-rekognition',
  'streaming-rekognition-fips', 'sts', 'sts-fips', 'swf', 'swf-fips', 'sync-states', 'synthetics', 'synthetics-fips',
  'tagging', 'tax', 'textract', 'textract-fips', 'thinclient.api', 'timestream-influxdb', 'timestream-influxdb-fips',
  'tnb', 'transcribe', 'transcribestreaming', 'transfer', 'transfer.server', 'translate', 'trustedadvisor',
  'verifiedpermissions', 'voiceid', 'vpc-lattice', 'wafv2', 'wafv2-fips', 'wellarchitected', 'wisdom', 'workmail',
  'workspaces', 'workspaces-web', 'workspaces-web-fips', 'xray',
];
const NOT_CONFIRMED: readonly string[] = [
  'ec2-fips', 'firehose', 'memorydb', 'oam', 'scheduler',
];
export const INTERFACE_ENDPOINT_SERVICES: readonly string[] = [
  ...SEEN_ON_PRIVATELINK_PAGE, ...SEEN_ON_SERVICE_PAGES, ...FROM_AWS_CDK, ...NOT_CONFIRMED,
];

/**
 * DB instance classes that RDS for PostgreSQL runs on: family -> sizes.
 *
 * Authority: Amazon RDS User Guide, "Supported DB engines for DB instance classes"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html,
 * formerly Concepts.DBInstanceClass.SupportAggregation), the PostgreSQL column, and "Hardware
 * specifications for DB instance classes" (Concepts.DBInstanceClass.Summary.html); for one region
 * and version, `aws rds describe-orderable-db-instance-options --engine postgres`.
 *
 * What was checked on 2026-12-08 (stored copies a search tool returns, no live page, no AWS
 * account): the stored copies of the current pages came back only as their openings, without the
 * tables. The tables were read in AWS's own source of that page, awsdocs/amazon-rds-user-guide
 * (doc_source/Concepts.DBInstanceClass.md at commit f2e9ed35fba2cb7e3942a1c23ed5b37162222d41, last
 * changed 2023-05-30, since archived): its PostgreSQL column lists exactly the sizes below for
 * db.m7g, db.m6g, db.m6gd, db.m6i, db.m5, db.m5d, db.m4, db.r7g, db.r6g, db.r6gd, db.r6i, db.r5,
 * db.r5b, db.r5d, db.r4, db.x2g, db.x2idn, db.x2iedn, db.t4g and db.t3, and says No for db.z1d,
 * db.x1, db.x1e and db.x2iezn (left out here). It also lists db.m3, db.r3 and db.t2, previous
 * generations left out here. db.m8g and db.r8g for RDS for PostgreSQL, up to 48xlarge, are in the
 * AWS Database Blog post "Leveling up Amazon RDS with AWS Graviton4: Benchmarks" (the sizes in
 * between were not seen). db.m7i, db.r7i, db.m6id, db.m6idn, db.m6in, db.r6id, db.r6idn and
 * db.r6in are newer than that copy and could not be confirmed from the excerpts; they are kept.
 * The `.tpc`/`.mem` Oracle and SQL Server variants are left out. Not every class exists in every
 * region or for every PostgreSQL minor version; AWS refuses those at apply.
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
